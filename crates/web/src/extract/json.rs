//! JSON request parts of the API: a body whose rejection answers in the house error shape (and
//! whose every text is free of control characters), and the `?limit=&cursor=` of list routes.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::Response;
use serde::de::DeserializeOwned;

use crate::respond::error::api_error;
use crate::respond::reject::{field_error, json_data_error};

/// A JSON body whose rejection is reported in the house error shape, in Chinese.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<serde_json::Value>::from_request(req, state).await {
            Ok(Json(v)) => {
                if let Some(field) = control_in(&v, String::new()) {
                    return Err(control_refused(&field));
                }
                serde_path_to_error::deserialize(v).map(ApiJson).map_err(|e| json_data_error(&e.to_string()))
            }
            Err(JsonRejection::MissingJsonContentType(_)) => Err(api_error(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "请求体应为 JSON（Content-Type: application/json）",
            )),
            Err(JsonRejection::JsonSyntaxError(_)) => Err(api_error(StatusCode::BAD_REQUEST, "malformed_json", "请求体不是合法的 JSON")),
            Err(JsonRejection::JsonDataError(e)) => Err(json_data_error(&e.body_text())),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(api_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", "请求体超过本接口的大小上限"))
            }
            Err(_) => Err(api_error(StatusCode::BAD_REQUEST, "bad_request", "无法读取请求体，请重试")),
        }
    }
}

/// The path of the first text in `v` holding a control character ([`domain::text::has_control`]).
fn control_in(v: &serde_json::Value, at: String) -> Option<String> {
    use serde_json::Value;
    let join = |k: &str| if at.is_empty() { k.to_owned() } else { format!("{at}.{k}") };
    match v {
        Value::String(s) => domain::text::has_control(s).then_some(if at.is_empty() { "body".to_owned() } else { at }),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, x)| control_in(x, format!("{at}[{i}]"))),
        Value::Object(m) => m.iter().find_map(|(k, x)| {
            if domain::text::has_control(k) {
                Some(if at.is_empty() { "body".to_owned() } else { at.clone() })
            } else {
                control_in(x, join(k))
            }
        }),
        _ => None,
    }
}

/// The refusal of a request text holding a control character, naming the field.
fn control_refused(field: &str) -> Response {
    let message = format!("字段“{field}”含有不可见的控制字符，请删除后重新提交");
    field_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_input", field, &message)
}

/// `?limit=&cursor=` of list routes.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
pub struct PageQuery {
    /// At most this many items (1–500, default 50).
    #[serde(default, deserialize_with = "app::support::input::limit_500")]
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<i64>,
}

impl PageQuery {
    pub fn limit(&self) -> i64 {
        self.limit.unwrap_or(50)
    }
}
