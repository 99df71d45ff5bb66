//! Case inputs and views, and the clock of a case (deadlines and warning ladder) as shown.

use chrono::NaiveDate;
use domain::calendar::Calendar;
use domain::cases::{Action, CaseStatus, Level, Warning, warning};
use domain::clock::{CaseClock, Extension, ExtensionTarget, Pause};
use serde::{Deserialize, Serialize};
use store::cases::{CaseRow, EventRow, MaterialRow, PauseRow};
use utoipa::ToSchema;

use crate::cases::ladder::Policy;
use crate::support::input::opt_id;
use crate::{App, AppError, Result};
use domain::catalog::{CaseKind, ItemContent};
use std::sync::Arc;

/// The applicant: a person (ID number) or an enterprise (unified social credit code).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ApplicantInput {
    /// `person` or `enterprise`.
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub name: String,
    /// A person's resident ID number.
    #[serde(default)]
    pub id_number: String,
    /// An enterprise's unified social credit code.
    #[serde(default)]
    pub credit_code: String,
    /// Accept a credit code whose check character does not match (real ones exist); recorded.
    #[serde(default)]
    pub accept_checksum_mismatch: bool,
    /// Contact mobile.
    #[serde(default)]
    pub phone: String,
}

/// Who filed on the applicant's behalf (帮办代办), and the authorisation.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct AgentInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub id_number: String,
    /// The authorisation (e.g. “授权委托书，2026-11-26 签署”).
    #[serde(default)]
    pub authorisation: String,
}

/// One line of the material checklist, by its position in the item version's list.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct MaterialInput {
    pub position: i64,
    /// provided, missing, rongque (容缺, with `promise_on`) or waived.
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub promise_on: Option<NaiveDate>,
    /// A stored scan (its sha256 from the upload endpoint).
    #[serde(default)]
    pub file_sha256: Option<String>,
    #[serde(default)]
    pub note: String,
}

/// A case taken in.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct CaseInput {
    #[serde(default, deserialize_with = "opt_id")]
    pub item_id: Option<i64>,
    /// The window taking it in (defaults to the clerk's seat today).
    #[serde(default, deserialize_with = "opt_id")]
    pub window_id: Option<i64>,
    /// window (default), proxy, kiosk, online, mobile.
    #[serde(default)]
    pub channel: String,
    #[serde(default)]
    pub applicant: ApplicantInput,
    #[serde(default)]
    pub agent: Option<AgentInput>,
    /// The ticket being served when the case was taken in.
    #[serde(default, deserialize_with = "opt_id")]
    pub ticket_id: Option<i64>,
    #[serde(default)]
    pub materials: Vec<MaterialInput>,
    /// The item's form, as filled in.
    #[serde(default)]
    pub form: Option<serde_json::Value>,
}

/// A transition request: `{"action": …}` plus what that action needs.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = CaseActionInput)]
pub struct ActionInput {
    pub action: String,
    /// Reason or notice text (不予受理, 审批不通过, 撤回, 作废, 延期, 特别程序 notices).
    #[serde(default)]
    pub reason: String,
    /// request_supplement / request_more: what is missing, one line each (一次性告知).
    #[serde(default)]
    pub missing: Vec<String>,
    /// start_special: the procedure (听证, 检测, 专家评审, …) and the working days it is expected to take.
    #[serde(default)]
    pub special_type: String,
    #[serde(default)]
    pub expected_days: Option<i64>,
    /// extend: working days added to both limits.
    #[serde(default)]
    pub days: Option<i64>,
    /// deliver: window, mail or electronic, with the receiver (window), tracking number (mail)
    /// or licence number (electronic).
    #[serde(default)]
    pub delivery_mode: String,
    #[serde(default)]
    pub delivery_detail: String,
    /// resubmit / more_received / accept: the checklist as it now stands.
    #[serde(default)]
    pub materials: Option<Vec<MaterialInput>>,
    /// approve / deny: the 审查要点 of the item version the reviewer checked (1-based), recorded
    /// with the decision in the trail.
    #[serde(default)]
    pub review_points: Option<Vec<i64>>,
}

/// The clock as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClockView {
    pub accepted_on: Option<NaiveDate>,
    pub promised_deadline: Option<NaiveDate>,
    pub statutory_deadline: Option<NaiveDate>,
    pub promised_limit: u32,
    pub statutory_limit: u32,
    pub working_days_used: u32,
    pub paused: bool,
    /// none, remind, yellow, red.
    pub warning_level: String,
    pub warning_label: String,
    pub next_level: Option<String>,
    pub next_level_on: Option<NaiveDate>,
    /// The warning ladder in force for the case, in words: the plan's defaults or the local
    /// policy (本地政策) of its site or item.
    pub ladder_policy: String,
    /// The deadlines cross a year whose holiday schedule is not entered yet: they are counted on
    /// the statutory holidays alone and recomputed once the schedule is entered (暂定).
    pub provisional: bool,
}

/// A case as shown to staff: masked identifiers only.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CaseView {
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub case: CaseRow,
    pub status_label: String,
    pub clock: ClockView,
    /// What may be done next (codes).
    pub allowed: Vec<&'static str>,
}

impl CaseView {
    /// What happens to the case next, in words for the clerk and the applicant (None when final).
    pub fn next_step(&self) -> Option<String> {
        let c = &self.case;
        let until = self.clock.promised_deadline.map(|d| format!("（至 {d}）")).unwrap_or_default();
        let days = self.clock.promised_limit;
        Some(match (status_of(c), kind_of(c)) {
            (CaseStatus::Accepted, CaseKind::Promise) => {
                format!("已转{}后台审查，承诺 {days} 个工作日内办结{until}", c.department_name)
            }
            (CaseStatus::Accepted, CaseKind::Instant) => "即办件：材料齐全，可当场即办办结".to_owned(),
            (CaseStatus::InReview, _) => format!("{}后台审查中，承诺 {days} 个工作日内办结{until}", c.department_name),
            (CaseStatus::SpecialProcedure, _) => "特别程序中，计时暂停，程序结束后继续审查".to_owned(),
            (CaseStatus::SupplementAfterAccept | CaseStatus::SupplementRequested, _) => "待申请人补正材料，收到后继续办理".to_owned(),
            (CaseStatus::Approved | CaseStatus::Denied, _) => "审批已决定，待出件".to_owned(),
            (CaseStatus::ResultReady, _) => "结果已备好，待送达申请人".to_owned(),
            (CaseStatus::Delivered, _) => "已送达，待办结归档".to_owned(),
            _ => return None,
        })
    }
}

/// A case with its checklist, pauses and trail.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CaseDetail {
    #[serde(flatten)]
    pub view: CaseView,
    #[schema(value_type = Vec<Object>)]
    pub materials: Vec<MaterialRow>,
    #[schema(value_type = Vec<Object>)]
    pub pauses: Vec<PauseRow>,
    #[schema(value_type = Vec<Object>)]
    pub events: Vec<EventRow>,
    /// Who was reminded of this case, at which level, by which channel.
    #[schema(value_type = Vec<Object>)]
    pub reminders: Vec<store::cases::ReminderRow>,
    /// Yellow and red cards.
    #[schema(value_type = Vec<Object>)]
    pub cards: Vec<store::cases::CardRow>,
}

/// What a new case answers: the query code is shown once, on the acceptance notice.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CreatedCase {
    #[serde(flatten)]
    pub view: CaseView,
    pub query_code: String,
}

pub(super) fn clock_of(row: &CaseRow, pauses: &[PauseRow], extensions: i64) -> Option<CaseClock> {
    let acc = row.accepted_on?;
    let mut c = CaseClock::new(acc, u32::try_from(row.promised_days).unwrap_or(0), u32::try_from(row.statutory_days).unwrap_or(0));
    c.pauses = pauses
        .iter()
        .map(|p| Pause { start: p.start_on, end: p.end_on, reason: p.special_type.clone().unwrap_or_else(|| p.kind.clone()) })
        .collect();
    if extensions > 0 {
        c.extensions.push(Extension { days: u32::try_from(extensions).unwrap_or(0), applies_to: ExtensionTarget::Both });
    }
    Some(c)
}

/// The clock of a case on `today`, and its warning.
pub(super) fn clock_view(cal: &Calendar, policy: &Policy, row: &CaseRow, pauses: &[PauseRow], today: NaiveDate) -> (ClockView, Warning) {
    let ladder = &policy.ladder;
    let ladder_policy = policy.label.clone();
    match clock_of(row, pauses, row.extension_days) {
        None => (
            ClockView {
                accepted_on: None,
                promised_deadline: None,
                statutory_deadline: None,
                promised_limit: u32::try_from(row.promised_days).unwrap_or(0),
                statutory_limit: u32::try_from(row.statutory_days).unwrap_or(0),
                working_days_used: 0,
                paused: false,
                warning_level: Level::None.code().to_owned(),
                warning_label: Level::None.label().to_owned(),
                next_level: None,
                next_level_on: None,
                ladder_policy,
                provisional: false,
            },
            Warning { level: Level::None, remind_on: None, yellow_on: None, red_on: None },
        ),
        Some(c) => {
            let stopped = row.decided_on.or(if status_of(row).is_final() { Some(row.updated_at.date_naive()) } else { None });
            let w = warning(cal, ladder, &c, stopped, today);
            let until = stopped.unwrap_or(today).min(today);
            let next = w.next_level();
            (
                ClockView {
                    accepted_on: Some(c.accepted_on),
                    promised_deadline: c.promised_deadline(cal),
                    statutory_deadline: c.statutory_deadline(cal),
                    promised_limit: c.limit_days(domain::clock::Limit::Promised),
                    statutory_limit: c.limit_days(domain::clock::Limit::Statutory),
                    working_days_used: c.used_days(cal, until),
                    paused: c.is_paused(today) && stopped.is_none(),
                    warning_level: w.level.code().to_owned(),
                    warning_label: w.level.label().to_owned(),
                    next_level: next.map(|(l, _)| l.code().to_owned()),
                    next_level_on: next.map(|(_, d)| d),
                    ladder_policy,
                    provisional: c.statutory_deadline(cal).is_some_and(|end| cal.provisional_between(c.accepted_on, end)),
                },
                w,
            )
        }
    }
}

pub(crate) fn status_of(row: &CaseRow) -> CaseStatus {
    CaseStatus::parse("status", &row.status).unwrap_or(CaseStatus::Void)
}

/// The case's kind; a value the store never writes reads as 承诺件 (the stricter path).
pub(crate) fn kind_of(row: &CaseRow) -> CaseKind {
    CaseKind::parse("case_kind", &row.case_kind).unwrap_or(CaseKind::Promise)
}

/// The actions the case's state and kind allow (before the actor's rights are applied).
pub(crate) fn allowed_of(row: &CaseRow) -> Vec<Action> {
    status_of(row).allowed_for(kind_of(row))
}

pub(crate) fn view(cal: &Calendar, policy: &Policy, row: CaseRow, pauses: &[PauseRow], today: NaiveDate) -> CaseView {
    let (clock, _) = clock_view(cal, policy, &row, pauses, today);
    let status = status_of(&row);
    CaseView { status_label: status.label().to_owned(), allowed: allowed_of(&row).iter().map(|a| a.code()).collect(), clock, case: row }
}

/// A new query code (查询码) for a case: what the applicant quotes with the case number.
pub fn query_code() -> String {
    // 8 characters without look-alikes (no 0/O, 1/I/L).
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let b: [u8; 8] = rand::random();
    b.iter().map(|x| char::from(ALPHABET[usize::from(*x) % ALPHABET.len()])).collect()
}

/// The parsed standard of an item version. Published versions never change, so each is parsed
/// once per process and shared.
pub(super) async fn item_content(app: &App, tx: &mut store::Tx, version_id: i64) -> Result<Arc<ItemContent>> {
    if let Some(c) = app.caches.item_content(version_id) {
        return Ok(c);
    }
    let v = store::catalog::get_version(tx, version_id).await?;
    let c: Arc<ItemContent> =
        Arc::new(serde_json::from_str(&v.content).map_err(|x| AppError::internal(format!("item version {}", v.summary.id), x))?);
    if v.summary.status == "published" {
        app.caches.put_item_content(version_id, c.clone());
    }
    Ok(c)
}
