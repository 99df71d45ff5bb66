//! Test support for yichuang: a fresh database on either backend ([`TestDb`]), a running
//! application with a fixed clock ([`test_app`]), and a headless-Chromium harness ([`browser`]).
//!
//! PostgreSQL tests read `TEST_DATABASE_URL` (a server URL; each test creates and later drops its
//! own database on it). When it is absent they are skipped with a printed reason, except under
//! `CI`, where a missing PostgreSQL fails the test.

pub mod browser;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use app::{App, Clock, Settings};
use store::crypto::Cipher;
use store::files::FileStore;
use store::{Backend, Db};

/// Whether we run under CI, where missing services fail instead of skipping.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// A fresh, migrated database and a scratch directory, removed when dropped.
pub struct TestDb {
    pub db: Db,
    pub dir: PathBuf,
    pg_admin: Option<(String, String)>,
}

fn scratch_dir(tag: &str) -> PathBuf {
    let n: u64 = rand::random();
    let d = std::env::temp_dir().join(format!("yichuang-test-{tag}-{n:016x}"));
    std::fs::create_dir_all(&d).expect("temp dir is writable");
    d
}

impl TestDb {
    /// A fresh SQLite database file in a scratch directory.
    pub async fn sqlite() -> TestDb {
        let dir = scratch_dir("sqlite");
        let url = format!("sqlite://{}", dir.join("test.db").display());
        let db = Db::connect_with(&url, false).await.expect("sqlite opens");
        db.migrate().await.expect("sqlite migrations apply");
        TestDb { db, dir, pg_admin: None }
    }

    /// A fresh PostgreSQL database on the `TEST_DATABASE_URL` server, or `None` (with a printed
    /// reason) when no server is configured outside CI.
    pub async fn postgres() -> Option<TestDb> {
        let Ok(base) = std::env::var("TEST_DATABASE_URL") else {
            if in_ci() {
                panic!("CI is set but TEST_DATABASE_URL is not: PostgreSQL tests cannot be skipped in CI");
            }
            eprintln!("skipping PostgreSQL test: TEST_DATABASE_URL is not set");
            return None;
        };
        let name = format!("yc_t_{:016x}", rand::random::<u64>());
        let admin = Db::connect(&base).await.unwrap_or_else(|e| panic!("cannot reach PostgreSQL at TEST_DATABASE_URL: {e}"));
        if let Db::Postgres(p) = &admin {
            sqlx::query(sqlx::AssertSqlSafe(format!("create database {name}"))).execute(p).await.expect("create test database");
        }
        admin.close().await;
        let url = with_db_name(&base, &name);
        let db = Db::connect(&url).await.expect("test database opens");
        db.migrate().await.expect("postgres migrations apply");
        Some(TestDb { db, dir: scratch_dir("pg"), pg_admin: Some((base, name)) })
    }

    /// The database on the named backend (`None` when PostgreSQL is skipped).
    pub async fn on(backend: Backend) -> Option<TestDb> {
        match backend {
            Backend::Sqlite => Some(TestDb::sqlite().await),
            Backend::Postgres => TestDb::postgres().await,
        }
    }

    /// Closes the pool and drops the database (PostgreSQL) and scratch directory.
    pub async fn cleanup(self) {
        self.db.close().await;
        if let Some((base, name)) = &self.pg_admin
            && let Ok(Db::Postgres(p)) = Db::connect(base).await
        {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!("drop database if exists {name} with (force)"))).execute(&p).await;
            p.close().await;
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Replaces the database name in a PostgreSQL URL.
fn with_db_name(url: &str, name: &str) -> String {
    let (head, query) = match url.split_once('?') {
        Some((h, q)) => (h, Some(q)),
        None => (url, None),
    };
    let scheme_end = head.find("://").map_or(0, |i| i + 3);
    let base = match head[scheme_end..].find('/') {
        Some(i) => &head[..scheme_end + i],
        None => head,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// The instant test clocks start at: a Monday morning in Asia/Shanghai.
pub fn test_now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-03-02T01:30:00Z").expect("valid timestamp").to_utc()
}

/// An [`App`] over `db` with a fixed clock at [`test_now`] and a throwaway key.
pub fn app_on(t: &TestDb) -> App {
    App::new(
        t.db.clone(),
        Cipher::new(&[42u8; 32]),
        FileStore::new(t.dir.join("files")),
        Clock::Fixed(Arc::new(Mutex::new(test_now()))),
        Settings::default(),
    )
}

/// Runs `body` once per backend that is available (SQLite always; PostgreSQL when configured),
/// each on a fresh database, and cleans up afterwards.
pub async fn each_backend<F, Fut>(body: F)
where
    F: Fn(TestDb) -> Fut,
    Fut: std::future::Future<Output = TestDb>,
{
    for b in [Backend::Sqlite, Backend::Postgres] {
        if let Some(t) = TestDb::on(b).await {
            let t = body(t).await;
            t.cleanup().await;
        }
    }
}

/// Serves `router` on a free loopback port in the background; returns its base URL.
pub async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free loopback port");
    let addr = listener.local_addr().expect("bound address");
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    format!("http://{addr}")
}

#[cfg(test)]
mod tests {
    use super::with_db_name;

    #[test]
    fn db_name_is_replaced_in_urls() {
        assert_eq!(with_db_name("postgres://postgres@127.0.0.1:5432/test", "x"), "postgres://postgres@127.0.0.1:5432/x");
        assert_eq!(with_db_name("postgres://postgres@127.0.0.1:5432", "x"), "postgres://postgres@127.0.0.1:5432/x");
        assert_eq!(with_db_name("postgres://h/db?sslmode=disable", "x"), "postgres://h/x?sslmode=disable");
    }
}
