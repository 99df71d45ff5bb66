//! Group commit for the hot write path (the queue): requests become jobs on a channel; one writer
//! task takes every job waiting, runs them in one transaction (each inside its own savepoint, so
//! a refused job leaves no trace), commits once, and only then answers each caller and publishes
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

trait Reply: Send {
    fn send(self: Box<Self>, committed: std::result::Result<(), String>);
}

struct Typed<T>(oneshot::Sender<Result<T>>, Result<T>);

impl<T: Send> Reply for Typed<T> {
    fn send(self: Box<Self>, committed: std::result::Result<(), String>) {
        let r = match committed {
            Ok(()) => self.1,
            Err(e) => Err(AppError::Internal(e)),
        };
        let _ = self.0.send(r);
    }
}

type Work = Box<dyn for<'a> FnOnce(Ctx<'a>) -> BoxFut<'a, (bool, Box<dyn Reply>)> + Send>;

/// The most jobs one transaction takes.
const MAX_BATCH: usize = 512;

/// The handle of the writer task.
#[derive(Debug)]
pub(crate) struct Writer {
    tx: mpsc::Sender<Work>,
}

impl Writer {
    fn start(app: App) -> Writer {
        let (tx, rx) = mpsc::channel(4096);
        tokio::spawn(run(app, rx));
        Writer { tx }
    }
}

/// Runs `job` in the next batch and returns its result once the batch has committed.
pub(crate) async fn submit<T, F>(app: &App, job: F) -> Result<T>
where
    T: Send + 'static,
    F: for<'a> FnOnce(Ctx<'a>) -> BoxFut<'a, Result<T>> + Send + 'static,
{
    let (reply_tx, reply_rx) = oneshot::channel();
    let work: Work = Box::new(move |ctx| {
        Box::pin(async move {
            let r = job(ctx).await;
            (r.is_ok(), Box::new(Typed(reply_tx, r)) as Box<dyn Reply>)
        })
    });
    let writer = app.caches.writer.get_or_init(|| Writer::start(app.clone()));
    writer.tx.send(work).await.map_err(|_| AppError::Internal("queue writer stopped".to_owned()))?;
    reply_rx.await.map_err(|_| AppError::Internal("queue writer dropped a job".to_owned()))?
}

async fn run(app: App, mut rx: mpsc::Receiver<Work>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        run_batch(&app, &mut batch).await;
    }
}

async fn run_batch(app: &App, batch: &mut Vec<Work>) {
    let mut replies: Vec<Box<dyn Reply>> = Vec::with_capacity(batch.len());
    let mut events: Vec<Arc<Event>> = Vec::new();
    let mut steps: Vec<store::queue::NewEvent> = Vec::new();
    let mut tx = match app.db.begin().await {
        Ok(t) => t,
        Err(e) => {
            tracing::error!(error = %e, "queue writer cannot begin a transaction");
            // Nothing ran: dropping a job drops its reply channel, which answers its caller with
            // an internal error.
            batch.clear();
            return;
        }
    };
    let mut broken: Option<String> = None;
    // Each job runs inside a savepoint; releasing one and opening the next is one round trip.
    let mut open_savepoint = false;
    for work in batch.drain(..) {
        if broken.is_some() {
            drop(work);
            continue;
        }
        let sp = if open_savepoint { tx.exec_many("release savepoint job; savepoint job").await } else { tx.exec("savepoint job").await };
        if let Err(e) = sp {
            broken = Some(e.to_string());
            drop(work);
            continue;
        }
        open_savepoint = true;
        let (mark, step_mark) = (events.len(), steps.len());
        let (ok, reply) = work(Ctx { app, tx: &mut tx, events: &mut events, steps: &mut steps }).await;
        if !ok {
            events.truncate(mark);
            steps.truncate(step_mark);
            if let Err(e) = tx.exec("rollback to savepoint job").await {
                broken = Some(e.to_string());
            }
        }
        replies.push(reply);
    }
    if broken.is_none()
        && !steps.is_empty()
        && let Err(e) = store::queue::insert_events(&mut tx, &steps).await
    {
        broken = Some(e.to_string());
    }
    let committed = match broken {
        Some(e) => Err(e),
        None => tx.commit().await.map_err(|e| e.to_string()),
    };
    if let Err(e) = &committed {
        tracing::error!(error = %e, jobs = replies.len(), "queue batch failed; every job in it is answered with an error");
    }
    let ok = committed.is_ok();
    for r in replies {
        r.send(committed.clone());
    }
    if ok {
        for e in events {
            app.publish(e);
        }
    }
}
