//! Org units, departments, sites, zones, windows, staff, seats.

use chrono::NaiveDate;
use store::StoreError;
use store::org::{self as o, DepartmentFields, Scope, StaffFields, WindowFields, ZoneFields};
use testkit::each_backend;

use crate::common::{
    cipher, department, look_alike_towns, net, now, org_unit, phone_parts, site, site_fields, staff, today, user, window, zone,
};

fn paths(s: &[&str]) -> Scope {
    Scope::Paths(s.iter().map(|p| (*p).to_owned()).collect())
}

// ---------------------------------------------------------------- org units

#[tokio::test]
async fn an_org_unit_gets_a_materialised_path_below_its_parent() {
    each_backend(|t| async move {
        let mut tx = t.db.begin().await.unwrap();
        let banner = org_unit(&mut tx, None, "150626000", "乌审旗", "banner", 0).await;
        let town = org_unit(&mut tx, Some(&banner), "150626100", "嘎鲁图镇", "town", 3).await;
        let village = org_unit(&mut tx, Some(&town), "150626100201", "巴音温都尔嘎查", "village", 0).await;
        tx.commit().await.unwrap();
        assert_eq!(banner.path, format!("/{}/", banner.id));
        assert_eq!(banner.parent_id, None);
        assert_eq!(town.path, format!("/{}/{}/", banner.id, town.id));
        assert_eq!(town.parent_id, Some(banner.id));
        assert_eq!(village.path, format!("{}{}/", town.path, village.id));

        let mut tx = t.db.read().await.unwrap();
        let found = o::find_org_unit(&mut tx, town.id).await.unwrap().unwrap();
        assert_eq!(
            (found.code.as_str(), found.name.as_str(), found.level.as_str(), found.sort_order),
            ("150626100", "嘎鲁图镇", "town", 3)
        );
        assert_eq!(found.path, town.path);
        assert_eq!(o::get_org_unit(&mut tx, village.id).await.unwrap().name, "巴音温都尔嘎查");
        assert_eq!(o::find_org_unit_by_code(&mut tx, "150626000").await.unwrap().unwrap().id, banner.id);
        assert!(o::find_org_unit_by_code(&mut tx, "999").await.unwrap().is_none());
        assert!(o::find_org_unit(&mut tx, 9999).await.unwrap().is_none());
        assert!(matches!(o::get_org_unit(&mut tx, 9999).await, Err(StoreError::NotFound("org unit"))));
        t
    })
    .await;
}

#[tokio::test]
async fn updating_an_org_unit_changes_its_code_name_and_order_but_not_its_place() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        o::update_org_unit(&mut tx, n.town_a.id, "150626199", "新嘎鲁图镇", 9, now()).await.unwrap();
        assert!(matches!(o::update_org_unit(&mut tx, 9999, "x1", "x", 0, now()).await, Err(StoreError::NotFound("org unit"))));
        tx.commit().await.unwrap();
        let mut tx = t.db.read().await.unwrap();
        let u = o::get_org_unit(&mut tx, n.town_a.id).await.unwrap();
        assert_eq!((u.code.as_str(), u.name.as_str(), u.sort_order), ("150626199", "新嘎鲁图镇", 9));
        assert_eq!((u.path, u.parent_id, u.level), (n.town_a.path.clone(), Some(n.banner.id), "town".to_owned()));
        t
    })
    .await;
}

#[tokio::test]
async fn a_duplicate_org_unit_code_is_refused_as_a_duplicate() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let r = o::insert_org_unit(&mut tx, Some((n.banner.id, &n.banner.path)), "150626100", "重复镇", "town", 0, now()).await;
        assert!(matches!(r, Err(StoreError::Duplicate(_))), "{r:?}");
        drop(tx);
        let mut tx = t.db.begin().await.unwrap();
        let r = o::update_org_unit(&mut tx, n.town_b.id, "150626100", "乌审召镇", 2, now()).await;
        assert!(matches!(r, Err(StoreError::Duplicate(_))), "{r:?}");
        t
    })
    .await;
}

#[tokio::test]
async fn org_units_list_in_tree_order_with_siblings_by_sort_order() {
    each_backend(|t| async move {
        let mut tx = t.db.begin().await.unwrap();
        let banner = org_unit(&mut tx, None, "100", "旗", "banner", 0).await;
        let a = org_unit(&mut tx, Some(&banner), "110", "甲镇", "town", 2).await;
        let b = org_unit(&mut tx, Some(&banner), "120", "乙镇", "town", 1).await;
        let a1 = org_unit(&mut tx, Some(&a), "111", "甲一村", "village", 5).await;
        let a2 = org_unit(&mut tx, Some(&a), "112", "甲二村", "village", 4).await;
        // Inserted last, with the largest id: it must still come right after its parent.
        let b1 = org_unit(&mut tx, Some(&b), "121", "乙一村", "village", 0).await;
        tx.commit().await.unwrap();
        let mut tx = t.db.read().await.unwrap();
        let ids = |rows: Vec<o::OrgUnitRow>| rows.into_iter().map(|r| r.id).collect::<Vec<_>>();
        assert_eq!(ids(o::list_org_units(&mut tx, &Scope::All).await.unwrap()), vec![banner.id, b.id, b1.id, a.id, a2.id, a1.id]);
        assert_eq!(ids(o::list_org_units(&mut tx, &paths(&[&a.path])).await.unwrap()), vec![a.id, a2.id, a1.id]);
        // Two disjoint subtrees: each comes whole, in the order of their (hidden) ancestors.
        let two = ids(o::list_org_units(&mut tx, &paths(&[&a1.path, &b.path])).await.unwrap());
        assert_eq!(two, vec![b.id, b1.id, a1.id], "乙镇 (order 1) comes before 甲镇's village (甲镇 has order 2)");
        assert!(o::list_org_units(&mut tx, &Scope::Paths(vec![])).await.unwrap().is_empty());
        t
    })
    .await;
}

#[tokio::test]
async fn a_scope_sees_only_its_subtree_and_slash_1_slash_3_does_not_match_slash_1_slash_33() {
    each_backend(|t| async move {
        let (_banner, t3, t33) = look_alike_towns(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let v3 = org_unit(&mut tx, Some(&t3), "v3", "三镇一村", "village", 0).await;
        let v33 = org_unit(&mut tx, Some(&t33), "v33", "三十三镇一村", "village", 0).await;
        let s3 = site(&mut tx, &t3, "三镇便民服务中心", "town_centre").await;
        let s33 = site(&mut tx, &t33, "三十三镇便民服务中心", "town_centre").await;
        let z3 = zone(&mut tx, &s3, "综合受理区", 0).await;
        let z33 = zone(&mut tx, &s33, "综合受理区", 0).await;
        let w3 = window(&mut tx, &s3, &z3, "1").await;
        window(&mut tx, &s33, &z33, "1").await;
        let d = department(&mut tx, 1, "rsj", "人社局", "人社").await;
        let st3 = staff(&mut tx, &t3, &d, "张三", "13912345678").await;
        staff(&mut tx, &t33, &d, "李四", "13912345679").await;
        tx.commit().await.unwrap();
        assert_eq!(v33.path, "/1/33/35/");

        let scope = Scope::Paths(vec!["/1/3/".into()]);
        let mut tx = t.db.read().await.unwrap();
        let units: Vec<i64> = o::list_org_units(&mut tx, &scope).await.unwrap().iter().map(|u| u.id).collect();
        assert_eq!(units, vec![t3.id, v3.id]);
        let sites: Vec<i64> = o::list_sites(&mut tx, &scope).await.unwrap().iter().map(|s| s.id).collect();
        assert_eq!(sites, vec![s3.id]);
        let windows: Vec<i64> = o::list_windows(&mut tx, &scope, 0, 100).await.unwrap().iter().map(|w| w.id).collect();
        assert_eq!(windows, vec![w3.id]);
        let staff_ids: Vec<i64> = o::list_staff(&mut tx, &scope, None, 0, 100).await.unwrap().iter().map(|s| s.id).collect();
        assert_eq!(staff_ids, vec![st3.id]);
        assert_eq!(o::list_sites(&mut tx, &Scope::All).await.unwrap().len(), 2);
        t
    })
    .await;
}

#[tokio::test]
async fn an_org_unit_in_use_is_counted_and_only_an_unused_one_is_deleted() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let lone = org_unit(&mut tx, Some(&n.town_b), "150626101201", "空村", "village", 0).await;
        assert_eq!(o::count_org_unit_uses(&mut tx, lone.id).await.unwrap(), 0);
        // town A: one child village, one site, one staff member.
        assert_eq!(o::count_org_unit_uses(&mut tx, n.town_a.id).await.unwrap(), 3);
        user(&mut tx, &n.town_a, "clerk-a", None).await;
        assert_eq!(o::count_org_unit_uses(&mut tx, n.town_a.id).await.unwrap(), 4);
        // banner: two towns and the centre.
        assert_eq!(o::count_org_unit_uses(&mut tx, n.banner.id).await.unwrap(), 3);
        o::delete_org_unit(&mut tx, lone.id).await.unwrap();
        assert!(o::find_org_unit(&mut tx, lone.id).await.unwrap().is_none());
        assert_eq!(o::count_org_unit_uses(&mut tx, n.town_b.id).await.unwrap(), 2);
        tx.commit().await.unwrap();

        let mut tx = t.db.begin().await.unwrap();
        let r = o::delete_org_unit(&mut tx, n.village_a.id).await;
        assert!(r.is_ok(), "a leaf village without records may go: {r:?}");
        drop(tx);
        let mut tx = t.db.begin().await.unwrap();
        let r = o::delete_org_unit(&mut tx, n.town_a.id).await;
        assert!(matches!(r, Err(StoreError::Reference(_))), "a unit with children and sites is refused: {r:?}");
        drop(tx);
        let mut tx = t.db.read().await.unwrap();
        assert!(o::find_org_unit(&mut tx, n.town_a.id).await.unwrap().is_some());
        assert!(o::find_org_unit(&mut tx, n.village_a.id).await.unwrap().is_some(), "the dropped transaction rolled back");
        t
    })
    .await;
}

// ---------------------------------------------------------------- departments

#[tokio::test]
async fn departments_are_inserted_updated_found_by_id_and_code_and_listed_by_code() {
    each_backend(|t| async move {
        let mut tx = t.db.begin().await.unwrap();
        let banner = org_unit(&mut tx, None, "150626000", "乌审旗", "banner", 0).await;
        let s = department(&mut tx, banner.id, "scjgj", "乌审旗市场监督管理局", "市场监管").await;
        let r = department(&mut tx, banner.id, "rsj", "乌审旗人力资源和社会保障局", "人社").await;
        assert_eq!(
            (s.code.as_str(), s.short_name.as_str(), s.phone.as_deref(), s.active),
            ("scjgj", "市场监管", Some("0477-7561234"), true)
        );
        let f =
            DepartmentFields {
                org_unit_id: banner.id, code: "scj", name: "市场监管局", short_name: "市监", phone: None, active: false
            };
        o::update_department(&mut tx, s.id, &f, now()).await.unwrap();
        assert!(matches!(o::update_department(&mut tx, 9999, &f, now()).await, Err(StoreError::NotFound("department"))));
        tx.commit().await.unwrap();

        let mut tx = t.db.read().await.unwrap();
        let s2 = o::get_department(&mut tx, s.id).await.unwrap();
        assert_eq!(
            (s2.code.as_str(), s2.name.as_str(), s2.short_name.as_str(), s2.phone, s2.active),
            ("scj", "市场监管局", "市监", None, false)
        );
        assert_eq!(o::find_department(&mut tx, r.id).await.unwrap().unwrap().name, "乌审旗人力资源和社会保障局");
        assert!(o::find_department(&mut tx, 9999).await.unwrap().is_none());
        assert!(matches!(o::get_department(&mut tx, 9999).await, Err(StoreError::NotFound("department"))));
        assert_eq!(o::find_department_by_code(&mut tx, "rsj").await.unwrap().unwrap().id, r.id);
        assert!(o::find_department_by_code(&mut tx, "scjgj").await.unwrap().is_none(), "the old code is gone");
        let codes: Vec<String> = o::list_departments(&mut tx).await.unwrap().into_iter().map(|d| d.code).collect();
        assert_eq!(codes, vec!["rsj", "scj"]);
        t
    })
    .await;
}

#[tokio::test]
async fn a_duplicate_department_code_or_name_is_a_duplicate() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let f =
            DepartmentFields { org_unit_id: n.banner.id, code: "rsj", name: "另一个局", short_name: "另", phone: None, active: true };
        let r = o::insert_department(&mut tx, &f, now()).await;
        assert!(matches!(r, Err(StoreError::Duplicate(_))), "{r:?}");
        drop(tx);
        let mut tx = t.db.begin().await.unwrap();
        let f = DepartmentFields {
            org_unit_id: n.banner.id,
            code: "ljj",
            name: "乌审旗市场监督管理局",
            short_name: "另",
            phone: None,
            active: true,
        };
        let r = o::insert_department(&mut tx, &f, now()).await;
        assert!(matches!(r, Err(StoreError::Duplicate(_))), "{r:?}");
        drop(tx);
        let mut tx = t.db.read().await.unwrap();
        assert_eq!(o::list_departments(&mut tx).await.unwrap().len(), 2);
        t
    })
    .await;
}

// ---------------------------------------------------------------- sites

#[tokio::test]
async fn sites_carry_their_org_unit_and_update_in_place() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        assert_eq!((n.site_a.org_path.as_str(), n.site_a.org_name.as_str()), (n.town_a.path.as_str(), "嘎鲁图镇"));
        assert_eq!(
            (n.site_a.kind.as_str(), n.site_a.hours_weekday.as_str(), n.site_a.active),
            ("town_centre", "09:00-12:00,13:30-17:30", true)
        );
        let mut tx = t.db.begin().await.unwrap();
        let mut f = site_fields(n.town_a.id, "嘎鲁图镇政务服务中心", "town_centre");
        f.hours_weekend = "09:00-12:00";
        f.phone = None;
        f.active = false;
        o::update_site(&mut tx, n.site_a.id, &f, now()).await.unwrap();
        assert!(matches!(o::update_site(&mut tx, 9999, &f, now()).await, Err(StoreError::NotFound("site"))));
        tx.commit().await.unwrap();
        let mut tx = t.db.read().await.unwrap();
        let s = o::get_site(&mut tx, n.site_a.id).await.unwrap();
        assert_eq!((s.name.as_str(), s.hours_weekend.as_str(), s.phone, s.active), ("嘎鲁图镇政务服务中心", "09:00-12:00", None, false));
        assert_eq!(o::find_site(&mut tx, n.site_b.id).await.unwrap().unwrap().name, "乌审召镇便民服务中心");
        assert!(o::find_site(&mut tx, 9999).await.unwrap().is_none());
        assert!(matches!(o::get_site(&mut tx, 9999).await, Err(StoreError::NotFound("site"))));
        t
    })
    .await;
}

#[tokio::test]
async fn sites_list_banner_centre_first_and_only_within_scope() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let station = site(&mut tx, &n.village_a, "巴音温都尔嘎查便民服务站", "station").await;
        tx.commit().await.unwrap();
        let mut tx = t.db.read().await.unwrap();
        let ids = |v: Vec<o::SiteRow>| v.into_iter().map(|s| s.id).collect::<Vec<_>>();
        assert_eq!(ids(o::list_sites(&mut tx, &Scope::All).await.unwrap()), vec![n.centre.id, n.site_a.id, n.site_b.id, station.id]);
        assert_eq!(ids(o::list_sites(&mut tx, &paths(&[&n.town_a.path])).await.unwrap()), vec![n.site_a.id, station.id]);
        assert_eq!(ids(o::list_sites(&mut tx, &paths(&[&n.town_b.path])).await.unwrap()), vec![n.site_b.id]);
        assert!(o::list_sites(&mut tx, &Scope::Paths(vec![])).await.unwrap().is_empty());
        t
    })
    .await;
}

#[tokio::test]
async fn a_duplicate_site_name_is_a_duplicate() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let r = o::insert_site(&mut tx, &site_fields(n.town_b.id, "嘎鲁图镇便民服务中心", "town_centre"), now()).await;
        assert!(matches!(r, Err(StoreError::Duplicate(_))), "{r:?}");
        t
    })
    .await;
}

// ---------------------------------------------------------------- zones

#[tokio::test]
async fn zones_list_by_sort_order_and_only_an_empty_one_is_deleted() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let waiting = zone(&mut tx, &n.site_a, "等候区", -1).await;
        assert_eq!((waiting.site_id, waiting.org_unit_id, waiting.floor.as_deref()), (n.site_a.id, n.town_a.id, Some("1")));
        let f = ZoneFields { name: "休息等候区", kind: "waiting", floor: None, sort_order: 7 };
        o::update_zone(&mut tx, waiting.id, &f, now()).await.unwrap();
        assert!(matches!(o::update_zone(&mut tx, 9999, &f, now()).await, Err(StoreError::NotFound("zone"))));
        tx.commit().await.unwrap();

        let mut tx = t.db.begin().await.unwrap();
        let z = o::get_zone(&mut tx, waiting.id).await.unwrap();
        assert_eq!((z.name.as_str(), z.kind.as_str(), z.floor, z.sort_order), ("休息等候区", "waiting", None, 7));
        let names: Vec<String> = o::list_zones(&mut tx, n.site_a.id).await.unwrap().into_iter().map(|z| z.name).collect();
        assert_eq!(names, vec!["综合受理区", "休息等候区"]);
        assert_eq!(o::count_zone_windows(&mut tx, n.zone_a.id).await.unwrap(), 1);
        assert_eq!(o::count_zone_windows(&mut tx, waiting.id).await.unwrap(), 0);
        o::delete_zone(&mut tx, waiting.id).await.unwrap();
        assert!(o::find_zone(&mut tx, waiting.id).await.unwrap().is_none());
        assert!(matches!(o::get_zone(&mut tx, waiting.id).await, Err(StoreError::NotFound("zone"))));
        assert_eq!(o::list_zones(&mut tx, n.site_a.id).await.unwrap().len(), 1);
        tx.commit().await.unwrap();

        let mut tx = t.db.begin().await.unwrap();
        let r = o::delete_zone(&mut tx, n.zone_a.id).await;
        assert!(matches!(r, Err(StoreError::Reference(_))), "a zone with windows is kept by its foreign key: {r:?}");
        t
    })
    .await;
}

#[tokio::test]
async fn a_duplicate_zone_name_in_a_site_is_a_duplicate_but_fine_in_another_site() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        zone(&mut tx, &n.centre, "综合受理区", 0).await;
        let f = ZoneFields { name: "综合受理区", kind: "comprehensive", floor: None, sort_order: 0 };
        let r = o::insert_zone(&mut tx, n.site_a.id, n.town_a.id, &f, now()).await;
        assert!(matches!(r, Err(StoreError::Duplicate(_))), "{r:?}");
        t
    })
    .await;
}

// ---------------------------------------------------------------- windows

#[tokio::test]
async fn windows_are_inserted_with_their_zone_and_site_names_and_updated_in_place() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let w = &n.window_a;
        assert_eq!((w.site_id, w.org_unit_id, w.zone_id), (n.site_a.id, n.town_a.id, n.zone_a.id));
        assert_eq!((w.number.as_str(), w.name.as_str(), w.kind.as_str(), w.active), ("1", "1 号窗口", "comprehensive", true));
        assert_eq!(
            (w.zone_name.as_str(), w.site_name.as_str(), w.org_path.as_str()),
            ("综合受理区", "嘎鲁图镇便民服务中心", n.town_a.path.as_str())
        );
        let mut tx = t.db.begin().await.unwrap();
        let z2 = zone(&mut tx, &n.site_a, "企业服务专区", 1).await;
        let f = WindowFields { zone_id: z2.id, number: "A-01", name: "企业开办", kind: "enterprise", active: false };
        o::update_window(&mut tx, w.id, &f, now()).await.unwrap();
        assert!(matches!(o::update_window(&mut tx, 9999, &f, now()).await, Err(StoreError::NotFound("window"))));
        tx.commit().await.unwrap();
        let mut tx = t.db.read().await.unwrap();
        let w2 = o::get_window(&mut tx, w.id).await.unwrap();
        assert_eq!((w2.zone_id, w2.zone_name.as_str(), w2.number.as_str(), w2.name.as_str()), (z2.id, "企业服务专区", "A-01", "企业开办"));
        assert_eq!((w2.kind.as_str(), w2.active), ("enterprise", false));
        assert!(o::find_window(&mut tx, 9999).await.unwrap().is_none());
        assert!(matches!(o::get_window(&mut tx, 9999).await, Err(StoreError::NotFound("window"))));
        t
    })
    .await;
}

#[tokio::test]
async fn a_site_lists_its_windows_by_zone_then_by_number_as_painted() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let later = zone(&mut tx, &n.site_a, "后区", 5).await;
        let earlier = zone(&mut tx, &n.site_a, "前区", -5).await;
        window(&mut tx, &n.site_a, &later, "0").await;
        window(&mut tx, &n.site_a, &n.zone_a, "10").await;
        window(&mut tx, &n.site_a, &n.zone_a, "2").await;
        window(&mut tx, &n.site_a, &n.zone_a, "A-1").await;
        window(&mut tx, &n.site_a, &earlier, "99").await;
        tx.commit().await.unwrap();
        let mut tx = t.db.read().await.unwrap();
        let numbers: Vec<String> = o::list_site_windows(&mut tx, n.site_a.id).await.unwrap().into_iter().map(|w| w.number).collect();
        assert_eq!(numbers, vec!["99", "1", "2", "10", "A-1", "0"]);
        let other: Vec<i64> = o::list_site_windows(&mut tx, n.site_b.id).await.unwrap().into_iter().map(|w| w.id).collect();
        assert_eq!(other, vec![n.window_b.id]);
        t
    })
    .await;
}

#[tokio::test]
async fn windows_list_a_page_at_a_time_within_scope() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let mut in_a = vec![n.window_a.id];
        for no in ["2", "3", "4"] {
            in_a.push(window(&mut tx, &n.site_a, &n.zone_a, no).await.id);
            window(&mut tx, &n.site_b, &n.zone_b, no).await;
        }
        tx.commit().await.unwrap();
        let scope = paths(&[&n.town_a.path]);
        let mut tx = t.db.read().await.unwrap();
        let ids = |v: Vec<o::WindowRow>| v.into_iter().map(|w| w.id).collect::<Vec<_>>();
        let p1 = ids(o::list_windows(&mut tx, &scope, 0, 3).await.unwrap());
        assert_eq!(p1, in_a[..3]);
        let p2 = ids(o::list_windows(&mut tx, &scope, p1[2], 3).await.unwrap());
        assert_eq!(p2, in_a[3..]);
        assert!(o::list_windows(&mut tx, &scope, in_a[3], 3).await.unwrap().is_empty());
        assert_eq!(o::list_windows(&mut tx, &Scope::All, 0, 100).await.unwrap().len(), 8);
        t
    })
    .await;
}

#[tokio::test]
async fn a_windows_departments_are_replaced_as_a_set() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let (x, y) = (n.dept_x.id, n.dept_y.id);
        let mut tx = t.db.begin().await.unwrap();
        o::set_window_departments(&mut tx, n.window_a.id, &[y, x, x]).await.unwrap();
        o::set_window_departments(&mut tx, n.window_b.id, &[y]).await.unwrap();
        tx.commit().await.unwrap();
        let mut tx = t.db.begin().await.unwrap();
        let mut expected = vec![x, y];
        expected.sort();
        assert_eq!(o::list_window_department_ids(&mut tx, n.window_a.id).await.unwrap(), expected);
        let links: Vec<(i64, i64, String)> = o::list_site_window_departments(&mut tx, n.site_a.id)
            .await
            .unwrap()
            .into_iter()
            .map(|l| (l.window_id, l.department_id, l.short_name))
            .collect();
        // ordered by department code: rsj (x) before scjgj (y)
        assert_eq!(links, vec![(n.window_a.id, x, "人社".to_owned()), (n.window_a.id, y, "市场监管".to_owned())]);
        o::set_window_departments(&mut tx, n.window_a.id, &[y]).await.unwrap();
        assert_eq!(o::list_window_department_ids(&mut tx, n.window_a.id).await.unwrap(), vec![y]);
        o::set_window_departments(&mut tx, n.window_a.id, &[]).await.unwrap();
        assert!(o::list_window_department_ids(&mut tx, n.window_a.id).await.unwrap().is_empty());
        assert!(o::list_site_window_departments(&mut tx, n.site_a.id).await.unwrap().is_empty());
        assert_eq!(o::list_window_department_ids(&mut tx, n.window_b.id).await.unwrap(), vec![y], "another window is untouched");
        t
    })
    .await;
}

#[tokio::test]
async fn a_duplicate_window_number_in_a_site_is_a_duplicate_but_fine_in_another_site() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let f = WindowFields { zone_id: n.zone_a.id, number: "1", name: "重复", kind: "comprehensive", active: true };
        let r = o::insert_window(&mut tx, n.site_a.id, n.town_a.id, &f, now()).await;
        assert!(matches!(r, Err(StoreError::Duplicate(_))), "{r:?}");
        drop(tx);
        let mut tx = t.db.begin().await.unwrap();
        let w2 = window(&mut tx, &n.site_a, &n.zone_a, "2").await;
        let f = WindowFields { zone_id: n.zone_a.id, number: "1", name: "改号", kind: "comprehensive", active: true };
        let r = o::update_window(&mut tx, w2.id, &f, now()).await;
        assert!(matches!(r, Err(StoreError::Duplicate(_))), "renumbering onto a taken number: {r:?}");
        drop(tx);
        let mut tx = t.db.read().await.unwrap();
        assert_eq!(o::list_site_windows(&mut tx, n.site_a.id).await.unwrap().len(), 1);
        t
    })
    .await;
}

// ---------------------------------------------------------------- staff

#[tokio::test]
async fn staff_records_keep_the_phone_encrypted_and_join_department_and_org() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let s = &n.staff_a;
        assert_eq!((s.org_unit_id, s.department_id, s.name.as_str()), (n.town_a.id, n.dept_x.id, "张三"));
        assert_eq!((s.department_name.as_str(), s.org_name.as_str(), s.org_path.as_str()), ("人社", "嘎鲁图镇", n.town_a.path.as_str()));
        assert_eq!((s.grade.as_str(), s.active, s.photo_sha256.as_deref()), ("junior", true, None));
        assert_eq!(s.stationed_since, NaiveDate::from_ymd_opt(2024, 3, 1).unwrap());
        assert_eq!(s.phone_masked, "139****5678");
        assert!(!s.phone_enc.windows(11).any(|w| w == b"13912345678"), "no clear phone in the ciphertext");
        assert_eq!(cipher().decrypt(&s.phone_enc).unwrap(), "13912345678");

        let (enc, hash, masked) = phone_parts("13700001111");
        let f = StaffFields {
            org_unit_id: n.town_b.id,
            department_id: n.dept_y.id,
            name: "张三丰",
            stationed_since: NaiveDate::from_ymd_opt(2025, 1, 2).unwrap(),
            grade: "senior",
            phone_enc: &enc,
            phone_hash: &hash,
            phone_masked: &masked,
            active: false,
        };
        let mut tx = t.db.begin().await.unwrap();
        o::update_staff(&mut tx, s.id, &f, now()).await.unwrap();
        assert!(matches!(o::update_staff(&mut tx, 9999, &f, now()).await, Err(StoreError::NotFound("staff"))));
        tx.commit().await.unwrap();
        let mut tx = t.db.read().await.unwrap();
        let s2 = o::get_staff(&mut tx, s.id).await.unwrap();
        assert_eq!(
            (s2.org_unit_id, s2.department_name.as_str(), s2.name.as_str(), s2.grade.as_str(), s2.active),
            (n.town_b.id, "市场监管", "张三丰", "senior", false)
        );
        assert_eq!((s2.stationed_since, s2.phone_masked.as_str()), (NaiveDate::from_ymd_opt(2025, 1, 2).unwrap(), "137****1111"));
        assert_eq!(cipher().decrypt(&s2.phone_enc).unwrap(), "13700001111");
        assert!(o::find_staff(&mut tx, 9999).await.unwrap().is_none());
        assert!(matches!(o::get_staff(&mut tx, 9999).await, Err(StoreError::NotFound("staff"))));
        t
    })
    .await;
}

#[tokio::test]
async fn staff_list_by_department_a_page_at_a_time_within_scope() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let mut xs_in_a = vec![n.staff_a.id];
        for i in 0..3 {
            xs_in_a.push(staff(&mut tx, &n.town_a, &n.dept_x, &format!("人社{i}"), &format!("1390000000{i}")).await.id);
        }
        let y_in_a = staff(&mut tx, &n.town_a, &n.dept_y, "市监甲", "13900000009").await.id;
        let x_in_village = staff(&mut tx, &n.village_a, &n.dept_x, "村里人", "13900000008").await.id;
        tx.commit().await.unwrap();
        let scope = paths(&[&n.town_a.path]);
        let mut tx = t.db.read().await.unwrap();
        let ids = |v: Vec<o::StaffRow>| v.into_iter().map(|s| s.id).collect::<Vec<_>>();
        let all_x = ids(o::list_staff(&mut tx, &scope, Some(n.dept_x.id), 0, 100).await.unwrap());
        let mut expected = xs_in_a.clone();
        expected.push(x_in_village);
        assert_eq!(all_x, expected);
        let p1 = ids(o::list_staff(&mut tx, &scope, Some(n.dept_x.id), 0, 2).await.unwrap());
        assert_eq!(p1, expected[..2]);
        let p2 = ids(o::list_staff(&mut tx, &scope, Some(n.dept_x.id), p1[1], 2).await.unwrap());
        assert_eq!(p2, expected[2..4]);
        let p3 = ids(o::list_staff(&mut tx, &scope, Some(n.dept_x.id), p2[1], 2).await.unwrap());
        assert_eq!(p3, expected[4..]);
        assert_eq!(ids(o::list_staff(&mut tx, &scope, Some(n.dept_y.id), 0, 100).await.unwrap()), vec![y_in_a]);
        assert_eq!(o::list_staff(&mut tx, &scope, None, 0, 100).await.unwrap().len(), 6);
        assert_eq!(o::list_staff(&mut tx, &Scope::All, None, 0, 100).await.unwrap().len(), 7);
        t
    })
    .await;
}

#[tokio::test]
async fn a_staff_photo_must_be_a_recorded_file() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let sha = "ab".repeat(32);
        let mut tx = t.db.begin().await.unwrap();
        store::files::record(&mut tx, &sha, "image/png", 10, now()).await.unwrap();
        o::set_staff_photo(&mut tx, n.staff_a.id, &sha, now()).await.unwrap();
        tx.commit().await.unwrap();
        let mut tx = t.db.begin().await.unwrap();
        assert_eq!(o::get_staff(&mut tx, n.staff_a.id).await.unwrap().photo_sha256, Some(sha.clone()));
        assert_eq!(o::get_staff(&mut tx, n.staff_b.id).await.unwrap().photo_sha256, None);
        let r = o::set_staff_photo(&mut tx, n.staff_b.id, &"cd".repeat(32), now()).await;
        assert!(matches!(r, Err(StoreError::Reference(_))), "{r:?}");
        t
    })
    .await;
}

#[tokio::test]
async fn staff_are_found_by_the_blind_index_of_their_phone() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let c = cipher();
        let mut tx = t.db.read().await.unwrap();
        assert_eq!(o::find_staff_by_phone_hash(&mut tx, &c.blind_index("phone", "13912345678")).await.unwrap(), vec![n.staff_a.id]);
        assert_eq!(o::find_staff_by_phone_hash(&mut tx, &c.blind_index("phone", "13887654321")).await.unwrap(), vec![n.staff_b.id]);
        assert!(o::find_staff_by_phone_hash(&mut tx, &c.blind_index("phone", "13000000000")).await.unwrap().is_empty());
        assert!(o::find_staff_by_phone_hash(&mut tx, "13912345678").await.unwrap().is_empty(), "the clear number is not the index");
        t
    })
    .await;
}

// ---------------------------------------------------------------- seats

#[tokio::test]
async fn seating_someone_replaces_their_previous_seat_and_the_windows_previous_occupant() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let day = today();
        let tomorrow = day.succ_opt().unwrap();
        let mut tx = t.db.begin().await.unwrap();
        let w2 = window(&mut tx, &n.site_a, &n.zone_a, "2").await;
        let zhao = staff(&mut tx, &n.town_a, &n.dept_y, "赵五", "13911112222").await;
        o::seat_staff(&mut tx, day, n.staff_a.id, &n.window_a, now()).await.unwrap();
        o::seat_staff(&mut tx, day, zhao.id, &w2, now()).await.unwrap();
        o::seat_staff(&mut tx, tomorrow, n.staff_a.id, &n.window_a, now()).await.unwrap();
        tx.commit().await.unwrap();

        let mut tx = t.db.begin().await.unwrap();
        let seats: Vec<(String, String)> =
            o::list_site_seats(&mut tx, n.site_a.id, day).await.unwrap().into_iter().map(|s| (s.window_number, s.staff_name)).collect();
        assert_eq!(seats, vec![("1".to_owned(), "张三".to_owned()), ("2".to_owned(), "赵五".to_owned())]);
        let seat = o::find_staff_seat(&mut tx, zhao.id, day).await.unwrap().unwrap();
        assert_eq!((seat.day, seat.window_id, seat.site_id, seat.staff_id), (day, w2.id, n.site_a.id, zhao.id));

        // 张三 moves to window 2: his seat at window 1 and 赵五's seat at window 2 both go.
        o::seat_staff(&mut tx, day, n.staff_a.id, &w2, now()).await.unwrap();
        let seats: Vec<(i64, i64)> =
            o::list_site_seats(&mut tx, n.site_a.id, day).await.unwrap().into_iter().map(|s| (s.window_id, s.staff_id)).collect();
        assert_eq!(seats, vec![(w2.id, n.staff_a.id)]);
        assert!(o::find_staff_seat(&mut tx, zhao.id, day).await.unwrap().is_none());
        assert_eq!(
            o::find_staff_seat(&mut tx, n.staff_a.id, tomorrow).await.unwrap().unwrap().window_id,
            n.window_a.id,
            "another day is untouched"
        );

        o::unseat_window(&mut tx, day, w2.id).await.unwrap();
        assert!(o::list_site_seats(&mut tx, n.site_a.id, day).await.unwrap().is_empty());
        assert!(o::find_staff_seat(&mut tx, n.staff_a.id, day).await.unwrap().is_none());
        assert_eq!(o::list_site_seats(&mut tx, n.site_a.id, tomorrow).await.unwrap().len(), 1);
        assert!(o::list_site_seats(&mut tx, n.site_b.id, tomorrow).await.unwrap().is_empty());
        t
    })
    .await;
}
