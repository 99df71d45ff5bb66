//! Signing in and out (X3): argon2id passwords, server-side sessions with a CSRF token each,
//! back-off after repeated failures, API tokens for integrations and device tokens for hall
//! screens and kiosks. Only SHA-256 hashes of tokens are stored.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use base64::Engine;
use domain::access::{Grant, OrgPath, Role};
use domain::ids::UserId;
use rand::RngCore;
use sha2::{Digest, Sha256};
use store::accounts::{DeviceRow, UserRow};

use crate::accounts::throttle;
use crate::runtime::caches::Resolved;
use crate::{Actor, App, AppError, Result};

/// A fresh random token: 32 bytes, URL-safe base64 without padding.
pub fn new_token() -> String {
    let mut b = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut b);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

/// The stored form of a token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Hashes a password with argon2id (the crate's default parameters, a fresh salt).
pub fn hash_password(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::internal("password hashing failed", e.to_string()))
}

fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// A password fit for a staff account: 8–128 characters with both letters and digits.
pub fn check_password_strength(field: &str, pw: &str) -> Result<(), domain::Invalid> {
    let n = pw.chars().count();
    if n < 8 {
        return Err(domain::Invalid::one(field, "密码至少 8 位"));
    }
    if n > 128 {
        return Err(domain::Invalid::one(field, "密码不能超过 128 位"));
    }
    if !pw.chars().any(|c| c.is_ascii_alphabetic()) || !pw.chars().any(|c| c.is_ascii_digit()) {
        return Err(domain::Invalid::one(field, "密码须同时包含字母和数字"));
    }
    Ok(())
}

/// A signed-in session: the cookie/bearer token (shown once), its CSRF token, and the actor.
#[derive(Debug, Clone)]
pub struct Session {
    pub token: String,
    pub csrf: String,
    pub actor: Actor,
    /// The window the user's staff record sits at today, if any.
    pub window_id: Option<i64>,
}

/// A hash to verify against when the username is unknown, so both paths cost the same.
fn dummy_hash() -> &'static str {
    static H: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    H.get_or_init(|| hash_password("not-a-real-password-0").unwrap_or_default())
}

/// Checks a username and password from an unnamed client (command line, tests); see
/// [`login_from`].
pub async fn login(app: &App, username: &str, password: &str) -> Result<Session> {
    login_from(app, username, password, "local").await
}

/// The one answer to every failed sign-in, whether the account is unknown, disabled or the
/// password wrong (no account enumeration).
const FAILED: &str = "用户名或密码错误";

/// Checks a username and password sent from `client` (its address); on success opens a session.
/// Failures back off per (user name, client) and per client (see [`crate::accounts::throttle`]):
/// a guesser is slowed and then refused with 429, while the owner signing in from a client that
/// has not failed gets in.
pub async fn login_from(app: &App, username: &str, password: &str, client: &str) -> Result<Session> {
    let username = username.trim();
    if username.is_empty() || password.is_empty() {
        let mut e = domain::Invalid::default();
        if username.is_empty() {
            e.push("username", "请输入用户名");
        }
        if password.is_empty() {
            e.push("password", "请输入密码");
        }
        return Err(e.into());
    }
    let now = app.clock.now();
    let keys = throttle::keys(username, client);
    let mut tx = app.write().await?;
    if let Some(until) = store::accounts::throttle_blocked(&mut tx, &keys, now).await? {
        return Err(throttle::refused(until));
    }
    let user = store::accounts::find_user_by_username(&mut tx, username).await?;
    let ok = match &user {
        Some(u) => verify_password(password, &u.password_hash) && u.active,
        None => {
            let _ = verify_password(password, dummy_hash());
            false
        }
    };
    let user = match (ok, user) {
        (true, Some(u)) => u,
        (_, user) => {
            throttle::fail(app, &mut tx, &keys, now).await?;
            if let Some(u) = &user {
                store::accounts::record_failed_login(&mut tx, u.id, u.failed_logins + 1).await?;
                crate::support::audit::record::<(), _>(
                    app,
                    &mut tx,
                    &Actor::system("login"),
                    "login_failed",
                    "user",
                    u.id,
                    &u.org_path,
                    None,
                    Some(&serde_json::json!({"username": u.username, "failures": u.failed_logins + 1})),
                )
                .await?;
            }
            tx.commit().await?;
            return Err(AppError::Unauthorized(FAILED.to_owned()));
        }
    };
    store::accounts::throttle_clear(&mut tx, &keys[0]).await?;
    store::accounts::record_login(&mut tx, user.id, now).await?;
    let token = new_token();
    let csrf = new_token();
    let expires = now + chrono::Duration::hours(app.settings.session_hours);
    store::accounts::insert_session(&mut tx, &token_hash(&token), user.id, &csrf, now, expires).await?;
    let actor = actor_for(&mut tx, &user).await?;
    crate::support::audit::record::<(), ()>(app, &mut tx, &actor, "login", "user", user.id, &user.org_path, None, None).await?;
    let window_id = seat_of(&mut tx, app, &user).await?;
    tx.commit().await?;
    Ok(Session { token, csrf, actor, window_id })
}

async fn seat_of(tx: &mut store::Tx, app: &App, user: &UserRow) -> Result<Option<i64>> {
    Ok(match user.staff_id {
        Some(s) => store::org::find_staff_seat(tx, s, app.clock.today()).await?.map(|x| x.window_id),
        None => None,
    })
}

/// Builds the actor of a user from their grants.
async fn actor_for(tx: &mut store::Tx, user: &UserRow) -> Result<Actor> {
    let grants = store::accounts::list_user_grants(tx, user.id).await?;
    let grants = grants
        .into_iter()
        .filter_map(|g| {
            Some(Grant {
                role: Role::parse("role", &g.role).ok()?,
                org_path: OrgPath(g.org_path),
                department: g.department_id.map(domain::ids::DepartmentId),
            })
        })
        .collect();
    Ok(Actor {
        user_id: Some(UserId(user.id)),
        username: user.username.clone(),
        name: user.name.clone(),
        grants,
        staff_id: user.staff_id,
        api_token: None,
        system: false,
    })
}

/// The actor and CSRF token of a live session (cookie or bearer), if the token is valid.
pub async fn session_actor(app: &App, token: &str) -> Result<Option<(Actor, String, Option<i64>)>> {
    let key = token_hash(token);
    if let Some(Resolved::Session(r)) = app.caches.auth.get(&key, app.clock.now()) {
        return Ok(r);
    }
    let r = load_session(app, &key).await?;
    app.caches.auth.put(key, app.clock.now(), Resolved::Session(r.clone()));
    Ok(r)
}

async fn load_session(app: &App, key: &str) -> Result<Option<(Actor, String, Option<i64>)>> {
    let mut tx = app.read().await?;
    let Some(s) = store::accounts::find_live_session(&mut tx, key, app.clock.now()).await? else {
        return Ok(None);
    };
    let user = store::accounts::get_user(&mut tx, s.user_id).await?;
    if !user.active {
        return Ok(None);
    }
    let actor = actor_for(&mut tx, &user).await?;
    let window = seat_of(&mut tx, app, &user).await?;
    Ok(Some((actor, s.csrf_token, window)))
}

/// The actor of a live API token, acting with its user's grants.
pub async fn api_token_actor(app: &App, token: &str) -> Result<Option<Actor>> {
    let key = token_hash(token);
    if let Some(Resolved::Api(r)) = app.caches.auth.get(&key, app.clock.now()) {
        return Ok(r);
    }
    let r = load_api_token(app, &key).await?;
    app.caches.auth.put(key, app.clock.now(), Resolved::Api(r.clone()));
    Ok(r)
}

async fn load_api_token(app: &App, key: &str) -> Result<Option<Actor>> {
    let now = app.clock.now();
    let mut tx = app.read().await?;
    let Some(t) = store::accounts::find_live_api_token(&mut tx, key, now).await? else {
        return Ok(None);
    };
    let user = store::accounts::get_user(&mut tx, t.user_id).await?;
    if !user.active {
        return Ok(None);
    }
    let mut actor = actor_for(&mut tx, &user).await?;
    actor.api_token = Some(t.id);
    drop(tx);
    if t.last_used_at.is_none_or(|at| now - at > TOUCH_EVERY) {
        touch(app, t.id, true).await;
    }
    Ok(Some(actor))
}

/// The device a live (not revoked) device token belongs to.
pub async fn device(app: &App, token: &str) -> Result<Option<DeviceRow>> {
    let key = token_hash(token);
    if let Some(Resolved::Device(r)) = app.caches.auth.get(&key, app.clock.now()) {
        return Ok(r);
    }
    let mut tx = app.read().await?;
    let d = store::accounts::find_live_device_by_token(&mut tx, &key).await?;
    drop(tx);
    if let Some(d) = &d
        && d.last_seen_at.is_none_or(|at| app.clock.now() - at > TOUCH_EVERY)
    {
        touch(app, d.id, false).await;
    }
    app.caches.auth.put(key, app.clock.now(), Resolved::Device(d.clone()));
    Ok(d)
}

/// How stale "last seen / last used" may get before it is written again (bookkeeping, not an
/// audited change): at most one write a minute per token, so a busy device or client does not
/// queue behind the queue writer on every credential refresh.
const TOUCH_EVERY: chrono::Duration = chrono::Duration::minutes(1);

async fn touch(app: &App, id: i64, api_token: bool) {
    let now = app.clock.now();
    let r = async {
        let mut w = app.write().await?;
        if api_token {
            store::accounts::touch_api_token(&mut w, id, now).await?;
        } else {
            store::accounts::touch_device(&mut w, id, now).await?;
        }
        w.commit().await?;
        Ok::<(), AppError>(())
    }
    .await;
    if let Err(e) = r {
        tracing::warn!(error = %e, "could not record last use of a token");
    }
}

/// Ends a session.
pub async fn logout(app: &App, token: &str) -> Result<()> {
    let mut tx = app.write().await?;
    store::accounts::delete_session(&mut tx, &token_hash(token)).await?;
    tx.commit().await?;
    app.caches.auth.clear();
    Ok(())
}

/// Deletes sessions that have expired; returns how many (run periodically by the server).
pub async fn purge_expired_sessions(app: &App) -> Result<u64> {
    let mut tx = app.write().await?;
    let n = store::accounts::purge_sessions(&mut tx, app.clock.now()).await?;
    tx.commit().await?;
    Ok(n)
}
