//! Org units (旗 → 苏木镇 → 嘎查村/社区) and departments: create, update, list within the actor's scope.

use domain::Invalid;
use domain::access::Permission;
use domain::org::{OrgLevel, parse_dept_code};
use domain::text::{collect, optional, required};
use serde::{Deserialize, Serialize};
use store::Tx;
use store::org::{DepartmentFields, DepartmentRow, OrgUnitRow};
use utoipa::ToSchema;

use crate::support::audit::record;
use crate::support::input::{flag, opt_id, opt_num};
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

pub(super) struct OrgUnitParsed {
    pub(super) code: String,
    pub(super) name: String,
    pub(super) sort_order: i64,
}

pub(super) fn parse_org_unit(i: &OrgUnitInput) -> Result<OrgUnitParsed, Invalid> {
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

/// An org unit as lists show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrgUnitView {
    pub id: i64,
    /// The parent unit; null for the banner itself.
    pub parent_id: Option<i64>,
    /// Administrative division code, e.g. 150626100.
    pub code: String,
    pub name: String,
    /// `banner` (旗), `town` (苏木镇) or `village` (嘎查村/社区).
    pub level: String,
    /// Materialised path of ids, e.g. `/1/4/17/`.
    pub path: String,
    pub sort_order: i64,
}

impl From<OrgUnitRow> for OrgUnitView {
    fn from(r: OrgUnitRow) -> Self {
        let OrgUnitRow { id, parent_id, code, name, level, path, sort_order } = r;
        OrgUnitView { id, parent_id, code, name, level, path, sort_order }
    }
}

/// Org units the actor may see, parents before children.
pub async fn list_org_units(app: &App, actor: &Actor) -> Result<Vec<OrgUnitView>> {
    let mut tx = app.read().await?;
    Ok(store::org::list_org_units(&mut tx, &actor.scope(Permission::ViewOrg)).await?.into_iter().map(OrgUnitView::from).collect())
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
    app.commit_network(tx).await?;
    Ok(row)
}

pub async fn update_org_unit(app: &App, actor: &Actor, id: i64, input: &OrgUnitInput) -> Result<OrgUnitRow> {
    let mut tx = app.write().await?;
    let before = store::org::get_org_unit(&mut tx, id).await?;
    actor.require(Permission::ManageStructure, &before.path, None, "修改该组织机构")?;
    let p = parse_org_unit(input)?;
    store::org::update_org_unit(&mut tx, id, &p.code, &p.name, p.sort_order, app.clock.now()).await?;
    let after = store::org::get_org_unit(&mut tx, id).await?;
    record(app, &mut tx, actor, "update", "org_unit", id, &after.path, Some(&before), Some(&after)).await?;
    app.commit_network(tx).await?;
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

pub(super) struct DepartmentParsed {
    pub(super) code: String,
    pub(super) name: String,
    pub(super) short_name: String,
    pub(super) phone: Option<String>,
}

pub(super) fn parse_department(i: &DepartmentInput) -> Result<DepartmentParsed, Invalid> {
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

/// A department as lists show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DepartmentView {
    pub id: i64,
    pub org_unit_id: i64,
    /// Short code such as `scjgj`.
    pub code: String,
    pub name: String,
    pub short_name: String,
    pub phone: Option<String>,
    pub active: bool,
}

impl From<DepartmentRow> for DepartmentView {
    fn from(r: DepartmentRow) -> Self {
        let DepartmentRow { id, org_unit_id, code, name, short_name, phone, active } = r;
        DepartmentView { id, org_unit_id, code, name, short_name, phone, active }
    }
}

/// Every department (banner-wide reference data, visible to all staff).
pub async fn list_departments(app: &App, actor: &Actor) -> Result<Vec<DepartmentView>> {
    actor.require_role(Permission::ViewOrg, "查看部门")?;
    let mut tx = app.read().await?;
    Ok(store::org::list_departments(&mut tx).await?.into_iter().map(DepartmentView::from).collect())
}

/// The banner unit that owns banner-level reference data (the root the actor administers).
pub(crate) async fn root_unit(tx: &mut Tx) -> Result<OrgUnitRow> {
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
    app.commit_network(tx).await?;
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
    app.commit_network(tx).await?;
    Ok(after)
}

// ---------------------------------------------------------------- sites
