//! Work orders (12345 / 办不成事): `POST /work-orders`, `GET /work-orders`, `GET /work-orders/{id}`,
//! `POST /work-orders/{id}/actions`, and the deadlines `/work-order-policies/{org_unit_id}`.

use app::workorders::{WorkOrderActionInput, WorkOrderInput, WorkOrderPage, WorkOrderQuery, WorkOrderView};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::workorders::Deadlines;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::extract::caller::ApiUser;
use crate::extract::json::ApiJson;
use crate::respond::error::ApiError;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(create, list)).routes(routes!(get)).routes(routes!(act)).routes(routes!(get_policy, put_policy))
}

/// Takes a work order down (12345 hotline, 办不成事 window, online, letter); with
/// `department_id` it is routed at once.
#[utoipa::path(post, path = "/work-orders", tag = "workorders", request_body = WorkOrderInput,
    responses((status = 201, body = WorkOrderView), (status = 422, description = "来源、类型、内容或电话不符合要求")))]
async fn create(State(s): State<AppState>, ApiUser(a): ApiUser, ApiJson(input): ApiJson<WorkOrderInput>) -> Result<Response, ApiError> {
    let v = app::workorders::create(&s.app, &a.actor, &input).await?;
    Ok((StatusCode::CREATED, Json(v)).into_response())
}

/// Work orders within the caller's scope, or routed to the caller's department.
#[utoipa::path(get, path = "/work-orders", tag = "workorders", params(WorkOrderQuery), responses((status = 200, body = WorkOrderPage)))]
async fn list(State(s): State<AppState>, ApiUser(a): ApiUser, Query(q): Query<WorkOrderQuery>) -> Result<Json<WorkOrderPage>, ApiError> {
    Ok(Json(app::workorders::list(&s.app, &a.actor, &q).await?))
}

/// One work order with its trail and the actions allowed now.
#[utoipa::path(get, path = "/work-orders/{id}", tag = "workorders", responses((status = 200, body = WorkOrderView)))]
async fn get(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>) -> Result<Json<WorkOrderView>, ApiError> {
    Ok(Json(app::workorders::get(&s.app, &a.actor, id).await?))
}

/// assign, sign, send_back, reply, callback (satisfied closes, not satisfied reopens), close; an
/// action its state does not allow answers 409 with the allowed ones.
#[utoipa::path(post, path = "/work-orders/{id}/actions", tag = "workorders", request_body = WorkOrderActionInput,
    responses((status = 200, body = WorkOrderView), (status = 409, description = "当前状态不允许该操作")))]
async fn act(
    State(s): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<WorkOrderActionInput>,
) -> Result<Json<WorkOrderView>, ApiError> {
    Ok(Json(app::workorders::act(&s.app, &a.actor, id, &input).await?))
}

/// Sign-off and reply deadlines (working days) in force at an org unit.
#[utoipa::path(get, path = "/work-order-policies/{org_unit_id}", tag = "workorders", responses((status = 200, body = Object)))]
async fn get_policy(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>) -> Result<Json<Deadlines>, ApiError> {
    Ok(Json(app::workorders::get_policy(&s.app, &a.actor, id).await?))
}

/// Sets an org unit's work-order deadlines (local policy).
#[utoipa::path(put, path = "/work-order-policies/{org_unit_id}", tag = "workorders", request_body = Object, responses((status = 200, body = Object)))]
async fn put_policy(
    State(s): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<i64>,
    ApiJson(d): ApiJson<Deadlines>,
) -> Result<Json<Deadlines>, ApiError> {
    Ok(Json(app::workorders::put_policy(&s.app, &a.actor, id, &d).await?))
}
