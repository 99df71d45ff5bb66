//! Databases built once and cloned: a fixture (the migrated schema, the loaded demo…) is built
//! the first time a test asks for it, kept as a template, and every later test gets a copy of
//! the template instead of building it again.
//!
//! A template belongs to one build of one test executable (its path, size and modification
//! time), so editing the code that builds it can never hand a test a stale copy; templates of
//! earlier builds of the same executable are removed when a new one is made. Test processes of
//! one executable (cargo test's threads, or nextest's process per test) share a template: a
//! file lock in the cache folder makes one of them build it while the others wait.
//!
//! - SQLite: the template is a file written by `VACUUM INTO`, copied for each test.
//! - PostgreSQL: the template is a database that accepts no connections; each test's database
//!   is made with `CREATE DATABASE … TEMPLATE …`.
//!
//! Beside the database, a template keeps the scratch folder's files (uploads) and a JSON value
//! the builder returned (e.g. the ids of what it created).

use std::fs::{self, File};
use std::future::Future;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;
use store::{Backend, Db};

use crate::db::{TestDb, pg_admin, pg_base_url, scratch_dir};

/// Where templates live: `<tmp>/yichuang-fixtures/`.
fn cache_root() -> PathBuf {
    let d = std::env::temp_dir().join("yichuang-fixtures");
    fs::create_dir_all(&d).expect("fixture cache folder is writable");
    d
}

fn hash_of(value: impl Hash) -> String {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    format!("{:08x}", h.finish() as u32)
}

/// `(executable, build)` hashes: the first names the test executable, the second this build of it.
fn identity() -> (String, String) {
    let exe = std::env::current_exe().expect("the test executable has a path");
    let meta = fs::metadata(&exe).expect("the test executable can be read");
    let modified = meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map(|d| d.as_nanos());
    (hash_of(&exe), hash_of((meta.len(), modified)))
}

/// The template's name for `key` on `backend`: `yc_tpl_<key>_<b>_<exe>_<build>`.
fn template_name(key: &str, backend: Backend) -> (String, String) {
    assert!(key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'), "fixture keys are [a-z0-9_]");
    let b = match backend {
        Backend::Sqlite => "s",
        Backend::Postgres => "p",
    };
    let (exe, build) = identity();
    let prefix = format!("yc_tpl_{key}_{b}_{exe}_");
    (format!("{prefix}{build}"), prefix)
}

/// Holds the fixture's file lock while alive.
struct Lock(#[allow(dead_code)] File);

fn lock(path: &Path) -> Lock {
    let f = File::options().create(true).truncate(false).write(true).open(path).expect("fixture lock file opens");
    f.lock().expect("fixture lock is taken");
    Lock(f)
}

/// Copies a folder tree (the scratch folder's files).
fn copy_tree(from: &Path, to: &Path) {
    if !from.exists() {
        return;
    }
    fs::create_dir_all(to).expect("folder is writable");
    for entry in fs::read_dir(from).expect("folder reads") {
        let entry = entry.expect("folder entry reads");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type reads").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("file copies");
        }
    }
}

/// Removes the templates of earlier builds of this executable (files and PostgreSQL databases).
async fn remove_stale(prefix: &str, keep: &str, pg_base: Option<&str>) {
    if let Ok(entries) = fs::read_dir(cache_root()) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with(prefix) && !name.starts_with(keep) {
                let _ = if e.path().is_dir() { fs::remove_dir_all(e.path()) } else { fs::remove_file(e.path()) };
            }
        }
    }
    if let Some(base) = pg_base {
        let admin = pg_admin(base).await;
        let like = format!("{prefix}%");
        let names: Vec<String> = sqlx::query_scalar("select datname from pg_database where datname like $1 and datname <> $2")
            .bind(&like)
            .bind(keep)
            .fetch_all(&admin)
            .await
            .unwrap_or_default();
        for n in names {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!("alter database \"{n}\" is_template false"))).execute(&admin).await;
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!("drop database if exists \"{n}\""))).execute(&admin).await;
        }
        admin.close().await;
    }
}

/// A database holding fixture `key`, built by `build` from a fresh migrated database the first
/// time and copied from its template afterwards, with the value `build` returned. `None` when
/// the backend is PostgreSQL and no server is configured (outside CI).
pub async fn cloned<T, F, Fut>(backend: Backend, key: &str, build: F) -> Option<(TestDb, T)>
where
    T: Serialize + DeserializeOwned,
    F: FnOnce(TestDb) -> Fut,
    Fut: Future<Output = (TestDb, T)>,
{
    let pg_base = match backend {
        Backend::Sqlite => None,
        Backend::Postgres => Some(pg_base_url()?),
    };
    let (name, prefix) = template_name(key, backend);
    let root = cache_root();
    let dir = root.join(&name);
    let ready = dir.join("ready.json");
    let _lock = lock(&root.join(format!("lock_{prefix}")));
    let have = ready.exists()
        && match &pg_base {
            None => dir.join("db.sqlite").exists(),
            Some(base) => template_exists(base, &name).await,
        };
    if !have {
        let _ = fs::remove_dir_all(&dir);
        remove_stale(&prefix, &name, pg_base.as_deref()).await;
        let fresh = match backend {
            Backend::Sqlite => TestDb::sqlite_migrated().await,
            Backend::Postgres => TestDb::postgres_migrated().await?,
        };
        let (t, value) = build(fresh).await;
        fs::create_dir_all(&dir).expect("fixture folder is writable");
        copy_tree(&t.dir.join("files"), &dir.join("files"));
        match &t.db {
            Db::Sqlite(p) => {
                let target = dir.join("db.sqlite");
                sqlx::query(sqlx::AssertSqlSafe(format!("vacuum into '{}'", target.display())))
                    .execute(&p.write)
                    .await
                    .expect("the fixture is written to its template file");
                t.cleanup().await;
            }
            Db::Postgres(_) => {
                let (base, db_name) = t.pg_admin.clone().expect("a PostgreSQL test database has its admin URL");
                t.db.close().await;
                let admin = pg_admin(&base).await;
                sqlx::query(sqlx::AssertSqlSafe(format!("alter database \"{db_name}\" rename to \"{name}\"")))
                    .execute(&admin)
                    .await
                    .expect("the fixture database becomes the template");
                sqlx::query(sqlx::AssertSqlSafe(format!("alter database \"{name}\" with allow_connections false is_template true")))
                    .execute(&admin)
                    .await
                    .expect("the template is closed to connections");
                admin.close().await;
                let _ = fs::remove_dir_all(&t.dir);
            }
        }
        fs::write(&ready, serde_json::to_vec(&value).expect("fixture value serialises")).expect("fixture marker is written");
    }
    let value: T = serde_json::from_slice(&fs::read(&ready).expect("fixture value reads")).expect("fixture value parses");
    let scratch = scratch_dir(match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "pg",
    });
    copy_tree(&dir.join("files"), &scratch.join("files"));
    let t = match &pg_base {
        None => {
            fs::copy(dir.join("db.sqlite"), scratch.join("test.db")).expect("the template file copies");
            TestDb::open_sqlite(scratch).await
        }
        Some(base) => TestDb::postgres_from(base, &name, scratch).await,
    };
    Some((t, value))
}

async fn template_exists(base: &str, name: &str) -> bool {
    let admin = pg_admin(base).await;
    let n: i64 = sqlx::query_scalar("select count(*) from pg_database where datname = $1")
        .bind(name)
        .fetch_one(&admin)
        .await
        .expect("pg_database reads");
    admin.close().await;
    n == 1
}

impl TestDb {
    /// A migrated SQLite database file in a scratch directory (a copy of the migrated template).
    pub async fn sqlite() -> TestDb {
        cloned(Backend::Sqlite, "schema", async |t| (t, ())).await.expect("SQLite is always available").0
    }

    /// A migrated PostgreSQL database on the `TEST_DATABASE_URL` server (a copy of the migrated
    /// template), or `None` (with a printed reason) when no server is configured outside CI.
    pub async fn postgres() -> Option<TestDb> {
        cloned(Backend::Postgres, "schema", async |t| (t, ())).await.map(|(t, ())| t)
    }

    /// The database on the named backend (`None` when PostgreSQL is skipped).
    pub async fn on(backend: Backend) -> Option<TestDb> {
        match backend {
            Backend::Sqlite => Some(TestDb::sqlite().await),
            Backend::Postgres => TestDb::postgres().await,
        }
    }
}
