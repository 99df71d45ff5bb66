//! Citizen sign-in by SMS code: codes, sessions, logout.

use chrono::{DateTime, Duration, Utc};
use domain::Invalid;
use domain::text::collect;
use domain::validate::Mobile;
use serde::Serialize;
use store::portal::NewLoginCode;
use utoipa::ToSchema;

use crate::accounts::auth::{new_token, token_hash};
use crate::accounts::citizen::Citizen;
use crate::outbox::messages::{NewMessage, enqueue};
use crate::support::audit::record;
use crate::support::input::constant_eq;
use crate::{App, AppError, Result};

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

/// What the citizen is told after a code was sent (never the code).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CodeSent {
    pub phone_masked: String,
    /// Seconds before another code may be asked for.
    pub resend_after: i64,
    /// Minutes the code stays valid.
    pub valid_minutes: i64,
}

/// A new citizen session: the token (cookie or bearer, shown once) and its CSRF token.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CitizenSession {
    pub token: String,
    pub csrf: String,
    pub phone_masked: String,
    pub expires_at: DateTime<Utc>,
}

pub(super) fn code_hash(app: &App, salt: &str, code: &str) -> String {
    app.cipher.blind_index("login_code", &format!("{salt}:{code}"))
}

/// Texts a one-time login code to `phone`: at most one per [`RESEND_SECONDS`] and
/// [`CODES_PER_DAY`] per business day, and at most
/// [`SMS_CODES_PER_CLIENT_HOUR`](crate::support::rate::SMS_CODES_PER_CLIENT_HOUR) an hour from one
/// client address (`client`) across phones.
pub async fn request_code(app: &App, phone: &str, client: &str) -> Result<CodeSent> {
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
    // Texts sent from one client across phones (a refused request sends nothing and counts nothing).
    use crate::support::rate::{SMS_CODES_PER_CLIENT_HOUR as LIMIT, count};
    count(&mut tx, &format!("sms:c:{client}"), LIMIT, now, || format!("本网络获取验证码过于频繁（每小时至多 {LIMIT} 次），请一小时后再试"))
        .await?;
    let code = format!("{:06}", rand::random::<u32>() % 1_000_000);
    let salt = new_token();
    let hash = code_hash(app, &salt, &code);
    let new = NewLoginCode { phone: &sealed, salt: &salt, code_hash: &hash, day: today, expires_at: now + Duration::minutes(CODE_MINUTES) };
    let id = store::portal::insert_login_code(&mut tx, &new, now).await?;
    let (org_unit_id, _) = store::portal::root_org_unit(&mut tx).await?.ok_or_else(|| AppError::bug("no org unit for login texts"))?;
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
    let (_, root) = store::portal::root_org_unit(&mut tx).await?.ok_or_else(|| AppError::bug("no org unit for the audit row"))?;
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
