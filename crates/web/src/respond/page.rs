//! Error pages: one page for every refusal or failure a browser sees, and the 404 of unknown
//! routes (JSON under `/api/`).

use askama::Template;
use askama_web::WebTemplate;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use super::error::{api_not_found, public_message, status_of};
use super::view::{Chrome, chrome};
use crate::extract::caller::Auth;

#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    chrome: Option<Chrome>,
    title: &'a str,
    message: &'a str,
}

/// An error page with the given status.
pub fn error_page(status: StatusCode, title: &str, message: &str, chrome: Option<Chrome>) -> Response {
    (status, ErrorPage { chrome, title, message }).into_response()
}

/// The page for an application error.
pub fn app_error_page(e: &app::AppError, auth: Option<&Auth>) -> Response {
    let status = status_of(e);
    let title = match status {
        StatusCode::FORBIDDEN => "无权访问",
        StatusCode::NOT_FOUND => "找不到页面",
        StatusCode::CONFLICT => "操作未完成",
        StatusCode::UNPROCESSABLE_ENTITY => "输入有误",
        s if s.is_server_error() => "系统繁忙",
        _ => "操作未完成",
    };
    error_page(status, title, &public_message(e), auth.map(|a| chrome(a, "")))
}

/// A page, or the error page for the failure that prevented it.
pub fn page(a: &Auth, r: app::Result<Response>) -> Response {
    r.unwrap_or_else(|e| app_error_page(&e, Some(a)))
}

/// Unknown routes: a 404 page (JSON under `/api/`).
pub async fn not_found(uri: Uri, auth: Option<axum::Extension<Auth>>) -> Response {
    if uri.path().starts_with("/api/") {
        return api_not_found().await;
    }
    error_page(
        StatusCode::NOT_FOUND,
        "找不到页面",
        &format!("地址 {} 不存在，可能已被移动或输入有误。", uri.path()),
        auth.map(|a| chrome(&a.0, "")),
    )
}
