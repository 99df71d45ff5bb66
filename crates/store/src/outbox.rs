//! Notification outbox (SMS). A message is inserted inside the transaction of the business write
//! it announces (so it exists iff that write committed) and delivered later by a sender job that
//! claims due rows one at a time, so two senders never deliver the same row within a lease. The
//! phone is stored encrypted with a blind index and a masked copy; only the masked copy is ever
//! read back for display. Statuses: `pending` → `sent`, or `pending` → `failed` after the last
//! attempt (an administrator may put a failed row back to `pending`).

use crate::org::Scope;
use crate::sql::{self, ToArg};
use crate::{Result, StoreError, Timestamp, Tx};

/// A message as listed: everything but the encrypted phone and its blind index.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct OutboxRow {
    pub id: i64,
    pub org_unit_id: i64,
    pub channel: String,
    pub kind: String,
    pub phone_masked: String,
    pub body: String,
    pub idempotency_key: String,
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: Timestamp,
    pub last_error: Option<String>,
    pub created_at: Timestamp,
    pub sent_at: Option<Timestamp>,
    pub provider_ref: Option<String>,
    pub org_path: String,
}

/// A due message as the sender needs it, with the encrypted phone; never serialised.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DueRow {
    pub id: i64,
    pub org_unit_id: i64,
    pub kind: String,
    pub phone_enc: Vec<u8>,
    pub body: String,
    pub idempotency_key: String,
    pub attempts: i64,
}

/// The fields of a new message (phone already encrypted by the caller).
#[derive(Debug, Clone)]
pub struct NewOutbox<'a> {
    pub org_unit_id: i64,
    pub kind: &'a str,
    pub phone_enc: &'a [u8],
    pub phone_hash: &'a str,
    pub phone_masked: &'a str,
    pub body: &'a str,
    pub idempotency_key: &'a str,
}

/// How many messages are in each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct StatusCounts {
    pub pending: i64,
    pub sent: i64,
    pub failed: i64,
}

const ROW_SELECT: &str = "select x.id, x.org_unit_id, x.channel, x.kind, x.phone_masked, x.body, x.idempotency_key, x.status, x.attempts, \
     x.next_attempt_at, x.last_error, x.created_at, x.sent_at, x.provider_ref, o.path as org_path \
     from outbox x join org_units o on o.id = x.org_unit_id";

/// Inserts a pending SMS due at `now`; when a message with the same idempotency key exists
/// already, inserts nothing and returns that message's id.
pub async fn insert(tx: &mut Tx, m: &NewOutbox<'_>, now: Timestamp) -> Result<i64> {
    let new: Option<i64> = sql::scalar_optional(
        tx,
        "insert into outbox (org_unit_id, channel, kind, phone_enc, phone_hash, phone_masked, body, idempotency_key, status, attempts, \
         next_attempt_at, created_at) values ($1, 'sms', $2, $3, $4, $5, $6, $7, 'pending', 0, $8, $8) \
         on conflict (idempotency_key) do nothing returning id",
        &[&m.org_unit_id, &m.kind, &m.phone_enc, &m.phone_hash, &m.phone_masked, &m.body, &m.idempotency_key, &now],
    )
    .await?;
    match new {
        Some(id) => Ok(id),
        None => find_id_by_key(tx, m.idempotency_key).await?.ok_or(StoreError::NotFound("outbox message")),
    }
}

/// Inserts pending SMS in multi-row statements, skipping idempotency keys already present;
/// answers how many were new.
pub async fn insert_many(tx: &mut Tx, messages: &[NewOutbox<'_>], now: Timestamp) -> Result<u64> {
    Ok(crate::insert_rows!(
        tx,
        messages,
        1000,
        12,
        |values| format!(
            "insert into outbox (org_unit_id, channel, kind, phone_enc, phone_hash, phone_masked, body, idempotency_key, status, attempts, \
             next_attempt_at, created_at) values {values} on conflict (idempotency_key) do nothing"
        ),
        |q, m| q
            .bind(m.org_unit_id)
            .bind("sms")
            .bind(m.kind)
            .bind(m.phone_enc)
            .bind(m.phone_hash)
            .bind(m.phone_masked)
            .bind(m.body)
            .bind(m.idempotency_key)
            .bind("pending")
            .bind(0_i64)
            .bind(now)
            .bind(now)
    ))
}

/// The id of the message with this idempotency key.
pub async fn find_id_by_key(tx: &mut Tx, idempotency_key: &str) -> Result<Option<i64>> {
    sql::scalar_optional(tx, "select id from outbox where idempotency_key = $1", &[&idempotency_key]).await
}

pub async fn find(tx: &mut Tx, id: i64) -> Result<Option<OutboxRow>> {
    let sql = format!("{ROW_SELECT} where x.id = $1");
    sql::fetch_optional(tx, sqlx::AssertSqlSafe(sql), &[&id]).await
}

pub async fn get(tx: &mut Tx, id: i64) -> Result<OutboxRow> {
    find(tx, id).await?.ok_or(StoreError::NotFound("outbox message"))
}

/// Pending messages whose next attempt is due by `now`, the longest-waiting first.
pub async fn list_due(tx: &mut Tx, now: Timestamp, limit: i64) -> Result<Vec<DueRow>> {
    sql::fetch_all(
        tx,
        "select id, org_unit_id, kind, phone_enc, body, idempotency_key, attempts from outbox \
         where status = 'pending' and next_attempt_at <= $1 order by next_attempt_at, id limit $2",
        &[&now, &limit],
    )
    .await
}

/// Claims a due message for one attempt: counts the attempt and moves its next attempt to
/// `lease_until`, so another sender skips it meanwhile (and a sender that dies mid-send leaves it
/// due again once the lease ends). False when the message is no longer pending and due.
pub async fn claim(tx: &mut Tx, id: i64, now: Timestamp, lease_until: Timestamp) -> Result<bool> {
    Ok(claim_many(tx, &[id], now, lease_until).await?.len() == 1)
}

/// Claims due messages for one attempt each in one statement (see [`claim`]); answers the ids
/// claimed, which leaves out those no longer pending and due.
pub async fn claim_many(tx: &mut Tx, ids: &[i64], now: Timestamp, lease_until: Timestamp) -> Result<Vec<i64>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 3)).collect();
    let sql = format!(
        "update outbox set attempts = attempts + 1, next_attempt_at = $1 where status = 'pending' and next_attempt_at <= $2 \
         and id in ({}) returning id",
        list.join(", ")
    );
    let mut args: Vec<&dyn ToArg> = vec![&lease_until, &now];
    args.extend(ids.iter().map(|id| id as &dyn ToArg));
    sql::scalars(tx, sqlx::AssertSqlSafe(sql), &args).await
}

/// Records a delivery; false when the message was not pending (then nothing changes).
pub async fn mark_sent(tx: &mut Tx, id: i64, provider_ref: &str, now: Timestamp) -> Result<bool> {
    sql::changed_one(
        tx,
        "update outbox set status = 'sent', sent_at = $1, provider_ref = $2, last_error = null where id = $3 and status = 'pending'",
        &[&now, &provider_ref, &id],
    )
    .await
}

/// Records a failed attempt (counted when it was claimed): with `retry_at` the message stays
/// pending until then; without it (the last attempt, or a permanent error) it becomes `failed`.
/// False when the message was not pending.
pub async fn mark_failed_attempt(tx: &mut Tx, id: i64, error: &str, retry_at: Option<Timestamp>) -> Result<bool> {
    let n = match retry_at {
        Some(at) => {
            sql::execute(
                tx,
                "update outbox set last_error = $1, next_attempt_at = $2 where id = $3 and status = 'pending'",
                &[&error, &at, &id],
            )
            .await?
        }
        None => {
            sql::execute(tx, "update outbox set status = 'failed', last_error = $1 where id = $2 and status = 'pending'", &[&error, &id])
                .await?
        }
    };
    Ok(n == 1)
}

/// Puts a failed message back to pending, due at `now`, with a fresh count of attempts (the
/// last error stays for reference). False when the message was not failed.
pub async fn requeue(tx: &mut Tx, id: i64, now: Timestamp) -> Result<bool> {
    sql::changed_one(
        tx,
        "update outbox set status = 'pending', attempts = 0, next_attempt_at = $1 where id = $2 and status = 'failed'",
        &[&now, &id],
    )
    .await
}

/// Messages in `scope`, newest first, older than `before_id`, optionally of one status and kind.
pub async fn list(
    tx: &mut Tx,
    scope: &Scope,
    status: Option<&str>,
    kind: Option<&str>,
    before_id: Option<i64>,
    limit: i64,
) -> Result<Vec<OutboxRow>> {
    let (cond, binds) = scope.condition("o.path", 5);
    let sql = format!(
        "{ROW_SELECT} where x.id < $1 and ($2 is null or x.status = $2) and ($3 is null or x.kind = $3) and {cond} \
         order by x.id desc limit $4"
    );
    sql::fetch_scoped(tx, sql, &[&before_id.unwrap_or(i64::MAX), &status, &kind, &limit], &binds).await
}

/// How many messages in `scope` are pending, sent and failed.
pub async fn count_by_status(tx: &mut Tx, scope: &Scope) -> Result<StatusCounts> {
    let (cond, binds) = scope.condition("o.path", 1);
    let sql = format!("select x.status, count(*) from outbox x join org_units o on o.id = x.org_unit_id where {cond} group by x.status");
    let rows: Vec<(String, i64)> = sql::fetch_scoped(tx, sql, &[], &binds).await?;
    let mut out = StatusCounts::default();
    for (status, n) in rows {
        match status.as_str() {
            "pending" => out.pending = n,
            "sent" => out.sent = n,
            "failed" => out.failed = n,
            _ => {}
        }
    }
    Ok(out)
}
