//! Case use cases (综合一窗, R6–R8, R16): any-window intake, the back office's review and decision,
//! result delivery, each transition one function of the canonical state machine
//! ([`domain::cases`]), and the case clock with its warning level.
//!
//! Rules enforced here:
//! - A clerk takes in an item only at a window authorised for it, under the item's current
//!   published version (the case keeps that version for good).
//! - A case is accepted only when every required material is provided or flagged 容缺 with a
//!   promise date; the one-time notice (一次性告知) lists what is missing instead.
//! - 受审分离: whoever accepted a case may never approve or deny it.
//! - Transitions are conditional updates on the case's state and version: of two people acting on
//!   one case at once, exactly one wins and the other gets 409.
//! - ID numbers and phones are sealed (ciphertext, blind index, masked copy); only masks are shown.
//! - Writes go through the group-commit writer ([`crate::batch`]); the applicant's notices go
//!   through the SMS outbox in the same transaction.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use domain::Invalid;
use domain::access::Permission;
use domain::calendar::Calendar;
use domain::cases::{Action, CaseChannel, CaseStatus, Level, Warning, case_no, warning};
use domain::catalog::{CaseKind, DeliveryMode, ItemContent, SpecialProcedure};
use domain::clock::{CaseClock, Extension, ExtensionTarget, Pause};
use domain::text::collect;
use domain::validate::{CreditCode, CreditCodeCheck, IdCardNo, Mobile};
use serde::{Deserialize, Serialize};
use store::cases::{CaseRow, Change, EventRecord, EventRow, LadderState, LadderWrite, MaterialRow, NewCase, PauseRow};
use utoipa::ToSchema;

use crate::batch::submit;
use crate::input::opt_id;
use crate::ladder_policy::{Policies, Policy, policy_for};
use crate::outbox::{NewMessage, Text};
use crate::{Actor, App, AppError, Result};

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

fn clock_of(row: &CaseRow, pauses: &[PauseRow], extensions: i64) -> Option<CaseClock> {
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
fn clock_view(cal: &Calendar, policy: &Policy, row: &CaseRow, pauses: &[PauseRow], today: NaiveDate) -> (ClockView, Warning) {
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
                },
                w,
            )
        }
    }
}

pub(crate) fn status_of(row: &CaseRow) -> CaseStatus {
    CaseStatus::parse("status", &row.status).unwrap_or(CaseStatus::Void)
}

pub(crate) fn view(cal: &Calendar, policy: &Policy, row: CaseRow, pauses: &[PauseRow], today: NaiveDate) -> CaseView {
    let (clock, _) = clock_view(cal, policy, &row, pauses, today);
    let status = status_of(&row);
    CaseView { status_label: status.label().to_owned(), allowed: status.allowed().iter().map(|a| a.code()).collect(), clock, case: row }
}

pub(crate) fn query_code() -> String {
    // 8 characters without look-alikes (no 0/O, 1/I/L).
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let b: [u8; 8] = rand::random();
    b.iter().map(|x| char::from(ALPHABET[usize::from(*x) % ALPHABET.len()])).collect()
}

type Sealed = (Vec<u8>, String, String);

pub(crate) fn seal_id(app: &App, id: &IdCardNo) -> Sealed {
    (app.cipher.encrypt(id.as_str()), app.cipher.blind_index("id_card", id.as_str()), id.masked())
}

pub(crate) fn checklist(content: &ItemContent, input: &[MaterialInput], today: NaiveDate, e: &mut Invalid) -> Vec<MaterialRow> {
    let count = i64::try_from(content.materials.len()).unwrap_or(0);
    for x in input.iter().filter(|x| x.position < 1 || x.position > count) {
        e.push("materials", format!("材料序号 {} 不在本事项的材料清单内（共 {count} 项）", x.position));
    }
    content
        .materials
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let pos = i64::try_from(i).unwrap_or(i64::MAX) + 1;
            let given = input.iter().find(|x| x.position == pos);
            let state = given.map_or("missing", |g| if g.state.trim().is_empty() { "provided" } else { g.state.trim() });
            let field = format!("materials[{pos}]");
            if !matches!(state, "provided" | "missing" | "rongque" | "waived") {
                e.push(&field, format!("材料“{}”的状态“{state}”不存在，可选：已收、缺、容缺、免提交", m.name));
            }
            let promise_on = given.and_then(|g| g.promise_on);
            if state == "rongque" {
                if !m.rongque {
                    e.push(&field, format!("材料“{}”不在本事项的容缺受理清单内", m.name));
                }
                match promise_on {
                    None => e.push(&field, format!("容缺材料“{}”须填写承诺补齐日期", m.name)),
                    Some(d) if d < today => e.push(&field, format!("容缺材料“{}”的承诺补齐日期不能早于今天", m.name)),
                    _ => {}
                }
            }
            let file = given.and_then(|g| g.file_sha256.clone()).filter(|s| !s.is_empty());
            if let Some(f) = &file
                && !(f.len() == 64 && f.bytes().all(|b| b.is_ascii_hexdigit()))
            {
                e.push(&field, "扫描件标识无效，请重新上传");
            }
            let note = given.map(|g| g.note.trim().chars().take(200).collect()).unwrap_or_default();
            MaterialRow {
                position: pos,
                name: m.name.clone(),
                required: m.required,
                state: state.to_owned(),
                promise_on: if state == "rongque" { promise_on } else { None },
                file_sha256: file,
                note,
            }
        })
        .collect()
}

/// The required materials neither provided nor waived nor flagged 容缺.
fn missing_required(rows: &[MaterialRow]) -> Vec<String> {
    rows.iter().filter(|m| m.required && m.state == "missing").map(|m| m.name.clone()).collect()
}

/// Checks an applicant: the name, and the ID number of a person or the credit code of an
/// enterprise. A credit code whose check character does not match may be taken in at a window
/// when the clerk has checked the licence (`may_override`); online it is refused.
pub(crate) fn check_applicant(
    a: &ApplicantInput,
    may_override: bool,
    e: &mut Invalid,
) -> (String, &'static str, Option<IdCardNo>, Option<String>) {
    let name = a.name.trim().to_owned();
    if name.is_empty() {
        e.push("applicant.name", "请填写申请人姓名或单位名称");
    } else if name.chars().count() > 100 {
        e.push("applicant.name", "申请人名称不能超过 100 字");
    }
    let (kind, id, code) = match a.kind.trim() {
        "" | "person" => ("person", collect(e, IdCardNo::parse("applicant.id_number", &a.id_number)), None),
        "enterprise" => {
            let code = match collect(e, CreditCode::parse("applicant.credit_code", &a.credit_code)) {
                Some(CreditCodeCheck::Valid(c)) => Some(c),
                Some(CreditCodeCheck::ChecksumMismatch { code, expected }) => {
                    if may_override && a.accept_checksum_mismatch {
                        Some(code)
                    } else {
                        let hint = if may_override {
                            "；核对营业执照无误后可勾选“校验位不符仍受理”"
                        } else {
                            "，请核对营业执照"
                        };
                        e.push("applicant.credit_code", format!("统一社会信用代码校验位不符（按规则应为“{expected}”）{hint}"));
                        None
                    }
                }
                None => None,
            };
            ("enterprise", None, code)
        }
        other => {
            e.push("applicant.kind", format!("申请人类型“{other}”不存在，可选：个人、企业"));
            ("person", None, None)
        }
    };
    (name, kind, id, code.map(|c| c.as_str().to_owned()))
}

/// Takes a case in at a window (接件): the item's current version, the applicant, the checklist.
pub async fn create_case(app: &App, actor: &Actor, input: &CaseInput) -> Result<CreatedCase> {
    let mut e = Invalid::default();
    let today = app.clock.today();
    let channel = if input.channel.trim().is_empty() {
        if input.agent.is_some() { CaseChannel::Proxy } else { CaseChannel::Window }
    } else {
        collect(&mut e, CaseChannel::parse("channel", &input.channel)).unwrap_or(CaseChannel::Window)
    };
    let item_id = input.item_id.ok_or_else(|| Invalid::one("item_id", "请选择办理的事项"))?;
    // Plain reads: the writer's job re-checks nothing of these, and none can change in a way a
    // snapshot would catch (published versions and window grants are checked as of now).
    let mut tx = app.db.conn().await?;
    let item = store::catalog::find_item(&mut tx, item_id).await?.ok_or_else(|| Invalid::one("item_id", "事项不存在"))?;
    let summary = store::catalog::find_current_summary(&mut tx, item_id, today)
        .await?
        .ok_or_else(|| AppError::Conflict("该事项目前没有已发布的办事指南版本，不能受理".to_owned()))?;
    let content = item_content(app, &mut tx, summary.id).await?;
    // The window: the one named, or the clerk's seat today.
    let window_id = match input.window_id {
        Some(w) => w,
        None => crate::queue::seat_window(app, &mut tx, actor)
            .await?
            .ok_or_else(|| Invalid::one("window_id", "您今天没有安排窗口，请选择受理窗口"))?,
    };
    let window = store::org::find_window(&mut tx, window_id).await?.ok_or_else(|| Invalid::one("window_id", "窗口不存在"))?;
    actor.require(Permission::IntakeCases, &window.org_path, None, "在该窗口受理办件")?;
    if !store::catalog::window_accepts(&mut tx, window.id, item.id).await? {
        return Err(AppError::Conflict(format!(
            "{} 号窗口未获授权受理“{}”，请联系大厅管理员授权或引导至授权窗口",
            window.number, summary.name
        )));
    }
    let site = store::org::get_site(&mut tx, window.site_id).await?;
    if let Some(t) = input.ticket_id {
        match store::queue::find_ticket(&mut tx, t).await? {
            Some(t) if t.site_id == site.id => {}
            _ => e.push("ticket_id", "号票不存在或不属于本场所"),
        }
    }
    drop(tx);

    let a = &input.applicant;
    let (name, kind, applicant_id, credit_code) = check_applicant(a, true, &mut e);
    let phone = collect(&mut e, Mobile::parse("applicant.phone", &a.phone));
    let agent = match &input.agent {
        None if channel == CaseChannel::Proxy => {
            e.push("agent", "帮办代办须登记代办人及授权情况");
            None
        }
        None => None,
        Some(g) => {
            let gname = g.name.trim().to_owned();
            if gname.is_empty() || gname.chars().count() > 50 {
                e.push("agent.name", "请填写代办人姓名（不超过 50 字）");
            }
            let gid = collect(&mut e, IdCardNo::parse("agent.id_number", &g.id_number));
            let auth = g.authorisation.trim().to_owned();
            if auth.is_empty() || auth.chars().count() > 200 {
                e.push("agent.authorisation", "请登记授权委托情况（不超过 200 字），如“授权委托书原件已核验”");
            }
            Some((gname, gid, auth))
        }
    };
    let materials = checklist(&content, &input.materials, today, &mut e);
    let form = match &input.form {
        None => "{}".to_owned(),
        Some(v) if v.is_object() => {
            let s = v.to_string();
            if s.len() > 64 * 1024 {
                e.push("form", "表单内容过长");
            }
            s
        }
        Some(_) => {
            e.push("form", "表单应为对象");
            "{}".to_owned()
        }
    };
    e.into_result()?;
    let phone = phone.expect("validated");
    let sealed_phone = app.seal_phone(&phone);
    let applicant_id = applicant_id.map(|i| seal_id(app, &i));
    let agent = agent.map(|(n, gid, auth)| (n, gid.map(|i| seal_id(app, &i)), auth));
    let (promised, statutory) = (i64::from(content.promised_days), i64::from(content.statutory_days));
    let case_kind = content.case_kind;
    let who = actor.audit_name();
    let user_id = actor.user_id.map(|u| u.0);
    let item_name = summary.name.clone();
    let (version_id, department_id) = (summary.id, item.department_id);
    let ticket_id = input.ticket_id;
    let created = submit(app, move |ctx| {
        let (sealed_phone, applicant_id, credit_code, agent, materials, form, who, item_name, name, site) = (
            sealed_phone.clone(),
            applicant_id.clone(),
            credit_code.clone(),
            agent.clone(),
            materials.clone(),
            form.clone(),
            who.clone(),
            item_name.clone(),
            name.clone(),
            site.clone(),
        );
        Box::pin(async move {
            let now = ctx.app.clock.now();
            let seq = store::cases::next_seq(ctx.tx, site.id, today).await?;
            let no = case_no(site.id, today, seq);
            let code = query_code();
            let new = NewCase {
                case_no: &no,
                query_code: &code,
                site_id: site.id,
                org_unit_id: site.org_unit_id,
                parent_id: None,
                item_id,
                item_version_id: version_id,
                item_name: &item_name,
                department_id,
                case_kind: case_kind.code(),
                channel: channel.code(),
                status: CaseStatus::Received.code(),
                applicant_kind: kind,
                applicant_name: &name,
                applicant_id: applicant_id.as_ref(),
                credit_code: credit_code.as_deref(),
                phone: &sealed_phone,
                agent_name: agent.as_ref().map(|a| a.0.as_str()),
                agent_id: agent.as_ref().and_then(|a| a.1.as_ref()),
                agent_authorisation: agent.as_ref().map(|a| a.2.as_str()),
                ticket_id,
                window_id: Some(window_id),
                intake_user_id: user_id,
                promised_days: promised,
                statutory_days: statutory,
                form: &form,
            };
            let id = store::cases::insert_case_row(ctx.tx, &new, now).await?;
            ctx.later.ladders.push(LadderWrite::new_case(id, &new));
            ctx.later.materials.extend(materials.into_iter().map(|m| (id, m)));
            ctx.later.case_events.push(EventRecord {
                case_id: id,
                at: now,
                action: Action::Receive.code(),
                from_status: "",
                to_status: CaseStatus::Received.code(),
                user_id,
                actor: who,
                note: String::new(),
                data: "{}".to_owned(),
            });
            Ok((id, code))
        })
    })
    .await?;
    let cal = crate::calendar::calendar(app).await?;
    let (id, query_code) = created;
    // Read after the commit, outside the writer, which then serves the next batch sooner.
    let row = store::cases::get_case(&mut app.db.conn().await?, id).await?;
    let policy = policy_for(app, row.site_id, row.item_id).await?;
    Ok(CreatedCase { view: view(&cal, &policy, row, &[], today), query_code })
}

/// Checks that `actor` may take `action` on `row`; the permission depends on the action's side
/// (intake, back office, extension, void).
fn may(actor: &Actor, row: &CaseRow, action: Action) -> Result<()> {
    use Action as A;
    let path = row.org_path.as_str();
    let dept = Some(row.department_id);
    match action {
        A::Submit | A::Precheck | A::Receive | A::RequestSupplement | A::Resubmit | A::Accept | A::Reject | A::Settle | A::Withdraw => {
            actor.require(Permission::IntakeCases, path, None, "受理该办件")
        }
        A::Deliver | A::Complete => {
            if actor.can(Permission::IntakeCases, path, None) || actor.can(Permission::ReviewCases, path, dept) {
                Ok(())
            } else {
                Err(AppError::forbidden("办理该办件的出件"))
            }
        }
        A::StartReview | A::StartSpecial | A::EndSpecial | A::RequestMore | A::MoreReceived | A::Approve | A::Deny | A::PrepareResult => {
            actor.require(Permission::ReviewCases, path, dept, "审查该部门的办件")
        }
        A::Extend => actor.require(Permission::ExtendCases, path, dept, "批准该办件延期"),
        A::Void => actor.require(Permission::VoidCases, path, None, "作废办件"),
    }
}

/// Reads a case for an actor who may see it.
async fn visible_case(tx: &mut store::Tx, actor: &Actor, id: i64) -> Result<CaseRow> {
    let row = store::cases::find_case(tx, id).await?.ok_or(AppError::NotFound("办件"))?;
    let dept = Some(row.department_id);
    if !(actor.can(Permission::ViewCases, &row.org_path, None) || actor.can(Permission::ReviewCases, &row.org_path, dept)) {
        return Err(AppError::NotFound("办件"));
    }
    Ok(row)
}

/// A case with its checklist, pauses and trail.
pub async fn get_case(app: &App, actor: &Actor, id: i64) -> Result<CaseDetail> {
    let mut tx = app.read().await?;
    let row = visible_case(&mut tx, actor, id).await?;
    let materials = store::cases::list_materials(&mut tx, id).await?;
    let pauses = store::cases::list_pauses(&mut tx, id).await?;
    let events = store::cases::list_events(&mut tx, id).await?;
    let reminders = store::cases::list_reminders(&mut tx, Some(id), None, 500).await?;
    let cards = store::cases::list_cards(&mut tx, id).await?;
    drop(tx);
    let cal = crate::calendar::calendar(app).await?;
    let policy = policy_for(app, row.site_id, row.item_id).await?;
    Ok(CaseDetail { view: view(&cal, &policy, row, &pauses, app.clock.today()), materials, pauses, events, reminders, cards })
}

/// What an action needs besides the state, checked before the writer runs.
#[derive(Debug, Clone, Default)]
struct Prepared {
    reason: String,
    missing: Vec<String>,
    special: Option<SpecialProcedure>,
    expected_days: Option<i64>,
    days: i64,
    delivery: Option<(DeliveryMode, String)>,
    materials: Option<Vec<MaterialRow>>,
    /// The review points checked and how many the version has.
    review: Option<(Vec<i64>, usize)>,
}

fn prepare(action: Action, input: &ActionInput, row: &CaseRow, content: Option<&ItemContent>, today: NaiveDate) -> Result<Prepared> {
    let mut e = Invalid::default();
    let reason: String = input.reason.trim().to_owned();
    if reason.chars().count() > 500 {
        e.push("reason", "说明不能超过 500 字");
    }
    if action.needs_reason() && reason.is_empty() {
        let what = match action {
            Action::Reject => "请填写不予受理的理由（将写入不予受理通知书）",
            Action::Deny => "请填写不予许可的理由（将告知申请人）",
            Action::Extend => "请填写延期理由（将告知申请人）",
            Action::StartSpecial => "请填写特别程序告知内容（将书面告知申请人）",
            _ => "请填写原因",
        };
        e.push("reason", what);
    }
    let missing: Vec<String> = input.missing.iter().map(|m| m.trim().to_owned()).filter(|m| !m.is_empty()).collect();
    if matches!(action, Action::RequestSupplement | Action::RequestMore) && missing.is_empty() {
        e.push("missing", "一次性告知须列明全部需补正的材料或事项");
    }
    if missing.len() > 50 || missing.iter().any(|m| m.chars().count() > 200) {
        e.push("missing", "补正事项最多 50 条，每条不超过 200 字");
    }
    let mut p = Prepared { reason, missing, ..Prepared::default() };
    match action {
        Action::StartSpecial => {
            p.special = collect(&mut e, SpecialProcedure::parse("special_type", &input.special_type));
            match input.expected_days {
                Some(d) if (1..=365).contains(&d) => p.expected_days = Some(d),
                _ => e.push("expected_days", "请填写特别程序预计所需的工作日（1–365）"),
            }
        }
        Action::Extend => match input.days {
            Some(d) if (1..=30).contains(&d) => p.days = d,
            _ => e.push("days", "延期天数应为 1–30 个工作日"),
        },
        Action::Deliver => {
            let mode = collect(&mut e, DeliveryMode::parse("delivery_mode", &input.delivery_mode));
            let detail = input.delivery_detail.trim().to_owned();
            if let Some(m) = mode {
                if detail.is_empty() || detail.chars().count() > 100 {
                    e.push(
                        "delivery_detail",
                        match m {
                            DeliveryMode::Window => "窗口领取须登记领取人姓名及身份核验情况（签收记录）",
                            DeliveryMode::Mail => "邮寄送达须填写快递单号",
                            DeliveryMode::Electronic => "电子送达须填写电子证照编号或送达渠道",
                        },
                    );
                }
                p.delivery = Some((m, detail));
            }
        }
        Action::Settle if row.case_kind != CaseKind::Instant.code() => {
            return Err(AppError::Conflict("只有即办件可以当场办结，承诺件请流转后台审查".to_owned()));
        }
        _ => {}
    }
    if let (Some(m), Some(content)) = (&input.materials, content) {
        p.materials = Some(checklist(content, m, today, &mut e));
    }
    if let (Some(points), Some(content), true) = (&input.review_points, content, action.is_decision()) {
        let total = content.review_points.len();
        let mut checked: Vec<i64> = points.clone();
        checked.sort_unstable();
        checked.dedup();
        if checked.iter().any(|n| *n < 1 || usize::try_from(*n).map_or(true, |n| n > total)) {
            e.push("review_points", format!("审查要点序号应在 1–{total} 之间"));
        }
        p.review = Some((checked, total));
    }
    e.into_result()?;
    Ok(p)
}

/// Carries out one transition of a case; 409 (`transition_not_allowed`, with the allowed actions)
/// when its state does not allow it, or when someone else changed the case first.
pub async fn act(app: &App, actor: &Actor, id: i64, input: &ActionInput) -> Result<CaseView> {
    let action = Action::parse("action", &input.action)?;
    // No snapshot needed: the writer's update is conditional on the status and version read here.
    let mut tx = app.db.conn().await?;
    let row = visible_case(&mut tx, actor, id).await?;
    let status = status_of(&row);
    status.after(action).map_err(AppError::from)?;
    may(actor, &row, action)?;
    let user_id = actor.user_id.map(|u| u.0);
    if action.is_decision() && user_id.is_some() && row.accepted_by == user_id {
        return Err(AppError::Forbidden("受审分离：受理人不能审批本人受理的办件，请由后台审批人员办理".to_owned()));
    }
    let today = app.clock.today();
    // The item version's checklist is needed only when the request brings materials.
    let content = if input.materials.is_some() || (input.review_points.is_some() && action.is_decision()) {
        Some(item_content(app, &mut tx, row.item_version_id).await?)
    } else {
        None
    };
    let prep = prepare(action, input, &row, content.as_deref(), today)?;
    if action == Action::Accept {
        let current = match &prep.materials {
            Some(m) => m.clone(),
            None => store::cases::list_materials(&mut tx, id).await?,
        };
        let missing = missing_required(&current);
        if !missing.is_empty() {
            return Err(AppError::Conflict(format!(
                "必要材料不齐，不能受理：{}。请一次性告知补正，或对可容缺的材料登记承诺补齐日期",
                missing.join("、")
            )));
        }
    }
    // Pauses only when the case has had any; the phone only for a notice.
    let pauses = if row.pause_count > 0 { store::cases::list_pauses(&mut tx, id).await? } else { Vec::new() };
    let notice = match notice_of(&row, action, &prep) {
        Some(body) => Some(notice_text(app, &row, action, body, &store::cases::phone_enc(&mut tx, id).await?)?),
        None => None,
    };
    drop(tx);
    let cal = crate::calendar::calendar(app).await?;
    let policy = Arc::new(policy_for(app, row.site_id, row.item_id).await?);
    let who = actor.audit_name();
    let (cal2, policy2) = (cal.clone(), policy.clone());
    let read = Arc::new((row, pauses, notice));
    let updated = submit(app, move |ctx| {
        let (prep, who, cal, policy, read) = (prep.clone(), who.clone(), cal2.clone(), policy2.clone(), read.clone());
        Box::pin(async move { apply(ctx, &cal, &policy, &read, action, prep, user_id, &who).await })
    })
    .await?;
    let (row, pauses) = updated;
    Ok(view(&cal, &policy, row, &pauses, today))
}

/// The transition inside the writer, from the case as read before: side writes, the conditional
/// update (on the status and version read, so a case someone changed meanwhile is refused), the
/// trail, the applicant's notice. The answer is built from what was written, not read back.
#[expect(clippy::too_many_arguments, reason = "the writer's job carries what was read and checked before it")]
async fn apply(
    ctx: crate::batch::Ctx<'_>,
    cal: &Arc<Calendar>,
    policy: &Policy,
    read: &(CaseRow, Vec<PauseRow>, Option<Text>),
    action: Action,
    p: Prepared,
    user_id: Option<i64>,
    who: &str,
) -> Result<(CaseRow, Vec<PauseRow>)> {
    let (row, pauses, notice) = read;
    let id = row.id;
    let now = ctx.app.clock.now();
    let today = ctx.app.clock.today();
    let from = status_of(row);
    let to = from.after(action)?;
    let mut pauses = pauses.clone();
    let mut ch = Change { status: to.code(), ..Change::default() };
    let mut data = serde_json::Map::new();
    match action {
        Action::Accept => {
            ch.accepted_by = user_id;
            ch.accepted_on = Some(today);
        }
        Action::Settle | Action::Approve | Action::Deny => {
            ch.decided_by = user_id;
            ch.decided_on = Some(today);
            if action == Action::Deny {
                ch.decision_reason = Some(&p.reason);
            }
        }
        Action::Reject => ch.decision_reason = Some(&p.reason),
        Action::StartReview => ch.reviewer_id = user_id,
        Action::StartSpecial | Action::RequestMore => {
            let (kind, special, notice) = match action {
                Action::StartSpecial => ("special", p.special.map(|s| s.code()), p.reason.clone()),
                _ => ("supplement", None, p.missing.join("；")),
            };
            let expected = if action == Action::StartSpecial { p.expected_days } else { None };
            let pid = store::cases::open_pause(ctx.tx, id, kind, special, expected, &notice, today, user_id, now).await?;
            if action == Action::StartSpecial {
                data.insert("special_type".into(), special.into());
                data.insert("expected_days".into(), p.expected_days.into());
            }
            pauses.push(PauseRow {
                id: pid,
                kind: kind.to_owned(),
                special_type: special.map(str::to_owned),
                expected_days: expected,
                notice,
                start_on: today,
                end_on: None,
                started_by: user_id,
                ended_by: None,
            });
        }
        Action::EndSpecial | Action::MoreReceived => close_pauses(ctx.tx, id, &mut pauses, today, user_id).await?,
        Action::Withdraw | Action::Void if from.is_paused() => close_pauses(ctx.tx, id, &mut pauses, today, user_id).await?,
        Action::Extend => {
            let approver = user_id.ok_or_else(|| AppError::Forbidden("延期须由具体审批人批准".to_owned()))?;
            store::cases::insert_extension(ctx.tx, id, p.days, &p.reason, approver, now).await?;
            ch.add_extension_days = p.days;
            data.insert("days".into(), p.days.into());
        }
        Action::Deliver => {
            if let Some((m, d)) = &p.delivery {
                ch.delivery_mode = Some(m.code());
                ch.delivery_detail = Some(d);
                data.insert("delivery_mode".into(), m.code().into());
            }
        }
        _ => {}
    }
    if !p.missing.is_empty() {
        data.insert("missing".into(), p.missing.clone().into());
    }
    if let Some(m) = &p.materials {
        store::cases::put_materials(ctx.tx, id, m, now).await?;
    }
    // The case after the transition: the stored deadlines, the sweep's next date, the answer.
    let mut after = row.clone();
    after.status = to.code().to_owned();
    after.accepted_by = ch.accepted_by.or(row.accepted_by);
    after.accepted_on = ch.accepted_on.or(row.accepted_on);
    after.reviewer_id = ch.reviewer_id.or(row.reviewer_id);
    after.decided_by = ch.decided_by.or(row.decided_by);
    after.decided_on = ch.decided_on.or(row.decided_on);
    if let Some(r) = ch.decision_reason {
        after.decision_reason = Some(r.to_owned());
    }
    after.extension_days += ch.add_extension_days;
    if let Some(m) = ch.delivery_mode {
        after.delivery_mode = Some(m.to_owned());
    }
    if let Some(d) = ch.delivery_detail {
        after.delivery_detail = Some(d.to_owned());
    }
    after.updated_at = now;
    after.pause_count = i64::try_from(pauses.len()).unwrap_or(i64::MAX);
    let (_, w) = clock_view(cal, policy, &after, &pauses, today);
    if let Some(c) = clock_of(&after, &pauses, after.extension_days) {
        ch.promised_deadline = c.promised_deadline(cal);
        ch.statutory_deadline = c.statutory_deadline(cal);
    }
    after.promised_deadline = ch.promised_deadline;
    after.statutory_deadline = ch.statutory_deadline;
    ch.ladder = if to.is_running() { ladder_state(&w) } else { LadderState { warning_level: w.level.rank(), ..LadderState::default() } };
    ch.handler_id = after.reviewer_id.or(after.accepted_by);
    // The ladder row, when it changes, is written with the batch.
    ch.write_ladder = false;
    if !store::cases::transition(ctx.tx, id, from.code(), row.version, &ch, now).await? {
        return Err(AppError::Conflict("该办件刚被他人处理，请刷新后重试".to_owned()));
    }
    if ch.ladder != row.ladder || after.reviewer_id != row.reviewer_id || after.accepted_by != row.accepted_by {
        ctx.later.ladders.push(LadderWrite {
            case_id: id,
            org_unit_id: row.org_unit_id,
            department_id: row.department_id,
            case_no: row.case_no.clone(),
            item_name: row.item_name.clone(),
            handler_id: ch.handler_id,
            ladder: ch.ladder.clone(),
        });
    }
    after.ladder = ch.ladder.clone();
    after.version = row.version + 1;
    let mut note = if p.reason.is_empty() { p.missing.join("；") } else { p.reason.clone() };
    if let Some((checked, total)) = &p.review {
        let list = checked.iter().map(ToString::to_string).collect::<Vec<_>>().join("、");
        let mark = if list.is_empty() {
            format!("〔审查要点已核 0/{total}〕")
        } else {
            format!("〔审查要点已核 {}/{total}：第{list}项〕", checked.len())
        };
        note = if note.is_empty() { mark } else { format!("{note}\n{mark}") };
        data.insert("review_points".into(), checked.clone().into());
        data.insert("review_points_total".into(), (*total).into());
    }
    ctx.later.case_events.push(EventRecord {
        case_id: id,
        at: now,
        action: action.code(),
        from_status: from.code(),
        to_status: to.code(),
        user_id,
        actor: who.to_owned(),
        note,
        data: serde_json::Value::Object(data).to_string(),
    });
    if let Some(t) = notice {
        ctx.later.texts.push(t.clone());
    }
    Ok((after, pauses))
}

/// Ends the open pause of a case, in the table and in the list read before.
async fn close_pauses(tx: &mut store::Tx, id: i64, pauses: &mut [PauseRow], today: NaiveDate, by: Option<i64>) -> Result<()> {
    store::cases::close_pause(tx, id, today, by).await?;
    for p in pauses.iter_mut().filter(|p| p.end_on.is_none()) {
        p.end_on = Some(today);
        p.ended_by = by;
    }
    Ok(())
}

/// The parsed standard of an item version. Published versions never change, so each is parsed
/// once per process and shared.
async fn item_content(app: &App, tx: &mut store::Tx, version_id: i64) -> Result<Arc<ItemContent>> {
    if let Some(c) = app.caches.item_content(version_id) {
        return Ok(c);
    }
    let v = store::catalog::get_version(tx, version_id).await?;
    let c: Arc<ItemContent> =
        Arc::new(serde_json::from_str(&v.content).map_err(|x| AppError::Internal(format!("item version {}: {x}", v.summary.id)))?);
    if v.summary.status == "published" {
        app.caches.put_item_content(version_id, c.clone());
    }
    Ok(c)
}

/// What the ladder table keeps of a warning.
pub fn ladder_state(w: &Warning) -> LadderState {
    let next = w.next_level();
    LadderState {
        warning_level: w.level.rank(),
        next_level: next.map(|(l, _)| l.rank()),
        next_level_on: next.map(|(_, d)| d),
        remind_on: w.remind_on,
        yellow_on: w.yellow_on,
        red_on: w.red_on,
    }
}

/// The text the applicant gets for a transition they must know of, if any.
fn notice_of(row: &CaseRow, action: Action, p: &Prepared) -> Option<String> {
    let body = match action {
        Action::Accept => format!("您申请的“{}”已受理，办件编号 {}，可凭办件编号和查询码查询进度。", row.item_name, row.case_no),
        Action::RequestSupplement | Action::RequestMore => {
            format!("您申请的“{}”（{}）需补正材料：{}。请一次性补齐后提交。", row.item_name, row.case_no, p.missing.join("；"))
        }
        Action::Reject => format!("您申请的“{}”（{}）不予受理，理由：{}。", row.item_name, row.case_no, p.reason),
        Action::Extend => format!("您申请的“{}”（{}）办理期限延长 {} 个工作日，原因：{}。", row.item_name, row.case_no, p.days, p.reason),
        Action::StartSpecial => format!(
            "您申请的“{}”（{}）进入特别程序（{}），预计 {} 个工作日，期间不计入办理时限。",
            row.item_name,
            row.case_no,
            p.special.map_or("", |s| s.label()),
            p.expected_days.unwrap_or(0)
        ),
        Action::PrepareResult => format!("您申请的“{}”（{}）已办理完毕，请按选择的方式领取结果。", row.item_name, row.case_no),
        // 一事一评: the invitation to rate (again after a few days if unrated: `ratings::remind_unrated`).
        Action::Complete | Action::Settle => format!("{}{}", completed_text(&row.item_name, &row.case_no), RATE_HINT),
        _ => return None,
    };
    Some(body.chars().take(300).collect())
}

/// How an applicant rates a completed case (no code in the text: it stays on the 受理通知书).
pub(crate) const RATE_HINT: &str = "欢迎评价本次服务：在政务服务网“办件进度查询”输入办件编号和查询码，或登录网上办事大厅即可评价。";

pub(crate) fn completed_text(item_name: &str, case_no: &str) -> String {
    format!("您申请的“{item_name}”（{case_no}）已办结。")
}

/// The text to the applicant, checked and sealed before the writer (which adds it to the outbox
/// with the transition; once per case, action and version).
fn notice_text(app: &App, row: &CaseRow, action: Action, body: String, phone_enc: &[u8]) -> Result<Text> {
    let phone = app.cipher.decrypt(phone_enc)?;
    crate::outbox::prepare(
        app,
        NewMessage {
            org_unit_id: row.org_unit_id,
            kind: "case_notice",
            phone: &phone,
            body,
            idempotency_key: format!("case-{}-{}-{}", row.id, action.code(), row.version),
        },
    )
}

/// The signed-in user's in-app reminders, newest first.
pub async fn my_reminders(app: &App, actor: &Actor, limit: i64) -> Result<Vec<store::cases::ReminderRow>> {
    let Some(user) = actor.user_id else { return Ok(Vec::new()) };
    Ok(store::cases::list_reminders(&mut app.read().await?, None, Some(user.0), limit.clamp(1, 500)).await?)
}

/// What one supervision sweep did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct SweepReport {
    /// Cases whose warning level rose.
    pub raised: usize,
    /// In-app reminders recorded.
    pub reminders: usize,
    /// Text messages queued in the outbox.
    pub texts: usize,
    /// Yellow and red cards issued.
    pub cards: usize,
}

/// Running cases recomputed per transaction after a calendar edit.
const RECOMPUTE_BATCH: i64 = 2_000;

/// The ladder of a running case recomputed under an edited calendar. A level already reached
/// stays (its reminders and cards went out under the calendar then in force); the days are
/// the new calendar's, and the next level is the first above the level held.
fn recomputed_ladder(w: &Warning, held: i64) -> LadderState {
    let mut l = ladder_state(w);
    if held > l.warning_level {
        l.warning_level = held;
        let next = [(2, w.yellow_on), (3, w.red_on)].into_iter().find(|(level, day)| *level > held && day.is_some());
        l.next_level = next.map(|(level, _)| level);
        l.next_level_on = next.and_then(|(_, day)| day);
    }
    l
}

/// Recomputes the deadlines and ladders of running cases after calendar edits, from each pending
/// job's cursor (the job commits with the edit, so an interrupted run resumes here). Writes only
/// the cases whose clocks moved; answers how many.
pub async fn recompute_clocks(app: &App) -> Result<usize> {
    let mut changed = 0usize;
    // The calendar and the policies are read once per run: an edit made meanwhile commits a job
    // of its own, which this loop reaches after the current one.
    let mut rules: Option<(Calendar, Policies)> = None;
    loop {
        let mut tx = app.write().await?;
        let Some(job) = store::cases::next_recompute(&mut tx).await? else { return Ok(changed) };
        if rules.is_none() {
            rules = Some((crate::calendar::calendar_in(&mut tx).await?, Policies(Arc::new(store::cases::list_policies(&mut tx).await?))));
        }
        let (cal, policies) = rules.as_ref().expect("read above");
        let today = app.clock.today();
        let now = app.clock.now();
        let rows = store::cases::running_cases(&mut tx, job.after_case_id, job.from_on, RECOMPUTE_BATCH).await?;
        let mut n = 0i64;
        if let (Some(first), Some(last)) = (rows.first(), rows.last()) {
            let mut pauses: HashMap<i64, Vec<PauseRow>> = HashMap::new();
            for (case_id, p) in store::cases::pauses_between(&mut tx, first.id, last.id).await? {
                pauses.entry(case_id).or_default().push(p);
            }
            for row in &rows {
                let ps = pauses.get(&row.id).map_or(&[][..], Vec::as_slice);
                let Some(c) = clock_of(row, ps, row.extension_days) else { continue };
                let (promised, statutory) = (c.promised_deadline(cal), c.statutory_deadline(cal));
                let (_, w) = clock_view(cal, &policies.resolve(row.site_id, row.item_id), row, ps, today);
                let ladder = recomputed_ladder(&w, row.ladder.warning_level);
                if (promised, statutory) == (row.promised_deadline, row.statutory_deadline) && ladder == row.ladder {
                    continue;
                }
                if store::cases::set_clock(&mut tx, row.id, row.version, promised, statutory, &ladder, now).await? {
                    n += 1;
                }
            }
        }
        let done = rows.len() < usize::try_from(RECOMPUTE_BATCH).unwrap_or(usize::MAX);
        let cursor = rows.last().map_or(job.after_case_id, |r| r.id);
        store::cases::advance_recompute(&mut tx, job.id, cursor, n, done.then_some(now)).await?;
        if done {
            let total = job.cases_changed + n;
            crate::audit::record(
                app,
                &mut tx,
                &Actor::system("calendar"),
                "recompute",
                "clock",
                job.id,
                "/",
                None::<&()>,
                Some(&serde_json::json!({"from_on": job.from_on, "cases_changed": total})),
            )
            .await?;
        }
        tx.commit().await?;
        changed += usize::try_from(n).unwrap_or(0);
    }
}

/// Cases raised per transaction of a sweep.
const SWEEP_BATCH: i64 = 50_000;

/// What a sweep looks up once and reuses: org paths, recipients by role, staff phones.
#[derive(Default)]
struct SweepCache {
    paths: HashMap<i64, String>,
    recipients: HashMap<(&'static str, i64, Option<i64>), Vec<i64>>,
    phones: HashMap<i64, Option<Sealed>>,
}

impl SweepCache {
    async fn path(&mut self, tx: &mut store::Tx, org_unit_id: i64) -> Result<String> {
        if let Some(p) = self.paths.get(&org_unit_id) {
            return Ok(p.clone());
        }
        let p = store::org::get_org_unit(tx, org_unit_id).await?.path;
        self.paths.insert(org_unit_id, p.clone());
        Ok(p)
    }

    async fn holders(&mut self, tx: &mut store::Tx, role: &'static str, org_unit_id: i64, dept: Option<i64>) -> Result<Vec<i64>> {
        if let Some(v) = self.recipients.get(&(role, org_unit_id, dept)) {
            return Ok(v.clone());
        }
        let path = self.path(tx, org_unit_id).await?;
        let v = store::cases::users_with_role(tx, role, &path, dept).await?;
        self.recipients.insert((role, org_unit_id, dept), v.clone());
        Ok(v)
    }

    /// The sealed staff phone behind a user account, if any.
    async fn phone(&mut self, app: &App, tx: &mut store::Tx, user: i64) -> Result<Option<Sealed>> {
        if let Some(p) = self.phones.get(&user) {
            return Ok(p.clone());
        }
        let sealed = match store::cases::user_phone_enc(tx, user).await? {
            None => None,
            Some(enc) => Mobile::parse("phone", &app.cipher.decrypt(&enc)?).ok().map(|m| app.seal_phone(&m)),
        };
        self.phones.insert(user, sealed.clone());
        Ok(sealed)
    }
}

/// Keeps every open case's warning level current: raises the cases whose next level has begun
/// (only those are touched) and, for each, records who was reminded and how: level 1 the handler,
/// level 2 also the department's heads (a yellow card), level 3 also the supervision office and the
/// leadership (a red card). In-app reminders and texts to the staff phone (through the outbox) are
/// recorded once per case, level, person and channel, so overlapping sweeps never remind twice.
/// Everything is written set-wise, a few statements per thousands of cases.
pub async fn sweep(app: &App) -> Result<SweepReport> {
    // A calendar edit whose recomputation a dying process left unfinished is finished first, so
    // the levels raised below come from the calendar in force.
    recompute_clocks(app).await?;
    let today = app.clock.today();
    let mut report = SweepReport::default();
    let mut cache = SweepCache::default();
    loop {
        let mut tx = app.write().await?;
        let now = app.clock.now();
        let raised = store::cases::raise_due(&mut tx, today, SWEEP_BATCH).await?;
        let mut reminders = Vec::new();
        let mut cards = Vec::new();
        for r in &raised {
            let level = r.warning_level;
            let mut to: Vec<(i64, &'static str)> = r.handler_id.map(|h| (h, "handler")).into_iter().collect();
            if level >= 2 {
                to.extend(
                    cache.holders(&mut tx, "dept_head", r.org_unit_id, Some(r.department_id)).await?.into_iter().map(|u| (u, "dept_head")),
                );
                cards.push(store::cases::NewCard {
                    case_id: r.id,
                    org_unit_id: r.org_unit_id,
                    level: 2,
                    department_id: r.department_id,
                    user_id: r.handler_id,
                    issued_on: today,
                });
            }
            if level >= 3 {
                for role in ["supervisor", "leader"] {
                    to.extend(cache.holders(&mut tx, role, r.org_unit_id, None).await?.into_iter().map(|u| (u, role)));
                }
                cards.push(store::cases::NewCard { level: 3, ..cards.last().cloned().expect("the yellow card pushed above") });
            }
            to.sort_unstable();
            to.dedup_by_key(|x| x.0);
            for (user_id, recipient_role) in to {
                let base = store::cases::NewReminder {
                    case_id: r.id,
                    org_unit_id: r.org_unit_id,
                    level,
                    recipient_role,
                    user_id,
                    channel: "in_app",
                };
                if cache.phone(app, &mut tx, user_id).await?.is_some() {
                    reminders.push(store::cases::NewReminder { channel: "sms", ..base.clone() });
                }
                reminders.push(base);
            }
        }
        // Each reminder is recorded once (its unique key), each text sent once (its idempotency
        // key): a repeat of either is nothing.
        let (sms, in_app): (Vec<_>, Vec<_>) = reminders.into_iter().partition(|x| x.channel == "sms");
        report.reminders += usize::try_from(store::cases::insert_reminders(&mut tx, &in_app, now).await?).unwrap_or(0);
        store::cases::insert_reminders(&mut tx, &sms, now).await?;
        let by_id: HashMap<i64, &store::cases::Raised> = raised.iter().map(|r| (r.id, r)).collect();
        let texts: Vec<(i64, String, String, Sealed)> = sms
            .iter()
            .filter_map(|x| {
                let r = by_id.get(&x.case_id)?;
                let phone = cache.phones.get(&x.user_id).cloned().flatten()?;
                Some((r.org_unit_id, reminder_text(r), format!("case-remind-{}-{}-{}", x.case_id, x.level, x.user_id), phone))
            })
            .collect();
        let messages: Vec<store::outbox::NewOutbox<'_>> = texts
            .iter()
            .map(|(org_unit_id, body, key, phone)| store::outbox::NewOutbox {
                org_unit_id: *org_unit_id,
                kind: "case_reminder",
                phone_enc: &phone.0,
                phone_hash: &phone.1,
                phone_masked: &phone.2,
                body,
                idempotency_key: key,
            })
            .collect();
        report.texts += usize::try_from(store::outbox::insert_many(&mut tx, &messages, now).await?).unwrap_or(0);
        report.cards += usize::try_from(store::cases::insert_cards(&mut tx, &cards, now).await?).unwrap_or(0);
        tx.commit().await?;
        report.raised += raised.len();
        if i64::try_from(raised.len()).unwrap_or(0) < SWEEP_BATCH {
            break;
        }
    }
    if report.raised > 0 {
        tracing::info!(
            raised = report.raised,
            reminders = report.reminders,
            texts = report.texts,
            cards = report.cards,
            "supervision sweep"
        );
    }
    Ok(report)
}

fn reminder_text(r: &store::cases::Raised) -> String {
    match Level::from_rank(r.warning_level) {
        Level::Remind => format!("【效能提醒】办件 {}（{}）即将到期，请抓紧办理。", r.case_no, r.item_name),
        Level::Yellow => format!("【黄牌预警】办件 {}（{}）已超过承诺时限，请立即办理并说明原因。", r.case_no, r.item_name),
        Level::Red | Level::None => format!("【红牌督办】办件 {}（{}）已超期未办结，已列入效能督办。", r.case_no, r.item_name),
    }
}

/// The back office's open work: accepted, in review, paused, decided and awaiting the result.
pub const INBOX_STATUSES: &[&str] =
    &["accepted", "in_review", "special_procedure", "supplement_after_accept", "approved", "denied", "result_ready"];

/// A line of an inbox: the case and its time-limit light from the stored days (no per-row clock).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InboxItem {
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub case: CaseRow,
    pub status_label: String,
    /// none, remind, yellow, red (时限灯).
    pub light: String,
    pub paused: bool,
}

/// A page of an inbox with the cursor of the next one (`YYYY-MM-DD.id`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InboxPage {
    pub items: Vec<InboxItem>,
    pub next_cursor: Option<String>,
}

/// A department's cases nearest their promised deadline first, within the org units where the
/// actor reviews for that department. `department_id` defaults to the actor's one department.
pub async fn inbox(
    app: &App,
    actor: &Actor,
    department_id: Option<i64>,
    status: Option<&str>,
    cursor: Option<&str>,
    limit: i64,
) -> Result<InboxPage> {
    let grants: Vec<&domain::access::Grant> = actor.grants.iter().filter(|g| Permission::ReviewCases.roles().contains(&g.role)).collect();
    let own: Vec<i64> = grants.iter().filter_map(|g| g.department.map(|d| d.0)).collect();
    let department_id = match department_id.or_else(|| if own.len() == 1 { own.first().copied() } else { None }) {
        Some(d) => d,
        None => return Err(Invalid::one("department_id", "请选择部门").into()),
    };
    let paths: Vec<String> =
        grants.iter().filter(|g| g.department.is_none_or(|d| d.0 == department_id)).map(|g| g.org_path.0.clone()).collect();
    let scope = match actor.scope(Permission::ReviewCases) {
        store::org::Scope::All => store::org::Scope::All,
        _ if paths.is_empty() => return Err(AppError::forbidden("查看该部门的待办件")),
        _ => store::org::Scope::Paths(paths),
    };
    let statuses: Vec<&str> = match status.map(str::trim).filter(|s| !s.is_empty()) {
        None => INBOX_STATUSES.to_vec(),
        Some(s) => {
            let one = CaseStatus::parse("status", s)?;
            vec![one.code()]
        }
    };
    let after = match cursor.map(str::trim).filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => {
            let parsed = c.split_once('.').and_then(|(d, i)| Some((d.parse::<NaiveDate>().ok()?, i.parse::<i64>().ok()?)));
            Some(parsed.ok_or_else(|| Invalid::one("cursor", "翻页标记无效，请从第一页重新查看"))?)
        }
    };
    let limit = limit.clamp(1, 200);
    let rows = store::cases::inbox(&mut app.read().await?, department_id, &statuses, &scope, after, limit + 1).await?;
    let today = app.clock.today();
    let far = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX);
    let more = rows.len() > usize::try_from(limit).unwrap_or(usize::MAX);
    let items: Vec<InboxItem> = rows
        .into_iter()
        .take(usize::try_from(limit).unwrap_or(0))
        .map(|case| {
            let reached = |d: Option<NaiveDate>| d.is_some_and(|d| d <= today);
            let l = &case.ladder;
            let by_days = if reached(l.red_on) {
                3
            } else if reached(l.yellow_on) {
                2
            } else if reached(l.remind_on) {
                1
            } else {
                0
            };
            let light = Level::from_rank(by_days.max(case.ladder.warning_level));
            let status = status_of(&case);
            InboxItem { status_label: status.label().to_owned(), light: light.code().to_owned(), paused: status.is_paused(), case }
        })
        .collect();
    let next_cursor = if more { items.last().map(|i| format!("{}.{}", i.case.promised_deadline.unwrap_or(far), i.case.id)) } else { None };
    Ok(InboxPage { items, next_cursor })
}
