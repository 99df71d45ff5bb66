//! `GET /outbox` and `POST /outbox/{id}/retry`: the SMS outbox for hall and system administrators.

use app::outbox::{OutboxFilter, OutboxView};
use axum::Json;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::extract::caller::ApiUser;
use crate::respond::error::ApiError;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list)).routes(routes!(retry))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct OutboxQuery {
    /// Only messages in this status: `pending`, `sent` or `failed`.
    pub status: Option<String>,
    /// Only messages of this kind (e.g. `ticket_called`).
    pub kind: Option<String>,
    /// At most this many items (1–500, default 50).
    #[serde(default, deserialize_with = "app::support::input::limit_500")]
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page (messages older than this id).
    pub cursor: Option<i64>,
}

/// SMS messages of the caller's org units, newest first; phones masked, login codes hidden.
#[utoipa::path(get, path = "/outbox", tag = "outbox", params(OutboxQuery), responses((status = 200, description = "{items, next_cursor}", body = crate::respond::list::Paged<OutboxView>), (status = 403, description = "无权查看"), (status = 422, description = "状态不存在")))]
async fn list(State(s): State<AppState>, ApiUser(a): ApiUser, Query(q): Query<OutboxQuery>) -> Result<Json<Value>, ApiError> {
    let filter = OutboxFilter { status: q.status, kind: q.kind };
    Ok(Json(json!(app::outbox::list(&s.app, &a.actor, &filter, q.limit.unwrap_or(50), q.cursor).await?)))
}

/// Puts a failed message back in the queue with a fresh count of attempts.
#[utoipa::path(post, path = "/outbox/{id}/retry", tag = "outbox", params(("id" = i64, Path)), responses((status = 200, description = "已重新排队", body = OutboxView), (status = 403, description = "无权重发"), (status = 404, description = "短信不存在"), (status = 409, description = "只有发送失败的短信可以重试")))]
async fn retry(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>) -> Result<Json<Value>, ApiError> {
    Ok(Json(json!(app::outbox::retry(&s.app, &a.actor, id).await?)))
}
