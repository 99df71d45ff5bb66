//! Cases (办件): numbering, the case row and its conditional transitions, the event trail, the
//! clock's pauses and extensions, and the material checklist. Encrypted columns (ID numbers,
//! phones) are written here but only their masked copies are ever read back for display.

use chrono::NaiveDate;

use crate::{Result, StoreError, Timestamp, Tx, on_tx};

/// The next case sequence of a site on a business day (1, 2, …), atomically.
pub async fn next_seq(tx: &mut Tx, site_id: i64, day: NaiveDate) -> Result<i64> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar(
        "insert into case_counters (site_id, day, last_seq) values ($1, $2, 1) \
         on conflict (site_id, day) do update set last_seq = case_counters.last_seq + 1 returning last_seq"
    )
    .bind(site_id)
    .bind(day)
    .fetch_one(c)
    .await)?)
}

/// An encrypted identifier: ciphertext, blind index, masked copy.
pub type Sealed = (Vec<u8>, String, String);

/// The fields of a new case (identifiers already sealed by the caller).
#[derive(Debug, Clone)]
pub struct NewCase<'a> {
    pub case_no: &'a str,
    pub query_code: &'a str,
    pub site_id: i64,
    pub org_unit_id: i64,
    pub parent_id: Option<i64>,
    pub item_id: i64,
    pub item_version_id: i64,
    pub item_name: &'a str,
    pub department_id: i64,
    pub case_kind: &'a str,
    pub channel: &'a str,
    pub status: &'a str,
    pub applicant_kind: &'a str,
    pub applicant_name: &'a str,
    pub applicant_id: Option<&'a Sealed>,
    pub credit_code: Option<&'a str>,
    pub phone: &'a Sealed,
    pub agent_name: Option<&'a str>,
    pub agent_id: Option<&'a Sealed>,
    pub agent_authorisation: Option<&'a str>,
    pub ticket_id: Option<i64>,
    pub window_id: Option<i64>,
    pub intake_user_id: Option<i64>,
    pub promised_days: i64,
    pub statutory_days: i64,
    pub form: &'a str,
}

/// Inserts a case and returns its id.
pub async fn insert_case(tx: &mut Tx, c: &NewCase<'_>, now: Timestamp) -> Result<i64> {
    let (aid_enc, aid_hash, aid_masked) = split(c.applicant_id);
    let (gid_enc, gid_hash, gid_masked) = split(c.agent_id);
    Ok(on_tx!(tx, |x| {
        sqlx::query_scalar(
        "insert into cases (case_no, query_code, site_id, org_unit_id, parent_id, item_id, item_version_id, item_name, department_id, \
         case_kind, channel, status, applicant_kind, applicant_name, applicant_id_enc, applicant_id_hash, applicant_id_masked, credit_code, \
         phone_enc, phone_hash, phone_masked, agent_name, agent_id_enc, agent_id_hash, agent_id_masked, agent_authorisation, ticket_id, \
         window_id, intake_user_id, promised_days, statutory_days, form, created_at, updated_at) values \
         ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, \
         $28, $29, $30, $31, $32, $33, $33) returning id"
    )
    .bind(c.case_no)
    .bind(c.query_code)
    .bind(c.site_id)
    .bind(c.org_unit_id)
    .bind(c.parent_id)
    .bind(c.item_id)
    .bind(c.item_version_id)
    .bind(c.item_name)
    .bind(c.department_id)
    .bind(c.case_kind)
    .bind(c.channel)
    .bind(c.status)
    .bind(c.applicant_kind)
    .bind(c.applicant_name)
    .bind(aid_enc)
    .bind(aid_hash)
    .bind(aid_masked)
    .bind(c.credit_code)
    .bind(&c.phone.0)
    .bind(&c.phone.1)
    .bind(&c.phone.2)
    .bind(c.agent_name)
    .bind(gid_enc)
    .bind(gid_hash)
    .bind(gid_masked)
    .bind(c.agent_authorisation)
    .bind(c.ticket_id)
    .bind(c.window_id)
    .bind(c.intake_user_id)
    .bind(c.promised_days)
    .bind(c.statutory_days)
    .bind(c.form)
    .bind(now)
    .fetch_one(x)
    .await
    })?)
}

fn split(s: Option<&Sealed>) -> (Option<&[u8]>, Option<&str>, Option<&str>) {
    match s {
        Some((e, h, m)) => (Some(e.as_slice()), Some(h.as_str()), Some(m.as_str())),
        None => (None, None, None),
    }
}

/// A case as shown: no ciphertext, no blind index.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct CaseRow {
    pub id: i64,
    pub case_no: String,
    #[serde(skip)]
    pub query_code: String,
    pub site_id: i64,
    pub site_name: String,
    pub org_unit_id: i64,
    pub org_path: String,
    pub parent_id: Option<i64>,
    pub item_id: i64,
    pub item_version_id: i64,
    pub item_name: String,
    pub department_id: i64,
    pub department_name: String,
    pub case_kind: String,
    pub channel: String,
    pub status: String,
    pub applicant_kind: String,
    pub applicant_name: String,
    pub applicant_id_masked: Option<String>,
    pub credit_code: Option<String>,
    pub phone_masked: String,
    pub agent_name: Option<String>,
    pub agent_id_masked: Option<String>,
    pub agent_authorisation: Option<String>,
    pub ticket_id: Option<i64>,
    pub window_id: Option<i64>,
    pub intake_user_id: Option<i64>,
    pub accepted_by: Option<i64>,
    pub accepted_on: Option<NaiveDate>,
    pub reviewer_id: Option<i64>,
    pub decided_by: Option<i64>,
    pub decided_on: Option<NaiveDate>,
    pub decision_reason: Option<String>,
    pub promised_days: i64,
    pub statutory_days: i64,
    pub extension_days: i64,
    pub promised_deadline: Option<NaiveDate>,
    pub statutory_deadline: Option<NaiveDate>,
    pub warning_level: i64,
    pub next_level: Option<i64>,
    pub next_level_on: Option<NaiveDate>,
    pub delivery_mode: Option<String>,
    pub delivery_detail: Option<String>,
    pub form: String,
    pub version: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

const CASE_SELECT: &str = "select k.id, k.case_no, k.query_code, k.site_id, s.name as site_name, k.org_unit_id, o.path as org_path, k.parent_id, \
     k.item_id, k.item_version_id, k.item_name, k.department_id, d.name as department_name, k.case_kind, k.channel, k.status, \
     k.applicant_kind, k.applicant_name, k.applicant_id_masked, k.credit_code, k.phone_masked, k.agent_name, k.agent_id_masked, \
     k.agent_authorisation, k.ticket_id, k.window_id, k.intake_user_id, k.accepted_by, k.accepted_on, k.reviewer_id, k.decided_by, \
     k.decided_on, k.decision_reason, k.promised_days, k.statutory_days, k.extension_days, k.promised_deadline, k.statutory_deadline, \
     k.warning_level, k.next_level, k.next_level_on, k.delivery_mode, k.delivery_detail, k.form, k.version, k.created_at, k.updated_at \
     from cases k join sites s on s.id = k.site_id join org_units o on o.id = k.org_unit_id join departments d on d.id = k.department_id";

pub async fn find_case(tx: &mut Tx, id: i64) -> Result<Option<CaseRow>> {
    let sql = format!("{CASE_SELECT} where k.id = $1");
    Ok(on_tx!(tx, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(id).fetch_optional(c).await)?)
}

pub async fn get_case(tx: &mut Tx, id: i64) -> Result<CaseRow> {
    find_case(tx, id).await?.ok_or(StoreError::NotFound("case"))
}

/// A case by its number (the applicant's progress look-up checks the query code itself).
pub async fn find_by_no(tx: &mut Tx, case_no: &str) -> Result<Option<CaseRow>> {
    let sql = format!("{CASE_SELECT} where k.case_no = $1");
    Ok(on_tx!(tx, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(case_no).fetch_optional(c).await)?)
}

/// The encrypted contact phone of a case (for notices to the applicant).
pub async fn phone_enc(tx: &mut Tx, id: i64) -> Result<Vec<u8>> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar("select phone_enc from cases where id = $1").bind(id).fetch_one(c).await)?)
}

/// What one transition writes on the case row; `None` leaves a column as it is.
#[derive(Debug, Clone, Default)]
pub struct Change<'a> {
    pub status: &'a str,
    pub accepted_by: Option<i64>,
    pub accepted_on: Option<NaiveDate>,
    pub reviewer_id: Option<i64>,
    pub decided_by: Option<i64>,
    pub decided_on: Option<NaiveDate>,
    pub decision_reason: Option<&'a str>,
    pub add_extension_days: i64,
    pub delivery_mode: Option<&'a str>,
    pub delivery_detail: Option<&'a str>,
    /// The clock after the transition: deadlines, level, and when the next level begins.
    pub promised_deadline: Option<NaiveDate>,
    pub statutory_deadline: Option<NaiveDate>,
    pub warning_level: i64,
    pub next_level: Option<i64>,
    pub next_level_on: Option<NaiveDate>,
}

/// Applies a transition if the case is still in `from` at `version`; false when another writer
/// got there first (the caller answers 409).
pub async fn transition(tx: &mut Tx, id: i64, from: &str, version: i64, ch: &Change<'_>, now: Timestamp) -> Result<bool> {
    let n = on_tx!(tx, |c| sqlx::query(
        "update cases set status = $1, accepted_by = coalesce($2, accepted_by), accepted_on = coalesce($3, accepted_on), \
         reviewer_id = coalesce($4, reviewer_id), decided_by = coalesce($5, decided_by), decided_on = coalesce($6, decided_on), \
         decision_reason = coalesce($7, decision_reason), extension_days = extension_days + $8, \
         delivery_mode = coalesce($9, delivery_mode), delivery_detail = coalesce($10, delivery_detail), \
         promised_deadline = $11, statutory_deadline = $12, warning_level = $13, next_level = $14, next_level_on = $15, \
         version = version + 1, updated_at = $16 where id = $17 and status = $18 and version = $19"
    )
    .bind(ch.status)
    .bind(ch.accepted_by)
    .bind(ch.accepted_on)
    .bind(ch.reviewer_id)
    .bind(ch.decided_by)
    .bind(ch.decided_on)
    .bind(ch.decision_reason)
    .bind(ch.add_extension_days)
    .bind(ch.delivery_mode)
    .bind(ch.delivery_detail)
    .bind(ch.promised_deadline)
    .bind(ch.statutory_deadline)
    .bind(ch.warning_level)
    .bind(ch.next_level)
    .bind(ch.next_level_on)
    .bind(now)
    .bind(id)
    .bind(from)
    .bind(version)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

// ---------------------------------------------------------------- events

/// One step of a case's trail.
#[derive(Debug, Clone)]
pub struct NewEvent<'a> {
    pub case_id: i64,
    pub action: &'a str,
    pub from_status: &'a str,
    pub to_status: &'a str,
    pub user_id: Option<i64>,
    pub actor: &'a str,
    pub note: &'a str,
    pub data: &'a str,
}

pub async fn insert_event(tx: &mut Tx, e: &NewEvent<'_>, now: Timestamp) -> Result<i64> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar(
        "insert into case_events (case_id, at, action, from_status, to_status, user_id, actor, note, data) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id"
    )
    .bind(e.case_id)
    .bind(now)
    .bind(e.action)
    .bind(e.from_status)
    .bind(e.to_status)
    .bind(e.user_id)
    .bind(e.actor)
    .bind(e.note)
    .bind(e.data)
    .fetch_one(c)
    .await)?)
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct EventRow {
    pub id: i64,
    pub at: Timestamp,
    pub action: String,
    pub from_status: String,
    pub to_status: String,
    pub user_id: Option<i64>,
    pub actor: String,
    pub note: String,
    pub data: String,
}

pub async fn list_events(tx: &mut Tx, case_id: i64) -> Result<Vec<EventRow>> {
    Ok(on_tx!(tx, |c| sqlx::query_as(
        "select id, at, action, from_status, to_status, user_id, actor, note, data from case_events where case_id = $1 order by id"
    )
    .bind(case_id)
    .fetch_all(c)
    .await)?)
}

// ---------------------------------------------------------------- pauses and extensions

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct PauseRow {
    pub id: i64,
    pub kind: String,
    pub special_type: Option<String>,
    pub expected_days: Option<i64>,
    pub notice: String,
    pub start_on: NaiveDate,
    pub end_on: Option<NaiveDate>,
    pub started_by: Option<i64>,
    pub ended_by: Option<i64>,
}

/// Opens a pause: `kind` is `special` (with its type and expected days) or `supplement`.
#[allow(clippy::too_many_arguments)]
pub async fn open_pause(
    tx: &mut Tx,
    case_id: i64,
    kind: &str,
    special_type: Option<&str>,
    expected_days: Option<i64>,
    notice: &str,
    start_on: NaiveDate,
    by: Option<i64>,
    now: Timestamp,
) -> Result<i64> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar(
        "insert into case_pauses (case_id, kind, special_type, expected_days, notice, start_on, started_by, created_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8) returning id"
    )
    .bind(case_id)
    .bind(kind)
    .bind(special_type)
    .bind(expected_days)
    .bind(notice)
    .bind(start_on)
    .bind(by)
    .bind(now)
    .fetch_one(c)
    .await)?)
}

/// Closes the case's open pause on `end_on`; false when none was open.
pub async fn close_pause(tx: &mut Tx, case_id: i64, end_on: NaiveDate, by: Option<i64>) -> Result<bool> {
    let n = on_tx!(tx, |c| sqlx::query("update case_pauses set end_on = $1, ended_by = $2 where case_id = $3 and end_on is null")
        .bind(end_on)
        .bind(by)
        .bind(case_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n > 0)
}

pub async fn list_pauses(tx: &mut Tx, case_id: i64) -> Result<Vec<PauseRow>> {
    Ok(on_tx!(tx, |c| sqlx::query_as(
        "select id, kind, special_type, expected_days, notice, start_on, end_on, started_by, ended_by from case_pauses \
         where case_id = $1 order by id"
    )
    .bind(case_id)
    .fetch_all(c)
    .await)?)
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ExtensionRow {
    pub id: i64,
    pub days: i64,
    pub reason: String,
    pub approved_by: i64,
    pub created_at: Timestamp,
}

pub async fn insert_extension(tx: &mut Tx, case_id: i64, days: i64, reason: &str, approved_by: i64, now: Timestamp) -> Result<i64> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar(
        "insert into case_extensions (case_id, days, reason, approved_by, created_at) values ($1, $2, $3, $4, $5) returning id"
    )
    .bind(case_id)
    .bind(days)
    .bind(reason)
    .bind(approved_by)
    .bind(now)
    .fetch_one(c)
    .await)?)
}

pub async fn list_extensions(tx: &mut Tx, case_id: i64) -> Result<Vec<ExtensionRow>> {
    Ok(on_tx!(tx, |c| sqlx::query_as(
        "select id, days, reason, approved_by, created_at from case_extensions where case_id = $1 order by id"
    )
    .bind(case_id)
    .fetch_all(c)
    .await)?)
}

// ---------------------------------------------------------------- materials

/// One line of the material checklist.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct MaterialRow {
    pub position: i64,
    pub name: String,
    pub required: bool,
    pub state: String,
    pub promise_on: Option<NaiveDate>,
    pub file_sha256: Option<String>,
    pub note: String,
}

/// Writes the checklist of a case (replacing what was there).
pub async fn put_materials(tx: &mut Tx, case_id: i64, rows: &[MaterialRow], now: Timestamp) -> Result<()> {
    on_tx!(tx, |c| sqlx::query("delete from case_materials where case_id = $1").bind(case_id).execute(c).await.map(|_| ()))?;
    for m in rows {
        on_tx!(tx, |c| sqlx::query(
            "insert into case_materials (case_id, position, name, required, state, promise_on, file_sha256, note, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
        )
        .bind(case_id)
        .bind(m.position)
        .bind(&m.name)
        .bind(m.required)
        .bind(&m.state)
        .bind(m.promise_on)
        .bind(&m.file_sha256)
        .bind(&m.note)
        .bind(now)
        .execute(c)
        .await
        .map(|_| ()))?;
    }
    Ok(())
}

pub async fn list_materials(tx: &mut Tx, case_id: i64) -> Result<Vec<MaterialRow>> {
    Ok(on_tx!(tx, |c| sqlx::query_as(
        "select position, name, required, state, promise_on, file_sha256, note from case_materials where case_id = $1 order by position"
    )
    .bind(case_id)
    .fetch_all(c)
    .await)?)
}

// ---------------------------------------------------------------- inbox

/// A department's open cases in the given states, nearest promised deadline first (cases without
/// one last), `limit` rows after the `(deadline, id)` cursor.
pub async fn inbox(
    tx: &mut Tx,
    department_id: i64,
    statuses: &[&str],
    after: Option<(NaiveDate, i64)>,
    limit: i64,
) -> Result<Vec<CaseRow>> {
    let list = statuses.iter().map(|s| format!("'{}'", s.replace('\'', ""))).collect::<Vec<_>>().join(", ");
    let first = NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or(NaiveDate::MIN);
    let (far, after_id) = after.unwrap_or((first, 0));
    let sql = format!(
        "{CASE_SELECT} where k.department_id = $1 and k.status in ({list}) \
         and (coalesce(k.promised_deadline, $2) > $3 or (coalesce(k.promised_deadline, $2) = $3 and k.id > $4)) \
         order by coalesce(k.promised_deadline, $2), k.id limit $5"
    );
    let last = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX);
    Ok(on_tx!(tx, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(department_id)
        .bind(last)
        .bind(far)
        .bind(after_id)
        .bind(limit)
        .fetch_all(c)
        .await)?)
}
