//! Loading the demo into an empty database through the product's importers, and re-seating
//! the demo staff at the start of a day.

use std::collections::HashMap;

use anyhow::Context;
use app::{Actor, App};
use domain::catalog::VersionStatus;

use super::data::*;
use super::queue::load_queue;

/// Whether the database already holds an org tree.
pub async fn is_loaded(app: &App) -> anyhow::Result<bool> {
    Ok(!app::org::list_org_units(app, &Actor::system("demo")).await.map_err(fail)?.is_empty())
}

/// Loads the whole demo into an empty database: the network file, then the catalogue file, then
/// the queue set-up derived from both.
pub async fn load(app: &App) -> anyhow::Result<DemoIds> {
    let sys = Actor::system("demo");
    // One argon2id hash for every demo account keeps loading fast; real accounts get their own.
    let hash = app::accounts::hash_password(DEMO_PASSWORD).map_err(fail)?;
    let net = app::org::io::import(app, &sys, NETWORK_JSON, Some(&hash)).await.map_err(fail).context("demo/network.json")?;
    let mut ids = DemoIds { net: net.ids, items: HashMap::new() };
    load_catalog(app, &mut ids).await?;
    load_queue(app, &ids, &network(), &catalog_items()).await?;
    Ok(ids)
}

/// The catalogue: the file imported as drafts (with where each item is implemented), then every
/// draft submitted, approved by a second person and published today.
async fn load_catalog(app: &App, ids: &mut DemoIds) -> anyhow::Result<()> {
    use app::catalog::ImportKind;
    let drafter = Actor::system("demo-catalog");
    let approver = Actor::system("demo-approver");
    let today = app.clock.today();
    app::catalog::import(app, &drafter, CATALOG_JSON, ImportKind::Json).await.map_err(fail).context("demo/catalog.json")?;
    for s in app::catalog::list_items(app, &drafter).await.map_err(fail)? {
        let vid = s.latest.id;
        app::catalog::transition(app, &drafter, vid, VersionStatus::Submitted, None).await.map_err(fail)?;
        app::catalog::transition(app, &approver, vid, VersionStatus::Approved, None).await.map_err(fail)?;
        app::catalog::transition(app, &approver, vid, VersionStatus::Published, Some(today)).await.map_err(fail)?;
        ids.items.insert(s.item.basic_code, s.item.id);
    }
    Ok(())
}

/// Seats the demo staff again for today (seating is per day; a reused demo starts a new day).
pub async fn reseat_today(app: &App) -> anyhow::Result<()> {
    let sys = Actor::system("demo");
    let net = network();
    let sites = app::org::list_sites(app, &sys).await.map_err(fail)?;
    let staff = app::org::list_staff(app, &sys, None, None, 500).await.map_err(fail)?.items;
    for (i, st) in net.staff.iter().enumerate() {
        let Some(seat) = &st.seat else { continue };
        let Some(site_def) = net.sites.iter().find(|s| s.key == seat.site) else { continue };
        let Some(site) = sites.iter().find(|s| s.site.name == site_def.name) else { continue };
        let detail = app::org::get_site(app, &sys, site.site.id).await.map_err(fail)?;
        if detail.seats.iter().any(|s| s.window_number == seat.window) {
            continue;
        }
        let Some(w) = detail.windows.iter().find(|w| w.number == seat.window) else { continue };
        // Staff were created in file order, so the i-th created staff member is the file's i-th.
        if let Some(v) = staff.get(i).filter(|v| v.name == st.name) {
            app::org::seat_today(app, &sys, w.id, Some(v.id)).await.map_err(fail)?;
        }
    }
    Ok(())
}
