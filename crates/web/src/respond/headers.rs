//! The security headers of every answer, and `Secure` on every cookie when the hall is served
//! over HTTPS. One layer for all, so that no page kind can miss them.
//!
//! - `Content-Security-Policy`: scripts, styles, images, fonts and connections from this origin
//!   only (no inline script or style anywhere: print buttons and styles live in `static/`);
//!   `frame-ancestors 'self'` — no other site may frame a page; the hall's own wall displays may
//!   tile the calling screen and the window terminal from this origin.
//! - `Referrer-Policy: same-origin` — follow codes and query codes in paths never leave the site.
//! - `Permissions-Policy` — no camera, microphone, location, payment or USB for any page.
//! - HTTPS: when the configured public URL is `https://…`, or the request came through a proxy on
//!   this host with `X-Forwarded-Proto: https`, every `Set-Cookie` gets `Secure`.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::state::AppState;

pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; \
     connect-src 'self'; media-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";
pub const REFERRER_POLICY: &str = "same-origin";
pub const PERMISSIONS_POLICY: &str = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";

/// Whether this request reached the hall over HTTPS.
fn over_https(s: &AppState, req: &Request) -> bool {
    if s.https {
        return true;
    }
    crate::extract::client::via_local_proxy(req.extensions())
        && req.headers().get("x-forwarded-proto").and_then(|v| v.to_str().ok()).is_some_and(|p| p.eq_ignore_ascii_case("https"))
}

/// Middleware: the headers above on every answer.
pub async fn security(State(s): State<AppState>, req: Request, next: Next) -> Response {
    let https = over_https(&s, &req);
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::REFERRER_POLICY, REFERRER_POLICY),
        (header::HeaderName::from_static("permissions-policy"), PERMISSIONS_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "SAMEORIGIN"),
    ] {
        h.entry(name).or_insert(HeaderValue::from_static(value));
    }
    if https {
        let cookies: Vec<HeaderValue> = h.get_all(header::SET_COOKIE).iter().cloned().collect();
        h.remove(header::SET_COOKIE);
        for c in cookies {
            let text = c.to_str().unwrap_or_default();
            let secure = text.split(';').any(|p| p.trim().eq_ignore_ascii_case("secure"));
            let v = if secure { c } else { HeaderValue::from_str(&format!("{text}; Secure")).unwrap_or(c) };
            h.append(header::SET_COOKIE, v);
        }
        h.entry(header::STRICT_TRANSPORT_SECURITY).or_insert(HeaderValue::from_static("max-age=31536000"));
    }
    res
}
