//! Accounts (X3): users with argon2id password hashes, role grants on org subtrees, server-side
//! sessions, device tokens for hall screens and kiosks, and API tokens for integrations. Tokens
//! are stored only as SHA-256 hashes; the clear token is shown once when it is issued.

use sqlx::AssertSqlSafe;

use crate::org::Scope;
use crate::sql::{self, Col};
use crate::{Result, StoreError, Timestamp, Tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub name: String,
    pub password_hash: String,
    pub staff_id: Option<i64>,
    pub org_unit_id: i64,
    pub active: bool,
    pub failed_logins: i64,
    pub locked_until: Option<Timestamp>,
    pub last_login_at: Option<Timestamp>,
    pub org_path: String,
    pub org_name: String,
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct GrantRow {
    pub id: i64,
    pub user_id: i64,
    pub role: String,
    pub org_unit_id: i64,
    pub department_id: Option<i64>,
    pub org_path: String,
    pub org_name: String,
    pub department_name: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub token_hash: String,
    pub user_id: i64,
    pub csrf_token: String,
    pub expires_at: Timestamp,
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct DeviceRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub site_id: i64,
    pub window_id: Option<i64>,
    pub org_unit_id: i64,
    pub token_prefix: String,
    pub created_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
    pub last_seen_at: Option<Timestamp>,
    pub site_name: String,
    pub window_number: Option<String>,
    pub org_path: String,
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ApiTokenRow {
    pub id: i64,
    pub name: String,
    pub user_id: i64,
    pub org_unit_id: i64,
    pub token_prefix: String,
    pub created_at: Timestamp,
    pub expires_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
    pub last_used_at: Option<Timestamp>,
    pub username: String,
    pub org_path: String,
}

/// `locked_until` is when the last back-off of any (user name, client) pair of the account ends
/// (`app::accounts::throttle`'s keys `u:<name>|c:<client>`), so an administrator sees who is held back.
const USER_SELECT: &str = "select u.id, u.username, u.name, u.password_hash, u.staff_id, u.org_unit_id, u.active, u.failed_logins, \
     (select max(t.blocked_until) from login_throttle t \
       where substr(t.key, 1, length(u.username) + 5) = 'u:' || lower(u.username) || '|c:') as locked_until, \
     u.last_login_at, o.path as org_path, o.name as org_name from users u join org_units o on o.id = u.org_unit_id";

/// The fields of an account as stored.
#[derive(Debug, Clone)]
pub struct UserFields<'a> {
    pub username: &'a str,
    pub name: &'a str,
    pub staff_id: Option<i64>,
    pub org_unit_id: i64,
    pub active: bool,
}

impl UserFields<'_> {
    /// The columns both the insert and the update write.
    fn cols(&self) -> [Col<'_>; 5] {
        [
            ("username", &self.username),
            ("name", &self.name),
            ("staff_id", &self.staff_id),
            ("org_unit_id", &self.org_unit_id),
            ("active", &self.active),
        ]
    }
}

pub async fn insert_user(tx: &mut Tx, f: &UserFields<'_>, password_hash: &str, now: Timestamp) -> Result<UserRow> {
    let id = sql::insert_stamped(tx, "users", &[("password_hash", &password_hash)], &f.cols(), now).await?;
    get_user(tx, id).await
}

pub async fn update_user(tx: &mut Tx, id: i64, f: &UserFields<'_>, now: Timestamp) -> Result<()> {
    sql::update_stamped(tx, "users", id, &f.cols(), now, "user").await
}

/// Sets a new password hash and clears any lock-out.
pub async fn set_password(tx: &mut Tx, id: i64, password_hash: &str, now: Timestamp) -> Result<()> {
    sql::execute(
        tx,
        "update users set password_hash = $1, failed_logins = 0, locked_until = null, updated_at = $2 where id = $3",
        &[&password_hash, &now, &id],
    )
    .await?;
    Ok(())
}

/// Records a failed login: the count of failures in a row. The back-off itself is kept per
/// (user name, client) pair in `login_throttle`; no account is ever locked as a whole.
pub async fn record_failed_login(tx: &mut Tx, id: i64, failures: i64) -> Result<()> {
    sql::execute(tx, "update users set failed_logins = $1 where id = $2", &[&failures, &id]).await?;
    Ok(())
}

/// Records a successful login: clears the failure count and any expired lock.
pub async fn record_login(tx: &mut Tx, id: i64, now: Timestamp) -> Result<()> {
    sql::execute(tx, "update users set failed_logins = 0, locked_until = null, last_login_at = $1 where id = $2", &[&now, &id]).await?;
    Ok(())
}

pub async fn find_user(tx: &mut Tx, id: i64) -> Result<Option<UserRow>> {
    let sql = format!("{USER_SELECT} where u.id = $1");
    sql::fetch_optional(tx, AssertSqlSafe(sql), &[&id]).await
}

pub async fn get_user(tx: &mut Tx, id: i64) -> Result<UserRow> {
    find_user(tx, id).await?.ok_or(StoreError::NotFound("user"))
}

pub async fn find_user_by_username(tx: &mut Tx, username: &str) -> Result<Option<UserRow>> {
    let sql = format!("{USER_SELECT} where u.username = $1");
    sql::fetch_optional(tx, AssertSqlSafe(sql), &[&username]).await
}

/// Accounts whose home org unit is in scope, a page at a time by id.
pub async fn list_users(tx: &mut Tx, scope: &Scope, after_id: i64, limit: i64) -> Result<Vec<UserRow>> {
    let (cond, binds) = scope.condition("o.path", 3);
    let sql = format!("{USER_SELECT} where u.id > $1 and {cond} order by u.id limit $2");
    sql::fetch_scoped(tx, sql, &[&after_id, &limit], &binds).await
}

// ---------------------------------------------------------------- grants

const GRANT_SELECT: &str = "select g.id, g.user_id, g.role, g.org_unit_id, g.department_id, o.path as org_path, o.name as org_name, \
     d.short_name as department_name from role_grants g join org_units o on o.id = g.org_unit_id \
     left join departments d on d.id = g.department_id";

pub async fn insert_grant(
    tx: &mut Tx,
    user_id: i64,
    role: &str,
    org_unit_id: i64,
    department_id: Option<i64>,
    now: Timestamp,
) -> Result<i64> {
    sql::scalar(
        tx,
        "insert into role_grants (user_id, role, org_unit_id, department_id, created_at) values ($1, $2, $3, $4, $5) returning id",
        &[&user_id, &role, &org_unit_id, &department_id, &now],
    )
    .await
}

pub async fn delete_grant(tx: &mut Tx, id: i64) -> Result<()> {
    sql::execute(tx, "delete from role_grants where id = $1", &[&id]).await?;
    Ok(())
}

pub async fn find_grant(tx: &mut Tx, id: i64) -> Result<Option<GrantRow>> {
    let sql = format!("{GRANT_SELECT} where g.id = $1");
    sql::fetch_optional(tx, AssertSqlSafe(sql), &[&id]).await
}

pub async fn list_user_grants(tx: &mut Tx, user_id: i64) -> Result<Vec<GrantRow>> {
    let sql = format!("{GRANT_SELECT} where g.user_id = $1 order by g.id");
    sql::fetch_all(tx, AssertSqlSafe(sql), &[&user_id]).await
}

// ---------------------------------------------------------------- sessions

pub async fn insert_session(tx: &mut Tx, token_hash: &str, user_id: i64, csrf: &str, now: Timestamp, expires: Timestamp) -> Result<()> {
    sql::execute(
        tx,
        "insert into sessions (token_hash, user_id, csrf_token, created_at, expires_at, last_seen_at) values ($1, $2, $3, $4, $5, $4)",
        &[&token_hash, &user_id, &csrf, &now, &expires],
    )
    .await?;
    Ok(())
}

/// A session that has not expired at `now`.
pub async fn find_live_session(tx: &mut Tx, token_hash: &str, now: Timestamp) -> Result<Option<SessionRow>> {
    sql::fetch_optional(
        tx,
        "select token_hash, user_id, csrf_token, expires_at from sessions where token_hash = $1 and expires_at > $2",
        &[&token_hash, &now],
    )
    .await
}

pub async fn delete_session(tx: &mut Tx, token_hash: &str) -> Result<()> {
    sql::execute(tx, "delete from sessions where token_hash = $1", &[&token_hash]).await?;
    Ok(())
}

/// Ends every session of a user (on disable or password reset).
pub async fn delete_user_sessions(tx: &mut Tx, user_id: i64) -> Result<()> {
    sql::execute(tx, "delete from sessions where user_id = $1", &[&user_id]).await?;
    Ok(())
}

/// Removes sessions that expired before `now`; returns how many.
pub async fn purge_sessions(tx: &mut Tx, now: Timestamp) -> Result<u64> {
    sql::execute(tx, "delete from sessions where expires_at <= $1", &[&now]).await
}

// ---------------------------------------------------------------- devices

/// The fields of a device as stored.
#[derive(Debug, Clone)]
pub struct DeviceFields<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    pub site_id: i64,
    pub window_id: Option<i64>,
    pub org_unit_id: i64,
    pub token_hash: &'a str,
    pub token_prefix: &'a str,
    pub created_by: Option<i64>,
}

const DEVICE_SELECT: &str = "select dv.id, dv.name, dv.kind, dv.site_id, dv.window_id, dv.org_unit_id, dv.token_prefix, dv.created_at, \
     dv.revoked_at, dv.last_seen_at, s.name as site_name, w.number as window_number, o.path as org_path from devices dv \
     join sites s on s.id = dv.site_id left join windows w on w.id = dv.window_id join org_units o on o.id = dv.org_unit_id";

pub async fn insert_device(tx: &mut Tx, f: &DeviceFields<'_>, now: Timestamp) -> Result<DeviceRow> {
    let id: i64 = sql::scalar(
        tx,
        "insert into devices (name, kind, site_id, window_id, org_unit_id, token_hash, token_prefix, created_by, created_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id",
        &[&f.name, &f.kind, &f.site_id, &f.window_id, &f.org_unit_id, &f.token_hash, &f.token_prefix, &f.created_by, &now],
    )
    .await?;
    find_device(tx, id).await?.ok_or(StoreError::NotFound("device"))
}

pub async fn find_device(tx: &mut Tx, id: i64) -> Result<Option<DeviceRow>> {
    let sql = format!("{DEVICE_SELECT} where dv.id = $1");
    sql::fetch_optional(tx, AssertSqlSafe(sql), &[&id]).await
}

/// A device by token hash, only while not revoked.
pub async fn find_live_device_by_token(tx: &mut Tx, token_hash: &str) -> Result<Option<DeviceRow>> {
    let sql = format!("{DEVICE_SELECT} where dv.token_hash = $1 and dv.revoked_at is null");
    sql::fetch_optional(tx, AssertSqlSafe(sql), &[&token_hash]).await
}

pub async fn touch_device(tx: &mut Tx, id: i64, now: Timestamp) -> Result<()> {
    sql::execute(tx, "update devices set last_seen_at = $1 where id = $2", &[&now, &id]).await?;
    Ok(())
}

pub async fn revoke_device(tx: &mut Tx, id: i64, now: Timestamp) -> Result<()> {
    sql::execute(tx, "update devices set revoked_at = $1 where id = $2 and revoked_at is null", &[&now, &id]).await?;
    Ok(())
}

/// Devices in scope, newest first.
pub async fn list_devices(tx: &mut Tx, scope: &Scope) -> Result<Vec<DeviceRow>> {
    let (cond, binds) = scope.condition("o.path", 1);
    let sql = format!("{DEVICE_SELECT} where {cond} order by dv.id desc");
    sql::fetch_scoped(tx, sql, &[], &binds).await
}

// ---------------------------------------------------------------- API tokens

const TOKEN_SELECT: &str = "select t.id, t.name, t.user_id, t.org_unit_id, t.token_prefix, t.created_at, t.expires_at, t.revoked_at, \
     t.last_used_at, u.username, o.path as org_path from api_tokens t join users u on u.id = t.user_id join org_units o on o.id = t.org_unit_id";

#[expect(clippy::too_many_arguments, reason = "one column each; a struct would only rename them")]
pub async fn insert_api_token(
    tx: &mut Tx,
    name: &str,
    user_id: i64,
    org_unit_id: i64,
    token_hash: &str,
    token_prefix: &str,
    created_by: Option<i64>,
    expires_at: Option<Timestamp>,
    now: Timestamp,
) -> Result<ApiTokenRow> {
    let id: i64 = sql::scalar(
        tx,
        "insert into api_tokens (name, user_id, org_unit_id, token_hash, token_prefix, created_by, created_at, expires_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8) returning id",
        &[&name, &user_id, &org_unit_id, &token_hash, &token_prefix, &created_by, &now, &expires_at],
    )
    .await?;
    find_api_token(tx, id).await?.ok_or(StoreError::NotFound("api token"))
}

pub async fn find_api_token(tx: &mut Tx, id: i64) -> Result<Option<ApiTokenRow>> {
    let sql = format!("{TOKEN_SELECT} where t.id = $1");
    sql::fetch_optional(tx, AssertSqlSafe(sql), &[&id]).await
}

/// A token by hash while neither revoked nor expired at `now`.
pub async fn find_live_api_token(tx: &mut Tx, token_hash: &str, now: Timestamp) -> Result<Option<ApiTokenRow>> {
    let sql = format!("{TOKEN_SELECT} where t.token_hash = $1 and t.revoked_at is null and (t.expires_at is null or t.expires_at > $2)");
    sql::fetch_optional(tx, AssertSqlSafe(sql), &[&token_hash, &now]).await
}

pub async fn touch_api_token(tx: &mut Tx, id: i64, now: Timestamp) -> Result<()> {
    sql::execute(tx, "update api_tokens set last_used_at = $1 where id = $2", &[&now, &id]).await?;
    Ok(())
}

pub async fn revoke_api_token(tx: &mut Tx, id: i64, now: Timestamp) -> Result<()> {
    sql::execute(tx, "update api_tokens set revoked_at = $1 where id = $2 and revoked_at is null", &[&now, &id]).await?;
    Ok(())
}

pub async fn list_api_tokens(tx: &mut Tx, scope: &Scope) -> Result<Vec<ApiTokenRow>> {
    let (cond, binds) = scope.condition("o.path", 1);
    let sql = format!("{TOKEN_SELECT} where {cond} order by t.id desc");
    sql::fetch_scoped(tx, sql, &[], &binds).await
}

/// How many active accounts hold a system-administrator grant, leaving out one grant and/or one
/// account (to ask "would any remain if this were removed?").
pub async fn count_active_sys_admins(tx: &mut Tx, without_grant: Option<i64>, without_user: Option<i64>) -> Result<i64> {
    sql::scalar(
        tx,
        "select count(distinct u.id) from users u join role_grants g on g.user_id = u.id \
         where g.role = 'sys_admin' and u.active and ($1 is null or g.id <> $1) and ($2 is null or u.id <> $2)",
        &[&without_grant, &without_user],
    )
    .await
}

// ---------------------------------------------------------------- sign-in throttle

/// The latest instant until which any of `keys` is blocked, if one is blocked after `now`.
pub async fn throttle_blocked(tx: &mut Tx, keys: &[String], now: Timestamp) -> Result<Option<Timestamp>> {
    let mut latest: Option<Timestamp> = None;
    for k in keys {
        let until: Option<Timestamp> =
            sql::scalar_optional(tx, "select blocked_until from login_throttle where key = $1 and blocked_until > $2", &[&k, &now])
                .await?
                .flatten();
        latest = latest.max(until);
    }
    Ok(latest)
}

/// Counts one failure on `key` and returns the count: failures older than `since` are forgotten
/// (the count starts again at 1).
pub async fn throttle_fail(tx: &mut Tx, key: &str, now: Timestamp, since: Timestamp) -> Result<i64> {
    sql::scalar(
        tx,
        "insert into login_throttle (key, failures, first_at) values ($1, 1, $2) \
         on conflict (key) do update set \
           failures = case when login_throttle.first_at < $3 then 1 else login_throttle.failures + 1 end, \
           first_at = case when login_throttle.first_at < $3 then excluded.first_at else login_throttle.first_at end \
         returning failures",
        &[&key, &now, &since],
    )
    .await
}

/// Blocks `key` until `until`.
pub async fn throttle_block(tx: &mut Tx, key: &str, until: Timestamp) -> Result<()> {
    sql::execute(tx, "update login_throttle set blocked_until = $2 where key = $1", &[&key, &until]).await?;
    Ok(())
}

/// Forgets the failures of every key starting with `prefix` (a good sign-in, an administrator's
/// unlock).
pub async fn throttle_clear(tx: &mut Tx, prefix: &str) -> Result<u64> {
    sql::execute(tx, "delete from login_throttle where substr(key, 1, length(cast($1 as text))) = cast($1 as text)", &[&prefix]).await
}
