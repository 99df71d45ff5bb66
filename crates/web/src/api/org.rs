//! Organisation routes: org units, departments, sites, zones, windows, staff, seating.

use app::org::{DepartmentInput, OrgUnitInput, SiteInput, StaffInput, WindowInput, ZoneInput};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::extract::caller::ApiUser;
use crate::extract::json::{ApiJson, PageQuery};
use crate::respond::error::ApiError;
use crate::respond::list::{List, Paged, all};
use crate::state::AppState;

type R = Result<Json<Value>, ApiError>;
type Created = Result<(StatusCode, Json<Value>), ApiError>;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_org_units, create_org_unit))
        .routes(routes!(get_org_unit, update_org_unit))
        .routes(routes!(list_departments, create_department))
        .routes(routes!(update_department))
        .routes(routes!(list_sites, create_site))
        .routes(routes!(get_site, update_site))
        .routes(routes!(create_zone))
        .routes(routes!(update_zone, delete_zone))
        .routes(routes!(list_windows, create_window))
        .routes(routes!(get_window, update_window))
        .routes(routes!(seat_window))
        .routes(routes!(list_staff, create_staff))
        .routes(routes!(get_staff, update_staff))
}

fn created(v: impl serde::Serialize) -> Created {
    Ok((StatusCode::CREATED, Json(json!(v))))
}

/// Org units the caller may see, parents first.
#[utoipa::path(get, path = "/org-units", tag = "org", responses((status = 200, description = "{items, next_cursor}", body = List<app::org::OrgUnitView>)))]
async fn list_org_units(State(s): State<AppState>, ApiUser(a): ApiUser) -> R {
    Ok(Json(all(app::org::list_org_units(&s.app, &a.actor).await?)))
}

/// Adds an org unit below a parent (level follows the parent).
#[utoipa::path(post, path = "/org-units", tag = "org", request_body = OrgUnitInput, responses((status = 201, description = "已创建"), (status = 422, description = "输入有误")))]
async fn create_org_unit(State(s): State<AppState>, ApiUser(a): ApiUser, ApiJson(i): ApiJson<OrgUnitInput>) -> Created {
    created(app::org::create_org_unit(&s.app, &a.actor, &i).await?)
}

#[utoipa::path(get, path = "/org-units/{id}", tag = "org", params(("id" = i64, Path)), responses((status = 200, description = "组织机构"), (status = 404, description = "不存在")))]
async fn get_org_unit(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>) -> R {
    Ok(Json(json!(app::org::get_org_unit(&s.app, &a.actor, id).await?)))
}

#[utoipa::path(put, path = "/org-units/{id}", tag = "org", params(("id" = i64, Path)), request_body = OrgUnitInput, responses((status = 200, description = "已修改")))]
async fn update_org_unit(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>, ApiJson(i): ApiJson<OrgUnitInput>) -> R {
    Ok(Json(json!(app::org::update_org_unit(&s.app, &a.actor, id, &i).await?)))
}

/// Every department.
#[utoipa::path(get, path = "/departments", tag = "org", responses((status = 200, description = "{items, next_cursor}", body = List<app::org::DepartmentView>)))]
async fn list_departments(State(s): State<AppState>, ApiUser(a): ApiUser) -> R {
    Ok(Json(all(app::org::list_departments(&s.app, &a.actor).await?)))
}

#[utoipa::path(post, path = "/departments", tag = "org", request_body = DepartmentInput, responses((status = 201, description = "已创建"), (status = 409, description = "简码或名称重复")))]
async fn create_department(State(s): State<AppState>, ApiUser(a): ApiUser, ApiJson(i): ApiJson<DepartmentInput>) -> Created {
    created(app::org::create_department(&s.app, &a.actor, &i).await?)
}

#[utoipa::path(put, path = "/departments/{id}", tag = "org", params(("id" = i64, Path)), request_body = DepartmentInput, responses((status = 200, description = "已修改")))]
async fn update_department(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>, ApiJson(i): ApiJson<DepartmentInput>) -> R {
    Ok(Json(json!(app::org::update_department(&s.app, &a.actor, id, &i).await?)))
}

/// Sites the caller may see, with window counts.
#[utoipa::path(get, path = "/sites", tag = "org", responses((status = 200, description = "{items, next_cursor}", body = List<app::org::SiteSummary>)))]
async fn list_sites(State(s): State<AppState>, ApiUser(a): ApiUser) -> R {
    Ok(Json(all(app::org::list_sites(&s.app, &a.actor).await?)))
}

#[utoipa::path(post, path = "/sites", tag = "org", request_body = SiteInput, responses((status = 201, description = "已创建"), (status = 422, description = "输入有误")))]
async fn create_site(State(s): State<AppState>, ApiUser(a): ApiUser, ApiJson(i): ApiJson<SiteInput>) -> Created {
    created(app::org::create_site(&s.app, &a.actor, &i).await?)
}

/// A site with its zones, windows, window departments and today's seating.
#[utoipa::path(get, path = "/sites/{id}", tag = "org", params(("id" = i64, Path)), responses((status = 200, description = "场所详情"), (status = 403, description = "不在管辖范围")))]
async fn get_site(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>) -> R {
    Ok(Json(json!(app::org::get_site(&s.app, &a.actor, id).await?)))
}

#[utoipa::path(put, path = "/sites/{id}", tag = "org", params(("id" = i64, Path)), request_body = SiteInput, responses((status = 200, description = "已修改")))]
async fn update_site(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>, ApiJson(i): ApiJson<SiteInput>) -> R {
    Ok(Json(json!(app::org::update_site(&s.app, &a.actor, id, &i).await?)))
}

#[utoipa::path(post, path = "/sites/{id}/zones", tag = "org", params(("id" = i64, Path)), request_body = ZoneInput, responses((status = 201, description = "已创建")))]
async fn create_zone(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>, ApiJson(i): ApiJson<ZoneInput>) -> Created {
    created(app::org::create_zone(&s.app, &a.actor, id, &i).await?)
}

#[utoipa::path(put, path = "/zones/{id}", tag = "org", params(("id" = i64, Path)), request_body = ZoneInput, responses((status = 200, description = "已修改")))]
async fn update_zone(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>, ApiJson(i): ApiJson<ZoneInput>) -> R {
    Ok(Json(json!(app::org::update_zone(&s.app, &a.actor, id, &i).await?)))
}

/// Removes an empty zone.
#[utoipa::path(delete, path = "/zones/{id}", tag = "org", params(("id" = i64, Path)), responses((status = 204, description = "已删除"), (status = 409, description = "区域内仍有窗口")))]
async fn delete_zone(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>) -> Result<StatusCode, ApiError> {
    app::org::delete_zone(&s.app, &a.actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Windows the caller may see.
#[utoipa::path(get, path = "/windows", tag = "org", params(PageQuery), responses((status = 200, description = "{items, next_cursor}", body = Paged<app::org::WindowView>)))]
async fn list_windows(State(s): State<AppState>, ApiUser(a): ApiUser, Query(q): Query<PageQuery>) -> R {
    Ok(Json(json!(app::org::list_windows(&s.app, &a.actor, q.cursor, q.limit()).await?)))
}

/// Adds a window to `site_id` (in the body).
#[utoipa::path(post, path = "/windows", tag = "org", request_body = WindowInput, responses((status = 201, description = "已创建"), (status = 409, description = "窗口号重复")))]
async fn create_window(State(s): State<AppState>, ApiUser(a): ApiUser, ApiJson(i): ApiJson<WindowInput>) -> Created {
    let site = i.site_id.ok_or_else(|| app::AppError::Invalid(domain::Invalid::one("site_id", "请指定窗口所在场所")))?;
    created(app::org::create_window(&s.app, &a.actor, site, &i).await?)
}

#[utoipa::path(get, path = "/windows/{id}", tag = "org", params(("id" = i64, Path)), responses((status = 200, description = "窗口")))]
async fn get_window(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>) -> R {
    let (w, d) = app::org::get_window(&s.app, &a.actor, id).await?;
    let mut v = json!(w);
    v["department_ids"] = json!(d);
    Ok(Json(v))
}

#[utoipa::path(put, path = "/windows/{id}", tag = "org", params(("id" = i64, Path)), request_body = WindowInput, responses((status = 200, description = "已修改")))]
async fn update_window(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>, ApiJson(i): ApiJson<WindowInput>) -> R {
    Ok(Json(json!(app::org::update_window(&s.app, &a.actor, id, &i).await?)))
}

/// Who sits at a window today.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SeatInput {
    /// The staff member; null leaves the window empty today.
    #[serde(default, deserialize_with = "app::support::input::opt_id")]
    pub staff_id: Option<i64>,
}

#[utoipa::path(put, path = "/windows/{id}/seat", tag = "org", params(("id" = i64, Path)), request_body = SeatInput, responses((status = 204, description = "已安排")))]
async fn seat_window(
    State(s): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<i64>,
    ApiJson(i): ApiJson<SeatInput>,
) -> Result<StatusCode, ApiError> {
    app::org::seat_today(&s.app, &a.actor, id, i.staff_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct StaffQuery {
    pub department_id: Option<i64>,
    #[serde(default, deserialize_with = "app::support::input::limit_500")]
    pub limit: Option<i64>,
    pub cursor: Option<i64>,
}

/// Staff the caller may see; phones are masked.
#[utoipa::path(get, path = "/staff", tag = "org", params(StaffQuery), responses((status = 200, description = "{items, next_cursor}", body = Paged<app::org::StaffView>)))]
async fn list_staff(State(s): State<AppState>, ApiUser(a): ApiUser, Query(q): Query<StaffQuery>) -> R {
    Ok(Json(json!(app::org::list_staff(&s.app, &a.actor, q.department_id, q.cursor, q.limit.unwrap_or(50)).await?)))
}

#[utoipa::path(post, path = "/staff", tag = "org", request_body = StaffInput, responses((status = 201, description = "已创建"), (status = 422, description = "输入有误")))]
async fn create_staff(State(s): State<AppState>, ApiUser(a): ApiUser, ApiJson(i): ApiJson<StaffInput>) -> Created {
    created(app::org::create_staff(&s.app, &a.actor, &i).await?)
}

#[utoipa::path(get, path = "/staff/{id}", tag = "org", params(("id" = i64, Path)), responses((status = 200, description = "工作人员")))]
async fn get_staff(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>) -> R {
    Ok(Json(json!(app::org::get_staff(&s.app, &a.actor, id).await?)))
}

#[utoipa::path(put, path = "/staff/{id}", tag = "org", params(("id" = i64, Path)), request_body = StaffInput, responses((status = 200, description = "已修改")))]
async fn update_staff(State(s): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<i64>, ApiJson(i): ApiJson<StaffInput>) -> R {
    Ok(Json(json!(app::org::update_staff(&s.app, &a.actor, id, &i).await?)))
}
