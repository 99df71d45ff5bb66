//! Who is calling, as handlers see it: the resolved staff caller ([`Auth`]) or hall device
//! ([`DeviceAuth`]) that [`super::auth::resolve`] put in the request's extensions, and the
//! extractors that demand one (401 in the house JSON shape for the API, a redirect to the login
//! page for pages) or take whichever is there ([`AnyCaller`]).

use std::convert::Infallible;

use app::queue::Caller;
use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};

use crate::extract::client::ClientAddr;
use crate::respond::error::api_error;

/// A resolved staff caller.
#[derive(Clone, Debug)]
pub struct Auth {
    pub actor: app::Actor,
    /// The session's CSRF token (cookie and bearer sessions; not API tokens).
    pub csrf: String,
    /// The session token, for logout.
    pub session_token: Option<String>,
    /// Whether the caller came by cookie (so CSRF applies).
    pub via_cookie: bool,
    /// The window the caller sits at today.
    pub window_id: Option<i64>,
}

/// A resolved hall device.
#[derive(Clone, Debug)]
pub struct DeviceAuth(pub store::accounts::DeviceRow);

/// Marks a request whose device was resolved from the device cookie.
#[derive(Clone, Copy, Debug)]
pub struct DeviceViaCookie;

/// Extractor for API handlers: the signed-in staff caller, or 401 in the house JSON shape.
pub struct ApiUser(pub Auth);

impl<S: Send + Sync> FromRequestParts<S> for ApiUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Auth>()
            .cloned()
            .map(ApiUser)
            .ok_or_else(|| api_error(StatusCode::UNAUTHORIZED, "unauthorized", "请先登录（会话无效或已过期）"))
    }
}

/// Extractor for API handlers called by a hall device.
pub struct ApiDevice(pub DeviceAuth);

impl<S: Send + Sync> FromRequestParts<S> for ApiDevice {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<DeviceAuth>()
            .cloned()
            .map(ApiDevice)
            .ok_or_else(|| api_error(StatusCode::UNAUTHORIZED, "unauthorized", "设备令牌无效或已被吊销"))
    }
}

/// Extractor for pages: the signed-in user, or a redirect to the login page.
pub struct PageUser(pub Auth);

impl<S: Send + Sync> FromRequestParts<S> for PageUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<Auth>() {
            Some(a) => Ok(PageUser(a.clone())),
            None => {
                let next = parts.uri.path_and_query().map_or("/", |p| p.as_str());
                Err(Redirect::to(&format!("/login?next={}", urlencoding::encode(next))).into_response())
            }
        }
    }
}

/// Whoever is calling: staff, a hall device, or nobody (the public mobile page).
pub struct AnyCaller {
    pub staff: Option<Auth>,
    pub device: Option<DeviceAuth>,
    /// The client address a public caller is counted by.
    pub client: ClientAddr,
}

impl AnyCaller {
    pub fn caller(&self) -> Caller<'_> {
        match (&self.staff, &self.device) {
            (Some(a), _) => Caller::Staff(&a.actor),
            (None, Some(d)) => Caller::Device(&d.0),
            (None, None) => Caller::Public(&self.client.0),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for AnyCaller {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Ok(client) = ClientAddr::from_request_parts(parts, state).await;
        Ok(AnyCaller { staff: parts.extensions.get::<Auth>().cloned(), device: parts.extensions.get::<DeviceAuth>().cloned(), client })
    }
}
