//! Online application (不见面审批): citizens' one-time login codes and sessions, the citizen's own
//! cases (found by the phone's blind index), the windows' list of online cases to pre-check, and
//! failed progress look-ups (for the hourly limit). Phones are written sealed; only masks and
//! blind indexes are read back, except the ciphertext the app needs to text or re-seal.

use chrono::NaiveDate;

use crate::org::Scope;
use crate::{Result, Timestamp, Tx, sql};

// ---------------------------------------------------------------- login codes

/// A login code to store: the phone sealed, the code as a salted keyed hash.
#[derive(Debug, Clone)]
pub struct NewLoginCode<'a> {
    pub phone: &'a crate::cases::rows::Sealed,
    pub salt: &'a str,
    pub code_hash: &'a str,
    pub day: NaiveDate,
    pub expires_at: Timestamp,
}

/// A stored login code (never the code itself).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LoginCodeRow {
    pub id: i64,
    pub phone_hash: String,
    pub salt: String,
    pub code_hash: String,
    pub attempts: i64,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub used_at: Option<Timestamp>,
    pub dead_at: Option<Timestamp>,
}

pub async fn insert_login_code(tx: &mut Tx, c: &NewLoginCode<'_>, now: Timestamp) -> Result<i64> {
    sql::scalar(
        tx,
        "insert into portal_login_codes (phone_enc, phone_hash, phone_masked, salt, code_hash, day, created_at, expires_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8) returning id",
        &[&c.phone.0, &c.phone.1, &c.phone.2, &c.salt, &c.code_hash, &c.day, &now, &c.expires_at],
    )
    .await
}

/// The newest code sent to a phone, if any.
pub async fn find_latest_code(tx: &mut Tx, phone_hash: &str) -> Result<Option<LoginCodeRow>> {
    sql::fetch_optional(
        tx,
        "select id, phone_hash, salt, code_hash, attempts, created_at, expires_at, used_at, dead_at from portal_login_codes \
         where phone_hash = $1 order by created_at desc, id desc limit 1",
        &[&phone_hash],
    )
    .await
}

/// How many codes a phone was sent on a business day.
pub async fn count_codes_on(tx: &mut Tx, phone_hash: &str, day: NaiveDate) -> Result<i64> {
    sql::scalar(tx, "select count(*) from portal_login_codes where phone_hash = $1 and day = $2", &[&phone_hash, &day]).await
}

/// Counts a wrong try; the code dies (`dead_at`) on the `limit`-th. Answers the attempts so far.
pub async fn record_wrong_code(tx: &mut Tx, id: i64, limit: i64, now: Timestamp) -> Result<i64> {
    sql::scalar(
        tx,
        "update portal_login_codes set attempts = attempts + 1, \
         dead_at = case when attempts + 1 >= $2 then $3 else dead_at end where id = $1 returning attempts",
        &[&id, &limit, &now],
    )
    .await
}

/// Marks a code used if it is still live; false when it was used, killed or expired meanwhile.
pub async fn use_code(tx: &mut Tx, id: i64, now: Timestamp) -> Result<bool> {
    sql::changed_one(
        tx,
        "update portal_login_codes set used_at = $2 where id = $1 and used_at is null and dead_at is null and expires_at > $2",
        &[&id, &now],
    )
    .await
}

// ---------------------------------------------------------------- sessions

/// A live citizen session.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CitizenSessionRow {
    pub phone_enc: Vec<u8>,
    pub phone_hash: String,
    pub phone_masked: String,
    pub csrf_token: String,
    pub expires_at: Timestamp,
}

pub async fn insert_session(
    tx: &mut Tx,
    token_hash: &str,
    phone: &crate::cases::rows::Sealed,
    csrf: &str,
    now: Timestamp,
    expires: Timestamp,
) -> Result<()> {
    sql::execute(
        tx,
        "insert into citizen_sessions (token_hash, phone_enc, phone_hash, phone_masked, csrf_token, created_at, expires_at) \
         values ($1, $2, $3, $4, $5, $6, $7)",
        &[&token_hash, &phone.0, &phone.1, &phone.2, &csrf, &now, &expires],
    )
    .await
    .map(|_| ())?;
    Ok(())
}

pub async fn find_live_session(tx: &mut Tx, token_hash: &str, now: Timestamp) -> Result<Option<CitizenSessionRow>> {
    sql::fetch_optional(tx, "select phone_enc, phone_hash, phone_masked, csrf_token, expires_at from citizen_sessions where token_hash = $1 and expires_at > $2", &[&token_hash, &now]).await
}

pub async fn delete_session(tx: &mut Tx, token_hash: &str) -> Result<()> {
    sql::execute(tx, "delete from citizen_sessions where token_hash = $1", &[&token_hash]).await.map(|_| ())?;
    Ok(())
}

// ---------------------------------------------------------------- cases seen from the portal

/// An online case as the portal and the pre-check list show it: masked identifiers only.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct PortalCaseRow {
    pub id: i64,
    pub case_no: String,
    /// The holder's query code (shown to the signed-in owner only).
    pub query_code: String,
    pub site_id: i64,
    pub site_name: String,
    pub org_unit_id: i64,
    #[serde(skip)]
    pub org_path: String,
    pub item_id: i64,
    pub item_name: String,
    pub department_name: String,
    pub channel: String,
    pub status: String,
    pub applicant_kind: String,
    pub applicant_name: String,
    pub applicant_id_masked: Option<String>,
    pub credit_code: Option<String>,
    pub phone_masked: String,
    #[serde(skip)]
    pub phone_hash: String,
    pub decision_reason: Option<String>,
    pub form: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

const PORTAL_SELECT: &str = "select k.id, k.case_no, k.query_code, k.site_id, s.name as site_name, k.org_unit_id, o.path as org_path, \
     k.item_id, k.item_name, d.name as department_name, k.channel, k.status, k.applicant_kind, k.applicant_name, k.applicant_id_masked, \
     k.credit_code, k.phone_masked, k.phone_hash, k.decision_reason, k.form, k.created_at, k.updated_at \
     from cases k join sites s on s.id = k.site_id join org_units o on o.id = k.org_unit_id join departments d on d.id = k.department_id";

/// One case by id (the app checks whose it is).
pub async fn find_portal_case(tx: &mut Tx, id: i64) -> Result<Option<PortalCaseRow>> {
    let sql = format!("{PORTAL_SELECT} where k.id = $1");
    sql::fetch_optional(tx, sqlx::AssertSqlSafe(sql), &[&id]).await
}

/// The online cases filed from one phone (by its blind index), newest first.
pub async fn list_by_phone(tx: &mut Tx, phone_hash: &str, limit: i64) -> Result<Vec<PortalCaseRow>> {
    let sql = format!("{PORTAL_SELECT} where k.phone_hash = $1 and k.channel = 'online' order by k.id desc limit $2");
    sql::fetch_all(tx, sqlx::AssertSqlSafe(sql), &[&phone_hash, &limit]).await
}

/// Online cases in the given states within `scope` (org paths of the halls), oldest first.
pub async fn list_online(tx: &mut Tx, statuses: &[&str], scope: &Scope, limit: i64) -> Result<Vec<PortalCaseRow>> {
    let list: Vec<String> = (0..statuses.len()).map(|i| format!("${}", i + 2)).collect();
    let (cond, binds) = scope.condition("o.path", statuses.len() + 2);
    let sql = format!(
        "{PORTAL_SELECT} where k.channel = 'online' and k.status in ({}) and {cond} order by k.updated_at, k.id limit $1",
        list.join(", ")
    );
    let mut all: Vec<String> = statuses.iter().map(|s| (*s).to_owned()).collect();
    all.extend(binds);
    sql::fetch_scoped(tx, sql, &[&limit], &all).await
}

// ---------------------------------------------------------------- progress look-up failures

/// Records a wrong case number + query code pair under `key_hash`.
pub async fn insert_lookup_failure(tx: &mut Tx, key_hash: &str, now: Timestamp) -> Result<()> {
    sql::execute(tx, "insert into portal_lookup_failures (key_hash, at) values ($1, $2)", &[&key_hash, &now]).await.map(|_| ())?;
    Ok(())
}

/// Wrong pairs under `key_hash` since `since`.
pub async fn count_lookup_failures(tx: &mut Tx, key_hash: &str, since: Timestamp) -> Result<i64> {
    sql::scalar(tx, "select count(*) from portal_lookup_failures where key_hash = $1 and at > $2", &[&key_hash, &since]).await
}

/// The root of the org tree (the banner), id and path: the owner of texts and audit rows not yet
/// tied to a hall.
pub async fn root_org_unit(tx: &mut Tx) -> Result<Option<(i64, String)>> {
    sql::fetch_optional(tx, "select id, path from org_units where parent_id is null order by id limit 1", &[]).await
}

/// Deletes login codes created before `codes_before`, sessions expired by `now` and look-up
/// failures before `failures_before`; answers how many rows went.
pub async fn purge(tx: &mut Tx, codes_before: Timestamp, now: Timestamp, failures_before: Timestamp) -> Result<u64> {
    let a = sql::execute(tx, "delete from portal_login_codes where created_at < $1", &[&codes_before]).await?;
    let b = sql::execute(tx, "delete from citizen_sessions where expires_at <= $1", &[&now]).await?;
    let f = sql::execute(tx, "delete from portal_lookup_failures where at < $1", &[&failures_before]).await?;
    Ok(a + b + f)
}
