//! Queue benchmarks against a running server (see docs/BENCHMARKS.md and scripts/bench-queue.sh):
//! a fixture hall to load, and the SSE fan-out measurement (how long a call takes to reach many
//! connected screens). The issue/call load itself comes from `wrk`, a second process.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use app::Actor;
use axum::body::Bytes;
use axum::http::{Method, Request};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::{Value, json};
use tokio::sync::Mutex;

use crate::config::DbArgs;
use crate::demo::fail;

/// Creates a bench hall open round the clock: one category, `windows` windows serving it, a hall
/// manager with an API token, and a calling-screen device; prints them as JSON.
pub async fn fixture(db: &DbArgs, windows: usize) -> anyhow::Result<()> {
    let app = db.open().await?;
    let sys = Actor::system("bench");
    let unit = app::org::create_org_unit(
        &app,
        &sys,
        &app::org::OrgUnitInput { parent_id: None, code: "990000".into(), name: "压测旗".into(), sort_order: None },
    )
    .await
    .map_err(fail)?;
    let site = app::org::create_site(
        &app,
        &sys,
        &app::org::SiteInput {
            org_unit_id: Some(unit.id),
            name: "压测大厅".into(),
            kind: "centre".into(),
            address: "压测路 1 号".into(),
            phone: None,
            hours_weekday: "00:00-24:00".into(),
            hours_weekend: "00:00-24:00".into(),
            active: true,
            name_mn: None,
        },
    )
    .await
    .map_err(fail)?;
    let zone = app::org::create_zone(
        &app,
        &sys,
        site.id,
        &app::org::ZoneInput { name: "综合受理区".into(), kind: "comprehensive".into(), floor: None, sort_order: None },
    )
    .await
    .map_err(fail)?;
    let dept = app::org::create_department(
        &app,
        &sys,
        &app::org::DepartmentInput {
            code: "bench".into(), name: "压测局".into(), short_name: "压测".into(), phone: None, active: true
        },
    )
    .await
    .map_err(fail)?;
    let cat = app::queue::CategoryInput { prefix: "A".into(), name: "综合受理".into(), active: true, ..Default::default() };
    let category = app::queue::create_category(&app, &sys, site.id, &cat).await.map_err(fail)?.category.id;
    let p = domain::queue::Policy { enforce_hours: false, phone_daily_quota: 50, ..Default::default() };
    app::queue::set_policy(&app, &sys, site.id, &p).await.map_err(fail)?;
    let mut window_ids = Vec::new();
    for n in 1..=windows {
        let wi = app::org::WindowInput {
            site_id: Some(site.id),
            zone_id: Some(zone.id),
            number: n.to_string(),
            name: format!("{n}号窗口"),
            kind: "comprehensive".into(),
            department_ids: vec![dept.id],
            active: true,
            name_mn: None,
        };
        let w = app::org::create_window(&app, &sys, site.id, &wi).await.map_err(fail)?;
        app::queue::set_window_profile(&app, &sys, w.id, &[category]).await.map_err(fail)?;
        window_ids.push(w.id);
    }
    let user = app::accounts::create_user(
        &app,
        &sys,
        &app::accounts::UserInput {
            username: "bench-manager".into(),
            name: "压测管理员".into(),
            org_unit_id: Some(unit.id),
            staff_id: None,
            password: Some("bench-password-2026".into()),
            active: true,
        },
    )
    .await
    .map_err(fail)?;
    let grant = app::accounts::GrantInput { role: "hall_manager".into(), org_unit_id: Some(unit.id), department_id: None };
    app::accounts::add_grant(&app, &sys, user.id, &grant).await.map_err(fail)?;
    let token = app::accounts::issue_api_token(
        &app,
        &sys,
        &app::accounts::ApiTokenInput { name: "bench".into(), user_id: Some(user.id), valid_days: None },
    )
    .await
    .map_err(fail)?
    .token;
    let screen = app::devices::issue_device(
        &app,
        &sys,
        &app::devices::DeviceInput { name: "叫号屏".into(), kind: "calling_screen".into(), site_id: Some(site.id), window_id: None },
    )
    .await
    .map_err(fail)?
    .token;
    println!(
        "{}",
        json!({ "site_id": site.id, "category_id": category, "window_ids": window_ids, "token": token, "screen_token": screen })
    );
    app.db.close().await;
    Ok(())
}

/// The HTTP client of the queue benchmarks and the crash test.
pub type HttpClient = Client<HttpConnector, Full<Bytes>>;

/// POSTs JSON with a bearer token; the status and the JSON answer (`null` when not JSON).
pub async fn post(client: &HttpClient, url: &str, token: &str, body: &Value) -> anyhow::Result<(u16, Value)> {
    let req = Request::builder()
        .method(Method::POST)
        .uri(url)
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body.to_string())))?;
    let res = client.request(req).await?;
    let status = res.status().as_u16();
    let bytes = res.into_body().collect().await?.to_bytes();
    Ok((status, serde_json::from_slice(&bytes).unwrap_or(Value::Null)))
}

/// Opens `screens` SSE connections to the hall, then makes `calls` calls one after another and
/// measures, for every screen and call, the time from sending the call-next request to the
/// screen receiving its `ticket_called` event. Prints p50/p99/max.
pub async fn sse(base: &str, fixture: &Value, screens: usize, calls: usize) -> anyhow::Result<()> {
    let site = fixture["site_id"].as_i64().context("fixture site_id")?;
    let category = fixture["category_id"].as_i64().context("fixture category_id")?;
    let window = fixture["window_ids"][0].as_i64().context("fixture window_ids")?;
    let token = fixture["token"].as_str().context("fixture token")?.to_owned();
    let screen_token = fixture["screen_token"].as_str().context("fixture screen_token")?.to_owned();
    let mut http = HttpConnector::new();
    http.set_nodelay(true);
    let client: HttpClient = Client::builder(TokioExecutor::new()).pool_max_idle_per_host(screens + 8).build(http);

    // Each screen records when it saw each ticket number.
    let seen: Arc<Mutex<Vec<(String, Instant)>>> = Arc::new(Mutex::new(Vec::with_capacity(screens * calls)));
    let (ready_tx, mut ready_rx) = tokio::sync::mpsc::channel::<()>(screens);
    for _ in 0..screens {
        let client = client.clone();
        let url = format!("{base}/api/v1/sites/{site}/events");
        let screen_token = screen_token.clone();
        let seen = seen.clone();
        let ready_tx = ready_tx.clone();
        tokio::spawn(async move {
            let req = Request::builder()
                .uri(url)
                .header("authorization", format!("Bearer {screen_token}"))
                .body(Full::new(Bytes::new()))
                .expect("request builds");
            let Ok(res) = client.request(req).await else { return };
            let _ = ready_tx.send(()).await;
            let mut body = res.into_body();
            let mut buf = String::new();
            while let Some(Ok(frame)) = body.frame().await {
                let Ok(data) = frame.into_data() else { continue };
                let now = Instant::now();
                buf.push_str(&String::from_utf8_lossy(&data));
                while let Some(end) = buf.find("\n\n") {
                    let msg: String = buf.drain(..end + 2).collect();
                    if msg.contains("event: ticket_called")
                        && let Some(d) = msg.lines().find_map(|l| l.strip_prefix("data: "))
                        && let Ok(v) = serde_json::from_str::<Value>(d)
                        && let Some(no) = v["ticket_no"].as_str()
                    {
                        seen.lock().await.push((no.to_owned(), now));
                    }
                }
            }
        });
    }
    drop(ready_tx);
    for _ in 0..screens {
        if ready_rx.recv().await.is_none() {
            bail!("not every screen connected");
        }
    }
    println!("{screens} screens connected");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut sent = Vec::new();
    for _ in 0..calls {
        let (st, t) =
            post(&client, &format!("{base}/api/v1/tickets"), &token, &json!({ "site_id": site, "category_id": category })).await?;
        if st != 201 {
            bail!("ticket refused: {st} {t}");
        }
        let at = Instant::now();
        let (st, c) = post(&client, &format!("{base}/api/v1/windows/{window}/call-next"), &token, &json!({})).await?;
        if st != 200 {
            bail!("call-next refused: {st} {c}");
        }
        let no = c["ticket"]["ticket_no"].as_str().context("called ticket")?.to_owned();
        sent.push((no, at));
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let seen = seen.lock().await;
    let mut lat: Vec<f64> = Vec::with_capacity(screens * calls);
    let mut missing = 0usize;
    for (no, at) in &sent {
        let got: Vec<f64> = seen.iter().filter(|(n, _)| n == no).map(|(_, t)| t.duration_since(*at).as_secs_f64() * 1000.0).collect();
        missing += screens.saturating_sub(got.len());
        lat.extend(got);
    }
    lat.sort_by(f64::total_cmp);
    let pct = |p: f64| lat[((lat.len() as f64 * p).ceil() as usize).clamp(1, lat.len()) - 1];
    if lat.is_empty() {
        bail!("no screen received any call");
    }
    println!(
        "sse fan-out: {screens} screens x {calls} calls, {} deliveries, {missing} missing; call-to-screen latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        lat.len(),
        pct(0.50),
        pct(0.99),
        lat[lat.len() - 1]
    );
    Ok(())
}
