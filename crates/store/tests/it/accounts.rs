//! Users, role grants, sessions, device tokens and API tokens.

use chrono::Duration;
use store::StoreError;
use store::accounts::{self as a, DeviceFields, UserFields};
use store::org::Scope;
use testkit::each_backend;

use crate::common::{look_alike_towns, net, now, user};

// ---------------------------------------------------------------- users

#[tokio::test]
async fn users_are_inserted_updated_and_found_by_id_and_username() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let u = user(&mut tx, &n.town_a, "zhangsan", Some(n.staff_a.id)).await;
        assert_eq!((u.username.as_str(), u.staff_id, u.org_unit_id, u.active), ("zhangsan", Some(n.staff_a.id), n.town_a.id, true));
        assert_eq!((u.failed_logins, u.locked_until, u.last_login_at), (0, None, None));
        assert_eq!(
            (u.org_path.as_str(), u.org_name.as_str(), u.password_hash.as_str()),
            (n.town_a.path.as_str(), "嘎鲁图镇", "$argon2id$not-a-real-hash")
        );
        let f = UserFields { username: "zhangsan2", name: "张三", staff_id: None, org_unit_id: n.town_b.id, active: false };
        a::update_user(&mut tx, u.id, &f, now()).await.unwrap();
        assert!(matches!(a::update_user(&mut tx, 9999, &f, now()).await, Err(StoreError::NotFound("user"))));
        tx.commit().await.unwrap();
        let mut tx = t.db.read().await.unwrap();
        let u2 = a::get_user(&mut tx, u.id).await.unwrap();
        assert_eq!(
            (u2.username.as_str(), u2.name.as_str(), u2.staff_id, u2.org_unit_id, u2.active),
            ("zhangsan2", "张三", None, n.town_b.id, false)
        );
        assert_eq!(u2.org_path, n.town_b.path);
        assert_eq!(a::find_user_by_username(&mut tx, "zhangsan2").await.unwrap().unwrap().id, u.id);
        assert!(a::find_user_by_username(&mut tx, "zhangsan").await.unwrap().is_none());
        assert!(a::find_user(&mut tx, 9999).await.unwrap().is_none());
        assert!(matches!(a::get_user(&mut tx, 9999).await, Err(StoreError::NotFound("user"))));
        t
    })
    .await;
}

#[tokio::test]
async fn a_duplicate_username_is_a_duplicate() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        user(&mut tx, &n.town_a, "zhangsan", None).await;
        let f = UserFields { username: "zhangsan", name: "另一个张三", staff_id: None, org_unit_id: n.town_b.id, active: true };
        let r = a::insert_user(&mut tx, &f, "h", now()).await;
        assert!(matches!(r, Err(StoreError::Duplicate(_))), "{r:?}");
        t
    })
    .await;
}

#[tokio::test]
async fn failed_logins_count_up_and_an_account_reads_held_back_while_a_pair_of_its_name_waits() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let u = user(&mut tx, &n.town_a, "zhangsan", None).await;
        let other = user(&mut tx, &n.town_a, "zhangsan2", None).await;
        a::record_failed_login(&mut tx, u.id, 1).await.unwrap();
        a::record_failed_login(&mut tx, u.id, 2).await.unwrap();
        let got = a::get_user(&mut tx, u.id).await.unwrap();
        assert_eq!((got.failed_logins, got.locked_until), (2, None));
        // A pair of the name waits: the account reads held back until the latest wait ends.
        let (soon, until) = (now() + Duration::minutes(2), now() + Duration::minutes(15));
        for (key, till) in [("u:zhangsan|c:10.0.0.1", soon), ("u:zhangsan|c:10.0.0.2", until), ("c:10.0.0.1", now() + Duration::hours(1))] {
            a::throttle_fail(&mut tx, key, now(), now() - Duration::hours(1)).await.unwrap();
            a::throttle_block(&mut tx, key, till).await.unwrap();
        }
        tx.commit().await.unwrap();
        let mut tx = t.db.begin().await.unwrap();
        assert_eq!(a::get_user(&mut tx, u.id).await.unwrap().locked_until, Some(until));
        assert_eq!(a::get_user(&mut tx, other.id).await.unwrap().locked_until, None, "a longer name with the same start is apart");

        let later = now() + Duration::minutes(20);
        a::record_login(&mut tx, u.id, later).await.unwrap();
        let got = a::get_user(&mut tx, u.id).await.unwrap();
        assert_eq!((got.failed_logins, got.last_login_at), (0, Some(later)));
        // An administrator's reset forgets every pair of the name (and no client key).
        a::record_failed_login(&mut tx, u.id, 5).await.unwrap();
        a::set_password(&mut tx, u.id, "$argon2id$new", later).await.unwrap();
        assert_eq!(a::throttle_clear(&mut tx, "u:zhangsan|c:").await.unwrap(), 2);
        let got = a::get_user(&mut tx, u.id).await.unwrap();
        assert_eq!((got.failed_logins, got.locked_until, got.password_hash.as_str()), (0, None, "$argon2id$new"));
        assert_eq!(got.last_login_at, Some(later), "a new password is not a login");
        t
    })
    .await;
}

#[tokio::test]
async fn users_list_a_page_at_a_time_within_scope() {
    each_backend(|t| async move {
        let (banner, t3, t33) = look_alike_towns(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let admin = user(&mut tx, &banner, "admin", None).await;
        let mut in_3 = Vec::new();
        for i in 0..3 {
            in_3.push(user(&mut tx, &t3, &format!("clerk3-{i}"), None).await.id);
            user(&mut tx, &t33, &format!("clerk33-{i}"), None).await;
        }
        tx.commit().await.unwrap();
        let scope = Scope::Paths(vec![t3.path.clone()]);
        let mut tx = t.db.read().await.unwrap();
        let ids = |v: Vec<a::UserRow>| v.into_iter().map(|u| u.id).collect::<Vec<_>>();
        assert_eq!(ids(a::list_users(&mut tx, &scope, 0, 100).await.unwrap()), in_3);
        let p1 = ids(a::list_users(&mut tx, &scope, 0, 2).await.unwrap());
        assert_eq!(p1, in_3[..2]);
        assert_eq!(ids(a::list_users(&mut tx, &scope, p1[1], 2).await.unwrap()), in_3[2..]);
        let all = ids(a::list_users(&mut tx, &Scope::All, 0, 100).await.unwrap());
        assert_eq!((all.len(), all[0]), (7, admin.id));
        assert!(a::list_users(&mut tx, &Scope::Paths(vec![]), 0, 100).await.unwrap().is_empty());
        t
    })
    .await;
}

// ---------------------------------------------------------------- grants

#[tokio::test]
async fn grants_are_inserted_found_listed_and_deleted() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let u = user(&mut tx, &n.town_a, "zhangsan", None).await;
        let other = user(&mut tx, &n.town_b, "lisi", None).await;
        let g1 = a::insert_grant(&mut tx, u.id, "hall_manager", n.town_a.id, None, now()).await.unwrap();
        let g2 = a::insert_grant(&mut tx, u.id, "approver", n.banner.id, Some(n.dept_y.id), now()).await.unwrap();
        a::insert_grant(&mut tx, other.id, "clerk", n.town_b.id, None, now()).await.unwrap();
        tx.commit().await.unwrap();
        let mut tx = t.db.begin().await.unwrap();
        let g = a::find_grant(&mut tx, g2).await.unwrap().unwrap();
        assert_eq!((g.user_id, g.role.as_str(), g.org_unit_id, g.department_id), (u.id, "approver", n.banner.id, Some(n.dept_y.id)));
        assert_eq!(
            (g.org_path.as_str(), g.org_name.as_str(), g.department_name.as_deref()),
            (n.banner.path.as_str(), "乌审旗", Some("市场监管"))
        );
        let list: Vec<(i64, String, Option<String>)> =
            a::list_user_grants(&mut tx, u.id).await.unwrap().into_iter().map(|g| (g.id, g.role, g.department_name)).collect();
        assert_eq!(list, vec![(g1, "hall_manager".to_owned(), None), (g2, "approver".to_owned(), Some("市场监管".to_owned()))]);
        a::delete_grant(&mut tx, g1).await.unwrap();
        assert!(a::find_grant(&mut tx, g1).await.unwrap().is_none());
        assert_eq!(a::list_user_grants(&mut tx, u.id).await.unwrap().len(), 1);
        assert_eq!(a::list_user_grants(&mut tx, other.id).await.unwrap().len(), 1);
        assert!(a::find_grant(&mut tx, 9999).await.unwrap().is_none());
        t
    })
    .await;
}

// ---------------------------------------------------------------- sessions

#[tokio::test]
async fn a_session_is_live_until_it_expires_or_is_deleted() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let expires = now() + Duration::hours(12);
        let mut tx = t.db.begin().await.unwrap();
        let u = user(&mut tx, &n.town_a, "zhangsan", None).await;
        let v = user(&mut tx, &n.town_b, "lisi", None).await;
        a::insert_session(&mut tx, "s1", u.id, "csrf1", now(), expires).await.unwrap();
        a::insert_session(&mut tx, "s2", u.id, "csrf2", now(), expires).await.unwrap();
        a::insert_session(&mut tx, "s3", v.id, "csrf3", now(), expires).await.unwrap();
        tx.commit().await.unwrap();

        let mut tx = t.db.begin().await.unwrap();
        let s = a::find_live_session(&mut tx, "s1", now()).await.unwrap().unwrap();
        assert_eq!((s.token_hash.as_str(), s.user_id, s.csrf_token.as_str(), s.expires_at), ("s1", u.id, "csrf1", expires));
        assert!(a::find_live_session(&mut tx, "s1", expires - Duration::seconds(1)).await.unwrap().is_some());
        assert!(a::find_live_session(&mut tx, "s1", expires).await.unwrap().is_none(), "expired at its expiry instant");
        assert!(a::find_live_session(&mut tx, "nope", now()).await.unwrap().is_none());

        a::delete_session(&mut tx, "s1").await.unwrap();
        assert!(a::find_live_session(&mut tx, "s1", now()).await.unwrap().is_none());
        assert!(a::find_live_session(&mut tx, "s2", now()).await.unwrap().is_some());
        a::delete_user_sessions(&mut tx, u.id).await.unwrap();
        assert!(a::find_live_session(&mut tx, "s2", now()).await.unwrap().is_none());
        assert!(a::find_live_session(&mut tx, "s3", now()).await.unwrap().is_some(), "another user's session stays");
        t
    })
    .await;
}

#[tokio::test]
async fn purging_sessions_removes_only_the_expired_ones() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let u = user(&mut tx, &n.town_a, "zhangsan", None).await;
        a::insert_session(&mut tx, "old1", u.id, "c", now() - Duration::hours(13), now() - Duration::hours(1)).await.unwrap();
        a::insert_session(&mut tx, "old2", u.id, "c", now() - Duration::hours(12), now()).await.unwrap();
        a::insert_session(&mut tx, "new", u.id, "c", now(), now() + Duration::hours(12)).await.unwrap();
        assert_eq!(a::purge_sessions(&mut tx, now()).await.unwrap(), 2);
        assert_eq!(a::purge_sessions(&mut tx, now()).await.unwrap(), 0);
        assert!(a::find_live_session(&mut tx, "new", now()).await.unwrap().is_some());
        t
    })
    .await;
}

// ---------------------------------------------------------------- devices

#[tokio::test]
async fn a_device_token_is_found_until_revoked() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let admin = user(&mut tx, &n.banner, "admin", None).await;
        let f = DeviceFields {
            name: "1号窗口评价器",
            kind: "rating_pad",
            site_id: n.site_a.id,
            window_id: Some(n.window_a.id),
            org_unit_id: n.town_a.id,
            token_hash: "hash-pad",
            token_prefix: "dev_abcdef",
            created_by: Some(admin.id),
        };
        let d = a::insert_device(&mut tx, &f, now()).await.unwrap();
        assert_eq!(
            (d.name.as_str(), d.kind.as_str(), d.site_id, d.window_id, d.org_unit_id),
            ("1号窗口评价器", "rating_pad", n.site_a.id, Some(n.window_a.id), n.town_a.id)
        );
        assert_eq!((d.token_prefix.as_str(), d.created_at, d.revoked_at, d.last_seen_at), ("dev_abcdef", now(), None, None));
        assert_eq!(
            (d.site_name.as_str(), d.window_number.as_deref(), d.org_path.as_str()),
            ("嘎鲁图镇便民服务中心", Some("1"), n.town_a.path.as_str())
        );
        tx.commit().await.unwrap();

        let mut tx = t.db.begin().await.unwrap();
        assert_eq!(a::find_live_device_by_token(&mut tx, "hash-pad").await.unwrap().unwrap().id, d.id);
        assert!(a::find_live_device_by_token(&mut tx, "other").await.unwrap().is_none());
        let seen = now() + Duration::minutes(5);
        a::touch_device(&mut tx, d.id, seen).await.unwrap();
        assert_eq!(a::find_device(&mut tx, d.id).await.unwrap().unwrap().last_seen_at, Some(seen));
        let revoked = now() + Duration::minutes(10);
        a::revoke_device(&mut tx, d.id, revoked).await.unwrap();
        a::revoke_device(&mut tx, d.id, revoked + Duration::hours(1)).await.unwrap();
        assert!(a::find_live_device_by_token(&mut tx, "hash-pad").await.unwrap().is_none());
        assert_eq!(a::find_device(&mut tx, d.id).await.unwrap().unwrap().revoked_at, Some(revoked), "revoking twice keeps the first time");
        assert!(a::find_device(&mut tx, 9999).await.unwrap().is_none());
        t
    })
    .await;
}

#[tokio::test]
async fn devices_list_newest_first_within_scope() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let mut device = async |name: &str, site_id: i64, org_unit_id: i64, hash: &str| {
            let f = DeviceFields {
                name,
                kind: "kiosk",
                site_id,
                window_id: None,
                org_unit_id,
                token_hash: hash,
                token_prefix: "dev_x",
                created_by: None,
            };
            a::insert_device(&mut tx, &f, now()).await.unwrap().id
        };
        let d1 = device("甲镇取号机", n.site_a.id, n.town_a.id, "h1").await;
        let d2 = device("乙镇取号机", n.site_b.id, n.town_b.id, "h2").await;
        let d3 = device("甲镇叫号屏", n.site_a.id, n.town_a.id, "h3").await;
        tx.commit().await.unwrap();
        let mut tx = t.db.read().await.unwrap();
        let ids = |v: Vec<a::DeviceRow>| v.into_iter().map(|d| d.id).collect::<Vec<_>>();
        assert_eq!(ids(a::list_devices(&mut tx, &Scope::Paths(vec![n.town_a.path.clone()])).await.unwrap()), vec![d3, d1]);
        assert_eq!(ids(a::list_devices(&mut tx, &Scope::All).await.unwrap()), vec![d3, d2, d1]);
        let only: Vec<Option<String>> = a::list_devices(&mut tx, &Scope::All).await.unwrap().into_iter().map(|d| d.window_number).collect();
        assert_eq!(only, vec![None, None, None]);
        t
    })
    .await;
}

#[tokio::test]
async fn two_devices_cannot_share_a_token_hash() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let f = DeviceFields {
            name: "取号机",
            kind: "kiosk",
            site_id: n.site_a.id,
            window_id: None,
            org_unit_id: n.town_a.id,
            token_hash: "same",
            token_prefix: "dev_x",
            created_by: None,
        };
        a::insert_device(&mut tx, &f, now()).await.unwrap();
        let r = a::insert_device(&mut tx, &f, now()).await;
        assert!(matches!(r, Err(StoreError::Duplicate(_))), "{r:?}");
        t
    })
    .await;
}

// ---------------------------------------------------------------- API tokens

#[tokio::test]
async fn an_api_token_is_live_until_revoked_or_expired() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let svc = user(&mut tx, &n.town_a, "svc-queue", None).await;
        let admin = user(&mut tx, &n.banner, "admin", None).await;
        let forever = a::insert_api_token(&mut tx, "叫号系统", svc.id, svc.org_unit_id, "th1", "api_aaaaaa", Some(admin.id), None, now())
            .await
            .unwrap();
        let expires = now() + Duration::days(30);
        let month = a::insert_api_token(&mut tx, "评价系统", svc.id, svc.org_unit_id, "th2", "api_bbbbbb", None, Some(expires), now())
            .await
            .unwrap();
        assert_eq!(
            (forever.name.as_str(), forever.user_id, forever.org_unit_id, forever.token_prefix.as_str()),
            ("叫号系统", svc.id, n.town_a.id, "api_aaaaaa")
        );
        assert_eq!((forever.created_at, forever.expires_at, forever.revoked_at, forever.last_used_at), (now(), None, None, None));
        assert_eq!((forever.username.as_str(), forever.org_path.as_str()), ("svc-queue", n.town_a.path.as_str()));
        assert_eq!(month.expires_at, Some(expires));
        tx.commit().await.unwrap();

        let mut tx = t.db.begin().await.unwrap();
        let far = now() + Duration::days(3650);
        assert_eq!(a::find_live_api_token(&mut tx, "th1", far).await.unwrap().unwrap().id, forever.id, "no expiry");
        assert_eq!(a::find_live_api_token(&mut tx, "th2", expires - Duration::seconds(1)).await.unwrap().unwrap().id, month.id);
        assert!(a::find_live_api_token(&mut tx, "th2", expires).await.unwrap().is_none(), "expired");
        assert!(a::find_live_api_token(&mut tx, "nope", now()).await.unwrap().is_none());

        let used = now() + Duration::minutes(3);
        a::touch_api_token(&mut tx, forever.id, used).await.unwrap();
        assert_eq!(a::find_api_token(&mut tx, forever.id).await.unwrap().unwrap().last_used_at, Some(used));

        let revoked = now() + Duration::minutes(4);
        a::revoke_api_token(&mut tx, forever.id, revoked).await.unwrap();
        a::revoke_api_token(&mut tx, forever.id, revoked + Duration::hours(1)).await.unwrap();
        assert!(a::find_live_api_token(&mut tx, "th1", now()).await.unwrap().is_none());
        assert_eq!(a::find_api_token(&mut tx, forever.id).await.unwrap().unwrap().revoked_at, Some(revoked));
        assert!(a::find_live_api_token(&mut tx, "th2", now()).await.unwrap().is_some(), "the other token is untouched");
        assert!(a::find_api_token(&mut tx, 9999).await.unwrap().is_none());
        t
    })
    .await;
}

#[tokio::test]
async fn api_tokens_list_newest_first_within_scope() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let ua = user(&mut tx, &n.town_a, "svc-a", None).await;
        let ub = user(&mut tx, &n.town_b, "svc-b", None).await;
        let t1 = a::insert_api_token(&mut tx, "甲", ua.id, ua.org_unit_id, "h1", "api_1", None, None, now()).await.unwrap().id;
        let t2 = a::insert_api_token(&mut tx, "乙", ub.id, ub.org_unit_id, "h2", "api_2", None, None, now()).await.unwrap().id;
        let t3 = a::insert_api_token(&mut tx, "甲二", ua.id, ua.org_unit_id, "h3", "api_3", None, None, now()).await.unwrap().id;
        tx.commit().await.unwrap();
        let mut tx = t.db.read().await.unwrap();
        let ids = |v: Vec<a::ApiTokenRow>| v.into_iter().map(|d| d.id).collect::<Vec<_>>();
        assert_eq!(ids(a::list_api_tokens(&mut tx, &Scope::Paths(vec![n.town_a.path.clone()])).await.unwrap()), vec![t3, t1]);
        assert_eq!(ids(a::list_api_tokens(&mut tx, &Scope::Paths(vec![n.banner.path.clone()])).await.unwrap()), vec![t3, t2, t1]);
        assert!(a::list_api_tokens(&mut tx, &Scope::Paths(vec![n.village_a.path.clone()])).await.unwrap().is_empty());
        t
    })
    .await;
}
