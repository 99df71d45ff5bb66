//! Form bodies of the console's pages: repeated keys allowed, every value free of control
//! characters, and a body that cannot be read answers with a 422 page instead of axum's
//! plain-text rejection.

use crate::respond::page::error_page;

/// A form body (repeated keys allowed); a body that cannot be read becomes a 422 page.
pub struct PageForm<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> axum::extract::FromRequest<S> for PageForm<T> {
    type Rejection = axum::response::Response;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        let unreadable = |why: &str| {
            error_page(axum::http::StatusCode::UNPROCESSABLE_ENTITY, "无法读取表单", &format!("提交的表单{why}，请返回重新填写。"), None)
        };
        let (parts, body) = req.into_parts();
        let req = axum::extract::Request::from_parts(parts.clone(), body);
        let bytes = axum::body::Bytes::from_request(req, state).await.map_err(|_| unreadable("过大或无法读取"))?;
        // Every value is checked before any use case reads it.
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
        if let Some((k, _)) = pairs.iter().find(|(k, v)| domain::text::has_control(k) || domain::text::has_control(v)) {
            return Err(unreadable(&format!("“{k}”一栏含有不可见的控制字符")));
        }
        let req = axum::extract::Request::from_parts(parts, axum::body::Body::from(bytes));
        match axum_extra::extract::Form::<T>::from_request(req, state).await {
            Ok(axum_extra::extract::Form(v)) => Ok(PageForm(v)),
            Err(_) => Err(unreadable("内容无法识别")),
        }
    }
}

/// An id from the query string or a form; anything else names no record.
pub fn query_id(v: Option<&str>, what: &'static str) -> app::Result<Option<i64>> {
    match v.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => s.parse().map(Some).map_err(|_| app::AppError::NotFound(what)),
    }
}

/// A yes/no select: `yes` or `no`, or nothing chosen.
pub fn yes_no(v: &str) -> Option<bool> {
    match v {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}
