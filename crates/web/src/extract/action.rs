//! The `/{id}/{action}` tail of a page path: the record's id and one of a feature's actions.
//! An unknown action is the page's "not found", shown with the signed-in user's navigation.

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};

use crate::extract::caller::Auth;
use crate::respond::page::app_error_page;

/// An action a page path can name.
pub trait PathAction: Sized {
    /// What the action is called in the "not found" message (e.g. “工单操作”).
    const WHAT: &'static str;
    fn from_path(s: &str) -> Option<Self>;
}

/// Extractor: `Path<(i64, String)>` with the second segment parsed as `A`.
pub struct ActionPath<A>(pub i64, pub A);

impl<S: Send + Sync, A: PathAction> FromRequestParts<S> for ActionPath<A> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path((id, action)) = Path::<(i64, String)>::from_request_parts(parts, state).await.map_err(IntoResponse::into_response)?;
        A::from_path(&action)
            .map(|a| ActionPath(id, a))
            .ok_or_else(|| app_error_page(&app::AppError::NotFound(A::WHAT), parts.extensions.get::<Auth>()))
    }
}
