//! A case's trail: events, pauses, extensions and its materials checklist.

use chrono::NaiveDate;

use crate::{Result, Timestamp, Tx, sql};

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
    sql::scalar(
        tx,
        "insert into case_events (case_id, at, action, from_status, to_status, user_id, actor, note, data) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id",
        &[&e.case_id, &now, &e.action, &e.from_status, &e.to_status, &e.user_id, &e.actor, &e.note, &e.data],
    )
    .await
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
    sql::fetch_all(
        tx,
        "select id, at, action, from_status, to_status, user_id, actor, note, data from case_events where case_id = $1 order by id",
        &[&case_id],
    )
    .await
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
    sql::scalar(
        tx,
        "insert into case_pauses (case_id, kind, special_type, expected_days, notice, start_on, started_by, created_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8) returning id",
        &[&case_id, &kind, &special_type, &expected_days, &notice, &start_on, &by, &now],
    )
    .await
}

/// Closes the case's open pause on `end_on`; false when none was open.
pub async fn close_pause(tx: &mut Tx, case_id: i64, end_on: NaiveDate, by: Option<i64>) -> Result<bool> {
    let n = sql::execute(
        tx,
        "update case_pauses set end_on = $1, ended_by = $2 where case_id = $3 and end_on is null",
        &[&end_on, &by, &case_id],
    )
    .await?;
    Ok(n > 0)
}

pub async fn list_pauses(tx: &mut Tx, case_id: i64) -> Result<Vec<PauseRow>> {
    sql::fetch_all(
        tx,
        "select id, kind, special_type, expected_days, notice, start_on, end_on, started_by, ended_by from case_pauses \
         where case_id = $1 order by id",
        &[&case_id],
    )
    .await
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
    sql::scalar(
        tx,
        "insert into case_extensions (case_id, days, reason, approved_by, created_at) values ($1, $2, $3, $4, $5) returning id",
        &[&case_id, &days, &reason, &approved_by, &now],
    )
    .await
}

pub async fn list_extensions(tx: &mut Tx, case_id: i64) -> Result<Vec<ExtensionRow>> {
    sql::fetch_all(tx, "select id, days, reason, approved_by, created_at from case_extensions where case_id = $1 order by id", &[&case_id])
        .await
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
    sql::execute(tx, "delete from case_materials where case_id = $1", &[&case_id]).await.map(|_| ())?;
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
    sql::fetch_all(
        tx,
        "select position, name, required, state, promise_on, file_sha256, note from case_materials where case_id = $1 order by position",
        &[&case_id],
    )
    .await
}

// ---------------------------------------------------------------- inbox
