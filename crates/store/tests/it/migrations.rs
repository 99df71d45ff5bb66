//! The twin migrations: identical file lists in both directories, matching the embedded lists,
//! and both apply (idempotently) to schemas with the same tables, columns (with their type class
//! and nullability) and indexes (columns, uniqueness, partial or not).

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

/// `(table, column, type class, not null)` of every column of a schema.
type Columns = BTreeSet<(String, String, &'static str, bool)>;
/// `(table, columns, unique, partial)` of every index that is not the primary key.
type Indexes = BTreeSet<(String, String, bool, bool)>;

/// The class a declared column type belongs to, so that twin columns can be compared: SQLite
/// keeps dates and instants as text and every integer as a 64-bit integer.
fn type_class(declared: &str) -> &'static str {
    match declared.to_ascii_lowercase().as_str() {
        "integer" | "bigint" | "smallint" => "integer",
        "boolean" => "boolean",
        "blob" | "bytea" => "bytes",
        "real" | "double precision" => "real",
        "text" | "date" | "timestamp with time zone" | "time without time zone" => "text",
        other => panic!("column type {other} has no class in the twin-migration check: add it"),
    }
}

/// Every column of the application schema.
async fn columns(db: &Db) -> Columns {
    let rows: Vec<(String, String, String, bool)> = match db {
        Db::Sqlite(p) => sqlx::query_as(
            "select m.name, c.name, c.type, c.\"notnull\" <> 0 or c.pk > 0 from sqlite_master m join pragma_table_info(m.name) c \
             where m.type = 'table' and m.name not like 'sqlite%'",
        )
        .fetch_all(&p.read)
        .await
        .unwrap(),
        Db::Postgres(p) => sqlx::query_as(
            "select table_name::text, column_name::text, data_type::text, is_nullable = 'NO' from information_schema.columns \
             where table_schema = 'public'",
        )
        .fetch_all(p)
        .await
        .unwrap(),
    };
    rows.into_iter().filter(|(t, ..)| !t.starts_with("_sqlx")).map(|(t, c, ty, nn)| (t, c, type_class(&ty), nn)).collect()
}

/// Every index of the application schema but the primary keys'.
async fn indexes(db: &Db) -> Indexes {
    let rows: Vec<(String, String, bool, bool)> = match db {
        Db::Sqlite(p) => sqlx::query_as(
            "select m.name, (select group_concat(coalesce(ii.name, '<expr>'), ',') from \
                 (select name from pragma_index_info(il.name) order by seqno) ii), \
             il.\"unique\" <> 0, il.partial <> 0 \
             from sqlite_master m join pragma_index_list(m.name) il \
             where m.type = 'table' and m.name not like 'sqlite%' and il.origin <> 'pk'",
        )
        .fetch_all(&p.read)
        .await
        .unwrap(),
        Db::Postgres(p) => sqlx::query_as(
            "select t.relname::text, \
                 array_to_string(array(select coalesce(a.attname::text, '<expr>') \
                     from unnest(ix.indkey) with ordinality k(attnum, ord) \
                     left join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum order by k.ord), ','), \
                 ix.indisunique, ix.indpred is not null \
             from pg_index ix join pg_class t on t.oid = ix.indrelid join pg_namespace n on n.oid = t.relnamespace \
             where n.nspname = 'public' and not ix.indisprimary",
        )
        .fetch_all(p)
        .await
        .unwrap(),
    };
    rows.into_iter().filter(|(t, ..)| !t.starts_with("_sqlx")).collect()
}

/// What one side has and the other lacks, for the assertion message.
fn differences<T: Ord + std::fmt::Debug>(lite: &BTreeSet<T>, pg: &BTreeSet<T>) -> Option<String> {
    let only_lite: Vec<_> = lite.difference(pg).collect();
    let only_pg: Vec<_> = pg.difference(lite).collect();
    (!only_lite.is_empty() || !only_pg.is_empty()).then(|| format!("only in SQLite: {only_lite:#?}\nonly in PostgreSQL: {only_pg:#?}"))
}

#[tokio::test]
async fn both_backends_get_the_same_tables_columns_and_indexes() {
    let seen: Arc<Mutex<Vec<(Columns, Indexes)>>> = Arc::default();
    each_backend(|t| {
        let seen = seen.clone();
        async move {
            let cols = columns(&t.db).await;
            assert!(cols.iter().any(|(t, c, ..)| t == "audit_head" && c == "last_hash"));
            assert!(cols.contains(&("staff".to_owned(), "phone_enc".to_owned(), "bytes", true)));
            let idx = indexes(&t.db).await;
            assert!(idx.iter().any(|(t, c, unique, _)| t == "queue_categories" && c == "site_id,prefix" && *unique), "{idx:#?}");
            seen.lock().unwrap().push((cols, idx));
            t
        }
    })
    .await;
    let seen = seen.lock().unwrap();
    if std::env::var("TEST_DATABASE_URL").is_ok() {
        assert_eq!(seen.len(), 2, "with TEST_DATABASE_URL set, both backends ran");
    }
    if let [(lite_cols, lite_idx), (pg_cols, pg_idx)] = &seen[..] {
        if let Some(d) = differences(lite_cols, pg_cols) {
            panic!("the twin migrations give different columns:\n{d}");
        }
        if let Some(d) = differences(lite_idx, pg_idx) {
            panic!("the twin migrations give different indexes:\n{d}");
        }
    }
}
