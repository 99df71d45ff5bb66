//! The figures dashboard on both backends: cases, tickets and ratings counted as defined, the same
//! answer before and after the roll-up and after a rebuild, the stored day rows equal to a fresh
//! count, the p90 of waits, the monthly window ranking with the two-months 约谈 flag, scoping,
//! refusals and the Excel workbook.

use app::AppError;
use app::figures::{Ask, Dashboard, dashboard, ranking, roll_up};
use app::queue::{self as q, ActionInput, Caller};
use app::ratings::{Rater, RatingInput, rate};
use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use domain::queue::Action;
use testkit::each_backend;

use crate::common::{actor, assert_forbidden, assert_invalid, system, user_with_role};
use crate::queue::{hall, take};

fn ask<'a>(by: &'a str, from: &'a str, to: &'a str) -> Ask<'a> {
    Ask { scope: None, by: Some(by), from: Some(from), to: Some(to) }
}

/// The dashboard without the roll-up's mark, to compare answers across a roll-up.
fn comparable(d: &Dashboard) -> serde_json::Value {
    let mut v = serde_json::to_value(d).unwrap();
    v.as_object_mut().unwrap().remove("rolled_through");
    v
}

/// The stored day rows of the span equal a fresh count from the base tables.
async fn stored_equals_fresh(app: &app::App, from: NaiveDate, to: NaiveDate) {
    let mut tx = app.db.read().await.unwrap();
    let stored = store::figures::case_days(&mut tx, from, to).await.unwrap();
    let fresh = store::figures::case_facts(&mut tx, from, to, app::cst()).await.unwrap();
    assert_eq!(stored, fresh, "case_days drifted from the cases");
    let stored = store::figures::queue_days(&mut tx, from, to).await.unwrap();
    let fresh = store::figures::queue_facts(&mut tx, from, to).await.unwrap();
    assert_eq!(stored, fresh, "queue_days drifted from the tickets");
    // The month rows are the day rows summed by month.
    let first = store::ratings::month_of(from);
    let mut by_month: BTreeMap<store::figures::CaseKey, store::figures::CaseCounts> = BTreeMap::new();
    for (k, c) in store::figures::case_days(&mut tx, first, to).await.unwrap() {
        let e = by_month.entry(store::figures::CaseKey { day: store::ratings::month_of(k.day), ..k }).or_default();
        *e = e.plus(&c);
    }
    assert_eq!(store::figures::case_months(&mut tx, first, store::ratings::month_of(to)).await.unwrap(), by_month);
    drop(tx);
    rating_months_match(app).await;
}

/// `rating_months` equals `rating_days` summed by month.
pub(crate) async fn rating_months_match(app: &app::App) {
    let mut tx = app.db.read().await.unwrap();
    let mut by_month: BTreeMap<(NaiveDate, String), store::ratings::Counts> = BTreeMap::new();
    for r in store::ratings::rating_days(&mut tx).await.unwrap() {
        let k = &r.key;
        let key = (
            store::ratings::month_of(k.day),
            format!("{}/{}/{}/{}/{}/{}/{}", k.org_unit_id, k.site_id, k.department_id, k.window_id, k.staff_id, k.subject, k.mode),
        );
        let e = by_month.entry(key).or_default();
        *e = e.plus(&r.counts);
    }
    let months: BTreeMap<(NaiveDate, String), store::ratings::Counts> = store::ratings::rating_months(&mut tx)
        .await
        .unwrap()
        .into_iter()
        .map(|r| {
            let k = &r.key;
            (
                (
                    k.day,
                    format!("{}/{}/{}/{}/{}/{}/{}", k.org_unit_id, k.site_id, k.department_id, k.window_id, k.staff_id, k.subject, k.mode),
                ),
                r.counts,
            )
        })
        .collect();
    by_month.retain(|_, c| !c.is_zero());
    assert_eq!(months, by_month, "rating_months drifted from rating_days");
}

#[tokio::test]
async fn cases_and_ratings_are_counted_the_same_before_and_after_the_roll_up() {
    each_backend(|t| async move {
        let d = crate::cases::desk(&t).await;
        let app = &d.w.app;
        let sys = system();
        let day1 = app.clock.today();
        // Both items are implemented and stationed at site 1 (全程网办 by default).
        for item in [d.item, d.instant] {
            let stationed = app::catalog::ItemSiteInput { site_id: Some(d.w.site1.id), state: "stationed".into(), ..Default::default() };
            app::catalog::set_item_site(app, &sys, item, &stationed).await.unwrap();
        }
        // Day 1: an instant case settled on the spot and rated; two 承诺件 accepted.
        let c1 = app::cases::create_case(app, &d.clerk, &crate::cases::intake(&d, d.instant, &[(1, ""), (2, "")])).await.unwrap();
        app::cases::act(app, &d.clerk, c1.view.case.id, &crate::cases::act("accept")).await.unwrap();
        app::cases::act(app, &d.clerk, c1.view.case.id, &crate::cases::act("settle")).await.unwrap();
        let rating =
            RatingInput { case_id: Some(c1.view.case.id), query_code: Some(c1.query_code.clone()), level: 5, ..RatingInput::default() };
        rate(app, Rater::Public("test"), &rating).await.unwrap();
        let mut open = Vec::new();
        for _ in 0..2 {
            let c = app::cases::create_case(app, &d.clerk, &crate::cases::intake(&d, d.item, &[(1, ""), (2, "")])).await.unwrap();
            app::cases::act(app, &d.clerk, c.view.case.id, &crate::cases::act("accept")).await.unwrap();
            open.push(c.view.case.id);
        }
        // Ten days on, past the promised 5 working days: one is approved late, one stays open.
        app.clock.advance(Duration::days(10));
        app::cases::act(app, &d.approver, open[0], &crate::cases::act("start_review")).await.unwrap();
        app::cases::act(app, &d.approver, open[0], &crate::cases::act("approve")).await.unwrap();
        app::cases::sweep(app).await.unwrap();
        let today = app.clock.today();
        let before_snapshot = dashboard(app, &sys, &ask("site", &day1.to_string(), &today.to_string())).await.unwrap();
        assert_eq!((before_snapshot.total.cases.overdue_open, before_snapshot.overdue_as_of), (0, None), "no sweep has counted yet");
        app::figures::refresh_overdue(app).await.unwrap();
        let (f, t_) = (day1.to_string(), today.to_string());

        let live = dashboard(app, &sys, &ask("site", &f, &t_)).await.unwrap();
        assert_eq!(live.rolled_through, None);
        let c = &live.total.cases;
        assert_eq!((c.accepted, c.decided, c.overdue_decided, c.completed), (3, 2, 1, 1));
        assert_eq!(c.on_time_rate.percent, Some(50.0));
        assert_eq!(c.overdue_open, 1, "the case still open is past its promised limit");
        assert_eq!(live.overdue_as_of, Some(app.clock.now()));
        let l = &live.total.ladder;
        assert!(l.reminders_level1 + l.reminders_level2 + l.reminders_level3 >= 1 && l.yellow_cards + l.red_cards >= 1, "{l:?}");
        assert_eq!((live.total.ratings.ratings, live.total.ratings.good_rate.percent), (1, Some(100.0)));
        assert_eq!(live.total.active_rating_rate.percent, Some(100.0), "the one completed case was rated");
        // Every site with windows has a row; the cases are all site 1's.
        let site1 = live.groups.iter().find(|g| g.id == d.w.site1.id).expect("site 1's row");
        assert_eq!(site1.name, d.w.site1.name);
        assert_eq!(site1.figures.cases, live.total.cases);
        assert!(live.groups.iter().filter(|g| g.id != d.w.site1.id).all(|g| g.figures.cases.accepted == 0));
        // Today's window and catalogue figures: the site's windows, its published items.
        assert!(live.total.comprehensive_window_share.is_some());
        assert_eq!(live.total.full_online_share.map(|r| (r.numerator, r.denominator)), Some((2, 2)));
        assert_eq!(live.total.stationing_rate.and_then(|r| r.percent), Some(100.0));
        let mark = |code: &str| live.targets.iter().find(|x| x.code == code).unwrap().met;
        assert_eq!(mark("rectify_rate"), None, "no bad rating: nothing to rectify");
        assert!(mark("comprehensive_window_share").is_some());
        assert_eq!((mark("full_online_share"), mark("stationing_rate")), (Some(true), Some(true)));
        assert_eq!(live.trend.len(), (today - day1).num_days() as usize + 1, "one point a day for a short span");
        assert_eq!(live.trend.iter().map(|p| p.decided).sum::<i64>(), 2);

        // The roll-up changes nothing, nor does a rebuild; the stored rows equal a fresh count.
        let rolled = roll_up(app, 366).await.unwrap();
        assert!(rolled >= 10, "rolled {rolled} days");
        let after = dashboard(app, &sys, &ask("site", &f, &t_)).await.unwrap();
        assert_eq!(after.rolled_through, today.pred_opt());
        assert_eq!(comparable(&after), comparable(&live));
        assert_eq!(roll_up(app, 366).await.unwrap(), 0, "nothing left to roll up");
        stored_equals_fresh(app, day1, today.pred_opt().unwrap()).await;
        app::figures::rebuild(app).await.unwrap();
        assert_eq!(comparable(&dashboard(app, &sys, &ask("site", &f, &t_)).await.unwrap()), comparable(&live));

        // Other breakdowns add up to the same totals.
        for by in ["banner", "town", "department", "window", "staff"] {
            let x = dashboard(app, &sys, &ask(by, &f, &t_)).await.unwrap();
            assert_eq!(x.total, after.total, "{by}");
            assert_eq!(x.groups.iter().map(|g| g.figures.cases.accepted).sum::<i64>(), 3, "{by}");
        }
        let staff = dashboard(app, &sys, &ask("staff", &f, &t_)).await.unwrap();
        assert!(staff.groups.iter().any(|g| g.figures.cases.accepted == 3), "the clerk accepted all three: {:?}", staff.groups);
        let town = dashboard(app, &sys, &ask("town", &f, &t_)).await.unwrap();
        assert_eq!(town.groups.iter().find(|g| g.id == d.w.town1.id).map(|g| g.figures.cases.accepted), Some(3));

        // Narrowing: a department, a site, another town's supervisor.
        let scope = format!("department:{}", d.w.dept_sj.id);
        let x = dashboard(app, &sys, &Ask { scope: Some(&scope), ..ask("department", &f, &t_) }).await.unwrap();
        assert_eq!(x.total.cases.accepted, 3);
        assert_eq!(x.total.comprehensive_window_share, None, "windows are not a department's");
        let scope = format!("site:{}", d.w.site2.id);
        assert_eq!(dashboard(app, &sys, &Ask { scope: Some(&scope), ..ask("site", &f, &t_) }).await.unwrap().total.cases.accepted, 0);
        user_with_role(app, &d.w.town2, "sup2", None, "supervisor", &d.w.town2).await;
        let sup2 = actor(app, "sup2").await;
        assert_eq!(dashboard(app, &sup2, &ask("site", &f, &t_)).await.unwrap().total.cases.accepted, 0);
        let scope = format!("site:{}", d.w.site1.id);
        assert_forbidden(dashboard(app, &sup2, &Ask { scope: Some(&scope), ..ask("site", &f, &t_) }).await);

        // Refusals.
        assert_forbidden(dashboard(app, &d.clerk, &ask("site", &f, &t_)).await);
        assert_invalid(dashboard(app, &sys, &ask("floor", &f, &t_)).await, "by");
        assert_invalid(dashboard(app, &sys, &Ask { scope: Some("site:x"), ..ask("site", &f, &t_) }).await, "scope");
        assert!(matches!(
            dashboard(app, &sys, &Ask { scope: Some("site:999999"), ..ask("site", &f, &t_) }).await,
            Err(AppError::NotFound(_))
        ));
        assert_invalid(dashboard(app, &sys, &ask("site", &t_, &f)).await, "to");

        // Every table in the workbook.
        let bytes = app::figures::export_xlsx(app, &sys, &ask("site", &f, &t_)).await.unwrap();
        let mut wb: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        use calamine::Reader;
        assert_eq!(wb.sheet_names(), app::figures::SHEETS.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());
        let groups = wb.worksheet_range("分组明细").unwrap();
        assert_eq!(groups.get((0, 9)).map(ToString::to_string), Some("受理量".to_owned()));
        let row = (1..groups.height()).find(|r| groups.get((*r, 0)).map(ToString::to_string) == Some(d.w.site1.name.clone())).unwrap();
        assert_eq!(groups.get((row, 9)).map(ToString::to_string), Some("3".to_owned()));
        t
    })
    .await;
}

/// Serves a ticket at window 1 after `wait` minutes of waiting and `service` minutes at the window.
async fn serve(h: &crate::queue::Hall, wait: i64, service: i64) -> app::queue::TicketView {
    let app = &h.w.app;
    let tk = q::issue_ticket(app, Caller::Device(&h.kiosk), &take(h.w.site1.id, h.a), None).await.unwrap();
    app.clock.advance(Duration::minutes(wait));
    let called = q::call_next(app, &h.clerk, h.w.window1.id).await.unwrap().unwrap();
    assert_eq!(called.id, tk.id);
    app.clock.advance(Duration::minutes(service));
    q::act(app, &h.clerk, called.id, Action::Finish, &ActionInput::default()).await.unwrap();
    tk
}

#[tokio::test]
async fn waits_have_a_p90_and_a_window_low_two_months_running_is_flagged_for_a_talk() {
    each_backend(|t| async move {
        let h = hall(&t).await;
        let app = &h.w.app;
        let sys = system();
        let day1 = app.clock.today();
        let bad = |id: i64| RatingInput { ticket_id: Some(id), level: 1, reasons: vec!["long_wait".into()], ..RatingInput::default() };
        // March: waits of 2, 4, 6 … 20 minutes, 3 minutes each at the window; the last visit rated 1.
        let mut last = None;
        for i in 1..=10 {
            last = Some(serve(&h, 2 * i, 3).await);
        }
        rate(app, Rater::Device(&h.pad), &bad(last.unwrap().id)).await.unwrap();
        let d1 = day1.to_string();
        let x = dashboard(app, &sys, &ask("window", &d1, &d1)).await.unwrap();
        let tk = &x.total.tickets;
        assert_eq!((tk.issued, tk.served, tk.waiting.count), (10, 10, 10));
        assert_eq!(tk.waiting.avg_s, Some(11 * 60));
        assert_eq!(tk.waiting.p90_s, Some(18 * 60), "nearest rank 9 of 10 is 18 minutes, its bucket's bound");
        assert_eq!((tk.service.avg_s, tk.service.p90_s), (Some(180), Some(180)));
        assert_eq!(x.groups.len(), 1);
        assert_eq!(x.groups[0].id, h.w.window1.id);
        assert_eq!(x.total.ratings.rectify_rate.percent, Some(0.0));
        let red = x.targets.iter().find(|m| m.code == "rectify_rate").unwrap();
        assert_eq!((red.value, red.met), (Some(0.0), Some(false)), "an unrectified bad rating is red");

        // April: another visit at window 1 rated 1.
        app.clock.advance(Duration::days(31));
        app::org::seat_today(app, &system(), h.w.window1.id, Some(h.w.staff1.id)).await.unwrap();
        let tk = serve(&h, 1, 1).await;
        rate(app, Rater::Device(&h.pad), &bad(tk.id)).await.unwrap();
        let march = ranking(app, &sys, None, Some("2026-03")).await.unwrap();
        assert_eq!(march.windows.len(), 1);
        let w = &march.windows[0];
        assert_eq!((w.rank, w.window_id, w.bottom, w.talk, w.ratings), (1, h.w.window1.id, true, false, 1));
        let april = ranking(app, &sys, None, Some("2026-04")).await.unwrap();
        assert_eq!((april.windows[0].bottom, april.windows[0].talk), (true, true), "low in March and April: a talk");
        assert_eq!(april.previous_month, "2026-03");
        assert_invalid(ranking(app, &sys, None, Some("2026-4x")).await, "month");

        // The roll-up keeps the answer and equals a fresh count.
        let span = ask("window", &d1, "2026-04-30");
        let before = dashboard(app, &sys, &Ask { to: Some(&app.clock.today().to_string()), ..span.clone() }).await.unwrap();
        let year_before = dashboard(app, &sys, &ask("window", "2026-01-01", "2026-06-30")).await.unwrap();
        let ranking_before = ranking(app, &sys, None, Some("2026-03")).await.unwrap();
        roll_up(app, 366).await.unwrap();
        stored_equals_fresh(app, day1, app.clock.today().pred_opt().unwrap()).await;
        let after = dashboard(app, &sys, &Ask { to: Some(&app.clock.today().to_string()), ..span }).await.unwrap();
        assert_eq!(comparable(&after), comparable(&before));
        assert_eq!(after.total.tickets.issued, 11);
        assert_eq!(after.trend.len(), 32, "a point a day for a month");
        let year = dashboard(app, &sys, &ask("window", "2026-01-01", "2026-06-30")).await.unwrap();
        assert_eq!(
            year.trend.iter().map(|p| p.period.as_str()).collect::<Vec<_>>(),
            ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"],
            "a span over 62 days is drawn by month"
        );
        assert_eq!(year.trend[2].tickets, 10);
        assert_eq!(comparable(&year), comparable(&year_before), "whole months read from the month rows give the same answer");
        assert_eq!(ranking(app, &sys, None, Some("2026-03")).await.unwrap(), ranking_before);
        t
    })
    .await;
}
