//! Org units and departments: `/admin/org-units` and `/admin/departments`, with their forms.

use app::AppError;
use app::org::{DepartmentInput, OrgUnitInput};
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use domain::access::Permission;
use domain::org::OrgLevel;

use super::common::*;
use crate::extract::caller::PageUser;
use crate::extract::form::PageForm;
use crate::respond::page::page;
use crate::respond::view::{Cell, Field, Link, Msg, TablePage, attach_errors, done, unit_options};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/org-units", get(org_units))
        .route("/admin/org-units/new", get(org_unit_new).post(org_unit_create))
        .route("/admin/org-units/{id}/edit", get(org_unit_edit).post(org_unit_update))
        .route("/admin/departments", get(departments))
        .route("/admin/departments/new", get(department_new).post(department_create))
        .route("/admin/departments/{id}/edit", get(department_edit).post(department_update))
}

// ---------------------------------------------------------------- org units

pub(super) async fn org_units(State(s): State<AppState>, PageUser(a): PageUser, Query(m): Query<Msg>) -> Response {
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

pub(super) fn org_unit_fields(i: &OrgUnitInput, units: &[app::org::OrgUnitView], creating: bool) -> Vec<Field> {
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

pub(super) async fn org_unit_new(State(s): State<AppState>, PageUser(a): PageUser) -> Response {
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

pub(super) async fn org_unit_create(State(s): State<AppState>, PageUser(a): PageUser, PageForm(i): PageForm<OrgUnitInput>) -> Response {
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

pub(super) async fn org_unit_edit(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>) -> Response {
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

pub(super) async fn org_unit_update(
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

pub(super) async fn departments(State(s): State<AppState>, PageUser(a): PageUser, Query(m): Query<Msg>) -> Response {
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

pub(super) fn department_fields(i: &DepartmentInput, creating: bool) -> Vec<Field> {
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

pub(super) async fn department_new(PageUser(a): PageUser) -> Response {
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

pub(super) async fn department_create(
    State(s): State<AppState>,
    PageUser(a): PageUser,
    PageForm(i): PageForm<DepartmentInput>,
) -> Response {
    match app::org::create_department(&s.app, &a.actor, &i).await {
        Ok(d) => done("/admin/departments", &format!("已新增部门“{}”", d.name)),
        Err(e) => form_failed(&a, e, |inv| {
            let mut f = department_fields(&i, true);
            let errs = attach_errors(&mut f, inv);
            form_page(&a, "depts", "新增部门".into(), "/admin/departments/new".into(), f, errs, ("旗直部门", "/admin/departments".into()))
        }),
    }
}

pub(super) async fn department_edit(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>) -> Response {
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

pub(super) async fn department_update(
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
