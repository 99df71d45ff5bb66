//! Test support for yichuang: a database on either backend ([`TestDb`]), cloned from a template
//! built once per test run ([`fixture`]), a running application with a fixed clock
//! ([`app_on`]), and, with the `http` feature, a server on loopback ([`serve`]) and a
//! headless-Chromium harness ([`browser`]).
//!
//! PostgreSQL tests read `TEST_DATABASE_URL` (a server URL; each test gets its own database on
//! it, dropped afterwards). When it is absent they are skipped with a printed reason, except
//! under `CI`, where a missing PostgreSQL fails the test.

#[cfg(feature = "http")]
pub mod browser;
pub mod fixture;

mod db;

pub use db::{TestDb, in_ci};

use std::sync::{Arc, Mutex};

use app::{App, Clock, Settings};
use store::Backend;
use store::crypto::Cipher;
use store::files::FileStore;

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

#[cfg(feature = "http")]
/// Serves `router` on a free loopback port in the background; returns its base URL.
pub async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free loopback port");
    let addr = listener.local_addr().expect("bound address");
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    format!("http://{addr}")
}
