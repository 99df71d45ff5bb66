//! Staff accounts and their grants, and API tokens for integrations.

use chrono::{DateTime, Utc};
use domain::Invalid;
use domain::access::{OrgPath, Permission, Role, may_grant};
use domain::ids::DepartmentId;
use domain::text::{collect, required};
use serde::{Deserialize, Serialize};
use store::Page;
use store::accounts::{ApiTokenRow, GrantRow, UserFields, UserRow};
use utoipa::ToSchema;

use crate::accounts::auth::{check_password_strength, hash_password, new_token, token_hash};
use crate::support::audit::record;
use crate::support::input::{flag, opt_id};
use crate::{Actor, App, AppError, Result};

/// An account as shown (never the password hash).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UserView {
    pub id: i64,
    pub username: String,
    pub name: String,
    pub staff_id: Option<i64>,
    pub org_unit_id: i64,
    pub org_name: String,
    pub active: bool,
    pub locked: bool,
    pub roles: Vec<String>,
    #[serde(skip)]
    pub org_path: String,
}

pub(crate) fn view(u: UserRow, grants: &[GrantRow], now: chrono::DateTime<chrono::Utc>) -> UserView {
    let mut roles: Vec<String> = Vec::new();
    for g in grants {
        let label = Role::parse("role", &g.role).map(|r| r.code().to_owned()).unwrap_or_else(|_| g.role.clone());
        if !roles.contains(&label) {
            roles.push(label);
        }
    }
    UserView {
        id: u.id,
        username: u.username,
        name: u.name,
        staff_id: u.staff_id,
        org_unit_id: u.org_unit_id,
        org_name: u.org_name,
        active: u.active,
        locked: u.locked_until.is_some_and(|t| t > now),
        roles,
        org_path: u.org_path,
    }
}

/// An account as entered. The password is required on creation only.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct UserInput {
    /// 3–32 lowercase letters, digits, `-`, `_` or `.`.
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub name: String,
    #[serde(default, deserialize_with = "opt_id")]
    pub org_unit_id: Option<i64>,
    #[serde(default, deserialize_with = "opt_id")]
    pub staff_id: Option<i64>,
    #[serde(default)]
    pub password: Option<String>,
    #[serde(default, deserialize_with = "flag")]
    pub active: bool,
}

/// Checks a username: 3–32 of `a-z 0-9 - _ .`, starting with a letter.
pub fn parse_username(field: &str, s: &str) -> Result<String, Invalid> {
    let s = s.trim().to_ascii_lowercase();
    let ok = (3..=32).contains(&s.len())
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'));
    if ok { Ok(s) } else { Err(Invalid::one(field, "用户名应为 3–32 位小写字母、数字或 - _ .，并以字母开头")) }
}

pub(super) struct UserParsed {
    pub(super) username: String,
    pub(super) name: String,
    pub(super) org_unit_id: i64,
}

pub(super) fn parse_user(i: &UserInput, creating: bool) -> Result<UserParsed, Invalid> {
    let mut e = Invalid::default();
    let username = collect(&mut e, parse_username("username", &i.username));
    let name = collect(&mut e, required("name", "姓名", &i.name, 20));
    if i.org_unit_id.is_none() {
        e.push("org_unit_id", "请选择账号所属机构");
    }
    match i.password.as_deref() {
        None | Some("") if creating => e.push("password", "请设置初始密码"),
        None | Some("") => {}
        Some(p) => {
            collect(&mut e, check_password_strength("password", p));
        }
    }
    e.into_result()?;
    Ok(UserParsed {
        username: username.unwrap_or_default(),
        name: name.unwrap_or_default(),
        org_unit_id: i.org_unit_id.unwrap_or_default(),
    })
}

/// Accounts the actor may manage, a page at a time.
pub async fn list_users(app: &App, actor: &Actor, cursor: Option<i64>, limit: i64) -> Result<Page<UserView>> {
    actor.require_role(Permission::ManageAccounts, "管理账号")?;
    let limit = limit.clamp(1, 500);
    let now = app.clock.now();
    let mut tx = app.read().await?;
    let rows = store::accounts::list_users(&mut tx, &actor.scope(Permission::ManageAccounts), cursor.unwrap_or(0), limit + 1).await?;
    let page = Page::from_rows(rows, limit, |u| u.id);
    let mut items = Vec::with_capacity(page.items.len());
    for u in page.items {
        let g = store::accounts::list_user_grants(&mut tx, u.id).await?;
        items.push(view(u, &g, now));
    }
    Ok(Page { items, next_cursor: page.next_cursor })
}

/// One account with its grants.
pub async fn get_user(app: &App, actor: &Actor, id: i64) -> Result<(UserView, Vec<GrantRow>)> {
    let mut tx = app.read().await?;
    let u = store::accounts::get_user(&mut tx, id).await?;
    actor.require(Permission::ManageAccounts, &u.org_path, None, "管理该账号")?;
    let g = store::accounts::list_user_grants(&mut tx, id).await?;
    Ok((view(u, &g, app.clock.now()), g))
}

pub(super) async fn check_user_refs(tx: &mut store::Tx, actor: &Actor, p: &UserParsed, staff_id: Option<i64>) -> Result<String> {
    let unit = store::org::find_org_unit(tx, p.org_unit_id).await?.ok_or_else(|| Invalid::one("org_unit_id", "所选机构不存在"))?;
    actor.require(Permission::ManageAccounts, &unit.path, None, "在该机构下管理账号")?;
    if let Some(s) = staff_id {
        let st = store::org::find_staff(tx, s).await?.ok_or_else(|| Invalid::one("staff_id", "所选工作人员不存在"))?;
        if !actor.can(Permission::ViewOrg, &st.org_path, None) {
            return Err(Invalid::one("staff_id", "所选工作人员不在您的管理范围内").into());
        }
    }
    Ok(unit.path)
}

pub async fn create_user(app: &App, actor: &Actor, input: &UserInput) -> Result<UserView> {
    let p = parse_user(input, true)?;
    let hash = hash_password(input.password.as_deref().unwrap_or_default())?;
    create_user_with_hash(app, actor, input, &p, &hash).await
}

/// Creates an account with a password hash computed once by the caller (the demo loader shares
/// one hash among its accounts so that loading stays fast).
pub async fn create_user_hashed(app: &App, actor: &Actor, input: &UserInput, hash: &str) -> Result<UserView> {
    let p = parse_user(&UserInput { password: None, ..input.clone() }, false)?;
    create_user_with_hash(app, actor, input, &p, hash).await
}

pub(super) async fn create_user_with_hash(app: &App, actor: &Actor, input: &UserInput, p: &UserParsed, hash: &str) -> Result<UserView> {
    let mut tx = app.write().await?;
    let path = check_user_refs(&mut tx, actor, p, input.staff_id).await?;
    let f = UserFields { username: &p.username, name: &p.name, staff_id: input.staff_id, org_unit_id: p.org_unit_id, active: true };
    let u = store::accounts::insert_user(&mut tx, &f, hash, app.clock.now()).await?;
    let v = view(u, &[], app.clock.now());
    record::<(), _>(app, &mut tx, actor, "create", "user", v.id, &path, None, Some(&v)).await?;
    tx.commit().await?;
    app.caches.auth.clear();
    Ok(v)
}

/// Refuses when the account holds a role the actor could not grant (so a hall manager cannot take
/// over a system administrator's account by resetting its password or minting a token for it).
pub(super) async fn require_outranks(tx: &mut store::Tx, actor: &Actor, user_id: i64) -> Result<()> {
    for g in store::accounts::list_user_grants(tx, user_id).await? {
        let role = Role::parse("role", &g.role)?;
        if !grantable(actor, role, &g.org_path, g.department_id) {
            return Err(AppError::Forbidden(format!(
                "该账号拥有您无权授予的“{}”角色（{}），只能由上级管理员修改",
                role.label(),
                g.org_name
            )));
        }
    }
    Ok(())
}

/// Changes an account; disabling it ends its sessions. A password given here resets it.
pub async fn update_user(app: &App, actor: &Actor, id: i64, input: &UserInput) -> Result<UserView> {
    let mut tx = app.write().await?;
    let before = store::accounts::get_user(&mut tx, id).await?;
    actor.require(Permission::ManageAccounts, &before.org_path, None, "管理该账号")?;
    let p = parse_user(input, false)?;
    let own = actor.user_id.map(|u| u.0) == Some(id);
    if own && !input.active {
        return Err(Invalid::one("active", "不能停用自己的账号").into());
    }
    // Editing one's own account changes no roles; anyone else's needs a manager who outranks it.
    if !own {
        require_outranks(&mut tx, actor, id).await?;
    }
    if before.active && !input.active && store::accounts::count_active_sys_admins(&mut tx, None, Some(id)).await? == 0 {
        return Err(AppError::Conflict("这是最后一个在用的系统管理员账号，不能停用；请先为另一账号授予系统管理员".to_owned()));
    }
    let path = check_user_refs(&mut tx, actor, &p, input.staff_id).await?;
    let f = UserFields { username: &p.username, name: &p.name, staff_id: input.staff_id, org_unit_id: p.org_unit_id, active: input.active };
    let now = app.clock.now();
    store::accounts::update_user(&mut tx, id, &f, now).await?;
    if let Some(pw) = input.password.as_deref().filter(|p| !p.is_empty()) {
        store::accounts::set_password(&mut tx, id, &hash_password(pw)?, now).await?;
        store::accounts::delete_user_sessions(&mut tx, id).await?;
        // A reset is the administrator's unlock: every client's back-off for the name ends.
        store::accounts::throttle_clear(&mut tx, &crate::accounts::throttle::pair_prefix(&before.username)).await?;
    }
    if !input.active {
        store::accounts::delete_user_sessions(&mut tx, id).await?;
    }
    let grants = store::accounts::list_user_grants(&mut tx, id).await?;
    let after = store::accounts::get_user(&mut tx, id).await?;
    let (b, a) = (view(before, &grants, now), view(after, &grants, now));
    record(app, &mut tx, actor, "update", "user", id, &path, Some(&b), Some(&a)).await?;
    tx.commit().await?;
    app.caches.auth.clear();
    Ok(a)
}

/// A role grant as entered.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct GrantInput {
    /// Role code, e.g. `clerk`.
    #[serde(default)]
    pub role: String,
    #[serde(default, deserialize_with = "opt_id")]
    pub org_unit_id: Option<i64>,
    /// Narrows the grant to one department.
    #[serde(default, deserialize_with = "opt_id")]
    pub department_id: Option<i64>,
}

/// Whether the actor may give (or take back) `role` on the subtree at `path`, narrowed to `dept`:
/// the table in [`domain::access::Role::grantable`], within the actor's own scope.
pub(super) fn grantable(actor: &Actor, role: Role, path: &str, dept: Option<i64>) -> bool {
    actor.is_system() || may_grant(&actor.grants, role, &OrgPath(path.to_owned()), dept.map(DepartmentId))
}

pub async fn add_grant(app: &App, actor: &Actor, user_id: i64, input: &GrantInput) -> Result<GrantRow> {
    let mut tx = app.write().await?;
    let user = store::accounts::get_user(&mut tx, user_id).await?;
    actor.require(Permission::ManageAccounts, &user.org_path, None, "管理该账号")?;
    let mut e = Invalid::default();
    let role = collect(&mut e, Role::parse("role", &input.role));
    if input.org_unit_id.is_none() {
        e.push("org_unit_id", "请选择授权范围（机构）");
    }
    e.into_result()?;
    let role = role.expect("parsed above");
    let unit = store::org::find_org_unit(&mut tx, input.org_unit_id.unwrap_or_default())
        .await?
        .ok_or_else(|| Invalid::one("org_unit_id", "所选机构不存在"))?;
    if actor.user_id.is_some_and(|me| me.0 == user_id) {
        return Err(AppError::Forbidden("不能给自己授权，请由其他管理员办理".to_owned()));
    }
    if !grantable(actor, role, &unit.path, input.department_id) {
        return Err(AppError::Forbidden(format!("您无权在“{}”授予“{}”角色", unit.name, role.label())));
    }
    if let Some(d) = input.department_id
        && store::org::find_department(&mut tx, d).await?.is_none()
    {
        return Err(Invalid::one("department_id", "所选部门不存在").into());
    }
    let existing = store::accounts::list_user_grants(&mut tx, user_id).await?;
    if existing.iter().any(|g| g.role == role.code() && g.org_unit_id == unit.id && g.department_id == input.department_id) {
        return Err(AppError::Conflict("该账号已有相同的授权".to_owned()));
    }
    let id = store::accounts::insert_grant(&mut tx, user_id, role.code(), unit.id, input.department_id, app.clock.now()).await?;
    let g = store::accounts::find_grant(&mut tx, id).await?.ok_or(AppError::NotFound("授权"))?;
    record::<(), _>(app, &mut tx, actor, "grant", "user", user_id, &user.org_path, None, Some(&g)).await?;
    tx.commit().await?;
    app.caches.auth.clear();
    Ok(g)
}

pub async fn remove_grant(app: &App, actor: &Actor, grant_id: i64) -> Result<()> {
    let mut tx = app.write().await?;
    let g = store::accounts::find_grant(&mut tx, grant_id).await?.ok_or(AppError::NotFound("授权"))?;
    let user = store::accounts::get_user(&mut tx, g.user_id).await?;
    actor.require(Permission::ManageAccounts, &user.org_path, None, "管理该账号")?;
    let role = Role::parse("role", &g.role)?;
    if !grantable(actor, role, &g.org_path, g.department_id) {
        return Err(AppError::Forbidden(format!("您无权撤销“{}”角色", role.label())));
    }
    if role == Role::SysAdmin && store::accounts::count_active_sys_admins(&mut tx, Some(grant_id), None).await? == 0 {
        return Err(AppError::Conflict("这是最后一个在用的系统管理员授权，不能撤销；请先为另一账号授予系统管理员".to_owned()));
    }
    store::accounts::delete_grant(&mut tx, grant_id).await?;
    record::<_, ()>(app, &mut tx, actor, "revoke_grant", "user", g.user_id, &user.org_path, Some(&g), None).await?;
    tx.commit().await?;
    app.caches.auth.clear();
    Ok(())
}

// ---------------------------------------------------------------- devices

/// A newly issued token: shown once, never stored in clear.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IssuedToken<T> {
    pub token: String,
    #[serde(flatten)]
    pub record: T,
}

/// An API token as entered: it acts with the grants of `user_id` (a service account).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ApiTokenInput {
    #[serde(default)]
    pub name: String,
    #[serde(default, deserialize_with = "opt_id")]
    pub user_id: Option<i64>,
    /// Days until it expires; blank for no expiry.
    #[serde(default)]
    pub valid_days: Option<String>,
}

pub async fn issue_api_token(app: &App, actor: &Actor, input: &ApiTokenInput) -> Result<IssuedToken<ApiTokenRow>> {
    let mut e = Invalid::default();
    let name = collect(&mut e, required("name", "令牌名称", &input.name, 40));
    let days = collect(&mut e, crate::support::input::opt_num("valid_days", "有效天数", input.valid_days.as_deref()));
    if let Some(Some(d)) = days
        && !(1..=3650).contains(&d)
    {
        e.push("valid_days", "有效天数应在 1 到 3650 之间");
    }
    if input.user_id.is_none() {
        e.push("user_id", "请选择令牌代表的账号");
    }
    e.into_result()?;
    let mut tx = app.write().await?;
    let user = store::accounts::find_user(&mut tx, input.user_id.unwrap_or_default())
        .await?
        .ok_or_else(|| Invalid::one("user_id", "所选账号不存在"))?;
    actor.require(Permission::ManageAccounts, &user.org_path, None, "为该账号发放接口令牌")?;
    require_outranks(&mut tx, actor, user.id).await?;
    let token = format!("api_{}", new_token());
    let now = app.clock.now();
    let expires = days.flatten().map(|d| now + chrono::Duration::days(d));
    let row = store::accounts::insert_api_token(
        &mut tx,
        name.as_deref().unwrap_or_default(),
        user.id,
        user.org_unit_id,
        &token_hash(&token),
        &token[..10],
        actor.user_id.map(|u| u.0),
        expires,
        now,
    )
    .await?;
    record::<(), _>(app, &mut tx, actor, "issue", "api_token", row.id, &user.org_path, None, Some(&row)).await?;
    tx.commit().await?;
    app.caches.auth.clear();
    Ok(IssuedToken { token, record: row })
}

pub async fn revoke_api_token(app: &App, actor: &Actor, id: i64) -> Result<()> {
    let mut tx = app.write().await?;
    let t = store::accounts::find_api_token(&mut tx, id).await?.ok_or(AppError::NotFound("接口令牌"))?;
    actor.require(Permission::ManageAccounts, &t.org_path, None, "吊销该接口令牌")?;
    store::accounts::revoke_api_token(&mut tx, id, app.clock.now()).await?;
    record::<_, ()>(app, &mut tx, actor, "revoke", "api_token", id, &t.org_path, Some(&t), None).await?;
    tx.commit().await?;
    app.caches.auth.clear();
    Ok(())
}

/// An integration token and its state (only the token's prefix, never the token).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApiTokenView {
    pub id: i64,
    pub name: String,
    /// The account the token acts as.
    pub user_id: i64,
    pub org_unit_id: i64,
    /// The first characters of the token, to tell tokens apart.
    pub token_prefix: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    /// The user name of the account it acts as.
    pub username: String,
    pub org_path: String,
}

impl From<ApiTokenRow> for ApiTokenView {
    fn from(r: ApiTokenRow) -> Self {
        let ApiTokenRow {
            id,
            name,
            user_id,
            org_unit_id,
            token_prefix,
            created_at,
            expires_at,
            revoked_at,
            last_used_at,
            username,
            org_path,
        } = r;
        ApiTokenView { id, name, user_id, org_unit_id, token_prefix, created_at, expires_at, revoked_at, last_used_at, username, org_path }
    }
}

pub async fn list_api_tokens(app: &App, actor: &Actor) -> Result<Vec<ApiTokenView>> {
    actor.require_role(Permission::ManageAccounts, "管理接口令牌")?;
    let mut tx = app.read().await?;
    let rows = store::accounts::list_api_tokens(&mut tx, &actor.scope(Permission::ManageAccounts)).await?;
    Ok(rows.into_iter().map(ApiTokenView::from).collect())
}

/// The account a grant belongs to (for routing back to it; removal checks scope itself).
pub async fn grant_user(app: &App, grant_id: i64) -> Result<i64> {
    let mut tx = app.read().await?;
    Ok(store::accounts::find_grant(&mut tx, grant_id).await?.ok_or(AppError::NotFound("授权"))?.user_id)
}
