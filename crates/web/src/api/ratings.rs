//! 好差评: ratings of a visit or a case (`POST /ratings`, the form `GET /ratings/form`), the
//! rectification orders of bad ratings (`GET /rectifications`, `GET /rectifications/{id}`,
//! `POST /rectifications/{id}/actions`) and the local rating policy (`/rating-policies/{org_unit_id}`).

use app::ratings::{FormView, OrderActionInput, OrderPage, OrderQuery, OrderView, Rater, RatingInput, RatingSaved};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::ratings::{Mode, Policy};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::extract::caller::{AnyCaller, ApiUser};
use crate::extract::citizen::CitizenCtx;
use crate::extract::json::ApiJson;
use crate::respond::error::ApiError;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(rate))
        .routes(routes!(form))
        .routes(routes!(orders))
        .routes(routes!(order))
        .routes(routes!(act))
        .routes(routes!(get_policy, put_policy))
        .routes(routes!(public_ratings))
}

/// Rates a visit (`ticket_id` from the window's rating pad, or `follow_code` from the ticket's QR
/// page) or a case (`case_id`, by its applicant signed in to the portal, or with the case's
/// `query_code`). One rating per visit or case; a 1–2 rating opens a rectification order.
#[utoipa::path(post, path = "/ratings", tag = "ratings", request_body = RatingInput,
    responses((status = 201, body = RatingSaved), (status = 403, description = "评价他人的办件或其他窗口的服务"),
        (status = 409, description = "未办结、已评价或超过补评期限"), (status = 422, description = "等级、指标或原因不符合评价表")))]
async fn rate(
    State(s): State<AppState>,
    who: AnyCaller,
    citizen: CitizenCtx,
    ApiJson(input): ApiJson<RatingInput>,
) -> Result<Response, ApiError> {
    let rater = Rater::of(who.caller(), citizen.citizen.as_ref());
    let r = app::ratings::rate(&s.app, rater, &input).await?;
    Ok((StatusCode::CREATED, Json(r)).into_response())
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct FormQuery {
    /// onsite (现场服务) or online (网上服务).
    #[serde(default)]
    pub mode: Option<String>,
}

/// The national rating form of a mode: levels, indicators and each level's reasons.
#[utoipa::path(get, path = "/ratings/form", tag = "ratings", params(FormQuery), responses((status = 200, body = FormView)))]
async fn form(Query(q): Query<FormQuery>) -> Result<Json<FormView>, ApiError> {
    let mode = match q.mode.as_deref() {
        None => Mode::Onsite,
        Some(m) => Mode::parse(m)
            .ok_or_else(|| ApiError(domain::Invalid::one("mode", "评价表应为 onsite（现场服务）或 online（网上服务）").into()))?,
    };
    Ok(Json(app::ratings::form(mode)))
}

/// The actor's rectification orders, or (`view=all`) those within their scope.
#[utoipa::path(get, path = "/rectifications", tag = "ratings", params(OrderQuery), responses((status = 200, body = OrderPage)))]
async fn orders(State(s): State<AppState>, ApiUser(a): ApiUser, Query(q): Query<OrderQuery>) -> Result<Json<OrderPage>, ApiError> {
    Ok(Json(app::ratings::list_orders(&s.app, &a.actor, &q).await?))
}

/// One rectification order with the rating it answers and the actions allowed now.
#[utoipa::path(get, path = "/rectifications/{id}", tag = "ratings", responses((status = 200, body = OrderView)))]
async fn order(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>) -> Result<Json<OrderView>, ApiError> {
    Ok(Json(app::ratings::get_order(&s.app, &a.actor, id).await?))
}

/// Acts on an order: verify, reply, callback, close, appeal, uphold_appeal, reject_appeal; an
/// action its state does not allow answers 409 with the allowed ones.
#[utoipa::path(post, path = "/rectifications/{id}/actions", tag = "ratings", request_body = OrderActionInput,
    responses((status = 200, body = OrderView), (status = 409, description = "当前状态不允许该操作，details.allowed 列出可用操作")))]
async fn act(
    State(s): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<OrderActionInput>,
) -> Result<Json<OrderView>, ApiError> {
    Ok(Json(app::ratings::act(&s.app, &a.actor, id, &input).await?))
}

/// The rating policy in force at an org unit (local policy: late-rating days, verify and rectify
/// working days, re-invitation days).
#[utoipa::path(get, path = "/rating-policies/{org_unit_id}", tag = "ratings", responses((status = 200, body = Object)))]
async fn get_policy(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>) -> Result<Json<Policy>, ApiError> {
    Ok(Json(app::ratings::get_policy(&s.app, &a.actor, id).await?))
}

/// Sets an org unit's rating policy (the supervision office).
#[utoipa::path(put, path = "/rating-policies/{org_unit_id}", tag = "ratings", request_body = Object, responses((status = 200, body = Object)))]
async fn put_policy(
    State(s): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<i64>,
    ApiJson(p): ApiJson<Policy>,
) -> Result<Json<Policy>, ApiError> {
    Ok(Json(app::ratings::put_policy(&s.app, &a.actor, id, &p).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct MonthQuery {
    /// YYYY-MM; this month when left out.
    #[serde(default)]
    pub month: Option<String>,
}

/// 评价公示: each hall's rating figures for a month (好评率, 差评整改率, 实名差评回访率), public and
/// without personal data.
#[utoipa::path(get, path = "/public/ratings", tag = "ratings", params(MonthQuery), responses((status = 200, body = app::figures::PublicRatings)))]
async fn public_ratings(State(s): State<AppState>, Query(q): Query<MonthQuery>) -> Result<Json<app::figures::PublicRatings>, ApiError> {
    Ok(Json(app::figures::public_ratings(&s.app, q.month.as_deref()).await?))
}
