//! Every public page fits a phone (issue 17, E17): in headless Chromium at 390×844, no page scrolls
//! sideways (`scrollWidth ≤ innerWidth`), and a page that would names the elements that stick out.

use serde_json::json;
use testkit::browser::{Browser, journey};

use crate::support::{Demo, centre};

/// 有限责任公司设立登记: a long guide with tables of materials.
const COMPANY: &str = "010200100100";

/// The page's horizontal overflow: `None` when it fits, else what sticks out.
pub(crate) async fn overflow(b: &Browser) -> anyhow::Result<Option<String>> {
    let v = b
        .client()
        .execute(
            "const w = window.innerWidth; const d = document.documentElement;\
             if (d.scrollWidth <= w) return null;\
             const out = [];\
             for (const e of document.querySelectorAll('body *')) {\
               const r = e.getBoundingClientRect();\
               if (r.right > w + 0.5 && out.length < 5) out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + String(e.className).split(' ').join('.') : '') + ' ' + Math.round(r.right));\
             }\
             return 'scrollWidth ' + d.scrollWidth + ' > ' + w + ': ' + out.join(', ');",
            vec![],
        )
        .await?;
    Ok(v.as_str().map(str::to_owned))
}

#[tokio::test]
async fn every_public_page_fits_a_phone_390_wide() {
    let d = Demo::sqlite().await;
    let base = testkit::serve(d.router()).await;
    let site = centre(&d);
    let item = d.ids.items[COMPANY];
    let (s, t) = d.json("POST", "/api/v1/tickets", Some("dev_demo-kiosk-wsq-zwzx"), Some(json!({"site_id": site, "category_id": 1}))).await;
    assert!(s.is_success(), "{t}");
    let follow = t["follow_code"].as_str().map(str::to_owned);
    journey("public_pages_fit_a_phone", async |b| {
        b.client().set_window_size(390, 844).await?;
        let width: i64 = b.client().execute("return window.innerWidth", vec![]).await?.as_i64().unwrap_or(0);
        anyhow::ensure!((360..=414).contains(&width), "a phone's width: {width}");
        let mut pages = vec![
            format!("/guide/items/{item}"),
            "/portal".to_owned(),
            format!("/portal/items/{item}"),
            "/portal/login".to_owned(),
            format!("/m/sites/{site}"),
            format!("/m/sites/{site}/appointments"),
            "/progress".to_owned(),
            "/public/ratings".to_owned(),
        ];
        if let Some(f) = follow {
            pages.push(format!("/q/{f}"));
        }
        let mut bad = Vec::new();
        for p in &pages {
            b.goto(&format!("{base}{p}")).await?;
            if let Some(o) = overflow(b).await? {
                bad.push(format!("{p}: {o}"));
            }
        }
        anyhow::ensure!(bad.is_empty(), "pages wider than the phone:\n{}", bad.join("\n"));
        Ok(())
    })
    .await;
}
