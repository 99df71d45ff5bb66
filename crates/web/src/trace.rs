//! One tracing span per request, carrying a request id and the matched route, so that every log
//! line a request causes (an internal error's cause above all) says which request and which route
//! it came from. The id is answered in `x-request-id` for a person to quote to the operator; a
//! well-formed id set by the proxy in front (nginx `$request_id`) is kept. The route is the route
//! pattern (`/api/v1/cases/{id}`), never the path or query string, which may hold personal data.

use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::{MatchedPath, Request};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

/// The request and response header of the request id.
pub const REQUEST_ID: &str = "x-request-id";

/// A prefix that tells this process's ids from another's (seconds since the epoch at start).
static PREFIX: LazyLock<String> =
    LazyLock::new(|| format!("{:x}", SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)));
static NEXT: AtomicU64 = AtomicU64::new(1);

/// An id given by the proxy in front, when it looks like one (1–64 of `[A-Za-z0-9_-]`).
fn given_id(req: &Request) -> Option<String> {
    let v = req.headers().get(REQUEST_ID)?.to_str().ok()?;
    let ok = !v.is_empty() && v.len() <= 64 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    ok.then(|| v.to_owned())
}

/// The layer's function: runs the request inside its span and answers the id.
pub async fn request_span(req: Request, next: Next) -> Response {
    let id = given_id(&req).unwrap_or_else(|| format!("{}-{}", *PREFIX, NEXT.fetch_add(1, Ordering::Relaxed)));
    let route = req.extensions().get::<MatchedPath>().map(|m| m.as_str().to_owned()).unwrap_or_else(|| "(no route)".to_owned());
    let span = tracing::info_span!("request", id = %id, method = %req.method(), route = %route);
    let mut res = next.run(req).instrument(span).await;
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(REQUEST_ID, v);
    }
    res
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use axum::Router;
    use axum::body::Body;
    use axum::http::Request;
    use axum::response::IntoResponse;
    use axum::routing::get;
    use tower::ServiceExt;

    use crate::respond::error::ApiError;

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    async fn failing() -> axum::response::Response {
        let cause = std::io::Error::other("disk on fire");
        ApiError(app::AppError::internal("writing the export", cause)).into_response()
    }

    #[test]
    fn an_internal_error_is_logged_with_its_cause_route_and_request_id() {
        let out = Captured::default();
        let writer = out.clone();
        let subscriber = tracing_subscriber::fmt().with_ansi(false).with_writer(move || writer.clone()).finish();
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let (status, id) = tracing::subscriber::with_default(subscriber, || {
            rt.block_on(async {
                let router = Router::new().route("/api/v1/things/{id}", get(failing)).layer(axum::middleware::from_fn(super::request_span));
                let res = router
                    .oneshot(Request::get("/api/v1/things/110105199001011234?phone=13800138000").body(Body::empty()).unwrap())
                    .await
                    .unwrap();
                (res.status(), res.headers().get(super::REQUEST_ID).unwrap().to_str().unwrap().to_owned())
            })
        });
        assert_eq!(status, 500);
        let log = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
        assert!(log.contains("internal error"), "{log}");
        assert!(log.contains("disk on fire") && log.contains("writing the export"), "the cause and its context: {log}");
        assert!(log.contains("route=/api/v1/things/{id}"), "the route pattern: {log}");
        assert!(log.contains(&format!("id={id}")), "the answered request id: {log}");
        assert!(!log.contains("110105199001011234") && !log.contains("13800138000"), "never the path or query: {log}");
    }

    #[test]
    fn a_well_formed_id_from_the_proxy_is_kept_and_a_bad_one_replaced() {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let router = Router::new().route("/x", get(|| async { "ok" })).layer(axum::middleware::from_fn(super::request_span));
            let res =
                router.clone().oneshot(Request::get("/x").header("x-request-id", "abc-123").body(Body::empty()).unwrap()).await.unwrap();
            assert_eq!(res.headers()["x-request-id"], "abc-123");
            let res = router.oneshot(Request::get("/x").header("x-request-id", "a b<script>").body(Body::empty()).unwrap()).await.unwrap();
            let id = res.headers()["x-request-id"].to_str().unwrap();
            assert!(id != "a b<script>" && !id.is_empty());
        });
    }
}
