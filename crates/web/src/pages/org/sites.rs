//! Sites (`/admin/sites`): the list, the form, a site's page with its zones and windows, and zones.

use app::org::{SiteInput, ZoneInput};
use app::{AppError, Result};
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use domain::access::Permission;
use domain::org::{SiteKind, WindowKind, ZoneKind};

use super::common::*;
use crate::extract::caller::{Auth, PageUser};
use crate::extract::form::PageForm;
use crate::respond::form::unprocessable;
use crate::respond::page::{app_error_page, page};
use crate::respond::view::{Cell, Chrome, Field, Link, Msg, Opt, TablePage, attach_errors, chrome, done, opts, percent, unit_options};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/sites", get(sites))
        .route("/admin/sites/new", get(site_new).post(site_create))
        .route("/admin/sites/{id}", get(site_page))
        .route("/admin/sites/{id}/edit", get(site_edit).post(site_update))
        .route("/admin/sites/{id}/zones", post(zone_create))
        .route("/admin/zones/{id}/edit", get(zone_edit).post(zone_update))
        .route("/admin/zones/{id}/delete", post(zone_delete))
}

// ---------------------------------------------------------------- sites

pub(super) async fn sites(State(s): State<AppState>, PageUser(a): PageUser, Query(m): Query<Msg>) -> Response {
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

pub(super) fn site_fields(i: &SiteInput, units: &[app::org::OrgUnitView], creating: bool) -> Vec<Field> {
    let kinds =
        opts(SiteKind::ALL.iter().map(|k| (k.code(), format!("{}（{}级）", k.label(), k.level().label()))), std::slice::from_ref(&i.kind));
    let mut f = vec![
        Field::new("name", "场所名称", "text", &i.name).required().placeholder("乌审旗政务服务中心"),
        Field::new("kind", "场所类型", "select", "").options(kinds).required(),
        Field::new("name_mn", "蒙古文名称", "mongolian", i.name_mn.clone().unwrap_or_default())
            .help("传统蒙古文，叫号屏、取号机和窗口屏竖排显示；不填则只显示汉文"),
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

pub(super) async fn site_new(State(s): State<AppState>, PageUser(a): PageUser) -> Response {
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

pub(super) async fn site_create(State(s): State<AppState>, PageUser(a): PageUser, PageForm(i): PageForm<SiteInput>) -> Response {
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

pub(super) async fn site_edit(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>) -> Response {
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
            name_mn: x.name_mn,
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

pub(super) async fn site_update(
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
pub(super) fn dept_summary(names: Vec<&str>) -> (String, String) {
    let all = names.join("、");
    if names.len() <= 4 { (all.clone(), all) } else { (format!("{} 等 {} 个部门", names[..3].join("、"), names.len()), all) }
}

/// A window row on the site page.
pub(super) struct WindowView {
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

pub(super) struct ZoneView {
    id: i64,
    name: String,
    kind_label: &'static str,
    floor: Option<String>,
    windows: Vec<WindowView>,
}

/// A staff option for the seating selects.
pub(super) struct StaffOpt {
    id: i64,
    value: String,
    label: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "org/site.html")]
pub(super) struct SitePage {
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

pub(super) async fn render_site(s: &AppState, a: &Auth, id: i64, flash: Option<String>, zone_errors: Vec<String>) -> Result<SitePage> {
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

pub(super) async fn site_page(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>, Query(m): Query<Msg>) -> Response {
    let r = render_site(&s, &a, id, m.msg, vec![]).await.map(IntoResponse::into_response);
    page(&a, r)
}

pub(super) async fn zone_create(
    State(s): State<AppState>,
    PageUser(a): PageUser,
    Path(id): Path<i64>,
    PageForm(i): PageForm<ZoneInput>,
) -> Response {
    match app::org::create_zone(&s.app, &a.actor, id, &i).await {
        Ok(z) => done(&format!("/admin/sites/{id}"), &format!("已添加区域“{}”", z.name)),
        Err(AppError::Invalid(inv)) => {
            let errs = inv.fields.iter().map(|f| f.message.clone()).collect();
            let r = render_site(&s, &a, id, None, errs).await.map(unprocessable);
            page(&a, r)
        }
        Err(AppError::Conflict(msg)) => {
            let r = render_site(&s, &a, id, None, vec![msg]).await.map(|p| (StatusCode::CONFLICT, p).into_response());
            page(&a, r)
        }
        Err(e) => app_error_page(&e, Some(&a)),
    }
}

pub(super) fn zone_fields(i: &ZoneInput) -> Vec<Field> {
    vec![
        Field::new("name", "区域名称", "text", &i.name).required(),
        Field::new("kind", "区域类型", "select", "")
            .options(opts(ZoneKind::ALL.iter().map(|k| (k.code(), k.label())), std::slice::from_ref(&i.kind)))
            .required(),
        Field::new("floor", "楼层", "text", i.floor.clone().unwrap_or_default()),
        Field::new("sort_order", "排序", "number", i.sort_order.clone().unwrap_or_default()),
    ]
}

pub(super) async fn zone_edit(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>) -> Response {
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
pub(super) async fn find_zone(s: &AppState, a: &Auth, id: i64) -> Result<store::org::ZoneRow> {
    let site_id = app::org::zone_site(&s.app, id).await?;
    let d = app::org::get_site(&s.app, &a.actor, site_id).await?;
    d.zones.into_iter().find(|z| z.id == id).ok_or(AppError::NotFound("区域"))
}

pub(super) async fn zone_update(
    State(s): State<AppState>,
    PageUser(a): PageUser,
    Path(id): Path<i64>,
    PageForm(i): PageForm<ZoneInput>,
) -> Response {
    match app::org::update_zone(&s.app, &a.actor, id, &i).await {
        Ok(z) => done(&format!("/admin/sites/{}", z.site_id), "区域已保存"),
        Err(e) => form_failed(&a, e, |inv| {
            let mut f = zone_fields(&i);
            let errs = attach_errors(&mut f, inv);
            form_page(&a, "sites", "编辑区域".into(), format!("/admin/zones/{id}/edit"), f, errs, ("服务场所", "/admin/sites".into()))
        }),
    }
}

pub(super) async fn zone_delete(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>) -> Response {
    let r = async {
        let z = find_zone(&s, &a, id).await?;
        app::org::delete_zone(&s.app, &a.actor, id).await?;
        Ok(done(&format!("/admin/sites/{}", z.site_id), &format!("已删除区域“{}”", z.name)))
    }
    .await;
    page(&a, r)
}
