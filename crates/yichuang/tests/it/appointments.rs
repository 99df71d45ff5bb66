//! Appointments through the router on the demo, on both backends: a hall manager sets a
//! template, a citizen books from the public API and the mobile page, the kiosk checks in and
//! gets the same ticket JSON as `POST /tickets`, staff list the day (masked), cancellation, and
//! bad input answered with a Chinese 4xx that writes nothing.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};

use crate::support::{Demo, centre, on_demo};

const KIOSK: &str = "dev_demo-kiosk-wsq-zwzx";
const CITIZEN: &str = "13600000001";

/// The centre's general category (prefix A).
async fn category(d: &Demo) -> i64 {
    let (s, v) = d.json("GET", &format!("/api/v1/sites/{}/queue-categories", centre(d)), None, None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v["items"].as_array().expect("items").iter().find(|c| c["prefix"] == "A").and_then(|c| c["id"].as_i64()).expect("category A")
}

/// Sets Monday–Friday 09:00–12:00, 30-minute slots of `capacity` at the centre (as the hall
/// manager); returns the category id.
async fn template(d: &Demo, capacity: i64) -> i64 {
    let cat = category(d).await;
    let hall = d.token("hall").await;
    // The demo ships templates of its own; these tests start from a hall without any.
    let (s, v) = d.json("GET", &format!("/api/v1/sites/{}/appointment-templates", centre(d)), Some(&hall), None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    for t in v["items"].as_array().expect("items") {
        let id = t["id"].as_i64().expect("template id");
        let (s, v) = d.json("DELETE", &format!("/api/v1/appointment-templates/{id}"), Some(&hall), None).await;
        assert!(s.is_success(), "{v}");
    }
    let body = json!({"category_id": cat, "weekdays": [1, 2, 3, 4, 5], "start": "09:00", "end": "12:00", "slot_minutes": 30, "capacity": capacity});
    let (s, v) = d.json("POST", &format!("/api/v1/sites/{}/appointment-templates", centre(d)), Some(&hall), Some(body)).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["label"], "周一至周五 09:00–12:00，每 30 分钟 %CAP% 人".replace("%CAP%", &capacity.to_string()));
    cat
}

async fn book(d: &Demo, cat: i64, day: &str, start: &str, phone: &str) -> (StatusCode, Value) {
    let body = json!({"site_id": centre(d), "category_id": cat, "day": day, "start": start, "phone": phone});
    d.json("POST", "/api/v1/appointments", None, Some(body)).await
}

/// One bad request: method, path, bearer token, body, expected status, a word of the message.
type Case<'a> = (&'a str, String, Option<&'a str>, Value, StatusCode, &'a str);

/// Keys of a JSON object, sorted.
fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
    k.sort();
    k
}

#[tokio::test]
async fn a_citizen_books_and_the_kiosk_checks_in_to_the_same_ticket() {
    on_demo(|d| async move {
        let cat = template(&d, 2).await;
        let site = centre(&d);
        // Public slots: today's (Monday 09:30) from 10:00, then the next working days.
        let (s, v) = d
            .json("GET", &format!("/api/v1/sites/{site}/appointment-slots?category_id={cat}&from=2026-03-02&to=2026-03-02"), None, None)
            .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let starts: Vec<&str> = v["items"].as_array().unwrap().iter().map(|x| x["start"].as_str().unwrap()).collect();
        assert_eq!(starts, vec!["10:00", "10:30", "11:00", "11:30"]);
        assert_eq!(v["items"][0]["remaining"], 2);

        let (s, b) = book(&d, cat, "2026-03-02", "10:00", CITIZEN).await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
        let code = b["code"].as_str().unwrap().to_owned();
        assert_eq!((code.len(), b["status"].as_str(), b["phone_masked"].as_str()), (6, Some("booked"), Some("136****0001")));
        assert!(!b.to_string().contains(CITIZEN));

        // The kiosk checks in by code: a ticket exactly like POST /tickets returns.
        let (s, t) = d.json("POST", "/api/v1/appointments/check-in", Some(KIOSK), Some(json!({"site_id": site, "code": code}))).await;
        assert_eq!(s, StatusCode::CREATED, "{t}");
        assert_eq!(
            (t["channel"].as_str(), t["priority"].as_str(), t["status"].as_str()),
            (Some("appointment"), Some("appointment"), Some("waiting"))
        );
        assert!(t["follow_code"].as_str().is_some_and(|c| c.len() == 24));
        let (s, walk_in) = d.json("POST", "/api/v1/tickets", Some(KIOSK), Some(json!({"site_id": site, "category_id": cat}))).await;
        assert_eq!(s, StatusCode::CREATED, "{walk_in}");
        assert_eq!(keys(&t), keys(&walk_in), "the same ticket shape as POST /tickets");
        // Again by code, and by phone: the same ticket.
        let (s, again) = d.json("POST", "/api/v1/appointments/check-in", Some(KIOSK), Some(json!({"site_id": site, "code": code}))).await;
        assert_eq!((s, again["id"].clone()), (StatusCode::CREATED, t["id"].clone()));
        let (s, by_phone) =
            d.json("POST", "/api/v1/appointments/check-in", Some(KIOSK), Some(json!({"site_id": site, "phone": CITIZEN}))).await;
        assert_eq!((s, by_phone["id"].clone()), (StatusCode::CREATED, t["id"].clone()));

        // Staff see the day, masked.
        let clerk = d.token("clerk1").await;
        let (s, day) = d.json("GET", &format!("/api/v1/sites/{site}/appointments?day=2026-03-02"), Some(&clerk), None).await;
        assert_eq!(s, StatusCode::OK, "{day}");
        assert_eq!(day["items"][0]["status"], "checked_in");
        assert_eq!(day["items"][0]["ticket_id"], t["id"]);
        assert!(!day.to_string().contains(CITIZEN));

        // Too early for a later slot: 409 naming the allowed time.
        let (_, later) = book(&d, cat, "2026-03-02", "11:30", "13600000002").await;
        let (s, e) =
            d.json("POST", "/api/v1/appointments/check-in", Some(KIOSK), Some(json!({"site_id": site, "code": later["code"]}))).await;
        assert_eq!(s, StatusCode::CONFLICT, "{e}");
        assert!(e["error"]["message"].as_str().unwrap().contains("11:00–11:45"), "{e}");

        // Cancellation by code and phone.
        let (_, tomorrow) = book(&d, cat, "2026-03-03", "09:00", "13600000003").await;
        let (s, c) =
            d.json("POST", "/api/v1/appointments/cancel", None, Some(json!({"code": tomorrow["code"], "phone": "13600000003"}))).await;
        assert_eq!((s, c["status"].as_str()), (StatusCode::OK, Some("cancelled")), "{c}");
        let (s, e) =
            d.json("POST", "/api/v1/appointments/cancel", None, Some(json!({"code": tomorrow["code"], "phone": "13600000003"}))).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
        d
    })
    .await;
}

#[tokio::test]
async fn templates_and_settings_are_for_hall_managers() {
    on_demo(|d| async move {
        let cat = template(&d, 3).await;
        let site = centre(&d);
        let hall = d.token("hall").await;
        let clerk = d.token("clerk1").await;
        let (s, list) = d.json("GET", &format!("/api/v1/sites/{site}/appointment-templates"), Some(&clerk), None).await;
        assert_eq!(s, StatusCode::OK);
        let id = list["items"][0]["id"].as_i64().unwrap();
        let change = json!({"category_id": cat, "weekdays": [1, 3], "start": "14:30", "end": "17:30", "slot_minutes": 60, "capacity": 4});
        let (s, e) = d.json("PUT", &format!("/api/v1/appointment-templates/{id}"), Some(&clerk), Some(change.clone())).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{e}");
        let (s, v) = d.json("PUT", &format!("/api/v1/appointment-templates/{id}"), Some(&hall), Some(change)).await;
        assert_eq!((s, v["weekdays_label"].as_str()), (StatusCode::OK, Some("周一、周三")), "{v}");
        let (s, v) = d.json("GET", &format!("/api/v1/sites/{site}/appointment-settings"), Some(&clerk), None).await;
        assert_eq!((s, v["days_ahead"].as_i64(), v["cancel_cutoff_min"].as_i64()), (StatusCode::OK, Some(7), Some(120)));
        let (s, e) =
            d.json("PUT", &format!("/api/v1/sites/{site}/appointment-settings"), Some(&hall), Some(json!({"days_ahead": 0}))).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e["error"]["details"]["fields"][0]["field"], "days_ahead");
        let (s, v) =
            d.json("PUT", &format!("/api/v1/sites/{site}/appointment-settings"), Some(&hall), Some(json!({"days_ahead": 10}))).await;
        assert_eq!((s, v["days_ahead"].as_i64(), v["daily_quota"].as_i64()), (StatusCode::OK, Some(10), Some(1)));
        let (s, _) = d.json("DELETE", &format!("/api/v1/appointment-templates/{id}"), Some(&clerk), None).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, _) = d.json("DELETE", &format!("/api/v1/appointment-templates/{id}"), Some(&hall), None).await;
        assert_eq!(s, StatusCode::NO_CONTENT);
        let (s, _) = d.json("DELETE", &format!("/api/v1/appointment-templates/{id}"), Some(&hall), None).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        d
    })
    .await;
}

#[tokio::test]
async fn bad_input_is_answered_in_chinese_and_writes_nothing() {
    on_demo(|d| async move {
        let cat = template(&d, 2).await;
        let site = centre(&d);
        // Prime the calendar (its first load seeds and audits it).
        let _ = d.json("GET", &format!("/api/v1/sites/{site}/appointment-slots"), None, None).await;
        // Sign in first (a login is audited).
        let hall = d.token("hall").await;
        let clerk = d.token("clerk1").await;
        let audit = d.audit_count().await;
        let cases: Vec<Case> = vec![
            (
                "POST",
                "/api/v1/appointments".into(),
                None,
                json!({"site_id": site, "category_id": cat, "day": "明天", "start": "9点", "phone": "12345", "id_card_no": "1526"}),
                StatusCode::UNPROCESSABLE_ENTITY,
                "手机号",
            ),
            (
                "POST",
                "/api/v1/appointments".into(),
                None,
                json!({"site_id": site, "category_id": cat, "day": "2026-03-07", "start": "09:00", "phone": CITIZEN}),
                StatusCode::UNPROCESSABLE_ENTITY,
                "工作日",
            ),
            (
                "POST",
                "/api/v1/appointments".into(),
                None,
                json!({"site_id": site, "category_id": cat, "day": "2026-03-03", "start": "09:10", "phone": CITIZEN}),
                StatusCode::UNPROCESSABLE_ENTITY,
                "没有",
            ),
            (
                "POST",
                "/api/v1/appointments".into(),
                None,
                json!({"site_id": site, "category_id": cat, "day": "2026-03-02", "start": "09:00", "phone": CITIZEN}),
                StatusCode::CONFLICT,
                "已开始",
            ),
            (
                "POST",
                "/api/v1/appointments".into(),
                None,
                json!({"site_id": "x", "category_id": cat, "day": "2026-03-03", "start": "09:00", "phone": CITIZEN}),
                StatusCode::NOT_FOUND,
                "不存在",
            ),
            (
                "POST",
                "/api/v1/appointments/cancel".into(),
                None,
                json!({"code": "12ab", "phone": CITIZEN}),
                StatusCode::UNPROCESSABLE_ENTITY,
                "预约码",
            ),
            (
                "POST",
                "/api/v1/appointments/check-in".into(),
                None,
                json!({"site_id": site, "code": "123456"}),
                StatusCode::UNAUTHORIZED,
                "取号机",
            ),
            (
                "POST",
                "/api/v1/appointments/check-in".into(),
                Some(KIOSK),
                json!({"site_id": site}),
                StatusCode::UNPROCESSABLE_ENTITY,
                "预约码",
            ),
            (
                "POST",
                "/api/v1/appointments/check-in".into(),
                Some(KIOSK),
                json!({"site_id": site, "code": "123456"}),
                StatusCode::NOT_FOUND,
                "预约",
            ),
            (
                "POST",
                format!("/api/v1/sites/{site}/appointment-templates"),
                Some(&hall),
                json!({"category_id": cat, "weekdays": [6], "start": "12:00", "end": "09:00", "slot_minutes": 30, "capacity": 0}),
                StatusCode::UNPROCESSABLE_ENTITY,
                "工作日",
            ),
            (
                "POST",
                format!("/api/v1/sites/{site}/appointment-templates"),
                Some(&hall),
                json!({"category_id": cat, "start": "11:00", "end": "12:00", "slot_minutes": 30, "capacity": 2}),
                StatusCode::UNPROCESSABLE_ENTITY,
                "重叠",
            ),
            ("POST", format!("/api/v1/sites/{site}/appointment-templates"), None, json!({}), StatusCode::UNAUTHORIZED, "登录"),
            (
                "PUT",
                format!("/api/v1/sites/{site}/appointment-settings"),
                Some(&hall),
                json!({"weekly_quota": 0}),
                StatusCode::UNPROCESSABLE_ENTITY,
                "每周",
            ),
        ];
        for (method, path, token, body, status, needle) in cases {
            let (s, v) = d.json(method, &path, token, Some(body.clone())).await;
            assert_eq!(s, status, "{method} {path} {body}: {v}");
            let msg = v["error"]["message"].as_str().unwrap_or_default();
            assert!(msg.contains(needle), "{method} {path} {body}: expected {needle:?} in {msg:?}");
        }
        let (s, v) = d.json("GET", &format!("/api/v1/sites/{site}/appointment-slots?from=2026-02-30"), None, None).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        let (s, _) = d.json("GET", &format!("/api/v1/sites/{site}/appointments"), None, None).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
        // Malformed JSON and the wrong content type.
        let req = Request::post("/api/v1/appointments").header(header::CONTENT_TYPE, "application/json").body(Body::from("{")).unwrap();
        let (s, _, body) = d.send(req).await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert!(body.contains("JSON"), "{body}");
        let req = Request::post("/api/v1/appointments").body(Body::from("phone=1")).unwrap();
        assert_eq!(d.send(req).await.0, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        // Nothing was written.
        for day in ["2026-03-02", "2026-03-03"] {
            let (_, v) = d.json("GET", &format!("/api/v1/sites/{site}/appointments?day={day}"), Some(&clerk), None).await;
            assert_eq!(v["items"].as_array().map(Vec::len), Some(0), "{v}");
        }
        let (_, list) = d.json("GET", &format!("/api/v1/sites/{site}/appointment-templates"), Some(&clerk), None).await;
        assert_eq!(list["items"].as_array().map(Vec::len), Some(1));
        assert_eq!(d.audit_count().await, audit);
        d
    })
    .await;
}

/// Signs in through the login form; returns the session cookie's value and the CSRF token.
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
    assert_eq!(s, StatusCode::SEE_OTHER, "login of {username}");
    let session = cookie(&headers, "yc_session");
    let (_, _, body) = d.send(get("/", Some(&session))).await;
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

fn get(path: &str, session: Option<&str>) -> Request<Body> {
    let mut b = Request::get(path);
    if let Some(s) = session {
        b = b.header(header::COOKIE, format!("yc_session={s}"));
    }
    b.body(Body::empty()).expect("request")
}

fn post_form(path: &str, session: Option<&str>, body: String) -> Request<Body> {
    let mut b = Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(s) = session {
        b = b.header(header::COOKIE, format!("yc_session={s}"));
    }
    b.body(Body::from(body)).expect("request")
}

/// The text between `<p class="m-no" id="code">` and its end tag.
fn shown_code(body: &str) -> String {
    let marker = "id=\"code\">";
    let start = body.find(marker).expect("the code is shown") + marker.len();
    body[start..start + 6].to_owned()
}

#[tokio::test]
async fn the_mobile_page_books_and_cancels_step_by_step() {
    on_demo(|d| async move {
        let cat = template(&d, 1).await;
        let site = centre(&d);
        let base = format!("/m/sites/{site}/appointments");
        let (s, _, body) = d.send(get(&base, None)).await;
        assert_eq!(s, StatusCode::OK);
        assert!(body.contains("选择办理的业务") && body.contains(&format!("category_id={cat}")), "{body}");
        let (s, _, body) = d.send(get(&format!("{base}?category_id={cat}"), None)).await;
        assert_eq!(s, StatusCode::OK);
        assert!(body.contains("3月3日（周二）") && !body.contains("3月7日"), "working days only");
        let (s, _, body) = d.send(get(&format!("{base}?category_id={cat}&day=2026-03-03"), None)).await;
        assert_eq!(s, StatusCode::OK);
        assert!(body.contains("value=\"09:00\"") && body.contains("余 1 个"), "{body}");

        // A bad phone re-renders the form with the message (422) and keeps the choices.
        let form = format!("category_id={cat}&day=2026-03-03&start=09%3A00&phone=123&id_card_no=");
        let (s, _, body) = d.send(post_form(&base, None, form)).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("手机号应为11位") && body.contains("value=\"123\""), "{body}");

        let form = format!("category_id={cat}&day=2026-03-03&start=09%3A00&phone={CITIZEN}&id_card_no=");
        let (s, _, body) = d.send(post_form(&base, None, form.clone())).await;
        assert_eq!(s, StatusCode::CREATED, "{body}");
        let code = shown_code(&body);
        assert!(body.contains("预约成功") && body.contains("08:30–09:15") && body.contains("136****0001"), "{body}");
        // The slot is now full for someone else.
        let other = form.replace(CITIZEN, "13600000009");
        let (s, _, body) = d.send(post_form(&base, None, other)).await;
        assert_eq!(s, StatusCode::CONFLICT);
        assert!(body.contains("已约满"), "{body}");

        // Cancel with the wrong phone, then the right one.
        let (s, _, body) = d.send(post_form(&format!("{base}/cancel"), None, format!("code={code}&phone=13600000009"))).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("没有找到"), "{body}");
        let (s, _, body) = d.send(post_form(&format!("{base}/cancel"), None, format!("code={code}&phone={CITIZEN}"))).await;
        assert_eq!(s, StatusCode::OK);
        assert!(body.contains("预约已取消"), "{body}");
        d
    })
    .await;
}

#[tokio::test]
async fn the_staff_page_lists_the_day_and_edits_templates_and_settings() {
    on_demo(|d| async move {
        let cat = template(&d, 2).await;
        let site = centre(&d);
        let (_, b) = book(&d, cat, "2026-03-02", "10:00", CITIZEN).await;
        let (session, csrf) = page_login(&d, "hall").await;
        let page = format!("/admin/sites/{site}/appointments");
        let (s, _, body) = d.send(get(&page, Some(&session))).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        assert!(body.contains("预约管理") && body.contains("136****0001") && body.contains(b["code"].as_str().unwrap()), "{body}");
        assert!(body.contains("周一至周五 09:00–12:00") && body.contains("可提前预约") && !body.contains(CITIZEN), "{body}");

        // A new template from the form (weekdays as repeated keys); an overlapping one is refused.
        let form = format!("_csrf={csrf}&category_id={cat}&weekdays=2&weekdays=4&start=14%3A30&end=17%3A30&slot_minutes=60&capacity=3&effective_from=&effective_to=");
        let (s, headers, _) = d.send(post_form(&format!("/admin/sites/{site}/appointment-templates"), Some(&session), form.clone())).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        assert!(headers[header::LOCATION].to_str().unwrap().starts_with(&page));
        let (s, _, body) = d.send(post_form(&format!("/admin/sites/{site}/appointment-templates"), Some(&session), form)).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("时间重叠"), "{body}");
        let (_, _, body) = d.send(get(&page, Some(&session))).await;
        assert!(body.contains("周二、周四 14:30–17:30"), "{body}");

        // Settings: a bad value is shown by its field; a good one saved.
        let settings = format!("/admin/sites/{site}/appointment-settings");
        let (s, _, body) = d.send(get(&settings, Some(&session))).await;
        assert_eq!(s, StatusCode::OK);
        assert!(body.contains("取消截止") && body.contains("value=\"120\""), "{body}");
        let good = format!(
            "_csrf={csrf}&days_ahead=5&cancel_cutoff_min=60&checkin_before_min=20&checkin_after_min=10&daily_quota=1&weekly_quota=2&no_show_limit=3&no_show_window_days=30&no_show_block_days=15"
        );
        let (s, _, body) = d.send(post_form(&settings, Some(&session), good.replace("days_ahead=5", "days_ahead=abc"))).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("可提前预约的工作日数应为整数"), "{body}");
        let (s, _, _) = d.send(post_form(&settings, Some(&session), good)).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (_, _, body) = d.send(get(&page, Some(&session))).await;
        assert!(body.contains("5 个工作日") && body.contains("暂停预约 15 天"), "{body}");

        // A clerk sees the list but not the editing controls; another town's staff see nothing.
        let (clerk, _) = page_login(&d, "clerk1").await;
        let (s, _, body) = d.send(get(&page, Some(&clerk))).await;
        assert_eq!(s, StatusCode::OK);
        assert!(body.contains("136****0001") && !body.contains("template-form"), "{body}");
        let (s, _, _) = d.send(get(&settings, Some(&clerk))).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (town, _) = page_login(&d, "townclerk1").await;
        let (s, _, _) = d.send(get(&page, Some(&town))).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        d
    })
    .await;
}
