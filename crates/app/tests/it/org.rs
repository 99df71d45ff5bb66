//! The org rules: unique window numbers, zones that still hold windows, levels of org units,
//! seating, staff photos, duplicate names.

use app::AppError;
use app::org::{DepartmentInput, OrgUnitInput, WindowInput};
use testkit::each_backend;

use crate::common::{
    actor, assert_invalid, counts, org_unit_input, site_input, staff_input, system, user_input, window_input, world, zone_input,
};

#[tokio::test]
async fn a_duplicate_window_number_in_a_site_is_a_conflict_naming_the_window_number() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let before = counts(&w.app).await;
        // "1" exists at every site; lower case and spaces normalise onto it too
        let r = app::org::create_window(&w.app, &system(), w.site1.id, &window_input(&w.zone1, " 1 ", &[w.dept_rs.id])).await;
        match r {
            Err(AppError::Conflict(m)) => assert!(m.contains("窗口号"), "{m}"),
            r => panic!("expected a conflict, got {r:?}"),
        }
        assert_eq!(counts(&w.app).await, before, "no window, no department link, no audit row");
        let a = app::org::create_window(&w.app, &system(), w.site1.id, &window_input(&w.zone1, "a-01", &[w.dept_rs.id])).await.unwrap();
        assert_eq!(a.number, "A-01");
        let r = app::org::update_window(&w.app, &system(), a.id, &window_input(&w.zone1, "1", &[w.dept_rs.id])).await;
        assert!(matches!(&r, Err(AppError::Conflict(m)) if m.contains("窗口号")), "{r:?}");
        let (still, depts) = app::org::get_window(&w.app, &system(), a.id).await.unwrap();
        assert_eq!((still.number.as_str(), depts), ("A-01", vec![w.dept_rs.id]));
        t
    })
    .await;
}

#[tokio::test]
async fn a_zone_with_windows_cannot_be_deleted() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let before = counts(&w.app).await;
        match app::org::delete_zone(&w.app, &system(), w.zone1.id).await {
            Err(AppError::Conflict(m)) => assert!(m.contains("综合受理区") && m.contains('1'), "{m}"),
            r => panic!("expected a conflict, got {r:?}"),
        }
        assert_eq!(counts(&w.app).await, before);
        // once its window moves elsewhere, it may go
        let other = app::org::create_zone(&w.app, &system(), w.site1.id, &zone_input("分领域综合受理区")).await.unwrap();
        app::org::update_window(&w.app, &system(), w.window1.id, &window_input(&other, "1", &[w.dept_rs.id])).await.unwrap();
        app::org::delete_zone(&w.app, &system(), w.zone1.id).await.unwrap();
        let after = counts(&w.app).await;
        assert_eq!((after.zones, after.audit), (before.zones, before.audit + 3));
        assert!(matches!(app::org::delete_zone(&w.app, &system(), w.zone1.id).await, Err(AppError::NotFound(_))));
        t
    })
    .await;
}

#[tokio::test]
async fn updating_a_window_replaces_its_departments_and_keeps_it_in_its_site() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let i = WindowInput { kind: "domain".into(), active: false, ..window_input(&w.zone1, "1", &[w.dept_sj.id]) };
        let after = app::org::update_window(&w.app, &system(), w.window1.id, &i).await.unwrap();
        assert_eq!((after.kind.as_str(), after.active), ("domain", false));
        let (_, depts) = app::org::get_window(&w.app, &system(), w.window1.id).await.unwrap();
        assert_eq!(depts, vec![w.dept_sj.id]);
        assert_invalid(
            app::org::update_window(&w.app, &system(), w.window1.id, &window_input(&w.zone2, "1", &[w.dept_sj.id])).await,
            "zone_id",
        );
        let detail = app::org::get_site(&w.app, &system(), w.site1.id).await.unwrap();
        assert_eq!((detail.summary.windows, detail.summary.comprehensive_windows), (0, 0), "an inactive window does not count");
        t
    })
    .await;
}

#[tokio::test]
async fn org_units_take_the_level_below_their_parent_and_villages_have_no_children() {
    each_backend(|t| async move {
        let w = world(&t).await;
        assert_eq!((w.banner.level.as_str(), w.town1.level.as_str(), w.village1.level.as_str()), ("banner", "town", "village"));
        assert_eq!(w.village1.path, format!("{}{}/", w.town1.path, w.village1.id));
        let before = counts(&w.app).await;
        assert_invalid(
            app::org::create_org_unit(&w.app, &system(), &org_unit_input(Some(&w.village1), "150626100201001", "组")).await,
            "parent_id",
        );
        let orphan = OrgUnitInput { parent_id: Some(9999), ..org_unit_input(None, "150626999", "无上级") };
        assert_invalid(app::org::create_org_unit(&w.app, &system(), &orphan).await, "parent_id");
        let admin = actor(&w.app, "admin").await;
        assert_invalid(app::org::create_org_unit(&w.app, &admin, &org_unit_input(None, "150627000", "另一个旗")).await, "parent_id");
        assert_invalid(app::org::create_org_unit(&w.app, &system(), &org_unit_input(Some(&w.town1), "15-06", "坏代码")).await, "code");
        let mgr1 = actor(&w.app, "mgr1").await;
        crate::common::assert_forbidden(
            app::org::create_org_unit(&w.app, &mgr1, &org_unit_input(Some(&w.town1), "150626100202", "新村")).await,
        );
        let r = app::org::create_org_unit(&w.app, &system(), &org_unit_input(Some(&w.town1), "150626101", "重复代码")).await;
        assert!(matches!(&r, Err(AppError::Conflict(m)) if m.contains("机构代码")), "{r:?}");
        let after = counts(&w.app).await;
        assert_eq!(after.org_units, before.org_units);
        assert_eq!(after.audit, before.audit + 2, "only the two logins were recorded");
        t
    })
    .await;
}

#[tokio::test]
async fn duplicate_names_and_codes_are_conflicts_with_a_chinese_reason() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let before = counts(&w.app).await;
        let r = app::org::create_site(&w.app, &system(), &site_input(&w.town2, "嘎鲁图镇便民服务中心", "town_centre")).await;
        assert!(matches!(&r, Err(AppError::Conflict(m)) if m.contains("场所名称")), "{r:?}");
        let r = app::org::create_zone(&w.app, &system(), w.site1.id, &zone_input("综合受理区")).await;
        assert!(matches!(&r, Err(AppError::Conflict(m)) if m.contains("区域")), "{r:?}");
        let r = app::accounts::create_user(&w.app, &system(), &user_input(&w.town2, "mgr1", None)).await;
        assert!(matches!(&r, Err(AppError::Conflict(m)) if m.contains("用户名")), "{r:?}");
        let d = DepartmentInput { code: "rsj".into(), name: "另一个局".into(), short_name: "另".into(), phone: None, active: true };
        let r = app::org::create_department(&w.app, &system(), &d).await;
        assert!(matches!(&r, Err(AppError::Conflict(m)) if m.contains("部门简码")), "{r:?}");
        assert_eq!(counts(&w.app).await, before);
        t
    })
    .await;
}

#[tokio::test]
async fn seating_someone_today_replaces_the_previous_occupant_and_their_previous_seat() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let sys = system();
        let w2 = app::org::create_window(&w.app, &sys, w.site1.id, &window_input(&w.zone1, "2", &[w.dept_rs.id])).await.unwrap();
        let wang = app::org::create_staff(&w.app, &sys, &staff_input(&w.town1, &w.dept_rs, "王五", "13700000000")).await.unwrap();
        app::org::seat_today(&w.app, &sys, w.window1.id, Some(w.staff1.id)).await.unwrap();
        app::org::seat_today(&w.app, &sys, w2.id, Some(wang.id)).await.unwrap();
        let seats = |d: app::org::SiteDetail| d.seats.into_iter().map(|s| (s.window_id, s.staff_id)).collect::<Vec<_>>();
        assert_eq!(seats(app::org::get_site(&w.app, &sys, w.site1.id).await.unwrap()), vec![(w.window1.id, w.staff1.id), (w2.id, wang.id)]);
        app::org::seat_today(&w.app, &sys, w2.id, Some(w.staff1.id)).await.unwrap();
        assert_eq!(seats(app::org::get_site(&w.app, &sys, w.site1.id).await.unwrap()), vec![(w2.id, w.staff1.id)]);
        let v = app::org::get_staff(&w.app, &sys, w.staff1.id).await.unwrap();
        assert_eq!(v.seat_today.as_deref(), Some("2 号窗口"));
        assert_eq!(app::org::get_staff(&w.app, &sys, wang.id).await.unwrap().seat_today, None);
        app::org::seat_today(&w.app, &sys, w2.id, None).await.unwrap();
        assert!(seats(app::org::get_site(&w.app, &sys, w.site1.id).await.unwrap()).is_empty());
        t
    })
    .await;
}

#[tokio::test]
async fn only_active_staff_within_reach_can_be_seated() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let sys = system();
        let off = app::org::StaffInput { active: false, phone: None, ..staff_input(&w.town1, &w.dept_rs, "张三", "") };
        app::org::update_staff(&w.app, &sys, w.staff1.id, &off).await.unwrap();
        let before = counts(&w.app).await;
        assert_invalid(app::org::seat_today(&w.app, &sys, w.window1.id, Some(w.staff1.id)).await, "staff_id");
        assert_invalid(app::org::seat_today(&w.app, &sys, w.window1.id, Some(9999)).await, "staff_id");
        let mgr1 = actor(&w.app, "mgr1").await;
        crate::common::assert_forbidden(app::org::seat_today(&w.app, &mgr1, w.window1.id, Some(w.staff2.id)).await);
        let after = counts(&w.app).await;
        assert_eq!((after.seats, after.audit), (before.seats, before.audit + 1));
        t
    })
    .await;
}

#[tokio::test]
async fn a_staff_photo_is_stored_once_and_served_with_its_type() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let png = b"\x89PNG\r\n\x1a\n-pretend-photo".to_vec();
        app::org::set_staff_photo(&w.app, &system(), w.staff1.id, &png).await.unwrap();
        app::org::set_staff_photo(&w.app, &system(), w.staff2.id, &png).await.unwrap();
        let (bytes, ct) = app::org::staff_photo(&w.app, &system(), w.staff1.id).await.unwrap();
        assert_eq!((bytes, ct.as_str()), (png.clone(), "image/png"));
        assert!(app::org::get_staff(&w.app, &system(), w.staff2.id).await.unwrap().has_photo);
        let before = counts(&w.app).await;
        assert_invalid(app::org::set_staff_photo(&w.app, &system(), w.staff1.id, b"GIF89a").await, "photo");
        assert_invalid(app::org::set_staff_photo(&w.app, &system(), w.staff1.id, b"").await, "photo");
        let huge = [&png[..], &vec![0u8; app::org::MAX_PHOTO_BYTES]].concat();
        assert_invalid(app::org::set_staff_photo(&w.app, &system(), w.staff1.id, &huge).await, "photo");
        let clerk = actor(&w.app, "clerk1").await;
        crate::common::assert_forbidden(app::org::set_staff_photo(&w.app, &clerk, w.staff1.id, &png).await);
        crate::common::assert_forbidden(app::org::staff_photo(&w.app, &clerk, w.staff2.id).await);
        assert_eq!(app::org::staff_photo(&w.app, &clerk, w.staff1.id).await.unwrap().0, png);
        assert_eq!(counts(&w.app).await.audit, before.audit + 1, "only the clerk's login");
        t
    })
    .await;
}

#[tokio::test]
async fn staff_list_shows_only_masked_phones_and_filters_by_department() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let admin = actor(&w.app, "admin").await;
        let page = app::org::list_staff(&w.app, &admin, None, None, 50).await.unwrap();
        let phones: Vec<&str> = page.items.iter().map(|s| s.phone_masked.as_str()).collect();
        assert_eq!(phones, vec!["139****5678", "138****4321"]);
        let json = serde_json::to_string(&page.items).unwrap();
        assert!(!json.contains(crate::common::PHONE1) && !json.contains("org_path"), "{json}");
        let sj = app::org::list_staff(&w.app, &admin, Some(w.dept_sj.id), None, 50).await.unwrap();
        assert_eq!(sj.items.iter().map(|s| s.id).collect::<Vec<_>>(), vec![w.staff2.id]);
        assert_eq!(sj.items[0].department_name, "市场监管");
        t
    })
    .await;
}

/// Mongolian names (E27): entered with the site, window, category and item; anything but the
/// Mongolian script is refused naming the field, and nothing is written.
#[tokio::test]
async fn mongolian_names_take_only_the_mongolian_script_and_reach_the_devices() {
    each_backend(|t| async move {
        let w = world(&t).await;
        const SITE_MN: &str = "ᠭᠠᠯᠤᠲᠤ ᠪᠠᠯᠭᠠᠰᠤ ᠶᠢᠨ ᠲᠥᠪ";
        const WIN_MN: &str = "1 ᠳ᠋ᠦᠭᠡᠷ ᠴᠣᠩᠬᠣ";
        let before = counts(&w.app).await;
        for bad in ["嘎鲁图镇", "Galuut", "ᠭᠠᠯᠤᠲᠤ（镇）"] {
            let i =
                app::org::SiteInput { name_mn: Some(bad.into()), ..site_input(&w.town1, "嘎鲁图镇便民服务中心", "town_centre") };
            assert_invalid(app::org::update_site(&w.app, &system(), w.site1.id, &i).await, "name_mn");
            let i = WindowInput { name_mn: Some(bad.into()), ..window_input(&w.zone1, "1", &[w.dept_rs.id]) };
            assert_invalid(app::org::update_window(&w.app, &system(), w.window1.id, &i).await, "name_mn");
            let c = app::queue::CategoryInput {
                prefix: "B".into(),
                name: "企业服务".into(),
                name_mn: Some(bad.into()),
                active: true,
                ..Default::default()
            };
            assert_invalid(app::queue::create_category(&w.app, &system(), w.site1.id, &c).await, "name_mn");
        }
        assert_eq!(counts(&w.app).await, before, "nothing written");

        let i = app::org::SiteInput {
            name_mn: Some(format!(" {SITE_MN} ")),
            ..site_input(&w.town1, "嘎鲁图镇便民服务中心", "town_centre")
        };
        let site = app::org::update_site(&w.app, &system(), w.site1.id, &i).await.unwrap();
        assert_eq!(site.name_mn.as_deref(), Some(SITE_MN), "trimmed");
        let i = WindowInput { name_mn: Some(WIN_MN.into()), ..window_input(&w.zone1, "1", &[w.dept_rs.id]) };
        assert_eq!(app::org::update_window(&w.app, &system(), w.window1.id, &i).await.unwrap().name_mn.as_deref(), Some(WIN_MN));
        let c = app::queue::CategoryInput {
            prefix: "B".into(),
            name: "企业服务".into(),
            name_mn: Some("ᠠᠵᠤ ᠠᠬᠤᠢ".into()),
            active: true,
            ..Default::default()
        };
        let cat = app::queue::create_category(&w.app, &system(), w.site1.id, &c).await.unwrap();
        assert_eq!(cat.category.name_mn.as_deref(), Some("ᠠᠵᠤ ᠠᠬᠤᠢ"));
        // The devices read them: the site's and the window's names, the categories on the kiosk
        // and the calling screen.
        assert_eq!(
            app::org::device_names(&w.app, w.site1.id, Some(w.window1.id)).await.unwrap(),
            (Some(SITE_MN.to_owned()), Some(WIN_MN.to_owned()))
        );
        let cats = app::queue::categories(&w.app, w.site1.id).await.unwrap();
        assert_eq!(cats.iter().find(|x| x.category.id == cat.category.id).and_then(|x| x.category.name_mn.as_deref()), Some("ᠠᠵᠤ ᠠᠬᠤᠢ"));
        let snap = app::queue::snapshot(&w.app, w.site1.id).await.unwrap();
        assert_eq!(snap.categories.iter().find(|x| x.id == cat.category.id).and_then(|x| x.name_mn.as_deref()), Some("ᠠᠵᠤ ᠠᠬᠤᠢ"));
        // A blank name clears it.
        let i = app::org::SiteInput { name_mn: Some("  ".into()), ..site_input(&w.town1, "嘎鲁图镇便民服务中心", "town_centre") };
        assert_eq!(app::org::update_site(&w.app, &system(), w.site1.id, &i).await.unwrap().name_mn, None);
        t
    })
    .await;
}
