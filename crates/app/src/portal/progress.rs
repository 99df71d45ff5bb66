//! The public progress page (办件进度查询) by case number and query code.

use chrono::{DateTime, NaiveDate, Utc};
use domain::Invalid;
use domain::cases::{Action, CaseChannel, CaseStatus};
use domain::catalog::DeliveryMode;
use serde::Serialize;
use utoipa::ToSchema;

use super::applications::*;
use crate::cases::model::CaseView;
use crate::cases::online::case_by_code;
use crate::{App, Result};

/// One step of a case as the public progress page shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProgressStep {
    pub at: DateTime<Utc>,
    /// The action's Chinese name.
    pub label: String,
    /// The state after it.
    pub status_label: String,
    /// Missing materials or a refusal's reason.
    pub note: String,
}

/// What a case number + query code shows: no ID number, no phone, no staff names.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProgressView {
    pub case_no: String,
    pub item_name: String,
    pub site_name: String,
    pub department_name: String,
    pub channel_label: String,
    pub status: String,
    pub status_label: String,
    pub steps: Vec<ProgressStep>,
    pub accepted_on: Option<NaiveDate>,
    pub promised_deadline: Option<NaiveDate>,
    pub promised_limit: u32,
    pub working_days_used: u32,
    pub paused: bool,
    /// What is missing while a supplement is requested.
    pub missing: Vec<String>,
    pub delivery_label: String,
    pub materials: Vec<(String, String)>,
    /// Ended, unrated and within the late-rating window: the page offers the rating form.
    pub ratable: bool,
    /// The rating given, as its level's label.
    pub rated: Option<String>,
}

pub(super) fn step_label(code: &str) -> String {
    if code == "save_draft" {
        return "保存草稿".to_owned();
    }
    Action::parse("action", code).map_or_else(|_| code.to_owned(), |a| a.label().to_owned())
}

/// The Chinese name of a checklist line's state.
pub fn material_state_label(s: &str) -> &'static str {
    match s {
        "provided" => "已提交",
        "rongque" => "容缺（承诺补齐）",
        "waived" => "免提交",
        _ => "未提交",
    }
}

/// The progress of a case by its number and query code, asked from client address `client`. A
/// wrong pair and an unknown number get the same answer; [`LOOKUP_FAILURES_PER_HOUR`] wrong pairs
/// per client and case number per hour are allowed.
pub async fn progress(app: &App, case_no: &str, query_code: &str, client: &str) -> Result<ProgressView> {
    let case_no = case_no.trim();
    let query_code = query_code.trim().to_ascii_uppercase();
    let mut e = Invalid::default();
    if case_no.is_empty() || case_no.chars().count() > 40 {
        e.push("case_no", "请输入办件编号");
    }
    if query_code.is_empty() || query_code.len() > 16 {
        e.push("query_code", "请输入查询码");
    }
    e.into_result()?;
    let row = case_by_code(app, case_no, &query_code, client).await?;
    let mut tx = app.read().await?;
    let events = store::cases::list_events(&mut tx, row.id).await?;
    let materials = store::cases::list_materials(&mut tx, row.id).await?;
    let pauses = store::cases::list_pauses(&mut tx, row.id).await?;
    let rating = store::ratings::rating_for_case(&mut tx, row.id).await?;
    let rating_policy = crate::ratings::rate::policy_in(&mut tx, &row.org_path).await?;
    drop(tx);
    let cal = crate::calendar::days::calendar(app).await?;
    let status = crate::cases::model::status_of(&row);
    let ratable = rating.is_none()
        && crate::ratings::rate::RATABLE.contains(&status.code())
        && rating_policy.may_rate(row.updated_at.with_timezone(&crate::cst()).date_naive(), app.clock.today());
    let rated = rating.map(|r| domain::ratings::level_label(r.final_level.unwrap_or(r.level)).unwrap_or_default().to_owned());
    let missing = if status == CaseStatus::SupplementRequested {
        events
            .iter()
            .rev()
            .find(|e| e.action == Action::RequestSupplement.code())
            .and_then(|e| serde_json::from_str::<serde_json::Value>(&e.data).ok())
            .and_then(|v| v["missing"].as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect()))
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let steps = events
        .iter()
        .map(|e| ProgressStep {
            at: e.at,
            label: step_label(&e.action),
            status_label: CaseStatus::parse("status", &e.to_status).map_or_else(|_| e.to_status.clone(), |s| s.label().to_owned()),
            note: if matches!(e.action.as_str(), "request_supplement" | "request_more" | "reject" | "deny") {
                domain::validate::mask_pii(&e.note)
            } else {
                String::new()
            },
        })
        .collect();
    let delivery = match row.delivery_mode.as_deref() {
        Some(m) => format!("{}（已送达）", DeliveryMode::parse("m", m).map_or(m, |x| x.label())),
        None => delivery_label(&row.form),
    };
    let channel_label = CaseChannel::parse("c", &row.channel).map_or_else(|_| row.channel.clone(), |c| c.label().to_owned());
    let policy = crate::cases::ladder::policy_for(app, row.site_id, row.item_id).await?;
    let v: CaseView = crate::cases::model::view(&cal, &policy, row, &pauses, app.clock.today());
    Ok(ProgressView {
        case_no: v.case.case_no.clone(),
        item_name: v.case.item_name.clone(),
        site_name: v.case.site_name.clone(),
        department_name: v.case.department_name.clone(),
        channel_label,
        status: status.code().to_owned(),
        status_label: status.label().to_owned(),
        steps,
        accepted_on: v.clock.accepted_on,
        promised_deadline: v.clock.promised_deadline,
        promised_limit: v.clock.promised_limit,
        working_days_used: v.clock.working_days_used,
        paused: v.clock.paused,
        missing,
        delivery_label: delivery,
        materials: materials.into_iter().map(|m| (m.name, material_state_label(&m.state).to_owned())).collect(),
        ratable,
        rated,
    })
}

// ---------------------------------------------------------------- window pre-check
