//! Issue 17, E27: what users of such halls expect — the estimated wait on the kiosk and the phone
//! ticket, the kiosk's progress look-up and guide shelf, and 长辈版 (elder mode: large type, high
//! contrast, read-aloud, remembered per device) on the public pages. Walked in headless Chromium.

use serde_json::{Value, json};
use testkit::browser::{Browser, journey};

use crate::support::{Demo, centre};

const KIOSK: &str = "dev_demo-kiosk-wsq-zwzx";
/// 有限责任公司设立登记: a long guide.
const COMPANY: &str = "010200100100";

async fn script(b: &Browser, js: &str) -> anyhow::Result<Value> {
    Ok(b.client().execute(js, vec![]).await?)
}

/// The smallest font size of any visible element holding text, and where it is.
pub(crate) async fn smallest_text(b: &Browser) -> anyhow::Result<(f64, String)> {
    let v = script(
        b,
        "let min = 1e9, where = '';\
         for (const e of document.body.querySelectorAll('*')) {\
           const r = e.getBoundingClientRect();\
           if (r.width === 0 || r.height === 0 || getComputedStyle(e).visibility === 'hidden') continue;\
           if (![...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;\
           const f = parseFloat(getComputedStyle(e).fontSize);\
           if (f < min) { min = f; where = e.tagName.toLowerCase() + '.' + e.className + ' «' + e.textContent.trim().slice(0, 20) + '»'; }\
         }\
         return [min, where];",
    )
    .await?;
    Ok((v[0].as_f64().unwrap_or(0.0), v[1].as_str().unwrap_or_default().to_owned()))
}

pub(crate) async fn is_elder(b: &Browser) -> anyhow::Result<bool> {
    Ok(script(b, "return document.documentElement.classList.contains('elder')").await?.as_bool().unwrap_or(false))
}

/// Records what the page would say instead of saying it (headless Chromium has no voices).
async fn record_speech(b: &Browser) -> anyhow::Result<()> {
    script(
        b,
        "window.__said = []; speechSynthesis.speak = (u) => window.__said.push(u.text); speechSynthesis.cancel = () => {}; return true",
    )
    .await?;
    Ok(())
}

async fn said(b: &Browser) -> anyhow::Result<String> {
    Ok(script(b, "return (window.__said || []).join('')").await?.as_str().unwrap_or_default().to_owned())
}

/// Six six-minute visits at window 1 in category A, then two people waiting: the hall has
/// service times to estimate from.
pub(crate) async fn busy_morning(d: &Demo, site: i64) -> i64 {
    let (_, v) = d.json("GET", &format!("/api/v1/sites/{site}/queue-categories"), None, None).await;
    let cat = v["items"].as_array().and_then(|i| i.iter().find(|c| c["prefix"] == "A")).and_then(|c| c["id"].as_i64()).expect("category A");
    let clerk = d.token("clerk1").await;
    let w1 = d.ids.window("wsq-zwzx", "1");
    for _ in 0..6 {
        let (s, t) = d.json("POST", "/api/v1/tickets", Some(KIOSK), Some(json!({"site_id": site, "category_id": cat}))).await;
        assert!(s.is_success(), "{t}");
        let (s, v) = d.json("POST", &format!("/api/v1/windows/{w1}/call-next"), Some(&clerk), None).await;
        assert!(s.is_success(), "{v}");
        d.app.clock.advance(chrono::Duration::minutes(6));
        let id = v["ticket"]["id"].as_i64().expect("called");
        let (s, v) = d.json("POST", &format!("/api/v1/tickets/{id}/finish"), Some(&clerk), Some(json!({}))).await;
        assert!(s.is_success(), "{v}");
    }
    for _ in 0..2 {
        let (s, t) = d.json("POST", "/api/v1/tickets", Some(KIOSK), Some(json!({"site_id": site, "category_id": cat}))).await;
        assert!(s.is_success(), "{t}");
    }
    d.app.clock.advance(chrono::Duration::seconds(5));
    cat
}

#[tokio::test]
async fn the_kiosk_estimates_waits_looks_up_progress_and_opens_printable_guides() {
    let d = Demo::sqlite().await;
    let site = centre(&d);
    let cat = busy_morning(&d, site).await;
    let (case_no, code) = {
        let (_, no, code) = crate::portal_pages::completed_case(&d).await;
        (no, code)
    };
    // The public estimate behind the kiosk and the phone page: two waiting, six minutes each, one
    // open window of the centre serving A.
    let (s, w) = d.json("GET", &format!("/api/v1/sites/{site}/queue-waits"), None, None).await;
    assert!(s.is_success(), "{w}");
    let line = w["items"].as_array().and_then(|i| i.iter().find(|x| x["category_id"] == cat)).cloned().expect("A");
    assert_eq!(line["waiting"], 2, "{line}");
    let est = line["est_wait_min"].as_i64().expect("an estimate");
    assert!(est > 0 && est <= 12, "two people, six minutes each, at least one window: {line}");
    let base = testkit::serve(d.router()).await;
    journey("kiosk_lookups", async |b| {
        b.client().set_window_size(1920, 1080).await?;
        b.goto(&format!("{base}/device?token={KIOSK}")).await?;
        b.wait_for_text("请选择您要办理的业务").await?;
        b.wait_for_text(&format!("等候 2 人 · 约 {est} 分钟")).await?;

        // Progress by case number and query code, printable.
        b.click("#open-progress").await?;
        b.fill("#pg-no", &case_no).await?;
        b.fill("#pg-code", "WRONG123").await?;
        b.click("#progress-form button[type=submit]").await?;
        b.find("#pg-error:not([hidden])").await?;
        b.fill("#pg-code", &code).await?;
        b.click("#progress-form button[type=submit]").await?;
        b.find("#pg-result:not([hidden])").await?;
        let status = b.text("#pg-status").await?;
        anyhow::ensure!(status == "已办结", "the case's state: {status}");
        let steps = script(b, "return document.querySelectorAll('#pg-steps li').length").await?.as_i64().unwrap_or(0);
        anyhow::ensure!(steps >= 3, "the steps are listed: {steps}");
        b.click("#pg-result [data-back]").await?;

        // The guide shelf: the hall's items by category, each a printable guide with a way back.
        b.click("#open-guide").await?;
        b.find("#gd-list .k-guide-item").await?;
        b.fill("#gd-q", "有限责任公司").await?;
        b.click("#gd-list .k-guide-item").await?;
        b.wait_for_text("返回取号").await?;
        let url = b.current_url().await?;
        anyhow::ensure!(url.contains("/guide/items/") && url.ends_with("?from=kiosk"), "{url}");
        b.find("[data-print]").await?;
        b.click("a.kiosk-back").await?;
        b.wait_for_text("请选择您要办理的业务").await?;
        Ok(())
    })
    .await;
    d.cleanup().await;
}

#[tokio::test]
async fn elder_mode_is_large_high_contrast_read_aloud_and_remembered_per_device() {
    let d = Demo::sqlite().await;
    let site = centre(&d);
    busy_morning(&d, site).await;
    let item = d.ids.items[COMPANY];
    let (s, t) = d.json("POST", "/api/v1/tickets", Some(KIOSK), Some(json!({"site_id": site, "category_id": 1}))).await;
    assert!(s.is_success(), "{t}");
    let follow = t["follow_code"].as_str().expect("code").to_owned();
    let base = testkit::serve(d.router()).await;
    journey("elder_mode", async |b| {
        b.client().set_window_size(390, 844).await?;
        b.goto(&format!("{base}/m/sites/{site}")).await?;
        b.find("#categories .m-cat").await?;
        anyhow::ensure!(!is_elder(b).await?, "standard by default");
        let (small, _) = smallest_text(b).await?;
        anyhow::ensure!(small < 20.0, "the standard page has small print, so the check below means something: {small}");
        b.click("[data-elder]").await?;
        anyhow::ensure!(is_elder(b).await?, "the toggle switches to elder mode");
        // Remembered on this device: a reload and every other public page open in elder mode.
        let pages = [
            format!("/m/sites/{site}"),
            format!("/q/{follow}"),
            "/portal".to_owned(),
            "/progress".to_owned(),
            format!("/guide/items/{item}"),
        ];
        for p in &pages {
            b.goto(&format!("{base}{p}")).await?;
            b.find("[data-elder][aria-pressed=true]").await?;
            anyhow::ensure!(is_elder(b).await?, "{p} opens in elder mode");
            // Let late rendering (categories, the ticket) settle, then measure.
            tokio::time::sleep(std::time::Duration::from_millis(400)).await;
            let (small, where_) = smallest_text(b).await?;
            anyhow::ensure!(small >= 20.0, "{p}: text under 20 px in elder mode: {small} px at {where_}");
            let colours = script(b, "const s = getComputedStyle(document.body); return [s.color, s.backgroundColor]").await?;
            anyhow::ensure!(colours == json!(["rgb(0, 0, 0)", "rgb(255, 255, 255)"]), "{p}: black on white: {colours}");
            if let Some(o) = crate::phone::overflow(b).await? {
                anyhow::bail!("{p} is wider than the phone in elder mode: {o}");
            }
            record_speech(b).await?;
            b.click("[data-read]").await?;
            let text = said(b).await?;
            let h1 = b.text("h1").await?;
            anyhow::ensure!(text.contains(h1.trim()) || text.len() > 20, "{p}: read aloud: {text:?}");
        }
        // The phone ticket's page says the estimate.
        b.goto(&format!("{base}/q/{follow}")).await?;
        let headline = b.text("#headline").await?;
        anyhow::ensure!(headline.contains("预计等候约") && headline.contains("分钟"), "{headline}");
        // Switched off again, it stays off.
        b.click("[data-elder]").await?;
        b.goto(&format!("{base}/portal")).await?;
        b.find("[data-elder][aria-pressed=false]").await?;
        anyhow::ensure!(!is_elder(b).await?, "off is remembered too");
        // The kiosk in elder mode reads the ticket it prints.
        b.client().set_window_size(1920, 1080).await?;
        b.goto(&format!("{base}/device?token={KIOSK}")).await?;
        b.wait_for_text("请选择您要办理的业务").await?;
        b.click("[data-elder]").await?;
        record_speech(b).await?;
        script(b, "window.print = () => {}; return true").await?;
        b.click(".k-cat").await?;
        b.find("#ticket:not([hidden])").await?;
        let no = b.text("#t-no").await?;
        let text = said(b).await?;
        anyhow::ensure!(text.contains(&format!("您的号码是 {no}")), "the kiosk says the number: {text:?}");
        let (small, where_) = smallest_text(b).await?;
        anyhow::ensure!(small >= 20.0, "kiosk text under 20 px in elder mode: {small} px at {where_}");
        Ok(())
    })
    .await;
    d.cleanup().await;
}
