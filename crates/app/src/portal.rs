//! Online application (不见面审批, R8; DOMAIN.md §3): a citizen signs in with a one-time code texted
//! to their mobile, applies for an item whose 网办深度 allows it (网上申请 or 全程网办) with uploaded
//! materials, follows the case, withdraws it or supplies what a window's pre-check found missing;
//! windows pre-check online cases (预审 → 接件, or 一次性告知补正 / 不予受理); anyone holding a case
//! number and its query code may read its progress.
//!
//! Rules enforced here:
//! - Login codes: 6 digits, valid 5 minutes, stored only as a keyed hash; 5 wrong tries kill a code;
//!   one code per phone per 60 s and [`CODES_PER_DAY`] per business day; texted through the outbox
//!   (kind `login_code`, whose digits the outbox page hides) in the same transaction; never logged.
//! - A citizen sees and acts on only the cases filed from the phone they signed in with (its blind
//!   index); anything else is "not found".
//! - Online cases have channel `online`, no window and no intake user; they start as `draft` and
//!   move through [`crate::cases::act`] like every other case, so the state machine, the notices
//!   and the trail are the same as at a window.
//! - Progress look-ups answer one message for an unknown case number and a wrong query code, and
//!   refuse after [`LOOKUP_FAILURES_PER_HOUR`] wrong pairs for one case number within an hour
//!   (the query code is the only secret).
//! - Legal anchors: 行政许可法 第29条 and 第33条 (applications by data message, e-government), 第32条
//!   (the one-time notice of everything missing, sent here as an SMS and shown on the portal).
//! - ID numbers and phones are sealed like at a window; pages get masks only.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use domain::Invalid;
use domain::access::Permission;
use domain::cases::{Action, CaseChannel, CaseStatus, case_no};
use domain::catalog::{DeliveryMode, ItemContent, OnlineDepth};
use domain::text::collect;
use domain::validate::Mobile;
use serde::{Deserialize, Serialize};
use store::cases::{MaterialRow, NewCase, NewEvent};
use store::portal::{NewLoginCode, PortalCaseRow};
use utoipa::ToSchema;

use crate::audit::record;
use crate::auth::{new_token, token_hash};
use crate::batch::submit;
use crate::cases::{ActionInput, CaseView, MaterialInput};
use crate::outbox::{NewMessage, enqueue};
use crate::{Actor, App, AppError, Result};

/// How long a login code is valid.
pub const CODE_MINUTES: i64 = 5;
/// Wrong tries that kill a code.
pub const CODE_TRIES: i64 = 5;
/// The least time between two codes to one phone.
pub const RESEND_SECONDS: i64 = 60;
/// Codes one phone may be sent per business day.
pub const CODES_PER_DAY: i64 = 10;
/// How long a citizen session lives.
pub const SESSION_HOURS: i64 = 2;
/// Wrong case number + query code pairs allowed per case number per hour.
pub const LOOKUP_FAILURES_PER_HOUR: i64 = 10;

/// The one answer for an unknown case number or a wrong query code.
pub const LOOKUP_REFUSED: &str = "办件编号或查询码不正确，请核对受理通知书或短信后重新输入";

/// What the citizen is told after a code was sent (never the code).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CodeSent {
    pub phone_masked: String,
    /// Seconds before another code may be asked for.
    pub resend_after: i64,
    /// Minutes the code stays valid.
    pub valid_minutes: i64,
}

/// A signed-in citizen. The phone is held in clear only in memory (to seal it onto a new case);
/// `Debug` shows the mask.
#[derive(Clone)]
pub struct Citizen {
    phone: String,
    pub phone_hash: String,
    pub phone_masked: String,
    pub csrf: String,
}

impl std::fmt::Debug for Citizen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Citizen").field("phone", &self.phone_masked).finish_non_exhaustive()
    }
}

impl Citizen {
    fn actor(&self) -> Actor {
        // The transitions run with the system's reach after the ownership check here; the trail
        // names the masked phone.
        Actor::system(&format!("citizen {}", self.phone_masked))
    }
}

/// A new citizen session: the token (cookie or bearer, shown once) and its CSRF token.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CitizenSession {
    pub token: String,
    pub csrf: String,
    pub phone_masked: String,
    pub expires_at: DateTime<Utc>,
}

fn code_hash(app: &App, salt: &str, code: &str) -> String {
    app.cipher.blind_index("login_code", &format!("{salt}:{code}"))
}

fn constant_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Texts a one-time login code to `phone`: at most one per [`RESEND_SECONDS`] and
/// [`CODES_PER_DAY`] per business day.
pub async fn request_code(app: &App, phone: &str) -> Result<CodeSent> {
    let phone = Mobile::parse("phone", phone)?;
    let sealed = app.seal_phone(&phone);
    let now = app.clock.now();
    let today = app.clock.today();
    let mut tx = app.write().await?;
    store::appointments::lock_person(&mut tx, &[&sealed.1]).await?;
    if let Some(last) = store::portal::find_latest_code(&mut tx, &sealed.1).await? {
        let wait = RESEND_SECONDS - (now - last.created_at).num_seconds();
        if wait > 0 {
            return Err(AppError::Locked(format!("验证码已发送，请 {wait} 秒后再重新获取")));
        }
    }
    if store::portal::count_codes_on(&mut tx, &sealed.1, today).await? >= CODES_PER_DAY {
        return Err(AppError::Locked(format!("该手机号今日获取验证码已达 {CODES_PER_DAY} 次，请明天再试或到大厅窗口办理")));
    }
    let code = format!("{:06}", rand::random::<u32>() % 1_000_000);
    let salt = new_token();
    let hash = code_hash(app, &salt, &code);
    let new = NewLoginCode { phone: &sealed, salt: &salt, code_hash: &hash, day: today, expires_at: now + Duration::minutes(CODE_MINUTES) };
    let id = store::portal::insert_login_code(&mut tx, &new, now).await?;
    let (org_unit_id, _) =
        store::portal::root_org_unit(&mut tx).await?.ok_or_else(|| AppError::Internal("no org unit for login texts".into()))?;
    let body = format!("【一窗】您的登录验证码为 {code}，{CODE_MINUTES} 分钟内有效。请勿告诉他人，工作人员不会向您索要验证码。");
    enqueue(
        app,
        &mut tx,
        NewMessage { org_unit_id, kind: "login_code", phone: phone.as_str(), body, idempotency_key: format!("portal-login-{id}") },
    )
    .await?;
    tx.commit().await?;
    Ok(CodeSent { phone_masked: sealed.2, resend_after: RESEND_SECONDS, valid_minutes: CODE_MINUTES })
}

/// Checks a login code and opens a session. A wrong try is counted (and committed) even though
/// the call fails; the [`CODE_TRIES`]-th kills the code.
pub async fn verify_code(app: &App, phone: &str, code: &str) -> Result<CitizenSession> {
    let mut e = Invalid::default();
    let phone = collect(&mut e, Mobile::parse("phone", phone));
    let code = code.trim();
    if !(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())) {
        e.push("code", "请输入短信中的 6 位数字验证码");
    }
    e.into_result()?;
    let phone = phone.expect("validated");
    let sealed = app.seal_phone(&phone);
    let now = app.clock.now();
    let mut tx = app.write().await?;
    store::appointments::lock_person(&mut tx, &[&sealed.1]).await?;
    let refused = || AppError::Unauthorized("验证码无效或已失效，请重新获取".to_owned());
    let Some(row) = store::portal::find_latest_code(&mut tx, &sealed.1).await? else { return Err(refused()) };
    if row.used_at.is_some() || row.dead_at.is_some() {
        return Err(refused());
    }
    if row.expires_at <= now {
        return Err(AppError::Unauthorized(format!("验证码已过期（{CODE_MINUTES} 分钟内有效），请重新获取")));
    }
    if !constant_eq(&code_hash(app, &row.salt, code), &row.code_hash) {
        let attempts = store::portal::record_wrong_code(&mut tx, row.id, CODE_TRIES, now).await?;
        tx.commit().await?;
        return Err(AppError::Unauthorized(if attempts >= CODE_TRIES {
            "验证码错误次数过多，该验证码已失效，请重新获取".to_owned()
        } else {
            format!("验证码不正确，还可尝试 {} 次", CODE_TRIES - attempts)
        }));
    }
    if !store::portal::use_code(&mut tx, row.id, now).await? {
        return Err(refused());
    }
    let token = format!("cit_{}", new_token());
    let csrf = new_token();
    let expires_at = now + Duration::hours(SESSION_HOURS);
    store::portal::insert_session(&mut tx, &token_hash(&token), &sealed, &csrf, now, expires_at).await?;
    let (_, root) =
        store::portal::root_org_unit(&mut tx).await?.ok_or_else(|| AppError::Internal("no org unit for the audit row".into()))?;
    let citizen = Citizen { phone: String::new(), phone_hash: String::new(), phone_masked: sealed.2.clone(), csrf: String::new() };
    record::<(), ()>(app, &mut tx, &citizen.actor(), "citizen_login", "citizen", &sealed.2, &root, None, None).await?;
    tx.commit().await?;
    Ok(CitizenSession { token, csrf, phone_masked: sealed.2, expires_at })
}

/// The citizen behind a session token, if it is live.
pub async fn citizen(app: &App, token: &str) -> Result<Option<Citizen>> {
    if !token.starts_with("cit_") {
        return Ok(None);
    }
    let mut tx = app.read().await?;
    let Some(row) = store::portal::find_live_session(&mut tx, &token_hash(token), app.clock.now()).await? else { return Ok(None) };
    drop(tx);
    let phone = app.cipher.decrypt(&row.phone_enc)?;
    Ok(Some(Citizen { phone, phone_hash: row.phone_hash, phone_masked: row.phone_masked, csrf: row.csrf_token }))
}

/// Ends a citizen session.
pub async fn logout(app: &App, token: &str) -> Result<()> {
    let mut tx = app.write().await?;
    store::portal::delete_session(&mut tx, &token_hash(token)).await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes what the portal no longer needs: login codes older than two days (the daily quota
/// counts today's), expired citizen sessions, progress look-up failures older than two hours.
pub async fn purge_expired(app: &App) -> Result<u64> {
    let now = app.clock.now();
    let mut tx = app.write().await?;
    let n = store::portal::purge(&mut tx, now - Duration::days(2), now, now - Duration::hours(2)).await?;
    tx.commit().await?;
    Ok(n)
}

// ---------------------------------------------------------------- items

/// Whether an item's online depth lets a citizen apply without a visit.
pub fn applies_online(depth: OnlineDepth) -> bool {
    matches!(depth, OnlineDepth::Apply | OnlineDepth::Full)
}

/// A hall where an item is stationed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SiteChoice {
    pub id: i64,
    pub name: String,
}

/// An item open to online application, with what its guide says a citizen needs.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OnlineItem {
    pub item_id: i64,
    pub name: String,
    pub department_name: String,
    /// apply (网上申请、窗口办理) or full (全程网办).
    pub online_depth: String,
    pub online_depth_label: String,
    pub promised_days: u32,
    pub statutory_days: u32,
    /// `None`: free of charge.
    pub fee: Option<String>,
    pub conditions: String,
    pub visits: u32,
    /// delivery modes offered: window, mail, electronic.
    pub delivery: Vec<String>,
    #[schema(value_type = Vec<Object>)]
    pub materials: Vec<domain::catalog::Material>,
    pub sites: Vec<SiteChoice>,
}

async fn online_items(app: &App) -> Result<Vec<OnlineItem>> {
    let mut tx = app.read().await?;
    let versions = store::catalog::list_current_versions(&mut tx, app.clock.today()).await?;
    let sites = store::catalog::list_all_item_sites(&mut tx).await?;
    let items = store::catalog::list_items(&mut tx).await?;
    let mut out = Vec::new();
    for v in versions {
        let Ok(c) = serde_json::from_str::<ItemContent>(&v.content) else { continue };
        if !applies_online(c.online_depth) {
            continue;
        }
        let stationed: Vec<SiteChoice> = sites
            .iter()
            .filter(|s| s.item_id == v.summary.item_id && s.stationed)
            .map(|s| SiteChoice { id: s.site_id, name: s.site_name.clone() })
            .collect();
        if stationed.is_empty() {
            continue;
        }
        let department_name = items.iter().find(|i| i.id == v.summary.item_id).map(|i| i.department_name.clone()).unwrap_or_default();
        out.push(OnlineItem {
            item_id: v.summary.item_id,
            name: v.summary.name.clone(),
            department_name,
            online_depth: c.online_depth.code().to_owned(),
            online_depth_label: c.online_depth.label().to_owned(),
            promised_days: c.promised_days,
            statutory_days: c.statutory_days,
            fee: c.fee.clone(),
            conditions: c.conditions.clone(),
            visits: c.visits,
            delivery: c.delivery.iter().map(|d| d.code().to_owned()).collect(),
            materials: c.materials.clone(),
            sites: stationed,
        });
    }
    Ok(out)
}

/// The items a citizen may apply for online (published, online depth 网上申请 or 全程网办, stationed
/// in at least one hall), optionally those whose name, department or a material contains `q`.
pub async fn list_items(app: &App, q: &str) -> Result<Vec<OnlineItem>> {
    let q = q.trim();
    let all = online_items(app).await?;
    Ok(all
        .into_iter()
        .filter(|i| q.is_empty() || i.name.contains(q) || i.department_name.contains(q) || i.materials.iter().any(|m| m.name.contains(q)))
        .collect())
}

/// One item open to online application; 409 when its guide keeps it at the window.
pub async fn get_item(app: &App, item_id: i64) -> Result<OnlineItem> {
    let all = online_items(app).await?;
    if let Some(i) = all.into_iter().find(|i| i.item_id == item_id) {
        return Ok(i);
    }
    let mut tx = app.read().await?;
    match store::catalog::find_current_version(&mut tx, item_id, app.clock.today()).await? {
        None => Err(AppError::NotFound("事项")),
        Some(_) => Err(AppError::Conflict("该事项暂不支持网上申请，请携带材料到大厅窗口办理".to_owned())),
    }
}

// ---------------------------------------------------------------- applying

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
    #[serde(default, deserialize_with = "crate::input::opt_id")]
    pub item_id: Option<i64>,
    /// The hall that will handle it (one where the item is stationed).
    #[serde(default, deserialize_with = "crate::input::opt_id")]
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

fn citizen_can(status: CaseStatus) -> Vec<&'static str> {
    [Action::Submit, Action::Resubmit, Action::Withdraw]
        .into_iter()
        .filter(|a| status.allowed().contains(a))
        .filter(|a| *a != Action::Withdraw || matches!(status, CaseStatus::Draft | CaseStatus::Submitted))
        .map(|a| a.code())
        .collect()
}

async fn portal_case(tx: &mut store::Tx, row: PortalCaseRow) -> Result<PortalCase> {
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
async fn last_missing(tx: &mut store::Tx, case_id: i64) -> Result<Vec<String>> {
    let events = store::cases::list_events(tx, case_id).await?;
    let Some(e) = events.iter().rev().find(|e| e.action == Action::RequestSupplement.code()) else { return Ok(Vec::new()) };
    let v: serde_json::Value = serde_json::from_str(&e.data).unwrap_or_default();
    Ok(v["missing"].as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect()).unwrap_or_default())
}

fn check_files(rows: &[MaterialRow], known: &[String], e: &mut Invalid) {
    for m in rows {
        if let Some(f) = &m.file_sha256
            && !known.contains(f)
        {
            e.push(&format!("materials[{}]", m.position), format!("材料“{}”的上传文件不存在，请重新上传", m.name));
        }
    }
}

async fn known_files(tx: &mut store::Tx, rows: &[MaterialRow]) -> Result<Vec<String>> {
    let mut known = Vec::new();
    for f in rows.iter().filter_map(|m| m.file_sha256.as_ref()) {
        if store::files::find_content_type(tx, f).await?.is_some() {
            known.push(f.clone());
        }
    }
    Ok(known)
}

/// Required materials neither uploaded nor flagged 容缺 (a submission needs none).
fn not_supplied(rows: &[MaterialRow]) -> Vec<String> {
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
        .map_err(|x| AppError::Internal(format!("item version {} content: {x}", version.summary.id)))?;
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
    let applicant = crate::cases::ApplicantInput {
        kind: a.kind.clone(),
        name: a.name.clone(),
        id_number: a.id_number.clone(),
        credit_code: a.credit_code.clone(),
        ..crate::cases::ApplicantInput::default()
    };
    let (name, kind, applicant_id, credit_code) = crate::cases::check_applicant(&applicant, false, &mut e);
    let materials = crate::cases::checklist(&content, &input.materials, today, &mut e);
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
    if crate::outbox::contains_id_number(&address) || crate::outbox::contains_id_number(&recipient) {
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
    let sealed_phone = app.seal_phone(&phone);
    let applicant_id = applicant_id.map(|i| crate::cases::seal_id(app, &i));
    let (promised, statutory) = (i64::from(content.promised_days), i64::from(content.statutory_days));
    let case_kind = content.case_kind;
    let auditor = who.actor();
    let actor_name = auditor.audit_name();
    let item_name = version.summary.name.clone();
    let version_id = version.summary.id;
    let id = submit(app, move |ctx| {
        let auditor = auditor.clone();
        let (sealed_phone, applicant_id, credit_code, materials, form, actor_name, item_name, name, site) = (
            sealed_phone.clone(),
            applicant_id.clone(),
            credit_code.clone(),
            materials.clone(),
            form.clone(),
            actor_name.clone(),
            item_name.clone(),
            name.clone(),
            site.clone(),
        );
        Box::pin(async move {
            let now = ctx.app.clock.now();
            let seq = store::cases::next_seq(ctx.tx, site.id, today).await?;
            let no = case_no(site.id, today, seq);
            let code = crate::cases::query_code();
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
                channel: CaseChannel::Online.code(),
                status: CaseStatus::Draft.code(),
                applicant_kind: kind,
                applicant_name: &name,
                applicant_id: applicant_id.as_ref(),
                credit_code: credit_code.as_deref(),
                phone: &sealed_phone,
                agent_name: None,
                agent_id: None,
                agent_authorisation: None,
                ticket_id: None,
                window_id: None,
                intake_user_id: None,
                promised_days: promised,
                statutory_days: statutory,
                form: &form,
            };
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
            let after = serde_json::json!({"case_no": no, "item": item_name, "status": "draft", "channel": "online"});
            record::<(), _>(ctx.app, ctx.tx, &auditor, "apply_online", "case", id, &site.org_path, None, Some(&after)).await?;
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
async fn owned(tx: &mut store::Tx, who: &Citizen, id: i64) -> Result<PortalCaseRow> {
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
                .map_err(|x| AppError::Internal(format!("item version {}: {x}", version.summary.id)))?;
            let mut e = Invalid::default();
            let rows = crate::cases::checklist(&content, &merged, app.clock.today(), &mut e);
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

async fn version_of(tx: &mut store::Tx, id: i64) -> Result<i64> {
    Ok(store::cases::get_case(tx, id).await?.item_version_id)
}

// ---------------------------------------------------------------- progress (public)

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

fn step_label(code: &str) -> String {
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

/// The case with this number and query code, under the per-number failure limit (a wrong pair
/// and an unknown number get the same answer and count as a failure). Progress look-ups and
/// ratings by code share it.
pub(crate) async fn case_by_code(app: &App, case_no: &str, query_code: &str) -> Result<store::cases::CaseRow> {
    let query_code = query_code.trim().to_ascii_uppercase();
    let now = app.clock.now();
    let key = app.cipher.blind_index("progress_lookup", case_no);
    let mut tx = app.read().await?;
    if store::portal::count_lookup_failures(&mut tx, &key, now - Duration::hours(1)).await? >= LOOKUP_FAILURES_PER_HOUR {
        return Err(AppError::Locked("查询错误次数过多，请 1 小时后再试，或致电办理大厅咨询".to_owned()));
    }
    let found = store::cases::find_by_no(&mut tx, case_no).await?.filter(|r| constant_eq(&r.query_code, &query_code));
    drop(tx);
    match found {
        Some(row) => Ok(row),
        None => {
            let mut w = app.write().await?;
            store::portal::insert_lookup_failure(&mut w, &key, now).await?;
            w.commit().await?;
            Err(Invalid::one("query_code", LOOKUP_REFUSED).into())
        }
    }
}

/// The progress of a case by its number and query code. A wrong pair and an unknown number get
/// the same answer; [`LOOKUP_FAILURES_PER_HOUR`] wrong pairs per case number per hour are allowed.
pub async fn progress(app: &App, case_no: &str, query_code: &str) -> Result<ProgressView> {
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
    let row = case_by_code(app, case_no, &query_code).await?;
    let mut tx = app.read().await?;
    let events = store::cases::list_events(&mut tx, row.id).await?;
    let materials = store::cases::list_materials(&mut tx, row.id).await?;
    let pauses = store::cases::list_pauses(&mut tx, row.id).await?;
    let rating = store::ratings::rating_for_case(&mut tx, row.id).await?;
    let rating_policy = crate::ratings::policy_in(&mut tx, &row.org_path).await?;
    drop(tx);
    let cal = crate::calendar::calendar(app).await?;
    let status = crate::cases::status_of(&row);
    let ratable = rating.is_none()
        && crate::ratings::RATABLE.contains(&status.code())
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
    let policy = crate::ladder_policy::policy_for(app, row.site_id, row.item_id).await?;
    let v: CaseView = crate::cases::view(&cal, &policy, row, &pauses, app.clock.today());
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

/// The states in which an online case waits for a window: pre-check, receive, accept, or the
/// applicant's supplement.
pub const PRECHECK_STATUSES: &[&str] = &["submitted", "prechecked", "received", "supplement_requested"];

/// An online case on the window's pre-check list, with its checklist.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OnlineCaseItem {
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub case: PortalCaseRow,
    pub status_label: String,
    pub delivery_label: String,
    pub allowed: Vec<&'static str>,
    #[schema(value_type = Vec<Object>)]
    pub materials: Vec<MaterialRow>,
}

/// Online cases of the halls where the actor takes cases in, oldest first.
pub async fn online_queue(app: &App, actor: &Actor) -> Result<Vec<OnlineCaseItem>> {
    actor.require_role(Permission::IntakeCases, "预审网上申请")?;
    let scope = actor.scope(Permission::IntakeCases);
    let mut tx = app.read().await?;
    let rows = store::portal::list_online(&mut tx, PRECHECK_STATUSES, &scope, 200).await?;
    let mut out = Vec::with_capacity(rows.len());
    for mut r in rows {
        let materials = store::cases::list_materials(&mut tx, r.id).await?;
        let status = CaseStatus::parse("status", &r.status).unwrap_or(CaseStatus::Void);
        r.query_code = String::new();
        out.push(OnlineCaseItem {
            status_label: status.label().to_owned(),
            delivery_label: delivery_label(&r.form),
            allowed: status.allowed().iter().map(|a| a.code()).collect(),
            case: r,
            materials,
        });
    }
    Ok(out)
}

/// A scan of a case's material, for staff who may see the case.
pub async fn staff_scan(app: &App, actor: &Actor, case_id: i64, sha: &str) -> Result<(Vec<u8>, String)> {
    let detail = crate::cases::get_case(app, actor, case_id).await?;
    if !detail.materials.iter().any(|m| m.file_sha256.as_deref() == Some(sha)) {
        return Err(AppError::NotFound("文件"));
    }
    crate::uploads::read_scan(app, sha).await
}

/// A scan of the citizen's own case.
pub async fn citizen_scan(app: &App, who: &Citizen, case_id: i64, sha: &str) -> Result<(Vec<u8>, String)> {
    let materials = my_materials(app, who, case_id).await?;
    if !materials.iter().any(|m| m.file_sha256.as_deref() == Some(sha)) {
        return Err(AppError::NotFound("文件"));
    }
    crate::uploads::read_scan(app, sha).await
}
