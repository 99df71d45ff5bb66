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

/// Whether `v` has the documented shape, all the way down: types (with `null` where the
/// schema allows it), required properties, every present property, array items, and unions.
fn shape_ok(doc: &Value, s: &Value, v: &Value) -> Result<(), String> {
    conforms(doc, s, v, "$", 0)
}

fn conforms(doc: &Value, s: &Value, v: &Value, at: &str, depth: usize) -> Result<(), String> {
    let s = resolve(doc, s);
    if depth > 12 || s.as_object().is_none_or(|o| o.is_empty()) {
        return Ok(());
    }
    if let Some(all) = s["allOf"].as_array() {
        for part in all {
            conforms(doc, part, v, at, depth + 1)?;
        }
    }
    if let Some(alts) = s["oneOf"].as_array().or(s["anyOf"].as_array()) {
        let errs: Vec<String> = alts.iter().filter_map(|a| conforms(doc, a, v, at, depth + 1).err()).collect();
        if errs.len() == alts.len() {
            return Err(format!("{at}: matches no alternative ({})", errs.join("; ")));
        }
    }
    let types: Vec<&str> = match &s["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    if !types.is_empty() {
        let fits = types.iter().any(|t| match *t {
            "null" => v.is_null(),
            "string" => v.is_string(),
            "integer" => v.is_i64() || v.is_u64(),
            "number" => v.is_number(),
            "boolean" => v.is_boolean(),
            "array" => v.is_array(),
            "object" => v.is_object(),
            _ => true,
        });
        if !fits {
            return Err(format!("{at}: documented {}, answered {}", types.join(" or "), kind(v)));
        }
    }
    if let Some(values) = s["enum"].as_array()
        && !v.is_null()
        && !values.contains(v)
    {
        return Err(format!("{at}: {v} is not one of the documented values"));
    }
    if let Some(o) = v.as_object() {
        for r in s["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
            if !o.contains_key(r) {
                return Err(format!("{at}: required property “{r}” missing"));
            }
        }
        let props = s["properties"].as_object();
        for (k, x) in o {
            match props.and_then(|p| p.get(k)) {
                Some(ps) => conforms(doc, ps, x, &format!("{at}.{k}"), depth + 1)?,
                None if s["additionalProperties"].is_object() => {
                    conforms(doc, &s["additionalProperties"], x, &format!("{at}.{k}"), depth + 1)?
                }
                None => {}
            }
        }
    }
    if let (Some(items), true) = (v.as_array(), s["items"].is_object()) {
        for (i, x) in items.iter().take(20).enumerate() {
            conforms(doc, &s["items"], x, &format!("{at}[{i}]"), depth + 1)?;
        }
    }
    Ok(())
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
        Value::Null => "null",
        Value::String(_) => "a string",
        Value::Number(_) => "a number",
        Value::Bool(_) => "a boolean",
    }
}

/// What a run of generated requests found.
#[derive(Default)]
struct Tally {
    sent: usize,
    shapes: usize,
    statuses: std::collections::BTreeMap<u16, usize>,
    problems: Vec<String>,
}

/// Sends one request and judges the answer against the operation's documentation.
async fn exchange(
    router: &axum::Router,
    doc: &Value,
    op: &Value,
    (method, url): (&str, &str),
    token: Option<&str>,
    body: Option<&Value>,
    t: &mut Tally,
) -> u16 {
    let mut b = Request::builder().method(method.to_uppercase().as_str()).uri(format!("/api/v1{url}"));
    if let Some(tok) = token {
        b = b.header(header::AUTHORIZATION, format!("Bearer {tok}"));
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
    t.sent += 1;
    *t.statuses.entry(status.as_u16()).or_default() += 1;
    let what = format!(
        "{} {url} {} {}",
        method.to_uppercase(),
        if token.is_some() { "signed in" } else { "anonymous" },
        body.map(Value::to_string).unwrap_or_default().chars().take(200).collect::<String>()
    );
    if status.is_server_error() {
        t.problems.push(format!("{what}: {status} {text}"));
        return status.as_u16();
    }
    let documented = &op["responses"][status.as_str()];
    if !documented.is_object() && !op["responses"]["default"].is_object() {
        t.problems.push(format!("{what}: undocumented {status}"));
        return status.as_u16();
    }
    let json_answer = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("application/json"));
    let schema = &documented["content"]["application/json"]["schema"];
    if status.is_success() && json_answer && schema.is_object() {
        let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        t.shapes += 1;
        if let Err(e) = shape_ok(doc, schema, &v) {
            t.problems.push(format!("{what}: {status} {e}"));
        }
    }
    if status.is_client_error() && json_answer {
        let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        if !v["error"]["message"].is_string() {
            t.problems.push(format!("{what}: {status} outside the error shape: {text}"));
        }
    }
    status.as_u16()
}

/// The operations of the document: (path, method, operation), live streams left out (a stream
/// never ends; its own tests drive it).
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            if op["responses"]["200"]["description"].as_str().unwrap_or("").contains("event-stream") {
                continue;
            }
            out.push((path.clone(), method.clone(), op.clone()));
        }
    }
    out
}

fn query_names(op: &Value) -> Vec<String> {
    op["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| p["in"] == "query")
        .filter_map(|p| p["name"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn generated_requests_get_only_documented_answers_of_the_documented_shape() {
    let d = Demo::sqlite().await;
    let (_, doc) = d.json("GET", "/api/v1/openapi.json", None, None).await;
    let admin = d.token("admin").await;
    let router = d.router();
    let mut t = Tally::default();
    for (path, method, op) in operations(&doc) {
        let body_schema = &op["requestBody"]["content"]["application/json"]["schema"];
        let mut bodies: Vec<Option<Value>> = vec![None];
        if matches!(method.as_str(), "post" | "put" | "patch") {
            bodies = vec![Some(json!({})), Some(json!([1])), Some(json!("x"))];
            if body_schema.is_object() {
                bodies.push(Some(sample(&doc, body_schema, 0)));
            }
        }
        let names = query_names(&op);
        let mut queries = vec![String::new()];
        if !names.is_empty() {
            queries.push(format!("?{}", names.iter().map(|n| format!("{n}=%00x")).collect::<Vec<_>>().join("&")));
            queries.push(format!("?{}", names.iter().map(|n| format!("{n}=1")).collect::<Vec<_>>().join("&")));
        }
        for id in ["1", "2", "0", "99999999", "abc"] {
            let url = path.split('/').map(|s| if s.starts_with('{') { id } else { s }).collect::<Vec<_>>().join("/");
            for query in &queries {
                for token in [None, Some(admin.as_str())] {
                    for body in &bodies {
                        exchange(&router, &doc, &op, (&method, &format!("{url}{query}")), token, body.as_ref(), &mut t).await;
                    }
                }
            }
        }
    }
    println!("generated requests: {}, success answers checked against their schema: {}, problems: {}", t.sent, t.shapes, t.problems.len());
    assert!(t.sent > 2000, "the document covers the API: {} requests", t.sent);
    assert!(t.shapes > 20, "success answers were checked: {}", t.shapes);
    t.problems.truncate(40);
    assert!(t.problems.is_empty(), "answers the document does not describe:\n{}", t.problems.join("\n"));
    d.cleanup().await;
}

/// A value for a parameter or property: usually well-formed, often not.
fn wild(rng: &mut impl rand::Rng, doc: &Value, schema: &Value) -> Value {
    use rand::seq::SliceRandom;
    if rng.gen_bool(0.5) {
        return sample(doc, schema, 0);
    }
    let long: String = "长".repeat(rng.gen_range(200..700));
    let pool = [
        json!(null),
        json!(""),
        json!("  "),
        json!("x\u{0}y"),
        json!("\u{202e}反转"),
        json!(long),
        json!(-1),
        json!(0),
        json!(rng.gen_range(1..400)),
        json!(9_007_199_254_740_993u64),
        json!(1.5),
        json!(true),
        json!("yes"),
        json!([]),
        json!({}),
        json!("2026-13-45"),
        json!("2026-03-02"),
        json!("<script>alert(1)</script>"),
        json!("110101199003077777"),
        json!("13912345678"),
    ];
    pool.choose(rng).cloned().unwrap_or(Value::Null)
}

/// A body built from the schema with some properties dropped, retyped or made hostile.
fn wild_body(rng: &mut impl rand::Rng, doc: &Value, schema: &Value) -> Value {
    let mut v = sample(doc, schema, 0);
    let s = resolve(doc, schema);
    if let (Some(o), Some(props)) = (v.as_object_mut(), s["properties"].as_object()) {
        for (k, ps) in props {
            match rng.gen_range(0..10) {
                0 => {
                    o.remove(k);
                }
                1..=3 => {
                    o.insert(k.clone(), wild(rng, doc, ps));
                }
                _ => {}
            }
        }
    }
    v
}

/// Random requests over the whole document for `YC_API_FUZZ_SECONDS` (5 s by default; the
/// closing note of issue 17 quotes a 120 s run): random operations, ids that exist, do not
/// exist or do not parse, hostile query values and bodies, anonymous, as the administrator and
/// as a clerk. The seed is printed, so a failure can be replayed with `YC_API_FUZZ_SEED`.
#[tokio::test]
async fn random_requests_for_a_while_get_only_documented_answers() {
    use rand::seq::SliceRandom;
    use rand::{Rng, SeedableRng};
    let secs: u64 = std::env::var("YC_API_FUZZ_SECONDS").ok().and_then(|v| v.parse().ok()).unwrap_or(5);
    let seed: u64 = std::env::var("YC_API_FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or_else(rand::random);
    println!("seed {seed}, {secs} s");
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let d = Demo::sqlite().await;
    let (_, doc) = d.json("GET", "/api/v1/openapi.json", None, None).await;
    let ops = operations(&doc);
    let router = d.router();
    let mut tokens = [d.token("admin").await, d.token("clerk1").await];
    let mut t = Tally::default();
    let until = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    while std::time::Instant::now() < until {
        let (path, method, op) = ops.choose(&mut rng).expect("operations");
        let id = ["1", "2", "3", "7", "40", "0", "-1", "99999999", "99999999999999999999", "abc", "1.5", "%00"]
            .choose(&mut rng)
            .map(|s| (*s).to_owned())
            .unwrap_or_default();
        let id = if rng.gen_bool(0.3) { rng.gen_range(1..300).to_string() } else { id };
        let mut url = path.split('/').map(|s| if s.starts_with('{') { id.as_str() } else { s }).collect::<Vec<_>>().join("/");
        let names = query_names(op);
        let mut params: Vec<String> = Vec::new();
        for n in &names {
            if !rng.gen_bool(0.5) {
                continue;
            }
            let schema =
                op["parameters"].as_array().and_then(|ps| ps.iter().find(|p| p["name"] == n.as_str())).map(|p| p["schema"].clone());
            let v = wild(&mut rng, &doc, &schema.unwrap_or(Value::Null));
            let text = v.as_str().map_or_else(|| v.to_string(), str::to_owned);
            params.push(format!("{n}={}", urlencoding::encode(&text)));
        }
        if !params.is_empty() {
            url = format!("{url}?{}", params.join("&"));
        }
        let body_schema = &op["requestBody"]["content"]["application/json"]["schema"];
        let body = matches!(method.as_str(), "post" | "put" | "patch").then(|| match rng.gen_range(0..6) {
            0 => json!({}),
            1 => wild(&mut rng, &doc, &Value::Null),
            _ if body_schema.is_object() => wild_body(&mut rng, &doc, body_schema),
            _ => json!({}),
        });
        let who = rng.gen_range(0..3);
        let token = if who == 0 { None } else { tokens.get(who - 1).map(String::as_str) };
        let status = exchange(&router, &doc, op, (method, &url), token, body.as_ref(), &mut t).await;
        // Random writes may sign a user out (or sign-in may be throttled): sign in again.
        if who > 0 && status == 401 {
            let name = ["admin", "clerk1"][who - 1];
            let (s, v) = d
                .json("POST", "/api/v1/auth/login", None, Some(json!({"username": name, "password": yichuang::demo::DEMO_PASSWORD})))
                .await;
            if let (true, Some(tok)) = (s.is_success(), v["token"].as_str()) {
                tokens[who - 1] = tok.to_owned();
            }
        }
    }
    let statuses = t.statuses.iter().map(|(s, n)| format!("{s}×{n}")).collect::<Vec<_>>().join(" ");
    println!(
        "random requests: {} in {secs} s ({statuses}); success answers checked against their schema: {}; server errors: {}; problems: {}",
        t.sent,
        t.shapes,
        t.statuses.range(500..).map(|(_, n)| n).sum::<usize>(),
        t.problems.len()
    );
    assert!(t.sent > 100, "requests were sent: {}", t.sent);
    t.problems.truncate(40);
    assert!(t.problems.is_empty(), "seed {seed}: answers the document does not describe:\n{}", t.problems.join("\n"));
    d.cleanup().await;
}

#[test]
fn the_shape_check_sees_deep_mismatches() {
    let doc = json!({"components": {"schemas": {"Row": {"type": "object", "required": ["id"], "properties": {
        "id": {"type": "integer"}, "name": {"type": ["string", "null"]}, "tags": {"type": "array", "items": {"type": "string"}}}}}}});
    let list = json!({"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Row"}}}});
    assert!(shape_ok(&doc, &list, &json!({"items": [{"id": 1, "name": null, "tags": ["a"]}]})).is_ok());
    assert!(shape_ok(&doc, &list, &json!({"items": [{"id": "1"}]})).is_err(), "a string id");
    assert!(shape_ok(&doc, &list, &json!({"items": [{"name": "x"}]})).is_err(), "a missing id");
    assert!(shape_ok(&doc, &list, &json!({"items": [{"id": 1, "tags": [3]}]})).is_err(), "a number in a string array");
    let opt = json!({"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/Row"}]});
    assert!(shape_ok(&doc, &opt, &Value::Null).is_ok());
    assert!(shape_ok(&doc, &opt, &json!(5)).is_err());
}
