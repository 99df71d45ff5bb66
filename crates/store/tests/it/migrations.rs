//! The twin migrations: identical file lists in both directories, matching the embedded lists,
//! and both apply (idempotently) to schemas with the same tables and columns.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use store::Db;
use store::migrate::{POSTGRES, SQLITE};
use testkit::each_backend;

use crate::common::count;

fn migrations_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations")
}

/// The `.sql` file names of one migrations directory, sorted.
fn sql_files(backend: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(migrations_dir().join(backend))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".sql"))
        .collect();
    names.sort();
    names
}

/// The file name a `(version, name)` pair is kept under.
fn file_name(version: i64, name: &str) -> String {
    format!("{version:04}_{name}.sql")
}

#[test]
fn both_migration_directories_hold_the_same_file_names() {
    let (lite, pg) = (sql_files("sqlite"), sql_files("postgres"));
    assert!(!lite.is_empty(), "there is at least one migration");
    assert_eq!(lite, pg);
}

#[test]
fn the_embedded_migration_lists_match_the_directories_and_each_other() {
    let versions = |l: &[(i64, &str, &str)]| l.iter().map(|(v, n, _)| (*v, n.to_string())).collect::<Vec<_>>();
    assert_eq!(versions(SQLITE), versions(POSTGRES), "same versions and names on both backends");
    let names = |l: &[(i64, &str, &str)]| l.iter().map(|(v, n, _)| file_name(*v, n)).collect::<Vec<_>>();
    assert_eq!(names(SQLITE), sql_files("sqlite"));
    assert_eq!(names(POSTGRES), sql_files("postgres"));
    let mut sorted = versions(SQLITE);
    sorted.sort();
    sorted.dedup_by_key(|(v, _)| *v);
    assert_eq!(sorted, versions(SQLITE), "versions strictly increase");
}

#[test]
fn the_embedded_sql_is_the_text_of_the_files() {
    for (dir, list) in [("sqlite", SQLITE), ("postgres", POSTGRES)] {
        for (v, n, sql) in list {
            let on_disk = std::fs::read_to_string(migrations_dir().join(dir).join(file_name(*v, n))).unwrap();
            assert_eq!(*sql, on_disk, "{dir}/{}", file_name(*v, n));
        }
    }
}

#[tokio::test]
async fn migrating_an_up_to_date_database_again_changes_nothing() {
    each_backend(|t| async move {
        let applied = count(&t.db, "select count(*) from _sqlx_migrations").await;
        assert_eq!(applied, SQLITE.len() as i64);
        t.db.migrate().await.unwrap();
        t.db.migrate().await.unwrap();
        assert_eq!(count(&t.db, "select count(*) from _sqlx_migrations").await, applied);
        assert_eq!(count(&t.db, "select count(*) from org_units").await, 0);
        t
    })
    .await;
}

/// The `(table, column)` pairs of a schema.
type Columns = BTreeSet<(String, String)>;

/// Every `(table, column)` of the application schema.
async fn columns(db: &Db) -> Columns {
    let rows: Vec<(String, String)> = match db {
        Db::Sqlite(p) => sqlx::query_as(
            "select m.name, c.name from sqlite_master m join pragma_table_info(m.name) c where m.type = 'table' and m.name not like 'sqlite%'",
        )
        .fetch_all(&p.read)
        .await
        .unwrap(),
        Db::Postgres(p) => sqlx::query_as("select table_name::text, column_name::text from information_schema.columns where table_schema = 'public'")
            .fetch_all(p)
            .await
            .unwrap(),
    };
    rows.into_iter().filter(|(t, _)| !t.starts_with("_sqlx")).collect()
}

#[tokio::test]
async fn both_backends_get_the_same_tables_and_columns() {
    let seen: Arc<Mutex<Vec<Columns>>> = Arc::default();
    each_backend(|t| {
        let seen = seen.clone();
        async move {
            let cols = columns(&t.db).await;
            assert!(cols.contains(&("audit_head".to_owned(), "last_hash".to_owned())));
            assert!(cols.contains(&("staff".to_owned(), "phone_enc".to_owned())));
            seen.lock().unwrap().push(cols);
            t
        }
    })
    .await;
    let seen = seen.lock().unwrap();
    if std::env::var("TEST_DATABASE_URL").is_ok() {
        assert_eq!(seen.len(), 2, "with TEST_DATABASE_URL set, both backends ran");
    }
    if let [lite, pg] = &seen[..] {
        let only_lite: Vec<_> = lite.difference(pg).collect();
        let only_pg: Vec<_> = pg.difference(lite).collect();
        assert!(only_lite.is_empty() && only_pg.is_empty(), "only in SQLite: {only_lite:?}; only in PostgreSQL: {only_pg:?}");
    }
}
