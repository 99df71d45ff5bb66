//! Shared fixtures: the demo, loaded once per test run and backend and copied for each test
//! (`testkit::fixture`), and requests through the router.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use store::Backend;
use testkit::TestDb;
use tower::ServiceExt;
use yichuang::demo::{DEMO_PASSWORD, DemoIds};

/// A loaded demo: its database, app, router and the ids of what it created.
pub struct Demo {
    pub t: TestDb,
    pub app: app::App,
    pub ids: DemoIds,
}

impl Demo {
    /// A copy of the loaded demo on `backend` (`None` when PostgreSQL is skipped).
    pub async fn on(backend: Backend) -> Option<Demo> {
        let (t, ids) = testkit::fixture::cloned(backend, "demo", async |t| {
            let app = testkit::app_on(&t);
            let ids = yichuang::demo::load(&app).await.expect("demo loads");
            (t, ids)
        })
        .await?;
        let app = testkit::app_on(&t);
        Some(Demo { t, app, ids })
    }

    /// A copy of the loaded demo on SQLite.
    pub async fn sqlite() -> Demo {
        Demo::on(Backend::Sqlite).await.expect("SQLite is always available")
    }

    pub fn router(&self) -> axum::Router {
        web::router(web::AppState::new(self.app.clone()))
    }

    /// Sends one request through a fresh router.
    pub async fn send(&self, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, String) {
        let res = self.router().oneshot(req).await.expect("router answers");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.expect("body reads").to_bytes();
        (status, headers, String::from_utf8_lossy(&bytes).into_owned())
    }

    /// A JSON request with an optional bearer token; returns status and parsed body (Null if empty).
    pub async fn json(&self, method: &str, path: &str, token: Option<&str>, body: Option<Value>) -> (StatusCode, Value) {
        let mut b = Request::builder().method(method).uri(path);
        if let Some(t) = token {
            b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        let req = match body {
            Some(v) => b.header(header::CONTENT_TYPE, "application/json").body(Body::from(v.to_string())),
            None => b.body(Body::empty()),
        }
        .expect("valid request");
        let (status, _, text) = self.send(req).await;
        (status, if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) })
    }

    /// Logs in through the API and returns the bearer token.
    pub async fn token(&self, username: &str) -> String {
        let (s, v) =
            self.json("POST", "/api/v1/auth/login", None, Some(serde_json::json!({"username": username, "password": DEMO_PASSWORD}))).await;
        assert_eq!(s, StatusCode::OK, "login of {username} failed: {v}");
        v["token"].as_str().expect("token").to_owned()
    }

    /// Number of audit entries.
    pub async fn audit_count(&self) -> usize {
        app::audit::list(&self.app, &app::Actor::system("test"), None, None, 100_000).await.expect("audit lists").len()
    }

    pub async fn cleanup(self) {
        self.t.cleanup().await;
    }
}

/// Runs `body` on the demo loaded into each available backend.
pub async fn on_demo<F, Fut>(body: F)
where
    F: Fn(Demo) -> Fut,
    Fut: std::future::Future<Output = Demo>,
{
    for b in [Backend::Sqlite, Backend::Postgres] {
        if let Some(d) = Demo::on(b).await {
            let d = body(d).await;
            d.cleanup().await;
        }
    }
}

/// The banner centre's site id.
pub fn centre(d: &Demo) -> i64 {
    d.ids.net.sites["wsq-zwzx"]
}
