//! Queue figures against a scripted morning at a town centre: waiting and service times (average
//! and p90), issued / served / no-shows, channels and hours, per category, window and staff
//! member, computed by hand below; and who may read them.

use app::figures::queue::{Durations, QueueFigures};
use app::queue::{ActionInput, Caller, CategoryInput, TicketInput};
use app::{Actor, App, AppError};
use chrono::{Duration, NaiveDate};
use domain::queue::Action;
use testkit::each_backend;

use crate::common::{PHONE1, World, actor, assert_forbidden, staff_input, system, window_input, world};

fn category(prefix: &str, name: &str) -> CategoryInput {
    CategoryInput { prefix: prefix.into(), name: name.into(), active: true, ..CategoryInput::default() }
}

async fn issue(app: &App, by: &Actor, site: i64, category: i64, channel: &str) -> i64 {
    let phone = if channel == "mobile" { PHONE1.to_owned() } else { String::new() };
    let input = TicketInput { site_id: Some(site), category_id: Some(category), channel: channel.into(), phone, ..TicketInput::default() };
    app::queue::issue_ticket(app, Caller::Staff(by), &input, None).await.unwrap().id
}

async fn next(app: &App, by: &Actor, window: i64) -> i64 {
    app::queue::call_next(app, by, window).await.unwrap().expect("someone waits").id
}

async fn act(app: &App, by: &Actor, ticket: i64, action: Action) {
    app::queue::act(app, by, ticket, action, &ActionInput::default()).await.unwrap();
}

fn mins(app: &App, n: i64) {
    app.clock.advance(Duration::minutes(n));
}

fn dur(count: i64, avg_s: i64, p90_s: i64) -> Durations {
    Durations { count, avg_s: Some(avg_s), p90_s: Some(p90_s) }
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Two categories (A, B) and two windows at town 1's centre; 张三 at window 1 (A, B), 王五 at
/// window 2 (B, A). The clock starts Monday 2026-03-02 09:30 China time. Returns the window ids.
async fn scripted_morning(w: &World) -> (i64, i64, i64, i64) {
    let app = &w.app;
    let sys = system();
    let site = w.site1.id;
    let a = app::queue::create_category(app, &sys, site, &category("A", "综合受理")).await.unwrap().category.id;
    let b = app::queue::create_category(app, &sys, site, &category("B", "社保医保")).await.unwrap().category.id;
    let w1 = w.window1.id;
    let w2 = app::org::create_window(app, &sys, site, &window_input(&w.zone1, "2", &[w.dept_sj.id])).await.unwrap().id;
    let wang = app::org::create_staff(app, &sys, &staff_input(&w.town1, &w.dept_sj, "王五", "13700001111")).await.unwrap();
    app::org::seat_today(app, &sys, w1, Some(w.staff1.id)).await.unwrap();
    app::org::seat_today(app, &sys, w2, Some(wang.id)).await.unwrap();
    app::queue::set_window_profile(app, &sys, w1, &[a, b]).await.unwrap();
    app::queue::set_window_profile(app, &sys, w2, &[b, a]).await.unwrap();
    let mgr = actor(app, "mgr1").await;

    // 09:30 T1 (A, guide); 09:32 T2 (A, kiosk); 09:35 T3 (B, mobile).
    let t1 = issue(app, &mgr, site, a, "guide").await;
    mins(app, 2);
    let t2 = issue(app, &mgr, site, a, "kiosk").await;
    mins(app, 3);
    let t3 = issue(app, &mgr, site, b, "mobile").await;
    // 09:40 window 1 calls T1 (waited 10 min); 09:52 finishes it (served 12 min).
    mins(app, 5);
    assert_eq!(next(app, &mgr, w1).await, t1);
    mins(app, 12);
    act(app, &mgr, t1, Action::Finish).await;
    // 09:52 window 2 calls T3 (waited 17 min).
    assert_eq!(next(app, &mgr, w2).await, t3);
    // 09:55 window 1 calls T2 (waited 23 min), recalls twice, marks it a no-show at 09:58.
    mins(app, 3);
    assert_eq!(next(app, &mgr, w1).await, t2);
    mins(app, 1);
    act(app, &mgr, t2, Action::Recall).await;
    mins(app, 1);
    act(app, &mgr, t2, Action::Recall).await;
    mins(app, 1);
    act(app, &mgr, t2, Action::NoShow).await;
    // 10:05 T4 (A, guide).
    mins(app, 7);
    let t4 = issue(app, &mgr, site, a, "guide").await;
    // 10:10 window 2 finishes T3 (served 18 min) and, B being empty, calls T4 (waited 5 min).
    mins(app, 5);
    act(app, &mgr, t3, Action::Finish).await;
    assert_eq!(next(app, &mgr, w2).await, t4);
    // 10:20 window 2 finishes T4 (served 10 min); 10:25 T5 (B, kiosk) is still waiting.
    mins(app, 10);
    act(app, &mgr, t4, Action::Finish).await;
    mins(app, 5);
    issue(app, &mgr, site, b, "kiosk").await;
    (a, b, w1, w2)
}

fn channels(f: &app::figures::queue::Stats) -> Vec<(&str, i64)> {
    f.by_channel.iter().map(|c| (c.channel.as_str(), c.tickets)).collect()
}

#[tokio::test]
async fn figures_of_a_scripted_morning_match_the_hand_computed_values() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let (a, b, w1, w2) = scripted_morning(&w).await;
        let mgr = actor(&w.app, "mgr1").await;
        let f: QueueFigures = app::figures::queue::figures(&w.app, &mgr, w.site1.id, day("2026-03-02"), day("2026-03-02")).await.unwrap();
        assert_eq!((f.site_name.as_str(), f.days), ("嘎鲁图镇便民服务中心", 1));

        // Waits 600, 1020, 1380, 300 s; services 720, 1080, 600 s; one no-show of four called.
        let total = &f.total;
        assert_eq!((total.issued, total.called, total.served, total.no_shows), (5, 4, 3, 1));
        assert_eq!(total.no_show_pct, Some(25.0));
        assert_eq!(total.waiting, dur(4, 825, 1380));
        assert_eq!(total.service, dur(3, 800, 1080));
        assert_eq!(channels(total), vec![("kiosk", 2), ("guide", 2), ("counter", 0), ("mobile", 1), ("appointment", 0)]);
        let mut hours = vec![0i64; 24];
        hours[9] = 3;
        hours[10] = 2;
        assert_eq!(total.by_hour, hours, "hours are China time");

        // Per category: A = T1, T2, T4; B = T3, T5.
        let names: Vec<&str> = f.categories.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, vec!["A 综合受理", "B 社保医保"]);
        let ca = &f.categories[0];
        assert_eq!(ca.id, a);
        assert_eq!((ca.stats.issued, ca.stats.called, ca.stats.served, ca.stats.no_shows), (3, 3, 2, 1));
        assert_eq!(ca.stats.no_show_pct, Some(33.3));
        assert_eq!(ca.stats.waiting, dur(3, 760, 1380));
        assert_eq!(ca.stats.service, dur(2, 660, 720));
        let cb = &f.categories[1];
        assert_eq!(cb.id, b);
        assert_eq!((cb.stats.issued, cb.stats.called, cb.stats.served, cb.stats.no_shows), (2, 1, 1, 0));
        assert_eq!(cb.stats.no_show_pct, Some(0.0));
        assert_eq!((cb.stats.waiting.clone(), cb.stats.service.clone()), (dur(1, 1020, 1020), dur(1, 1080, 1080)));

        // Per window and staff member: window 1 / 张三 = T1, T2; window 2 / 王五 = T3, T4.
        let windows: Vec<(i64, &str)> = f.windows.iter().map(|g| (g.id, g.name.as_str())).collect();
        assert_eq!(windows, vec![(w1, "1 号窗口（1 号综合窗口）"), (w2, "2 号窗口（2 号综合窗口）")]);
        let (g1, g2) = (&f.windows[0].stats, &f.windows[1].stats);
        assert_eq!((g1.issued, g1.called, g1.served, g1.no_shows, g1.no_show_pct), (2, 2, 1, 1, Some(50.0)));
        assert_eq!((g1.waiting.clone(), g1.service.clone()), (dur(2, 990, 1380), dur(1, 720, 720)));
        assert_eq!((g2.issued, g2.called, g2.served, g2.no_shows, g2.no_show_pct), (2, 2, 2, 0, Some(0.0)));
        assert_eq!((g2.waiting.clone(), g2.service.clone()), (dur(2, 660, 1020), dur(2, 840, 1080)));
        let staff: Vec<(&str, i64)> = f.staff.iter().map(|g| (g.name.as_str(), g.stats.served)).collect();
        assert_eq!(staff, vec![("张三", 1), ("王五", 2)]);
        assert_eq!(f.staff[0].stats, f.windows[0].stats);
        let json = serde_json::to_string(&f).unwrap();
        assert!(!json.contains(PHONE1) && !json.contains("13700001111") && !json.contains("****"), "no phones: {json}");

        // A wider period holds the same tickets; the next day holds none.
        let wide = app::figures::queue::figures_for(&w.app, &mgr, w.site1.id, Some("2026-03-01"), Some("2026-03-03")).await.unwrap();
        assert_eq!((wide.days, wide.total.clone()), (3, f.total.clone()));
        let empty = app::figures::queue::figures_for(&w.app, &mgr, w.site1.id, Some("2026-03-03"), None).await.unwrap();
        assert_eq!((empty.total.issued, empty.total.no_show_pct, empty.total.waiting.clone()), (0, None, Durations::default()));
        assert!(empty.windows.is_empty() && empty.staff.is_empty() && empty.categories.len() == 2);
        t
    })
    .await;
}

#[tokio::test]
async fn figures_are_refused_outside_the_readers_scope_and_for_bad_periods() {
    each_backend(|t| async move {
        let w = world(&t).await;
        scripted_morning(&w).await;
        let today = Some("2026-03-02");
        // A clerk serves the queue but does not read its figures; another town's manager cannot.
        let clerk = actor(&w.app, "clerk1").await;
        assert_forbidden(app::figures::queue::figures_for(&w.app, &clerk, w.site1.id, today, today).await);
        let other = actor(&w.app, "mgr2").await;
        assert_forbidden(app::figures::queue::figures_for(&w.app, &other, w.site1.id, today, today).await);
        assert!(app::figures::queue::figure_sites(&w.app, &other).await.unwrap().iter().all(|s| s.id != w.site1.id));
        let admin = actor(&w.app, "admin").await;
        assert_eq!(app::figures::queue::figures_for(&w.app, &admin, w.site1.id, today, today).await.unwrap().total.issued, 5);

        let mgr = actor(&w.app, "mgr1").await;
        for (from, to, field, text) in [
            ("2026-3-2x", "2026-03-02", "from", "YYYY-MM-DD"),
            ("2026-03-05", "2026-03-01", "to", "早于"),
            ("2025-03-01", "2026-03-02", "to", "366"),
        ] {
            match app::figures::queue::figures_for(&w.app, &mgr, w.site1.id, Some(from), Some(to)).await {
                Err(AppError::Invalid(inv)) => {
                    assert!(inv.message_for(field).is_some_and(|m| m.contains(text)), "{from}..{to}: {inv:?}");
                }
                r => panic!("{from}..{to}: expected invalid, got {r:?}"),
            }
        }
        // 366 days inclusive is the longest period allowed.
        assert!(app::figures::queue::figures_for(&w.app, &mgr, w.site1.id, Some("2025-03-02"), Some("2026-03-02")).await.is_ok());
        t
    })
    .await;
}
