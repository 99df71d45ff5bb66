//! The hash-chained audit log: appends chain, verification finds tampering and deletions, and
//! concurrent writers never fork the chain.

use store::audit::{self, NewAudit, Verdict};
use store::{Db, Tx};
use testkit::each_backend;

use crate::common::{count, exec};

fn entry(i: i64, entity: &'static str) -> NewAudit<'static> {
    NewAudit {
        at: format!("2026-03-02T01:30:{:02}.000000Z", i % 60),
        actor: "system:test",
        action: "create",
        entity,
        entity_id: i.to_string(),
        org_path: "/1/",
        before: String::new(),
        after: format!("{{\"n\":{i}}}"),
    }
}

async fn append_n(db: &Db, n: i64) {
    let mut tx = db.begin().await.unwrap();
    for i in 1..=n {
        assert_eq!(audit::append(&mut tx, &entry(i, "thing")).await.unwrap(), i);
    }
    tx.commit().await.unwrap();
}

async fn verdict(db: &Db) -> Verdict {
    let mut tx: Tx = db.read().await.unwrap();
    audit::verify(&mut tx).await.unwrap()
}

#[tokio::test]
async fn appends_build_a_chain_that_verifies_intact() {
    each_backend(|t| async move {
        assert_eq!(verdict(&t.db).await, Verdict::Intact(0));
        append_n(&t.db, 3).await;
        assert_eq!(verdict(&t.db).await, Verdict::Intact(3));
        let mut tx = t.db.read().await.unwrap();
        let rows = audit::list(&mut tx, None, None, 10).await.unwrap();
        assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), vec![3, 2, 1]);
        assert_eq!(rows[2].prev_hash, domain::audit::GENESIS);
        assert_eq!(rows[1].prev_hash, rows[2].hash);
        assert_eq!(rows[0].prev_hash, rows[1].hash);
        assert_eq!(
            (rows[0].actor.as_str(), rows[0].after_summary.as_str(), rows[0].before_summary.as_str()),
            ("system:test", "{\"n\":3}", "")
        );
        t
    })
    .await;
}

#[tokio::test]
async fn an_append_in_a_rolled_back_transaction_leaves_no_trace() {
    each_backend(|t| async move {
        append_n(&t.db, 2).await;
        let mut tx = t.db.begin().await.unwrap();
        assert_eq!(audit::append(&mut tx, &entry(3, "thing")).await.unwrap(), 3);
        drop(tx);
        assert_eq!(verdict(&t.db).await, Verdict::Intact(2));
        let mut tx = t.db.begin().await.unwrap();
        assert_eq!(audit::append(&mut tx, &entry(3, "thing")).await.unwrap(), 3, "the id is reused, the chain has no gap");
        tx.commit().await.unwrap();
        assert_eq!(verdict(&t.db).await, Verdict::Intact(3));
        t
    })
    .await;
}

#[tokio::test]
async fn audit_rows_list_newest_first_by_entity_and_before_a_cursor() {
    each_backend(|t| async move {
        let mut tx = t.db.begin().await.unwrap();
        for i in 1..=6 {
            audit::append(&mut tx, &entry(i, if i % 2 == 0 { "site" } else { "window" })).await.unwrap();
        }
        tx.commit().await.unwrap();
        let mut tx = t.db.read().await.unwrap();
        let ids = |v: Vec<audit::AuditRow>| v.into_iter().map(|r| r.id).collect::<Vec<_>>();
        assert_eq!(ids(audit::list(&mut tx, None, None, 100).await.unwrap()), vec![6, 5, 4, 3, 2, 1]);
        assert_eq!(ids(audit::list(&mut tx, Some("site"), None, 100).await.unwrap()), vec![6, 4, 2]);
        assert_eq!(ids(audit::list(&mut tx, Some("site"), Some(4), 100).await.unwrap()), vec![2]);
        assert_eq!(ids(audit::list(&mut tx, None, Some(5), 2).await.unwrap()), vec![4, 3]);
        assert!(audit::list(&mut tx, Some("nothing"), None, 100).await.unwrap().is_empty());
        t
    })
    .await;
}

#[tokio::test]
async fn changing_a_row_breaks_the_chain_at_that_row() {
    each_backend(|t| async move {
        append_n(&t.db, 4).await;
        assert_eq!(exec(&t.db, "update audit_log set after_summary = 'x' where id = 2").await, 1);
        match verdict(&t.db).await {
            Verdict::Broken { id, reason } => {
                assert_eq!(id, 2);
                assert!(reason.contains("修改"), "{reason}");
            }
            v => panic!("tampering went unnoticed: {v:?}"),
        }
        t
    })
    .await;
}

#[tokio::test]
async fn rehashing_a_changed_row_still_breaks_the_link_from_the_next_row() {
    each_backend(|t| async move {
        append_n(&t.db, 3).await;
        // A forger recomputes row 2's hash after changing it; row 3 still points at the old one.
        let mut tx = t.db.read().await.unwrap();
        let mut rows = audit::list(&mut tx, None, None, 10).await.unwrap();
        drop(tx);
        rows.reverse();
        let r2 = &rows[1];
        let forged = domain::audit::chain_hash(
            &r2.prev_hash,
            &domain::audit::Entry {
                id: 2,
                at: &r2.at,
                actor: &r2.actor,
                action: &r2.action,
                entity: &r2.entity,
                entity_id: &r2.entity_id,
                org_path: &r2.org_path,
                before: &r2.before_summary,
                after: "x",
            },
        );
        match &t.db {
            Db::Sqlite(p) => sqlx::query("update audit_log set after_summary = 'x', hash = $1 where id = 2")
                .bind(&forged)
                .execute(&p.write)
                .await
                .unwrap()
                .rows_affected(),
            Db::Postgres(p) => sqlx::query("update audit_log set after_summary = 'x', hash = $1 where id = 2")
                .bind(&forged)
                .execute(p)
                .await
                .unwrap()
                .rows_affected(),
        };
        assert!(matches!(verdict(&t.db).await, Verdict::Broken { id: 3, .. }), "{:?}", verdict(&t.db).await);
        t
    })
    .await;
}

#[tokio::test]
async fn deleting_a_middle_row_is_reported_with_the_missing_id() {
    each_backend(|t| async move {
        append_n(&t.db, 4).await;
        assert_eq!(exec(&t.db, "delete from audit_log where id = 2").await, 1);
        match verdict(&t.db).await {
            Verdict::Broken { id, reason } => {
                assert_eq!(id, 2);
                assert!(reason.contains('2'), "{reason}");
            }
            v => panic!("a deleted row went unnoticed: {v:?}"),
        }
        t
    })
    .await;
}

#[tokio::test]
async fn deleting_the_first_row_is_reported() {
    each_backend(|t| async move {
        append_n(&t.db, 3).await;
        exec(&t.db, "delete from audit_log where id = 1").await;
        assert!(matches!(verdict(&t.db).await, Verdict::Broken { id: 1, .. }));
        t
    })
    .await;
}

#[tokio::test]
async fn deleting_the_last_row_is_reported_thanks_to_the_chain_head() {
    each_backend(|t| async move {
        append_n(&t.db, 4).await;
        assert_eq!(exec(&t.db, "delete from audit_log where id = 4").await, 1);
        match verdict(&t.db).await {
            Verdict::Broken { id, reason } => {
                assert_eq!(id, 4);
                assert!(reason.contains("末尾"), "{reason}");
            }
            v => panic!("a truncated tail went unnoticed: {v:?}"),
        }
        // Even deleting every row is noticed.
        exec(&t.db, "delete from audit_log").await;
        assert!(matches!(verdict(&t.db).await, Verdict::Broken { id: 1, .. }));
        t
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writers_never_fork_the_chain() {
    each_backend(|t| async move {
        let mut tasks = Vec::new();
        for task in 0..8i64 {
            let db = t.db.clone();
            tasks.push(tokio::spawn(async move {
                for i in 0..10i64 {
                    let mut tx = db.begin().await.unwrap();
                    audit::append(&mut tx, &entry(task * 10 + i, "race")).await.unwrap();
                    tokio::task::yield_now().await;
                    tx.commit().await.unwrap();
                }
            }));
        }
        for task in tasks {
            task.await.unwrap();
        }
        assert_eq!(verdict(&t.db).await, Verdict::Intact(80));
        assert_eq!(count(&t.db, "select count(distinct prev_hash) from audit_log").await, 80, "no two rows share a predecessor");
        t
    })
    .await;
}
