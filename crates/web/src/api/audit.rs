//! `GET /audit`: the audit trail for supervisors and administrators.

use axum::Json;
use axum::extract::{Query, State};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::extract::caller::ApiUser;
use crate::respond::error::ApiError;
use crate::respond::list::Paged;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct AuditQuery {
    /// Only entries about this kind of record (e.g. `window`).
    pub entity: Option<String>,
    #[serde(default, deserialize_with = "app::support::input::limit_500")]
    pub limit: Option<i64>,
    /// Entries older than this id.
    pub cursor: Option<i64>,
}

/// Audit entries, newest first.
#[utoipa::path(get, path = "/audit", tag = "audit", params(AuditQuery), responses((status = 200, description = "{items, next_cursor}", body = Paged<app::audit::AuditView>), (status = 403, description = "无权查看")))]
async fn list(
    State(s): State<AppState>,
    ApiUser(a): ApiUser,
    Query(q): Query<AuditQuery>,
) -> Result<Json<Paged<app::audit::AuditView>>, ApiError> {
    let limit = q.limit.unwrap_or(50).clamp(1, 500);
    let rows = app::audit::list(&s.app, &a.actor, q.entity.as_deref().filter(|e| !e.is_empty()), q.cursor, limit).await?;
    let next_cursor = (rows.len() as i64 == limit).then(|| rows.last().map(|r| r.id)).flatten();
    Ok(Json(Paged { items: rows, next_cursor }))
}
