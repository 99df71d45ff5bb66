//! Queue use cases on both backends: issuing from every channel with its refusals, the counter's
//! actions, the ranking rule end to end, concurrency, ratings and live events.

use app::devices::DeviceInput;
use app::queue::{self as q, ActionInput, Caller, CategoryInput, TicketInput};
use app::ratings::{Rater, RatingInput, rate as rate_visit};
use app::{Actor, AppError};
use chrono::Duration;
use domain::queue::{Action, Policy, WindowStatus};
use store::accounts::DeviceRow;
use testkit::each_backend;

use crate::common::{World, actor, system, world};

pub(crate) struct Hall {
    pub w: World,
    pub a: i64,
    pub b: i64,
    pub kiosk: DeviceRow,
    pub pad: DeviceRow,
    pub clerk: Actor,
    pub mgr: Actor,
}

async fn device(w: &World, kind: &str, site_id: i64, window_id: Option<i64>) -> DeviceRow {
    let input = DeviceInput { name: format!("{kind}-1"), kind: kind.into(), site_id: Some(site_id), window_id };
    app::devices::issue_device(&w.app, &system(), &input).await.unwrap().record
}

fn category(prefix: &str, name: &str) -> CategoryInput {
    CategoryInput { prefix: prefix.into(), name: name.into(), active: true, ..CategoryInput::default() }
}

/// Town 1's hall with categories A and B, window 1 serving [A, B] with 张三 seated, a kiosk and a
/// rating pad.
pub(crate) async fn hall(t: &testkit::TestDb) -> Hall {
    let w = world(t).await;
    let sys = system();
    let a = q::create_category(&w.app, &sys, w.site1.id, &category("A", "综合受理")).await.unwrap().category.id;
    let b = q::create_category(&w.app, &sys, w.site1.id, &category("B", "企业服务")).await.unwrap().category.id;
    q::set_window_profile(&w.app, &sys, w.window1.id, &[a, b]).await.unwrap();
    app::org::seat_today(&w.app, &sys, w.window1.id, Some(w.staff1.id)).await.unwrap();
    let kiosk = device(&w, "kiosk", w.site1.id, None).await;
    let pad = device(&w, "rating_pad", w.site1.id, Some(w.window1.id)).await;
    let clerk = actor(&w.app, "clerk1").await;
    let mgr = actor(&w.app, "mgr1").await;
    Hall { w, a, b, kiosk, pad, clerk, mgr }
}

pub(crate) fn take(site_id: i64, category_id: i64) -> TicketInput {
    TicketInput { site_id: Some(site_id), category_id: Some(category_id), ..TicketInput::default() }
}

fn conflict(r: Result<impl std::fmt::Debug, AppError>, needle: &str) {
    match r {
        Err(AppError::Conflict(m)) => assert!(m.contains(needle), "message {m:?} should mention {needle:?}"),
        other => panic!("expected a conflict about {needle:?}, got {other:?}"),
    }
}

fn invalid(r: Result<impl std::fmt::Debug, AppError>, field: &str) {
    match r {
        Err(AppError::Invalid(i)) => assert!(i.message_for(field).is_some(), "{i:?} should name {field}"),
        other => panic!("expected invalid {field}, got {other:?}"),
    }
}

#[tokio::test]
async fn kiosk_tickets_are_numbered_per_category_and_idempotent() {
    each_backend(|t| async move {
        let h = hall(&t).await;
        let app = &h.w.app;
        let k = Caller::Device(&h.kiosk);
        let t1 = q::issue_ticket(app, k, &take(h.w.site1.id, h.a), Some("key-1")).await.unwrap();
        let again = q::issue_ticket(app, k, &take(h.w.site1.id, h.a), Some("key-1")).await.unwrap();
        let t2 = q::issue_ticket(app, k, &take(h.w.site1.id, h.a), None).await.unwrap();
        let b1 = q::issue_ticket(app, k, &take(h.w.site1.id, h.b), None).await.unwrap();
        assert_eq!((t1.ticket_no.as_str(), t2.ticket_no.as_str(), b1.ticket_no.as_str()), ("A001", "A002", "B001"));
        assert_eq!(again.id, t1.id, "the same Idempotency-Key returns the same ticket");
        assert_eq!((t1.waiting_ahead, t2.waiting_ahead, b1.waiting_ahead), (Some(0), Some(1), Some(0)));
        assert_eq!((t1.channel.as_str(), t1.status.as_str()), ("kiosk", "waiting"));
        assert!(t1.follow_code.as_deref().is_some_and(|c| c.len() == 24));
        // The next business day numbering starts again.
        app.clock.advance(Duration::days(1));
        let next_day = q::issue_ticket(app, k, &take(h.w.site1.id, h.a), None).await.unwrap();
        assert_eq!(next_day.ticket_no, "A001");
        t
    })
    .await;
}

#[tokio::test]
async fn one_client_takes_at_most_ten_phone_tickets_an_hour() {
    each_backend(|t| async move {
        let h = hall(&t).await;
        let app = &h.w.app;
        let site = h.w.site1.id;
        let mobile = |i: i64| TicketInput { channel: "mobile".into(), phone: format!("1390000{i:04}"), ..take(site, h.a) };
        for i in 0..app::support::rate::MOBILE_TICKETS_PER_CLIENT_HOUR {
            q::issue_ticket(app, Caller::Public("198.51.100.7"), &mobile(i), None).await.unwrap();
        }
        match q::issue_ticket(app, Caller::Public("198.51.100.7"), &mobile(99), None).await {
            Err(AppError::Locked(m)) => assert!(m.contains("每小时至多 10 个"), "{m}"),
            other => panic!("the 11th phone ticket from one client: {other:?}"),
        }
        let last = q::issue_ticket(app, Caller::Public("198.51.100.8"), &mobile(99), None).await.unwrap();
        assert_eq!(last.ticket_no, "A011", "the refused request took no number");
        t
    })
    .await;
}

#[tokio::test]
async fn refusals_are_clear_and_issue_nothing() {
    each_backend(|t| async move {
        let h = hall(&t).await;
        let app = &h.w.app;
        let k = Caller::Device(&h.kiosk);
        let site = h.w.site1.id;
        invalid(q::issue_ticket(app, k, &TicketInput { site_id: Some(site), ..TicketInput::default() }, None).await, "category_id");
        invalid(q::issue_ticket(app, k, &take(site, 9999), None).await, "category_id");
        invalid(q::issue_ticket(app, k, &TicketInput { phone: "1234".into(), ..take(site, h.a) }, None).await, "phone");
        invalid(
            q::issue_ticket(app, Caller::Public("test"), &TicketInput { channel: "mobile".into(), ..take(site, h.a) }, None).await,
            "phone",
        );
        invalid(
            q::issue_ticket(
                app,
                Caller::Public("test"),
                &TicketInput { channel: "mobile".into(), phone: "13912345678".into(), priority: "elderly".into(), ..take(site, h.a) },
                None,
            )
            .await,
            "priority",
        );
        invalid(
            q::issue_ticket(app, Caller::Staff(&h.clerk), &TicketInput { priority: "green".into(), ..take(site, h.a) }, None).await,
            "priority",
        );
        invalid(
            q::issue_ticket(
                app,
                k,
                &TicketInput { item_id: Some(1), ..TicketInput { site_id: Some(site), ..TicketInput::default() } },
                None,
            )
            .await,
            "item_id",
        );
        // A kiosk of another hall, and the public on a kiosk channel.
        let other = device(&h.w, "kiosk", h.w.site2.id, None).await;
        assert!(matches!(q::issue_ticket(app, Caller::Device(&other), &take(site, h.a), None).await, Err(AppError::Forbidden(_))));
        assert!(matches!(
            q::issue_ticket(app, Caller::Public("test"), &TicketInput { channel: "kiosk".into(), ..take(site, h.a) }, None).await,
            Err(AppError::Unauthorized(_))
        ));

        // A daily limit, and a phone's quota of open tickets.
        let mut limited = category("C", "限号");
        limited.daily_limit = Some(1);
        let c = q::create_category(app, &system(), site, &limited).await.unwrap().category.id;
        q::issue_ticket(app, k, &take(site, c), None).await.unwrap();
        conflict(q::issue_ticket(app, k, &take(site, c), None).await, "已取完");
        let phone = TicketInput { phone: "13912345678".into(), ..take(site, h.a) };
        for _ in 0..3 {
            q::issue_ticket(app, k, &phone, None).await.unwrap();
        }
        conflict(q::issue_ticket(app, k, &phone, None).await, "上限 3 个");

        // Outside opening hours (09:00-12:00,13:30-17:30 on working days) and on a holiday.
        app.clock.advance(Duration::hours(3)); // 12:30 China time
        conflict(q::issue_ticket(app, k, &take(site, h.a), None).await, "办公时间");
        // 2026-10-01 10:00 China time is 国庆节.
        let to_holiday = chrono::DateTime::parse_from_rfc3339("2026-10-01T02:00:00Z").unwrap().to_utc() - app.clock.now();
        app.clock.advance(to_holiday);
        conflict(q::issue_ticket(app, k, &take(site, h.a), None).await, "法定节假日");
        let mut tx = app.db.read().await.unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let n = store::queue::figure_rows(&mut tx, site, day, app.clock.today()).await.unwrap().len();
        assert_eq!(n, 4, "only the four accepted tickets exist");
        drop(tx);
        // A hall may turn the opening-hours rule off.
        q::set_policy(app, &h.mgr, site, &Policy { enforce_hours: false, ..Policy::default() }).await.unwrap();
        q::issue_ticket(app, k, &take(site, h.a), None).await.unwrap();
        t
    })
    .await;
}

#[tokio::test]
async fn the_counter_calls_by_rank_and_every_action_follows_the_rules() {
    each_backend(|t| async move {
        let h = hall(&t).await;
        let app = &h.w.app;
        let k = Caller::Device(&h.kiosk);
        let site = h.w.site1.id;
        let w1 = h.w.window1.id;
        let n1 = q::issue_ticket(app, k, &take(site, h.a), None).await.unwrap();
        app.clock.advance(Duration::minutes(5));
        let elderly = q::issue_ticket(app, k, &TicketInput { priority: "elderly".into(), ..take(site, h.a) }, None).await.unwrap();
        app.clock.advance(Duration::minutes(20));
        let n2 = q::issue_ticket(app, k, &take(site, h.a), None).await.unwrap();
        let b1 = q::issue_ticket(app, k, &take(site, h.b), None).await.unwrap();

        // The elderly ticket (5 min after n1, 15 min head start) goes before n1.
        let c1 = q::call_next(app, &h.clerk, w1).await.unwrap().unwrap();
        assert_eq!(c1.id, elderly.id);
        assert_eq!((c1.status.as_str(), c1.window_no.as_deref()), ("called", Some("1")));
        // No-show needs two recalls first.
        conflict(q::act(app, &h.clerk, c1.id, Action::NoShow, &ActionInput::default()).await, "重呼 2 次");
        q::act(app, &h.clerk, c1.id, Action::Recall, &ActionInput::default()).await.unwrap();
        let r = q::act(app, &h.clerk, c1.id, Action::Recall, &ActionInput::default()).await.unwrap();
        assert_eq!(r.recalls, 2);
        let ns = q::act(app, &h.clerk, c1.id, Action::NoShow, &ActionInput::default()).await.unwrap();
        assert_eq!(ns.status, "no_show");
        conflict(q::act(app, &h.clerk, c1.id, Action::Recall, &ActionInput::default()).await, "过号");

        let c2 = q::call_next(app, &h.clerk, w1).await.unwrap().unwrap();
        assert_eq!(c2.id, n1.id);
        // Hold it, serve the next, then resume it.
        q::act(app, &h.clerk, c2.id, Action::Hold, &ActionInput::default()).await.unwrap();
        let c3 = q::call_next(app, &h.clerk, w1).await.unwrap().unwrap();
        assert_eq!(c3.id, n2.id, "A before B in the window's profile");
        conflict(q::act(app, &h.clerk, c2.id, Action::Resume, &ActionInput::default()).await, "请先办结或挂起");
        let done = q::act(app, &h.clerk, c3.id, Action::Finish, &ActionInput { outcome: "consulted".into(), ..ActionInput::default() })
            .await
            .unwrap();
        assert_eq!((done.status.as_str(), done.outcome.as_deref()), ("done", Some("consulted")));
        let resumed = q::act(app, &h.clerk, c2.id, Action::Resume, &ActionInput::default()).await.unwrap();
        assert_eq!(resumed.status, "called");
        invalid(
            q::act(app, &h.clerk, c2.id, Action::Finish, &ActionInput { outcome: "lunch".into(), ..ActionInput::default() }).await,
            "outcome",
        );

        // Transfer n1 to category B: it keeps its early rank, so it goes before b1.
        let moved = q::act(app, &h.clerk, c2.id, Action::Transfer, &ActionInput { category_id: Some(h.b), ..ActionInput::default() })
            .await
            .unwrap();
        assert_eq!((moved.status.as_str(), moved.category_id, moved.waiting_ahead), ("waiting", h.b, Some(0)));
        let c4 = q::call_next(app, &h.clerk, w1).await.unwrap().unwrap();
        assert_eq!(c4.id, n1.id);
        // Call-next finishes the ticket being served.
        let c5 = q::call_next(app, &h.clerk, w1).await.unwrap().unwrap();
        assert_eq!(c5.id, b1.id);
        assert_eq!(q::ticket(app, &h.clerk, n1.id).await.unwrap().status, "done");
        q::act(app, &h.clerk, c5.id, Action::Finish, &ActionInput::default()).await.unwrap();
        assert!(q::call_next(app, &h.clerk, w1).await.unwrap().is_none(), "nobody waits");

        // Every step is logged with who did it.
        let steps = q::ticket_events(app, &h.clerk, c1.id).await.unwrap();
        assert_eq!(steps.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(), vec!["issue", "call", "recall", "recall", "no_show"]);
        assert!(steps[1].actor.contains("clerk1"));
        t
    })
    .await;
}

#[tokio::test]
async fn out_of_order_calls_green_channel_and_window_states() {
    each_backend(|t| async move {
        let h = hall(&t).await;
        let app = &h.w.app;
        let k = Caller::Device(&h.kiosk);
        let site = h.w.site1.id;
        let w1 = h.w.window1.id;
        let first = q::issue_ticket(app, k, &take(site, h.a), None).await.unwrap();
        let second = q::issue_ticket(app, k, &take(site, h.a), None).await.unwrap();
        let third = q::issue_ticket(app, k, &take(site, h.a), None).await.unwrap();

        // A chosen ticket, out of order, with the reason logged.
        let picked = q::act(app, &h.clerk, second.id, Action::Call, &ActionInput { note: "预约改期人员".into(), ..ActionInput::default() })
            .await
            .unwrap();
        assert_eq!(picked.status, "called");
        let steps = q::ticket_events(app, &h.clerk, second.id).await.unwrap();
        assert!(steps.iter().any(|e| e.kind == "call_out_of_order"));
        assert!(steps.iter().any(|e| e.note == "预约改期人员"));

        // Green channel: hall managers only; the ticket jumps the line.
        assert!(matches!(q::set_green_channel(app, &h.clerk, third.id, "").await, Err(AppError::Forbidden(_))));
        let g = q::set_green_channel(app, &h.mgr, third.id, "重点项目").await.unwrap();
        assert_eq!((g.priority.as_str(), g.waiting_ahead), ("green", Some(0)));
        assert_eq!(q::call_next(app, &h.clerk, w1).await.unwrap().unwrap().id, third.id);

        // Pausing needs a reason; a paused window calls nobody; resuming opens it again.
        invalid(q::set_window_status(app, &h.clerk, w1, WindowStatus::Paused, " ").await, "reason");
        q::set_window_status(app, &h.clerk, w1, WindowStatus::Paused, "临时离岗").await.unwrap();
        conflict(q::call_next(app, &h.clerk, w1).await, "暂停服务");
        let snap = q::snapshot(app, site).await.unwrap();
        let line = snap.windows.iter().find(|x| x.id == w1).unwrap();
        assert_eq!((line.status.as_str(), line.pause_reason.as_str()), ("paused", "临时离岗"));
        assert_eq!(snap.categories.iter().find(|c| c.id == h.a).unwrap().waiting, 1);
        q::set_window_status(app, &h.clerk, w1, WindowStatus::Open, "").await.unwrap();
        conflict(q::set_window_status(app, &h.clerk, w1, WindowStatus::Closed, "").await, "请先办结");
        assert_eq!(q::call_next(app, &h.clerk, w1).await.unwrap().unwrap().id, first.id);

        // Someone not seated at the window, and a manager of another town, are refused.
        let mgr2 = actor(app, "mgr2").await;
        assert!(matches!(q::call_next(app, &mgr2, w1).await, Err(AppError::Forbidden(_))));
        let other_window = h.w.window2.id;
        assert!(matches!(q::call_next(app, &h.clerk, other_window).await, Err(AppError::Forbidden(_))));
        // A window without a work profile says so.
        q::set_window_profile(app, &system(), w1, &[]).await.unwrap();
        conflict(q::call_next(app, &h.clerk, w1).await, "服务类别");
        t
    })
    .await;
}

#[tokio::test]
async fn concurrent_call_next_never_gives_one_ticket_to_two_windows() {
    each_backend(|t| async move {
        let h = hall(&t).await;
        let app = &h.w.app;
        let sys = system();
        let site = h.w.site1.id;
        let mut windows = vec![h.w.window1.id];
        for n in 2..=4 {
            let wi = crate::common::window_input(&h.w.zone1, &n.to_string(), &[h.w.dept_rs.id]);
            let win = app::org::create_window(app, &sys, site, &wi).await.unwrap();
            q::set_window_profile(app, &sys, win.id, &[h.a]).await.unwrap();
            windows.push(win.id);
        }
        for _ in 0..40 {
            q::issue_ticket(app, Caller::Device(&h.kiosk), &take(site, h.a), None).await.unwrap();
        }
        let mut tasks = Vec::new();
        for (i, w) in windows.iter().copied().enumerate() {
            let app = app.clone();
            let mgr = h.mgr.clone();
            tasks.push(tokio::spawn(async move {
                let mut got = Vec::new();
                while let Some(t) = q::call_next(&app, &mgr, w).await.unwrap() {
                    got.push(t.id);
                    if i % 2 == 0 {
                        tokio::task::yield_now().await;
                    }
                }
                got
            }));
        }
        let mut all = Vec::new();
        for task in tasks {
            all.extend(task.await.unwrap());
        }
        all.sort_unstable();
        let n = all.len();
        all.dedup();
        assert_eq!((n, all.len()), (40, 40));
        t
    })
    .await;
}

#[tokio::test]
async fn refused_jobs_in_a_busy_batch_leave_no_trace_and_the_rest_commit() {
    // Many kiosk requests at once share group-commit batches; the refused ones (a category's
    // daily limit) fail in the middle of batches, which then run again with savepoints.
    each_backend(|t| async move {
        let h = hall(&t).await;
        let app = &h.w.app;
        let site = h.w.site1.id;
        let mut limited = category("C", "限号");
        limited.daily_limit = Some(5);
        let c = q::create_category(app, &system(), site, &limited).await.unwrap().category.id;
        let mut tasks = Vec::new();
        for i in 0..40 {
            let (app, kiosk) = (app.clone(), h.kiosk.clone());
            let cat = if i % 2 == 0 { c } else { h.a };
            tasks.push(tokio::spawn(async move { (cat, q::issue_ticket(&app, Caller::Device(&kiosk), &take(site, cat), None).await) }));
        }
        let (mut got_a, mut got_c, mut refused) = (Vec::new(), Vec::new(), 0);
        for task in tasks {
            match task.await.unwrap() {
                (cat, Ok(v)) if cat == c => got_c.push(v.ticket_no),
                (_, Ok(v)) => got_a.push(v.ticket_no),
                (_, r) => {
                    conflict(r, "已取完");
                    refused += 1;
                }
            }
        }
        got_a.sort();
        got_c.sort();
        assert_eq!(got_a, (1..=20).map(|n| format!("A{n:03}")).collect::<Vec<_>>(), "every A ticket, numbered without gaps");
        assert_eq!(got_c, (1..=5).map(|n| format!("C{n:03}")).collect::<Vec<_>>(), "exactly the daily limit of C");
        assert_eq!(refused, 15);
        // What the callers were told is what was stored, each with one issue step.
        let mut tx = app.db.read().await.unwrap();
        let stored = store::queue::list_tickets(&mut tx, site, app.clock.today(), &["waiting"], 100).await.unwrap();
        let mut nos: Vec<String> = stored.iter().map(|t| t.ticket_no.clone()).collect();
        nos.sort();
        let mut told: Vec<String> = got_a.iter().chain(&got_c).cloned().collect();
        told.sort();
        assert_eq!(nos, told);
        for row in &stored {
            let steps = store::queue::list_events(&mut tx, row.id).await.unwrap();
            assert_eq!(steps.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(), ["issue"], "{}", row.ticket_no);
        }
        drop(tx);
        t
    })
    .await;
}

#[tokio::test]
async fn a_finished_visit_is_rated_once_by_its_window_pad_and_calls_are_published() {
    each_backend(|t| async move {
        let h = hall(&t).await;
        let app = &h.w.app;
        let mut events = app.subscribe();
        let site = h.w.site1.id;
        let tk = q::issue_ticket(app, Caller::Device(&h.kiosk), &take(site, h.a), None).await.unwrap();
        let called = q::call_next(app, &h.clerk, h.w.window1.id).await.unwrap().unwrap();
        let pad = Rater::Device(&h.pad);
        let rate = |level| RatingInput { ticket_id: Some(tk.id), level, ..RatingInput::default() };
        conflict(rate_visit(app, pad, &rate(5)).await, "还没有办结");
        q::act(app, &h.clerk, called.id, Action::Finish, &ActionInput::default()).await.unwrap();
        assert_eq!(q::pending_rating(app, h.w.window1.id).await.unwrap().map(|t| t.id), Some(tk.id));
        invalid(rate_visit(app, pad, &rate(7)).await, "level");
        assert!(matches!(rate_visit(app, Rater::Device(&h.kiosk), &rate(5)).await, Err(AppError::Forbidden(_))));
        assert!(matches!(rate_visit(app, Rater::Staff, &rate(5)).await, Err(AppError::Forbidden(_))));
        let saved = rate_visit(app, pad, &rate(4)).await.unwrap();
        assert_eq!(saved.level_label, "满意");
        conflict(rate_visit(app, pad, &rate(5)).await, "已经评价");
        assert!(q::pending_rating(app, h.w.window1.id).await.unwrap().is_none());
        let board = q::window_board(app, h.w.window1.id).await.unwrap();
        assert_eq!((board.staff_name.as_deref(), board.stars, board.ratings), (Some("张三"), Some(4.0), 1));

        // The follow page saw it all, and the call reached the bus with what the hall says aloud.
        let code = tk.follow_code.clone().unwrap();
        let f = q::follow(app, &code).await.unwrap();
        assert!(f.rated && f.headline.contains("已办结"));
        assert!(matches!(q::follow(app, "nonsense").await, Err(AppError::NotFound(_))));
        let mut names = Vec::new();
        while let Ok(e) = events.try_recv() {
            if e.name == "ticket_called" {
                let body: q::CallEvent = serde_json::from_str(&e.data).unwrap();
                assert_eq!(body.text, "请 A001 号到 1 号窗口办理");
                assert!(body.mongolian.is_some());
            }
            names.push(e.name);
        }
        assert_eq!(names, vec!["ticket_issued", "ticket_called", "ticket_finished", "rating_saved"]);
        t
    })
    .await;
}

#[tokio::test]
async fn yesterdays_open_tickets_expire_and_settings_are_validated() {
    each_backend(|t| async move {
        let h = hall(&t).await;
        let app = &h.w.app;
        let tk = q::issue_ticket(app, Caller::Device(&h.kiosk), &take(h.w.site1.id, h.a), None).await.unwrap();
        app.clock.advance(Duration::days(1));
        assert_eq!(q::expire_stale(app).await.unwrap(), 1);
        assert_eq!(q::ticket(app, &h.clerk, tk.id).await.unwrap().status, "expired");
        invalid(q::set_policy(app, &h.mgr, h.w.site1.id, &Policy { phone_daily_quota: 0, ..Policy::default() }).await, "phone_daily_quota");
        assert!(matches!(q::set_policy(app, &h.clerk, h.w.site1.id, &Policy::default()).await, Err(AppError::Forbidden(_))));
        invalid(q::create_category(app, &h.mgr, h.w.site1.id, &category("A", "重复")).await, "prefix");
        invalid(q::create_category(app, &h.mgr, h.w.site1.id, &category("1", "坏前缀")).await, "prefix");
        assert!(matches!(q::create_category(app, &h.mgr, h.w.site2.id, &category("Z", "别人的")).await, Err(AppError::Forbidden(_))));
        t
    })
    .await;
}

#[tokio::test]
async fn a_ticket_holder_with_a_phone_is_texted_when_called_once_per_call() {
    each_backend(|t| async move {
        let h = hall(&t).await;
        let app = &h.w.app;
        let input = TicketInput { phone: "13912345678".into(), ..take(h.w.site1.id, h.a) };
        q::issue_ticket(app, Caller::Device(&h.kiosk), &input, None).await.unwrap();
        let called = q::call_next(app, &h.clerk, h.w.window1.id).await.unwrap().unwrap();
        q::act(app, &h.clerk, called.id, Action::Recall, &ActionInput::default()).await.unwrap();
        let admin = actor(app, "admin").await;
        let sent = app::outbox::list(app, &admin, &app::outbox::OutboxFilter::default(), 50, None).await.unwrap().items;
        assert_eq!(sent.len(), 2, "one text for the call and one for the recall");
        assert!(sent.iter().all(|m| m.kind == "ticket_called" && m.phone_masked == "139****5678"));
        assert!(sent.iter().all(|m| m.body.contains("请 A001 号到 1 号窗口办理")), "{sent:?}");
        t
    })
    .await;
}

#[tokio::test]
async fn waiting_estimates_follow_recent_service_times_and_open_windows() {
    each_backend(|t| async move {
        let h = hall(&t).await;
        let app = &h.w.app;
        let k = Caller::Device(&h.kiosk);
        let (site, w1) = (h.w.site1.id, h.w.window1.id);
        // No history yet: no estimate rather than a guess.
        let first = q::issue_ticket(app, k, &take(site, h.a), None).await.unwrap();
        assert_eq!(first.est_wait_min, None);
        // Six visits of six minutes each at window 1.
        for i in 0..6 {
            if i > 0 {
                q::issue_ticket(app, k, &take(site, h.a), None).await.unwrap();
            }
            q::call_next(app, &h.clerk, w1).await.unwrap().unwrap();
            app.clock.advance(Duration::minutes(6));
            let serving = q::window_board(app, w1).await.unwrap().serving_ticket_id.unwrap();
            q::act(app, &h.clerk, serving, Action::Finish, &ActionInput::default()).await.unwrap();
        }
        app.clock.advance(Duration::seconds(5)); // past the cache period
        let mut issued = Vec::new();
        for _ in 0..4 {
            issued.push(q::issue_ticket(app, k, &take(site, h.a), None).await.unwrap());
        }
        // Three ahead, six minutes each, one open window: 18 minutes.
        assert_eq!((issued[3].waiting_ahead, issued[3].est_wait_min), (Some(3), Some(18)));
        assert_eq!(issued[0].est_wait_min, Some(0));
        let snap = q::snapshot(app, site).await.unwrap();
        let line = snap.categories.iter().find(|c| c.id == h.a).unwrap();
        assert_eq!((line.waiting, line.est_wait_min), (4, Some(24)));
        let waits = q::waits(app, site).await.unwrap();
        let wa = waits.iter().find(|w| w.category_id == h.a).unwrap();
        assert_eq!((wa.waiting, wa.est_wait_min, wa.est_wait_text.as_str()), (4, Some(24), "约 24 分钟"));
        // B has no visits of its own: the hall's typical time stands in.
        assert_eq!(waits.iter().find(|w| w.category_id == h.b).unwrap().est_wait_min, Some(0));
        let code = issued[3].follow_code.clone().unwrap();
        let f = q::follow(app, &code).await.unwrap();
        assert_eq!(f.headline, "前面还有 3 人，预计等候约 18 分钟");
        // With window 1 paused nobody serves A: no estimate.
        q::set_window_status(app, &h.clerk, w1, WindowStatus::Paused, "会议").await.unwrap();
        app.clock.advance(Duration::seconds(5));
        assert_eq!(q::follow(app, &code).await.unwrap().headline, "前面还有 3 人");
        assert_eq!(q::waits(app, site).await.unwrap().iter().find(|w| w.category_id == h.a).unwrap().est_wait_text, "暂无估算");
        t
    })
    .await;
}
