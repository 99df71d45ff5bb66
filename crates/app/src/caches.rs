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
    /// Hot-path reads of the queue (sites, windows, today's seats, work profiles, categories),
    /// trusted for [`HOT_TTL`]; this process's own writes clear them at once.
    pub hot: Hot,
    /// Resolved credentials by token hash, with the time they were resolved.
    pub auth: std::sync::Mutex<std::collections::HashMap<String, AuthEntry>>,
}

/// A resolved credential with when it was resolved, by the wall clock and by the app's clock.
pub type AuthEntry = (std::time::Instant, chrono::DateTime<chrono::Utc>, crate::auth::Resolved);

/// How long a resolved credential is trusted before it is looked up again (a revoked device
/// token stops working within this time in every process).
pub const AUTH_TTL: std::time::Duration = std::time::Duration::from_secs(2);

impl Caches {
    /// A credential resolved less than [`AUTH_TTL`] ago, by the wall clock and by the app's clock
    /// (`now`), so expiry follows a test's fixed clock as it does the real one.
    pub fn auth_get(&self, key: &str, now: chrono::DateTime<chrono::Utc>) -> Option<crate::auth::Resolved> {
        let ttl = chrono::Duration::from_std(AUTH_TTL).unwrap_or_default();
        let m = self.auth.lock().expect("auth cache lock");
        m.get(key).filter(|(at, app_at, _)| at.elapsed() < AUTH_TTL && (now - *app_at).abs() < ttl).map(|(_, _, r)| r.clone())
    }

    pub fn auth_put(&self, key: String, now: chrono::DateTime<chrono::Utc>, r: crate::auth::Resolved) {
        let mut m = self.auth.lock().expect("auth cache lock");
        if m.len() > 10_000 {
            m.retain(|_, (at, _, _)| at.elapsed() < AUTH_TTL);
        }
        m.insert(key, (std::time::Instant::now(), now, r));
    }

    pub fn auth_clear(&self) {
        self.auth.lock().expect("auth cache lock").clear();
    }
}

/// How long a hot-path read is trusted (changes made by another process show within this time).
pub const HOT_TTL: std::time::Duration = std::time::Duration::from_secs(2);

/// A small map whose entries expire after [`HOT_TTL`].
#[derive(Debug)]
pub struct Ttl<K, V>(std::sync::Mutex<std::collections::HashMap<K, (std::time::Instant, V)>>);

impl<K, V> Default for Ttl<K, V> {
    fn default() -> Self {
        Ttl(std::sync::Mutex::new(std::collections::HashMap::new()))
    }
}

impl<K: std::hash::Hash + Eq, V: Clone> Ttl<K, V> {
    pub fn get(&self, k: &K) -> Option<V> {
        let m = self.0.lock().expect("ttl cache lock");
        m.get(k).filter(|(at, _)| at.elapsed() < HOT_TTL).map(|(_, v)| v.clone())
    }

    pub fn put(&self, k: K, v: V) {
        let mut m = self.0.lock().expect("ttl cache lock");
        if m.len() > 4096 {
            m.retain(|_, (at, _)| at.elapsed() < HOT_TTL);
        }
        m.insert(k, (std::time::Instant::now(), v));
    }

    pub fn clear(&self) {
        self.0.lock().expect("ttl cache lock").clear();
    }
}

/// The queue's hot-path reads.
#[derive(Debug, Default)]
pub struct Hot {
    pub sites: Ttl<i64, Arc<store::org::SiteRow>>,
    pub windows: Ttl<i64, Arc<store::org::WindowRow>>,
    pub seats: Ttl<(i64, chrono::NaiveDate), Arc<Vec<store::org::SeatRow>>>,
    pub profiles: Ttl<i64, Arc<Vec<i64>>>,
    pub categories: Ttl<i64, Arc<Vec<store::queue::CategoryRow>>>,
}

impl Hot {
    pub fn clear(&self) {
        self.sites.clear();
        self.windows.clear();
        self.seats.clear();
        self.profiles.clear();
        self.categories.clear();
    }
}
