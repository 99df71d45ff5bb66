//! The state every handler shares: the application, the in-memory metrics and the start time.

use std::sync::Arc;
use std::time::Instant;

use crate::metrics::Metrics;

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    pub app: app::App,
    pub metrics: Arc<Metrics>,
    pub started: Instant,
}

impl AppState {
    pub fn new(app: app::App) -> AppState {
        AppState { app, metrics: Arc::new(Metrics::default()), started: Instant::now() }
    }
}
