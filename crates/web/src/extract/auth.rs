//! Who is calling: a session cookie (`yc_session`, browsers), a bearer token (the same session
//! token from the login API, or an `api_…` integration token), or a device token (`dev_…`, hall
//! screens and kiosks). Resolved once per request into [`Auth`] in the request's extensions.
//!
//! CSRF: a request authenticated by cookie that changes state must carry the session's CSRF
//! token, as the `_csrf` form field, the `X-CSRF-Token` header, or (multipart uploads) the
//! `_csrf` query parameter. The login form uses a double-submit cookie instead.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};

use super::caller::{Auth, DeviceAuth, DeviceViaCookie};
use super::citizen::guards_itself;
use super::csrf::constant_eq;
use crate::respond::error::{ApiError, api_error};
use crate::respond::page::error_page;
use crate::state::AppState;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "yc_session";
/// Name of the cookie that binds a hall device's browser to its device token.
pub const DEVICE_COOKIE: &str = "yc_device";
/// The header device pages send with every change (a custom header cannot be sent cross-site
/// without a CORS preflight, which this server never grants: the device cookie's CSRF guard).
pub const DEVICE_HEADER: &str = "x-device-request";

/// Name of the login form's double-submit CSRF cookie.
pub const LOGIN_CSRF_COOKIE: &str = "yc_login_csrf";

/// The session cookie for a token: a browser-session cookie; the server expires it too.
pub fn session_cookie(token: String) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, token)).path("/").http_only(true).same_site(SameSite::Lax).build()
}

fn bearer(parts: &Parts) -> Option<&str> {
    parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ").map(str::trim)
}

/// Middleware: resolves the caller and stores [`Auth`] or [`DeviceAuth`] in the extensions.
pub async fn resolve(State(s): State<AppState>, req: Request, next: Next) -> Response {
    let (mut parts, body) = req.into_parts();
    let jar = CookieJar::from_headers(&parts.headers);
    let bearer_token = bearer(&parts).map(str::to_owned);
    let result = match bearer_token.as_deref() {
        Some(t) if t.starts_with("dev_") => match app::accounts::device(&s.app, t).await {
            Ok(Some(d)) => {
                parts.extensions.insert(DeviceAuth(d));
                Ok(())
            }
            Ok(None) => Ok(()),
            Err(e) => Err(e),
        },
        // Citizen tokens are resolved by the portal's own extractor (`extract::citizen`).
        Some(t) if t.starts_with("cit_") => Ok(()),
        Some(t) if t.starts_with("api_") => match app::accounts::api_token_actor(&s.app, t).await {
            Ok(Some(actor)) => {
                parts.extensions.insert(Auth { actor, csrf: String::new(), session_token: None, via_cookie: false, window_id: None });
                Ok(())
            }
            Ok(None) => Ok(()),
            Err(e) => Err(e),
        },
        Some(t) => session(&s, t, false, &mut parts).await,
        None => {
            let r = match jar.get(SESSION_COOKIE).map(|c| c.value().to_owned()) {
                Some(t) => session(&s, &t, true, &mut parts).await,
                None => Ok(()),
            };
            match (r, jar.get(DEVICE_COOKIE).map(|c| c.value().to_owned())) {
                (Ok(()), Some(t)) if t.starts_with("dev_") => match app::accounts::device(&s.app, &t).await {
                    Ok(Some(d)) => {
                        parts.extensions.insert(DeviceAuth(d));
                        parts.extensions.insert(DeviceViaCookie);
                        Ok(())
                    }
                    Ok(None) => Ok(()),
                    Err(e) => Err(e),
                },
                (r, _) => r,
            }
        }
    };
    if let Err(e) = result {
        return ApiError(e).into_response();
    }
    next.run(Request::from_parts(parts, body)).await
}

async fn session(s: &AppState, token: &str, via_cookie: bool, parts: &mut Parts) -> Result<(), app::AppError> {
    if let Some((actor, csrf, window_id)) = app::accounts::session_actor(&s.app, token).await? {
        parts.extensions.insert(Auth { actor, csrf, session_token: Some(token.to_owned()), via_cookie, window_id });
    }
    Ok(())
}

/// Middleware: refuses state-changing cookie requests without the right CSRF token.
pub async fn csrf_guard(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    // The citizen portal checks its own session's token (`extract::citizen`); staff authority is
    // never used there.
    if guards_itself(req.uri().path()) {
        return next.run(req).await;
    }
    let is_login_form = req.uri().path() == "/login";
    let expected = if is_login_form {
        CookieJar::from_headers(req.headers()).get(LOGIN_CSRF_COOKIE).map(|c| c.value().to_owned())
    } else {
        match req.extensions().get::<Auth>() {
            Some(a) if a.via_cookie => Some(a.csrf.clone()),
            None if req.extensions().get::<DeviceViaCookie>().is_some() => {
                return if req.headers().contains_key(DEVICE_HEADER) { next.run(req).await } else { csrf_failure(req.uri().path()) };
            }
            // Bearer callers and anonymous requests carry no ambient credentials.
            _ => return next.run(req).await,
        }
    };
    let Some(expected) = expected.filter(|e| !e.is_empty()) else {
        return csrf_failure(req.uri().path());
    };
    if let Some(h) = req.headers().get("x-csrf-token").and_then(|v| v.to_str().ok()) {
        return if constant_eq(h, &expected) { next.run(req).await } else { csrf_failure(req.uri().path()) };
    }
    if let Some(q) = req.uri().query()
        && let Some((_, v)) = form_urlencoded_pairs(q).into_iter().find(|(k, _)| k == "_csrf")
    {
        return if constant_eq(&v, &expected) { next.run(req).await } else { csrf_failure(req.uri().path()) };
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return csrf_failure(req.uri().path());
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 2 * 1024 * 1024).await else {
        return api_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", "提交的内容过大");
    };
    let ok = std::str::from_utf8(&bytes)
        .ok()
        .and_then(|s| form_urlencoded_pairs(s).into_iter().find(|(k, _)| k == "_csrf"))
        .is_some_and(|(_, v)| constant_eq(&v, &expected));
    if !ok {
        return csrf_failure(parts.uri.path());
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

fn form_urlencoded_pairs(s: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(s).unwrap_or_default()
}

fn csrf_failure(path: &str) -> Response {
    let msg = "页面已过期或来源不明（CSRF 校验失败），请刷新页面后重新提交";
    if path.starts_with("/api/") {
        api_error(StatusCode::FORBIDDEN, "csrf_failed", msg)
    } else {
        error_page(StatusCode::FORBIDDEN, "无法提交", msg, None)
    }
}
