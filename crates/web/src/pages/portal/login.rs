//! Signing in to the portal (`/portal/login`: phone + SMS code) and out. The login forms use a
//! double-submit cookie, since there is no citizen session yet.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use serde::Deserialize;

use super::common::*;
use crate::extract::citizen::{CITIZEN_COOKIE, CitizenCtx, PORTAL_CSRF_COOKIE};
use crate::extract::client::ClientAddr;
use crate::extract::csrf::constant_eq;
use crate::extract::form::PageForm;
use crate::respond::page::app_error_page;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/portal/login", get(login_form).post(login))
        .route("/portal/login/code", post(send_code))
        .route("/portal/logout", post(logout))
        .layer(axum::extract::DefaultBodyLimit::max(12 * 1024 * 1024))
}

// ---------------------------------------------------------------- login

#[derive(Template, WebTemplate)]
#[template(path = "portal/login.html")]
pub(super) struct LoginPage {
    who: Option<String>,
    csrf: String,
    form_csrf: String,
    next: String,
    phone: String,
    sent: Option<String>,
    errors: Vec<String>,
    /// The demo's gateway shows texts in clear: the page says where.
    demo: bool,
}

#[derive(Deserialize, Default)]
pub(super) struct NextQuery {
    next: Option<String>,
}

/// Only portal paths may be returned to after login.
pub(super) fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with("/portal") && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/portal/mine".to_owned(),
    }
}

pub(super) fn login_cookie(token: String) -> Cookie<'static> {
    Cookie::build((PORTAL_CSRF_COOKIE, token)).path("/portal").http_only(true).same_site(SameSite::Strict).build()
}

pub(super) fn login_page(
    st: &AppState,
    jar: CookieJar,
    status: StatusCode,
    next: String,
    phone: String,
    sent: Option<String>,
    errors: Vec<String>,
) -> Response {
    let form_csrf = app::accounts::new_token();
    let demo = st.demo_sms.is_some();
    let page = LoginPage { who: None, csrf: String::new(), form_csrf: form_csrf.clone(), next, phone, sent, errors, demo };
    (status, [(header::CACHE_CONTROL, "no-store")], jar.add(login_cookie(form_csrf)), page).into_response()
}

pub(super) async fn login_form(State(s): State<AppState>, ctx: CitizenCtx, jar: CookieJar, Query(q): Query<NextQuery>) -> Response {
    if ctx.citizen.is_some() {
        return Redirect::to(&safe_next(q.next.as_deref())).into_response();
    }
    login_page(&s, jar, StatusCode::OK, safe_next(q.next.as_deref()), String::new(), None, vec![])
}

/// The login forms' double-submit check: the `_csrf` query parameter equals the cookie.
pub(super) fn login_csrf_ok(jar: &CookieJar, q: &CsrfQuery) -> bool {
    match (jar.get(PORTAL_CSRF_COOKIE), q.csrf.as_deref()) {
        (Some(c), Some(v)) => !v.is_empty() && constant_eq(c.value(), v),
        _ => false,
    }
}

#[derive(Deserialize, Default)]
pub(super) struct CsrfQuery {
    #[serde(rename = "_csrf")]
    csrf: Option<String>,
}

#[derive(Deserialize, Default)]
pub(super) struct CodeForm {
    #[serde(default)]
    phone: String,
    #[serde(default)]
    code: String,
    next: Option<String>,
}

/// Where to go after signing in, or the refusal when the form's token is not this browser's.
fn checked_next(s: &AppState, jar: &CookieJar, q: &CsrfQuery, f: &CodeForm) -> Result<String, Box<Response>> {
    let next = safe_next(f.next.as_deref());
    if login_csrf_ok(jar, q) {
        return Ok(next);
    }
    let expired = vec!["页面已过期，请重新获取验证码".to_owned()];
    Err(Box::new(login_page(s, jar.clone(), StatusCode::FORBIDDEN, next, f.phone.clone(), None, expired)))
}

pub(super) async fn send_code(
    State(s): State<AppState>,
    ClientAddr(client): ClientAddr,
    jar: CookieJar,
    Query(q): Query<CsrfQuery>,
    PageForm(f): PageForm<CodeForm>,
) -> Response {
    let next = match checked_next(&s, &jar, &q, &f) {
        Ok(next) => next,
        Err(refused) => return *refused,
    };
    match app::portal::request_code(&s.app, &f.phone, &client).await {
        Ok(sent) => {
            let msg = format!("验证码已发送至 {}，{} 分钟内有效", sent.phone_masked, sent.valid_minutes);
            login_page(&s, jar, StatusCode::OK, next, f.phone.trim().to_owned(), Some(msg), vec![])
        }
        Err(e) => match messages(e) {
            Ok((status, errors)) => login_page(&s, jar, status, next, f.phone, None, errors),
            Err(e) => app_error_page(&e, None),
        },
    }
}

pub(super) async fn login(
    State(s): State<AppState>,
    jar: CookieJar,
    Query(q): Query<CsrfQuery>,
    PageForm(f): PageForm<CodeForm>,
) -> Response {
    let next = match checked_next(&s, &jar, &q, &f) {
        Ok(next) => next,
        Err(refused) => return *refused,
    };
    match app::portal::verify_code(&s.app, &f.phone, &f.code).await {
        Ok(session) => {
            let cookie = Cookie::build((CITIZEN_COOKIE, session.token)).path("/").http_only(true).same_site(SameSite::Lax).build();
            let jar = jar.add(cookie).remove(Cookie::build(PORTAL_CSRF_COOKIE).path("/portal"));
            (jar, Redirect::to(&next)).into_response()
        }
        Err(e) => match messages(e) {
            Ok((status, errors)) => {
                let sent = Some("请重新输入验证码，或重新获取".to_owned());
                login_page(&s, jar, status, next, f.phone.trim().to_owned(), sent, errors)
            }
            Err(e) => app_error_page(&e, None),
        },
    }
}

pub(super) async fn logout(State(s): State<AppState>, ctx: CitizenCtx, jar: CookieJar) -> Response {
    if let Some(t) = &ctx.token
        && let Err(e) = app::portal::logout(&s.app, t).await
    {
        return app_error_page(&e, None);
    }
    (jar.remove(Cookie::build(CITIZEN_COOKIE).path("/")), Redirect::to("/portal")).into_response()
}
