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
    /// Hot-path reads of the queue (sites, windows, today's seats, work profiles, categories,
    /// settings), trusted for [`TTL`]; this process's own writes clear them at once.
    pub hot: Hot,
    /// Resolved credentials by token hash (a revoked device token stops working within [`TTL`]
    /// in every process); account changes in this process clear them at once.
    pub auth: Ttl<String, crate::auth::Resolved>,
    /// Parsed standards of published item versions, which never change (a change is a new
    /// version), so they need no expiry; bounded in size.
    /// The warning-ladder policies (a small table), trusted for [`TTL`]; cleared by this
    /// process's own edits.
    pub ladders: Ttl<(), Arc<Vec<store::cases::PolicyRow>>>,
    pub item_contents: std::sync::Mutex<std::collections::HashMap<i64, Arc<domain::catalog::ItemContent>>>,
}

impl Caches {
    pub fn item_content(&self, version_id: i64) -> Option<Arc<domain::catalog::ItemContent>> {
        self.item_contents.lock().expect("item content cache lock").get(&version_id).cloned()
    }

    pub fn put_item_content(&self, version_id: i64, c: Arc<domain::catalog::ItemContent>) {
        let mut m = self.item_contents.lock().expect("item content cache lock");
        if m.len() >= 4096 {
            m.clear();
        }
        m.insert(version_id, c);
    }
}

/// How long a cached read is trusted (changes made by another process show within this time).
pub const TTL: std::time::Duration = std::time::Duration::from_secs(2);

type Stamped<V> = (std::time::Instant, chrono::DateTime<chrono::Utc>, V);

/// A small map whose entries expire [`TTL`] after they were stored, by the wall clock and by the
/// app's clock, so expiry follows a test's fixed clock as it does the real one.
#[derive(Debug)]
pub struct Ttl<K, V>(std::sync::Mutex<std::collections::HashMap<K, Stamped<V>>>);

impl<K, V> Default for Ttl<K, V> {
    fn default() -> Self {
        Ttl(std::sync::Mutex::new(std::collections::HashMap::new()))
    }
}

impl<K: std::hash::Hash + Eq, V: Clone> Ttl<K, V> {
    pub fn get(&self, k: &K, now: chrono::DateTime<chrono::Utc>) -> Option<V> {
        let ttl = chrono::Duration::from_std(TTL).unwrap_or_default();
        let m = self.0.lock().expect("ttl cache lock");
        m.get(k).filter(|(at, app_at, _)| at.elapsed() < TTL && (now - *app_at).abs() < ttl).map(|(_, _, v)| v.clone())
    }

    pub fn put(&self, k: K, now: chrono::DateTime<chrono::Utc>, v: V) {
        let mut m = self.0.lock().expect("ttl cache lock");
        if m.len() > 10_000 {
            m.retain(|_, (at, _, _)| at.elapsed() < TTL);
        }
        m.insert(k, (std::time::Instant::now(), now, v));
    }

    /// The cached value, or `load`'s, which is then cached.
    pub async fn get_or_load<E>(&self, k: K, now: chrono::DateTime<chrono::Utc>, load: impl AsyncFnOnce() -> Result<V, E>) -> Result<V, E> {
        if let Some(v) = self.get(&k, now) {
            return Ok(v);
        }
        let v = load().await?;
        self.put(k, now, v.clone());
        Ok(v)
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
    pub policies: Ttl<i64, Arc<domain::queue::Policy>>,
}

impl Hot {
    pub fn clear(&self) {
        self.sites.clear();
        self.windows.clear();
        self.seats.clear();
        self.profiles.clear();
        self.categories.clear();
        self.policies.clear();
    }
}
