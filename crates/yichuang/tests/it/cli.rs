//! The command line: `yichuang audit verify` on an intact and on a tampered database, and with
//! the signed checkpoints that find a deleted tail.

use std::process::Command;

use testkit::TestDb;

use crate::support::Demo;

fn yichuang(args: &[&str], data_dir: &std::path::Path) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_yichuang"))
        .args(args)
        .env("YICHUANG_DATA_DIR", data_dir)
        .env("YICHUANG_LOG", "error")
        // The tests' key (testkit's throwaway key, 42 in every byte).
        .env("YICHUANG_SECRET_KEY", "2a".repeat(32))
        .output()
        .expect("binary runs");
    (out.status.code().unwrap_or(-1), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

async fn exec(db: &store::Db, sql: impl Into<String>) {
    let sql = sqlx::AssertSqlSafe(sql.into());
    match db {
        store::Db::Sqlite(p) => sqlx::query(sql).execute(&p.write).await.map(|_| ()),
        store::Db::Postgres(p) => sqlx::query(sql).execute(p).await.map(|_| ()),
    }
    .expect("tampering statement runs");
}

#[tokio::test]
async fn audit_verify_passes_on_an_intact_log_and_names_a_tampered_or_deleted_row() {
    let d = Demo::sqlite().await;
    let t = &d.t;
    let url = format!("sqlite://{}", t.dir.join("test.db").display());
    let (code, out) = yichuang(&["audit", "verify", "--database-url", &url], &t.dir);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("intact"), "{out}");

    exec(&t.db, "update audit_log set after_summary = after_summary || ' ' where id = 40").await;
    let (code, out) = yichuang(&["audit", "verify", "--database-url", &url], &t.dir);
    assert_ne!(code, 0);
    assert!(out.contains("BROKEN at entry 40"), "{out}");
    d.cleanup().await;

    // Deleting a row is found too, on PostgreSQL as on SQLite.
    let pg = Demo::on(store::Backend::Postgres).await;
    for d in [Some(Demo::sqlite().await), pg].into_iter().flatten() {
        exec(&d.t.db, "delete from audit_log where id = 7").await;
        match app::audit::verify(&d.app).await.expect("verify runs") {
            store::audit::Verdict::Broken { id, .. } => assert_eq!(id, 7),
            v => panic!("deletion not found: {v:?}"),
        }
        d.cleanup().await;
    }
}

#[tokio::test]
async fn audit_verify_finds_a_deleted_tail_through_the_signed_checkpoints() {
    let d = Demo::sqlite().await;
    let t = &d.t;
    let url = format!("sqlite://{}", t.dir.join("test.db").display());
    let verify = || yichuang(&["audit", "verify", "--database-url", &url], &t.dir);
    let (code, out) = verify();
    assert!(code == 0 && out.contains("no checkpoints"), "names the missing file: {out}");
    let n = app::audit::checkpoint::take(&d.app, &t.dir, -1).await.expect("checkpoint");
    assert!(n > 20, "the demo has an audit trail: {n}");
    assert_eq!(app::audit::checkpoint::take(&d.app, &t.dir, n).await.expect("no move"), n);
    let (code, out) = verify();
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("checkpoints: 1 good"), "{out}");

    // Delete the last five entries and rewrite the head: the chain alone cannot tell.
    let keep = n - 5;
    exec(&t.db, format!("delete from audit_log where id > {keep}")).await;
    exec(&t.db, format!("update audit_head set last_id = {keep}, last_hash = (select hash from audit_log where id = {keep})")).await;
    assert_eq!(app::audit::verify(&d.app).await.expect("verify"), store::audit::Verdict::Intact(keep));
    let (code, out) = verify();
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("audit chain intact") && out.contains("末尾被删除") && out.contains(&format!("第 {} 条起", keep + 1)), "{out}");

    // A checkpoint forged without the key is named as such.
    let file = app::audit::checkpoint::file_in(&t.dir);
    assert!(std::fs::read_to_string(&file).expect("checkpoint file").contains(&format!("\"last_id\":{n}")));
    let forged = serde_json::json!({"last_id": keep, "hash": "00", "at": "2026-03-02T01:30:00.000000Z", "mac": "ab".repeat(32)});
    std::fs::write(&file, format!("{forged}\n")).expect("rewritten");
    let (code, out) = verify();
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("签名不符"), "{out}");
    d.cleanup().await;
}

#[test]
fn audit_verify_creates_no_key_and_names_what_is_missing() {
    let dir = std::env::temp_dir().join(format!("yc-verify-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let verify = || {
        let out = Command::new(env!("CARGO_BIN_EXE_yichuang"))
            .args(["audit", "verify", "--data-dir"])
            .arg(&dir)
            .env_remove("YICHUANG_SECRET_KEY")
            .env_remove("YICHUANG_DATABASE_URL")
            .env("YICHUANG_LOG", "error")
            .output()
            .expect("binary runs");
        (out.status.code(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
    };
    let (code, text) = verify();
    assert_ne!(code, Some(0), "{text}");
    assert!(text.contains("no database at"), "{text}");
    // With a database but no key: refused, and still no key file.
    std::fs::write(dir.join("yichuang.db"), b"").expect("db file");
    let (code, text) = verify();
    assert_ne!(code, Some(0), "{text}");
    assert!(text.contains("no key at") && text.contains("never creates a key"), "{text}");
    assert!(!dir.join("secret.key").exists(), "a read-only command created a key");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn migrate_creates_the_schema_and_serve_rejects_a_bad_database_url() {
    let t = TestDb::sqlite().await;
    let dir = t.dir.join("fresh");
    let url = format!("sqlite://{}", dir.join("x.db").display());
    std::fs::create_dir_all(&dir).expect("dir");
    let (code, out) = yichuang(&["migrate", "--database-url", &url], &dir);
    assert_eq!(code, 0, "{out}");
    let (code, out) = yichuang(&["migrate", "--database-url", "mysql://nope"], &dir);
    assert_ne!(code, 0);
    assert!(out.contains("sqlite://") && out.contains("postgres://"), "{out}");
    t.cleanup().await;
}

#[tokio::test]
async fn the_catalogue_exports_and_imports_from_the_command_line() {
    let d = Demo::sqlite().await;
    let t = &d.t;
    let url = format!("sqlite://{}", t.dir.join("test.db").display());
    let file = t.dir.join("catalog.xlsx");
    let f = file.to_string_lossy().into_owned();
    let (code, out) = yichuang(&["catalog", "export", "--database-url", &url, &f], &t.dir);
    assert_eq!(code, 0, "{out}");
    assert!(std::fs::read(&file).is_ok_and(|b| b.starts_with(b"PK")));
    let (code, out) = yichuang(&["catalog", "import", "--database-url", &url, &f], &t.dir);
    assert_eq!(code, 0, "{out}");
    let bad = t.dir.join("bad.json");
    std::fs::write(&bad, "{\"format\":\"yichuang-catalog\",\"version\":1,\"items\":[{\"basic_code\":\"\"}]}").expect("write");
    let (code, out) = yichuang(&["catalog", "import", "--database-url", &url, &bad.to_string_lossy()], &t.dir);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("nothing was imported"), "{out}");
    d.cleanup().await;
}
