//! Sites (service halls), their zones and windows: create, update, list within the actor's scope.

use chrono::NaiveDate;
use domain::Invalid;
use domain::access::Permission;
use domain::org::{Hours, OrgLevel, SiteKind, WindowKind, ZoneKind, parse_window_no};
use domain::text::{collect, mongolian, optional, required};
use serde::{Deserialize, Serialize};
use store::mongolian::Named;
use store::org::{OrgUnitRow, SeatRow, SiteFields, SiteRow, WindowDeptRow, WindowFields, WindowRow, ZoneFields, ZoneRow};
use store::{Page, Tx};
use utoipa::ToSchema;

use crate::support::audit::record;
use crate::support::input::{flag, ids, opt_id, opt_num};
use crate::{Actor, App, AppError, Result};

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
    /// The name in traditional Mongolian script (蒙古文名称); blank for none.
    #[serde(default)]
    pub name_mn: Option<String>,
}

pub(super) struct SiteParsed {
    pub(super) org_unit_id: i64,
    pub(super) name: String,
    pub(super) kind: SiteKind,
    pub(super) address: String,
    pub(super) phone: Option<String>,
    pub(super) hours_weekday: Hours,
    pub(super) hours_weekend: Hours,
    pub(super) name_mn: Option<String>,
}

pub(super) fn parse_site(i: &SiteInput) -> Result<SiteParsed, Invalid> {
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
    let name_mn = collect(&mut e, mongolian("name_mn", "蒙古文名称", i.name_mn.as_deref()));
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
        name_mn: name_mn.flatten(),
    })
}

/// Checks the site's org unit exists, is in the actor's reach, and fits the site kind.
pub(super) async fn site_unit(tx: &mut Tx, actor: &Actor, p: &SiteParsed, what: &str) -> Result<OrgUnitRow> {
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
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SiteSummary {
    #[serde(flatten)]
    #[schema(value_type = Object)]
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
    let mut row = store::org::insert_site(&mut tx, &f, app.clock.now()).await?;
    store::mongolian::set_name_mn(&mut tx, Named::Site, row.id, p.name_mn.as_deref(), app.clock.now()).await?;
    row.name_mn = p.name_mn;
    record::<(), _>(app, &mut tx, actor, "create", "site", row.id, &row.org_path, None, Some(&row)).await?;
    app.commit_network(tx).await?;
    Ok(row)
}

pub async fn update_site(app: &App, actor: &Actor, id: i64, input: &SiteInput) -> Result<SiteRow> {
    let mut tx = app.write().await?;
    let before = store::org::get_site(&mut tx, id).await?;
    actor.require(Permission::ManageSites, &before.org_path, None, "修改该场所")?;
    let p = parse_site(input)?;
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
    store::mongolian::set_name_mn(&mut tx, Named::Site, id, p.name_mn.as_deref(), app.clock.now()).await?;
    let after = store::org::get_site(&mut tx, id).await?;
    record(app, &mut tx, actor, "update", "site", id, &after.org_path, Some(&before), Some(&after)).await?;
    app.commit_network(tx).await?;
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

pub(super) fn parse_zone(i: &ZoneInput) -> Result<(String, ZoneKind, Option<String>, i64), Invalid> {
    let mut e = Invalid::default();
    let name = collect(&mut e, required("name", "区域名称", &i.name, 30));
    let kind = collect(&mut e, ZoneKind::parse("kind", &i.kind));
    let floor = collect(&mut e, optional("floor", "楼层", i.floor.as_deref(), 10));
    let sort = collect(&mut e, opt_num("sort_order", "排序", i.sort_order.as_deref()));
    e.into_result()?;
    Ok((name.unwrap_or_default(), kind.unwrap_or(ZoneKind::Comprehensive), floor.flatten(), sort.flatten().unwrap_or(0)))
}

pub async fn create_zone(app: &App, actor: &Actor, site_id: i64, input: &ZoneInput) -> Result<ZoneRow> {
    let mut tx = app.write().await?;
    let site = store::org::get_site(&mut tx, site_id).await?;
    actor.require(Permission::ManageSites, &site.org_path, None, "修改该场所的区域")?;
    let (name, kind, floor, sort_order) = parse_zone(input)?;
    let f = ZoneFields { name: &name, kind: kind.code(), floor: floor.as_deref(), sort_order };
    let row = store::org::insert_zone(&mut tx, site.id, site.org_unit_id, &f, app.clock.now()).await?;
    record::<(), _>(app, &mut tx, actor, "create", "zone", row.id, &site.org_path, None, Some(&row)).await?;
    app.commit_network(tx).await?;
    Ok(row)
}

pub async fn update_zone(app: &App, actor: &Actor, id: i64, input: &ZoneInput) -> Result<ZoneRow> {
    let mut tx = app.write().await?;
    let before = store::org::get_zone(&mut tx, id).await?;
    let site = store::org::get_site(&mut tx, before.site_id).await?;
    actor.require(Permission::ManageSites, &site.org_path, None, "修改该场所的区域")?;
    let (name, kind, floor, sort_order) = parse_zone(input)?;
    let f = ZoneFields { name: &name, kind: kind.code(), floor: floor.as_deref(), sort_order };
    store::org::update_zone(&mut tx, id, &f, app.clock.now()).await?;
    let after = store::org::get_zone(&mut tx, id).await?;
    record(app, &mut tx, actor, "update", "zone", id, &site.org_path, Some(&before), Some(&after)).await?;
    app.commit_network(tx).await?;
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
    app.commit_network(tx).await?;
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
    /// The name in traditional Mongolian script (蒙古文名称); blank for none.
    #[serde(default)]
    pub name_mn: Option<String>,
}

pub(super) struct WindowParsed {
    pub(super) zone_id: i64,
    pub(super) number: String,
    pub(super) name: String,
    pub(super) kind: WindowKind,
    pub(super) name_mn: Option<String>,
}

pub(super) fn parse_window(i: &WindowInput) -> Result<WindowParsed, Invalid> {
    let mut e = Invalid::default();
    if i.zone_id.is_none() {
        e.push("zone_id", "请选择所在区域");
    }
    let number = collect(&mut e, parse_window_no("number", &i.number));
    let name = collect(&mut e, required("name", "窗口名称", &i.name, 30));
    let kind = collect(&mut e, WindowKind::parse("kind", &i.kind));
    let name_mn = collect(&mut e, mongolian("name_mn", "蒙古文名称", i.name_mn.as_deref()));
    if i.department_ids.is_empty() {
        e.push("department_ids", "请至少选择一个窗口代办的部门");
    }
    e.into_result()?;
    Ok(WindowParsed {
        zone_id: i.zone_id.unwrap_or_default(),
        number: number.unwrap_or_default(),
        name: name.unwrap_or_default(),
        kind: kind.unwrap_or(WindowKind::Comprehensive),
        name_mn: name_mn.flatten(),
    })
}

/// Checks the zone belongs to the site and every department exists.
pub(super) async fn check_window_refs(tx: &mut Tx, site_id: i64, zone_id: i64, depts: &[i64]) -> Result<()> {
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
pub(super) struct WindowAudit<'a> {
    #[serde(flatten)]
    pub(super) window: &'a WindowRow,
    pub(super) department_ids: &'a [i64],
}

pub async fn create_window(app: &App, actor: &Actor, site_id: i64, input: &WindowInput) -> Result<WindowRow> {
    let p = parse_window(input)?;
    let mut tx = app.write().await?;
    let site = store::org::find_site(&mut tx, site_id).await?.ok_or_else(|| Invalid::one("site_id", "所选场所不存在"))?;
    actor.require(Permission::ManageSites, &site.org_path, None, "在该场所新增窗口")?;
    check_window_refs(&mut tx, site.id, p.zone_id, &input.department_ids).await?;
    let f = WindowFields { zone_id: p.zone_id, number: &p.number, name: &p.name, kind: p.kind.code(), active: true };
    let mut row = store::org::insert_window(&mut tx, site.id, site.org_unit_id, &f, app.clock.now()).await?;
    store::mongolian::set_name_mn(&mut tx, Named::Window, row.id, p.name_mn.as_deref(), app.clock.now()).await?;
    row.name_mn = p.name_mn;
    store::org::set_window_departments(&mut tx, row.id, &input.department_ids).await?;
    let after = WindowAudit { window: &row, department_ids: &input.department_ids };
    record::<(), _>(app, &mut tx, actor, "create", "window", row.id, &site.org_path, None, Some(&after)).await?;
    app.commit_network(tx).await?;
    Ok(row)
}

pub async fn update_window(app: &App, actor: &Actor, id: i64, input: &WindowInput) -> Result<WindowRow> {
    let mut tx = app.write().await?;
    let before = store::org::get_window(&mut tx, id).await?;
    actor.require(Permission::ManageSites, &before.org_path, None, "修改该窗口")?;
    let p = parse_window(input)?;
    check_window_refs(&mut tx, before.site_id, p.zone_id, &input.department_ids).await?;
    let before_depts = store::org::list_window_department_ids(&mut tx, id).await?;
    let f = WindowFields { zone_id: p.zone_id, number: &p.number, name: &p.name, kind: p.kind.code(), active: input.active };
    store::org::update_window(&mut tx, id, &f, app.clock.now()).await?;
    store::mongolian::set_name_mn(&mut tx, Named::Window, id, p.name_mn.as_deref(), app.clock.now()).await?;
    store::org::set_window_departments(&mut tx, id, &input.department_ids).await?;
    let after = store::org::get_window(&mut tx, id).await?;
    let (b, a) = (
        WindowAudit { window: &before, department_ids: &before_depts },
        WindowAudit { window: &after, department_ids: &input.department_ids },
    );
    record(app, &mut tx, actor, "update", "window", id, &after.org_path, Some(&b), Some(&a)).await?;
    app.commit_network(tx).await?;
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

/// The Mongolian names a hall device shows: its site's and, when bound to one, its window's
/// (for the device's own pages, whose binding was checked already).
pub async fn device_names(app: &App, site_id: i64, window_id: Option<i64>) -> Result<(Option<String>, Option<String>)> {
    let mut tx = app.read().await?;
    Ok(store::mongolian::device_names(&mut tx, site_id, window_id).await?)
}

/// A window as lists show it, with its zone, site and org path.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WindowView {
    pub id: i64,
    pub site_id: i64,
    pub org_unit_id: i64,
    pub zone_id: i64,
    /// The window's number in its hall, e.g. `12` or `A-03`.
    pub number: String,
    pub name: String,
    pub kind: String,
    pub active: bool,
    pub zone_name: String,
    pub site_name: String,
    pub org_path: String,
    /// The name in traditional Mongolian script, when entered.
    pub name_mn: Option<String>,
}

impl From<WindowRow> for WindowView {
    fn from(r: WindowRow) -> Self {
        let WindowRow { id, site_id, org_unit_id, zone_id, number, name, kind, active, zone_name, site_name, org_path, name_mn } = r;
        WindowView { id, site_id, org_unit_id, zone_id, number, name, kind, active, zone_name, site_name, org_path, name_mn }
    }
}

/// Windows the actor may see, a page at a time.
pub async fn list_windows(app: &App, actor: &Actor, cursor: Option<i64>, limit: i64) -> Result<Page<WindowView>> {
    let limit = limit.clamp(1, 500);
    let mut tx = app.read().await?;
    let rows = store::org::list_windows(&mut tx, &actor.scope(Permission::ViewOrg), cursor.unwrap_or(0), limit + 1).await?;
    let page = Page::from_rows(rows, limit, |w| w.id);
    Ok(Page { items: page.items.into_iter().map(WindowView::from).collect(), next_cursor: page.next_cursor })
}

// ---------------------------------------------------------------- staff

/// The site a zone belongs to (for routing to its page; the caller then checks scope there).
pub async fn zone_site(app: &App, zone_id: i64) -> Result<i64> {
    let mut tx = app.read().await?;
    Ok(store::org::get_zone(&mut tx, zone_id).await?.site_id)
}
