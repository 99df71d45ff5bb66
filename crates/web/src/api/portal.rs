//! Online application (不见面审批) for phone apps: `POST /portal/login-codes`, `POST /portal/sessions`
//! (answers a `cit_…` bearer token), the items open to online application, uploads, applying,
//! my cases and their actions, the public progress look-up, and the windows' pre-check list.

use app::accounts::Citizen;
use app::portal::{ApplyInput, CitizenActionInput, CitizenSession, CodeSent, OnlineItem, PortalCase, ProgressView};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::extract::caller::ApiUser;
use crate::extract::citizen::CitizenCtx;
use crate::extract::client::ClientAddr;
use crate::extract::json::ApiJson;
use crate::respond::error::ApiError;
use crate::respond::list::all;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(request_code))
        .routes(routes!(verify_code))
        .routes(routes!(items))
        .routes(routes!(item))
        .routes(routes!(upload))
        .routes(routes!(apply, my_cases))
        .routes(routes!(my_case))
        .routes(routes!(act))
        .routes(routes!(progress))
        .routes(routes!(online_cases))
        .layer(axum::extract::DefaultBodyLimit::max(app::support::uploads::MAX_SCAN_BYTES + 64 * 1024))
}

fn need(ctx: CitizenCtx) -> Result<Citizen, ApiError> {
    ctx.citizen.ok_or_else(|| ApiError(app::AppError::Unauthorized("请先用手机号和短信验证码登录（会话无效或已过期）".to_owned())))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct PhoneInput {
    #[serde(default)]
    pub phone: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct VerifyInput {
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub code: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ProgressInput {
    #[serde(default)]
    pub case_no: String,
    #[serde(default)]
    pub query_code: String,
}

/// Texts a 6-digit login code (valid 5 minutes; one per 60 s, ten per day per phone, ten an hour
/// per client address).
#[utoipa::path(post, path = "/portal/login-codes", tag = "portal", request_body = PhoneInput, responses((status = 201, body = CodeSent), (status = 422, description = "手机号有误"), (status = 429, description = "获取过于频繁或超过每日次数")))]
async fn request_code(
    State(s): State<AppState>,
    ClientAddr(client): ClientAddr,
    ApiJson(i): ApiJson<PhoneInput>,
) -> Result<(StatusCode, Json<CodeSent>), ApiError> {
    Ok((StatusCode::CREATED, Json(app::portal::request_code(&s.app, &i.phone, &client).await?)))
}

/// Checks a login code and opens a citizen session: `token` is the bearer token (`cit_…`).
#[utoipa::path(post, path = "/portal/sessions", tag = "portal", request_body = VerifyInput, responses((status = 201, body = CitizenSession), (status = 401, description = "验证码错误、过期或已失效")))]
async fn verify_code(State(s): State<AppState>, ApiJson(i): ApiJson<VerifyInput>) -> Result<(StatusCode, Json<CitizenSession>), ApiError> {
    Ok((StatusCode::CREATED, Json(app::portal::verify_code(&s.app, &i.phone, &i.code).await?)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ItemQuery {
    /// Part of an item's name, department or material.
    pub q: Option<String>,
}

/// Items open to online application (网上申请 or 全程网办, stationed in a hall). Public.
#[utoipa::path(get, path = "/portal/items", tag = "portal", params(ItemQuery), responses((status = 200, description = "{items, next_cursor}", body = crate::respond::list::List<OnlineItem>)))]
async fn items(State(s): State<AppState>, Query(q): Query<ItemQuery>) -> Result<Json<Value>, ApiError> {
    Ok(Json(all(app::portal::list_items(&s.app, q.q.as_deref().unwrap_or("")).await?)))
}

/// One item's guide summary for online application. Public.
#[utoipa::path(get, path = "/portal/items/{id}", tag = "portal", params(("id" = i64, Path)), responses((status = 200, body = OnlineItem), (status = 404), (status = 409, description = "该事项不支持网上申请")))]
async fn item(State(s): State<AppState>, Path(id): Path<i64>) -> Result<Json<OnlineItem>, ApiError> {
    Ok(Json(app::portal::get_item(&s.app, id).await?))
}

/// Uploads one material (multipart field `file`; PDF, JPG, PNG or WebP by content, ≤ 10 MB) for
/// the signed-in citizen; answers the `sha256` for `materials[].file_sha256`.
#[utoipa::path(post, path = "/portal/uploads", tag = "portal", responses((status = 201, body = app::support::uploads::StoredScan), (status = 401), (status = 422, description = "文件为空、过大或类型不符")))]
async fn upload(
    State(s): State<AppState>,
    ctx: CitizenCtx,
    mut mp: axum::extract::Multipart,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    need(ctx)?;
    let mut bytes = None;
    while let Ok(Some(f)) = mp.next_field().await {
        if f.name() == Some("file") {
            bytes =
                Some(f.bytes().await.map_err(|_| app::AppError::from(domain::Invalid::one("file", "文件读取失败或超过 10 MB，请重试")))?);
        }
    }
    let bytes = bytes.ok_or_else(|| app::AppError::from(domain::Invalid::one("file", "请选择要上传的文件")))?;
    Ok((StatusCode::CREATED, Json(json!(app::support::uploads::store_scan(&s.app, "file", &bytes).await?))))
}

/// Applies online (`submit: false` keeps a draft). The phone is the signed-in one.
#[utoipa::path(post, path = "/portal/cases", tag = "portal", request_body = ApplyInput, responses((status = 201, body = PortalCase), (status = 401), (status = 409, description = "该事项不支持网上申请"), (status = 422, description = "输入有误，details.fields 列出每个字段")))]
async fn apply(
    State(s): State<AppState>,
    ctx: CitizenCtx,
    ApiJson(i): ApiJson<ApplyInput>,
) -> Result<(StatusCode, Json<PortalCase>), ApiError> {
    let who = need(ctx)?;
    Ok((StatusCode::CREATED, Json(app::portal::apply(&s.app, &who, &i).await?)))
}

/// The signed-in citizen's online cases, newest first, each with its query code.
#[utoipa::path(get, path = "/portal/cases", tag = "portal", responses((status = 200, description = "{items, next_cursor}", body = crate::respond::list::List<PortalCase>), (status = 401)))]
async fn my_cases(State(s): State<AppState>, ctx: CitizenCtx) -> Result<Json<Value>, ApiError> {
    let who = need(ctx)?;
    Ok(Json(all(app::portal::my_cases(&s.app, &who).await?)))
}

/// One of the signed-in citizen's cases (404 for anyone else's).
#[utoipa::path(get, path = "/portal/cases/{id}", tag = "portal", params(("id" = i64, Path)), responses((status = 200, body = PortalCase), (status = 401), (status = 404)))]
async fn my_case(State(s): State<AppState>, ctx: CitizenCtx, Path(id): Path<i64>) -> Result<Json<PortalCase>, ApiError> {
    let who = need(ctx)?;
    Ok(Json(app::portal::my_case(&s.app, &who, id).await?))
}

/// `{"action": "submit" | "withdraw" | "resubmit", "materials": [...]}` on one's own case.
#[utoipa::path(post, path = "/portal/cases/{id}/actions", tag = "portal", params(("id" = i64, Path)), request_body = CitizenActionInput, responses((status = 200, body = PortalCase), (status = 401), (status = 403), (status = 404), (status = 409, description = "当前状态不允许该操作"), (status = 422)))]
async fn act(
    State(s): State<AppState>,
    ctx: CitizenCtx,
    Path(id): Path<i64>,
    ApiJson(i): ApiJson<CitizenActionInput>,
) -> Result<Json<PortalCase>, ApiError> {
    let who = need(ctx)?;
    Ok(Json(app::portal::citizen_act(&s.app, &who, id, &i).await?))
}

/// A case's progress by case number and query code (public; no ID number or phone in the answer).
/// A wrong pair and an unknown number get one message; ten wrong pairs per number and client per hour.
#[utoipa::path(post, path = "/portal/progress", tag = "portal", request_body = ProgressInput, responses((status = 200, body = ProgressView), (status = 422, description = "办件编号或查询码不正确"), (status = 429, description = "错误次数过多")))]
async fn progress(
    State(s): State<AppState>,
    ClientAddr(client): ClientAddr,
    ApiJson(i): ApiJson<ProgressInput>,
) -> Result<Json<ProgressView>, ApiError> {
    Ok(Json(app::portal::progress(&s.app, &i.case_no, &i.query_code, &client).await?))
}

/// Staff: online cases waiting for pre-check, receipt, acceptance or the applicant's supplement in
/// the halls where the caller takes cases in, oldest first. Act on them with `POST /cases/{id}/actions`.
#[utoipa::path(get, path = "/portal/online-cases", tag = "portal", responses((status = 200, description = "{items, next_cursor}", body = crate::respond::list::List<app::portal::OnlineCaseItem>), (status = 401), (status = 403)))]
async fn online_cases(State(s): State<AppState>, ApiUser(a): ApiUser) -> Result<Json<Value>, ApiError> {
    Ok(Json(all(app::portal::online_queue(&s.app, &a.actor).await?)))
}
