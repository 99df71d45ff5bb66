//! The main journeys in headless Chromium against a running server with the demo loaded.

use testkit::browser::journey;

use crate::support::Demo;

/// Starts a server over the demo on SQLite; returns its base URL and the demo.
async fn start() -> (String, Demo) {
    let d = Demo::sqlite().await;
    let base = testkit::serve(d.router()).await;
    (base, d)
}

async fn login(b: &testkit::browser::Browser, base: &str, user: &str, next: &str) -> anyhow::Result<()> {
    b.goto(&format!("{base}/login?next={}", urlencoding::encode(next))).await?;
    b.fill("#username", user).await?;
    b.fill("#password", "yichuang-demo").await?;
    b.click("button[type=submit]").await?;
    Ok(())
}

#[tokio::test]
async fn the_hall_manager_adds_a_window_and_sees_it_on_the_site_page() {
    let (base, d) = start().await;
    let site = d.ids.net.sites["wsq-zwzx"];
    let zone_name = "综合受理区";
    journey("hall_adds_window", async |b| {
        login(b, &base, "hall", &format!("/admin/sites/{site}")).await?;
        b.wait_for_text("乌审旗政务服务中心").await?;
        b.wait_for_text("综合窗口占比").await?;
        b.click("#add-window").await?;
        b.wait_for_text("新增窗口").await?;
        // Submitting with nothing filled in shows the problems next to the fields.
        b.click("button.primary").await?;
        b.wait_for_text("请填写窗口名称").await?;
        b.fill("#f-number", "36").await?;
        b.fill("#f-name", "综合受理36号窗口").await?;
        b.select_by_value("#f-kind", "comprehensive").await?;
        let zone_value = b
            .client()
            .execute(
                "return Array.from(document.querySelectorAll('#f-zone_id option')).find(o => o.textContent.trim() === arguments[0]).value",
                vec![serde_json::json!(zone_name)],
            )
            .await?;
        b.select_by_value("#f-zone_id", zone_value.as_str().unwrap_or_default()).await?;
        b.click("#f-department_ids input[type=checkbox]").await?;
        b.click("button.primary").await?;
        b.wait_for_text("已新增 36 号窗口").await?;
        let row = b.text("tr[data-window='36']").await?;
        anyhow::ensure!(row.contains("综合受理36号窗口") && row.contains("无差别综合"), "new window row reads {row:?}");
        Ok(())
    })
    .await;
    d.cleanup().await;
}

#[tokio::test]
async fn a_town_clerk_cannot_open_another_towns_site_page() {
    let (base, d) = start().await;
    let own = d.ids.net.sites["galutu-bmzx"];
    let other = d.ids.net.sites["wushenzhao-bmzx"];
    journey("town_clerk_scope", async |b| {
        login(b, &base, "townclerk1", &format!("/admin/sites/{own}")).await?;
        b.wait_for_text("嘎鲁图镇便民服务中心").await?;
        b.goto(&format!("{base}/admin/sites/{other}")).await?;
        b.wait_for_text("无权访问").await?;
        let body = b.text("main").await?;
        anyhow::ensure!(!body.contains("乌审召镇便民服务中心"), "the other town's site leaked: {body}");
        b.goto(&format!("{base}/admin/sites")).await?;
        b.wait_for_text("服务场所").await?;
        let list = b.text("main").await?;
        anyhow::ensure!(list.contains("嘎鲁图镇便民服务中心") && !list.contains("乌审召镇"), "site list: {list}");
        Ok(())
    })
    .await;
    d.cleanup().await;
}

#[tokio::test]
async fn a_clerk_reaches_the_quick_view_from_any_page_with_the_slash_key() {
    let (base, d) = start().await;
    journey("clerk_quick_view", async |b| {
        login(b, &base, "clerk1", "/admin/map").await?;
        b.wait_for_text("场所地图").await?;
        // "/" focuses the search box from anywhere; typing pinyin initials and Enter opens the quick view.
        b.find("body").await?.send_keys("/").await?;
        b.client().active_element().await?.send_keys("yyzz\u{E007}").await?;
        b.wait_for_text("材料清单").await?;
        b.wait_for_text("审查要点").await?;
        let hits = b.text("ul.hits").await?;
        anyhow::ensure!(hits.contains("营业执照") || hits.contains("执照"), "quick hits: {hits}");
        anyhow::ensure!(b.current_url().await?.contains("/catalog/quick"), "not on the quick view");
        Ok(())
    })
    .await;
    d.cleanup().await;
}

#[tokio::test]
async fn a_new_item_version_is_drafted_by_one_admin_and_published_by_another() {
    let (base, d) = start().await;
    // 有限责任公司设立登记: promised 1, statutory 3 working days.
    let item = d.ids.items["010200100100"];
    journey("catalog_version_review", async |b| {
        login(b, &base, "catalog", &format!("/catalog/items/{item}")).await?;
        b.wait_for_text("版本").await?;
        b.click("form[action$='/versions'] button").await?;
        b.wait_for_text("已新建第 2 版草稿").await?;
        b.fill("#f-promised_days", "2").await?;
        b.click("button.primary").await?;
        b.wait_for_text("第 2 版草稿已保存").await?;
        b.click("tr[data-version='2'] form[action$='/submit'] button").await?;
        b.wait_for_text("第 2 版已提交审核").await?;
        // The submitter is not offered approval; another administrator approves and publishes.
        b.click("form[action='/logout'] button").await?;
        // Let the logout land on the login page before navigating again.
        b.wait_for_text("工作人员登录").await?;
        login(b, &base, "admin", &format!("/catalog/items/{item}")).await?;
        b.wait_for_text("可受理窗口").await?;
        b.click("tr[data-version='2'] form[action$='/approve'] button").await?;
        b.wait_for_text("第 2 版已审核通过").await?;
        b.click("tr[data-version='2'] form[action$='/publish'] button").await?;
        b.wait_for_text("第 2 版已发布").await?;
        b.wait_for_text("当前施行第 2 版").await?;
        b.click("form[action='/catalog/diff'] button").await?;
        b.wait_for_text("承诺办结时限").await?;
        Ok(())
    })
    .await;
    d.cleanup().await;
}
