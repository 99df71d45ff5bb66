//! Cases over HTTP on the demo: intake at the comprehensive window, the transitions with their
//! 409 shape, 受审分离 by role, the clock in `GET /cases/{id}`, and bad input.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::support::on_demo;

/// 有限责任公司设立登记 (市场监管局): five required materials, promised 1, statutory 3 working days.
const COMPANY: &str = "010200100100";

fn intake(item: i64) -> Value {
    let materials: Vec<Value> = (1..=5).map(|p| json!({"position": p, "state": "provided"})).collect();
    json!({
        "item_id": item,
        "applicant": {"kind": "enterprise", "name": "乌审旗草原牧歌餐饮有限公司", "credit_code": "91350100M000100Y43", "phone": "13912345678"},
        "materials": materials,
    })
}

#[tokio::test]
async fn a_clerk_takes_a_case_in_and_the_department_decides_it() {
    on_demo(|d| async move {
        let clerk = d.token("clerk1").await;
        let approver = d.token("approver-scjgj").await;
        let item = d.ids.items[COMPANY];
        let (s, c) = d.json("POST", "/api/v1/cases", Some(&clerk), Some(intake(item))).await;
        assert_eq!(s, StatusCode::CREATED, "{c}");
        let id = c["id"].as_i64().expect("id");
        assert_eq!(c["status"], "received");
        assert!(c["case_no"].as_str().is_some_and(|n| n.contains("-20260302-")), "{c}");
        assert_eq!(c["query_code"].as_str().map(str::len), Some(8));
        assert_eq!(c["phone_masked"], "139****5678");
        assert!(!c.to_string().contains("13912345678"));

        let post = |token: String, action: Value| {
            let d = &d;
            async move { d.json("POST", &format!("/api/v1/cases/{id}/actions"), Some(&token), Some(action)).await }
        };
        let (s, v) = post(clerk.clone(), json!({"action": "accept"})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!((v["status"].as_str(), v["clock"]["accepted_on"].as_str()), (Some("accepted"), Some("2026-03-02")));
        assert_eq!(v["clock"]["promised_deadline"], "2026-03-03");
        // Deciding before review: 409 with the allowed actions.
        let (s, v) = post(approver.clone(), json!({"action": "approve"})).await;
        assert_eq!(s, StatusCode::CONFLICT, "{v}");
        assert_eq!(v["error"]["code"], "transition_not_allowed");
        assert_eq!(v["error"]["details"]["allowed"], json!(["start_review", "withdraw", "void"]), "a 承诺件 is never offered settle");
        assert!(v["error"]["message"].as_str().is_some_and(|m| m.contains("已受理")));
        let (s, _) = post(approver.clone(), json!({"action": "start_review"})).await;
        assert_eq!(s, StatusCode::OK);
        // The window clerk is not the back office.
        let (s, v) = post(clerk.clone(), json!({"action": "approve"})).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{v}");
        let (s, v) = post(approver.clone(), json!({"action": "deny"})).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "a denial needs its reason: {v}");
        assert_eq!(v["error"]["details"]["fields"][0]["field"], "reason");
        let (s, v) = post(approver.clone(), json!({"action": "approve"})).await;
        assert_eq!((s, v["status"].as_str()), (StatusCode::OK, Some("approved")), "{v}");

        let (s, v) = d.json("GET", &format!("/api/v1/cases/{id}"), Some(&clerk), None).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        for key in ["accepted_on", "promised_deadline", "statutory_deadline", "working_days_used", "paused", "warning_level"] {
            assert!(v["clock"].get(key).is_some(), "clock lacks {key}: {v}");
        }
        assert_eq!(v["clock"]["statutory_deadline"], "2026-03-05");
        assert_eq!(v["events"].as_array().map(Vec::len), Some(4));
        assert_eq!(v["materials"].as_array().map(Vec::len), Some(6));

        // The department's inbox lists it with its light; another department's approver may not look.
        let (s, v) = d.json("GET", "/api/v1/cases", Some(&approver), None).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let row = v["items"].as_array().and_then(|i| i.iter().find(|r| r["id"] == json!(id))).cloned().expect("in the inbox");
        // A one-day limit is at level 1 from acceptance, and a decided case keeps its level.
        assert_eq!((row["status"].as_str(), row["light"].as_str()), (Some("approved"), Some("remind")));
        let dept = row["department_id"].as_i64().unwrap();
        let other = d.token("approver-rsj").await;
        let (s, v) = d.json("GET", &format!("/api/v1/cases?department_id={dept}"), Some(&other), None).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{v}");
        let (s, v) = d.json("GET", "/api/v1/cases?cursor=nonsense", Some(&approver), None).await;
        assert_eq!((s, v["error"]["details"]["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("cursor")));
        d
    })
    .await;
}

#[tokio::test]
async fn bad_case_requests_are_refused_in_chinese() {
    on_demo(|d| async move {
        let clerk = d.token("clerk1").await;
        let (s, v) = d.json("POST", "/api/v1/cases", Some(&clerk), Some(json!({}))).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert_eq!(v["error"]["details"]["fields"][0]["field"], "item_id");
        let mut bad = intake(d.ids.items[COMPANY]);
        bad["applicant"]["credit_code"] = json!("91350100M000100Y4");
        let (s, v) = d.json("POST", "/api/v1/cases", Some(&clerk), Some(bad)).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert!(v["error"]["details"]["fields"][0]["message"].as_str().is_some_and(|m| m.contains("18位")), "{v}");
        let (s, c) = d.json("POST", "/api/v1/cases", Some(&clerk), Some(intake(d.ids.items[COMPANY]))).await;
        assert_eq!(s, StatusCode::CREATED);
        let (s, v) = d.json("POST", &format!("/api/v1/cases/{}/actions", c["id"]), Some(&clerk), Some(json!({"action": "fly"}))).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert!(v["error"]["message"].as_str().is_some_and(|m| m.contains("办件操作")), "{v}");
        let (s, _) = d.json("GET", "/api/v1/cases/999999", Some(&clerk), None).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, _) = d.json("GET", &format!("/api/v1/cases/{}", c["id"]), None, None).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
        d
    })
    .await;
}

#[tokio::test]
async fn a_hall_sets_a_local_ladder_policy_that_its_cases_name() {
    on_demo(|d| async move {
        let hall = d.token("hall").await;
        let clerk = d.token("clerk1").await;
        let site = crate::support::centre(&d);
        let policy = json!({"site_id": site, "item_code": COMPANY, "remind_used_percent": 60, "remind_days_left": 0, "red_after_working_days": 3, "note": "乌审旗政务服务局〔2026〕3 号"});
        let (s, v) = d.json("PUT", "/api/v1/ladder-policies", Some(&clerk), Some(policy.clone())).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{v}");
        let bad = json!({"site_id": site, "item_code": "nope", "remind_used_percent": 120, "note": ""});
        let (s, v) = d.json("PUT", "/api/v1/ladder-policies", Some(&hall), Some(bad)).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        let fields: Vec<&str> = v["error"]["details"]["fields"].as_array().unwrap().iter().filter_map(|f| f["field"].as_str()).collect();
        assert!(fields.contains(&"remind_used_percent") && fields.contains(&"note"), "{v}");
        let (s, v) = d.json("PUT", "/api/v1/ladder-policies", Some(&hall), Some(policy)).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert!(v["label"].as_str().is_some_and(|l| l.starts_with("本地政策（本事项在本场所）") && l.contains("60%")), "{v}");
        let (s, c) = d.json("POST", "/api/v1/cases", Some(&clerk), Some(intake(d.ids.items[COMPANY]))).await;
        assert_eq!(s, StatusCode::CREATED, "{c}");
        assert!(c["clock"]["ladder_policy"].as_str().is_some_and(|l| l.starts_with("本地政策")), "{c}");
        let (s, v) = d.json("GET", "/api/v1/ladder-policies", Some(&clerk), None).await;
        assert_eq!((s, v["items"].as_array().map(Vec::len)), (StatusCode::OK, Some(1)), "{v}");
        let id = v["items"][0]["id"].as_i64().unwrap();
        let (s, _) = d.json("DELETE", &format!("/api/v1/ladder-policies/{id}"), Some(&hall), None).await;
        assert_eq!(s, StatusCode::NO_CONTENT);
        d
    })
    .await;
}

#[tokio::test]
async fn a_clerk_takes_cases_in_only_at_their_own_seat() {
    on_demo(|d| async move {
        let clerk = d.token("clerk1").await;
        let item = d.ids.items[COMPANY];
        let mut body = intake(item);
        // Another window of the same hall, and a town's window: both refused, nothing written.
        for window in [d.ids.window("wsq-zwzx", "2"), d.ids.net.windows["galutu-bmzx"].values().copied().min().expect("a town window")] {
            body["window_id"] = json!(window);
            let (s, v) = d.json("POST", "/api/v1/cases", Some(&clerk), Some(body.clone())).await;
            assert_eq!(s, StatusCode::FORBIDDEN, "window {window}: {v}");
        }
        let hall = d.token("hall").await;
        // Their own seat, named or not, takes the case; the hall manager may cover any window of the hall.
        body["window_id"] = json!(d.ids.window("wsq-zwzx", "1"));
        let (s, v) = d.json("POST", "/api/v1/cases", Some(&clerk), Some(body.clone())).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        // The first case of the day: the refused attempts wrote nothing, not even a number.
        assert!(v["case_no"].as_str().is_some_and(|n| n.ends_with("0001")), "{v}");
        body["window_id"] = json!(d.ids.window("wsq-zwzx", "2"));
        let (s, v) = d.json("POST", "/api/v1/cases", Some(&hall), Some(body)).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        d
    })
    .await;
}
