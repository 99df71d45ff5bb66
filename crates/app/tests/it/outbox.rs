//! The notification outbox: idempotent enqueue inside the caller's transaction, delivery with
//! retries and backoff, no double send, no ID number in a body, masked phones, and who may read
//! and retry messages.

use std::sync::Mutex;

use app::outbox::{MAX_ATTEMPTS, NewMessage, OutboxFilter, RecordingAdapter, SendFuture, SendReport, SmsAdapter};
use app::{App, AppError};
use chrono::Duration;
use store::outbox::StatusCounts;
use testkit::each_backend;

use crate::common::{PHONE1, PHONE2, actor, assert_forbidden, assert_invalid, audit_rows, system, world};

/// Fails the first `failures` calls (forever when `None`), then delivers; records every call.
#[derive(Debug, Default)]
struct Flaky {
    failures: Option<usize>,
    calls: Mutex<Vec<(String, String, String)>>,
}

impl Flaky {
    fn failing(n: usize) -> Flaky {
        Flaky { failures: Some(n), ..Flaky::default() }
    }
    fn broken() -> Flaky {
        Flaky::default()
    }
    fn calls(&self) -> Vec<(String, String, String)> {
        self.calls.lock().unwrap().clone()
    }
}

impl SmsAdapter for Flaky {
    fn name(&self) -> &str {
        "flaky"
    }

    fn send<'a>(&'a self, phone: &'a str, body: &'a str, idempotency_key: &'a str) -> SendFuture<'a> {
        let mut calls = self.calls.lock().unwrap();
        calls.push((phone.to_owned(), body.to_owned(), idempotency_key.to_owned()));
        let n = calls.len();
        let ok = self.failures.is_some_and(|f| n > f);
        Box::pin(async move { if ok { Ok(format!("gw-{n}")) } else { Err(format!("网关返回 500（第 {n} 次）")) } })
    }
}

fn msg<'a>(unit: i64, phone: &'a str, body: &str, key: &str) -> NewMessage<'a> {
    NewMessage { org_unit_id: unit, kind: "ticket_called", phone, body: body.to_owned(), idempotency_key: key.to_owned() }
}

/// Enqueues one message in its own transaction; returns its id.
async fn enqueue(app: &App, m: NewMessage<'_>) -> Result<i64, AppError> {
    let mut tx = app.db.begin().await.unwrap();
    let id = app::outbox::enqueue(app, &mut tx, m).await?;
    tx.commit().await.unwrap();
    Ok(id)
}

fn report(claimed: i64, sent: i64, retrying: i64, failed: i64) -> SendReport {
    SendReport { claimed, sent, retrying, failed }
}

#[tokio::test]
async fn enqueuing_twice_with_one_key_stores_one_message() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let mut tx = w.app.db.begin().await.unwrap();
        let a =
            app::outbox::enqueue(&w.app, &mut tx, msg(w.town1.id, PHONE1, "请到 1 号窗口办理（A001）", "ticket:1:called")).await.unwrap();
        let b = app::outbox::enqueue(&w.app, &mut tx, msg(w.town1.id, PHONE2, "另一条", "ticket:1:called")).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(a, b);
        let again = enqueue(&w.app, msg(w.town1.id, PHONE1, "请到 1 号窗口办理（A001）", " ticket:1:called ")).await.unwrap();
        assert_eq!(again, a, "the key is trimmed");
        let page = app::outbox::list(&w.app, &system(), &OutboxFilter::default(), 50, None).await.unwrap();
        assert_eq!(page.items.len(), 1);
        let m = &page.items[0];
        assert_eq!((m.phone_masked.as_str(), m.body.as_str(), m.status.as_str()), ("139****5678", "请到 1 号窗口办理（A001）", "pending"));
        assert_eq!((m.kind_label.as_str(), m.status_label.as_str()), ("叫号通知", "待发送"));
        let json = serde_json::to_string(&page).unwrap();
        assert!(!json.contains(PHONE1) && !json.contains("phone_enc"), "{json}");
        t
    })
    .await;
}

#[tokio::test]
async fn a_message_exists_only_if_the_callers_transaction_commits() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let mut tx = w.app.db.begin().await.unwrap();
        app::outbox::enqueue(&w.app, &mut tx, msg(w.town1.id, PHONE1, "您的预约已受理", "appt:7:confirmed")).await.unwrap();
        drop(tx);
        assert_eq!(app::outbox::counts(&w.app, &system()).await.unwrap(), StatusCounts::default());
        assert_eq!(app::outbox::send_due(&w.app, &RecordingAdapter, 10).await.unwrap(), SendReport::default());
        t
    })
    .await;
}

#[tokio::test]
async fn a_body_with_an_id_number_a_bad_phone_or_a_bad_kind_is_refused() {
    each_backend(|t| async move {
        let w = world(&t).await;
        for body in ["身份证号 110101199003074514 的办件已办结", "证件 11010119900307451X", "证件 １１０１０１１９９００３０７４５１４"]
        {
            assert_invalid(enqueue(&w.app, msg(w.town1.id, PHONE1, body, "k1")).await, "body");
        }
        assert_invalid(enqueue(&w.app, msg(w.town1.id, PHONE1, "  ", "k1")).await, "body");
        assert_invalid(enqueue(&w.app, msg(w.town1.id, PHONE1, &"长".repeat(501), "k1")).await, "body");
        assert_invalid(enqueue(&w.app, msg(w.town1.id, "0477-7561234", "x", "k1")).await, "phone");
        assert_invalid(enqueue(&w.app, msg(w.town1.id, PHONE1, "x", "")).await, "idempotency_key");
        let bad_kind = NewMessage { kind: "Ticket Called", ..msg(w.town1.id, PHONE1, "x", "k1") };
        assert_invalid(enqueue(&w.app, bad_kind).await, "kind");
        // Longer or shorter digit runs (an order number, a mobile) are not ID numbers.
        enqueue(&w.app, msg(w.town1.id, PHONE1, "办件编号 1234567890123456789，咨询 13800001111", "k2")).await.unwrap();
        assert_eq!(app::outbox::counts(&w.app, &system()).await.unwrap().pending, 1);
        t
    })
    .await;
}

#[tokio::test]
async fn a_sent_message_is_never_sent_again() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let id = enqueue(&w.app, msg(w.town1.id, PHONE1, "请到 1 号窗口办理（A001）", "ticket:1:called")).await.unwrap();
        let flaky = Flaky::failing(0);
        assert_eq!(app::outbox::send_due(&w.app, &flaky, 10).await.unwrap(), report(1, 1, 0, 0));
        assert_eq!(flaky.calls(), vec![(PHONE1.to_owned(), "请到 1 号窗口办理（A001）".to_owned(), "ticket:1:called".to_owned())]);
        assert_eq!(app::outbox::send_due(&w.app, &flaky, 10).await.unwrap(), SendReport::default());
        w.app.clock.advance(Duration::days(2));
        assert_eq!(app::outbox::send_due(&w.app, &flaky, 10).await.unwrap(), SendReport::default());
        enqueue(&w.app, msg(w.town1.id, PHONE1, "重复的入队", "ticket:1:called")).await.unwrap();
        assert_eq!(app::outbox::send_due(&w.app, &flaky, 10).await.unwrap(), SendReport::default(), "a repeated key adds nothing to send");
        assert_eq!(flaky.calls().len(), 1);
        let m = &app::outbox::list(&w.app, &system(), &OutboxFilter::default(), 50, None).await.unwrap().items[0];
        assert_eq!((m.id, m.status.as_str(), m.attempts, m.provider_ref.as_deref()), (id, "sent", 1, Some("gw-1")));
        assert_eq!(m.sent_at, Some(testkit::test_now()));
        t
    })
    .await;
}

#[tokio::test]
async fn the_recording_adapter_marks_messages_sent_with_a_reference_from_the_key() {
    each_backend(|t| async move {
        let w = world(&t).await;
        enqueue(&w.app, msg(w.town1.id, PHONE1, "请到 1 号窗口办理（A001）", "ticket:1:called")).await.unwrap();
        enqueue(&w.app, msg(w.town2.id, PHONE2, "请到 2 号窗口办理（B001）", "ticket:2:called")).await.unwrap();
        assert_eq!(app::outbox::send_due(&w.app, &RecordingAdapter, 10).await.unwrap(), report(2, 2, 0, 0));
        let items = app::outbox::list(&w.app, &system(), &OutboxFilter::default(), 50, None).await.unwrap().items;
        assert!(items.iter().all(|m| m.status == "sent" && m.provider_ref.as_deref().is_some_and(|r| r.starts_with("rec-"))));
        assert_ne!(items[0].provider_ref, items[1].provider_ref);
        assert_eq!(app::outbox::counts(&w.app, &system()).await.unwrap(), StatusCounts { pending: 0, sent: 2, failed: 0 });
        t
    })
    .await;
}

#[tokio::test]
async fn a_failed_attempt_is_retried_after_a_growing_delay_until_it_succeeds() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let app = &w.app;
        let id = enqueue(app, msg(w.town1.id, PHONE1, "您预约的业务明天 9:00 办理", "appt:1:reminder")).await.unwrap();
        let flaky = Flaky::failing(2);
        assert_eq!(app::outbox::send_due(app, &flaky, 10).await.unwrap(), report(1, 0, 1, 0));
        assert_eq!(app::outbox::send_due(app, &flaky, 10).await.unwrap(), SendReport::default(), "not due yet");
        app.clock.advance(Duration::seconds(29));
        assert_eq!(app::outbox::send_due(app, &flaky, 10).await.unwrap(), SendReport::default(), "30 s after the first failure");
        app.clock.advance(Duration::seconds(1));
        assert_eq!(app::outbox::send_due(app, &flaky, 10).await.unwrap(), report(1, 0, 1, 0));
        let m = &app::outbox::list(app, &system(), &OutboxFilter::default(), 50, None).await.unwrap().items[0];
        assert_eq!((m.status.as_str(), m.attempts, m.last_error.as_deref()), ("pending", 2, Some("网关返回 500（第 2 次）")));
        assert_eq!(m.next_attempt_at, testkit::test_now() + Duration::seconds(30) + Duration::minutes(2));
        app.clock.advance(Duration::seconds(119));
        assert_eq!(app::outbox::send_due(app, &flaky, 10).await.unwrap(), SendReport::default(), "2 min after the second failure");
        app.clock.advance(Duration::seconds(1));
        assert_eq!(app::outbox::send_due(app, &flaky, 10).await.unwrap(), report(1, 1, 0, 0));
        let calls = flaky.calls();
        assert_eq!(calls.len(), 3);
        assert!(calls.iter().all(|(p, _, k)| p == PHONE1 && k == "appt:1:reminder"), "every attempt carries the same key");
        let m = &app::outbox::list(app, &system(), &OutboxFilter::default(), 50, None).await.unwrap().items[0];
        assert_eq!(
            (m.id, m.status.as_str(), m.attempts, m.provider_ref.as_deref(), m.last_error.as_deref()),
            (id, "sent", 3, Some("gw-3"), None)
        );
        app.clock.advance(Duration::days(1));
        assert_eq!(app::outbox::send_due(app, &flaky, 10).await.unwrap(), SendReport::default());
        t
    })
    .await;
}

#[tokio::test]
async fn after_the_last_attempt_a_message_fails_and_an_administrator_may_retry_it() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let app = &w.app;
        let id = enqueue(app, msg(w.town1.id, PHONE1, "请到 1 号窗口办理（A001）", "ticket:1:called")).await.unwrap();
        let broken = Flaky::broken();
        let delays = [Duration::seconds(30), Duration::minutes(2), Duration::minutes(10), Duration::hours(1)];
        for d in delays {
            assert_eq!(app::outbox::send_due(app, &broken, 10).await.unwrap(), report(1, 0, 1, 0));
            app.clock.advance(d - Duration::seconds(1));
            assert_eq!(app::outbox::send_due(app, &broken, 10).await.unwrap(), SendReport::default());
            app.clock.advance(Duration::seconds(1));
        }
        assert_eq!(app::outbox::send_due(app, &broken, 10).await.unwrap(), report(1, 0, 0, 1));
        assert_eq!(broken.calls().len(), MAX_ATTEMPTS as usize);
        app.clock.advance(Duration::days(1));
        assert_eq!(app::outbox::send_due(app, &broken, 10).await.unwrap(), SendReport::default(), "a failed message waits for a person");
        let failed = OutboxFilter { status: Some("failed".into()), kind: None };
        let m = &app::outbox::list(app, &system(), &failed, 50, None).await.unwrap().items[0];
        assert_eq!(
            (m.id, m.attempts, m.status_label.as_str(), m.last_error.as_deref()),
            (id, 5, "发送失败", Some("网关返回 500（第 5 次）"))
        );

        let clerk = actor(app, "clerk1").await;
        let mgr2 = actor(app, "mgr2").await;
        let mgr1 = actor(app, "mgr1").await;
        assert_forbidden(app::outbox::retry(app, &clerk, id).await);
        assert_forbidden(app::outbox::retry(app, &mgr2, id).await);
        assert!(matches!(app::outbox::retry(app, &mgr1, 9999).await, Err(AppError::NotFound("短信"))));
        let audit_before = audit_rows(app).await.len();
        let v = app::outbox::retry(app, &mgr1, id).await.unwrap();
        assert_eq!((v.status.as_str(), v.attempts), ("pending", 0));
        let rows = audit_rows(app).await;
        assert_eq!(rows.len(), audit_before + 1);
        let r = rows.last().unwrap();
        assert_eq!(
            (r.action.as_str(), r.entity.as_str(), r.entity_id.as_str(), r.actor.as_str()),
            ("retry", "outbox", id.to_string().as_str(), "mgr1")
        );
        assert_eq!(r.org_path, w.town1.path);
        assert!(!r.after_summary.contains(PHONE1) && r.after_summary.contains("139****5678"));
        assert!(matches!(app::outbox::retry(app, &mgr1, id).await, Err(AppError::Conflict(_))), "only a failed message");

        let ok = Flaky::failing(0);
        assert_eq!(app::outbox::send_due(app, &ok, 10).await.unwrap(), report(1, 1, 0, 0));
        assert!(matches!(app::outbox::retry(app, &mgr1, id).await, Err(AppError::Conflict(_))), "a sent message is never resent");
        t
    })
    .await;
}

#[tokio::test]
async fn only_administrators_read_the_outbox_and_each_sees_their_own_org_units() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let app = &w.app;
        let a = enqueue(app, msg(w.town1.id, PHONE1, "请到 1 号窗口办理（A001）", "k1")).await.unwrap();
        let v = enqueue(app, msg(w.village1.id, PHONE1, "请到 1 号窗口办理（A002）", "k2")).await.unwrap();
        let b = enqueue(app, msg(w.town2.id, PHONE2, "请到 1 号窗口办理（B001）", "k3")).await.unwrap();
        let clerk = actor(app, "clerk1").await;
        assert_forbidden(app::outbox::list(app, &clerk, &OutboxFilter::default(), 50, None).await);
        assert_forbidden(app::outbox::counts(app, &clerk).await);
        let ids = async |who: &str| {
            let a = actor(app, who).await;
            app::outbox::list(app, &a, &OutboxFilter::default(), 50, None).await.unwrap().items.iter().map(|m| m.id).collect::<Vec<_>>()
        };
        assert_eq!(ids("mgr1").await, vec![v, a]);
        assert_eq!(ids("mgr2").await, vec![b]);
        assert_eq!(ids("admin").await, vec![b, v, a]);
        let mgr2 = actor(app, "mgr2").await;
        assert_eq!(app::outbox::counts(app, &mgr2).await.unwrap(), StatusCounts { pending: 1, sent: 0, failed: 0 });
        let items = app::outbox::list(app, &mgr2, &OutboxFilter::default(), 50, None).await.unwrap().items;
        assert_eq!(items[0].phone_masked, "138****4321");
        t
    })
    .await;
}

#[tokio::test]
async fn the_list_pages_filters_and_hides_login_codes() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let app = &w.app;
        let mut ids = Vec::new();
        for i in 0..3 {
            ids.push(enqueue(app, msg(w.town1.id, PHONE1, &format!("第 {i} 条"), &format!("k{i}"))).await.unwrap());
        }
        let code =
            NewMessage { kind: "login_code", ..msg(w.town1.id, PHONE1, "您的登录验证码为 604213，5 分钟内有效", "login:1") };
        let code = enqueue(app, code).await.unwrap();
        let sys = system();
        let p1 = app::outbox::list(app, &sys, &OutboxFilter::default(), 2, None).await.unwrap();
        assert_eq!(p1.items.iter().map(|m| m.id).collect::<Vec<_>>(), vec![code, ids[2]]);
        assert_eq!(p1.next_cursor, Some(ids[2]));
        let p2 = app::outbox::list(app, &sys, &OutboxFilter::default(), 2, p1.next_cursor).await.unwrap();
        assert_eq!(p2.items.iter().map(|m| m.id).collect::<Vec<_>>(), vec![ids[1], ids[0]]);
        assert_eq!(p2.next_cursor, None);
        let codes = app::outbox::list(app, &sys, &OutboxFilter { status: None, kind: Some("login_code".into()) }, 50, None).await.unwrap();
        assert_eq!(codes.items.len(), 1);
        assert_eq!(
            (codes.items[0].body.as_str(), codes.items[0].kind_label.as_str()),
            ("您的登录验证码为 ******，* 分钟内有效", "登录验证码")
        );
        let by_label = OutboxFilter { status: Some("待发送".into()), kind: None };
        assert_eq!(app::outbox::list(app, &sys, &by_label, 50, None).await.unwrap().items.len(), 4);
        let bad = OutboxFilter { status: Some("lost".into()), kind: None };
        assert_invalid(app::outbox::list(app, &sys, &bad, 50, None).await, "status");
        t
    })
    .await;
}
