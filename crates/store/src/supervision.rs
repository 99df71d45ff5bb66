//! Supervision (效能监察, R16) and stationing checks (R5): chases (催办) with their answers and
//! who was told; the dashboard's counts, taken set-wise over `case_ladder`, `case_cards`,
//! `case_reminders` and `case_chases` and grouped by site, department and handler in one
//! statement; the drill-down lists behind each count; and the two stationing checks.
//!
//! The period, site and day are always the parameters `$1`–`$6` (see [`Period`]), compared
//! directly so that SQLite walks the date and time indexes; a drill-down opens with the one-row CTE
//! `p` naming all six, so PostgreSQL types each even where the metric needs only some.

use chrono::NaiveDate;

use crate::org::Scope;
use crate::{Result, Timestamp, Tx, sql};

// ---------------------------------------------------------------- chases

/// A chase to record.
#[derive(Debug, Clone)]
pub struct NewChase<'a> {
    pub case_id: i64,
    pub org_unit_id: i64,
    pub department_id: i64,
    pub note: &'a str,
    pub chased_by: i64,
    pub due_on: NaiveDate,
}

pub async fn insert_chase(tx: &mut Tx, c: &NewChase<'_>, now: Timestamp) -> Result<i64> {
    sql::scalar(
        tx,
        "insert into case_chases (case_id, org_unit_id, department_id, note, chased_by, due_on, created_at) \
         values ($1, $2, $3, $4, $5, $6, $7) returning id",
        &[&c.case_id, &c.org_unit_id, &c.department_id, &c.note, &c.chased_by, &c.due_on, &now],
    )
    .await
}

/// A chase as shown, with its case, department and the people's names.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct ChaseRow {
    pub id: i64,
    pub case_id: i64,
    pub case_no: String,
    pub item_name: String,
    pub case_status: String,
    pub site_id: i64,
    pub site_name: String,
    pub org_unit_id: i64,
    pub org_path: String,
    pub department_id: i64,
    pub department_name: String,
    pub note: String,
    pub chased_by: i64,
    pub chased_by_name: String,
    pub due_on: NaiveDate,
    pub answer: Option<String>,
    pub answered_by: Option<i64>,
    pub answered_by_name: Option<String>,
    pub answered_at: Option<Timestamp>,
    pub created_at: Timestamp,
}

const CHASE_SELECT: &str = "select h.id, h.case_id, k.case_no, k.item_name, k.status as case_status, k.site_id, s.name as site_name, \
     h.org_unit_id, o.path as org_path, h.department_id, d.name as department_name, h.note, h.chased_by, cu.name as chased_by_name, \
     h.due_on, h.answer, h.answered_by, au.name as answered_by_name, h.answered_at, h.created_at \
     from case_chases h join cases k on k.id = h.case_id join sites s on s.id = k.site_id join org_units o on o.id = h.org_unit_id \
     join departments d on d.id = h.department_id join users cu on cu.id = h.chased_by left join users au on au.id = h.answered_by";

pub async fn find_chase(tx: &mut Tx, id: i64) -> Result<Option<ChaseRow>> {
    let sql = format!("{CHASE_SELECT} where h.id = $1");
    sql::fetch_optional(tx, sqlx::AssertSqlSafe(sql), &[&id]).await
}

/// Records the answer if the chase has none yet; false when someone answered first.
pub async fn answer_chase(tx: &mut Tx, id: i64, answer: &str, by: i64, now: Timestamp) -> Result<bool> {
    sql::changed_one(
        tx,
        "update case_chases set answer = $1, answered_by = $2, answered_at = $3 where id = $4 and answered_at is null",
        &[&answer, &by, &now, &id],
    )
    .await
}

/// Which chases a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChaseState {
    /// Unanswered and still within the deadline.
    Open,
    /// Unanswered past the deadline.
    Overdue,
    Answered,
}

/// Chases within `scope`, newest first, below the id `before` (keyset), optionally of one state
/// (judged against `today`) and one department.
pub async fn list_chases(
    tx: &mut Tx,
    scope: &Scope,
    state: Option<ChaseState>,
    department_id: Option<i64>,
    today: NaiveDate,
    before: i64,
    limit: i64,
) -> Result<Vec<ChaseRow>> {
    let (cond, binds) = scope.condition("o.path", 5);
    let state_cond = match state {
        None => "1 = 1",
        Some(ChaseState::Open) => "h.answered_at is null and h.due_on >= $2",
        Some(ChaseState::Overdue) => "h.answered_at is null and h.due_on < $2",
        Some(ChaseState::Answered) => "h.answered_at is not null",
    };
    // `$2 = $2`: the day is named even when the state does not need it (PostgreSQL types every parameter).
    let sql = format!(
        "{CHASE_SELECT} where h.id < $1 and $2 = $2 and ($3 is null or h.department_id = $3) and {state_cond} and {cond} \
         order by h.id desc limit $4"
    );
    sql::fetch_scoped(tx, sql, &[&before, &today, &department_id, &limit], &binds).await
}

/// A notice of a chase to one person by one channel.
#[derive(Debug, Clone)]
pub struct NewNotice {
    pub chase_id: i64,
    pub org_unit_id: i64,
    pub user_id: i64,
    /// `in_app` or `sms`.
    pub channel: &'static str,
}

/// Records notices, skipping any chase, person and channel that had one; answers how many were new.
pub async fn insert_notices(tx: &mut Tx, rows: &[NewNotice], now: Timestamp) -> Result<u64> {
    Ok(crate::insert_rows!(
        tx,
        rows,
        1000,
        5,
        |values| format!(
            "insert into chase_notices (chase_id, org_unit_id, user_id, channel, created_at) values {values} \
             on conflict (chase_id, user_id, channel) do nothing"
        ),
        |q, r| q.bind(r.chase_id).bind(r.org_unit_id).bind(r.user_id).bind(r.channel).bind(now)
    ))
}

/// A notice as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct NoticeRow {
    pub id: i64,
    pub chase_id: i64,
    pub user_id: i64,
    pub channel: String,
    pub created_at: Timestamp,
    pub read_at: Option<Timestamp>,
}

/// The notices of a chase, or a person's in-app notices, newest first.
pub async fn list_notices(tx: &mut Tx, chase_id: Option<i64>, user_id: Option<i64>, limit: i64) -> Result<Vec<NoticeRow>> {
    sql::fetch_all(
        tx,
        "select id, chase_id, user_id, channel, created_at, read_at from chase_notices \
         where ($1 is null or chase_id = $1) and ($2 is null or (user_id = $2 and channel = 'in_app')) order by id desc limit $3",
        &[&chase_id, &user_id, &limit],
    )
    .await
}

/// A person's in-app notice of a chase, with what it asks and by when.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct MyNoticeRow {
    pub id: i64,
    pub chase_id: i64,
    pub case_id: i64,
    pub case_no: String,
    pub item_name: String,
    pub note: String,
    pub due_on: NaiveDate,
    pub answered_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub read_at: Option<Timestamp>,
}

/// A person's in-app chase notices, newest first.
pub async fn list_my_notices(tx: &mut Tx, user_id: i64, limit: i64) -> Result<Vec<MyNoticeRow>> {
    sql::fetch_all(
        tx,
        "select n.id, n.chase_id, h.case_id, k.case_no, k.item_name, h.note, h.due_on, h.answered_at, n.created_at, n.read_at \
         from chase_notices n join case_chases h on h.id = n.chase_id join cases k on k.id = h.case_id \
         where n.user_id = $1 and n.channel = 'in_app' order by n.id desc limit $2",
        &[&user_id, &limit],
    )
    .await
}

// ---------------------------------------------------------------- dashboard

/// Every count the dashboard shows, as stable codes (the labels live in `app`).
pub const METRICS: &[&str] =
    &["level1", "level2", "level3", "yellow", "red", "remind1", "remind2", "remind3", "chase_open", "chase_overdue", "chase_answered"];

/// The cases between acceptance and decision, whose level the ladder keeps current.
const OPEN: &str = "('accepted', 'in_review', 'special_procedure', 'supplement_after_accept')";

/// What the dashboard covers: cases accepted `from..=to` (levels), cards issued then, reminders
/// and chases created in `[from_at, to_at)` (the same days in China time), one site or all, and
/// the day against which chase deadlines are judged.
#[derive(Debug, Clone)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub from_at: Timestamp,
    pub to_at: Timestamp,
    pub site_id: Option<i64>,
    pub today: NaiveDate,
}

const PARAMS: &str = "with p as (select $1 as d_from, $2 as d_to, $3 as t_from, $4 as t_to, $5 as site_id, $6 as today)";

/// The facts behind one metric: `(case_id, site_id, department_id, handler_id)` per counted
/// record, within the period (`$1`–`$6`), the site and `scope_cond` (on `o.path`). `None` for an
/// unknown code.
fn facts(metric: &str, scope_cond: &str) -> Option<String> {
    let common = format!("($5 is null or k.site_id = $5) and {scope_cond}");
    let level = |n: u8| {
        format!(
            "select k.id as case_id, k.site_id, k.department_id, l.handler_id from case_ladder l \
             join cases k on k.id = l.case_id join org_units o on o.id = k.org_unit_id \
             where l.level = {n} and k.status in {OPEN} and k.accepted_on >= $1 and k.accepted_on <= $2 and {common}"
        )
    };
    let card = |n: u8| {
        format!(
            "select k.id as case_id, k.site_id, c.department_id, c.user_id as handler_id from case_cards c \
             join cases k on k.id = c.case_id join org_units o on o.id = k.org_unit_id \
             where c.level = {n} and c.issued_on >= $1 and c.issued_on <= $2 and {common}"
        )
    };
    let remind = |n: u8| {
        format!(
            "select k.id as case_id, k.site_id, k.department_id, l.handler_id from case_reminders r \
             join cases k on k.id = r.case_id join org_units o on o.id = k.org_unit_id left join case_ladder l on l.case_id = k.id \
             where r.channel = 'in_app' and r.level = {n} and r.created_at >= $3 and r.created_at < $4 and {common}"
        )
    };
    let chase = |cond: &str| {
        format!(
            "select k.id as case_id, k.site_id, h.department_id, l.handler_id from case_chases h \
             join cases k on k.id = h.case_id join org_units o on o.id = k.org_unit_id left join case_ladder l on l.case_id = k.id \
             where {cond} and h.created_at >= $3 and h.created_at < $4 and {common}"
        )
    };
    Some(match metric {
        "level1" => level(1),
        "level2" => level(2),
        "level3" => level(3),
        "yellow" => card(2),
        "red" => card(3),
        "remind1" => remind(1),
        "remind2" => remind(2),
        "remind3" => remind(3),
        "chase_open" => chase("h.answered_at is null and h.due_on >= $6"),
        "chase_overdue" => chase("h.answered_at is null and h.due_on < $6"),
        "chase_answered" => chase("h.answered_at is not null"),
        _ => return None,
    })
}

/// One count of one metric for one site, department and handler.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct CountRow {
    pub metric: String,
    pub site_id: i64,
    pub site_name: String,
    pub department_id: i64,
    pub department_name: String,
    pub handler_id: Option<i64>,
    pub handler_name: Option<String>,
    pub n: i64,
}

/// Every metric's counts grouped by site, department and handler, in one statement. The facts of
/// all metrics are first gathered from the narrow tables (ladder levels above 0, the period's
/// cards, reminders and chases) and then joined to `cases` once, so a large table is read once
/// whatever the number of metrics; the level metrics keep only open cases accepted in the period.
/// The result has the same rows as grouping each metric's [`facts`] separately.
pub async fn dashboard_counts(tx: &mut Tx, scope: &Scope, p: &Period) -> Result<Vec<CountRow>> {
    let (cond, binds) = scope.condition("o.path", 7);
    // The period is compared with the bound parameters themselves (not the CTE's columns), so
    // SQLite walks the `issued_on` / `created_at` indexes.
    let sql = format!(
        "with x as (\
           select l.case_id, case l.level when 1 then 'level1' when 2 then 'level2' else 'level3' end as metric, \
                  null as department_id, l.handler_id, 1 as is_level from case_ladder l where l.level > 0 \
           union all \
           select c.case_id, case c.level when 2 then 'yellow' else 'red' end, c.department_id, c.user_id, 0 \
                  from case_cards c where c.issued_on >= $1 and c.issued_on <= $2 \
           union all \
           select r.case_id, case r.level when 1 then 'remind1' when 2 then 'remind2' else 'remind3' end, null, l.handler_id, 0 \
                  from case_reminders r left join case_ladder l on l.case_id = r.case_id \
                  where r.created_at >= $3 and r.created_at < $4 and r.channel = 'in_app' \
           union all \
           select h.case_id, case when h.answered_at is not null then 'chase_answered' when h.due_on < $6 then 'chase_overdue' \
                  else 'chase_open' end, h.department_id, l.handler_id, 0 \
                  from case_chases h left join case_ladder l on l.case_id = h.case_id \
                  where h.created_at >= $3 and h.created_at < $4), \
         g as (select x.metric, k.site_id, coalesce(x.department_id, k.department_id) as department_id, x.handler_id, count(*) as n \
               from x join cases k on k.id = x.case_id join org_units o on o.id = k.org_unit_id \
               where (x.is_level = 0 or (k.status in {OPEN} and k.accepted_on >= $1 and k.accepted_on <= $2)) \
               and ($5 is null or k.site_id = $5) and {cond} \
               group by x.metric, k.site_id, coalesce(x.department_id, k.department_id), x.handler_id) \
         select g.metric, g.site_id, s.name as site_name, g.department_id, d.name as department_name, g.handler_id, \
         u.name as handler_name, g.n from g join sites s on s.id = g.site_id join departments d on d.id = g.department_id \
         left join users u on u.id = g.handler_id order by g.metric, g.site_id, g.department_id, g.handler_id"
    );
    sql::fetch_scoped(tx, sql, &[&p.from, &p.to, &p.from_at, &p.to_at, &p.site_id, &p.today], &binds).await
}

/// Which group of a breakdown a drill-down narrows to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    Site(i64),
    Department(i64),
    /// A handler; `None` is the cases with no handler recorded.
    Handler(Option<i64>),
}

/// A case of a drill-down list.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct DrillRow {
    pub case_id: i64,
    pub case_no: String,
    pub item_name: String,
    pub site_id: i64,
    pub site_name: String,
    pub department_id: i64,
    pub department_name: String,
    pub handler_id: Option<i64>,
    pub handler_name: Option<String>,
    pub promised_deadline: Option<NaiveDate>,
    pub statutory_deadline: Option<NaiveDate>,
    pub level: i64,
    pub status: String,
}

/// The cases behind one count (`metric`, optionally narrowed to one group), by promised deadline;
/// `None` for an unknown metric.
pub async fn drill(
    tx: &mut Tx,
    scope: &Scope,
    p: &Period,
    metric: &str,
    dim: Option<Dimension>,
    limit: i64,
) -> Result<Option<Vec<DrillRow>>> {
    let (cond, binds) = scope.condition("o.path", 9);
    let Some(f) = facts(metric, &cond) else { return Ok(None) };
    let (dim_cond, dim_id) = match dim {
        None => ("$7 is null", None),
        Some(Dimension::Site(id)) => ("f.site_id = $7", Some(id)),
        Some(Dimension::Department(id)) => ("f.department_id = $7", Some(id)),
        Some(Dimension::Handler(Some(id))) => ("f.handler_id = $7", Some(id)),
        Some(Dimension::Handler(None)) => ("f.handler_id is null and $7 is null", None),
    };
    let sql = format!(
        "{PARAMS}, f as ({f}) select k.id as case_id, k.case_no, k.item_name, k.site_id, s.name as site_name, k.department_id, \
         d.name as department_name, l.handler_id, u.name as handler_name, k.promised_deadline, k.statutory_deadline, \
         coalesce(l.level, 0) as level, k.status from cases k join sites s on s.id = k.site_id join departments d on d.id = k.department_id \
         left join case_ladder l on l.case_id = k.id left join users u on u.id = l.handler_id \
         where k.id in (select f.case_id from f where {dim_cond}) order by k.due_on, k.id limit $8"
    );
    let rows = sql::fetch_scoped(tx, sql, &[&p.from, &p.to, &p.from_at, &p.to_at, &p.site_id, &p.today, &dim_id, &limit], &binds).await?;
    Ok(Some(rows))
}

// ---------------------------------------------------------------- stationing checks

/// An item a site declares stationed (进驻) that received no case there in the period.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct IdleItemRow {
    pub site_id: i64,
    pub site_name: String,
    pub item_id: i64,
    pub basic_code: String,
    pub item_name: String,
    pub department_id: i64,
    pub department_name: String,
}

/// Items stationed at a site in `scope` (on `sites.org_unit_id`) with no case created there in
/// `[from_at, to_at)` (明进暗不进), by site and department.
pub async fn stationed_without_cases(
    tx: &mut Tx,
    scope: &Scope,
    site_id: Option<i64>,
    from_at: Timestamp,
    to_at: Timestamp,
) -> Result<Vec<IdleItemRow>> {
    let (cond, binds) = scope.condition("o.path", 4);
    let sql = format!(
        "select x.site_id, s.name as site_name, x.item_id, i.basic_code, \
         coalesce((select v.name from item_versions v where v.item_id = x.item_id order by v.version_no desc limit 1), i.basic_code) as item_name, \
         i.department_id, d.name as department_name \
         from item_sites x join sites s on s.id = x.site_id join org_units o on o.id = s.org_unit_id join items i on i.id = x.item_id \
         join departments d on d.id = i.department_id \
         where x.stationed and ($1 is null or x.site_id = $1) and {cond} \
         and not exists (select 1 from cases k where k.item_id = x.item_id and k.site_id = x.site_id and k.created_at >= $2 and k.created_at < $3) \
         order by s.name, x.site_id, d.name, i.basic_code"
    );
    sql::fetch_scoped(tx, sql, &[&site_id, &from_at, &to_at], &binds).await
}

/// A case decided without back-office handling, and which rule flagged it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct UnreviewedRow {
    pub case_id: i64,
    pub case_no: String,
    pub item_name: String,
    pub site_id: i64,
    pub site_name: String,
    pub department_id: i64,
    pub department_name: String,
    pub status: String,
    pub accepted_on: Option<NaiveDate>,
    pub decided_on: Option<NaiveDate>,
    pub decided_by: Option<i64>,
    pub decided_by_name: Option<String>,
    /// `same_person` (decided by whoever took it in or accepted it) or `no_review` (no reviewer
    /// and no `start_review` in the trail).
    pub rule: String,
}

/// Promised-time cases (承诺件) received in the hall (at a window, a kiosk or through 帮办代办, not
/// online) and decided `from..=to` that never went through the back office
/// (只接件不办件 / 体外循环): decided by the person who took them in or accepted them, or with no
/// reviewer recorded and no `start_review` event. 即办件 are decided at the window by design and
/// are not listed.
pub async fn decided_without_review(
    tx: &mut Tx,
    scope: &Scope,
    site_id: Option<i64>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<UnreviewedRow>> {
    let (cond, binds) = scope.condition("o.path", 4);
    let same = "(k.decided_by is not null and (k.decided_by = k.accepted_by or k.decided_by = k.intake_user_id))";
    let sql = format!(
        "select k.id as case_id, k.case_no, k.item_name, k.site_id, s.name as site_name, k.department_id, d.name as department_name, \
         k.status, k.accepted_on, k.decided_on, k.decided_by, u.name as decided_by_name, \
         case when {same} then 'same_person' else 'no_review' end as rule \
         from cases k join sites s on s.id = k.site_id join org_units o on o.id = k.org_unit_id join departments d on d.id = k.department_id \
         left join users u on u.id = k.decided_by \
         where k.decided_on >= $2 and k.decided_on <= $3 and ($1 is null or k.site_id = $1) and k.case_kind = 'promise' and k.channel in ('window', 'kiosk', 'proxy') \
         and k.status in ('approved', 'denied', 'result_ready', 'delivered', 'completed') and {cond} \
         and ({same} or (k.reviewer_id is null and not exists (select 1 from case_events e where e.action = 'start_review' and e.case_id = k.id))) \
         order by d.name, k.department_id, k.decided_on, k.id"
    );
    sql::fetch_scoped(tx, sql, &[&site_id, &from, &to], &binds).await
}
