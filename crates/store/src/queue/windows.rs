//! Window states, ratings of tickets and staff, and the rows the queue figures read.

use chrono::NaiveDate;

use super::rows::*;
use crate::{Result, StoreError, Timestamp, Tx, sql};

pub(super) const WINDOW_STATE_SELECT: &str = "select w.id as window_id, w.site_id, w.org_unit_id, w.number, w.name, w.kind, w.active, \
     s.status, s.pause_reason, s.staff_id, s.current_ticket_id, s.updated_at \
     from windows w left join window_states s on s.window_id = w.id";

pub async fn window_state(tx: &mut Tx, window_id: i64) -> Result<WindowStateRow> {
    let sql = format!("{WINDOW_STATE_SELECT} where w.id = $1");
    sql::fetch_optional(tx, sqlx::AssertSqlSafe(sql), &[&window_id]).await?.ok_or(StoreError::NotFound("window"))
}

/// Every window of a site with its state, by number.
pub async fn window_states(tx: &mut Tx, site_id: i64) -> Result<Vec<WindowStateRow>> {
    let sql = format!("{WINDOW_STATE_SELECT} where w.site_id = $1 order by length(w.number), w.number");
    sql::fetch_all(tx, sqlx::AssertSqlSafe(sql), &[&site_id]).await
}

/// Sets a window's state.
#[allow(clippy::too_many_arguments)]
pub async fn put_window_state(
    tx: &mut Tx,
    window_id: i64,
    site_id: i64,
    status: &str,
    pause_reason: &str,
    staff_id: Option<i64>,
    current_ticket_id: Option<i64>,
    now: Timestamp,
) -> Result<()> {
    sql::execute(
        tx,
        "insert into window_states (window_id, site_id, status, pause_reason, staff_id, current_ticket_id, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7) on conflict (window_id) do update set status = excluded.status, \
         pause_reason = excluded.pause_reason, staff_id = excluded.staff_id, current_ticket_id = excluded.current_ticket_id, \
         updated_at = excluded.updated_at",
        &[&window_id, &site_id, &status, &pause_reason, &staff_id, &current_ticket_id, &now],
    )
    .await
    .map(|_| ())?;
    Ok(())
}

// ---------------------------------------------------------------- ratings

pub async fn find_rating_for_ticket(tx: &mut Tx, ticket_id: i64) -> Result<Option<RatingRow>> {
    sql::fetch_optional(
        tx,
        "select id, ticket_id, window_id, staff_id, level, channel, rated_at from ratings where ticket_id = $1",
        &[&ticket_id],
    )
    .await
}

/// `(ratings, sum of levels)` of a staff member, for the star shown above the window.
pub async fn staff_rating_summary(tx: &mut Tx, staff_id: i64) -> Result<(i64, i64)> {
    // sum() of a bigint is numeric on PostgreSQL: cast it back.
    let (n, sum): (i64, i64) =
        sql::fetch_one(tx, "select count(*), cast(coalesce(sum(level), 0) as bigint) from ratings where staff_id = $1", &[&staff_id])
            .await?;
    Ok((n, sum))
}

// ---------------------------------------------------------------- figures

/// One finished or open ticket of a period, for the queue figures.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FigureRow {
    pub day: NaiveDate,
    pub category_id: i64,
    pub channel: String,
    pub status: String,
    pub issued_at: Timestamp,
    pub first_called_at: Option<Timestamp>,
    pub finished_at: Option<Timestamp>,
    pub window_id: Option<i64>,
    pub staff_id: Option<i64>,
}

/// Every ticket of a site between two business days (inclusive).
pub async fn figure_rows(tx: &mut Tx, site_id: i64, from: NaiveDate, to: NaiveDate) -> Result<Vec<FigureRow>> {
    sql::fetch_all(
        tx,
        "select day, category_id, channel, status, issued_at, first_called_at, finished_at, window_id, staff_id from tickets \
         where site_id = $1 and day >= $2 and day <= $3 order by id",
        &[&site_id, &from, &to],
    )
    .await
}
