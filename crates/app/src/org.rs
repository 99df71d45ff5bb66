//! Managing the banner's service network (R0, R5, R6): org units, departments, sites with their
//! zones and windows, staff, and who sits at which window today. Reads are filtered to the
//! actor's org subtrees; writes need a managing role on the record's subtree.

use chrono::NaiveDate;
use domain::Invalid;
use domain::access::Permission;
use domain::org::{Hours, OrgLevel, PostGrade, SiteKind, WindowKind, ZoneKind, parse_dept_code, parse_window_no};
use domain::text::{collect, optional, required};
use domain::validate::Mobile;
use serde::{Deserialize, Serialize};
use store::org::{
    DepartmentFields, DepartmentRow, OrgUnitRow, SeatRow, SiteFields, SiteRow, StaffFields, StaffRow, WindowDeptRow, WindowFields,
    WindowRow, ZoneFields, ZoneRow,
};
use store::{Page, Tx};
use utoipa::ToSchema;

use crate::audit::record;
use crate::input::{flag, ids, opt_id, opt_num};
use crate::{Actor, App, AppError, Result};

// ---------------------------------------------------------------- org units

/// An org unit as entered (form or JSON).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct OrgUnitInput {
    /// The parent unit; absent only for the banner itself.
    #[serde(default, deserialize_with = "opt_id")]
    pub parent_id: Option<i64>,
    /// Administrative division code, e.g. 150626100.
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub sort_order: Option<String>,
}

struct OrgUnitParsed {
    code: String,
    name: String,
    sort_order: i64,
}

fn parse_org_unit(i: &OrgUnitInput) -> Result<OrgUnitParsed, Invalid> {
    let mut e = Invalid::default();
    let code = collect(&mut e, required("code", "机构代码", &i.code, 20));
    if let Some(c) = &code
        && !c.chars().all(|ch| ch.is_ascii_alphanumeric())
    {
        e.push("code", "机构代码只能由数字和字母组成，如 150626100");
    }
    let name = collect(&mut e, required("name", "机构名称", &i.name, 40));
    let sort_order = collect(&mut e, opt_num("sort_order", "排序", i.sort_order.as_deref()));
    e.into_result()?;
    Ok(OrgUnitParsed { code: code.unwrap_or_default(), name: name.unwrap_or_default(), sort_order: sort_order.flatten().unwrap_or(0) })
}

/// Org units the actor may see, parents before children.
pub async fn list_org_units(app: &App, actor: &Actor) -> Result<Vec<OrgUnitRow>> {
    let mut tx = app.read().await?;
    Ok(store::org::list_org_units(&mut tx, &actor.scope(Permission::ViewOrg)).await?)
}

pub async fn get_org_unit(app: &App, actor: &Actor, id: i64) -> Result<OrgUnitRow> {
    let mut tx = app.read().await?;
    let o = store::org::get_org_unit(&mut tx, id).await?;
    actor.require(Permission::ViewOrg, &o.path, None, "查看该组织机构")?;
    Ok(o)
}

/// Adds an org unit. Its level follows its parent's (旗 → 苏木镇 → 嘎查村/社区).
pub async fn create_org_unit(app: &App, actor: &Actor, input: &OrgUnitInput) -> Result<OrgUnitRow> {
    let p = parse_org_unit(input)?;
    let mut tx = app.write().await?;
    let (parent, level) = match input.parent_id {
        None => {
            if !actor.is_system() {
                return Err(Invalid::one("parent_id", "请选择上级机构（旗级机构只能在初始化时创建）").into());
            }
            (None, OrgLevel::Banner)
        }
        Some(pid) => {
            let parent = store::org::find_org_unit(&mut tx, pid).await?.ok_or_else(|| Invalid::one("parent_id", "所选上级机构不存在"))?;
            actor.require(Permission::ManageStructure, &parent.path, None, "在该机构下新增下级机构")?;
            let level = OrgLevel::parse("parent_id", &parent.level)?
                .child()
                .ok_or_else(|| Invalid::one("parent_id", "嘎查村/社区下不能再设下级机构"))?;
            (Some(parent), level)
        }
    };
    let now = app.clock.now();
    let row = store::org::insert_org_unit(
        &mut tx,
        parent.as_ref().map(|p| (p.id, p.path.as_str())),
        &p.code,
        &p.name,
        level.code(),
        p.sort_order,
        now,
    )
    .await?;
    record::<(), _>(app, &mut tx, actor, "create", "org_unit", row.id, &row.path, None, Some(&row)).await?;
    tx.commit().await?;
    app.caches.hot.clear();
    Ok(row)
}

pub async fn update_org_unit(app: &App, actor: &Actor, id: i64, input: &OrgUnitInput) -> Result<OrgUnitRow> {
    let p = parse_org_unit(input)?;
    let mut tx = app.write().await?;
    let before = store::org::get_org_unit(&mut tx, id).await?;
    actor.require(Permission::ManageStructure, &before.path, None, "修改该组织机构")?;
    store::org::update_org_unit(&mut tx, id, &p.code, &p.name, p.sort_order, app.clock.now()).await?;
    let after = store::org::get_org_unit(&mut tx, id).await?;
    record(app, &mut tx, actor, "update", "org_unit", id, &after.path, Some(&before), Some(&after)).await?;
    tx.commit().await?;
    app.caches.hot.clear();
    Ok(after)
}

// ---------------------------------------------------------------- departments

/// A department as entered.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct DepartmentInput {
    /// Short code such as `scjgj`.
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub short_name: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default, deserialize_with = "flag")]
    pub active: bool,
}

struct DepartmentParsed {
    code: String,
    name: String,
    short_name: String,
    phone: Option<String>,
}

fn parse_department(i: &DepartmentInput) -> Result<DepartmentParsed, Invalid> {
    let mut e = Invalid::default();
    let code = collect(&mut e, parse_dept_code("code", &i.code));
    let name = collect(&mut e, required("name", "部门全称", &i.name, 40));
    let short_name = collect(&mut e, required("short_name", "部门简称", &i.short_name, 16));
    let phone = collect(&mut e, optional("phone", "联系电话", i.phone.as_deref(), 20));
    e.into_result()?;
    Ok(DepartmentParsed {
        code: code.unwrap_or_default(),
        name: name.unwrap_or_default(),
        short_name: short_name.unwrap_or_default(),
        phone: phone.flatten(),
    })
}

/// Every department (banner-wide reference data, visible to all staff).
pub async fn list_departments(app: &App, actor: &Actor) -> Result<Vec<DepartmentRow>> {
    actor.require_role(Permission::ViewOrg, "查看部门")?;
    let mut tx = app.read().await?;
    Ok(store::org::list_departments(&mut tx).await?)
}

/// The banner unit that owns banner-level reference data (the root the actor administers).
async fn root_unit(tx: &mut Tx) -> Result<OrgUnitRow> {
    let units = store::org::list_org_units(tx, &store::org::Scope::All).await?;
    units.into_iter().find(|u| u.parent_id.is_none()).ok_or(AppError::NotFound("旗级机构"))
}

pub async fn create_department(app: &App, actor: &Actor, input: &DepartmentInput) -> Result<DepartmentRow> {
    let p = parse_department(input)?;
    let mut tx = app.write().await?;
    let root = root_unit(&mut tx).await?;
    actor.require(Permission::ManageStructure, &root.path, None, "新增部门")?;
    let f = DepartmentFields {
        org_unit_id: root.id,
        code: &p.code,
        name: &p.name,
        short_name: &p.short_name,
        phone: p.phone.as_deref(),
        active: true,
    };
    let row = store::org::insert_department(&mut tx, &f, app.clock.now()).await?;
    record::<(), _>(app, &mut tx, actor, "create", "department", row.id, &root.path, None, Some(&row)).await?;
    tx.commit().await?;
    app.caches.hot.clear();
    Ok(row)
}

pub async fn update_department(app: &App, actor: &Actor, id: i64, input: &DepartmentInput) -> Result<DepartmentRow> {
    let p = parse_department(input)?;
    let mut tx = app.write().await?;
    let before = store::org::get_department(&mut tx, id).await?;
    let unit = store::org::get_org_unit(&mut tx, before.org_unit_id).await?;
    actor.require(Permission::ManageStructure, &unit.path, None, "修改部门")?;
    let f = DepartmentFields {
        org_unit_id: before.org_unit_id,
        code: &p.code,
        name: &p.name,
        short_name: &p.short_name,
        phone: p.phone.as_deref(),
        active: input.active,
    };
    store::org::update_department(&mut tx, id, &f, app.clock.now()).await?;
    let after = store::org::get_department(&mut tx, id).await?;
    record(app, &mut tx, actor, "update", "department", id, &unit.path, Some(&before), Some(&after)).await?;
    tx.commit().await?;
    app.caches.hot.clear();
    Ok(after)
}

// ---------------------------------------------------------------- sites

/// A site as entered.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct SiteInput {
    #[serde(default, deserialize_with = "opt_id")]
    pub org_unit_id: Option<i64>,
    #[serde(default)]
    pub name: String,
    /// `centre`, `town_centre` or `station`.
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub phone: Option<String>,
    /// Weekday hours, e.g. `09:00-12:00,13:30-17:30`.
    #[serde(default)]
    pub hours_weekday: String,
    /// Weekend hours; blank when closed.
    #[serde(default)]
    pub hours_weekend: String,
    #[serde(default, deserialize_with = "flag")]
    pub active: bool,
}

struct SiteParsed {
    org_unit_id: i64,
    name: String,
    kind: SiteKind,
    address: String,
    phone: Option<String>,
    hours_weekday: Hours,
    hours_weekend: Hours,
}

fn parse_site(i: &SiteInput) -> Result<SiteParsed, Invalid> {
    let mut e = Invalid::default();
    if i.org_unit_id.is_none() {
        e.push("org_unit_id", "请选择所属机构");
    }
    let name = collect(&mut e, required("name", "场所名称", &i.name, 40));
    let kind = collect(&mut e, SiteKind::parse("kind", &i.kind));
    let address = collect(&mut e, required("address", "地址", &i.address, 100));
    let phone = collect(&mut e, optional("phone", "咨询电话", i.phone.as_deref(), 20));
    let wd = collect(&mut e, Hours::parse("hours_weekday", &i.hours_weekday));
    let we = collect(&mut e, Hours::parse("hours_weekend", &i.hours_weekend));
    if wd.as_ref().is_some_and(Hours::is_closed) {
        e.push("hours_weekday", "请填写工作日办公时间");
    }
    e.into_result()?;
    Ok(SiteParsed {
        org_unit_id: i.org_unit_id.unwrap_or_default(),
        name: name.unwrap_or_default(),
        kind: kind.unwrap_or(SiteKind::Station),
        address: address.unwrap_or_default(),
        phone: phone.flatten(),
        hours_weekday: wd.unwrap_or(Hours { spans: vec![] }),
        hours_weekend: we.unwrap_or(Hours { spans: vec![] }),
    })
}

/// Checks the site's org unit exists, is in the actor's reach, and fits the site kind.
async fn site_unit(tx: &mut Tx, actor: &Actor, p: &SiteParsed, what: &str) -> Result<OrgUnitRow> {
    let unit = store::org::find_org_unit(tx, p.org_unit_id).await?.ok_or_else(|| Invalid::one("org_unit_id", "所选机构不存在"))?;
    actor.require(Permission::ManageSites, &unit.path, None, what)?;
    if OrgLevel::parse("org_unit_id", &unit.level)? != p.kind.level() {
        return Err(
            Invalid::one("kind", format!("{}应设在{}级机构，所选“{}”不是", p.kind.label(), p.kind.level().label(), unit.name)).into()
        );
    }
    Ok(unit)
}

/// A site with its window figures, for lists.
#[derive(Debug, Clone, Serialize)]
pub struct SiteSummary {
    #[serde(flatten)]
    pub site: SiteRow,
    pub windows: i64,
    pub comprehensive_windows: i64,
}

impl SiteSummary {
    /// Share of comprehensive windows (无差别 + 分领域) among active windows, in percent.
    pub fn comprehensive_share(&self) -> Option<f64> {
        (self.windows > 0).then(|| self.comprehensive_windows as f64 * 100.0 / self.windows as f64)
    }
}

/// Sites the actor may see, with their window counts.
pub async fn list_sites(app: &App, actor: &Actor) -> Result<Vec<SiteSummary>> {
    let mut tx = app.read().await?;
    let sites = store::org::list_sites(&mut tx, &actor.scope(Permission::ViewOrg)).await?;
    let mut out = Vec::with_capacity(sites.len());
    for s in sites {
        let windows = store::org::list_site_windows(&mut tx, s.id).await?;
        let active: Vec<_> = windows.iter().filter(|w| w.active).collect();
        let comp = active.iter().filter(|w| WindowKind::parse("kind", &w.kind).is_ok_and(WindowKind::is_comprehensive)).count();
        out.push(SiteSummary { site: s, windows: active.len() as i64, comprehensive_windows: comp as i64 });
    }
    Ok(out)
}

/// Everything on a site's page: zones, windows with their departments, today's seating.
#[derive(Debug, Clone, Serialize)]
pub struct SiteDetail {
    pub summary: SiteSummary,
    pub zones: Vec<ZoneRow>,
    pub windows: Vec<WindowRow>,
    pub window_departments: Vec<WindowDeptRow>,
    pub seats: Vec<SeatRow>,
    pub today: NaiveDate,
    /// Whether the actor may change this site.
    pub can_manage: bool,
}

pub async fn get_site(app: &App, actor: &Actor, id: i64) -> Result<SiteDetail> {
    let mut tx = app.read().await?;
    let site = store::org::get_site(&mut tx, id).await?;
    actor.require(Permission::ViewOrg, &site.org_path, None, "查看该场所")?;
    let zones = store::org::list_zones(&mut tx, id).await?;
    let windows = store::org::list_site_windows(&mut tx, id).await?;
    let window_departments = store::org::list_site_window_departments(&mut tx, id).await?;
    let today = app.clock.today();
    let seats = store::org::list_site_seats(&mut tx, id, today).await?;
    let active: Vec<_> = windows.iter().filter(|w| w.active).collect();
    let comp = active.iter().filter(|w| WindowKind::parse("kind", &w.kind).is_ok_and(WindowKind::is_comprehensive)).count();
    let can_manage = actor.can(Permission::ManageSites, &site.org_path, None);
    Ok(SiteDetail {
        summary: SiteSummary { site, windows: active.len() as i64, comprehensive_windows: comp as i64 },
        zones,
        windows,
        window_departments,
        seats,
        today,
        can_manage,
    })
}

pub async fn create_site(app: &App, actor: &Actor, input: &SiteInput) -> Result<SiteRow> {
    let p = parse_site(input)?;
    let mut tx = app.write().await?;
    let unit = site_unit(&mut tx, actor, &p, "在该机构下新增场所").await?;
    let (wd, we) = (p.hours_weekday.to_string(), p.hours_weekend.to_string());
    let f = SiteFields {
        org_unit_id: unit.id,
        name: &p.name,
        kind: p.kind.code(),
        address: &p.address,
        phone: p.phone.as_deref(),
        hours_weekday: &wd,
        hours_weekend: &we,
        active: true,
    };
    let row = store::org::insert_site(&mut tx, &f, app.clock.now()).await?;
    record::<(), _>(app, &mut tx, actor, "create", "site", row.id, &row.org_path, None, Some(&row)).await?;
    tx.commit().await?;
    app.caches.hot.clear();
    Ok(row)
}

pub async fn update_site(app: &App, actor: &Actor, id: i64, input: &SiteInput) -> Result<SiteRow> {
    let p = parse_site(input)?;
    let mut tx = app.write().await?;
    let before = store::org::get_site(&mut tx, id).await?;
    actor.require(Permission::ManageSites, &before.org_path, None, "修改该场所")?;
    if p.org_unit_id != before.org_unit_id {
        return Err(Invalid::one("org_unit_id", "场所的所属机构不能更改，如需迁移请新建场所").into());
    }
    site_unit(&mut tx, actor, &p, "修改该场所").await?;
    let (wd, we) = (p.hours_weekday.to_string(), p.hours_weekend.to_string());
    let f = SiteFields {
        org_unit_id: before.org_unit_id,
        name: &p.name,
        kind: p.kind.code(),
        address: &p.address,
        phone: p.phone.as_deref(),
        hours_weekday: &wd,
        hours_weekend: &we,
        active: input.active,
    };
    store::org::update_site(&mut tx, id, &f, app.clock.now()).await?;
    let after = store::org::get_site(&mut tx, id).await?;
    record(app, &mut tx, actor, "update", "site", id, &after.org_path, Some(&before), Some(&after)).await?;
    tx.commit().await?;
    app.caches.hot.clear();
    Ok(after)
}

// ---------------------------------------------------------------- zones

/// A zone as entered.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ZoneInput {
    #[serde(default)]
    pub name: String,
    /// One of the zone kinds, e.g. `comprehensive`.
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub floor: Option<String>,
    #[serde(default)]
    pub sort_order: Option<String>,
}

fn parse_zone(i: &ZoneInput) -> Result<(String, ZoneKind, Option<String>, i64), Invalid> {
    let mut e = Invalid::default();
    let name = collect(&mut e, required("name", "区域名称", &i.name, 30));
    let kind = collect(&mut e, ZoneKind::parse("kind", &i.kind));
    let floor = collect(&mut e, optional("floor", "楼层", i.floor.as_deref(), 10));
    let sort = collect(&mut e, opt_num("sort_order", "排序", i.sort_order.as_deref()));
    e.into_result()?;
    Ok((name.unwrap_or_default(), kind.unwrap_or(ZoneKind::Comprehensive), floor.flatten(), sort.flatten().unwrap_or(0)))
}

pub async fn create_zone(app: &App, actor: &Actor, site_id: i64, input: &ZoneInput) -> Result<ZoneRow> {
    let (name, kind, floor, sort_order) = parse_zone(input)?;
    let mut tx = app.write().await?;
    let site = store::org::get_site(&mut tx, site_id).await?;
    actor.require(Permission::ManageSites, &site.org_path, None, "修改该场所的区域")?;
    let f = ZoneFields { name: &name, kind: kind.code(), floor: floor.as_deref(), sort_order };
    let row = store::org::insert_zone(&mut tx, site.id, site.org_unit_id, &f, app.clock.now()).await?;
    record::<(), _>(app, &mut tx, actor, "create", "zone", row.id, &site.org_path, None, Some(&row)).await?;
    tx.commit().await?;
    app.caches.hot.clear();
    Ok(row)
}

pub async fn update_zone(app: &App, actor: &Actor, id: i64, input: &ZoneInput) -> Result<ZoneRow> {
    let (name, kind, floor, sort_order) = parse_zone(input)?;
    let mut tx = app.write().await?;
    let before = store::org::get_zone(&mut tx, id).await?;
    let site = store::org::get_site(&mut tx, before.site_id).await?;
    actor.require(Permission::ManageSites, &site.org_path, None, "修改该场所的区域")?;
    let f = ZoneFields { name: &name, kind: kind.code(), floor: floor.as_deref(), sort_order };
    store::org::update_zone(&mut tx, id, &f, app.clock.now()).await?;
    let after = store::org::get_zone(&mut tx, id).await?;
    record(app, &mut tx, actor, "update", "zone", id, &site.org_path, Some(&before), Some(&after)).await?;
    tx.commit().await?;
    app.caches.hot.clear();
    Ok(after)
}

/// Removes an empty zone; a zone that still has windows is refused.
pub async fn delete_zone(app: &App, actor: &Actor, id: i64) -> Result<()> {
    let mut tx = app.write().await?;
    let before = store::org::get_zone(&mut tx, id).await?;
    let site = store::org::get_site(&mut tx, before.site_id).await?;
    actor.require(Permission::ManageSites, &site.org_path, None, "修改该场所的区域")?;
    let n = store::org::count_zone_windows(&mut tx, id).await?;
    if n > 0 {
        return Err(AppError::Conflict(format!("区域“{}”下还有 {n} 个窗口，请先将窗口移到其他区域", before.name)));
    }
    store::org::delete_zone(&mut tx, id).await?;
    record::<_, ()>(app, &mut tx, actor, "delete", "zone", id, &site.org_path, Some(&before), None).await?;
    tx.commit().await?;
    app.caches.hot.clear();
    Ok(())
}

// ---------------------------------------------------------------- windows

/// A window as entered.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct WindowInput {
    /// Required when creating through the API; the site page fixes it.
    #[serde(default, deserialize_with = "opt_id")]
    pub site_id: Option<i64>,
    #[serde(default, deserialize_with = "opt_id")]
    pub zone_id: Option<i64>,
    /// The number painted above the window, e.g. `12`.
    #[serde(default)]
    pub number: String,
    #[serde(default)]
    pub name: String,
    /// `comprehensive`, `domain`, `department`, `proxy`, `enterprise` or `unresolved`.
    #[serde(default)]
    pub kind: String,
    /// Departments the window acts for.
    #[serde(default, deserialize_with = "ids")]
    pub department_ids: Vec<i64>,
    #[serde(default, deserialize_with = "flag")]
    pub active: bool,
}

struct WindowParsed {
    zone_id: i64,
    number: String,
    name: String,
    kind: WindowKind,
}

fn parse_window(i: &WindowInput) -> Result<WindowParsed, Invalid> {
    let mut e = Invalid::default();
    if i.zone_id.is_none() {
        e.push("zone_id", "请选择所在区域");
    }
    let number = collect(&mut e, parse_window_no("number", &i.number));
    let name = collect(&mut e, required("name", "窗口名称", &i.name, 30));
    let kind = collect(&mut e, WindowKind::parse("kind", &i.kind));
    if i.department_ids.is_empty() {
        e.push("department_ids", "请至少选择一个窗口代办的部门");
    }
    e.into_result()?;
    Ok(WindowParsed {
        zone_id: i.zone_id.unwrap_or_default(),
        number: number.unwrap_or_default(),
        name: name.unwrap_or_default(),
        kind: kind.unwrap_or(WindowKind::Comprehensive),
    })
}

/// Checks the zone belongs to the site and every department exists.
async fn check_window_refs(tx: &mut Tx, site_id: i64, zone_id: i64, depts: &[i64]) -> Result<()> {
    let zone = store::org::find_zone(tx, zone_id).await?;
    if zone.is_none_or(|z| z.site_id != site_id) {
        return Err(Invalid::one("zone_id", "所选区域不属于该场所").into());
    }
    for d in depts {
        if store::org::find_department(tx, *d).await?.is_none() {
            return Err(Invalid::one("department_ids", format!("所选部门（编号 {d}）不存在")).into());
        }
    }
    Ok(())
}

/// A window with the departments it acts for, as recorded in the audit log.
#[derive(Serialize)]
struct WindowAudit<'a> {
    #[serde(flatten)]
    window: &'a WindowRow,
    department_ids: &'a [i64],
}

pub async fn create_window(app: &App, actor: &Actor, site_id: i64, input: &WindowInput) -> Result<WindowRow> {
    let p = parse_window(input)?;
    let mut tx = app.write().await?;
    let site = store::org::find_site(&mut tx, site_id).await?.ok_or_else(|| Invalid::one("site_id", "所选场所不存在"))?;
    actor.require(Permission::ManageSites, &site.org_path, None, "在该场所新增窗口")?;
    check_window_refs(&mut tx, site.id, p.zone_id, &input.department_ids).await?;
    let f = WindowFields { zone_id: p.zone_id, number: &p.number, name: &p.name, kind: p.kind.code(), active: true };
    let row = store::org::insert_window(&mut tx, site.id, site.org_unit_id, &f, app.clock.now()).await?;
    store::org::set_window_departments(&mut tx, row.id, &input.department_ids).await?;
    let after = WindowAudit { window: &row, department_ids: &input.department_ids };
    record::<(), _>(app, &mut tx, actor, "create", "window", row.id, &site.org_path, None, Some(&after)).await?;
    tx.commit().await?;
    app.caches.hot.clear();
    Ok(row)
}

pub async fn update_window(app: &App, actor: &Actor, id: i64, input: &WindowInput) -> Result<WindowRow> {
    let p = parse_window(input)?;
    let mut tx = app.write().await?;
    let before = store::org::get_window(&mut tx, id).await?;
    actor.require(Permission::ManageSites, &before.org_path, None, "修改该窗口")?;
    check_window_refs(&mut tx, before.site_id, p.zone_id, &input.department_ids).await?;
    let before_depts = store::org::list_window_department_ids(&mut tx, id).await?;
    let f = WindowFields { zone_id: p.zone_id, number: &p.number, name: &p.name, kind: p.kind.code(), active: input.active };
    store::org::update_window(&mut tx, id, &f, app.clock.now()).await?;
    store::org::set_window_departments(&mut tx, id, &input.department_ids).await?;
    let after = store::org::get_window(&mut tx, id).await?;
    let (b, a) = (
        WindowAudit { window: &before, department_ids: &before_depts },
        WindowAudit { window: &after, department_ids: &input.department_ids },
    );
    record(app, &mut tx, actor, "update", "window", id, &after.org_path, Some(&b), Some(&a)).await?;
    tx.commit().await?;
    app.caches.hot.clear();
    Ok(after)
}

/// A window with its departments, for its edit form and the API.
pub async fn get_window(app: &App, actor: &Actor, id: i64) -> Result<(WindowRow, Vec<i64>)> {
    let mut tx = app.read().await?;
    let w = store::org::get_window(&mut tx, id).await?;
    actor.require(Permission::ViewOrg, &w.org_path, None, "查看该窗口")?;
    let d = store::org::list_window_department_ids(&mut tx, id).await?;
    Ok((w, d))
}

/// Windows the actor may see, a page at a time.
pub async fn list_windows(app: &App, actor: &Actor, cursor: Option<i64>, limit: i64) -> Result<Page<WindowRow>> {
    let limit = limit.clamp(1, 500);
    let mut tx = app.read().await?;
    let rows = store::org::list_windows(&mut tx, &actor.scope(Permission::ViewOrg), cursor.unwrap_or(0), limit + 1).await?;
    Ok(Page::from_rows(rows, limit, |w| w.id))
}

// ---------------------------------------------------------------- staff

/// A staff member as entered. The phone is required on creation and optional on update
/// (blank keeps the stored one).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct StaffInput {
    #[serde(default)]
    pub name: String,
    #[serde(default, deserialize_with = "opt_id")]
    pub department_id: Option<i64>,
    #[serde(default, deserialize_with = "opt_id")]
    pub org_unit_id: Option<i64>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub stationed_since: String,
    /// `junior`, `middle` or `senior` (初级/中级/高级).
    #[serde(default)]
    pub grade: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default, deserialize_with = "flag")]
    pub active: bool,
}

struct StaffParsed {
    name: String,
    department_id: i64,
    org_unit_id: i64,
    stationed_since: NaiveDate,
    grade: PostGrade,
    phone: Option<Mobile>,
}

fn parse_staff(i: &StaffInput, today: NaiveDate, phone_required: bool) -> Result<StaffParsed, Invalid> {
    let mut e = Invalid::default();
    let name = collect(&mut e, required("name", "姓名", &i.name, 20));
    if i.department_id.is_none() {
        e.push("department_id", "请选择派驻部门");
    }
    if i.org_unit_id.is_none() {
        e.push("org_unit_id", "请选择所属机构");
    }
    let since = match NaiveDate::parse_from_str(i.stationed_since.trim(), "%Y-%m-%d") {
        Ok(d) if d > today => {
            e.push("stationed_since", "进驻日期不能晚于今天");
            None
        }
        Ok(d) => Some(d),
        Err(_) => {
            e.push("stationed_since", "进驻日期格式应为 2024-03-01");
            None
        }
    };
    let grade = collect(&mut e, PostGrade::parse("grade", &i.grade));
    let phone = match i.phone.as_deref().map(str::trim) {
        None | Some("") if phone_required => {
            e.push("phone", "请填写手机号");
            None
        }
        None | Some("") => None,
        Some(p) => collect(&mut e, Mobile::parse("phone", p)),
    };
    e.into_result()?;
    Ok(StaffParsed {
        name: name.unwrap_or_default(),
        department_id: i.department_id.unwrap_or_default(),
        org_unit_id: i.org_unit_id.unwrap_or_default(),
        stationed_since: since.unwrap_or(today),
        grade: grade.unwrap_or(PostGrade::Junior),
        phone,
    })
}

/// A staff member as shown: the phone only masked.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StaffView {
    pub id: i64,
    pub name: String,
    pub department_id: i64,
    pub department_name: String,
    pub org_unit_id: i64,
    pub org_name: String,
    pub stationed_since: NaiveDate,
    pub grade: String,
    pub grade_label: String,
    pub phone_masked: String,
    pub has_photo: bool,
    pub active: bool,
    /// Where the person sits today, as "site · window number".
    pub seat_today: Option<String>,
    #[serde(skip)]
    pub org_path: String,
    #[serde(skip)]
    pub photo_sha256: Option<String>,
}

impl StaffView {
    fn from_row(r: StaffRow, seat_today: Option<String>) -> StaffView {
        let grade_label = PostGrade::parse("grade", &r.grade).map(|g| g.label().to_owned()).unwrap_or_else(|_| r.grade.clone());
        StaffView {
            id: r.id,
            name: r.name,
            department_id: r.department_id,
            department_name: r.department_name,
            org_unit_id: r.org_unit_id,
            org_name: r.org_name,
            stationed_since: r.stationed_since,
            grade: r.grade,
            grade_label,
            phone_masked: r.phone_masked,
            has_photo: r.photo_sha256.is_some(),
            active: r.active,
            seat_today,
            org_path: r.org_path,
            photo_sha256: r.photo_sha256,
        }
    }
}

/// Staff the actor may see, a page at a time, optionally of one department.
pub async fn list_staff(app: &App, actor: &Actor, department_id: Option<i64>, cursor: Option<i64>, limit: i64) -> Result<Page<StaffView>> {
    let limit = limit.clamp(1, 500);
    let mut tx = app.read().await?;
    let rows = store::org::list_staff(&mut tx, &actor.scope(Permission::ViewOrg), department_id, cursor.unwrap_or(0), limit + 1).await?;
    let page = Page::from_rows(rows, limit, |r| r.id);
    let today = app.clock.today();
    let mut items = Vec::with_capacity(page.items.len());
    for r in page.items {
        let seat = store::org::find_staff_seat(&mut tx, r.id, today).await?;
        items.push(StaffView::from_row(r, seat.map(|s| format!("{} 号窗口", s.window_number))));
    }
    Ok(Page { items, next_cursor: page.next_cursor })
}

pub async fn get_staff(app: &App, actor: &Actor, id: i64) -> Result<StaffView> {
    let mut tx = app.read().await?;
    let r = store::org::get_staff(&mut tx, id).await?;
    actor.require(Permission::ViewOrg, &r.org_path, None, "查看该工作人员")?;
    let seat = store::org::find_staff_seat(&mut tx, id, app.clock.today()).await?;
    Ok(StaffView::from_row(r, seat.map(|s| format!("{} 号窗口", s.window_number))))
}

async fn staff_refs(tx: &mut Tx, actor: &Actor, p: &StaffParsed, what: &str) -> Result<OrgUnitRow> {
    let unit = store::org::find_org_unit(tx, p.org_unit_id).await?.ok_or_else(|| Invalid::one("org_unit_id", "所选机构不存在"))?;
    actor.require(Permission::ManageStaff, &unit.path, None, what)?;
    if store::org::find_department(tx, p.department_id).await?.is_none() {
        return Err(Invalid::one("department_id", "所选部门不存在").into());
    }
    Ok(unit)
}

pub async fn create_staff(app: &App, actor: &Actor, input: &StaffInput) -> Result<StaffView> {
    let p = parse_staff(input, app.clock.today(), true)?;
    let mut tx = app.write().await?;
    let unit = staff_refs(&mut tx, actor, &p, "在该机构下新增工作人员").await?;
    let phone = p.phone.as_ref().expect("parse_staff requires a phone on creation");
    let (enc, hash, masked) = app.seal_phone(phone);
    let f = StaffFields {
        org_unit_id: unit.id,
        department_id: p.department_id,
        name: &p.name,
        stationed_since: p.stationed_since,
        grade: p.grade.code(),
        phone_enc: &enc,
        phone_hash: &hash,
        phone_masked: &masked,
        active: true,
    };
    let row = store::org::insert_staff(&mut tx, &f, app.clock.now()).await?;
    let view = StaffView::from_row(row, None);
    record::<(), _>(app, &mut tx, actor, "create", "staff", view.id, &unit.path, None, Some(&view)).await?;
    tx.commit().await?;
    app.caches.hot.clear();
    Ok(view)
}

pub async fn update_staff(app: &App, actor: &Actor, id: i64, input: &StaffInput) -> Result<StaffView> {
    let p = parse_staff(input, app.clock.today(), false)?;
    let mut tx = app.write().await?;
    let before = store::org::get_staff(&mut tx, id).await?;
    actor.require(Permission::ManageStaff, &before.org_path, None, "修改该工作人员")?;
    let unit = staff_refs(&mut tx, actor, &p, "将工作人员调入该机构").await?;
    let (enc, hash, masked) = match &p.phone {
        Some(m) => app.seal_phone(m),
        None => {
            let old = app.cipher.decrypt(&before.phone_enc)?;
            (before.phone_enc.clone(), app.phone_hash(&old), before.phone_masked.clone())
        }
    };
    let f = StaffFields {
        org_unit_id: unit.id,
        department_id: p.department_id,
        name: &p.name,
        stationed_since: p.stationed_since,
        grade: p.grade.code(),
        phone_enc: &enc,
        phone_hash: &hash,
        phone_masked: &masked,
        active: input.active,
    };
    store::org::update_staff(&mut tx, id, &f, app.clock.now()).await?;
    let after = store::org::get_staff(&mut tx, id).await?;
    let (b, a) = (StaffView::from_row(before, None), StaffView::from_row(after, None));
    record(app, &mut tx, actor, "update", "staff", id, &unit.path, Some(&b), Some(&a)).await?;
    tx.commit().await?;
    app.caches.hot.clear();
    get_staff(app, actor, id).await
}

/// Image types accepted for staff photos, by their leading bytes (the scan types less PDF).
fn image_type(bytes: &[u8]) -> Option<&'static str> {
    crate::uploads::scan_type(bytes).filter(|t| t.starts_with("image/"))
}

/// Largest accepted photo.
pub const MAX_PHOTO_BYTES: usize = 2 * 1024 * 1024;

/// Stores a staff photo (JPEG, PNG or WebP, at most 2 MiB).
pub async fn set_staff_photo(app: &App, actor: &Actor, id: i64, bytes: &[u8]) -> Result<()> {
    if bytes.is_empty() {
        return Err(Invalid::one("photo", "请选择照片文件").into());
    }
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(Invalid::one("photo", "照片不能超过 2 MB").into());
    }
    let ct = image_type(bytes).ok_or_else(|| Invalid::one("photo", "照片应为 JPG、PNG 或 WebP 格式"))?;
    let mut tx = app.write().await?;
    let st = store::org::get_staff(&mut tx, id).await?;
    actor.require(Permission::ManageStaff, &st.org_path, None, "修改该工作人员")?;
    // The file lands first; a crash before commit leaves an unreferenced file, never a dangling row.
    let sha = app.files.put(bytes).await?;
    store::files::record(&mut tx, &sha, ct, bytes.len() as i64, app.clock.now()).await?;
    store::org::set_staff_photo(&mut tx, id, &sha, app.clock.now()).await?;
    record(app, &mut tx, actor, "set_photo", "staff", id, &st.org_path, Some(&st.photo_sha256), Some(&sha)).await?;
    tx.commit().await?;
    app.caches.hot.clear();
    Ok(())
}

/// A staff photo's bytes and content type, for anyone who may see the staff member.
pub async fn staff_photo(app: &App, actor: &Actor, id: i64) -> Result<(Vec<u8>, String)> {
    let v = get_staff(app, actor, id).await?;
    let sha = v.photo_sha256.ok_or(AppError::NotFound("照片"))?;
    let mut tx = app.read().await?;
    let ct = store::files::find_content_type(&mut tx, &sha).await?.unwrap_or_else(|| "application/octet-stream".to_owned());
    let bytes = app.files.get(&sha)?.ok_or(AppError::NotFound("照片"))?;
    Ok((bytes, ct))
}

// ---------------------------------------------------------------- seating

/// Seats a staff member at a window for today (replacing whoever sat there), or with no staff
/// leaves the window empty today.
pub async fn seat_today(app: &App, actor: &Actor, window_id: i64, staff_id: Option<i64>) -> Result<()> {
    let mut tx = app.write().await?;
    let w = store::org::get_window(&mut tx, window_id).await?;
    actor.require(Permission::ManageSites, &w.org_path, None, "安排该窗口的人员")?;
    let today = app.clock.today();
    let now = app.clock.now();
    let before = store::org::list_site_seats(&mut tx, w.site_id, today).await?.into_iter().find(|s| s.window_id == window_id);
    match staff_id {
        Some(sid) => {
            let st = store::org::find_staff(&mut tx, sid).await?.ok_or_else(|| Invalid::one("staff_id", "所选工作人员不存在"))?;
            actor.require(Permission::ViewOrg, &st.org_path, None, "安排该工作人员")?;
            if !st.active {
                return Err(Invalid::one("staff_id", format!("{} 已停用，不能安排上岗", st.name)).into());
            }
            store::org::seat_staff(&mut tx, today, sid, &w, now).await?;
        }
        None => store::org::unseat_window(&mut tx, today, window_id).await?,
    }
    let after = store::org::list_site_seats(&mut tx, w.site_id, today).await?.into_iter().find(|s| s.window_id == window_id);
    record(app, &mut tx, actor, "seat", "window", window_id, &w.org_path, before.as_ref(), after.as_ref()).await?;
    tx.commit().await?;
    app.caches.hot.clear();
    // Sessions carry the seat (window_id); let them pick up the change now.
    app.caches.auth.clear();
    Ok(())
}

/// The site a zone belongs to (for routing to its page; the caller then checks scope there).
pub async fn zone_site(app: &App, zone_id: i64) -> Result<i64> {
    let mut tx = app.read().await?;
    Ok(store::org::get_zone(&mut tx, zone_id).await?.site_id)
}
