//! How errors leave the server: JSON `{"error":{"code","message","details"}}` for the API, an
//! error page for browsers. 5xx bodies are opaque; their cause is logged once, here.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

pub use app::AppError;

/// The HTTP status of an application error.
pub fn status_of(e: &AppError) -> StatusCode {
    match e {
        AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::NotFound(_) => StatusCode::NOT_FOUND,
        AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
        AppError::Forbidden(_) => StatusCode::FORBIDDEN,
        AppError::Conflict(_) | AppError::Transition { .. } => StatusCode::CONFLICT,
        AppError::Locked(_) => StatusCode::TOO_MANY_REQUESTS,
        AppError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// Logs an internal error once (with its whole chain of causes; the request's span adds the route
/// and request id, see [`crate::trace`]); returns the message that may be shown.
pub fn public_message(e: &AppError) -> String {
    if let Some(chain) = e.chain() {
        tracing::error!(error.cause = %chain, "internal error");
    }
    e.to_string()
}

/// An application error rendered as the API's JSON error shape.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = status_of(&self.0);
        let message = public_message(&self.0);
        let details = match &self.0 {
            AppError::Invalid(i) => json!({ "fields": i.fields }),
            AppError::Transition { allowed, .. } => json!({ "allowed": allowed }),
            _ => serde_json::Value::Null,
        };
        (status, Json(json!({"error": {"code": self.0.code(), "message": message, "details": details}}))).into_response()
    }
}

/// A JSON error with an explicit code and message (for failures before any use case runs).
pub fn api_error(status: StatusCode, code: &str, message: &str) -> Response {
    (status, Json(json!({"error": {"code": code, "message": message, "details": null}}))).into_response()
}

/// Unknown API route.
pub async fn api_not_found() -> Response {
    api_error(StatusCode::NOT_FOUND, "not_found", "接口不存在")
}

/// The response for a handler that panicked: opaque, logged once.
pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("handler panicked");
    api_error(StatusCode::INTERNAL_SERVER_ERROR, "internal", "系统内部错误")
}
