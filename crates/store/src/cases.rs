//! Cases (办件): numbering, the case row and its conditional transitions, the event trail, the
//! clock's pauses and extensions, and the material checklist. Encrypted columns (ID numbers,
//! phones) are written here but only their masked copies are ever read back for display.

use chrono::NaiveDate;

use crate::{Result, StoreError, Timestamp, Tx, on_tx};

/// The inbox order of a case without a deadline: after every real one.
fn no_deadline() -> NaiveDate {
    NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX)
}

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

/// Inserts a case without its ladder row (which the caller writes, see [`put_ladders`]) and
/// returns its id.
pub async fn insert_case_row(tx: &mut Tx, c: &NewCase<'_>, now: Timestamp) -> Result<i64> {
    let (aid_enc, aid_hash, aid_masked) = split(c.applicant_id);
    let (gid_enc, gid_hash, gid_masked) = split(c.agent_id);
    let id: i64 = on_tx!(tx, |x| {
        sqlx::query_scalar(
        "insert into cases (case_no, query_code, site_id, org_unit_id, parent_id, item_id, item_version_id, item_name, department_id, \
         case_kind, channel, status, applicant_kind, applicant_name, applicant_id_enc, applicant_id_hash, applicant_id_masked, credit_code, \
         phone_enc, phone_hash, phone_masked, agent_name, agent_id_enc, agent_id_hash, agent_id_masked, agent_authorisation, ticket_id, \
         window_id, intake_user_id, promised_days, statutory_days, form, created_at, updated_at, due_on) values \
         ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, \
         $28, $29, $30, $31, $32, $33, $33, $34) returning id"
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
    .bind(no_deadline())
    .fetch_one(x)
    .await
    })?;
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

fn split(s: Option<&Sealed>) -> (Option<&[u8]>, Option<&str>, Option<&str>) {
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

const CASE_SELECT: &str = "select k.id, k.case_no, k.query_code, k.site_id, s.name as site_name, k.org_unit_id, o.path as org_path, k.parent_id, \
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
    let n = on_tx!(tx, |c| sqlx::query(
        "update cases set status = $1, accepted_by = coalesce($2, accepted_by), accepted_on = coalesce($3, accepted_on), \
         reviewer_id = coalesce($4, reviewer_id), decided_by = coalesce($5, decided_by), decided_on = coalesce($6, decided_on), \
         decision_reason = coalesce($7, decision_reason), extension_days = extension_days + $8, \
         delivery_mode = coalesce($9, delivery_mode), delivery_detail = coalesce($10, delivery_detail), \
         promised_deadline = $11, statutory_deadline = $12, due_on = $17, version = version + 1, updated_at = $13 \
         where id = $14 and status = $15 and version = $16"
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
    .bind(now)
    .bind(id)
    .bind(from)
    .bind(version)
    .bind(ch.promised_deadline.unwrap_or_else(no_deadline))
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    if n != 1 {
        return Ok(false);
    }
    if !ch.write_ladder {
        return Ok(true);
    }
    on_tx!(tx, |c| sqlx::query(
        "update case_ladder set level = $1, next_level = $2, next_level_on = $3, remind_on = $4, yellow_on = $5, red_on = $6, \
         handler_id = $8 where case_id = $7"
    )
    .bind(ch.ladder.warning_level)
    .bind(ch.ladder.next_level)
    .bind(ch.ladder.next_level_on)
    .bind(ch.ladder.remind_on)
    .bind(ch.ladder.yellow_on)
    .bind(ch.ladder.red_on)
    .bind(id)
    .bind(ch.handler_id)
    .execute(c)
    .await
    .map(|_| ()))?;
    Ok(true)
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

/// A step of a case's trail as the group-commit writer collects it, written with others in one
/// statement ([`insert_events`]).
#[derive(Debug, Clone)]
pub struct EventRecord {
    pub case_id: i64,
    pub at: Timestamp,
    pub action: &'static str,
    pub from_status: &'static str,
    pub to_status: &'static str,
    pub user_id: Option<i64>,
    pub actor: String,
    pub note: String,
    pub data: String,
}

/// Adds trail steps in multi-row statements.
pub async fn insert_events(tx: &mut Tx, rows: &[EventRecord]) -> Result<()> {
    crate::insert_rows!(
        tx,
        rows,
        500,
        9,
        |values| format!(
            "insert into case_events (case_id, at, action, from_status, to_status, user_id, actor, note, data) values {values}"
        ),
        |q, e| q
            .bind(e.case_id)
            .bind(e.at)
            .bind(e.action)
            .bind(e.from_status)
            .bind(e.to_status)
            .bind(e.user_id)
            .bind(&e.actor)
            .bind(&e.note)
            .bind(&e.data)
    );
    Ok(())
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
    let rows: Vec<(i64, MaterialRow)> = rows.iter().map(|m| (case_id, m.clone())).collect();
    insert_materials(tx, &rows, now).await
}

/// Adds the checklists of cases that have none yet (case id, row), in multi-row statements.
pub async fn insert_materials(tx: &mut Tx, rows: &[(i64, MaterialRow)], now: Timestamp) -> Result<()> {
    crate::insert_rows!(
        tx,
        rows,
        500,
        9,
        |values| format!(
            "insert into case_materials (case_id, position, name, required, state, promise_on, file_sha256, note, updated_at) values {values}"
        ),
        |q, r| q
            .bind(r.0)
            .bind(r.1.position)
            .bind(&r.1.name)
            .bind(r.1.required)
            .bind(&r.1.state)
            .bind(r.1.promise_on)
            .bind(&r.1.file_sha256)
            .bind(&r.1.note)
            .bind(now)
    );
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

/// A department's cases in the given states within `scope`, nearest promised deadline first
/// (cases without one last), `limit` rows after the `(deadline, id)` cursor.
pub async fn inbox(
    tx: &mut Tx,
    department_id: i64,
    statuses: &[&str],
    scope: &crate::org::Scope,
    after: Option<(NaiveDate, i64)>,
    limit: i64,
) -> Result<Vec<CaseRow>> {
    let list = statuses.iter().map(|s| format!("'{}'", s.replace('\'', ""))).collect::<Vec<_>>().join(", ");
    let first = NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or(NaiveDate::MIN);
    let (after_day, after_id) = after.unwrap_or((first, 0));
    let (cond, binds) = scope.condition("o.path", 5);
    // Walks the (department, due_on, id) index in order; the row-value comparison keeps deep
    // pages as cheap as the first.
    let sql = format!(
        "{CASE_SELECT} where k.department_id = $1 and (k.due_on, k.id) > ($2, $3) and k.status in ({list}) and {cond} \
         order by k.due_on, k.id limit $4"
    );
    Ok(crate::fetch_scoped!(tx, sql, [department_id, after_day, after_id, limit], &binds)?)
}

// ---------------------------------------------------------------- supervision

/// A case whose warning level a sweep just raised.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Raised {
    pub id: i64,
    pub case_no: String,
    pub item_name: String,
    pub org_unit_id: i64,
    pub department_id: i64,
    pub warning_level: i64,
    /// The reviewer, else whoever accepted the case.
    pub handler_id: Option<i64>,
}

/// Raises the level of at most `limit` cases whose next level has begun by `today`, reading the
/// stored days each level begins, and schedules the next one. Touches no other case. Two sweeps
/// at once raise each case once: the outer condition is checked again on the row the first sweep
/// wrote (PostgreSQL re-reads a row it waited for), where `next_level_on` has moved on.
pub async fn raise_due(tx: &mut Tx, today: NaiveDate, limit: i64) -> Result<Vec<Raised>> {
    Ok(on_tx!(tx, |c| {
        sqlx::query_as(
        "update case_ladder set \
           level = case when red_on <= $1 then 3 when yellow_on <= $1 then 2 when remind_on <= $1 then 1 else level end, \
           next_level = case when red_on <= $1 then null when yellow_on <= $1 then 3 when remind_on <= $1 then 2 else 1 end, \
           next_level_on = case when red_on <= $1 then null when yellow_on <= $1 then red_on when remind_on <= $1 then yellow_on else remind_on end \
         where next_level_on <= $1 and case_id in (select case_id from case_ladder where next_level_on <= $1 order by next_level_on, case_id limit $2) \
         returning case_id as id, case_no, item_name, org_unit_id, department_id, level as warning_level, handler_id"
    )
    .bind(today)
    .bind(limit)
    .fetch_all(c)
    .await
    })?)
}

/// Active users holding `role` over `org_path`, for `department_id` or for every department.
pub async fn users_with_role(tx: &mut Tx, role: &str, org_path: &str, department_id: Option<i64>) -> Result<Vec<i64>> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar(
        "select distinct u.id from users u join role_grants g on g.user_id = u.id join org_units o on o.id = g.org_unit_id \
         where u.active and g.role = $1 and $2 like o.path || '%' and (g.department_id is null or g.department_id = $3) order by u.id"
    )
    .bind(role)
    .bind(org_path)
    .bind(department_id)
    .fetch_all(c)
    .await)?)
}

/// The encrypted phone of the staff member behind a user, if any.
pub async fn user_phone_enc(tx: &mut Tx, user_id: i64) -> Result<Option<Vec<u8>>> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar("select st.phone_enc from users u join staff st on st.id = u.staff_id where u.id = $1")
        .bind(user_id)
        .fetch_optional(c)
        .await)?)
}

/// A reminder to record.
#[derive(Debug, Clone)]
pub struct NewReminder {
    pub case_id: i64,
    pub org_unit_id: i64,
    pub level: i64,
    pub recipient_role: &'static str,
    pub user_id: i64,
    /// `in_app` or `sms`.
    pub channel: &'static str,
}

/// Records reminders in multi-row statements, skipping any case, level, person and channel that
/// had one already; answers how many were new.
pub async fn insert_reminders(tx: &mut Tx, rows: &[NewReminder], now: Timestamp) -> Result<u64> {
    Ok(crate::insert_rows!(
        tx,
        rows,
        1000,
        7,
        |values| format!(
            "insert into case_reminders (case_id, org_unit_id, level, recipient_role, user_id, channel, created_at) values {values} \
             on conflict (case_id, level, user_id, channel) do nothing"
        ),
        |q, r| q.bind(r.case_id).bind(r.org_unit_id).bind(r.level).bind(r.recipient_role).bind(r.user_id).bind(r.channel).bind(now)
    ))
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ReminderRow {
    pub id: i64,
    pub case_id: i64,
    pub case_no: String,
    pub item_name: String,
    pub level: i64,
    pub recipient_role: String,
    pub user_id: i64,
    pub channel: String,
    pub created_at: Timestamp,
    pub read_at: Option<Timestamp>,
}

/// The reminders of a case (who was reached, how), or a user's in-app reminders, newest first.
pub async fn list_reminders(tx: &mut Tx, case_id: Option<i64>, user_id: Option<i64>, limit: i64) -> Result<Vec<ReminderRow>> {
    Ok(on_tx!(tx, |c| sqlx::query_as(
        "select r.id, r.case_id, k.case_no, k.item_name, r.level, r.recipient_role, r.user_id, r.channel, r.created_at, r.read_at \
         from case_reminders r join cases k on k.id = r.case_id \
         where ($1 is null or r.case_id = $1) and ($2 is null or (r.user_id = $2 and r.channel = 'in_app')) \
         order by r.id desc limit $3"
    )
    .bind(case_id)
    .bind(user_id)
    .bind(limit)
    .fetch_all(c)
    .await)?)
}

/// A yellow (2) or red (3) card to record.
#[derive(Debug, Clone)]
pub struct NewCard {
    pub case_id: i64,
    pub org_unit_id: i64,
    pub level: i64,
    pub department_id: i64,
    pub user_id: Option<i64>,
    pub issued_on: NaiveDate,
}

/// Records cards, once per case and level; answers how many were new.
pub async fn insert_cards(tx: &mut Tx, rows: &[NewCard], now: Timestamp) -> Result<u64> {
    Ok(crate::insert_rows!(
        tx,
        rows,
        1000,
        7,
        |values| format!(
            "insert into case_cards (case_id, org_unit_id, level, department_id, user_id, issued_on, created_at) values {values} \
             on conflict (case_id, level) do nothing"
        ),
        |q, r| q.bind(r.case_id).bind(r.org_unit_id).bind(r.level).bind(r.department_id).bind(r.user_id).bind(r.issued_on).bind(now)
    ))
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct CardRow {
    pub id: i64,
    pub case_id: i64,
    pub level: i64,
    pub department_id: i64,
    pub user_id: Option<i64>,
    pub issued_on: NaiveDate,
}

pub async fn list_cards(tx: &mut Tx, case_id: i64) -> Result<Vec<CardRow>> {
    Ok(on_tx!(tx, |c| sqlx::query_as(
        "select id, case_id, level, department_id, user_id, issued_on from case_cards where case_id = $1 order by level"
    )
    .bind(case_id)
    .fetch_all(c)
    .await)?)
}

// ---------------------------------------------------------------- bulk load

/// An accepted case as loaded in bulk (cases carried over from an earlier system, or the
/// benchmark's generator): the clock's stored days are computed by the caller.
#[derive(Debug, Clone)]
pub struct OpenCase {
    pub case_no: String,
    pub site_id: i64,
    pub org_unit_id: i64,
    pub item_id: i64,
    pub item_version_id: i64,
    pub item_name: String,
    pub department_id: i64,
    pub status: &'static str,
    pub applicant_name: String,
    pub phone: Sealed,
    pub accepted_by: Option<i64>,
    pub accepted_on: NaiveDate,
    pub reviewer_id: Option<i64>,
    pub promised_days: i64,
    pub statutory_days: i64,
    pub promised_deadline: Option<NaiveDate>,
    pub statutory_deadline: Option<NaiveDate>,
    pub ladder: LadderState,
}

/// Rows per multi-row insert of [`insert_open_cases`], and parameters per row (within both
/// backends' limits).
const BULK_ROWS: usize = 300;
const PER_ROW: usize = 26;

/// Inserts accepted cases with their places on the warning ladder in multi-row statements (no
/// trail, checklist or notices). Case numbers must be unique within the call.
pub async fn insert_open_cases(tx: &mut Tx, rows: &[OpenCase], now: Timestamp) -> Result<()> {
    for chunk in rows.chunks(BULK_ROWS) {
        let values = crate::values_list(tx.backend(), chunk.len(), PER_ROW);
        let sql = format!(
            "insert into cases (case_no, query_code, site_id, org_unit_id, item_id, item_version_id, item_name, department_id, case_kind, \
             channel, status, applicant_kind, applicant_name, phone_enc, phone_hash, phone_masked, accepted_by, accepted_on, reviewer_id, \
             promised_days, statutory_days, promised_deadline, statutory_deadline, due_on, created_at, updated_at) values {values} \
             returning id, case_no"
        );
        let ids: Vec<(i64, String)> = on_tx!(tx, |c| {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()));
            for r in chunk {
                q = q
                    .bind(&r.case_no)
                    .bind("BULK")
                    .bind(r.site_id)
                    .bind(r.org_unit_id)
                    .bind(r.item_id)
                    .bind(r.item_version_id)
                    .bind(&r.item_name)
                    .bind(r.department_id)
                    .bind("promise")
                    .bind("window")
                    .bind(r.status)
                    .bind("person")
                    .bind(&r.applicant_name)
                    .bind(&r.phone.0)
                    .bind(&r.phone.1)
                    .bind(&r.phone.2)
                    .bind(r.accepted_by)
                    .bind(r.accepted_on)
                    .bind(r.reviewer_id)
                    .bind(r.promised_days)
                    .bind(r.statutory_days)
                    .bind(r.promised_deadline)
                    .bind(r.statutory_deadline)
                    .bind(r.promised_deadline.unwrap_or_else(no_deadline))
                    .bind(now)
                    .bind(now);
            }
            q.fetch_all(c).await
        })?;
        let ids: std::collections::HashMap<String, i64> = ids.into_iter().map(|(id, no)| (no, id)).collect();
        crate::insert_rows!(
            tx,
            chunk,
            BULK_ROWS,
            12,
            |values| format!(
                "insert into case_ladder (case_id, org_unit_id, department_id, handler_id, case_no, item_name, level, next_level, \
                 next_level_on, remind_on, yellow_on, red_on) values {values}"
            ),
            |q, r| q
                .bind(ids.get(&r.case_no).copied())
                .bind(r.org_unit_id)
                .bind(r.department_id)
                .bind(r.reviewer_id.or(r.accepted_by))
                .bind(&r.case_no)
                .bind(&r.item_name)
                .bind(r.ladder.warning_level)
                .bind(r.ladder.next_level)
                .bind(r.ladder.next_level_on)
                .bind(r.ladder.remind_on)
                .bind(r.ladder.yellow_on)
                .bind(r.ladder.red_on)
        );
    }
    Ok(())
}

/// How many cases are open (neither final nor awaiting nothing).
pub async fn count_open(tx: &mut Tx) -> Result<i64> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar(
        "select count(*) from cases where status not in ('not_accepted', 'completed', 'withdrawn', 'void')"
    )
    .fetch_one(c)
    .await)?)
}

// ---------------------------------------------------------------- clock recomputation

/// A pending recomputation of running cases' clocks after a calendar edit.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Recompute {
    pub id: i64,
    pub from_on: NaiveDate,
    pub after_case_id: i64,
    pub cases_changed: i64,
}

/// Records that the clocks of cases running across `from_on` must be recomputed.
pub async fn insert_recompute(tx: &mut Tx, from_on: NaiveDate, now: Timestamp) -> Result<i64> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar("insert into clock_recomputes (from_on, created_at) values ($1, $2) returning id")
        .bind(from_on)
        .bind(now)
        .fetch_one(c)
        .await)?)
}

/// The oldest recomputation not yet done.
pub async fn next_recompute(tx: &mut Tx) -> Result<Option<Recompute>> {
    Ok(on_tx!(tx, |c| sqlx::query_as(
        "select id, from_on, after_case_id, cases_changed from clock_recomputes where done_at is null order by id limit 1"
    )
    .fetch_optional(c)
    .await)?)
}

/// Moves a recomputation's cursor on, or marks it done.
pub async fn advance_recompute(tx: &mut Tx, id: i64, after_case_id: i64, changed: i64, done: Option<Timestamp>) -> Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "update clock_recomputes set after_case_id = $1, cases_changed = cases_changed + $2, done_at = $3 where id = $4"
    )
    .bind(after_case_id)
    .bind(changed)
    .bind(done)
    .bind(id)
    .execute(c)
    .await
    .map(|_| ()))?;
    Ok(())
}

/// Running cases (accepted, under review, paused) accepted before `before`, after `after_id` in
/// id order: the cases whose clocks a calendar change from `before` on can move.
pub async fn running_cases(tx: &mut Tx, after_id: i64, before: NaiveDate, limit: i64) -> Result<Vec<CaseRow>> {
    let sql = format!(
        "{CASE_SELECT} where k.id in (select id from cases where status in ('accepted', 'in_review', 'special_procedure', 'supplement_after_accept') \
         and id > $1 order by id limit $2) and k.accepted_on < $3 order by k.id"
    );
    Ok(on_tx!(tx, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(after_id).bind(limit).bind(before).fetch_all(c).await)?)
}

/// The pauses of the cases with ids in `[from, to]`, with their case id.
pub async fn pauses_between(tx: &mut Tx, from: i64, to: i64) -> Result<Vec<(i64, PauseRow)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        case_id: i64,
        #[sqlx(flatten)]
        pause: PauseRow,
    }
    let rows: Vec<Row> = on_tx!(tx, |c| sqlx::query_as(
        "select case_id, id, kind, special_type, expected_days, notice, start_on, end_on, started_by, ended_by from case_pauses \
         where case_id between $1 and $2 order by case_id, id"
    )
    .bind(from)
    .bind(to)
    .fetch_all(c)
    .await)?;
    Ok(rows.into_iter().map(|r| (r.case_id, r.pause)).collect())
}

/// Writes a case's recomputed deadlines and ladder if it is still at `version`; false when a
/// transition got there first (it computed them itself).
pub async fn set_clock(
    tx: &mut Tx,
    id: i64,
    version: i64,
    promised: Option<NaiveDate>,
    statutory: Option<NaiveDate>,
    ladder: &LadderState,
    now: Timestamp,
) -> Result<bool> {
    let n = on_tx!(tx, |c| sqlx::query(
        "update cases set promised_deadline = $1, statutory_deadline = $2, due_on = $3, version = version + 1, updated_at = $4 \
         where id = $5 and version = $6"
    )
    .bind(promised)
    .bind(statutory)
    .bind(promised.unwrap_or_else(no_deadline))
    .bind(now)
    .bind(id)
    .bind(version)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    if n != 1 {
        return Ok(false);
    }
    on_tx!(tx, |c| {
        sqlx::query(
        "update case_ladder set level = $1, next_level = $2, next_level_on = $3, remind_on = $4, yellow_on = $5, red_on = $6 where case_id = $7"
    )
    .bind(ladder.warning_level)
    .bind(ladder.next_level)
    .bind(ladder.next_level_on)
    .bind(ladder.remind_on)
    .bind(ladder.yellow_on)
    .bind(ladder.red_on)
    .bind(id)
    .execute(c)
    .await
    .map(|_| ())
    })?;
    Ok(true)
}

// ---------------------------------------------------------------- ladder policies (本地政策)

/// A local warning-ladder policy for a site, an item, or an item at a site.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct PolicyRow {
    pub id: i64,
    pub site_id: Option<i64>,
    pub site_name: Option<String>,
    pub item_id: Option<i64>,
    pub item_code: Option<String>,
    pub org_unit_id: i64,
    pub org_path: String,
    pub remind_used_percent: i64,
    pub remind_days_left: i64,
    pub red_after_working_days: i64,
    pub note: String,
    pub updated_at: Timestamp,
}

const POLICY_SELECT: &str = "select p.id, p.site_id, s.name as site_name, p.item_id, i.basic_code as item_code, p.org_unit_id, o.path as org_path, \
     p.remind_used_percent, p.remind_days_left, p.red_after_working_days, p.note, p.updated_at from ladder_policies p \
     join org_units o on o.id = p.org_unit_id left join sites s on s.id = p.site_id left join items i on i.id = p.item_id";

/// Every ladder policy (a small table: read whole and cached).
pub async fn list_policies(tx: &mut Tx) -> Result<Vec<PolicyRow>> {
    let sql = format!("{POLICY_SELECT} order by p.site_id, p.item_id");
    Ok(on_tx!(tx, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).fetch_all(c).await)?)
}

pub async fn find_policy(tx: &mut Tx, id: i64) -> Result<Option<PolicyRow>> {
    let sql = format!("{POLICY_SELECT} where p.id = $1");
    Ok(on_tx!(tx, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(id).fetch_optional(c).await)?)
}

/// The values of a policy to store.
#[derive(Debug, Clone)]
pub struct NewPolicy<'a> {
    pub site_id: Option<i64>,
    pub item_id: Option<i64>,
    pub org_unit_id: i64,
    pub remind_used_percent: i64,
    pub remind_days_left: i64,
    pub red_after_working_days: i64,
    pub note: &'a str,
    pub updated_by: Option<i64>,
}

/// Sets the policy of a scope (site, item, or item at a site), replacing the one there.
pub async fn upsert_policy(tx: &mut Tx, p: &NewPolicy<'_>, now: Timestamp) -> Result<i64> {
    Ok(on_tx!(tx, |c| {
        sqlx::query_scalar(
        "insert into ladder_policies (site_id, item_id, org_unit_id, remind_used_percent, remind_days_left, red_after_working_days, note, updated_by, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         on conflict (coalesce(site_id, 0), coalesce(item_id, 0)) do update set remind_used_percent = excluded.remind_used_percent, \
         remind_days_left = excluded.remind_days_left, red_after_working_days = excluded.red_after_working_days, note = excluded.note, \
         updated_by = excluded.updated_by, updated_at = excluded.updated_at returning id"
    )
    .bind(p.site_id)
    .bind(p.item_id)
    .bind(p.org_unit_id)
    .bind(p.remind_used_percent)
    .bind(p.remind_days_left)
    .bind(p.red_after_working_days)
    .bind(p.note)
    .bind(p.updated_by)
    .bind(now)
    .fetch_one(c)
    .await
    })?)
}

pub async fn delete_policy(tx: &mut Tx, id: i64) -> Result<bool> {
    let n = on_tx!(tx, |c| sqlx::query("delete from ladder_policies where id = $1").bind(id).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n > 0)
}
