//! The items a citizen can apply for online, with their halls.

use domain::catalog::{ItemContent, OnlineDepth};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{App, AppError, Result};

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

pub(super) async fn online_items(app: &App) -> Result<Vec<OnlineItem>> {
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
