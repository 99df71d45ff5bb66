//! The citizen portal (不见面审批): `/portal` (items open to online application), `/portal/login`
//! (phone + SMS code), `/portal/items/{id}` (guide summary and the application form with uploads),
//! `/portal/mine` (my applications: submit, withdraw, resubmit after a supplement request), the
//! public `/progress` (case number + query code), and the windows' `/cases/online` pre-check list.
//!
//! The citizen's session is the `yc_citizen` cookie (HttpOnly, SameSite=Lax) or a `cit_…` bearer
//! token. A cookie-authenticated change must carry the session's CSRF token (`X-CSRF-Token` or the
//! `_csrf` query parameter, which every portal form puts in its action); the login forms use a
//! double-submit cookie. The staff guard in [`crate::auth`] leaves these paths to this module:
//! nothing here acts with a staff member's authority except `/cases/…`, which uses the staff guard.

use std::collections::HashMap;

use app::AppError;
use app::accounts::Citizen;
use app::cases::{ActionInput, MaterialInput};
use app::portal::{ApplyInput, CitizenActionInput, DeliveryChoice, OnlineApplicant, OnlineCaseItem, OnlineItem, PortalCase};
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{FromRequestParts, Multipart, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use serde::Deserialize;

use super::view::{Chrome, PageForm, chrome};
use super::{app_error_page, error_page};
use crate::AppState;
use crate::auth::PageUser;

/// The citizen's session cookie.
pub const CITIZEN_COOKIE: &str = "yc_citizen";
/// The portal login forms' double-submit CSRF cookie.
pub const PORTAL_CSRF_COOKIE: &str = "yc_portal_csrf";

/// Paths whose CSRF check is done here (with the citizen's token), not by the staff guard.
pub fn guards_itself(path: &str) -> bool {
    path == "/portal" || path.starts_with("/portal/") || path == "/progress" || path.starts_with("/api/v1/portal/")
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/portal", get(list))
        .route("/portal/login", get(login_form).post(login))
        .route("/portal/login/code", post(send_code))
        .route("/portal/logout", post(logout))
        .route("/portal/items/{id}", get(item).post(apply))
        .route("/portal/mine", get(mine))
        .route("/portal/cases/{id}/action", post(citizen_action))
        .route("/portal/cases/{id}/resubmit", post(resubmit))
        .route("/portal/cases/{id}/files/{sha}", get(citizen_file))
        .route("/progress", get(progress_form).post(progress))
        .route("/rate", post(rate))
        .route("/public/ratings", get(public_ratings))
        .route("/cases/online", get(online))
        .route("/cases/online/{id}/action", post(online_action))
        .route("/cases/{id}/files/{sha}", get(staff_file))
        .layer(axum::extract::DefaultBodyLimit::max(12 * 1024 * 1024))
}

fn constant_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn query_csrf(parts: &Parts) -> Option<String> {
    let q = parts.uri.query()?;
    serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok()?.into_iter().find(|(k, _)| k == "_csrf").map(|(_, v)| v)
}

fn refuse(path: &str, status: StatusCode, code: &str, msg: &str) -> Response {
    if path.starts_with("/api/") { crate::error::api_error(status, code, msg) } else { error_page(status, "无法提交", msg, None) }
}

/// The caller as the portal sees it: a signed-in citizen or nobody. Resolving it checks the CSRF
/// token of a cookie-authenticated change.
pub struct CitizenCtx {
    pub citizen: Option<Citizen>,
    pub token: Option<String>,
}

impl FromRequestParts<AppState> for CitizenCtx {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, s: &AppState) -> Result<Self, Self::Rejection> {
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| t.starts_with("cit_"))
            .map(str::to_owned);
        let via_cookie = bearer.is_none();
        let token = bearer.or_else(|| CookieJar::from_headers(&parts.headers).get(CITIZEN_COOKIE).map(|c| c.value().to_owned()));
        let citizen = match &token {
            Some(t) => app::portal::citizen(&s.app, t).await.map_err(|e| crate::error::ApiError(e).into_response())?,
            None => None,
        };
        if via_cookie
            && !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS)
            && let Some(c) = &citizen
        {
            let given = parts.headers.get("x-csrf-token").and_then(|v| v.to_str().ok()).map(str::to_owned).or_else(|| query_csrf(parts));
            if !given.is_some_and(|g| constant_eq(&g, &c.csrf)) {
                // Inside the nested API router the path has lost its `/api/v1` prefix.
                let path = parts
                    .extensions
                    .get::<axum::extract::OriginalUri>()
                    .map_or_else(|| parts.uri.path().to_owned(), |u| u.path().to_owned());
                return Err(refuse(
                    &path,
                    StatusCode::FORBIDDEN,
                    "csrf_failed",
                    "页面已过期或来源不明（CSRF 校验失败），请刷新页面后重新提交",
                ));
            }
        }
        Ok(CitizenCtx { citizen, token })
    }
}

fn no_store(status: StatusCode, page: impl IntoResponse) -> Response {
    (status, [(header::CACHE_CONTROL, "no-store")], page).into_response()
}

/// The messages of a refused request and the status to answer with; other errors go on as they are.
fn messages(e: AppError) -> Result<(StatusCode, Vec<String>), AppError> {
    let status = crate::error::status_of(&e);
    match e {
        AppError::Invalid(inv) => Ok((status, inv.fields.into_iter().map(|f| f.message).collect())),
        AppError::Conflict(m) | AppError::Locked(m) | AppError::Unauthorized(m) => Ok((status, vec![m])),
        AppError::Transition { message, .. } => Ok((status, vec![message])),
        other => Err(other),
    }
}

fn who_of(ctx: &CitizenCtx) -> (Option<String>, String) {
    match &ctx.citizen {
        Some(c) => (Some(c.phone_masked.clone()), c.csrf.clone()),
        None => (None, String::new()),
    }
}

fn to_login(next: &str) -> Response {
    Redirect::to(&format!("/portal/login?next={}", urlencoding::encode(next))).into_response()
}

// ---------------------------------------------------------------- items

#[derive(Template, WebTemplate)]
#[template(path = "portal/list.html")]
struct ListPage {
    who: Option<String>,
    csrf: String,
    q: String,
    items: Vec<OnlineItem>,
}

#[derive(Deserialize, Default)]
struct SearchQuery {
    #[serde(default)]
    q: String,
}

async fn list(State(s): State<AppState>, ctx: CitizenCtx, Query(q): Query<SearchQuery>) -> Response {
    let (who, csrf) = who_of(&ctx);
    match app::portal::list_items(&s.app, &q.q).await {
        Ok(items) => no_store(StatusCode::OK, ListPage { who, csrf, q: q.q.trim().to_owned(), items }),
        Err(e) => app_error_page(&e, None),
    }
}

// ---------------------------------------------------------------- login

#[derive(Template, WebTemplate)]
#[template(path = "portal/login.html")]
struct LoginPage {
    who: Option<String>,
    csrf: String,
    form_csrf: String,
    next: String,
    phone: String,
    sent: Option<String>,
    errors: Vec<String>,
}

#[derive(Deserialize, Default)]
struct NextQuery {
    next: Option<String>,
}

/// Only portal paths may be returned to after login.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with("/portal") && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/portal/mine".to_owned(),
    }
}

fn login_cookie(token: String) -> Cookie<'static> {
    Cookie::build((PORTAL_CSRF_COOKIE, token)).path("/portal").http_only(true).same_site(SameSite::Strict).build()
}

fn login_page(jar: CookieJar, status: StatusCode, next: String, phone: String, sent: Option<String>, errors: Vec<String>) -> Response {
    let form_csrf = app::accounts::new_token();
    let page = LoginPage { who: None, csrf: String::new(), form_csrf: form_csrf.clone(), next, phone, sent, errors };
    (status, [(header::CACHE_CONTROL, "no-store")], jar.add(login_cookie(form_csrf)), page).into_response()
}

async fn login_form(ctx: CitizenCtx, jar: CookieJar, Query(q): Query<NextQuery>) -> Response {
    if ctx.citizen.is_some() {
        return Redirect::to(&safe_next(q.next.as_deref())).into_response();
    }
    login_page(jar, StatusCode::OK, safe_next(q.next.as_deref()), String::new(), None, vec![])
}

/// The login forms' double-submit check: the `_csrf` query parameter equals the cookie.
fn login_csrf_ok(jar: &CookieJar, q: &CsrfQuery) -> bool {
    match (jar.get(PORTAL_CSRF_COOKIE), q.csrf.as_deref()) {
        (Some(c), Some(v)) => !v.is_empty() && constant_eq(c.value(), v),
        _ => false,
    }
}

#[derive(Deserialize, Default)]
struct CsrfQuery {
    #[serde(rename = "_csrf")]
    csrf: Option<String>,
}

#[derive(Deserialize, Default)]
struct CodeForm {
    #[serde(default)]
    phone: String,
    #[serde(default)]
    code: String,
    next: Option<String>,
}

async fn send_code(State(s): State<AppState>, jar: CookieJar, Query(q): Query<CsrfQuery>, PageForm(f): PageForm<CodeForm>) -> Response {
    let next = safe_next(f.next.as_deref());
    if !login_csrf_ok(&jar, &q) {
        return login_page(jar, StatusCode::FORBIDDEN, next, f.phone, None, vec!["页面已过期，请重新获取验证码".to_owned()]);
    }
    match app::portal::request_code(&s.app, &f.phone).await {
        Ok(sent) => {
            let msg = format!("验证码已发送至 {}，{} 分钟内有效", sent.phone_masked, sent.valid_minutes);
            login_page(jar, StatusCode::OK, next, f.phone.trim().to_owned(), Some(msg), vec![])
        }
        Err(e) => match messages(e) {
            Ok((status, errors)) => login_page(jar, status, next, f.phone, None, errors),
            Err(e) => app_error_page(&e, None),
        },
    }
}

async fn login(State(s): State<AppState>, jar: CookieJar, Query(q): Query<CsrfQuery>, PageForm(f): PageForm<CodeForm>) -> Response {
    let next = safe_next(f.next.as_deref());
    if !login_csrf_ok(&jar, &q) {
        return login_page(jar, StatusCode::FORBIDDEN, next, f.phone, None, vec!["页面已过期，请重新获取验证码".to_owned()]);
    }
    match app::portal::verify_code(&s.app, &f.phone, &f.code).await {
        Ok(session) => {
            let cookie = Cookie::build((CITIZEN_COOKIE, session.token)).path("/").http_only(true).same_site(SameSite::Lax).build();
            let jar = jar.add(cookie).remove(Cookie::build(PORTAL_CSRF_COOKIE).path("/portal"));
            (jar, Redirect::to(&next)).into_response()
        }
        Err(e) => match messages(e) {
            Ok((status, errors)) => {
                let sent = Some("请重新输入验证码，或重新获取".to_owned());
                login_page(jar, status, next, f.phone.trim().to_owned(), sent, errors)
            }
            Err(e) => app_error_page(&e, None),
        },
    }
}

async fn logout(State(s): State<AppState>, ctx: CitizenCtx, jar: CookieJar) -> Response {
    if let Some(t) = &ctx.token
        && let Err(e) = app::portal::logout(&s.app, t).await
    {
        return app_error_page(&e, None);
    }
    (jar.remove(Cookie::build(CITIZEN_COOKIE).path("/")), Redirect::to("/portal")).into_response()
}

// ---------------------------------------------------------------- applying

struct MaterialSlot {
    position: i64,
    name: String,
    required: bool,
    rongque: bool,
    sha: String,
    rongque_on: bool,
    promise: String,
}

/// What the form held, to show again after a refusal.
#[derive(Default)]
struct Filled {
    kind: String,
    name: String,
    id_number: String,
    credit_code: String,
    site_id: i64,
    delivery_mode: String,
    address: String,
    recipient: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/item.html")]
struct ItemPage {
    who: Option<String>,
    csrf: String,
    who_masked: String,
    signed_in: bool,
    item: OnlineItem,
    materials: Vec<MaterialSlot>,
    deliveries: Vec<(String, String)>,
    f: Filled,
    errors: Vec<String>,
}

fn item_page(ctx: &CitizenCtx, item: OnlineItem, f: Filled, fields: &HashMap<String, String>, errors: Vec<String>) -> ItemPage {
    let (who, csrf) = who_of(ctx);
    let materials = item
        .materials
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let pos = i64::try_from(i).unwrap_or(0) + 1;
            MaterialSlot {
                position: pos,
                name: m.name.clone(),
                required: m.required,
                rongque: m.rongque,
                sha: fields.get(&format!("sha_{pos}")).cloned().unwrap_or_default(),
                rongque_on: fields.contains_key(&format!("rongque_{pos}")),
                promise: fields.get(&format!("promise_{pos}")).cloned().unwrap_or_default(),
            }
        })
        .collect();
    let deliveries = item
        .delivery
        .iter()
        .map(|d| {
            let label = match d.as_str() {
                "mail" => "邮寄送达",
                "electronic" => "电子证照 / 电子送达",
                _ => "窗口自取",
            };
            (d.clone(), label.to_owned())
        })
        .collect();
    ItemPage { who_masked: who.clone().unwrap_or_default(), signed_in: who.is_some(), who, csrf, item, materials, deliveries, f, errors }
}

async fn item(State(s): State<AppState>, ctx: CitizenCtx, Path(id): Path<i64>) -> Response {
    match app::portal::get_item(&s.app, id).await {
        Ok(item) => {
            let f = Filled {
                site_id: item.sites.first().map_or(0, |x| x.id),
                delivery_mode: item.delivery.iter().find(|d| *d == "electronic").or(item.delivery.first()).cloned().unwrap_or_default(),
                ..Filled::default()
            };
            no_store(StatusCode::OK, item_page(&ctx, item, f, &HashMap::new(), vec![]))
        }
        Err(e) => app_error_page(&e, None),
    }
}

/// Reads a multipart form: text fields, and each non-empty `file_{n}` stored as a scan (its sha256
/// written back as `sha_{n}`). Upload refusals are returned as messages.
async fn read_form(s: &AppState, mut mp: Multipart) -> Result<(HashMap<String, String>, Vec<String>), AppError> {
    let mut fields = HashMap::new();
    let mut errors = Vec::new();
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => return Err(domain::Invalid::one("file", "上传内容无法识别或超过大小上限，请重新选择文件").into()),
        };
        let name = field.name().unwrap_or_default().to_owned();
        if let Some(pos) = name.strip_prefix("file_") {
            let bytes =
                field.bytes().await.map_err(|_| AppError::from(domain::Invalid::one("file", "文件读取失败或超过 10 MB，请重试")))?;
            if bytes.is_empty() {
                continue;
            }
            match app::support::uploads::store_scan(&s.app, &format!("materials[{pos}]"), &bytes).await {
                Ok(scan) => {
                    fields.insert(format!("sha_{pos}"), scan.sha256);
                }
                Err(AppError::Invalid(i)) => errors.extend(i.fields.into_iter().map(|f| format!("第 {pos} 项材料：{}", f.message))),
                Err(e) => return Err(e),
            }
        } else {
            let text = field.text().await.unwrap_or_default();
            // A freshly uploaded file wins over the one carried from an earlier try.
            if name.starts_with("sha_") && fields.contains_key(&name) {
                continue;
            }
            fields.insert(name, text);
        }
    }
    Ok((fields, errors))
}

fn materials_of(fields: &HashMap<String, String>, count: usize) -> Vec<MaterialInput> {
    (1..=i64::try_from(count).unwrap_or(0))
        .filter_map(|pos| {
            let sha = fields.get(&format!("sha_{pos}")).filter(|x| !x.is_empty()).cloned();
            let rongque = fields.contains_key(&format!("rongque_{pos}"));
            let promise_on = fields.get(&format!("promise_{pos}")).and_then(|d| d.parse().ok());
            match (sha, rongque) {
                (Some(f), false) => {
                    Some(MaterialInput { position: pos, state: "provided".into(), file_sha256: Some(f), ..MaterialInput::default() })
                }
                (_, true) => Some(MaterialInput { position: pos, state: "rongque".into(), promise_on, ..MaterialInput::default() }),
                (None, false) => None,
            }
        })
        .collect()
}

async fn apply(State(s): State<AppState>, ctx: CitizenCtx, Path(id): Path<i64>, mp: Multipart) -> Response {
    let Some(who) = ctx.citizen.clone() else { return to_login(&format!("/portal/items/{id}")) };
    let item = match app::portal::get_item(&s.app, id).await {
        Ok(i) => i,
        Err(e) => return app_error_page(&e, None),
    };
    let (fields, upload_errors) = match read_form(&s, mp).await {
        Ok(x) => x,
        Err(e) => return app_error_page(&e, None),
    };
    let get = |k: &str| fields.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
    let f = Filled {
        kind: get("kind"),
        name: get("name"),
        id_number: get("id_number"),
        credit_code: get("credit_code"),
        site_id: get("site_id").parse().unwrap_or(0),
        delivery_mode: get("delivery_mode"),
        address: get("address"),
        recipient: get("recipient"),
    };
    if !upload_errors.is_empty() {
        return no_store(StatusCode::UNPROCESSABLE_ENTITY, item_page(&ctx, item, f, &fields, upload_errors));
    }
    let input = ApplyInput {
        item_id: Some(id),
        site_id: Some(f.site_id).filter(|x| *x > 0),
        applicant: OnlineApplicant {
            kind: f.kind.clone(),
            name: f.name.clone(),
            id_number: f.id_number.clone(),
            credit_code: f.credit_code.clone(),
        },
        materials: materials_of(&fields, item.materials.len()),
        delivery: DeliveryChoice { mode: f.delivery_mode.clone(), address: f.address.clone(), recipient: f.recipient.clone() },
        submit: get("intent") != "draft",
    };
    match app::portal::apply(&s.app, &who, &input).await {
        Ok(c) => {
            let what = if c.status == "draft" { "草稿已保存" } else { "申请已提交" };
            Redirect::to(&format!("/portal/mine?done={}", urlencoding::encode(&format!("{what}，办件编号 {}", c.case_no)))).into_response()
        }
        Err(e) => match messages(e) {
            Ok((status, errors)) => no_store(status, item_page(&ctx, item, f, &fields, errors)),
            Err(e) => app_error_page(&e, None),
        },
    }
}

// ---------------------------------------------------------------- my applications

struct MaterialLine {
    position: i64,
    name: String,
    state_label: String,
}

struct MineCase {
    case: PortalCase,
    materials: Vec<MaterialLine>,
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/mine.html")]
struct MinePage {
    who: Option<String>,
    csrf: String,
    notice: Option<String>,
    errors: Vec<String>,
    cases: Vec<MineCase>,
}

#[derive(Deserialize, Default)]
struct DoneQuery {
    done: Option<String>,
}

async fn render_mine(
    s: &AppState,
    ctx: &CitizenCtx,
    who: &Citizen,
    notice: Option<String>,
    errors: Vec<String>,
    status: StatusCode,
) -> Response {
    let r = async {
        let mut out = Vec::new();
        for case in app::portal::my_cases(&s.app, who).await? {
            let materials = if case.can.contains(&"resubmit") {
                app::portal::my_materials(&s.app, who, case.id)
                    .await?
                    .into_iter()
                    .map(|m| MaterialLine {
                        position: m.position,
                        state_label: if m.file_sha256.is_some() {
                            "已上传，可重新上传替换".to_owned()
                        } else {
                            "未上传".to_owned()
                        },
                        name: m.name,
                    })
                    .collect()
            } else {
                Vec::new()
            };
            out.push(MineCase { case, materials });
        }
        Ok::<_, AppError>(out)
    }
    .await;
    let (w, csrf) = who_of(ctx);
    match r {
        Ok(cases) => no_store(status, MinePage { who: w, csrf, notice, errors, cases }),
        Err(e) => app_error_page(&e, None),
    }
}

async fn mine(State(s): State<AppState>, ctx: CitizenCtx, Query(q): Query<DoneQuery>) -> Response {
    let Some(who) = ctx.citizen.clone() else { return to_login("/portal/mine") };
    render_mine(&s, &ctx, &who, q.done, vec![], StatusCode::OK).await
}

#[derive(Deserialize, Default)]
struct ActionForm {
    #[serde(default)]
    action: String,
}

async fn citizen_action(State(s): State<AppState>, ctx: CitizenCtx, Path(id): Path<i64>, PageForm(f): PageForm<ActionForm>) -> Response {
    let Some(who) = ctx.citizen.clone() else { return to_login("/portal/mine") };
    let input = CitizenActionInput { action: f.action, ..CitizenActionInput::default() };
    done_or_errors(&s, &ctx, &who, app::portal::citizen_act(&s.app, &who, id, &input).await).await
}

async fn done_or_errors(s: &AppState, ctx: &CitizenCtx, who: &Citizen, r: app::Result<PortalCase>) -> Response {
    match r {
        Ok(c) => Redirect::to(&format!("/portal/mine?done={}", urlencoding::encode(&format!("办件 {} {}", c.case_no, c.status_label))))
            .into_response(),
        Err(e) => match messages(e) {
            Ok((status, errors)) => render_mine(s, ctx, who, None, errors, status).await,
            Err(e) => app_error_page(&e, None),
        },
    }
}

async fn resubmit(State(s): State<AppState>, ctx: CitizenCtx, Path(id): Path<i64>, mp: Multipart) -> Response {
    let Some(who) = ctx.citizen.clone() else { return to_login("/portal/mine") };
    let (fields, upload_errors) = match read_form(&s, mp).await {
        Ok(x) => x,
        Err(e) => return app_error_page(&e, None),
    };
    if !upload_errors.is_empty() {
        return render_mine(&s, &ctx, &who, None, upload_errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let materials = fields
        .iter()
        .filter_map(|(k, v)| {
            let pos = k.strip_prefix("sha_")?.parse().ok()?;
            Some(MaterialInput { position: pos, state: "provided".into(), file_sha256: Some(v.clone()), ..MaterialInput::default() })
        })
        .collect();
    let input = CitizenActionInput { action: "resubmit".into(), materials, ..CitizenActionInput::default() };
    done_or_errors(&s, &ctx, &who, app::portal::citizen_act(&s.app, &who, id, &input).await).await
}

fn file_response(r: app::Result<(Vec<u8>, String)>) -> Response {
    match r {
        Ok((bytes, ct)) => (
            [
                (header::CONTENT_TYPE, ct),
                (header::CACHE_CONTROL, "private, no-store".to_owned()),
                (header::CONTENT_DISPOSITION, "inline".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => app_error_page(&e, None),
    }
}

async fn citizen_file(State(s): State<AppState>, ctx: CitizenCtx, Path((id, sha)): Path<(i64, String)>) -> Response {
    let Some(who) = ctx.citizen else { return to_login("/portal/mine") };
    file_response(app::portal::citizen_scan(&s.app, &who, id, &sha).await)
}

// ---------------------------------------------------------------- progress (public)

#[derive(Template, WebTemplate)]
#[template(path = "portal/progress.html")]
struct ProgressPage {
    who: Option<String>,
    csrf: String,
    case_no: String,
    errors: Vec<String>,
    view: Option<app::portal::ProgressView>,
    steps: Vec<(String, String, String)>,
    /// The code the applicant typed, kept for the rating form under the card.
    query_code: String,
    notice: Option<String>,
    levels: &'static [(i64, &'static str)],
    bad_reasons: &'static [(&'static str, &'static str)],
}

impl ProgressPage {
    fn new(who: Option<String>, csrf: String, case_no: String) -> ProgressPage {
        ProgressPage {
            who,
            csrf,
            case_no,
            errors: vec![],
            view: None,
            steps: vec![],
            query_code: String::new(),
            notice: None,
            levels: domain::ratings::LEVELS,
            bad_reasons: domain::ratings::reasons(domain::ratings::Mode::Online, 1),
        }
    }
}

/// The progress card of a case, or the page with what went wrong.
async fn progress_page(s: &AppState, mut page: ProgressPage, query_code: &str) -> Response {
    match app::portal::progress(&s.app, &page.case_no, query_code).await {
        Ok(v) => {
            page.steps = v
                .steps
                .iter()
                .map(|x| (x.at.with_timezone(&app::cst()).format("%Y-%m-%d %H:%M").to_string(), x.label.clone(), x.note.clone()))
                .collect();
            page.query_code = query_code.trim().to_owned();
            page.view = Some(v);
            no_store(StatusCode::OK, page)
        }
        Err(e) => match messages(e) {
            Ok((status, errors)) => {
                page.errors.extend(errors);
                no_store(status, page)
            }
            Err(e) => app_error_page(&e, None),
        },
    }
}

#[derive(Deserialize, Default)]
struct RateForm {
    #[serde(default)]
    case_no: String,
    #[serde(default)]
    query_code: String,
    #[serde(default)]
    level: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    anonymous: Option<String>,
}

/// 一事一评 from the progress page: the rating of an ended case by its number and query code
/// (or the signed-in applicant's session).
async fn rate(State(s): State<AppState>, ctx: CitizenCtx, PageForm(f): PageForm<RateForm>) -> Response {
    let (who, csrf) = who_of(&ctx);
    let mut page = ProgressPage::new(who, csrf, f.case_no.trim().to_owned());
    let input = app::ratings::RatingInput {
        case_no: Some(f.case_no.trim().to_owned()),
        query_code: Some(f.query_code.clone()),
        level: f.level.trim().parse().unwrap_or(0),
        channel: Some("web".to_owned()),
        reasons: if f.reason.trim().is_empty() { vec![] } else { vec![f.reason.trim().to_owned()] },
        comment: f.comment.clone(),
        anonymous: f.anonymous.is_some(),
        ..app::ratings::RatingInput::default()
    };
    let rater = app::ratings::Rater::of(app::queue::Caller::Public, ctx.citizen.as_ref());
    match app::ratings::rate(&s.app, rater, &input).await {
        Ok(r) => {
            page.notice = Some(if r.rectification_order_id.is_some() {
                "感谢您的评价。我们将在规定时限内核实整改并回复您。".to_owned()
            } else {
                "感谢您的评价！".to_owned()
            });
        }
        Err(e) => match messages(e) {
            Ok((_, errors)) => page.errors = errors,
            Err(AppError::Forbidden(m)) => page.errors = vec![m],
            Err(e) => return app_error_page(&e, None),
        },
    }
    progress_page(&s, page, &f.query_code).await
}

#[derive(Deserialize, Default)]
struct ProgressForm {
    #[serde(default)]
    case_no: String,
    #[serde(default)]
    query_code: String,
}

async fn progress_form(ctx: CitizenCtx, Query(q): Query<ProgressForm>) -> Response {
    let (who, csrf) = who_of(&ctx);
    no_store(StatusCode::OK, ProgressPage::new(who, csrf, q.case_no.trim().to_owned()))
}

async fn progress(State(s): State<AppState>, ctx: CitizenCtx, PageForm(f): PageForm<ProgressForm>) -> Response {
    let (who, csrf) = who_of(&ctx);
    progress_page(&s, ProgressPage::new(who, csrf, f.case_no.trim().to_owned()), &f.query_code).await
}

// ---------------------------------------------------------------- the windows' pre-check

struct OnlineCard {
    case: store::portal::PortalCaseRow,
    status_label: String,
    delivery_label: String,
    submitted: String,
    allowed: Vec<&'static str>,
    buttons: Vec<(&'static str, &'static str)>,
    materials: Vec<(store::cases::MaterialRow, &'static str)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "cases/online.html")]
struct OnlinePage {
    chrome: Option<Chrome>,
    csrf: String,
    notice: Option<String>,
    error: Option<String>,
    cases: Vec<OnlineCard>,
}

fn card(c: OnlineCaseItem) -> OnlineCard {
    let buttons =
        [("precheck", "预审通过"), ("receive", "接件"), ("accept", "受理")].into_iter().filter(|(a, _)| c.allowed.contains(a)).collect();
    OnlineCard {
        submitted: c.case.updated_at.with_timezone(&app::cst()).format("%m-%d %H:%M").to_string(),
        case: c.case,
        status_label: c.status_label,
        delivery_label: c.delivery_label,
        allowed: c.allowed,
        buttons,
        materials: c
            .materials
            .into_iter()
            .map(|m| {
                let l = app::portal::material_state_label(&m.state);
                (m, l)
            })
            .collect(),
    }
}

async fn render_online(s: &AppState, a: &crate::auth::Auth, notice: Option<String>, error: Option<String>, status: StatusCode) -> Response {
    match app::portal::online_queue(&s.app, &a.actor).await {
        Ok(list) => no_store(
            status,
            OnlinePage {
                chrome: Some(chrome(a, "online")),
                csrf: a.csrf.clone(),
                notice,
                error,
                cases: list.into_iter().map(card).collect(),
            },
        ),
        Err(e) => app_error_page(&e, Some(a)),
    }
}

async fn online(State(s): State<AppState>, PageUser(a): PageUser, Query(q): Query<DoneQuery>) -> Response {
    render_online(&s, &a, q.done, None, StatusCode::OK).await
}

#[derive(Deserialize, Default)]
struct StaffActionForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    missing: String,
    #[serde(default)]
    reason: String,
}

async fn online_action(
    State(s): State<AppState>,
    PageUser(a): PageUser,
    Path(id): Path<i64>,
    PageForm(f): PageForm<StaffActionForm>,
) -> Response {
    let input = ActionInput {
        action: f.action,
        reason: f.reason,
        missing: f.missing.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect(),
        ..ActionInput::default()
    };
    match app::cases::act(&s.app, &a.actor, id, &input).await {
        Ok(v) => {
            let msg = format!("办件 {} 已{}", v.case.case_no, v.status_label);
            Redirect::to(&format!("/cases/online?done={}", urlencoding::encode(&msg))).into_response()
        }
        Err(e) => match messages(e) {
            Ok((status, m)) => render_online(&s, &a, None, Some(m.join("；")), status).await,
            Err(e) => app_error_page(&e, Some(&a)),
        },
    }
}

async fn staff_file(State(s): State<AppState>, PageUser(a): PageUser, Path((id, sha)): Path<(i64, String)>) -> Response {
    match app::portal::staff_scan(&s.app, &a.actor, id, &sha).await {
        Ok(x) => file_response(Ok(x)),
        Err(e) => app_error_page(&e, Some(&a)),
    }
}

// ---------------------------------------------------------------- public disclosure

/// 评价公示: what the halls publish of their ratings for a month, no login, no personal data.
#[derive(Template, WebTemplate)]
#[template(path = "public/ratings.html")]
struct PublicRatingsPage {
    who: Option<String>,
    csrf: String,
    p: app::figures::PublicRatings,
}

impl PublicRatingsPage {
    fn pct(&self, r: &app::figures::Rate) -> String {
        r.percent.map_or_else(|| "—".to_owned(), |p| format!("{p:.1}%"))
    }

    fn mark(&self, r: &app::figures::Rate) -> &'static str {
        match r.meets(100.0) {
            Some(true) => "✓ 达标",
            Some(false) => "✗ 未达标",
            None => "",
        }
    }
}

#[derive(Deserialize, Default)]
struct MonthQuery {
    month: Option<String>,
}

async fn public_ratings(State(s): State<AppState>, ctx: CitizenCtx, Query(q): Query<MonthQuery>) -> Response {
    let (who, csrf) = who_of(&ctx);
    match app::figures::public_ratings(&s.app, q.month.as_deref()).await {
        Ok(p) => PublicRatingsPage { who, csrf, p }.into_response(),
        Err(e) => app_error_page(&e, None),
    }
}
