//! Waiting-time estimates (R1): from the hall's recent service times per category and the
//! windows open for each category now ([`domain::queue::WaitModel`]). The model is cached per
//! hall for the hot-path period, so a ticket or a screen refresh costs a map look-up.

use std::sync::Arc;

use domain::queue::{WaitModel, WindowStatus};

use super::views::TicketView;
use crate::{App, Result};

/// How far back finished visits count, in days, and how many of the latest are read.
const HISTORY_DAYS: u64 = 14;
const HISTORY_VISITS: i64 = 2_000;

/// The hall's current wait model (cached).
pub async fn wait_model(app: &App, site_id: i64) -> Result<Arc<WaitModel>> {
    app.caches
        .hot
        .waits
        .get_or_load(site_id, app.clock.now(), async || {
            let from = app.clock.now() - chrono::Days::new(HISTORY_DAYS);
            let mut tx = app.read().await?;
            let visits = store::queue::recent_services(&mut tx, site_id, from, HISTORY_VISITS).await?;
            let states = store::queue::window_states(&mut tx, site_id).await?;
            let profiles = store::queue::site_profiles(&mut tx, site_id).await?;
            drop(tx);
            let visits: Vec<(i64, i64)> = visits.into_iter().map(|(c, called, done)| (c, (done - called).num_seconds())).collect();
            let open: Vec<Vec<i64>> = states
                .iter()
                .filter(|w| w.active && w.status.as_deref() == Some(WindowStatus::Open.code()))
                .map(|w| profiles.iter().filter(|p| p.0 == w.window_id).map(|p| p.1).collect())
                .collect();
            Ok(Arc::new(WaitModel::new(&visits, &open)))
        })
        .await
}

/// Adds the estimated wait to a waiting ticket (others keep none).
pub async fn with_estimate(app: &App, mut t: TicketView) -> Result<TicketView> {
    if let Some(ahead) = t.waiting_ahead {
        t.est_wait_min = wait_model(app, t.site_id).await?.minutes(t.category_id, ahead);
    }
    Ok(t)
}

/// One category's queue as the public sees it before taking a ticket.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct WaitLine {
    pub category_id: i64,
    pub prefix: String,
    pub name: String,
    pub waiting: i64,
    /// Estimated minutes a ticket taken now waits; `null` without an estimate.
    pub est_wait_min: Option<i64>,
    /// The same as the public reads it («约 12 分钟»), or «暂无估算».
    pub est_wait_text: String,
}

/// How many wait in each of a hall's active categories and for about how long (public: the
/// phone ticket page and the kiosk ask before a ticket is taken).
pub async fn waits(app: &App, site_id: i64) -> Result<Vec<WaitLine>> {
    let day = app.clock.today();
    let mut tx = app.read().await?;
    store::org::get_site(&mut tx, site_id).await?;
    let counts = store::queue::waiting_by_category(&mut tx, site_id, day).await?;
    drop(tx);
    let model = wait_model(app, site_id).await?;
    let cats = super::calling::hot_categories(app, site_id).await?;
    Ok(cats
        .iter()
        .filter(|c| c.active)
        .map(|c| {
            let waiting = counts.iter().find(|w| w.0 == c.id).map_or(0, |w| w.1);
            let est = model.minutes(c.id, waiting);
            WaitLine {
                category_id: c.id,
                prefix: c.prefix.clone(),
                name: c.name.clone(),
                waiting,
                est_wait_min: est,
                est_wait_text: est.map_or_else(|| "暂无估算".to_owned(), domain::queue::wait_phrase),
            }
        })
        .collect())
}
