//! The portal's storage: login codes (newest, daily count, wrong tries that kill, single use),
//! citizen sessions, online cases by phone and by hall scope, and progress look-up failures.

use chrono::Duration;
use store::Tx;
use store::cases::{self as cs, NewCase};
use store::org::Scope;
use store::portal::{self as pt, NewLoginCode};
use testkit::each_backend;

use crate::common::{Net, item, net, now, phone_parts, today};

async fn online_case(tx: &mut Tx, n: &Net, item_id: i64, version_id: i64, no: &str, phone: &str, status: &str) -> i64 {
    let phone = phone_parts(phone);
    let c = NewCase {
        case_no: no,
        query_code: "ABCD2345",
        site_id: n.site_a.id,
        org_unit_id: n.site_a.org_unit_id,
        parent_id: None,
        item_id,
        item_version_id: version_id,
        item_name: "食品经营许可",
        department_id: n.dept_y.id,
        case_kind: "promise",
        channel: "online",
        status,
        applicant_kind: "enterprise",
        applicant_name: "乌审旗某餐饮有限公司",
        applicant_id: None,
        credit_code: Some("91150626MA0N000000"),
        phone: &phone,
        agent_name: None,
        agent_id: None,
        agent_authorisation: None,
        ticket_id: None,
        window_id: None,
        intake_user_id: None,
        promised_days: 5,
        statutory_days: 20,
        form: r#"{"delivery":{"mode":"electronic"}}"#,
    };
    cs::insert_case(tx, &c, now()).await.unwrap()
}

#[tokio::test]
async fn login_codes_are_found_newest_first_counted_per_day_and_die_after_wrong_tries() {
    each_backend(|t| async move {
        let phone = phone_parts("13700001111");
        let mut tx = t.db.begin().await.unwrap();
        assert!(pt::find_latest_code(&mut tx, &phone.1).await.unwrap().is_none());
        let new = |hash: &'static str| NewLoginCode {
            phone: &phone,
            salt: "s",
            code_hash: hash,
            day: today(),
            expires_at: now() + Duration::minutes(5),
        };
        let first = pt::insert_login_code(&mut tx, &new("h1"), now()).await.unwrap();
        let second = pt::insert_login_code(&mut tx, &new("h2"), now() + Duration::seconds(61)).await.unwrap();
        let latest = pt::find_latest_code(&mut tx, &phone.1).await.unwrap().unwrap();
        assert_eq!((latest.id, latest.code_hash.as_str(), latest.attempts), (second, "h2", 0));
        assert_ne!(first, second);
        assert_eq!(pt::count_codes_on(&mut tx, &phone.1, today()).await.unwrap(), 2);
        assert_eq!(pt::count_codes_on(&mut tx, &phone.1, today() + Duration::days(1)).await.unwrap(), 0);
        assert_eq!(pt::count_codes_on(&mut tx, "other", today()).await.unwrap(), 0);
        for i in 1..=3 {
            assert_eq!(pt::record_wrong_code(&mut tx, second, 3, now()).await.unwrap(), i);
        }
        let dead = pt::find_latest_code(&mut tx, &phone.1).await.unwrap().unwrap();
        assert!(dead.dead_at.is_some());
        assert!(!pt::use_code(&mut tx, second, now()).await.unwrap(), "a dead code cannot be used");
        // The first code: used once, then never again; an expired one never.
        assert!(pt::use_code(&mut tx, first, now()).await.unwrap());
        assert!(!pt::use_code(&mut tx, first, now()).await.unwrap());
        let late = pt::insert_login_code(&mut tx, &new("h3"), now()).await.unwrap();
        assert!(!pt::use_code(&mut tx, late, now() + Duration::minutes(6)).await.unwrap());
        tx.commit().await.unwrap();
        t
    })
    .await;
}

#[tokio::test]
async fn citizen_sessions_live_until_they_expire_or_are_deleted() {
    each_backend(|t| async move {
        let phone = phone_parts("13700001111");
        let mut tx = t.db.begin().await.unwrap();
        pt::insert_session(&mut tx, "tok", &phone, "csrf", now(), now() + Duration::hours(2)).await.unwrap();
        let s = pt::find_live_session(&mut tx, "tok", now()).await.unwrap().unwrap();
        assert_eq!((s.phone_hash.as_str(), s.phone_masked.as_str(), s.csrf_token.as_str()), (phone.1.as_str(), "137****1111", "csrf"));
        assert!(pt::find_live_session(&mut tx, "tok", now() + Duration::hours(3)).await.unwrap().is_none());
        pt::delete_session(&mut tx, "tok").await.unwrap();
        assert!(pt::find_live_session(&mut tx, "tok", now()).await.unwrap().is_none());
        tx.commit().await.unwrap();
        t
    })
    .await;
}

#[tokio::test]
async fn online_cases_are_listed_by_phone_and_by_hall_scope() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let (item_id, v) = item(&mut tx, &n.town_a, &n.dept_y, "00010500100", "食品经营许可").await;
        let a = online_case(&mut tx, &n, item_id, v, "0002-20260302-00001", "13700001111", "submitted").await;
        let b = online_case(&mut tx, &n, item_id, v, "0002-20260302-00002", "13700001111", "draft").await;
        let c = online_case(&mut tx, &n, item_id, v, "0002-20260302-00003", "13600002222", "submitted").await;
        let mine = pt::list_by_phone(&mut tx, &phone_parts("13700001111").1, 10).await.unwrap();
        assert_eq!(mine.iter().map(|r| r.id).collect::<Vec<_>>(), [b, a]);
        assert_eq!(mine[0].credit_code.as_deref(), Some("91150626MA0N000000"));
        let row = pt::find_portal_case(&mut tx, c).await.unwrap().unwrap();
        assert_eq!((row.channel.as_str(), row.site_name.as_str()), ("online", "嘎鲁图镇便民服务中心"));
        let town_a = Scope::Paths(vec![n.town_a.path.clone()]);
        let listed = pt::list_online(&mut tx, &["submitted", "prechecked"], &town_a, 10).await.unwrap();
        assert_eq!(listed.iter().map(|r| r.id).collect::<Vec<_>>(), [a, c], "oldest first, drafts left out");
        let town_b = Scope::Paths(vec![n.town_b.path.clone()]);
        assert!(pt::list_online(&mut tx, &["submitted"], &town_b, 10).await.unwrap().is_empty());
        assert_eq!(pt::root_org_unit(&mut tx).await.unwrap(), Some((n.banner.id, n.banner.path.clone())));
        tx.commit().await.unwrap();
        t
    })
    .await;
}

#[tokio::test]
async fn lookup_failures_are_counted_per_key_within_the_window_and_old_rows_purged() {
    each_backend(|t| async move {
        let mut tx = t.db.begin().await.unwrap();
        for i in 0..3 {
            pt::insert_lookup_failure(&mut tx, "k", now() + Duration::minutes(i * 20)).await.unwrap();
        }
        pt::insert_lookup_failure(&mut tx, "other", now()).await.unwrap();
        assert_eq!(pt::count_lookup_failures(&mut tx, "k", now() - Duration::hours(1)).await.unwrap(), 3);
        assert_eq!(pt::count_lookup_failures(&mut tx, "k", now() + Duration::minutes(10)).await.unwrap(), 2);
        assert_eq!(pt::count_lookup_failures(&mut tx, "none", now() - Duration::hours(1)).await.unwrap(), 0);
        // Purging: failures before the cut go, the rest stay.
        let phone = phone_parts("13700001111");
        let old = NewLoginCode { phone: &phone, salt: "s", code_hash: "h", day: today(), expires_at: now() + Duration::minutes(5) };
        pt::insert_login_code(&mut tx, &old, now() - Duration::days(3)).await.unwrap();
        pt::insert_login_code(&mut tx, &old, now()).await.unwrap();
        pt::insert_session(&mut tx, "gone", &phone, "c", now() - Duration::hours(3), now() - Duration::hours(1)).await.unwrap();
        pt::insert_session(&mut tx, "live", &phone, "c", now(), now() + Duration::hours(1)).await.unwrap();
        let n = pt::purge(&mut tx, now() - Duration::days(2), now(), now() + Duration::minutes(30)).await.unwrap();
        assert_eq!(n, 1 + 1 + 3, "one code, one session, the three failures before the cut");
        assert_eq!(pt::count_lookup_failures(&mut tx, "k", now() - Duration::hours(1)).await.unwrap(), 1);
        assert!(pt::find_live_session(&mut tx, "live", now()).await.unwrap().is_some());
        assert_eq!(pt::count_codes_on(&mut tx, &phone.1, today()).await.unwrap(), 1);
        tx.commit().await.unwrap();
        t
    })
    .await;
}
