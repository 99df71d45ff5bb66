//! 好差评 on both backends: visit and case ratings with their refusals, the rectification loop
//! (verify → reply → callback, or appeal decided by the supervision office), and the per-day
//! aggregates compared with a full recount after late ratings, re-ratings and an upheld appeal.

use std::collections::BTreeMap;

use app::AppError;
use app::queue::{self as q, ActionInput, Caller};
use app::ratings::{OrderActionInput, OrderQuery, Rater, RatingInput, act, list_orders, rate};
use chrono::Duration;
use domain::queue::Action;
use testkit::each_backend;

use crate::common::{actor, assert_forbidden, assert_invalid, user_with_role};
use crate::queue::{hall, take};

fn order_act(action: &str) -> OrderActionInput {
    OrderActionInput { action: action.into(), ..OrderActionInput::default() }
}

fn transition(r: Result<impl std::fmt::Debug, AppError>, allowed: &[&str]) {
    match r {
        Err(AppError::Transition { allowed: a, .. }) => assert_eq!(a, allowed),
        other => panic!("expected a refused transition, got {other:?}"),
    }
}

async fn recount_matches(app: &app::App) {
    let mut tx = app.db.read().await.unwrap();
    let stored = store::ratings::rating_days(&mut tx).await.unwrap();
    let fresh = store::ratings::recount_days(&mut tx).await.unwrap();
    assert!(!stored.is_empty());
    assert_eq!(stored, fresh, "the per-day aggregates drifted from the ratings");
    drop(tx);
    crate::figures::rating_months_match(app).await;
    // A rebuild from the base rows gives the same rows.
    let mut tx = app.db.begin().await.unwrap();
    store::ratings::rebuild_days(&mut tx).await.unwrap();
    let rebuilt = store::ratings::rating_days(&mut tx).await.unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(rebuilt, stored);
}

#[tokio::test]
async fn visits_are_rated_once_and_a_bad_rating_goes_round_the_rectification_loop() {
    each_backend(|t| async move {
        let h = hall(&t).await;
        let app = &h.w.app;
        let pad = Rater::Device(&h.pad);
        // Four visits served and finished at window 1; the second left a phone (real-name).
        let mut tickets = Vec::new();
        for i in 0..4 {
            let mut input = take(h.w.site1.id, h.a);
            if i == 1 {
                input.phone = "13700001111".into();
            }
            let tk = q::issue_ticket(app, Caller::Device(&h.kiosk), &input, None).await.unwrap();
            let called = q::call_next(app, &h.clerk, h.w.window1.id).await.unwrap().unwrap();
            q::act(app, &h.clerk, called.id, Action::Finish, &ActionInput::default()).await.unwrap();
            tickets.push(tk);
        }
        let by_pad = |i: usize, level: i64, reasons: &[&str]| RatingInput {
            ticket_id: Some(tickets[i].id),
            level,
            reasons: reasons.iter().map(|s| (*s).to_owned()).collect(),
            ..RatingInput::default()
        };
        // A good rating with an indicator of the on-site form; none of the online form.
        let mut ind = BTreeMap::new();
        ind.insert("attitude".to_owned(), 5);
        let ok = rate(app, pad, &RatingInput { indicators: ind, ..by_pad(0, 5, &[]) }).await.unwrap();
        assert_eq!((ok.level_label.as_str(), ok.rectification_order_id), ("非常满意", None));
        let mut online = BTreeMap::new();
        online.insert("usability".to_owned(), 2);
        assert_invalid(rate(app, pad, &RatingInput { indicators: online, ..by_pad(1, 4, &[]) }).await, "indicators");
        // A bad rating must say what went wrong; its reason must belong to a bad rating.
        assert_invalid(rate(app, pad, &by_pad(1, 1, &[])).await, "reasons");
        assert_invalid(rate(app, pad, &by_pad(1, 1, &["warm"])).await, "reasons");
        // From the ticket's QR page, real-name (the phone it left): an order for its server.
        let code = tickets[1].follow_code.clone().unwrap();
        let qr = RatingInput { follow_code: Some(code.clone()), level: 1, reasons: vec!["long_wait".into()], ..RatingInput::default() };
        let bad = rate(app, Rater::Public("test"), &qr).await.unwrap();
        let order_id = bad.rectification_order_id.expect("a 1 opens a rectification order");
        let again = rate(app, Rater::Public("test"), &RatingInput { level: 5, reasons: vec![], ..qr.clone() }).await;
        assert!(matches!(&again, Err(AppError::Conflict(m)) if m.contains("已经评价")), "{again:?}");
        // The rating pad of the window, anonymous, a 2: an order that may close without a callback.
        // A comment alone is no reason: a bad rating names one on every channel.
        assert_invalid(rate(app, pad, &RatingInput { comment: "窗口人员中途离开".into(), ..by_pad(2, 2, &[]) }).await, "reasons");
        let anon = rate(app, pad, &RatingInput { anonymous: true, comment: "窗口人员中途离开".into(), ..by_pad(2, 2, &["attitude"]) })
            .await
            .unwrap();
        let anon_order = anon.rectification_order_id.unwrap();

        // The clerk at the window owns both orders (谁办理谁负责) and sees them as theirs.
        let mine = list_orders(app, &h.clerk, &OrderQuery::default()).await.unwrap();
        assert_eq!(mine.items.iter().map(|o| o.order.id).collect::<Vec<_>>(), vec![anon_order, order_id]);
        let o = &mine.items[1];
        assert_eq!((o.order.status.as_str(), o.order.real_name, o.level_label.as_str()), ("verifying", true, "非常不满意"));
        assert_eq!(o.reasons_labels, vec!["排队等待时间长"]);
        assert_eq!(o.order.rater_phone_masked.as_deref(), Some("137****1111"));
        assert!(o.order.verify_due_on > o.order.opened_on && o.order.rectify_due_on > o.order.verify_due_on);
        // Out of order: a reply before verification is refused with what is allowed.
        transition(act(app, &h.clerk, order_id, &order_act("reply")).await, &["verify", "appeal"]);
        assert_invalid(act(app, &h.clerk, order_id, &order_act("verify")).await, "finding");
        let v = act(app, &h.clerk, order_id, &OrderActionInput { finding: "当日上午排队超过 1 小时".into(), ..order_act("verify") })
            .await
            .unwrap();
        assert_eq!(v.order.status, "rectifying");
        // No reply, no closing.
        let no_reply =
            OrderActionInput { resolution: Some("immediate".into()), note: "增开综合窗口两个".into(), ..order_act("reply") };
        assert_invalid(act(app, &h.clerk, order_id, &no_reply).await, "reply");
        let replied =
            act(app, &h.clerk, order_id, &OrderActionInput { reply: "已增开窗口，感谢监督".into(), ..no_reply.clone() }).await.unwrap();
        assert_eq!(replied.order.status, "replied");
        // A real-name rating closes only by a callback, which may carry a re-rating.
        transition(act(app, &h.clerk, order_id, &order_act("close")).await, &["callback"]);
        assert_invalid(
            act(app, &h.clerk, order_id, &OrderActionInput { note: "电话回访".into(), ..order_act("callback") }).await,
            "satisfied",
        );
        let closed = act(
            app,
            &h.clerk,
            order_id,
            &OrderActionInput {
                note: "电话回访，群众表示满意".into(),
                satisfied: Some(true),
                rerate_level: Some(4),
                ..order_act("callback")
            },
        )
        .await
        .unwrap();
        assert_eq!(
            (closed.order.status.as_str(), closed.order.final_level, closed.order.callback_satisfied),
            ("closed", Some(4), Some(true))
        );
        transition(act(app, &h.clerk, order_id, &order_act("verify")).await, &[]);

        // The anonymous order: appealed as mistaken; the clerk cannot decide it, the supervision
        // office upholds it and the rating leaves the figures.
        let appeal = OrderActionInput { reason: "当时为系统故障暂停服务，已公告".into(), ..order_act("appeal") };
        assert_eq!(act(app, &h.clerk, anon_order, &appeal).await.unwrap().order.status, "appealed");
        assert_forbidden(act(app, &h.clerk, anon_order, &OrderActionInput { reason: "同意".into(), ..order_act("uphold_appeal") }).await);
        user_with_role(app, &h.w.banner, "sup1", None, "supervisor", &h.w.banner).await;
        let sup = actor(app, "sup1").await;
        let all =
            list_orders(app, &sup, &OrderQuery { view: Some("all".into()), status: Some("appealed".into()), ..OrderQuery::default() })
                .await
                .unwrap();
        assert_eq!(all.items.len(), 1);
        let upheld =
            act(app, &sup, anon_order, &OrderActionInput { reason: "经核实为系统故障，申诉成立".into(), ..order_act("uphold_appeal") })
                .await
                .unwrap();
        assert_eq!(upheld.order.status, "voided");
        assert!(list_orders(app, &h.clerk, &OrderQuery { view: Some("all".into()), ..OrderQuery::default() }).await.is_err());

        // A late rating three days on still counts on the day of the visit; after the late
        // window (7 days by default) it is refused.
        app.clock.advance(Duration::days(3));
        rate(app, pad, &by_pad(3, 3, &["wait"])).await.unwrap();
        recount_matches(app).await;
        let mut tx = app.db.read().await.unwrap();
        let days = store::ratings::rating_days(&mut tx).await.unwrap();
        drop(tx);
        assert_eq!(days.len(), 1, "every visit was served on one day at one window: {days:?}");
        let c = days[0].counts;
        // The re-rating (1 → 4 at the callback) does not replace the bad rating: it stays a 1 and
        // counts as improved.
        assert_eq!(
            (c.n, c.l1, c.l3, c.l4, c.l5, c.bad, c.bad_real_name, c.rectified, c.called_back, c.voided, c.improved),
            (3, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1)
        );
        // What the hall publishes for the month: 1 of 3 good at first rating, the one bad rating
        // rectified, called back and improved; the voided one is out.
        let month = days[0].key.day.format("%Y-%m").to_string();
        let p = app::figures::public_ratings(app, Some(&month)).await.unwrap();
        assert_eq!(p.halls.len(), 1);
        let f = &p.total;
        assert_eq!((f.ratings, f.bad, f.voided, f.levels), (3, 1, 1, [1, 0, 1, 0, 1]));
        assert_eq!((f.good_rate.percent, f.rectify_rate.percent, f.callback_rate.percent), (Some(33.3), Some(100.0), Some(100.0)));
        assert_eq!((f.improved, f.improved_rate.percent), (1, Some(100.0)));
        assert_eq!(p.halls[0].figures, p.total);
        assert_invalid(app::figures::public_ratings(app, Some("2026-13")).await, "month");
        app.clock.advance(Duration::days(5));
        let late = rate(app, pad, &by_pad(3, 5, &[])).await;
        assert!(matches!(&late, Err(AppError::Conflict(m)) if m.contains("补评期限")), "{late:?}");
        t
    })
    .await;
}

#[tokio::test]
async fn a_case_is_rated_by_its_applicant_only_after_it_ends() {
    each_backend(|t| async move {
        let d = crate::cases::desk(&t).await;
        let app = &d.w.app;
        let c = app::cases::create_case(app, &d.clerk, &crate::cases::intake(&d, d.instant, &[(1, ""), (2, "")])).await.unwrap();
        let id = c.view.case.id;
        let by_code = |code: &str, level: i64| RatingInput {
            case_id: Some(id),
            query_code: Some(code.to_owned()),
            level,
            reasons: if level <= 2 { vec!["overdue".into()] } else { vec![] },
            ..RatingInput::default()
        };
        // Not ended yet; a wrong code, or staff, cannot rate it at all.
        let early = rate(app, Rater::Public("test"), &by_code(&c.query_code, 5)).await;
        assert!(matches!(&early, Err(AppError::Conflict(m)) if m.contains("尚未办结")), "{early:?}");
        assert_forbidden(rate(app, Rater::Public("test"), &by_code("WRONG123", 5)).await);
        assert_forbidden(rate(app, Rater::Staff, &by_code(&c.query_code, 5)).await);
        app::cases::act(app, &d.clerk, id, &crate::cases::act("accept")).await.unwrap();
        app::cases::act(app, &d.clerk, id, &crate::cases::act("settle")).await.unwrap();
        // The on-site pad form is not the case's form.
        let pad_form = RatingInput { channel: Some("pad".into()), ..by_code(&c.query_code, 4) };
        assert_invalid(rate(app, Rater::Public("test"), &pad_form).await, "channel");
        // Local policy (Sichuan-style 15 working days to rectify), set by the supervision office.
        user_with_role(app, &d.w.banner, "sup1", None, "supervisor", &d.w.banner).await;
        let sup = actor(app, "sup1").await;
        let sichuan = domain::ratings::Policy { rectify_days: 15, ..domain::ratings::Policy::default() };
        assert_invalid(
            app::ratings::put_policy(app, &sup, d.w.banner.id, &domain::ratings::Policy { rectify_days: 0, ..sichuan }).await,
            "rectify_days",
        );
        assert_forbidden(app::ratings::put_policy(app, &d.clerk, d.w.banner.id, &sichuan).await);
        app::ratings::put_policy(app, &sup, d.w.banner.id, &sichuan).await.unwrap();
        assert_eq!(app::ratings::get_policy(app, &sup, d.w.town1.id).await.unwrap(), sichuan, "a town inherits the banner's policy");
        let saved = rate(app, Rater::Public("test"), &by_code(&c.query_code, 2)).await.unwrap();
        let order = saved.rectification_order_id.unwrap();
        let o = app::ratings::get_order(app, &d.clerk, order).await.unwrap();
        let cal = app::calendar::calendar(app).await.unwrap();
        assert_eq!(o.order.rectify_due_on, cal.add_working_days(o.order.opened_on, 15));
        assert!(!o.overdue);
        // Real-name (the applicant's phone, masked) and owned by who handled the case.
        assert_eq!((o.order.real_name, o.order.rater_phone_masked.as_deref()), (true, Some("139****5678")));
        assert_eq!(o.order.case_no.as_deref(), Some(c.view.case.case_no.as_str()));
        assert_eq!(o.order.mode, "online");
        let twice = rate(app, Rater::Public("test"), &by_code(&c.query_code, 5)).await;
        assert!(matches!(&twice, Err(AppError::Conflict(m)) if m.contains("已经评价")), "{twice:?}");
        // Someone outside the case's department and scope does not see the order.
        let mgr2 = actor(app, "mgr2").await;
        assert!(matches!(app::ratings::get_order(app, &mgr2, order).await, Err(AppError::NotFound(_))));
        // The applicant was invited when the case ended; a rated case is not invited again.
        assert_eq!(app::ratings::remind_unrated(app).await.unwrap(), 0);
        // Three weeks on, unverified: overdue in the owner's list.
        app.clock.advance(Duration::days(21));
        let late = list_orders(app, &d.clerk, &OrderQuery { overdue: true, ..OrderQuery::default() }).await.unwrap();
        assert_eq!(late.items.iter().map(|o| (o.order.id, o.overdue)).collect::<Vec<_>>(), vec![(order, true)]);
        // Overdue orders climb the ladder: the verification is late (level 1, the owner) …
        let s1 = app::ratings::sweep_orders(app).await.unwrap();
        assert_eq!(s1.overdue, 1);
        assert!(s1.reminders >= 1);
        assert_eq!(app::ratings::sweep_orders(app).await.unwrap().reminders, 0, "each person once per level");
        let seen = app::ratings::get_order(app, &d.clerk, order).await.unwrap();
        assert!(seen.reminders.iter().all(|m| m.level == 1 && m.recipient_role == "owner"), "{:?}", seen.reminders);
        // … and two working days past the rectification deadline it is red: supervision is told.
        app.clock.advance(Duration::days(30));
        app::ratings::sweep_orders(app).await.unwrap();
        let seen = app::ratings::get_order(app, &sup, order).await.unwrap();
        assert!(seen.reminders.iter().any(|m| m.level == 3 && m.recipient_role == "supervisor"), "{:?}", seen.reminders);
        recount_matches(app).await;
        t
    })
    .await;
}

#[tokio::test]
async fn an_unrated_case_is_invited_again_once_after_three_days() {
    each_backend(|t| async move {
        let d = crate::cases::desk(&t).await;
        let app = &d.w.app;
        let c = app::cases::create_case(app, &d.clerk, &crate::cases::intake(&d, d.instant, &[(1, ""), (2, "")])).await.unwrap();
        let id = c.view.case.id;
        app::cases::act(app, &d.clerk, id, &crate::cases::act("accept")).await.unwrap();
        app::cases::act(app, &d.clerk, id, &crate::cases::act("settle")).await.unwrap();
        let invites = |kind: &'static str| async move {
            let mut tx = app.db.read().await.unwrap();
            store::outbox::list(&mut tx, &store::org::Scope::All, None, Some(kind), None, 50).await.unwrap()
        };
        let first = invites("case_notice").await;
        assert!(first.iter().any(|m| m.body.contains(&c.view.case.case_no) && m.body.contains("欢迎评价本次服务")), "invited on settling");
        assert_eq!(app::ratings::remind_unrated(app).await.unwrap(), 0, "not before three days");
        app.clock.advance(Duration::days(3));
        assert_eq!(app::ratings::remind_unrated(app).await.unwrap(), 1);
        assert_eq!(app::ratings::remind_unrated(app).await.unwrap(), 0, "once only");
        let again = invites("rating_invite").await;
        assert_eq!(again.len(), 1);
        assert_eq!(again[0].phone_masked, "139****5678");
        t
    })
    .await;
}
