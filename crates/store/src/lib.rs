//! Storage for yichuang: one [`Db`] over SQLite (the embedded default) or PostgreSQL, chosen by
//! URL, with twin migrations. SQL is written once in lowercase portable form; the [`on_tx!`] macro
//! runs the same query text against whichever backend the transaction belongs to. A dialect branch
//! appears only where the two truly differ, with a one-line reason.

pub mod accounts;
pub mod appointments;
pub mod audit;
pub mod calendar;
pub mod cases;
pub mod catalog;
pub mod crypto;
pub mod figures;
pub mod files;
pub mod history;
pub mod migrate;
pub mod mongolian;
pub mod org;
pub mod outbox;
pub mod portal;
pub mod queue;
pub mod ratings;
pub mod sql;
pub mod supervision;
pub mod unique;
pub mod workorders;

use std::str::FromStr;
use std::time::Duration;

use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Database, Postgres, Sqlite, Transaction};

/// Errors from the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique key refused the write.
    #[error("duplicate value: {0}")]
    Duplicate(unique::key::UniqueKey),
    /// A foreign key refused the write.
    #[error("referenced record missing or still in use: {0}")]
    Reference(String),
    #[error("record not found: {0}")]
    NotFound(&'static str),
    #[error("invalid database url: {0}")]
    Url(String),
    #[error(transparent)]
    Sqlx(sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(String),
    #[error("file storage: {0}")]
    Io(#[from] std::io::Error),
    #[error("crypto: {0}")]
    Crypto(&'static str),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(d) = &e {
            let msg = d.message().to_owned();
            match d.kind() {
                sqlx::error::ErrorKind::UniqueViolation => {
                    let key = match d.try_downcast_ref::<sqlx::postgres::PgDatabaseError>() {
                        Some(pg) => unique::key::UniqueKey::from_postgres(pg.table(), pg.constraint(), pg.detail()),
                        None => unique::key::UniqueKey::from_sqlite(&msg),
                    };
                    return StoreError::Duplicate(key.unwrap_or(unique::key::UniqueKey::Index(d.constraint().unwrap_or("?").to_owned())));
                }
                sqlx::error::ErrorKind::ForeignKeyViolation => {
                    return StoreError::Reference(d.constraint().map(str::to_owned).unwrap_or(msg));
                }
                _ => {}
            }
        }
        StoreError::Sqlx(e)
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Which SQL dialect a [`Db`] speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A connection pool on one of the two backends.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePools),
    Postgres(PgPool),
}

/// SQLite's pools: readers side by side, and a few connections for writes ([`WRITE_CONNECTIONS`]).
/// SQLite lets one writer in at a time anyway, and nearly every write goes through the app's one
/// group-commit writer; a writer never waits for a connection that readers hold.
#[derive(Clone, Debug)]
pub struct SqlitePools {
    pub read: SqlitePool,
    pub write: SqlitePool,
}

/// A unit of work on one of the two backends: a transaction, or (from [`Db::conn`]) a plain
/// connection for reads that need no snapshot. Dropping a transaction without [`Tx::commit`] rolls
/// it back.
pub enum Tx {
    Sqlite(Unit<Sqlite>),
    Postgres(Unit<Postgres>),
}

/// A transaction, or a pooled connection outside any transaction (each statement its own).
pub enum Unit<DB: Database> {
    Tx(Transaction<'static, DB>),
    Conn(PoolConnection<DB>),
}

impl<DB: Database> Unit<DB> {
    /// The connection statements run on.
    pub fn conn(&mut self) -> &mut DB::Connection {
        match self {
            Unit::Tx(t) => t,
            Unit::Conn(c) => c,
        }
    }
}

/// Runs the same query code on whichever backend `$tx` (a `&mut Tx`) belongs to; inside the
/// closure-like body `$c` is a `&mut` connection of the concrete backend.
#[macro_export]
macro_rules! on_tx {
    ($tx:expr, |$c:ident| $body:expr) => {
        match $tx {
            $crate::Tx::Sqlite(t) => {
                let $c = t.conn();
                $body
            }
            $crate::Tx::Postgres(t) => {
                let $c = t.conn();
                $body
            }
        }
    };
}

/// Runs a multi-row insert over `$rows` in chunks of `$chunk`: `$sql` builds the statement from the
/// chunk's `VALUES` list (bound as `$values`, see [`values_list`]), `$bind` binds one row `$r` onto
/// the query `$q`. Evaluates to the rows affected, or returns the error.
macro_rules! insert_rows {
    ($tx:expr, $rows:expr, $chunk:expr, $per_row:expr, |$values:ident| $sql:expr, |$q:ident, $r:ident| $bind:expr) => {{
        let mut affected: u64 = 0;
        for chunk in $rows.chunks($chunk) {
            let $values = $crate::values_list($tx.backend(), chunk.len(), $per_row);
            let sql: String = $sql;
            affected += $crate::on_tx!($tx, |c| {
                let mut $q = sqlx::query(sqlx::AssertSqlSafe(sql.clone()));
                for $r in chunk {
                    $q = $bind;
                }
                $q.execute(c).await.map(|r| r.rows_affected())
            })?;
        }
        affected
    }};
}
pub(crate) use insert_rows;

/// Connections of SQLite's write pool. Writes never wait for a reader's connection; the group-
/// commit writer, which runs one batch at a time, begins its next batch on another connection
/// while the last one goes back to the pool (with a single connection every batch waited for that
/// return: 1,215 against 1,640–1,787 pairs/s, docs/BENCHMARKS.md). The rare write outside the
/// writer that overlaps a batch waits in SQLite's busy handler, for at most that batch.
const WRITE_CONNECTIONS: u32 = 4;

/// WAL pages after which SQLite's writer checkpoints on its own (about 200 MiB): normally the
/// background task has done it long before.
const WAL_SELF_CHECKPOINT_PAGES: u32 = 50_000;

/// Checkpoints SQLite's WAL every half second from a reader connection (`PASSIVE`: it copies what
/// no reader still needs and never blocks the writer or readers), until the pool is closed.
async fn checkpoint_wal(read: SqlitePool) {
    let mut every = tokio::time::interval(Duration::from_millis(500));
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        if read.is_closed() {
            return;
        }
        let done: std::result::Result<(i64, i64, i64), sqlx::Error> =
            sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)").fetch_one(&read).await;
        match done {
            Ok(_) => {}
            Err(_) if read.is_closed() => return,
            Err(e) => tracing::warn!(error = %e, "WAL checkpoint failed"),
        }
    }
}

impl Db {
    /// Connects by URL: `sqlite://PATH` (created if missing; WAL) or `postgres://…`.
    pub async fn connect(url: &str) -> Result<Db> {
        Db::connect_with(url, true).await
    }

    /// Connects; with `durable` false SQLite skips fsync on commit (scratch databases in tests only:
    /// a crash may then lose the last commits, which production never accepts).
    pub async fn connect_with(url: &str, durable: bool) -> Result<Db> {
        if url.starts_with("sqlite:") {
            let opts = SqliteConnectOptions::from_str(url)
                .map_err(|e| StoreError::Url(e.to_string()))?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // FULL: an acknowledged write survives power loss, not only a process crash.
                .synchronous(if durable { SqliteSynchronous::Full } else { SqliteSynchronous::Off })
                .foreign_keys(true)
                // A larger page cache and memory-mapped reads: large tables (a million open cases)
                // are read without a system call per page. Limits, not allocations.
                .pragma("cache_size", "-65536")
                .pragma("mmap_size", "1073741824")
                .pragma("temp_store", "memory")
                .busy_timeout(Duration::from_secs(10));
            // No liveness ping on every acquire: a connection to a local file does not drop, and
            // each ping is a round trip to the connection's thread.
            // The writer leaves checkpoints (copying the WAL back into the database file, with its
            // own fsync) to a background task on a reader connection ([`checkpoint_wal`]), so a
            // commit waits only for its own WAL sync. It still checkpoints itself past
            // `WAL_SELF_CHECKPOINT_PAGES`, a bound for when that task is not running or falls
            // behind; `journal_size_limit` shrinks the file back after a large transaction.
            let write_opts =
                opts.clone().pragma("wal_autocheckpoint", WAL_SELF_CHECKPOINT_PAGES.to_string()).pragma("journal_size_limit", "67108864");
            let write =
                SqlitePoolOptions::new().max_connections(WRITE_CONNECTIONS).test_before_acquire(false).connect_with(write_opts).await?;
            let read = SqlitePoolOptions::new().max_connections(6).test_before_acquire(false).connect_with(opts).await?;
            if let Ok(rt) = tokio::runtime::Handle::try_current() {
                rt.spawn(checkpoint_wal(read.clone()));
            }
            Ok(Db::Sqlite(SqlitePools { read, write }))
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let pool = PgPoolOptions::new().max_connections(16).acquire_timeout(Duration::from_secs(10)).connect(url).await?;
            Ok(Db::Postgres(pool))
        } else {
            Err(StoreError::Url(format!(
                "unsupported database url scheme in {:?}; use sqlite:// or postgres://",
                url.split(':').next().unwrap_or("")
            )))
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Starts a transaction that will write. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`) so that two writers never deadlock upgrading a read lock.
    pub async fn begin(&self) -> Result<Tx> {
        Ok(match self {
            Db::Sqlite(p) => Tx::Sqlite(Unit::Tx(p.write.begin_with("BEGIN IMMEDIATE").await?)),
            Db::Postgres(p) => Tx::Postgres(Unit::Tx(p.begin().await?)),
        })
    }

    /// Starts a read-only unit of work (a deferred transaction: a consistent snapshot).
    pub async fn read(&self) -> Result<Tx> {
        Ok(match self {
            Db::Sqlite(p) => Tx::Sqlite(Unit::Tx(p.read.begin().await?)),
            Db::Postgres(p) => Tx::Postgres(Unit::Tx(p.begin().await?)),
        })
    }

    /// A connection outside any transaction, for a request's reads that need no common
    /// snapshot (a write that follows re-checks what it relies on): two round trips fewer than
    /// [`Db::read`]. Each statement on it commits on its own; use it for reads only.
    pub async fn conn(&self) -> Result<Tx> {
        Ok(match self {
            Db::Sqlite(p) => Tx::Sqlite(Unit::Conn(p.read.acquire().await?)),
            Db::Postgres(p) => Tx::Postgres(Unit::Conn(p.acquire().await?)),
        })
    }

    /// Whether the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        match self {
            Db::Sqlite(p) => sqlx::query("select 1").execute(&p.read).await.is_ok(),
            Db::Postgres(p) => sqlx::query("select 1").execute(p).await.is_ok(),
        }
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite(p) => {
                p.write.close().await;
                p.read.close().await;
            }
            Db::Postgres(p) => p.close().await,
        }
    }
}

impl Tx {
    pub async fn commit(self) -> Result<()> {
        match self {
            Tx::Sqlite(Unit::Tx(t)) => t.commit().await?,
            Tx::Postgres(Unit::Tx(t)) => t.commit().await?,
            Tx::Sqlite(Unit::Conn(_)) | Tx::Postgres(Unit::Conn(_)) => {}
        }
        Ok(())
    }

    /// Undoes everything the transaction wrote (a plain connection has nothing to undo).
    pub async fn rollback(self) -> Result<()> {
        match self {
            Tx::Sqlite(Unit::Tx(t)) => t.rollback().await?,
            Tx::Postgres(Unit::Tx(t)) => t.rollback().await?,
            Tx::Sqlite(Unit::Conn(_)) | Tx::Postgres(Unit::Conn(_)) => {}
        }
        Ok(())
    }

    /// Runs fixed statements, possibly several separated by `;`, in one round trip.
    pub async fn exec_many(&mut self, sql: &'static str) -> Result<()> {
        on_tx!(self, |c| sqlx::raw_sql(sql).execute(c).await.map(|_| ()))?;
        Ok(())
    }

    /// Runs one fixed statement (savepoints and similar).
    pub async fn exec(&mut self, sql: &'static str) -> Result<()> {
        on_tx!(self, |c| sqlx::query(sql).execute(c).await.map(|_| ()))?;
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        match self {
            Tx::Sqlite(_) => Backend::Sqlite,
            Tx::Postgres(_) => Backend::Postgres,
        }
    }
}

/// The `VALUES` list of a multi-row insert of `rows` rows with `per_row` parameters each: `?` on
/// SQLite, which looks each numbered parameter's name up by a linear scan (thousands of `$n` in one
/// statement cost quadratic time there), `$n` on PostgreSQL.
pub(crate) fn values_list(backend: Backend, rows: usize, per_row: usize) -> String {
    (0..rows)
        .map(|i| {
            let p: Vec<String> =
                (1..=per_row).map(|j| if backend == Backend::Sqlite { "?".to_owned() } else { format!("${}", i * per_row + j) }).collect();
            format!("({})", p.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A page of a list: the rows and the cursor for the next page, if there is one.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<i64>,
}

impl<T> Page<T> {
    /// Builds a page from rows fetched with `limit + 1`, using `id` for the cursor.
    pub fn from_rows(mut rows: Vec<T>, limit: i64, id: impl Fn(&T) -> i64) -> Page<T> {
        let limit = usize::try_from(limit).unwrap_or(0);
        let next_cursor = if rows.len() > limit {
            rows.truncate(limit);
            rows.last().map(&id)
        } else {
            None
        };
        Page { items: rows, next_cursor }
    }
}

/// The current time as stored: UTC.
pub type Timestamp = chrono::DateTime<chrono::Utc>;
