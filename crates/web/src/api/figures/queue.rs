//! Queue figures of a hall over a period: waiting and service times (average, p90), tickets
//! issued, served and no-shows, by channel and hour, per category, window and staff member.

use app::figures::queue::QueueFigures;
use axum::Json;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::extract::caller::ApiUser;
use crate::respond::error::ApiError;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(queue_figures))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct PeriodQuery {
    /// First business day, YYYY-MM-DD (default today; alone it means one day).
    pub from: Option<String>,
    /// Last business day, YYYY-MM-DD, at most 366 days after `from`.
    pub to: Option<String>,
}

/// A hall's queue figures over a period of business days (waiting = first call − issue,
/// service = finish − first call, no-show rate = no-shows ÷ tickets called).
#[utoipa::path(get, path = "/sites/{id}/queue-figures", tag = "queue", params(PeriodQuery),
    responses((status = 200, body = QueueFigures), (status = 403, description = "无权查看该场所的排队统计"),
        (status = 422, description = "日期格式有误、结束早于开始或区间超过 366 天")))]
async fn queue_figures(
    State(s): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<i64>,
    Query(q): Query<PeriodQuery>,
) -> Result<Json<QueueFigures>, ApiError> {
    Ok(Json(app::figures::queue::figures_for(&s.app, &a.actor, id, q.from.as_deref(), q.to.as_deref()).await?))
}
