//! The whole HTTP surface: health, readiness and metrics, the `/api/v1` router with its OpenAPI
//! document, the pages, the static files, and the layers every request passes (caller
//! resolution, CSRF guard, metrics, body limit, panic catcher, security headers).

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::extract::auth;
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
        .route(
            "/static/app.css",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
                    include_str!("../static/app.css"),
                )
            }),
        )
        .route(
            "/static/app.js",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
                    include_str!("../static/app.js"),
                )
            }),
        )
        .route(
            "/static/counter.js",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
                    include_str!("../static/counter.js"),
                )
            }),
        )
        .route(
            "/static/device.css",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
                    include_str!("../static/device.css"),
                )
            }),
        )
        .route(
            "/static/device.js",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
                    include_str!("../static/device.js"),
                )
            }),
        )
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), auth::csrf_guard))
        .layer(axum::middleware::from_fn_with_state(state.clone(), auth::resolve))
        .layer(axum::middleware::from_fn_with_state(state.clone(), track))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(12 * 1024 * 1024))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panic_response))
        .layer(tower_http::set_header::SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            header::HeaderValue::from_static("nosniff"),
        ))
        .layer(tower_http::set_header::SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            header::HeaderValue::from_static("SAMEORIGIN"),
        ))
        .with_state(state)
}

async fn readyz(State(s): State<AppState>) -> impl IntoResponse {
    if s.app.db.ping().await { (StatusCode::OK, "ready") } else { (StatusCode::SERVICE_UNAVAILABLE, "database unavailable") }
}

/// Counts a request and its latency (see [`crate::metrics`]).
async fn track(State(s): State<AppState>, req: Request, next: Next) -> Response {
    s.metrics.track(req, next).await
}

/// `GET /metrics`.
async fn metrics(State(s): State<AppState>) -> Response {
    let ready = s.app.db.ping().await;
    s.metrics.render(s.started.elapsed(), ready)
}
