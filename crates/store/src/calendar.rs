//! The working-day calendar as data (X2): dates that are holidays or make-up working days (调休).

use chrono::NaiveDate;

use crate::{Result, Timestamp, Tx, sql};

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct CalendarDayRow {
    pub day: NaiveDate,
    /// `holiday` or `workday`.
    pub kind: String,
    pub name: String,
}

/// Every calendar entry, by date.
pub async fn list_days(tx: &mut Tx) -> Result<Vec<CalendarDayRow>> {
    sql::fetch_all(tx, "select day, kind, name from calendar_days order by day", &[]).await
}

/// Entries between two dates inclusive.
pub async fn list_days_between(tx: &mut Tx, from: NaiveDate, to: NaiveDate) -> Result<Vec<CalendarDayRow>> {
    sql::fetch_all(tx, "select day, kind, name from calendar_days where day >= $1 and day <= $2 order by day", &[&from, &to]).await
}

pub async fn find_day(tx: &mut Tx, day: NaiveDate) -> Result<Option<CalendarDayRow>> {
    sql::fetch_optional(tx, "select day, kind, name from calendar_days where day = $1", &[&day]).await
}

/// Inserts or replaces the entry of one date.
pub async fn upsert_day(tx: &mut Tx, day: NaiveDate, kind: &str, name: &str, now: Timestamp) -> Result<()> {
    sql::execute(
        tx,
        "insert into calendar_days (day, kind, name, updated_at) values ($1, $2, $3, $4) \
         on conflict (day) do update set kind = excluded.kind, name = excluded.name, updated_at = excluded.updated_at",
        &[&day, &kind, &name, &now],
    )
    .await?;
    Ok(())
}

/// Removes the entry of one date (it becomes an ordinary weekday or weekend day again).
pub async fn delete_day(tx: &mut Tx, day: NaiveDate) -> Result<bool> {
    let n = sql::execute(tx, "delete from calendar_days where day = $1", &[&day]).await?;
    Ok(n > 0)
}

/// How many entries exist (0 on a fresh database, before the shipped schedules are loaded).
pub async fn count_days(tx: &mut Tx) -> Result<i64> {
    sql::scalar(tx, "select count(*) from calendar_days", &[]).await
}
