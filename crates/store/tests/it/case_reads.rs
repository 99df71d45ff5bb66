//! The reads behind the case pages: the items a window accepts, with the version in effect.

use chrono::Duration;
use store::cases::list_window_accepted_items;
use store::catalog as c;
use testkit::each_backend;

use crate::common::{item, net, now, today, version, ymd};

#[tokio::test]
async fn a_window_accepts_its_departments_items_and_those_authorised_one_by_one_each_in_its_current_version() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        // X1: department X, v1 in effect, v2 only from tomorrow. X2: department X, drafts only.
        let (x1, x1v1) = item(&mut tx, &n.banner, &n.dept_x, "X1", "甲一").await;
        c::set_version_status(&mut tx, x1v1, "published", "发布人", Some(ymd(2026, 1, 5)), now()).await.unwrap();
        version(&mut tx, x1, "甲二", "published", Some(today() + Duration::days(1))).await;
        item(&mut tx, &n.banner, &n.dept_x, "X2", "甲草稿").await;
        // Y1: department Y, published; authorised one by one to window B below.
        let (y1, y1v1) = item(&mut tx, &n.banner, &n.dept_y, "Y1", "乙一").await;
        c::set_version_status(&mut tx, y1v1, "published", "发布人", Some(today()), now()).await.unwrap();
        store::org::set_window_departments(&mut tx, n.window_a.id, &[n.dept_x.id]).await.unwrap();
        store::org::set_window_departments(&mut tx, n.window_b.id, &[n.dept_x.id]).await.unwrap();
        c::set_window_item(&mut tx, n.window_b.id, y1, true).await.unwrap();
        tx.commit().await.unwrap();

        let mut tx = t.db.begin().await.unwrap();
        let a = list_window_accepted_items(&mut tx, n.window_a.id, today()).await.unwrap();
        let got: Vec<(i64, i64, &str)> = a.iter().map(|r| (r.item_id, r.version_id, r.name.as_str())).collect();
        assert_eq!(got, vec![(x1, x1v1, "甲一")], "by department, the version in effect, no draft-only item");
        assert_eq!((a[0].basic_code.as_str(), a[0].department_id), ("X1", n.dept_x.id));
        let b: Vec<i64> = list_window_accepted_items(&mut tx, n.window_b.id, today()).await.unwrap().iter().map(|r| r.item_id).collect();
        assert_eq!(b.len(), 2, "{b:?}");
        assert!(b.contains(&x1) && b.contains(&y1), "plus the one authorised one by one: {b:?}");
        let later = list_window_accepted_items(&mut tx, n.window_a.id, today() + Duration::days(1)).await.unwrap();
        assert_eq!(later.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), vec!["甲二"], "tomorrow's version");
        // An inactive window accepts nothing; an unknown one neither.
        let w = store::org::get_window(&mut tx, n.window_a.id).await.unwrap();
        let f = store::org::WindowFields { zone_id: w.zone_id, number: &w.number, name: &w.name, kind: &w.kind, active: false };
        store::org::update_window(&mut tx, w.id, &f, now()).await.unwrap();
        assert!(list_window_accepted_items(&mut tx, w.id, today()).await.unwrap().is_empty());
        assert!(list_window_accepted_items(&mut tx, 999_999, today()).await.unwrap().is_empty());
        t
    })
    .await;
}
