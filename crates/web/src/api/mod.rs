//! The `/api/v1` JSON API. Every route is declared with `#[utoipa::path]` and collected by
//! `utoipa-axum`, so the OpenAPI document and the router come from the same list.

mod accounts;
mod appointments;
mod audit;
mod auth;
mod calendar;
mod cases;
mod catalog;
mod figures;
mod kiosk;
mod org;
mod outbox;
mod portal;
mod queue;
mod queue_figures;
mod ratings;
mod supervision;
mod workorders;

pub use auth::session_cookie;

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::AppState;
use crate::error::api_error;

#[derive(OpenApi)]
#[openapi(
    info(title = "yichuang API", description = "一窗 政务服务中心平台 接口。错误统一为 {\"error\":{\"code\",\"message\",\"details\"}}；列表统一为 {\"items\",\"next_cursor\"}。认证：Authorization: Bearer <token>（登录接口返回的令牌或 api_ 开头的接口令牌；设备使用 dev_ 开头的设备令牌）。"),
    servers((url = "/api/v1")),
    tags(
        (name = "auth", description = "登录与会话"),
        (name = "org", description = "组织机构、部门、场所、区域、窗口、工作人员"),
        (name = "accounts", description = "账号、授权、设备令牌、接口令牌"),
        (name = "audit", description = "审计日志"),
        (name = "catalog", description = "事项库：事项、版本、进驻、统计"),
        (name = "calendar", description = "工作日历"),
        (name = "queue", description = "排队叫号：取号、叫号、窗口状态、实时事件"),
        (name = "outbox", description = "短信发件箱"),
        (name = "appointments", description = "预约：时段、预约、取消、签到、预约模板与设置"),
        (name = "cases", description = "办件：接件、受理、审查、决定、出件送达、时限与预警"),
        (name = "portal", description = "网上办事（不见面审批）：短信验证码登录、网上申请、补正、进度查询、窗口预审"),
        (name = "supervision", description = "效能监察：催办与答复、监察统计、进驻核查"),
        (name = "ratings", description = "好差评：一次一评、一事一评、差评整改、申诉复核、评价规则"),
        (name = "workorders", description = "工单：12345 热线、办不成事窗口，派单、签收、答复、回访、重办"),
        (name = "figures", description = "数据看板：目标指标、分组统计、趋势、窗口月度排名、Excel 导出"),
    )
)]
struct ApiDoc;

/// The API routes with their OpenAPI description.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(auth::router())
        .merge(org::router())
        .merge(accounts::router())
        .merge(audit::router())
        .merge(catalog::router())
        .merge(calendar::router())
        .merge(queue::router())
        .merge(queue_figures::router())
        .merge(kiosk::router())
        .merge(outbox::router())
        .merge(appointments::router())
        .merge(cases::router())
        .merge(portal::router())
        .merge(supervision::router())
        .merge(ratings::router())
        .merge(workorders::router())
        .merge(figures::router())
}

/// The OpenAPI document.
pub fn openapi() -> utoipa::openapi::OpenApi {
    router().split_for_parts().1
}

/// `GET /api/v1/openapi.json`.
pub async fn openapi_json() -> Response {
    Json(openapi()).into_response()
}

/// Unknown API route.
pub async fn not_found() -> Response {
    api_error(StatusCode::NOT_FOUND, "not_found", "接口不存在")
}

/// A JSON body whose rejection is reported in the house error shape, in Chinese.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(ApiJson(v)),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(api_error(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "请求体应为 JSON（Content-Type: application/json）",
            )),
            Err(JsonRejection::JsonSyntaxError(_)) => Err(api_error(StatusCode::BAD_REQUEST, "malformed_json", "请求体不是合法的 JSON")),
            Err(JsonRejection::JsonDataError(e)) => Err(api_error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_input",
                &format!(
                    "请求内容的字段类型不正确：{}",
                    e.body_text().replace("Failed to deserialize the JSON body into the target type: ", "")
                ),
            )),
            Err(e) => Err(api_error(StatusCode::BAD_REQUEST, "bad_request", &format!("无法读取请求体：{}", e.body_text()))),
        }
    }
}

/// `?limit=&cursor=` of list routes.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
pub struct PageQuery {
    /// At most this many items (1–500, default 50).
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<i64>,
}

impl PageQuery {
    pub fn limit(&self) -> i64 {
        self.limit.unwrap_or(50)
    }
}

/// A list that fits in one page.
pub fn all<T: serde::Serialize>(items: Vec<T>) -> serde_json::Value {
    serde_json::json!({ "items": items, "next_cursor": null })
}
