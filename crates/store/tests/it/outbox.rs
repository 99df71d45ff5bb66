//! The notification outbox: idempotent insert, the sender's due scan and claim, sent / failed
//! marks, re-queueing, and the scoped newest-first list with its status counts.

use chrono::Duration;
use store::Tx;
use store::org::Scope;
use store::outbox::{self as ob, NewOutbox, StatusCounts};
use testkit::each_backend;

use crate::common::{cipher, net, now, phone_parts};

/// Inserts an SMS for `unit` with `key` (a ticket-called notice unless `kind` says otherwise).
async fn put(tx: &mut Tx, unit: i64, kind: &str, key: &str) -> i64 {
    let (enc, hash, masked) = phone_parts("13912345678");
    let m = NewOutbox {
        org_unit_id: unit,
        kind,
        phone_enc: &enc,
        phone_hash: &hash,
        phone_masked: &masked,
        body: "请到 1 号窗口办理（A001）",
        idempotency_key: key,
    };
    ob::insert(tx, &m, now()).await.unwrap()
}

fn paths(ps: &[&str]) -> Scope {
    Scope::Paths(ps.iter().map(|p| (*p).to_owned()).collect())
}

#[tokio::test]
async fn a_repeated_idempotency_key_returns_the_first_message_and_stores_no_second_row() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let a = put(&mut tx, n.town_a.id, "ticket_called", "ticket:1:called").await;
        let again = put(&mut tx, n.town_b.id, "login_code", "ticket:1:called").await;
        let b = put(&mut tx, n.town_a.id, "ticket_called", "ticket:2:called").await;
        tx.commit().await.unwrap();
        assert_eq!(a, again);
        assert_ne!(a, b);
        let mut tx = t.db.read().await.unwrap();
        assert_eq!(ob::find_id_by_key(&mut tx, "ticket:1:called").await.unwrap(), Some(a));
        assert_eq!(ob::find_id_by_key(&mut tx, "nope").await.unwrap(), None);
        let row = ob::get(&mut tx, a).await.unwrap();
        assert_eq!(
            (row.org_unit_id, row.kind.as_str(), row.channel.as_str()),
            (n.town_a.id, "ticket_called", "sms"),
            "the first one stays"
        );
        assert_eq!((row.status.as_str(), row.attempts, row.next_attempt_at, row.created_at), ("pending", 0, now(), now()));
        assert_eq!((row.phone_masked.as_str(), row.org_path.as_str()), ("139****5678", n.town_a.path.as_str()));
        assert_eq!((row.sent_at, row.provider_ref.as_deref(), row.last_error.as_deref()), (None, None, None));
        let json = serde_json::to_string(&row).unwrap();
        assert!(!json.contains("phone_enc") && !json.contains("13912345678"), "{json}");
        assert!(ob::find(&mut tx, 9999).await.unwrap().is_none());
        assert!(matches!(ob::get(&mut tx, 9999).await, Err(store::StoreError::NotFound("outbox message"))));
        assert_eq!(ob::count_by_status(&mut tx, &Scope::All).await.unwrap(), StatusCounts { pending: 2, sent: 0, failed: 0 });
        t
    })
    .await;
}

#[tokio::test]
async fn due_messages_are_listed_oldest_due_first_with_the_encrypted_phone() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let a = put(&mut tx, n.town_a.id, "ticket_called", "k1").await;
        let b = put(&mut tx, n.town_b.id, "ticket_called", "k2").await;
        let c = put(&mut tx, n.town_a.id, "ticket_called", "k3").await;
        // b failed once and waits 30 s; c was sent.
        assert!(ob::claim(&mut tx, b, now(), now() + Duration::minutes(5)).await.unwrap());
        assert!(ob::mark_failed_attempt(&mut tx, b, "网关超时", Some(now() + Duration::seconds(30))).await.unwrap());
        assert!(ob::claim(&mut tx, c, now(), now() + Duration::minutes(5)).await.unwrap());
        assert!(ob::mark_sent(&mut tx, c, "gw-1", now()).await.unwrap());
        tx.commit().await.unwrap();

        let mut tx = t.db.read().await.unwrap();
        let due = ob::list_due(&mut tx, now(), 10).await.unwrap();
        assert_eq!(due.iter().map(|d| d.id).collect::<Vec<_>>(), vec![a]);
        assert_eq!(cipher().decrypt(&due[0].phone_enc).unwrap(), "13912345678");
        assert_eq!((due[0].kind.as_str(), due[0].idempotency_key.as_str(), due[0].attempts), ("ticket_called", "k1", 0));
        assert!(due[0].body.contains("A001"));
        let later = ob::list_due(&mut tx, now() + Duration::seconds(30), 10).await.unwrap();
        assert_eq!(later.iter().map(|d| (d.id, d.attempts)).collect::<Vec<_>>(), vec![(a, 0), (b, 1)]);
        assert_eq!(ob::list_due(&mut tx, now() + Duration::seconds(30), 1).await.unwrap().len(), 1, "limit");
        let row = ob::get(&mut tx, b).await.unwrap();
        assert_eq!((row.status.as_str(), row.attempts, row.last_error.as_deref()), ("pending", 1, Some("网关超时")));
        t
    })
    .await;
}

#[tokio::test]
async fn a_claim_holds_a_message_for_its_lease_and_only_one_claim_wins() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let a = put(&mut tx, n.town_a.id, "ticket_called", "k1").await;
        let lease = now() + Duration::minutes(5);
        assert!(ob::claim(&mut tx, a, now(), lease).await.unwrap());
        assert!(!ob::claim(&mut tx, a, now(), lease).await.unwrap(), "a second sender skips it");
        assert!(ob::list_due(&mut tx, now(), 10).await.unwrap().is_empty());
        // The sender died: once the lease ends the message is due again, its attempt counted.
        let due = ob::list_due(&mut tx, lease, 10).await.unwrap();
        assert_eq!(due.iter().map(|d| (d.id, d.attempts)).collect::<Vec<_>>(), vec![(a, 1)]);
        assert!(ob::claim(&mut tx, a, lease, lease + Duration::minutes(5)).await.unwrap());
        assert_eq!(ob::get(&mut tx, a).await.unwrap().attempts, 2);
        assert!(!ob::claim(&mut tx, 9999, now(), lease).await.unwrap());
        // Several at once: only the pending, due ones are claimed, and only once.
        let b = put(&mut tx, n.town_a.id, "ticket_called", "k2").await;
        let c = put(&mut tx, n.town_a.id, "ticket_called", "k3").await;
        let mut got = ob::claim_many(&mut tx, &[a, b, c, 9999], now(), lease).await.unwrap();
        got.sort_unstable();
        assert_eq!(got, vec![b, c], "a is leased until later");
        assert!(ob::claim_many(&mut tx, &[b, c], now(), lease).await.unwrap().is_empty());
        assert!(ob::claim_many(&mut tx, &[], now(), lease).await.unwrap().is_empty());
        tx.commit().await.unwrap();
        t
    })
    .await;
}

#[tokio::test]
async fn a_sent_message_is_never_due_or_marked_again() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let a = put(&mut tx, n.town_a.id, "ticket_called", "k1").await;
        assert!(ob::claim(&mut tx, a, now(), now() + Duration::minutes(5)).await.unwrap());
        assert!(ob::mark_failed_attempt(&mut tx, a, "暂时失败", Some(now())).await.unwrap());
        assert!(ob::claim(&mut tx, a, now(), now() + Duration::minutes(5)).await.unwrap());
        let sent_at = now() + Duration::seconds(3);
        assert!(ob::mark_sent(&mut tx, a, "gw-42", sent_at).await.unwrap());
        tx.commit().await.unwrap();

        let mut tx = t.db.begin().await.unwrap();
        let row = ob::get(&mut tx, a).await.unwrap();
        assert_eq!((row.status.as_str(), row.attempts, row.sent_at), ("sent", 2, Some(sent_at)));
        assert_eq!((row.provider_ref.as_deref(), row.last_error.as_deref()), (Some("gw-42"), None), "a delivery clears the last error");
        assert!(ob::list_due(&mut tx, now() + Duration::days(1), 10).await.unwrap().is_empty());
        assert!(!ob::claim(&mut tx, a, now() + Duration::days(1), now() + Duration::days(2)).await.unwrap());
        assert!(!ob::mark_sent(&mut tx, a, "gw-43", now()).await.unwrap());
        assert!(!ob::mark_failed_attempt(&mut tx, a, "x", None).await.unwrap());
        assert!(!ob::requeue(&mut tx, a, now()).await.unwrap(), "only a failed message goes back");
        assert_eq!(ob::get(&mut tx, a).await.unwrap().provider_ref.as_deref(), Some("gw-42"));
        t
    })
    .await;
}

#[tokio::test]
async fn the_last_failed_attempt_fails_the_message_and_a_requeue_makes_it_due_afresh() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let a = put(&mut tx, n.town_a.id, "ticket_called", "k1").await;
        assert!(ob::claim(&mut tx, a, now(), now() + Duration::minutes(5)).await.unwrap());
        assert!(ob::mark_failed_attempt(&mut tx, a, "号码已停机", None).await.unwrap());
        let row = ob::get(&mut tx, a).await.unwrap();
        assert_eq!((row.status.as_str(), row.attempts, row.last_error.as_deref()), ("failed", 1, Some("号码已停机")));
        assert!(ob::list_due(&mut tx, now() + Duration::days(1), 10).await.unwrap().is_empty());
        assert_eq!(ob::count_by_status(&mut tx, &Scope::All).await.unwrap(), StatusCounts { pending: 0, sent: 0, failed: 1 });

        let later = now() + Duration::hours(2);
        assert!(ob::requeue(&mut tx, a, later).await.unwrap());
        assert!(!ob::requeue(&mut tx, a, later).await.unwrap(), "already pending");
        let row = ob::get(&mut tx, a).await.unwrap();
        assert_eq!((row.status.as_str(), row.attempts, row.next_attempt_at), ("pending", 0, later));
        assert_eq!(row.last_error.as_deref(), Some("号码已停机"), "kept for reference");
        assert_eq!(ob::list_due(&mut tx, later, 10).await.unwrap().len(), 1);
        assert!(!ob::requeue(&mut tx, 9999, later).await.unwrap());
        t
    })
    .await;
}

#[tokio::test]
async fn the_list_is_newest_first_scoped_filtered_and_paged_by_cursor() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let mut ids = Vec::new();
        for i in 0..5 {
            ids.push(put(&mut tx, n.town_a.id, "ticket_called", &format!("a{i}")).await);
        }
        let code = put(&mut tx, n.village_a.id, "login_code", "v1").await;
        let other = put(&mut tx, n.town_b.id, "ticket_called", "b1").await;
        assert!(ob::claim(&mut tx, ids[1], now(), now()).await.unwrap());
        assert!(ob::mark_sent(&mut tx, ids[1], "gw", now()).await.unwrap());
        assert!(ob::claim(&mut tx, ids[2], now(), now()).await.unwrap());
        assert!(ob::mark_failed_attempt(&mut tx, ids[2], "e", None).await.unwrap());
        tx.commit().await.unwrap();

        let mut tx = t.db.read().await.unwrap();
        let list = async |tx: &mut Tx, scope: &Scope, status: Option<&str>, kind: Option<&str>, before: Option<i64>, limit: i64| {
            ob::list(tx, scope, status, kind, before, limit).await.unwrap().iter().map(|r| r.id).collect::<Vec<_>>()
        };
        assert_eq!(list(&mut tx, &Scope::All, None, None, None, 100).await, vec![other, code, ids[4], ids[3], ids[2], ids[1], ids[0]]);
        let town_a = paths(&[&n.town_a.path]);
        assert_eq!(
            list(&mut tx, &town_a, None, None, None, 100).await,
            vec![code, ids[4], ids[3], ids[2], ids[1], ids[0]],
            "village below"
        );
        assert_eq!(list(&mut tx, &paths(&[]), None, None, None, 100).await, Vec::<i64>::new());
        assert_eq!(list(&mut tx, &paths(&[&n.village_a.path, &n.town_b.path]), None, None, None, 100).await, vec![other, code]);
        assert_eq!(list(&mut tx, &Scope::All, Some("failed"), None, None, 100).await, vec![ids[2]]);
        assert_eq!(list(&mut tx, &Scope::All, Some("sent"), None, None, 100).await, vec![ids[1]]);
        assert_eq!(list(&mut tx, &Scope::All, None, Some("login_code"), None, 100).await, vec![code]);
        assert_eq!(list(&mut tx, &town_a, Some("pending"), Some("ticket_called"), None, 100).await, vec![ids[4], ids[3], ids[0]]);
        // Pages of two, each after the last id of the one before.
        assert_eq!(list(&mut tx, &town_a, None, None, None, 2).await, vec![code, ids[4]]);
        assert_eq!(list(&mut tx, &town_a, None, None, Some(ids[4]), 2).await, vec![ids[3], ids[2]]);
        assert_eq!(list(&mut tx, &town_a, None, None, Some(ids[0]), 2).await, Vec::<i64>::new());

        let rows = ob::list(&mut tx, &Scope::All, Some("sent"), None, None, 10).await.unwrap();
        assert_eq!(
            (rows[0].provider_ref.as_deref(), rows[0].sent_at, rows[0].org_path.as_str()),
            (Some("gw"), Some(now()), n.town_a.path.as_str())
        );

        assert_eq!(ob::count_by_status(&mut tx, &Scope::All).await.unwrap(), StatusCounts { pending: 5, sent: 1, failed: 1 });
        assert_eq!(ob::count_by_status(&mut tx, &town_a).await.unwrap(), StatusCounts { pending: 4, sent: 1, failed: 1 });
        assert_eq!(ob::count_by_status(&mut tx, &paths(&[&n.town_b.path])).await.unwrap(), StatusCounts { pending: 1, sent: 0, failed: 0 });
        assert_eq!(ob::count_by_status(&mut tx, &paths(&[])).await.unwrap(), StatusCounts::default());
        t
    })
    .await;
}

#[tokio::test]
async fn a_message_for_a_missing_org_unit_is_refused() {
    each_backend(|t| async move {
        let mut tx = t.db.begin().await.unwrap();
        let (enc, hash, masked) = phone_parts("13912345678");
        let m = NewOutbox {
            org_unit_id: 777,
            kind: "ticket_called",
            phone_enc: &enc,
            phone_hash: &hash,
            phone_masked: &masked,
            body: "x",
            idempotency_key: "k",
        };
        assert!(matches!(ob::insert(&mut tx, &m, now()).await, Err(store::StoreError::Reference(_))));
        t
    })
    .await;
}

#[tokio::test]
async fn many_messages_go_in_at_once_and_known_keys_are_skipped() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let (enc, hash, masked) = phone_parts("13912345678");
        let keys: Vec<String> = (0..1500).map(|i| format!("bulk:{i}")).collect();
        put(&mut tx, n.town_a.id, "ticket_called", "bulk:7").await;
        let all: Vec<NewOutbox<'_>> = keys
            .iter()
            .map(|k| NewOutbox {
                org_unit_id: n.town_a.id,
                kind: "case_reminder",
                phone_enc: &enc,
                phone_hash: &hash,
                phone_masked: &masked,
                body: "【效能提醒】办件即将到期",
                idempotency_key: k,
            })
            .collect();
        assert_eq!(ob::insert_many(&mut tx, &all, now()).await.unwrap(), 1499, "bulk:7 was there");
        assert_eq!(ob::insert_many(&mut tx, &all[..10], now()).await.unwrap(), 0);
        tx.commit().await.unwrap();
        let mut tx = t.db.read().await.unwrap();
        assert_eq!(ob::count_by_status(&mut tx, &Scope::All).await.unwrap(), StatusCounts { pending: 1500, sent: 0, failed: 0 });
        let due = ob::list_due(&mut tx, now(), 5000).await.unwrap();
        assert_eq!(due.len(), 1500);
        assert_eq!(cipher().decrypt(&due.last().unwrap().phone_enc).unwrap(), "13912345678");
        t
    })
    .await;
}
