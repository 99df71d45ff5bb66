//! The staff side of the queue through the router: the counter, the live view, the queue
//! settings and the queue figures render for the roles that may use them and refuse the others;
//! the figures come as JSON and as an Excel workbook; the settings forms save and report problems
//! by field. Then two journeys in headless Chromium: a clerk serving at the counter, and a hall
//! manager pausing a window on the live view.

use std::io::Cursor;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use http_body_util::BodyExt;
use serde_json::json;
use testkit::browser::{Browser, journey};
use tower::ServiceExt;

use crate::support::{Demo, centre, on_demo};

const KIOSK: &str = "dev_demo-kiosk-wsq-zwzx";

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
    let (_, _, body) = d.send(get("/", &session)).await;
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

fn get(path: &str, session: &str) -> Request<Body> {
    Request::get(path).header(header::COOKIE, format!("yc_session={session}")).body(Body::empty()).expect("request")
}

fn post_form(path: &str, session: &str, body: String) -> Request<Body> {
    Request::post(path)
        .header(header::COOKIE, format!("yc_session={session}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .expect("request")
}

/// A response's status, headers and raw bytes.
async fn send_bytes(d: &Demo, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let res = d.router().oneshot(req).await.expect("router answers");
    let status = res.status();
    let headers = res.headers().clone();
    (status, headers, res.into_body().collect().await.expect("body reads").to_bytes().to_vec())
}

/// The id of the centre's category with `prefix`.
async fn category(d: &Demo, prefix: &str) -> i64 {
    let (s, v) = d.json("GET", &format!("/api/v1/sites/{}/queue-categories", centre(d)), None, None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v["items"].as_array().expect("items").iter().find(|c| c["prefix"] == prefix).and_then(|c| c["id"].as_i64()).expect("category")
}

/// Takes a ticket of category A at the centre's kiosk; returns its number.
async fn kiosk_ticket(d: &Demo) -> String {
    let body = json!({ "site_id": centre(d), "category_id": category(d, "A").await });
    let (s, v) = d.json("POST", "/api/v1/tickets", Some(KIOSK), Some(body)).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    v["ticket_no"].as_str().expect("ticket_no").to_owned()
}

#[tokio::test]
async fn the_queue_pages_render_for_their_roles_and_refuse_the_others() {
    on_demo(|d| async move {
        let site = centre(&d);
        let w1 = d.ids.window("wsq-zwzx", "1");
        let w2 = d.ids.window("wsq-zwzx", "2");
        let cat = category(&d, "A").await;
        kiosk_ticket(&d).await;
        let check = async |user: &str, cases: Vec<(String, StatusCode, &str)>| {
            let (session, _) = page_login(&d, user).await;
            for (path, status, expect) in cases {
                let (s, headers, body) = d.send(get(&path, &session)).await;
                assert_eq!(s, status, "{user} {path}: {body}");
                assert!(body.contains(expect), "{user} {path} lacks {expect:?}");
                assert!(!body.contains("{{") && !body.contains("{%"), "{user} {path} has raw template text");
                if s == StatusCode::OK && !path.contains("/panel") {
                    let ct = headers[header::CONTENT_TYPE].to_str().unwrap_or_default().to_owned();
                    assert!(ct.starts_with("text/html"), "{path}: {ct}");
                    let title = body.split("<title>").nth(1).and_then(|t| t.split("</title>").next()).unwrap_or_default();
                    assert!(!title.is_empty() && !title.contains('<'), "{path} has a bad <title>: {title}");
                }
            }
        };
        let ok = StatusCode::OK;
        let no = StatusCode::FORBIDDEN;
        check(
            "hall",
            vec![
                ("/".into(), ok, "排队实况"),
                ("/queue".into(), ok, "乌审旗政务服务中心"),
                (format!("/queue/sites/{site}"), ok, "各类别等候"),
                (format!("/queue/sites/{site}"), ok, "设为绿色通道"),
                (format!("/queue/sites/{site}"), ok, "暂停原因"),
                (format!("/queue/sites/{site}/panel"), ok, "A001"),
                (format!("/admin/sites/{site}"), ok, "叫号设置"),
                (format!("/admin/sites/{site}/queue"), ok, "叫号规则"),
                (format!("/admin/sites/{site}/queue"), ok, "窗口服务类别"),
                (format!("/admin/sites/{site}/queue/categories/new"), ok, "覆盖的事项"),
                (format!("/admin/sites/{site}/queue/categories/{cat}/edit"), ok, "综合受理"),
                ("/counter".into(), ok, "可以选择任一窗口"),
                (format!("/counter?window={w2}"), ok, "叫下一位"),
                (format!("/counter/panel?window={w2}"), ok, "A001"),
                ("/queue/figures".into(), ok, "按时段取号"),
                (format!("/queue/figures?site={site}&from=2026-03-02&to=2026-03-02"), ok, "<svg"),
            ],
        )
        .await;
        check(
            "clerk1",
            vec![
                ("/counter".into(), ok, "叫下一位 <kbd>F1</kbd>"),
                ("/counter".into(), ok, "1 号窗口"),
                ("/counter".into(), ok, "指定呼叫"),
                (format!("/counter?window={w1}"), ok, "开始服务"),
                (format!("/counter?window={w2}"), no, "不在 2 号窗口"),
                (format!("/counter/panel?window={w2}"), no, "不在 2 号窗口"),
                (format!("/queue/sites/{site}"), ok, "各类别等候"),
                (format!("/admin/sites/{site}/queue"), no, "无权"),
                ("/queue/figures".into(), no, "无权"),
                (format!("/queue/figures.xlsx?site={site}"), no, "无权"),
            ],
        )
        .await;
        // A clerk sees the live view without its manager's actions.
        let (session, _) = page_login(&d, "clerk1").await;
        let (_, _, body) = d.send(get(&format!("/queue/sites/{site}"), &session)).await;
        assert!(!body.contains("设为绿色通道") && !body.contains("data-act=\"pause\""), "clerk sees manager actions");
        check(
            "townclerk1",
            vec![
                (format!("/queue/sites/{site}"), no, "无权"),
                ("/counter".into(), ok, "叫下一位"),
                (format!("/counter?window={w1}"), no, "无权"),
            ],
        )
        .await;
        check(
            "supervisor",
            vec![
                ("/queue".into(), ok, "乌审旗政务服务中心"),
                (format!("/queue/figures?site={site}"), ok, "按人员"),
                ("/counter".into(), no, "无权"),
                (format!("/admin/sites/{site}/queue"), no, "无权"),
            ],
        )
        .await;
        check("catalog", vec![("/queue".into(), no, "无权"), ("/counter".into(), no, "无权"), ("/queue/figures".into(), no, "无权")]).await;
        d
    })
    .await;
}

fn sheet_text(r: &calamine::Range<Data>) -> Vec<Vec<String>> {
    r.rows()
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    Data::String(s) => s.clone(),
                    Data::Float(f) => format!("{f}"),
                    Data::Int(n) => n.to_string(),
                    Data::Empty => String::new(),
                    other => format!("{other:?}"),
                })
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn queue_figures_come_as_json_and_as_an_excel_workbook() {
    on_demo(|d| async move {
        let site = centre(&d);
        let w1 = d.ids.window("wsq-zwzx", "1");
        kiosk_ticket(&d).await;
        kiosk_ticket(&d).await;
        let clerk = d.token("clerk1").await;
        d.app.clock.advance(chrono::Duration::minutes(6));
        let (s, v) = d.json("POST", &format!("/api/v1/windows/{w1}/call-next"), Some(&clerk), None).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["ticket"]["ticket_no"], "A001");
        let id = v["ticket"]["id"].as_i64().expect("id");
        d.app.clock.advance(chrono::Duration::minutes(4));
        let (s, v) = d.json("POST", &format!("/api/v1/tickets/{id}/finish"), Some(&clerk), Some(json!({"outcome": "accepted"}))).await;
        assert_eq!(s, StatusCode::OK, "{v}");

        let hall = d.token("hall").await;
        let (s, f) = d.json("GET", &format!("/api/v1/sites/{site}/queue-figures"), Some(&hall), None).await;
        assert_eq!(s, StatusCode::OK, "{f}");
        assert_eq!((f["from"].as_str(), f["to"].as_str(), f["days"].as_i64()), (Some("2026-03-02"), Some("2026-03-02"), Some(1)));
        let t = &f["total"];
        assert_eq!((t["issued"].as_i64(), t["called"].as_i64(), t["served"].as_i64()), (Some(2), Some(1), Some(1)));
        assert_eq!((t["waiting"]["avg_s"].as_i64(), t["service"]["avg_s"].as_i64()), (Some(360), Some(240)));
        assert_eq!(t["by_channel"][0], json!({"channel": "kiosk", "label": "取号机", "tickets": 2}));
        assert_eq!(t["by_hour"][9], 2);
        assert_eq!(f["staff"][0]["name"], "王慧");
        assert_eq!(f["windows"][0]["served"], 1);
        assert!(!f.to_string().contains("19947716148"), "no phone in the figures");

        for (query, text) in
            [("from=2026-02-30", "YYYY-MM-DD"), ("from=2025-01-01&to=2026-03-02", "366"), ("from=2026-03-05&to=2026-03-01", "早于")]
        {
            let (s, v) = d.json("GET", &format!("/api/v1/sites/{site}/queue-figures?{query}"), Some(&hall), None).await;
            assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {v}");
            assert!(v["error"]["message"].as_str().is_some_and(|m| m.contains(text)), "{query}: {v}");
        }
        let (s, v) = d.json("GET", &format!("/api/v1/sites/{site}/queue-figures"), Some(&clerk), None).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{v}");

        let (session, _) = page_login(&d, "hall").await;
        let (s, _, body) = d.send(get(&format!("/queue/figures?site={site}&from=2026-03-02"), &session)).await;
        assert_eq!(s, StatusCode::OK);
        assert!(body.contains("王慧") && body.contains("A 综合受理") && body.contains("fig-issued"), "{body}");
        let (s, _, body) = d.send(get(&format!("/queue/figures?site={site}&from=2026-3-x"), &session)).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("YYYY-MM-DD"), "{body}");

        let (s, headers, bytes) =
            send_bytes(&d, get(&format!("/queue/figures.xlsx?site={site}&from=2026-03-02&to=2026-03-02"), &session)).await;
        assert_eq!(s, StatusCode::OK);
        assert!(headers[header::CONTENT_TYPE].to_str().unwrap_or_default().contains("spreadsheetml"));
        assert!(headers[header::CONTENT_DISPOSITION].to_str().unwrap_or_default().contains(".xlsx"));
        let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("the export opens as xlsx");
        assert_eq!(wb.sheet_names(), vec!["概况", "按类别", "按窗口", "按人员", "按时段"]);
        let summary = sheet_text(&wb.worksheet_range("概况").expect("概况"));
        assert_eq!(summary[0], vec!["项目", "数值"]);
        assert!(summary.contains(&vec!["取号数".to_owned(), "2".to_owned()]), "{summary:?}");
        assert!(summary.contains(&vec!["平均等候(分钟)".to_owned(), "6".to_owned()]), "{summary:?}");
        let cats = sheet_text(&wb.worksheet_range("按类别").expect("按类别"));
        assert_eq!(&cats[0][..4], ["名称", "取号数", "已叫号", "办结数"]);
        assert!(cats.iter().any(|r| r[0] == "A 综合受理" && r[1] == "2"), "{cats:?}");
        let staff = sheet_text(&wb.worksheet_range("按人员").expect("按人员"));
        assert_eq!((staff[1][0].as_str(), staff[1][3].as_str()), ("王慧", "1"));
        let hours = sheet_text(&wb.worksheet_range("按时段").expect("按时段"));
        assert_eq!(hours.len(), 25);
        assert_eq!((hours[10][0].as_str(), hours[10][1].as_str()), ("09:00–10:00", "2"));

        let (s, _, _) = send_bytes(&d, get(&format!("/queue/figures.xlsx?site={site}&from=2024-01-01&to=2026-03-02"), &session)).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        d
    })
    .await;
}

#[tokio::test]
async fn the_queue_settings_forms_save_and_report_problems_by_field() {
    on_demo(|d| async move {
        let site = centre(&d);
        let w1 = d.ids.window("wsq-zwzx", "1");
        let w2 = d.ids.window("wsq-zwzx", "2");
        let item = d.ids.items["010200100100"];
        let a = category(&d, "A").await;
        let (session, csrf) = page_login(&d, "hall").await;
        let hall = d.token("hall").await;
        let policy = |elderly: &str, green: &str| {
            format!(
                "_csrf={csrf}&elderly_boost_min={elderly}&green_boost_min={green}&appointment_boost_min=10&no_show_after_recalls=1\
                 &phone_daily_quota=2&enforce_hours=on&mongolian_template=%7Bticket%7D&slogans=%E4%B8%80%E7%AA%97%E5%8F%97%E7%90%86%0A%0A%E4%B8%80%E6%AC%A1%E5%8A%9E%E5%A5%BD"
            )
        };
        let path = format!("/admin/sites/{site}/queue/policy");
        let (s, _, body) = d.send(post_form(&path, &session, policy("abc", "30"))).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("应为整数") && body.contains("has-error"), "{body}");
        let (s, _, body) = d.send(post_form(&path, &session, policy("15", "500"))).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("0–240"), "{body}");
        let (s, headers, _) = d.send(post_form(&path, &session, policy("20", "30"))).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        assert!(headers[header::LOCATION].to_str().unwrap_or_default().starts_with(&format!("/admin/sites/{site}/queue?msg=")));
        let (_, p) = d.json("GET", &format!("/api/v1/sites/{site}/queue-policy"), Some(&hall), None).await;
        assert_eq!((p["elderly_boost_min"].as_i64(), p["green_boost_min"].as_i64(), p["phone_daily_quota"].as_i64()), (Some(20), Some(30), Some(2)));
        assert_eq!((p["show_mongolian"].as_bool(), p["enforce_hours"].as_bool()), (Some(false), Some(true)));
        assert_eq!(p["slogans"], json!(["一窗受理", "一次办好"]));

        // A new category, with an item; a bad prefix is named next to its field.
        let new = format!("/admin/sites/{site}/queue/categories/new");
        let (s, _, body) = d.send(post_form(&new, &session, format!("_csrf={csrf}&prefix=1&name=&sort_order=5&active=on"))).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("号段前缀应为") && body.contains("类别名称应为"), "{body}");
        let form = format!("_csrf={csrf}&prefix=g&name=%E6%B5%8B%E8%AF%95&description=&sort_order=5&daily_limit=&active=on&item_ids={item}");
        let (s, _, body) = d.send(post_form(&new, &session, form)).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
        let g = category(&d, "G").await;
        let (_, v) = d.json("GET", &format!("/api/v1/sites/{site}/queue-categories"), None, None).await;
        let gv = v["items"].as_array().expect("items").iter().find(|c| c["id"] == g).cloned().expect("G");
        assert_eq!((gv["name"].as_str(), gv["active"].as_bool(), gv["item_ids"].clone()), (Some("测试"), Some(true), json!([item])));
        // Unticking 启用 stops the category.
        let edit = format!("/admin/sites/{site}/queue/categories/{g}/edit");
        let (s, _, _) = d.send(post_form(&edit, &session, format!("_csrf={csrf}&prefix=G&name=%E6%B5%8B%E8%AF%95&sort_order=5"))).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (_, v) = d.json("GET", &format!("/api/v1/sites/{site}/queue-categories"), None, None).await;
        let gv = v["items"].as_array().expect("items").iter().find(|c| c["id"] == g).cloned().expect("G");
        assert_eq!((gv["active"].as_bool(), gv["item_ids"].clone()), (Some(false), json!([])));

        // A window's calling order comes from the numbers typed per category.
        let (s, _, _) = d.send(post_form(&format!("/admin/windows/{w1}/queue-profile"), &session, format!("_csrf={csrf}&o_{a}=2&o_{g}=1"))).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (_, v) = d.json("GET", &format!("/api/v1/windows/{w1}/profile"), Some(&hall), None).await;
        assert_eq!(v["category_ids"], json!([g, a]));

        // Moving staff from the live view.
        let staff = d.ids.net.staff["bc-03"];
        let (s, headers, _) = d.send(post_form(&format!("/queue/windows/{w2}/seat"), &session, format!("_csrf={csrf}&staff_id={staff}"))).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        assert!(headers[header::LOCATION].to_str().unwrap_or_default().starts_with(&format!("/queue/sites/{site}?msg=")));
        let (_, body) = d.json("GET", &format!("/api/v1/windows/{w2}/board"), Some(&hall), None).await;
        assert_eq!(body["staff_name"], "霍丽娜");

        // Clerks change none of it; forms without the CSRF token are refused.
        let (clerk, clerk_csrf) = page_login(&d, "clerk1").await;
        let (s, _, _) = d.send(post_form(&path, &clerk, format!("_csrf={clerk_csrf}&elderly_boost_min=1"))).await;
        assert!(s == StatusCode::FORBIDDEN || s == StatusCode::UNPROCESSABLE_ENTITY, "{s}");
        let (s, _, _) = d.send(post_form(&format!("/admin/windows/{w1}/queue-profile"), &clerk, format!("_csrf={clerk_csrf}&o_{a}=1"))).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, _, _) = d.send(post_form(&path, &session, policy("20", "30").replace(&format!("_csrf={csrf}"), "_csrf=wrong"))).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        d
    })
    .await;
}

// ---------------------------------------------------------------- browser journeys

async fn start() -> (String, Demo) {
    let d = Demo::sqlite().await;
    let base = testkit::serve(d.router()).await;
    (base, d)
}

async fn login(b: &Browser, base: &str, user: &str, next: &str) -> anyhow::Result<()> {
    b.goto(&format!("{base}/login?next={}", urlencoding::encode(next))).await?;
    b.fill("#username", user).await?;
    b.fill("#password", "yichuang-demo").await?;
    b.click("button[type=submit]").await?;
    Ok(())
}

/// Clicks `css`, again if the live panel was re-rendered under the pointer.
async fn press(b: &Browser, css: &str) -> anyhow::Result<()> {
    for _ in 0..3 {
        match b.click(css).await {
            Err(e) if format!("{e:#}").contains("stale element") => tokio::time::sleep(Duration::from_millis(200)).await,
            r => return r,
        }
    }
    b.click(css).await
}

/// Waits until the text of `css` satisfies `ok`.
async fn wait_text(b: &Browser, css: &str, ok: impl Fn(&str) -> bool) -> anyhow::Result<String> {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let t = b.text(css).await.unwrap_or_default();
        if ok(&t) {
            return Ok(t);
        }
        if Instant::now() >= deadline {
            anyhow::bail!("`{css}` reads {t:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_clerk_calls_recalls_and_finishes_at_the_counter() {
    let (base, d) = start().await;
    let first = kiosk_ticket(&d).await;
    let second = kiosk_ticket(&d).await;
    journey("counter_call_recall_finish", async |b| {
        login(b, &base, "clerk1", "/counter").await?;
        b.wait_for_text("叫下一位").await?;
        wait_text(b, "#current-no", |t| t == "—").await?;
        press(b, "button[data-act='call-next']").await?;
        wait_text(b, "#current-no", |t| t == first).await?;
        b.wait_for_text(&format!("已呼叫 {first}")).await?;
        press(b, "button[data-act='recall']").await?;
        wait_text(b, "#recalls", |t| t.contains("已重呼 1 次")).await?;
        b.select_by_value("#outcome", "accepted").await?;
        press(b, "button[data-act='finish']").await?;
        wait_text(b, "#current-no", |t| t == "—").await?;
        b.wait_for_text(&format!("{first} 已办结")).await?;
        // F1 calls the next one.
        b.find("body").await?.send_keys("\u{E031}").await?;
        wait_text(b, "#current-no", |t| t == second).await?;
        Ok(())
    })
    .await;
    d.cleanup().await;
}

#[tokio::test]
async fn a_hall_manager_pauses_a_window_on_the_live_view() {
    let (base, d) = start().await;
    let site = centre(&d);
    journey("live_view_pause_window", async |b| {
        login(b, &base, "hall", &format!("/queue/sites/{site}")).await?;
        b.wait_for_text("各类别等候").await?;
        // Pausing without a reason is refused.
        press(b, "tr[data-window='1'] button[data-act='pause']").await?;
        b.wait_for_text("暂停服务须填写原因").await?;
        b.fill("tr[data-window='1'] .pause-reason", "临时离岗").await?;
        press(b, "tr[data-window='1'] button[data-act='pause']").await?;
        let status = wait_text(b, "tr[data-window='1'] td.status", |t| t.contains("暂停服务")).await?;
        anyhow::ensure!(status.contains("临时离岗"), "status cell reads {status:?}");
        // Another tab's change arrives over the event stream: open window 2 through the API.
        let hall = d.token("hall").await;
        let w2 = d.ids.window("wsq-zwzx", "2");
        let (s, v) = d.json("POST", &format!("/api/v1/windows/{w2}/status"), Some(&hall), Some(json!({"status": "open"}))).await;
        anyhow::ensure!(s == StatusCode::OK, "{v}");
        wait_text(b, "tr[data-window='2'] td.status", |t| t.contains("服务中")).await?;
        Ok(())
    })
    .await;
    d.cleanup().await;
}
