//! Connecting, transactions and pages.

use store::{Backend, Db, Page, StoreError};
use testkit::each_backend;

use crate::common::{count, net, now, org_unit};

#[tokio::test]
async fn a_url_of_another_scheme_is_refused_with_a_hint() {
    match Db::connect("mysql://localhost/yichuang").await {
        Err(StoreError::Url(m)) => assert!(m.contains("mysql") && m.contains("sqlite://"), "{m}"),
        r => panic!("expected a url error, got {:?}", r.map(|d| d.backend())),
    }
}

#[tokio::test]
async fn a_database_answers_pings_and_names_its_backend() {
    each_backend(|t| async move {
        assert!(t.db.ping().await);
        let tx = t.db.begin().await.unwrap();
        assert_eq!(tx.backend(), t.db.backend());
        assert!(matches!((&t.db, t.db.backend()), (Db::Sqlite(_), Backend::Sqlite) | (Db::Postgres(_), Backend::Postgres)));
        t
    })
    .await;
}

#[tokio::test]
async fn a_dropped_transaction_rolls_back_and_a_committed_one_persists() {
    each_backend(|t| async move {
        let mut tx = t.db.begin().await.unwrap();
        org_unit(&mut tx, None, "150626000", "乌审旗", "banner", 0).await;
        drop(tx);
        assert_eq!(count(&t.db, "select count(*) from org_units").await, 0);
        let n = net(&t.db).await;
        assert_eq!(count(&t.db, "select count(*) from org_units").await, 4);
        let mut tx = t.db.begin().await.unwrap();
        store::org::update_org_unit(&mut tx, n.banner.id, "150626000", "改名", 0, now()).await.unwrap();
        tx.commit().await.unwrap();
        let mut tx = t.db.read().await.unwrap();
        assert_eq!(store::org::get_org_unit(&mut tx, n.banner.id).await.unwrap().name, "改名");
        t
    })
    .await;
}

#[test]
fn a_page_has_a_cursor_only_when_more_rows_follow() {
    let p = Page::from_rows(vec![1i64, 2, 3], 2, |x| *x);
    assert_eq!((p.items, p.next_cursor), (vec![1, 2], Some(2)));
    let p = Page::from_rows(vec![1i64, 2], 2, |x| *x);
    assert_eq!((p.items, p.next_cursor), (vec![1, 2], None));
    let p = Page::from_rows(Vec::<i64>::new(), 2, |x| *x);
    assert_eq!((p.items, p.next_cursor), (vec![], None));
}
