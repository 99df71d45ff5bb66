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
    /// The bearer token `/metrics` asks for; without one, only this host (loopback) may read it.
    pub metrics_token: Option<String>,
    /// The hall is served over HTTPS (its public URL is `https://…`): cookies are `Secure`.
    pub https: bool,
    /// The demo's SMS gateway (`yichuang demo` only): its texts are shown at `/demo/sms`.
    pub demo_sms: Option<Arc<app::outbox::DemoGateway>>,
}

impl AppState {
    pub fn new(app: app::App) -> AppState {
        AppState { app, metrics: Arc::new(Metrics::default()), started: Instant::now(), metrics_token: None, https: false, demo_sms: None }
    }

    /// The same state for a hall reached at `public_url` (e.g. `https://zwfw.example.gov.cn`).
    pub fn with_public_url(self, public_url: Option<&str>) -> AppState {
        AppState { https: public_url.is_some_and(|u| u.trim().to_ascii_lowercase().starts_with("https://")), ..self }
    }

    /// The same state for the demo, whose texts go through `gateway` and show in clear.
    pub fn with_demo_sms(self, gateway: Arc<app::outbox::DemoGateway>) -> AppState {
        AppState { demo_sms: Some(gateway), ..self }
    }

    /// The same state with `/metrics` behind a bearer token.
    pub fn with_metrics_token(self, token: Option<String>) -> AppState {
        AppState { metrics_token: token.filter(|t| !t.is_empty()), ..self }
    }
}
