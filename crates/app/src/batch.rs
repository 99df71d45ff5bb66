//! Group commit for the hot write path (the queue): requests become jobs on a channel; one writer
//! task takes every job waiting, runs them in one transaction (a refused job leaves no trace: see
//! [`run_batch`]), commits once, and only then answers each caller and publishes
//! the jobs' events. One fsync covers a whole batch, and every answer follows a durable commit.
//!
//! On SQLite the writer is also what serialises queue writes; the store's conditional updates
//! keep them safe when several processes share one PostgreSQL database.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};

use crate::events::Event;
use crate::{App, AppError, Result};

/// A boxed future borrowing the writer's transaction.
pub type BoxFut<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What a job may touch: the app, the batch's transaction, and the batch's outgoing events.
pub struct Ctx<'a> {
    pub app: &'a App,
    pub tx: &'a mut store::Tx,
    pub events: &'a mut Vec<Arc<Event>>,
    /// Ticket steps, written for the whole batch in one statement before it commits.
    pub steps: &'a mut Vec<store::queue::NewEvent>,
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
        self.steps.push(store::queue::NewEvent {
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
trait Job: Send {
    /// Runs the work in the batch's transaction; true when it succeeded.
    fn run<'a>(&'a mut self, ctx: Ctx<'a>) -> BoxFut<'a, bool>;
    /// Answers the caller once the batch has committed (or failed).
    fn answer(self: Box<Self>, committed: std::result::Result<(), String>);
}

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
            (Ok(()), None) => Err(AppError::Internal("queue writer skipped a job".to_owned())),
            (Err(e), _) => Err(AppError::Internal(e)),
        };
        let _ = self.reply.send(r);
    }
}

/// The most jobs one transaction takes.
const MAX_BATCH: usize = 512;

/// The handle of the writer task.
#[derive(Debug)]
pub(crate) struct Writer {
    tx: mpsc::Sender<Box<dyn Job>>,
}

impl Writer {
    fn start(app: App) -> Writer {
        let (tx, rx) = mpsc::channel(4096);
        tokio::spawn(run(app, rx));
        Writer { tx }
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
    let writer = app.caches.writer.get_or_init(|| Writer::start(app.clone()));
    writer.tx.send(job).await.map_err(|_| AppError::Internal("queue writer stopped".to_owned()))?;
    reply_rx.await.map_err(|_| AppError::Internal("queue writer dropped a job".to_owned()))?
}

async fn run(app: App, mut rx: mpsc::Receiver<Box<dyn Job>>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
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
    let mut steps: Vec<store::queue::NewEvent> = Vec::new();
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
        let (mark, step_mark) = (events.len(), steps.len());
        let ok = job.run(Ctx { app, tx: &mut tx, events: &mut events, steps: &mut steps }).await;
        if !ok {
            if !savepoints {
                return match tx.rollback().await {
                    Ok(()) => Pass::JobFailed,
                    Err(e) => Pass::Broken(e.to_string()),
                };
            }
            events.truncate(mark);
            steps.truncate(step_mark);
            if let Err(e) = tx.exec("rollback to savepoint job").await {
                return Pass::Broken(e.to_string());
            }
        }
    }
    if !steps.is_empty()
        && let Err(e) = store::queue::insert_events(&mut tx, &steps).await
    {
        return Pass::Broken(e.to_string());
    }
    match tx.commit().await {
        Ok(()) => Pass::Committed(events),
        Err(e) => Pass::Broken(e.to_string()),
    }
}
