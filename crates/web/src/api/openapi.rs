//! The `/api/v1` router and its OpenAPI document: every feature's routes are declared with
//! `#[utoipa::path]` and collected here by `utoipa-axum`, so the document and the router come
//! from the same list.

use axum::Json;
use axum::response::{IntoResponse, Response};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use super::{
    accounts, appointments, audit, calendar, cases, catalog, devices, figures, org, outbox, portal, queue, ratings, supervision, workorders,
};
use crate::state::AppState;

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
        .merge(accounts::sessions::router())
        .merge(org::router())
        .merge(accounts::users::router())
        .merge(audit::router())
        .merge(catalog::router())
        .merge(calendar::router())
        .merge(queue::router())
        .merge(figures::queue::router())
        .merge(devices::router())
        .merge(outbox::router())
        .merge(appointments::router())
        .merge(cases::router())
        .merge(portal::router())
        .merge(supervision::router())
        .merge(ratings::router())
        .merge(workorders::router())
        .merge(figures::dashboard::router())
}

/// The OpenAPI document.
pub fn openapi() -> utoipa::openapi::OpenApi {
    router().split_for_parts().1
}

/// `GET /api/v1/openapi.json`.
pub async fn openapi_json() -> Response {
    Json(openapi()).into_response()
}
