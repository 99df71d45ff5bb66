//! The append-only, hash-chained audit log (X3). Appends are serialised (SQLite: the write lock
//! of `BEGIN IMMEDIATE`; PostgreSQL: a transaction-scoped advisory lock) so the chain never forks.

use domain::audit::{self, Entry, GENESIS};

use crate::{Backend, Result, Tx, sql};

/// Lock key for the audit chain (PostgreSQL advisory lock); any constant unique to this use.
const AUDIT_LOCK: i64 = 0x0079_6361_7564_6974;

/// Formats an audit timestamp: RFC 3339 UTC with microseconds (the exact bytes that are hashed).
pub fn audit_time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// One audit row as stored.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct AuditRow {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub org_path: String,
    pub before_summary: String,
    pub after_summary: String,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditRow {
    fn entry(&self) -> Entry<'_> {
        Entry {
            id: self.id,
            at: &self.at,
            actor: &self.actor,
            action: &self.action,
            entity: &self.entity,
            entity_id: &self.entity_id,
            org_path: &self.org_path,
            before: &self.before_summary,
            after: &self.after_summary,
        }
    }
}

/// What a use case records about one write.
#[derive(Debug, Clone)]
pub struct NewAudit<'a> {
    pub at: String,
    pub actor: &'a str,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: String,
    pub org_path: &'a str,
    pub before: String,
    pub after: String,
}

/// Appends one entry to the chain inside the caller's transaction; returns its id.
pub async fn append(tx: &mut Tx, a: &NewAudit<'_>) -> Result<i64> {
    append_many(tx, std::slice::from_ref(a)).await
}

/// Appends entries in order inside the caller's transaction (one read of the head, multi-row
/// inserts, one write of the head: a batch of the group-commit writer pays for its audit rows
/// once); returns the last id.
pub async fn append_many(tx: &mut Tx, rows: &[NewAudit<'_>]) -> Result<i64> {
    if tx.backend() == Backend::Postgres {
        // PostgreSQL lets concurrent transactions read the same chain head; serialise appends.
        sql::execute(tx, "select pg_advisory_xact_lock($1)", &[&AUDIT_LOCK]).await?;
    }
    let head: Option<(i64, String)> = sql::fetch_optional(tx, "select last_id, last_hash from audit_head where singleton = 1", &[]).await?;
    let (mut id, mut hash) = head.unwrap_or((0, GENESIS.to_owned()));
    if rows.is_empty() {
        return Ok(id);
    }
    let mut linked = Vec::with_capacity(rows.len());
    for a in rows {
        id += 1;
        let entry = Entry {
            id,
            at: &a.at,
            actor: a.actor,
            action: a.action,
            entity: a.entity,
            entity_id: &a.entity_id,
            org_path: a.org_path,
            before: &a.before,
            after: &a.after,
        };
        let next = audit::chain_hash(&hash, &entry);
        linked.push((id, a, std::mem::replace(&mut hash, next.clone()), next));
    }
    crate::insert_rows!(
        tx,
        linked,
        300,
        11,
        |values| format!(
            "insert into audit_log (id, at, actor, action, entity, entity_id, org_path, before_summary, after_summary, prev_hash, hash) values {values}"
        ),
        |q, r| q
            .bind(r.0)
            .bind(&r.1.at)
            .bind(r.1.actor)
            .bind(r.1.action)
            .bind(r.1.entity)
            .bind(&r.1.entity_id)
            .bind(r.1.org_path)
            .bind(&r.1.before)
            .bind(&r.1.after)
            .bind(&r.2)
            .bind(&r.3)
    );
    sql::execute(
        tx,
        "insert into audit_head (singleton, last_id, last_hash) values (1, $1, $2) \
         on conflict (singleton) do update set last_id = excluded.last_id, last_hash = excluded.last_hash",
        &[&id, &hash],
    )
    .await?;
    Ok(id)
}

/// A table whose rows carry the org path audit entries are filed under.
#[derive(Debug, Clone, Copy)]
pub enum PathOf {
    Sites,
    Cases,
}

/// The org paths of rows of `table` by id (for the audit entries of a batch's steps).
pub async fn org_paths(tx: &mut Tx, table: PathOf, ids: &[i64]) -> Result<std::collections::HashMap<i64, String>> {
    let name = match table {
        PathOf::Sites => "sites",
        PathOf::Cases => "cases",
    };
    let mut out = std::collections::HashMap::new();
    for chunk in ids.chunks(500) {
        let list: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql = format!("select x.id, o.path from {name} x join org_units o on o.id = x.org_unit_id where x.id in ({})", list.join(", "));
        let args: Vec<&dyn crate::sql::ToArg> = chunk.iter().map(|id| id as &dyn crate::sql::ToArg).collect();
        let rows: Vec<(i64, String)> = sql::fetch_all(tx, sqlx::AssertSqlSafe(sql), &args).await?;
        out.extend(rows);
    }
    Ok(out)
}

/// The outcome of checking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Every row links to the one before and matches its hash; carries the row count.
    Intact(i64),
    /// The first row that breaks the chain, with the reason.
    Broken { id: i64, reason: String },
}

/// Walks the whole chain in id order, in pages, and reports the first break.
pub async fn verify(tx: &mut Tx) -> Result<Verdict> {
    let mut expected_prev = GENESIS.to_owned();
    let mut expected_id = 1i64;
    let mut count = 0i64;
    loop {
        let rows: Vec<AuditRow> =
            sql::fetch_all(tx, "select * from audit_log where id >= $1 order by id limit 2000", &[&expected_id]).await?;
        if rows.is_empty() {
            break;
        }
        for r in &rows {
            if r.id != expected_id {
                return Ok(Verdict::Broken { id: expected_id, reason: format!("第 {expected_id} 条记录缺失（被删除）") });
            }
            if r.prev_hash != expected_prev {
                return Ok(Verdict::Broken {
                    id: r.id, reason: "与前一条记录的链接不符（前一条记录被删除或修改）".to_owned()
                });
            }
            if audit::chain_hash(&r.prev_hash, &r.entry()) != r.hash {
                return Ok(Verdict::Broken { id: r.id, reason: "记录内容与其哈希不符（本条记录被修改）".to_owned() });
            }
            expected_prev = r.hash.clone();
            expected_id += 1;
            count += 1;
        }
    }
    let head: Option<(i64, String)> = sql::fetch_optional(tx, "select last_id, last_hash from audit_head where singleton = 1", &[]).await?;
    match head {
        None if count == 0 => Ok(Verdict::Intact(0)),
        Some((last_id, last_hash)) if last_id == count && last_hash == expected_prev => Ok(Verdict::Intact(count)),
        Some((last_id, _)) if last_id > count => {
            Ok(Verdict::Broken { id: count + 1, reason: format!("第 {} 至 {} 条记录缺失（末尾被删除）", count + 1, last_id) })
        }
        _ => Ok(Verdict::Broken { id: count, reason: "链头记录与日志末尾不符".to_owned() }),
    }
}

/// The chain's head as recorded: the last id and its hash (`(0, GENESIS)` before the first entry).
pub async fn head(tx: &mut Tx) -> Result<(i64, String)> {
    let head: Option<(i64, String)> = sql::fetch_optional(tx, "select last_id, last_hash from audit_head where singleton = 1", &[]).await?;
    Ok(head.unwrap_or((0, GENESIS.to_owned())))
}

/// The stored hash of entry `id`, if the entry exists.
pub async fn hash_at(tx: &mut Tx, id: i64) -> Result<Option<String>> {
    sql::scalar_optional(tx, "select hash from audit_log where id = $1", &[&id]).await
}

/// Audit rows, newest first, optionally for one entity, scoped to org-path prefixes.
pub async fn list(tx: &mut Tx, entity: Option<&str>, before_id: Option<i64>, limit: i64) -> Result<Vec<AuditRow>> {
    let before = before_id.unwrap_or(i64::MAX);
    sql::fetch_all(
        tx,
        "select * from audit_log where id < $1 and ($2 is null or entity = $2) order by id desc limit $3",
        &[&before, &entity, &limit],
    )
    .await
}
