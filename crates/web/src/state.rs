//! The state every handler shares: the application, the in-memory metrics and the start time.
//!
//! Every layer and extractor clones the state for each request, so it is one `Arc`: a clone is a
//! reference count, not a copy of the application's pools, key, paths and settings.

use std::ops::Deref;
use std::sync::Arc;
use std::time::Instant;

use crate::metrics::Metrics;

/// Shared state of every handler (cheap to clone; its fields are read through `Deref`).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// What [`AppState`] shares.
#[derive(Clone)]
pub struct Shared {
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

impl Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl AppState {
    pub fn new(app: app::App) -> AppState {
        AppState(Arc::new(Shared {
            app,
            metrics: Arc::new(Metrics::default()),
            started: Instant::now(),
            metrics_token: None,
            https: false,
            demo_sms: None,
        }))
    }

    /// The state with one setting changed (used while the server is put together).
    fn with(self, change: impl FnOnce(&mut Shared)) -> AppState {
        let mut s = Arc::try_unwrap(self.0).unwrap_or_else(|shared| (*shared).clone());
        change(&mut s);
        AppState(Arc::new(s))
    }

    /// The same state for a hall reached at `public_url` (e.g. `https://zwfw.example.gov.cn`).
    pub fn with_public_url(self, public_url: Option<&str>) -> AppState {
        let https = public_url.is_some_and(|u| u.trim().to_ascii_lowercase().starts_with("https://"));
        self.with(|s| s.https = https)
    }

    /// The same state for the demo, whose texts go through `gateway` and show in clear.
    pub fn with_demo_sms(self, gateway: Arc<app::outbox::DemoGateway>) -> AppState {
        self.with(|s| s.demo_sms = Some(gateway))
    }

    /// The same state with `/metrics` behind a bearer token.
    pub fn with_metrics_token(self, token: Option<String>) -> AppState {
        let token = token.filter(|t| !t.is_empty());
        self.with(|s| s.metrics_token = token)
    }
}
