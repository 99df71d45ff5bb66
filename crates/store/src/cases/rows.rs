//! Case rows: numbering, insertion, the warning-ladder columns, reads by id or number, transitions.

use chrono::NaiveDate;

use crate::{Result, StoreError, Timestamp, Tx, sql};

/// The inbox order of a case without a deadline: after every real one.
pub(crate) fn no_deadline() -> NaiveDate {
    NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// The next case sequence of a site on a business day (1, 2, …), atomically.
pub async fn next_seq(tx: &mut Tx, site_id: i64, day: NaiveDate) -> Result<i64> {
    sql::scalar(
        tx,
        "insert into case_counters (site_id, day, last_seq) values ($1, $2, 1) \
         on conflict (site_id, day) do update set last_seq = case_counters.last_seq + 1 returning last_seq",
        &[&site_id, &day],
    )
    .await
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

/// Inserts a case without its ladder row (which the caller writes, see [`put_ladders`]) and
/// returns its id.
pub async fn insert_case_row(tx: &mut Tx, c: &NewCase<'_>, now: Timestamp) -> Result<i64> {
    let (aid_enc, aid_hash, aid_masked) = split(c.applicant_id);
    let (gid_enc, gid_hash, gid_masked) = split(c.agent_id);
    let id: i64 = sql::scalar(tx, "insert into cases (case_no, query_code, site_id, org_unit_id, parent_id, item_id, item_version_id, item_name, department_id, \
         case_kind, channel, status, applicant_kind, applicant_name, applicant_id_enc, applicant_id_hash, applicant_id_masked, credit_code, \
         phone_enc, phone_hash, phone_masked, agent_name, agent_id_enc, agent_id_hash, agent_id_masked, agent_authorisation, ticket_id, \
         window_id, intake_user_id, promised_days, statutory_days, form, created_at, updated_at, due_on) values \
         ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, \
         $28, $29, $30, $31, $32, $33, $33, $34) returning id", &[&c.case_no, &c.query_code, &c.site_id, &c.org_unit_id, &c.parent_id, &c.item_id, &c.item_version_id, &c.item_name, &c.department_id, &c.case_kind, &c.channel, &c.status, &c.applicant_kind, &c.applicant_name, &aid_enc, &aid_hash, &aid_masked, &c.credit_code, &c.phone.0, &c.phone.1, &c.phone.2, &c.agent_name, &gid_enc, &gid_hash, &gid_masked, &c.agent_authorisation, &c.ticket_id, &c.window_id, &c.intake_user_id, &c.promised_days, &c.statutory_days, &c.form, &now, &no_deadline()]).await?;
    Ok(id)
}

/// Inserts a case and its place on the warning ladder (level 0) and returns its id.
pub async fn insert_case(tx: &mut Tx, c: &NewCase<'_>, now: Timestamp) -> Result<i64> {
    let id = insert_case_row(tx, c, now).await?;
    put_ladders(tx, &[LadderWrite::new_case(id, c)]).await?;
    Ok(id)
}

/// A case's ladder row as written: who and what it names, and its state.
#[derive(Debug, Clone)]
pub struct LadderWrite {
    pub case_id: i64,
    pub org_unit_id: i64,
    pub department_id: i64,
    pub case_no: String,
    pub item_name: String,
    pub handler_id: Option<i64>,
    pub ladder: LadderState,
}

impl LadderWrite {
    /// The row of a case just taken in: level 0, no handler yet.
    pub fn new_case(id: i64, c: &NewCase<'_>) -> LadderWrite {
        LadderWrite {
            case_id: id,
            org_unit_id: c.org_unit_id,
            department_id: c.department_id,
            case_no: c.case_no.to_owned(),
            item_name: c.item_name.to_owned(),
            handler_id: None,
            ladder: LadderState::default(),
        }
    }
}

/// Writes ladder rows, new or changed, in multi-row upserts. A case listed twice keeps its last
/// row (one statement may not touch a row twice).
pub async fn put_ladders(tx: &mut Tx, rows: &[LadderWrite]) -> Result<()> {
    let mut last: std::collections::HashMap<i64, usize> = std::collections::HashMap::with_capacity(rows.len());
    for (i, r) in rows.iter().enumerate() {
        last.insert(r.case_id, i);
    }
    let rows: Vec<&LadderWrite> = rows.iter().enumerate().filter(|(i, r)| last.get(&r.case_id) == Some(i)).map(|(_, r)| r).collect();
    crate::insert_rows!(
        tx,
        rows,
        500,
        12,
        |values| format!(
            "insert into case_ladder (case_id, org_unit_id, department_id, case_no, item_name, handler_id, level, next_level, next_level_on, \
             remind_on, yellow_on, red_on) values {values} on conflict (case_id) do update set handler_id = excluded.handler_id, \
             level = excluded.level, next_level = excluded.next_level, next_level_on = excluded.next_level_on, \
             remind_on = excluded.remind_on, yellow_on = excluded.yellow_on, red_on = excluded.red_on"
        ),
        |q, r| q
            .bind(r.case_id)
            .bind(r.org_unit_id)
            .bind(r.department_id)
            .bind(&r.case_no)
            .bind(&r.item_name)
            .bind(r.handler_id)
            .bind(r.ladder.warning_level)
            .bind(r.ladder.next_level)
            .bind(r.ladder.next_level_on)
            .bind(r.ladder.remind_on)
            .bind(r.ladder.yellow_on)
            .bind(r.ladder.red_on)
    );
    Ok(())
}

pub(super) fn split(s: Option<&Sealed>) -> (Option<&[u8]>, Option<&str>, Option<&str>) {
    match s {
        Some((e, h, m)) => (Some(e.as_slice()), Some(h.as_str()), Some(m.as_str())),
        None => (None, None, None),
    }
}

/// A case's place on the warning ladder (table `case_ladder`): its level (0–3), the next level and
/// the day it begins, and the days levels 1–3 begin (none while paused or once decided).
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct LadderState {
    pub warning_level: i64,
    pub next_level: Option<i64>,
    pub next_level_on: Option<NaiveDate>,
    pub remind_on: Option<NaiveDate>,
    pub yellow_on: Option<NaiveDate>,
    pub red_on: Option<NaiveDate>,
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
    #[sqlx(flatten)]
    #[serde(flatten)]
    pub ladder: LadderState,
    pub delivery_mode: Option<String>,
    pub delivery_detail: Option<String>,
    pub form: String,
    pub version: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// How many pauses (special procedures, supplements after acceptance) the case has had.
    #[serde(skip)]
    pub pause_count: i64,
}

pub(super) const CASE_SELECT: &str = "select k.id, k.case_no, k.query_code, k.site_id, s.name as site_name, k.org_unit_id, o.path as org_path, k.parent_id, \
     k.item_id, k.item_version_id, k.item_name, k.department_id, d.name as department_name, k.case_kind, k.channel, k.status, \
     k.applicant_kind, k.applicant_name, k.applicant_id_masked, k.credit_code, k.phone_masked, k.agent_name, k.agent_id_masked, \
     k.agent_authorisation, k.ticket_id, k.window_id, k.intake_user_id, k.accepted_by, k.accepted_on, k.reviewer_id, k.decided_by, \
     k.decided_on, k.decision_reason, k.promised_days, k.statutory_days, k.extension_days, k.promised_deadline, k.statutory_deadline, \
     coalesce(l.level, 0) as warning_level, l.next_level, l.next_level_on, l.remind_on, l.yellow_on, l.red_on, k.delivery_mode, k.delivery_detail, k.form, k.version, k.created_at, k.updated_at, \
     (select count(*) from case_pauses p where p.case_id = k.id) as pause_count \
     from cases k join sites s on s.id = k.site_id join org_units o on o.id = k.org_unit_id join departments d on d.id = k.department_id \
     left join case_ladder l on l.case_id = k.id";

pub async fn find_case(tx: &mut Tx, id: i64) -> Result<Option<CaseRow>> {
    let sql = format!("{CASE_SELECT} where k.id = $1");
    sql::fetch_optional(tx, sqlx::AssertSqlSafe(sql), &[&id]).await
}

pub async fn get_case(tx: &mut Tx, id: i64) -> Result<CaseRow> {
    find_case(tx, id).await?.ok_or(StoreError::NotFound("case"))
}

/// A case by its number (the applicant's progress look-up checks the query code itself).
pub async fn find_by_no(tx: &mut Tx, case_no: &str) -> Result<Option<CaseRow>> {
    let sql = format!("{CASE_SELECT} where k.case_no = $1");
    sql::fetch_optional(tx, sqlx::AssertSqlSafe(sql), &[&case_no]).await
}

/// The encrypted contact phone of a case (for notices to the applicant).
pub async fn phone_enc(tx: &mut Tx, id: i64) -> Result<Vec<u8>> {
    sql::scalar(tx, "select phone_enc from cases where id = $1", &[&id]).await
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
    /// The clock after the transition: deadlines and the warning ladder.
    pub promised_deadline: Option<NaiveDate>,
    pub statutory_deadline: Option<NaiveDate>,
    pub ladder: LadderState,
    /// Whether [`transition`] writes the ladder row too (its state or its handler changed). The
    /// group-commit writer leaves this false and writes the row with its batch ([`put_ladders`]).
    pub write_ladder: bool,
    /// Who the ladder's reminders reach: the reviewer, else whoever accepted the case.
    pub handler_id: Option<i64>,
}

/// Applies a transition if the case is still in `from` at `version`; false when another writer
/// got there first (the caller answers 409).
pub async fn transition(tx: &mut Tx, id: i64, from: &str, version: i64, ch: &Change<'_>, now: Timestamp) -> Result<bool> {
    let n = sql::execute(
        tx,
        "update cases set status = $1, accepted_by = coalesce($2, accepted_by), accepted_on = coalesce($3, accepted_on), \
         reviewer_id = coalesce($4, reviewer_id), decided_by = coalesce($5, decided_by), decided_on = coalesce($6, decided_on), \
         decision_reason = coalesce($7, decision_reason), extension_days = extension_days + $8, \
         delivery_mode = coalesce($9, delivery_mode), delivery_detail = coalesce($10, delivery_detail), \
         promised_deadline = $11, statutory_deadline = $12, due_on = $17, version = version + 1, updated_at = $13 \
         where id = $14 and status = $15 and version = $16",
        &[
            &ch.status,
            &ch.accepted_by,
            &ch.accepted_on,
            &ch.reviewer_id,
            &ch.decided_by,
            &ch.decided_on,
            &ch.decision_reason,
            &ch.add_extension_days,
            &ch.delivery_mode,
            &ch.delivery_detail,
            &ch.promised_deadline,
            &ch.statutory_deadline,
            &now,
            &id,
            &from,
            &version,
            &ch.promised_deadline.unwrap_or_else(no_deadline),
        ],
    )
    .await?;
    if n != 1 {
        return Ok(false);
    }
    if !ch.write_ladder {
        return Ok(true);
    }
    sql::execute(
        tx,
        "update case_ladder set level = $1, next_level = $2, next_level_on = $3, remind_on = $4, yellow_on = $5, red_on = $6, \
         handler_id = $8 where case_id = $7",
        &[
            &ch.ladder.warning_level,
            &ch.ladder.next_level,
            &ch.ladder.next_level_on,
            &ch.ladder.remind_on,
            &ch.ladder.yellow_on,
            &ch.ladder.red_on,
            &id,
            &ch.handler_id,
        ],
    )
    .await
    .map(|_| ())?;
    Ok(true)
}

// ---------------------------------------------------------------- events
