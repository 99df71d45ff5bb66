//! HTTP for yichuang: the `/api/v1` JSON API (with its OpenAPI document), the staff console's
//! pages (askama, Chinese), health and metrics. Handlers are thin: extract, call one `app::`
//! function, render. Authentication resolves a session cookie or a bearer token once per request
//! ([`auth`]); cookie-authenticated form posts must carry the session's CSRF token.

pub mod api;
pub mod auth;
pub mod error;
pub mod metrics;
pub mod pages;

use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    pub app: app::App,
    pub metrics: Arc<metrics::Metrics>,
    pub started: Instant,
}

impl AppState {
    pub fn new(app: app::App) -> AppState {
        AppState { app, metrics: Arc::new(metrics::Metrics::default()), started: Instant::now() }
    }
}

/// The whole HTTP surface.
pub fn router(state: AppState) -> Router {
    let (api_router, _) = api::router().split_for_parts();
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics::render))
        .route("/api/v1/openapi.json", get(api::openapi_json))
        .nest("/api/v1", api_router.fallback(api::not_found))
        .merge(pages::router())
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
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), auth::csrf_guard))
        .layer(axum::middleware::from_fn_with_state(state.clone(), auth::resolve))
        .layer(axum::middleware::from_fn_with_state(state.clone(), metrics::track))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(12 * 1024 * 1024))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(error::panic_response))
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
