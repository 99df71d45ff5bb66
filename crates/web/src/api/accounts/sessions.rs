//! `POST /auth/login`, `POST /auth/logout`, `GET /auth/me`.

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::extract::auth::{SESSION_COOKIE, session_cookie};
use crate::extract::caller::ApiUser;
use crate::extract::client::ClientAddr;
use crate::extract::json::ApiJson;
use crate::respond::error::ApiError;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(login)).routes(routes!(logout)).routes(routes!(me))
}

/// Login credentials.
#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginInput {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub password: String,
}

/// The user as returned by login and `me`.
pub fn user_json(actor: &app::Actor, window_id: Option<i64>) -> Value {
    json!({
        "id": actor.user_id.map(|u| u.0),
        "username": actor.username,
        "name": actor.name,
        "roles": actor.roles().iter().map(|r| r.code()).collect::<Vec<_>>(),
        "window_id": window_id,
    })
}

/// Signs in; returns a bearer token and sets the session cookie.
#[utoipa::path(post, path = "/auth/login", tag = "auth", request_body = LoginInput,
    responses((status = 200, description = "{\"token\",\"user\":{id,username,name,roles,window_id}}"),
              (status = 401, description = "用户名或密码错误"), (status = 422, description = "缺少用户名或密码"),
              (status = 429, description = "登录尝试过于频繁（按用户名与来源地址退避）")))]
async fn login(
    State(s): State<AppState>,
    jar: CookieJar,
    ClientAddr(client): ClientAddr,
    ApiJson(input): ApiJson<LoginInput>,
) -> Result<Response, ApiError> {
    let session = app::accounts::login_from(&s.app, &input.username, &input.password, &client).await?;
    let body = json!({ "token": session.token, "csrf_token": session.csrf, "user": user_json(&session.actor, session.window_id) });
    let jar = jar.add(session_cookie(session.token));
    Ok((jar, [(header::CACHE_CONTROL, "no-store")], Json(body)).into_response())
}

/// Ends the caller's session.
#[utoipa::path(post, path = "/auth/logout", tag = "auth", responses((status = 204, description = "已退出")))]
async fn logout(State(s): State<AppState>, jar: CookieJar, ApiUser(a): ApiUser) -> Result<Response, ApiError> {
    if let Some(t) = &a.session_token {
        app::accounts::logout(&s.app, t).await?;
    }
    Ok((jar.remove(Cookie::build(SESSION_COOKIE).path("/")), axum::http::StatusCode::NO_CONTENT).into_response())
}

/// The signed-in caller.
#[utoipa::path(get, path = "/auth/me", tag = "auth", responses((status = 200, description = "当前用户"), (status = 401, description = "未登录")))]
async fn me(ApiUser(a): ApiUser) -> Json<Value> {
    Json(user_json(&a.actor, a.window_id))
}
