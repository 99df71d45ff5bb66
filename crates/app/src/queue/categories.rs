//! Queue policy, ticket categories and window calling profiles.

use std::sync::Arc;

use domain::Invalid;
use domain::access::Permission;
use domain::queue::Policy;
use serde::{Deserialize, Serialize};
use store::queue::CategoryRow;
use utoipa::ToSchema;

use crate::support::audit::record;
use crate::support::input::{ids, opt_id};
use crate::{Actor, App, AppError, Result};

/// A site's queue settings (defaults until a hall manager saves them).
pub async fn policy(app: &App, site_id: i64) -> Result<Arc<Policy>> {
    app.caches
        .hot
        .policies
        .get_or_load(site_id, app.clock.now(), async || {
            let mut tx = app.read().await?;
            Ok(Arc::new(load_policy(&mut tx, site_id).await?))
        })
        .await
}

pub(super) async fn load_policy(tx: &mut store::Tx, site_id: i64) -> Result<Policy> {
    Ok(match store::queue::get_policy(tx, site_id).await? {
        Some(json) => serde_json::from_str(&json).map_err(|e| AppError::internal("stored queue policy unreadable", e))?,
        None => Policy::default(),
    })
}

pub async fn set_policy(app: &App, actor: &Actor, site_id: i64, p: &Policy) -> Result<Policy> {
    p.validate()?;
    let mut tx = app.write().await?;
    let site = store::org::get_site(&mut tx, site_id).await?;
    actor.require(Permission::ManageQueue, &site.org_path, None, "修改该场所的叫号设置")?;
    let before = load_policy(&mut tx, site_id).await?;
    let json = serde_json::to_string(p).map_err(|e| AppError::internal("cannot serialise the queue policy", e))?;
    store::queue::put_policy(&mut tx, site_id, &json, app.clock.now()).await?;
    record(app, &mut tx, actor, "set_queue_policy", "site", site_id, &site.org_path, Some(&before), Some(p)).await?;
    tx.commit().await?;
    app.caches.hot.policies.clear();
    Ok(p.clone())
}

// ---------------------------------------------------------------- categories and profiles

/// A category as entered.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct CategoryInput {
    #[serde(default)]
    pub prefix: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub sort_order: Option<i64>,
    /// Tickets a day; blank for no limit.
    #[serde(default, deserialize_with = "opt_id")]
    pub daily_limit: Option<i64>,
    #[serde(default = "yes", deserialize_with = "crate::support::input::flag")]
    pub active: bool,
    /// The items the category covers.
    #[serde(default, deserialize_with = "ids")]
    pub item_ids: Vec<i64>,
    /// The name in traditional Mongolian script (蒙古文名称); blank for none.
    #[serde(default)]
    pub name_mn: Option<String>,
}

pub(super) fn yes() -> bool {
    true
}

/// A category with the items it covers.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CategoryView {
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub category: CategoryRow,
    pub item_ids: Vec<i64>,
}

/// The category's prefix and its Mongolian name, once the input is valid.
pub(super) fn check_category(input: &CategoryInput) -> Result<(String, Option<String>)> {
    let mut e = Invalid::default();
    let prefix = domain::queue::parse_prefix("prefix", &input.prefix).map_err(|x| e.fields.extend(x.fields)).ok();
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 30 {
        e.push("name", "类别名称应为 1–30 个字");
    }
    if input.description.chars().count() > 200 {
        e.push("description", "说明不能超过 200 字");
    }
    if let Some(n) = input.daily_limit
        && !(1..=9999).contains(&n)
    {
        e.push("daily_limit", "每日放号上限应在 1–9999 之间，不限请留空");
    }
    let name_mn = domain::text::collect(&mut e, domain::text::mongolian("name_mn", "蒙古文名称", input.name_mn.as_deref()));
    e.into_result()?;
    Ok((prefix.unwrap_or_default(), name_mn.flatten()))
}

pub(super) async fn check_items(tx: &mut store::Tx, item_ids: &[i64]) -> Result<()> {
    for &id in item_ids {
        if store::catalog::find_item(tx, id).await?.is_none() {
            return Err(Invalid::one("item_ids", format!("事项 {id} 不存在")).into());
        }
    }
    Ok(())
}

/// The stored fields of a category, once every covered item exists; `sort_order` stands when the input gives none.
async fn category_fields<'a>(
    tx: &mut store::Tx,
    input: &'a CategoryInput,
    prefix: &'a str,
    sort_order: i64,
) -> Result<store::queue::CategoryFields<'a>> {
    check_items(tx, &input.item_ids).await?;
    Ok(store::queue::CategoryFields {
        prefix,
        name: input.name.trim(),
        description: input.description.trim(),
        sort_order: input.sort_order.unwrap_or(sort_order),
        daily_limit: input.daily_limit,
        active: input.active,
    })
}

pub async fn create_category(app: &App, actor: &Actor, site_id: i64, input: &CategoryInput) -> Result<CategoryView> {
    let mut tx = app.write().await?;
    let site = store::org::get_site(&mut tx, site_id).await?;
    actor.require(Permission::ManageQueue, &site.org_path, None, "设置该场所的取号类别")?;
    let (prefix, name_mn) = check_category(input)?;
    let f = category_fields(&mut tx, input, &prefix, 0).await?;
    let id = store::queue::insert_category(&mut tx, site_id, site.org_unit_id, &f, app.clock.now()).await.map_err(prefix_taken)?;
    store::mongolian::set_name_mn(&mut tx, store::mongolian::Named::Category, id, name_mn.as_deref(), app.clock.now()).await?;
    store::queue::set_category_items(&mut tx, id, &input.item_ids).await?;
    let view = CategoryView { category: store::queue::get_category(&mut tx, id).await?, item_ids: input.item_ids.clone() };
    record::<(), _>(app, &mut tx, actor, "create_queue_category", "queue_category", id, &site.org_path, None, Some(&view)).await?;
    tx.commit().await?;
    app.caches.hot.clear();
    Ok(view)
}

pub(super) fn prefix_taken(e: store::StoreError) -> AppError {
    match e {
        store::StoreError::Duplicate(_) => Invalid::one("prefix", "本场所已有相同前缀的取号类别").into(),
        other => other.into(),
    }
}

pub async fn update_category(app: &App, actor: &Actor, id: i64, input: &CategoryInput) -> Result<CategoryView> {
    let mut tx = app.write().await?;
    let before = store::queue::get_category(&mut tx, id).await?;
    let site = store::org::get_site(&mut tx, before.site_id).await?;
    actor.require(Permission::ManageQueue, &site.org_path, None, "设置该场所的取号类别")?;
    let (prefix, name_mn) = check_category(input)?;
    let f = category_fields(&mut tx, input, &prefix, before.sort_order).await?;
    store::queue::update_category(&mut tx, id, &f, app.clock.now()).await.map_err(prefix_taken)?;
    store::mongolian::set_name_mn(&mut tx, store::mongolian::Named::Category, id, name_mn.as_deref(), app.clock.now()).await?;
    store::queue::set_category_items(&mut tx, id, &input.item_ids).await?;
    let view = CategoryView { category: store::queue::get_category(&mut tx, id).await?, item_ids: input.item_ids.clone() };
    record(app, &mut tx, actor, "update_queue_category", "queue_category", id, &site.org_path, Some(&before), Some(&view)).await?;
    tx.commit().await?;
    app.caches.hot.clear();
    Ok(view)
}

/// A site's categories with their items (public: kiosks and the mobile page list them).
pub async fn categories(app: &App, site_id: i64) -> Result<Vec<CategoryView>> {
    let mut tx = app.read().await?;
    store::org::get_site(&mut tx, site_id).await?;
    let cats = store::queue::list_categories(&mut tx, site_id).await?;
    let links = store::queue::list_site_category_items(&mut tx, site_id).await?;
    Ok(cats
        .into_iter()
        .map(|c| {
            let item_ids = links.iter().filter(|(cat, _)| *cat == c.id).map(|&(_, i)| i).collect();
            CategoryView { category: c, item_ids }
        })
        .collect())
}

/// Sets a window's work profile: the categories it calls, in order.
pub async fn set_window_profile(app: &App, actor: &Actor, window_id: i64, categories: &[i64]) -> Result<Vec<i64>> {
    let mut tx = app.write().await?;
    let w = store::org::get_window(&mut tx, window_id).await?;
    actor.require(Permission::ManageQueue, &w.org_path, None, "设置该窗口的服务类别")?;
    let mut seen = Vec::new();
    for &c in categories {
        let cat = store::queue::find_category(&mut tx, c).await?;
        match cat {
            Some(cat) if cat.site_id == w.site_id => {}
            _ => return Err(Invalid::one("category_ids", format!("取号类别 {c} 不属于本场所")).into()),
        }
        if seen.contains(&c) {
            return Err(Invalid::one("category_ids", "同一类别不能重复设置").into());
        }
        seen.push(c);
    }
    let before = store::queue::window_profile(&mut tx, window_id).await?;
    store::queue::set_window_profile(&mut tx, window_id, categories).await?;
    record(app, &mut tx, actor, "set_window_profile", "window", window_id, &w.org_path, Some(&before), Some(&categories)).await?;
    tx.commit().await?;
    app.caches.hot.clear();
    Ok(categories.to_vec())
}

/// The categories a window calls, in order, for whoever may watch that window's queue.
pub async fn window_profile(app: &App, actor: &Actor, window_id: i64) -> Result<Vec<i64>> {
    let mut tx = app.read().await?;
    let w = store::org::get_window(&mut tx, window_id).await?;
    actor.require(Permission::ViewQueue, &w.org_path, None, "查看该窗口的服务类别")?;
    Ok(store::queue::window_profile(&mut tx, window_id).await?)
}

// ---------------------------------------------------------------- issuing tickets
