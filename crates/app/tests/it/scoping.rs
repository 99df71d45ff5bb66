//! What each role may see and do, by org subtree.

use app::AppError;
use app::accounts::GrantInput;
use domain::access::Role;
use testkit::each_backend;

use crate::common::{actor, assert_forbidden, counts, grant_input, site_input, system, user_input, window_input, world};

#[tokio::test]
async fn a_town_hall_manager_lists_only_their_towns_sites() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let station =
            app::org::create_site(&w.app, &system(), &site_input(&w.village1, "巴音温都尔嘎查便民服务站", "station")).await.unwrap();
        let mgr1 = actor(&w.app, "mgr1").await;
        let ids: Vec<i64> = app::org::list_sites(&w.app, &mgr1).await.unwrap().into_iter().map(|s| s.site.id).collect();
        assert_eq!(ids, vec![w.site1.id, station.id]);
        let mgr2 = actor(&w.app, "mgr2").await;
        let ids: Vec<i64> = app::org::list_sites(&w.app, &mgr2).await.unwrap().into_iter().map(|s| s.site.id).collect();
        assert_eq!(ids, vec![w.site2.id]);
        let admin = actor(&w.app, "admin").await;
        let all = app::org::list_sites(&w.app, &admin).await.unwrap();
        assert_eq!(all.len(), 4);
        assert_eq!((all[0].site.id, all[0].windows, all[0].comprehensive_windows), (w.centre.id, 1, 1));
        t
    })
    .await;
}

#[tokio::test]
async fn a_town_hall_manager_cannot_open_another_towns_site_or_window() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let mgr1 = actor(&w.app, "mgr1").await;
        assert_forbidden(app::org::get_site(&w.app, &mgr1, w.site2.id).await);
        assert_forbidden(app::org::get_site(&w.app, &mgr1, w.centre.id).await);
        assert_forbidden(app::org::get_window(&w.app, &mgr1, w.window2.id).await);
        assert_forbidden(app::org::get_staff(&w.app, &mgr1, w.staff2.id).await);
        let own = app::org::get_site(&w.app, &mgr1, w.site1.id).await.unwrap();
        assert!(own.can_manage);
        assert_eq!(own.windows.iter().map(|x| x.id).collect::<Vec<_>>(), vec![w.window1.id]);
        assert_eq!(own.window_departments.len(), 2);
        assert!(matches!(app::org::get_site(&w.app, &mgr1, 9999).await, Err(AppError::NotFound(_))));
        t
    })
    .await;
}

#[tokio::test]
async fn a_town_hall_manager_sees_only_their_towns_windows_staff_and_org_units() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let mgr1 = actor(&w.app, "mgr1").await;
        let windows: Vec<i64> = app::org::list_windows(&w.app, &mgr1, None, 100).await.unwrap().items.into_iter().map(|x| x.id).collect();
        assert_eq!(windows, vec![w.window1.id]);
        let staff: Vec<i64> = app::org::list_staff(&w.app, &mgr1, None, None, 100).await.unwrap().items.into_iter().map(|x| x.id).collect();
        assert_eq!(staff, vec![w.staff1.id]);
        let units: Vec<i64> = app::org::list_org_units(&w.app, &mgr1).await.unwrap().into_iter().map(|u| u.id).collect();
        assert_eq!(units, vec![w.town1.id, w.village1.id]);
        assert_forbidden(app::org::get_org_unit(&w.app, &mgr1, w.town2.id).await);
        assert_forbidden(app::org::get_window(&w.app, &mgr1, w.window0.id).await);
        let mgr2 = actor(&w.app, "mgr2").await;
        let units: Vec<i64> = app::org::list_org_units(&w.app, &mgr2).await.unwrap().into_iter().map(|u| u.id).collect();
        assert_eq!(units, vec![w.town2.id, w.village2.id]);
        let admin = actor(&w.app, "admin").await;
        assert_eq!(admin.user_id.map(|u| u.0), Some(w.admin.id));
        assert_eq!(app::org::list_org_units(&w.app, &admin).await.unwrap().len(), 5);
        let page = app::org::list_windows(&w.app, &admin, None, 2).await.unwrap();
        assert_eq!(page.items.len(), 2);
        let rest = app::org::list_windows(&w.app, &admin, page.next_cursor, 2).await.unwrap();
        assert_eq!((rest.items.len(), rest.next_cursor), (1, None));
        t
    })
    .await;
}

#[tokio::test]
async fn a_town_hall_manager_cannot_create_a_window_in_another_town() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let mgr1 = actor(&w.app, "mgr1").await;
        let before = counts(&w.app).await;
        let r = app::org::create_window(&w.app, &mgr1, w.site2.id, &window_input(&w.zone2, "2", &[w.dept_rs.id])).await;
        assert_forbidden(r);
        let r = app::org::create_window(&w.app, &mgr1, w.centre.id, &window_input(&w.zone0, "2", &[w.dept_rs.id])).await;
        assert_forbidden(r);
        assert_forbidden(app::org::create_zone(&w.app, &mgr1, w.site2.id, &crate::common::zone_input("等候区")).await);
        assert_forbidden(app::org::seat_today(&w.app, &mgr1, w.window2.id, Some(w.staff2.id)).await);
        assert_eq!(counts(&w.app).await, before);
        // in their own town they may
        let made = app::org::create_window(&w.app, &mgr1, w.site1.id, &window_input(&w.zone1, "2", &[w.dept_rs.id])).await.unwrap();
        assert_eq!(made.site_id, w.site1.id);
        t
    })
    .await;
}

#[tokio::test]
async fn a_clerk_cannot_create_windows_anywhere() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let clerk = actor(&w.app, "clerk1").await;
        let before = counts(&w.app).await;
        for (site, zone) in [(&w.site1, &w.zone1), (&w.site2, &w.zone2), (&w.centre, &w.zone0)] {
            assert_forbidden(app::org::create_window(&w.app, &clerk, site.id, &window_input(zone, "9", &[w.dept_rs.id])).await);
        }
        assert_forbidden(app::org::create_site(&w.app, &clerk, &site_input(&w.village1, "村站", "station")).await);
        assert_forbidden(
            app::org::create_staff(&w.app, &clerk, &crate::common::staff_input(&w.town1, &w.dept_rs, "王五", "13700000000")).await,
        );
        assert_eq!(counts(&w.app).await, before);
        // …but sees their own town, without the right to change it
        let own = app::org::get_site(&w.app, &clerk, w.site1.id).await.unwrap();
        assert!(!own.can_manage);
        t
    })
    .await;
}

#[tokio::test]
async fn a_clerk_cannot_manage_accounts_or_read_the_audit_log() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let clerk = actor(&w.app, "clerk1").await;
        assert_forbidden(app::accounts::list_users(&w.app, &clerk, None, 50).await);
        assert_forbidden(app::devices::list_devices(&w.app, &clerk).await);
        assert_forbidden(app::accounts::list_api_tokens(&w.app, &clerk).await);
        assert_forbidden(app::audit::list(&w.app, &clerk, None, None, 50).await);
        assert_forbidden(app::accounts::create_user(&w.app, &clerk, &user_input(&w.town1, "wangwu", None)).await);
        t
    })
    .await;
}

#[tokio::test]
async fn a_hall_manager_cannot_grant_sys_admin_or_other_manager_roles() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let mgr1 = actor(&w.app, "mgr1").await;
        let before = counts(&w.app).await;
        for role in ["sys_admin", "hall_manager", "supervisor", "leader"] {
            let r = app::accounts::add_grant(&w.app, &mgr1, w.clerk1.id, &grant_input(role, &w.town1)).await;
            assert_forbidden(r);
        }
        assert_eq!(counts(&w.app).await, before);
        t
    })
    .await;
}

#[tokio::test]
async fn a_hall_manager_grants_clerk_within_their_town_but_not_outside_it() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let mgr1 = actor(&w.app, "mgr1").await;
        let u = app::accounts::create_user(&w.app, &mgr1, &user_input(&w.village1, "wangwu", None)).await.unwrap();
        let before = counts(&w.app).await;
        assert_forbidden(app::accounts::add_grant(&w.app, &mgr1, u.id, &grant_input("clerk", &w.town2)).await);
        assert_forbidden(app::accounts::add_grant(&w.app, &mgr1, u.id, &grant_input("clerk", &w.banner)).await);
        // nor for an account of another town, even on their own town
        assert_forbidden(app::accounts::add_grant(&w.app, &mgr1, w.mgr2.id, &grant_input("clerk", &w.town1)).await);
        assert_eq!(counts(&w.app).await, before);

        let g = app::accounts::add_grant(&w.app, &mgr1, u.id, &grant_input("clerk", &w.town1)).await.unwrap();
        assert_eq!((g.role.as_str(), g.org_unit_id, g.user_id), ("clerk", w.town1.id, u.id));
        let i = GrantInput { role: "guide".into(), org_unit_id: Some(w.village1.id), department_id: None };
        app::accounts::add_grant(&w.app, &mgr1, u.id, &i).await.unwrap();
        let r = app::accounts::add_grant(&w.app, &mgr1, u.id, &grant_input("clerk", &w.town1)).await;
        assert!(matches!(r, Err(AppError::Conflict(_))), "the same grant twice: {r:?}");

        let wangwu = actor(&w.app, "wangwu").await;
        assert_eq!(wangwu.roles(), vec![Role::Clerk, Role::Guide]);
        assert!(wangwu.can(domain::access::Permission::ViewOrg, &w.village1.path, None));
        assert!(!wangwu.can(domain::access::Permission::ViewOrg, &w.town2.path, None));

        // the grant can be taken back by the manager, but not one they could not have given
        app::accounts::remove_grant(&w.app, &mgr1, g.id).await.unwrap();
        let (_, grants) = app::accounts::get_user(&w.app, &mgr1, u.id).await.unwrap();
        assert_eq!(grants.iter().map(|g| g.role.as_str()).collect::<Vec<_>>(), vec!["guide"]);
        let (_, own) = app::accounts::get_user(&w.app, &system(), w.mgr1.id).await.unwrap();
        assert_forbidden(app::accounts::remove_grant(&w.app, &mgr1, own[0].id).await);
        t
    })
    .await;
}

#[tokio::test]
async fn a_hall_manager_manages_only_their_towns_accounts() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let mgr1 = actor(&w.app, "mgr1").await;
        let users: Vec<String> =
            app::accounts::list_users(&w.app, &mgr1, None, 50).await.unwrap().items.into_iter().map(|u| u.username).collect();
        assert_eq!(users, vec!["mgr1", "clerk1"]);
        let before = counts(&w.app).await;
        assert_forbidden(app::accounts::create_user(&w.app, &mgr1, &user_input(&w.town2, "wangwu", None)).await);
        assert_forbidden(app::accounts::get_user(&w.app, &mgr1, w.mgr2.id).await);
        assert_forbidden(app::accounts::update_user(&w.app, &mgr1, w.mgr2.id, &user_input(&w.town2, "mgr2", None)).await);
        // moving one of their own accounts into another town is refused too
        let moved = app::accounts::UserInput { password: None, ..user_input(&w.town2, "clerk1", Some(w.staff1.id)) };
        assert_forbidden(app::accounts::update_user(&w.app, &mgr1, w.clerk1.id, &moved).await);
        assert_eq!(counts(&w.app).await, before);
        t
    })
    .await;
}

#[tokio::test]
async fn a_hall_manager_cannot_take_over_an_account_holding_a_role_they_could_not_grant() {
    each_backend(|t| async move {
        let w = world(&t).await;
        // A banner-wide system administrator whose home unit happens to be town 1.
        let boss = crate::common::user_with_role(&w.app, &w.town1, "boss", None, "sys_admin", &w.banner).await;
        let mgr1 = actor(&w.app, "mgr1").await;
        let before = counts(&w.app).await;
        let reset = app::accounts::UserInput { password: Some("Takeover2026".into()), ..user_input(&w.town1, "boss", None) };
        assert_forbidden(app::accounts::update_user(&w.app, &mgr1, boss.id, &reset).await);
        let token = app::accounts::ApiTokenInput { name: "接管".into(), user_id: Some(boss.id), valid_days: None };
        assert_forbidden(app::accounts::issue_api_token(&w.app, &mgr1, &token).await);
        assert_eq!(counts(&w.app).await, before);
        t
    })
    .await;
}
