//! Supervision (效能监察, R16) and stationing checks (R5).
//!
//! - **Chases (催办).** A supervisor, leader or administrator ([`Permission::ChaseCases`]) chases
//!   an open case with a note and an answer deadline of 1–30 working days (default 1, counted with
//!   the working-day calendar from today). The heads (`dept_head`) of the case's department over
//!   its org unit are told in-app and, where their staff record has a phone, by text through the
//!   outbox, once per chase and person, in the chase's own transaction. The department answers with
//!   [`Permission::ReviewCases`] for that department, once; a chase unanswered after its last day
//!   is overdue (红色). DOMAIN.md §4: units must answer supervision within set working days.
//! - **Dashboard.** For a period and optionally one site, within the actor's org subtrees: open
//!   cases by warning level (cases accepted in the period), yellow and red cards issued, reminders
//!   recorded and chases made in the period, by site, department and handler; each count opens the
//!   list of its cases. All counts come from one set-wise statement (`store::supervision`).
//! - **Stationing checks.** Items a site declares stationed with no case created there in the
//!   period (明进暗不进), and 承诺件 received in the hall (window, kiosk, 帮办代办) and decided
//!   without back-office handling (只接件不办件 / 体外循环):
//!   decided by whoever took them in or accepted them, or with no reviewer and no `start_review`
//!   event in the trail. 即办件 are decided at the window by design and never flagged.
//!
//! Phones are never shown or logged; texts carry the case number and the item only.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use domain::Invalid;
use domain::access::Permission;
use domain::cases::CaseStatus;
use domain::validate::Mobile;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};
use serde::{Deserialize, Serialize};
use store::supervision::{ChaseRow, ChaseState, CountRow, Dimension, DrillRow, IdleItemRow, METRICS, Period, UnreviewedRow};
use utoipa::ToSchema;

use crate::outbox::messages::{NewMessage, enqueue};
use crate::support::audit::record;
use crate::support::time::start_of;
use crate::{Actor, App, AppError, Result, cst};

/// Default answer deadline of a chase, working days.
pub const DEFAULT_DUE_DAYS: i64 = 1;
/// Longest answer deadline of a chase, working days.
pub const MAX_DUE_DAYS: i64 = 30;
/// Longest note or answer, characters.
const MAX_TEXT: usize = 500;
/// Longest drill-down list.
const DRILL_LIMIT: i64 = 500;

/// A chase as asked for.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ChaseInput {
    /// What the supervisor asks of the department (required, at most 500 characters).
    #[serde(default)]
    pub note: String,
    /// Working days to answer, 1–30 (default 1).
    pub due_days: Option<i64>,
}

/// A department's answer to a chase.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct AnswerInput {
    /// The answer (required, at most 500 characters).
    #[serde(default)]
    pub answer: String,
}

/// A chase with its state judged today.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChaseView {
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub chase: ChaseRow,
    /// open, overdue or answered.
    pub state: &'static str,
    pub state_label: &'static str,
    /// Answered after its last day.
    pub answered_late: bool,
}

/// The China-time date of an instant.
fn day_of(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&cst()).date_naive()
}

fn chase_view(chase: ChaseRow, today: NaiveDate) -> ChaseView {
    let (state, state_label) = match chase.answered_at {
        Some(_) => ("answered", "已答复"),
        None if chase.due_on < today => ("overdue", "逾期未答复"),
        None => ("open", "待答复"),
    };
    let answered_late = chase.answered_at.is_some_and(|t| day_of(t) > chase.due_on);
    ChaseView { chase, state, state_label, answered_late }
}

/// A trimmed required text of at most [`MAX_TEXT`] characters.
fn text(e: &mut Invalid, field: &str, label: &str, s: &str) -> String {
    let s = s.trim();
    if s.is_empty() {
        e.push(field, format!("请填写{label}"));
    } else if s.chars().count() > MAX_TEXT {
        e.push(field, format!("{label}不能超过 {MAX_TEXT} 字（现为 {} 字）", s.chars().count()));
    }
    s.to_owned()
}

fn status_label(code: &str) -> &'static str {
    CaseStatus::parse("status", code).map_or("未知状态", CaseStatus::label)
}

/// Chases an open case: records the chase, tells the department heads (in-app and by text) and
/// audits it, in one transaction.
pub async fn chase(app: &App, actor: &Actor, case_id: i64, input: &ChaseInput) -> Result<ChaseView> {
    actor.require_role(Permission::ChaseCases, "催办办件")?;
    let mut e = Invalid::default();
    let note = text(&mut e, "note", "催办内容", &input.note);
    let days = input.due_days.unwrap_or(DEFAULT_DUE_DAYS);
    if !(1..=MAX_DUE_DAYS).contains(&days) {
        e.push("due_days", format!("答复期限应为 1 至 {MAX_DUE_DAYS} 个工作日（收到 {days}）"));
    }
    e.into_result()?;
    let user = actor.user_id.ok_or_else(|| AppError::Forbidden("催办须由具体人员发起".to_owned()))?;
    let cal = crate::calendar::days::calendar(app).await?;
    let today = app.clock.today();
    let due_on = cal.add_working_days(today, u32::try_from(days).expect("checked to be 1–30"));

    let mut tx = app.write().await?;
    let now = app.clock.now();
    let case = store::cases::find_case(&mut tx, case_id).await?.ok_or(AppError::NotFound("办件"))?;
    if !actor.can(Permission::ChaseCases, &case.org_path, None) {
        return Err(AppError::NotFound("办件"));
    }
    let status = CaseStatus::parse("status", &case.status)?;
    if status.is_final() || matches!(status, CaseStatus::Draft) {
        return Err(AppError::Conflict(format!("办件 {} 当前为“{}”，无需催办", case.case_no, status.label())));
    }
    let new = store::supervision::NewChase {
        case_id,
        org_unit_id: case.org_unit_id,
        department_id: case.department_id,
        note: &note,
        chased_by: user.0,
        due_on,
    };
    let id = store::supervision::insert_chase(&mut tx, &new, now).await?;
    let heads = store::cases::users_with_role(&mut tx, "dept_head", &case.org_path, Some(case.department_id)).await?;
    let mut notices = Vec::new();
    // The text names the case and the deadline; the note is shortened to keep it one message.
    let short: String = note.chars().take(60).collect();
    let body = format!("【效能督办】办件 {}（{}）被催办，请于 {} 前答复：{short}", case.case_no, case.item_name, due_on.format("%m月%d日"));
    for &head in &heads {
        notices.push(store::supervision::NewNotice { chase_id: id, org_unit_id: case.org_unit_id, user_id: head, channel: "in_app" });
        let phone = match store::cases::user_phone_enc(&mut tx, head).await? {
            None => None,
            Some(enc) => Mobile::parse("phone", &app.cipher.decrypt(&enc)?).ok(),
        };
        if let Some(phone) = phone {
            notices.push(store::supervision::NewNotice { chase_id: id, org_unit_id: case.org_unit_id, user_id: head, channel: "sms" });
            let m = NewMessage {
                org_unit_id: case.org_unit_id,
                kind: "case_chase",
                phone: phone.as_str(),
                body: body.clone(),
                idempotency_key: format!("case-chase-{id}-{head}"),
            };
            enqueue(app, &mut tx, m).await?;
        }
    }
    store::supervision::insert_notices(&mut tx, &notices, now).await?;
    let row = store::supervision::find_chase(&mut tx, id).await?.ok_or(AppError::NotFound("催办"))?;
    let after = serde_json::json!({"case_no": case.case_no, "note": note, "due_on": due_on, "notified": heads.len()});
    record(app, &mut tx, actor, "chase_case", "case_chase", id, &case.org_path, None::<&()>, Some(&after)).await?;
    tx.commit().await?;
    Ok(chase_view(row, today))
}

/// Answers a chase for the case's department, once.
pub async fn answer_chase(app: &App, actor: &Actor, chase_id: i64, input: &AnswerInput) -> Result<ChaseView> {
    let mut tx = app.write().await?;
    let now = app.clock.now();
    let row = store::supervision::find_chase(&mut tx, chase_id).await?.ok_or(AppError::NotFound("催办"))?;
    let dept = Some(row.department_id);
    // Reviewers of any department over the case's org unit see the chase (and are told why they
    // may not answer another department's); everyone else is told it does not exist.
    let path = domain::access::OrgPath(row.org_path.clone());
    let reviews_here = actor.grants.iter().any(|g| Permission::ReviewCases.roles().contains(&g.role) && g.org_path.covers(&path));
    if !(actor.can(Permission::ChaseCases, &row.org_path, None) || reviews_here) {
        return Err(AppError::NotFound("催办"));
    }
    if !actor.can(Permission::ReviewCases, &row.org_path, dept) {
        return Err(AppError::Forbidden(format!("您无权答复其他部门的催办：该催办由{}答复", row.department_name)));
    }
    let user = actor.user_id.ok_or_else(|| AppError::Forbidden("答复须由具体人员作出".to_owned()))?;
    let mut e = Invalid::default();
    let answer = text(&mut e, "answer", "答复内容", &input.answer);
    e.into_result()?;
    let already = |r: &ChaseRow| {
        AppError::Conflict(format!(
            "该催办已于 {} 由{}答复，不能重复答复",
            r.answered_at.map_or_else(String::new, |t| t.with_timezone(&cst()).format("%Y-%m-%d %H:%M").to_string()),
            r.answered_by_name.as_deref().unwrap_or("他人")
        ))
    };
    if row.answered_at.is_some() {
        return Err(already(&row));
    }
    if !store::supervision::answer_chase(&mut tx, chase_id, &answer, user.0, now).await? {
        let r = store::supervision::find_chase(&mut tx, chase_id).await?.ok_or(AppError::NotFound("催办"))?;
        return Err(already(&r));
    }
    let after = store::supervision::find_chase(&mut tx, chase_id).await?.ok_or(AppError::NotFound("催办"))?;
    let summary = serde_json::json!({"case_no": after.case_no, "answer": answer});
    record(app, &mut tx, actor, "answer_chase", "case_chase", chase_id, &row.org_path, None::<&()>, Some(&summary)).await?;
    tx.commit().await?;
    Ok(chase_view(after, app.clock.today()))
}

/// `?state=&department_id=&cursor=&limit=` of the chase list.
#[derive(Debug, Clone, Default)]
pub struct ChaseFilter<'a> {
    pub state: Option<&'a str>,
    pub department_id: Option<i64>,
    pub cursor: Option<i64>,
    pub limit: i64,
}

/// A page of chases.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChasePage {
    pub items: Vec<ChaseView>,
    pub next_cursor: Option<i64>,
}

fn parse_state(s: Option<&str>) -> Result<Option<ChaseState>> {
    match s.map(str::trim) {
        None | Some("") | Some("all") => Ok(None),
        Some("open") => Ok(Some(ChaseState::Open)),
        Some("overdue") => Ok(Some(ChaseState::Overdue)),
        Some("answered") => Ok(Some(ChaseState::Answered)),
        Some(x) => {
            Err(Invalid::one("state", format!("状态应为 open（待答复）、overdue（逾期未答复）或 answered（已答复），收到“{x}”")).into())
        }
    }
}

/// Chases newest first: supervisors see those within their subtrees; a department's heads and
/// approvers see their department's (within the subtrees where they review).
pub async fn list_chases(app: &App, actor: &Actor, f: &ChaseFilter<'_>) -> Result<ChasePage> {
    let state = parse_state(f.state)?;
    let mut tx = app.read().await?;
    if let Some(d) = f.department_id
        && store::org::find_department(&mut tx, d).await?.is_none()
    {
        return Err(Invalid::one("department_id", format!("部门不存在（编号 {d}）")).into());
    }
    let (scope, department) = if actor.has(Permission::ChaseCases) {
        (actor.scope(Permission::ChaseCases), f.department_id)
    } else if actor.has(Permission::ReviewCases) {
        let depts: Vec<Option<i64>> =
            actor.grants.iter().filter(|g| Permission::ReviewCases.roles().contains(&g.role)).map(|g| g.department.map(|d| d.0)).collect();
        let department = match f.department_id {
            _ if depts.contains(&None) => f.department_id,
            Some(d) if depts.contains(&Some(d)) => Some(d),
            Some(_) => return Err(AppError::forbidden("查看其他部门的催办")),
            None => depts.first().copied().flatten(),
        };
        (actor.scope(Permission::ReviewCases), department)
    } else {
        return Err(AppError::forbidden("查看催办"));
    };
    let limit = f.limit.clamp(1, 500);
    let today = app.clock.today();
    let rows = store::supervision::list_chases(&mut tx, &scope, state, department, today, f.cursor.unwrap_or(i64::MAX), limit + 1).await?;
    let page = store::Page::from_rows(rows, limit, |r| r.id);
    Ok(ChasePage { items: page.items.into_iter().map(|c| chase_view(c, today)).collect(), next_cursor: page.next_cursor })
}

/// A person's in-app chase notice (催办通知): the case, what is asked and by when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ChaseNoticeView {
    pub id: i64,
    pub chase_id: i64,
    pub case_id: i64,
    pub case_no: String,
    pub item_name: String,
    /// What the chase asks.
    pub note: String,
    /// The last working day to answer.
    pub due_on: NaiveDate,
    pub answered_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

impl From<store::supervision::MyNoticeRow> for ChaseNoticeView {
    fn from(r: store::supervision::MyNoticeRow) -> Self {
        let store::supervision::MyNoticeRow { id, chase_id, case_id, case_no, item_name, note, due_on, answered_at, created_at, read_at } =
            r;
        ChaseNoticeView { id, chase_id, case_id, case_no, item_name, note, due_on, answered_at, created_at, read_at }
    }
}

/// The signed-in user's in-app chase notices (催办通知), newest first.
pub async fn my_notices(app: &App, actor: &Actor, limit: i64) -> Result<Vec<ChaseNoticeView>> {
    let Some(user) = actor.user_id else { return Ok(Vec::new()) };
    let rows = store::supervision::list_my_notices(&mut app.read().await?, user.0, limit.clamp(1, 500)).await?;
    Ok(rows.into_iter().map(ChaseNoticeView::from).collect())
}

// ---------------------------------------------------------------- dashboard

/// A metric of the dashboard: its code, Chinese label and tone (`warn`, `bad` or ``).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Metric {
    pub code: &'static str,
    pub label: &'static str,
    pub tone: &'static str,
}

/// The label and tone of a metric code.
pub fn metric(code: &str) -> Option<Metric> {
    let (code, label, tone) = match code {
        "level1" => ("level1", "临近时限（提醒）", "warn"),
        "level2" => ("level2", "超承诺时限（黄灯）", "warn"),
        "level3" => ("level3", "超法定时限（红灯）", "bad"),
        "yellow" => ("yellow", "黄牌", "warn"),
        "red" => ("red", "红牌", "bad"),
        "remind1" => ("remind1", "一级提醒", ""),
        "remind2" => ("remind2", "二级提醒", ""),
        "remind3" => ("remind3", "三级提醒", ""),
        "chase_open" => ("chase_open", "催办待答复", "warn"),
        "chase_overdue" => ("chase_overdue", "催办逾期未答复", "bad"),
        "chase_answered" => ("chase_answered", "催办已答复", ""),
        _ => return None,
    };
    Some(Metric { code, label, tone })
}

/// The counts of one site, department or person, in the order of [`Dashboard::metrics`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[schema(as = SupervisionGroup)]
pub struct Group {
    /// The site, department or user id; none for cases with no handler recorded.
    pub id: Option<i64>,
    pub name: String,
    pub counts: Vec<i64>,
}

/// The supervision dashboard of a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[schema(as = SupervisionDashboard)]
pub struct Dashboard {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub site_id: Option<i64>,
    pub site_name: Option<String>,
    pub metrics: Vec<Metric>,
    pub total: Vec<i64>,
    pub by_site: Vec<Group>,
    pub by_department: Vec<Group>,
    pub by_person: Vec<Group>,
}

/// What a dashboard or a check covers, parsed from a request.
#[derive(Debug, Clone)]
pub struct Scope {
    pub period: Period,
    pub site_name: Option<String>,
    pub store_scope: store::org::Scope,
}

/// The period of `?from=&to=`: the last 365 days when both are blank, else as
/// [`crate::figures::queue::period`] (one day when only one is given, at most 366 days).
pub fn period(from: Option<&str>, to: Option<&str>, today: NaiveDate) -> Result<(NaiveDate, NaiveDate)> {
    let blank = |s: Option<&str>| s.is_none_or(|s| s.trim().is_empty());
    if blank(from) && blank(to) {
        return Ok((today - chrono::Duration::days(364), today));
    }
    crate::figures::queue::period(from, to, today)
}

/// Checks the actor may read supervision and resolves the period and the site.
pub async fn resolve(app: &App, actor: &Actor, from: Option<&str>, to: Option<&str>, site: Option<&str>) -> Result<Scope> {
    actor.require_role(Permission::ViewSupervision, "查看效能监察")?;
    let today = app.clock.today();
    let (f, t) = period(from, to, today)?;
    let site_id = match site.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(s.parse::<i64>().map_err(|_| Invalid::one("site", format!("场所编号应为数字（收到“{s}”）")))?),
    };
    let mut site_name = None;
    if let Some(id) = site_id {
        let mut tx = app.read().await?;
        let s = store::org::find_site(&mut tx, id).await?.ok_or(AppError::NotFound("场所"))?;
        if !actor.can(Permission::ViewSupervision, &s.org_path, None) {
            return Err(AppError::forbidden("查看该场所的效能监察"));
        }
        site_name = Some(s.name);
    }
    let period = Period { from: f, to: t, from_at: start_of(f), to_at: start_of(t + chrono::Duration::days(1)), site_id, today };
    Ok(Scope { period, site_name, store_scope: actor.scope(Permission::ViewSupervision) })
}

/// The sites the actor supervises (for the site filter).
pub async fn sites(app: &App, actor: &Actor) -> Result<Vec<store::org::SiteRow>> {
    actor.require_role(Permission::ViewSupervision, "查看效能监察")?;
    Ok(store::org::list_sites(&mut app.read().await?, &actor.scope(Permission::ViewSupervision)).await?)
}

/// Adds rows into groups keyed by `key`, named by `name`, sorted by name.
fn roll_up(rows: &[CountRow], key: impl Fn(&CountRow) -> (Option<i64>, String)) -> Vec<Group> {
    let mut m: BTreeMap<Option<i64>, Group> = BTreeMap::new();
    for r in rows {
        let (id, name) = key(r);
        let g = m.entry(id).or_insert_with(|| Group { id, name, counts: vec![0; METRICS.len()] });
        if let Some(i) = METRICS.iter().position(|x| *x == r.metric) {
            g.counts[i] += r.n;
        }
    }
    let mut v: Vec<Group> = m.into_values().collect();
    v.sort_by(|a, b| (a.id.is_none(), &a.name).cmp(&(b.id.is_none(), &b.name)));
    v
}

/// The dashboard for `?from=&to=&site=`.
pub async fn dashboard(app: &App, actor: &Actor, from: Option<&str>, to: Option<&str>, site: Option<&str>) -> Result<Dashboard> {
    let s = resolve(app, actor, from, to, site).await?;
    let rows = store::supervision::dashboard_counts(&mut app.read().await?, &s.store_scope, &s.period).await?;
    let total = roll_up(&rows, |_| (Some(0), String::new())).pop().map_or_else(|| vec![0; METRICS.len()], |g| g.counts);
    Ok(Dashboard {
        from: s.period.from,
        to: s.period.to,
        site_id: s.period.site_id,
        site_name: s.site_name,
        metrics: METRICS.iter().filter_map(|m| metric(m)).collect(),
        total,
        by_site: roll_up(&rows, |r| (Some(r.site_id), r.site_name.clone())),
        by_department: roll_up(&rows, |r| (Some(r.department_id), r.department_name.clone())),
        by_person: roll_up(&rows, |r| (r.handler_id, r.handler_name.clone().unwrap_or_else(|| "（未指定经办人）".to_owned()))),
    })
}

/// A case of a drill-down list, with labels.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DrillCase {
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub case: DrillRow,
    pub status_label: &'static str,
    /// none, remind, yellow, red.
    pub light: &'static str,
}

/// The cases behind one count.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Drill {
    pub metric: Metric,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// What the list is narrowed to, e.g. “部门：市场监管局”.
    pub group: Option<String>,
    pub items: Vec<DrillCase>,
    /// Whether the list was cut at its limit (500).
    pub truncated: bool,
}

/// The cases behind a count: `metric` (a code of [`METRICS`]) and optionally `by` (`site`,
/// `department` or `person`) with `id` (blank with `person`: cases without a handler).
#[expect(clippy::too_many_arguments, reason = "the request's query fields")]
pub async fn drill(
    app: &App,
    actor: &Actor,
    from: Option<&str>,
    to: Option<&str>,
    site: Option<&str>,
    metric_code: &str,
    by: Option<&str>,
    id: Option<i64>,
) -> Result<Drill> {
    let s = resolve(app, actor, from, to, site).await?;
    let m = metric(metric_code.trim())
        .ok_or_else(|| Invalid::one("metric", format!("统计项“{metric_code}”不存在，应为 {} 之一", METRICS.join("、"))))?;
    let (dim, group) = match (by.map(str::trim).filter(|b| !b.is_empty()), id) {
        (None, _) => (None, None),
        (Some("site"), Some(i)) => (Some(Dimension::Site(i)), Some("场所")),
        (Some("department"), Some(i)) => (Some(Dimension::Department(i)), Some("部门")),
        (Some("person"), i) => (Some(Dimension::Handler(i)), Some("经办人")),
        (Some("site" | "department"), None) => return Err(Invalid::one("id", "请指定场所或部门编号").into()),
        (Some(b), _) => return Err(Invalid::one("by", format!("分组应为 site、department 或 person，收到“{b}”")).into()),
    };
    let mut tx = app.read().await?;
    let mut rows = store::supervision::drill(&mut tx, &s.store_scope, &s.period, m.code, dim, DRILL_LIMIT + 1)
        .await?
        .expect("the metric code was checked");
    let truncated = rows.len() as i64 > DRILL_LIMIT;
    rows.truncate(DRILL_LIMIT as usize);
    let group = match (group, dim) {
        (Some(kind), Some(d)) => {
            let name = match d {
                Dimension::Site(i) => store::org::find_site(&mut tx, i).await?.map(|x| x.name),
                Dimension::Department(i) => store::org::find_department(&mut tx, i).await?.map(|x| x.name),
                Dimension::Handler(Some(_)) => rows.first().and_then(|r| r.handler_name.clone()),
                Dimension::Handler(None) => Some("未指定".to_owned()),
            };
            Some(format!("{kind}：{}", name.unwrap_or_else(|| "—".to_owned())))
        }
        _ => None,
    };
    let items = rows
        .into_iter()
        .map(|r| DrillCase {
            status_label: status_label(&r.status),
            light: ["none", "remind", "yellow", "red"][usize::try_from(r.level.clamp(0, 3)).unwrap_or(0)],
            case: r,
        })
        .collect();
    Ok(Drill { metric: m, from: s.period.from, to: s.period.to, group, items, truncated })
}

// ---------------------------------------------------------------- stationing checks

/// Counts of one site or department in the stationing checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct StationingGroup {
    pub id: i64,
    pub name: String,
    /// Stationed items with no case (明进暗不进).
    pub idle_items: i64,
    /// Cases decided without back-office handling.
    pub unreviewed_cases: i64,
}

/// A flagged case with the rule's label.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UnreviewedCase {
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub case: UnreviewedRow,
    pub status_label: &'static str,
    pub rule_label: &'static str,
}

/// The stationing checks of a period.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Stationing {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub site_id: Option<i64>,
    pub site_name: Option<String>,
    #[schema(value_type = Vec<Object>)]
    pub idle_items: Vec<IdleItemRow>,
    pub unreviewed: Vec<UnreviewedCase>,
    pub by_site: Vec<StationingGroup>,
    pub by_department: Vec<StationingGroup>,
}

fn add(m: &mut BTreeMap<i64, StationingGroup>, id: i64, name: &str, idle: i64, unreviewed: i64) {
    let g = m.entry(id).or_insert_with(|| StationingGroup { id, name: name.to_owned(), idle_items: 0, unreviewed_cases: 0 });
    g.idle_items += idle;
    g.unreviewed_cases += unreviewed;
}

/// The stationing checks for `?from=&to=&site=`.
pub async fn stationing(app: &App, actor: &Actor, from: Option<&str>, to: Option<&str>, site: Option<&str>) -> Result<Stationing> {
    let s = resolve(app, actor, from, to, site).await?;
    let p = &s.period;
    let mut tx = app.read().await?;
    let idle = store::supervision::stationed_without_cases(&mut tx, &s.store_scope, p.site_id, p.from_at, p.to_at).await?;
    let flagged = store::supervision::decided_without_review(&mut tx, &s.store_scope, p.site_id, p.from, p.to).await?;
    let (mut sites, mut depts) = (BTreeMap::new(), BTreeMap::new());
    for r in &idle {
        add(&mut sites, r.site_id, &r.site_name, 1, 0);
        add(&mut depts, r.department_id, &r.department_name, 1, 0);
    }
    for r in &flagged {
        add(&mut sites, r.site_id, &r.site_name, 0, 1);
        add(&mut depts, r.department_id, &r.department_name, 0, 1);
    }
    let sorted = |m: BTreeMap<i64, StationingGroup>| {
        let mut v: Vec<StationingGroup> = m.into_values().collect();
        v.sort_by(|a, b| a.name.cmp(&b.name));
        v
    };
    let unreviewed = flagged
        .into_iter()
        .map(|r| UnreviewedCase {
            status_label: status_label(&r.status),
            rule_label: if r.rule == "same_person" { "受理人自行办结（受审未分离）" } else { "无后台审查记录" },
            case: r,
        })
        .collect();
    Ok(Stationing {
        from: p.from,
        to: p.to,
        site_id: p.site_id,
        site_name: s.site_name,
        idle_items: idle,
        unreviewed,
        by_site: sorted(sites),
        by_department: sorted(depts),
    })
}

// ---------------------------------------------------------------- Excel

/// The names of the dashboard workbook's sheets, in order.
pub const SHEETS: &[&str] = &["概况", "按场所", "按部门", "按人员", "明进暗不进", "未经后台办理"];

fn write_workbook(d: &Dashboard, st: &Stationing) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold().set_align(FormatAlign::Center);
    let header = |ws: &mut rust_xlsxwriter::Worksheet, cols: &[&str]| -> Result<(), XlsxError> {
        for (i, c) in cols.iter().enumerate() {
            let col = u16::try_from(i).unwrap_or(u16::MAX);
            ws.write_string_with_format(0, col, *c, &bold)?;
            ws.set_column_width(col, if i == 0 { 28.0 } else { 14.0 })?;
        }
        ws.set_freeze_panes(1, 0)?;
        Ok(())
    };
    {
        let ws = wb.add_worksheet();
        ws.set_name(SHEETS[0])?;
        header(ws, &["项目", "数值"])?;
        let place = d.site_name.clone().unwrap_or_else(|| "全部场所".to_owned());
        ws.write_string(1, 0, "统计区间")?;
        ws.write_string(1, 1, format!("{} 至 {}（{place}）", d.from, d.to))?;
        for (i, (m, n)) in d.metrics.iter().zip(&d.total).enumerate() {
            let row = u32::try_from(i).unwrap_or(u32::MAX).saturating_add(2);
            ws.write_string(row, 0, m.label)?;
            ws.write_number(row, 1, *n as f64)?;
        }
    }
    let mut cols = vec!["名称"];
    cols.extend(d.metrics.iter().map(|m| m.label));
    for (sheet, groups) in [(SHEETS[1], &d.by_site), (SHEETS[2], &d.by_department), (SHEETS[3], &d.by_person)] {
        let ws = wb.add_worksheet();
        ws.set_name(sheet)?;
        header(ws, &cols)?;
        for (i, g) in groups.iter().enumerate() {
            let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
            ws.write_string(row, 0, &g.name)?;
            for (j, n) in g.counts.iter().enumerate() {
                ws.write_number(row, u16::try_from(j + 1).unwrap_or(u16::MAX), *n as f64)?;
            }
        }
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(SHEETS[4])?;
        header(ws, &["场所", "事项编码", "事项名称", "部门"])?;
        for (i, r) in st.idle_items.iter().enumerate() {
            let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
            for (j, v) in [&r.site_name, &r.basic_code, &r.item_name, &r.department_name].into_iter().enumerate() {
                ws.write_string(row, u16::try_from(j).unwrap_or(u16::MAX), v)?;
            }
        }
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(SHEETS[5])?;
        header(ws, &["办件编号", "事项", "场所", "部门", "状态", "受理日期", "决定日期", "决定人", "判定依据"])?;
        for (i, u) in st.unreviewed.iter().enumerate() {
            let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
            let r = &u.case;
            let day = |d: Option<NaiveDate>| d.map_or_else(String::new, |d| d.to_string());
            let vals = [
                r.case_no.clone(),
                r.item_name.clone(),
                r.site_name.clone(),
                r.department_name.clone(),
                u.status_label.to_owned(),
                day(r.accepted_on),
                day(r.decided_on),
                r.decided_by_name.clone().unwrap_or_default(),
                u.rule_label.to_owned(),
            ];
            for (j, v) in vals.iter().enumerate() {
                ws.write_string(row, u16::try_from(j).unwrap_or(u16::MAX), v)?;
            }
        }
    }
    wb.save_to_buffer()
}

/// The dashboard and the stationing checks as one Excel workbook (sheets [`SHEETS`]).
pub async fn export_xlsx(app: &App, actor: &Actor, from: Option<&str>, to: Option<&str>, site: Option<&str>) -> Result<Vec<u8>> {
    let d = dashboard(app, actor, from, to, site).await?;
    let st = stationing(app, actor, from, to, site).await?;
    write_workbook(&d, &st).map_err(|e| AppError::internal("cannot write the supervision workbook", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn the_default_period_is_the_last_365_days() {
        assert_eq!(period(None, Some(" "), d("2026-03-02")).expect("valid"), (d("2025-03-03"), d("2026-03-02")));
        assert_eq!(period(Some("2026-03-01"), None, d("2026-03-02")).expect("valid"), (d("2026-03-01"), d("2026-03-01")));
    }

    #[test]
    fn a_day_starts_at_midnight_china_time() {
        assert_eq!(start_of(d("2026-03-02")).to_rfc3339(), "2026-03-01T16:00:00+00:00");
    }

    #[test]
    fn every_metric_has_a_label() {
        assert!(METRICS.iter().all(|m| metric(m).is_some()));
    }
}
