//! Hall devices and the public mobile pages: device links, the device cookie, scoping, the
//! revoked stream, the kiosk search and QR code through the router; then the kiosk, the calling
//! screen, the rating pad and the follow page in headless Chromium.

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use testkit::browser::{Browser, journey};
use tower::ServiceExt;

use crate::support::{Demo, centre, on_demo};

const KIOSK: &str = "dev_demo-kiosk-wsq-zwzx";
const SCREEN: &str = "dev_demo-screen-wsq-zwzx";
const TERMINAL: &str = "dev_demo-terminal-wsq-zwzx-1";
const PAD: &str = "dev_demo-pad-wsq-zwzx-1";
const HALL: &str = "乌审旗政务服务中心";

fn get(path: &str, cookie: Option<&str>) -> Request<Body> {
    let mut b = Request::get(path);
    if let Some(t) = cookie {
        b = b.header(header::COOKIE, format!("yc_device={t}"));
    }
    b.body(Body::empty()).expect("request")
}

#[tokio::test]
async fn a_device_link_sets_the_cookie_and_opens_the_page_of_its_kind() {
    on_demo(|d| async move {
        for (token, page) in [(KIOSK, "/device/kiosk"), (SCREEN, "/device/screen"), (TERMINAL, "/device/terminal"), (PAD, "/device/pad")] {
            let (s, headers, _) = d.send(get(&format!("/device?token={token}"), None)).await;
            assert_eq!(s, StatusCode::SEE_OTHER, "{token}");
            assert_eq!(headers[header::LOCATION], page, "{token}");
            let cookie = headers[header::SET_COOKIE].to_str().expect("ascii cookie");
            assert!(cookie.starts_with(&format!("yc_device={token};")), "{cookie}");
            for part in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age="] {
                assert!(cookie.contains(part), "{cookie} lacks {part}");
            }
            let (s, _, body) = d.send(get(page, Some(token))).await;
            assert_eq!(s, StatusCode::OK, "{page}");
            assert!(body.contains(HALL) && body.contains("/static/device.js"), "{page}");
        }
        // A device opening another kind's page is sent to its own.
        let (s, headers, _) = d.send(get("/device/pad", Some(KIOSK))).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        assert_eq!(headers[header::LOCATION], "/device/kiosk");
        // No cookie, a bad token, a made-up link: the same Chinese page, 401.
        for req in [
            get("/device/screen", None),
            get("/device/kiosk", Some("dev_nonsense-token-123")),
            get("/device?token=dev_nonsense-token-123", None),
        ] {
            let (s, headers, body) = d.send(req).await;
            assert_eq!(s, StatusCode::UNAUTHORIZED);
            assert!(headers.get(header::SET_COOKIE).is_none());
            assert!(body.contains("设备未授权") && body.contains("大厅管理员"), "{body}");
        }
        d
    })
    .await;
}

#[tokio::test]
async fn a_device_sees_only_its_own_hall() {
    on_demo(|d| async move {
        let own = centre(&d);
        let other = d.ids.net.sites["galutu-bmzx"];
        let (s, v) = d.json("GET", &format!("/api/v1/sites/{own}/queue"), Some(SCREEN), None).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["site_name"], HALL);
        let (s, v) = d.json("GET", &format!("/api/v1/sites/{other}/queue"), Some(SCREEN), None).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{v}");
        assert_eq!(v["error"]["code"], "forbidden");
        // By cookie, as the pages call it.
        let (s, _, _) = d.send(get(&format!("/api/v1/sites/{other}/queue"), Some(SCREEN))).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, _, _) = d.send(get(&format!("/api/v1/sites/{other}/events"), Some(SCREEN))).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let other_window = d.ids.net.windows.get("galutu-bmzx").and_then(|w| w.values().next().copied()).expect("a town window");
        let (s, _) = d.json("GET", &format!("/api/v1/windows/{other_window}/board"), Some(TERMINAL), None).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, _) =
            d.json("POST", "/api/v1/tickets", Some(KIOSK), Some(json!({"site_id": other, "channel": "kiosk", "category_id": 1}))).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        // A cookie-bound device must send X-Device-Request with a change (its CSRF guard).
        let cats = categories(&d, own).await;
        let body = json!({"site_id": own, "category_id": cats[0]}).to_string();
        let post = |with_header: bool| {
            let mut b = Request::post("/api/v1/tickets")
                .header(header::COOKIE, format!("yc_device={KIOSK}"))
                .header(header::CONTENT_TYPE, "application/json");
            if with_header {
                b = b.header("x-device-request", "1");
            }
            b.body(Body::from(body.clone())).expect("request")
        };
        let (s, _, _) = d.send(post(false)).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, _, text) = d.send(post(true)).await;
        assert_eq!(s, StatusCode::CREATED, "{text}");
        d
    })
    .await;
}

async fn categories(d: &Demo, site: i64) -> Vec<i64> {
    let (_, v) = d.json("GET", &format!("/api/v1/sites/{site}/queue-categories"), None, None).await;
    v["items"].as_array().expect("items").iter().filter(|c| c["active"] == true).filter_map(|c| c["id"].as_i64()).collect()
}

#[tokio::test]
async fn a_revoked_devices_event_stream_ends_with_a_revoked_event() {
    on_demo(|d| async move {
        let site = centre(&d);
        let req = Request::get(format!("/api/v1/sites/{site}/events"))
            .header(header::COOKIE, format!("yc_device={SCREEN}"))
            .body(Body::empty())
            .expect("request");
        let res = d.router().oneshot(req).await.expect("router answers");
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.headers()[header::CONTENT_TYPE].to_str().is_ok_and(|c| c.starts_with("text/event-stream")));
        let mut body = res.into_body();
        let hall = d.token("hall").await;
        let (_, me) = d.json("GET", "/api/v1/devices/me", Some(SCREEN), None).await;
        let id = me["id"].as_i64().expect("device id");
        let (s, _) = d.json("POST", &format!("/api/v1/devices/{id}/revoke"), Some(&hall), None).await;
        assert_eq!(s, StatusCode::NO_CONTENT);
        let revoked_at = Instant::now();
        let mut seen = String::new();
        let ended = tokio::time::timeout(Duration::from_secs(5), async {
            while let Some(frame) = body.frame().await {
                if let Ok(data) = frame.expect("stream frame").into_data() {
                    seen.push_str(&String::from_utf8_lossy(&data));
                }
            }
        })
        .await;
        assert!(ended.is_ok(), "the stream did not end within 5 s of the revocation; it sent {seen:?}");
        assert!(seen.contains("event: revoked"), "{seen:?}");
        assert!(revoked_at.elapsed() < Duration::from_secs(5));
        // And the pages no longer open.
        let (s, _, body) = d.send(get("/device/screen", Some(SCREEN))).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
        assert!(body.contains("设备未授权"));
        d
    })
    .await;
}

#[tokio::test]
async fn the_kiosk_finds_the_category_by_the_items_published_name() {
    on_demo(|d| async move {
        let site = centre(&d);
        let (s, v) = d.json("GET", &format!("/api/v1/sites/{site}/ticket-items?q={}", urlencoding::encode("公司设立")), None, None).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let first = &v["items"][0];
        assert_eq!(first["item_name"], "有限责任公司设立登记", "{v}");
        assert_eq!(first["category_name"], "企业服务");
        assert!(first["name_html"].as_str().is_some_and(|h| h.contains("<mark>")), "{first}");
        // Pinyin initials work too; a blank query finds nothing; an unknown hall is a 404.
        let (_, v) = d.json("GET", &format!("/api/v1/sites/{site}/ticket-items?q=yxzr"), None, None).await;
        assert!(v["items"].as_array().is_some_and(|a| a.iter().any(|i| i["item_name"] == "有限责任公司设立登记")), "{v}");
        let (s, v) = d.json("GET", &format!("/api/v1/sites/{site}/ticket-items?q="), None, None).await;
        assert_eq!((s, v["items"].as_array().map(Vec::len)), (StatusCode::OK, Some(0)));
        let (s, _) = d.json("GET", "/api/v1/sites/999999/ticket-items?q=%E5%85%AC%E5%8F%B8", None, None).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let long = "公".repeat(31);
        let (s, _) = d.json("GET", &format!("/api/v1/sites/{site}/ticket-items?q={}", urlencoding::encode(&long)), None, None).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        d
    })
    .await;
}

#[tokio::test]
async fn a_ticket_has_a_qr_code_and_a_public_follow_page() {
    on_demo(|d| async move {
        let site = centre(&d);
        let cats = categories(&d, site).await;
        let (s, t) = d
            .json("POST", "/api/v1/tickets", Some(KIOSK), Some(json!({"site_id": site, "category_id": cats[0], "phone": "13800138000"})))
            .await;
        assert_eq!(s, StatusCode::CREATED, "{t}");
        let code = t["follow_code"].as_str().expect("follow code");
        let req = Request::get(format!("/q/{code}/qr.svg")).header(header::HOST, "hall.example:8080").body(Body::empty()).expect("request");
        let (s, headers, svg) = d.send(req).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(headers[header::CONTENT_TYPE], "image/svg+xml");
        assert!(svg.contains("<svg") && svg.contains("<path"), "{svg}");
        let (s, _, page) = d.send(get(&format!("/q/{code}"), None)).await;
        assert_eq!(s, StatusCode::OK);
        let no = t["ticket_no"].as_str().expect("ticket no");
        assert!(page.contains(HALL) && page.contains(no) && page.contains("马上就到您了"), "{page}");
        assert!(!page.contains("13800138000") && !page.contains("8000"), "a phone number reached the follow page");
        for path in ["/q/0123456789abcdef01234567", "/q/0123456789abcdef01234567/qr.svg", "/q/nonsense"] {
            let (s, _, _) = d.send(get(path, None)).await;
            assert_eq!(s, StatusCode::NOT_FOUND, "{path}");
        }
        let (s, _, page) = d.send(get(&format!("/m/sites/{site}"), None)).await;
        assert_eq!(s, StatusCode::OK);
        assert!(page.contains(HALL) && page.contains("手机取号"));
        d
    })
    .await;
}

// ---------------------------------------------------------------- in Chromium

/// Starts a server over the demo on SQLite; returns its base URL and the demo.
async fn start() -> (String, Demo) {
    let d = Demo::sqlite().await;
    let base = testkit::serve(d.router()).await;
    (base, d)
}

async fn script(b: &Browser, js: &str) -> anyhow::Result<Value> {
    Ok(b.client().execute(js, vec![]).await?)
}

/// Waits until the page's event stream is connected (the pages mark it on `<body>`).
async fn wait_live(b: &Browser) -> anyhow::Result<()> {
    b.find("body[data-live='open']").await?;
    Ok(())
}

/// Polls `js` until it returns something truthy, for up to 5 s.
async fn wait_js(b: &Browser, js: &str) -> anyhow::Result<Value> {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let v = script(b, js).await?;
        if !(v.is_null() || v == false || v == "" || v == 0) {
            return Ok(v);
        }
        anyhow::ensure!(Instant::now() < deadline, "`{js}` stayed falsy");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn kiosk_ticket(d: &Demo, site: i64) -> Value {
    let cats = categories(d, site).await;
    let (s, t) = d.json("POST", "/api/v1/tickets", Some(KIOSK), Some(json!({"site_id": site, "category_id": cats[0]}))).await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    t
}

async fn call_next(d: &Demo, clerk: &str, window: i64) -> Value {
    let (s, v) = d.json("POST", &format!("/api/v1/windows/{window}/call-next"), Some(clerk), None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v
}

#[tokio::test]
async fn the_kiosk_prints_one_ticket_per_tap_with_its_number_and_qr_code() {
    let (base, d) = start().await;
    let site = centre(&d);
    let hall = d.token("hall").await;
    journey("kiosk_takes_a_ticket", async |b| {
        b.goto(&format!("{base}/device?token={KIOSK}")).await?;
        b.wait_for_text("请选择您要办理的业务").await?;
        b.wait_for_text(HALL).await?;
        // The search box finds the category by the item's name.
        b.fill("#q", "公司设立").await?;
        b.wait_for_text("有限责任公司设立登记").await?;
        let hit = b.text(".k-hit").await?;
        anyhow::ensure!(hit.contains("有限责任公司设立登记") && hit.contains("企业服务"), "search hit reads {hit:?}");
        b.fill("#phone", "13800138000").await?;
        script(b, "window.__printed = 0; window.print = () => { window.__printed += 1; };").await?;
        // A double tap: the second lands while the first is on its way and must not print again.
        script(b, "const c = document.querySelector('.k-cat'); c.click(); c.click();").await?;
        b.find("#ticket:not([hidden])").await?;
        let no = b.text("#t-no").await?;
        anyhow::ensure!(no == "A001", "ticket number {no:?}");
        b.wait_for_text("马上就到您了").await?;
        let slip = b.text("#ticket").await?;
        anyhow::ensure!(!slip.contains("8000"), "the phone number is on the ticket: {slip}");
        let cat = b.text("#t-cat").await?;
        anyhow::ensure!(cat.contains("综合受理"), "category {cat:?}");
        wait_js(b, "return document.getElementById('t-qr').naturalWidth > 0").await?;
        let src = script(b, "return document.getElementById('t-qr').getAttribute('src')").await?;
        anyhow::ensure!(src.as_str().is_some_and(|s| s.starts_with("/q/") && s.ends_with("/qr.svg")), "qr src {src}");
        wait_js(b, "return window.__printed === 1").await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let printed = script(b, "return window.__printed").await?;
        anyhow::ensure!(printed == 1, "printed {printed} times");
        let (_, snap) = d.json("GET", &format!("/api/v1/sites/{site}/queue"), Some(&hall), None).await;
        let waiting = snap["waiting"].as_array().map_or(0, Vec::len);
        anyhow::ensure!(waiting == 1, "a double tap issued {waiting} tickets");
        // The next person starts from a clean screen.
        b.click("#ticket [data-back]").await?;
        b.wait_for_text("请选择您要办理的业务").await?;
        b.wait_for_text("等候 1 人").await?;
        let phone = script(b, "return document.getElementById('phone').value").await?;
        anyhow::ensure!(phone == "", "the last person's phone is still on the kiosk: {phone}");
        Ok(())
    })
    .await;
    d.cleanup().await;
}

#[tokio::test]
async fn the_calling_screen_shows_and_speaks_the_call() {
    let (base, d) = start().await;
    let site = centre(&d);
    let clerk = d.token("clerk1").await;
    let window = d.ids.window("wsq-zwzx", "1");
    let t = kiosk_ticket(&d, site).await;
    let no = t["ticket_no"].as_str().expect("ticket no").to_owned();
    journey("screen_shows_call", async |b| {
        b.goto(&format!("{base}/device?token={SCREEN}")).await?;
        b.wait_for_text("排队等候").await?;
        wait_live(b).await?;
        script(b, "window.__spoken = []; window.speechSynthesis.speak = (u) => window.__spoken.push(u.text);").await?;
        call_next(&d, &clerk, window).await;
        wait_js(b, &format!("return document.getElementById('now-no').textContent === '{no}'")).await?;
        // Where the browser wants a gesture before speaking, the screen asks for one tap.
        let deadline = Instant::now() + Duration::from_secs(5);
        while script(b, "return window.__spoken.length").await? == 0 && Instant::now() < deadline {
            if b.find("#voice").await?.is_displayed().await? {
                b.click("#voice button").await?;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let win = b.text("#now-win").await?;
        anyhow::ensure!(win == "1", "window {win:?}");
        let mn = b.text("#now-mn").await?;
        anyhow::ensure!(mn.contains(&no) && mn.contains('ᠴ'), "mongolian line {mn:?}");
        let spoken = wait_js(b, "return window.__spoken.length > 0 && window.__spoken").await?;
        let want = format!("请 {no} 号到 1 号窗口办理");
        anyhow::ensure!(spoken[0] == want.as_str(), "spoke {spoken}, wanted {want}");
        // Said twice, one after the other.
        wait_js(b, "return window.__spoken.length >= 2").await.ok();
        let recent = b.text("#recent").await?;
        anyhow::ensure!(recent.contains(&no), "recent calls {recent:?}");
        let page = b.text("body").await?;
        anyhow::ensure!(!page.contains("****"), "a masked phone reached the screen");
        Ok(())
    })
    .await;
    d.cleanup().await;
}

#[tokio::test]
async fn the_rating_pad_rates_the_finished_visit() {
    let (base, d) = start().await;
    let site = centre(&d);
    let clerk = d.token("clerk1").await;
    let window = d.ids.window("wsq-zwzx", "1");
    let t = kiosk_ticket(&d, site).await;
    let no = t["ticket_no"].as_str().expect("ticket no").to_owned();
    let id = t["id"].as_i64().expect("ticket id");
    journey("pad_rates_visit", async |b| {
        b.goto(&format!("{base}/device?token={PAD}")).await?;
        b.wait_for_text("欢迎评价").await?;
        wait_live(b).await?;
        call_next(&d, &clerk, window).await;
        let (s, v) = d.json("POST", &format!("/api/v1/tickets/{id}/finish"), Some(&clerk), None).await;
        anyhow::ensure!(s == StatusCode::OK, "finish: {s} {v}");
        b.wait_for_text(&format!("请为 {no} 号的服务评价")).await?;
        b.click(".lv5").await?;
        b.wait_for_text("感谢您的评价").await?;
        let (s, v) = d.json("POST", "/api/v1/ratings", Some(PAD), Some(json!({"ticket_id": id, "level": 4}))).await;
        anyhow::ensure!(s == StatusCode::CONFLICT, "a second rating: {s} {v}");
        let (s, v) = d.json("POST", "/api/v1/ratings", Some(PAD), Some(json!({"ticket_id": id, "level": 9}))).await;
        anyhow::ensure!(s == StatusCode::UNPROCESSABLE_ENTITY && v["error"]["code"] == "invalid_input", "level 9: {s} {v}");
        b.wait_for_text("欢迎评价").await?;
        Ok(())
    })
    .await;
    d.cleanup().await;
}

#[tokio::test]
async fn the_kiosk_rates_a_completed_case_by_its_number_and_query_code() {
    let (base, d) = start().await;
    let (id, case_no, code) = crate::portal_pages::completed_case(&d).await;
    journey("kiosk_rates_case", async |b| {
        b.goto(&format!("{base}/device?token={KIOSK}")).await?;
        b.wait_for_text("请选择您要办理的业务").await?;
        b.click("#open-rate").await?;
        b.wait_for_text("办件评价（一事一评）").await?;
        // A wrong query code is refused with the reason.
        b.fill("#rt-no", &case_no).await?;
        b.fill("#rt-code", "WRONG123").await?;
        b.click(".k-lv.lv5").await?;
        b.find("#error:not([hidden])").await?;
        let msg = b.text("#error-msg").await?;
        anyhow::ensure!(!msg.is_empty(), "the refusal says why");
        b.click("#error [data-back]").await?;
        b.click("#open-rate").await?;
        b.fill("#rt-no", &case_no).await?;
        b.fill("#rt-code", &code).await?;
        // A bad rating asks what went wrong first.
        b.click(".k-lv.lv2").await?;
        b.find("#rt-why:not([hidden])").await?;
        b.click(".k-reason").await?;
        b.wait_for_text("我们将在规定时限内核实整改").await?;
        b.click("#rated [data-back]").await?;
        b.wait_for_text("请选择您要办理的业务").await?;
        let left = script(b, "return document.getElementById('rt-code').value").await?;
        anyhow::ensure!(left == "", "the query code stays on the kiosk: {left}");
        Ok(())
    })
    .await;
    let mut tx = d.app.db.read().await.expect("read");
    let r = store::ratings::rating_for_case(&mut tx, id).await.expect("rating").expect("rated");
    assert_eq!((r.level, r.mode.as_str(), r.channel.as_str()), (2, "online", "kiosk"));
    drop(tx);
    d.cleanup().await;
}

#[tokio::test]
async fn a_ticket_taken_on_the_phone_follows_the_queue_live_and_rates_the_visit() {
    let (base, d) = start().await;
    let site = centre(&d);
    let clerk = d.token("clerk1").await;
    let window = d.ids.window("wsq-zwzx", "1");
    kiosk_ticket(&d, site).await;
    journey("follow_page_updates", async |b| {
        b.goto(&format!("{base}/m/sites/{site}")).await?;
        b.wait_for_text("手机取号").await?;
        b.click(".m-cat").await?;
        b.fill("#phone", "13800138000").await?;
        b.click("#take button[type=submit]").await?;
        b.wait_for_text("前面还有 1 人").await?;
        anyhow::ensure!(b.current_url().await?.contains("/q/"), "not on the follow page");
        let page = b.text("body").await?;
        anyhow::ensure!(page.contains(HALL) && page.contains("A002") && !page.contains("8000"), "follow page reads {page:?}");
        wait_live(b).await?;
        call_next(&d, &clerk, window).await;
        b.wait_for_text("马上就到您了").await?;
        call_next(&d, &clerk, window).await;
        b.wait_for_text("请到 1 号窗口办理").await?;
        call_next(&d, &clerk, window).await;
        b.find("#rate:not([hidden])").await?;
        // A bad rating asks what went wrong before it is sent, and opens a rectification order
        // for the clerk who served (real-name: the phone the ticket was taken with).
        b.click("#rate .lv1").await?;
        b.find("#why:not([hidden])").await?;
        b.click("#why [data-reason=long_wait]").await?;
        b.wait_for_text("感谢您的评价").await?;
        let (s, v) = d.json("GET", "/api/v1/rectifications", Some(&clerk), None).await;
        anyhow::ensure!(s == StatusCode::OK, "orders: {s} {v}");
        let items = v["items"].as_array().cloned().unwrap_or_default();
        anyhow::ensure!(items.len() == 1, "one order for the clerk: {v}");
        let o = &items[0];
        anyhow::ensure!(o["status"] == "verifying" && o["level"] == 1 && o["real_name"] == true, "order {o}");
        anyhow::ensure!(o["reasons_labels"][0] == "排队等待时间长", "reasons {o}");
        anyhow::ensure!(!v.to_string().contains("13800138000"), "the rater's phone leaked: {v}");
        Ok(())
    })
    .await;
    d.cleanup().await;
}

/// In headless Chromium: a bad rating from the rating pad reaches the clerk who served under
/// 差评整改; the clerk verifies it (an empty finding is refused with its field named) and replies,
/// and the order shows each step. The comment is shown as text, never as markup.
#[tokio::test]
async fn the_clerk_who_served_verifies_and_answers_a_bad_rating_in_the_console() {
    let (base, d) = start().await;
    let site = centre(&d);
    let clerk = d.token("clerk1").await;
    let window = d.ids.window("wsq-zwzx", "1");
    let t = kiosk_ticket(&d, site).await;
    let id = t["id"].as_i64().expect("ticket id");
    call_next(&d, &clerk, window).await;
    let (s, v) = d.json("POST", &format!("/api/v1/tickets/{id}/finish"), Some(&clerk), None).await;
    assert_eq!(s, StatusCode::OK, "finish: {v}");
    let rating = json!({"ticket_id": id, "level": 2, "reasons": ["attitude"], "comment": "<b>态度生硬</b>"});
    let (s, v) = d.json("POST", "/api/v1/ratings", Some(PAD), Some(rating)).await;
    assert_eq!(s, StatusCode::CREATED, "rating: {v}");
    let order = v["rectification_order_id"].as_i64().expect("a 2 opens an order");
    journey("clerk_rectifies", async |b| {
        b.goto(&format!("{base}/login?next=%2F")).await?;
        b.fill("#username", "clerk1").await?;
        b.fill("#password", yichuang::demo::DEMO_PASSWORD).await?;
        b.click("button[type=submit]").await?;
        b.click("nav.side a[href='/rectifications']").await?;
        b.wait_for_text("我的差评整改").await?;
        b.click(&format!("a[href='/rectifications/{order}']")).await?;
        b.wait_for_text("服务态度差").await?;
        let src = b.page_source().await?;
        anyhow::ensure!(src.contains("&lt;b&gt;态度生硬&lt;/b&gt;"), "the comment is escaped");
        b.click(&format!("a[href='/rectifications/{order}/verify']")).await?;
        b.click("button.primary").await?;
        b.wait_for_text("请填写核实情况").await?;
        b.fill("#f-finding", "经调取录音，窗口人员语气生硬").await?;
        b.click("button.primary").await?;
        b.wait_for_text("已核实，整改单整改中").await?;
        b.click(&format!("a[href='/rectifications/{order}/reply']")).await?;
        b.select_by_value("#f-resolution", "immediate").await?;
        b.fill("#f-note", "当面批评教育，纳入月度考核").await?;
        b.fill("#f-reply", "已对窗口人员批评教育，感谢您的监督").await?;
        b.click("button.primary").await?;
        // Anonymous at the pad: the reply settles it for the callback-less close.
        b.wait_for_text("已整改并回复").await?;
        let page = b.text("body").await?;
        anyhow::ensure!(page.contains("立行立改") && page.contains("感谢您的监督"), "the order shows its steps: {page}");
        // The public disclosure page counts it as rectified, with no personal data.
        b.goto(&format!("{base}/public/ratings")).await?;
        b.wait_for_text("差评整改率").await?;
        let public = b.text("#halls").await?;
        anyhow::ensure!(public.contains(HALL) && public.contains("100.0%"), "the hall's row: {public}");
        Ok(())
    })
    .await;
    d.cleanup().await;
}

/// In headless Chromium: the hall manager takes a 办不成事 complaint down (an empty one is
/// refused with the field named) and routes it to 市场监管; the department signs and answers it
/// through the API; the manager records a satisfied callback, which closes it.
#[tokio::test]
async fn a_cannot_do_complaint_goes_from_the_window_to_the_department_and_back() {
    let (base, d) = start().await;
    let approver = d.token("approver-scjgj").await;
    let dept = d.ids.net.departments["scjgj"];
    journey("work_order_loop", async |b| {
        b.goto(&format!("{base}/login?next=%2F")).await?;
        b.fill("#username", "hall").await?;
        b.fill("#password", yichuang::demo::DEMO_PASSWORD).await?;
        b.click("button[type=submit]").await?;
        b.click("nav.side a[href='/work-orders']").await?;
        b.wait_for_text("工单（12345 / 办不成事）").await?;
        b.click("a[href='/work-orders/new']").await?;
        b.select_by_value("#f-kind", "complaint").await?;
        b.click("button.primary").await?;
        b.wait_for_text("请填写诉求内容").await?;
        b.fill("#f-content", "办理食品经营许可被要求提供指南外的材料").await?;
        b.fill("#f-contact_phone", "13600003333").await?;
        b.select_by_value("#f-department_id", &dept.to_string()).await?;
        b.click("button.primary").await?;
        b.wait_for_text("已登记工单 GD").await?;
        let url = b.current_url().await?;
        let id: i64 = url.split("/work-orders/").nth(1).and_then(|x| x.split('?').next()).and_then(|x| x.parse().ok()).unwrap_or(0);
        anyhow::ensure!(id > 0, "on the order's page: {url}");
        let page = b.text("body").await?;
        anyhow::ensure!(page.contains("待签收") && page.contains("136****3333") && !page.contains("13600003333"), "{page}");
        for body in [json!({"action": "sign"}), json!({"action": "reply", "note": "已核实，材料要求系误解，已一次性告知"})]
        {
            let (s, v) = d.json("POST", &format!("/api/v1/work-orders/{id}/actions"), Some(&approver), Some(body)).await;
            anyhow::ensure!(s == StatusCode::OK, "department step: {s} {v}");
        }
        b.goto(&format!("{base}/work-orders/{id}/callback")).await?;
        b.fill("#f-note", "电话回访，群众满意").await?;
        b.select_by_value("#f-satisfied", "yes").await?;
        b.click("button.primary").await?;
        b.wait_for_text("已回访，工单已办结").await?;
        Ok(())
    })
    .await;
    d.cleanup().await;
}
