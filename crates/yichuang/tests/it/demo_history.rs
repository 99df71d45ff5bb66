//! The demo's past (issue 17, E25): about ninety days of hall life written in bulk and rolled up.
//! On both backends, the dashboard's figures equal a direct count of the rows, every case, order
//! and work-order state occurs, and the same parameters give the same history.

use axum::http::StatusCode;
use serde_json::Value;
use store::Tx;
use testkit::browser::journey;
use testkit::each_backend;

use crate::newcomer::login;
use crate::support::Demo;

async fn count(tx: &mut Tx, sql: &'static str) -> i64 {
    store::sql::scalar(tx, sql, &[]).await.expect(sql)
}

#[tokio::test]
async fn the_demo_history_fills_the_figures_with_what_a_direct_count_gives() {
    let seen = std::sync::Mutex::new(Vec::new());
    each_backend(|t| async {
        let app = testkit::app_on(&t);
        let ids = yichuang::demo::load(&app).await.expect("demo loads");
        let h = yichuang::demo::load_history(&app).await.expect("history loads");
        assert!(h.tickets > 10_000 && h.cases > 3_000 && h.ratings > 5_000 && h.orders > 50 && h.work_orders > 100, "{h:?}");
        assert!(h.days_rolled_up >= 89, "{h:?}");
        seen.lock().expect("lock").push(h.clone());
        let d = Demo { t, app, ids };
        let leader = d.token("leader").await;
        let (s, f) = d.json("GET", "/api/v1/figures", Some(&leader), None).await;
        assert_eq!(s, StatusCode::OK, "{f}");
        let total = &f["total"];
        let n = |v: &Value| v.as_i64().unwrap_or(-1);
        let mut tx = d.app.db.read().await.expect("read");
        let direct = [
            ("tickets issued", n(&total["tickets"]["issued"]), count(&mut tx, "select count(*) from tickets").await),
            ("tickets served", n(&total["tickets"]["served"]), count(&mut tx, "select count(*) from tickets where status = 'done'").await),
            ("no-shows", n(&total["tickets"]["no_shows"]), count(&mut tx, "select count(*) from tickets where status = 'no_show'").await),
            ("cases accepted", n(&total["cases"]["accepted"]), count(&mut tx, "select count(*) from cases where accepted_on is not null").await),
            ("cases decided", n(&total["cases"]["decided"]), count(&mut tx, "select count(*) from cases where decided_on is not null").await),
            ("cases completed", n(&total["cases"]["completed"]), count(&mut tx, "select count(*) from cases where status = 'completed'").await),
            (
                "decided late",
                n(&total["cases"]["overdue_decided"]),
                count(&mut tx, "select count(*) from cases where decided_on > promised_deadline").await,
            ),
            ("yellow cards", n(&total["ladder"]["yellow_cards"]), count(&mut tx, "select count(*) from case_cards where level = 2").await),
            ("red cards", n(&total["ladder"]["red_cards"]), count(&mut tx, "select count(*) from case_cards where level = 3").await),
            (
                "level-1 reminders",
                n(&total["ladder"]["reminders_level1"]),
                count(&mut tx, "select count(*) from case_reminders where level = 1 and channel = 'in_app'").await,
            ),
            ("ratings", n(&total["ratings"]["ratings"]), count(&mut tx, "select count(*) from ratings where not excluded").await),
            ("bad ratings", n(&total["ratings"]["bad"]), count(&mut tx, "select count(*) from ratings where level <= 2 and not excluded").await),
            ("voided ratings", n(&total["ratings"]["voided"]), count(&mut tx, "select count(*) from ratings where excluded").await),
            ("work orders", n(&total["work_orders"]["registered"]), count(&mut tx, "select count(*) from work_orders").await),
        ];
        for (what, shown, counted) in direct {
            assert_eq!(shown, counted, "{what}: the dashboard shows {shown}, the rows count {counted}");
            assert!(counted > 0, "{what}: none in the history");
        }
        // Every state a newcomer should be able to open.
        for (table, states) in [
            ("cases", &["completed", "in_review", "not_accepted", "special_procedure"][..]),
            ("rectification_orders", &["verifying", "rectifying", "replied", "appealed", "closed", "voided"][..]),
            ("work_orders", &["registered", "assigned", "signed", "replied", "closed"][..]),
        ] {
            for st in states {
                let sql = format!("select count(*) from {table} where status = '{st}'");
                let k: i64 = store::sql::scalar(&mut tx, sqlx::AssertSqlSafe(sql), &[]).await.expect("count");
                assert!(k > 0, "no {table} in state {st}");
            }
        }
        // Open cases past their limits stand on the ladder, as the sweep would have left them.
        let overdue = count(&mut tx, "select count(*) from case_ladder where level >= 2").await;
        assert!(overdue > 0 && overdue == n(&total["cases"]["overdue_open"]), "open overdue: ladder {overdue}, dashboard {}", total["cases"]["overdue_open"]);
        drop(tx);
        // What the leader sees: the dashboard's headline figures are the counts, not zeros.
        if matches!(d.t.db, store::Db::Sqlite(_)) {
            let base = testkit::serve(d.router()).await;
            let want = [("受理", n(&total["cases"]["accepted"])), ("取号", n(&total["tickets"]["issued"])), ("差评", n(&total["ratings"]["bad"]))];
            journey("demo_history_figures", async |b| {
                login(b, &base, "leader", "/figures").await?;
                b.wait_for_text("好评率（首次评价）").await?;
                for (label, value) in want {
                    let shown = b
                        .client()
                        .execute(
                            "for (const f of document.querySelectorAll('.figure')) if (f.querySelector('span').textContent.trim() === arguments[0]) return f.querySelector('b').textContent.trim(); return null;",
                            vec![serde_json::json!(label)],
                        )
                        .await?;
                    anyhow::ensure!(shown.as_str() == Some(value.to_string().as_str()), "{label}: the page shows {shown}, the rows count {value}");
                }
                Ok(())
            })
            .await;
        }
        d.t
    })
    .await;
    let seen = seen.into_inner().expect("lock");
    assert!(seen.windows(2).all(|w| w[0] == w[1]), "the same parameters give the same history: {seen:?}");
}
