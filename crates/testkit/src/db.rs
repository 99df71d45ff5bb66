//! Test databases on both backends: [`TestDb`], a migrated database and its scratch folder.

use std::path::PathBuf;

use sqlx::PgPool;
use store::Db;

/// Whether we run under CI, where missing services fail instead of skipping.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// A migrated database and a scratch directory, removed by [`TestDb::cleanup`].
pub struct TestDb {
    pub db: Db,
    pub dir: PathBuf,
    /// `(server URL, database name)` of a PostgreSQL test database, to drop it afterwards.
    pub(crate) pg_admin: Option<(String, String)>,
}

pub(crate) fn scratch_dir(tag: &str) -> PathBuf {
    let n: u64 = rand::random();
    let d = std::env::temp_dir().join(format!("yichuang-test-{tag}-{n:016x}"));
    std::fs::create_dir_all(&d).expect("temp dir is writable");
    d
}

/// The PostgreSQL server URL from `TEST_DATABASE_URL`, or `None` (with a printed reason) when it
/// is not set outside CI.
pub(crate) fn pg_base_url() -> Option<String> {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(base) => Some(base),
        Err(_) if in_ci() => panic!("CI is set but TEST_DATABASE_URL is not: PostgreSQL tests cannot be skipped in CI"),
        Err(_) => {
            eprintln!("skipping PostgreSQL test: TEST_DATABASE_URL is not set");
            None
        }
    }
}

/// A pool of one connection to the server's own database, for creating and dropping databases.
pub(crate) async fn pg_admin(base: &str) -> PgPool {
    match Db::connect(base).await.unwrap_or_else(|e| panic!("cannot reach PostgreSQL at TEST_DATABASE_URL: {e}")) {
        Db::Postgres(p) => p,
        Db::Sqlite(_) => panic!("TEST_DATABASE_URL names no PostgreSQL server"),
    }
}

impl TestDb {
    /// A new SQLite database migrated from scratch (what templates are built from).
    pub async fn sqlite_migrated() -> TestDb {
        let t = TestDb::open_sqlite(scratch_dir("sqlite")).await;
        t.db.migrate().await.expect("sqlite migrations apply");
        t
    }

    /// Opens (or creates) `dir/test.db` without fsync on commit.
    pub(crate) async fn open_sqlite(dir: PathBuf) -> TestDb {
        let url = format!("sqlite://{}", dir.join("test.db").display());
        let db = Db::connect_with(&url, false).await.expect("sqlite opens");
        TestDb { db, dir, pg_admin: None }
    }

    /// A new PostgreSQL database migrated from scratch (what templates are built from).
    pub async fn postgres_migrated() -> Option<TestDb> {
        let base = pg_base_url()?;
        let name = format!("yc_t_{:016x}", rand::random::<u64>());
        let admin = pg_admin(&base).await;
        sqlx::query(sqlx::AssertSqlSafe(format!("create database {name}"))).execute(&admin).await.expect("create test database");
        admin.close().await;
        let db = Db::connect(&with_db_name(&base, &name)).await.expect("test database opens");
        db.migrate().await.expect("postgres migrations apply");
        Some(TestDb { db, dir: scratch_dir("pg"), pg_admin: Some((base, name)) })
    }

    /// A new PostgreSQL database copied from the template database `template`.
    pub(crate) async fn postgres_from(base: &str, template: &str, dir: PathBuf) -> TestDb {
        let name = format!("yc_t_{:016x}", rand::random::<u64>());
        let admin = pg_admin(base).await;
        sqlx::query(sqlx::AssertSqlSafe(format!("create database {name} template \"{template}\"")))
            .execute(&admin)
            .await
            .expect("a test database is copied from its template");
        admin.close().await;
        let db = Db::connect(&with_db_name(base, &name)).await.expect("test database opens");
        TestDb { db, dir, pg_admin: Some((base.to_owned(), name)) }
    }

    /// Closes the pool and drops the database (PostgreSQL) and scratch directory.
    pub async fn cleanup(self) {
        self.db.close().await;
        if let Some((base, name)) = &self.pg_admin {
            let admin = pg_admin(base).await;
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!("drop database if exists {name} with (force)"))).execute(&admin).await;
            admin.close().await;
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
