//! The staff case pages through the router, on both backends: the intake workstation renders the
//! checklist of the item's current version and re-renders bad input by field; uploads are checked
//! by content and size; a case's scans are served only through that case and only to those who may
//! see it; the case page offers what the caller may do (受审分离); the A4 notices carry the case
//! number (and the query code only for the browser that took the case in); the department inbox
//! lists it. Then one journey in headless Chromium from intake to the approver's inbox.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};
use testkit::browser::journey;

use crate::support::{Demo, on_demo};

/// 有限责任公司设立登记 (市场监管局): five required materials of six.
const COMPANY: &str = "010200100100";
/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
    0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63,
    0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60,
    0x82,
];

/// A signed-in browser session through the login form: cookie value and CSRF token.
struct Session {
    cookie: String,
    csrf: String,
}

async fn login(d: &Demo, username: &str) -> Session {
    let (_, headers, body) = d.send(Request::get("/login").body(Body::empty()).expect("request")).await;
    let pre = set_cookie(&headers, "yc_login_csrf").expect("login csrf cookie");
    let token = hidden(&body, "_csrf");
    let form = format!("_csrf={token}&username={username}&password=yichuang-demo&next=%2F");
    let req = Request::post("/login")
        .header(header::COOKIE, format!("yc_login_csrf={pre}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form))
        .expect("request");
    let (s, headers, _) = d.send(req).await;
    assert_eq!(s, StatusCode::SEE_OTHER, "login of {username}");
    let cookie = set_cookie(&headers, "yc_session").expect("session cookie");
    let (_, _, body) = d.send(get("/", &cookie, "")).await;
    Session { csrf: hidden(&body, "_csrf"), cookie }
}

fn set_cookie(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix(&format!("{name}=")).map(|r| r.split(';').next().unwrap_or("").to_owned()))
}

fn hidden(body: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = body.find(&marker).unwrap_or_else(|| panic!("no hidden {name} in page")) + marker.len();
    body[start..start + body[start..].find('"').expect("closing quote")].to_owned()
}

/// A GET with the session cookie and any extra cookies (`; a=b`).
fn get(path: &str, session: &str, extra: &str) -> Request<Body> {
    Request::get(path).header(header::COOKIE, format!("yc_session={session}{extra}")).body(Body::empty()).expect("request")
}

fn post_form(path: &str, s: &Session, body: &str) -> Request<Body> {
    Request::post(path)
        .header(header::COOKIE, format!("yc_session={}", s.cookie))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("_csrf={}&{body}", s.csrf)))
        .expect("request")
}

fn upload(s: &Session, bytes: &[u8]) -> Request<Body> {
    let mut body =
        b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"scan.png\"\r\nContent-Type: image/png\r\n\r\n".to_vec();
    body.extend_from_slice(bytes);
    body.extend_from_slice(b"\r\n--XyZ--\r\n");
    Request::post("/api/v1/uploads")
        .header(header::COOKIE, format!("yc_session={}", s.cookie))
        .header("x-csrf-token", &s.csrf)
        .header(header::CONTENT_TYPE, "multipart/form-data; boundary=XyZ")
        .body(Body::from(body))
        .expect("request")
}

/// The intake form of COMPANY for an enterprise, materials 1–5 provided (material 1 with `scan`).
fn intake_form(item: i64, scan: Option<&str>, name: &str) -> String {
    let mut f =
        format!("item={item}&kind=enterprise&name={}&credit_code=91350100M000100Y43&phone=13912345678&ticket=", urlencoding::encode(name));
    for p in 1..=6 {
        let state = if p == 6 { "missing" } else { "provided" };
        let file = if p == 1 { scan.unwrap_or("") } else { "" };
        f.push_str(&format!("&m_pos={p}&m_state={state}&m_promise=&m_file={file}"));
    }
    f
}

/// Takes a case in through the page; returns its id and the query-code cookie (`; yc_qc_…=…`).
async fn take_in(d: &Demo, clerk: &Session, scan: Option<&str>) -> (i64, String) {
    let item = d.ids.items[COMPANY];
    let (s, headers, body) = d.send(post_form("/cases/new", clerk, &intake_form(item, scan, "乌审旗草原牧歌餐饮有限公司"))).await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
    let to = headers[header::LOCATION].to_str().expect("location").to_owned();
    let id: i64 = to.trim_start_matches("/cases/").split('?').next().and_then(|x| x.parse().ok()).expect("case id in location");
    let code = set_cookie(&headers, &format!("yc_qc_{id}")).expect("query code cookie");
    assert_eq!(code.len(), 8);
    (id, format!("; yc_qc_{id}={code}"))
}

async fn case_no(d: &Demo, id: i64) -> String {
    let detail = app::cases::get_case(&d.app, &app::Actor::system("test"), id).await.expect("case");
    detail.view.case.case_no
}

#[tokio::test]
async fn the_intake_page_lists_the_windows_items_and_renders_the_checklist_of_the_items_version() {
    on_demo(|d| async move {
        let clerk = login(&d, "clerk1").await;
        let item = d.ids.items[COMPANY];
        let (s, _, body) = d.send(get("/cases/new", &clerk.cookie, "")).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        assert!(body.contains("有限责任公司设立登记") && body.contains(&format!("item={item}")), "item list: {body}");
        let (_, _, body) = d.send(get("/cases/new?q=yxzr", &clerk.cookie, "")).await;
        assert!(body.contains("有限责任公司设立登记"), "pinyin initials narrow the list: {body}");

        let (s, _, body) = d.send(get(&format!("/cases/new?item={item}"), &clerk.cookie, "")).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        let guide = app::catalog::public_guide(&d.app, item).await.expect("guide");
        for m in &guide.content.materials {
            assert!(body.contains(&m.name), "checklist lacks {}", m.name);
        }
        assert_eq!(body.matches("name=\"m_state\"").count(), guide.content.materials.len());
        assert!(body.contains("accept=\"image/*,application/pdf\"") && body.contains("capture"), "file inputs");

        // Nothing filled in: 422 with the messages beside their fields, values kept.
        let (s, _, body) = d.send(post_form("/cases/new", &clerk, &format!("item={item}&kind=enterprise&phone=139"))).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body.contains("请填写申请人姓名或单位名称"), "{body}");
        assert!(body.contains("field-error"), "{body}");
        assert!(body.contains("value=\"139\""), "typed phone kept");
        // A 容缺 line on a material outside the 容缺 list is reported on its row.
        let bad = intake_form(item, None, "某公司").replace("m_pos=2&m_state=provided", "m_pos=2&m_state=rongque");
        let (s, _, body) = d.send(post_form("/cases/new", &clerk, &bad)).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body.contains("容缺"), "{body}");

        // A credit code whose check character does not match: refused, unless the clerk overrides.
        let odd = intake_form(item, None, "某公司").replace("91350100M000100Y43", "91350100M000100Y44");
        let (s, _, body) = d.send(post_form("/cases/new", &clerk, &odd)).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body.contains("校验位不符"), "{body}");
        let (s, _, body) = d.send(post_form("/cases/new", &clerk, &format!("{odd}&accept_mismatch=on"))).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "the override takes it in: {body}");
        // An agent needs an ID number and the authorisation; the case is then a 帮办代办 one.
        let agent = format!("{}&agent_name={}", intake_form(item, None, "某公司"), urlencoding::encode("王五"));
        let (s, _, body) = d.send(post_form("/cases/new", &clerk, &agent)).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body.contains("请登记授权委托情况"), "{body}");
        let agent =
            format!("{agent}&agent_id_number=11010519491231002X&agent_authorisation={}", urlencoding::encode("授权委托书原件已核验"));
        let (s, headers, body) = d.send(post_form("/cases/new", &clerk, &agent)).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
        let to = headers[header::LOCATION].to_str().expect("location").split('?').next().expect("path").to_owned();
        let (_, _, page) = d.send(get(&to, &clerk.cookie, "")).await;
        assert!(page.contains("帮办代办") && page.contains("王五") && page.contains("授权委托书原件已核验"), "{page}");
        assert!(!page.contains("11010519491231002X"), "the agent's ID number is masked");

        // A hall manager without a seat picks the window first.
        let hall = login(&d, "hall").await;
        let (s, _, body) = d.send(get("/cases/new", &hall.cookie, "")).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        let (_, _, own) = d.send(get("/cases/new", &clerk.cookie, "")).await;
        let seat = hidden(&own, "window");
        let window = body
            .split("/cases/new?window=")
            .skip(1)
            .filter_map(|r| r.split('"').next())
            .find(|w| *w != seat)
            .expect("another window to pick")
            .to_owned();
        let (s, _, body) = d.send(get(&format!("/cases/new?window={window}"), &hall.cookie, "")).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        assert!(body.contains("请选择要受理的事项") || body.contains("没有可受理的事项"), "{body}");
        // A clerk may not take cases in at a window that is not theirs today.
        let (s, _, body) = d.send(get(&format!("/cases/new?window={window}"), &clerk.cookie, "")).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{body}");
        let (s, _, body) = d.send(post_form("/cases/new", &clerk, &format!("window={window}&{}", intake_form(item, None, "某公司")))).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{body}");
        d
    })
    .await;
}

#[tokio::test]
async fn the_intake_form_is_prefilled_with_the_ticket_the_window_is_serving() {
    on_demo(|d| async move {
        let site = crate::support::centre(&d);
        let (s, v) = d.json("GET", &format!("/api/v1/sites/{site}/queue-categories"), None, None).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let cat =
            v["items"].as_array().and_then(|i| i.iter().find(|c| c["prefix"] == "A")).and_then(|c| c["id"].as_i64()).expect("category A");
        let (s, v) =
            d.json("POST", "/api/v1/tickets", Some("dev_demo-kiosk-wsq-zwzx"), Some(json!({"site_id": site, "category_id": cat}))).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        let w1 = d.ids.window("wsq-zwzx", "1");
        let (s, v) = d.json("POST", &format!("/api/v1/windows/{w1}/call-next"), Some(&d.token("clerk1").await), None).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let (ticket, no) = (v["ticket"]["id"].as_i64().expect("id"), v["ticket"]["ticket_no"].as_str().expect("no").to_owned());

        let clerk = login(&d, "clerk1").await;
        let item = d.ids.items[COMPANY];
        let (s, _, body) = d.send(get(&format!("/cases/new?item={item}"), &clerk.cookie, "")).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        assert!(body.contains(&format!("<option value=\"{ticket}\" selected>{no}（正在办理）")), "ticket prefilled: {body}");
        let form = intake_form(item, None, "乌审旗草原牧歌餐饮有限公司").replace("&ticket=", &format!("&ticket={ticket}"));
        let (s, headers, body) = d.send(post_form("/cases/new", &clerk, &form)).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
        let id: i64 = headers[header::LOCATION]
            .to_str()
            .ok()
            .and_then(|l| l.trim_start_matches("/cases/").split('?').next()?.parse().ok())
            .expect("id");
        let detail = app::cases::get_case(&d.app, &app::Actor::system("test"), id).await.expect("case");
        assert_eq!(detail.view.case.ticket_id, Some(ticket));
        d
    })
    .await;
}

#[tokio::test]
async fn uploads_are_refused_in_chinese_unless_a_scan_of_accepted_size() {
    on_demo(|d| async move {
        let clerk = login(&d, "clerk1").await;
        for bad in [&b"<!doctype html><script>alert(1)</script>"[..], &b"MZ\x90\x00\x03\x00\x00\x00 this program"[..]] {
            let (s, _, body) = d.send(upload(&clerk, bad)).await;
            assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
            let v: Value = serde_json::from_str(&body).expect("json");
            assert!(v["error"]["message"].as_str().is_some_and(|m| m.contains("不是 PDF、JPG、PNG 或 WebP")), "{v}");
        }
        let mut big = PNG.to_vec();
        big.resize(app::support::uploads::MAX_SCAN_BYTES + 1, 0);
        let (s, _, body) = d.send(upload(&clerk, &big)).await;
        assert!(matches!(s, StatusCode::UNPROCESSABLE_ENTITY | StatusCode::PAYLOAD_TOO_LARGE), "{s}: {body}");
        assert!(body.contains("10 MB"), "the refusal names the limit: {body}");
        let (s, _, body) = d.send(upload(&clerk, PNG)).await;
        assert_eq!(s, StatusCode::CREATED, "{body}");
        let v: Value = serde_json::from_str(&body).expect("json");
        assert_eq!((v["content_type"].as_str(), v["size"].as_i64()), (Some("image/png"), Some(i64::try_from(PNG.len()).unwrap())));
        // Only those who attach files to a checklist (intake, and reviewers recording 补正) upload.
        for who in ["supervisor", "leader"] {
            let s_ = login(&d, who).await;
            let (s, _, body) = d.send(upload(&s_, PNG)).await;
            assert_eq!(s, StatusCode::FORBIDDEN, "{who}: {body}");
            assert!(body.contains("无权上传办件材料"), "{who}: {body}");
        }
        d
    })
    .await;
}

#[tokio::test]
async fn a_scan_is_served_only_through_its_case_and_to_those_who_may_see_it() {
    on_demo(|d| async move {
        let clerk = login(&d, "clerk1").await;
        let (_, _, body) = d.send(upload(&clerk, PNG)).await;
        let sha = serde_json::from_str::<Value>(&body).expect("json")["sha256"].as_str().expect("sha").to_owned();
        let (a, _) = take_in(&d, &clerk, Some(&sha)).await;
        let (b, _) = take_in(&d, &clerk, None).await;

        let (s, headers, body) = d.send(get(&format!("/cases/{a}/scans/{sha}"), &clerk.cookie, "")).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(headers[header::CONTENT_TYPE], "image/png");
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(headers[header::CONTENT_DISPOSITION], "inline");
        assert_eq!(body.len(), String::from_utf8_lossy(PNG).len());
        let (_, _, page) = d.send(get(&format!("/cases/{a}"), &clerk.cookie, "")).await;
        assert!(page.contains(&format!("/cases/{a}/scans/{sha}")), "the case page links the scan");

        // Not through another case, not for a town clerk or another department's approver.
        let (s, _, _) = d.send(get(&format!("/cases/{b}/scans/{sha}"), &clerk.cookie, "")).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        for who in ["townclerk1", "approver-rsj"] {
            let other = login(&d, who).await;
            let (s, _, body) = d.send(get(&format!("/cases/{a}/scans/{sha}"), &other.cookie, "")).await;
            assert_eq!(s, StatusCode::NOT_FOUND, "{who}: {body}");
            assert!(!body.contains("PNG"), "{who} got the bytes");
        }
        let (s, _, _) = d.send(Request::get(format!("/cases/{a}/scans/{sha}")).body(Body::empty()).expect("request")).await;
        assert!(s.is_redirection() || s == StatusCode::UNAUTHORIZED, "anonymous: {s}");
        d
    })
    .await;
}

#[tokio::test]
async fn the_case_page_offers_each_side_its_actions_and_the_notices_carry_the_case_number() {
    on_demo(|d| async move {
        let clerk = login(&d, "clerk1").await;
        let approver = login(&d, "approver-scjgj").await;
        let (id, qc) = take_in(&d, &clerk, None).await;
        let no = case_no(&d, id).await;
        let code = qc.rsplit('=').next().expect("code").to_owned();

        // The browser that took it in sees the query code; the offered intake actions are there.
        let (s, _, body) = d.send(get(&format!("/cases/{id}"), &clerk.cookie, &qc)).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        assert!(body.contains(&no) && body.contains(&code), "case page: {body}");
        for f in ["act-accept", "act-request_supplement", "act-reject"] {
            assert!(body.contains(f), "no {f} form");
        }
        assert!(!body.contains("act-approve"), "a clerk is not offered approval");
        let (_, _, body) = d.send(get(&format!("/cases/{id}"), &clerk.cookie, "")).await;
        assert!(!body.contains(&code), "the code is not shown without the intake cookie");
        // Printing before acceptance is refused.
        let (s, _, _) = d.send(get(&format!("/cases/{id}/print/accepted"), &clerk.cookie, &qc)).await;
        assert_eq!(s, StatusCode::CONFLICT);
        // An action's refusal is shown beside its form in Chinese.
        let (s, _, body) = d.send(post_form(&format!("/cases/{id}/act"), &clerk, "action=reject&reason=")).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("请填写不予受理的理由"), "{body}");

        let (s, _, body) = d.send(post_form(&format!("/cases/{id}/act"), &clerk, "action=accept")).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
        // A 承诺件 once accepted: never offered 即办办结; the page says where it went and for how long.
        let (_, _, body) = d.send(get(&format!("/cases/{id}"), &clerk.cookie, "")).await;
        assert!(!body.contains("act-settle") && !body.contains("即办办结"), "a promise case is not offered settle: {body}");
        assert!(body.contains("已转") && body.contains("后台审查，承诺") && body.contains("个工作日内办结"), "next step named: {body}");
        let (s, _, body) = d.send(post_form(&format!("/cases/{id}/act"), &clerk, "action=settle")).await;
        assert_eq!(s, StatusCode::CONFLICT, "{body}");
        let (s, _, body) = d.send(get(&format!("/cases/{id}/print/accepted"), &clerk.cookie, &qc)).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        assert!(body.contains("受理通知书") && body.contains(&no) && body.contains(&code) && body.contains("/static/print.css"), "{body}");
        let (_, _, css) = d.send(get("/static/print.css", &clerk.cookie, "")).await;
        assert!(css.contains("size: A4"), "the notices print on A4: {css}");
        assert!(body.contains("139****5678") && !body.contains("13912345678"), "masked phone only");
        let (_, _, body) = d.send(get(&format!("/cases/{id}/print/accepted"), &clerk.cookie, "")).await;
        assert!(body.contains(&no) && !body.contains(&code) && body.contains("已于接件时告知"), "a reprint masks the code");

        // The approver: the inbox lists it with its light; the review page shows the review points.
        let (s, _, body) = d.send(get("/cases/inbox", &approver.cookie, "")).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        assert!(body.contains(&no) && body.contains("class=\"light "), "inbox: {body}");
        let (s, _, _) = d.send(post_form(&format!("/cases/{id}/act"), &approver, "action=start_review")).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (_, _, body) = d.send(get(&format!("/cases/{id}"), &approver.cookie, "")).await;
        let guide = app::catalog::public_guide(&d.app, d.ids.items[COMPANY]).await.expect("guide");
        assert!(body.contains("act-approve") && body.contains("act-deny"), "approver offered the decision");
        if let Some(p) = guide.content.review_points.first() {
            assert!(body.contains("审查要点") && body.contains(p.as_str()), "review points shown");
        }
        let (s, _, body) =
            d.send(post_form(&format!("/cases/{id}/act"), &approver, "action=approve&points=1&reason=%E5%90%8C%E6%84%8F")).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
        let detail = app::cases::get_case(&d.app, &app::Actor::system("test"), id).await.expect("case");
        let note = &detail.events.last().expect("event").note;
        assert!(note.starts_with("同意") && note.contains("审查要点已核"), "ticks kept in the trail: {note}");
        for a in ["prepare_result"] {
            let (s, _, body) = d.send(post_form(&format!("/cases/{id}/act"), &approver, &format!("action={a}"))).await;
            assert_eq!(s, StatusCode::SEE_OTHER, "{a}: {body}");
        }
        let (s, _, body) = d
            .send(post_form(&format!("/cases/{id}/act"), &clerk, "action=deliver&delivery_mode=window&delivery_detail=%E5%BC%A0%E4%B8%89"))
            .await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
        let (s, _, body) = d.send(get(&format!("/cases/{id}/print/delivery"), &clerk.cookie, "")).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        assert!(body.contains("送达回证") && body.contains(&no) && body.contains("张三") && body.contains("窗口领取"), "{body}");
        assert!(body.contains("id=\"print-addressee\">乌审旗草原牧歌餐饮有限公司"), "the addressee is named: {body}");

        // A second case: one-time notice, then refusal.
        let (id2, _) = take_in(&d, &clerk, None).await;
        let no2 = case_no(&d, id2).await;
        let missing = urlencoding::encode("法定代表人身份证明\n住所使用证明");
        let (s, _, body) =
            d.send(post_form(&format!("/cases/{id2}/act"), &clerk, &format!("action=request_supplement&missing={missing}"))).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
        let (s, _, body) = d.send(get(&format!("/cases/{id2}/print/supplement"), &clerk.cookie, "")).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        assert!(body.contains(&no2) && body.contains("住所使用证明") && body.contains("第三十二条"), "{body}");
        if !guide.content.legal_basis.is_empty() {
            assert!(body.contains(&guide.content.legal_basis), "legal basis of the item");
        }
        let (s, _, body) = d.send(post_form(&format!("/cases/{id2}/act"), &clerk, "action=resubmit")).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
        let reason = urlencoding::encode("申请事项不属于本机关职权范围");
        let (s, _, body) = d.send(post_form(&format!("/cases/{id2}/act"), &clerk, &format!("action=reject&reason={reason}"))).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
        let (s, _, body) = d.send(get(&format!("/cases/{id2}/print/rejected"), &clerk.cookie, "")).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        assert!(body.contains("不予受理通知书") && body.contains(&no2) && body.contains("不属于本机关职权范围"), "{body}");
        d
    })
    .await;
}

#[tokio::test]
async fn a_case_missing_a_material_is_accepted_once_its_checklist_is_brought_up_to_date() {
    on_demo(|d| async move {
        let clerk = login(&d, "clerk1").await;
        let item = d.ids.items[COMPANY];
        let form = intake_form(item, None, "乌审旗草原牧歌餐饮有限公司").replace("m_pos=5&m_state=provided", "m_pos=5&m_state=missing");
        let (s, headers, body) = d.send(post_form("/cases/new", &clerk, &form)).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
        let id: i64 = headers[header::LOCATION]
            .to_str()
            .ok()
            .and_then(|l| l.trim_start_matches("/cases/").split('?').next()?.parse().ok())
            .expect("id");
        // Accepting with a required material missing: refused by the use case, shown by the form.
        let (s, _, body) = d.send(post_form(&format!("/cases/{id}/act"), &clerk, "action=accept")).await;
        assert_eq!(s, StatusCode::CONFLICT, "{body}");
        assert!(body.contains("必要材料不齐"), "{body}");
        let (_, _, page) = d.send(get(&format!("/cases/{id}"), &clerk.cookie, "")).await;
        assert!(page.contains(">住所（经营场所）使用证明</textarea>"), "the missing list is prefilled: {page}");
        let (s, _, body) = d
            .send(post_form(
                &format!("/cases/{id}/act"),
                &clerk,
                &format!("action=request_supplement&missing={}", urlencoding::encode("住所（经营场所）使用证明")),
            ))
            .await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
        // The applicant brings it: resubmit with the checklist as it now stands, then accept.
        let (_, _, up) = d.send(upload(&clerk, PNG)).await;
        let sha = serde_json::from_str::<Value>(&up).expect("json")["sha256"].as_str().expect("sha").to_owned();
        let mut lines = String::from("action=resubmit");
        for p in 1..=6 {
            let (state, file) = match p {
                6 => ("missing", ""),
                5 => ("provided", sha.as_str()),
                _ => ("provided", ""),
            };
            lines.push_str(&format!("&m_pos={p}&m_state={state}&m_promise=&m_file={file}&m_note="));
        }
        let (s, _, body) = d.send(post_form(&format!("/cases/{id}/act"), &clerk, &lines)).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
        let (s, _, body) = d.send(post_form(&format!("/cases/{id}/act"), &clerk, "action=accept")).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
        let (_, _, page) = d.send(get(&format!("/cases/{id}"), &clerk.cookie, "")).await;
        assert!(page.contains("已受理") && page.contains(&format!("/cases/{id}/scans/{sha}")), "{page}");
        let (s, _, _) = d.send(get(&format!("/cases/{id}/scans/{sha}"), &clerk.cookie, "")).await;
        assert_eq!(s, StatusCode::OK);
        d
    })
    .await;
}

#[tokio::test]
async fn the_inbox_pages_by_cursor_filters_by_status_and_asks_a_multi_department_reviewer_which() {
    on_demo(|d| async move {
        let clerk = login(&d, "clerk1").await;
        let mut nos = Vec::new();
        for _ in 0..2 {
            let (id, _) = take_in(&d, &clerk, None).await;
            let (s, _, body) = d.send(post_form(&format!("/cases/{id}/act"), &clerk, "action=accept")).await;
            assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
            nos.push(case_no(&d, id).await);
        }
        let approver = login(&d, "approver-scjgj").await;
        let (s, _, first) = d.send(get("/cases/inbox?limit=1", &approver.cookie, "")).await;
        assert_eq!(s, StatusCode::OK, "{first}");
        let shown: Vec<&String> = nos.iter().filter(|n| first.contains(n.as_str())).collect();
        assert_eq!(shown.len(), 1, "one row per page: {first}");
        let next =
            first.split("href=\"/cases/inbox?").nth(1).and_then(|r| r.split('"').next()).expect("a next page link").replace("&amp;", "&");
        let (s, _, second) = d.send(get(&format!("/cases/inbox?{next}"), &approver.cookie, "")).await;
        assert_eq!(s, StatusCode::OK, "{second}");
        assert!(nos.iter().any(|n| second.contains(n.as_str()) && !first.contains(n.as_str())), "the other case on page 2: {second}");
        // A status filter that matches neither.
        let (_, _, none) = d.send(get("/cases/inbox?status=approved", &approver.cookie, "")).await;
        assert!(nos.iter().all(|n| !none.contains(n.as_str())) && none.contains("暂无待办件"), "{none}");
        // Someone reviewing for every department picks one first.
        let admin = login(&d, "admin").await;
        let (s, _, body) = d.send(get("/cases/inbox", &admin.cookie, "")).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        assert!(body.contains("请选择部门") && body.contains("市场监管"), "{body}");
        // The clerk does not review.
        let (s, _, _) = d.send(get("/cases/inbox", &clerk.cookie, "")).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        d
    })
    .await;
}

#[tokio::test]
async fn whoever_accepted_a_case_is_not_offered_its_decision() {
    on_demo(|d| async move {
        // The system administrator may both take in and review; having accepted the case, they
        // are not offered approve/deny on its page (the API refuses it anyway), the approver is.
        let clerk = login(&d, "clerk1").await;
        let (id, _) = take_in(&d, &clerk, None).await;
        let admin = login(&d, "admin").await;
        let (s, _, body) = d.send(post_form(&format!("/cases/{id}/act"), &admin, "action=accept")).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
        let approver = d.token("approver-scjgj").await;
        let (s, v) = d.json("POST", &format!("/api/v1/cases/{id}/actions"), Some(&approver), Some(json!({"action": "start_review"}))).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let (_, _, body) = d.send(get(&format!("/cases/{id}"), &admin.cookie, "")).await;
        assert!(body.contains("act-start_special"), "the admin reviews: {body}");
        assert!(!body.contains("act-approve") && !body.contains("act-deny"), "no decision for whoever accepted it");
        assert!(body.contains("受审分离"), "and the page says why");
        let (s, _, body) = d.send(post_form(&format!("/cases/{id}/act"), &admin, "action=approve")).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "the server stays the guard: {body}");
        assert!(body.contains("受审分离"), "{body}");
        let approver = login(&d, "approver-scjgj").await;
        let (_, _, body) = d.send(get(&format!("/cases/{id}"), &approver.cookie, "")).await;
        assert!(body.contains("act-approve") && body.contains("act-deny"), "the approver decides");
        d
    })
    .await;
}

#[tokio::test]
async fn a_clerk_takes_a_case_in_with_a_scan_and_the_approver_finds_it_in_the_inbox() {
    let d = Demo::sqlite().await;
    let base = testkit::serve(d.router()).await;
    let item = d.ids.items[COMPANY];
    let dir = std::env::temp_dir().join(format!("yc-scan-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let png = dir.join("licence.png");
    std::fs::write(&png, PNG).expect("png written");
    let png_path = png.display().to_string();
    let html = dir.join("notice.html");
    std::fs::write(&html, b"<!doctype html><p>not a scan</p>").expect("html written");
    let html_path = html.display().to_string();
    journey("case_intake_to_inbox", async |b| {
        b.goto(&format!("{base}/login?next=%2Fcases%2Fnew")).await?;
        b.fill("#username", "clerk1").await?;
        b.fill("#password", "yichuang-demo").await?;
        b.click("button[type=submit]").await?;
        b.wait_for_text("请选择要受理的事项").await?;
        b.fill("#item-q", "有限责任公司").await?;
        b.click(&format!("a.pick-item[href$='item={item}']")).await?;
        b.wait_for_text("材料清单（收件核验）").await?;
        b.click("#kind-enterprise").await?;
        b.fill("#f-name", "乌审旗草原牧歌餐饮有限公司").await?;
        b.fill("#f-credit_code", "91350100M000100Y43").await?;
        b.fill("#f-phone", "13912345678").await?;
        for p in 1..=5 {
            b.select_by_value(&format!("#m-state-{p}"), "provided").await?;
        }
        b.find("#m-upload-1").await?.send_keys(&png_path).await?;
        b.wait_for_text("已上传").await?;
        // A file that is not a scan: the server's Chinese refusal shows in its row.
        b.find("#m-upload-2").await?.send_keys(&html_path).await?;
        b.wait_for_text("文件内容不是 PDF、JPG、PNG 或 WebP").await?;
        let refused = b.text("#m-upload-state-2").await?;
        anyhow::ensure!(refused.contains("请上传扫描件或照片"), "refusal: {refused}");
        let state = b.text("#m-upload-state-1").await?;
        anyhow::ensure!(state.contains("image/png"), "upload state: {state}");
        b.click("#create-case").await?;
        b.wait_for_text("已接件").await?;
        let no = b.text("#case-no").await?;
        let code = b.text("#query-code b").await?;
        anyhow::ensure!(code.len() == 8, "query code shown once: {code}");
        anyhow::ensure!(b.page_source().await?.contains("/scans/"), "the scan is linked");
        b.click("#act-accept button").await?;
        b.wait_for_text("已受理").await?;
        b.click("a[href$='/print/accepted']").await?;
        b.wait_for_text("受理通知书").await?;
        let printed = b.text("#notice").await?;
        anyhow::ensure!(printed.contains(&no) && printed.contains(&code), "notice: {printed}");

        b.goto(&format!("{base}/cases/inbox")).await?;
        b.click("form[action='/logout'] button").await?;
        b.wait_for_text("工作人员登录").await?;
        b.goto(&format!("{base}/login?next=%2Fcases%2Finbox")).await?;
        b.fill("#username", "approver-scjgj").await?;
        b.fill("#password", "yichuang-demo").await?;
        b.click("button[type=submit]").await?;
        b.wait_for_text("待办件").await?;
        b.wait_for_text(&no).await?;
        Ok(())
    })
    .await;
    let _ = std::fs::remove_dir_all(&dir);
    d.cleanup().await;
}
