//! Supervision over HTTP on the demo: a supervisor chases a case and its department answers once;
//! bad chases get 422/403 in the house error shape; the dashboard, its drill-down, the stationing
//! checks and the Excel export answer supervisors, refuse a clerk (403), and a town's supervisor
//! sees only the town.

use app::accounts::{GrantInput, UserInput};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};
use yichuang::demo::DEMO_PASSWORD;

use crate::support::{Demo, centre, on_demo};

/// 有限责任公司设立登记 (市场监管局).
const COMPANY: &str = "010200100100";

pub(crate) async fn accepted_case(d: &Demo) -> (i64, String) {
    let clerk = d.token("clerk1").await;
    let materials: Vec<Value> = (1..=5).map(|p| json!({"position": p, "state": "provided"})).collect();
    let body = json!({
        "item_id": d.ids.items[COMPANY],
        "applicant": {"kind": "enterprise", "name": "乌审旗草原牧歌餐饮有限公司", "credit_code": "91350100M000100Y43", "phone": "13912345678"},
        "materials": materials,
    });
    let (s, c) = d.json("POST", "/api/v1/cases", Some(&clerk), Some(body)).await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    let id = c["id"].as_i64().expect("id");
    let (s, v) = d.json("POST", &format!("/api/v1/cases/{id}/actions"), Some(&clerk), Some(json!({"action": "accept"}))).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    (id, c["case_no"].as_str().expect("case_no").to_owned())
}

/// A supervisor of 嘎鲁图镇 only, created as the system would.
async fn town_supervisor(d: &Demo) -> String {
    let sys = app::Actor::system("test");
    let town = d.ids.net.org_units["150626100"];
    let input = UserInput {
        username: "townsup".into(),
        name: "镇效能监察员".into(),
        org_unit_id: Some(town),
        staff_id: None,
        password: Some("Supervise2026".into()),
        active: true,
    };
    let u = app::accounts::create_user(&d.app, &sys, &input).await.expect("user");
    let g = GrantInput { role: "supervisor".into(), org_unit_id: Some(town), department_id: None };
    app::accounts::add_grant(&d.app, &sys, u.id, &g).await.expect("grant");
    let (s, v) = d.json("POST", "/api/v1/auth/login", None, Some(json!({"username": "townsup", "password": "Supervise2026"}))).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v["token"].as_str().expect("token").to_owned()
}

#[tokio::test]
async fn a_supervisor_chases_a_case_and_its_department_answers_once() {
    on_demo(|d| async move {
        let (id, _) = accepted_case(&d).await;
        let sup = d.token("supervisor").await;
        let path = format!("/api/v1/cases/{id}/chases");
        // Bad input: 422 naming the field; a clerk may not chase; nothing written.
        let (s, v) = d.json("POST", &path, Some(&sup), Some(json!({"note": "请加快", "due_days": 0}))).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert_eq!(v["error"]["details"]["fields"][0]["field"], "due_days");
        assert!(v["error"]["message"].as_str().is_some_and(|m| m.contains("工作日")), "{v}");
        let (s, v) = d.json("POST", &path, Some(&sup), Some(json!({"note": " "}))).await;
        assert_eq!((s, v["error"]["details"]["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("note")));
        let clerk = d.token("clerk1").await;
        let (s, v) = d.json("POST", &path, Some(&clerk), Some(json!({"note": "请加快"}))).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{v}");
        let (s, v) = d.json("GET", "/api/v1/chases", Some(&sup), None).await;
        assert_eq!((s, v["items"].as_array().map(Vec::len)), (StatusCode::OK, Some(0)), "{v}");

        // Monday 2 March + 2 working days.
        let (s, c) = d.json("POST", &path, Some(&sup), Some(json!({"note": "请说明进度", "due_days": 2}))).await;
        assert_eq!(s, StatusCode::CREATED, "{c}");
        assert_eq!((c["state"].as_str(), c["due_on"].as_str(), c["case_id"].as_i64()), (Some("open"), Some("2026-03-04"), Some(id)));
        let chase = c["id"].as_i64().expect("chase id");
        let answer = format!("/api/v1/chases/{chase}/answer");
        let other = d.token("depthead-rsj").await;
        let (s, v) = d.json("POST", &answer, Some(&other), Some(json!({"answer": "已办"}))).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "another department: {v}");
        let head = d.token("depthead-scjgj").await;
        let (s, v) = d.json("GET", "/api/v1/chase-notices", Some(&head), None).await;
        assert_eq!((s, v["items"][0]["chase_id"].as_i64()), (StatusCode::OK, Some(chase)), "the head was told in-app: {v}");
        let (s, v) = d.json("GET", "/api/v1/chases?state=open", Some(&head), None).await;
        assert_eq!((s, v["items"][0]["id"].as_i64()), (StatusCode::OK, Some(chase)), "{v}");
        let (s, v) = d.json("POST", &answer, Some(&head), Some(json!({"answer": "今日办结"}))).await;
        assert_eq!((s, v["state"].as_str()), (StatusCode::OK, Some("answered")), "{v}");
        let (s, v) = d.json("POST", &answer, Some(&head), Some(json!({"answer": "再次答复"}))).await;
        assert_eq!((s, v["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("conflict")), "{v}");
        let (s, v) = d.json("GET", "/api/v1/chases?state=answered", Some(&sup), None).await;
        assert_eq!((s, v["items"].as_array().map(Vec::len)), (StatusCode::OK, Some(1)), "{v}");
        let (s, v) = d.json("GET", "/api/v1/chases?state=soon", Some(&sup), None).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        let (s, v) = d.json("GET", "/api/v1/chases?department_id=999999", Some(&sup), None).await;
        assert_eq!((s, v["error"]["details"]["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("department_id")));
        d
    })
    .await;
}

#[tokio::test]
async fn the_dashboard_answers_supervisors_within_their_subtree_and_refuses_a_clerk() {
    on_demo(|d| async move {
        let (id, case_no) = accepted_case(&d).await;
        let sup = d.token("supervisor").await;
        let (s, _) = d.json("POST", &format!("/api/v1/cases/{id}/chases"), Some(&sup), Some(json!({"note": "请加快"}))).await;
        assert_eq!(s, StatusCode::CREATED);
        let (s, v) = d.json("GET", "/api/v1/supervision", Some(&sup), None).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let codes: Vec<&str> = v["metrics"].as_array().expect("metrics").iter().filter_map(|m| m["code"].as_str()).collect();
        let open = codes.iter().position(|c| *c == "chase_open").expect("chase_open");
        assert_eq!(v["total"][open], 1, "{v}");
        assert_eq!((v["from"].as_str(), v["to"].as_str()), (Some("2025-03-03"), Some("2026-03-02")));
        let centre_row = v["by_site"].as_array().and_then(|r| r.iter().find(|g| g["id"] == json!(centre(&d)))).cloned().expect("centre");
        assert_eq!(centre_row["counts"][open], 1);
        // The drill-down lists the case.
        let (s, v) = d.json("GET", "/api/v1/supervision/cases?metric=chase_open", Some(&sup), None).await;
        assert_eq!((s, v["items"][0]["case_no"].as_str()), (StatusCode::OK, Some(case_no.as_str())), "{v}");
        let (s, v) = d.json("GET", "/api/v1/supervision/cases?metric=nope", Some(&sup), None).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        let (s, v) = d.json("GET", "/api/v1/supervision?from=2026-03-05&to=2026-03-01", Some(&sup), None).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        // Stationing: the demo's stationed items without cases are listed; the JSON shape holds.
        let (s, v) = d.json("GET", "/api/v1/supervision/stationing", Some(&sup), None).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert!(v["idle_items"].as_array().is_some_and(|a| !a.is_empty()), "{v}");
        assert!(v["unreviewed"].as_array().is_some_and(Vec::is_empty), "{v}");
        assert!(
            !v["idle_items"]
                .as_array()
                .expect("list")
                .iter()
                .any(|r| r["item_id"] == json!(d.ids.items[COMPANY]) && r["site_id"] == json!(centre(&d)))
        );

        // A clerk may not look.
        let clerk = d.token("clerk1").await;
        for path in ["/api/v1/supervision", "/api/v1/supervision/stationing", "/api/v1/supervision/cases?metric=level1"] {
            let (s, v) = d.json("GET", path, Some(&clerk), None).await;
            assert_eq!(s, StatusCode::FORBIDDEN, "{path}: {v}");
        }
        // A town's supervisor sees none of the centre's figures and may not ask for the centre.
        let town = town_supervisor(&d).await;
        let (s, v) = d.json("GET", "/api/v1/supervision", Some(&town), None).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert!(v["by_site"].as_array().is_some_and(Vec::is_empty), "{v}");
        assert!(v["total"].as_array().expect("total").iter().all(|n| n == 0), "{v}");
        let (s, v) = d.json("GET", &format!("/api/v1/supervision?site={}", centre(&d)), Some(&town), None).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{v}");
        let (s, v) = d.json("GET", "/api/v1/supervision/stationing", Some(&town), None).await;
        assert_eq!(s, StatusCode::OK);
        let galutu = d.ids.net.sites["galutu-bmzx"];
        assert!(v["idle_items"].as_array().expect("list").iter().all(|r| r["site_id"] == json!(galutu)), "{v}");
        d
    })
    .await;
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

pub(crate) fn get(path: &str, session: &str) -> Request<Body> {
    Request::get(path).header(header::COOKIE, format!("yc_session={session}")).body(Body::empty()).expect("request")
}

pub(crate) async fn page_login(d: &Demo, username: &str) -> String {
    let (_, headers, body) = d.send(Request::get("/login").body(Body::empty()).expect("request")).await;
    let pre = cookie(&headers, "yc_login_csrf");
    let token = hidden(&body, "_csrf");
    let form = format!("_csrf={token}&username={username}&password={DEMO_PASSWORD}&next=%2F");
    let req = Request::post("/login")
        .header(header::COOKIE, format!("yc_login_csrf={pre}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form))
        .expect("request");
    let (s, headers, _) = d.send(req).await;
    assert_eq!(s, StatusCode::SEE_OTHER, "login of {username}");
    cookie(&headers, "yc_session")
}

#[tokio::test]
async fn the_supervision_pages_render_for_supervisors_and_refuse_a_clerk() {
    on_demo(|d| async move {
        let (id, case_no) = accepted_case(&d).await;
        let sup = d.token("supervisor").await;
        let (s, _) = d.json("POST", &format!("/api/v1/cases/{id}/chases"), Some(&sup), Some(json!({"note": "请加快"}))).await;
        assert_eq!(s, StatusCode::CREATED);
        let session = page_login(&d, "supervisor").await;
        let (s, _, home) = d.send(get("/", &session)).await;
        assert_eq!(s, StatusCode::OK);
        assert!(home.contains("href=\"/supervision\"") && home.contains("href=\"/supervision/stationing\""), "navigation links");
        let (s, _, body) = d.send(get("/supervision", &session)).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        for text in ["效能监察", "按场所", "按部门", "按经办人", "催办待答复", "导出 Excel", "/supervision/cases?"] {
            assert!(body.contains(text), "dashboard lacks {text}");
        }
        let (s, _, body) = d.send(get("/supervision/cases?metric=chase_open", &session)).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        assert!(body.contains(&case_no) && body.contains(&format!("href=\"/cases/{id}\"")), "drill-down links the case");
        let (s, _, body) = d.send(get("/supervision/stationing", &session)).await;
        assert_eq!(s, StatusCode::OK);
        assert!(body.contains("明进暗不进") && body.contains("只接件不办件"), "stationing page");
        let (s, _, body) = d.send(get("/supervision/chases", &session)).await;
        assert_eq!(s, StatusCode::OK);
        assert!(body.contains(&case_no) && body.contains("待答复"), "chase list");
        let (s, headers, _) = d.send(get("/supervision.xlsx", &session)).await;
        assert_eq!(s, StatusCode::OK);
        assert!(headers[header::CONTENT_TYPE].to_str().is_ok_and(|t| t.contains("spreadsheetml")));
        let (s, _, body) = d.send(get("/supervision?from=2026-13-01", &session)).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("YYYY-MM-DD"));

        let clerk = page_login(&d, "clerk1").await;
        for path in ["/supervision", "/supervision/stationing", "/supervision.xlsx"] {
            let (s, _, _) = d.send(get(path, &clerk)).await;
            assert_eq!(s, StatusCode::FORBIDDEN, "{path}");
        }
        let (_, _, home) = d.send(get("/", &clerk)).await;
        assert!(!home.contains("href=\"/supervision\""), "no link for a clerk");
        d
    })
    .await;
}

#[tokio::test]
async fn direct_links_open_a_useful_default_and_refusals_are_chinese_pages() {
    on_demo(|d| async move {
        let session = page_login(&d, "supervisor").await;
        // Opened without the parameters its links carry: the page to pick them on.
        let (s, h, _) = d.send(get("/supervision/cases", &session)).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        assert!(h[header::LOCATION].to_str().is_ok_and(|l| l.starts_with("/supervision?")), "{h:?}");
        let hall = page_login(&d, "hall").await;
        let (s, h, _) = d.send(get("/queue/figures.xlsx", &hall)).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        assert_eq!(h[header::LOCATION], "/queue/figures");
        let (s, h, _) = d.send(get("/favicon.ico", &hall)).await;
        assert_eq!((s, h[header::CONTENT_TYPE].to_str().ok()), (StatusCode::OK, Some("image/svg+xml")));
        // A parameter an extractor cannot read: a Chinese page, never axum's plain text.
        for path in ["/cases/abc", "/rectifications?before=abc", "/admin/users/x1"] {
            let (s, h, body) = d.send(get(path, &hall)).await;
            assert!(s.is_client_error(), "{path}: {s}");
            assert!(h[header::CONTENT_TYPE].to_str().is_ok_and(|t| t.starts_with("text/html")), "{path}: {h:?}");
            assert!(body.contains("<html") && (body.contains("有误") || body.contains("找不到")), "{path}: {body}");
        }
        d
    })
    .await;
}

#[tokio::test]
async fn the_rectification_tabs_are_the_lists_the_role_may_open_and_default_to_its_work() {
    on_demo(|d| async move {
        // A bad rating at the centre opens an order owned by clerk1.
        let site = centre(&d);
        let kiosk = "dev_demo-kiosk-wsq-zwzx";
        let (_, t) = d.json("POST", "/api/v1/tickets", Some(kiosk), Some(json!({"site_id": site, "category_id": 1}))).await;
        let ticket = t["id"].as_i64().expect("ticket");
        let clerk = d.token("clerk1").await;
        let window = d.ids.window("wsq-zwzx", "1");
        d.json("POST", &format!("/api/v1/windows/{window}/call-next"), Some(&clerk), None).await;
        d.json("POST", &format!("/api/v1/tickets/{ticket}/finish"), Some(&clerk), None).await;
        let (s, v) = d
            .json(
                "POST",
                "/api/v1/ratings",
                Some("dev_demo-pad-wsq-zwzx-1"),
                Some(json!({"ticket_id": ticket, "level": 1, "reasons": ["attitude"]})),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        // The hall manager works on the hall's orders: that is the default list, with both tabs.
        let hall = page_login(&d, "hall").await;
        let (s, _, body) = d.send(get("/rectifications", &hall)).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        assert!(body.contains("差评整改（本辖区）") && body.contains("非常不满意（服务态度差）"), "{body}");
        let no = t["ticket_no"].as_str().expect("ticket number");
        assert!(body.contains(&format!("现场服务（号票 {no}）")), "the ticket by its number, not its id: {body}");
        assert!(body.contains("/rectifications?view=all") && body.contains("/rectifications?view=mine"), "both tabs");
        // A town clerk owns orders but oversees none: no tab that would answer 无权访问.
        let town = page_login(&d, "townclerk1").await;
        let (s, _, body) = d.send(get("/rectifications", &town)).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        assert!(body.contains("我的差评整改") && !body.contains("view=all") && !body.contains("本辖区全部"), "{body}");
        let (s, _, _) = d.send(get("/rectifications?view=all", &town)).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        d
    })
    .await;
}

/// In headless Chromium: the supervisor follows the navigation to the dashboard, opens the cases
/// at risk from a count, chases one (a deadline of 0 is refused by the field), and finds the
/// chase in the list.
#[tokio::test]
async fn a_supervisor_chases_a_case_from_the_dashboard_in_a_browser() {
    let d = Demo::sqlite().await;
    let (id, case_no) = accepted_case(&d).await;
    let base = testkit::serve(d.router()).await;
    testkit::browser::journey("supervisor_chases", async |b| {
        b.goto(&format!("{base}/login?next=%2F")).await?;
        b.fill("#username", "supervisor").await?;
        b.fill("#password", DEMO_PASSWORD).await?;
        b.click("button[type=submit]").await?;
        b.wait_for_text("效能监察").await?;
        b.click("nav.side a[href='/supervision']").await?;
        b.wait_for_text("按经办人").await?;
        // The one-working-day case is at level 1 from acceptance: its tile opens the list.
        b.click("#total-1").await?;
        b.wait_for_text(&case_no).await?;
        b.click(&format!("a[href='/supervision/cases/{id}/chase']")).await?;
        b.wait_for_text("催办办件").await?;
        b.fill("#f-note", "请今日办结").await?;
        b.fill("#f-due_days", "0").await?;
        b.click("button.primary").await?;
        b.wait_for_text("答复期限应为 1 至 30 个工作日").await?;
        b.fill("#f-due_days", "1").await?;
        b.click("button.primary").await?;
        b.wait_for_text(&format!("已催办办件 {case_no}")).await?;
        let src = b.page_source().await?;
        anyhow::ensure!(src.contains("请今日办结") && src.contains("待答复"), "the chase list shows the chase");
        Ok(())
    })
    .await;
    d.cleanup().await;
}
