//! The figures' day and month tables: replacing days, the roll-up mark, rebuilding months.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use domain::figures::Histogram;

use super::facts::*;
use crate::sql::month_expr;
use crate::{Result, Timestamp, Tx, sql};

/// Replaces the stored rows of `from..=to` with `cases` and `queue`.
pub async fn replace_days(
    tx: &mut Tx,
    from: NaiveDate,
    to: NaiveDate,
    cases: &BTreeMap<CaseKey, CaseCounts>,
    queue: &BTreeMap<QueueKey, QueueCounts>,
) -> Result<()> {
    sql::execute(tx, "delete from case_days where day >= $1 and day <= $2", &[&from, &to]).await.map(|_| ())?;
    sql::execute(tx, "delete from queue_days where day >= $1 and day <= $2", &[&from, &to]).await.map(|_| ())?;
    let rows: Vec<(&CaseKey, &CaseCounts)> = cases.iter().collect();
    crate::insert_rows!(
        tx,
        rows,
        400,
        17,
        |values| format!(
            "insert into case_days (day, org_unit_id, site_id, department_id, window_id, user_id, accepted, decided, on_time, late, \
             over_statutory, completed, remind1, remind2, remind3, yellow, red) values {values}"
        ),
        |q, r| q
            .bind(r.0.day)
            .bind(r.0.org_unit_id)
            .bind(r.0.site_id)
            .bind(r.0.department_id)
            .bind(r.0.window_id)
            .bind(r.0.user_id)
            .bind(r.1.accepted)
            .bind(r.1.decided)
            .bind(r.1.on_time)
            .bind(r.1.late)
            .bind(r.1.over_statutory)
            .bind(r.1.completed)
            .bind(r.1.remind1)
            .bind(r.1.remind2)
            .bind(r.1.remind3)
            .bind(r.1.yellow)
            .bind(r.1.red)
    );
    insert_queue(tx, "queue_days", "day", queue).await
}

/// The last business day rolled up, if any.
pub async fn rolled_through(tx: &mut Tx) -> Result<Option<NaiveDate>> {
    sql::scalar_optional(tx, "select through from figure_rollups where name = 'days'", &[]).await
}

/// Records that every day up to `through` is rolled up.
pub async fn set_rolled_through(tx: &mut Tx, through: NaiveDate, now: Timestamp) -> Result<()> {
    sql::execute(
        tx,
        "insert into figure_rollups (name, through, updated_at) values ('days', $1, $2) \
         on conflict (name) do update set through = excluded.through, updated_at = excluded.updated_at",
        &[&through, &now],
    )
    .await
    .map(|_| ())?;
    Ok(())
}

/// Rebuilds `case_months` and `queue_months` for the months `first..=last` (first days) from the
/// day rows.
pub async fn rebuild_months(tx: &mut Tx, first: NaiveDate, last: NaiveDate) -> Result<()> {
    use chrono::Datelike;
    let end = {
        let next = if last.month() == 12 {
            NaiveDate::from_ymd_opt(last.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(last.year(), last.month() + 1, 1)
        };
        next.and_then(|d| d.pred_opt()).unwrap_or(last)
    };
    sql::execute(tx, "delete from case_months where month >= $1 and month <= $2", &[&first, &last]).await.map(|_| ())?;
    sql::execute(tx, "delete from queue_months where month >= $1 and month <= $2", &[&first, &last]).await.map(|_| ())?;
    let month = month_expr(tx.backend(), "day");
    let keys = "org_unit_id, site_id, department_id, window_id, user_id";
    let sums = "accepted, decided, on_time, late, over_statutory, completed, remind1, remind2, remind3, yellow, red";
    let summed = sums.split(", ").map(|c| format!("sum({c})")).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "insert into case_months (month, {keys}, {sums}) select {month}, {keys}, {summed} from case_days \
         where day >= $1 and day <= $2 group by {month}, {keys}"
    );
    sql::execute(tx, sqlx::AssertSqlSafe(sql), &[&first, &end]).await.map(|_| ())?;
    let mut months: BTreeMap<QueueKey, QueueCounts> = BTreeMap::new();
    for (k, c) in queue_days(tx, first, end).await? {
        months.entry(QueueKey { day: k.day.with_day(1).unwrap_or(k.day), ..k }).or_default().merge(&c);
    }
    insert_queue(tx, "queue_months", "month", &months).await
}

/// Inserts queue rows into `queue_days` (`date_col` day) or `queue_months` (month).
pub(super) async fn insert_queue(tx: &mut Tx, table: &str, date_col: &str, rows: &BTreeMap<QueueKey, QueueCounts>) -> Result<()> {
    let rows: Vec<(&QueueKey, &QueueCounts)> = rows.iter().collect();
    crate::insert_rows!(
        tx,
        rows,
        400,
        14,
        |values| format!(
            "insert into {table} ({date_col}, org_unit_id, site_id, window_id, staff_id, issued, called, served, no_shows, wait_sum_s, \
             service_n, service_sum_s, wait_hist, service_hist) values {values}"
        ),
        |q, r| q
            .bind(r.0.day)
            .bind(r.0.org_unit_id)
            .bind(r.0.site_id)
            .bind(r.0.window_id)
            .bind(r.0.staff_id)
            .bind(r.1.issued)
            .bind(r.1.called)
            .bind(r.1.served)
            .bind(r.1.no_shows)
            .bind(r.1.wait_sum_s)
            .bind(r.1.service_n)
            .bind(r.1.service_sum_s)
            .bind(r.1.wait_hist.encode())
            .bind(r.1.service_hist.encode())
    );
    Ok(())
}

/// The stored `case_months` rows of the months `first..=last`, keyed by month (first day).
pub async fn case_months(tx: &mut Tx, first: NaiveDate, last: NaiveDate) -> Result<BTreeMap<CaseKey, CaseCounts>> {
    let rows: Vec<StoredCaseRow> = sql::fetch_all(
        tx,
        "select month as day, org_unit_id, site_id, department_id, window_id, user_id, accepted, decided, on_time, late, over_statutory, \
         completed, remind1, remind2, remind3, yellow, red from case_months where month >= $1 and month <= $2",
        &[&first, &last],
    )
    .await?;
    Ok(rows.into_iter().map(|r| (r.key, r.counts)).collect())
}

/// The first business day with any case or ticket (where a first roll-up starts).
pub async fn first_day(tx: &mut Tx) -> Result<Option<NaiveDate>> {
    let a: Option<NaiveDate> = sql::scalar(tx, "select min(accepted_on) from cases", &[]).await?;
    let b: Option<NaiveDate> = sql::scalar(tx, "select min(day) from tickets", &[]).await?;
    let at: Option<Timestamp> = sql::scalar(tx, "select min(created_at) from cases", &[]).await?;
    Ok([a, b, at.map(|t| t.date_naive())].into_iter().flatten().min())
}

#[derive(sqlx::FromRow)]
pub(super) struct StoredCaseRow {
    #[sqlx(flatten)]
    pub(super) key: CaseKey,
    #[sqlx(flatten)]
    pub(super) counts: CaseCounts,
}

#[derive(sqlx::FromRow)]
pub(super) struct StoredQueueRow {
    #[sqlx(flatten)]
    pub(super) key: QueueKey,
    pub(super) issued: i64,
    pub(super) called: i64,
    pub(super) served: i64,
    pub(super) no_shows: i64,
    pub(super) wait_sum_s: i64,
    pub(super) service_n: i64,
    pub(super) service_sum_s: i64,
    pub(super) wait_hist: String,
    pub(super) service_hist: String,
}

impl StoredQueueRow {
    pub(super) fn counts(&self) -> QueueCounts {
        QueueCounts {
            issued: self.issued,
            called: self.called,
            served: self.served,
            no_shows: self.no_shows,
            wait_sum_s: self.wait_sum_s,
            service_n: self.service_n,
            service_sum_s: self.service_sum_s,
            wait_hist: Histogram::decode(&self.wait_hist),
            service_hist: Histogram::decode(&self.service_hist),
        }
    }
}

/// The stored `case_days` rows of `from..=to`.
pub async fn case_days(tx: &mut Tx, from: NaiveDate, to: NaiveDate) -> Result<BTreeMap<CaseKey, CaseCounts>> {
    let rows: Vec<StoredCaseRow> = sql::fetch_all(
        tx,
        "select day, org_unit_id, site_id, department_id, window_id, user_id, accepted, decided, on_time, late, over_statutory, \
         completed, remind1, remind2, remind3, yellow, red from case_days where day >= $1 and day <= $2",
        &[&from, &to],
    )
    .await?;
    Ok(rows.into_iter().map(|r| (r.key, r.counts)).collect())
}

pub(super) const QUEUE_COLUMNS: &str = "day, org_unit_id, site_id, window_id, staff_id, issued, called, served, no_shows, wait_sum_s, service_n, service_sum_s, wait_hist, service_hist";

/// The stored `queue_days` rows of `from..=to`.
pub async fn queue_days(tx: &mut Tx, from: NaiveDate, to: NaiveDate) -> Result<BTreeMap<QueueKey, QueueCounts>> {
    let sql = format!("select {QUEUE_COLUMNS} from queue_days where day >= $1 and day <= $2");
    let rows: Vec<StoredQueueRow> = sql::fetch_all(tx, sqlx::AssertSqlSafe(sql), &[&from, &to]).await?;
    Ok(rows.into_iter().map(|r| (r.key, r.counts())).collect())
}

// ---------------------------------------------------------------- reading for the dashboard
