//! The catalogue and calendar through the HTTP surface, on the demo (120+ items).

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};

use crate::support::on_demo;

#[tokio::test]
async fn the_calendar_routes_answer_as_the_contract_says() {
    on_demo(|d| async move {
        let (s, v) = d.json("GET", "/api/v1/calendar/add-working-days?from=2024-09-30&days=1", None, None).await;
        assert_eq!((s, v), (StatusCode::OK, json!({"date": "2024-10-08"})));
        let (s, v) = d.json("GET", "/api/v1/calendar/add-working-days?from=2025-01-24&days=1", None, None).await;
        assert_eq!(v, json!({"date": "2025-01-26"}), "{s}");
        let (_, v) = d.json("GET", "/api/v1/calendar/count-working-days?from=2025-12-31&to=2026-12-31", None, None).await;
        assert_eq!(v, json!({"days": 248}));
        // Past the published schedules the law's holidays count, and the answer says it is provisional.
        let (_, v) = d.json("GET", "/api/v1/calendar/add-working-days?from=2026-12-20&days=15", None, None).await;
        assert_eq!(v, json!({"date": "2027-01-11", "provisional": true}));
        let (_, v) = d.json("GET", "/api/v1/calendar?year=2027", None, None).await;
        assert_eq!(v["provisional"], json!(true), "{v}");
        let (s, v) = d.json("GET", "/api/v1/calendar/add-working-days?from=2026-02-30&days=1", None, None).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(v["error"]["message"].as_str().is_some_and(|m| m.contains("from")), "{v}");
        let (s, _) = d.json("GET", "/api/v1/calendar/add-working-days?from=2026-02-01&days=-3", None, None).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        let (s, v) = d.json("GET", "/api/v1/calendar?year=2026", None, None).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(v["items"].as_array().map(Vec::len), Some(39));
        d
    })
    .await;
}

#[tokio::test]
async fn items_are_found_by_chinese_substring_and_pinyin_initials_through_the_api() {
    on_demo(|d| async move {
        let t = d.token("clerk1").await;
        let (s, v) = d.json("GET", "/api/v1/items?q=yyzz&limit=5", Some(&t), None).await;
        assert_eq!(s, StatusCode::OK);
        let items = v["items"].as_array().expect("items");
        assert!(!items.is_empty(), "{v}");
        let marked = |i: &Value| ["name_html", "matched_html"].iter().any(|k| i[k].as_str().is_some_and(|n| n.contains("<mark>")));
        assert!(items.iter().all(marked), "every hit shows what matched: {v}");
        assert!(items[0]["name_html"].as_str().is_some_and(|n| n.contains("<mark>营业执照</mark>")), "a name match ranks first: {v}");
        let (_, v) = d.json("GET", &format!("/api/v1/items?q={}", urlencoding::encode("食品经营")), Some(&t), None).await;
        let first = v["items"][0]["summary"]["latest"]["name"].as_str().unwrap_or_default().to_owned();
        assert!(first.contains("食品经营"), "{v}");
        let (_, all): (StatusCode, Value) = d.json("GET", "/api/v1/items?limit=500", Some(&t), None).await;
        assert!(all["items"].as_array().is_some_and(|a| a.len() >= 120), "the demo has at least 120 items");
        d
    })
    .await;
}

#[tokio::test]
async fn the_public_guide_needs_no_login_and_prints() {
    on_demo(|d| async move {
        let item = *d.ids.items.values().next().expect("an item");
        let (s, _, body) = d.send(Request::get(format!("/guide/items/{item}")).body(Body::empty()).expect("request")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(body.contains("申请材料") && body.contains("承诺办结时限"));
        assert!(body.contains("viewport"), "mobile-friendly");
        let (s, _, body) = d.send(Request::get("/guide/items/999999").body(Body::empty()).expect("request")).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        assert!(body.contains("不存在"));
        d
    })
    .await;
}

#[tokio::test]
async fn figures_report_window_online_and_stationing_shares_per_site() {
    on_demo(|d| async move {
        let t = d.token("leader").await;
        let (s, v) = d.json("GET", "/api/v1/catalog/figures", Some(&t), None).await;
        assert_eq!(s, StatusCode::OK);
        let centre = v["items"].as_array().expect("items").iter().find(|r| r["site_name"] == "乌审旗政务服务中心").expect("centre").clone();
        let items = centre["items"].as_i64().expect("n");
        assert!(items >= 120, "{centre}");
        let online = centre["full_online_items"].as_i64().expect("n");
        assert!(online * 100 >= items * 85, "the demo meets the 85 % target: {online}/{items}");
        assert!(!centre["negative_list"].as_array().expect("list").is_empty());
        assert!(centre["negative_list"].as_array().expect("list").iter().all(|n| !n["reason"].as_str().unwrap_or_default().is_empty()));
        d
    })
    .await;
}

#[tokio::test]
async fn the_catalogue_downloads_as_excel_and_json() {
    on_demo(|d| async move {
        let t = d.token("catalog").await;
        for (path, magic, kind) in [("/catalog/export.xlsx", &b"PK"[..], "spreadsheetml"), ("/catalog/export.json", &b"{"[..], "json")] {
            let req =
                Request::get(path).header(axum::http::header::AUTHORIZATION, format!("Bearer {t}")).body(Body::empty()).expect("request");
            let (s, headers, body) = d.send(req).await;
            assert_eq!(s, StatusCode::OK, "{path}");
            assert!(headers[axum::http::header::CONTENT_TYPE].to_str().is_ok_and(|c| c.contains(kind)), "{path}");
            assert!(headers[axum::http::header::CONTENT_DISPOSITION].to_str().is_ok_and(|c| c.contains("attachment")), "{path}");
            assert!(body.as_bytes().starts_with(magic), "{path}");
        }
        d
    })
    .await;
}
