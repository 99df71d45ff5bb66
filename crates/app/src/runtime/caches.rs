//! In-process caches derived from the database: the catalogue search index and the working-day
//! calendar. Writes through `app` invalidate them; the next read rebuilds them. (With several
//! server processes each keeps its own copy; cross-process invalidation arrives with that issue.)

use std::sync::Arc;

use crate::Actor;
use store::accounts::DeviceRow;

/// How long a cached read is trusted (changes made by another process show within this time).
pub const TTL: std::time::Duration = std::time::Duration::from_secs(2);

type Stamped<V> = (std::time::Instant, chrono::DateTime<chrono::Utc>, V);

/// A small map whose entries expire [`TTL`] after they were stored, by the wall clock and by the
/// app's clock, so expiry follows a test's fixed clock as it does the real one.
/// An expired entry is reloaded by one request while the others keep the value just expired
/// (under load, every request of a period would otherwise miss together and each read the database).
#[derive(Debug)]
pub struct Ttl<K, V>(std::sync::Mutex<std::collections::HashMap<K, Stamped<V>>>, tokio::sync::Mutex<()>);

impl<K, V> Default for Ttl<K, V> {
    fn default() -> Self {
        Ttl(std::sync::Mutex::new(std::collections::HashMap::new()), tokio::sync::Mutex::new(()))
    }
}

impl<K: std::hash::Hash + Eq, V: Clone> Ttl<K, V> {
    pub fn get(&self, k: &K, now: chrono::DateTime<chrono::Utc>) -> Option<V> {
        let ttl = chrono::Duration::from_std(TTL).unwrap_or_default();
        let m = self.0.lock().expect("ttl cache lock");
        m.get(k).filter(|(at, app_at, _)| at.elapsed() < TTL && (now - *app_at).abs() < ttl).map(|(_, _, v)| v.clone())
    }

    /// An entry at most ten periods old (what was just loaded, while it is loaded again).
    fn stale(&self, k: &K, now: chrono::DateTime<chrono::Utc>) -> Option<V> {
        let ttl = chrono::Duration::from_std(TTL * 10).unwrap_or_default();
        let m = self.0.lock().expect("ttl cache lock");
        m.get(k).filter(|(at, app_at, _)| at.elapsed() < TTL * 10 && (now - *app_at).abs() < ttl).map(|(_, _, v)| v.clone())
    }

    pub fn put(&self, k: K, now: chrono::DateTime<chrono::Utc>, v: V) {
        let mut m = self.0.lock().expect("ttl cache lock");
        if m.len() > 10_000 {
            m.retain(|_, (at, _, _)| at.elapsed() < TTL);
        }
        m.insert(k, (std::time::Instant::now(), now, v));
    }

    /// The cached value, or `load`'s, which is then cached (`load` must not use this cache).
    pub async fn get_or_load<E>(&self, k: K, now: chrono::DateTime<chrono::Utc>, load: impl AsyncFnOnce() -> Result<V, E>) -> Result<V, E> {
        if let Some(v) = self.get(&k, now) {
            return Ok(v);
        }
        // While another request loads, the value that just expired is served rather than loaded
        // again (never waiting: a waiter could hold the connection the load needs).
        let _loading = match self.1.try_lock() {
            Ok(g) => Some(g),
            Err(_) => match self.stale(&k, now) {
                Some(v) => return Ok(v),
                None => None,
            },
        };
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
    /// What each hall's waiting-time estimates rest on (recent service times, open windows).
    pub waits: Ttl<i64, Arc<domain::queue::WaitModel>>,
}

impl Hot {
    pub fn clear(&self) {
        self.sites.clear();
        self.windows.clear();
        self.seats.clear();
        self.profiles.clear();
        self.categories.clear();
        self.policies.clear();
        self.waits.clear();
    }
}

/// A resolved credential, cached for [`TTL`] so that a busy screen or
/// client costs one look-up per period rather than one per request. Account changes clear the
/// cache in this process; other processes see them within the period.
#[derive(Debug, Clone)]
pub(crate) enum Resolved {
    Session(Option<(Actor, String, Option<i64>)>),
    Api(Option<Actor>),
    Device(Option<DeviceRow>),
}
