//! The whole HTTP surface: health, readiness and metrics, the `/api/v1` router with its OpenAPI
//! document, the pages, the static files, and the layers every request passes (caller
//! resolution, CSRF guard, metrics, body limit, the API's refusals in the house shape, panic
//! catcher, request span, security headers).

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::extract::auth;
use crate::extract::client::ClientAddr;
use crate::respond::error::{api_not_found, panic_response};
use crate::respond::page::not_found;
use crate::state::AppState;
use crate::{api, pages};

/// The whole HTTP surface.
pub fn router(state: AppState) -> Router {
    let (api_router, _) = api::openapi::router().split_for_parts();
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .route("/api/v1/openapi.json", get(api::openapi::openapi_json))
        .nest("/api/v1", api_router.fallback(api_not_found))
        .merge(pages::router::router())
        .route("/static/app.css", asset(CSS, include_str!("../static/app.css")))
        .route("/static/app.js", asset(JS, include_str!("../static/app.js")))
        .route("/static/counter.js", asset(JS, include_str!("../static/counter.js")))
        .route("/static/device.css", asset(CSS, include_str!("../static/device.css")))
        .route("/static/device.js", asset(JS, include_str!("../static/device.js")))
        .route("/static/fit.js", asset(JS, include_str!("../static/fit.js")))
        .route("/static/portal.css", asset(CSS, include_str!("../static/portal.css")))
        .route("/static/booking.css", asset(CSS, include_str!("../static/booking.css")))
        .route("/static/print.css", asset(CSS, include_str!("../static/print.css")))
        .route("/static/print.js", asset(JS, include_str!("../static/print.js")))
        .route("/static/file-pick.js", asset(JS, include_str!("../static/file-pick.js")))
        .route("/static/elder.css", asset(CSS, include_str!("../static/elder.css")))
        .route("/static/elder.js", asset(JS, include_str!("../static/elder.js")))
        .route("/static/favicon.svg", asset(SVG, include_str!("../static/favicon.svg")))
        .route("/favicon.ico", asset(SVG, include_str!("../static/favicon.svg")))
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), auth::csrf_guard))
        .layer(axum::middleware::from_fn_with_state(state.clone(), auth::resolve))
        .layer(axum::middleware::from_fn_with_state(state.clone(), track))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(12 * 1024 * 1024))
        .layer(axum::middleware::from_fn(crate::respond::reject::house_shape))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panic_response))
        .layer(axum::middleware::from_fn(crate::trace::request_span))
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::respond::headers::security))
        .with_state(state)
}

const CSS: &str = "text/css; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";
const SVG: &str = "image/svg+xml";

/// A static file of the crate, served with its type and an hour's caching.
fn asset(content_type: &'static str, body: &'static str) -> axum::routing::MethodRouter<AppState> {
    get(move || async move { ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "public, max-age=3600")], body) })
}

async fn readyz(State(s): State<AppState>) -> impl IntoResponse {
    if s.app.db.ping().await { (StatusCode::OK, "ready") } else { (StatusCode::SERVICE_UNAVAILABLE, "database unavailable") }
}

/// Counts a request and its latency (see [`crate::metrics`]).
async fn track(State(s): State<AppState>, req: Request, next: Next) -> Response {
    s.metrics.track(req, next).await
}

/// `GET /metrics`: with a configured token, for its bearer only; without one, for this host only
/// (a scraper on the same machine, or behind the local proxy).
async fn metrics(State(s): State<AppState>, ClientAddr(client): ClientAddr, headers: axum::http::HeaderMap) -> Response {
    let allowed = match &s.metrics_token {
        Some(t) => headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(|given| crate::extract::csrf::constant_eq(given, t)),
        None => client == "local" || client.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback()),
    };
    if !allowed {
        return (StatusCode::FORBIDDEN, "metrics are served to this host or to the configured token only").into_response();
    }
    let ready = s.app.db.ping().await;
    s.metrics.render(s.started.elapsed(), ready)
}

#[cfg(test)]
mod tests {
    /// Every template, by path and text.
    fn templates() -> Vec<(String, String)> {
        fn walk(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
            for e in std::fs::read_dir(dir).expect("templates dir") {
                let p = e.expect("entry").path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "html") {
                    out.push((p.display().to_string(), std::fs::read_to_string(&p).expect("template")));
                }
            }
        }
        let mut out = Vec::new();
        walk(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates"), &mut out);
        out
    }

    #[test]
    fn forms_speak_chinese_not_the_browsers_language() {
        let all = templates();
        assert!(all.len() > 50, "templates found: {}", all.len());
        for (path, text) in &all {
            // A required field would raise the browser's own (often English) bubble: the server's
            // Chinese message next to the field is what the user reads instead.
            if text.contains(" required") {
                for form in text.split("<form").skip(1) {
                    let tag = &form[..form.find('>').expect("form tag closes")];
                    assert!(tag.contains("novalidate"), "{path}: a form with required fields lacks novalidate: <form{tag}>");
                }
            }
            // A file input's native button reads in the browser's language: each sits in a «选择文件» label.
            for (i, _) in text.match_indices("type=\"file\"") {
                let before = &text[..i];
                let open = before.rfind("<label class=\"file-pick\">").unwrap_or(0);
                assert!(open > 0 && !before[open..].contains("</label>"), "{path}: a file input outside a file-pick label");
            }
        }
    }

    #[test]
    fn every_page_layout_names_the_favicon() {
        for (path, text) in templates() {
            if text.contains("<head>") {
                assert!(text.contains("rel=\"icon\" href=\"/static/favicon.svg\""), "{path}");
            }
        }
    }
}
