//! JSON request parts of the API: a body whose rejection answers in the house error shape, and
//! the `?limit=&cursor=` of list routes.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::Response;
use serde::de::DeserializeOwned;

use crate::respond::error::api_error;

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
