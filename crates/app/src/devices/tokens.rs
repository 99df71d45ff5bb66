//! Device tokens (dev_…): issuing, revoking and listing the hall's devices.

use chrono::{DateTime, Utc};
use domain::Invalid;
use domain::access::Permission;
use domain::text::{collect, required};
use serde::{Deserialize, Serialize};
use store::accounts::{DeviceFields, DeviceRow};
use utoipa::ToSchema;

use crate::accounts::auth::{new_token, token_hash};
use crate::accounts::users::IssuedToken;
use crate::support::audit::record;
use crate::support::input::opt_id;
use crate::{Actor, App, AppError, Result};

/// The kinds of hall device a token may be issued for.
pub const DEVICE_KINDS: &[(&str, &str)] = &[
    ("kiosk", "取号机/自助终端"),
    ("calling_screen", "大厅叫号屏"),
    ("window_terminal", "窗口屏"),
    ("rating_pad", "评价器"),
    ("led", "LED 信息屏"),
];

/// The Chinese name of a device kind.
pub fn device_kind_label(kind: &str) -> &str {
    DEVICE_KINDS.iter().find(|(k, _)| *k == kind).map_or(kind, |(_, l)| l)
}

/// A device as entered; window-bound kinds need a window.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct DeviceInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default, deserialize_with = "opt_id")]
    pub site_id: Option<i64>,
    #[serde(default, deserialize_with = "opt_id")]
    pub window_id: Option<i64>,
}

pub async fn issue_device(app: &App, actor: &Actor, input: &DeviceInput) -> Result<IssuedToken<DeviceRow>> {
    issue_device_token(app, actor, input, format!("dev_{}", new_token())).await
}

/// Issues a device with a chosen token (the demo's fixed device links); the system actor only.
pub async fn issue_device_with_token(app: &App, actor: &Actor, input: &DeviceInput, token: String) -> Result<IssuedToken<DeviceRow>> {
    if !actor.is_system() {
        return Err(AppError::forbidden("指定设备令牌"));
    }
    if !token.starts_with("dev_") || token.len() < 16 {
        return Err(Invalid::one("token", "设备令牌须以 dev_ 开头且不少于 16 个字符").into());
    }
    issue_device_token(app, actor, input, token).await
}

pub(super) async fn issue_device_token(app: &App, actor: &Actor, input: &DeviceInput, token: String) -> Result<IssuedToken<DeviceRow>> {
    let mut e = Invalid::default();
    let name = collect(&mut e, required("name", "设备名称", &input.name, 30));
    if !DEVICE_KINDS.iter().any(|(k, _)| *k == input.kind) {
        e.push("kind", format!("设备类型不正确，可选：{}", DEVICE_KINDS.iter().map(|(_, l)| *l).collect::<Vec<_>>().join("、")));
    }
    let window_bound = matches!(input.kind.as_str(), "window_terminal" | "rating_pad");
    if window_bound && input.window_id.is_none() {
        e.push("window_id", "窗口屏和评价器须绑定到一个窗口");
    }
    if input.site_id.is_none() {
        e.push("site_id", "请选择设备所在场所");
    }
    e.into_result()?;
    let mut tx = app.write().await?;
    let site = store::org::find_site(&mut tx, input.site_id.unwrap_or_default())
        .await?
        .ok_or_else(|| Invalid::one("site_id", "所选场所不存在"))?;
    actor.require(Permission::ManageAccounts, &site.org_path, None, "为该场所发放设备令牌")?;
    if let Some(w) = input.window_id {
        let win = store::org::find_window(&mut tx, w).await?.ok_or_else(|| Invalid::one("window_id", "所选窗口不存在"))?;
        if win.site_id != site.id {
            return Err(Invalid::one("window_id", "所选窗口不在该场所").into());
        }
    }
    let f = DeviceFields {
        name: name.as_deref().unwrap_or_default(),
        kind: &input.kind,
        site_id: site.id,
        window_id: input.window_id,
        org_unit_id: site.org_unit_id,
        token_hash: &token_hash(&token),
        token_prefix: &token[..10],
        created_by: actor.user_id.map(|u| u.0),
    };
    let row = store::accounts::insert_device(&mut tx, &f, app.clock.now()).await?;
    record::<(), _>(app, &mut tx, actor, "issue", "device", row.id, &site.org_path, None, Some(&row)).await?;
    tx.commit().await?;
    app.caches.auth.clear();
    Ok(IssuedToken { token, record: row })
}

pub async fn revoke_device(app: &App, actor: &Actor, id: i64) -> Result<()> {
    let mut tx = app.write().await?;
    let d = store::accounts::find_device(&mut tx, id).await?.ok_or(AppError::NotFound("设备"))?;
    actor.require(Permission::ManageAccounts, &d.org_path, None, "吊销该设备令牌")?;
    store::accounts::revoke_device(&mut tx, id, app.clock.now()).await?;
    record::<_, ()>(app, &mut tx, actor, "revoke", "device", id, &d.org_path, Some(&d), None).await?;
    tx.commit().await?;
    app.caches.auth.clear();
    Ok(())
}

/// A hall device (screen, kiosk, …) and its token's state (only the token's prefix, never the token).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeviceView {
    pub id: i64,
    pub name: String,
    /// `kiosk`, `calling_screen`, `window_terminal`, `rating_pad` or `led`.
    pub kind: String,
    pub site_id: i64,
    pub window_id: Option<i64>,
    pub org_unit_id: i64,
    /// The first characters of the token, to tell tokens apart.
    pub token_prefix: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_seen_at: Option<DateTime<Utc>>,
    pub site_name: String,
    pub window_number: Option<String>,
    pub org_path: String,
}

impl From<DeviceRow> for DeviceView {
    fn from(r: DeviceRow) -> Self {
        let DeviceRow {
            id,
            name,
            kind,
            site_id,
            window_id,
            org_unit_id,
            token_prefix,
            created_at,
            revoked_at,
            last_seen_at,
            site_name,
            window_number,
            org_path,
        } = r;
        DeviceView {
            id,
            name,
            kind,
            site_id,
            window_id,
            org_unit_id,
            token_prefix,
            created_at,
            revoked_at,
            last_seen_at,
            site_name,
            window_number,
            org_path,
        }
    }
}

pub async fn list_devices(app: &App, actor: &Actor) -> Result<Vec<DeviceView>> {
    actor.require_role(Permission::ManageAccounts, "管理设备")?;
    let mut tx = app.read().await?;
    Ok(store::accounts::list_devices(&mut tx, &actor.scope(Permission::ManageAccounts)).await?.into_iter().map(DeviceView::from).collect())
}

// ---------------------------------------------------------------- API tokens

/// Whether a device exists and its token has not been revoked (streams check this while open).
pub async fn device_live(app: &App, id: i64) -> Result<bool> {
    let mut tx = app.read().await?;
    Ok(store::accounts::find_device(&mut tx, id).await?.is_some_and(|d| d.revoked_at.is_none()))
}
