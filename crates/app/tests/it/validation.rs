//! Bad input is refused by field, with nothing written.

use app::accounts::UserInput;
use app::org::{SiteInput, StaffInput, WindowInput};
use testkit::each_backend;

use crate::common::{PASSWORD, assert_invalid, counts, site_input, staff_input, system, user_input, window_input, world};

#[tokio::test]
async fn a_town_centre_at_the_banner_level_is_invalid_by_kind() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let before = counts(&w.app).await;
        let r = app::org::create_site(&w.app, &system(), &site_input(&w.banner, "旗级便民服务中心", "town_centre")).await;
        assert_invalid(r, "kind");
        let r = app::org::create_site(&w.app, &system(), &site_input(&w.town1, "镇级政务服务中心", "centre")).await;
        assert_invalid(r, "kind");
        let r = app::org::create_site(&w.app, &system(), &site_input(&w.town1, "镇级便民服务站", "station")).await;
        assert_invalid(r, "kind");
        assert_eq!(counts(&w.app).await, before);
        t
    })
    .await;
}

#[tokio::test]
async fn opening_hours_written_in_words_are_invalid() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let before = counts(&w.app).await;
        let i = SiteInput { hours_weekday: "9点".into(), ..site_input(&w.village1, "巴音温都尔嘎查便民服务站", "station") };
        assert_invalid(app::org::create_site(&w.app, &system(), &i).await, "hours_weekday");
        let i = SiteInput { hours_weekday: String::new(), ..site_input(&w.village1, "巴音温都尔嘎查便民服务站", "station") };
        assert_invalid(app::org::create_site(&w.app, &system(), &i).await, "hours_weekday");
        let i =
            SiteInput { hours_weekend: "17:00-09:00".into(), ..site_input(&w.village1, "巴音温都尔嘎查便民服务站", "station") };
        assert_invalid(app::org::create_site(&w.app, &system(), &i).await, "hours_weekend");
        assert_eq!(counts(&w.app).await, before);
        // the same site with proper hours is accepted, hours normalised
        let i = SiteInput {
            hours_weekday: "13:30-17:30，09:00-12:00".into(),
            ..site_input(&w.village1, "巴音温都尔嘎查便民服务站", "station")
        };
        let s = app::org::create_site(&w.app, &system(), &i).await.unwrap();
        assert_eq!(s.hours_weekday, "09:00-12:00,13:30-17:30");
        t
    })
    .await;
}

#[tokio::test]
async fn every_bad_field_of_a_site_is_reported_at_once() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let before = counts(&w.app).await;
        let i = SiteInput {
            org_unit_id: None,
            name: " ".into(),
            kind: "大厅".into(),
            address: String::new(),
            hours_weekday: "全天".into(),
            ..SiteInput::default()
        };
        match app::org::create_site(&w.app, &system(), &i).await {
            Err(app::AppError::Invalid(inv)) => {
                let mut fields: Vec<&str> = inv.fields.iter().map(|f| f.field.as_str()).collect();
                fields.sort_unstable();
                fields.dedup();
                assert_eq!(fields, vec!["address", "hours_weekday", "kind", "name", "org_unit_id"]);
            }
            r => panic!("{r:?}"),
        }
        assert_eq!(counts(&w.app).await, before);
        t
    })
    .await;
}

#[tokio::test]
async fn a_failed_update_leaves_the_site_as_it_was() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let before = counts(&w.app).await;
        let i = SiteInput { name: "改名".into(), hours_weekday: "9点".into(), ..site_input(&w.town1, "x", "town_centre") };
        assert_invalid(app::org::update_site(&w.app, &system(), w.site1.id, &i).await, "hours_weekday");
        let i = SiteInput { name: "改名".into(), ..site_input(&w.town2, "x", "town_centre") };
        assert_invalid(app::org::update_site(&w.app, &system(), w.site1.id, &i).await, "org_unit_id");
        assert_eq!(counts(&w.app).await, before);
        let mut tx = w.app.db.read().await.unwrap();
        assert_eq!(store::org::get_site(&mut tx, w.site1.id).await.unwrap().name, "嘎鲁图镇便民服务中心");
        t
    })
    .await;
}

#[tokio::test]
async fn a_window_without_departments_is_invalid() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let before = counts(&w.app).await;
        let r = app::org::create_window(&w.app, &system(), w.site1.id, &window_input(&w.zone1, "2", &[])).await;
        assert_invalid(r, "department_ids");
        assert_eq!(counts(&w.app).await, before);
        t
    })
    .await;
}

#[tokio::test]
async fn a_window_needs_a_zone_of_its_own_site_and_existing_departments() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let before = counts(&w.app).await;
        let r = app::org::create_window(&w.app, &system(), w.site1.id, &window_input(&w.zone2, "2", &[w.dept_rs.id])).await;
        assert_invalid(r, "zone_id");
        let r = app::org::create_window(&w.app, &system(), w.site1.id, &window_input(&w.zone1, "2", &[w.dept_rs.id, 9999])).await;
        assert_invalid(r, "department_ids");
        let r = app::org::create_window(
            &w.app,
            &system(),
            w.site1.id,
            &WindowInput { number: "第二".into(), kind: "普通".into(), ..window_input(&w.zone1, "2", &[w.dept_rs.id]) },
        )
        .await;
        assert_invalid(r, "number");
        let r = app::org::create_window(&w.app, &system(), 9999, &window_input(&w.zone1, "2", &[w.dept_rs.id])).await;
        assert_invalid(r, "site_id");
        assert_eq!(counts(&w.app).await, before);
        t
    })
    .await;
}

#[tokio::test]
async fn a_staff_phone_that_is_not_a_mobile_number_is_invalid() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let before = counts(&w.app).await;
        let r = app::org::create_staff(&w.app, &system(), &staff_input(&w.town1, &w.dept_rs, "王五", "12345")).await;
        assert_invalid(r, "phone");
        let r =
            app::org::create_staff(&w.app, &system(), &StaffInput { phone: None, ..staff_input(&w.town1, &w.dept_rs, "王五", "") }).await;
        assert_invalid(r, "phone");
        let r = app::org::create_staff(&w.app, &system(), &staff_input(&w.town1, &w.dept_rs, "王五", "12912345678")).await;
        assert_invalid(r, "phone");
        assert_eq!(counts(&w.app).await, before);
        t
    })
    .await;
}

#[tokio::test]
async fn a_staff_member_cannot_be_stationed_from_a_future_or_malformed_date() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let before = counts(&w.app).await;
        let i = StaffInput { stationed_since: "2026-03-03".into(), ..staff_input(&w.town1, &w.dept_rs, "王五", "13700000000") };
        assert_invalid(app::org::create_staff(&w.app, &system(), &i).await, "stationed_since");
        let i = StaffInput { stationed_since: "2024年3月".into(), ..staff_input(&w.town1, &w.dept_rs, "王五", "13700000000") };
        assert_invalid(app::org::create_staff(&w.app, &system(), &i).await, "stationed_since");
        let i = StaffInput { department_id: Some(9999), ..staff_input(&w.town1, &w.dept_rs, "王五", "13700000000") };
        assert_invalid(app::org::create_staff(&w.app, &system(), &i).await, "department_id");
        assert_eq!(counts(&w.app).await, before);
        let i = StaffInput { stationed_since: "2026-03-02".into(), ..staff_input(&w.town1, &w.dept_rs, "王五", "137 0000 0000") };
        let s = app::org::create_staff(&w.app, &system(), &i).await.unwrap();
        assert_eq!(s.phone_masked, "137****0000", "today is fine and spaces are ignored");
        t
    })
    .await;
}

#[tokio::test]
async fn a_username_with_capitals_and_spaces_is_invalid() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let before = counts(&w.app).await;
        let long = "a".repeat(33);
        for bad in ["A b", "1abc", "ab", "张三", long.as_str()] {
            let r = app::accounts::create_user(&w.app, &system(), &user_input(&w.town1, bad, None)).await;
            assert_invalid(r, "username");
        }
        assert_eq!(counts(&w.app).await, before);
        let u = app::accounts::create_user(&w.app, &system(), &user_input(&w.town1, " Wang.Wu_2 ", None)).await.unwrap();
        assert_eq!(u.username, "wang.wu_2", "trimmed and lowercased");
        t
    })
    .await;
}

#[tokio::test]
async fn a_weak_password_is_invalid() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let before = counts(&w.app).await;
        for weak in ["abc123", "onlyletters", "1234567890", ""] {
            let i = UserInput { password: Some(weak.into()), ..user_input(&w.town1, "wangwu", None) };
            assert_invalid(app::accounts::create_user(&w.app, &system(), &i).await, "password");
        }
        let i = UserInput { password: None, ..user_input(&w.town1, "wangwu", None) };
        assert_invalid(app::accounts::create_user(&w.app, &system(), &i).await, "password");
        // a weak new password on update is refused too, and the old one still works
        let i = UserInput { password: Some("short1".into()), ..user_input(&w.town1, "mgr1", None) };
        assert_invalid(app::accounts::update_user(&w.app, &system(), w.mgr1.id, &i).await, "password");
        assert_eq!(counts(&w.app).await, before);
        assert!(app::accounts::login(&w.app, "mgr1", PASSWORD).await.is_ok());
        t
    })
    .await;
}

#[tokio::test]
async fn a_grant_of_an_unknown_role_or_without_a_scope_is_invalid() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let before = counts(&w.app).await;
        let i = app::accounts::GrantInput { role: "emperor".into(), org_unit_id: Some(w.town1.id), department_id: None };
        assert_invalid(app::accounts::add_grant(&w.app, &system(), w.clerk1.id, &i).await, "role");
        let i = app::accounts::GrantInput { role: "clerk".into(), org_unit_id: None, department_id: None };
        assert_invalid(app::accounts::add_grant(&w.app, &system(), w.clerk1.id, &i).await, "org_unit_id");
        let i = app::accounts::GrantInput { role: "approver".into(), org_unit_id: Some(w.town1.id), department_id: Some(9999) };
        assert_invalid(app::accounts::add_grant(&w.app, &system(), w.clerk1.id, &i).await, "department_id");
        assert_eq!(counts(&w.app).await, before);
        t
    })
    .await;
}
