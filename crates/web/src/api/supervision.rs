//! Supervision (效能监察): chases (`POST /cases/{id}/chases`, `POST /chases/{id}/answer`,
//! `GET /chases`, `GET /chase-notices`), the dashboard (`GET /supervision`, `GET /supervision/cases` for the cases
//! behind a count) and the stationing checks (`GET /supervision/stationing`).

use app::supervision::{AnswerInput, ChaseFilter, ChaseInput, ChasePage, ChaseView, Dashboard, Drill, Stationing};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::extract::caller::ApiUser;
use crate::extract::json::ApiJson;
use crate::respond::error::ApiError;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(chase))
        .routes(routes!(answer))
        .routes(routes!(chases))
        .routes(routes!(notices))
        .routes(routes!(dashboard))
        .routes(routes!(drill))
        .routes(routes!(stationing))
}

/// Chases (催办) an open case: a note and an answer deadline in working days (1–30, default 1).
/// The department heads are told in-app and by text.
#[utoipa::path(post, path = "/cases/{id}/chases", tag = "supervision", params(("id" = i64, Path)), request_body = ChaseInput,
    responses((status = 201, body = ChaseView), (status = 403, description = "无权催办"), (status = 404, description = "办件不存在或不在您的范围内"),
        (status = 409, description = "办件已办结、撤回或作废"), (status = 422, description = "催办内容为空或答复期限不在 1–30 个工作日")))]
async fn chase(
    State(s): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ChaseInput>,
) -> Result<(StatusCode, Json<ChaseView>), ApiError> {
    Ok((StatusCode::CREATED, Json(app::supervision::chase(&s.app, &a.actor, id, &input).await?)))
}

/// Answers a chase for the case's department (its heads and approvers), once.
#[utoipa::path(post, path = "/chases/{id}/answer", tag = "supervision", params(("id" = i64, Path)), request_body = AnswerInput,
    responses((status = 200, body = ChaseView), (status = 403, description = "不是该办件所属部门"), (status = 404, description = "催办不存在"),
        (status = 409, description = "已答复"), (status = 422, description = "答复内容为空或过长")))]
async fn answer(
    State(s): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<AnswerInput>,
) -> Result<Json<ChaseView>, ApiError> {
    Ok(Json(app::supervision::answer_chase(&s.app, &a.actor, id, &input).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ChaseQuery {
    /// open (待答复), overdue (逾期未答复) or answered (已答复); all when blank.
    pub state: Option<String>,
    pub department_id: Option<i64>,
    /// 1–500, default 50.
    #[serde(default, deserialize_with = "app::support::input::limit_500")]
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<i64>,
}

/// Chases newest first: a supervisor's within their subtrees, a department's for its heads and approvers.
#[utoipa::path(get, path = "/chases", tag = "supervision", params(ChaseQuery),
    responses((status = 200, body = ChasePage), (status = 403, description = "无权查看催办"), (status = 422, description = "状态或部门有误")))]
async fn chases(State(s): State<AppState>, ApiUser(a): ApiUser, Query(q): Query<ChaseQuery>) -> Result<Json<ChasePage>, ApiError> {
    let f = ChaseFilter { state: q.state.as_deref(), department_id: q.department_id, cursor: q.cursor, limit: q.limit.unwrap_or(50) };
    Ok(Json(app::supervision::list_chases(&s.app, &a.actor, &f).await?))
}

/// The caller's in-app chase notices (催办通知: case, what is asked, by when), newest first.
#[utoipa::path(get, path = "/chase-notices", tag = "supervision", responses((status = 200, description = "{items, next_cursor}", body = crate::respond::list::List<app::supervision::ChaseNoticeView>)))]
async fn notices(State(s): State<AppState>, ApiUser(a): ApiUser) -> Result<Json<serde_json::Value>, ApiError> {
    Ok(Json(crate::respond::list::all(app::supervision::my_notices(&s.app, &a.actor, 100).await?)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct SupervisionQuery {
    /// First day, YYYY-MM-DD (default: 364 days before today).
    pub from: Option<String>,
    /// Last day, YYYY-MM-DD (default today; at most 366 days after `from`).
    pub to: Option<String>,
    /// One site's id (default: every site in the caller's subtrees).
    pub site: Option<String>,
}

/// The supervision dashboard: open cases by warning level (accepted in the period), cards, reminders
/// and chases of the period, in total and by site, department and handler (`counts` follow `metrics`).
#[utoipa::path(get, path = "/supervision", tag = "supervision", params(SupervisionQuery),
    responses((status = 200, body = Dashboard), (status = 403, description = "无权查看效能监察"), (status = 422, description = "日期或场所有误")))]
async fn dashboard(State(s): State<AppState>, ApiUser(a): ApiUser, Query(q): Query<SupervisionQuery>) -> Result<Json<Dashboard>, ApiError> {
    Ok(Json(app::supervision::dashboard(&s.app, &a.actor, q.from.as_deref(), q.to.as_deref(), q.site.as_deref()).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct DrillQuery {
    pub from: Option<String>,
    pub to: Option<String>,
    pub site: Option<String>,
    /// A metric code of the dashboard (level1, level2, level3, yellow, red, remind1–3, chase_open, chase_overdue, chase_answered).
    pub metric: String,
    /// site, department or person.
    pub by: Option<String>,
    /// The site, department or user id (blank with person: no handler recorded).
    pub id: Option<i64>,
}

/// The cases behind one dashboard count (at most 500, by promised deadline).
#[utoipa::path(get, path = "/supervision/cases", tag = "supervision", params(DrillQuery),
    responses((status = 200, body = Drill), (status = 403, description = "无权查看效能监察"), (status = 422, description = "统计项、分组或日期有误")))]
async fn drill(State(s): State<AppState>, ApiUser(a): ApiUser, Query(q): Query<DrillQuery>) -> Result<Json<Drill>, ApiError> {
    let d =
        app::supervision::drill(&s.app, &a.actor, q.from.as_deref(), q.to.as_deref(), q.site.as_deref(), &q.metric, q.by.as_deref(), q.id)
            .await?;
    Ok(Json(d))
}

/// Stationing checks: items stationed at a site with no case there in the period (明进暗不进), and
/// 承诺件 decided without back-office handling (decided by whoever took them in, or with no review).
#[utoipa::path(get, path = "/supervision/stationing", tag = "supervision", params(SupervisionQuery),
    responses((status = 200, body = Stationing), (status = 403, description = "无权查看效能监察"), (status = 422, description = "日期或场所有误")))]
async fn stationing(
    State(s): State<AppState>,
    ApiUser(a): ApiUser,
    Query(q): Query<SupervisionQuery>,
) -> Result<Json<Stationing>, ApiError> {
    Ok(Json(app::supervision::stationing(&s.app, &a.actor, q.from.as_deref(), q.to.as_deref(), q.site.as_deref()).await?))
}
