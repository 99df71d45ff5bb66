//! The id-scope sweep (issue 17, A4): for every operation of the OpenAPI document that takes an id,
//! a town clerk of 嘎鲁图镇 asking about a record of the banner centre (outside their town) is
//! refused with 403 or 404 — reads and writes, records and their sub-resources alike. An operation
//! the sweep does not know fails the test until it is classified here.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::support::{Demo, centre, on_demo};

const KIOSK: &str = "dev_demo-kiosk-wsq-zwzx";

/// Id-taking operations whose records are not held by a town (banner-wide reference data, the
/// public portal and its follow codes): what a town clerk may read there is the same everywhere.
const NOT_TOWN_SCOPED: &[&str] = &[
    "/calendar/{date}",
    "/departments/{id}",
    "/follow/{code}",
    "/item-versions/{id}",
    "/item-versions/{id}/status",
    "/items/{id}",
    "/items/{id}/name-mn",
    "/items/{id}/sites",
    "/items/{id}/versions",
    "/portal/cases/{id}",
    "/portal/cases/{id}/actions",
    "/portal/items/{id}",
];

/// Reads that every hall's kiosk and the anonymous mobile page make, public by design.
const PUBLIC_READS: &[&str] = &[
    "/sites/{id}/appointment-slots",
    "/sites/{id}/queue-categories",
    "/sites/{id}/ticket-items",
    "/sites/{id}/guide-items",
    "/sites/{id}/queue-waits",
];

/// Ids of records of the banner centre, by the path segment that names their kind.
async fn centre_records(d: &Demo, admin: &str) -> Vec<(&'static str, i64)> {
    let site = centre(d);
    let window = d.ids.window("wsq-zwzx", "1");
    let get = async |path: String| {
        let (s, v) = d.json("GET", &path, Some(admin), None).await;
        assert_eq!(s, StatusCode::OK, "{path}: {v}");
        v
    };
    let site_v = get(format!("/api/v1/sites/{site}")).await;
    let zone = site_v["zones"][0]["id"].as_i64().expect("a zone");
    let root = d.ids.net.org_units["150626"];
    let sys = app::Actor::system("test");
    let category = app::queue::categories(&d.app, site).await.expect("categories")[0].category.id;
    let staff = app::org::list_staff(&d.app, &sys, None, None, 500)
        .await
        .expect("staff")
        .items
        .into_iter()
        .find(|s| s.org_unit_id == root)
        .expect("a centre staff member")
        .id;
    let hall = d.ids.net.users["hall"];
    let grant = get(format!("/api/v1/users/{hall}")).await["grants"][0]["id"].as_i64().expect("a grant of hall");
    let device = app::devices::list_devices(&d.app, &sys)
        .await
        .expect("devices")
        .into_iter()
        .find(|x| x.site_id == site)
        .expect("a centre device")
        .id;
    let (s, t) = d.json("POST", "/api/v1/tickets", Some(KIOSK), Some(json!({"site_id": site, "category_id": category}))).await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    let ticket = t["id"].as_i64().expect("ticket id");
    let clerk = d.token("clerk1").await;
    let (s, v) = d.json("POST", &format!("/api/v1/windows/{window}/call-next"), Some(&clerk), None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, v) = d.json("POST", &format!("/api/v1/tickets/{ticket}/finish"), Some(&clerk), None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let rating = json!({"ticket_id": ticket, "level": 2, "reasons": ["attitude"]});
    let (s, v) = d.json("POST", "/api/v1/ratings", Some("dev_demo-pad-wsq-zwzx-1"), Some(rating)).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let rectification = v["rectification_order_id"].as_i64().expect("a bad rating opens an order");
    let materials: Vec<Value> = (1..=5).map(|p| json!({"position": p, "state": "provided"})).collect();
    let intake = json!({
        "item_id": d.ids.items["010200100100"],
        "applicant": {"kind": "enterprise", "name": "乌审旗草原牧歌餐饮有限公司", "credit_code": "91350100M000100Y43", "phone": "13912345678"},
        "materials": materials,
    });
    let (s, c) = d.json("POST", "/api/v1/cases", Some(&clerk), Some(intake)).await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    let case = c["id"].as_i64().expect("case id");
    let supervisor = d.token("supervisor").await;
    let (s, ch) = d
        .json("POST", &format!("/api/v1/cases/{case}/chases"), Some(&supervisor), Some(json!({"note": "请尽快办理", "due_days": 1})))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{ch}");
    let chase = ch["id"].as_i64().expect("chase id");
    let templates = get(format!("/api/v1/sites/{site}/appointment-templates")).await;
    let template = templates["items"][0]["id"].as_i64().or_else(|| templates[0]["id"].as_i64()).expect("a centre appointment template");
    let order =
        json!({"kind": "complaint", "channel": "hotline", "contact_name": "王先生", "content": "窗口排队时间长", "org_unit_id": root});
    let (s, w) = d.json("POST", "/api/v1/work-orders", Some(admin), Some(order)).await;
    assert_eq!(s, StatusCode::CREATED, "{w}");
    let work_order = w["id"].as_i64().expect("work order id");
    vec![
        ("sites", site),
        ("windows", window),
        ("zones", zone),
        ("org-units", root),
        ("staff", staff),
        ("users", hall),
        ("grants", grant),
        ("devices", device),
        ("queue-categories", category),
        ("tickets", ticket),
        ("cases", case),
        ("work-orders", work_order),
        ("chases", chase),
        ("rectifications", rectification),
        ("appointment-templates", template),
        ("rating-policies", root),
        ("work-order-policies", root),
    ]
}

#[tokio::test]
async fn a_town_clerk_is_refused_every_record_of_another_place() {
    on_demo(|d| async move {
        let admin = d.token("admin").await;
        let records = centre_records(&d, &admin).await;
        let clerk = d.token("townclerk1").await;
        let (_, doc) = d.json("GET", "/api/v1/openapi.json", None, None).await;
        let mut unknown = Vec::new();
        let mut leaks = Vec::new();
        for (path, ops) in doc["paths"].as_object().expect("paths") {
            if !path.contains('{') || NOT_TOWN_SCOPED.contains(&path.as_str()) {
                continue;
            }
            let kind = path.trim_start_matches('/').split('/').next().unwrap_or_default();
            let id = records.iter().find(|(k, _)| *k == kind).map(|(_, id)| *id);
            for method in ops.as_object().expect("operations").keys() {
                if method == "get" && PUBLIC_READS.contains(&path.as_str()) {
                    continue;
                }
                let Some(id) = id.or_else(|| role_gated(kind)) else {
                    unknown.push(format!("{} {path}", method.to_uppercase()));
                    continue;
                };
                let url = format!("/api/v1{path}")
                    .replace("{id}", &id.to_string())
                    .replace("{org_unit_id}", &id.to_string())
                    .replace("{action}", "call");
                let body = match method.as_str() {
                    "get" | "delete" => None,
                    _ => Some(well_formed_body(&d, &admin, path, &url).await),
                };
                let (s, v) = d.json(&method.to_uppercase(), &url, Some(&clerk), body).await;
                if s != StatusCode::FORBIDDEN && s != StatusCode::NOT_FOUND {
                    leaks.push(format!("{} {url} → {s} {}", method.to_uppercase(), v.to_string().chars().take(120).collect::<String>()));
                }
            }
        }
        assert!(unknown.is_empty(), "operations the sweep does not classify: {unknown:#?}");
        assert!(leaks.is_empty(), "a town clerk reached another place's record: {leaks:#?}");
        d
    })
    .await;
}

/// A body the route's extractor takes, so that what answers is the route's own check: the
/// record's present value for a policy, an action by name, a status; an empty object elsewhere.
async fn well_formed_body(d: &Demo, admin: &str, path: &str, url: &str) -> Value {
    if path.ends_with("-policies/{org_unit_id}") {
        return d.json("GET", url, Some(admin), None).await.1;
    }
    if path.ends_with("/actions") {
        return json!({"action": "accept"});
    }
    if path.ends_with("/status") {
        return json!({"status": "open"});
    }
    json!({})
}

/// Kinds a town clerk holds no role for at all (any id is refused before it is read): API tokens,
/// the outbox and the ladder policies are the system administrator's and the hall's.
fn role_gated(kind: &str) -> Option<i64> {
    ["api-tokens", "outbox", "ladder-policies"].contains(&kind).then_some(1)
}

#[tokio::test]
async fn every_step_of_a_ticket_a_case_and_a_rating_joins_the_audit_chain() {
    on_demo(|d| async move {
        let before = d.audit_count().await;
        let site = centre(&d);
        let window = d.ids.window("wsq-zwzx", "1");
        let clerk = d.token("clerk1").await;
        let category = app::queue::categories(&d.app, site).await.expect("categories")[0].category.id;
        let (_, t) = d.json("POST", "/api/v1/tickets", Some(KIOSK), Some(json!({"site_id": site, "category_id": category}))).await;
        let ticket = t["id"].as_i64().expect("ticket");
        d.json("POST", &format!("/api/v1/windows/{window}/call-next"), Some(&clerk), None).await;
        d.json("POST", &format!("/api/v1/tickets/{ticket}/finish"), Some(&clerk), None).await;
        let (s, r) = d.json("POST", "/api/v1/ratings", Some("dev_demo-pad-wsq-zwzx-1"), Some(json!({"ticket_id": ticket, "level": 1, "reasons": ["attitude"]}))).await;
        assert_eq!(s, StatusCode::CREATED, "{r}");
        let materials: Vec<Value> = (1..=5).map(|p| json!({"position": p, "state": "provided"})).collect();
        let intake = json!({
            "item_id": d.ids.items["010200100100"],
            "applicant": {"kind": "enterprise", "name": "乌审旗草原牧歌餐饮有限公司", "credit_code": "91350100M000100Y43", "phone": "13912345678"},
            "materials": materials,
        });
        let (_, c) = d.json("POST", "/api/v1/cases", Some(&clerk), Some(intake)).await;
        let case = c["id"].as_i64().expect("case");
        let (s, v) = d.json("POST", &format!("/api/v1/cases/{case}/actions"), Some(&clerk), Some(json!({"action": "accept"}))).await;
        assert_eq!(s, StatusCode::OK, "{v}");

        let sys = app::Actor::system("test");
        let rows = app::audit::list(&d.app, &sys, None, None, 10_000).await.expect("audit");
        let of = |entity: &str, id: i64| -> Vec<String> {
            let mut v: Vec<String> = rows.iter().filter(|r| r.entity == entity && r.entity_id == id.to_string()).map(|r| r.action.clone()).collect();
            v.reverse();
            v
        };
        assert_eq!(of("ticket", ticket), ["ticket_issue", "ticket_call", "ticket_finish"], "ticket steps");
        assert_eq!(of("case", case), ["case_receive", "case_accept"], "case steps");
        let rating = r["id"].as_i64().expect("rating");
        assert_eq!(of("rating", rating), ["rate"]);
        assert_eq!(of("rectification_order", r["rectification_order_id"].as_i64().expect("order")), ["open_rectification"]);
        assert!(d.audit_count().await >= before + 7);
        // Filed where the records are, with no phone or name in the summaries, and the chain holds.
        let case_rows: Vec<_> = rows.iter().filter(|r| r.entity == "case" && r.entity_id == case.to_string()).collect();
        assert!(case_rows.iter().all(|r| !r.org_path.is_empty() && !r.after_summary.contains("13912345678")));
        assert!(matches!(app::audit::verify(&d.app).await.expect("verify"), store::audit::Verdict::Intact(_)));
        d
    })
    .await;
}
