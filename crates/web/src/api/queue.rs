//! Queue routes: tickets from every channel, counter actions, window states, the live snapshot
//! and its event stream (SSE), categories, work profiles, settings (ratings: `api::ratings`).

use std::time::Duration;

use app::queue::{ActionInput, CategoryInput, TicketInput};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use domain::queue::{Action, Policy, WindowStatus};
use serde::Deserialize;
use serde_json::{Value, json};
use std::convert::Infallible;

use tokio::sync::broadcast::error::RecvError;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::extract::caller::{AnyCaller, ApiUser};
use crate::extract::json::ApiJson;
use crate::respond::error::{ApiError, api_error};
use crate::respond::list::all;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(issue))
        .routes(routes!(get_ticket))
        .routes(routes!(ticket_history))
        .routes(routes!(ticket_action))
        .routes(routes!(call_next))
        .routes(routes!(window_status))
        .routes(routes!(window_board))
        .routes(routes!(pending_rating))
        .routes(routes!(get_profile, set_profile))
        .routes(routes!(site_queue))
        .routes(routes!(site_events))
        .routes(routes!(list_categories, create_category))
        .routes(routes!(site_waits))
        .routes(routes!(update_category))
        .routes(routes!(get_policy, set_policy))
        .routes(routes!(follow))
}

/// Staff with the view permission at the site, or a device of that site.
async fn may_watch(s: &AppState, who: &AnyCaller, site_id: i64) -> Result<(), Response> {
    app::queue::require_watch(&s.app, who.caller(), site_id, None).await.map_err(|e| ApiError(e).into_response())
}

/// Takes a ticket (kiosk, guide tablet, counter walk-in, mobile page). The `Idempotency-Key`
/// header makes a retried request return the first request's ticket.
#[utoipa::path(post, path = "/tickets", tag = "queue", request_body = TicketInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "同一键重复提交返回同一张号票")),
    responses((status = 201, description = "号票：id, ticket_no, waiting_ahead, …", body = app::queue::TicketView),
        (status = 409, description = "不在办公时间、当日号已取完、手机号超出限额"), (status = 422, description = "输入有误")))]
async fn issue(
    State(s): State<AppState>,
    who: AnyCaller,
    headers: HeaderMap,
    ApiJson(input): ApiJson<TicketInput>,
) -> Result<Response, ApiError> {
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok());
    let t = app::queue::issue_ticket(&s.app, who.caller(), &input, key).await?;
    Ok((StatusCode::CREATED, Json(t)).into_response())
}

#[utoipa::path(get, path = "/tickets/{id}", tag = "queue", responses((status = 200, body = app::queue::TicketView)))]
async fn get_ticket(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>) -> Result<Json<app::queue::TicketView>, ApiError> {
    Ok(Json(app::queue::ticket(&s.app, &a.actor, id).await?))
}

/// Every step of a ticket (issue, calls, recalls, transfers, …) with who did it.
#[utoipa::path(get, path = "/tickets/{id}/history", tag = "queue", responses((status = 200, description = "{items, next_cursor}", body = crate::respond::list::List<app::queue::TicketStepView>)))]
async fn ticket_history(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>) -> Result<Json<Value>, ApiError> {
    Ok(Json(all(app::queue::ticket_events(&s.app, &a.actor, id).await?)))
}

/// A counter action: `call` (out of order, logged), `recall`, `no-show`, `transfer`, `hold`,
/// `resume`, `finish`, or `green-channel` (hall managers).
#[utoipa::path(post, path = "/tickets/{id}/{action}", tag = "queue", request_body = ActionInput,
    responses((status = 200, body = app::queue::TicketView), (status = 409, description = "当前状态不允许该操作"), (status = 403, description = "不在该窗口")))]
async fn ticket_action(
    State(s): State<AppState>,
    ApiUser(a): ApiUser,
    Path((id, action)): Path<(i64, String)>,
    body: axum::body::Bytes,
) -> Result<Json<app::queue::TicketView>, Response> {
    // The body is optional: most actions need none.
    let input: ActionInput = if body.iter().all(u8::is_ascii_whitespace) {
        ActionInput::default()
    } else {
        let de = &mut serde_json::Deserializer::from_slice(&body);
        serde_path_to_error::deserialize(de).map_err(|e| crate::respond::reject::json_data_error(&e.to_string()))?
    };
    let action = match action.as_str() {
        "green-channel" => {
            return app::queue::set_green_channel(&s.app, &a.actor, id, &input.note)
                .await
                .map(Json)
                .map_err(|e| ApiError(e).into_response());
        }
        "call" => Action::Call,
        "recall" => Action::Recall,
        "no-show" => Action::NoShow,
        "transfer" => Action::Transfer,
        "hold" => Action::Hold,
        "resume" => Action::Resume,
        "finish" => Action::Finish,
        other => {
            return Err(api_error(
                StatusCode::NOT_FOUND,
                "not_found",
                &format!("没有“{other}”操作；可用：call、recall、no-show、transfer、hold、resume、finish、green-channel"),
            ));
        }
    };
    app::queue::act(&s.app, &a.actor, id, action, &input).await.map(Json).map_err(|e| ApiError(e).into_response())
}

/// Calls the next ticket by the window's work profile, finishing the one it was serving.
#[utoipa::path(post, path = "/windows/{id}/call-next", tag = "queue", responses((status = 200, description = "{\"ticket\": … or null}")))]
async fn call_next(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>) -> Result<Json<Value>, ApiError> {
    let t = app::queue::call_next(&s.app, &a.actor, id).await?;
    Ok(Json(json!({ "ticket": t })))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct StatusInput {
    /// open, paused or closed.
    #[serde(default)]
    pub status: String,
    /// Required when pausing.
    #[serde(default)]
    pub reason: String,
}

/// Opens, pauses (with a reason), resumes (open) or closes a window.
#[utoipa::path(post, path = "/windows/{id}/status", tag = "queue", request_body = StatusInput, responses((status = 200, body = app::queue::WindowEvent)))]
async fn window_status(
    State(s): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<StatusInput>,
) -> Result<Json<app::queue::WindowEvent>, ApiError> {
    let status = WindowStatus::parse("status", &input.status).map_err(app::AppError::from)?;
    Ok(Json(app::queue::set_window_status(&s.app, &a.actor, id, status, &input.reason).await?))
}

async fn window_site(s: &AppState, id: i64) -> Result<i64, Response> {
    app::queue::window_site(&s.app, id).await.map_err(|e| ApiError(e).into_response())
}

/// What the terminal above a window shows (staff of the hall, or a device of the hall).
#[utoipa::path(get, path = "/windows/{id}/board", tag = "queue", responses((status = 200, body = app::queue::WindowBoard)))]
async fn window_board(State(s): State<AppState>, who: AnyCaller, Path(id): Path<i64>) -> Result<Json<app::queue::WindowBoard>, Response> {
    may_watch(&s, &who, window_site(&s, id).await?).await?;
    app::queue::window_board(&s.app, id).await.map(Json).map_err(|e| ApiError(e).into_response())
}

/// The finished visit the rating pad at this window should ask about, if any.
#[utoipa::path(get, path = "/windows/{id}/pending-rating", tag = "queue", responses((status = 200, description = "{\"ticket\": … or null}")))]
async fn pending_rating(State(s): State<AppState>, who: AnyCaller, Path(id): Path<i64>) -> Result<Json<Value>, Response> {
    may_watch(&s, &who, window_site(&s, id).await?).await?;
    let t = app::queue::pending_rating(&s.app, id).await.map_err(|e| ApiError(e).into_response())?;
    Ok(Json(json!({ "ticket": t })))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ProfileInput {
    #[serde(default, deserialize_with = "app::support::input::ids")]
    pub category_ids: Vec<i64>,
}

/// A window's work profile: the categories it calls, in order.
#[utoipa::path(get, path = "/windows/{id}/profile", tag = "queue", responses((status = 200, description = "{category_ids}")))]
async fn get_profile(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>) -> Result<Json<Value>, ApiError> {
    Ok(Json(json!({ "category_ids": app::queue::window_profile(&s.app, &a.actor, id).await? })))
}

#[utoipa::path(put, path = "/windows/{id}/profile", tag = "queue", request_body = ProfileInput, responses((status = 200, description = "{category_ids}")))]
async fn set_profile(
    State(s): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ProfileInput>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(json!({ "category_ids": app::queue::set_window_profile(&s.app, &a.actor, id, &input.category_ids).await? })))
}

/// The live queue of a hall: categories with waiting counts, windows, latest calls, who waits.
#[utoipa::path(get, path = "/sites/{id}/queue", tag = "queue", responses((status = 200, body = app::queue::QueueSnapshot)))]
async fn site_queue(State(s): State<AppState>, who: AnyCaller, Path(id): Path<i64>) -> Result<Json<app::queue::QueueSnapshot>, Response> {
    may_watch(&s, &who, id).await?;
    app::queue::snapshot(&s.app, id).await.map(Json).map_err(|e| ApiError(e).into_response())
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct EventsQuery {
    /// Only this window's events (and the hall-wide ones).
    pub window: Option<i64>,
    /// The public follow page: its ticket's code grants the stream of that ticket's hall.
    pub follow: Option<String>,
}

/// The hall's live events (text/event-stream): `ticket_called` (`ticket_no`, `window_no`, `text`,
/// …), `ticket_issued`, `ticket_updated`, `ticket_finished`, `window_changed`, `rating_saved`;
/// `resync` when the client fell behind, `revoked` when its device token was revoked.
#[utoipa::path(get, path = "/sites/{id}/events", tag = "queue", params(EventsQuery), responses((status = 200, description = "text/event-stream")))]
async fn site_events(
    State(s): State<AppState>,
    who: AnyCaller,
    Path(id): Path<i64>,
    Query(q): Query<EventsQuery>,
) -> Result<Response, Response> {
    app::queue::require_watch(&s.app, who.caller(), id, q.follow.as_deref()).await.map_err(|e| ApiError(e).into_response())?;
    let device_id = who.device.as_ref().map(|d| d.0.id);
    let stream = event_stream(s.clone(), id, q.window, device_id);
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)).text("keep-alive")).into_response())
}

struct StreamState {
    s: AppState,
    rx: tokio::sync::broadcast::Receiver<std::sync::Arc<app::runtime::events::Event>>,
    site: i64,
    window: Option<i64>,
    device: Option<i64>,
    next_check: tokio::time::Instant,
    done: bool,
}

/// How often a device's stream checks that its token is still live.
const DEVICE_CHECK: Duration = Duration::from_secs(3);

fn event_stream(
    s: AppState,
    site: i64,
    window: Option<i64>,
    device: Option<i64>,
) -> impl futures_util::Stream<Item = Result<SseEvent, Infallible>> + Send + 'static {
    let rx = s.app.subscribe();
    let st = StreamState { s, rx, site, window, device, next_check: tokio::time::Instant::now() + DEVICE_CHECK, done: false };
    futures_util::stream::unfold(st, |mut st| async move {
        if st.done {
            return None;
        }
        loop {
            tokio::select! {
                r = st.rx.recv() => match r {
                    Ok(e) if e.site_id == st.site && (st.window.is_none() || e.window_id.is_none() || e.window_id == st.window) => {
                        let ev = SseEvent::default().event(e.name).data(e.data.as_str());
                        return Some((Ok(ev), st));
                    }
                    Ok(_) => continue,
                    Err(RecvError::Lagged(_)) => return Some((Ok(SseEvent::default().event("resync").data("{}")), st)),
                    Err(RecvError::Closed) => return None,
                },
                _ = tokio::time::sleep_until(st.next_check), if st.device.is_some() => {
                    st.next_check = tokio::time::Instant::now() + DEVICE_CHECK;
                    let id = st.device.unwrap_or_default();
                    if !app::devices::device_live(&st.s.app, id).await.unwrap_or(true) {
                        st.done = true;
                        return Some((Ok(SseEvent::default().event("revoked").data("{}")), st));
                    }
                }
            }
        }
    })
}

/// A hall's ticket categories with the items each covers (public: kiosks and the mobile page).
#[utoipa::path(get, path = "/sites/{id}/queue-categories", tag = "queue", responses((status = 200, description = "{items, next_cursor}", body = crate::respond::list::List<app::queue::CategoryView>)))]
async fn list_categories(State(s): State<AppState>, Path(id): Path<i64>) -> Result<Json<Value>, ApiError> {
    Ok(Json(all(app::queue::categories(&s.app, id).await?)))
}

/// How many wait in each active category of a hall and the estimated wait of a ticket taken now
/// (public: the phone ticket page and the kiosk).
#[utoipa::path(get, path = "/sites/{id}/queue-waits", tag = "queue", responses((status = 200, description = "{items, next_cursor}", body = crate::respond::list::List<app::queue::WaitLine>), (status = 404)))]
async fn site_waits(State(s): State<AppState>, Path(id): Path<i64>) -> Result<Json<Value>, ApiError> {
    Ok(Json(all(app::queue::waits(&s.app, id).await?)))
}

#[utoipa::path(post, path = "/sites/{id}/queue-categories", tag = "queue", request_body = CategoryInput, responses((status = 201, body = app::queue::CategoryView)))]
async fn create_category(
    State(s): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<CategoryInput>,
) -> Result<Response, ApiError> {
    let c = app::queue::create_category(&s.app, &a.actor, id, &input).await?;
    Ok((StatusCode::CREATED, Json(c)).into_response())
}

#[utoipa::path(put, path = "/queue-categories/{id}", tag = "queue", request_body = CategoryInput, responses((status = 200, body = app::queue::CategoryView)))]
async fn update_category(
    State(s): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<CategoryInput>,
) -> Result<Json<app::queue::CategoryView>, ApiError> {
    Ok(Json(app::queue::update_category(&s.app, &a.actor, id, &input).await?))
}

/// A hall's queue settings (priority head starts, recalls before no-show, phone quota, …).
#[utoipa::path(get, path = "/sites/{id}/queue-policy", tag = "queue", responses((status = 200, description = "settings")))]
async fn get_policy(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>) -> Result<Json<Policy>, ApiError> {
    app::queue::require_view(&s.app, &a.actor, id).await?;
    Ok(Json((*app::queue::policy(&s.app, id).await?).clone()))
}

#[utoipa::path(put, path = "/sites/{id}/queue-policy", tag = "queue", responses((status = 200, description = "settings")))]
async fn set_policy(
    State(s): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<i64>,
    ApiJson(p): ApiJson<Policy>,
) -> Result<Json<Policy>, ApiError> {
    Ok(Json(app::queue::set_policy(&s.app, &a.actor, id, &p).await?))
}

/// The public follow page's data: position in line, or the window when called.
#[utoipa::path(get, path = "/follow/{code}", tag = "queue", responses((status = 200, body = app::queue::FollowView)))]
async fn follow(State(s): State<AppState>, Path(code): Path<String>) -> Result<Json<app::queue::FollowView>, ApiError> {
    Ok(Json(app::queue::follow(&s.app, &code).await?))
}
