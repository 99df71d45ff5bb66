//! The answer to a form post, in one place: the use case's result (usually a redirect with a
//! message), or — for invalid input — the form again with each problem beside its field and the
//! status 422, or the error page for any other failure.

use app::AppError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::Invalid;

use super::page::app_error_page;
use crate::extract::caller::Auth;

/// A page answered with 422 Unprocessable Entity: the form again, with its problems.
pub fn unprocessable(page: impl IntoResponse) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
}

/// `done` with the use case's result; for invalid input the form `again` (422); any other
/// failure, or one while rendering the form again, as the error page.
pub async fn done_or_again<T, P: IntoResponse>(
    a: &Auth,
    r: app::Result<T>,
    done: impl FnOnce(T) -> Response,
    again: impl AsyncFnOnce(Invalid) -> app::Result<P>,
) -> Response {
    match r {
        Ok(v) => done(v),
        Err(AppError::Invalid(inv)) => match again(inv).await {
            Ok(p) => unprocessable(p),
            Err(e) => app_error_page(&e, Some(a)),
        },
        Err(e) => app_error_page(&e, Some(a)),
    }
}
