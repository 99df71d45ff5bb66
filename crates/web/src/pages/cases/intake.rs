//! The intake workstation `/cases/new`: item of the window → applicant, agent, ticket, material
//! checklist with scans → 接件. Scans are uploaded by `static/cases.js` to `POST /api/v1/uploads`
//! (session CSRF header).
//!
//! The query code (查询码) is answered once, by `create_case`. The intake page hands it to the
//! browser that took the case in as an HttpOnly cookie scoped to that case's path for 30 minutes;
//! the case page and the 受理通知书 show it in full only while that cookie holds the case's code,
//! and masked afterwards (it was given to the applicant at intake).

use std::collections::HashMap;

use app::AppError;
use app::cases::IntakeForm;
use app::cases::{AgentInput, ApplicantInput, CaseInput};
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use domain::Invalid;
use serde::Deserialize;

use super::common::*;
use crate::extract::caller::{Auth, PageUser};
use crate::extract::form::{PageForm, query_id};
use crate::respond::form::unprocessable;
use crate::respond::page::page;
use crate::respond::view::{Chrome, Opt, chrome, done};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/cases/new", get(intake).post(create))
}

// ---------------------------------------------------------------- intake

#[derive(Deserialize, Default)]
pub(super) struct IntakeQuery {
    #[serde(default)]
    window: String,
    #[serde(default)]
    item: String,
    #[serde(default)]
    q: String,
}

pub(super) struct ItemLine {
    id: i64,
    name: String,
    code: String,
    department: String,
    promised: i64,
    statutory: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "cases/pick.html")]
pub(super) struct PickPage {
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
pub(super) struct IntakeValues {
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

/// Errors of the intake form by field.
#[derive(Default)]
pub(super) struct IntakeErrors {
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
pub(super) struct IntakePage {
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

pub(super) fn window_label(w: &store::org::WindowRow) -> String {
    format!("{} · {} 号窗口 {}", w.site_name, w.number, w.name)
}

pub(super) fn intake_page(
    a: &Auth,
    s: &AppState,
    w: &store::org::WindowRow,
    f: &IntakeForm,
    v: IntakeValues,
    errs: Option<&Invalid>,
) -> IntakePage {
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
    if let Ok(Some(t)) = query_id(Some(v.ticket.as_str()), "号票")
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

pub(super) async fn intake(State(s): State<AppState>, PageUser(a): PageUser, Query(q): Query<IntakeQuery>) -> Response {
    let r = async {
        let asked = query_id(Some(q.window.as_str()), "窗口")?;
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
        match query_id(Some(q.item.as_str()), "事项")? {
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

/// The use case's input from the form.
pub(super) fn case_input(v: &IntakeValues, window_id: i64, item_id: i64, e: &mut Invalid) -> CaseInput {
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

pub(super) async fn create(State(s): State<AppState>, PageUser(a): PageUser, PageForm(v): PageForm<IntakeValues>) -> Response {
    let r = async {
        let asked = query_id(Some(v.window.as_str()), "窗口")?;
        let w = app::cases::intake_window(&s.app, &a.actor, asked)
            .await?
            .ok_or_else(|| AppError::Conflict("您今天没有安排窗口，请选择受理窗口".to_owned()))?;
        let item = query_id(Some(v.item.as_str()), "事项")?.ok_or_else(|| Invalid::one("item_id", "请选择办理的事项"))?;
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
            Err(AppError::Invalid(inv)) => Ok(unprocessable(intake_page(&a, &s, &w, &f, v.clone(), Some(&inv)))),
            Err(AppError::Conflict(msg)) => {
                Ok((StatusCode::CONFLICT, intake_page(&a, &s, &w, &f, v.clone(), Some(&Invalid::one("_", msg)))).into_response())
            }
            Err(other) => Err(other),
        }
    }
    .await;
    page(&a, r)
}
