//! What the organisation pages share: the form page and its re-render after a failed save.

use app::AppError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::Invalid;

use crate::extract::caller::Auth;
use crate::respond::form::unprocessable;
use crate::respond::page::app_error_page;
use crate::respond::view::{Field, FormPage};

/// Renders `r`, or the error page for its failure.
pub(super) fn form_page(
    a: &Auth,
    active: &'static str,
    title: String,
    action: String,
    fields: Vec<Field>,
    errors: Vec<String>,
    back: (&'static str, String),
) -> FormPage {
    FormPage::new(a, active, title, action, back).with(fields, errors)
}

/// Re-renders a form with its errors (422), or shows the error page for other failures.
pub(super) fn form_failed(a: &Auth, e: AppError, render: impl FnOnce(&Invalid) -> FormPage) -> Response {
    match e {
        AppError::Invalid(inv) => unprocessable(render(&inv)),
        AppError::Conflict(msg) => {
            let inv = Invalid::one("_", msg);
            (StatusCode::CONFLICT, render(&inv)).into_response()
        }
        other => app_error_page(&other, Some(a)),
    }
}

pub(super) fn checked(b: bool) -> &'static str {
    if b { "on" } else { "" }
}
