//! The staff console's pages (Chinese). Forms post back to the same URL; invalid input re-renders
//! the form with each problem next to its field (422), success redirects with a message.

mod accounts;
mod appointments;
mod calendar;
mod cases;
mod catalog;
mod catalog_form;
mod catalog_io;
mod chart;
mod devices;
mod figures;
mod ladder;
mod org;
mod outbox;
pub(crate) mod portal;
mod queue;
mod ratings;
mod supervision;
pub(crate) mod view;
mod workorders;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use domain::access::Permission;
use serde::Deserialize;

use crate::AppState;
use crate::auth::{Auth, LOGIN_CSRF_COOKIE, PageUser, SESSION_COOKIE};
use view::{Chrome, chrome};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/login", get(login_form).post(login))
        .route("/logout", post(logout))
        .route("/admin/map", get(map))
        .merge(org::router())
        .merge(accounts::router())
        .merge(catalog::router())
        .merge(catalog_io::router())
        .merge(calendar::router())
        .merge(outbox::router())
        .merge(appointments::router())
        .merge(queue::router())
        .merge(cases::router())
        .merge(devices::router())
        .merge(ladder::router())
        .merge(portal::router())
        .merge(supervision::router())
        .merge(ratings::router())
        .merge(workorders::router())
        .merge(figures::router())
}

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
    let status = crate::error::status_of(e);
    let title = match status {
        StatusCode::FORBIDDEN => "无权访问",
        StatusCode::NOT_FOUND => "找不到页面",
        StatusCode::CONFLICT => "操作未完成",
        StatusCode::UNPROCESSABLE_ENTITY => "输入有误",
        s if s.is_server_error() => "系统繁忙",
        _ => "操作未完成",
    };
    error_page(status, title, &crate::error::public_message(e), auth.map(|a| chrome(a, "")))
}

/// Unknown routes: a 404 page (JSON under `/api/`).
pub async fn not_found(uri: Uri, auth: Option<axum::Extension<Auth>>) -> Response {
    if uri.path().starts_with("/api/") {
        return crate::api::not_found().await;
    }
    error_page(
        StatusCode::NOT_FOUND,
        "找不到页面",
        &format!("地址 {} 不存在，可能已被移动或输入有误。", uri.path()),
        auth.map(|a| chrome(&a.0, "")),
    )
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

async fn login(State(s): State<AppState>, jar: CookieJar, axum::Form(f): axum::Form<LoginForm>) -> Response {
    match app::accounts::login(&s.app, &f.username, &f.password).await {
        Ok(session) => {
            let jar = jar.add(crate::api::session_cookie(session.token)).remove(Cookie::build(LOGIN_CSRF_COOKIE).path("/login"));
            (jar, Redirect::to(&safe_next(f.next.as_deref()))).into_response()
        }
        Err(e) => {
            let status = crate::error::status_of(&e);
            let csrf = app::accounts::new_token();
            let page = LoginPage {
                chrome: None,
                csrf: csrf.clone(),
                next: safe_next(f.next.as_deref()),
                username: f.username.trim().to_owned(),
                error: Some(crate::error::public_message(&e)),
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

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Option<Chrome>,
    name: String,
    today: String,
    window: Option<String>,
    sites: usize,
    windows: i64,
    share: String,
    share_ok: bool,
    staff: usize,
    links: Vec<(&'static str, &'static str)>,
}

async fn home(State(s): State<AppState>, PageUser(a): PageUser) -> Response {
    let r = async {
        let sites = app::org::list_sites(&s.app, &a.actor).await?;
        let windows: i64 = sites.iter().map(|x| x.windows).sum();
        let comp: i64 = sites.iter().map(|x| x.comprehensive_windows).sum();
        let staff = app::org::list_staff(&s.app, &a.actor, None, None, 500).await?.items.len();
        let window = match a.window_id {
            Some(w) => app::org::get_window(&s.app, &a.actor, w).await.ok().map(|(w, _)| format!("{} {} 号窗口", w.site_name, w.number)),
            None => None,
        };
        Ok::<_, app::AppError>((sites.len(), windows, comp, staff, window))
    }
    .await;
    match r {
        Ok((sites, windows, comp, staff, window)) => {
            let share = view::percent(comp, windows);
            let chrome = chrome(&a, "home");
            let links = chrome.nav.iter().filter(|n| n.key != "home").map(|n| (n.href, n.label)).collect();
            HomePage {
                links,
                chrome: Some(chrome),
                name: a.actor.name.clone(),
                today: s.app.clock.today().format("%Y年%m月%d日").to_string(),
                window,
                sites,
                windows,
                share_ok: windows > 0 && comp * 100 >= windows * 80,
                share: share.unwrap_or_else(|| "—".to_owned()),
                staff,
            }
            .into_response()
        }
        Err(e) => app_error_page(&e, Some(&a)),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "map.html")]
struct MapPage {
    chrome: Option<Chrome>,
    nodes: Vec<view::MapNode>,
}

async fn map(State(s): State<AppState>, PageUser(a): PageUser) -> Response {
    if !a.actor.has(Permission::ViewOrg) {
        return app_error_page(&app::AppError::forbidden("查看场所地图"), Some(&a));
    }
    let r = async {
        Ok::<_, app::AppError>((app::org::list_org_units(&s.app, &a.actor).await?, app::org::list_sites(&s.app, &a.actor).await?))
    }
    .await;
    match r {
        Ok((units, sites)) => MapPage { chrome: Some(chrome(&a, "map")), nodes: view::map_nodes(&units, &sites) }.into_response(),
        Err(e) => app_error_page(&e, Some(&a)),
    }
}
