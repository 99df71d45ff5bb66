//! Sums over the day and month tables for a filter, the overdue snapshot, work orders and names.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::days::*;
use super::facts::*;
use crate::org::Scope;
use crate::{Result, Timestamp, Tx, sql};

/// What the dashboard's sums cover: business days, the actor's scope, and optional narrowing to
/// an org unit's subtree (`org_path`), a site or a department.
#[derive(Debug, Clone)]
pub struct Filter {
    /// Days, or with `months` the first days of the first and last months.
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Read the month tables (`case_months`, `rating_months`, `queue_months`).
    pub months: bool,
    pub org_path: Option<String>,
    pub site_id: Option<i64>,
    pub department_id: Option<i64>,
}

/// The column a sum is grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    OrgUnit,
    Site,
    Department,
    Window,
    /// `user_id` in `case_days`, `staff_id` in `rating_days` and `queue_days`.
    Person,
    /// Everything in one group (key 0).
    Nothing,
}

/// The three tables the dashboard sums.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Table {
    Cases,
    Ratings,
    Queue,
}

impl Table {
    pub(super) fn name(self, months: bool) -> &'static str {
        match (self, months) {
            (Table::Cases, false) => "case_days",
            (Table::Ratings, false) => "rating_days",
            (Table::Queue, false) => "queue_days",
            (Table::Cases, true) => "case_months",
            (Table::Ratings, true) => "rating_months",
            (Table::Queue, true) => "queue_months",
        }
    }

    /// The grouping column, `None` where the table has no such column.
    pub(super) fn column(self, by: By) -> Option<&'static str> {
        Some(match (self, by) {
            (_, By::OrgUnit) => "t.org_unit_id",
            (_, By::Site) => "t.site_id",
            (Table::Queue, By::Department) => return None,
            (_, By::Department) => "t.department_id",
            (_, By::Window) => "t.window_id",
            (Table::Cases, By::Person) => "t.user_id",
            (_, By::Person) => "t.staff_id",
            (_, By::Nothing) => "cast(0 as bigint)",
        })
    }
}

/// The `where` clause of a sum over `t` with params from `$1`: days, narrowing, scope.
pub(super) fn where_clause(table: Table, f: &Filter, scope: &Scope) -> Option<(String, Vec<String>)> {
    if table == Table::Queue && f.department_id.is_some() {
        return None;
    }
    let (cond, binds) = scope.condition("o.path", 6);
    let dept = if table == Table::Queue { "$5 is null" } else { "($5 is null or t.department_id = $5)" };
    let at = if f.months { "t.month" } else { "t.day" };
    Some((
        format!(
            "{at} >= $1 and {at} <= $2 and ($3 is null or t.site_id = $3) and {dept} and t.org_unit_id in \
             (select o.id from org_units o where ($4 is null or o.path like $4) and {cond})"
        ),
        binds,
    ))
}

/// One group's `case_days` sums.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CaseSum {
    pub key: i64,
    #[sqlx(flatten)]
    pub counts: CaseCounts,
}

/// One day's `case_days` sums.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CaseDaySum {
    pub day: NaiveDate,
    #[sqlx(flatten)]
    pub counts: CaseCounts,
}

pub(super) const CASE_SUMS: &str = "cast(sum(t.accepted) as bigint) as accepted, cast(sum(t.decided) as bigint) as decided, \
     cast(sum(t.on_time) as bigint) as on_time, cast(sum(t.late) as bigint) as late, \
     cast(sum(t.over_statutory) as bigint) as over_statutory, cast(sum(t.completed) as bigint) as completed, \
     cast(sum(t.remind1) as bigint) as remind1, cast(sum(t.remind2) as bigint) as remind2, cast(sum(t.remind3) as bigint) as remind3, \
     cast(sum(t.yellow) as bigint) as yellow, cast(sum(t.red) as bigint) as red";

pub(super) const RATING_SUMS: &str = "cast(sum(t.n) as bigint) as n, cast(sum(t.l1) as bigint) as l1, cast(sum(t.l2) as bigint) as l2, \
     cast(sum(t.l3) as bigint) as l3, cast(sum(t.l4) as bigint) as l4, cast(sum(t.l5) as bigint) as l5, \
     cast(sum(t.bad) as bigint) as bad, cast(sum(t.bad_real_name) as bigint) as bad_real_name, \
     cast(sum(t.rectified) as bigint) as rectified, cast(sum(t.called_back) as bigint) as called_back, \
     cast(sum(t.voided) as bigint) as voided, cast(sum(t.improved) as bigint) as improved";

pub(super) fn sum_sql(table: Table, by_day: bool, by: By, f: &Filter, scope: &Scope, extra: &str) -> Option<(String, Vec<String>)> {
    let col = if by_day { if f.months { "t.month" } else { "t.day" } } else { table.column(by)? };
    let (w, binds) = where_clause(table, f, scope)?;
    let (sums, group_extra) = match table {
        Table::Cases => (CASE_SUMS, ""),
        Table::Ratings => (RATING_SUMS, ", t.subject"),
        Table::Queue => return None,
    };
    let key = if by_day { &format!("{col} as day") } else { &format!("{col} as key") };
    let subject = if table == Table::Ratings { "t.subject, " } else { "" };
    Some((
        format!(
            "select {key}, {subject}{sums} from {} t where {w}{extra} group by {col}{group_extra} order by {col}",
            table.name(f.months)
        ),
        binds,
    ))
}

/// `case_days` summed per group over the filter.
pub async fn sum_cases(tx: &mut Tx, scope: &Scope, f: &Filter, by: By) -> Result<Vec<CaseSum>> {
    let Some((sql, binds)) = sum_sql(Table::Cases, false, by, f, scope, "") else { return Ok(vec![]) };
    sql::fetch_scoped(tx, sql, &[&f.from, &f.to, &f.site_id, &f.org_path.as_ref().map(|p| format!("{p}%")), &f.department_id], &binds).await
}

/// `case_days` summed per day over the filter.
pub async fn sum_cases_by_day(tx: &mut Tx, scope: &Scope, f: &Filter) -> Result<Vec<CaseDaySum>> {
    let Some((sql, binds)) = sum_sql(Table::Cases, true, By::Nothing, f, scope, "") else { return Ok(vec![]) };
    sql::fetch_scoped(tx, sql, &[&f.from, &f.to, &f.site_id, &f.org_path.as_ref().map(|p| format!("{p}%")), &f.department_id], &binds).await
}

/// One group's `rating_days` sums for one subject (`visit` or `case`).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RatingSum {
    pub key: i64,
    pub subject: String,
    #[sqlx(flatten)]
    pub counts: crate::ratings::Counts,
}

/// One day's `rating_days` sums for one subject.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RatingDaySum {
    pub day: NaiveDate,
    pub subject: String,
    #[sqlx(flatten)]
    pub counts: crate::ratings::Counts,
}

/// `rating_days` summed per group and subject over the filter.
pub async fn sum_ratings(tx: &mut Tx, scope: &Scope, f: &Filter, by: By) -> Result<Vec<RatingSum>> {
    let Some((sql, binds)) = sum_sql(Table::Ratings, false, by, f, scope, "") else { return Ok(vec![]) };
    sql::fetch_scoped(tx, sql, &[&f.from, &f.to, &f.site_id, &f.org_path.as_ref().map(|p| format!("{p}%")), &f.department_id], &binds).await
}

/// `rating_days` summed per day and subject over the filter.
pub async fn sum_ratings_by_day(tx: &mut Tx, scope: &Scope, f: &Filter) -> Result<Vec<RatingDaySum>> {
    let Some((sql, binds)) = sum_sql(Table::Ratings, true, By::Nothing, f, scope, "") else { return Ok(vec![]) };
    sql::fetch_scoped(tx, sql, &[&f.from, &f.to, &f.site_id, &f.org_path.as_ref().map(|p| format!("{p}%")), &f.department_id], &binds).await
}

/// The stored `queue_days` rows of the filter, with the grouping key (`by`) and the day; the
/// histograms are added up by the caller. Empty when the table cannot be narrowed to a
/// department.
pub async fn queue_rows(tx: &mut Tx, scope: &Scope, f: &Filter, by: By) -> Result<Vec<(i64, QueueKey, QueueCounts)>> {
    let Some(col) = Table::Queue.column(by) else { return Ok(vec![]) };
    let Some((w, binds)) = where_clause(Table::Queue, f, scope) else { return Ok(vec![]) };
    let cols = QUEUE_COLUMNS
        .split(", ")
        .map(|c| if c == "day" && f.months { "t.month as day".to_owned() } else { format!("t.{c}") })
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!("select {col} as key, {cols} from {} t where {w}", Table::Queue.name(f.months));
    #[derive(sqlx::FromRow)]
    struct Row {
        key: i64,
        #[sqlx(flatten)]
        row: StoredQueueRow,
    }
    let rows: Vec<Row> =
        sql::fetch_scoped(tx, sql, &[&f.from, &f.to, &f.site_id, &f.org_path.as_ref().map(|p| format!("{p}%")), &f.department_id], &binds)
            .await?;
    Ok(rows.into_iter().map(|r| (r.key, r.row.key, r.row.counts())).collect())
}

/// Counts the open cases past their promised limit (warning level 2) or statutory limit (3) now
/// into `overdue_snapshot`, per org unit, site, department, window and handler, and records when.
pub async fn take_overdue_snapshot(tx: &mut Tx, today: NaiveDate, now: Timestamp) -> Result<u64> {
    sql::execute(tx, "delete from overdue_snapshot", &[]).await.map(|_| ())?;
    let n = sql::execute(
        tx,
        "insert into overdue_snapshot (org_unit_id, site_id, department_id, window_id, handler_id, over_promised, over_statutory) \
         select k.org_unit_id, k.site_id, k.department_id, coalesce(k.window_id, 0), coalesce(l.handler_id, 0), \
           sum(case when l.level = 2 then 1 else 0 end), sum(case when l.level = 3 then 1 else 0 end) \
         from case_ladder l join cases k on k.id = l.case_id \
         where l.level >= 2 and k.status in ('accepted', 'in_review', 'special_procedure', 'supplement_after_accept') \
         group by k.org_unit_id, k.site_id, k.department_id, coalesce(k.window_id, 0), coalesce(l.handler_id, 0)",
        &[],
    )
    .await?;
    sql::execute(
        tx,
        "insert into figure_rollups (name, through, updated_at) values ('overdue', $1, $2) \
         on conflict (name) do update set through = excluded.through, updated_at = excluded.updated_at",
        &[&today, &now],
    )
    .await
    .map(|_| ())?;
    Ok(n)
}

/// When the overdue snapshot was taken, if ever.
pub async fn overdue_taken_at(tx: &mut Tx) -> Result<Option<Timestamp>> {
    sql::scalar_optional(tx, "select updated_at from figure_rollups where name = 'overdue'", &[]).await
}

/// The overdue snapshot summed per group within the filter's narrowing and the scope:
/// `(key, over promised, over statutory)`; cases count for their handler in the person grouping.
pub async fn open_overdue(tx: &mut Tx, scope: &Scope, f: &Filter, by: By) -> Result<Vec<(i64, i64, i64)>> {
    let col = match by {
        By::OrgUnit => "t.org_unit_id",
        By::Site => "t.site_id",
        By::Department => "t.department_id",
        By::Window => "t.window_id",
        By::Person => "t.handler_id",
        By::Nothing => "cast(0 as bigint)",
    };
    let (cond, binds) = scope.condition("o.path", 4);
    let sql = format!(
        "select {col} as key, cast(sum(t.over_promised) as bigint) as over_promised, cast(sum(t.over_statutory) as bigint) as over_statutory \
         from overdue_snapshot t where ($1 is null or t.site_id = $1) and ($2 is null or t.department_id = $2) \
           and t.org_unit_id in (select o.id from org_units o where ($3 is null or o.path like $3) and {cond}) \
         group by {col}"
    );
    let rows: Vec<(i64, i64, i64)> =
        sql::fetch_scoped(tx, sql, &[&f.site_id, &f.department_id, &f.org_path.as_ref().map(|p| format!("{p}%"))], &binds).await?;
    Ok(rows)
}

/// A work order as the figures count it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WorkOrderFact {
    pub org_unit_id: i64,
    pub site_id: Option<i64>,
    pub department_id: Option<i64>,
    pub staff_id: Option<i64>,
    pub status: String,
    pub reply_due_on: Option<NaiveDate>,
    pub replied_at: Option<Timestamp>,
    pub created_at: Timestamp,
}

/// The work orders registered in `from_at..to_at`, within the filter and the scope.
pub async fn work_orders(tx: &mut Tx, scope: &Scope, f: &Filter, from_at: Timestamp, to_at: Timestamp) -> Result<Vec<WorkOrderFact>> {
    let (cond, binds) = scope.condition("o.path", 6);
    let sql = format!(
        "select w.org_unit_id, w.site_id, w.department_id, w.staff_id, w.status, w.reply_due_on, w.replied_at, w.created_at \
         from work_orders w join org_units o on o.id = w.org_unit_id \
         where w.created_at >= $1 and w.created_at < $2 and ($3 is null or w.site_id = $3) and ($4 is null or w.department_id = $4) \
           and ($5 is null or o.path like $5) and {cond}"
    );
    sql::fetch_scoped(tx, sql, &[&from_at, &to_at, &f.site_id, &f.department_id, &f.org_path.as_ref().map(|p| format!("{p}%"))], &binds)
        .await
}

/// A window as the figures name it.
#[derive(Debug, Clone)]
pub struct WindowName {
    /// Site name, number and name.
    pub label: String,
    pub kind: String,
    pub active: bool,
    pub site_id: i64,
}

/// Names of everything the figures group by.
#[derive(Debug, Clone, Default)]
pub struct Names {
    /// id → (name, level, path)
    pub org_units: BTreeMap<i64, (String, String, String)>,
    /// id → (name, org unit id)
    pub sites: BTreeMap<i64, (String, i64)>,
    pub departments: BTreeMap<i64, String>,
    pub windows: BTreeMap<i64, WindowName>,
    /// user id → (name, staff id)
    pub users: BTreeMap<i64, (String, Option<i64>)>,
    /// staff id → name
    pub staff: BTreeMap<i64, String>,
}

/// Loads [`Names`] (small tables).
pub async fn names(tx: &mut Tx) -> Result<Names> {
    let orgs: Vec<(i64, String, String, String)> = sql::fetch_all(tx, "select id, name, level, path from org_units", &[]).await?;
    let sites: Vec<(i64, String, i64)> = sql::fetch_all(tx, "select id, name, org_unit_id from sites", &[]).await?;
    let depts: Vec<(i64, String)> = sql::fetch_all(tx, "select id, name from departments", &[]).await?;
    let windows: Vec<(i64, String, String, String, String, bool, i64)> = sql::fetch_all(
        tx,
        "select w.id, s.name, w.number, w.name, w.kind, w.active, w.site_id from windows w join sites s on s.id = w.site_id",
        &[],
    )
    .await?;
    let users: Vec<(i64, String, Option<i64>)> = sql::fetch_all(tx, "select id, name, staff_id from users", &[]).await?;
    let staff: Vec<(i64, String)> = sql::fetch_all(tx, "select id, name from staff", &[]).await?;
    Ok(Names {
        org_units: orgs.into_iter().map(|(id, n, l, p)| (id, (n, l, p))).collect(),
        sites: sites.into_iter().map(|(id, n, o)| (id, (n, o))).collect(),
        departments: depts.into_iter().collect(),
        windows: windows
            .into_iter()
            .map(|(id, s, num, n, kind, active, site_id)| {
                (id, WindowName { label: format!("{s} {num}号窗口（{n}）"), kind, active, site_id })
            })
            .collect(),
        users: users.into_iter().map(|(id, n, s)| (id, (n, s))).collect(),
        staff: staff.into_iter().collect(),
    })
}
