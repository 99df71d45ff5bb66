//! The demo's queue: ticket categories for every site, each window's work profile by its kind and
//! departments, and hall devices with fixed demo tokens so the printed device links always work.

use std::collections::HashMap;

use anyhow::Context;
use app::Actor;
use app::queue::CategoryInput;
use domain::catalog::ItemLevel;
use domain::org::{SiteKind, WindowKind};

use app::org::io::{NetworkFile, SiteSpec};

use super::data::{CENTRE_KEY, CatalogItem, DemoIds, fail};

/// The banner centre's specialised categories: prefix, name, the departments whose items they take.
const CENTRE_SPECIAL: &[(&str, &str, &[&str])] = &[
    ("B", "企业服务", &["scjgj", "swj"]),
    ("C", "社保医保", &["rsj", "ybj"]),
    ("D", "不动产登记", &["bdcdj"]),
    ("E", "公安户籍", &["gaj"]),
];

/// The banner centre's category names in traditional Mongolian (its screens and kiosk show both).
const CENTRE_MONGOLIAN: &[(&str, &str)] = &[
    ("A", "ᠶᠡᠷᠦᠩᠬᠡᠢ ᠬᠦᠯᠢᠶᠡᠨ ᠠᠪᠬᠤ"),
    ("B", "ᠠᠵᠤ ᠠᠬᠤᠢ ᠶᠢᠨ ᠦᠢᠯᠡᠴᠢᠯᠡᠭᠡ"),
    ("C", "ᠨᠡᠶᠢᠭᠡᠮ ᠦᠨ ᠪᠠ ᠡᠮᠨᠡᠯᠭᠡ ᠶᠢᠨ ᠳᠠᠭᠠᠳᠬᠠᠯ"),
    ("D", "ᠦᠯᠦ ᠬᠥᠳᠡᠯᠬᠦ ᠡᠳ ᠬᠥᠷᠥᠩᠭᠡ ᠶᠢᠨ ᠪᠦᠷᠢᠳᠬᠡᠯ"),
    ("E", "ᠥᠷᠬᠡ ᠶᠢᠨ ᠪᠦᠷᠢᠳᠬᠡᠯ"),
    ("H", "ᠲᠤᠰᠠᠯᠠᠨ ᠣᠷᠣᠯᠠᠨ ᠬᠡᠷᠡᠭᠵᠢᠭᠦᠯᠬᠦ"),
    ("F", "ᠪᠡᠷᠬᠡᠰᠢᠶᠡᠯ ᠢ ᠮᠡᠳᠡᠭᠦᠯᠬᠦ"),
];

/// The demo device tokens (like the demo password, public by design; real halls issue their own).
pub fn demo_device_token(kind: &str, site_key: &str, window: Option<&str>) -> String {
    match window {
        Some(w) => format!("dev_demo-{kind}-{site_key}-{w}"),
        None => format!("dev_demo-{kind}-{site_key}"),
    }
}

/// Whether the item is stationed (进驻) at the site named `site_name`.
fn stationed_at(it: &CatalogItem, site_name: &str) -> bool {
    it.sites.iter().any(|s| s.site_name == site_name && s.state == "stationed")
}

/// Creates categories, profiles and devices for every site of the demo network, with the items of
/// the demo catalogue.
pub async fn load_queue(app: &app::App, ids: &DemoIds, net: &NetworkFile, items: &[CatalogItem]) -> anyhow::Result<()> {
    let sys = Actor::system("demo");
    let centre_name = net.sites.iter().find(|s| s.key == CENTRE_KEY).map(|s| s.name.as_str()).context("the demo centre")?;
    for site in &net.sites {
        let site_id = ids.net.sites[&site.key];
        let kind = SiteKind::parse("kind", &site.kind)?;
        let is_centre = kind == SiteKind::Centre;
        let mut special: Vec<(i64, &[&str])> = Vec::new();
        let mut general_items = Vec::new();
        let mut special_items: HashMap<&str, Vec<i64>> = HashMap::new();
        for it in items {
            let here = match kind {
                SiteKind::Centre => stationed_at(it, centre_name),
                SiteKind::TownCentre => it.content.levels.contains(&ItemLevel::Town),
                _ => it.content.levels.contains(&ItemLevel::Village),
            };
            if !here {
                continue;
            }
            let id = ids.items[&it.basic_code];
            match CENTRE_SPECIAL.iter().find(|(_, _, depts)| is_centre && depts.contains(&it.department_code.as_str())) {
                Some((prefix, _, _)) => special_items.entry(prefix).or_default().push(id),
                None => general_items.push(id),
            }
        }
        let general_name = if kind == SiteKind::Station { "综合服务" } else { "综合受理" };
        let cat = |prefix: &str, name: &str, description: &str, sort: i64, items: Vec<i64>| CategoryInput {
            prefix: prefix.into(),
            name: name.into(),
            description: description.into(),
            sort_order: Some(sort),
            daily_limit: None,
            active: true,
            item_ids: items,
            name_mn: CENTRE_MONGOLIAN.iter().find(|(p, _)| is_centre && *p == prefix).map(|(_, mn)| (*mn).to_owned()),
        };
        let a = new_category(app, &sys, site_id, cat("A", general_name, "各类事项，任一综合窗口均可办理", 0, general_items)).await?;
        if is_centre {
            for (i, (prefix, name, depts)) in CENTRE_SPECIAL.iter().enumerate() {
                let items = special_items.remove(prefix).unwrap_or_default();
                special.push((new_category(app, &sys, site_id, cat(prefix, name, "", 1 + i as i64, items)).await?, depts));
            }
        }
        let has_proxy = NetworkFile::windows(site).any(|w| w.kind == WindowKind::Proxy.code());
        let proxy = match has_proxy {
            true => Some(new_category(app, &sys, site_id, cat("H", "帮办代办", "老年人、残疾人等由工作人员全程帮办", 8, vec![])).await?),
            false => None,
        };
        let unresolved = match is_centre {
            true => {
                Some(new_category(app, &sys, site_id, cat("F", "办不成事反映", "办事遇到困难、多次未办成的，请取此号", 9, vec![])).await?)
            }
            false => None,
        };
        for w in NetworkFile::windows(site) {
            {
                let own: Vec<i64> = special
                    .iter()
                    .filter(|(_, depts)| w.departments.iter().any(|d| depts.contains(&d.as_str())))
                    .map(|(c, _)| *c)
                    .collect();
                let profile: Vec<i64> = match WindowKind::parse("kind", &w.kind)? {
                    WindowKind::Comprehensive => std::iter::once(a).chain(special.iter().map(|(c, _)| *c)).collect(),
                    WindowKind::Domain | WindowKind::Enterprise => own.iter().copied().chain(std::iter::once(a)).collect(),
                    WindowKind::Department if own.is_empty() => vec![a],
                    WindowKind::Department => own,
                    WindowKind::Proxy => proxy.into_iter().chain(std::iter::once(a)).collect(),
                    WindowKind::Unresolved => unresolved.into_iter().collect(),
                };
                let window_id = ids.window_at(&site.key, &w.number).with_context(|| format!("window {} of {}", w.number, site.key))?;
                app::queue::set_window_profile(app, &sys, window_id, &profile).await.map_err(fail)?;
            }
        }
        // Appointments: half-hour slots in opening hours for the general and specialised lines.
        let mut bookable = if kind == SiteKind::Station { vec![] } else { vec![a] };
        bookable.extend(special.iter().map(|(c, _)| *c));
        for category_id in bookable {
            for (start, end) in [("09:00", "12:00"), ("14:30", "17:30")] {
                let t = app::appointments::TemplateInput {
                    category_id: Some(category_id),
                    weekdays: vec![],
                    start: start.into(),
                    end: end.into(),
                    slot_minutes: Some(30),
                    capacity: Some(if is_centre { 4 } else { 2 }),
                    effective_from: String::new(),
                    effective_to: String::new(),
                };
                app::appointments::create_template(app, &sys, site_id, &t).await.map_err(fail)?;
            }
        }
        load_devices(app, &sys, ids, site, kind, site_id).await?;
    }
    Ok(())
}

/// Creates a queue category at a site; its id.
async fn new_category(app: &app::App, sys: &Actor, site_id: i64, input: CategoryInput) -> anyhow::Result<i64> {
    Ok(app::queue::create_category(app, sys, site_id, &input).await.map_err(fail)?.category.id)
}

async fn load_devices(app: &app::App, sys: &Actor, ids: &DemoIds, site: &SiteSpec, kind: SiteKind, site_id: i64) -> anyhow::Result<()> {
    use app::devices::DeviceInput;
    let site_key = site.key.as_str();
    let mut devices = vec![
        (
            DeviceInput { name: "取号机1".into(), kind: "kiosk".into(), site_id: Some(site_id), window_id: None },
            demo_device_token("kiosk", site_key, None),
        ),
        (
            DeviceInput { name: "大厅叫号屏".into(), kind: "calling_screen".into(), site_id: Some(site_id), window_id: None },
            demo_device_token("screen", site_key, None),
        ),
    ];
    // Terminals and rating pads above the first five windows of the centre and each town centre.
    if kind != SiteKind::Station {
        for w in NetworkFile::windows(site).take(5) {
            let window_id = ids.window(site_key, &w.number);
            devices.push((
                DeviceInput {
                    name: format!("{}号窗口屏", w.number),
                    kind: "window_terminal".into(),
                    site_id: Some(site_id),
                    window_id: Some(window_id),
                },
                demo_device_token("terminal", site_key, Some(&w.number)),
            ));
            devices.push((
                DeviceInput {
                    name: format!("{}号评价器", w.number),
                    kind: "rating_pad".into(),
                    site_id: Some(site_id),
                    window_id: Some(window_id),
                },
                demo_device_token("pad", site_key, Some(&w.number)),
            ));
        }
    }
    for (input, token) in devices {
        app::devices::issue_device_with_token(app, sys, &input, token).await.map_err(fail)?;
    }
    Ok(())
}
