//! Durable clock recomputation jobs and the running cases they walk.

use chrono::NaiveDate;

use super::rows::*;
use super::trail::*;
use crate::{Result, Timestamp, Tx, sql};

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
    sql::scalar(tx, "insert into clock_recomputes (from_on, created_at) values ($1, $2) returning id", &[&from_on, &now]).await
}

/// The oldest recomputation not yet done.
pub async fn next_recompute(tx: &mut Tx) -> Result<Option<Recompute>> {
    sql::fetch_optional(
        tx,
        "select id, from_on, after_case_id, cases_changed from clock_recomputes where done_at is null order by id limit 1",
        &[],
    )
    .await
}

/// Moves a recomputation's cursor on, or marks it done.
pub async fn advance_recompute(tx: &mut Tx, id: i64, after_case_id: i64, changed: i64, done: Option<Timestamp>) -> Result<()> {
    sql::execute(
        tx,
        "update clock_recomputes set after_case_id = $1, cases_changed = cases_changed + $2, done_at = $3 where id = $4",
        &[&after_case_id, &changed, &done, &id],
    )
    .await
    .map(|_| ())?;
    Ok(())
}

/// Running cases (accepted, under review, paused) accepted before `before`, after `after_id` in
/// id order: the cases whose clocks a calendar change from `before` on can move.
pub async fn running_cases(tx: &mut Tx, after_id: i64, before: NaiveDate, limit: i64) -> Result<Vec<CaseRow>> {
    let sql = format!(
        "{CASE_SELECT} where k.id in (select id from cases where status in ('accepted', 'in_review', 'special_procedure', 'supplement_after_accept') \
         and id > $1 order by id limit $2) and k.accepted_on < $3 order by k.id"
    );
    sql::fetch_all(tx, sqlx::AssertSqlSafe(sql), &[&after_id, &limit, &before]).await
}

/// The pauses of the cases with ids in `[from, to]`, with their case id.
pub async fn pauses_between(tx: &mut Tx, from: i64, to: i64) -> Result<Vec<(i64, PauseRow)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        case_id: i64,
        #[sqlx(flatten)]
        pause: PauseRow,
    }
    let rows: Vec<Row> = sql::fetch_all(
        tx,
        "select case_id, id, kind, special_type, expected_days, notice, start_on, end_on, started_by, ended_by from case_pauses \
         where case_id between $1 and $2 order by case_id, id",
        &[&from, &to],
    )
    .await?;
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
    let n = sql::execute(
        tx,
        "update cases set promised_deadline = $1, statutory_deadline = $2, due_on = $3, version = version + 1, updated_at = $4 \
         where id = $5 and version = $6",
        &[&promised, &statutory, &promised.unwrap_or_else(no_deadline), &now, &id, &version],
    )
    .await?;
    if n != 1 {
        return Ok(false);
    }
    sql::execute(tx, "update case_ladder set level = $1, next_level = $2, next_level_on = $3, remind_on = $4, yellow_on = $5, red_on = $6 where case_id = $7", &[&ladder.warning_level, &ladder.next_level, &ladder.next_level_on, &ladder.remind_on, &ladder.yellow_on, &ladder.red_on, &id]).await.map(|_| ())?;
    Ok(true)
}

// ---------------------------------------------------------------- ladder policies (本地政策)
