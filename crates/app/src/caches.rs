//! In-process caches derived from the database: the catalogue search index and the working-day
//! calendar. Writes through `app` invalidate them; the next read rebuilds them. (With several
//! server processes each keeps its own copy; cross-process invalidation arrives with that issue.)

use std::sync::Arc;

use domain::calendar::Calendar;
use domain::search::SearchIndex;
use tokio::sync::RwLock;

/// The caches of one process.
#[derive(Debug, Default)]
pub(crate) struct Caches {
    /// The catalogue search index, built lazily; `None` after a catalogue write.
    pub search: RwLock<Option<SearchIndex>>,
    /// The compiled working-day calendar; `None` after a calendar edit.
    pub calendar: RwLock<Option<Arc<Calendar>>>,
    /// The queue's group-commit writer, started on first use.
    pub writer: std::sync::OnceLock<crate::batch::Writer>,
    /// The live event bus.
    pub bus: crate::events::Bus,
    /// Queue settings per site; cleared when a hall manager saves them.
    pub policies: std::sync::Mutex<std::collections::HashMap<i64, Arc<domain::queue::Policy>>>,
    /// Resolved credentials by token hash, with the time they were resolved.
    pub auth: std::sync::Mutex<std::collections::HashMap<String, (std::time::Instant, crate::auth::Resolved)>>,
}

/// How long a resolved credential is trusted before it is looked up again (a revoked device
/// token stops working within this time in every process).
pub const AUTH_TTL: std::time::Duration = std::time::Duration::from_secs(2);

impl Caches {
    pub fn auth_get(&self, key: &str) -> Option<crate::auth::Resolved> {
        let m = self.auth.lock().expect("auth cache lock");
        m.get(key).filter(|(at, _)| at.elapsed() < AUTH_TTL).map(|(_, r)| r.clone())
    }

    pub fn auth_put(&self, key: String, r: crate::auth::Resolved) {
        let mut m = self.auth.lock().expect("auth cache lock");
        if m.len() > 10_000 {
            m.retain(|_, (at, _)| at.elapsed() < AUTH_TTL);
        }
        m.insert(key, (std::time::Instant::now(), r));
    }

    pub fn auth_clear(&self) {
        self.auth.lock().expect("auth cache lock").clear();
    }
}
