//! Hall screens at common sizes (issue 17, E18) and their Mongolian names (E27): the calling screen,
//! the window terminal, the kiosk (start and ticket) and the rating pad at 1920×1080, 1366×768,
//! 1366×625 (below a taskbar), 1280×720 and the vertical LED 1080×1920, in one browser resized
//! between sizes. With nine categories (two with long names), calls in progress and recent calls,
//! nothing may be clipped: no element's content exceeds its box, nothing leaves the viewport and
//! the document never scrolls. The traditional Mongolian names entered as data (the demo's banner
//! centre) show in vertical script on the screen (also after a reload), the kiosk, the terminal and
//! the guide.

use std::time::Duration;

use axum::http::StatusCode;
use serde_json::{Value, json};
use testkit::browser::{Browser, journey};

use crate::support::{Demo, centre};

const KIOSK: &str = "dev_demo-kiosk-wsq-zwzx";
const SCREEN: &str = "dev_demo-screen-wsq-zwzx";
const TERMINAL: &str = "dev_demo-terminal-wsq-zwzx-1";
const PAD: &str = "dev_demo-pad-wsq-zwzx-1";

/// The sizes of the hall's displays (inner width × height).
const SIZES: &[(i64, i64)] = &[(1920, 1080), (1366, 768), (1366, 625), (1280, 720), (1080, 1920)];

/// The banner centre's Mongolian name, as in demo/network.json.
const CENTRE_MN: &str = "ᠦᠦᠰᠢᠨ ᠬᠣᠰᠢᠭᠤ ᠶᠢᠨ ᠵᠠᠰᠠᠭ ᠤᠨ ᠦᠢᠯᠡᠴᠢᠯᠡᠭᠡ ᠶᠢᠨ ᠲᠥᠪ";
/// 企业服务 in Mongolian (the demo's category B).
const ENTERPRISE_MN: &str = "ᠠᠵᠤ ᠠᠬᠤᠢ ᠶᠢᠨ ᠦᠢᠯᠡᠴᠢᠯᠡᠭᠡ";
/// 出生登记, an item with a Mongolian name in demo/catalog.json.
const BIRTH: &str = "070300100100";
const BIRTH_MN: &str = "ᠲᠥᠷᠥᠯᠲᠡ ᠶᠢᠨ ᠪᠦᠷᠢᠳᠬᠡᠯ";

/// Everything on the page that does not fit: the document scrolling, an element whose content is
/// larger than its box, an element outside the viewport (the marquee scrolls by design).
const FIT: &str = r#"
const W = window.innerWidth, H = window.innerHeight, d = document.documentElement, out = [];
const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\s+/).join('.') : '');
if (d.scrollWidth > W || d.scrollHeight > H) out.push(`document ${d.scrollWidth}x${d.scrollHeight} > viewport ${W}x${H}`);
for (const e of document.querySelectorAll('body *')) {
  if (e.closest('.marquee, script, style, template')) continue;
  const r = e.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) continue;
  const cs = getComputedStyle(e);
  if (cs.visibility === 'hidden' || cs.display === 'none') continue;
  if (cs.display !== 'inline' && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1))
    out.push(`${name(e)} «${e.textContent.trim().slice(0, 20)}»: content ${e.scrollWidth}x${e.scrollHeight} > box ${e.clientWidth}x${e.clientHeight}`);
  if (r.left < -0.5 || r.top < -0.5 || r.right > W + 0.5 || r.bottom > H + 0.5)
    out.push(`${name(e)} «${e.textContent.trim().slice(0, 20)}»: ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)} outside ${W}x${H}`);
}
return out.slice(0, 12).join('\n');
"#;

/// Sets the viewport (not the window) to `w`×`h`, then lets the panels refit.
async fn resize(b: &Browser, w: i64, h: i64) -> anyhow::Result<()> {
    let c = b.client();
    c.set_window_size(w as u32, h as u32).await?;
    let inner = c.execute("return [window.innerWidth, window.innerHeight]", vec![]).await?;
    let (iw, ih) = (inner[0].as_i64().unwrap_or(w), inner[1].as_i64().unwrap_or(h));
    if (iw, ih) != (w, h) {
        c.set_window_size((2 * w - iw) as u32, (2 * h - ih) as u32).await?;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    Ok(())
}

/// What does not fit on the current page at each size, as lines naming page and size.
async fn misfits(b: &Browser, page: &str, bad: &mut Vec<String>) -> anyhow::Result<()> {
    for &(w, h) in SIZES {
        resize(b, w, h).await?;
        let out = b.client().execute(FIT, vec![]).await?;
        let out = out.as_str().unwrap_or_default();
        if !out.is_empty() {
            bad.push(format!("{page} at {w}x{h}:\n{out}"));
        }
    }
    Ok(())
}

/// The visible Mongolian text under `css`: vertical, in Noto Sans Mongolian, lang="mn-Mong".
async fn mongolian(b: &Browser, css: &str) -> anyhow::Result<String> {
    let v = b
        .client()
        .execute(
            "const out = [];\
             for (const e of document.querySelectorAll(arguments[0])) {\
               const cs = getComputedStyle(e); const r = e.getBoundingClientRect();\
               if (e.closest('[lang]').lang !== 'mn-Mong' || !cs.writingMode.startsWith('vertical') || !cs.fontFamily.includes('Noto Sans Mongolian')) return 'not vertical Mongolian: ' + e.outerHTML.slice(0, 200);\
               if (r.width > 0 && r.height > 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth) out.push(e.textContent.trim());\
             }\
             return out.join('|');",
            vec![json!(css)],
        )
        .await?;
    Ok(v.as_str().unwrap_or_default().to_owned())
}

async fn ok(d: &Demo, method: &str, path: &str, token: &str, body: Option<Value>) -> Value {
    let (s, v) = d.json(method, path, Some(token), body).await;
    assert!(s.is_success(), "{method} {path}: {s} {v}");
    v
}

#[tokio::test]
async fn hall_screens_fit_every_common_size_and_show_the_mongolian_names() {
    let d = Demo::sqlite().await;
    let base = testkit::serve(d.router()).await;
    let site = centre(&d);
    let hall = d.token("hall").await;
    // Nine categories: the demo's seven and two with long names (one also in Mongolian).
    let path = format!("/api/v1/sites/{site}/queue-categories");
    let long = ok(&d, "POST", &path, &hall, Some(json!({"prefix": "G", "name": "工程建设项目审批及联合验收服务", "description": "工程建设项目立项、规划、施工许可、联合验收等全流程服务", "sort_order": 6}))).await;
    ok(&d, "POST", &path, &hall, Some(json!({"prefix": "J", "name": "住房公积金提取与贷款", "name_mn": "ᠣᠷᠣᠨ ᠰᠠᠭᠤᠴᠠ ᠶᠢᠨ ᠬᠠᠳᠠᠭᠠᠯᠠᠮᠵᠢ", "description": "住房公积金缴存、提取、贷款业务", "sort_order": 7}))).await;
    let cats = ok(&d, "GET", &path, KIOSK, None).await;
    let cats: Vec<i64> = cats["items"].as_array().expect("items").iter().filter_map(|c| c["id"].as_i64()).collect();
    assert!(cats.len() >= 9, "{} categories", cats.len());
    let windows: Vec<i64> = (1..=6).map(|n| d.ids.window("wsq-zwzx", &n.to_string())).collect();
    let w6 = windows[5];
    ok(&d, "PUT", &format!("/api/v1/windows/{w6}/profile"), &hall, Some(json!({"category_ids": [long["id"]]}))).await;
    for c in &cats {
        for _ in 0..3 {
            let (s, t) = d.json("POST", "/api/v1/tickets", Some(KIOSK), Some(json!({"site_id": site, "category_id": c}))).await;
            assert_eq!(s, StatusCode::CREATED, "{t}");
        }
    }
    // Six calls in progress (recent calls), the first window on to its second ticket (the pad asks).
    for w in windows.iter().chain(std::iter::once(&windows[0])) {
        let v = ok(&d, "POST", &format!("/api/v1/windows/{w}/call-next"), &hall, None).await;
        assert!(v["ticket"].is_object(), "window {w} called nothing: {v}");
    }
    let birth = d.ids.items[BIRTH];
    journey("hall_screens_fit", async |b| {
        let mut bad = Vec::new();
        b.goto(&format!("{base}/device?token={SCREEN}")).await?;
        b.wait_for_text("排队等候").await?;
        b.wait_for_text("工程建设项目审批").await?;
        misfits(b, "calling screen", &mut bad).await?;
        // The site's and the categories' Mongolian names at all times, also after a reload.
        for round in ["first load", "reload"] {
            if round == "reload" {
                b.client().refresh().await?;
                b.wait_for_text("工程建设项目审批").await?;
            }
            let hall_mn = mongolian(b, ".hall-mn").await?;
            anyhow::ensure!(hall_mn == CENTRE_MN, "{round}: the screen's Mongolian site name reads {hall_mn:?}");
            let cats_mn = mongolian(b, "#waiting [lang='mn-Mong']").await?;
            anyhow::ensure!(cats_mn.contains(ENTERPRISE_MN), "{round}: Mongolian category names {cats_mn:?}");
        }

        b.goto(&format!("{base}/device?token={TERMINAL}")).await?;
        b.wait_for_text("正在办理").await?;
        misfits(b, "window terminal", &mut bad).await?;
        let win_mn = mongolian(b, "#w-mn").await?;
        anyhow::ensure!(win_mn.contains("ᠴᠣᠩᠬᠣ"), "the terminal's Mongolian window name reads {win_mn:?}");

        b.goto(&format!("{base}/device?token={KIOSK}")).await?;
        b.wait_for_text("工程建设项目审批").await?;
        misfits(b, "kiosk", &mut bad).await?;
        let kiosk_mn = mongolian(b, ".k-cat [lang='mn-Mong']").await?;
        anyhow::ensure!(kiosk_mn.contains(ENTERPRISE_MN), "the kiosk's Mongolian category names {kiosk_mn:?}");
        anyhow::ensure!(mongolian(b, ".hall-mn").await? == CENTRE_MN, "the kiosk's Mongolian site name");
        b.client().execute("window.print = () => {}; document.querySelector('.k-cat[data-category]').click();", vec![]).await?;
        b.find("#ticket:not([hidden])").await?;
        misfits(b, "kiosk ticket", &mut bad).await?;
        let slip_mn = mongolian(b, "#slip [lang='mn-Mong']").await?;
        anyhow::ensure!(slip_mn.contains(CENTRE_MN), "the ticket's Mongolian names {slip_mn:?}");

        b.goto(&format!("{base}/device?token={PAD}")).await?;
        b.find("#ask:not([hidden])").await?;
        b.click(".lv1").await?;
        b.find("#why:not([hidden])").await?;
        misfits(b, "rating pad", &mut bad).await?;
        anyhow::ensure!(bad.is_empty(), "clipped or overflowing:\n{}", bad.join("\n"));

        resize(b, 1366, 768).await?;
        b.goto(&format!("{base}/guide/items/{birth}")).await?;
        let guide_mn = mongolian(b, "h1 [lang='mn-Mong'], h1[lang='mn-Mong'], .guide-mn").await?;
        anyhow::ensure!(guide_mn.contains(BIRTH_MN), "the guide's Mongolian heading reads {guide_mn:?}");
        Ok(())
    })
    .await;
    d.cleanup().await;
}
