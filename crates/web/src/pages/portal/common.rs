//! What the portal's pages share: no-store answers, the messages of a refused request, who is
//! signed in, and the way to the login page.

use app::AppError;

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::extract::citizen::CitizenCtx;

pub(super) fn no_store(status: StatusCode, page: impl IntoResponse) -> Response {
    (status, [(header::CACHE_CONTROL, "no-store")], page).into_response()
}

/// The messages of a refused request and the status to answer with; other errors go on as they are.
pub(super) fn messages(e: AppError) -> Result<(StatusCode, Vec<String>), AppError> {
    let status = crate::respond::error::status_of(&e);
    match e {
        AppError::Invalid(inv) => Ok((status, inv.fields.into_iter().map(|f| f.message).collect())),
        AppError::Conflict(m) | AppError::Locked(m) | AppError::Unauthorized(m) => Ok((status, vec![m])),
        AppError::Transition { message, .. } => Ok((status, vec![message])),
        other => Err(other),
    }
}

pub(super) fn who_of(ctx: &CitizenCtx) -> (Option<String>, String) {
    match &ctx.citizen {
        Some(c) => (Some(c.phone_masked.clone()), c.csrf.clone()),
        None => (None, String::new()),
    }
}

pub(super) fn to_login(next: &str) -> Response {
    Redirect::to(&format!("/portal/login?next={}", urlencoding::encode(next))).into_response()
}

#[derive(Deserialize, Default)]
pub(super) struct DoneQuery {
    pub(super) done: Option<String>,
}
