//! The working-day calendar: shipped schedules, arithmetic, edits that change deadlines, imports.

use chrono::NaiveDate;
use testkit::each_backend;

use crate::common::{PASSWORD, assert_forbidden, assert_invalid, world};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[tokio::test]
async fn the_shipped_schedules_drive_working_day_arithmetic() {
    each_backend(|t| async move {
        let w = world(&t).await;
        assert_eq!(app::calendar::add_working_days(&w.app, d("2024-09-30"), 1).await.unwrap().value, d("2024-10-08"));
        assert_eq!(app::calendar::add_working_days(&w.app, d("2025-01-24"), 1).await.unwrap().value, d("2025-01-26"));
        assert_eq!(app::calendar::count_working_days(&w.app, d("2025-12-31"), d("2026-12-31")).await.unwrap().value, 248);
        assert_invalid(app::calendar::count_working_days(&w.app, d("2026-02-01"), d("2026-01-01")).await, "to");
        assert_invalid(app::calendar::add_working_days(&w.app, d("2026-02-01"), 100_000).await, "days");
        t
    })
    .await;
}

#[tokio::test]
async fn an_admin_edit_changes_the_arithmetic_at_once_and_imports_are_all_or_nothing() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let admin = app::accounts::login(&w.app, "admin", PASSWORD).await.unwrap().actor;
        // 2027-01-04 is a Monday; declare it a holiday.
        assert_eq!(app::calendar::add_working_days(&w.app, d("2027-01-01"), 1).await.unwrap().value, d("2027-01-04"));
        let day = app::calendar::DayInput { date: "2027-01-04".into(), kind: "holiday".into(), name: "元旦".into() };
        app::calendar::set_day(&w.app, &admin, &day).await.unwrap();
        assert_eq!(app::calendar::add_working_days(&w.app, d("2027-01-01"), 1).await.unwrap().value, d("2027-01-05"));
        let bad = vec![
            app::calendar::DayInput { date: "2027-02-06".into(), kind: "workday".into(), name: "春节".into() },
            app::calendar::DayInput { date: "2027-02-30".into(), kind: "holiday".into(), name: "春节".into() },
            app::calendar::DayInput { date: "2027-02-10".into(), kind: "rest".into(), name: "春节".into() },
        ];
        match app::calendar::import(&w.app, &admin, &bad).await {
            Err(app::AppError::Invalid(e)) => {
                assert_eq!(e.fields.len(), 2, "{e:?}");
                assert!(e.fields[0].message.starts_with("第 2 条"));
                assert!(e.fields[1].message.starts_with("第 3 条"));
            }
            other => panic!("{other:?}"),
        }
        assert!(app::calendar::list_year(&w.app, 2027).await.unwrap().iter().all(|e| e.date != d("2027-02-06")), "nothing imported");
        app::calendar::delete_day(&w.app, &admin, d("2027-01-04")).await.unwrap();
        assert_eq!(app::calendar::add_working_days(&w.app, d("2027-01-01"), 1).await.unwrap().value, d("2027-01-04"));
        let clerk = app::accounts::login(&w.app, "clerk1", PASSWORD).await.unwrap().actor;
        assert_forbidden(app::calendar::set_day(&w.app, &clerk, &day).await);
        t
    })
    .await;
}

#[tokio::test]
async fn a_year_without_its_schedule_counts_on_the_law_is_provisional_and_warns_from_november() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let admin = app::accounts::login(&w.app, "admin", PASSWORD).await.unwrap().actor;
        // 2027 has no schedule: 元旦 is off by law, and the answer says it is provisional.
        let r = app::calendar::add_working_days(&w.app, d("2026-12-20"), 15).await.unwrap();
        assert_eq!((r.value, r.provisional), (d("2027-01-11"), true));
        let r = app::calendar::add_working_days(&w.app, d("2026-03-02"), 10).await.unwrap();
        assert!(!r.provisional, "inside the published 2026 schedule");
        assert!(app::calendar::is_provisional(&w.app, 2027).await.unwrap());
        assert!(app::calendar::list_year(&w.app, 2027).await.unwrap().iter().any(|e| e.date == d("2027-02-06") && e.name == "春节"));
        // Before November nothing is asked of administrators; from 1 November next year's schedule is.
        assert_eq!(app::calendar::schedule_missing(&w.app, &admin).await.unwrap(), None);
        let to_november = testkit::test_now().with_timezone(&app::cst()).date_naive();
        let days = (d("2026-11-01") - to_november).num_days();
        w.app.clock.advance(chrono::Duration::days(days));
        assert_eq!(app::calendar::schedule_missing(&w.app, &admin).await.unwrap(), Some(2027));
        let clerk = app::accounts::login(&w.app, "clerk1", PASSWORD).await.unwrap().actor;
        assert_eq!(app::calendar::schedule_missing(&w.app, &clerk).await.unwrap(), None, "only those who keep the calendar are asked");
        // Entering the schedule (here its 元旦 days) replaces the estimate and the warning goes.
        let entries: Vec<app::calendar::DayInput> = ["2027-01-01", "2027-01-02", "2027-01-03"]
            .iter()
            .map(|x| app::calendar::DayInput { date: (*x).into(), kind: "holiday".into(), name: "元旦".into() })
            .collect();
        app::calendar::import(&w.app, &admin, &entries).await.unwrap();
        assert!(!app::calendar::is_provisional(&w.app, 2027).await.unwrap());
        assert_eq!(app::calendar::schedule_missing(&w.app, &admin).await.unwrap(), None);
        let r = app::calendar::add_working_days(&w.app, d("2026-12-20"), 15).await.unwrap();
        assert_eq!((r.value, r.provisional), (d("2027-01-11"), false));
        assert!(
            app::calendar::add_working_days(&w.app, d("2027-02-04"), 1).await.unwrap().value == d("2027-02-05"),
            "2027 as entered: no 春节 estimate any more"
        );
        t
    })
    .await;
}
