//! Every write leaves one audit row in its own transaction; the chain verifies; no personal
//! identifier reaches the log in clear.

use app::accounts::ApiTokenInput;
use app::devices::DeviceInput;
use app::org::{StaffInput, ZoneInput};
use store::audit::Verdict;
use testkit::each_backend;

use crate::common::{PHONE1, PHONE2, actor, audit_rows, counts, staff_input, system, window_input, world};

#[tokio::test]
async fn building_the_banner_left_one_audit_row_per_write_and_the_chain_verifies() {
    each_backend(|t| async move {
        let w = world(&t).await;
        assert_eq!(app::audit::verify(&w.app).await.unwrap(), Verdict::Intact(w.writes));
        let rows = audit_rows(&w.app).await;
        let creates = |entity: &str| rows.iter().filter(|r| r.entity == entity && r.action == "create").count();
        assert_eq!((creates("org_unit"), creates("department"), creates("site"), creates("zone")), (5, 2, 3, 3));
        assert_eq!((creates("window"), creates("staff"), creates("user")), (3, 2, 4));
        assert_eq!(rows.iter().filter(|r| r.action == "grant").count(), 4);
        assert!(rows.iter().all(|r| r.actor == "system:test"));
        let site1 = rows.iter().find(|r| r.entity == "site" && r.entity_id == w.site1.id.to_string()).unwrap();
        assert_eq!(site1.org_path, w.town1.path);
        assert!(site1.before_summary.is_empty() && site1.after_summary.contains("嘎鲁图镇便民服务中心"));
        t
    })
    .await;
}

#[tokio::test]
async fn each_successful_write_adds_exactly_one_audit_row() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let sys = system();
        let mut n = counts(&w.app).await.audit;
        let mut step = async |what: &str| {
            let now = counts(&w.app).await.audit;
            assert_eq!(now, n + 1, "{what}");
            n = now;
        };
        let z = app::org::create_zone(
            &w.app,
            &sys,
            w.site1.id,
            &ZoneInput { name: "等候区".into(), kind: "waiting".into(), floor: None, sort_order: Some("9".into()) },
        )
        .await
        .unwrap();
        step("create_zone").await;
        app::org::update_zone(
            &w.app,
            &sys,
            z.id,
            &ZoneInput { name: "休息区".into(), kind: "waiting".into(), floor: None, sort_order: None },
        )
        .await
        .unwrap();
        step("update_zone").await;
        app::org::delete_zone(&w.app, &sys, z.id).await.unwrap();
        step("delete_zone").await;
        let win = app::org::create_window(&w.app, &sys, w.site1.id, &window_input(&w.zone1, "2", &[w.dept_rs.id])).await.unwrap();
        step("create_window").await;
        app::org::update_window(&w.app, &sys, win.id, &window_input(&w.zone1, "3", &[w.dept_sj.id])).await.unwrap();
        step("update_window").await;
        app::org::seat_today(&w.app, &sys, win.id, Some(w.staff1.id)).await.unwrap();
        step("seat_today").await;
        app::org::seat_today(&w.app, &sys, win.id, None).await.unwrap();
        step("unseat").await;
        app::org::update_staff(&w.app, &sys, w.staff1.id, &StaffInput { phone: None, ..staff_input(&w.town1, &w.dept_rs, "张三", "") })
            .await
            .unwrap();
        step("update_staff").await;
        app::org::set_staff_photo(&w.app, &sys, w.staff1.id, b"\x89PNG\r\n\x1a\nphoto").await.unwrap();
        step("set_staff_photo").await;
        let d = app::devices::issue_device(
            &w.app,
            &sys,
            &DeviceInput { name: "取号机".into(), kind: "kiosk".into(), site_id: Some(w.site1.id), window_id: None },
        )
        .await
        .unwrap();
        step("issue_device").await;
        app::devices::revoke_device(&w.app, &sys, d.record.id).await.unwrap();
        step("revoke_device").await;
        let tok = app::accounts::issue_api_token(
            &w.app,
            &sys,
            &ApiTokenInput { name: "接口".into(), user_id: Some(w.mgr1.id), valid_days: None },
        )
        .await
        .unwrap();
        step("issue_api_token").await;
        app::accounts::revoke_api_token(&w.app, &sys, tok.record.id).await.unwrap();
        step("revoke_api_token").await;
        let _ = app::accounts::login(&w.app, "clerk1", "Wrong2026").await;
        step("failed login").await;
        let s = app::accounts::login(&w.app, "clerk1", crate::common::PASSWORD).await.unwrap();
        step("login").await;
        // reading and signing out are not audited writes
        app::org::list_sites(&w.app, &s.actor).await.unwrap();
        app::accounts::session_actor(&w.app, &s.token).await.unwrap();
        app::accounts::logout(&w.app, &s.token).await.unwrap();
        assert_eq!(counts(&w.app).await.audit, n);
        assert_eq!(app::audit::verify(&w.app).await.unwrap(), Verdict::Intact(n));
        t
    })
    .await;
}

#[tokio::test]
async fn the_audit_log_names_the_acting_user_and_the_records_org_path() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let mgr1 = actor(&w.app, "mgr1").await;
        let win = app::org::create_window(&w.app, &mgr1, w.site1.id, &window_input(&w.zone1, "2", &[w.dept_rs.id])).await.unwrap();
        let rows = audit_rows(&w.app).await;
        let last = rows.last().unwrap();
        assert_eq!((last.actor.as_str(), last.action.as_str(), last.entity.as_str()), ("mgr1", "create", "window"));
        assert_eq!((last.entity_id.clone(), last.org_path.as_str()), (win.id.to_string(), w.town1.path.as_str()));
        assert!(last.after_summary.contains(&format!("\"department_ids\":[{}]", w.dept_rs.id)), "{}", last.after_summary);
        let login = &rows[rows.len() - 2];
        assert_eq!((login.action.as_str(), login.entity_id.clone()), ("login", w.mgr1.id.to_string()));

        let tok = app::accounts::issue_api_token(
            &w.app,
            &system(),
            &ApiTokenInput { name: "接口".into(), user_id: Some(w.mgr1.id), valid_days: None },
        )
        .await
        .unwrap();
        let via_token = app::accounts::api_token_actor(&w.app, &tok.token).await.unwrap().unwrap();
        app::org::create_zone(&w.app, &via_token, w.site1.id, &crate::common::zone_input("企业服务专区")).await.unwrap();
        let rows = audit_rows(&w.app).await;
        assert_eq!(rows.last().unwrap().actor, format!("mgr1 (api-token {})", tok.record.id));
        t
    })
    .await;
}

#[tokio::test]
async fn a_staff_phone_never_appears_in_clear_in_the_audit_log() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let new_phone = "13600001234";
        app::org::update_staff(&w.app, &system(), w.staff1.id, &staff_input(&w.town1, &w.dept_rs, "张三", new_phone)).await.unwrap();
        let rows = audit_rows(&w.app).await;
        for r in &rows {
            for clear in [PHONE1, PHONE2, new_phone] {
                assert!(!r.before_summary.contains(clear) && !r.after_summary.contains(clear), "row {} holds {clear} in clear", r.id);
            }
        }
        let staff_rows: Vec<_> = rows.iter().filter(|r| r.entity == "staff" && r.entity_id == w.staff1.id.to_string()).collect();
        assert_eq!(staff_rows.len(), 2);
        assert!(staff_rows[0].after_summary.contains("139****5678"), "{}", staff_rows[0].after_summary);
        assert!(staff_rows[1].before_summary.contains("139****5678"));
        assert!(staff_rows[1].after_summary.contains("136****1234"));
        // nor in the ciphertext stored for the staff record
        let mut tx = w.app.db.read().await.unwrap();
        let st = store::org::get_staff(&mut tx, w.staff1.id).await.unwrap();
        assert!(!st.phone_enc.windows(11).any(|x| x == new_phone.as_bytes()));
        assert_eq!(w.app.cipher.decrypt(&st.phone_enc).unwrap(), new_phone);
        t
    })
    .await;
}

#[tokio::test]
async fn a_supervisor_reads_only_their_towns_audit_rows() {
    each_backend(|t| async move {
        let w = world(&t).await;
        crate::common::user_with_role(&w.app, &w.town1, "jiancha1", None, "supervisor", &w.town1).await;
        let sup = actor(&w.app, "jiancha1").await;
        let rows = app::audit::list(&w.app, &sup, None, None, 1000).await.unwrap();
        assert!(!rows.is_empty());
        assert!(rows.iter().all(|r| r.org_path.starts_with(&w.town1.path)), "{:?}", rows.iter().map(|r| &r.org_path).collect::<Vec<_>>());
        assert!(rows.windows(2).all(|p| p[0].id > p[1].id), "newest first");
        let sites = app::audit::list(&w.app, &sup, Some("site"), None, 1000).await.unwrap();
        assert_eq!(sites.iter().map(|r| r.entity_id.clone()).collect::<Vec<_>>(), vec![w.site1.id.to_string()]);
        let two = app::audit::list(&w.app, &sup, None, None, 2).await.unwrap();
        assert_eq!(two.len(), 2);
        let next = app::audit::list(&w.app, &sup, None, Some(two[1].id), 1).await.unwrap();
        assert!(next[0].id < two[1].id);
        t
    })
    .await;
}
