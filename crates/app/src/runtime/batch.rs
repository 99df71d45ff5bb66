//! Group commit for the hot write paths (queue tickets, case intake and transitions, the SMS
//! outbox's claims and outcomes): requests become jobs on a channel; one writer, on a thread of its
//! own, takes every job waiting, runs them in one transaction (a refused job leaves no trace: see
//! [`run_batch`]), writes the rows its jobs deferred ([`Later`]) in one statement per table,
//! commits once, and only then answers each caller and publishes the jobs' events. One fsync
//! covers a whole batch, and every answer follows a durable commit.
//!
//! On SQLite the writer is also what serialises these writes; the store's conditional updates
//! keep them safe when several processes share one PostgreSQL database.

use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};

use crate::runtime::app::{BoxFut, Caches, Ctx, Job, Writer};
use crate::runtime::events::Event;
use crate::runtime::later::Later;
use crate::{App, AppError, Result};

struct Typed<T, F> {
    work: F,
    result: Option<Result<T>>,
    reply: oneshot::Sender<Result<T>>,
}

impl<T, F> Job for Typed<T, F>
where
    T: Send + 'static,
    F: for<'a> Fn(Ctx<'a>) -> BoxFut<'a, Result<T>> + Send + 'static,
{
    fn run<'a>(&'a mut self, ctx: Ctx<'a>) -> BoxFut<'a, bool> {
        Box::pin(async move {
            let r = (self.work)(ctx).await;
            let ok = r.is_ok();
            self.result = Some(r);
            ok
        })
    }

    fn answer(self: Box<Self>, committed: std::result::Result<(), String>) {
        let r = match (committed, self.result) {
            (Ok(()), Some(r)) => r,
            (Ok(()), None) => Err(AppError::bug("queue writer skipped a job")),
            (Err(e), _) => Err(AppError::internal("queue writer commit", e)),
        };
        let _ = self.reply.send(r);
    }
}

/// The most jobs one transaction takes.
const MAX_BATCH: usize = 512;

/// Starts the writer on a thread of its own with its own single-threaded runtime, so that
/// its every wake-up (one per statement it runs) is served at once rather than queued behind
/// the request tasks on the shared workers: the writer is the one serial stage of every
/// write. It holds the app weakly between batches and stops when the app is gone.
fn start(app: &App) -> Writer {
    let (tx, rx) = mpsc::channel(4096);
    match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => {
            let weak = WeakApp::new(app);
            let thread = std::thread::Builder::new().name("yichuang-writer".to_owned()).spawn(move || rt.block_on(run(weak, rx)));
            if let Err(e) = thread {
                tracing::error!(error = %e, "cannot start the writer thread; the writer runs on the shared runtime");
                let (tx, rx) = mpsc::channel(4096);
                tokio::spawn(run(WeakApp::new(app), rx));
                return Writer { tx };
            }
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot start the writer's runtime; the writer runs on the shared runtime");
            tokio::spawn(run(WeakApp::new(app), rx));
        }
    }
    Writer { tx }
}

/// The app without a strong hold on its caches (which own the writer's channel), so that the
/// writer ends once every handle on the app is dropped.
struct WeakApp {
    db: store::Db,
    cipher: store::crypto::Cipher,
    files: store::files::FileStore,
    clock: crate::Clock,
    settings: crate::Settings,
    caches: std::sync::Weak<Caches>,
}

impl WeakApp {
    fn new(app: &App) -> WeakApp {
        WeakApp {
            db: app.db.clone(),
            cipher: app.cipher.clone(),
            files: app.files.clone(),
            clock: app.clock.clone(),
            settings: app.settings.clone(),
            caches: Arc::downgrade(&app.caches),
        }
    }

    fn upgrade(&self) -> Option<App> {
        Some(App {
            db: self.db.clone(),
            cipher: self.cipher.clone(),
            files: self.files.clone(),
            clock: self.clock.clone(),
            settings: self.settings.clone(),
            caches: self.caches.upgrade()?,
        })
    }
}

/// Runs `job` in the next batch and returns its result once the batch has committed.
///
/// The writer may run `job` twice (see [`run_batch`]), so it takes `Fn`: a job clones what it
/// captured into its future, and only its transaction's writes and its batch's events and steps
/// may have effects.
pub(crate) async fn submit<T, F>(app: &App, job: F) -> Result<T>
where
    T: Send + 'static,
    F: for<'a> Fn(Ctx<'a>) -> BoxFut<'a, Result<T>> + Send + 'static,
{
    let (reply, reply_rx) = oneshot::channel();
    let job: Box<dyn Job> = Box::new(Typed { work: job, result: None, reply });
    let writer = app.caches.writer.get_or_init(|| start(app));
    writer.tx.send(job).await.map_err(|_| AppError::bug("queue writer stopped"))?;
    reply_rx.await.map_err(|_| AppError::bug("queue writer dropped a job"))?
}

async fn run(app: WeakApp, mut rx: mpsc::Receiver<Box<dyn Job>>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let Some(app) = app.upgrade() else { return };
        run_batch(&app, &mut batch).await;
    }
}

/// How one pass over a batch ended.
enum Pass {
    /// Committed; the events to publish.
    Committed(Vec<Arc<Event>>),
    /// A job failed in a pass without savepoints; everything was rolled back.
    JobFailed,
    /// The transaction itself failed; nothing was written.
    Broken(String),
}

/// Runs a batch. The first pass runs the jobs back to back in one transaction; as jobs seldom
/// fail, that usually commits. When one fails, its partial writes cannot be told apart from the
/// others', so the pass is rolled back and the batch runs again with a savepoint around each
/// job, which undoes exactly the failed jobs.
async fn run_batch(app: &App, batch: &mut Vec<Box<dyn Job>>) {
    let mut pass = run_pass(app, batch, false).await;
    if matches!(pass, Pass::JobFailed) {
        pass = run_pass(app, batch, true).await;
    }
    let (committed, events) = match pass {
        Pass::Committed(events) => (Ok(()), events),
        Pass::Broken(e) => (Err(e), Vec::new()),
        Pass::JobFailed => (Err("queue batch failed twice".to_owned()), Vec::new()),
    };
    if let Err(e) = &committed {
        tracing::error!(error = %e, jobs = batch.len(), "queue batch failed; every job in it is answered with an error");
    }
    for job in batch.drain(..) {
        job.answer(committed.clone());
    }
    for e in events {
        app.publish(e);
    }
}

async fn run_pass(app: &App, batch: &mut [Box<dyn Job>], savepoints: bool) -> Pass {
    let mut events: Vec<Arc<Event>> = Vec::new();
    let mut later = Later::default();
    let mut tx = match app.db.begin().await {
        Ok(t) => t,
        Err(e) => return Pass::Broken(e.to_string()),
    };
    // Releasing one savepoint and opening the next is one round trip.
    let mut open_savepoint = false;
    for job in batch.iter_mut() {
        if savepoints {
            let sp =
                if open_savepoint { tx.exec_many("release savepoint job; savepoint job").await } else { tx.exec("savepoint job").await };
            if let Err(e) = sp {
                return Pass::Broken(e.to_string());
            }
            open_savepoint = true;
        }
        let (mark, later_mark) = (events.len(), later.mark());
        let ok = job.run(Ctx { app, tx: &mut tx, events: &mut events, later: &mut later }).await;
        if !ok {
            if !savepoints {
                return match tx.rollback().await {
                    Ok(()) => Pass::JobFailed,
                    Err(e) => Pass::Broken(e.to_string()),
                };
            }
            events.truncate(mark);
            later.truncate(later_mark);
            if let Err(e) = tx.exec("rollback to savepoint job").await {
                return Pass::Broken(e.to_string());
            }
        }
    }
    if let Err(e) = later.write(&mut tx, app.clock.now()).await {
        return Pass::Broken(e.to_string());
    }
    match tx.commit().await {
        Ok(()) => Pass::Committed(events),
        Err(e) => Pass::Broken(e.to_string()),
    }
}
