//! Online application over HTTP on the demo: the phone flow of the API (code, session, items,
//! upload, apply, my cases), the window's pre-check through the case actions, the public progress
//! look-up, the citizen cookie's CSRF rule, and the pages.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};
use store::org::Scope;

use crate::support::{Demo, centre, on_demo};

/// 有限责任公司设立登记: 全程网办, five required materials, window / mail / electronic delivery.
const COMPANY: &str = "010200100100";
const PHONE: &str = "13700001111";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR fake png for tests";

async fn last_code(d: &Demo) -> String {
    let mut tx = d.app.db.read().await.expect("read");
    let rows = store::outbox::list(&mut tx, &Scope::All, None, Some("login_code"), None, 1).await.expect("outbox");
    let digits: String = rows[0].body.chars().filter(char::is_ascii_digit).collect();
    digits[..6].to_owned()
}

async fn citizen_token(d: &Demo, phone: &str) -> String {
    let (s, v) = d.json("POST", "/api/v1/portal/login-codes", None, Some(json!({"phone": phone}))).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let code = last_code(d).await;
    let (s, v) = d.json("POST", "/api/v1/portal/sessions", None, Some(json!({"phone": phone, "code": code}))).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    v["token"].as_str().expect("token").to_owned()
}

async fn upload(d: &Demo, token: &str) -> String {
    let boundary = "XyZportalBoundary";
    let mut body =
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n")
            .into_bytes();
    body.extend_from_slice(PNG);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let req = Request::builder()
        .method("POST")
        .uri("/api/v1/portal/uploads")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .body(Body::from(body))
        .expect("request");
    let (s, _, text) = d.send(req).await;
    assert_eq!(s, StatusCode::CREATED, "{text}");
    serde_json::from_str::<Value>(&text).expect("json")["sha256"].as_str().expect("sha").to_owned()
}

fn application(item: i64, site: i64, sha: &str) -> Value {
    let materials: Vec<Value> = (1..=5).map(|p| json!({"position": p, "state": "provided", "file_sha256": sha})).collect();
    json!({
        "item_id": item,
        "site_id": site,
        "applicant": {"kind": "enterprise", "name": "乌审旗草原牧歌餐饮有限公司", "credit_code": "91350100M000100Y43"},
        "materials": materials,
        "delivery": {"mode": "electronic"},
        "submit": true,
    })
}

#[tokio::test]
async fn a_citizen_applies_through_the_api_and_the_window_takes_it_in() {
    on_demo(|d| async move {
        let item = d.ids.items[COMPANY];
        let site = centre(&d);
        let (s, v) = d.json("POST", "/api/v1/portal/login-codes", None, Some(json!({"phone": PHONE}))).await;
        assert_eq!((s, v["phone_masked"].as_str()), (StatusCode::CREATED, Some("137****1111")), "{v}");
        let (s, v) = d.json("POST", "/api/v1/portal/login-codes", None, Some(json!({"phone": PHONE}))).await;
        assert_eq!(s, StatusCode::TOO_MANY_REQUESTS, "resend within a minute: {v}");
        let code = last_code(&d).await;
        let wrong = if code == "000000" { "111111" } else { "000000" };
        let (s, v) = d.json("POST", "/api/v1/portal/sessions", None, Some(json!({"phone": PHONE, "code": wrong}))).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED, "{v}");
        let (s, v) = d.json("POST", "/api/v1/portal/sessions", None, Some(json!({"phone": PHONE, "code": code}))).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        let token = v["token"].as_str().expect("token").to_owned();

        let (s, v) = d.json("GET", "/api/v1/portal/items?q=%E6%9C%89%E9%99%90%E8%B4%A3%E4%BB%BB", None, None).await;
        assert_eq!(s, StatusCode::OK);
        assert!(v["items"].as_array().expect("items").iter().any(|i| i["item_id"] == item), "{v}");
        let (s, _) = d.json("GET", "/api/v1/portal/cases", None, None).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);

        let sha = upload(&d, &token).await;
        let (s, c) = d.json("POST", "/api/v1/portal/cases", Some(&token), Some(application(item, site, &sha))).await;
        assert_eq!(s, StatusCode::CREATED, "{c}");
        assert_eq!((c["status"].as_str(), c["delivery_label"].as_str()), (Some("submitted"), Some("电子证照 / 电子送达")));
        let id = c["id"].as_i64().expect("id");
        let (case_no, query_code) = (c["case_no"].as_str().expect("no").to_owned(), c["query_code"].as_str().expect("code").to_owned());
        let (s, v) = d.json("GET", "/api/v1/portal/cases", Some(&token), None).await;
        assert_eq!((s, v["items"].as_array().map(Vec::len)), (StatusCode::OK, Some(1)));
        // Another phone sees nothing of it.
        let other = citizen_token(&d, "13600002222").await;
        let (s, _) = d.json("GET", &format!("/api/v1/portal/cases/{id}"), Some(&other), None).await;
        assert_eq!(s, StatusCode::NOT_FOUND);

        let clerk = d.token("clerk1").await;
        let (s, v) = d.json("GET", "/api/v1/portal/online-cases", Some(&clerk), None).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert!(v["items"].as_array().expect("items").iter().any(|x| x["id"] == id), "{v}");
        for (a, to) in [("precheck", "prechecked"), ("receive", "received"), ("accept", "accepted")] {
            let (s, v) = d.json("POST", &format!("/api/v1/cases/{id}/actions"), Some(&clerk), Some(json!({"action": a}))).await;
            assert_eq!((s, v["status"].as_str()), (StatusCode::OK, Some(to)), "{v}");
        }

        let (s, v) = d.json("POST", "/api/v1/portal/progress", None, Some(json!({"case_no": case_no, "query_code": query_code}))).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["status_label"], "已受理");
        assert_eq!(v["accepted_on"], "2026-03-02");
        assert!(!v.to_string().contains(PHONE));
        let (s, wrong) = d.json("POST", "/api/v1/portal/progress", None, Some(json!({"case_no": case_no, "query_code": "ZZZZZZZZ"}))).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        let (_, unknown) = d
            .json("POST", "/api/v1/portal/progress", None, Some(json!({"case_no": "0001-20990101-00001", "query_code": query_code})))
            .await;
        assert_eq!(wrong["error"]["message"], unknown["error"]["message"]);
        d
    })
    .await;
}

#[tokio::test]
async fn a_cookie_session_needs_its_csrf_token_and_the_pages_render() {
    on_demo(|d| async move {
        let token = citizen_token(&d, PHONE).await;
        let (_, v) = d.json("GET", "/api/v1/portal/cases", Some(&token), None).await;
        assert_eq!(v["items"], json!([]));
        let cookie = format!("yc_citizen={token}");
        let post = |csrf: Option<&str>| {
            let mut b = Request::builder()
                .method("POST")
                .uri("/api/v1/portal/cases")
                .header(header::COOKIE, cookie.clone())
                .header(header::CONTENT_TYPE, "application/json");
            if let Some(c) = csrf {
                b = b.header("x-csrf-token", c);
            }
            b.body(Body::from(json!({"item_id": d.ids.items[COMPANY]}).to_string())).expect("request")
        };
        let (s, _, text) = d.send(post(None)).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{text}");
        assert!(text.contains("csrf_failed"), "{text}");
        let citizen = app::portal::citizen(&d.app, &token).await.expect("lookup").expect("live");
        let (s, _, text) = d.send(post(Some(&citizen.csrf))).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "past the guard, refused by the use case: {text}");

        let get = |path: &str, cookie: Option<String>| {
            let mut b = Request::builder().uri(path);
            if let Some(c) = cookie {
                b = b.header(header::COOKIE, c);
            }
            b.body(Body::empty()).expect("request")
        };
        let (s, _, html) = d.send(get("/portal", None)).await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("有限责任公司设立登记"));
        let (s, h, _) = d.send(get("/portal/mine", None)).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        assert!(h[header::LOCATION].to_str().unwrap_or("").starts_with("/portal/login"));
        let (s, _, html) = d.send(get("/portal/mine", Some(cookie.clone()))).await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("137****1111") && !html.contains(PHONE));
        let (s, _, html) = d.send(get(&format!("/portal/items/{}", d.ids.items[COMPANY]), Some(cookie.clone()))).await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("提交申请") && html.contains("邮寄送达"));
        // The progress page refuses a wrong pair with the one message.
        let form = Request::builder()
            .method("POST")
            .uri("/progress")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("case_no=0001-20990101-00001&query_code=ABCDEFGH"))
            .expect("request");
        let (s, _, html) = d.send(form).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains(app::cases::LOOKUP_REFUSED));
        // The window's pre-check page, for a clerk.
        let clerk = d.token("clerk1").await;
        let (s, _, html) = d.send(get("/cases/online", Some(format!("yc_session={clerk}")))).await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("网上申请预审"));
        d
    })
    .await;
}

fn hidden(body: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = body.find(&marker).unwrap_or_else(|| panic!("no hidden {name} in page")) + marker.len();
    body[start..start + body[start..].find('"').expect("closing quote")].to_owned()
}

fn page(method: &str, path: &str, cookie: &str, form: Option<String>) -> Request<Body> {
    let b = Request::builder().method(method).uri(path).header(header::COOKIE, cookie);
    match form {
        Some(f) => b.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded").body(Body::from(f)),
        None => b.body(Body::empty()),
    }
    .expect("request")
}

#[tokio::test]
async fn the_window_asks_for_a_supplement_on_its_page_and_the_citizen_resubmits_on_theirs() {
    on_demo(|d| async move {
        let token = citizen_token(&d, PHONE).await;
        let sha = upload(&d, &token).await;
        let (s, c) = d.json("POST", "/api/v1/portal/cases", Some(&token), Some(application(d.ids.items[COMPANY], centre(&d), &sha))).await;
        assert_eq!(s, StatusCode::CREATED, "{c}");
        let id = c["id"].as_i64().expect("id");
        let staff = format!("yc_session={}", d.token("clerk1").await);
        let (s, _, html) = d.send(page("GET", "/cases/online", &staff, None)).await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains(c["case_no"].as_str().expect("no")) && html.contains("已提交") && !html.contains(PHONE));
        let scan = format!("/cases/{id}/files/{sha}");
        assert!(html.contains(&scan));
        let (s, h, _) = d.send(page("GET", &scan, &staff, None)).await;
        assert_eq!((s, h[header::CONTENT_TYPE].to_str().ok()), (StatusCode::OK, Some("image/png")));
        let (s, _, _) = d.send(page("GET", &scan, "yc_session=nobody", None)).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "no session, no scan");
        let csrf = hidden(&html, "_csrf");
        let act = |form: String| page("POST", &format!("/cases/online/{id}/action"), &staff, Some(form));
        let (s, _, _) = d.send(act(format!("_csrf={csrf}&action=request_supplement&missing="))).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "the notice must list what is missing");
        let missing = urlencoding::encode("公司章程（全体股东签字页）");
        let (s, h, _) = d.send(act(format!("_csrf={csrf}&action=request_supplement&missing={missing}"))).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        assert!(h[header::LOCATION].to_str().unwrap_or("").starts_with("/cases/online?done="));

        let citizen = format!("yc_citizen={token}");
        let (s, _, html) = d.send(page("GET", "/portal/mine", &citizen, None)).await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("公司章程（全体股东签字页）") && html.contains("补正后重新提交"), "{html}");
        let ccsrf = app::portal::citizen(&d.app, &token).await.expect("lookup").expect("live").csrf;
        let boundary = "XyZportalBoundary";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file_2\"; filename=\"b.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7 signed\r\n--{boundary}--\r\n"
        )
        .into_bytes();
        let resubmit = |csrf: &str, body: Vec<u8>| {
            Request::builder()
                .method("POST")
                .uri(format!("/portal/cases/{id}/resubmit?_csrf={csrf}"))
                .header(header::COOKIE, citizen.clone())
                .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
                .body(Body::from(body))
                .expect("request")
        };
        let (s, _, _) = d.send(resubmit("wrong", body.clone())).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "CSRF");
        let (s, h, text) = d.send(resubmit(&ccsrf, std::mem::take(&mut body))).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{text}");
        assert!(h[header::LOCATION].to_str().unwrap_or("").starts_with("/portal/mine?done="));
        let (_, v) = d.json("GET", &format!("/api/v1/portal/cases/{id}"), Some(&token), None).await;
        assert_eq!(v["status"], "received", "{v}");

        let (s, _, _) = d.send(act(format!("_csrf={csrf}&action=accept"))).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (s, _, html) = d.send(act(format!("_csrf={csrf}&action=precheck"))).await;
        assert_eq!(s, StatusCode::CONFLICT, "an accepted case is past pre-check");
        assert!(html.contains("已受理"));
        d
    })
    .await;
}
