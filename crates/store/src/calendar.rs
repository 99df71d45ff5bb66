//! The working-day calendar as data (X2): dates that are holidays or make-up working days (调休).

use chrono::NaiveDate;

use crate::{Result, Timestamp, Tx, on_tx};

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct CalendarDayRow {
    pub day: NaiveDate,
    /// `holiday` or `workday`.
    pub kind: String,
    pub name: String,
}

/// Every calendar entry, by date.
pub async fn list_days(tx: &mut Tx) -> Result<Vec<CalendarDayRow>> {
    Ok(on_tx!(tx, |c| sqlx::query_as("select day, kind, name from calendar_days order by day").fetch_all(c).await)?)
}

/// Entries between two dates inclusive.
pub async fn list_days_between(tx: &mut Tx, from: NaiveDate, to: NaiveDate) -> Result<Vec<CalendarDayRow>> {
    Ok(on_tx!(tx, |c| sqlx::query_as("select day, kind, name from calendar_days where day >= $1 and day <= $2 order by day")
        .bind(from)
        .bind(to)
        .fetch_all(c)
        .await)?)
}

pub async fn find_day(tx: &mut Tx, day: NaiveDate) -> Result<Option<CalendarDayRow>> {
    Ok(on_tx!(tx, |c| sqlx::query_as("select day, kind, name from calendar_days where day = $1").bind(day).fetch_optional(c).await)?)
}

/// Inserts or replaces the entry of one date.
pub async fn upsert_day(tx: &mut Tx, day: NaiveDate, kind: &str, name: &str, now: Timestamp) -> Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "insert into calendar_days (day, kind, name, updated_at) values ($1, $2, $3, $4) \
         on conflict (day) do update set kind = excluded.kind, name = excluded.name, updated_at = excluded.updated_at"
    )
    .bind(day)
    .bind(kind)
    .bind(name)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Removes the entry of one date (it becomes an ordinary weekday or weekend day again).
pub async fn delete_day(tx: &mut Tx, day: NaiveDate) -> Result<bool> {
    let n = on_tx!(tx, |c| sqlx::query("delete from calendar_days where day = $1").bind(day).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n > 0)
}

/// How many entries exist (0 on a fresh database, before the shipped schedules are loaded).
pub async fn count_days(tx: &mut Tx) -> Result<i64> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar("select count(*) from calendar_days").fetch_one(c).await)?)
}
