//! Account routes: users and grants, device tokens, API tokens.

use app::accounts::{ApiTokenInput, GrantInput, UserInput};
use app::devices::DeviceInput;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde_json::{Value, json};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::extract::caller::{ApiDevice, ApiUser};
use crate::extract::json::{ApiJson, PageQuery};
use crate::respond::error::ApiError;
use crate::respond::list::{List, Paged, all};
use crate::state::AppState;

type R = Result<Json<Value>, ApiError>;
type Created = Result<(StatusCode, Json<Value>), ApiError>;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users, create_user))
        .routes(routes!(get_user, update_user))
        .routes(routes!(add_grant))
        .routes(routes!(remove_grant))
        .routes(routes!(list_devices, issue_device))
        .routes(routes!(revoke_device))
        .routes(routes!(device_me))
        .routes(routes!(list_api_tokens, issue_api_token))
        .routes(routes!(revoke_api_token))
}

/// Accounts the caller manages.
#[utoipa::path(get, path = "/users", tag = "accounts", params(PageQuery), responses((status = 200, description = "{items, next_cursor}", body = Paged<app::accounts::UserView>)))]
async fn list_users(State(s): State<AppState>, ApiUser(a): ApiUser, Query(q): Query<PageQuery>) -> R {
    Ok(Json(json!(app::accounts::list_users(&s.app, &a.actor, q.cursor, q.limit()).await?)))
}

#[utoipa::path(post, path = "/users", tag = "accounts", request_body = UserInput, responses((status = 201, description = "已创建"), (status = 409, description = "用户名已被使用")))]
async fn create_user(State(s): State<AppState>, ApiUser(a): ApiUser, ApiJson(i): ApiJson<UserInput>) -> Created {
    Ok((StatusCode::CREATED, Json(json!(app::accounts::create_user(&s.app, &a.actor, &i).await?))))
}

/// An account with its grants.
#[utoipa::path(get, path = "/users/{id}", tag = "accounts", params(("id" = i64, Path)), responses((status = 200, description = "账号")))]
async fn get_user(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>) -> R {
    let (u, g) = app::accounts::get_user(&s.app, &a.actor, id).await?;
    let mut v = json!(u);
    v["grants"] = json!(g);
    Ok(Json(v))
}

/// Changes an account (a non-empty `password` resets it; `active: false` disables it).
#[utoipa::path(put, path = "/users/{id}", tag = "accounts", params(("id" = i64, Path)), request_body = UserInput, responses((status = 200, description = "已修改")))]
async fn update_user(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>, ApiJson(i): ApiJson<UserInput>) -> R {
    Ok(Json(json!(app::accounts::update_user(&s.app, &a.actor, id, &i).await?)))
}

/// Grants a role on an org subtree (optionally one department).
#[utoipa::path(post, path = "/users/{id}/grants", tag = "accounts", params(("id" = i64, Path)), request_body = GrantInput, responses((status = 201, description = "已授权"), (status = 403, description = "无权授予")))]
async fn add_grant(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>, ApiJson(i): ApiJson<GrantInput>) -> Created {
    Ok((StatusCode::CREATED, Json(json!(app::accounts::add_grant(&s.app, &a.actor, id, &i).await?))))
}

#[utoipa::path(delete, path = "/grants/{id}", tag = "accounts", params(("id" = i64, Path)), responses((status = 204, description = "已撤销")))]
async fn remove_grant(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>) -> Result<StatusCode, ApiError> {
    app::accounts::remove_grant(&s.app, &a.actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Hall devices (screens, kiosks) and their token state.
#[utoipa::path(get, path = "/devices", tag = "accounts", responses((status = 200, description = "{items, next_cursor}", body = List<app::devices::DeviceView>)))]
async fn list_devices(State(s): State<AppState>, ApiUser(a): ApiUser) -> R {
    Ok(Json(all(app::devices::list_devices(&s.app, &a.actor).await?)))
}

/// Issues a device token (shown once in `token`).
#[utoipa::path(post, path = "/devices", tag = "accounts", request_body = DeviceInput, responses((status = 201, description = "已发放；token 只显示一次")))]
async fn issue_device(State(s): State<AppState>, ApiUser(a): ApiUser, ApiJson(i): ApiJson<DeviceInput>) -> Created {
    Ok((StatusCode::CREATED, Json(json!(app::devices::issue_device(&s.app, &a.actor, &i).await?))))
}

#[utoipa::path(post, path = "/devices/{id}/revoke", tag = "accounts", params(("id" = i64, Path)), responses((status = 204, description = "已吊销")))]
async fn revoke_device(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>) -> Result<StatusCode, ApiError> {
    app::devices::revoke_device(&s.app, &a.actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The calling device's binding (authenticate with its `dev_` token).
#[utoipa::path(get, path = "/devices/me", tag = "accounts", responses((status = 200, description = "设备绑定的场所与窗口"), (status = 401, description = "设备令牌无效或已吊销")))]
async fn device_me(ApiDevice(d): ApiDevice) -> Json<Value> {
    let d = d.0;
    Json(
        json!({ "id": d.id, "name": d.name, "kind": d.kind, "site_id": d.site_id, "site_name": d.site_name, "window_id": d.window_id, "window_number": d.window_number }),
    )
}

/// Integration tokens.
#[utoipa::path(get, path = "/api-tokens", tag = "accounts", responses((status = 200, description = "{items, next_cursor}", body = List<app::accounts::ApiTokenView>)))]
async fn list_api_tokens(State(s): State<AppState>, ApiUser(a): ApiUser) -> R {
    Ok(Json(all(app::accounts::list_api_tokens(&s.app, &a.actor).await?)))
}

/// Issues an integration token acting as `user_id` (shown once in `token`).
#[utoipa::path(post, path = "/api-tokens", tag = "accounts", request_body = ApiTokenInput, responses((status = 201, description = "已发放；token 只显示一次")))]
async fn issue_api_token(State(s): State<AppState>, ApiUser(a): ApiUser, ApiJson(i): ApiJson<ApiTokenInput>) -> Created {
    Ok((StatusCode::CREATED, Json(json!(app::accounts::issue_api_token(&s.app, &a.actor, &i).await?))))
}

#[utoipa::path(post, path = "/api-tokens/{id}/revoke", tag = "accounts", params(("id" = i64, Path)), responses((status = 204, description = "已吊销")))]
async fn revoke_api_token(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>) -> Result<StatusCode, ApiError> {
    app::accounts::revoke_api_token(&s.app, &a.actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
