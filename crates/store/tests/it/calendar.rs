//! The working-day calendar: holidays and make-up working days, one entry per date.

use chrono::NaiveDate;
use store::calendar::{self as cal, CalendarDayRow};
use store::{Db, Tx};
use testkit::each_backend;

use crate::common::{now, ymd};

fn days(rows: &[CalendarDayRow]) -> Vec<(NaiveDate, &str, &str)> {
    rows.iter().map(|r| (r.day, r.kind.as_str(), r.name.as_str())).collect()
}

/// Writes the 2026 Spring Festival entries (out of date order) and a New Year's Day in 2027.
async fn spring_festival(db: &Db) {
    let mut tx: Tx = db.begin().await.unwrap();
    cal::upsert_day(&mut tx, ymd(2026, 2, 18), "holiday", "春节", now()).await.unwrap();
    cal::upsert_day(&mut tx, ymd(2027, 1, 1), "holiday", "元旦", now()).await.unwrap();
    cal::upsert_day(&mut tx, ymd(2026, 2, 14), "workday", "春节调休", now()).await.unwrap();
    cal::upsert_day(&mut tx, ymd(2026, 2, 17), "holiday", "春节", now()).await.unwrap();
    cal::upsert_day(&mut tx, ymd(2026, 2, 28), "workday", "春节调休", now()).await.unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn a_fresh_database_has_no_calendar_entries() {
    each_backend(|t| async move {
        let mut tx = t.db.read().await.unwrap();
        assert_eq!(cal::count_days(&mut tx).await.unwrap(), 0);
        assert!(cal::list_days(&mut tx).await.unwrap().is_empty());
        assert!(cal::list_days_between(&mut tx, ymd(2026, 1, 1), ymd(2026, 12, 31)).await.unwrap().is_empty());
        assert!(cal::find_day(&mut tx, ymd(2026, 10, 1)).await.unwrap().is_none());
        t
    })
    .await;
}

#[tokio::test]
async fn calendar_entries_are_listed_by_date_and_found_by_date() {
    each_backend(|t| async move {
        spring_festival(&t.db).await;
        let mut tx = t.db.read().await.unwrap();
        assert_eq!(cal::count_days(&mut tx).await.unwrap(), 5);
        assert_eq!(
            days(&cal::list_days(&mut tx).await.unwrap()),
            vec![
                (ymd(2026, 2, 14), "workday", "春节调休"),
                (ymd(2026, 2, 17), "holiday", "春节"),
                (ymd(2026, 2, 18), "holiday", "春节"),
                (ymd(2026, 2, 28), "workday", "春节调休"),
                (ymd(2027, 1, 1), "holiday", "元旦"),
            ]
        );
        let d = cal::find_day(&mut tx, ymd(2026, 2, 17)).await.unwrap().unwrap();
        assert_eq!((d.day, d.kind.as_str(), d.name.as_str()), (ymd(2026, 2, 17), "holiday", "春节"));
        assert!(cal::find_day(&mut tx, ymd(2026, 2, 19)).await.unwrap().is_none());
        t
    })
    .await;
}

#[tokio::test]
async fn entries_between_two_dates_include_both_ends() {
    each_backend(|t| async move {
        spring_festival(&t.db).await;
        let mut tx = t.db.read().await.unwrap();
        let between = async |tx: &mut Tx, from: NaiveDate, to: NaiveDate| {
            cal::list_days_between(tx, from, to).await.unwrap().iter().map(|r| r.day).collect::<Vec<_>>()
        };
        assert_eq!(between(&mut tx, ymd(2026, 2, 14), ymd(2026, 2, 17)).await, vec![ymd(2026, 2, 14), ymd(2026, 2, 17)]);
        assert_eq!(between(&mut tx, ymd(2026, 2, 15), ymd(2026, 2, 27)).await, vec![ymd(2026, 2, 17), ymd(2026, 2, 18)]);
        assert_eq!(between(&mut tx, ymd(2026, 2, 18), ymd(2026, 2, 18)).await, vec![ymd(2026, 2, 18)], "a one-day range");
        assert_eq!(between(&mut tx, ymd(2026, 2, 28), ymd(2027, 1, 1)).await, vec![ymd(2026, 2, 28), ymd(2027, 1, 1)], "across a year end");
        assert_eq!(between(&mut tx, ymd(2026, 3, 1), ymd(2026, 12, 31)).await, vec![]);
        assert_eq!(between(&mut tx, ymd(2026, 2, 28), ymd(2026, 2, 14)).await, vec![], "a reversed range is empty");
        let rows = cal::list_days_between(&mut tx, ymd(2026, 2, 1), ymd(2026, 2, 14)).await.unwrap();
        assert_eq!(days(&rows), vec![(ymd(2026, 2, 14), "workday", "春节调休")], "rows carry their kind and name");
        t
    })
    .await;
}

#[tokio::test]
async fn upserting_a_day_again_replaces_its_entry() {
    each_backend(|t| async move {
        spring_festival(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        cal::upsert_day(&mut tx, ymd(2026, 2, 28), "holiday", "春节（改）", now()).await.unwrap();
        tx.commit().await.unwrap();
        let mut tx = t.db.read().await.unwrap();
        assert_eq!(cal::count_days(&mut tx).await.unwrap(), 5, "still one entry per date");
        let d = cal::find_day(&mut tx, ymd(2026, 2, 28)).await.unwrap().unwrap();
        assert_eq!((d.kind.as_str(), d.name.as_str()), ("holiday", "春节（改）"));
        t
    })
    .await;
}

#[tokio::test]
async fn deleting_a_day_reports_whether_there_was_an_entry() {
    each_backend(|t| async move {
        spring_festival(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        assert!(cal::delete_day(&mut tx, ymd(2026, 2, 14)).await.unwrap());
        assert!(!cal::delete_day(&mut tx, ymd(2026, 2, 14)).await.unwrap(), "already gone");
        assert!(!cal::delete_day(&mut tx, ymd(2026, 5, 1)).await.unwrap(), "never there");
        tx.commit().await.unwrap();
        let mut tx = t.db.read().await.unwrap();
        assert_eq!(cal::count_days(&mut tx).await.unwrap(), 4);
        assert!(cal::find_day(&mut tx, ymd(2026, 2, 14)).await.unwrap().is_none());
        assert_eq!(cal::list_days(&mut tx).await.unwrap()[0].day, ymd(2026, 2, 17));
        t
    })
    .await;
}

#[tokio::test]
async fn calendar_writes_in_a_rolled_back_transaction_leave_no_trace() {
    each_backend(|t| async move {
        spring_festival(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        cal::upsert_day(&mut tx, ymd(2026, 10, 1), "holiday", "国庆节", now()).await.unwrap();
        cal::upsert_day(&mut tx, ymd(2026, 2, 17), "workday", "错误", now()).await.unwrap();
        assert!(cal::delete_day(&mut tx, ymd(2027, 1, 1)).await.unwrap());
        assert_eq!(cal::count_days(&mut tx).await.unwrap(), 5, "the transaction sees its own writes");
        drop(tx);
        let mut tx = t.db.read().await.unwrap();
        assert_eq!(cal::count_days(&mut tx).await.unwrap(), 5);
        assert!(cal::find_day(&mut tx, ymd(2026, 10, 1)).await.unwrap().is_none());
        assert_eq!(cal::find_day(&mut tx, ymd(2026, 2, 17)).await.unwrap().unwrap().kind, "holiday");
        assert!(cal::find_day(&mut tx, ymd(2027, 1, 1)).await.unwrap().is_some());
        t
    })
    .await;
}
