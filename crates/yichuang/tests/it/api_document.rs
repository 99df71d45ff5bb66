//! The API document is true (issue 17, D14): requests generated from `GET /api/v1/openapi.json`
//! for every operation — path parameters that exist, do not exist or do not parse, query
//! parameters with wrong values, bodies built from the request schema, empty and of the wrong
//! type, anonymous and as the administrator — never get a server error, never a status the
//! operation does not document, and a JSON success answer has its documented shape.

use axum::body::Body;
use axum::http::{Request, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::support::Demo;

/// Resolves `{"$ref": "#/components/schemas/X"}` against the document.
fn resolve<'a>(doc: &'a Value, s: &'a Value) -> &'a Value {
    match s["$ref"].as_str().and_then(|r| r.strip_prefix("#/components/schemas/")) {
        Some(name) => resolve(doc, &doc["components"]["schemas"][name]),
        None => s,
    }
}

/// A value of the schema's shape (the first alternative of a union).
fn sample(doc: &Value, s: &Value, depth: usize) -> Value {
    let s = resolve(doc, s);
    if depth > 4 {
        return Value::Null;
    }
    if let Some(first) = s["oneOf"].as_array().or(s["anyOf"].as_array()).and_then(|v| v.first()) {
        return sample(doc, first, depth + 1);
    }
    let ty = match &s["type"] {
        Value::Array(v) => v.iter().find(|t| *t != "null").cloned().unwrap_or(Value::Null),
        t => t.clone(),
    };
    match ty.as_str() {
        Some("string") => match s["format"].as_str() {
            Some("date") => json!("2026-03-02"),
            Some("date-time") => json!("2026-03-02T01:30:00Z"),
            _ => s["enum"].as_array().and_then(|e| e.first().cloned()).unwrap_or(json!("测试")),
        },
        Some("integer") => json!(1),
        Some("number") => json!(1.5),
        Some("boolean") => json!(true),
        Some("array") => json!([sample(doc, &s["items"], depth + 1)]),
        _ => {
            let mut o = serde_json::Map::new();
            for (k, v) in s["properties"].as_object().into_iter().flatten() {
                o.insert(k.clone(), sample(doc, v, depth + 1));
            }
            Value::Object(o)
        }
    }
}

/// Whether `v` has the documented shape: the top-level type and the required properties.
fn shape_ok(doc: &Value, s: &Value, v: &Value) -> Result<(), String> {
    let s = resolve(doc, s);
    match s["type"].as_str() {
        Some("array") if !v.is_array() => return Err(format!("documented an array, answered {}", kind(v))),
        Some("object") if !v.is_object() => return Err(format!("documented an object, answered {}", kind(v))),
        _ => {}
    }
    if let (Some(req), Some(o)) = (s["required"].as_array(), v.as_object()) {
        for r in req.iter().filter_map(Value::as_str) {
            if !o.contains_key(r) {
                return Err(format!("required property “{r}” missing"));
            }
        }
    }
    Ok(())
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
        _ => "a scalar",
    }
}

#[tokio::test]
async fn generated_requests_get_only_documented_answers_of_the_documented_shape() {
    let d = Demo::sqlite().await;
    let (_, doc) = d.json("GET", "/api/v1/openapi.json", None, None).await;
    let admin = d.token("admin").await;
    let router = d.router();
    let (mut sent, mut shapes, mut problems) = (0usize, 0usize, Vec::new());
    let paths = doc["paths"].as_object().expect("paths").clone();
    for (path, item) in &paths {
        for (method, op) in item.as_object().expect("path item") {
            let ok_200 = op["responses"]["200"]["description"].as_str().unwrap_or("");
            if ok_200.contains("event-stream") {
                continue; // A live stream never ends; its own tests drive it.
            }
            let body_schema = &op["requestBody"]["content"]["application/json"]["schema"];
            let mut bodies: Vec<Option<Value>> = vec![None];
            if matches!(method.as_str(), "post" | "put" | "patch") {
                bodies = vec![Some(json!({})), Some(json!([1])), Some(json!("x"))];
                if body_schema.is_object() {
                    bodies.push(Some(sample(&doc, body_schema, 0)));
                }
            }
            let queries: Vec<String> = {
                let names: Vec<&str> = op["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|p| p["in"] == "query")
                    .filter_map(|p| p["name"].as_str())
                    .collect();
                let mut q = vec![String::new()];
                if !names.is_empty() {
                    q.push(format!("?{}", names.iter().map(|n| format!("{n}=%00x")).collect::<Vec<_>>().join("&")));
                    q.push(format!("?{}", names.iter().map(|n| format!("{n}=1")).collect::<Vec<_>>().join("&")));
                }
                q
            };
            for id in ["1", "2", "0", "99999999", "abc"] {
                let url = path.split('/').map(|s| if s.starts_with('{') { id } else { s }).collect::<Vec<_>>().join("/");
                for query in &queries {
                    for token in [None, Some(admin.as_str())] {
                        for body in &bodies {
                            let mut b = Request::builder().method(method.to_uppercase().as_str()).uri(format!("/api/v1{url}{query}"));
                            if let Some(t) = token {
                                b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
                            }
                            let req = match body {
                                Some(v) => b.header(header::CONTENT_TYPE, "application/json").body(Body::from(v.to_string())),
                                None => b.body(Body::empty()),
                            }
                            .expect("request");
                            let res = router.clone().oneshot(req).await.expect("router answers");
                            let (status, headers) = (res.status(), res.headers().clone());
                            let bytes = res.into_body().collect().await.expect("body reads").to_bytes();
                            let text = String::from_utf8_lossy(&bytes).into_owned();
                            sent += 1;
                            let what = format!(
                                "{} {url}{query} {} {}",
                                method.to_uppercase(),
                                if token.is_some() { "admin" } else { "anonymous" },
                                body.as_ref().map(Value::to_string).unwrap_or_default()
                            );
                            if status.is_server_error() {
                                problems.push(format!("{what}: {status} {text}"));
                                continue;
                            }
                            let documented = &op["responses"][status.as_str()];
                            if !documented.is_object() && !op["responses"]["default"].is_object() {
                                problems.push(format!("{what}: undocumented {status}"));
                                continue;
                            }
                            let json_answer = headers
                                .get(header::CONTENT_TYPE)
                                .and_then(|v| v.to_str().ok())
                                .is_some_and(|t| t.starts_with("application/json"));
                            let schema = &documented["content"]["application/json"]["schema"];
                            if status.is_success() && json_answer && schema.is_object() {
                                let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                                shapes += 1;
                                if let Err(e) = shape_ok(&doc, schema, &v) {
                                    problems.push(format!("{what}: {status} {e}"));
                                }
                            }
                            if status.is_client_error() && json_answer {
                                let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                                if !v["error"]["message"].is_string() {
                                    problems.push(format!("{what}: {status} outside the error shape: {text}"));
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    println!("generated requests: {sent}, success answers checked against their schema: {shapes}, problems: {}", problems.len());
    assert!(sent > 2000, "the document covers the API: {sent} requests");
    assert!(shapes > 20, "success answers were checked: {shapes}");
    problems.truncate(40);
    assert!(problems.is_empty(), "answers the document does not describe:\n{}", problems.join("\n"));
    d.cleanup().await;
}
