//! Public routes the kiosk and the mobile ticket page use beyond the queue routes: finding the
//! ticket category by the item a person came for.

use axum::Json;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use serde_json::Value;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::respond::error::ApiError;
use crate::respond::list::all;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(ticket_items)).routes(routes!(guide_items))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ItemQuery {
    /// Part of the item's name, or its pinyin initials (`yyzz`); at most 30 characters.
    #[serde(default)]
    pub q: String,
}

/// The hall's items matching `q`, best first, each with the ticket category that serves it
/// (public: the kiosk's search box). A blank query finds nothing.
#[utoipa::path(get, path = "/sites/{id}/ticket-items", tag = "queue", params(ItemQuery),
    responses((status = 200, description = "{items, next_cursor}", body = crate::respond::list::List<app::devices::TicketItem>), (status = 404), (status = 422)))]
async fn ticket_items(State(s): State<AppState>, Path(id): Path<i64>, Query(q): Query<ItemQuery>) -> Result<Json<Value>, ApiError> {
    Ok(Json(all(app::devices::ticket_items(&s.app, id, &q.q, 12).await?)))
}

/// Every published item the hall issues tickets for, by category then name (public: the kiosk's
/// guide shelf; each item's guide is the page `/guide/items/{item_id}`).
#[utoipa::path(get, path = "/sites/{id}/guide-items", tag = "queue",
    responses((status = 200, description = "{items, next_cursor}", body = crate::respond::list::List<app::devices::TicketItem>), (status = 404)))]
async fn guide_items(State(s): State<AppState>, Path(id): Path<i64>) -> Result<Json<Value>, ApiError> {
    Ok(Json(all(app::devices::guide_items(&s.app, id).await?)))
}
