//! The queue's stable routes through the router on the demo (CONTRACT.md and issue 4): tickets
//! with `Idempotency-Key`, call-next, counter actions, the queue snapshot, the SSE stream, and bad
//! input answered in Chinese with nothing written.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::support::{Demo, centre, on_demo};

const KIOSK: &str = "dev_demo-kiosk-wsq-zwzx";
const SCREEN: &str = "dev_demo-screen-wsq-zwzx";

async fn ticket(d: &Demo, body: Value, key: Option<&str>) -> (StatusCode, Value) {
    let mut b = Request::builder()
        .method("POST")
        .uri("/api/v1/tickets")
        .header(header::AUTHORIZATION, format!("Bearer {KIOSK}"))
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(k) = key {
        b = b.header("idempotency-key", k);
    }
    let (s, _, text) = d.send(b.body(Body::from(body.to_string())).expect("request")).await;
    (s, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn category(d: &Demo, prefix: &str) -> i64 {
    let _ = d;
    // Demo categories are created A, B, C, D, E, H, F at the centre first, so their ids follow.
    ["A", "B", "C", "D", "E", "H", "F"].iter().position(|p| *p == prefix).expect("demo prefix") as i64 + 1
}

#[tokio::test]
async fn tickets_calls_and_actions_follow_the_contract() {
    on_demo(|d| async move {
        let site = centre(&d);
        let a = category(&d, "A");
        let (s, t1) = ticket(&d, json!({"site_id": site, "category_id": a, "channel": "kiosk"}), Some("tap-1")).await;
        assert_eq!(s, StatusCode::CREATED, "{t1}");
        assert_eq!((t1["ticket_no"].as_str(), t1["waiting_ahead"].as_i64()), (Some("A001"), Some(0)));
        let (s, again) = ticket(&d, json!({"site_id": site, "category_id": a}), Some("tap-1")).await;
        assert_eq!((s, again["id"].clone()), (StatusCode::CREATED, t1["id"].clone()), "same Idempotency-Key, same ticket");
        // By item: 有限责任公司设立登记 is a 企业服务 (B) item at the centre.
        let item = d.ids.items["010200100100"];
        let (s, b1) = ticket(&d, json!({"site_id": site, "item_id": item}), None).await;
        assert_eq!((s, b1["ticket_no"].as_str()), (StatusCode::CREATED, Some("B001")), "{b1}");

        let clerk = d.token("clerk1").await;
        let window = d.ids.window("wsq-zwzx", "1");
        let (s, called) = d.json("POST", &format!("/api/v1/windows/{window}/call-next"), Some(&clerk), None).await;
        assert_eq!(s, StatusCode::OK, "{called}");
        assert_eq!(called["ticket"]["ticket_no"], "A001");
        let id = called["ticket"]["id"].as_i64().expect("id");
        let (s, v) = d.json("POST", &format!("/api/v1/tickets/{id}/no-show"), Some(&clerk), None).await;
        assert_eq!(s, StatusCode::CONFLICT, "no-show before the recalls: {v}");
        assert!(v["error"]["message"].as_str().unwrap_or_default().contains("重呼"));
        let (s, v) = d.json("POST", &format!("/api/v1/tickets/{id}/recall"), Some(&clerk), None).await;
        assert_eq!((s, v["recalls"].as_i64()), (StatusCode::OK, Some(1)));
        let (s, v) = d.json("POST", &format!("/api/v1/tickets/{id}/finish"), Some(&clerk), Some(json!({"outcome": "accepted"}))).await;
        assert_eq!((s, v["status"].as_str(), v["outcome"].as_str()), (StatusCode::OK, Some("done"), Some("accepted")));
        let (s, v) = d.json("POST", &format!("/api/v1/tickets/{id}/fly"), Some(&clerk), None).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{v}");

        // The window's profile is [A, B, C, D, E]: B001 next, then nobody.
        let (_, next) = d.json("POST", &format!("/api/v1/windows/{window}/call-next"), Some(&clerk), None).await;
        assert_eq!(next["ticket"]["ticket_no"], "B001");
        let (_, none) = d.json("POST", &format!("/api/v1/windows/{window}/call-next"), Some(&clerk), None).await;
        assert_eq!(none, json!({"ticket": null}));

        // Another clerk's window is refused; the snapshot lists categories and windows.
        let (s, _) = d.json("POST", &format!("/api/v1/windows/{}/call-next", d.ids.window("wsq-zwzx", "2")), Some(&clerk), None).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, q) = d.json("GET", &format!("/api/v1/sites/{site}/queue"), Some(SCREEN), None).await;
        assert_eq!(s, StatusCode::OK);
        let cat_a = q["categories"].as_array().expect("categories").iter().find(|c| c["prefix"] == "A").expect("A").clone();
        assert_eq!((cat_a["name"].as_str(), cat_a["waiting"].as_i64()), (Some("综合受理"), Some(0)));
        assert!(q["windows"].as_array().expect("windows").iter().any(|w| w["number"] == "1" && w["status"] == "open"));
        // A screen of another hall may not read this one.
        let (s, _) = d.json("GET", &format!("/api/v1/sites/{}/queue", d.ids.net.sites["galutu-bmzx"]), Some(SCREEN), None).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        d
    })
    .await;
}

#[tokio::test]
async fn bad_ticket_requests_are_refused_in_chinese_and_write_nothing() {
    on_demo(|d| async move {
        let site = centre(&d);
        for (body, status, field_or_word) in [
            (json!({"site_id": site, "category_id": 999}), StatusCode::UNPROCESSABLE_ENTITY, "category_id"),
            (json!({"site_id": site}), StatusCode::UNPROCESSABLE_ENTITY, "category_id"),
            (json!({"category_id": 1}), StatusCode::UNPROCESSABLE_ENTITY, "site_id"),
            (json!({"site_id": site, "category_id": 1, "phone": "12345"}), StatusCode::UNPROCESSABLE_ENTITY, "phone"),
            (json!({"site_id": site, "category_id": 1, "priority": "vip"}), StatusCode::UNPROCESSABLE_ENTITY, "priority"),
            (json!({"site_id": site, "category_id": 1, "channel": "fax"}), StatusCode::UNPROCESSABLE_ENTITY, "channel"),
        ] {
            let (s, v) = ticket(&d, body.clone(), None).await;
            assert_eq!(s, status, "{body} → {v}");
            let fields = v["error"]["details"]["fields"].as_array().cloned().unwrap_or_default();
            assert!(fields.iter().any(|f| f["field"] == field_or_word), "{body} → {v}");
            assert!(v["error"]["message"].as_str().is_some_and(|m| m.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))), "{v}");
        }
        // A town centre outside its opening hours (the demo clock says 09:30 on a Monday: open);
        // a phone over its quota.
        let town = d.ids.net.sites["galutu-bmzx"];
        let (s, v) = d
            .json(
                "POST",
                "/api/v1/tickets",
                None,
                Some(json!({"site_id": town, "category_id": 8, "channel": "mobile", "phone": "13912345678"})),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        for _ in 0..2 {
            d.json(
                "POST",
                "/api/v1/tickets",
                None,
                Some(json!({"site_id": town, "category_id": 8, "channel": "mobile", "phone": "13912345678"})),
            )
            .await;
        }
        let (s, v) = d
            .json(
                "POST",
                "/api/v1/tickets",
                None,
                Some(json!({"site_id": town, "category_id": 8, "channel": "mobile", "phone": "13912345678"})),
            )
            .await;
        assert_eq!(s, StatusCode::CONFLICT, "{v}");
        assert!(v["error"]["message"].as_str().unwrap_or_default().contains("上限"), "{v}");
        d.app.clock.advance(chrono::Duration::hours(10)); // 19:30
        let (s, v) = d
            .json(
                "POST",
                "/api/v1/tickets",
                None,
                Some(json!({"site_id": town, "category_id": 8, "channel": "mobile", "phone": "13800000000"})),
            )
            .await;
        assert_eq!(s, StatusCode::CONFLICT, "{v}");
        assert!(v["error"]["message"].as_str().unwrap_or_default().contains("办公时间"), "{v}");
        let snap = app::queue::snapshot(&d.app, site).await.expect("snapshot");
        assert!(snap.waiting.is_empty(), "no ticket was written at the centre by the refused requests");
        d
    })
    .await;
}

#[tokio::test]
async fn a_call_reaches_the_hall_event_stream() {
    on_demo(|d| async move {
        let site = centre(&d);
        let req = Request::builder()
            .uri(format!("/api/v1/sites/{site}/events"))
            .header(header::AUTHORIZATION, format!("Bearer {SCREEN}"))
            .body(Body::empty())
            .expect("request");
        let res = d.router().oneshot(req).await.expect("stream opens");
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.headers()[header::CONTENT_TYPE].to_str().unwrap_or_default().starts_with("text/event-stream"));
        let mut body = res.into_body();
        ticket(&d, json!({"site_id": site, "category_id": 1}), None).await;
        let clerk = d.token("clerk1").await;
        let window = d.ids.window("wsq-zwzx", "1");
        d.json("POST", &format!("/api/v1/windows/{window}/call-next"), Some(&clerk), None).await;
        let mut text = String::new();
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
        while !text.contains("event: ticket_called") {
            let frame = tokio::time::timeout_at(deadline, body.frame()).await.expect("event in time").expect("frame").expect("ok");
            if let Ok(data) = frame.into_data() {
                text.push_str(&String::from_utf8_lossy(&data));
            }
        }
        let data = text.split("event: ticket_called").nth(1).and_then(|r| r.lines().find_map(|l| l.strip_prefix("data: "))).expect("data");
        let v: Value = serde_json::from_str(data).expect("json");
        assert_eq!((v["ticket_no"].as_str(), v["window_no"].as_str()), (Some("A001"), Some("1")));
        assert_eq!(v["text"], "请 A001 号到 1 号窗口办理");
        // Without credentials there is no stream.
        let (s, _) = d.json("GET", &format!("/api/v1/sites/{site}/events"), None, None).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
        d
    })
    .await;
}

#[tokio::test]
async fn no_ticket_is_issued_outside_the_halls_hours_in_china_standard_time() {
    on_demo(|d| async move {
        let body = json!({"site_id": centre(&d), "category_id": category(&d, "A")});
        // 23:19 UTC is 07:19 in Beijing: the centre opens at 08:30 (its hours are named).
        d.app.clock.advance(-chrono::Duration::minutes(2 * 60 + 11));
        assert_eq!(d.app.clock.now().to_rfc3339(), "2026-03-01T23:19:00+00:00");
        let (s, v) = ticket(&d, body.clone(), None).await;
        assert_eq!(s, StatusCode::CONFLICT, "{v}");
        let m = v["error"]["message"].as_str().unwrap_or_default();
        assert!(m.contains("办公时间") && m.contains("08:30"), "{m}");
        // 12:30 in Beijing (04:30 UTC): the lunch break.
        d.app.clock.advance(chrono::Duration::minutes(5 * 60 + 11));
        let (s, v) = ticket(&d, body.clone(), None).await;
        assert_eq!(s, StatusCode::CONFLICT, "lunch break: {v}");
        // 14:30 in Beijing: open again.
        d.app.clock.advance(chrono::Duration::hours(2));
        let (s, v) = ticket(&d, body, None).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        d
    })
    .await;
}
