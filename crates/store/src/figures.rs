//! Storage of the leadership figures (X1): the per-day aggregates `case_days` and `queue_days`, the
//! roll-up that fills them, and the grouped sums the dashboard reads from them and from
//! `rating_days`.
//!
//! A business day's facts are final once the day is over: acceptances, decisions, completions,
//! reminders and cards are dated the day they happen and tickets end by the day's close. So a
//! past day is rolled up once ([`case_facts`] and [`queue_facts`] grouped into rows, then
//! [`replace_days`]); the dashboard reads the rolled-up days and computes the days after the
//! roll-up's mark from the base tables with the same functions, so both give the same answer.
//! [`case_days`] and [`queue_days`] list the stored rows for the test that compares them with a
//! fresh count.

use std::collections::BTreeMap;

use chrono::{FixedOffset, NaiveDate};
use domain::figures::Histogram;
use serde::Serialize;

use crate::org::Scope;
use crate::{Result, Timestamp, Tx, on_tx};

/// The key of a `case_days` row; 0 stands for "none".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, sqlx::FromRow, Serialize)]
pub struct CaseKey {
    pub day: NaiveDate,
    pub org_unit_id: i64,
    pub site_id: i64,
    pub department_id: i64,
    pub window_id: i64,
    pub user_id: i64,
}

/// The counts of a `case_days` row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct CaseCounts {
    /// Cases accepted (受理).
    pub accepted: i64,
    /// Cases decided (办结: approved, denied or settled on the spot).
    pub decided: i64,
    /// Decided within the promised limit (or with no limit running).
    pub on_time: i64,
    /// Decided after the promised limit.
    pub late: i64,
    /// Decided after the statutory limit.
    pub over_statutory: i64,
    /// Cases that reached 已办结 (completed), the base of 主动评价率.
    pub completed: i64,
    pub remind1: i64,
    pub remind2: i64,
    pub remind3: i64,
    pub yellow: i64,
    pub red: i64,
}

impl CaseCounts {
    pub fn plus(&self, o: &CaseCounts) -> CaseCounts {
        CaseCounts {
            accepted: self.accepted + o.accepted,
            decided: self.decided + o.decided,
            on_time: self.on_time + o.on_time,
            late: self.late + o.late,
            over_statutory: self.over_statutory + o.over_statutory,
            completed: self.completed + o.completed,
            remind1: self.remind1 + o.remind1,
            remind2: self.remind2 + o.remind2,
            remind3: self.remind3 + o.remind3,
            yellow: self.yellow + o.yellow,
            red: self.red + o.red,
        }
    }
}

/// The key of a `queue_days` row; 0 stands for "none".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, sqlx::FromRow, Serialize)]
pub struct QueueKey {
    pub day: NaiveDate,
    pub org_unit_id: i64,
    pub site_id: i64,
    pub window_id: i64,
    pub staff_id: i64,
}

/// The counts of a `queue_days` row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct QueueCounts {
    pub issued: i64,
    /// Called at least once; each has a wait (first call − issue).
    pub called: i64,
    pub served: i64,
    pub no_shows: i64,
    pub wait_sum_s: i64,
    /// Served tickets with a service time (finish − first call).
    pub service_n: i64,
    pub service_sum_s: i64,
    #[serde(skip)]
    pub wait_hist: Histogram,
    #[serde(skip)]
    pub service_hist: Histogram,
}

impl QueueCounts {
    pub fn merge(&mut self, o: &QueueCounts) {
        self.issued += o.issued;
        self.called += o.called;
        self.served += o.served;
        self.no_shows += o.no_shows;
        self.wait_sum_s += o.wait_sum_s;
        self.service_n += o.service_n;
        self.service_sum_s += o.service_sum_s;
        self.wait_hist.merge(&o.wait_hist);
        self.service_hist.merge(&o.service_hist);
    }
}

// ---------------------------------------------------------------- facts from the base tables

#[derive(sqlx::FromRow)]
struct CaseFact {
    kind: i64,
    level: i64,
    org_unit_id: i64,
    site_id: i64,
    department_id: i64,
    window_id: i64,
    user_id: i64,
    n: i64,
    late: i64,
    over_statutory: i64,
}

/// The case facts of the business days `from..=to` (a day runs from midnight to midnight at
/// `offset`, China time), grouped into `case_days` rows. Who a fact counts for: the clerk who
/// accepted (acceptances), the one who decided (decisions), the reviewer or else the clerk
/// (completions), the person reminded or carded (reminders, cards). Counted in SQL one day at a
/// time, each kind from its own (covering) index.
pub async fn case_facts(tx: &mut Tx, from: NaiveDate, to: NaiveDate, offset: FixedOffset) -> Result<BTreeMap<CaseKey, CaseCounts>> {
    let k = "k.org_unit_id, k.site_id, k.department_id, coalesce(k.window_id, 0) as window_id";
    let sql = format!(
        "select x.kind, x.level, x.org_unit_id, x.site_id, x.department_id, x.window_id, x.user_id, cast(count(*) as bigint) as n, \
           cast(sum(x.late) as bigint) as late, cast(sum(x.over_statutory) as bigint) as over_statutory from ( \
         select cast(1 as bigint) as kind, cast(0 as bigint) as level, {k}, coalesce(k.accepted_by, 0) as user_id, \
           cast(0 as bigint) as late, cast(0 as bigint) as over_statutory from cases k where k.accepted_on = $1 \
         union all \
         select 2, 0, {k}, coalesce(k.decided_by, 0), \
           case when k.promised_deadline is not null and k.decided_on > k.promised_deadline then 1 else 0 end, \
           case when k.statutory_deadline is not null and k.decided_on > k.statutory_deadline then 1 else 0 end \
           from cases k where k.decided_on = $1 \
         union all \
         select 3, 0, {k}, coalesce(k.reviewer_id, k.accepted_by, k.decided_by, 0), 0, 0 \
           from cases k where k.status = 'completed' and k.updated_at >= $2 and k.updated_at < $3 \
         union all \
         select 4, r.level, {k}, r.user_id, 0, 0 \
           from case_reminders r join cases k on k.id = r.case_id \
           where r.channel = 'in_app' and r.created_at >= $2 and r.created_at < $3 \
         union all \
         select 5, c.level, k.org_unit_id, k.site_id, c.department_id, coalesce(k.window_id, 0), coalesce(c.user_id, 0), 0, 0 \
           from case_cards c join cases k on k.id = c.case_id where c.issued_on = $1) x \
         group by x.kind, x.level, x.org_unit_id, x.site_id, x.department_id, x.window_id, x.user_id"
    );
    let mut out: BTreeMap<CaseKey, CaseCounts> = BTreeMap::new();
    let mut day = from;
    while day <= to {
        let start = |d: NaiveDate| {
            d.and_hms_opt(0, 0, 0).and_then(|m| m.and_local_timezone(offset).single()).map(|t| t.to_utc()).unwrap_or_default()
        };
        let next = day.succ_opt().unwrap_or(day);
        let facts: Vec<CaseFact> = on_tx!(tx, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(day)
            .bind(start(day))
            .bind(start(next))
            .fetch_all(c)
            .await)?;
        for f in facts {
            let key = CaseKey {
                day,
                org_unit_id: f.org_unit_id,
                site_id: f.site_id,
                department_id: f.department_id,
                window_id: f.window_id,
                user_id: f.user_id,
            };
            let c = out.entry(key).or_default();
            match (f.kind, f.level) {
                (1, _) => c.accepted += f.n,
                (2, _) => {
                    c.decided += f.n;
                    c.late += f.late;
                    c.on_time += f.n - f.late;
                    c.over_statutory += f.over_statutory;
                }
                (3, _) => c.completed += f.n,
                (4, 1) => c.remind1 += f.n,
                (4, 2) => c.remind2 += f.n,
                (4, _) => c.remind3 += f.n,
                (_, 2) => c.yellow += f.n,
                _ => c.red += f.n,
            }
        }
        if next == day {
            break;
        }
        day = next;
    }
    Ok(out)
}

#[derive(sqlx::FromRow)]
struct TicketFact {
    day: NaiveDate,
    org_unit_id: i64,
    site_id: i64,
    window_id: i64,
    staff_id: i64,
    status: String,
    issued_at: Timestamp,
    first_called_at: Option<Timestamp>,
    finished_at: Option<Timestamp>,
}

/// The tickets of the business days `from..=to`, grouped into `queue_days` rows with the
/// definitions of the queue figures (`app::queue_figures`): a wait for every ticket called, a
/// service time for every ticket served; a ticket counts where it ended.
pub async fn queue_facts(tx: &mut Tx, from: NaiveDate, to: NaiveDate) -> Result<BTreeMap<QueueKey, QueueCounts>> {
    let facts: Vec<TicketFact> = on_tx!(tx, |c| sqlx::query_as(
        "select day, org_unit_id, site_id, coalesce(window_id, 0) as window_id, coalesce(staff_id, 0) as staff_id, status, \
         issued_at, first_called_at, finished_at from tickets where day >= $1 and day <= $2"
    )
    .bind(from)
    .bind(to)
    .fetch_all(c)
    .await)?;
    let mut out: BTreeMap<QueueKey, QueueCounts> = BTreeMap::new();
    for t in facts {
        let key = QueueKey { day: t.day, org_unit_id: t.org_unit_id, site_id: t.site_id, window_id: t.window_id, staff_id: t.staff_id };
        let c = out.entry(key).or_default();
        c.issued += 1;
        if let Some(fc) = t.first_called_at {
            let wait = (fc - t.issued_at).num_seconds().max(0);
            c.called += 1;
            c.wait_sum_s += wait;
            c.wait_hist.add(wait);
            if t.status == "done"
                && let Some(fin) = t.finished_at
            {
                let s = (fin - fc).num_seconds().max(0);
                c.service_n += 1;
                c.service_sum_s += s;
                c.service_hist.add(s);
            }
        }
        match t.status.as_str() {
            "done" => c.served += 1,
            "no_show" => c.no_shows += 1,
            _ => {}
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------- the roll-up

/// Replaces the stored rows of `from..=to` with `cases` and `queue`.
pub async fn replace_days(
    tx: &mut Tx,
    from: NaiveDate,
    to: NaiveDate,
    cases: &BTreeMap<CaseKey, CaseCounts>,
    queue: &BTreeMap<QueueKey, QueueCounts>,
) -> Result<()> {
    on_tx!(tx, |c| sqlx::query("delete from case_days where day >= $1 and day <= $2").bind(from).bind(to).execute(c).await.map(|_| ()))?;
    on_tx!(tx, |c| sqlx::query("delete from queue_days where day >= $1 and day <= $2").bind(from).bind(to).execute(c).await.map(|_| ()))?;
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
    Ok(on_tx!(tx, |c| sqlx::query_scalar("select through from figure_rollups where name = 'days'").fetch_optional(c).await)?)
}

/// Records that every day up to `through` is rolled up.
pub async fn set_rolled_through(tx: &mut Tx, through: NaiveDate, now: Timestamp) -> Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "insert into figure_rollups (name, through, updated_at) values ('days', $1, $2) \
         on conflict (name) do update set through = excluded.through, updated_at = excluded.updated_at"
    )
    .bind(through)
    .bind(now)
    .execute(c)
    .await
    .map(|_| ()))?;
    Ok(())
}

/// The SQL expression of the first day of `col`'s month (a date column).
pub fn month_expr(backend: crate::Backend, col: &str) -> String {
    match backend {
        crate::Backend::Sqlite => format!("substr({col}, 1, 8) || '01'"),
        crate::Backend::Postgres => format!("cast(date_trunc('month', {col}) as date)"),
    }
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
    on_tx!(tx, |c| sqlx::query("delete from case_months where month >= $1 and month <= $2")
        .bind(first)
        .bind(last)
        .execute(c)
        .await
        .map(|_| ()))?;
    on_tx!(tx, |c| sqlx::query("delete from queue_months where month >= $1 and month <= $2")
        .bind(first)
        .bind(last)
        .execute(c)
        .await
        .map(|_| ()))?;
    let month = month_expr(tx.backend(), "day");
    let keys = "org_unit_id, site_id, department_id, window_id, user_id";
    let sums = "accepted, decided, on_time, late, over_statutory, completed, remind1, remind2, remind3, yellow, red";
    let summed = sums.split(", ").map(|c| format!("sum({c})")).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "insert into case_months (month, {keys}, {sums}) select {month}, {keys}, {summed} from case_days \
         where day >= $1 and day <= $2 group by {month}, {keys}"
    );
    on_tx!(tx, |c| sqlx::query(sqlx::AssertSqlSafe(sql.clone())).bind(first).bind(end).execute(c).await.map(|_| ()))?;
    let mut months: BTreeMap<QueueKey, QueueCounts> = BTreeMap::new();
    for (k, c) in queue_days(tx, first, end).await? {
        months.entry(QueueKey { day: k.day.with_day(1).unwrap_or(k.day), ..k }).or_default().merge(&c);
    }
    insert_queue(tx, "queue_months", "month", &months).await
}

/// Inserts queue rows into `queue_days` (`date_col` day) or `queue_months` (month).
async fn insert_queue(tx: &mut Tx, table: &str, date_col: &str, rows: &BTreeMap<QueueKey, QueueCounts>) -> Result<()> {
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
    let rows: Vec<StoredCaseRow> = on_tx!(tx, |c| {
        sqlx::query_as(
        "select month as day, org_unit_id, site_id, department_id, window_id, user_id, accepted, decided, on_time, late, over_statutory, \
         completed, remind1, remind2, remind3, yellow, red from case_months where month >= $1 and month <= $2"
    )
    .bind(first)
    .bind(last)
    .fetch_all(c)
    .await
    })?;
    Ok(rows.into_iter().map(|r| (r.key, r.counts)).collect())
}

/// The first business day with any case or ticket (where a first roll-up starts).
pub async fn first_day(tx: &mut Tx) -> Result<Option<NaiveDate>> {
    let a: Option<NaiveDate> = on_tx!(tx, |c| sqlx::query_scalar("select min(accepted_on) from cases").fetch_one(c).await)?;
    let b: Option<NaiveDate> = on_tx!(tx, |c| sqlx::query_scalar("select min(day) from tickets").fetch_one(c).await)?;
    let at: Option<Timestamp> = on_tx!(tx, |c| sqlx::query_scalar("select min(created_at) from cases").fetch_one(c).await)?;
    Ok([a, b, at.map(|t| t.date_naive())].into_iter().flatten().min())
}

#[derive(sqlx::FromRow)]
struct StoredCaseRow {
    #[sqlx(flatten)]
    key: CaseKey,
    #[sqlx(flatten)]
    counts: CaseCounts,
}

#[derive(sqlx::FromRow)]
struct StoredQueueRow {
    #[sqlx(flatten)]
    key: QueueKey,
    issued: i64,
    called: i64,
    served: i64,
    no_shows: i64,
    wait_sum_s: i64,
    service_n: i64,
    service_sum_s: i64,
    wait_hist: String,
    service_hist: String,
}

impl StoredQueueRow {
    fn counts(&self) -> QueueCounts {
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
    let rows: Vec<StoredCaseRow> = on_tx!(tx, |c| sqlx::query_as(
        "select day, org_unit_id, site_id, department_id, window_id, user_id, accepted, decided, on_time, late, over_statutory, \
         completed, remind1, remind2, remind3, yellow, red from case_days where day >= $1 and day <= $2"
    )
    .bind(from)
    .bind(to)
    .fetch_all(c)
    .await)?;
    Ok(rows.into_iter().map(|r| (r.key, r.counts)).collect())
}

const QUEUE_COLUMNS: &str = "day, org_unit_id, site_id, window_id, staff_id, issued, called, served, no_shows, wait_sum_s, service_n, service_sum_s, wait_hist, service_hist";

/// The stored `queue_days` rows of `from..=to`.
pub async fn queue_days(tx: &mut Tx, from: NaiveDate, to: NaiveDate) -> Result<BTreeMap<QueueKey, QueueCounts>> {
    let sql = format!("select {QUEUE_COLUMNS} from queue_days where day >= $1 and day <= $2");
    let rows: Vec<StoredQueueRow> =
        on_tx!(tx, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(from).bind(to).fetch_all(c).await)?;
    Ok(rows.into_iter().map(|r| (r.key, r.counts())).collect())
}

// ---------------------------------------------------------------- reading for the dashboard

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
enum Table {
    Cases,
    Ratings,
    Queue,
}

impl Table {
    fn name(self, months: bool) -> &'static str {
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
    fn column(self, by: By) -> Option<&'static str> {
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
fn where_clause(table: Table, f: &Filter, scope: &Scope) -> Option<(String, Vec<String>)> {
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

const CASE_SUMS: &str = "cast(sum(t.accepted) as bigint) as accepted, cast(sum(t.decided) as bigint) as decided, \
     cast(sum(t.on_time) as bigint) as on_time, cast(sum(t.late) as bigint) as late, \
     cast(sum(t.over_statutory) as bigint) as over_statutory, cast(sum(t.completed) as bigint) as completed, \
     cast(sum(t.remind1) as bigint) as remind1, cast(sum(t.remind2) as bigint) as remind2, cast(sum(t.remind3) as bigint) as remind3, \
     cast(sum(t.yellow) as bigint) as yellow, cast(sum(t.red) as bigint) as red";

const RATING_SUMS: &str = "cast(sum(t.n) as bigint) as n, cast(sum(t.l1) as bigint) as l1, cast(sum(t.l2) as bigint) as l2, \
     cast(sum(t.l3) as bigint) as l3, cast(sum(t.l4) as bigint) as l4, cast(sum(t.l5) as bigint) as l5, \
     cast(sum(t.bad) as bigint) as bad, cast(sum(t.bad_real_name) as bigint) as bad_real_name, \
     cast(sum(t.rectified) as bigint) as rectified, cast(sum(t.called_back) as bigint) as called_back, \
     cast(sum(t.voided) as bigint) as voided";

fn sum_sql(table: Table, by_day: bool, by: By, f: &Filter, scope: &Scope, extra: &str) -> Option<(String, Vec<String>)> {
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
    Ok(crate::fetch_scoped!(tx, sql, [f.from, f.to, f.site_id, f.org_path.as_ref().map(|p| format!("{p}%")), f.department_id], binds)?)
}

/// `case_days` summed per day over the filter.
pub async fn sum_cases_by_day(tx: &mut Tx, scope: &Scope, f: &Filter) -> Result<Vec<CaseDaySum>> {
    let Some((sql, binds)) = sum_sql(Table::Cases, true, By::Nothing, f, scope, "") else { return Ok(vec![]) };
    Ok(crate::fetch_scoped!(tx, sql, [f.from, f.to, f.site_id, f.org_path.as_ref().map(|p| format!("{p}%")), f.department_id], binds)?)
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
    Ok(crate::fetch_scoped!(tx, sql, [f.from, f.to, f.site_id, f.org_path.as_ref().map(|p| format!("{p}%")), f.department_id], binds)?)
}

/// `rating_days` summed per day and subject over the filter.
pub async fn sum_ratings_by_day(tx: &mut Tx, scope: &Scope, f: &Filter) -> Result<Vec<RatingDaySum>> {
    let Some((sql, binds)) = sum_sql(Table::Ratings, true, By::Nothing, f, scope, "") else { return Ok(vec![]) };
    Ok(crate::fetch_scoped!(tx, sql, [f.from, f.to, f.site_id, f.org_path.as_ref().map(|p| format!("{p}%")), f.department_id], binds)?)
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
        crate::fetch_scoped!(tx, sql, [f.from, f.to, f.site_id, f.org_path.as_ref().map(|p| format!("{p}%")), f.department_id], binds)?;
    Ok(rows.into_iter().map(|r| (r.key, r.row.key, r.row.counts())).collect())
}

/// Counts the open cases past their promised limit (warning level 2) or statutory limit (3) now
/// into `overdue_snapshot`, per org unit, site, department, window and handler, and records when.
pub async fn take_overdue_snapshot(tx: &mut Tx, today: NaiveDate, now: Timestamp) -> Result<u64> {
    on_tx!(tx, |c| sqlx::query("delete from overdue_snapshot").execute(c).await.map(|_| ()))?;
    let n = on_tx!(tx, |c| sqlx::query(
        "insert into overdue_snapshot (org_unit_id, site_id, department_id, window_id, handler_id, over_promised, over_statutory) \
         select k.org_unit_id, k.site_id, k.department_id, coalesce(k.window_id, 0), coalesce(l.handler_id, 0), \
           sum(case when l.level = 2 then 1 else 0 end), sum(case when l.level = 3 then 1 else 0 end) \
         from case_ladder l join cases k on k.id = l.case_id \
         where l.level >= 2 and k.status in ('accepted', 'in_review', 'special_procedure', 'supplement_after_accept') \
         group by k.org_unit_id, k.site_id, k.department_id, coalesce(k.window_id, 0), coalesce(l.handler_id, 0)"
    )
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    on_tx!(tx, |c| sqlx::query(
        "insert into figure_rollups (name, through, updated_at) values ('overdue', $1, $2) \
         on conflict (name) do update set through = excluded.through, updated_at = excluded.updated_at"
    )
    .bind(today)
    .bind(now)
    .execute(c)
    .await
    .map(|_| ()))?;
    Ok(n)
}

/// When the overdue snapshot was taken, if ever.
pub async fn overdue_taken_at(tx: &mut Tx) -> Result<Option<Timestamp>> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar("select updated_at from figure_rollups where name = 'overdue'").fetch_optional(c).await)?)
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
        crate::fetch_scoped!(tx, sql, [f.site_id, f.department_id, f.org_path.as_ref().map(|p| format!("{p}%"))], binds)?;
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
    Ok(crate::fetch_scoped!(tx, sql, [from_at, to_at, f.site_id, f.department_id, f.org_path.as_ref().map(|p| format!("{p}%"))], binds)?)
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
    let orgs: Vec<(i64, String, String, String)> =
        on_tx!(tx, |c| sqlx::query_as("select id, name, level, path from org_units").fetch_all(c).await)?;
    let sites: Vec<(i64, String, i64)> = on_tx!(tx, |c| sqlx::query_as("select id, name, org_unit_id from sites").fetch_all(c).await)?;
    let depts: Vec<(i64, String)> = on_tx!(tx, |c| sqlx::query_as("select id, name from departments").fetch_all(c).await)?;
    let windows: Vec<(i64, String, String, String, String, bool, i64)> = on_tx!(tx, |c| sqlx::query_as(
        "select w.id, s.name, w.number, w.name, w.kind, w.active, w.site_id from windows w join sites s on s.id = w.site_id"
    )
    .fetch_all(c)
    .await)?;
    let users: Vec<(i64, String, Option<i64>)> = on_tx!(tx, |c| sqlx::query_as("select id, name, staff_id from users").fetch_all(c).await)?;
    let staff: Vec<(i64, String)> = on_tx!(tx, |c| sqlx::query_as("select id, name from staff").fetch_all(c).await)?;
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
