//! Appointment routes: public slots, booking and cancellation; kiosk check-in (which answers with
//! the queue ticket); the staff's day list; slot templates and settings for hall managers.

use app::appointments::{BookingInput, CancelInput, CheckInInput, TemplateInput};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::appointments::Settings;
use serde::Deserialize;
use serde_json::Value;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::extract::caller::{AnyCaller, ApiUser};
use crate::extract::json::ApiJson;
use crate::respond::error::ApiError;
use crate::respond::list::{List, all};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(slots))
        .routes(routes!(book))
        .routes(routes!(cancel))
        .routes(routes!(check_in))
        .routes(routes!(day_list))
        .routes(routes!(list_templates, create_template))
        .routes(routes!(update_template, delete_template))
        .routes(routes!(get_settings, put_settings))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct SlotQuery {
    /// Only this category.
    #[serde(default, deserialize_with = "app::support::input::opt_id")]
    pub category_id: Option<i64>,
    /// First day, `2026-03-02` (default: today).
    pub from: Option<String>,
    /// Last day (default: the last bookable working day).
    pub to: Option<String>,
}

/// A hall's future slots on its bookable working days, with the places left in each (public).
#[utoipa::path(get, path = "/sites/{id}/appointment-slots", tag = "appointments", params(SlotQuery),
    responses((status = 200, description = "{items, next_cursor}", body = List<app::appointments::SlotView>), (status = 422, description = "日期或类别有误")))]
async fn slots(State(s): State<AppState>, Path(id): Path<i64>, Query(q): Query<SlotQuery>) -> Result<Json<Value>, ApiError> {
    Ok(Json(all(app::appointments::slots(&s.app, id, q.category_id, q.from.as_deref(), q.to.as_deref()).await?)))
}

/// Books a slot (public). The answer carries the 6-digit booking code; an SMS confirms it.
#[utoipa::path(post, path = "/appointments", tag = "appointments", request_body = BookingInput,
    responses((status = 201, body = app::appointments::AppointmentView),
        (status = 409, description = "已约满、超出每人限额、因爽约暂停预约"), (status = 422, description = "输入有误")))]
async fn book(State(s): State<AppState>, ApiJson(input): ApiJson<BookingInput>) -> Result<Response, ApiError> {
    let v = app::appointments::book(&s.app, &input).await?;
    Ok((StatusCode::CREATED, Json(v)).into_response())
}

/// Cancels a booking by its code and phone, up to the hall's cut-off before the slot (public).
#[utoipa::path(post, path = "/appointments/cancel", tag = "appointments", request_body = CancelInput,
    responses((status = 200, body = app::appointments::AppointmentView), (status = 409, description = "已过取消截止时间"),
        (status = 422, description = "预约码或手机号有误")))]
async fn cancel(
    State(s): State<AppState>,
    ApiJson(input): ApiJson<CancelInput>,
) -> Result<Json<app::appointments::AppointmentView>, ApiError> {
    Ok(Json(app::appointments::cancel(&s.app, &input).await?))
}

/// Checks a booking in (a kiosk of the hall, or staff): by `code`, or by `phone` for today's
/// booking. Answers with the queue ticket exactly as `POST /tickets` does; again, the same ticket.
#[utoipa::path(post, path = "/appointments/check-in", tag = "appointments", request_body = CheckInInput,
    responses((status = 201, body = app::queue::TicketView), (status = 404, description = "今天没有该预约"),
        (status = 409, description = "未到或已过签到时间、预约已取消")))]
async fn check_in(State(s): State<AppState>, who: AnyCaller, ApiJson(input): ApiJson<CheckInInput>) -> Result<Response, ApiError> {
    let t = app::appointments::check_in(&s.app, who.caller(), &input).await?;
    Ok((StatusCode::CREATED, Json(t)).into_response())
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct DayQuery {
    /// The day, `2026-03-02` (default: today).
    pub day: Option<String>,
}

/// A hall's bookings of one day with their status (staff who may watch the queue; numbers masked).
#[utoipa::path(get, path = "/sites/{id}/appointments", tag = "appointments", params(DayQuery),
    responses((status = 200, description = "{items, next_cursor}", body = List<app::appointments::AppointmentView>)))]
async fn day_list(
    State(s): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<i64>,
    Query(q): Query<DayQuery>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(all(app::appointments::day_bookings(&s.app, &a.actor, id, q.day.as_deref()).await?.items)))
}

/// A hall's slot templates.
#[utoipa::path(get, path = "/sites/{id}/appointment-templates", tag = "appointments",
    responses((status = 200, description = "{items, next_cursor}", body = List<app::appointments::TemplateView>)))]
async fn list_templates(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>) -> Result<Json<Value>, ApiError> {
    Ok(Json(all(app::appointments::templates(&s.app, &a.actor, id).await?)))
}

/// Adds a slot template (hall managers): weekdays 1–5, start, end, slot length, places per slot.
#[utoipa::path(post, path = "/sites/{id}/appointment-templates", tag = "appointments", request_body = TemplateInput,
    responses((status = 201, body = app::appointments::TemplateView), (status = 422, description = "输入有误或与已有模板重叠")))]
async fn create_template(
    State(s): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<TemplateInput>,
) -> Result<Response, ApiError> {
    let t = app::appointments::create_template(&s.app, &a.actor, id, &input).await?;
    Ok((StatusCode::CREATED, Json(t)).into_response())
}

/// Changes a slot template; bookings already made keep their times.
#[utoipa::path(put, path = "/appointment-templates/{id}", tag = "appointments", request_body = TemplateInput,
    responses((status = 200, body = app::appointments::TemplateView)))]
async fn update_template(
    State(s): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<TemplateInput>,
) -> Result<Json<app::appointments::TemplateView>, ApiError> {
    Ok(Json(app::appointments::update_template(&s.app, &a.actor, id, &input).await?))
}

/// Deletes a slot template that has no upcoming bookings.
#[utoipa::path(delete, path = "/appointment-templates/{id}", tag = "appointments",
    responses((status = 204, description = "已删除"), (status = 409, description = "还有未到时段的预约")))]
async fn delete_template(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>) -> Result<StatusCode, ApiError> {
    app::appointments::delete_template(&s.app, &a.actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A hall's appointment settings: days ahead, cancellation cut-off, check-in window, quotas,
/// no-show rule.
#[utoipa::path(get, path = "/sites/{id}/appointment-settings", tag = "appointments", responses((status = 200, description = "settings")))]
async fn get_settings(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>) -> Result<Json<Settings>, ApiError> {
    Ok(Json(app::appointments::settings(&s.app, &a.actor, id).await?))
}

#[utoipa::path(put, path = "/sites/{id}/appointment-settings", tag = "appointments", responses((status = 200, description = "settings")))]
async fn put_settings(
    State(s): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<i64>,
    ApiJson(v): ApiJson<Settings>,
) -> Result<Json<Settings>, ApiError> {
    Ok(Json(app::appointments::set_settings(&s.app, &a.actor, id, &v).await?))
}
