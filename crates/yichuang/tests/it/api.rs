//! The JSON API and the pages through the real router, on both backends.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::support::{Demo, centre, on_demo};

#[tokio::test]
async fn login_returns_a_token_and_the_users_roles_and_window() {
    on_demo(|d| async move {
        let (s, v) = d.json("POST", "/api/v1/auth/login", None, Some(json!({"username": "clerk1", "password": "yichuang-demo"}))).await;
        assert_eq!(s, StatusCode::OK);
        assert!(v["token"].as_str().is_some_and(|t| t.len() > 30));
        assert_eq!(v["user"]["username"], "clerk1");
        assert_eq!(v["user"]["roles"], json!(["clerk"]));
        let window = v["user"]["window_id"].as_i64().expect("clerk1 sits at a window today");
        assert_eq!(window, d.ids.window("wsq-zwzx", "1"));
        let (s, me) = d.json("GET", "/api/v1/auth/me", v["token"].as_str(), None).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(me["username"], "clerk1");
        d
    })
    .await;
}

#[tokio::test]
async fn wrong_passwords_are_refused_in_chinese_and_the_client_backs_off_after_five() {
    on_demo(|d| async move {
        let bad = json!({"username": "clerk2", "password": "wrong-password-1"});
        let (s, v) = d.json("POST", "/api/v1/auth/login", None, Some(bad.clone())).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
        assert_eq!(v["error"]["code"], "unauthorized");
        assert!(v["error"]["message"].as_str().is_some_and(|m| m.contains("用户名或密码错误")));
        for _ in 0..4 {
            let (s, _) = d.json("POST", "/api/v1/auth/login", None, Some(bad.clone())).await;
            assert_eq!(s, StatusCode::UNAUTHORIZED, "the same answer for each failure");
        }
        let (s, v) = d.json("POST", "/api/v1/auth/login", None, Some(bad)).await;
        assert_eq!(s, StatusCode::TOO_MANY_REQUESTS, "{v}");
        assert_eq!(v["error"]["code"], "account_locked");
        assert!(v["error"]["message"].as_str().is_some_and(|m| m.contains("过于频繁")));
        let (s, _) = d.json("POST", "/api/v1/auth/login", None, Some(json!({"username": "clerk2", "password": "yichuang-demo"}))).await;
        assert_eq!(s, StatusCode::TOO_MANY_REQUESTS, "the right password from the guessing client waits too");
        // The administrator sees the account held back; a password reset releases it at once.
        let admin = d.token("admin").await;
        let id = d.ids.net.users["clerk2"];
        let (_, u) = d.json("GET", &format!("/api/v1/users/{id}"), Some(&admin), None).await;
        assert_eq!(u["locked"], true, "{u}");
        let reset = json!({"username": u["username"], "name": u["name"], "org_unit_id": u["org_unit_id"], "staff_id": u["staff_id"],
            "active": true, "password": "another-pass-2026"});
        let (s, v) = d.json("PUT", &format!("/api/v1/users/{id}"), Some(&admin), Some(reset)).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["locked"], false, "{v}");
        let (s, _) = d.json("POST", "/api/v1/auth/login", None, Some(json!({"username": "clerk2", "password": "another-pass-2026"}))).await;
        assert_eq!(s, StatusCode::OK, "the reset password signs in at once");
        let (s, v) = d.json("POST", "/api/v1/auth/login", None, Some(json!({"username": "", "password": ""}))).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(v["error"]["details"]["fields"][0]["field"], "username");
        d
    })
    .await;
}

#[tokio::test]
async fn a_town_clerk_sees_only_their_town() {
    on_demo(|d| async move {
        let t = d.token("townclerk1").await;
        let (s, v) = d.json("GET", "/api/v1/sites", Some(&t), None).await;
        assert_eq!(s, StatusCode::OK);
        let names: Vec<&str> = v["items"].as_array().expect("items").iter().filter_map(|x| x["name"].as_str()).collect();
        assert!(names.contains(&"嘎鲁图镇便民服务中心"), "{names:?}");
        assert!(!names.iter().any(|n| n.contains("乌审召镇") || *n == "乌审旗政务服务中心"), "{names:?}");
        assert_eq!(v["next_cursor"], Value::Null);
        let (s, v) = d.json("GET", &format!("/api/v1/sites/{}", centre(&d)), Some(&t), None).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        assert_eq!(v["error"]["code"], "forbidden");
        let other_town = d.ids.net.sites["wushenzhao-bmzx"];
        let (s, _) = d.json("GET", &format!("/api/v1/sites/{other_town}"), Some(&t), None).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        // Nor can a clerk change anything, even in their own town.
        let own = d.ids.net.sites["galutu-bmzx"];
        let (_, site) = d.json("GET", &format!("/api/v1/sites/{own}"), Some(&t), None).await;
        let zone = site["zones"][0]["id"].as_i64().expect("a zone");
        let body = json!({"site_id": own, "zone_id": zone, "number": "9", "name": "测试窗口", "kind": "comprehensive", "department_ids": [d.ids.net.departments["zwfwj"]]});
        let (s, _) = d.json("POST", "/api/v1/windows", Some(&t), Some(body)).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        d
    })
    .await;
}

#[tokio::test]
async fn the_hall_manager_adds_a_window_and_bad_input_leaves_nothing_behind() {
    on_demo(|d| async move {
        let t = d.token("hall").await;
        let site = centre(&d);
        let (_, detail) = d.json("GET", &format!("/api/v1/sites/{site}"), Some(&t), None).await;
        let zone = detail["zones"][0]["id"].as_i64().expect("a zone");
        let windows_before = detail["windows"].as_array().map_or(0, Vec::len);
        let audit_before = d.audit_count().await;

        // Missing departments, a bad kind and a bad number: 422, every field named, nothing written.
        let bad = json!({"site_id": site, "zone_id": zone, "number": "十二", "name": "", "kind": "vip", "department_ids": []});
        let (s, v) = d.json("POST", "/api/v1/windows", Some(&t), Some(bad)).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert_eq!(v["error"]["code"], "invalid_input");
        let fields: Vec<&str> = v["error"]["details"]["fields"].as_array().expect("fields").iter().filter_map(|f| f["field"].as_str()).collect();
        for f in ["number", "name", "kind", "department_ids"] {
            assert!(fields.contains(&f), "{f} not named in {fields:?}");
        }
        assert!(v["error"]["message"].as_str().is_some_and(|m| m.contains("窗口号")));
        assert_eq!(d.audit_count().await, audit_before);

        let good = json!({"site_id": site, "zone_id": zone, "number": "88", "name": "综合受理88号窗口", "kind": "comprehensive", "department_ids": [d.ids.net.departments["scjgj"], d.ids.net.departments["gaj"]]});
        let (s, v) = d.json("POST", "/api/v1/windows", Some(&t), Some(good.clone())).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        assert_eq!(v["number"], "88");
        assert_eq!(d.audit_count().await, audit_before + 1);

        let (s, v) = d.json("POST", "/api/v1/windows", Some(&t), Some(good)).await;
        assert_eq!(s, StatusCode::CONFLICT);
        assert!(v["error"]["message"].as_str().is_some_and(|m| m.contains("窗口号")), "{v}");
        assert_eq!(d.audit_count().await, audit_before + 1, "a refused write leaves no audit row");

        let (_, detail) = d.json("GET", &format!("/api/v1/sites/{site}"), Some(&t), None).await;
        assert_eq!(detail["windows"].as_array().map_or(0, Vec::len), windows_before + 1);
        d
    })
    .await;
}

#[tokio::test]
async fn malformed_requests_get_the_house_error_shape() {
    on_demo(|d| async move {
        let t = d.token("hall").await;
        let req = Request::post("/api/v1/sites")
            .header(header::AUTHORIZATION, format!("Bearer {t}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from("{not json"))
            .expect("request");
        let (s, _, body) = d.send(req).await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert!(body.contains("malformed_json") && body.contains("JSON"), "{body}");
        let req =
            Request::post("/api/v1/sites").header(header::AUTHORIZATION, format!("Bearer {t}")).body(Body::from("a=b")).expect("request");
        let (s, _, body) = d.send(req).await;
        assert_eq!(s, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{body}");
        let (s, v) = d.json("POST", "/api/v1/sites", Some(&t), Some(json!({"org_unit_id": [1]}))).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert_eq!(v["error"]["details"]["fields"][0]["field"], "org_unit_id", "{v}");
        assert_eq!(v["error"]["details"]["fields"][0]["message"], "字段“org_unit_id”的类型不正确，应为整数", "{v}");
        // No control character reaches a use case, in any text field of any body.
        let order = json!({"kind": "complaint", "channel": "hotline", "contact_name": "王\u{0}先生", "content": "窗口排队时间长"});
        let (s, v) = d.json("POST", "/api/v1/work-orders", Some(&t), Some(order)).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert_eq!(v["error"]["details"]["fields"][0]["field"], "contact_name", "{v}");
        let (s, v) = d.json("POST", "/api/v1/sites", Some(&t), Some(json!({"name": "a", "zones": [{"name": "\u{1b}[31m"}]}))).await;
        assert_eq!(
            (s, v["error"]["details"]["fields"][0]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("zones[0].name")),
            "{v}"
        );
        // Strict flags: "yes" is not a boolean.
        let (s, v) = d.json("POST", "/api/v1/staff", Some(&t), Some(json!({"name": "李四", "active": "yes"}))).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert_eq!(v["error"]["details"]["fields"][0]["field"], "active", "{v}");
        // Whatever an extractor or a layer refuses answers the house shape in Chinese.
        let refusals: [(&str, &str, StatusCode, &str); 5] = [
            ("GET", "/api/v1/cases/abc", StatusCode::BAD_REQUEST, "bad_path"),
            ("GET", "/api/v1/windows?cursor=abc", StatusCode::UNPROCESSABLE_ENTITY, "invalid_input"),
            ("GET", "/api/v1/windows?limit=0", StatusCode::UNPROCESSABLE_ENTITY, "invalid_input"),
            ("GET", "/api/v1/windows?limit=501", StatusCode::UNPROCESSABLE_ENTITY, "invalid_input"),
            ("DELETE", "/api/v1/sites", StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
        ];
        for (method, path, status, code) in refusals {
            let (s, v) = d.json(method, path, Some(&t), None).await;
            assert_eq!((s, v["error"]["code"].as_str()), (status, Some(code)), "{method} {path}: {v}");
            let m = v["error"]["message"].as_str().unwrap_or_default();
            assert!(m.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) && !m.contains("deserialize"), "{path}: {m}");
        }
        let (_, v) = d.json("GET", "/api/v1/windows?limit=501", Some(&t), None).await;
        assert_eq!(v["error"]["details"]["fields"][0]["field"], "limit", "{v}");
        let big = format!("{{\"name\": \"{}\"}}", "x".repeat(3 * 1024 * 1024));
        let req = Request::post("/api/v1/sites")
            .header(header::AUTHORIZATION, format!("Bearer {t}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(big))
            .expect("request");
        let (s, headers, body) = d.send(req).await;
        assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
        assert!(headers[header::CONTENT_TYPE].to_str().is_ok_and(|c| c.starts_with("application/json")), "{body}");
        assert!(body.contains("payload_too_large") && body.contains("大小上限"), "{body}");
        let (s, v) = d.json("GET", "/api/v1/sites", None, None).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
        assert_eq!(v["error"]["code"], "unauthorized");
        let (s, v) = d.json("GET", "/api/v1/no-such-thing", Some(&t), None).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        assert_eq!(v["error"]["code"], "not_found");
        let (s, v) = d.json("GET", "/api/v1/sites/999999", Some(&t), None).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        assert!(v["error"]["message"].as_str().is_some_and(|m| m.contains("不存在")));
        d
    })
    .await;
}

#[tokio::test]
async fn unknown_pages_get_a_chinese_404_page() {
    on_demo(|d| async move {
        let (s, headers, body) = d.send(Request::get("/no/such/page").body(Body::empty()).expect("request")).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        assert!(headers[header::CONTENT_TYPE].to_str().is_ok_and(|c| c.starts_with("text/html")));
        assert!(body.contains("找不到页面"));
        d
    })
    .await;
}

#[tokio::test]
async fn health_readiness_and_metrics_answer() {
    on_demo(|d| async move {
        let (s, _, body) = d.send(Request::get("/healthz").body(Body::empty()).expect("request")).await;
        assert_eq!((s, body.as_str()), (StatusCode::OK, "ok"));
        let (s, _, _) = d.send(Request::get("/readyz").body(Body::empty()).expect("request")).await;
        assert_eq!(s, StatusCode::OK);
        let (s, _, body) = d.send(Request::get("/metrics").body(Body::empty()).expect("request")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(body.contains("yichuang_database_up 1") && body.contains("yichuang_http_requests_total"), "{body}");
        // From another host: refused, and with a token configured only its bearer reads them.
        let from_afar = || {
            let mut r = Request::get("/metrics").body(Body::empty()).expect("request");
            r.extensions_mut().insert(axum::extract::ConnectInfo(std::net::SocketAddr::from(([203, 0, 113, 9], 5000))));
            r
        };
        let (s, _, _) = d.send(from_afar()).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let guarded = web::router(web::AppState::new(d.app.clone()).with_metrics_token(Some("m-secret".into())));
        let res = guarded.clone().oneshot(from_afar()).await.expect("answers");
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let mut r = from_afar();
        r.headers_mut().insert(axum::http::header::AUTHORIZATION, "Bearer m-secret".parse().expect("header"));
        assert_eq!(guarded.oneshot(r).await.expect("answers").status(), StatusCode::OK);
        d
    })
    .await;
}

/// Logs in through the page form and returns (session cookie, csrf token of the session).
async fn page_login(d: &Demo, username: &str) -> (String, String) {
    let (_, headers, body) = d.send(Request::get("/login").body(Body::empty()).expect("request")).await;
    let pre = cookie(&headers, "yc_login_csrf");
    let token = hidden(&body, "_csrf");
    let form = format!("_csrf={token}&username={username}&password=yichuang-demo&next=%2F");
    let req = Request::post("/login")
        .header(header::COOKIE, format!("yc_login_csrf={pre}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form))
        .expect("request");
    let (s, headers, _) = d.send(req).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let session = cookie(&headers, "yc_session");
    let req = Request::get("/").header(header::COOKIE, format!("yc_session={session}")).body(Body::empty()).expect("request");
    let (s, _, body) = d.send(req).await;
    assert_eq!(s, StatusCode::OK);
    (session, hidden(&body, "_csrf"))
}

fn cookie(headers: &axum::http::HeaderMap, name: &str) -> String {
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix(&format!("{name}=")).map(|r| r.split(';').next().unwrap_or("").to_owned()))
        .unwrap_or_else(|| panic!("no {name} cookie set"))
}

fn hidden(body: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = body.find(&marker).unwrap_or_else(|| panic!("no hidden {name} in page")) + marker.len();
    body[start..start + body[start..].find('"').expect("closing quote")].to_owned()
}

#[tokio::test]
async fn form_posts_without_the_csrf_token_are_refused() {
    on_demo(|d| async move {
        let (session, csrf) = page_login(&d, "hall").await;
        let site = centre(&d);
        let post = |body: String| {
            Request::post(format!("/admin/sites/{site}/zones"))
                .header(header::COOKIE, format!("yc_session={session}"))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .expect("request")
        };
        let (s, _, body) = d.send(post("name=%E6%B5%8B%E8%AF%95%E5%8C%BA&kind=waiting".into())).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        assert!(body.contains("CSRF"));
        let (s, _, _) = d.send(post("_csrf=forged&name=x&kind=waiting".into())).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, headers, _) = d.send(post(format!("_csrf={csrf}&name=%E6%B5%8B%E8%AF%95%E5%8C%BA&kind=waiting"))).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        assert!(headers[header::LOCATION].to_str().is_ok_and(|l| l.starts_with(&format!("/admin/sites/{site}"))));
        // The login form itself needs its double-submit token.
        let req = Request::post("/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("username=hall&password=yichuang-demo"))
            .expect("request");
        let (s, _, _) = d.send(req).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        d
    })
    .await;
}

#[tokio::test]
async fn invalid_form_input_re_renders_the_form_with_chinese_messages() {
    on_demo(|d| async move {
        let (session, csrf) = page_login(&d, "hall").await;
        let site = centre(&d);
        let req = Request::post(format!("/admin/sites/{site}/windows/new"))
            .header(header::COOKIE, format!("yc_session={session}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!("_csrf={csrf}&number=&name=&kind=comprehensive")))
            .expect("request");
        let (s, _, body) = d.send(req).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        for m in ["窗口号应为", "请填写窗口名称", "请选择所在区域", "请至少选择一个窗口代办的部门"] {
            assert!(body.contains(m), "missing {m}");
        }
        d
    })
    .await;
}

#[tokio::test]
async fn device_and_api_tokens_work_until_revoked() {
    on_demo(|d| async move {
        let hall = d.token("hall").await;
        let site = centre(&d);
        let window = d.ids.window("wsq-zwzx", "3");
        let (s, v) = d
            .json("POST", "/api/v1/devices", Some(&hall), Some(json!({"name": "3号窗口评价器", "kind": "rating_pad", "site_id": site})))
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "a rating pad needs a window: {v}");
        let (s, v) = d
            .json(
                "POST",
                "/api/v1/devices",
                Some(&hall),
                Some(json!({"name": "3号窗口评价器", "kind": "rating_pad", "site_id": site, "window_id": window})),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        let dev = v["token"].as_str().expect("token").to_owned();
        let id = v["id"].as_i64().expect("id");
        let (s, me) = d.json("GET", "/api/v1/devices/me", Some(&dev), None).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(me["window_id"], window);
        let (s, _) = d.json("GET", "/api/v1/sites", Some(&dev), None).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED, "a device token is not a staff login");
        let (s, _) = d.json("POST", &format!("/api/v1/devices/{id}/revoke"), Some(&hall), None).await;
        assert_eq!(s, StatusCode::NO_CONTENT);
        let (s, _) = d.json("GET", "/api/v1/devices/me", Some(&dev), None).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);

        let admin = d.token("admin").await;
        let leader = d.ids.net.users["leader"];
        let (s, v) = d
            .json(
                "POST",
                "/api/v1/api-tokens",
                Some(&admin),
                Some(json!({"name": "12345 热线对接", "user_id": leader, "valid_days": "30"})),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        let api = v["token"].as_str().expect("token").to_owned();
        let (s, v) = d.json("GET", "/api/v1/sites", Some(&api), None).await;
        assert_eq!(s, StatusCode::OK);
        assert!(v["items"].as_array().is_some_and(|a| a.len() > 6));
        let token_id = tokens_id(&d, &admin).await;
        let (s, _) = d.json("POST", &format!("/api/v1/api-tokens/{token_id}/revoke"), Some(&admin), None).await;
        assert_eq!(s, StatusCode::NO_CONTENT);
        let (s, _) = d.json("GET", "/api/v1/sites", Some(&api), None).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
        d
    })
    .await;
}

async fn tokens_id(d: &Demo, admin: &str) -> i64 {
    let (_, v) = d.json("GET", "/api/v1/api-tokens", Some(admin), None).await;
    v["items"][0]["id"].as_i64().expect("an api token")
}

#[tokio::test]
async fn staff_phones_are_masked_in_the_api_and_the_audit_log() {
    on_demo(|d| async move {
        let hall = d.token("hall").await;
        let body = json!({"name": "测试人员", "department_id": d.ids.net.departments["scjgj"], "org_unit_id": d.ids.net.org_units["150626"], "stationed_since": "2025-01-02", "grade": "middle", "phone": "139 4777 1234"});
        let (s, v) = d.json("POST", "/api/v1/staff", Some(&hall), Some(body)).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        assert_eq!(v["phone_masked"], "139****1234");
        assert!(!v.to_string().contains("13947771234"));
        let sup = d.token("supervisor").await;
        let (s, log) = d.json("GET", "/api/v1/audit?entity=staff&limit=500", Some(&sup), None).await;
        assert_eq!(s, StatusCode::OK);
        let text = log.to_string();
        assert!(text.contains("测试人员") && text.contains("139****1234"));
        assert!(!text.contains("13947771234"), "a full phone number reached the audit log");
        let (s, _) = d.json("GET", "/api/v1/audit", Some(&hall), None).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "hall managers do not read the audit log");
        d
    })
    .await;
}

#[tokio::test]
async fn the_openapi_document_describes_every_route() {
    on_demo(|d| async move {
        let (s, v) = d.json("GET", "/api/v1/openapi.json", None, None).await;
        assert_eq!(s, StatusCode::OK);
        assert!(v["openapi"].as_str().is_some_and(|x| x.starts_with("3.")));
        let mut paths: Vec<String> = v["paths"]
            .as_object()
            .expect("paths")
            .iter()
            .flat_map(|(p, ops)| ops.as_object().into_iter().flat_map(|o| o.keys()).map(move |m| format!("{} {p}", m.to_uppercase())))
            .collect();
        paths.sort();
        insta::assert_snapshot!("openapi_routes", paths.join("\n"));
        assert!(v["components"]["schemas"]["WindowInput"].is_object());
        d
    })
    .await;
}

#[tokio::test]
async fn every_console_page_renders_for_the_administrator() {
    on_demo(|d| async move {
        let (session, _) = page_login(&d, "admin").await;
        let site = centre(&d);
        let clerk = d.ids.net.users["clerk1"];
        let window = d.ids.window("wsq-zwzx", "1");
        let staff = d.ids.net.staff.values().next().copied().expect("staff");
        let item = d.ids.items["010200100100"];
        for (path, expect) in [
            ("/".to_owned(), "综合窗口占比"),
            ("/admin/map".to_owned(), "苏力德苏木"),
            ("/admin/outbox".to_owned(), "短信发件箱"),
            ("/admin/sites".to_owned(), "乌审旗政务服务中心"),
            (format!("/admin/sites/{site}"), "办不成事"),
            (format!("/admin/sites/{site}/edit"), "工作日办公时间"),
            (format!("/admin/sites/{site}/windows/new"), "代办部门"),
            (format!("/admin/windows/{window}/edit"), "综合受理1号窗口"),
            ("/admin/org-units".to_owned(), "嘎鲁图镇"),
            ("/admin/org-units/new".to_owned(), "上级机构"),
            ("/admin/departments".to_owned(), "scjgj"),
            ("/admin/departments/new".to_owned(), "部门简码"),
            ("/admin/staff".to_owned(), "****"),
            ("/admin/staff/new".to_owned(), "进驻日期"),
            (format!("/admin/staff/{staff}/edit"), "不修改请留空"),
            (format!("/admin/staff/{staff}/photo"), "照片"),
            ("/admin/users".to_owned(), "townclerk1"),
            ("/admin/users/new".to_owned(), "初始密码"),
            (format!("/admin/users/{clerk}"), "窗口工作人员"),
            ("/admin/devices".to_owned(), "发放设备令牌"),
            ("/admin/api-tokens".to_owned(), "发放接口令牌"),
            ("/admin/audit".to_owned(), "审计日志"),
            ("/admin/calendar?year=2026".to_owned(), "春节"),
            ("/admin/ladder-policies".to_owned(), "默认规则"),
            ("/catalog".to_owned(), "事项库"),
            ("/catalog?q=yyzz".to_owned(), "<mark>"),
            (format!("/catalog/items/{item}"), "可受理窗口"),
            (format!("/catalog/items/{item}/notice"), "一次性告知单"),
            (format!("/catalog/items/{item}/notice/print?m=0&m=1"), "行政许可法"),
            ("/catalog/quick?q=yyzz".to_owned(), "材料清单"),
            ("/catalog/figures".to_owned(), "进驻率"),
            ("/catalog/import".to_owned(), "导出"),
            ("/catalog/items/new".to_owned(), "申请材料"),
        ] {
            let req = Request::get(&path).header(header::COOKIE, format!("yc_session={session}")).body(Body::empty()).expect("request");
            let (s, _, body) = d.send(req).await;
            assert_eq!(s, StatusCode::OK, "{path}");
            assert!(body.contains(expect), "{path} lacks {expect}");
            assert!(!body.contains("{{") && !body.contains("{%"), "{path} has raw template text");
            let title = body.split("<title>").nth(1).and_then(|t| t.split("</title>").next()).unwrap_or_default();
            assert!(!title.is_empty() && !title.contains('<'), "{path} has a bad <title>: {title}");
        }
        d
    })
    .await;
}

#[tokio::test]
async fn every_kind_of_answer_carries_the_security_headers_and_cookies_are_secure_over_https() {
    on_demo(|d| async move {
        let site = centre(&d);
        let item = d.ids.items["010200100100"];
        let (session, _) = page_login(&d, "admin").await;
        let pages = [
            ("/".to_owned(), Some(&session)),
            (format!("/guide/items/{item}"), None),
            ("/portal".to_owned(), None),
            (format!("/m/sites/{site}"), None),
            ("/device/screen".to_owned(), None),
            ("/api/v1/sites".to_owned(), None),
            ("/api/v1/openapi.json".to_owned(), None),
            ("/static/app.css".to_owned(), None),
            ("/no-such-page".to_owned(), None),
            ("/healthz".to_owned(), None),
        ];
        for (path, cookie) in pages {
            let mut b = Request::get(&path);
            if let Some(c) = cookie {
                b = b.header(header::COOKIE, format!("yc_session={c}"));
            }
            let (_, h, _) = d.send(b.body(Body::empty()).expect("request")).await;
            let csp = h.get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()).unwrap_or_default();
            assert!(
                csp.contains("script-src 'self'") && !csp.contains("unsafe-inline") && csp.contains("frame-ancestors 'self'"),
                "{path}: {csp}"
            );
            assert_eq!(h.get(header::REFERRER_POLICY).map(|v| v.to_str().unwrap_or_default()), Some("same-origin"), "{path}");
            assert!(h.get("permissions-policy").is_some_and(|v| v.to_str().is_ok_and(|p| p.contains("camera=()"))), "{path}");
        }
        // No page carries inline script or style that the policy would block.
        for path in ["/".to_owned(), format!("/guide/items/{item}"), "/portal".to_owned(), format!("/m/sites/{site}/appointments")] {
            let (_, _, body) = d
                .send(Request::get(&path).header(header::COOKIE, format!("yc_session={session}")).body(Body::empty()).expect("request"))
                .await;
            assert!(
                !body.contains("<style") && !body.contains(" style=\"") && !body.contains("onclick="),
                "{path} has inline style or script"
            );
            assert!(body.matches("<script").count() == body.matches("<script src=").count(), "{path} has an inline script");
        }
        // Over HTTPS (the configured public URL), the session cookie is Secure; over plain HTTP it is not.
        let login = |router: axum::Router| async move {
            let body = json!({"username": "admin", "password": yichuang::demo::DEMO_PASSWORD}).to_string();
            let req = Request::post("/api/v1/auth/login")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body))
                .expect("request");
            let res = tower::ServiceExt::oneshot(router, req).await.expect("answer");
            res.headers().get_all(header::SET_COOKIE).iter().map(|v| v.to_str().unwrap_or_default().to_owned()).collect::<Vec<_>>()
        };
        let plain = login(d.router()).await;
        assert!(!plain.is_empty() && plain.iter().all(|c| !c.contains("Secure")), "{plain:?}");
        let https = login(web::router(web::AppState::new(d.app.clone()).with_public_url(Some("https://zwfw.example.gov.cn")))).await;
        assert!(!https.is_empty() && https.iter().all(|c| c.ends_with("; Secure")), "{https:?}");
        d
    })
    .await;
}
