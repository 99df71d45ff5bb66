//! Signing in and out of the console: `/login` (with a double-submit CSRF cookie, since there is
//! no session yet) and `/logout`.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use serde::Deserialize;

use crate::extract::auth::{LOGIN_CSRF_COOKIE, SESSION_COOKIE, session_cookie};
use crate::extract::caller::Auth;
use crate::extract::client::ClientAddr;
use crate::respond::error::{public_message, status_of};
use crate::respond::page::app_error_page;
use crate::respond::view::Chrome;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/login", get(login_form).post(login)).route("/logout", post(logout))
}

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
struct LoginPage {
    chrome: Option<Chrome>,
    csrf: String,
    next: String,
    username: String,
    error: Option<String>,
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
}

/// Only same-site paths may be redirected to after login.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/".to_owned(),
    }
}

fn login_csrf_cookie(token: String) -> Cookie<'static> {
    Cookie::build((LOGIN_CSRF_COOKIE, token)).path("/login").http_only(true).same_site(SameSite::Strict).build()
}

async fn login_form(jar: CookieJar, Query(q): Query<NextQuery>) -> Response {
    let csrf = app::accounts::new_token();
    let page = LoginPage { chrome: None, csrf: csrf.clone(), next: safe_next(q.next.as_deref()), username: String::new(), error: None };
    (jar.add(login_csrf_cookie(csrf)), page).into_response()
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

async fn login(
    State(s): State<AppState>,
    jar: CookieJar,
    ClientAddr(client): ClientAddr,
    axum::Form(f): axum::Form<LoginForm>,
) -> Response {
    match app::accounts::login_from(&s.app, &f.username, &f.password, &client).await {
        Ok(session) => {
            let jar = jar.add(session_cookie(session.token)).remove(Cookie::build(LOGIN_CSRF_COOKIE).path("/login"));
            (jar, Redirect::to(&safe_next(f.next.as_deref()))).into_response()
        }
        Err(e) => {
            let status = status_of(&e);
            let csrf = app::accounts::new_token();
            let page = LoginPage {
                chrome: None,
                csrf: csrf.clone(),
                next: safe_next(f.next.as_deref()),
                username: f.username.trim().to_owned(),
                error: Some(public_message(&e)),
            };
            (status, jar.add(login_csrf_cookie(csrf)), page).into_response()
        }
    }
}

async fn logout(State(s): State<AppState>, jar: CookieJar, auth: Option<axum::Extension<Auth>>) -> Response {
    if let Some(t) = auth.and_then(|a| a.0.session_token.clone())
        && let Err(e) = app::accounts::logout(&s.app, &t).await
    {
        return app_error_page(&e, None);
    }
    (jar.remove(Cookie::build(SESSION_COOKIE).path("/")), Redirect::to("/login")).into_response()
}
