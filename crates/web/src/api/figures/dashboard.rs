//! The leadership figures (X1): `GET /figures` (the dashboard as JSON), `GET /figures/ranking`
//! (the monthly window ranking with the 约谈 flag), `GET /figures.xlsx` (every table as Excel).

use app::figures::{Ask, Dashboard, Ranking};
use axum::Json;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::extract::caller::ApiUser;
use crate::respond::error::ApiError;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(figures)).routes(routes!(ranking)).routes(routes!(xlsx))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct FiguresQuery {
    /// all (default), org:<org unit id>, site:<site id> or department:<department id>.
    pub scope: Option<String>,
    /// The breakdown: banner, town, site (default), department, window or staff.
    pub by: Option<String>,
    /// First day, YYYY-MM-DD (default: 364 days before today).
    pub from: Option<String>,
    /// Last day, YYYY-MM-DD (default today; at most 366 days after `from`).
    pub to: Option<String>,
}

impl FiguresQuery {
    pub fn ask(&self) -> Ask<'_> {
        Ask { scope: self.scope.as_deref(), by: self.by.as_deref(), from: self.from.as_deref(), to: self.to.as_deref() }
    }
}

/// The figures dashboard: comprehensive-window share, fully-online share, stationing rate, waiting
/// and service times, on-time completion, overdue cases, reminders by level, cards, 好评率, 差评整改率,
/// 实名差评回访率, 主动评价率 and work orders, in total (`total`), against the plan's targets
/// (`targets`, with `met` for red/green), per group (`groups`) and over time (`trend`).
#[utoipa::path(get, path = "/figures", tag = "figures", params(FiguresQuery),
    responses((status = 200, body = Dashboard), (status = 403, description = "无权查看数据看板或该范围"),
        (status = 404, description = "范围中的组织、场所或部门不存在"), (status = 422, description = "范围、分组或日期有误")))]
async fn figures(State(s): State<AppState>, ApiUser(a): ApiUser, Query(q): Query<FiguresQuery>) -> Result<Json<Dashboard>, ApiError> {
    Ok(Json(app::figures::dashboard(&s.app, &a.actor, &q.ask()).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct RankingQuery {
    /// As for `/figures`.
    pub scope: Option<String>,
    /// YYYY-MM (default: last month).
    pub month: Option<String>,
}

/// The monthly window ranking (by 好评率, then fewer bad ratings, then more tickets served); the
/// bottom tenth is flagged, and `talk` marks windows in the bottom tenth two months running (约谈).
#[utoipa::path(get, path = "/figures/ranking", tag = "figures", params(RankingQuery),
    responses((status = 200, body = Ranking), (status = 403, description = "无权查看数据看板"), (status = 422, description = "月份或范围有误")))]
async fn ranking(State(s): State<AppState>, ApiUser(a): ApiUser, Query(q): Query<RankingQuery>) -> Result<Json<Ranking>, ApiError> {
    Ok(Json(app::figures::ranking(&s.app, &a.actor, q.scope.as_deref(), q.month.as_deref()).await?))
}

/// Every table of the dashboard as one Excel workbook (目标与总体, 分组明细, 趋势, 窗口排名).
#[utoipa::path(get, path = "/figures.xlsx", tag = "figures", params(FiguresQuery),
    responses((status = 200, description = "Excel 工作簿", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 403, description = "无权查看数据看板"), (status = 422, description = "范围、分组或日期有误")))]
async fn xlsx(State(s): State<AppState>, ApiUser(a): ApiUser, Query(q): Query<FiguresQuery>) -> Result<Response, ApiError> {
    let bytes = app::figures::export_xlsx(&s.app, &a.actor, &q.ask()).await?;
    Ok(crate::respond::view::xlsx_download(bytes, "figures.xlsx"))
}
