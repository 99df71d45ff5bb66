//! A citizen's online applications: applying, their cases, their actions and materials.

use chrono::{DateTime, Utc};
use domain::Invalid;
use domain::cases::{Action, CaseChannel, CaseStatus};
use domain::catalog::{DeliveryMode, ItemContent};
use domain::text::collect;
use domain::validate::Mobile;
use serde::{Deserialize, Serialize};
use store::cases::{MaterialRow, NewEvent};
use store::portal::PortalCaseRow;
use utoipa::ToSchema;

use super::items::*;
use crate::accounts::citizen::Citizen;
use crate::cases::intake::{Applicant, Intake, ItemTaken};
use crate::cases::model::{ActionInput, MaterialInput};
use crate::runtime::batch::submit;
use crate::support::audit::record;
use crate::support::input::constant_eq;
use crate::{App, AppError, Result};

/// The applicant as entered online (the phone is the signed-in one).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct OnlineApplicant {
    /// `person` or `enterprise`.
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub id_number: String,
    #[serde(default)]
    pub credit_code: String,
}

/// How the result reaches the applicant.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
pub struct DeliveryChoice {
    /// mail (邮寄), electronic (电子证照/电子送达) or window (窗口自取).
    #[serde(default)]
    pub mode: String,
    /// For mail: the address.
    #[serde(default)]
    pub address: String,
    /// For mail: the recipient (defaults to the applicant).
    #[serde(default)]
    pub recipient: String,
}

/// An online application.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ApplyInput {
    #[serde(default, deserialize_with = "crate::support::input::opt_id")]
    pub item_id: Option<i64>,
    /// The hall that will handle it (one where the item is stationed).
    #[serde(default, deserialize_with = "crate::support::input::opt_id")]
    pub site_id: Option<i64>,
    #[serde(default)]
    pub applicant: OnlineApplicant,
    /// Per material: `provided` with the `file_sha256` of an upload, `rongque` with `promise_on`
    /// where the guide allows 容缺, or `missing` (drafts only).
    #[serde(default)]
    pub materials: Vec<MaterialInput>,
    #[serde(default)]
    pub delivery: DeliveryChoice,
    /// true: submit now; false: keep as a draft.
    #[serde(default)]
    pub submit: bool,
}

/// An online case as its owner sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PortalCase {
    pub id: i64,
    pub case_no: String,
    pub query_code: String,
    pub item_id: i64,
    pub item_name: String,
    pub site_name: String,
    pub status: String,
    pub status_label: String,
    pub applicant_name: String,
    pub applicant_id_masked: Option<String>,
    pub phone_masked: String,
    pub delivery_label: String,
    /// What the window asked for (一次性告知), while a supplement is requested.
    pub missing: Vec<String>,
    pub reason: Option<String>,
    /// What the owner may do now: submit, withdraw, resubmit.
    pub can: Vec<&'static str>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The Chinese name of a delivery choice stored in a case's form, with a shortened address.
pub fn delivery_label(form: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(form).unwrap_or_default();
    let d = &v["delivery"];
    match d["mode"].as_str() {
        Some("mail") => {
            let addr: String = d["address"].as_str().unwrap_or("").chars().take(8).collect();
            format!("邮寄送达（{addr}…）")
        }
        Some("electronic") => "电子证照 / 电子送达".to_owned(),
        Some("window") => "窗口自取".to_owned(),
        _ => "未选择".to_owned(),
    }
}

pub(super) fn citizen_can(status: CaseStatus) -> Vec<&'static str> {
    [Action::Submit, Action::Resubmit, Action::Withdraw]
        .into_iter()
        .filter(|a| status.allowed().contains(a))
        .filter(|a| *a != Action::Withdraw || matches!(status, CaseStatus::Draft | CaseStatus::Submitted))
        .map(|a| a.code())
        .collect()
}

pub(super) async fn portal_case(tx: &mut store::Tx, row: PortalCaseRow) -> Result<PortalCase> {
    let status = CaseStatus::parse("status", &row.status).unwrap_or(CaseStatus::Void);
    let missing = if status == CaseStatus::SupplementRequested { last_missing(tx, row.id).await? } else { Vec::new() };
    Ok(PortalCase {
        id: row.id,
        delivery_label: delivery_label(&row.form),
        case_no: row.case_no,
        query_code: row.query_code,
        item_id: row.item_id,
        item_name: row.item_name,
        site_name: row.site_name,
        status: status.code().to_owned(),
        status_label: status.label().to_owned(),
        applicant_name: row.applicant_name,
        applicant_id_masked: row.applicant_id_masked,
        phone_masked: row.phone_masked,
        missing,
        reason: row.decision_reason,
        can: citizen_can(status),
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

/// What the last one-time notice asked for.
pub(super) async fn last_missing(tx: &mut store::Tx, case_id: i64) -> Result<Vec<String>> {
    let events = store::cases::list_events(tx, case_id).await?;
    let Some(e) = events.iter().rev().find(|e| e.action == Action::RequestSupplement.code()) else { return Ok(Vec::new()) };
    let v: serde_json::Value = serde_json::from_str(&e.data).unwrap_or_default();
    Ok(v["missing"].as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect()).unwrap_or_default())
}

pub(super) fn check_files(rows: &[MaterialRow], known: &[String], e: &mut Invalid) {
    for m in rows {
        if let Some(f) = &m.file_sha256
            && !known.contains(f)
        {
            e.push(&format!("materials[{}]", m.position), format!("材料“{}”的上传文件不存在，请重新上传", m.name));
        }
    }
}

pub(super) async fn known_files(tx: &mut store::Tx, rows: &[MaterialRow]) -> Result<Vec<String>> {
    let mut known = Vec::new();
    for f in rows.iter().filter_map(|m| m.file_sha256.as_ref()) {
        if store::files::find_content_type(tx, f).await?.is_some() {
            known.push(f.clone());
        }
    }
    Ok(known)
}

/// Required materials neither uploaded nor flagged 容缺 (a submission needs none).
pub(super) fn not_supplied(rows: &[MaterialRow]) -> Vec<String> {
    rows.iter()
        .filter(|m| m.required && !(m.state == "rongque" || (m.state == "provided" && m.file_sha256.is_some())))
        .map(|m| m.name.clone())
        .collect()
}

/// Applies online: checks everything, then creates the case as a draft (channel `online`, no
/// window, no intake user) and, when asked, submits it. Nothing is written on bad input.
pub async fn apply(app: &App, who: &Citizen, input: &ApplyInput) -> Result<PortalCase> {
    let today = app.clock.today();
    let item_id = input.item_id.ok_or_else(|| Invalid::one("item_id", "请选择申请的事项"))?;
    let item = get_item(app, item_id).await?;
    let mut e = Invalid::default();
    let mut tx = app.read().await?;
    let version = store::catalog::find_current_version(&mut tx, item_id, today).await?.ok_or(AppError::NotFound("事项"))?;
    let content: ItemContent = serde_json::from_str(&version.content)
        .map_err(|x| AppError::internal(format!("item version {} content", version.summary.id), x))?;
    let department_id = store::catalog::get_item(&mut tx, item_id).await?.department_id;
    let site = match input.site_id {
        Some(s) if item.sites.iter().any(|x| x.id == s) => Some(store::org::get_site(&mut tx, s).await?),
        Some(_) => {
            e.push("site_id", "所选大厅未进驻该事项，请从列表中选择办理大厅");
            None
        }
        None => {
            e.push("site_id", "请选择办理大厅");
            None
        }
    };
    let a = &input.applicant;
    let applicant = crate::cases::model::ApplicantInput {
        kind: a.kind.clone(),
        name: a.name.clone(),
        id_number: a.id_number.clone(),
        credit_code: a.credit_code.clone(),
        ..crate::cases::model::ApplicantInput::default()
    };
    let (name, kind, applicant_id, credit_code) = crate::cases::intake::check_applicant(&applicant, false, &mut e);
    let materials = crate::cases::intake::checklist(&content, &input.materials, today, &mut e);
    for m in &materials {
        if m.state == "waived" {
            e.push(&format!("materials[{}]", m.position), format!("材料“{}”不能在网上申请时免提交", m.name));
        }
        if m.state == "provided" && m.file_sha256.is_none() {
            e.push(&format!("materials[{}]", m.position), format!("请上传材料“{}”", m.name));
        }
    }
    let known = known_files(&mut tx, &materials).await?;
    drop(tx);
    check_files(&materials, &known, &mut e);
    if input.submit {
        let gaps = not_supplied(&materials);
        if !gaps.is_empty() {
            e.push("materials", format!("提交前请上传必要材料：{}（可容缺的材料可选择容缺并填写承诺补齐日期）", gaps.join("、")));
        }
    }
    let d = &input.delivery;
    let mode = collect(&mut e, DeliveryMode::parse("delivery.mode", &d.mode));
    if let Some(m) = mode
        && !content.delivery.contains(&m)
    {
        let offered: Vec<&str> = content.delivery.iter().map(|x| x.label()).collect();
        e.push("delivery.mode", format!("该事项不支持“{}”，可选：{}", m.label(), offered.join("、")));
    }
    let address = d.address.trim().to_owned();
    let recipient = d.recipient.trim().to_owned();
    if mode == Some(DeliveryMode::Mail) && (address.chars().count() < 6 || address.chars().count() > 200) {
        e.push("delivery.address", "邮寄送达请填写详细收件地址（6–200 字）");
    }
    if recipient.chars().count() > 50 {
        e.push("delivery.recipient", "收件人不能超过 50 字");
    }
    if crate::outbox::messages::contains_id_number(&address) || crate::outbox::messages::contains_id_number(&recipient) {
        e.push("delivery.address", "收件信息中请勿填写身份证号");
    }
    e.into_result()?;
    let site = site.expect("validated");
    let mode = mode.expect("validated");
    let form = serde_json::json!({
        "delivery": {
            "mode": mode.code(),
            "label": mode.label(),
            "address": if mode == DeliveryMode::Mail { address.as_str() } else { "" },
            "recipient": if mode == DeliveryMode::Mail { recipient.as_str() } else { "" },
        }
    })
    .to_string();
    let phone = Mobile::parse("phone", &who.phone)?;
    let applicant = Applicant::seal(app, (name, kind, applicant_id, credit_code), &phone);
    let intake = Intake { site, item: ItemTaken::of(&version.summary, department_id, &content), applicant, form, desk: None };
    let auditor = who.actor();
    let actor_name = auditor.audit_name();
    let id = submit(app, move |ctx| {
        let (intake, auditor, materials, actor_name) = (intake.clone(), auditor.clone(), materials.clone(), actor_name.clone());
        Box::pin(async move {
            let now = ctx.app.clock.now();
            let (no, code) = Intake::number(ctx.tx, intake.site.id, today).await?;
            let new = intake.row(&no, &code);
            let id = store::cases::insert_case(ctx.tx, &new, now).await?;
            store::cases::put_materials(ctx.tx, id, &materials, now).await?;
            let event = NewEvent {
                case_id: id,
                action: "save_draft",
                from_status: "",
                to_status: CaseStatus::Draft.code(),
                user_id: None,
                actor: &actor_name,
                note: "网上申请",
                data: "{}",
            };
            store::cases::insert_event(ctx.tx, &event, now).await?;
            let after = serde_json::json!({"case_no": no, "item": intake.item.name(), "status": "draft", "channel": "online"});
            record::<(), _>(ctx.app, ctx.tx, &auditor, "apply_online", "case", id, &intake.site.org_path, None, Some(&after)).await?;
            Ok(id)
        })
    })
    .await?;
    if input.submit {
        crate::cases::act(app, &who.actor(), id, &ActionInput { action: Action::Submit.code().into(), ..ActionInput::default() }).await?;
    }
    my_case(app, who, id).await
}

/// The citizen's own online cases, newest first.
pub async fn my_cases(app: &App, who: &Citizen) -> Result<Vec<PortalCase>> {
    let mut tx = app.read().await?;
    let rows = store::portal::list_by_phone(&mut tx, &who.phone_hash, 200).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(portal_case(&mut tx, r).await?);
    }
    Ok(out)
}

/// One of the citizen's cases; "not found" for anyone else's.
pub(super) async fn owned(tx: &mut store::Tx, who: &Citizen, id: i64) -> Result<PortalCaseRow> {
    match store::portal::find_portal_case(tx, id).await? {
        Some(r) if r.channel == CaseChannel::Online.code() && constant_eq(&r.phone_hash, &who.phone_hash) => Ok(r),
        _ => Err(AppError::NotFound("办件")),
    }
}

/// One of the citizen's cases with its checklist.
pub async fn my_case(app: &App, who: &Citizen, id: i64) -> Result<PortalCase> {
    let mut tx = app.read().await?;
    let row = owned(&mut tx, who, id).await?;
    portal_case(&mut tx, row).await
}

/// The checklist of one of the citizen's cases.
pub async fn my_materials(app: &App, who: &Citizen, id: i64) -> Result<Vec<MaterialRow>> {
    let mut tx = app.read().await?;
    owned(&mut tx, who, id).await?;
    Ok(store::cases::list_materials(&mut tx, id).await?)
}

/// What a citizen may do to their case: `submit` a draft, `withdraw` a draft or a submitted case,
/// `resubmit` after a supplement request with uploads for the missing materials.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct CitizenActionInput {
    pub action: String,
    /// resubmit: uploads by material position (`file_sha256`), or 容缺 with `promise_on`.
    #[serde(default)]
    pub materials: Vec<MaterialInput>,
    #[serde(default)]
    pub reason: String,
}

/// Carries out a citizen's action on their own case through [`crate::cases::act`].
pub async fn citizen_act(app: &App, who: &Citizen, id: i64, input: &CitizenActionInput) -> Result<PortalCase> {
    let action = Action::parse("action", &input.action)?;
    let mut tx = app.read().await?;
    let row = owned(&mut tx, who, id).await?;
    let status = CaseStatus::parse("status", &row.status).unwrap_or(CaseStatus::Void);
    if !matches!(action, Action::Submit | Action::Withdraw | Action::Resubmit) {
        return Err(AppError::forbidden(&format!("在网上{}", action.label())));
    }
    if action == Action::Withdraw && !matches!(status, CaseStatus::Draft | CaseStatus::Submitted) {
        return Err(AppError::Conflict(format!("办件{}，网上只能撤回未提交或已提交待预审的申请，请联系办理大厅", status.label())));
    }
    let mut act = ActionInput { action: action.code().into(), reason: input.reason.trim().to_owned(), ..ActionInput::default() };
    if action == Action::Withdraw && act.reason.is_empty() {
        "申请人网上撤回".clone_into(&mut act.reason);
    }
    let current = store::cases::list_materials(&mut tx, id).await?;
    match action {
        Action::Resubmit => {
            // The checklist as it stands, with the new uploads and 容缺 flags laid over it.
            let merged: Vec<MaterialInput> = current
                .iter()
                .map(|m| match input.materials.iter().find(|x| x.position == m.position) {
                    Some(x) if x.file_sha256.as_deref().is_some_and(|f| !f.is_empty()) => {
                        MaterialInput { position: m.position, state: "provided".into(), file_sha256: x.file_sha256.clone(), ..x.clone() }
                    }
                    Some(x) if x.state == "rongque" => x.clone(),
                    _ => MaterialInput {
                        position: m.position,
                        state: m.state.clone(),
                        promise_on: m.promise_on,
                        file_sha256: m.file_sha256.clone(),
                        note: m.note.clone(),
                    },
                })
                .collect();
            let version_id = version_of(&mut tx, id).await?;
            let version = store::catalog::get_version(&mut tx, version_id).await?;
            let content: ItemContent = serde_json::from_str(&version.content)
                .map_err(|x| AppError::internal(format!("item version {}", version.summary.id), x))?;
            let mut e = Invalid::default();
            let rows = crate::cases::intake::checklist(&content, &merged, app.clock.today(), &mut e);
            let known = known_files(&mut tx, &rows).await?;
            check_files(&rows, &known, &mut e);
            let gaps = not_supplied(&rows);
            if !gaps.is_empty() {
                e.push("materials", format!("请上传需补正的材料：{}", gaps.join("、")));
            }
            e.into_result()?;
            act.materials = Some(merged);
        }
        Action::Submit => {
            let gaps = not_supplied(&current);
            if !gaps.is_empty() {
                return Err(Invalid::one("materials", format!("提交前请上传必要材料：{}", gaps.join("、"))).into());
            }
        }
        _ => {}
    }
    drop(tx);
    crate::cases::act(app, &who.actor(), id, &act).await?;
    my_case(app, who, id).await
}

pub(super) async fn version_of(tx: &mut store::Tx, id: i64) -> Result<i64> {
    Ok(store::cases::get_case(tx, id).await?.item_version_id)
}

// ---------------------------------------------------------------- progress (public)
