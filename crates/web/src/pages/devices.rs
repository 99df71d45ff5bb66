//! The hall's device pages and the public mobile pages, all driven live by the queue API and
//! its event stream (`static/device.js`):
//!
//! - `/device?token=dev_…` binds a browser to a device token (the `yc_device` cookie: HttpOnly,
//!   SameSite=Strict) and sends it to its page by kind: the kiosk (`/device/kiosk`), the hall's
//!   calling screen or LED board (`/device/screen`), the terminal above a window
//!   (`/device/terminal`), the rating pad facing the citizen (`/device/pad`).
//! - `/m/sites/{id}` takes a ticket from a phone; `/q/{code}` follows it (the code printed as a QR
//!   code on the ticket, `/q/{code}/qr.svg`) and rates the visit once it is done.
//!
//! Device pages never show a phone or ID number: they render only hall, window and ticket data.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;
use store::accounts::DeviceRow;

use crate::extract::auth::DEVICE_COOKIE;
use crate::extract::caller::DeviceAuth;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/device", get(enroll))
        .route("/device/kiosk", get(kiosk))
        .route("/device/screen", get(screen))
        .route("/device/terminal", get(terminal))
        .route("/device/pad", get(pad))
        .route("/device/photo", get(photo))
        .route("/m/sites/{id}", get(mobile))
        .route("/q/{code}", get(follow))
        .route("/q/{code}/qr.svg", get(follow_qr))
}

/// How long a device browser keeps its binding: 400 days, the longest browsers accept.
const DEVICE_COOKIE_DAYS: i64 = 400;

/// The page a device kind runs.
fn page_of(kind: &str) -> Option<&'static str> {
    match kind {
        "kiosk" => Some("/device/kiosk"),
        "calling_screen" | "led" => Some("/device/screen"),
        "window_terminal" => Some("/device/terminal"),
        "rating_pad" => Some("/device/pad"),
        _ => None,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "devices/error.html")]
struct DeviceErrorPage<'a> {
    title: &'a str,
    message: &'a str,
}

fn device_error(status: StatusCode, title: &str, message: &str) -> Response {
    (status, [(header::CACHE_CONTROL, "no-store")], DeviceErrorPage { title, message }).into_response()
}

fn not_bound() -> Response {
    device_error(
        StatusCode::UNAUTHORIZED,
        "设备未授权",
        "本设备的令牌无效或已被停用，请联系大厅管理员在“大厅设备”中重新发放令牌，并用新的设备链接打开本页。",
    )
}

fn app_error(e: &app::AppError) -> Response {
    let status = crate::respond::error::status_of(e);
    let title = if status == StatusCode::NOT_FOUND { "找不到页面" } else { "暂时无法显示" };
    device_error(status, title, &crate::respond::error::public_message(e))
}

#[derive(Deserialize)]
struct EnrollQuery {
    #[serde(default)]
    token: String,
}

/// Checks the token, remembers it in the device cookie and opens the device's page.
async fn enroll(State(s): State<AppState>, Query(q): Query<EnrollQuery>) -> Response {
    let token = q.token.trim();
    // Only what may stand in a cookie value unquoted (real tokens are `dev_` + URL-safe base64).
    if !token.starts_with("dev_") || token.len() > 200 || !token.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return not_bound();
    }
    let device = match app::accounts::device(&s.app, token).await {
        Ok(Some(d)) => d,
        Ok(None) => return not_bound(),
        Err(e) => return app_error(&e),
    };
    let Some(page) = page_of(&device.kind) else {
        return device_error(StatusCode::NOT_FOUND, "没有对应的页面", "该类设备没有浏览器页面，请按设备说明接入。");
    };
    let cookie = format!("{DEVICE_COOKIE}={token}; Path=/; Max-Age={}; HttpOnly; SameSite=Strict", DEVICE_COOKIE_DAYS * 86_400);
    ([(header::SET_COOKIE, cookie), (header::CACHE_CONTROL, "no-store".to_owned())], Redirect::to(page)).into_response()
}

/// A page extractor: the device bound to this browser by its cookie, or the device error page.
struct PageDevice(DeviceRow);

impl<S: Send + Sync> FromRequestParts<S> for PageDevice {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<DeviceAuth>().map(|d| PageDevice(d.0.clone())).ok_or_else(not_bound)
    }
}

/// What every device page knows about its device (data attributes for the script).
struct DeviceView {
    site_id: i64,
    site_name: String,
    window_id: i64,
    window_no: String,
    /// The site's and the window's names in traditional Mongolian script (blank when not entered).
    site_name_mn: String,
    window_name_mn: String,
}

impl DeviceView {
    fn of(d: &DeviceRow, (site_name_mn, window_name_mn): (String, String)) -> DeviceView {
        DeviceView {
            site_id: d.site_id,
            site_name: d.site_name.clone(),
            window_id: d.window_id.unwrap_or(0),
            window_no: d.window_number.clone().unwrap_or_default(),
            site_name_mn,
            window_name_mn,
        }
    }
}

/// The device's Mongolian names (none rather than no page when they cannot be read).
async fn names(s: &AppState, d: &DeviceRow) -> (String, String) {
    match app::org::device_names(&s.app, d.site_id, d.window_id).await {
        Ok((site, window)) => (site.unwrap_or_default(), window.unwrap_or_default()),
        Err(e) => {
            tracing::warn!("device {}: Mongolian names unreadable: {e}", d.id);
            (String::new(), String::new())
        }
    }
}

/// Serves the page of `path` if it is the device's own; sends any other device to its page.
async fn own_page(s: &AppState, d: &DeviceRow, path: &str, render: impl FnOnce(DeviceView) -> Response) -> Response {
    match page_of(&d.kind) {
        Some(p) if p == path => {
            let mut res = render(DeviceView::of(d, names(s, d).await));
            res.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
            res
        }
        Some(p) => Redirect::to(p).into_response(),
        None => not_bound(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "devices/kiosk.html")]
struct KioskPage {
    d: DeviceView,
    levels: &'static [(i64, &'static str)],
    /// The reasons of a bad rating of a case (the online form).
    bad_reasons: &'static [(&'static str, &'static str)],
}

#[derive(Template, WebTemplate)]
#[template(path = "devices/screen.html")]
struct ScreenPage {
    d: DeviceView,
}

#[derive(Template, WebTemplate)]
#[template(path = "devices/terminal.html")]
struct TerminalPage {
    d: DeviceView,
}

/// The on-site form's reasons for a bad rating (a 1–2 rating must say what went wrong).
const BAD_REASONS: &[(&str, &str)] = domain::ratings::reasons(domain::ratings::Mode::Onsite, 1);
const CASE_BAD_REASONS: &[(&str, &str)] = domain::ratings::reasons(domain::ratings::Mode::Online, 1);

#[derive(Template, WebTemplate)]
#[template(path = "devices/pad.html")]
struct PadPage {
    d: DeviceView,
    levels: &'static [(i64, &'static str)],
    /// What went wrong, asked after a 1–2 rating (差评须选原因).
    bad_reasons: &'static [(&'static str, &'static str)],
}

async fn kiosk(State(s): State<AppState>, PageDevice(d): PageDevice) -> Response {
    own_page(&s, &d, "/device/kiosk", |d| KioskPage { d, levels: app::queue::LEVELS, bad_reasons: CASE_BAD_REASONS }.into_response()).await
}

async fn screen(State(s): State<AppState>, PageDevice(d): PageDevice) -> Response {
    own_page(&s, &d, "/device/screen", |d| ScreenPage { d }.into_response()).await
}

async fn terminal(State(s): State<AppState>, PageDevice(d): PageDevice) -> Response {
    own_page(&s, &d, "/device/terminal", |d| TerminalPage { d }.into_response()).await
}

async fn pad(State(s): State<AppState>, PageDevice(d): PageDevice) -> Response {
    own_page(&s, &d, "/device/pad", |d| PadPage { d, levels: app::queue::LEVELS, bad_reasons: BAD_REASONS }.into_response()).await
}

/// The photo of whoever serves at the terminal's window today.
async fn photo(State(s): State<AppState>, PageDevice(d): PageDevice) -> Response {
    match app::devices::window_staff_photo(&s.app, &d).await {
        Ok((bytes, ct)) => {
            ([(header::CONTENT_TYPE, ct), (header::CACHE_CONTROL, "private, max-age=300".to_owned())], bytes).into_response()
        }
        Err(e) => (crate::respond::error::status_of(&e), "").into_response(),
    }
}

// ---------------------------------------------------------------- public mobile pages

#[derive(Template, WebTemplate)]
#[template(path = "devices/mobile.html")]
struct MobilePage {
    site: app::devices::PublicSite,
}

/// Takes a ticket from a phone.
async fn mobile(State(s): State<AppState>, Path(id): Path<i64>) -> Response {
    match app::devices::public_site(&s.app, id).await {
        Ok(site) => MobilePage { site }.into_response(),
        Err(e) => app_error(&e),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "devices/follow.html")]
struct FollowPage {
    code: String,
    f: app::queue::FollowView,
    levels: &'static [(i64, &'static str)],
    bad_reasons: &'static [(&'static str, &'static str)],
}

/// Follows a ticket: position in line, then the window, then the rating.
async fn follow(State(s): State<AppState>, Path(code): Path<String>) -> Response {
    match app::queue::follow(&s.app, &code).await {
        Ok(f) => {
            let page = FollowPage { code: code.trim().to_owned(), f, levels: app::queue::LEVELS, bad_reasons: BAD_REASONS };
            ([(header::CACHE_CONTROL, "no-store")], page).into_response()
        }
        Err(e) => app_error(&e),
    }
}

/// The ticket's QR code (SVG) opening its follow page, on the host the kiosk reached.
async fn follow_qr(State(s): State<AppState>, headers: HeaderMap, Path(code): Path<String>) -> Response {
    let code = code.trim();
    if let Err(e) = app::queue::follow(&s.app, code).await {
        return (crate::respond::error::status_of(&e), "").into_response();
    }
    let host = headers
        .get("x-forwarded-host")
        .or_else(|| headers.get(header::HOST))
        .and_then(|v| v.to_str().ok())
        .filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']')))
        .unwrap_or("localhost");
    let scheme = match headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()) {
        Some("https") => "https",
        _ => "http",
    };
    let url = format!("{scheme}://{host}/q/{code}");
    match qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M) {
        Ok(qr) => {
            let svg = qr.render::<qrcode::render::svg::Color<'_>>().min_dimensions(240, 240).quiet_zone(true).build();
            ([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "private, max-age=86400")], svg).into_response()
        }
        Err(e) => {
            tracing::error!(error.cause = %e, "qr code not rendered");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
