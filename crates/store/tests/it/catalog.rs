//! The service-item catalogue: items, their versions and life cycle, the version in effect on a
//! day, where items are implemented, and which windows are authorised for them.

use chrono::{Duration, NaiveDate};
use store::StoreError;
use store::catalog::{self as c, VersionFields};
use testkit::each_backend;

use crate::common::{count, exec, item, net, now, site, today, version, version_fields, window, ymd, zone};

// ---------------------------------------------------------------- items

#[tokio::test]
async fn an_item_is_found_by_id_and_by_code_with_its_department() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let a = c::insert_item(&mut tx, n.banner.id, "11150626MB0000001", n.dept_x.id, now()).await.unwrap();
        let b = c::insert_item(&mut tx, n.town_a.id, "11150626MB0000002", n.dept_y.id, now()).await.unwrap();
        tx.commit().await.unwrap();

        let mut tx = t.db.read().await.unwrap();
        let found = c::find_item(&mut tx, a).await.unwrap().unwrap();
        assert_eq!((found.id, found.org_unit_id, found.basic_code.as_str()), (a, n.banner.id, "11150626MB0000001"));
        assert_eq!((found.department_id, found.department_code.as_str(), found.department_name.as_str()), (n.dept_x.id, "rsj", "人社"));
        let got = c::get_item(&mut tx, b).await.unwrap();
        assert_eq!((got.org_unit_id, got.department_code.as_str(), got.department_name.as_str()), (n.town_a.id, "scjgj", "市场监管"));
        assert_eq!(c::find_item_by_code(&mut tx, "11150626MB0000002").await.unwrap().unwrap().id, b);
        assert!(c::find_item_by_code(&mut tx, "11150626MB9999999").await.unwrap().is_none());
        assert!(c::find_item(&mut tx, 9999).await.unwrap().is_none());
        assert!(matches!(c::get_item(&mut tx, 9999).await, Err(StoreError::NotFound("item"))));
        assert_eq!(c::list_items(&mut tx).await.unwrap().iter().map(|i| i.id).collect::<Vec<_>>(), vec![a, b]);
        t
    })
    .await;
}

#[tokio::test]
async fn no_items_are_listed_on_a_fresh_database() {
    each_backend(|t| async move {
        let mut tx = t.db.read().await.unwrap();
        assert!(c::list_items(&mut tx).await.unwrap().is_empty());
        assert!(c::list_version_summaries(&mut tx).await.unwrap().is_empty());
        assert!(c::list_current_versions(&mut tx, today()).await.unwrap().is_empty());
        assert!(c::list_all_item_sites(&mut tx).await.unwrap().is_empty());
        t
    })
    .await;
}

#[tokio::test]
async fn updating_an_item_changes_its_code_and_department_but_not_its_org_unit() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let a = c::insert_item(&mut tx, n.town_a.id, "11150626MB0000001", n.dept_x.id, now()).await.unwrap();
        c::update_item(&mut tx, a, "11150626MB0000009", n.dept_y.id, now() + Duration::hours(1)).await.unwrap();
        assert!(matches!(c::update_item(&mut tx, 9999, "x", n.dept_x.id, now()).await, Err(StoreError::NotFound("item"))));
        tx.commit().await.unwrap();

        let mut tx = t.db.read().await.unwrap();
        let i = c::get_item(&mut tx, a).await.unwrap();
        assert_eq!((i.basic_code.as_str(), i.department_id, i.department_name.as_str()), ("11150626MB0000009", n.dept_y.id, "市场监管"));
        assert_eq!(i.org_unit_id, n.town_a.id);
        assert!(c::find_item_by_code(&mut tx, "11150626MB0000001").await.unwrap().is_none(), "the old code is free again");
        t
    })
    .await;
}

#[tokio::test]
async fn a_duplicate_basic_code_is_refused_as_a_duplicate() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        c::insert_item(&mut tx, n.banner.id, "11150626MB0000001", n.dept_x.id, now()).await.unwrap();
        let b = c::insert_item(&mut tx, n.banner.id, "11150626MB0000002", n.dept_x.id, now()).await.unwrap();
        tx.commit().await.unwrap();

        let mut tx = t.db.begin().await.unwrap();
        let r = c::insert_item(&mut tx, n.town_a.id, "11150626MB0000001", n.dept_y.id, now()).await;
        assert!(matches!(r, Err(StoreError::Duplicate(_))), "{r:?}");
        drop(tx);
        let mut tx = t.db.begin().await.unwrap();
        let r = c::update_item(&mut tx, b, "11150626MB0000001", n.dept_x.id, now()).await;
        assert!(matches!(r, Err(StoreError::Duplicate(_))), "{r:?}");
        drop(tx);
        let mut tx = t.db.read().await.unwrap();
        assert_eq!(c::list_items(&mut tx).await.unwrap().len(), 2);
        assert_eq!(c::get_item(&mut tx, b).await.unwrap().basic_code, "11150626MB0000002");
        t
    })
    .await;
}

#[tokio::test]
async fn an_item_of_a_missing_department_is_refused_as_a_broken_reference() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let r = c::insert_item(&mut tx, n.banner.id, "11150626MB0000001", 9999, now()).await;
        assert!(matches!(r, Err(StoreError::Reference(_))), "{r:?}");
        t
    })
    .await;
}

// ---------------------------------------------------------------- versions

#[tokio::test]
async fn version_numbers_count_up_from_one_for_each_item() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let a = c::insert_item(&mut tx, n.banner.id, "A1", n.dept_x.id, now()).await.unwrap();
        let b = c::insert_item(&mut tx, n.banner.id, "B1", n.dept_x.id, now()).await.unwrap();
        assert_eq!(c::next_version_no(&mut tx, a).await.unwrap(), 1, "an item without versions starts at 1");
        c::insert_version(&mut tx, a, 1, &version_fields("甲", "{}"), "admin", now()).await.unwrap();
        assert_eq!(c::next_version_no(&mut tx, a).await.unwrap(), 2);
        c::insert_version(&mut tx, a, 2, &version_fields("甲", "{}"), "admin", now()).await.unwrap();
        assert_eq!(c::next_version_no(&mut tx, a).await.unwrap(), 3);
        assert_eq!(c::next_version_no(&mut tx, b).await.unwrap(), 1, "numbers are per item");
        assert_eq!(c::next_version_no(&mut tx, 9999).await.unwrap(), 1);
        tx.commit().await.unwrap();

        let mut tx = t.db.begin().await.unwrap();
        let r = c::insert_version(&mut tx, a, 2, &version_fields("甲", "{}"), "admin", now()).await;
        assert!(matches!(r, Err(StoreError::Duplicate(_))), "a version number is taken once per item: {r:?}");
        drop(tx);
        let mut tx = t.db.begin().await.unwrap();
        let r = c::insert_version(&mut tx, 9999, 1, &version_fields("无", "{}"), "admin", now()).await;
        assert!(matches!(r, Err(StoreError::Reference(_))), "a version needs its item: {r:?}");
        t
    })
    .await;
}

#[tokio::test]
async fn a_new_version_is_an_unstamped_draft_holding_its_fields_and_content() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let a = c::insert_item(&mut tx, n.banner.id, "A1", n.dept_x.id, now()).await.unwrap();
        let f = VersionFields {
            name: "城乡居民养老保险参保登记",
            item_type: "public_service",
            online_depth: "one_visit",
            statutory_days: 15,
            promised_days: 1,
            content: r#"{"materials":[{"name":"身份证"}]}"#,
            change_note: "首次录入",
        };
        let v = c::insert_version(&mut tx, a, 1, &f, "管理员甲", now()).await.unwrap();
        tx.commit().await.unwrap();

        let mut tx = t.db.read().await.unwrap();
        let row = c::find_version(&mut tx, v).await.unwrap().unwrap();
        let s = &row.summary;
        assert_eq!((s.id, s.item_id, s.version_no, s.status.as_str()), (v, a, 1, "draft"));
        assert_eq!(
            (s.name.as_str(), s.item_type.as_str(), s.online_depth.as_str(), s.statutory_days, s.promised_days, s.change_note.as_str()),
            ("城乡居民养老保险参保登记", "public_service", "one_visit", 15, 1, "首次录入")
        );
        assert_eq!(row.content, r#"{"materials":[{"name":"身份证"}]}"#);
        assert_eq!(s.created_by, "管理员甲");
        assert_eq!((&s.submitted_by, &s.approved_by, &s.published_by, s.effective_date), (&None, &None, &None, None));
        assert_eq!(s.updated_at, now());
        assert_eq!(c::get_version(&mut tx, v).await.unwrap().summary.name, "城乡居民养老保险参保登记");
        assert!(c::find_version(&mut tx, 9999).await.unwrap().is_none());
        assert!(matches!(c::get_version(&mut tx, 9999).await, Err(StoreError::NotFound("item version"))));
        t
    })
    .await;
}

#[tokio::test]
async fn updating_a_version_replaces_its_fields_and_content_but_not_its_number_or_status() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let (a, v) = item(&mut tx, &n.banner, &n.dept_x, "A1", "旧名称").await;
        let later = now() + Duration::minutes(5);
        let f = VersionFields {
            name: "新名称",
            item_type: "administrative_confirmation",
            online_depth: "none",
            statutory_days: 30,
            promised_days: 10,
            content: r#"{"x":1}"#,
            change_note: "改名",
        };
        c::update_version(&mut tx, v, &f, later).await.unwrap();
        assert!(matches!(c::update_version(&mut tx, 9999, &f, later).await, Err(StoreError::NotFound("item version"))));
        tx.commit().await.unwrap();

        let mut tx = t.db.read().await.unwrap();
        let row = c::get_version(&mut tx, v).await.unwrap();
        let s = &row.summary;
        assert_eq!(
            (s.name.as_str(), s.item_type.as_str(), s.online_depth.as_str(), s.statutory_days, s.promised_days, s.change_note.as_str()),
            ("新名称", "administrative_confirmation", "none", 30, 10, "改名")
        );
        assert_eq!(row.content, r#"{"x":1}"#);
        assert_eq!((s.item_id, s.version_no, s.status.as_str(), s.created_by.as_str()), (a, 1, "draft", "admin"));
        assert_eq!(s.updated_at, later);
        t
    })
    .await;
}

#[tokio::test]
async fn each_status_step_stamps_its_own_column_and_publishing_sets_the_effective_date() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let (_, v) = item(&mut tx, &n.banner, &n.dept_x, "A1", "甲").await;
        tx.commit().await.unwrap();

        let step = |status: &'static str, by: &'static str, effective, minutes| {
            let db = t.db.clone();
            async move {
                let mut tx = db.begin().await.unwrap();
                c::set_version_status(&mut tx, v, status, by, effective, now() + Duration::minutes(minutes)).await.unwrap();
                let s = c::get_version(&mut tx, v).await.unwrap().summary;
                tx.commit().await.unwrap();
                s
            }
        };
        let s = step("submitted", "经办人", None, 1).await;
        assert_eq!(s.status, "submitted");
        assert_eq!((s.submitted_by.as_deref(), s.approved_by.as_deref(), s.published_by.as_deref()), (Some("经办人"), None, None));
        assert_eq!((s.effective_date, s.updated_at), (None, now() + Duration::minutes(1)));

        let s = step("approved", "审核人", None, 2).await;
        assert_eq!(s.status, "approved");
        assert_eq!(
            (s.submitted_by.as_deref(), s.approved_by.as_deref(), s.published_by.as_deref()),
            (Some("经办人"), Some("审核人"), None)
        );
        assert_eq!((s.effective_date, s.updated_at), (None, now() + Duration::minutes(2)));

        let s = step("published", "发布人", Some(ymd(2026, 3, 9)), 3).await;
        assert_eq!(s.status, "published");
        assert_eq!(
            (s.submitted_by.as_deref(), s.approved_by.as_deref(), s.published_by.as_deref()),
            (Some("经办人"), Some("审核人"), Some("发布人"))
        );
        assert_eq!((s.effective_date, s.updated_at), (Some(ymd(2026, 3, 9)), now() + Duration::minutes(3)));
        assert_eq!(s.created_by, "admin", "the author is never restamped");
        t
    })
    .await;
}

#[tokio::test]
async fn returning_a_version_to_draft_clears_its_review_trail_and_effective_date() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let (_, v) = item(&mut tx, &n.banner, &n.dept_x, "A1", "甲").await;
        c::set_version_status(&mut tx, v, "submitted", "经办人", None, now()).await.unwrap();
        c::set_version_status(&mut tx, v, "approved", "审核人", Some(ymd(2026, 3, 9)), now()).await.unwrap();
        c::set_version_status(&mut tx, v, "draft", "退回人", None, now() + Duration::minutes(1)).await.unwrap();
        let s = c::get_version(&mut tx, v).await.unwrap().summary;
        assert_eq!(s.status, "draft");
        assert_eq!((s.submitted_by.as_deref(), s.approved_by.as_deref(), s.published_by.as_deref()), (None, None, None));
        assert_eq!((s.effective_date, s.updated_at), (None, now() + Duration::minutes(1)));

        assert!(matches!(c::set_version_status(&mut tx, 999_999, "draft", "x", None, now()).await, Err(store::StoreError::NotFound(_))));
        // Submitted again by someone else: the new submitter is recorded.
        c::set_version_status(&mut tx, v, "submitted", "经办人乙", None, now()).await.unwrap();
        assert_eq!(c::get_version(&mut tx, v).await.unwrap().summary.submitted_by.as_deref(), Some("经办人乙"));
        t
    })
    .await;
}

#[tokio::test]
async fn an_items_versions_are_listed_newest_first_and_all_versions_by_item_then_number() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let (a, a1) = item(&mut tx, &n.banner, &n.dept_x, "A1", "甲").await;
        let (b, b1) = item(&mut tx, &n.banner, &n.dept_y, "B1", "乙").await;
        let a2 = version(&mut tx, a, "甲二", "published", Some(today())).await;
        let b2 = version(&mut tx, b, "乙二", "submitted", None).await;
        let a3 = version(&mut tx, a, "甲三", "draft", None).await;
        tx.commit().await.unwrap();

        let mut tx = t.db.read().await.unwrap();
        let of_a = c::list_item_versions(&mut tx, a).await.unwrap();
        assert_eq!(of_a.iter().map(|v| (v.id, v.version_no)).collect::<Vec<_>>(), vec![(a3, 3), (a2, 2), (a1, 1)]);
        assert_eq!(of_a.iter().map(|v| v.status.as_str()).collect::<Vec<_>>(), vec!["draft", "published", "draft"]);
        assert_eq!(of_a[1].effective_date, Some(today()));
        assert_eq!(c::list_item_versions(&mut tx, b).await.unwrap().iter().map(|v| v.id).collect::<Vec<_>>(), vec![b2, b1]);
        assert!(c::list_item_versions(&mut tx, 9999).await.unwrap().is_empty());

        let all = c::list_version_summaries(&mut tx).await.unwrap();
        assert_eq!(all.iter().map(|v| v.id).collect::<Vec<_>>(), vec![a1, a2, a3, b1, b2]);
        assert_eq!(all.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(), vec!["甲", "甲二", "甲三", "乙", "乙二"]);
        t
    })
    .await;
}

#[tokio::test]
async fn the_current_version_is_the_newest_published_one_already_in_effect() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        // Item A: v1 published in January, v2 published from today, v3 published for next month,
        // v4 a draft.
        let (a, a1) = item(&mut tx, &n.banner, &n.dept_x, "A1", "甲一").await;
        c::set_version_status(&mut tx, a1, "published", "发布人", Some(ymd(2026, 1, 5)), now()).await.unwrap();
        let a2 = version(&mut tx, a, "甲二", "published", Some(today())).await;
        let a3 = version(&mut tx, a, "甲三", "published", Some(ymd(2026, 4, 1))).await;
        version(&mut tx, a, "甲四", "draft", None).await;
        // Item B: only a draft and an approved version, both carrying an effective date in the past.
        let (b, b1) = item(&mut tx, &n.banner, &n.dept_y, "B1", "乙一").await;
        c::set_version_status(&mut tx, b1, "draft", "退回人", Some(ymd(2026, 1, 1)), now()).await.unwrap();
        version(&mut tx, b, "乙二", "approved", Some(ymd(2026, 1, 1))).await;
        // Item C: a single version published for next month.
        let (cc, c1) = item(&mut tx, &n.banner, &n.dept_y, "C1", "丙一").await;
        c::set_version_status(&mut tx, c1, "published", "发布人", Some(ymd(2026, 4, 1)), now()).await.unwrap();
        // Item D: published yesterday, then a newer version published for tomorrow.
        let (d, d1) = item(&mut tx, &n.banner, &n.dept_x, "D1", "丁一").await;
        c::set_version_status(&mut tx, d1, "published", "发布人", Some(today() - Duration::days(1)), now()).await.unwrap();
        let d2 = version(&mut tx, d, "丁二", "published", Some(today() + Duration::days(1))).await;
        tx.commit().await.unwrap();

        let mut tx = t.db.read().await.unwrap();
        let current = |rows: Vec<c::VersionRow>| rows.iter().map(|r| (r.summary.item_id, r.summary.id)).collect::<Vec<_>>();
        assert_eq!(current(c::list_current_versions(&mut tx, today()).await.unwrap()), vec![(a, a2), (d, d1)]);
        assert_eq!(current(c::list_current_versions(&mut tx, ymd(2026, 3, 1)).await.unwrap()), vec![(a, a1), (d, d1)]);
        assert_eq!(current(c::list_current_versions(&mut tx, ymd(2026, 1, 4)).await.unwrap()), vec![]);
        assert_eq!(current(c::list_current_versions(&mut tx, ymd(2026, 4, 1)).await.unwrap()), vec![(a, a3), (cc, c1), (d, d2)]);
        let row = c::list_current_versions(&mut tx, today()).await.unwrap().remove(0);
        assert_eq!((row.summary.name.as_str(), row.content.as_str()), ("甲二", "{}"), "the current version carries its content");

        let find = async |tx: &mut store::Tx, item_id: i64, day: NaiveDate| {
            c::find_current_version(tx, item_id, day).await.unwrap().map(|r| r.summary.id)
        };
        assert_eq!(find(&mut tx, a, today()).await, Some(a2));
        assert_eq!(find(&mut tx, a, ymd(2026, 3, 31)).await, Some(a2), "a future-dated version is not current yet");
        assert_eq!(find(&mut tx, a, ymd(2026, 4, 1)).await, Some(a3), "it becomes current on its effective date");
        assert_eq!(find(&mut tx, a, ymd(2026, 1, 5)).await, Some(a1));
        assert_eq!(find(&mut tx, a, ymd(2026, 1, 4)).await, None, "nothing was in effect before the first publication");
        assert_eq!(find(&mut tx, b, ymd(2026, 3, 2)).await, None, "drafts and approved versions never are");
        assert_eq!(find(&mut tx, cc, today()).await, None);
        assert_eq!(find(&mut tx, cc, ymd(2027, 1, 1)).await, Some(c1));
        assert_eq!(find(&mut tx, d, today()).await, Some(d1));
        assert_eq!(find(&mut tx, d, today() + Duration::days(1)).await, Some(d2));
        assert_eq!(find(&mut tx, 9999, today()).await, None);
        t
    })
    .await;
}

// ---------------------------------------------------------------- implementation and stationing

#[tokio::test]
async fn a_site_implementing_an_item_is_recorded_then_updated_in_place_and_deleted() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let (a, _) = item(&mut tx, &n.banner, &n.dept_x, "A1", "甲").await;
        c::upsert_item_site(&mut tx, a, n.site_b.id, n.town_b.id, true, None, "", now()).await.unwrap();
        c::upsert_item_site(&mut tx, a, n.site_a.id, n.town_a.id, false, Some("other"), "场地不足", now()).await.unwrap();
        tx.commit().await.unwrap();

        let mut tx = t.db.read().await.unwrap();
        let rows = c::list_item_sites(&mut tx, a).await.unwrap();
        assert_eq!(rows.len(), 2);
        let (ra, rb) = (&rows[0], &rows[1]);
        assert_eq!((ra.item_id, ra.site_id, ra.org_unit_id, ra.site_name.as_str()), (a, n.site_a.id, n.town_a.id, "嘎鲁图镇便民服务中心"));
        assert_eq!((ra.stationed, ra.negative_reason.as_deref(), ra.negative_note.as_str()), (false, Some("other"), "场地不足"));
        assert_eq!((rb.site_id, rb.stationed, rb.negative_reason.as_deref(), rb.negative_note.as_str()), (n.site_b.id, true, None, ""));
        drop(tx);

        let mut tx = t.db.begin().await.unwrap();
        c::upsert_item_site(&mut tx, a, n.site_a.id, n.town_a.id, true, None, "", now() + Duration::hours(1)).await.unwrap();
        tx.commit().await.unwrap();
        let mut tx = t.db.read().await.unwrap();
        let rows = c::list_item_sites(&mut tx, a).await.unwrap();
        assert_eq!(rows.len(), 2, "the second write replaced the first");
        assert_eq!(
            (rows[0].site_id, rows[0].stationed, rows[0].negative_reason.as_deref(), rows[0].negative_note.as_str()),
            (n.site_a.id, true, None, "")
        );
        assert_eq!(count(&t.db, "select count(*) from item_sites").await, 2);
        drop(tx);

        let mut tx = t.db.begin().await.unwrap();
        c::delete_item_site(&mut tx, a, n.site_b.id).await.unwrap();
        c::delete_item_site(&mut tx, a, n.site_b.id).await.unwrap();
        c::delete_item_site(&mut tx, 9999, n.site_a.id).await.unwrap();
        tx.commit().await.unwrap();
        let mut tx = t.db.read().await.unwrap();
        assert_eq!(c::list_item_sites(&mut tx, a).await.unwrap().iter().map(|r| r.site_id).collect::<Vec<_>>(), vec![n.site_a.id]);
        assert!(c::list_item_sites(&mut tx, 9999).await.unwrap().is_empty());
        t
    })
    .await;
}

#[tokio::test]
async fn every_implementation_record_is_listed_by_site_then_item() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let (a, _) = item(&mut tx, &n.banner, &n.dept_x, "A1", "甲").await;
        let (b, _) = item(&mut tx, &n.banner, &n.dept_y, "B1", "乙").await;
        c::upsert_item_site(&mut tx, b, n.site_b.id, n.town_b.id, true, None, "", now()).await.unwrap();
        c::upsert_item_site(&mut tx, b, n.site_a.id, n.town_a.id, true, None, "", now()).await.unwrap();
        c::upsert_item_site(&mut tx, a, n.site_b.id, n.town_b.id, false, Some("no_demand"), "", now()).await.unwrap();
        c::upsert_item_site(&mut tx, a, n.centre.id, n.banner.id, true, None, "", now()).await.unwrap();
        tx.commit().await.unwrap();

        let mut tx = t.db.read().await.unwrap();
        let all = c::list_all_item_sites(&mut tx).await.unwrap();
        assert_eq!(
            all.iter().map(|r| (r.site_id, r.item_id)).collect::<Vec<_>>(),
            vec![(n.centre.id, a), (n.site_a.id, b), (n.site_b.id, a), (n.site_b.id, b)]
        );
        assert_eq!(all[0].site_name, "乌审旗政务服务中心");
        assert_eq!(all[2].negative_reason.as_deref(), Some("no_demand"));
        t
    })
    .await;
}

#[tokio::test]
async fn an_implementation_record_needs_an_existing_item_and_site() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let (a, _) = item(&mut tx, &n.banner, &n.dept_x, "A1", "甲").await;
        tx.commit().await.unwrap();
        let mut tx = t.db.begin().await.unwrap();
        let r = c::upsert_item_site(&mut tx, a, 9999, n.town_a.id, true, None, "", now()).await;
        assert!(matches!(r, Err(StoreError::Reference(_))), "{r:?}");
        drop(tx);
        let mut tx = t.db.begin().await.unwrap();
        let r = c::upsert_item_site(&mut tx, 9999, n.site_a.id, n.town_a.id, true, None, "", now()).await;
        assert!(matches!(r, Err(StoreError::Reference(_))), "{r:?}");
        t
    })
    .await;
}

// ---------------------------------------------------------------- window authorisation

#[tokio::test]
async fn a_windows_authorised_items_are_replaced_as_a_set() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let (a, _) = item(&mut tx, &n.banner, &n.dept_x, "A1", "甲").await;
        let (b, _) = item(&mut tx, &n.banner, &n.dept_y, "B1", "乙").await;
        let (cc, _) = item(&mut tx, &n.banner, &n.dept_y, "C1", "丙").await;
        assert!(c::list_window_items(&mut tx, n.window_a.id).await.unwrap().is_empty());
        c::set_window_items(&mut tx, n.window_a.id, &[cc, a]).await.unwrap();
        c::set_window_items(&mut tx, n.window_b.id, &[b]).await.unwrap();
        tx.commit().await.unwrap();

        let mut tx = t.db.begin().await.unwrap();
        assert_eq!(c::list_window_items(&mut tx, n.window_a.id).await.unwrap(), vec![a, cc], "listed by item id");
        c::set_window_items(&mut tx, n.window_a.id, &[b, cc, b]).await.unwrap();
        assert_eq!(c::list_window_items(&mut tx, n.window_a.id).await.unwrap(), vec![b, cc], "replaced, and a repeated id is kept once");
        assert_eq!(c::list_window_items(&mut tx, n.window_b.id).await.unwrap(), vec![b], "other windows are untouched");
        c::set_window_items(&mut tx, n.window_a.id, &[]).await.unwrap();
        assert!(c::list_window_items(&mut tx, n.window_a.id).await.unwrap().is_empty(), "an empty set clears");
        tx.commit().await.unwrap();

        let mut tx = t.db.begin().await.unwrap();
        let r = c::set_window_items(&mut tx, n.window_b.id, &[a, 9999]).await;
        assert!(matches!(r, Err(StoreError::Reference(_))), "{r:?}");
        drop(tx);
        let mut tx = t.db.read().await.unwrap();
        assert_eq!(c::list_window_items(&mut tx, n.window_b.id).await.unwrap(), vec![b], "the refused replacement rolled back");
        assert!(c::list_window_items(&mut tx, 9999).await.unwrap().is_empty());
        t
    })
    .await;
}

#[tokio::test]
async fn deleting_a_window_drops_its_item_authorisations() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let (a, _) = item(&mut tx, &n.banner, &n.dept_x, "A1", "甲").await;
        let s = site(&mut tx, &n.town_b, "临时服务点", "town_centre").await;
        let z = zone(&mut tx, &s, "临时区", 0).await;
        let w = window(&mut tx, &s, &z, "temp-9").await;
        c::set_window_items(&mut tx, w.id, &[a]).await.unwrap();
        c::set_window_items(&mut tx, n.window_a.id, &[a]).await.unwrap();
        tx.commit().await.unwrap();

        assert_eq!(exec(&t.db, "delete from windows where number = 'temp-9'").await, 1);
        let mut tx = t.db.read().await.unwrap();
        assert!(c::list_window_items(&mut tx, w.id).await.unwrap().is_empty());
        assert_eq!(c::list_window_items(&mut tx, n.window_a.id).await.unwrap(), vec![a]);
        assert_eq!(count(&t.db, "select count(*) from window_items").await, 1);
        t
    })
    .await;
}

#[tokio::test]
async fn an_items_windows_are_those_of_its_department_plus_those_authorised_one_by_one() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let (a, _) = item(&mut tx, &n.banner, &n.dept_x, "A1", "甲").await;
        assert!(c::list_item_windows(&mut tx, a).await.unwrap().is_empty());
        assert!(!c::window_accepts(&mut tx, n.window_a.id, a).await.unwrap());
        store::org::set_window_departments(&mut tx, n.window_a.id, &[n.dept_x.id]).await.unwrap();
        c::set_window_item(&mut tx, n.window_b.id, a, true).await.unwrap();
        c::set_window_item(&mut tx, n.window_b.id, a, true).await.unwrap();
        assert!(c::window_accepts(&mut tx, n.window_a.id, a).await.unwrap(), "by its department");
        assert!(c::window_accepts(&mut tx, n.window_b.id, a).await.unwrap(), "one by one");
        let rows = c::list_item_windows(&mut tx, a).await.unwrap();
        let got: Vec<(i64, bool)> = rows.iter().map(|r| (r.window_id, r.via_department)).collect();
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got.contains(&(n.window_a.id, true)) && got.contains(&(n.window_b.id, false)), "{got:?}");
        assert!(rows.iter().all(|r| !r.site_name.is_empty() && !r.org_path.is_empty()));
        c::set_window_item(&mut tx, n.window_b.id, a, false).await.unwrap();
        let got: Vec<i64> = c::list_item_windows(&mut tx, a).await.unwrap().into_iter().map(|r| r.window_id).collect();
        assert_eq!(got, vec![n.window_a.id]);
        // An inactive window accepts nothing.
        let w = store::org::get_window(&mut tx, n.window_a.id).await.unwrap();
        let f = store::org::WindowFields { zone_id: w.zone_id, number: &w.number, name: &w.name, kind: &w.kind, active: false };
        store::org::update_window(&mut tx, w.id, &f, now()).await.unwrap();
        assert!(c::list_item_windows(&mut tx, a).await.unwrap().is_empty());
        assert!(!c::window_accepts(&mut tx, w.id, a).await.unwrap());
        assert!(!c::window_accepts(&mut tx, n.window_b.id, a).await.unwrap());
        t
    })
    .await;
}

#[tokio::test]
async fn the_latest_version_of_every_item_is_listed_with_its_content() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let (a, _) = item(&mut tx, &n.banner, &n.dept_x, "A1", "甲").await;
        let (b, _) = item(&mut tx, &n.banner, &n.dept_y, "B1", "乙").await;
        let newest = version(&mut tx, a, "甲二", "draft", None).await;
        let rows = c::list_latest_versions(&mut tx).await.unwrap();
        let got: Vec<(i64, i64, String)> = rows.iter().map(|r| (r.summary.item_id, r.summary.id, r.summary.name.clone())).collect();
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!((got[0].0, got[0].1, got[0].2.as_str()), (a, newest, "甲二"));
        assert_eq!(got[1].0, b);
        assert!(rows.iter().all(|r| !r.content.is_empty()));
        t
    })
    .await;
}
