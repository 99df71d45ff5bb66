//! The application handle every use case takes: database, cipher, files, clock, settings and
//! the in-process caches.

use std::sync::Arc;

use store::files::FileStore;
use store::{Db, crypto::Cipher};

use std::future::Future;
use std::pin::Pin;

use domain::calendar::Calendar;
use domain::search::SearchIndex;
use tokio::sync::{RwLock, broadcast, mpsc};

use crate::error::Result;
use crate::runtime::caches::{Hot, Resolved, Ttl};
use crate::runtime::clock::Clock;
use crate::runtime::events::{Bus, Event};
use crate::runtime::later::Later;

/// Tunable security settings.
#[derive(Clone, Debug)]
pub struct Settings {
    /// How long a session lives after login.
    pub session_hours: i64,
    /// Failed sign-ins of one user name from one client (within an hour) after which that pair
    /// backs off.
    pub lockout_after: i64,
    /// The longest back-off, in minutes.
    pub lockout_minutes: i64,
    /// Failed sign-ins from one client across all user names after which the client backs off.
    pub client_limit: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { session_hours: 12, lockout_after: 5, lockout_minutes: 15, client_limit: 20 }
    }
}

/// Everything a use case needs: the database, the PII cipher, file storage, the clock, and the
/// in-process caches derived from the database (catalogue search index, working-day calendar).
#[derive(Clone, Debug)]
pub struct App {
    pub db: Db,
    pub cipher: Cipher,
    pub files: FileStore,
    pub clock: Clock,
    pub settings: Settings,
    pub(crate) caches: Arc<Caches>,
}

impl App {
    /// An application over `db` with empty caches (they fill on first use).
    pub fn new(db: Db, cipher: Cipher, files: FileStore, clock: Clock, settings: Settings) -> App {
        App { db, cipher, files, clock, settings, caches: Arc::default() }
    }

    /// A mobile as stored: ciphertext, blind index (for look-ups and quotas) and the masked text.
    pub(crate) fn seal_phone(&self, m: &domain::validate::Mobile) -> (Vec<u8>, String, String) {
        (self.cipher.encrypt(m.as_str()), self.phone_hash(m.as_str()), m.masked())
    }

    /// The blind index of a mobile number.
    pub(crate) fn phone_hash(&self, phone: &str) -> String {
        self.cipher.blind_index("phone", phone)
    }

    /// Opens a read unit of work.
    pub(crate) async fn read(&self) -> Result<store::Tx> {
        Ok(self.db.read().await?)
    }

    /// Opens a write transaction.
    pub(crate) async fn write(&self) -> Result<store::Tx> {
        Ok(self.db.begin().await?)
    }

    /// Commits a change to the service network (org units, sites, windows, staff, seats) and
    /// forgets the hot lookups that were read from it.
    pub(crate) async fn commit_network(&self, tx: store::Tx) -> Result<()> {
        tx.commit().await?;
        self.caches.hot.clear();
        Ok(())
    }
}

impl App {
    /// Publishes a committed event to every subscriber in this process.
    pub fn publish(&self, e: Arc<Event>) {
        let _ = self.caches.bus.tx.send(e);
    }

    /// Subscribes to every event of this process (filter by site and window).
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Event>> {
        self.caches.bus.tx.subscribe()
    }
}

/// The caches of one process.
#[derive(Debug, Default)]
pub(crate) struct Caches {
    /// The catalogue search index, built lazily; `None` after a catalogue write.
    pub search: RwLock<Option<SearchIndex>>,
    /// The compiled working-day calendar; `None` after a calendar edit.
    pub calendar: RwLock<Option<Arc<Calendar>>>,
    /// The queue's group-commit writer, started on first use.
    pub writer: std::sync::OnceLock<Writer>,
    /// The live event bus.
    pub bus: Bus,
    /// Hot-path reads of the queue (sites, windows, today's seats, work profiles, categories,
    /// settings), trusted for [`TTL`](crate::runtime::caches::TTL); this process's own writes clear them at once.
    pub hot: Hot,
    /// Resolved credentials by token hash (a revoked device token stops working within [`TTL`](crate::runtime::caches::TTL)
    /// in every process); account changes in this process clear them at once.
    pub auth: Ttl<String, Resolved>,
    /// Parsed standards of published item versions, which never change (a change is a new
    /// version), so they need no expiry; bounded in size.
    /// The warning-ladder policies (a small table), trusted for [`TTL`](crate::runtime::caches::TTL); cleared by this
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

/// A boxed future borrowing the writer's transaction.
pub type BoxFut<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What a job may touch: the app, the batch's transaction, the batch's outgoing events, and the
/// rows written for the whole batch at its end.
pub struct Ctx<'a> {
    pub app: &'a App,
    pub tx: &'a mut store::Tx,
    pub events: &'a mut Vec<Arc<Event>>,
    pub later: &'a mut Later,
}

impl Ctx<'_> {
    /// Records a ticket step with this batch.
    #[allow(clippy::too_many_arguments)]
    pub fn step(
        &mut self,
        ticket_id: i64,
        site_id: i64,
        at: chrono::DateTime<chrono::Utc>,
        kind: &'static str,
        window_id: Option<i64>,
        staff_id: Option<i64>,
        actor: &str,
        note: &str,
    ) {
        self.later.steps.push(store::queue::NewEvent {
            ticket_id,
            site_id,
            at,
            kind,
            window_id,
            staff_id,
            actor: actor.to_owned(),
            note: note.to_owned(),
        });
    }
}

/// One caller's job: its work, which the writer may run more than once (only the last run's
/// writes and result survive), and the channel its answer goes back on.
pub(crate) trait Job: Send {
    /// Runs the work in the batch's transaction; true when it succeeded.
    fn run<'a>(&'a mut self, ctx: Ctx<'a>) -> BoxFut<'a, bool>;
    /// Answers the caller once the batch has committed (or failed).
    fn answer(self: Box<Self>, committed: std::result::Result<(), String>);
}

/// The handle of the writer task.
#[derive(Debug)]
pub(crate) struct Writer {
    pub(crate) tx: mpsc::Sender<Box<dyn Job>>,
}
