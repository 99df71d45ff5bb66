//! The case page `/cases/{id}`: status, clock and light, checklist with scans, pauses,
//! extensions, trail, reminders, and a form per action the caller is offered; a case's scans
//! (`/cases/{id}/scans/{sha}`) and the pages' static assets. Forms post back here and call
//! `app::cases` (the one guard); invalid input re-renders with each message beside its field
//! (422), a refusal shows the use case's Chinese message.

use app::AppError;
use app::cases::ActionInput;
use app::cases::CasePage;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum_extra::extract::cookie::CookieJar;
use chrono::NaiveDate;
use domain::Invalid;
use domain::cases::{Action, CaseChannel, CaseStatus, Level};
use domain::catalog::{DeliveryMode, SpecialProcedure};
use serde::Deserialize;

use super::common::*;
use crate::extract::caller::{Auth, PageUser};
use crate::extract::form::PageForm;
use crate::respond::page::{app_error_page, page};
use crate::respond::view::{Chrome, Msg, Opt, chrome, done, opts};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/cases/{id}", get(case))
        .route("/cases/{id}/act", post(act))
        .route("/cases/{id}/scans/{sha}", get(scan))
        .route("/static/cases.js", get(|| async { asset("text/javascript", include_str!("../../../static/cases.js")) }))
        .route("/static/cases.css", get(|| async { asset("text/css", include_str!("../../../static/cases.css")) }))
}

// ---------------------------------------------------------------- the case page

pub(super) struct MaterialRowLine {
    pos: i64,
    name: String,
    required: bool,
    state: &'static str,
    promise: String,
    scan: Option<String>,
    scan_short: String,
}

pub(super) fn material_state_label(s: &str) -> &'static str {
    match s {
        "provided" => "已收",
        "rongque" => "容缺",
        "waived" => "免提交",
        _ => "缺",
    }
}

pub(super) struct EventLine {
    at: String,
    actor: String,
    action: &'static str,
    from: &'static str,
    to: &'static str,
    note: String,
}

pub(super) struct PauseLine {
    kind: String,
    start: String,
    end: String,
    expected: String,
    notice: String,
}

pub(super) struct ReminderLine {
    at: String,
    level: &'static str,
    light: &'static str,
    role: String,
    channel: String,
}

pub(super) struct CardLine {
    label: &'static str,
    light: &'static str,
    issued: String,
}

/// One form for one offered action.
pub(super) struct ActionForm {
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

pub(super) struct PrintLink {
    href: String,
    label: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "cases/case.html")]
pub(super) struct CasePageView {
    chrome: Option<Chrome>,
    csrf: String,
    c: store::cases::CaseRow,
    status_label: String,
    next_step: Option<String>,
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

pub(super) fn event_line(e: &store::cases::EventRow) -> EventLine {
    EventLine {
        at: at(e.at),
        actor: e.actor.clone(),
        action: action_label(&e.action),
        from: status_label(&e.from_status),
        to: status_label(&e.to_status),
        note: e.note.clone(),
    }
}

pub(super) fn action_form(a: Action) -> ActionForm {
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

pub(super) fn case_view(a: &Auth, today: NaiveDate, p: CasePage, jar: &CookieJar, failed: Option<(&str, String)>) -> CasePageView {
    let CasePage { detail, content, offered, reviewer } = p;
    let next_step = detail.view.next_step();
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
        next_step,
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
pub(super) fn content_specials(c: &domain::catalog::ItemContent) -> Vec<SpecialProcedure> {
    if c.special_procedures.is_empty() { SpecialProcedure::ALL.to_vec() } else { c.special_procedures.clone() }
}

pub(super) async fn case(
    State(s): State<AppState>,
    PageUser(a): PageUser,
    jar: CookieJar,
    Path(id): Path<i64>,
    Query(m): Query<Msg>,
) -> Response {
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
pub(super) struct ActForm {
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

pub(super) fn opt_days(s: &str, field: &str, e: &mut Invalid) -> Option<i64> {
    match s.trim() {
        "" => None,
        t => t.parse().map(Some).unwrap_or_else(|_| {
            e.push(field, "请填写整数天数");
            None
        }),
    }
}

pub(super) async fn act(
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
            Ok(v) => {
                let next = v.next_step().map(|n| format!("。{n}")).unwrap_or_default();
                Ok(done(&format!("/cases/{id}"), &format!("已{}，当前状态：{}{next}", action_label(&input.action), v.status_label)))
            }
            Err(err @ (AppError::Invalid(_) | AppError::Conflict(_) | AppError::Transition { .. } | AppError::Forbidden(_))) => {
                let status = crate::respond::error::status_of(&err);
                let msg = match &err {
                    AppError::Invalid(i) => i.fields.iter().map(|x| x.message.clone()).collect::<Vec<_>>().join("；"),
                    other => crate::respond::error::public_message(other),
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

pub(super) async fn scan(State(s): State<AppState>, PageUser(a): PageUser, Path((id, sha)): Path<(i64, String)>) -> Response {
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
