//! The citizen's online application in headless Chromium, as a newcomer tries it on the demo: the
//! login code read off the demo's SMS page (the demo gateway shows texts in clear), the application
//! with an uploaded PNG for every material, submission, and the case found again on the public
//! progress page by its number and query code.

use store::org::Scope;
use testkit::browser::{Browser, journey};

use crate::support::Demo;

/// 有限责任公司设立登记: 全程网办, five required materials.
const COMPANY: &str = "010200100100";
/// A tiny valid PNG (1×1, transparent).
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
    0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63,
    0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60,
    0x82,
];

async fn last_code(d: &Demo) -> anyhow::Result<String> {
    let mut tx = d.app.db.read().await?;
    let rows = store::outbox::list(&mut tx, &Scope::All, None, Some("login_code"), None, 1).await?;
    let body = &rows.first().ok_or_else(|| anyhow::anyhow!("no login code in the outbox"))?.body;
    let digits: String = body.chars().filter(char::is_ascii_digit).collect();
    Ok(digits.chars().take(6).collect())
}

/// The newcomer's online application: the login code read off the demo's SMS page (a second
/// tab), the form filled with a PNG for every material, submitted; the case number and query
/// code as 我的申请 shows them.
pub(crate) async fn apply_online(
    b: &Browser,
    base: &str,
    d: &Demo,
    gateway: &app::outbox::DemoGateway,
    phone: &str,
) -> anyhow::Result<(String, String)> {
    let item = d.ids.items[COMPANY];
    let png = d.t.dir.join("licence.png");
    std::fs::write(&png, PNG)?;
    let png = png.to_string_lossy().into_owned();
    let masked = format!("{}****{}", &phone[..3], &phone[7..]);
    b.goto(&format!("{base}/portal/login?next=/portal/items/{item}")).await?;
    anyhow::ensure!(b.text("#demo-sms-note").await?.contains("演示短信"), "the demo says where its texts are");
    b.fill("#phone", phone).await?;
    b.click("#send-code").await?;
    b.wait_for_text(&format!("验证码已发送至 {masked}")).await?;
    // The sender job's round, through the demo gateway; the newcomer opens the demo SMS page.
    app::outbox::send_due(&d.app, gateway, 50).await?;
    let c = b.client();
    let login_tab = c.window().await?;
    let tab = c.new_window(true).await?;
    c.switch_to_window(tab.handle).await?;
    b.goto(&format!("{base}/demo/sms")).await?;
    let shown = b.text("#demo-sms li").await?;
    let code: String = shown.split("验证码").nth(1).unwrap_or_default().chars().filter(char::is_ascii_digit).take(6).collect();
    anyhow::ensure!(code == last_code(d).await?, "the demo page shows the login code in clear: {shown}");
    anyhow::ensure!(shown.contains(&masked) && !shown.contains(phone), "the phone masked: {shown}");
    c.close_window().await?;
    c.switch_to_window(login_tab).await?;
    b.fill("#code", &code).await?;
    b.click("#login").await?;
    b.wait_for_text("填写申请").await?;
    b.select_by_value("#kind", "enterprise").await?;
    b.fill("#name", "乌审旗草原牧歌餐饮有限公司").await?;
    b.fill("#credit_code", "91350100M000100Y43").await?;
    for pos in 1..=5 {
        b.find(&format!("#file_{pos}")).await?.send_keys(&png).await?;
    }
    b.click("input[name=delivery_mode][value=electronic]").await?;
    b.click("#submit").await?;
    b.wait_for_text("申请已提交").await?;
    anyhow::ensure!(b.text(".status").await? == "网上已提交", "status on my applications");
    anyhow::ensure!(!b.page_source().await?.contains(phone), "the full phone is never rendered");
    Ok((b.text(".case-no").await?, b.text(".query-code").await?))
}

#[tokio::test]
async fn a_citizen_applies_online_and_follows_the_case_by_number_and_query_code() {
    let d = Demo::sqlite().await;
    let gateway = std::sync::Arc::new(app::outbox::DemoGateway::default());
    let base = testkit::serve(web::router(web::AppState::new(d.app.clone()).with_demo_sms(gateway.clone()))).await;
    journey("portal_apply_and_progress", async |b| {
        let (case_no, query_code) = apply_online(b, &base, &d, &gateway, "13700001111").await?;
        b.goto(&format!("{base}/progress")).await?;
        b.fill("#case_no", &case_no).await?;
        b.fill("#query_code", &query_code).await?;
        b.click("#lookup").await?;
        b.wait_for_text("有限责任公司设立登记").await?;
        anyhow::ensure!(b.text("#progress-status").await? == "网上已提交", "status on the progress page");
        b.wait_for_text("电子证照 / 电子送达").await?;
        // A wrong code gets the one message.
        b.fill("#case_no", &case_no).await?;
        b.fill("#query_code", "ZZZZZZZZ").await?;
        b.click("#lookup").await?;
        b.wait_for_text("办件编号或查询码不正确").await?;
        Ok(())
    })
    .await;
    d.cleanup().await;
}

/// 一事一评 in headless Chromium: a case completed at the window invites its applicant by text;
/// on the public progress page, a 非常不满意 without a reason is refused with the reason named,
/// then taken with one, and the page then shows the rating instead of the form.
/// A case of 有限责任公司设立登记 taken in, approved and completed over the API; its id, number
/// and query code (the invitation to rate went out).
pub(crate) async fn completed_case(d: &Demo) -> (i64, String, String) {
    use serde_json::{Value, json};
    let clerk = d.token("clerk1").await;
    let approver = d.token("approver-scjgj").await;
    let materials: Vec<Value> = (1..=5).map(|p| json!({"position": p, "state": "provided"})).collect();
    let body = json!({
        "item_id": d.ids.items[COMPANY],
        "applicant": {"kind": "enterprise", "name": "评价测试有限公司", "credit_code": "91350100M000100Y43", "phone": "13912345678"},
        "materials": materials,
    });
    let (s, c) = d.json("POST", "/api/v1/cases", Some(&clerk), Some(body)).await;
    assert_eq!(s.as_u16(), 201, "{c}");
    let id = c["id"].as_i64().expect("id");
    let case_no = c["case_no"].as_str().expect("case_no").to_owned();
    for (token, action) in [
        (&clerk, json!({"action": "accept"})),
        (&approver, json!({"action": "start_review"})),
        (&approver, json!({"action": "approve"})),
        (&approver, json!({"action": "prepare_result"})),
        (&clerk, json!({"action": "deliver", "delivery_mode": "window", "delivery_detail": "法定代表人本人领取"})),
        (&clerk, json!({"action": "complete"})),
    ] {
        let (s, v) = d.json("POST", &format!("/api/v1/cases/{id}/actions"), Some(token), Some(action)).await;
        assert_eq!(s.as_u16(), 200, "{v}");
    }
    let mut tx = d.app.db.read().await.expect("read");
    let k = store::cases::find_case(&mut tx, id).await.expect("case").expect("the case exists");
    let texts = store::outbox::list(&mut tx, &Scope::All, None, Some("case_notice"), None, 10).await.expect("outbox");
    assert!(texts.iter().any(|t| t.body.contains(&case_no) && t.body.contains("欢迎评价本次服务")), "the invitation went out");
    (id, case_no, k.query_code)
}

#[tokio::test]
async fn an_applicant_rates_a_completed_case_on_the_progress_page() {
    let d = Demo::sqlite().await;
    let (id, case_no, code) = completed_case(&d).await;
    let base = testkit::serve(d.router()).await;
    journey("progress_rates_case", async |b| {
        b.goto(&format!("{base}/progress")).await?;
        b.fill("#case_no", &case_no).await?;
        b.fill("#query_code", &code).await?;
        b.click("#lookup").await?;
        b.wait_for_text("评价本次服务").await?;
        // A comment is no reason: a bad rating names one here as on every channel.
        b.click("#rate-form input[name=level][value='1']").await?;
        b.fill("#comment", "太慢").await?;
        b.click("#rate-submit").await?;
        b.wait_for_text("不满意的评价请至少选择一项原因").await?;
        // An over-long comment is refused with the limit named, never cut.
        b.click("#rate-form input[name=level][value='1']").await?;
        b.select_by_value("#reason", "overdue").await?;
        b.fill("#comment", &"慢".repeat(501)).await?;
        b.click("#rate-submit").await?;
        b.wait_for_text("评价内容不能超过 500 个字").await?;
        b.click("#rate-form input[name=level][value='1']").await?;
        b.select_by_value("#reason", "overdue").await?;
        b.fill("#comment", "<script>alert(1)</script>办理太慢").await?;
        b.click("#rate-submit").await?;
        b.wait_for_text("我们将在规定时限内核实整改").await?;
        let page = b.text("body").await?;
        anyhow::ensure!(page.contains("您已评价：非常不满意") && !page.contains("提交评价"), "the page shows the rating: {page}");
        Ok(())
    })
    .await;
    let mut tx = d.app.db.read().await.expect("read");
    let r = store::ratings::rating_for_case(&mut tx, id).await.expect("rating").expect("rated");
    assert_eq!((r.level, r.mode.as_str(), r.channel.as_str(), r.real_name), (1, "online", "web", true));
    assert_eq!(r.comment, "<script>alert(1)</script>办理太慢", "stored as typed, shown escaped");
    drop(tx);
    d.cleanup().await;
}
