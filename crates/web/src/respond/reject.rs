//! Every `/api/v1` refusal in the house shape, in Chinese: the JSON body's type errors name the
//! field ([`json_data_error`]), and whatever an extractor or a layer answered in plain text
//! (path and query parameters, the body limit, a wrong method) is rewritten by [`house_shape`].

use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::respond::error::api_error;

/// A refusal naming one field, as `details.fields` like the use cases' own.
pub(crate) fn field_error(status: StatusCode, code: &str, field: &str, message: &str) -> Response {
    let body = json!({"error": {"code": code, "message": format!("输入有误：{message}"), "details": {"fields": [{"field": field, "message": message}]}}});
    (status, axum::Json(body)).into_response()
}

/// What a serde message means, in Chinese, for the field at `field`.
pub fn serde_message(field: &str, msg: &str) -> String {
    let msg = msg.split(" at line ").next().unwrap_or(msg).trim();
    let name = if field.is_empty() { "请求内容".to_owned() } else { format!("字段“{field}”") };
    if msg.starts_with("missing field") {
        return format!("{name}为必填项");
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let expected = rest.split(", expected ").nth(1).unwrap_or_default();
        return format!("{name}的类型不正确，应为{}", expected_label(expected));
    }
    if msg.starts_with("invalid digit") || msg.starts_with("cannot parse integer") || msg.contains("number too large") {
        return format!("{name}应为整数");
    }
    if msg.starts_with("invalid value") {
        let expected = msg.split(", expected ").nth(1).unwrap_or_default();
        return format!("{name}的值不正确，应为{}", expected_label(expected));
    }
    if let Some(e) = msg.strip_prefix("data did not match any variant of untagged enum ") {
        // The shared input layer's number-or-text and flag shapes (`app::support::input`).
        let label = match e.trim() {
            "NumOrText" => "整数",
            "BoolOrText" => " true 或 false",
            _ => return format!("{name}的类型不正确"),
        };
        return format!("{name}的类型不正确，应为{label}");
    }
    if msg.starts_with("unknown variant") {
        return format!("{name}的取值不在可选范围内");
    }
    if msg.starts_with("provided string was not `true` or `false`") {
        return format!("{name}应为 true 或 false");
    }
    // A message of our own deserializers is already Chinese.
    if msg.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
        return format!("{name}：{msg}");
    }
    format!("{name}的值不正确")
}

fn expected_label(expected: &str) -> &'static str {
    let e = expected.trim();
    if e.contains("bool") {
        " true 或 false"
    } else if ["i64", "i32", "u32", "u64", "u16", "u8", "integer"].iter().any(|t| e.contains(t)) {
        "整数"
    } else if e.contains("f64") || e.contains("f32") || e.contains("number") {
        "数字"
    } else if e.contains("string") || e.contains("date") || e.contains("char") {
        "文本"
    } else if e.contains("sequence") || e.contains("array") || e.contains("tuple") {
        "数组"
    } else {
        "对象"
    }
}

/// `field: message` of a deserializer that knows the path (serde_path_to_error), or the message
/// alone at the root; a missing field names itself.
fn split_path(text: &str) -> (String, String) {
    let (path, msg) = match text.split_once(": ") {
        Some((p, m)) if !p.contains(' ') => (p.to_owned(), m.to_owned()),
        _ => (String::new(), text.to_owned()),
    };
    if let Some(name) = msg.strip_prefix("missing field `").and_then(|r| r.split('`').next()) {
        let full = if path.is_empty() || path == "." { name.to_owned() } else { format!("{path}.{name}") };
        return (full, msg);
    }
    (if path == "." { String::new() } else { path }, msg)
}

/// The refusal of a JSON body whose shape or types are wrong (axum's `JsonDataError` text).
pub fn json_data_error(text: &str) -> Response {
    let text = text.strip_prefix("Failed to deserialize the JSON body into the target type: ").unwrap_or(text);
    let (field, msg) = split_path(text);
    field_error(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
        if field.is_empty() { "body" } else { &field },
        &serde_message(&field, &msg),
    )
}

/// Middleware over the whole router (outside the body limit): an `/api/v1` error answered as
/// anything but JSON gets the house shape, and a page refusal answered in plain text (an
/// extractor's or a layer's) becomes the Chinese error page, so a browser never sees a raw status.
pub async fn house_shape(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    let status = res.status();
    let kind = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let ours = kind.starts_with("application/json") || (!api && kind.starts_with("text/html"));
    if !(status.is_client_error() || status.is_server_error()) || ours {
        return res;
    }
    let bytes = axum::body::to_bytes(res.into_body(), 64 * 1024).await.unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes);
    if api {
        return rewrite(status, text.trim());
    }
    let r = translate(status, text.trim());
    let (status, message) = (r.status, r.message);
    let title = if status.is_server_error() { "系统繁忙" } else { "请求有误" };
    crate::respond::page::error_page(status, title, &format!("{message}。请返回上一页重新选择，或从导航进入。"), None)
}

/// A plain-text refusal read in Chinese: its status, code and message, and the field it names.
struct Refusal {
    status: StatusCode,
    code: &'static str,
    message: String,
    field: Option<String>,
}

fn translate(status: StatusCode, text: &str) -> Refusal {
    let plain = |status, code, message: &str| Refusal { status, code, message: message.to_owned(), field: None };
    if let Some(q) = text.strip_prefix("Failed to deserialize query string: ") {
        let (field, msg) = split_path(q);
        let field = if field.is_empty() { "query".to_owned() } else { field };
        let message = serde_message(&field, &msg).replacen("字段", "查询参数", 1);
        return Refusal { status: StatusCode::UNPROCESSABLE_ENTITY, code: "invalid_input", message, field: Some(field) };
    }
    if let Some(p) = text.strip_prefix("Invalid URL: ") {
        let value = p.split('`').nth(1).unwrap_or_default();
        return plain(StatusCode::BAD_REQUEST, "bad_path", &format!("路径中的“{value}”不是有效的编号，应为整数"));
    }
    match status {
        StatusCode::PAYLOAD_TOO_LARGE => plain(status, "payload_too_large", "请求体超过本接口的大小上限"),
        StatusCode::METHOD_NOT_ALLOWED => plain(status, "method_not_allowed", "该接口不支持此请求方法"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => plain(status, "unsupported_media_type", "请求体的类型不受支持"),
        StatusCode::NOT_FOUND => plain(status, "not_found", "接口不存在"),
        s if s.is_server_error() => plain(s, "internal", "系统内部错误"),
        s => plain(s, "bad_request", "请求格式有误"),
    }
}

/// The API's answer for a plain-text refusal: the house JSON error shape.
fn rewrite(status: StatusCode, text: &str) -> Response {
    let r = translate(status, text);
    match &r.field {
        Some(f) => field_error(r.status, r.code, f, &r.message),
        None => api_error(r.status, r.code, &r.message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_of(r: Response) -> serde_json::Value {
        let rt = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
        let bytes = rt.block_on(axum::body::to_bytes(r.into_body(), 1 << 16)).expect("body");
        serde_json::from_slice(&bytes).expect("json")
    }

    #[test]
    fn type_errors_name_the_field_in_chinese() {
        assert_eq!(
            serde_message("active", "invalid type: string \"yes\", expected a boolean at line 1 column 14"),
            "字段“active”的类型不正确，应为 true 或 false"
        );
        assert_eq!(serde_message("org_unit_id", "invalid type: sequence, expected i64"), "字段“org_unit_id”的类型不正确，应为整数");
        let (f, m) = split_path("missing field `action` at line 1 column 2");
        assert_eq!((f.as_str(), serde_message(&f, &m).as_str()), ("action", "字段“action”为必填项"));
        let (f, m) = split_path("applicant.kind: invalid type: integer `3`, expected a string at line 1 column 20");
        assert_eq!((f.as_str(), serde_message(&f, &m).as_str()), ("applicant.kind", "字段“applicant.kind”的类型不正确，应为文本"));
    }

    #[test]
    fn plain_text_refusals_become_the_house_shape() {
        let v = body_of(rewrite(StatusCode::BAD_REQUEST, "Failed to deserialize query string: cursor: invalid digit found in string"));
        assert_eq!(v["error"]["details"]["fields"][0]["field"], "cursor");
        assert_eq!(v["error"]["details"]["fields"][0]["message"], "查询参数“cursor”应为整数");
        let v = body_of(rewrite(StatusCode::BAD_REQUEST, "Invalid URL: Cannot parse `abc` to a `i64`"));
        assert_eq!(
            (v["error"]["code"].as_str(), v["error"]["message"].as_str()),
            (Some("bad_path"), Some("路径中的“abc”不是有效的编号，应为整数"))
        );
        let v = body_of(rewrite(StatusCode::PAYLOAD_TOO_LARGE, "length limit exceeded"));
        assert_eq!(v["error"]["code"], "payload_too_large");
    }
}
