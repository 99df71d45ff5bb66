//! Pages to manage the service network: org units, departments, sites with zones and windows,
//! staff with photos, and today's seating.

use app::org::{DepartmentInput, OrgUnitInput, SiteInput, StaffInput, WindowInput, ZoneInput};
use app::{AppError, Result};
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use domain::Invalid;
use domain::access::Permission;
use domain::org::{OrgLevel, PostGrade, SiteKind, WindowKind, ZoneKind};
use serde::Deserialize;

use super::app_error_page;
use super::view::{
    Cell, Chrome, Field, FormPage, Link, Msg, Opt, PageForm, TablePage, attach_errors, chrome, done, opts, percent, unit_options,
};
use crate::AppState;
use crate::auth::{Auth, PageUser};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/org-units", get(org_units))
        .route("/admin/org-units/new", get(org_unit_new).post(org_unit_create))
        .route("/admin/org-units/{id}/edit", get(org_unit_edit).post(org_unit_update))
        .route("/admin/departments", get(departments))
        .route("/admin/departments/new", get(department_new).post(department_create))
        .route("/admin/departments/{id}/edit", get(department_edit).post(department_update))
        .route("/admin/sites", get(sites))
        .route("/admin/sites/new", get(site_new).post(site_create))
        .route("/admin/sites/{id}", get(site_page))
        .route("/admin/sites/{id}/edit", get(site_edit).post(site_update))
        .route("/admin/sites/{id}/zones", post(zone_create))
        .route("/admin/zones/{id}/edit", get(zone_edit).post(zone_update))
        .route("/admin/zones/{id}/delete", post(zone_delete))
        .route("/admin/sites/{id}/windows/new", get(window_new).post(window_create))
        .route("/admin/windows/{id}/edit", get(window_edit).post(window_update))
        .route("/admin/windows/{id}/seat", post(window_seat))
        .route("/admin/staff", get(staff_list))
        .route("/admin/staff/new", get(staff_new).post(staff_create))
        .route("/admin/staff/{id}/edit", get(staff_edit).post(staff_update))
        .route("/admin/staff/{id}/photo", get(photo_form).post(photo_upload))
        .route("/admin/staff/{id}/image", get(photo_image))
}

/// Renders `r`, or the error page for its failure.
fn page(a: &Auth, r: Result<Response>) -> Response {
    r.unwrap_or_else(|e| app_error_page(&e, Some(a)))
}

fn form_page(
    a: &Auth,
    active: &'static str,
    title: String,
    action: String,
    fields: Vec<Field>,
    errors: Vec<String>,
    back: (&'static str, String),
) -> FormPage {
    FormPage {
        chrome: Some(chrome(a, active)),
        title,
        action,
        csrf: a.csrf.clone(),
        fields,
        errors,
        submit: "保存",
        back_href: back.1,
        back_label: back.0,
        multipart: false,
    }
}

/// Re-renders a form with its errors (422), or shows the error page for other failures.
fn form_failed(a: &Auth, e: AppError, render: impl FnOnce(&Invalid) -> FormPage) -> Response {
    match e {
        AppError::Invalid(inv) => (StatusCode::UNPROCESSABLE_ENTITY, render(&inv)).into_response(),
        AppError::Conflict(msg) => {
            let inv = Invalid::one("_", msg);
            (StatusCode::CONFLICT, render(&inv)).into_response()
        }
        other => app_error_page(&other, Some(a)),
    }
}

fn checked(b: bool) -> &'static str {
    if b { "on" } else { "" }
}

// ---------------------------------------------------------------- org units

async fn org_units(State(s): State<AppState>, PageUser(a): PageUser, Query(m): Query<Msg>) -> Response {
    let r = async {
        let units = app::org::list_org_units(&s.app, &a.actor).await?;
        let mut t = TablePage::new(&a, "org", "组织机构", vec!["名称", "层级", "代码", ""]).flash(m.msg);
        t.intro = Some("旗 → 苏木镇 → 嘎查村/社区 三级；每条记录都归属于一个机构，账号按机构授权。".to_owned());
        if a.actor.has(Permission::ManageStructure) {
            t.actions.push(Link { label: "新增下级机构", href: "/admin/org-units/new".to_owned() });
        }
        let min = units.iter().map(|u| u.path.matches('/').count()).min().unwrap_or(0);
        for u in &units {
            let indent = "　".repeat(u.path.matches('/').count() - min);
            let edit = if a.actor.can(Permission::ManageStructure, &u.path, None) {
                Cell::link("编辑", format!("/admin/org-units/{}/edit", u.id))
            } else {
                Cell::text("")
            };
            t.rows.push(vec![
                Cell::text(format!("{indent}{}", u.name)),
                Cell::text(OrgLevel::parse("level", &u.level).map_or("", |l| l.label())),
                Cell::text(&u.code),
                edit,
            ]);
        }
        Ok(t.into_response())
    }
    .await;
    page(&a, r)
}

fn org_unit_fields(i: &OrgUnitInput, units: &[store::org::OrgUnitRow], creating: bool) -> Vec<Field> {
    let mut f = vec![];
    if creating {
        let parents: Vec<_> = units.iter().filter(|u| u.level != OrgLevel::Village.code()).cloned().collect();
        f.push(Field::new("parent_id", "上级机构", "select", "").options(unit_options(&parents, i.parent_id, None)).required());
    }
    f.push(Field::new("name", "机构名称", "text", &i.name).required().placeholder("如：嘎鲁图镇"));
    f.push(Field::new("code", "机构代码", "text", &i.code).required().help("行政区划代码或内部编码，如 150626100"));
    f.push(Field::new("sort_order", "排序", "number", i.sort_order.clone().unwrap_or_default()).help("同级机构按此数字从小到大排列"));
    f
}

async fn org_unit_new(State(s): State<AppState>, PageUser(a): PageUser) -> Response {
    let r = async {
        let units = app::org::list_org_units(&s.app, &a.actor).await?;
        let i = OrgUnitInput::default();
        Ok(form_page(
            &a,
            "org",
            "新增机构".into(),
            "/admin/org-units/new".into(),
            org_unit_fields(&i, &units, true),
            vec![],
            ("组织机构", "/admin/org-units".into()),
        )
        .into_response())
    }
    .await;
    page(&a, r)
}

async fn org_unit_create(State(s): State<AppState>, PageUser(a): PageUser, PageForm(i): PageForm<OrgUnitInput>) -> Response {
    match app::org::create_org_unit(&s.app, &a.actor, &i).await {
        Ok(u) => done("/admin/org-units", &format!("已新增机构“{}”", u.name)),
        Err(e) => {
            let units = app::org::list_org_units(&s.app, &a.actor).await.unwrap_or_default();
            form_failed(&a, e, |inv| {
                let mut f = org_unit_fields(&i, &units, true);
                let errs = attach_errors(&mut f, inv);
                form_page(&a, "org", "新增机构".into(), "/admin/org-units/new".into(), f, errs, ("组织机构", "/admin/org-units".into()))
            })
        }
    }
}

async fn org_unit_edit(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>) -> Response {
    let r = async {
        let u = app::org::get_org_unit(&s.app, &a.actor, id).await?;
        let i = OrgUnitInput { parent_id: u.parent_id, code: u.code, name: u.name.clone(), sort_order: Some(u.sort_order.to_string()) };
        let f = org_unit_fields(&i, &[], false);
        Ok(form_page(
            &a,
            "org",
            format!("编辑机构：{}", u.name),
            format!("/admin/org-units/{id}/edit"),
            f,
            vec![],
            ("组织机构", "/admin/org-units".into()),
        )
        .into_response())
    }
    .await;
    page(&a, r)
}

async fn org_unit_update(
    State(s): State<AppState>,
    PageUser(a): PageUser,
    Path(id): Path<i64>,
    PageForm(i): PageForm<OrgUnitInput>,
) -> Response {
    match app::org::update_org_unit(&s.app, &a.actor, id, &i).await {
        Ok(u) => done("/admin/org-units", &format!("已保存机构“{}”", u.name)),
        Err(e) => form_failed(&a, e, |inv| {
            let mut f = org_unit_fields(&i, &[], false);
            let errs = attach_errors(&mut f, inv);
            form_page(&a, "org", "编辑机构".into(), format!("/admin/org-units/{id}/edit"), f, errs, ("组织机构", "/admin/org-units".into()))
        }),
    }
}

// ---------------------------------------------------------------- departments

async fn departments(State(s): State<AppState>, PageUser(a): PageUser, Query(m): Query<Msg>) -> Response {
    let r = async {
        let ds = app::org::list_departments(&s.app, &a.actor).await?;
        let mut t = TablePage::new(&a, "depts", "旗直部门", vec!["简码", "全称", "简称", "电话", "状态", ""]).flash(m.msg);
        let manage = a.actor.has(Permission::ManageStructure);
        if manage {
            t.actions.push(Link { label: "新增部门", href: "/admin/departments/new".to_owned() });
        }
        for d in ds {
            t.rows.push(vec![
                Cell::text(&d.code),
                Cell::text(&d.name),
                Cell::text(&d.short_name),
                Cell::text(d.phone.clone().unwrap_or_default()),
                if d.active { Cell::badge("在用", "good") } else { Cell::badge("停用", "bad") },
                if manage { Cell::link("编辑", format!("/admin/departments/{}/edit", d.id)) } else { Cell::text("") },
            ]);
        }
        Ok(t.into_response())
    }
    .await;
    page(&a, r)
}

fn department_fields(i: &DepartmentInput, creating: bool) -> Vec<Field> {
    let mut f = vec![
        Field::new("name", "部门全称", "text", &i.name).required().placeholder("乌审旗市场监督管理局"),
        Field::new("short_name", "部门简称", "text", &i.short_name).required().placeholder("市场监管局"),
        Field::new("code", "部门简码", "text", &i.code).required().help("2–16 位小写字母、数字或连字符，用于账号名，如 scjgj"),
        Field::new("phone", "联系电话", "text", i.phone.clone().unwrap_or_default()),
    ];
    if !creating {
        f.push(Field::new("active", "在用", "checkbox", checked(i.active)));
    }
    f
}

async fn department_new(PageUser(a): PageUser) -> Response {
    form_page(
        &a,
        "depts",
        "新增部门".into(),
        "/admin/departments/new".into(),
        department_fields(&DepartmentInput::default(), true),
        vec![],
        ("旗直部门", "/admin/departments".into()),
    )
    .into_response()
}

async fn department_create(State(s): State<AppState>, PageUser(a): PageUser, PageForm(i): PageForm<DepartmentInput>) -> Response {
    match app::org::create_department(&s.app, &a.actor, &i).await {
        Ok(d) => done("/admin/departments", &format!("已新增部门“{}”", d.name)),
        Err(e) => form_failed(&a, e, |inv| {
            let mut f = department_fields(&i, true);
            let errs = attach_errors(&mut f, inv);
            form_page(&a, "depts", "新增部门".into(), "/admin/departments/new".into(), f, errs, ("旗直部门", "/admin/departments".into()))
        }),
    }
}

async fn department_edit(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>) -> Response {
    let r = async {
        let d = app::org::list_departments(&s.app, &a.actor).await?.into_iter().find(|d| d.id == id).ok_or(AppError::NotFound("部门"))?;
        let i = DepartmentInput { code: d.code, name: d.name.clone(), short_name: d.short_name, phone: d.phone, active: d.active };
        Ok(form_page(
            &a,
            "depts",
            format!("编辑部门：{}", d.name),
            format!("/admin/departments/{id}/edit"),
            department_fields(&i, false),
            vec![],
            ("旗直部门", "/admin/departments".into()),
        )
        .into_response())
    }
    .await;
    page(&a, r)
}

async fn department_update(
    State(s): State<AppState>,
    PageUser(a): PageUser,
    Path(id): Path<i64>,
    PageForm(i): PageForm<DepartmentInput>,
) -> Response {
    match app::org::update_department(&s.app, &a.actor, id, &i).await {
        Ok(d) => done("/admin/departments", &format!("已保存部门“{}”", d.name)),
        Err(e) => form_failed(&a, e, |inv| {
            let mut f = department_fields(&i, false);
            let errs = attach_errors(&mut f, inv);
            form_page(
                &a,
                "depts",
                "编辑部门".into(),
                format!("/admin/departments/{id}/edit"),
                f,
                errs,
                ("旗直部门", "/admin/departments".into()),
            )
        }),
    }
}

// ---------------------------------------------------------------- sites

async fn sites(State(s): State<AppState>, PageUser(a): PageUser, Query(m): Query<Msg>) -> Response {
    let r = async {
        let list = app::org::list_sites(&s.app, &a.actor).await?;
        let mut t =
            TablePage::new(&a, "sites", "服务场所", vec!["名称", "类型", "所属机构", "在用窗口", "综合窗口占比", "状态"]).flash(m.msg);
        t.intro = Some("政务服务中心、便民服务中心、便民服务站。综合窗口占比目标 ≥ 80%。".to_owned());
        if a.actor.has(Permission::ManageSites) {
            t.actions.push(Link { label: "新增场所", href: "/admin/sites/new".to_owned() });
        }
        for x in list {
            let share = percent(x.comprehensive_windows, x.windows);
            let ok = x.windows > 0 && x.comprehensive_windows * 100 >= x.windows * 80;
            t.rows.push(vec![
                Cell::link(&x.site.name, format!("/admin/sites/{}", x.site.id)),
                Cell::text(SiteKind::parse("kind", &x.site.kind).map_or("", |k| k.label())),
                Cell::text(&x.site.org_name),
                Cell::text(x.windows.to_string()),
                match share {
                    Some(p) => Cell::badge(p, if ok { "good" } else { "bad" }),
                    None => Cell::text("—"),
                },
                if x.site.active { Cell::text("运行中") } else { Cell::badge("已停用", "bad") },
            ]);
        }
        Ok(t.into_response())
    }
    .await;
    page(&a, r)
}

fn site_fields(i: &SiteInput, units: &[store::org::OrgUnitRow], creating: bool) -> Vec<Field> {
    let kinds =
        opts(SiteKind::ALL.iter().map(|k| (k.code(), format!("{}（{}级）", k.label(), k.level().label()))), std::slice::from_ref(&i.kind));
    let mut f = vec![
        Field::new("name", "场所名称", "text", &i.name).required().placeholder("乌审旗政务服务中心"),
        Field::new("kind", "场所类型", "select", "").options(kinds).required(),
    ];
    if creating {
        f.push(
            Field::new("org_unit_id", "所属机构", "select", "")
                .options(unit_options(units, i.org_unit_id, None))
                .required()
                .help("政务服务中心设在旗级，便民服务中心设在苏木镇，便民服务站设在嘎查村/社区"),
        );
    }
    f.push(Field::new("address", "地址", "text", &i.address).required());
    f.push(Field::new("phone", "咨询电话", "text", i.phone.clone().unwrap_or_default()).placeholder("0477-7xxxxxx"));
    f.push(Field::new("hours_weekday", "工作日办公时间", "text", &i.hours_weekday).required().placeholder("09:00-12:00,13:30-17:30"));
    f.push(
        Field::new("hours_weekend", "周末办公时间", "text", &i.hours_weekend)
            .placeholder("不对外办公请留空")
            .help("如周六延时服务：09:00-12:00"),
    );
    if !creating {
        f.push(Field::new("active", "运行中", "checkbox", checked(i.active)));
    }
    f
}

async fn site_new(State(s): State<AppState>, PageUser(a): PageUser) -> Response {
    let r = async {
        let units = app::org::list_org_units(&s.app, &a.actor).await?;
        let i = SiteInput { hours_weekday: "09:00-12:00,13:30-17:30".into(), ..SiteInput::default() };
        Ok(form_page(
            &a,
            "sites",
            "新增场所".into(),
            "/admin/sites/new".into(),
            site_fields(&i, &units, true),
            vec![],
            ("服务场所", "/admin/sites".into()),
        )
        .into_response())
    }
    .await;
    page(&a, r)
}

async fn site_create(State(s): State<AppState>, PageUser(a): PageUser, PageForm(i): PageForm<SiteInput>) -> Response {
    match app::org::create_site(&s.app, &a.actor, &i).await {
        Ok(site) => done(&format!("/admin/sites/{}", site.id), "场所已创建，请添加区域和窗口"),
        Err(e) => {
            let units = app::org::list_org_units(&s.app, &a.actor).await.unwrap_or_default();
            form_failed(&a, e, |inv| {
                let mut f = site_fields(&i, &units, true);
                let errs = attach_errors(&mut f, inv);
                form_page(&a, "sites", "新增场所".into(), "/admin/sites/new".into(), f, errs, ("服务场所", "/admin/sites".into()))
            })
        }
    }
}

async fn site_edit(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>) -> Response {
    let r = async {
        let d = app::org::get_site(&s.app, &a.actor, id).await?;
        let x = d.summary.site;
        let i = SiteInput {
            org_unit_id: Some(x.org_unit_id),
            name: x.name.clone(),
            kind: x.kind,
            address: x.address,
            phone: x.phone,
            hours_weekday: x.hours_weekday,
            hours_weekend: x.hours_weekend,
            active: x.active,
        };
        Ok(form_page(
            &a,
            "sites",
            format!("编辑场所：{}", x.name),
            format!("/admin/sites/{id}/edit"),
            site_fields(&i, &[], false),
            vec![],
            ("场所详情", format!("/admin/sites/{id}")),
        )
        .into_response())
    }
    .await;
    page(&a, r)
}

async fn site_update(
    State(s): State<AppState>,
    PageUser(a): PageUser,
    Path(id): Path<i64>,
    PageForm(mut i): PageForm<SiteInput>,
) -> Response {
    // The org unit is fixed after creation; the form does not carry it.
    if i.org_unit_id.is_none()
        && let Ok(d) = app::org::get_site(&s.app, &a.actor, id).await
    {
        i.org_unit_id = Some(d.summary.site.org_unit_id);
    }
    match app::org::update_site(&s.app, &a.actor, id, &i).await {
        Ok(_) => done(&format!("/admin/sites/{id}"), "场所信息已保存"),
        Err(e) => form_failed(&a, e, |inv| {
            let mut f = site_fields(&i, &[], false);
            let errs = attach_errors(&mut f, inv);
            form_page(
                &a,
                "sites",
                "编辑场所".into(),
                format!("/admin/sites/{id}/edit"),
                f,
                errs,
                ("场所详情", format!("/admin/sites/{id}")),
            )
        }),
    }
}

/// The departments a window acts for: all of them when few, else the first few and a count.
fn dept_summary(names: Vec<&str>) -> (String, String) {
    let all = names.join("、");
    if names.len() <= 4 { (all.clone(), all) } else { (format!("{} 等 {} 个部门", names[..3].join("、"), names.len()), all) }
}

/// A window row on the site page.
struct WindowView {
    id: i64,
    number: String,
    name: String,
    kind_label: &'static str,
    comprehensive: bool,
    /// (shown, full list for the tooltip)
    departments: (String, String),
    staff_id: Option<i64>,
    staff_name: Option<String>,
    active: bool,
}

impl WindowView {
    /// Whether staff member `id` sits here today.
    fn seated(&self, id: impl std::borrow::Borrow<i64>) -> bool {
        self.staff_id == Some(*id.borrow())
    }
}

struct ZoneView {
    id: i64,
    name: String,
    kind_label: &'static str,
    floor: Option<String>,
    windows: Vec<WindowView>,
}

/// A staff option for the seating selects.
struct StaffOpt {
    id: i64,
    value: String,
    label: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "site.html")]
struct SitePage {
    chrome: Option<Chrome>,
    csrf: String,
    site: store::org::SiteRow,
    kind_label: &'static str,
    windows: i64,
    comprehensive: i64,
    share: String,
    share_ok: bool,
    seated: usize,
    today: String,
    zones: Vec<ZoneView>,
    can_manage: bool,
    staff_options: Vec<StaffOpt>,
    zone_kinds: Vec<Opt>,
    zone_errors: Vec<String>,
}

async fn render_site(s: &AppState, a: &Auth, id: i64, flash: Option<String>, zone_errors: Vec<String>) -> Result<SitePage> {
    let d = app::org::get_site(&s.app, &a.actor, id).await?;
    let staff_options = if d.can_manage {
        let staff = app::org::list_staff(&s.app, &a.actor, None, None, 500).await?.items;
        staff
            .into_iter()
            .filter(|x| x.active && (d.summary.site.org_path.starts_with(&x.org_path) || x.org_path.starts_with(&d.summary.site.org_path)))
            .map(|x| StaffOpt {
                id: x.id,
                value: x.id.to_string(),
                label: format!("{}（{}·{}）", x.name, x.department_name, x.grade_label),
            })
            .collect()
    } else {
        vec![]
    };
    let zones = d
        .zones
        .iter()
        .map(|z| ZoneView {
            id: z.id,
            name: z.name.clone(),
            kind_label: ZoneKind::parse("kind", &z.kind).map_or("", |k| k.label()),
            floor: z.floor.clone(),
            windows: d
                .windows
                .iter()
                .filter(|w| w.zone_id == z.id)
                .map(|w| {
                    let kind = WindowKind::parse("kind", &w.kind).ok();
                    let seat = d.seats.iter().find(|x| x.window_id == w.id);
                    WindowView {
                        id: w.id,
                        number: w.number.clone(),
                        name: w.name.clone(),
                        kind_label: kind.map_or("", |k| k.label()),
                        comprehensive: kind.is_some_and(WindowKind::is_comprehensive),
                        departments: dept_summary(
                            d.window_departments.iter().filter(|x| x.window_id == w.id).map(|x| x.short_name.as_str()).collect(),
                        ),
                        staff_id: seat.map(|x| x.staff_id),
                        staff_name: seat.map(|x| x.staff_name.clone()),
                        active: w.active,
                    }
                })
                .collect(),
        })
        .collect();
    let sum = &d.summary;
    let mut chrome = chrome(a, "sites");
    chrome.flash = flash;
    Ok(SitePage {
        chrome: Some(chrome),
        csrf: a.csrf.clone(),
        kind_label: SiteKind::parse("kind", &sum.site.kind).map_or("", |k| k.label()),
        windows: sum.windows,
        comprehensive: sum.comprehensive_windows,
        share: percent(sum.comprehensive_windows, sum.windows).unwrap_or_else(|| "—".into()),
        share_ok: sum.windows > 0 && sum.comprehensive_windows * 100 >= sum.windows * 80,
        seated: d.seats.len(),
        today: d.today.format("%m月%d日").to_string(),
        zones,
        can_manage: d.can_manage,
        staff_options,
        zone_kinds: opts(ZoneKind::ALL.iter().map(|k| (k.code(), k.label())), &[]),
        zone_errors,
        site: d.summary.site,
    })
}

async fn site_page(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>, Query(m): Query<Msg>) -> Response {
    let r = render_site(&s, &a, id, m.msg, vec![]).await.map(IntoResponse::into_response);
    page(&a, r)
}

async fn zone_create(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>, PageForm(i): PageForm<ZoneInput>) -> Response {
    match app::org::create_zone(&s.app, &a.actor, id, &i).await {
        Ok(z) => done(&format!("/admin/sites/{id}"), &format!("已添加区域“{}”", z.name)),
        Err(AppError::Invalid(inv)) => {
            let errs = inv.fields.iter().map(|f| f.message.clone()).collect();
            let r = render_site(&s, &a, id, None, errs).await.map(|p| (StatusCode::UNPROCESSABLE_ENTITY, p).into_response());
            page(&a, r)
        }
        Err(AppError::Conflict(msg)) => {
            let r = render_site(&s, &a, id, None, vec![msg]).await.map(|p| (StatusCode::CONFLICT, p).into_response());
            page(&a, r)
        }
        Err(e) => app_error_page(&e, Some(&a)),
    }
}

fn zone_fields(i: &ZoneInput) -> Vec<Field> {
    vec![
        Field::new("name", "区域名称", "text", &i.name).required(),
        Field::new("kind", "区域类型", "select", "")
            .options(opts(ZoneKind::ALL.iter().map(|k| (k.code(), k.label())), std::slice::from_ref(&i.kind)))
            .required(),
        Field::new("floor", "楼层", "text", i.floor.clone().unwrap_or_default()),
        Field::new("sort_order", "排序", "number", i.sort_order.clone().unwrap_or_default()),
    ]
}

async fn zone_edit(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>) -> Response {
    let r = async {
        let z = find_zone(&s, &a, id).await?;
        let i =
            ZoneInput { name: z.name.clone(), kind: z.kind.clone(), floor: z.floor.clone(), sort_order: Some(z.sort_order.to_string()) };
        Ok(form_page(
            &a,
            "sites",
            format!("编辑区域：{}", z.name),
            format!("/admin/zones/{id}/edit"),
            zone_fields(&i),
            vec![],
            ("场所详情", format!("/admin/sites/{}", z.site_id)),
        )
        .into_response())
    }
    .await;
    page(&a, r)
}

/// A zone, through its site (which checks the actor's scope).
async fn find_zone(s: &AppState, a: &Auth, id: i64) -> Result<store::org::ZoneRow> {
    let site_id = app::org::zone_site(&s.app, id).await?;
    let d = app::org::get_site(&s.app, &a.actor, site_id).await?;
    d.zones.into_iter().find(|z| z.id == id).ok_or(AppError::NotFound("区域"))
}

async fn zone_update(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>, PageForm(i): PageForm<ZoneInput>) -> Response {
    match app::org::update_zone(&s.app, &a.actor, id, &i).await {
        Ok(z) => done(&format!("/admin/sites/{}", z.site_id), "区域已保存"),
        Err(e) => form_failed(&a, e, |inv| {
            let mut f = zone_fields(&i);
            let errs = attach_errors(&mut f, inv);
            form_page(&a, "sites", "编辑区域".into(), format!("/admin/zones/{id}/edit"), f, errs, ("服务场所", "/admin/sites".into()))
        }),
    }
}

async fn zone_delete(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>) -> Response {
    let r = async {
        let z = find_zone(&s, &a, id).await?;
        app::org::delete_zone(&s.app, &a.actor, id).await?;
        Ok(done(&format!("/admin/sites/{}", z.site_id), &format!("已删除区域“{}”", z.name)))
    }
    .await;
    page(&a, r)
}

// ---------------------------------------------------------------- windows

async fn window_fields(s: &AppState, a: &Auth, site_id: i64, i: &WindowInput, editing: bool) -> Result<Vec<Field>> {
    let d = app::org::get_site(&s.app, &a.actor, site_id).await?;
    let depts = app::org::list_departments(&s.app, &a.actor).await?;
    let zones = opts(d.zones.iter().map(|z| (z.id, z.name.clone())), &[i.zone_id.map(|z| z.to_string()).unwrap_or_default()]);
    let kinds = opts(WindowKind::ALL.iter().map(|k| (k.code(), k.label())), std::slice::from_ref(&i.kind));
    let chosen: Vec<String> = i.department_ids.iter().map(i64::to_string).collect();
    let dopts = opts(depts.iter().filter(|x| x.active).map(|x| (x.id, x.short_name.clone())), &chosen);
    let mut f = vec![
        Field::new("number", "窗口号", "text", &i.number).required().placeholder("如 12").help("同一场所内不能重复"),
        Field::new("name", "窗口名称", "text", &i.name).required().placeholder("综合受理12号窗口"),
        Field::new("kind", "窗口类型", "select", "").options(kinds).required().help("无差别综合、分领域综合计入综合窗口占比"),
        Field::new("zone_id", "所在区域", "select", "").options(zones).required(),
        Field::new("department_ids", "代办部门", "multiselect", "").options(dopts).required().help("综合窗口可代多个部门受理"),
    ];
    if editing {
        f.push(Field::new("active", "在用", "checkbox", checked(i.active)));
    }
    Ok(f)
}

async fn window_form(
    s: &AppState,
    a: &Auth,
    site_id: i64,
    i: &WindowInput,
    editing: Option<i64>,
    inv: Option<&Invalid>,
) -> Result<FormPage> {
    let mut f = window_fields(s, a, site_id, i, editing.is_some()).await?;
    let errs = inv.map(|e| attach_errors(&mut f, e)).unwrap_or_default();
    let (title, action) = match editing {
        Some(id) => (format!("编辑窗口：{} 号", i.number), format!("/admin/windows/{id}/edit")),
        None => ("新增窗口".to_owned(), format!("/admin/sites/{site_id}/windows/new")),
    };
    Ok(form_page(a, "sites", title, action, f, errs, ("场所详情", format!("/admin/sites/{site_id}"))))
}

async fn window_new(State(s): State<AppState>, PageUser(a): PageUser, Path(site_id): Path<i64>) -> Response {
    let i = WindowInput { kind: WindowKind::Comprehensive.code().into(), ..WindowInput::default() };
    let r = window_form(&s, &a, site_id, &i, None, None).await.map(IntoResponse::into_response);
    page(&a, r)
}

/// Re-renders a window form after a failed save.
async fn window_failed(s: &AppState, a: &Auth, site_id: i64, i: &WindowInput, editing: Option<i64>, e: AppError) -> Response {
    let (status, inv) = match e {
        AppError::Invalid(inv) => (StatusCode::UNPROCESSABLE_ENTITY, inv),
        AppError::Conflict(m) => (StatusCode::CONFLICT, Invalid::one("number", m)),
        other => return app_error_page(&other, Some(a)),
    };
    let r = window_form(s, a, site_id, i, editing, Some(&inv)).await.map(|p| (status, p).into_response());
    page(a, r)
}

async fn window_create(
    State(s): State<AppState>,
    PageUser(a): PageUser,
    Path(site_id): Path<i64>,
    PageForm(i): PageForm<WindowInput>,
) -> Response {
    match app::org::create_window(&s.app, &a.actor, site_id, &i).await {
        Ok(w) => done(&format!("/admin/sites/{site_id}"), &format!("已新增 {} 号窗口", w.number)),
        Err(e) => window_failed(&s, &a, site_id, &i, None, e).await,
    }
}

async fn window_edit(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>) -> Response {
    let r = async {
        let (w, depts) = app::org::get_window(&s.app, &a.actor, id).await?;
        let i = WindowInput {
            site_id: Some(w.site_id),
            zone_id: Some(w.zone_id),
            number: w.number,
            name: w.name,
            kind: w.kind,
            department_ids: depts,
            active: w.active,
        };
        Ok(window_form(&s, &a, w.site_id, &i, Some(id), None).await?.into_response())
    }
    .await;
    page(&a, r)
}

async fn window_update(
    State(s): State<AppState>,
    PageUser(a): PageUser,
    Path(id): Path<i64>,
    PageForm(i): PageForm<WindowInput>,
) -> Response {
    let site_id = match app::org::get_window(&s.app, &a.actor, id).await {
        Ok((w, _)) => w.site_id,
        Err(e) => return app_error_page(&e, Some(&a)),
    };
    match app::org::update_window(&s.app, &a.actor, id, &i).await {
        Ok(w) => done(&format!("/admin/sites/{site_id}"), &format!("已保存 {} 号窗口", w.number)),
        Err(e) => window_failed(&s, &a, site_id, &i, Some(id), e).await,
    }
}

#[derive(Deserialize)]
struct SeatForm {
    #[serde(default, deserialize_with = "app::support::input::opt_id")]
    staff_id: Option<i64>,
}

async fn window_seat(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>, PageForm(f): PageForm<SeatForm>) -> Response {
    let r = async {
        let (w, _) = app::org::get_window(&s.app, &a.actor, id).await?;
        app::org::seat_today(&s.app, &a.actor, id, f.staff_id).await?;
        let msg = if f.staff_id.is_some() {
            format!("已安排 {} 号窗口今日人员", w.number)
        } else {
            format!("{} 号窗口今日空岗", w.number)
        };
        Ok(done(&format!("/admin/sites/{}#zone-{}", w.site_id, w.zone_id), &msg))
    }
    .await;
    page(&a, r)
}

// ---------------------------------------------------------------- staff

#[derive(Deserialize, Default)]
struct StaffQuery {
    department_id: Option<String>,
    cursor: Option<i64>,
    msg: Option<String>,
}

async fn staff_list(State(s): State<AppState>, PageUser(a): PageUser, Query(q): Query<StaffQuery>) -> Response {
    let r = async {
        let dept = q.department_id.as_deref().and_then(|d| d.parse::<i64>().ok());
        let p = app::org::list_staff(&s.app, &a.actor, dept, q.cursor, 100).await?;
        let mut t = TablePage::new(
            &a,
            "staff",
            "工作人员",
            vec!["照片", "姓名", "派驻部门", "所属机构", "岗位等级", "进驻日期", "手机", "今日岗位", ""],
        )
        .flash(q.msg);
        if a.actor.has(Permission::ManageStaff) {
            t.actions.push(Link { label: "新增工作人员", href: "/admin/staff/new".to_owned() });
        }
        t.intro = Some("手机号已加密存储，页面只显示脱敏号码。".to_owned());
        for x in p.items {
            let manage = a.actor.can(Permission::ManageStaff, &x.org_path, None);
            t.rows.push(vec![
                if x.has_photo {
                    Cell::link("查看", format!("/admin/staff/{}/image", x.id))
                } else if manage {
                    Cell::link("上传", format!("/admin/staff/{}/photo", x.id))
                } else {
                    Cell::text("—")
                },
                Cell::text(&x.name),
                Cell::text(&x.department_name),
                Cell::text(&x.org_name),
                Cell::text(&x.grade_label),
                Cell::text(x.stationed_since.to_string()),
                Cell::text(&x.phone_masked),
                Cell::text(x.seat_today.clone().unwrap_or_else(|| "—".into())),
                if manage { Cell::link("编辑", format!("/admin/staff/{}/edit", x.id)) } else { Cell::text("") },
            ]);
        }
        t.next_href =
            p.next_cursor.map(|c| format!("/admin/staff?cursor={c}{}", dept.map(|d| format!("&department_id={d}")).unwrap_or_default()));
        Ok(t.into_response())
    }
    .await;
    page(&a, r)
}

async fn staff_fields(s: &AppState, a: &Auth, i: &StaffInput, editing: bool) -> Result<Vec<Field>> {
    let units = app::org::list_org_units(&s.app, &a.actor).await?;
    let depts = app::org::list_departments(&s.app, &a.actor).await?;
    let sel = |v: Option<i64>| vec![v.map(|x| x.to_string()).unwrap_or_default()];
    let mut f = vec![
        Field::new("name", "姓名", "text", &i.name).required(),
        Field::new("department_id", "派驻部门", "select", "")
            .options(opts(depts.iter().map(|d| (d.id, d.short_name.clone())), &sel(i.department_id)))
            .required(),
        Field::new("org_unit_id", "所属机构", "select", "").options(unit_options(&units, i.org_unit_id, None)).required(),
        Field::new("stationed_since", "进驻日期", "date", &i.stationed_since).required().help("派驻人员原则上进驻不少于一年"),
        Field::new("grade", "岗位等级", "select", "")
            .options(opts(PostGrade::ALL.iter().map(|g| (g.code(), g.label())), std::slice::from_ref(&i.grade)))
            .required(),
    ];
    let phone = Field::new("phone", "手机号", "text", i.phone.clone().unwrap_or_default());
    if editing {
        f.push(phone.help("已加密保存；不修改请留空"));
        f.push(Field::new("active", "在岗（未停用）", "checkbox", checked(i.active)));
    } else {
        f.push(phone.required());
    }
    Ok(f)
}

async fn staff_form(s: &AppState, a: &Auth, i: &StaffInput, editing: Option<i64>, inv: Option<&Invalid>) -> Result<FormPage> {
    let mut f = staff_fields(s, a, i, editing.is_some()).await?;
    let errs = inv.map(|e| attach_errors(&mut f, e)).unwrap_or_default();
    let (title, action) = match editing {
        Some(id) => (format!("编辑工作人员：{}", i.name), format!("/admin/staff/{id}/edit")),
        None => ("新增工作人员".to_owned(), "/admin/staff/new".to_owned()),
    };
    Ok(form_page(a, "staff", title, action, f, errs, ("工作人员", "/admin/staff".into())))
}

async fn staff_failed(s: &AppState, a: &Auth, i: &StaffInput, editing: Option<i64>, e: AppError) -> Response {
    let (status, inv) = match e {
        AppError::Invalid(inv) => (StatusCode::UNPROCESSABLE_ENTITY, inv),
        other => return app_error_page(&other, Some(a)),
    };
    // Never echo a phone number back into the page.
    let i = StaffInput { phone: None, ..i.clone() };
    let r = staff_form(s, a, &i, editing, Some(&inv)).await.map(|p| (status, p).into_response());
    page(a, r)
}

async fn staff_new(State(s): State<AppState>, PageUser(a): PageUser) -> Response {
    let i = StaffInput { grade: PostGrade::Junior.code().into(), ..StaffInput::default() };
    let r = staff_form(&s, &a, &i, None, None).await.map(IntoResponse::into_response);
    page(&a, r)
}

async fn staff_create(State(s): State<AppState>, PageUser(a): PageUser, PageForm(i): PageForm<StaffInput>) -> Response {
    match app::org::create_staff(&s.app, &a.actor, &i).await {
        Ok(v) => done("/admin/staff", &format!("已新增工作人员 {}", v.name)),
        Err(e) => staff_failed(&s, &a, &i, None, e).await,
    }
}

async fn staff_edit(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>) -> Response {
    let r = async {
        let v = app::org::get_staff(&s.app, &a.actor, id).await?;
        let i = StaffInput {
            name: v.name,
            department_id: Some(v.department_id),
            org_unit_id: Some(v.org_unit_id),
            stationed_since: v.stationed_since.to_string(),
            grade: v.grade,
            phone: None,
            active: v.active,
        };
        Ok(staff_form(&s, &a, &i, Some(id), None).await?.into_response())
    }
    .await;
    page(&a, r)
}

async fn staff_update(
    State(s): State<AppState>,
    PageUser(a): PageUser,
    Path(id): Path<i64>,
    PageForm(i): PageForm<StaffInput>,
) -> Response {
    match app::org::update_staff(&s.app, &a.actor, id, &i).await {
        Ok(v) => done("/admin/staff", &format!("已保存工作人员 {}", v.name)),
        Err(e) => staff_failed(&s, &a, &i, Some(id), e).await,
    }
}

fn photo_page(a: &Auth, id: i64, name: &str, errs: Vec<String>) -> FormPage {
    let mut f = vec![Field::new("photo", "照片", "file", "").required().help("JPG、PNG 或 WebP，不超过 2 MB；用于窗口屏展示")];
    if let Some(e) = errs.first() {
        f[0].error = Some(e.clone());
    }
    let mut p = form_page(
        a,
        "staff",
        format!("上传照片：{name}"),
        format!("/admin/staff/{id}/photo?_csrf={}", a.csrf),
        f,
        errs,
        ("工作人员", "/admin/staff".into()),
    );
    p.multipart = true;
    p.submit = "上传";
    p
}

async fn photo_form(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>) -> Response {
    let r = async {
        let v = app::org::get_staff(&s.app, &a.actor, id).await?;
        Ok(photo_page(&a, id, &v.name, vec![]).into_response())
    }
    .await;
    page(&a, r)
}

async fn photo_upload(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>, mut mp: Multipart) -> Response {
    let mut bytes = Vec::new();
    loop {
        match mp.next_field().await {
            Ok(Some(field)) if field.name() == Some("photo") => match field.bytes().await {
                Ok(b) => bytes = b.to_vec(),
                Err(_) => {
                    return super::error_page(StatusCode::BAD_REQUEST, "上传失败", "照片文件读取失败，请重试", Some(chrome(&a, "staff")));
                }
            },
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(_) => {
                return super::error_page(
                    StatusCode::BAD_REQUEST,
                    "上传失败",
                    "上传内容无法识别，请重新选择文件",
                    Some(chrome(&a, "staff")),
                );
            }
        }
    }
    match app::org::set_staff_photo(&s.app, &a.actor, id, &bytes).await {
        Ok(()) => done("/admin/staff", "照片已上传"),
        Err(AppError::Invalid(inv)) => {
            let name = app::org::get_staff(&s.app, &a.actor, id).await.map(|v| v.name).unwrap_or_default();
            (StatusCode::UNPROCESSABLE_ENTITY, photo_page(&a, id, &name, inv.fields.into_iter().map(|f| f.message).collect()))
                .into_response()
        }
        Err(e) => app_error_page(&e, Some(&a)),
    }
}

async fn photo_image(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>) -> Response {
    match app::org::staff_photo(&s.app, &a.actor, id).await {
        Ok((bytes, ct)) => {
            ([(header::CONTENT_TYPE, ct), (header::CACHE_CONTROL, "private, max-age=300".to_owned())], bytes).into_response()
        }
        Err(e) => app_error_page(&e, Some(&a)),
    }
}
