//! Calendar routes: working-day arithmetic (public) and the holiday table (staff).

use app::calendar::DayInput;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::extract::caller::ApiUser;
use crate::extract::json::ApiJson;
use crate::respond::error::{ApiError, api_error};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(add_working_days))
        .routes(routes!(count_working_days))
        .routes(routes!(list_year))
        .routes(routes!(set_day, delete_day))
        .routes(routes!(import))
}

#[expect(clippy::result_large_err, reason = "the error is the finished response, returned at once")]
fn date(field: &str, v: Option<&str>) -> Result<NaiveDate, axum::response::Response> {
    let v = v.map(str::trim).unwrap_or_default();
    if v.is_empty() {
        return Err(api_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_input", &format!("请提供 {field}（日期，格式 2026-10-01）")));
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| {
        api_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_input", &format!("{field}“{v}”不是合法日期，格式应为 2026-10-01"))
    })
}

/// The contract's answer, with `"provisional": true` added when the count crossed a year whose
/// schedule is not entered (the answer stays exactly the contract's otherwise).
fn with_provisional(mut v: Value, provisional: bool) -> Value {
    if provisional {
        v["provisional"] = json!(true);
    }
    v
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct AddQuery {
    /// Start date (not counted), `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Working days to add (0–10000).
    pub days: Option<String>,
}

/// The date N working days after `from` (`from` itself not counted).
#[utoipa::path(get, path = "/calendar/add-working-days", tag = "calendar", params(AddQuery), responses((status = 200, description = "{\"date\":\"YYYY-MM-DD\"}, with \"provisional\":true when the span crosses a year whose holiday schedule is not entered (counted on the statutory holidays alone)"), (status = 422, description = "参数有误")))]
async fn add_working_days(State(s): State<AppState>, Query(q): Query<AddQuery>) -> Result<Json<Value>, axum::response::Response> {
    let from = date("from", q.from.as_deref())?;
    let days: u32 = q
        .days
        .as_deref()
        .map(str::trim)
        .unwrap_or_default()
        .parse()
        .map_err(|_| api_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_input", "days 应为 0 到 10000 之间的整数"))?;
    let d =
        app::calendar::add_working_days(&s.app, from, days).await.map_err(|e| axum::response::IntoResponse::into_response(ApiError(e)))?;
    Ok(Json(with_provisional(json!({ "date": d.value.to_string() }), d.provisional)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct CountQuery {
    pub from: Option<String>,
    pub to: Option<String>,
}

/// Working days in (from, to].
#[utoipa::path(get, path = "/calendar/count-working-days", tag = "calendar", params(CountQuery), responses((status = 200, description = "{\"days\":N}, with \"provisional\":true as for add-working-days"), (status = 422, description = "参数有误")))]
async fn count_working_days(State(s): State<AppState>, Query(q): Query<CountQuery>) -> Result<Json<Value>, axum::response::Response> {
    let from = date("from", q.from.as_deref())?;
    let to = date("to", q.to.as_deref())?;
    let n =
        app::calendar::count_working_days(&s.app, from, to).await.map_err(|e| axum::response::IntoResponse::into_response(ApiError(e)))?;
    Ok(Json(with_provisional(json!({ "days": n.value }), n.provisional)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct YearQuery {
    pub year: Option<i32>,
}

/// Holidays and make-up working days of a year (default: this year); for a year whose schedule is
/// not entered yet, the statutory holidays with `provisional: true`.
#[utoipa::path(get, path = "/calendar", tag = "calendar", params(YearQuery), responses((status = 200, description = "{items, next_cursor, provisional}", body = CalendarYear)))]
async fn list_year(State(s): State<AppState>, Query(q): Query<YearQuery>) -> Result<Json<CalendarYear>, ApiError> {
    let year = q.year.unwrap_or_else(|| chrono::Datelike::year(&s.app.clock.today()));
    let items = app::calendar::list_year(&s.app, year).await?;
    Ok(Json(CalendarYear { items, next_cursor: None, provisional: app::calendar::is_provisional(&s.app, year).await? }))
}

/// A year's holidays and make-up working days (one page).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CalendarYear {
    pub items: Vec<app::calendar::CalendarDayView>,
    /// Always null: a year is one page.
    pub next_cursor: Option<String>,
    /// Whether the year's schedule is not entered yet (the items are the statutory holidays alone).
    pub provisional: bool,
}

/// Sets a date as a holiday (`holiday`) or make-up working day (`workday`).
#[utoipa::path(put, path = "/calendar/{date}", tag = "calendar", params(("date" = String, Path)), request_body = DayInput, responses((status = 200, description = "已保存")))]
async fn set_day(
    State(s): State<AppState>,
    ApiUser(a): ApiUser,
    Path(d): Path<String>,
    ApiJson(mut i): ApiJson<DayInput>,
) -> Result<Json<Value>, ApiError> {
    i.date = d;
    Ok(Json(json!(app::calendar::set_day(&s.app, &a.actor, &i).await?)))
}

/// Removes a date's entry.
#[utoipa::path(delete, path = "/calendar/{date}", tag = "calendar", params(("date" = String, Path)), responses((status = 204, description = "已删除"), (status = 404, description = "该日期没有条目")))]
async fn delete_day(State(s): State<AppState>, ApiUser(a): ApiUser, Path(d): Path<String>) -> Result<StatusCode, axum::response::Response> {
    let day = date("date", Some(&d))?;
    app::calendar::delete_day(&s.app, &a.actor, day).await.map_err(|e| axum::response::IntoResponse::into_response(ApiError(e)))?;
    Ok(StatusCode::NO_CONTENT)
}

/// Imports entries, all or nothing (e.g. next year's State Council schedule).
#[utoipa::path(post, path = "/calendar/import", tag = "calendar", request_body = Vec<DayInput>, responses((status = 200, description = "{\"imported\":N}"), (status = 422, description = "有错误的条目，全部未导入")))]
async fn import(State(s): State<AppState>, ApiUser(a): ApiUser, ApiJson(entries): ApiJson<Vec<DayInput>>) -> Result<Json<Value>, ApiError> {
    let n = app::calendar::import(&s.app, &a.actor, &entries).await?;
    Ok(Json(json!({ "imported": n })))
}
