//! The leadership figures dashboard (X1, issue 6 item 4): every figure of the plan for a scope
//! (the whole county, an org unit's subtree, a site or a department) and a span of business days,
//! broken down by banner, town, site, department, window or staff member, with the plan's
//! targets, a trend, the monthly window ranking and the Excel workbook.
//!
//! Sources and definitions (one place, so page, API, workbook and report agree):
//! - cases, reminders and cards from `case_days`; tickets from `queue_days`; ratings from
//!   `rating_days` — past days as rolled up ([`roll_up`]), the days after the roll-up's mark
//!   counted live from the base tables with the same functions;
//! - 综合窗口占比 = active comprehensive windows (无差别 + 分领域) ÷ active windows; 全程网办率 =
//!   item implementations (item × site) with a version in effect whose depth is 全程网办 ÷ all
//!   implementations; 事项进驻率 = stationed implementations ÷ implementations not on the negative
//!   list — these three are today's catalogue and windows, whatever the period;
//! - waiting = first call − issue (tickets called), service = finish − first call (tickets
//!   served); averages to the second, p90 to the upper bound of its duration bucket
//!   ([`domain::figures::BUCKETS`]);
//! - 按时办结率 = decisions within the promised limit ÷ decisions in the period; 超期办件 = decisions
//!   after the promised limit in the period, and open cases past it as counted at the last
//!   supervision sweep (`overdue_snapshot`, at most five minutes old; `overdue_as_of` says when);
//! - 好评率, 差评整改率, 实名差评回访率 as [`crate::figures::RatingFigures`]; 主动评价率 = rated cases ÷
//!   cases completed in the period;
//! - work orders registered in the period, by status; on-time reply rate = replies on or before
//!   the reply deadline ÷ replies.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use domain::Invalid;
use domain::access::Permission;
use domain::figures::{Histogram, TARGETS, WindowMonth};
use domain::org::WindowKind;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};
use serde::Serialize;
use store::figures::{By, CaseCounts, Filter, Names, QueueCounts};
use store::org::Scope;
use store::ratings::Counts;
use utoipa::ToSchema;

use crate::figures::{Rate, RatingFigures};
use crate::{Actor, App, AppError, Result, cst};

// ---------------------------------------------------------------- request

/// How the dashboard breaks the figures down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Banner,
    Town,
    Site,
    Department,
    Window,
    Staff,
}

impl Dimension {
    pub const ALL: [Dimension; 6] =
        [Dimension::Banner, Dimension::Town, Dimension::Site, Dimension::Department, Dimension::Window, Dimension::Staff];

    pub fn code(self) -> &'static str {
        match self {
            Dimension::Banner => "banner",
            Dimension::Town => "town",
            Dimension::Site => "site",
            Dimension::Department => "department",
            Dimension::Window => "window",
            Dimension::Staff => "staff",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Dimension::Banner => "按旗",
            Dimension::Town => "按苏木镇",
            Dimension::Site => "按场所",
            Dimension::Department => "按部门",
            Dimension::Window => "按窗口",
            Dimension::Staff => "按人员",
        }
    }

    pub fn parse(s: Option<&str>) -> Result<Dimension> {
        match s.map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(Dimension::Site),
            Some(s) => Dimension::ALL.into_iter().find(|d| d.code() == s).ok_or_else(|| {
                Invalid::one("by", format!("分组方式应为 banner、town、site、department、window 或 staff（收到“{s}”）")).into()
            }),
        }
    }

    fn by(self) -> By {
        match self {
            Dimension::Banner | Dimension::Town => By::OrgUnit,
            Dimension::Site => By::Site,
            Dimension::Department => By::Department,
            Dimension::Window => By::Window,
            Dimension::Staff => By::Person,
        }
    }
}

/// The query of the dashboard: `?scope=&by=&from=&to=`.
#[derive(Debug, Clone, Default)]
pub struct Ask<'a> {
    /// `all` (or blank), `org:<id>`, `site:<id>` or `department:<id>`.
    pub scope: Option<&'a str>,
    pub by: Option<&'a str>,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
}

/// What a resolved scope covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ScopeView {
    /// As given back in links: `all`, `org:3`, `site:2`, `department:5`.
    pub code: String,
    pub label: String,
}

// ---------------------------------------------------------------- figures

/// Count, average and p90 of durations, seconds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct Timing {
    pub count: i64,
    pub avg_s: Option<i64>,
    /// Upper bound of the duration bucket holding the 90th percentile.
    pub p90_s: Option<i64>,
}

impl Timing {
    fn of(count: i64, sum: i64, h: &Histogram) -> Timing {
        Timing { count, avg_s: (count > 0).then(|| (sum as f64 / count as f64).round() as i64), p90_s: h.percentile_upper_s(90) }
    }
}

/// Queue figures of a group.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct TicketFigures {
    pub issued: i64,
    pub served: i64,
    pub no_shows: i64,
    pub waiting: Timing,
    pub service: Timing,
}

/// Case figures of a group.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct CaseFigures {
    pub accepted: i64,
    pub decided: i64,
    /// 按时办结率.
    pub on_time_rate: Rate,
    /// Decided after the promised limit in the period.
    pub overdue_decided: i64,
    /// Decided after the statutory limit in the period.
    pub over_statutory_decided: i64,
    /// Open now and past the promised limit (snapshot).
    pub overdue_open: i64,
    /// Open now and past the statutory limit (snapshot).
    pub over_statutory_open: i64,
    pub completed: i64,
}

/// Reminders (in-app, per level) and cards of a group.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct LadderFigures {
    pub reminders_level1: i64,
    pub reminders_level2: i64,
    pub reminders_level3: i64,
    pub yellow_cards: i64,
    pub red_cards: i64,
}

/// Work orders of a status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct StatusCount {
    pub status: &'static str,
    pub label: &'static str,
    pub count: i64,
}

/// Work-order figures of a group.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct WorkOrderFigures {
    pub registered: i64,
    pub by_status: Vec<StatusCount>,
    /// Replies on or before the reply deadline ÷ replies.
    pub on_time_reply_rate: Rate,
    /// Not replied and past the reply deadline today.
    pub overdue_open: i64,
}

/// Every figure of one group (or of the whole scope).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Figures {
    /// 综合窗口占比 (target ≥ 80 %); absent for departments, windows and staff.
    pub comprehensive_window_share: Option<Rate>,
    /// 全程网办率 (target ≥ 85 %); absent for windows and staff.
    pub full_online_share: Option<Rate>,
    /// 事项进驻率 (target 100 %); absent for windows and staff.
    pub stationing_rate: Option<Rate>,
    pub tickets: TicketFigures,
    pub cases: CaseFigures,
    pub ladder: LadderFigures,
    pub ratings: RatingFigures,
    /// 主动评价率: rated cases ÷ completed cases.
    pub active_rating_rate: Rate,
    pub work_orders: WorkOrderFigures,
}

/// One row of the breakdown.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Group {
    pub id: i64,
    pub name: String,
    pub figures: Figures,
}

/// A figure against its target.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct TargetMark {
    pub code: &'static str,
    pub label: &'static str,
    pub target: f64,
    pub source: &'static str,
    pub value: Option<f64>,
    /// Green (true), red (false), or no data.
    pub met: Option<bool>,
}

/// One point of the trend (a day, or a month for spans over 62 days).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct TrendPoint {
    pub period: String,
    pub decided: i64,
    pub on_time_rate: Option<f64>,
    pub ratings: i64,
    pub good_rate: Option<f64>,
    pub tickets: i64,
    pub avg_wait_s: Option<i64>,
}

/// The dashboard (`GET /api/v1/figures`).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Dashboard {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub scope: ScopeView,
    pub by: Dimension,
    pub total: Figures,
    pub targets: Vec<TargetMark>,
    pub groups: Vec<Group>,
    pub trend: Vec<TrendPoint>,
    /// The last day read from the roll-up (later days counted live).
    pub rolled_through: Option<NaiveDate>,
    /// When the open cases past their limits (`overdue_open`) were counted: the last supervision
    /// sweep.
    pub overdue_as_of: Option<DateTime<Utc>>,
}

// ---------------------------------------------------------------- roll-up

/// Midnight China time at the start of `d`, as UTC.
pub fn start_of(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(0, 0, 0).expect("midnight exists").and_local_timezone(cst()).single().expect("a fixed offset is unambiguous").to_utc()
}

/// Counts the open cases past their limits now into the overdue snapshot the dashboard reads
/// (after each supervision sweep, which is what raises levels).
pub async fn refresh_overdue(app: &App) -> Result<u64> {
    let mut tx = app.write().await?;
    let n = store::figures::take_overdue_snapshot(&mut tx, app.clock.today(), app.clock.now()).await?;
    tx.commit().await?;
    Ok(n)
}

/// Rolls up every business day that ended more than ten minutes ago and is not rolled up yet, at most `max_days` per call, a
/// week per transaction; returns the days rolled up.
pub async fn roll_up(app: &App, max_days: i64) -> Result<i64> {
    let today = app.clock.today();
    let through = {
        let mut tx = app.read().await?;
        match store::figures::rolled_through(&mut tx).await? {
            Some(d) => d,
            None => match store::figures::first_day(&mut tx).await? {
                Some(d) => d.pred_opt().unwrap_or(d),
                None => today.pred_opt().unwrap_or(today),
            },
        }
    };
    let mut from = through.succ_opt().unwrap_or(through);
    // A day is rolled up ten minutes after it ends, when every write dated on it has committed.
    let settled = (app.clock.now() - chrono::Duration::minutes(10)).with_timezone(&cst()).date_naive();
    let last = settled.pred_opt().unwrap_or(settled);
    let mut done = 0;
    while from <= last && done < max_days {
        let to = (from + chrono::Duration::days((max_days - done - 1).clamp(0, 6))).min(last);
        // The days are over, so their facts are counted outside the write transaction, which then
        // only replaces the rows (the hall's writes wait for the writer no longer than that).
        let (cases, queue) = {
            let mut tx = app.read().await?;
            (store::figures::case_facts(&mut tx, from, to, cst()).await?, store::figures::queue_facts(&mut tx, from, to).await?)
        };
        let mut tx = app.write().await?;
        store::figures::replace_days(&mut tx, from, to, &cases, &queue).await?;
        store::figures::rebuild_months(&mut tx, month_start(from), month_start(to)).await?;
        store::figures::set_rolled_through(&mut tx, to, app.clock.now()).await?;
        tx.commit().await?;
        done += (to - from).num_days() + 1;
        from = to.succ_opt().unwrap_or(to);
    }
    Ok(done)
}

/// Rolls up every day again from the first (after an import, or to check the roll-up).
pub async fn rebuild(app: &App) -> Result<i64> {
    {
        let mut tx = app.write().await?;
        let first = store::figures::first_day(&mut tx).await?;
        let today = app.clock.today();
        let start = first.unwrap_or(today);
        store::figures::replace_days(&mut tx, start, today, &BTreeMap::new(), &BTreeMap::new()).await?;
        store::figures::set_rolled_through(&mut tx, start.pred_opt().unwrap_or(start), app.clock.now()).await?;
        tx.commit().await?;
    }
    roll_up(app, i64::MAX).await
}

// ---------------------------------------------------------------- grouping helpers

struct Ctx {
    names: Names,
    by: Dimension,
    /// staff id → user id
    user_of_staff: HashMap<i64, i64>,
}

impl Ctx {
    /// The ancestor (or self) of an org unit at `level`, else the unit itself.
    fn org_at(&self, org_unit_id: i64, level: &str) -> i64 {
        let Some((_, _, path)) = self.names.org_units.get(&org_unit_id) else { return org_unit_id };
        for id in path.split('/').filter_map(|p| p.parse::<i64>().ok()) {
            if self.names.org_units.get(&id).is_some_and(|o| o.1 == level) {
                return id;
            }
        }
        org_unit_id
    }

    /// The group of a row's key (an org unit, site, department, window, or person: a staff id when
    /// `staff_key`, else a user id).
    fn group_of(&self, key: i64, staff_key: bool) -> i64 {
        match self.by {
            Dimension::Banner => self.org_at(key, "banner"),
            Dimension::Town => self.org_at(key, "town"),
            Dimension::Staff if staff_key => {
                if key == 0 {
                    0
                } else {
                    self.user_of_staff.get(&key).copied().unwrap_or(-key)
                }
            }
            _ => key,
        }
    }

    fn name_of(&self, id: i64) -> String {
        let none = || "（未记录）".to_owned();
        match self.by {
            Dimension::Banner | Dimension::Town => self
                .names
                .org_units
                .get(&id)
                .map_or_else(none, |o| if self.by == Dimension::Town && o.1 == "banner" { format!("{}本级", o.0) } else { o.0.clone() }),
            Dimension::Site => self.names.sites.get(&id).map_or_else(none, |s| s.0.clone()),
            Dimension::Department => self.names.departments.get(&id).cloned().unwrap_or_else(none),
            Dimension::Window => self.names.windows.get(&id).map_or_else(none, |w| w.label.clone()),
            Dimension::Staff if id < 0 => self.names.staff.get(&-id).cloned().unwrap_or_else(none),
            Dimension::Staff => self.names.users.get(&id).map_or_else(none, |u| u.0.clone()),
        }
    }

    /// The group of a site (for the catalogue and window figures), `None` where the dimension
    /// does not apply to sites.
    fn group_of_site(&self, site_id: i64) -> Option<i64> {
        let org = self.names.sites.get(&site_id)?.1;
        match self.by {
            Dimension::Banner => Some(self.org_at(org, "banner")),
            Dimension::Town => Some(self.org_at(org, "town")),
            Dimension::Site => Some(site_id),
            _ => None,
        }
    }
}

/// Sums of one group before they become [`Figures`].
#[derive(Debug, Clone, Default)]
struct Acc {
    windows: (i64, i64),
    /// Whether windows apply (no department narrowing, a place-like group).
    has_windows: bool,
    items: (i64, i64, i64, i64),
    catalogue: bool,
    queue: QueueCounts,
    cases: CaseCounts,
    open: (i64, i64),
    visit_ratings: Counts,
    case_ratings: Counts,
    orders: Vec<(String, bool, bool)>,
}

impl Acc {
    fn figures(&self) -> Figures {
        let q = &self.queue;
        let c = &self.cases;
        let all = self.visit_ratings.plus(&self.case_ratings);
        let mut by_status: Vec<StatusCount> =
            domain::workorders::Status::ALL.iter().map(|s| StatusCount { status: s.code(), label: s.label(), count: 0 }).collect();
        let (mut replied, mut on_time, mut overdue) = (0, 0, 0);
        for (status, replied_on_time, is_overdue) in &self.orders {
            if let Some(x) = by_status.iter_mut().find(|x| x.status == status) {
                x.count += 1;
            }
            if matches!(status.as_str(), "replied" | "closed") {
                replied += 1;
                on_time += i64::from(*replied_on_time);
            }
            overdue += i64::from(*is_overdue);
        }
        Figures {
            comprehensive_window_share: self.has_windows.then(|| Rate::of(self.windows.0, self.windows.1)),
            full_online_share: self.catalogue.then(|| Rate::of(self.items.1, self.items.0)),
            stationing_rate: self.catalogue.then(|| Rate::of(self.items.2, self.items.3)),
            tickets: TicketFigures {
                issued: q.issued,
                served: q.served,
                no_shows: q.no_shows,
                waiting: Timing::of(q.called, q.wait_sum_s, &q.wait_hist),
                service: Timing::of(q.service_n, q.service_sum_s, &q.service_hist),
            },
            cases: CaseFigures {
                accepted: c.accepted,
                decided: c.decided,
                on_time_rate: Rate::of(c.on_time, c.decided),
                overdue_decided: c.late,
                over_statutory_decided: c.over_statutory,
                overdue_open: self.open.0 + self.open.1,
                over_statutory_open: self.open.1,
                completed: c.completed,
            },
            ladder: LadderFigures {
                reminders_level1: c.remind1,
                reminders_level2: c.remind2,
                reminders_level3: c.remind3,
                yellow_cards: c.yellow,
                red_cards: c.red,
            },
            ratings: RatingFigures::of(&all),
            active_rating_rate: Rate::of(self.case_ratings.n + self.case_ratings.voided, c.completed),
            work_orders: WorkOrderFigures {
                registered: self.orders.len() as i64,
                by_status,
                on_time_reply_rate: Rate::of(on_time, replied),
                overdue_open: overdue,
            },
        }
    }
}

// ---------------------------------------------------------------- the dashboard

/// Parses `scope`, checks the actor may read it, and gives the filter's narrowing and label.
/// A resolved scope: its view, and the narrowing it puts on the figures (an org unit's path, a
/// site, a department).
type Narrowing = (ScopeView, Option<String>, Option<i64>, Option<i64>);

fn resolve_scope(actor: &Actor, scope: Option<&str>, names: &Names) -> Result<Narrowing> {
    let s = scope.map(str::trim).filter(|s| !s.is_empty() && *s != "all");
    let Some(s) = s else { return Ok((ScopeView { code: "all".into(), label: "全部".into() }, None, None, None)) };
    let bad = || Invalid::one("scope", format!("范围应为 all、org:编号、site:编号 或 department:编号（收到“{s}”）"));
    let (kind, id) = s.split_once(':').ok_or_else(bad)?;
    let id: i64 = id.trim().parse().map_err(|_| bad())?;
    let view = |label: String| ScopeView { code: format!("{kind}:{id}"), label };
    match kind {
        "org" => {
            let (name, _, path) = names.org_units.get(&id).ok_or(AppError::NotFound("组织"))?;
            if !actor.can(Permission::ViewSupervision, path, None) {
                return Err(AppError::forbidden("查看该组织的数据"));
            }
            Ok((view(name.clone()), Some(path.clone()), None, None))
        }
        "site" => {
            let (name, org) = names.sites.get(&id).ok_or(AppError::NotFound("场所"))?;
            let path = names.org_units.get(org).map(|o| o.2.clone()).unwrap_or_default();
            if !actor.can(Permission::ViewSupervision, &path, None) {
                return Err(AppError::forbidden("查看该场所的数据"));
            }
            Ok((view(name.clone()), None, Some(id), None))
        }
        "department" => {
            let name = names.departments.get(&id).ok_or(AppError::NotFound("部门"))?;
            Ok((view(name.clone()), None, None, Some(id)))
        }
        _ => Err(bad().into()),
    }
}

fn in_scope(scope: &Scope, path: &str) -> bool {
    match scope {
        Scope::All => true,
        Scope::Paths(p) => p.iter().any(|x| path.starts_with(x.as_str())),
    }
}

/// Whether a live row (org unit, site, department) passes the filter and the actor's scope.
fn keeps(names: &Names, scope: &Scope, f: &Filter, org_unit_id: i64, site_id: i64, department_id: Option<i64>) -> bool {
    let path = names.org_units.get(&org_unit_id).map_or("", |o| o.2.as_str());
    in_scope(scope, path)
        && f.org_path.as_ref().is_none_or(|p| path.starts_with(p.as_str()))
        && f.site_id.is_none_or(|s| s == site_id)
        && f.department_id.is_none_or(|d| department_id == Some(d))
}

/// Period of a trend point: the day, or its month for spans over 62 days.
fn bucket(d: NaiveDate, monthly: bool) -> String {
    if monthly { format!("{:04}-{:02}", d.year(), d.month()) } else { d.to_string() }
}

/// The first day of `d`'s month.
fn month_start(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// The last day of `d`'s month.
fn month_end(d: NaiveDate) -> NaiveDate {
    let next =
        if d.month() == 12 { NaiveDate::from_ymd_opt(d.year() + 1, 1, 1) } else { NaiveDate::from_ymd_opt(d.year(), d.month() + 1, 1) };
    next.and_then(|n| n.pred_opt()).unwrap_or(d)
}

/// How `from..=to` is read: `(from, to, months)` pieces — with `by_month`, the whole months inside
/// as one piece of month rows (first days of the first and last month) and the days before and
/// after them as day pieces; else the days as one piece. Empty when `to < from`.
pub fn spans(from: NaiveDate, to: NaiveDate, by_month: bool) -> Vec<(NaiveDate, NaiveDate, bool)> {
    if to < from {
        return vec![];
    }
    let first_full = if from.day() == 1 { from } else { month_end(from).succ_opt().unwrap_or(from) };
    let last_full = if month_end(to) == to { to } else { month_start(to).pred_opt().unwrap_or(to) };
    if !by_month || first_full > last_full {
        return vec![(from, to, false)];
    }
    let mut out = Vec::new();
    if from < first_full {
        out.push((from, first_full.pred_opt().unwrap_or(from), false));
    }
    out.push((first_full, month_start(last_full), true));
    if last_full < to {
        out.push((last_full.succ_opt().unwrap_or(to), to, false));
    }
    out
}

/// The dashboard for a request. Needs [`Permission::ViewSupervision`].
pub async fn dashboard(app: &App, actor: &Actor, ask: &Ask<'_>) -> Result<Dashboard> {
    compute(app, actor, ask, false).await
}

/// The dashboard, or with `light` only its ratings and tickets (what the window ranking needs).
async fn compute(app: &App, actor: &Actor, ask: &Ask<'_>, light: bool) -> Result<Dashboard> {
    actor.require_role(Permission::ViewSupervision, "查看数据看板")?;
    let today = app.clock.today();
    let (from, to) = crate::supervision::period(ask.from, ask.to, today)?;
    let by = Dimension::parse(ask.by)?;
    let scope = actor.scope(Permission::ViewSupervision);
    let mut tx = app.read().await?;
    let names = store::figures::names(&mut tx).await?;
    let (view, org_path, site_id, department_id) = resolve_scope(actor, ask.scope, &names)?;
    let user_of_staff = names.users.iter().filter_map(|(u, (_, s))| s.map(|s| (s, *u))).collect();
    let ctx = Ctx { names, by, user_of_staff };
    let rolled = store::figures::rolled_through(&mut tx).await?;
    // The stored part ends at the roll-up's mark; later days are counted live.
    let stored_to = rolled.map_or(from.pred_opt().unwrap_or(from), |r| r.min(to));
    let live_from = stored_to.succ_opt().unwrap_or(stored_to).max(from);
    let f = Filter { from, to: stored_to, months: false, org_path, site_id, department_id };
    let monthly = (to - from).num_days() > 62;
    // Whole months are read from the month rows over long spans (the trend is then by month too),
    // and always for the ranking, which draws no trend.
    let use_months = monthly || light;
    let mut groups: BTreeMap<i64, Acc> = BTreeMap::new();
    let mut total = Acc::default();
    let mut trend: BTreeMap<String, (CaseCounts, Counts, QueueCounts)> = BTreeMap::new();
    let mut d = from;
    while d <= to {
        trend.entry(bucket(d, monthly)).or_default();
        d = d.succ_opt().unwrap_or(to + chrono::Duration::days(1));
    }

    // Stored days (and, over long spans, whole months) of cases, reminders, cards and tickets up
    // to the roll-up's mark; ratings are exact for every day, so they are read over the whole span.
    let span = |a: NaiveDate, b: NaiveDate, months: bool| Filter { from: a, to: b, months, ..f.clone() };
    for (a, b, months) in spans(from, stored_to, use_months) {
        let sf = span(a, b, months);
        let sums = if light { vec![] } else { store::figures::sum_cases(&mut tx, &scope, &sf, by.by()).await? };
        for r in sums {
            let g = groups.entry(ctx.group_of(r.key, false)).or_default();
            g.cases = g.cases.plus(&r.counts);
            total.cases = total.cases.plus(&r.counts);
        }
        let days = if light { vec![] } else { store::figures::sum_cases_by_day(&mut tx, &scope, &sf).await? };
        for r in days {
            let t = trend.entry(bucket(r.day, monthly)).or_default();
            t.0 = t.0.plus(&r.counts);
        }
        for (key, k, c) in store::figures::queue_rows(&mut tx, &scope, &sf, by.by()).await? {
            groups.entry(ctx.group_of(key, true)).or_default().queue.merge(&c);
            total.queue.merge(&c);
            trend.entry(bucket(k.day, monthly)).or_default().2.merge(&c);
        }
    }
    for (a, b, months) in spans(from, to, use_months) {
        let sf = span(a, b, months);
        for r in store::figures::sum_ratings(&mut tx, &scope, &sf, by.by()).await? {
            let g = groups.entry(ctx.group_of(r.key, true)).or_default();
            let (gs, ts) = if r.subject == "case" {
                (&mut g.case_ratings, &mut total.case_ratings)
            } else {
                (&mut g.visit_ratings, &mut total.visit_ratings)
            };
            *gs = gs.plus(&r.counts);
            *ts = ts.plus(&r.counts);
        }
        for r in store::figures::sum_ratings_by_day(&mut tx, &scope, &sf).await? {
            let t = trend.entry(bucket(r.day, monthly)).or_default();
            t.1 = t.1.plus(&r.counts);
        }
    }
    // Days after the roll-up's mark, counted from the base tables.
    if live_from <= to {
        let cases = if light { BTreeMap::new() } else { store::figures::case_facts(&mut tx, live_from, to, cst()).await? };
        for (k, c) in &cases {
            if !keeps(&ctx.names, &scope, &f, k.org_unit_id, k.site_id, Some(k.department_id)) {
                continue;
            }
            let key = match by.by() {
                By::OrgUnit => k.org_unit_id,
                By::Site => k.site_id,
                By::Department => k.department_id,
                By::Window => k.window_id,
                By::Person | By::Nothing => k.user_id,
            };
            let g = groups.entry(ctx.group_of(key, false)).or_default();
            g.cases = g.cases.plus(c);
            total.cases = total.cases.plus(c);
            let t = trend.entry(bucket(k.day, monthly)).or_default();
            t.0 = t.0.plus(c);
        }
        if f.department_id.is_none() {
            for (k, c) in &store::figures::queue_facts(&mut tx, live_from, to).await? {
                if !keeps(&ctx.names, &scope, &f, k.org_unit_id, k.site_id, None) {
                    continue;
                }
                let key = match by.by() {
                    By::OrgUnit => k.org_unit_id,
                    By::Site => k.site_id,
                    By::Department => continue,
                    By::Window => k.window_id,
                    By::Person | By::Nothing => k.staff_id,
                };
                groups.entry(ctx.group_of(key, true)).or_default().queue.merge(c);
                total.queue.merge(c);
                trend.entry(bucket(k.day, monthly)).or_default().2.merge(c);
            }
        }
    }
    // Open cases past their limits, as the last sweep counted them.
    let overdue_as_of = store::figures::overdue_taken_at(&mut tx).await?;
    let overdue = if light { vec![] } else { store::figures::open_overdue(&mut tx, &scope, &f, by.by()).await? };
    for (key, promised, statutory) in overdue {
        let g = groups.entry(ctx.group_of(key, false)).or_default();
        g.open.0 += promised;
        g.open.1 += statutory;
        total.open.0 += promised;
        total.open.1 += statutory;
    }
    // Work orders registered in the period.
    let orders = if light {
        vec![]
    } else {
        store::figures::work_orders(&mut tx, &scope, &f, start_of(from), start_of(to + chrono::Duration::days(1))).await?
    };
    for w in orders {
        let replied_on = w.replied_at.map(|a| a.with_timezone(&cst()).date_naive());
        let on_time = match (replied_on, w.reply_due_on) {
            (Some(r), Some(due)) => r <= due,
            (Some(_), None) => true,
            _ => false,
        };
        let overdue = replied_on.is_none() && w.status != "closed" && w.reply_due_on.is_some_and(|d| d < today);
        let key = match by {
            Dimension::Banner | Dimension::Town => Some(ctx.group_of(w.org_unit_id, false)),
            Dimension::Site => w.site_id,
            Dimension::Department => w.department_id,
            Dimension::Window => None,
            Dimension::Staff => w.staff_id.map(|s| ctx.group_of(s, true)),
        };
        let fact = (w.status.clone(), on_time, overdue);
        if let Some(k) = key {
            groups.entry(k).or_default().orders.push(fact.clone());
        }
        total.orders.push(fact);
    }
    // Windows and the catalogue (today's).
    if !light && f.department_id.is_none() {
        for w in ctx.names.windows.values() {
            let site = w.site_id;
            let org = ctx.names.sites.get(&site).map_or(0, |s| s.1);
            if !w.active || !keeps(&ctx.names, &scope, &f, org, site, None) {
                continue;
            }
            let comp = i64::from(WindowKind::parse("kind", &w.kind).is_ok_and(WindowKind::is_comprehensive));
            total.windows.0 += comp;
            total.windows.1 += 1;
            if let Some(g) = ctx.group_of_site(site) {
                let a = groups.entry(g).or_default();
                a.windows.0 += comp;
                a.windows.1 += 1;
            }
        }
    }
    let current = if light { vec![] } else { store::catalog::current_depths(&mut tx, today).await? };
    let depth: HashMap<i64, bool> = current.into_iter().map(|(item, depth)| (item, depth == "full")).collect();
    let dept_of: HashMap<i64, i64> = store::catalog::list_items(&mut tx).await?.into_iter().map(|i| (i.id, i.department_id)).collect();
    let links = if light { vec![] } else { store::catalog::list_all_item_sites(&mut tx).await? };
    for l in links {
        let Some(full) = depth.get(&l.item_id) else { continue };
        let dept = dept_of.get(&l.item_id).copied();
        if !keeps(&ctx.names, &scope, &f, l.org_unit_id, l.site_id, dept) {
            continue;
        }
        let negative = !l.stationed && l.negative_reason.is_some();
        let add = |a: &mut Acc| {
            a.catalogue = true;
            a.items.0 += 1;
            a.items.1 += i64::from(*full);
            a.items.2 += i64::from(l.stationed);
            a.items.3 += i64::from(!negative);
        };
        add(&mut total);
        let g = match by {
            Dimension::Department => dept,
            _ => ctx.group_of_site(l.site_id),
        };
        if let Some(g) = g {
            add(groups.entry(g).or_default());
        }
    }
    drop(tx);
    let place_like = f.department_id.is_none() && matches!(by, Dimension::Banner | Dimension::Town | Dimension::Site);
    total.has_windows = f.department_id.is_none();
    total.catalogue = total.catalogue || total.has_windows;
    for a in groups.values_mut() {
        a.has_windows = place_like;
        a.catalogue = a.catalogue || place_like;
    }
    let total_figures = total.figures();
    let targets = TARGETS
        .iter()
        .map(|t| {
            let rate = match t.code {
                "comprehensive_window_share" => total_figures.comprehensive_window_share,
                "full_online_share" => total_figures.full_online_share,
                "stationing_rate" => total_figures.stationing_rate,
                "rectify_rate" => Some(total_figures.ratings.rectify_rate),
                _ => Some(total_figures.ratings.callback_rate),
            };
            let value = rate.and_then(|r| r.percent);
            TargetMark {
                code: t.code,
                label: t.label,
                target: t.at_least,
                source: t.source,
                value,
                met: rate.and_then(|r| r.meets(t.at_least)),
            }
        })
        .collect();
    let mut out_groups: Vec<Group> = groups.into_iter().map(|(id, a)| Group { id, name: ctx.name_of(id), figures: a.figures() }).collect();
    out_groups.sort_by(|a, b| (a.id == 0, &a.name).cmp(&(b.id == 0, &b.name)));
    let trend = trend
        .into_iter()
        .map(|(period, (c, r, q))| TrendPoint {
            period,
            decided: c.decided,
            on_time_rate: Rate::of(c.on_time, c.decided).percent,
            ratings: r.n,
            good_rate: Rate::of(r.l4 + r.l5, r.n).percent,
            tickets: q.issued,
            avg_wait_s: (q.called > 0).then(|| (q.wait_sum_s as f64 / q.called as f64).round() as i64),
        })
        .collect();
    Ok(Dashboard {
        from,
        to,
        scope: view,
        by,
        total: total_figures,
        targets,
        groups: out_groups,
        trend,
        rolled_through: rolled,
        overdue_as_of,
    })
}

// ---------------------------------------------------------------- tables (page, workbook, report)

/// A cell of the figures table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Count(i64),
    /// A percentage, with whether it meets its target (`None`: no target or no data).
    Percent(Option<f64>, Option<bool>),
    /// Minutes with one decimal.
    Minutes(Option<f64>),
    /// Not applicable to this group.
    None,
}

/// The columns of the figures table, in order.
pub const COLUMNS: [&str; 27] = [
    "综合窗口占比",
    "全程网办率",
    "事项进驻率",
    "取号量",
    "平均等候(分)",
    "P90等候(分)",
    "平均办理(分)",
    "P90办理(分)",
    "受理量",
    "办结量",
    "按时办结率",
    "超期办结",
    "在办超期",
    "一级提醒",
    "二级提醒",
    "三级提醒",
    "黄牌",
    "红牌",
    "评价数",
    "好评率",
    "差评数",
    "差评整改率",
    "实名差评回访率",
    "主动评价率",
    "工单数",
    "工单按时答复率",
    "工单超期未答复",
];

fn minutes(s: Option<i64>) -> Cell {
    Cell::Minutes(s.map(|s| (s as f64 / 6.0).round() / 10.0))
}

fn pct(r: Option<Rate>, target: Option<&str>) -> Cell {
    match r {
        None => Cell::None,
        Some(r) => Cell::Percent(r.percent, target.and_then(domain::figures::target).and_then(|t| r.meets(t.at_least))),
    }
}

/// One row of the figures table ([`COLUMNS`]).
pub fn cells(f: &Figures) -> Vec<Cell> {
    let t = &f.tickets;
    let c = &f.cases;
    let l = &f.ladder;
    let r = &f.ratings;
    vec![
        pct(f.comprehensive_window_share, Some("comprehensive_window_share")),
        pct(f.full_online_share, Some("full_online_share")),
        pct(f.stationing_rate, Some("stationing_rate")),
        Cell::Count(t.issued),
        minutes(t.waiting.avg_s),
        minutes(t.waiting.p90_s),
        minutes(t.service.avg_s),
        minutes(t.service.p90_s),
        Cell::Count(c.accepted),
        Cell::Count(c.decided),
        pct(Some(c.on_time_rate), None),
        Cell::Count(c.overdue_decided),
        Cell::Count(c.overdue_open),
        Cell::Count(l.reminders_level1),
        Cell::Count(l.reminders_level2),
        Cell::Count(l.reminders_level3),
        Cell::Count(l.yellow_cards),
        Cell::Count(l.red_cards),
        Cell::Count(r.ratings),
        pct(Some(r.good_rate), None),
        Cell::Count(r.bad),
        pct(Some(r.rectify_rate), Some("rectify_rate")),
        pct(Some(r.callback_rate), Some("callback_rate")),
        pct(Some(f.active_rating_rate), None),
        Cell::Count(f.work_orders.registered),
        pct(Some(f.work_orders.on_time_reply_rate), None),
        Cell::Count(f.work_orders.overdue_open),
    ]
}

// ---------------------------------------------------------------- monthly window ranking

/// A window's place in a month.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct RankedWindow {
    pub rank: i64,
    pub window_id: i64,
    pub name: String,
    pub ratings: i64,
    pub good_rate: Rate,
    pub bad: i64,
    pub served: i64,
    /// In the bottom tenth this month.
    pub bottom: bool,
    /// In the bottom tenth the month before too: called in for a talk (约谈).
    pub talk: bool,
}

/// The monthly window ranking.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Ranking {
    pub month: String,
    pub previous_month: String,
    pub scope: ScopeView,
    pub windows: Vec<RankedWindow>,
    /// Windows with no rating this month (not ranked).
    pub unrated: Vec<String>,
}

fn window_months(d: &Dashboard) -> Vec<WindowMonth> {
    d.groups
        .iter()
        .filter(|g| g.id > 0)
        .map(|g| WindowMonth {
            window_id: g.id,
            good_permille: (g.figures.ratings.ratings > 0)
                .then(|| (g.figures.ratings.good_rate.numerator * 1000) / g.figures.ratings.good_rate.denominator.max(1)),
            bad: g.figures.ratings.bad,
            served: g.figures.tickets.served,
        })
        .collect()
}

/// The ranking of `month` (`YYYY-MM`, default: last month) with the 约谈 flag.
pub async fn ranking(app: &App, actor: &Actor, scope: Option<&str>, month: Option<&str>) -> Result<Ranking> {
    let today = app.clock.today();
    let month = match month.map(str::trim).filter(|m| !m.is_empty()) {
        Some(m) => m.to_owned(),
        None => {
            let first = today.with_day(1).unwrap_or(today);
            first.pred_opt().unwrap_or(first).format("%Y-%m").to_string()
        }
    };
    let (from, to) =
        crate::figures::month_bounds(&month).ok_or_else(|| Invalid::one("month", format!("月份格式应为 YYYY-MM（收到“{month}”）")))?;
    let prev_to = from.pred_opt().unwrap_or(from);
    let prev_from = prev_to.with_day(1).unwrap_or(prev_to);
    let ask = |f: NaiveDate, t: NaiveDate| (f.to_string(), t.to_string());
    let (a, b) = ask(from, to);
    let this = compute(app, actor, &Ask { scope, by: Some("window"), from: Some(&a), to: Some(&b) }, true).await?;
    let (c, d) = ask(prev_from, prev_to);
    let before = compute(app, actor, &Ask { scope, by: Some("window"), from: Some(&c), to: Some(&d) }, true).await?;
    let ranked = domain::figures::rank(&window_months(&this));
    let bottom = domain::figures::bottom(&ranked);
    let bottom_before = domain::figures::bottom(&domain::figures::rank(&window_months(&before)));
    let windows = ranked
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let g = this.groups.iter().find(|g| g.id == m.window_id).expect("ranked from these groups");
            RankedWindow {
                rank: i as i64 + 1,
                window_id: m.window_id,
                name: g.name.clone(),
                ratings: g.figures.ratings.ratings,
                good_rate: g.figures.ratings.good_rate,
                bad: m.bad,
                served: m.served,
                bottom: bottom.contains(&m.window_id),
                talk: bottom.contains(&m.window_id) && bottom_before.contains(&m.window_id),
            }
        })
        .collect();
    let unrated = this.groups.iter().filter(|g| g.id > 0 && g.figures.ratings.ratings == 0).map(|g| g.name.clone()).collect();
    Ok(Ranking { month, previous_month: prev_from.format("%Y-%m").to_string(), scope: this.scope, windows, unrated })
}

// ---------------------------------------------------------------- Excel

/// The sheets of the figures workbook, in order.
pub const SHEETS: [&str; 4] = ["目标与总体", "分组明细", "趋势", "窗口排名"];

fn write_cell(ws: &mut rust_xlsxwriter::Worksheet, row: u32, col: u16, c: &Cell) -> Result<(), XlsxError> {
    match c {
        Cell::Count(n) => ws.write_number(row, col, *n as f64).map(|_| ()),
        Cell::Percent(Some(p), _) | Cell::Minutes(Some(p)) => ws.write_number(row, col, *p).map(|_| ()),
        _ => ws.write_string(row, col, "—").map(|_| ()),
    }
}

fn workbook(d: &Dashboard, r: &Ranking) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold().set_align(FormatAlign::Center);
    let header = |ws: &mut rust_xlsxwriter::Worksheet, cols: &[&str]| -> Result<(), XlsxError> {
        for (i, c) in cols.iter().enumerate() {
            let col = u16::try_from(i).unwrap_or(u16::MAX);
            ws.write_string_with_format(0, col, *c, &bold)?;
            ws.set_column_width(col, if i == 0 { 30.0 } else { 13.0 })?;
        }
        ws.set_freeze_panes(1, 1)?;
        Ok(())
    };
    let row_of = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
    {
        let ws = wb.add_worksheet();
        ws.set_name(SHEETS[0])?;
        header(ws, &["指标", "数值", "目标", "是否达标", "依据"])?;
        ws.write_string(1, 0, "统计区间")?;
        ws.write_string(1, 1, format!("{} 至 {}（{}）", d.from, d.to, d.scope.label))?;
        let mut row = 2;
        for t in &d.targets {
            ws.write_string(row, 0, t.label)?;
            match t.value {
                Some(v) => ws.write_number(row, 1, v)?,
                None => ws.write_string(row, 1, "—")?,
            };
            ws.write_string(row, 2, format!("≥ {}%", t.target))?;
            ws.write_string(
                row,
                3,
                match t.met {
                    Some(true) => "达标",
                    Some(false) => "未达标",
                    None => "无数据",
                },
            )?;
            ws.write_string(row, 4, t.source)?;
            row += 1;
        }
        for (label, c) in COLUMNS.iter().zip(cells(&d.total)) {
            ws.write_string(row, 0, *label)?;
            write_cell(ws, row, 1, &c)?;
            row += 1;
        }
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(SHEETS[1])?;
        let mut cols = vec![d.by.label()];
        cols.extend(COLUMNS);
        header(ws, &cols)?;
        for (i, g) in d.groups.iter().enumerate() {
            ws.write_string(row_of(i + 1), 0, &g.name)?;
            for (j, c) in cells(&g.figures).iter().enumerate() {
                write_cell(ws, row_of(i + 1), u16::try_from(j + 1).unwrap_or(u16::MAX), c)?;
            }
        }
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(SHEETS[2])?;
        header(ws, &["时段", "办结量", "按时办结率", "评价数", "好评率", "取号量", "平均等候(分)"])?;
        for (i, p) in d.trend.iter().enumerate() {
            let row = row_of(i + 1);
            ws.write_string(row, 0, &p.period)?;
            write_cell(ws, row, 1, &Cell::Count(p.decided))?;
            write_cell(ws, row, 2, &Cell::Percent(p.on_time_rate, None))?;
            write_cell(ws, row, 3, &Cell::Count(p.ratings))?;
            write_cell(ws, row, 4, &Cell::Percent(p.good_rate, None))?;
            write_cell(ws, row, 5, &Cell::Count(p.tickets))?;
            write_cell(ws, row, 6, &minutes(p.avg_wait_s))?;
        }
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(SHEETS[3])?;
        header(ws, &["窗口", "名次", "评价数", "好评率", "差评数", "办结取号", "排名后10%", "连续两月靠后（约谈）"])?;
        for (i, w) in r.windows.iter().enumerate() {
            let row = row_of(i + 1);
            ws.write_string(row, 0, &w.name)?;
            ws.write_number(row, 1, w.rank as f64)?;
            ws.write_number(row, 2, w.ratings as f64)?;
            write_cell(ws, row, 3, &Cell::Percent(w.good_rate.percent, None))?;
            ws.write_number(row, 4, w.bad as f64)?;
            ws.write_number(row, 5, w.served as f64)?;
            ws.write_string(row, 6, if w.bottom { "是" } else { "" })?;
            ws.write_string(row, 7, if w.talk { "约谈" } else { "" })?;
        }
    }
    wb.save_to_buffer()
}

/// The dashboard and the ranking of the month `to` falls in, as one workbook ([`SHEETS`]).
pub async fn export_xlsx(app: &App, actor: &Actor, ask: &Ask<'_>) -> Result<Vec<u8>> {
    let d = dashboard(app, actor, ask).await?;
    let month = d.to.format("%Y-%m").to_string();
    let r = ranking(app, actor, ask.scope, Some(&month)).await?;
    workbook(&d, &r).map_err(|e| AppError::Internal(format!("cannot write the figures workbook: {e}")))
}

/// A choice of the scope filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScopeOption {
    pub code: String,
    pub label: String,
}

/// The scopes the actor may choose: everything, then org units (banner and towns), sites and
/// departments, each within the actor's subtrees.
pub async fn scope_options(app: &App, actor: &Actor) -> Result<Vec<ScopeOption>> {
    actor.require_role(Permission::ViewSupervision, "查看数据看板")?;
    let names = store::figures::names(&mut app.read().await?).await?;
    let scope = actor.scope(Permission::ViewSupervision);
    let mut out = vec![ScopeOption { code: "all".into(), label: "全部".into() }];
    for (id, (name, level, path)) in &names.org_units {
        if level != "village" && in_scope(&scope, path) {
            out.push(ScopeOption { code: format!("org:{id}"), label: format!("组织：{name}") });
        }
    }
    for (id, (name, org)) in &names.sites {
        if names.org_units.get(org).is_some_and(|o| in_scope(&scope, &o.2)) {
            out.push(ScopeOption { code: format!("site:{id}"), label: format!("场所：{name}") });
        }
    }
    for (id, name) in &names.departments {
        out.push(ScopeOption { code: format!("department:{id}"), label: format!("部门：{name}") });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn a_long_span_reads_whole_months_and_the_days_around_them() {
        assert_eq!(
            spans(d("2025-11-27"), d("2026-11-26"), true),
            vec![
                (d("2025-11-27"), d("2025-11-30"), false),
                (d("2025-12-01"), d("2026-10-01"), true),
                (d("2026-11-01"), d("2026-11-26"), false)
            ]
        );
        assert_eq!(spans(d("2026-01-01"), d("2026-03-31"), true), vec![(d("2026-01-01"), d("2026-03-01"), true)]);
        assert_eq!(spans(d("2026-01-05"), d("2026-02-20"), true), vec![(d("2026-01-05"), d("2026-02-20"), false)]);
        assert_eq!(spans(d("2026-01-01"), d("2026-03-31"), false), vec![(d("2026-01-01"), d("2026-03-31"), false)]);
        assert!(spans(d("2026-01-02"), d("2026-01-01"), true).is_empty());
        assert_eq!(month_end(d("2026-02-10")), d("2026-02-28"));
        assert_eq!(month_end(d("2026-12-10")), d("2026-12-31"));
    }
}
