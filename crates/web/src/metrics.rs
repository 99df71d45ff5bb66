//! Prometheus text metrics: request counts by status class and route group, latency sum,
//! requests in flight, uptime and database readiness.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Counters kept in memory for `/metrics`.
#[derive(Default)]
pub struct Metrics {
    by_class: [AtomicU64; 5],
    api: AtomicU64,
    pages: AtomicU64,
    latency_us_sum: AtomicU64,
    in_flight: AtomicU64,
}

impl Metrics {
    /// Counts a request and its latency.
    pub async fn track(&self, req: Request, next: Next) -> Response {
        let m = self;
        let is_api = req.uri().path().starts_with("/api/");
        let method = req.method().clone();
        let (req, path) = logged_path(req).await;
        m.in_flight.fetch_add(1, Ordering::Relaxed);
        let t = Instant::now();
        let res = next.run(req).await;
        let us = u64::try_from(t.elapsed().as_micros()).unwrap_or(u64::MAX);
        m.in_flight.fetch_sub(1, Ordering::Relaxed);
        m.latency_us_sum.fetch_add(us, Ordering::Relaxed);
        let class = usize::from(res.status().as_u16() / 100).clamp(1, 5) - 1;
        m.by_class[class].fetch_add(1, Ordering::Relaxed);
        if is_api { &m.api } else { &m.pages }.fetch_add(1, Ordering::Relaxed);
        let quiet = path == "/healthz" || path == "/readyz" || path == "/metrics" || path.starts_with("/static/");
        let status = res.status().as_u16();
        if status >= 500 {
            tracing::warn!(http.method = %method, http.path = %path, http.status = status, latency_ms = us / 1000, "{method} {path} {status}");
        } else if !quiet {
            tracing::info!(http.method = %method, http.path = %path, http.status = status, latency_ms = us / 1000, "{method} {path} {status}");
        }
        res
    }

    /// The Prometheus text of the counters, the uptime and whether the database answers.
    pub fn render(&self, uptime: Duration, database_up: bool) -> Response {
        let m = self;
        let mut out = String::new();
        out.push_str(
            "# HELP yichuang_http_requests_total HTTP requests answered, by status class.\n# TYPE yichuang_http_requests_total counter\n",
        );
        for (i, c) in m.by_class.iter().enumerate() {
            out.push_str(&format!("yichuang_http_requests_total{{class=\"{}xx\"}} {}\n", i + 1, c.load(Ordering::Relaxed)));
        }
        out.push_str("# HELP yichuang_http_requests_by_surface_total HTTP requests by surface.\n# TYPE yichuang_http_requests_by_surface_total counter\n");
        out.push_str(&format!("yichuang_http_requests_by_surface_total{{surface=\"api\"}} {}\n", m.api.load(Ordering::Relaxed)));
        out.push_str(&format!("yichuang_http_requests_by_surface_total{{surface=\"pages\"}} {}\n", m.pages.load(Ordering::Relaxed)));
        out.push_str("# HELP yichuang_http_request_duration_seconds_sum Total time spent answering requests.\n# TYPE yichuang_http_request_duration_seconds_sum counter\n");
        out.push_str(&format!("yichuang_http_request_duration_seconds_sum {:.6}\n", m.latency_us_sum.load(Ordering::Relaxed) as f64 / 1e6));
        out.push_str(
            "# HELP yichuang_http_requests_in_flight Requests being answered now.\n# TYPE yichuang_http_requests_in_flight gauge\n",
        );
        out.push_str(&format!("yichuang_http_requests_in_flight {}\n", m.in_flight.load(Ordering::Relaxed)));
        out.push_str("# HELP yichuang_uptime_seconds Seconds since the process started.\n# TYPE yichuang_uptime_seconds gauge\n");
        out.push_str(&format!("yichuang_uptime_seconds {:.0}\n", uptime.as_secs_f64()));
        let ready = u8::from(database_up);
        out.push_str("# HELP yichuang_database_up Whether the database answers.\n# TYPE yichuang_database_up gauge\n");
        out.push_str(&format!("yichuang_database_up {ready}\n"));
        ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], out).into_response()
    }
}

/// The path as it may be logged: the route pattern with each parameter filled in only when it is
/// an id (digits) or a plain word (`{action}`, `{date}` …); anything else (follow codes, query
/// codes, device tokens, file hashes) shows as `*`. Query strings are never logged; a path that
/// matched no route is logged as `(no route)` since it may be a mistyped secret.
pub(crate) async fn logged_path(req: Request) -> (Request, String) {
    use axum::extract::{FromRequestParts, MatchedPath, RawPathParams};
    let Some(route) = req.extensions().get::<MatchedPath>().map(|m| m.as_str().to_owned()) else {
        return (req, "(no route)".to_owned());
    };
    let (mut parts, body) = req.into_parts();
    let mut path = route;
    if let Ok(params) = RawPathParams::from_request_parts(&mut parts, &()).await {
        for (name, value) in &params {
            let shown = value.bytes().all(|b| b.is_ascii_digit()) || SHOWN_PARAMS.contains(&name);
            path = path.replace(&format!("{{{name}}}"), if shown { value } else { "*" });
        }
    }
    (Request::from_parts(parts, body), path)
}

/// Route parameters that never carry a secret.
const SHOWN_PARAMS: &[&str] = &["action", "kind", "group", "date", "year", "status"];

#[cfg(test)]
mod tests {
    use axum::Router;
    use axum::body::Body;
    use axum::extract::Request;
    use axum::http::HeaderValue;
    use axum::middleware::Next;
    use axum::response::Response;
    use axum::routing::get;
    use tower::ServiceExt;

    async fn echo_logged(req: Request, next: Next) -> Response {
        let (req, path) = super::logged_path(req).await;
        let mut res = next.run(req).await;
        res.headers_mut().insert("x-logged", HeaderValue::from_str(&path).unwrap());
        res
    }

    async fn logged(uri: &str) -> String {
        let router = Router::new()
            .route("/q/{code}", get(|| async { "" }))
            .route("/cases/{id}/scans/{sha}", get(|| async { "" }))
            .route("/api/v1/cases/{id}/{action}", get(|| async { "" }))
            .layer(axum::middleware::from_fn(echo_logged));
        let res = router.oneshot(axum::http::Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
        res.headers().get("x-logged").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_else(|| "(none)".to_owned())
    }

    #[tokio::test]
    async fn secrets_in_paths_never_reach_the_log() {
        assert_eq!(logged("/q/K7QX2M9P").await, "/q/*");
        assert_eq!(logged("/cases/12/scans/9f86d081884c7d65").await, "/cases/12/scans/*");
        assert_eq!(logged("/api/v1/cases/12/accept?query_code=123456").await, "/api/v1/cases/12/accept");
    }
}
