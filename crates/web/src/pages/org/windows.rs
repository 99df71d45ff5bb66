//! Windows (`/admin/sites/{id}/windows/new`, `/admin/windows/{id}/…`): the form and today's seating.

use app::org::WindowInput;
use app::{AppError, Result};
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use domain::Invalid;
use domain::org::WindowKind;
use serde::Deserialize;

use super::common::*;
use crate::extract::caller::{Auth, PageUser};
use crate::extract::form::PageForm;
use crate::respond::page::{app_error_page, page};
use crate::respond::view::{Field, FormPage, attach_errors, done, opts};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/sites/{id}/windows/new", get(window_new).post(window_create))
        .route("/admin/windows/{id}/edit", get(window_edit).post(window_update))
        .route("/admin/windows/{id}/seat", post(window_seat))
}

// ---------------------------------------------------------------- windows

pub(super) async fn window_fields(s: &AppState, a: &Auth, site_id: i64, i: &WindowInput, editing: bool) -> Result<Vec<Field>> {
    let d = app::org::get_site(&s.app, &a.actor, site_id).await?;
    let depts = app::org::list_departments(&s.app, &a.actor).await?;
    let zones = opts(d.zones.iter().map(|z| (z.id, z.name.clone())), &[i.zone_id.map(|z| z.to_string()).unwrap_or_default()]);
    let kinds = opts(WindowKind::ALL.iter().map(|k| (k.code(), k.label())), std::slice::from_ref(&i.kind));
    let chosen: Vec<String> = i.department_ids.iter().map(i64::to_string).collect();
    let dopts = opts(depts.iter().filter(|x| x.active).map(|x| (x.id, x.short_name.clone())), &chosen);
    let mut f = vec![
        Field::new("number", "窗口号", "text", &i.number).required().placeholder("如 12").help("同一场所内不能重复"),
        Field::new("name", "窗口名称", "text", &i.name).required().placeholder("综合受理12号窗口"),
        Field::new("name_mn", "蒙古文名称", "mongolian", i.name_mn.clone().unwrap_or_default())
            .help("传统蒙古文，叫号屏、取号机和窗口屏竖排显示；不填则只显示汉文"),
        Field::new("kind", "窗口类型", "select", "").options(kinds).required().help("无差别综合、分领域综合计入综合窗口占比"),
        Field::new("zone_id", "所在区域", "select", "").options(zones).required(),
        Field::new("department_ids", "代办部门", "multiselect", "").options(dopts).required().help("综合窗口可代多个部门受理"),
    ];
    if editing {
        f.push(Field::new("active", "在用", "checkbox", checked(i.active)));
    }
    Ok(f)
}

pub(super) async fn window_form(
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

pub(super) async fn window_new(State(s): State<AppState>, PageUser(a): PageUser, Path(site_id): Path<i64>) -> Response {
    let i = WindowInput { kind: WindowKind::Comprehensive.code().into(), ..WindowInput::default() };
    let r = window_form(&s, &a, site_id, &i, None, None).await.map(IntoResponse::into_response);
    page(&a, r)
}

/// Re-renders a window form after a failed save.
pub(super) async fn window_failed(s: &AppState, a: &Auth, site_id: i64, i: &WindowInput, editing: Option<i64>, e: AppError) -> Response {
    let (status, inv) = match e {
        AppError::Invalid(inv) => (StatusCode::UNPROCESSABLE_ENTITY, inv),
        AppError::Conflict(m) => (StatusCode::CONFLICT, Invalid::one("number", m)),
        other => return app_error_page(&other, Some(a)),
    };
    let r = window_form(s, a, site_id, i, editing, Some(&inv)).await.map(|p| (status, p).into_response());
    page(a, r)
}

pub(super) async fn window_create(
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

pub(super) async fn window_edit(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>) -> Response {
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
            name_mn: w.name_mn,
        };
        Ok(window_form(&s, &a, w.site_id, &i, Some(id), None).await?.into_response())
    }
    .await;
    page(&a, r)
}

pub(super) async fn window_update(
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
pub(super) struct SeatForm {
    #[serde(default, deserialize_with = "app::support::input::opt_id")]
    staff_id: Option<i64>,
}

pub(super) async fn window_seat(
    State(s): State<AppState>,
    PageUser(a): PageUser,
    Path(id): Path<i64>,
    PageForm(f): PageForm<SeatForm>,
) -> Response {
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
