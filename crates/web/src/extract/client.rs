//! The client's address, for throttles and rate limits: the TCP peer, or, when the peer is a
//! proxy on this host (loopback), the last address it appended to `X-Forwarded-For`. A request
//! served without connection info (an in-process test) is `local`.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

/// The address a request came from, as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAddr(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        let Some(peer) = peer else { return Ok(ClientAddr("local".to_owned())) };
        if via_local_proxy(&parts.extensions)
            && let Some(fwd) = parts.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok())
            && let Some(last) = fwd.rsplit(',').map(str::trim).find(|a| a.parse::<std::net::IpAddr>().is_ok())
        {
            return Ok(ClientAddr(last.to_owned()));
        }
        Ok(ClientAddr(peer.to_string()))
    }
}

/// Whether the request came through a proxy on this host (a loopback peer), whose forwarding
/// headers (`X-Forwarded-For`, `X-Forwarded-Proto`) are then trusted.
pub fn via_local_proxy(extensions: &axum::http::Extensions) -> bool {
    extensions.get::<ConnectInfo<SocketAddr>>().is_some_and(|c| c.0.ip().is_loopback())
}
