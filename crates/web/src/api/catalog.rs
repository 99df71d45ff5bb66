//! Catalogue routes: search and read items, create and edit drafts, move versions through review
//! and publication, record stationing, read the figures.

use app::catalog::{ItemInput, ItemSiteInput};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use domain::catalog::VersionStatus;
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::extract::caller::ApiUser;
use crate::extract::json::ApiJson;
use crate::respond::error::ApiError;
use crate::respond::list::{List, all};
use crate::state::AppState;

type R = Result<Json<Value>, ApiError>;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_items, create_item))
        .routes(routes!(get_item))
        .routes(routes!(new_version))
        .routes(routes!(set_site))
        .routes(routes!(set_name_mn))
        .routes(routes!(get_version, update_version))
        .routes(routes!(move_version))
        .routes(routes!(figures))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ItemQuery {
    /// Chinese substring, code, keyword, material, or pinyin initials (e.g. `yyzz`).
    #[serde(default)]
    pub q: String,
    pub department_id: Option<i64>,
    /// At most this many (1–500, default 50).
    pub limit: Option<usize>,
}

/// Items, best match first; `name_html` marks what matched.
#[utoipa::path(get, path = "/items", tag = "catalog", params(ItemQuery), responses((status = 200, description = "{items, next_cursor}", body = List<app::catalog::SearchResult>)))]
async fn list_items(State(s): State<AppState>, ApiUser(a): ApiUser, Query(q): Query<ItemQuery>) -> R {
    let limit = q.limit.unwrap_or(50).clamp(1, 500);
    let rows = app::catalog::search(&s.app, &a.actor, &q.q, q.department_id, limit).await?;
    Ok(Json(all(rows)))
}

/// Creates an item with its first version as a draft.
#[utoipa::path(post, path = "/items", tag = "catalog", request_body = ItemInput, responses((status = 201, description = "已创建（草稿）"), (status = 422, description = "输入有误")))]
async fn create_item(
    State(s): State<AppState>,
    ApiUser(a): ApiUser,
    ApiJson(i): ApiJson<ItemInput>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    Ok((StatusCode::CREATED, Json(json!(app::catalog::create_item(&s.app, &a.actor, &i).await?))))
}

/// An item with its versions, the version in effect and where it is implemented.
#[utoipa::path(get, path = "/items/{id}", tag = "catalog", params(("id" = i64, Path)), responses((status = 200, description = "事项"), (status = 404, description = "不存在")))]
async fn get_item(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>) -> R {
    Ok(Json(json!(app::catalog::get_item(&s.app, &a.actor, id).await?)))
}

/// Starts a new draft from the newest version.
#[utoipa::path(post, path = "/items/{id}/versions", tag = "catalog", params(("id" = i64, Path)), responses((status = 201, description = "新草稿"), (status = 409, description = "尚有未发布的版本")))]
async fn new_version(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>) -> Result<(StatusCode, Json<Value>), ApiError> {
    Ok((StatusCode::CREATED, Json(json!(app::catalog::new_version(&s.app, &a.actor, id).await?))))
}

/// Records whether a site implements the item, stationed or on the negative list.
#[utoipa::path(put, path = "/items/{id}/sites", tag = "catalog", params(("id" = i64, Path)), request_body = ItemSiteInput, responses((status = 204, description = "已保存")))]
async fn set_site(
    State(s): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<i64>,
    ApiJson(i): ApiJson<ItemSiteInput>,
) -> Result<StatusCode, ApiError> {
    app::catalog::set_item_site(&s.app, &a.actor, id, &i).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An item's name in traditional Mongolian script.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NameMnInput {
    /// Mongolian letters, digits and spaces; null or blank clears the name.
    pub name_mn: Option<String>,
}

/// Sets or clears the item's name in traditional Mongolian script (shown in the guide at once;
/// it belongs to the item, not to a version).
#[utoipa::path(put, path = "/items/{id}/name-mn", tag = "catalog", params(("id" = i64, Path)), request_body = NameMnInput,
    responses((status = 200, description = "事项"), (status = 404, description = "不存在"), (status = 422, description = "不是传统蒙古文")))]
async fn set_name_mn(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>, ApiJson(i): ApiJson<NameMnInput>) -> R {
    Ok(Json(json!(app::catalog::set_item_name_mn(&s.app, &a.actor, id, i.name_mn.as_deref()).await?)))
}

/// One version with its full standard.
#[utoipa::path(get, path = "/item-versions/{id}", tag = "catalog", params(("id" = i64, Path)), responses((status = 200, description = "事项版本")))]
async fn get_version(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>) -> R {
    Ok(Json(json!(app::catalog::get_version(&s.app, &a.actor, id).await?)))
}

/// Saves a draft (published versions never change).
#[utoipa::path(put, path = "/item-versions/{id}", tag = "catalog", params(("id" = i64, Path)), request_body = ItemInput, responses((status = 200, description = "已保存"), (status = 409, description = "不是草稿")))]
async fn update_version(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>, ApiJson(i): ApiJson<ItemInput>) -> R {
    Ok(Json(json!(app::catalog::update_draft(&s.app, &a.actor, id, &i).await?)))
}

/// A move along the version's life cycle.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct MoveInput {
    /// `submitted`, `approved`, `published` or `draft` (return for changes).
    pub to: String,
    /// Required when publishing: the first day the version applies (today or later).
    pub effective_date: Option<chrono::NaiveDate>,
}

/// Submits, approves, publishes or returns a version.
#[utoipa::path(post, path = "/item-versions/{id}/status", tag = "catalog", params(("id" = i64, Path)), request_body = MoveInput,
    responses((status = 200, description = "状态已变更"), (status = 409, description = "当前状态不允许"), (status = 422, description = "不满足发布条件")))]
async fn move_version(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>, ApiJson(i): ApiJson<MoveInput>) -> R {
    let to = VersionStatus::parse("to", &i.to).map_err(app::AppError::from)?;
    Ok(Json(json!(app::catalog::transition(&s.app, &a.actor, id, to, i.effective_date).await?)))
}

/// Per site: comprehensive-window share, fully-online share, stationing rate, negative list.
#[utoipa::path(get, path = "/catalog/figures", tag = "catalog", responses((status = 200, description = "{items, next_cursor}", body = List<app::catalog::SiteCatalogFigures>)))]
async fn figures(State(s): State<AppState>, ApiUser(a): ApiUser) -> R {
    Ok(Json(all(app::catalog::figures(&s.app, &a.actor).await?)))
}
