//! The citizen portal's caller: a signed-in citizen (the `yc_citizen` cookie or a `cit_…` bearer
//! token) or nobody. A cookie-authenticated change must carry the citizen session's CSRF token
//! (`X-CSRF-Token` or the `_csrf` query parameter); the staff guard in [`super::auth`] leaves the
//! paths of [`guards_itself`] to this extractor.

use app::accounts::Citizen;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;

use super::csrf::constant_eq;
use crate::respond::error::{ApiError, api_error};
use crate::respond::page::error_page;
use crate::state::AppState;

/// The citizen's session cookie.
pub const CITIZEN_COOKIE: &str = "yc_citizen";
/// The portal login forms' double-submit CSRF cookie.
pub const PORTAL_CSRF_COOKIE: &str = "yc_portal_csrf";

/// Paths whose CSRF check is done here (with the citizen's token), not by the staff guard.
pub fn guards_itself(path: &str) -> bool {
    path == "/portal" || path.starts_with("/portal/") || path == "/progress" || path.starts_with("/api/v1/portal/")
}

fn query_csrf(parts: &Parts) -> Option<String> {
    let q = parts.uri.query()?;
    serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok()?.into_iter().find(|(k, _)| k == "_csrf").map(|(_, v)| v)
}

fn refuse(path: &str, status: StatusCode, code: &str, msg: &str) -> Response {
    if path.starts_with("/api/") { api_error(status, code, msg) } else { error_page(status, "无法提交", msg, None) }
}

/// The caller as the portal sees it: a signed-in citizen or nobody. Resolving it checks the CSRF
/// token of a cookie-authenticated change.
pub struct CitizenCtx {
    pub citizen: Option<Citizen>,
    pub token: Option<String>,
}

impl FromRequestParts<AppState> for CitizenCtx {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, s: &AppState) -> Result<Self, Self::Rejection> {
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| t.starts_with("cit_"))
            .map(str::to_owned);
        let via_cookie = bearer.is_none();
        let token = bearer.or_else(|| CookieJar::from_headers(&parts.headers).get(CITIZEN_COOKIE).map(|c| c.value().to_owned()));
        let citizen = match &token {
            Some(t) => app::portal::citizen(&s.app, t).await.map_err(|e| ApiError(e).into_response())?,
            None => None,
        };
        if via_cookie
            && !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS)
            && let Some(c) = &citizen
        {
            let given = parts.headers.get("x-csrf-token").and_then(|v| v.to_str().ok()).map(str::to_owned).or_else(|| query_csrf(parts));
            if !given.is_some_and(|g| constant_eq(&g, &c.csrf)) {
                // Inside the nested API router the path has lost its `/api/v1` prefix.
                let path = parts
                    .extensions
                    .get::<axum::extract::OriginalUri>()
                    .map_or_else(|| parts.uri.path().to_owned(), |u| u.path().to_owned());
                return Err(refuse(
                    &path,
                    StatusCode::FORBIDDEN,
                    "csrf_failed",
                    "页面已过期或来源不明（CSRF 校验失败），请刷新页面后重新提交",
                ));
            }
        }
        Ok(CitizenCtx { citizen, token })
    }
}
