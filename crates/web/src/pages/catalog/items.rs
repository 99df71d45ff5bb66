//! The item catalogue's pages: the list and search, an item's page with its versions, sites and
//! windows, the version editor, viewing a version, the guide and the clerk's quick view.

use app::catalog::ItemSiteInput;
use app::{AppError, Result};
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use domain::Invalid;
use domain::access::Permission;
use domain::catalog::{
    CaseKind, DeliveryMode, ItemContent, ItemLevel, ItemType, Material, MaterialSource, NegativeReason, OnlineDepth, SpecialProcedure,
    VersionStatus,
};
use serde::Deserialize;

use super::form::{ItemForm, MaterialRow};
use crate::extract::caller::{Auth, PageUser};
use crate::extract::form::PageForm;
use crate::respond::form::unprocessable;
use crate::respond::page::{app_error_page, page};
use crate::respond::view::{Chrome, Msg, Opt, chrome, done, opts, with_flash};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/catalog", get(list))
        .route("/catalog/quick", get(quick))
        .route("/catalog/diff", get(diff))
        .route("/catalog/items/new", get(item_new).post(item_create))
        .route("/catalog/items/{id}", get(item_page))
        .route("/catalog/items/{id}/versions", post(version_new))
        .route("/catalog/items/{id}/sites", post(item_site))
        .route("/catalog/items/{id}/name-mn", post(item_name_mn))
        .route("/catalog/items/{id}/windows", post(item_window))
        .route("/catalog/versions/{id}", get(version_page))
        .route("/catalog/versions/{id}/edit", get(version_edit).post(version_update))
        .route("/catalog/versions/{id}/{action}", post(version_action))
        .route("/guide/items/{id}", get(guide))
}

// ---------------------------------------------------------------- list and search

pub(super) struct Row {
    id: i64,
    name_html: String,
    matched: Option<String>,
    department: String,
    item_type: &'static str,
    limits: String,
    depth: &'static str,
    current: String,
    latest: String,
    latest_open: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "catalog/list.html")]
pub(super) struct ListPage {
    chrome: Option<Chrome>,
    q: String,
    departments: Vec<Opt>,
    rows: Vec<Row>,
    can_manage: bool,
}

#[derive(Deserialize, Default)]
pub(super) struct ListQuery {
    #[serde(default)]
    q: String,
    department_id: Option<String>,
    msg: Option<String>,
}

pub(super) fn status_label(code: &str) -> &'static str {
    VersionStatus::parse("s", code).map_or("", |s| s.label())
}

pub(super) async fn list(State(s): State<AppState>, PageUser(a): PageUser, Query(q): Query<ListQuery>) -> Response {
    let r = async {
        let dept = q.department_id.as_deref().and_then(|d| d.parse::<i64>().ok());
        let results = app::catalog::search(&s.app, &a.actor, &q.q, dept, 500).await?;
        let departments = app::org::list_departments(&s.app, &a.actor).await?;
        let rows = results
            .into_iter()
            .map(|r| {
                let shown = r.summary.current.as_ref().unwrap_or(&r.summary.latest);
                Row {
                    id: r.summary.item.id,
                    name_html: r.name_html,
                    matched: r.matched_html,
                    department: r.summary.item.department_name.clone(),
                    item_type: ItemType::parse("t", &shown.item_type).map_or("", |t| t.label()),
                    limits: format!("{} / {} 个工作日", shown.promised_days, shown.statutory_days),
                    depth: OnlineDepth::parse("d", &shown.online_depth).map_or("", |d| d.label()),
                    current: r.summary.current.as_ref().map_or_else(|| "—".to_owned(), |c| format!("第 {} 版", c.version_no)),
                    latest: format!("第 {} 版 · {}", r.summary.latest.version_no, status_label(&r.summary.latest.status)),
                    latest_open: r.summary.latest.status != "published",
                }
            })
            .collect();
        Ok(ListPage {
            chrome: Some(with_flash(chrome(&a, "catalog"), q.msg.clone())),
            q: q.q.clone(),
            departments: opts(departments.iter().map(|d| (d.id, d.short_name.clone())), &[dept.map(|d| d.to_string()).unwrap_or_default()]),
            rows,
            can_manage: a.actor.has(Permission::ManageCatalog),
        }
        .into_response())
    }
    .await;
    page(&a, r)
}

// ---------------------------------------------------------------- item page

pub(super) struct VersionLine {
    id: i64,
    no: i64,
    status: &'static str,
    status_code: String,
    badge: &'static str,
    effective: String,
    note: String,
    people: String,
}

pub(super) struct WindowLine {
    id: i64,
    site: String,
    number: String,
    name: String,
    kind: &'static str,
    via_department: bool,
}

pub(super) struct SiteLine {
    site: String,
    stationed: bool,
    negative: bool,
    reason: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "catalog/item.html")]
pub(super) struct ItemPage {
    chrome: Option<Chrome>,
    csrf: String,
    id: i64,
    name: String,
    dept: String,
    basic_code: String,
    /// The item's name in traditional Mongolian script (blank when not entered).
    name_mn: String,
    current_no: Option<i64>,
    has_current: bool,
    has_open: bool,
    versions: Vec<VersionLine>,
    sites: Vec<SiteLine>,
    can_manage: bool,
    can_approve: bool,
    can_set_sites: bool,
    site_options: Vec<Opt>,
    reasons: Vec<Opt>,
    today: String,
    windows: Vec<WindowLine>,
    window_options: Vec<Opt>,
}

pub(super) async fn render_item(s: &AppState, a: &Auth, id: i64, flash: Option<String>) -> Result<ItemPage> {
    let d = app::catalog::get_item(&s.app, &a.actor, id).await?;
    let sites = app::org::list_sites(&s.app, &a.actor).await?;
    let windows = app::catalog::authorised_windows(&s.app, &a.actor, id).await?;
    let all_windows = if a.actor.has(Permission::ManageCatalog) || a.actor.has(Permission::ManageSites) {
        app::org::list_windows(&s.app, &a.actor, None, 500).await?.items
    } else {
        vec![]
    };
    let window_options = opts(
        all_windows
            .iter()
            .filter(|w| w.active && !windows.iter().any(|x| x.window_id == w.id))
            .filter(|w| a.actor.has(Permission::ManageCatalog) || a.actor.can(Permission::ManageSites, &w.org_path, None))
            .map(|w| (w.id, format!("{} {} 号 {}", w.site_name, w.number, w.name))),
        &[],
    );
    let name = d.current.as_ref().map(|c| c.1.name.clone()).or_else(|| d.versions.first().map(|v| v.name.clone())).unwrap_or_default();
    let versions: Vec<VersionLine> = d
        .versions
        .iter()
        .map(|v| {
            let people = [
                ("起草", Some(&v.created_by)),
                ("提交", v.submitted_by.as_ref()),
                ("审核", v.approved_by.as_ref()),
                ("发布", v.published_by.as_ref()),
            ]
            .iter()
            .filter_map(|(l, p)| p.map(|p| format!("{l} {p}")))
            .collect::<Vec<_>>()
            .join(" · ");
            VersionLine {
                id: v.id,
                no: v.version_no,
                status: status_label(&v.status),
                status_code: v.status.clone(),
                badge: match v.status.as_str() {
                    "published" => "good",
                    "draft" => "",
                    _ => "bad",
                },
                effective: v.effective_date.map_or_else(|| "—".to_owned(), |d| d.to_string()),
                note: v.change_note.clone(),
                people,
            }
        })
        .collect();
    let can_manage = a.actor.has(Permission::ManageCatalog);
    Ok(ItemPage {
        chrome: Some(with_flash(chrome(a, "catalog"), flash)),
        csrf: a.csrf.clone(),
        id,
        name,
        dept: d.item.department_name.clone(),
        basic_code: d.item.basic_code.clone(),
        name_mn: d.item.name_mn.clone().unwrap_or_default(),
        current_no: d.current.as_ref().map(|c| c.0.version_no),
        has_current: d.current.is_some(),
        has_open: d.versions.iter().any(|v| v.status != "published"),
        versions,
        sites: d
            .sites
            .iter()
            .map(|x| SiteLine {
                site: x.site_name.clone(),
                stationed: x.stationed,
                negative: x.negative_reason.is_some(),
                reason: match x.negative_reason.as_deref().and_then(|r| NegativeReason::parse("r", r).ok()) {
                    Some(r) if x.negative_note.is_empty() => r.label().to_owned(),
                    Some(r) => format!("{}：{}", r.label(), x.negative_note),
                    None => String::new(),
                },
            })
            .collect(),
        can_manage,
        can_approve: a.actor.has(Permission::ApproveCatalog),
        can_set_sites: can_manage || a.actor.has(Permission::ManageSites),
        site_options: opts(
            sites
                .iter()
                .filter(|x| a.actor.can(Permission::ManageSites, &x.site.org_path, None) || can_manage)
                .map(|x| (x.site.id, x.site.name.clone())),
            &[],
        ),
        reasons: opts(NegativeReason::ALL.iter().map(|r| (r.code(), r.label())), &[]),
        today: s.app.clock.today().to_string(),
        windows: windows
            .into_iter()
            .map(|w| WindowLine {
                id: w.window_id,
                site: w.site_name,
                number: w.number,
                name: w.name,
                kind: domain::org::WindowKind::parse("k", &w.kind).map_or("", |k| k.label()),
                via_department: w.via_department,
            })
            .collect(),
        window_options,
    })
}

#[derive(Deserialize)]
pub(super) struct WindowForm {
    #[serde(default, deserialize_with = "app::support::input::opt_id")]
    window_id: Option<i64>,
    #[serde(default)]
    authorised: String,
}

pub(super) async fn item_window(
    State(s): State<AppState>,
    PageUser(a): PageUser,
    Path(id): Path<i64>,
    PageForm(f): PageForm<WindowForm>,
) -> Response {
    let on = f.authorised != "0";
    match app::catalog::set_window_authorisation(&s.app, &a.actor, id, f.window_id, on).await {
        Ok(()) => done(&format!("/catalog/items/{id}#windows"), if on { "已授权该窗口受理本事项" } else { "已撤销该窗口的单独授权" }),
        Err(AppError::Invalid(inv)) => done(&format!("/catalog/items/{id}"), &format!("未保存：{}", inv.summary())),
        Err(e) => app_error_page(&e, Some(&a)),
    }
}

pub(super) async fn item_page(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>, Query(m): Query<Msg>) -> Response {
    let r = render_item(&s, &a, id, m.msg).await.map(IntoResponse::into_response);
    page(&a, r)
}

pub(super) async fn version_new(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>) -> Response {
    match app::catalog::new_version(&s.app, &a.actor, id).await {
        Ok(v) => done(&format!("/catalog/versions/{}/edit", v.version.id), &format!("已新建第 {} 版草稿", v.version.version_no)),
        Err(e) => app_error_page(&e, Some(&a)),
    }
}

pub(super) async fn item_site(
    State(s): State<AppState>,
    PageUser(a): PageUser,
    Path(id): Path<i64>,
    PageForm(i): PageForm<ItemSiteInput>,
) -> Response {
    match app::catalog::set_item_site(&s.app, &a.actor, id, &i).await {
        Ok(()) => done(&format!("/catalog/items/{id}"), "已保存实施与进驻情况"),
        Err(AppError::Invalid(inv)) => done(&format!("/catalog/items/{id}"), &format!("未保存：{}", inv.summary())),
        Err(e) => app_error_page(&e, Some(&a)),
    }
}

/// The item's Mongolian name as posted (blank clears it).
#[derive(Deserialize)]
pub(super) struct NameMnForm {
    #[serde(default)]
    name_mn: Option<String>,
}

pub(super) async fn item_name_mn(
    State(s): State<AppState>,
    PageUser(a): PageUser,
    Path(id): Path<i64>,
    PageForm(f): PageForm<NameMnForm>,
) -> Response {
    match app::catalog::set_item_name_mn(&s.app, &a.actor, id, f.name_mn.as_deref()).await {
        Ok(it) if it.name_mn.is_some() => done(&format!("/catalog/items/{id}"), "已保存蒙古文名称"),
        Ok(_) => done(&format!("/catalog/items/{id}"), "已清除蒙古文名称"),
        Err(AppError::Invalid(inv)) => {
            let r = render_item(&s, &a, id, Some(format!("未保存：{}", inv.summary()))).await;
            page(&a, r.map(|p| (StatusCode::UNPROCESSABLE_ENTITY, p).into_response()))
        }
        Err(e) => app_error_page(&e, Some(&a)),
    }
}

#[derive(Deserialize)]
pub(super) struct PublishForm {
    effective_date: Option<String>,
}

pub(super) async fn version_action(
    State(s): State<AppState>,
    PageUser(a): PageUser,
    Path((id, action)): Path<(i64, String)>,
    PageForm(f): PageForm<PublishForm>,
) -> Response {
    let to = match action.as_str() {
        "submit" => VersionStatus::Submitted,
        "approve" => VersionStatus::Approved,
        "publish" => VersionStatus::Published,
        "return" => VersionStatus::Draft,
        _ => return crate::respond::page::not_found(axum::http::Uri::from_static("/catalog"), Some(axum::Extension(a))).await,
    };
    let effective = match f.effective_date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => match chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => return app_error_page(&AppError::Invalid(Invalid::one("effective_date", "生效日期格式应为 2026-01-01")), Some(&a)),
        },
        None => None,
    };
    match app::catalog::transition(&s.app, &a.actor, id, to, effective).await {
        Ok(v) => done(
            &format!("/catalog/items/{}", v.item.id),
            &format!(
                "第 {} 版已{}",
                v.version.version_no,
                match to {
                    VersionStatus::Submitted => "提交审核",
                    VersionStatus::Approved => "审核通过",
                    VersionStatus::Published => "发布",
                    _ => "退回为草稿",
                }
            ),
        ),
        Err(AppError::Invalid(inv)) => {
            let item = app::catalog::get_version(&s.app, &a.actor, id).await.map(|v| v.item.id).unwrap_or_default();
            let r = render_item(&s, &a, item, Some(format!("操作未完成：{}", inv.summary()))).await.map(unprocessable);
            page(&a, r)
        }
        Err(e) => app_error_page(&e, Some(&a)),
    }
}

// ---------------------------------------------------------------- editor

#[derive(Template, WebTemplate)]
#[template(path = "catalog/item_form.html")]
pub(super) struct ItemFormPage {
    chrome: Option<Chrome>,
    csrf: String,
    title: String,
    action: String,
    back_href: String,
    errors: Vec<String>,
    f: ItemForm,
    departments: Vec<Opt>,
    item_types: Vec<Opt>,
    case_kinds: Vec<Opt>,
    depths: Vec<Opt>,
    levels: Vec<Opt>,
    deliveries: Vec<Opt>,
    procedures: Vec<Opt>,
    sources: Vec<Opt>,
    steps: Vec<[String; 3]>,
    materials: Vec<MaterialRow>,
    faqs: Vec<[String; 2]>,
}

pub(super) async fn form_page(
    s: &AppState,
    a: &Auth,
    title: String,
    action: String,
    back: String,
    f: ItemForm,
    errors: Vec<String>,
) -> Result<ItemFormPage> {
    let depts = app::org::list_departments(&s.app, &a.actor).await?;
    Ok(ItemFormPage {
        chrome: Some(chrome(a, "catalog")),
        csrf: a.csrf.clone(),
        title,
        action,
        back_href: back,
        errors,
        departments: opts(depts.iter().filter(|d| d.active).map(|d| (d.id, d.name.clone())), std::slice::from_ref(&f.department_id)),
        item_types: opts(ItemType::ALL.iter().map(|x| (x.code(), x.label())), std::slice::from_ref(&f.item_type)),
        case_kinds: opts(CaseKind::ALL.iter().map(|x| (x.code(), x.label())), std::slice::from_ref(&f.case_kind)),
        depths: opts(OnlineDepth::ALL.iter().map(|x| (x.code(), x.label())), std::slice::from_ref(&f.online_depth)),
        levels: opts(ItemLevel::ALL.iter().map(|x| (x.code(), x.label())), &f.levels),
        deliveries: opts(DeliveryMode::ALL.iter().map(|x| (x.code(), x.label())), &f.delivery),
        procedures: opts(SpecialProcedure::ALL.iter().map(|x| (x.code(), x.label())), &f.special_procedures),
        sources: opts(MaterialSource::ALL.iter().map(|x| (x.code(), x.label())), &[]),
        steps: f.step_rows(3),
        materials: f.material_rows(3),
        faqs: f.faq_rows(2),
        f,
    })
}

pub(super) async fn item_new(State(s): State<AppState>, PageUser(a): PageUser) -> Response {
    if !a.actor.has(Permission::ManageCatalog) {
        return app_error_page(&AppError::forbidden("新增事项"), Some(&a));
    }
    let f = ItemForm::from_content("", 0, "", &ItemContent::default());
    let f = ItemForm { department_id: String::new(), ..f };
    let r = form_page(&s, &a, "新增事项".into(), "/catalog/items/new".into(), "/catalog".into(), f, vec![])
        .await
        .map(IntoResponse::into_response);
    page(&a, r)
}

/// Re-renders the editor with the problems listed (422), or the error page.
pub(super) async fn editor_failed(
    s: &AppState,
    a: &Auth,
    title: String,
    action: String,
    back: String,
    f: ItemForm,
    e: AppError,
) -> Response {
    let (status, msgs) = match e {
        AppError::Invalid(inv) => (StatusCode::UNPROCESSABLE_ENTITY, inv.fields.into_iter().map(|x| x.message).collect()),
        AppError::Conflict(m) => (StatusCode::CONFLICT, vec![m]),
        other => return app_error_page(&other, Some(a)),
    };
    let r = form_page(s, a, title, action, back, f, msgs).await.map(|p| (status, p).into_response());
    page(a, r)
}

pub(super) async fn item_create(State(s): State<AppState>, PageUser(a): PageUser, PageForm(f): PageForm<ItemForm>) -> Response {
    let res = match f.decode() {
        Ok(input) => app::catalog::create_item(&s.app, &a.actor, &input).await,
        Err(inv) => Err(inv.into()),
    };
    match res {
        Ok(v) => done(&format!("/catalog/items/{}", v.item.id), "事项已创建（第 1 版草稿），完善后请提交审核"),
        Err(e) => editor_failed(&s, &a, "新增事项".into(), "/catalog/items/new".into(), "/catalog".into(), f, e).await,
    }
}

pub(super) async fn version_edit(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>, Query(m): Query<Msg>) -> Response {
    let r = async {
        let v = app::catalog::get_version(&s.app, &a.actor, id).await?;
        if v.version.status != "draft" {
            return Err(AppError::Conflict("只有草稿可以修改；已发布的版本不能修改，请新建版本".into()));
        }
        let f = ItemForm::from_content(&v.item.basic_code, v.item.department_id, &v.version.change_note, &v.content);
        let title = format!("编辑：{} 第 {} 版（草稿）", v.content.name, v.version.version_no);
        let mut p =
            form_page(&s, &a, title, format!("/catalog/versions/{id}/edit"), format!("/catalog/items/{}", v.item.id), f, vec![]).await?;
        if let Some(c) = p.chrome.as_mut() {
            c.flash = m.msg;
        }
        Ok(p.into_response())
    }
    .await;
    page(&a, r)
}

pub(super) async fn version_update(
    State(s): State<AppState>,
    PageUser(a): PageUser,
    Path(id): Path<i64>,
    PageForm(f): PageForm<ItemForm>,
) -> Response {
    let res = match f.decode() {
        Ok(input) => app::catalog::update_draft(&s.app, &a.actor, id, &input).await,
        Err(inv) => Err(inv.into()),
    };
    match res {
        Ok(v) => done(&format!("/catalog/items/{}", v.item.id), &format!("第 {} 版草稿已保存", v.version.version_no)),
        Err(e) => editor_failed(&s, &a, "编辑草稿".into(), format!("/catalog/versions/{id}/edit"), "/catalog".into(), f, e).await,
    }
}

// ---------------------------------------------------------------- viewing

#[derive(Template, WebTemplate)]
#[template(path = "catalog/version.html")]
pub(super) struct VersionPage {
    chrome: Option<Chrome>,
    item_id: i64,
    version_no: i64,
    status: &'static str,
    basic_code: String,
    dept: String,
    c: ItemContent,
}

pub(super) async fn version_page(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>) -> Response {
    let r = async {
        let v = app::catalog::get_version(&s.app, &a.actor, id).await?;
        Ok(VersionPage {
            chrome: Some(chrome(&a, "catalog")),
            item_id: v.item.id,
            version_no: v.version.version_no,
            status: status_label(&v.version.status),
            basic_code: v.item.basic_code,
            dept: v.item.department_name,
            c: v.content,
        }
        .into_response())
    }
    .await;
    page(&a, r)
}

#[derive(Template, WebTemplate)]
#[template(path = "catalog/guide.html")]
pub(super) struct GuidePage {
    version_no: i64,
    effective: Option<chrono::NaiveDate>,
    basic_code: String,
    dept: String,
    /// The item's name in traditional Mongolian script (blank when not entered).
    name_mn: String,
    c: ItemContent,
    /// Opened from the hall's kiosk (`?from=kiosk`): a way back, and back by itself when idle.
    kiosk: bool,
}

#[derive(Debug, Deserialize)]
pub(super) struct GuideFrom {
    #[serde(default)]
    from: String,
}

/// The public guide page: no sign-in, mobile-friendly, printable on A4; from the kiosk it
/// offers the way back to taking a ticket.
pub(super) async fn guide(State(s): State<AppState>, Path(id): Path<i64>, Query(q): Query<GuideFrom>) -> Response {
    match app::catalog::public_guide(&s.app, id).await {
        Ok(v) => GuidePage {
            kiosk: q.from == "kiosk",
            version_no: v.version.version_no,
            effective: v.version.effective_date,
            basic_code: v.item.basic_code,
            dept: v.item.department_name,
            name_mn: v.item.name_mn.unwrap_or_default(),
            c: v.content,
        }
        .into_response(),
        Err(e) => crate::respond::page::app_error_page(&e, None),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "catalog/diff.html")]
pub(super) struct DiffPage {
    chrome: Option<Chrome>,
    item_id: i64,
    name: String,
    a_no: i64,
    b_no: i64,
    a_status: &'static str,
    b_status: &'static str,
    changes: Vec<domain::catalog::Change>,
}

#[derive(Deserialize)]
pub(super) struct DiffQuery {
    a: i64,
    b: i64,
}

pub(super) async fn diff(State(s): State<AppState>, PageUser(a): PageUser, Query(q): Query<DiffQuery>) -> Response {
    let r = async {
        let (old, new, changes) = app::catalog::diff_versions(&s.app, &a.actor, q.a, q.b).await?;
        Ok(DiffPage {
            chrome: Some(chrome(&a, "catalog")),
            item_id: old.item.id,
            name: new.content.name.clone(),
            a_no: old.version.version_no,
            b_no: new.version.version_no,
            a_status: status_label(&old.version.status),
            b_status: status_label(&new.version.status),
            changes,
        }
        .into_response())
    }
    .await;
    page(&a, r)
}

// ---------------------------------------------------------------- clerk quick view

pub(super) struct QuickHit {
    id: i64,
    name_html: String,
    department: String,
}

pub(super) struct QuickView {
    item_id: i64,
    name: String,
    department: String,
    promised_days: u32,
    statutory_days: u32,
    case_kind: &'static str,
    materials: Vec<Material>,
    review_points: Vec<String>,
    faq: Vec<domain::catalog::Faq>,
}

#[derive(Template, WebTemplate)]
#[template(path = "catalog/quick.html")]
pub(super) struct QuickPage {
    chrome: Option<Chrome>,
    q: String,
    hits: Vec<QuickHit>,
    selected: i64,
    view: Option<QuickView>,
}

#[derive(Deserialize, Default)]
pub(super) struct QuickQuery {
    #[serde(default)]
    q: String,
    item: Option<i64>,
}

/// The clerk's quick view: search, then the chosen (or best) item's checklist, review points and FAQ.
pub(super) async fn quick(State(s): State<AppState>, PageUser(a): PageUser, Query(q): Query<QuickQuery>) -> Response {
    let r = async {
        let hits = if q.q.trim().is_empty() { vec![] } else { app::catalog::search(&s.app, &a.actor, &q.q, None, 12).await? };
        let selected = q.item.or_else(|| hits.first().map(|h| h.summary.item.id));
        let view = match selected {
            Some(id) => {
                let d = app::catalog::get_item(&s.app, &a.actor, id).await?;
                let (content, dept) = match d.current {
                    Some((_, c)) => (c, d.item.department_name),
                    None => {
                        let latest = d.versions.first().ok_or(AppError::NotFound("事项"))?;
                        (app::catalog::get_version(&s.app, &a.actor, latest.id).await?.content, d.item.department_name)
                    }
                };
                Some(QuickView {
                    item_id: id,
                    name: content.name,
                    department: dept,
                    promised_days: content.promised_days,
                    statutory_days: content.statutory_days,
                    case_kind: content.case_kind.label(),
                    materials: content.materials,
                    review_points: content.review_points,
                    faq: content.faq,
                })
            }
            None => None,
        };
        Ok(QuickPage {
            chrome: Some(chrome(&a, "quick")),
            hits: hits
                .into_iter()
                .map(|h| QuickHit { id: h.summary.item.id, name_html: h.name_html, department: h.summary.item.department_name })
                .collect(),
            q: q.q,
            selected: selected.unwrap_or_default(),
            view,
        }
        .into_response())
    }
    .await;
    page(&a, r)
}
