//! The staff pages of cases (办件): the intake workstation (`/cases/new`: item of the window →
//! applicant, agent, ticket, material checklist with scans → 接件), the case page (`/cases/{id}`:
//! status, clock and light, checklist with scans, pauses, extensions, trail, reminders, a form per
//! action the caller is offered), the department inbox (`/cases/inbox`), the A4 notices
//! (`/cases/{id}/print/{kind}`) and a case's scans (`/cases/{id}/scans/{sha}`).
//!
//! Forms post back to these pages and call `app::cases` (the one guard); invalid input re-renders
//! with each message beside its field (422), a refusal shows the use case's Chinese message.
//! Scans are uploaded by `static/cases.js` to `POST /api/v1/uploads` (session CSRF header).
//!
//! The query code (查询码) is answered once, by `create_case`. The intake page hands it to the
//! browser that took the case in as an HttpOnly cookie scoped to that case's path for 30 minutes;
//! the case page and the 受理通知书 show it in full only while that cookie holds the case's code,
//! and masked afterwards (it was given to the applicant at intake).

use std::collections::HashMap;

use app::cases::{ActionInput, AgentInput, ApplicantInput, CaseInput, MaterialInput};
use app::cases::{CasePage, IntakeForm};
use app::{AppError, Result};
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum_extra::extract::cookie::CookieJar;
use chrono::{DateTime, NaiveDate, Utc};
use domain::Invalid;
use domain::cases::{Action, CaseChannel, CaseStatus, Level};
use domain::catalog::{DeliveryMode, SpecialProcedure};
use serde::Deserialize;

use super::app_error_page;
use super::view::{Chrome, Msg, Opt, PageForm, chrome, done, opts};
use crate::AppState;
use crate::auth::{Auth, PageUser};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/cases/new", get(intake).post(create))
        .route("/cases/inbox", get(inbox))
        .route("/cases/{id}", get(case))
        .route("/cases/{id}/act", post(act))
        .route("/cases/{id}/scans/{sha}", get(scan))
        .route("/cases/{id}/print/{kind}", get(print))
        .route("/static/cases.js", get(|| async { asset("text/javascript", include_str!("../../static/cases.js")) }))
        .route("/static/cases.css", get(|| async { asset("text/css", include_str!("../../static/cases.css")) }))
}

fn asset(ct: &'static str, body: &'static str) -> Response {
    let ct = if ct == "text/css" { "text/css; charset=utf-8" } else { "text/javascript; charset=utf-8" };
    ([(header::CONTENT_TYPE, ct), (header::CACHE_CONTROL, "public, max-age=3600")], body).into_response()
}

fn page(a: &Auth, r: Result<Response>) -> Response {
    r.unwrap_or_else(|e| app_error_page(&e, Some(a)))
}

/// An id from the query string or a form; anything else names no record.
fn parse_id(v: &str, what: &'static str) -> Result<Option<i64>> {
    match v.trim() {
        "" => Ok(None),
        s => s.parse().map(Some).map_err(|_| AppError::NotFound(what)),
    }
}

/// China time, to the minute.
fn at(t: DateTime<Utc>) -> String {
    t.with_timezone(&app::cst()).format("%Y-%m-%d %H:%M").to_string()
}

fn day(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "—".to_owned(), |d| d.format("%Y-%m-%d").to_string())
}

fn cn_day(d: NaiveDate) -> String {
    d.format("%Y年%m月%d日").to_string()
}

/// The colour class of a time-limit light (green, blue = remind, yellow, red).
fn light_class(level: &str) -> &'static str {
    match level {
        "remind" => "blue",
        "yellow" => "yellow",
        "red" => "red",
        _ => "green",
    }
}

fn level_label(level: &str) -> &'static str {
    Level::parse("level", level).map_or("正常", |l| l.label())
}

fn status_label(s: &str) -> &'static str {
    CaseStatus::parse("status", s).map_or("", |s| s.label())
}

fn action_label(s: &str) -> &'static str {
    Action::parse("action", s).map_or("", |a| a.label())
}

const QC_COOKIE: &str = "yc_qc";

/// The query code of case `id` if this browser took it in (see the module comment).
fn query_code_shown(jar: &CookieJar, row: &store::cases::CaseRow) -> Option<String> {
    let c = jar.get(&format!("{QC_COOKIE}_{}", row.id))?;
    (!row.query_code.is_empty() && c.value() == row.query_code).then(|| row.query_code.clone())
}

// ---------------------------------------------------------------- intake

#[derive(Deserialize, Default)]
struct IntakeQuery {
    #[serde(default)]
    window: String,
    #[serde(default)]
    item: String,
    #[serde(default)]
    q: String,
}

struct ItemLine {
    id: i64,
    name: String,
    code: String,
    department: String,
    promised: i64,
    statutory: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "cases/pick.html")]
struct PickPage {
    chrome: Option<Chrome>,
    message: String,
    windows: Vec<app::cases::PickWindow>,
    window_id: Option<i64>,
    window_label: String,
    q: String,
    items: Vec<ItemLine>,
}

/// The intake form's values, as typed.
#[derive(Deserialize, Default, Clone)]
struct IntakeValues {
    #[serde(default)]
    window: String,
    #[serde(default)]
    item: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    id_number: String,
    #[serde(default)]
    credit_code: String,
    #[serde(default)]
    accept_mismatch: Option<String>,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    agent_name: String,
    #[serde(default)]
    agent_id_number: String,
    #[serde(default)]
    agent_authorisation: String,
    #[serde(default)]
    ticket: String,
    #[serde(default)]
    m_pos: Vec<String>,
    #[serde(default)]
    m_state: Vec<String>,
    #[serde(default)]
    m_promise: Vec<String>,
    #[serde(default)]
    m_file: Vec<String>,
}

struct MaterialLine {
    pos: i64,
    name: String,
    required: bool,
    rongque: bool,
    originals: u32,
    copies: u32,
    note: String,
    state: String,
    promise: String,
    file: String,
    error: Option<String>,
}

/// Errors of the intake form by field.
#[derive(Default)]
struct IntakeErrors {
    kind: Option<String>,
    name: Option<String>,
    id_number: Option<String>,
    credit_code: Option<String>,
    phone: Option<String>,
    agent: Option<String>,
    ticket: Option<String>,
    general: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "cases/new.html")]
struct IntakePage {
    chrome: Option<Chrome>,
    csrf: String,
    window_id: i64,
    window_label: String,
    item: ItemLine,
    version_id: i64,
    legal_basis: String,
    v: IntakeValues,
    tickets: Vec<Opt>,
    materials: Vec<MaterialLine>,
    e: IntakeErrors,
    all_errors: Vec<String>,
    today: String,
}

fn window_label(w: &store::org::WindowRow) -> String {
    format!("{} · {} 号窗口 {}", w.site_name, w.number, w.name)
}

fn intake_page(a: &Auth, s: &AppState, w: &store::org::WindowRow, f: &IntakeForm, v: IntakeValues, errs: Option<&Invalid>) -> IntakePage {
    let mut e = IntakeErrors::default();
    let mut all = Vec::new();
    let mut by_pos: HashMap<i64, String> = HashMap::new();
    for x in errs.map(|i| i.fields.as_slice()).unwrap_or_default() {
        all.push(x.message.clone());
        let slot = match x.field.as_str() {
            "applicant.kind" => &mut e.kind,
            "applicant.name" => &mut e.name,
            "applicant.id_number" => &mut e.id_number,
            "applicant.credit_code" => &mut e.credit_code,
            "applicant.phone" => &mut e.phone,
            "agent" | "agent.name" | "agent.id_number" | "agent.authorisation" => &mut e.agent,
            "ticket_id" => &mut e.ticket,
            other => {
                match other.strip_prefix("materials[").and_then(|r| r.strip_suffix(']')).and_then(|p| p.parse::<i64>().ok()) {
                    Some(p) => {
                        by_pos.entry(p).and_modify(|m| m.push_str(&format!("；{}", x.message))).or_insert_with(|| x.message.clone());
                    }
                    None => e.general.push(x.message.clone()),
                }
                continue;
            }
        };
        match slot {
            Some(m) => m.push_str(&format!("；{}", x.message)),
            None => *slot = Some(x.message.clone()),
        }
    }
    let given = |p: i64| v.m_pos.iter().position(|x| x.trim() == p.to_string());
    let materials = f
        .content
        .materials
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let pos = i64::try_from(i).unwrap_or(0) + 1;
            let at = given(pos);
            let pick = |list: &Vec<String>| at.and_then(|k| list.get(k)).cloned().unwrap_or_default();
            let state = pick(&v.m_state);
            MaterialLine {
                pos,
                name: m.name.clone(),
                required: m.required,
                rongque: m.rongque,
                originals: m.originals,
                copies: m.copies,
                note: m.note.clone(),
                state: if state.is_empty() { "missing".to_owned() } else { state },
                promise: pick(&v.m_promise),
                file: pick(&v.m_file),
                error: by_pos.remove(&pos),
            }
        })
        .collect();
    let mut tickets = vec![Opt { value: String::new(), label: "（无号票）".to_owned(), selected: v.ticket.trim().is_empty() }];
    if let Some((id, no)) = &f.serving {
        tickets.push(Opt { value: id.to_string(), label: format!("{no}（正在办理）"), selected: v.ticket.trim() == id.to_string() });
    }
    if let Ok(Some(t)) = parse_id(&v.ticket, "号票")
        && !tickets.iter().any(|o| o.value == t.to_string())
    {
        tickets.push(Opt { value: t.to_string(), label: format!("号票 #{t}"), selected: true });
    }
    IntakePage {
        chrome: Some(chrome(a, "case_new")),
        csrf: a.csrf.clone(),
        window_id: w.id,
        window_label: window_label(w),
        item: ItemLine {
            id: f.item.item_id,
            name: f.item.name.clone(),
            code: f.item.basic_code.clone(),
            department: f.item.department_name.clone(),
            promised: f.item.promised_days,
            statutory: f.item.statutory_days,
        },
        version_id: f.item.version_id,
        legal_basis: f.content.legal_basis.clone(),
        v,
        tickets,
        materials,
        e,
        all_errors: all,
        today: s.app.clock.today().format("%Y-%m-%d").to_string(),
    }
}

async fn intake(State(s): State<AppState>, PageUser(a): PageUser, Query(q): Query<IntakeQuery>) -> Response {
    let r = async {
        let asked = parse_id(&q.window, "窗口")?;
        let Some(w) = app::cases::intake_window(&s.app, &a.actor, asked).await? else {
            let windows = app::cases::intake_windows(&s.app, &a.actor).await?;
            let message = if windows.is_empty() {
                "您今天没有安排窗口，请联系大厅管理员在场所页面安排今日人员。"
            } else {
                "您今天没有安排窗口。作为大厅管理员，可以选择在哪个窗口受理："
            };
            return Ok(PickPage {
                chrome: Some(chrome(&a, "case_new")),
                message: message.to_owned(),
                windows,
                window_id: None,
                window_label: String::new(),
                q: String::new(),
                items: vec![],
            }
            .into_response());
        };
        match parse_id(&q.item, "事项")? {
            None => {
                let items = app::cases::window_items(&s.app, &a.actor, &w, &q.q).await?;
                let message = if items.is_empty() && q.q.trim().is_empty() {
                    "该窗口目前没有可受理的事项（未关联部门或未单独授权），请联系大厅管理员。"
                } else {
                    "请选择要受理的事项（输入名称、编码、部门或拼音首字母筛选）："
                };
                Ok(PickPage {
                    chrome: Some(chrome(&a, "case_new")),
                    message: message.to_owned(),
                    windows: vec![],
                    window_id: Some(w.id),
                    window_label: window_label(&w),
                    q: q.q.trim().to_owned(),
                    items: items
                        .into_iter()
                        .map(|i| ItemLine {
                            id: i.item_id,
                            name: i.name,
                            code: i.basic_code,
                            department: i.department_name,
                            promised: i.promised_days,
                            statutory: i.statutory_days,
                        })
                        .collect(),
                }
                .into_response())
            }
            Some(item) => {
                let f = app::cases::intake_form(&s.app, &a.actor, &w, item).await?;
                let v = IntakeValues {
                    window: w.id.to_string(),
                    item: item.to_string(),
                    kind: "person".to_owned(),
                    ticket: f.serving.as_ref().map(|t| t.0.to_string()).unwrap_or_default(),
                    ..IntakeValues::default()
                };
                Ok(intake_page(&a, &s, &w, &f, v, None).into_response())
            }
        }
    }
    .await;
    page(&a, r)
}

/// The checklist lines of a form (`m_pos`, `m_state`, `m_promise`, `m_file`, `m_note`, one of each
/// per row); malformed dates are reported like the use case's errors.
fn material_inputs(
    pos: &[String],
    state: &[String],
    promise: &[String],
    file: &[String],
    note: &[String],
    e: &mut Invalid,
) -> Vec<MaterialInput> {
    pos.iter()
        .enumerate()
        .filter_map(|(k, p)| {
            let position: i64 = p.trim().parse().ok()?;
            let promise = promise.get(k).map(|s| s.trim()).unwrap_or_default();
            let promise_on = if promise.is_empty() {
                None
            } else {
                match NaiveDate::parse_from_str(promise, "%Y-%m-%d") {
                    Ok(d) => Some(d),
                    Err(_) => {
                        e.push(&format!("materials[{position}]"), "承诺补齐日期格式应为 年-月-日");
                        None
                    }
                }
            };
            Some(MaterialInput {
                position,
                state: state.get(k).cloned().unwrap_or_default(),
                promise_on,
                file_sha256: file.get(k).map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()),
                note: note.get(k).cloned().unwrap_or_default(),
            })
        })
        .collect()
}

/// The use case's input from the form.
fn case_input(v: &IntakeValues, window_id: i64, item_id: i64, e: &mut Invalid) -> CaseInput {
    let materials = material_inputs(&v.m_pos, &v.m_state, &v.m_promise, &v.m_file, &[], e);
    let agent = [&v.agent_name, &v.agent_id_number, &v.agent_authorisation].iter().any(|x| !x.trim().is_empty()).then(|| AgentInput {
        name: v.agent_name.clone(),
        id_number: v.agent_id_number.clone(),
        authorisation: v.agent_authorisation.clone(),
    });
    let ticket_id = match v.ticket.trim() {
        "" => None,
        t => match t.parse() {
            Ok(t) => Some(t),
            Err(_) => {
                e.push("ticket_id", "号票无效");
                None
            }
        },
    };
    CaseInput {
        item_id: Some(item_id),
        window_id: Some(window_id),
        channel: String::new(),
        applicant: ApplicantInput {
            kind: v.kind.clone(),
            name: v.name.clone(),
            id_number: v.id_number.clone(),
            credit_code: v.credit_code.clone(),
            accept_checksum_mismatch: v.accept_mismatch.is_some(),
            phone: v.phone.clone(),
        },
        agent,
        ticket_id,
        materials,
        form: None,
    }
}

async fn create(State(s): State<AppState>, PageUser(a): PageUser, PageForm(v): PageForm<IntakeValues>) -> Response {
    let r = async {
        let asked = parse_id(&v.window, "窗口")?;
        let w = app::cases::intake_window(&s.app, &a.actor, asked)
            .await?
            .ok_or_else(|| AppError::Conflict("您今天没有安排窗口，请选择受理窗口".to_owned()))?;
        let item = parse_id(&v.item, "事项")?.ok_or_else(|| Invalid::one("item_id", "请选择办理的事项"))?;
        let f = app::cases::intake_form(&s.app, &a.actor, &w, item).await?;
        let mut e = Invalid::default();
        let input = case_input(&v, w.id, item, &mut e);
        let result = if e.fields.is_empty() { app::cases::create_case(&s.app, &a.actor, &input).await } else { Err(e.into()) };
        match result {
            Ok(c) => {
                let id = c.view.case.id;
                // Expires by itself: Max-Age keeps it for the intake visit only.
                let cookie = format!("{QC_COOKIE}_{id}={}; Path=/cases/{id}; Max-Age=1800; HttpOnly; SameSite=Strict", c.query_code);
                let msg = format!("已接件，办件编号 {}。请核对材料后选择受理、一次性告知补正或不予受理。", c.view.case.case_no);
                Ok(([(header::SET_COOKIE, cookie)], done(&format!("/cases/{id}"), &msg)).into_response())
            }
            Err(AppError::Invalid(inv)) => {
                Ok((StatusCode::UNPROCESSABLE_ENTITY, intake_page(&a, &s, &w, &f, v.clone(), Some(&inv))).into_response())
            }
            Err(AppError::Conflict(msg)) => {
                Ok((StatusCode::CONFLICT, intake_page(&a, &s, &w, &f, v.clone(), Some(&Invalid::one("_", msg)))).into_response())
            }
            Err(other) => Err(other),
        }
    }
    .await;
    page(&a, r)
}

// ---------------------------------------------------------------- the case page

struct MaterialRowLine {
    pos: i64,
    name: String,
    required: bool,
    state: &'static str,
    promise: String,
    scan: Option<String>,
    scan_short: String,
}

fn material_state_label(s: &str) -> &'static str {
    match s {
        "provided" => "已收",
        "rongque" => "容缺",
        "waived" => "免提交",
        _ => "缺",
    }
}

struct EventLine {
    at: String,
    actor: String,
    action: &'static str,
    from: &'static str,
    to: &'static str,
    note: String,
}

struct PauseLine {
    kind: String,
    start: String,
    end: String,
    expected: String,
    notice: String,
}

struct ReminderLine {
    at: String,
    level: &'static str,
    light: &'static str,
    role: String,
    channel: String,
}

struct CardLine {
    label: &'static str,
    light: &'static str,
    issued: String,
}

/// One form for one offered action.
struct ActionForm {
    code: &'static str,
    label: &'static str,
    /// reason: none, optional or required.
    reason: &'static str,
    reason_label: &'static str,
    missing: bool,
    special: bool,
    extend: bool,
    deliver: bool,
    points: bool,
    /// The form carries the checklist to update (accept, resubmit, more_received).
    checklist: bool,
    danger: bool,
    error: Option<String>,
}

struct PrintLink {
    href: String,
    label: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "cases/case.html")]
struct CasePageView {
    chrome: Option<Chrome>,
    csrf: String,
    c: store::cases::CaseRow,
    status_label: String,
    channel_label: &'static str,
    clock: app::cases::ClockView,
    light: &'static str,
    next_level_label: &'static str,
    materials: Vec<MaterialRowLine>,
    pauses: Vec<PauseLine>,
    extensions: Vec<EventLine>,
    events: Vec<EventLine>,
    reminders: Vec<ReminderLine>,
    cards: Vec<CardLine>,
    forms: Vec<ActionForm>,
    query_code: Option<String>,
    prints: Vec<PrintLink>,
    review_points: Vec<String>,
    reviewer: bool,
    missing_text: String,
    specials: Vec<Opt>,
    deliveries: Vec<Opt>,
    separated: bool,
    /// The checklist as editable lines, for the forms that update it.
    checklist: Vec<MaterialLine>,
    today: String,
}

fn event_line(e: &store::cases::EventRow) -> EventLine {
    EventLine {
        at: at(e.at),
        actor: e.actor.clone(),
        action: action_label(&e.action),
        from: status_label(&e.from_status),
        to: status_label(&e.to_status),
        note: e.note.clone(),
    }
}

fn action_form(a: Action) -> ActionForm {
    use Action as A;
    let (reason, reason_label) = match a {
        A::Reject => ("required", "不予受理理由（写入不予受理通知书）"),
        A::Deny => ("required", "不予许可理由（告知申请人）"),
        A::Extend => ("required", "延期理由（告知申请人）"),
        A::StartSpecial => ("required", "特别程序告知内容（书面告知申请人）"),
        A::Withdraw | A::Void => ("required", "原因"),
        A::Approve => ("optional", "审批意见"),
        A::Settle => ("optional", "办结说明"),
        _ => ("none", ""),
    };
    ActionForm {
        code: a.code(),
        label: a.label(),
        reason,
        reason_label,
        missing: matches!(a, A::RequestSupplement | A::RequestMore),
        special: a == A::StartSpecial,
        extend: a == A::Extend,
        deliver: a == A::Deliver,
        points: matches!(a, A::Approve | A::Deny),
        checklist: matches!(a, A::Accept | A::Resubmit | A::MoreReceived),
        danger: matches!(a, A::Reject | A::Deny | A::Void | A::Withdraw),
        error: None,
    }
}

fn case_view(a: &Auth, today: NaiveDate, p: CasePage, jar: &CookieJar, failed: Option<(&str, String)>) -> CasePageView {
    let CasePage { detail, content, offered, reviewer } = p;
    let row = detail.view.case;
    let id = row.id;
    let clock = detail.view.clock;
    let materials: Vec<MaterialRowLine> = detail
        .materials
        .iter()
        .map(|m| MaterialRowLine {
            pos: m.position,
            name: m.name.clone(),
            required: m.required,
            state: material_state_label(&m.state),
            promise: m.promise_on.map(|d| d.to_string()).unwrap_or_default(),
            scan: m.file_sha256.as_ref().map(|s| format!("/cases/{id}/scans/{s}")),
            scan_short: m.file_sha256.as_ref().map(|s| s.chars().take(12).collect()).unwrap_or_default(),
        })
        .collect();
    let checklist: Vec<MaterialLine> = detail
        .materials
        .iter()
        .map(|m| {
            let spec = usize::try_from(m.position - 1).ok().and_then(|i| content.materials.get(i));
            MaterialLine {
                pos: m.position,
                name: m.name.clone(),
                required: m.required,
                rongque: spec.is_some_and(|x| x.rongque),
                originals: spec.map_or(0, |x| x.originals),
                copies: spec.map_or(0, |x| x.copies),
                note: m.note.clone(),
                state: m.state.clone(),
                promise: m.promise_on.map(|d| d.to_string()).unwrap_or_default(),
                file: m.file_sha256.clone().unwrap_or_default(),
                error: None,
            }
        })
        .collect();
    let missing_text =
        detail.materials.iter().filter(|m| m.required && m.state == "missing").map(|m| m.name.clone()).collect::<Vec<_>>().join("\n");
    let mut forms: Vec<ActionForm> = offered.iter().map(|x| action_form(*x)).collect();
    if let Some((code, msg)) = failed {
        match forms.iter_mut().find(|f| f.code == code) {
            Some(f) => f.error = Some(msg),
            None => forms.insert(0, ActionForm { error: Some(msg), ..action_form(Action::parse("action", code).unwrap_or(Action::Void)) }),
        }
    }
    let status = CaseStatus::parse("status", &row.status).unwrap_or(CaseStatus::Void);
    let has = |act: &str| detail.events.iter().any(|e| e.action == act);
    let mut prints = Vec::new();
    if row.accepted_on.is_some() {
        prints.push(PrintLink { href: format!("/cases/{id}/print/accepted"), label: "受理通知书" });
    }
    if status == CaseStatus::NotAccepted {
        prints.push(PrintLink { href: format!("/cases/{id}/print/rejected"), label: "不予受理通知书" });
    }
    if has("request_supplement") || has("request_more") {
        prints.push(PrintLink { href: format!("/cases/{id}/print/supplement"), label: "补正告知书（一次性告知单）" });
    }
    if row.delivery_mode.is_some() {
        prints.push(PrintLink { href: format!("/cases/{id}/print/delivery"), label: "送达回证" });
    }
    let me = a.actor.user_id.map(|u| u.0);
    CasePageView {
        chrome: Some(chrome(a, if reviewer { "case_inbox" } else { "case_new" })),
        csrf: a.csrf.clone(),
        query_code: query_code_shown(jar, &row),
        status_label: detail.view.status_label,
        channel_label: CaseChannel::parse("channel", &row.channel).map_or("", |c| c.label()),
        light: light_class(&clock.warning_level),
        next_level_label: clock.next_level.as_deref().map_or("", level_label),
        clock,
        materials,
        pauses: detail
            .pauses
            .iter()
            .map(|p| PauseLine {
                kind: match (&p.kind[..], &p.special_type) {
                    ("special", Some(t)) => format!("特别程序：{}", SpecialProcedure::parse("t", t).map_or(t.as_str(), |s| s.label())),
                    ("special", None) => "特别程序".to_owned(),
                    _ => "受理后补正".to_owned(),
                },
                start: p.start_on.to_string(),
                end: day(p.end_on),
                expected: p.expected_days.map(|d| format!("{d} 个工作日")).unwrap_or_default(),
                notice: p.notice.clone(),
            })
            .collect(),
        extensions: detail.events.iter().filter(|e| e.action == "extend").map(event_line).collect(),
        events: detail.events.iter().map(event_line).collect(),
        reminders: detail
            .reminders
            .iter()
            .map(|r| {
                let l = Level::from_rank(r.level);
                ReminderLine {
                    at: at(r.created_at),
                    level: l.label(),
                    light: light_class(l.code()),
                    role: r.recipient_role.clone(),
                    channel: if r.channel == "in_app" { "站内".to_owned() } else { "短信".to_owned() },
                }
            })
            .collect(),
        cards: detail
            .cards
            .iter()
            .map(|c| {
                let l = Level::from_rank(c.level);
                CardLine { label: l.label(), light: light_class(l.code()), issued: c.issued_on.to_string() }
            })
            .collect(),
        forms,
        prints,
        review_points: content.review_points.clone(),
        reviewer,
        missing_text,
        specials: opts(content_specials(&content).iter().map(|s| (s.code(), s.label())), &[]),
        deliveries: opts(
            (if content.delivery.is_empty() { DeliveryMode::ALL.to_vec() } else { content.delivery.clone() })
                .iter()
                .map(|d| (d.code(), d.label())),
            &[],
        ),
        separated: me.is_some() && row.accepted_by == me && reviewer,
        checklist,
        today: today.format("%Y-%m-%d").to_string(),
        c: row,
    }
}

/// The special procedures offered: the item's own, else every kind.
fn content_specials(c: &domain::catalog::ItemContent) -> Vec<SpecialProcedure> {
    if c.special_procedures.is_empty() { SpecialProcedure::ALL.to_vec() } else { c.special_procedures.clone() }
}

async fn case(State(s): State<AppState>, PageUser(a): PageUser, jar: CookieJar, Path(id): Path<i64>, Query(m): Query<Msg>) -> Response {
    let r = async {
        let p = app::cases::case_page(&s.app, &a.actor, id).await?;
        let mut v = case_view(&a, s.app.clock.today(), p, &jar, None);
        if let Some(c) = &mut v.chrome {
            c.flash = m.msg;
        }
        Ok(v.into_response())
    }
    .await;
    page(&a, r)
}

#[derive(Deserialize, Default)]
struct ActForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    missing: String,
    #[serde(default)]
    special_type: String,
    #[serde(default)]
    expected_days: String,
    #[serde(default)]
    days: String,
    #[serde(default)]
    delivery_mode: String,
    #[serde(default)]
    delivery_detail: String,
    /// The review points ticked (1-based).
    #[serde(default)]
    points: Vec<String>,
    /// The checklist as it now stands (accept, resubmit, more_received).
    #[serde(default)]
    m_pos: Vec<String>,
    #[serde(default)]
    m_state: Vec<String>,
    #[serde(default)]
    m_promise: Vec<String>,
    #[serde(default)]
    m_file: Vec<String>,
    #[serde(default)]
    m_note: Vec<String>,
}

fn opt_days(s: &str, field: &str, e: &mut Invalid) -> Option<i64> {
    match s.trim() {
        "" => None,
        t => t.parse().map(Some).unwrap_or_else(|_| {
            e.push(field, "请填写整数天数");
            None
        }),
    }
}

async fn act(
    State(s): State<AppState>,
    PageUser(a): PageUser,
    jar: CookieJar,
    Path(id): Path<i64>,
    PageForm(f): PageForm<ActForm>,
) -> Response {
    let r = async {
        let mut e = Invalid::default();
        let mut input = ActionInput {
            action: f.action.trim().to_owned(),
            reason: f.reason.clone(),
            missing: f.missing.lines().map(|l| l.trim().to_owned()).filter(|l| !l.is_empty()).collect(),
            special_type: f.special_type.clone(),
            expected_days: opt_days(&f.expected_days, "expected_days", &mut e),
            days: opt_days(&f.days, "days", &mut e),
            delivery_mode: f.delivery_mode.clone(),
            delivery_detail: f.delivery_detail.clone(),
            materials: None,
            review_points: None,
        };
        if !f.m_pos.is_empty() {
            input.materials = Some(material_inputs(&f.m_pos, &f.m_state, &f.m_promise, &f.m_file, &f.m_note, &mut e));
        }
        let result = if !e.fields.is_empty() {
            Err(AppError::from(e))
        } else {
            if matches!(input.action.as_str(), "approve" | "deny") {
                // The ticked 审查要点 go into the trail with the decision (not into its reason).
                input.review_points = Some(f.points.iter().filter_map(|t| t.trim().parse().ok()).collect());
            }
            app::cases::act(&s.app, &a.actor, id, &input).await
        };
        match result {
            Ok(v) => Ok(done(&format!("/cases/{id}"), &format!("已{}，当前状态：{}", action_label(&input.action), v.status_label))),
            Err(err @ (AppError::Invalid(_) | AppError::Conflict(_) | AppError::Transition { .. } | AppError::Forbidden(_))) => {
                let status = crate::error::status_of(&err);
                let msg = match &err {
                    AppError::Invalid(i) => i.fields.iter().map(|x| x.message.clone()).collect::<Vec<_>>().join("；"),
                    other => crate::error::public_message(other),
                };
                let p = app::cases::case_page(&s.app, &a.actor, id).await?;
                let v = case_view(&a, s.app.clock.today(), p, &jar, Some((input.action.as_str(), msg)));
                Ok((status, v).into_response())
            }
            Err(other) => Err(other),
        }
    }
    .await;
    page(&a, r)
}

async fn scan(State(s): State<AppState>, PageUser(a): PageUser, Path((id, sha)): Path<(i64, String)>) -> Response {
    match app::cases::case_scan(&s.app, &a.actor, id, &sha).await {
        Ok((bytes, ct)) => (
            [
                (header::CONTENT_TYPE, ct),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
                (header::CONTENT_DISPOSITION, "inline".to_owned()),
                (header::CACHE_CONTROL, "private, no-store".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => app_error_page(&e, Some(&a)),
    }
}

// ---------------------------------------------------------------- print

#[derive(Template, WebTemplate)]
#[template(path = "cases/print.html")]
struct PrintPage {
    kind: String,
    title: &'static str,
    c: store::cases::CaseRow,
    centre: String,
    today: String,
    received_on: String,
    accepted_on: String,
    promised_deadline: String,
    statutory_deadline: String,
    promised_limit: u32,
    statutory_limit: u32,
    query_code: Option<String>,
    legal_basis: String,
    missing: Vec<String>,
    notice_on: String,
    reason: String,
    delivery_mode: String,
    delivery_detail: String,
    result_name: String,
    applicant_id: String,
}

async fn print(State(s): State<AppState>, PageUser(a): PageUser, jar: CookieJar, Path((id, kind)): Path<(i64, String)>) -> Response {
    let r = async {
        let n = app::cases::notice(&s.app, &a.actor, id, app::cases::NoticeKind::parse(&kind)?).await?;
        let p = &n.page;
        let row = &p.detail.view.case;
        let clock = &p.detail.view.clock;
        let notice_on = n.event.as_ref().map_or(s.app.clock.today(), |e| e.at.with_timezone(&app::cst()).date_naive());
        Ok(PrintPage {
            title: n.kind.title(),
            centre: row.site_name.clone(),
            today: cn_day(s.app.clock.today()),
            received_on: cn_day(row.created_at.with_timezone(&app::cst()).date_naive()),
            accepted_on: row.accepted_on.map(cn_day).unwrap_or_default(),
            promised_deadline: clock.promised_deadline.map(cn_day).unwrap_or_default(),
            statutory_deadline: clock.statutory_deadline.map(cn_day).unwrap_or_default(),
            promised_limit: clock.promised_limit,
            statutory_limit: clock.statutory_limit,
            query_code: query_code_shown(&jar, row),
            legal_basis: p.content.legal_basis.clone(),
            missing: n.missing.clone(),
            notice_on: cn_day(notice_on),
            reason: n.reason.clone(),
            delivery_mode: row
                .delivery_mode
                .as_deref()
                .map(|m| DeliveryMode::parse("m", m).map_or(m.to_owned(), |d| d.label().to_owned()))
                .unwrap_or_default(),
            delivery_detail: row.delivery_detail.clone().unwrap_or_default(),
            result_name: p.content.result_name.clone(),
            applicant_id: row.applicant_id_masked.clone().or_else(|| row.credit_code.clone()).unwrap_or_default(),
            c: row.clone(),
            kind: n.kind.code().to_owned(),
        }
        .into_response())
    }
    .await;
    page(&a, r)
}

// ---------------------------------------------------------------- inbox

#[derive(Deserialize, Default)]
struct InboxQuery {
    #[serde(default)]
    department: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    cursor: String,
    /// Rows per page (1–200, default 50).
    #[serde(default)]
    limit: Option<i64>,
}

struct InboxLine {
    id: i64,
    case_no: String,
    item: String,
    applicant: String,
    status: &'static str,
    accepted: String,
    due: String,
    light: &'static str,
    light_label: &'static str,
    paused: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "cases/inbox.html")]
struct InboxPageView {
    chrome: Option<Chrome>,
    departments: Vec<Opt>,
    statuses: Vec<Opt>,
    department: Option<i64>,
    lines: Vec<InboxLine>,
    next_href: Option<String>,
    message: Option<String>,
}

async fn inbox(State(s): State<AppState>, PageUser(a): PageUser, Query(q): Query<InboxQuery>) -> Response {
    let r = async {
        let depts = app::cases::inbox_departments(&s.app, &a.actor).await?;
        let limit = q.limit.unwrap_or(50).clamp(1, 200);
        let department = parse_id(&q.department, "部门")?.or_else(|| if depts.len() == 1 { depts.first().map(|d| d.0) } else { None });
        let status = q.status.trim().to_owned();
        let mut statuses = vec![Opt { value: String::new(), label: "全部待办".to_owned(), selected: status.is_empty() }];
        statuses.extend(app::cases::INBOX_STATUSES.iter().map(|c| Opt {
            value: (*c).to_owned(),
            label: status_label(c).to_owned(),
            selected: status == *c,
        }));
        let departments = opts(depts.iter().map(|d| (d.0, d.1.clone())), &[department.map(|d| d.to_string()).unwrap_or_default()]);
        let mut view = InboxPageView {
            chrome: Some(chrome(&a, "case_inbox")),
            departments,
            statuses,
            department,
            lines: vec![],
            next_href: None,
            message: None,
        };
        let Some(dept) = department else {
            view.message = Some("请选择部门查看待办件。".to_owned());
            return Ok(view.into_response());
        };
        let page = app::cases::inbox(&s.app, &a.actor, Some(dept), Some(&status), Some(q.cursor.as_str()), limit).await?;
        view.lines = page
            .items
            .iter()
            .map(|i| InboxLine {
                id: i.case.id,
                case_no: i.case.case_no.clone(),
                item: i.case.item_name.clone(),
                applicant: i.case.applicant_name.clone(),
                status: status_label(&i.case.status),
                accepted: day(i.case.accepted_on),
                due: day(i.case.promised_deadline),
                light: light_class(&i.light),
                light_label: level_label(&i.light),
                paused: i.paused,
            })
            .collect();
        view.next_href = page.next_cursor.map(|c| {
            format!(
                "/cases/inbox?department={dept}&status={}&limit={limit}&cursor={}",
                urlencoding::encode(&status),
                urlencoding::encode(&c)
            )
        });
        Ok(view.into_response())
    }
    .await;
    page(&a, r)
}
