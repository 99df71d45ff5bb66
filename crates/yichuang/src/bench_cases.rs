//! Case benchmarks (docs/BENCHMARKS.md): a repeatable generator of open cases over the demo, the
//! supervision sweep over them, and the department inbox page.

use std::time::{Duration, Instant};

use anyhow::Context;
use app::{Actor, App};
use chrono::{Datelike, NaiveDate, TimeZone, Utc};
use domain::cases::{Ladder, warning};
use domain::catalog::CaseKind;
use domain::clock::CaseClock;

use crate::config::DbArgs;
use crate::demo::{DEMO_PASSWORD, fail};

fn at_ten(day: NaiveDate) -> chrono::DateTime<Utc> {
    // 10:00 in Asia/Shanghai.
    Utc.from_utc_datetime(&day.and_hms_opt(2, 0, 0).unwrap_or_default())
}

fn app_on_day(app: &App, day: NaiveDate) -> App {
    App::new(
        app.db.clone(),
        app.cipher.clone(),
        app.files.clone(),
        app::Clock::Fixed(std::sync::Arc::new(std::sync::Mutex::new(at_ten(day)))),
        app.settings.clone(),
    )
}

/// Loads the demo (when the database is empty) and adds `count` accepted, open cases spread over
/// the 40 working days before `today`, over the demo's 承诺件 and their departments, each with the
/// warning level and the days of its next levels as the sweep of the day before left them.
pub async fn seed(db: &DbArgs, count: usize, today: NaiveDate) -> anyhow::Result<()> {
    let app = db.open().await?;
    let app = app_on_day(&app, today);
    if !crate::demo::is_loaded(&app).await? {
        crate::demo::load(&app).await?;
    }
    let cal = app::calendar::calendar(&app).await.map_err(fail)?;
    let mut tx = app.db.read().await?;
    let site =
        store::org::list_sites(&mut tx, &store::org::Scope::All).await?.into_iter().find(|s| s.kind == "centre").context("a centre")?;
    let versions = store::catalog::list_current_versions(&mut tx, today).await?;
    let items = store::catalog::list_items(&mut tx).await?;
    let mut kinds = Vec::new();
    for v in &versions {
        let content: domain::catalog::ItemContent = serde_json::from_str(&v.content)?;
        if content.case_kind != CaseKind::Promise || content.promised_days == 0 {
            continue;
        }
        let Some(item) = items.iter().find(|i| i.id == v.summary.item_id) else { continue };
        let reviewer = store::accounts::find_user_by_username(&mut tx, &format!("approver-{}", item.department_code)).await?.map(|u| u.id);
        kinds.push((
            item.id,
            v.summary.id,
            v.summary.name.clone(),
            item.department_id,
            content.promised_days,
            content.statutory_days,
            reviewer,
        ));
    }
    drop(tx);
    anyhow::ensure!(!kinds.is_empty(), "the demo has no 承诺件");
    let days: Vec<NaiveDate> = {
        let mut d = today;
        let mut out = Vec::new();
        while out.len() < 40 {
            d = d.pred_opt().context("date")?;
            if cal.is_working_day(d) {
                out.push(d);
            }
        }
        out
    };
    let yesterday = today.pred_opt().context("date")?;
    let ladder = Ladder::default();
    let phone = (app.cipher.encrypt("13900000000"), app.cipher.blind_index("phone", "13900000000"), "139****0000".to_owned());
    let started = Instant::now();
    let now = app.clock.now();
    let mut done = 0usize;
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    while done < count {
        let n = (count - done).min(10_000);
        let mut rows = Vec::with_capacity(n);
        for i in done..done + n {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let (item_id, version_id, name, dept, promised, statutory, reviewer) = &kinds[usize::try_from(x % kinds.len() as u64)?];
            let accepted_on = days[usize::try_from((x >> 20) % days.len() as u64)?];
            let clock = CaseClock::new(accepted_on, *promised, (*statutory).max(*promised));
            let w = warning(&cal, &ladder, &clock, None, yesterday);
            rows.push(store::cases::OpenCase {
                case_no: format!("B{}-{:08}", today.format("%Y%m%d"), i + 1),
                site_id: site.id,
                org_unit_id: site.org_unit_id,
                item_id: *item_id,
                item_version_id: *version_id,
                item_name: name.clone(),
                department_id: *dept,
                status: "in_review",
                applicant_name: format!("申请人{}", i % 997),
                phone: phone.clone(),
                accepted_by: None,
                accepted_on,
                reviewer_id: *reviewer,
                promised_days: i64::from(*promised),
                statutory_days: i64::from((*statutory).max(*promised)),
                promised_deadline: clock.promised_deadline(&cal),
                statutory_deadline: clock.statutory_deadline(&cal),
                ladder: app::cases::ladder_state(&w),
            });
        }
        let mut tx = app.db.begin().await?;
        store::cases::insert_open_cases(&mut tx, &rows, now).await?;
        tx.commit().await?;
        done += n;
    }
    println!(
        "seeded {count} open cases over {} items accepted {} .. {} in {:.1} s (today {today}, weekday {})",
        kinds.len(),
        days.last().copied().unwrap_or(today),
        days.first().copied().unwrap_or(today),
        started.elapsed().as_secs_f64(),
        today.weekday()
    );
    app.db.close().await;
    Ok(())
}

/// One supervision sweep on `today`, then a second one (which should find nothing to do).
pub async fn sweep(db: &DbArgs, today: NaiveDate) -> anyhow::Result<()> {
    let app = app_on_day(&db.open().await?, today);
    let open = count_open(&app).await?;
    for round in 1..=2 {
        let t = Instant::now();
        let r = app::cases::sweep(&app).await.map_err(fail)?;
        println!(
            "sweep {round} on {today} over {open} open cases: {:.0} ms; raised {}, in-app reminders {}, texts {}, cards {}",
            t.elapsed().as_secs_f64() * 1e3,
            r.raised,
            r.reminders,
            r.texts,
            r.cards
        );
    }
    app.db.close().await;
    Ok(())
}

async fn count_open(app: &App) -> anyhow::Result<i64> {
    let mut tx = app.db.read().await?;
    Ok(store::cases::count_open(&mut tx).await?)
}

/// The department inbox page (50 rows by deadline) through the router, in-process, as the
/// department's approver: p50 / p99 over `requests`, first page and following pages.
pub async fn inbox(db: &DbArgs, department: &str, requests: usize) -> anyhow::Result<()> {
    use tower::ServiceExt;
    let app = db.open().await?;
    let login = app::accounts::login(&app, &format!("approver-{department}"), DEMO_PASSWORD).await.map_err(fail)?;
    let actor: Actor = login.actor;
    let first = app::cases::inbox(&app, &actor, None, None, None, 50).await.map_err(fail)?;
    let cursors: Vec<Option<String>> = {
        let mut out = vec![None];
        let mut page = first;
        while out.len() < 20 {
            let Some(c) = page.next_cursor.clone() else { break };
            out.push(Some(c.clone()));
            page = app::cases::inbox(&app, &actor, None, None, Some(&c), 50).await.map_err(fail)?;
        }
        out
    };
    let router = web::router(web::AppState::new(app.clone()));
    let mut times: Vec<Duration> = Vec::with_capacity(requests);
    for i in 0..requests + 20 {
        let uri = match &cursors[i % cursors.len()] {
            None => "/api/v1/cases?limit=50".to_owned(),
            Some(c) => format!("/api/v1/cases?limit=50&cursor={c}"),
        };
        let req = axum::http::Request::get(uri)
            .header("authorization", format!("Bearer {}", login.token))
            .body(axum::body::Body::empty())
            .context("request")?;
        let t = Instant::now();
        let res = router.clone().oneshot(req).await.context("router")?;
        anyhow::ensure!(res.status().is_success(), "inbox answered {}", res.status());
        let body = axum::body::to_bytes(res.into_body(), 1 << 24).await.context("body")?;
        let el = t.elapsed();
        std::hint::black_box(body);
        if i >= 20 {
            times.push(el);
        }
    }
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1e3;
    println!(
        "inbox of {department}: {requests} pages of 50 over {} open cases ({} distinct pages): p50 {:.2} ms, p99 {:.2} ms",
        count_open(&app).await?,
        cursors.len(),
        pct(0.5),
        pct(0.99)
    );
    app.db.close().await;
    Ok(())
}

/// The supervision dashboard and the stationing checks through the router, in-process, as the
/// demo's `supervisor` (the whole county): `requests` of each, after two unmeasured ones.
pub async fn supervision(db: &DbArgs, today: NaiveDate, requests: usize) -> anyhow::Result<()> {
    let app = app_on_day(&db.open().await?, today);
    let login = app::accounts::login(&app, "supervisor", DEMO_PASSWORD).await.map_err(fail)?;
    let router = web::router(web::AppState::new(app.clone()));
    let from = today - chrono::Days::new(90);
    for (label, path) in [("dashboard", "/api/v1/supervision"), ("stationing", "/api/v1/supervision/stationing")] {
        let times = time_gets(&router, &format!("{path}?from={from}&to={today}"), &login.token, requests).await?;
        let pct = |p: f64| percentile_ms(&times, p);
        println!(
            "supervision {label} ({from} – {today}, whole county): {requests} requests: p50 {:.0} ms, max {:.0} ms",
            pct(0.5),
            pct(1.0)
        );
    }
    println!("over {} open cases", count_open(&app).await?);
    app.db.close().await;
    Ok(())
}

/// `requests` GETs of `path` through the router, in-process, with the session `token` (as bearer
/// and cookie, for API and pages), after two warm-up requests; the times sorted.
pub(crate) async fn time_gets(router: &axum::Router, path: &str, token: &str, requests: usize) -> anyhow::Result<Vec<Duration>> {
    use tower::ServiceExt;
    let mut times: Vec<Duration> = Vec::with_capacity(requests);
    for i in 0..requests + 2 {
        let req = axum::http::Request::get(path)
            .header("authorization", format!("Bearer {token}"))
            .header("cookie", format!("yc_session={token}"))
            .body(axum::body::Body::empty())
            .context("request")?;
        let t = Instant::now();
        let res = router.clone().oneshot(req).await.context("router")?;
        anyhow::ensure!(res.status().is_success(), "{path} answered {}", res.status());
        let body = axum::body::to_bytes(res.into_body(), 1 << 26).await.context("body")?;
        let el = t.elapsed();
        std::hint::black_box(body);
        if i >= 2 {
            times.push(el);
        }
    }
    times.sort();
    Ok(times)
}

/// The `p` quantile (0–1, nearest rank) of sorted times, in milliseconds.
pub(crate) fn percentile_ms(sorted: &[Duration], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1e3
}

/// 有限责任公司设立登记 (市场监管局), taken in by `clerk1` at the centre's window 1 and decided by
/// `approver-scjgj` in the demo.
const LIFECYCLE_ITEM: &str = "010200100100";

/// The full case lifecycle over HTTP against a running demo server: `cases` cases, `concurrency`
/// at a time, each create → accept → start_review → approve → prepare_result → deliver → complete
/// (seven requests). Prints cases per second and the p50/p99 of single requests.
pub async fn lifecycle(db: &DbArgs, base: &str, cases: usize, concurrency: usize) -> anyhow::Result<()> {
    use crate::bench_queue::{HttpClient, post};
    use serde_json::{Value, json};
    let item = {
        let app = db.open().await?;
        let mut tx = app.db.read().await?;
        let id = store::catalog::find_item_by_code(&mut tx, LIFECYCLE_ITEM).await?.context("the demo item")?.id;
        drop(tx);
        app.db.close().await;
        id
    };
    let mut http = hyper_util::client::legacy::connect::HttpConnector::new();
    http.set_nodelay(true);
    let client: HttpClient = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .pool_max_idle_per_host(concurrency + 4)
        .build(http);
    let login = async |user: &str| -> anyhow::Result<String> {
        let (s, v) = post(&client, &format!("{base}/api/v1/auth/login"), "", &json!({"username": user, "password": DEMO_PASSWORD})).await?;
        anyhow::ensure!(s == 200, "login {user}: {s} {v}");
        Ok(v["token"].as_str().context("token")?.to_owned())
    };
    let clerk = login("clerk1").await?;
    let approver = login("approver-scjgj").await?;
    let materials: Vec<Value> = (1..=5).map(|p| json!({"position": p, "state": "provided"})).collect();
    let body = json!({
        "item_id": item,
        "applicant": {"kind": "enterprise", "name": "压测有限公司", "credit_code": "91350100M000100Y43", "phone": "13912345678"},
        "materials": materials,
    });
    let next = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (client, clerk, approver, body, next, base) =
            (client.clone(), clerk.clone(), approver.clone(), body.clone(), next.clone(), base.to_owned());
        tasks.push(tokio::spawn(async move {
            let mut times: Vec<Duration> = Vec::new();
            while next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) < cases {
                let t = Instant::now();
                let (s, c) = post(&client, &format!("{base}/api/v1/cases"), &clerk, &body).await?;
                anyhow::ensure!(s == 201, "create: {s} {c}");
                times.push(t.elapsed());
                let id = c["id"].as_i64().context("id")?;
                let steps = [
                    (&clerk, json!({"action": "accept"})),
                    (&approver, json!({"action": "start_review"})),
                    (&approver, json!({"action": "approve"})),
                    (&approver, json!({"action": "prepare_result"})),
                    (
                        &clerk,
                        json!({"action": "deliver", "delivery_mode": "window", "delivery_detail": "法定代表人本人领取，已核验身份证"}),
                    ),
                    (&clerk, json!({"action": "complete"})),
                ];
                for (token, action) in steps {
                    let t = Instant::now();
                    let (s, v) = post(&client, &format!("{base}/api/v1/cases/{id}/actions"), token, &action).await?;
                    anyhow::ensure!(s == 200, "{action}: {s} {v}");
                    times.push(t.elapsed());
                }
            }
            Ok(times)
        }));
    }
    let mut times = Vec::new();
    for t in tasks {
        times.extend(t.await??);
    }
    let el = started.elapsed();
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1e3;
    println!(
        "lifecycle: {cases} cases x 7 requests, {concurrency} at a time, in {:.1} s: {:.0} cases/s ({:.0} requests/s); request p50 {:.1} ms, p99 {:.1} ms",
        el.as_secs_f64(),
        cases as f64 / el.as_secs_f64(),
        times.len() as f64 / el.as_secs_f64(),
        pct(0.5),
        pct(0.99)
    );
    Ok(())
}
