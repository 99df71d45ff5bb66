//! The answer to a form post, in one place: the use case's result (usually a redirect with a
//! message), or — for invalid input — the form again with each problem beside its field and the
//! status 422, or the error page for any other failure. Also the generic form page's builder.

use app::AppError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::Invalid;

use super::page::app_error_page;
use super::view::{Field, FormPage, attach_errors, chrome};
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

impl FormPage {
    /// An empty form for `a` under the navigation entry `active`: `title`, posted to `action`,
    /// a "保存" button and the link `back` (label, address).
    pub fn new(
        a: &Auth,
        active: &'static str,
        title: impl Into<String>,
        action: impl Into<String>,
        back: (&'static str, String),
    ) -> FormPage {
        FormPage {
            chrome: Some(chrome(a, active)),
            title: title.into(),
            action: action.into(),
            csrf: a.csrf.clone(),
            fields: vec![],
            errors: vec![],
            submit: "保存",
            back_href: back.1,
            back_label: back.0,
            multipart: false,
        }
    }

    /// The form's fields and the problems listed above them.
    pub fn with(mut self, fields: Vec<Field>, errors: Vec<String>) -> FormPage {
        self.fields = fields;
        self.errors = errors;
        self
    }

    /// The form's fields with the problems of `inv` beside them (and all listed above).
    pub fn refill(self, mut fields: Vec<Field>, inv: &Invalid) -> FormPage {
        let errors = attach_errors(&mut fields, inv);
        self.with(fields, errors)
    }

    /// The label of the submit button.
    pub fn submit(mut self, label: &'static str) -> FormPage {
        self.submit = label;
        self
    }
}
