//! The windows' pre-check of online applications (`/cases/online`) and the staff's view of their
//! files (`/cases/{id}/files/{sha}`); these use the staff guard.

use app::cases::ActionInput;
use app::portal::OnlineCaseItem;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};

use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::common::*;
use super::mine::file_response;
use crate::extract::caller::PageUser;
use crate::extract::form::PageForm;
use crate::respond::page::app_error_page;
use crate::respond::view::{Chrome, chrome};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/cases/online", get(online))
        .route("/cases/online/{id}/action", post(online_action))
        .route("/cases/{id}/files/{sha}", get(staff_file))
        .layer(axum::extract::DefaultBodyLimit::max(12 * 1024 * 1024))
}

// ---------------------------------------------------------------- the windows' pre-check

pub(super) struct OnlineCard {
    case: store::portal::PortalCaseRow,
    status_label: String,
    delivery_label: String,
    submitted: String,
    allowed: Vec<&'static str>,
    buttons: Vec<(&'static str, &'static str)>,
    materials: Vec<(store::cases::MaterialRow, &'static str)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "cases/online.html")]
pub(super) struct OnlinePage {
    chrome: Option<Chrome>,
    csrf: String,
    notice: Option<String>,
    error: Option<String>,
    cases: Vec<OnlineCard>,
}

pub(super) fn card(c: OnlineCaseItem) -> OnlineCard {
    let buttons =
        [("precheck", "预审通过"), ("receive", "接件"), ("accept", "受理")].into_iter().filter(|(a, _)| c.allowed.contains(a)).collect();
    OnlineCard {
        submitted: c.case.updated_at.with_timezone(&app::cst()).format("%m-%d %H:%M").to_string(),
        case: c.case,
        status_label: c.status_label,
        delivery_label: c.delivery_label,
        allowed: c.allowed,
        buttons,
        materials: c
            .materials
            .into_iter()
            .map(|m| {
                let l = app::portal::material_state_label(&m.state);
                (m, l)
            })
            .collect(),
    }
}

pub(super) async fn render_online(
    s: &AppState,
    a: &crate::extract::caller::Auth,
    notice: Option<String>,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    match app::portal::online_queue(&s.app, &a.actor).await {
        Ok(list) => no_store(
            status,
            OnlinePage {
                chrome: Some(chrome(a, "online")),
                csrf: a.csrf.clone(),
                notice,
                error,
                cases: list.into_iter().map(card).collect(),
            },
        ),
        Err(e) => app_error_page(&e, Some(a)),
    }
}

pub(super) async fn online(State(s): State<AppState>, PageUser(a): PageUser, Query(q): Query<DoneQuery>) -> Response {
    render_online(&s, &a, q.done, None, StatusCode::OK).await
}

#[derive(Deserialize, Default)]
pub(super) struct StaffActionForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    missing: String,
    #[serde(default)]
    reason: String,
}

pub(super) async fn online_action(
    State(s): State<AppState>,
    PageUser(a): PageUser,
    Path(id): Path<i64>,
    PageForm(f): PageForm<StaffActionForm>,
) -> Response {
    let input = ActionInput {
        action: f.action,
        reason: f.reason,
        missing: f.missing.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect(),
        ..ActionInput::default()
    };
    match app::cases::act(&s.app, &a.actor, id, &input).await {
        Ok(v) => {
            let msg = format!("办件 {} 已{}", v.case.case_no, v.status_label);
            Redirect::to(&format!("/cases/online?done={}", urlencoding::encode(&msg))).into_response()
        }
        Err(e) => match messages(e) {
            Ok((status, m)) => render_online(&s, &a, None, Some(m.join("；")), status).await,
            Err(e) => app_error_page(&e, Some(&a)),
        },
    }
}

pub(super) async fn staff_file(State(s): State<AppState>, PageUser(a): PageUser, Path((id, sha)): Path<(i64, String)>) -> Response {
    match app::portal::staff_scan(&s.app, &a.actor, id, &sha).await {
        Ok(x) => file_response(Ok(x)),
        Err(e) => app_error_page(&e, Some(&a)),
    }
}
