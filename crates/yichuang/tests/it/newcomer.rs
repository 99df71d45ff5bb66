//! Issue 17, items 15–27, walked as a newcomer would in one headless Chromium session on the
//! demo: on a phone the guide fits and reads in 长辈版, a ticket says how long the wait is, a
//! citizen signs in with the code from the demo's SMS page and applies online; at a desktop the
//! clerk takes the application in and is told what happens next, the leader finds the figures and
//! supervision by their plain links, a town clerk sees only the tabs she may open.

use testkit::browser::{Browser, journey};

use crate::elder::{busy_morning, is_elder, smallest_text};
use crate::phone::overflow;
use crate::portal_pages::apply_online;
use crate::support::{Demo, centre};

/// 有限责任公司设立登记: a 承诺件 with a long guide, 全程网办.
const COMPANY: &str = "010200100100";

pub(crate) async fn login(b: &Browser, base: &str, user: &str, next: &str) -> anyhow::Result<()> {
    b.client().delete_all_cookies().await?;
    b.goto(&format!("{base}/login?next={}", urlencoding::encode(next))).await?;
    b.fill("#username", user).await?;
    b.fill("#password", yichuang::demo::DEMO_PASSWORD).await?;
    b.click("button[type=submit]").await?;
    Ok(())
}

/// Presses the button of the form that posts `action` on the page.
async fn press(b: &Browser, action: &str) -> anyhow::Result<()> {
    b.click(&format!("form:has(input[name=action][value={action}]) button[type=submit]")).await
}

#[tokio::test]
async fn a_newcomer_walks_the_demo_from_the_phone_to_the_back_office() {
    let d = Demo::sqlite().await;
    let site = centre(&d);
    busy_morning(&d, site).await;
    let item = d.ids.items[COMPANY];
    let gateway = std::sync::Arc::new(app::outbox::DemoGateway::default());
    let base = testkit::serve(web::router(web::AppState::new(d.app.clone()).with_demo_sms(gateway.clone()))).await;
    journey("newcomer_walk", async |b| {
        // --- On a phone (E17, E27): the guide fits, also in 长辈版, which is large and stays on.
        b.client().set_window_size(390, 844).await?;
        b.goto(&format!("{base}/guide/items/{item}")).await?;
        b.wait_for_text("有限责任公司设立登记").await?;
        if let Some(o) = overflow(b).await? {
            anyhow::bail!("the guide is wider than the phone: {o}");
        }
        b.click("[data-elder]").await?;
        anyhow::ensure!(is_elder(b).await?, "长辈版 is one tap away");
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let (small, at) = smallest_text(b).await?;
        anyhow::ensure!(small >= 20.0, "长辈版 text is at least 20 px: {small} at {at}");
        if let Some(o) = overflow(b).await? {
            anyhow::bail!("the guide in 长辈版 is wider than the phone: {o}");
        }
        b.click("[data-elder]").await?;

        // The phone ticket says how many wait and about how long; the ticket's page says it too.
        b.goto(&format!("{base}/m/sites/{site}")).await?;
        b.wait_for_text("等候 2 人 · 约").await?;
        b.click("#categories .m-cat input").await?;
        b.fill("#phone", "13800002222").await?;
        b.click("#take button[type=submit], #take .m-primary").await?;
        b.wait_for_text("预计等候约").await?;
        anyhow::ensure!(b.current_url().await?.contains("/q/"), "the ticket's own page opens");

        // --- E15: the demo citizen signs in with the code from the demo SMS page and applies.
        let (case_no, _) = apply_online(b, &base, &d, &gateway, "13700001111").await?;

        // --- At a desktop (E16): the clerk pre-checks, signs for and accepts the application and
        // is told what happens next; a 承诺件 is never offered 即办办结.
        b.client().set_window_size(1366, 768).await?;
        login(b, &base, "clerk1", "/cases/online").await?;
        b.wait_for_text(&case_no).await?;
        for action in ["precheck", "receive", "accept"] {
            press(b, action).await?;
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        let mut tx = d.app.db.read().await?;
        let case_id = store::cases::find_by_no(&mut tx, &case_no).await?.map(|c| c.id).ok_or_else(|| anyhow::anyhow!("case"))?;
        drop(tx);
        b.goto(&format!("{base}/cases/{case_id}")).await?;
        let next = b.text("#next-step").await?;
        anyhow::ensure!(next.contains("已转") && next.contains("个工作日内办结"), "the next step is named: {next}");
        anyhow::ensure!(!b.page_source().await?.contains("即办办结"), "no 即办办结 for a 承诺件");

        // --- E20, E22: the leader opens the figures and supervision by their plain links.
        login(b, &base, "leader", "/figures").await?;
        b.wait_for_text("好评率（首次评价）").await?;
        b.wait_for_text("整改后好转率").await?;
        b.goto(&format!("{base}/supervision/cases")).await?;
        let url = b.current_url().await?;
        let path = url.split("://").nth(1).and_then(|r| r.split_once('/')).map(|(_, p)| p.split('?').next().unwrap_or_default().to_owned());
        anyhow::ensure!(path.as_deref() == Some("supervision"), "a bare /supervision/cases opens the dashboard: {url}");
        anyhow::ensure!(!b.page_source().await?.contains("统计项“”不存在"), "no developer-style error");

        // --- E23: a town clerk is offered only the list she may open.
        login(b, &base, "townclerk1", "/rectifications").await?;
        b.wait_for_text("我的差评整改").await?;
        anyhow::ensure!(!b.page_source().await?.contains("本辖区全部"), "no tab that answers 无权访问");
        Ok(())
    })
    .await;
    d.cleanup().await;
}
