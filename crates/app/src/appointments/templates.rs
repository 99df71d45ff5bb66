//! Slot templates: which categories may be booked when, and how many per slot.

use chrono::NaiveDate;
use domain::Invalid;
use domain::access::Permission;
use domain::appointments::{Template, Weekdays, parse_date, parse_time};
use domain::text::collect;
use serde::Deserialize;
use store::Tx;
use store::appointments::TemplateFields;
use utoipa::ToSchema;

use super::views::*;
use crate::support::audit::record;
use crate::support::input::{ids, opt_id};
use crate::{Actor, App, AppError, Result};

/// A slot template as entered (JSON or form).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct TemplateInput {
    #[serde(default, deserialize_with = "opt_id")]
    pub category_id: Option<i64>,
    /// ISO weekday numbers 1 (Monday) … 5 (Friday); empty means Monday–Friday.
    #[serde(default, deserialize_with = "ids")]
    pub weekdays: Vec<i64>,
    /// `09:00`.
    #[serde(default)]
    pub start: String,
    /// `12:00`.
    #[serde(default)]
    pub end: String,
    #[serde(default, deserialize_with = "opt_id")]
    pub slot_minutes: Option<i64>,
    /// Places per slot.
    #[serde(default, deserialize_with = "opt_id")]
    pub capacity: Option<i64>,
    /// First day (defaults to today).
    #[serde(default)]
    pub effective_from: String,
    /// Last day (blank: open-ended).
    #[serde(default)]
    pub effective_to: String,
}

pub(super) fn parse_template(input: &TemplateInput, id: i64, today: NaiveDate) -> Result<Template, Invalid> {
    let mut e = Invalid::default();
    if input.category_id.is_none() {
        e.push("category_id", "请选择取号类别");
    }
    let weekdays = collect(&mut e, Weekdays::parse("weekdays", &input.weekdays));
    let start = collect(&mut e, parse_time("start", "开始时间", &input.start));
    let end = collect(&mut e, parse_time("end", "结束时间", &input.end));
    let slot_minutes = match input.slot_minutes {
        None => {
            e.push("slot_minutes", "请填写每个时段的分钟数");
            None
        }
        Some(n) => Some(u32::try_from(n).unwrap_or(0)),
    };
    let capacity = match input.capacity {
        None => {
            e.push("capacity", "请填写每个时段可约人数");
            None
        }
        Some(n) => Some(u32::try_from(n).unwrap_or(0)),
    };
    let from = if input.effective_from.trim().is_empty() {
        Some(today)
    } else {
        collect(&mut e, parse_date("effective_from", "生效日期", &input.effective_from))
    };
    let to = if input.effective_to.trim().is_empty() {
        Some(None)
    } else {
        collect(&mut e, parse_date("effective_to", "失效日期", &input.effective_to)).map(Some)
    };
    let (
        Some(category_id),
        Some(weekdays),
        Some(start),
        Some(end),
        Some(slot_minutes),
        Some(capacity),
        Some(effective_from),
        Some(effective_to),
    ) = (input.category_id, weekdays, start, end, slot_minutes, capacity, from, to)
    else {
        return Err(e);
    };
    let t = Template { id, category_id, weekdays, start, end, slot_minutes, capacity, effective_from, effective_to };
    if let Err(more) = t.check() {
        e.fields.extend(more.fields);
    }
    e.into_result()?;
    Ok(t)
}

pub(super) fn template_fields(t: &Template) -> TemplateFields {
    TemplateFields {
        category_id: t.category_id,
        weekdays: t.weekdays.bits(),
        start_time: t.start,
        end_time: t.end,
        slot_minutes: i64::from(t.slot_minutes),
        capacity: i64::from(t.capacity),
        effective_from: t.effective_from,
        effective_to: t.effective_to,
    }
}

/// Checks the category belongs to the site and the template overlaps no other of its category.
pub(super) async fn check_template_place(tx: &mut Tx, site_id: i64, t: &Template) -> Result<()> {
    match store::queue::find_category(tx, t.category_id).await? {
        Some(c) if c.site_id == site_id => {}
        _ => return Err(Invalid::one("category_id", "取号类别不存在或不属于该场所").into()),
    }
    for other in store::appointments::list_templates(tx, site_id).await? {
        let o = domain_template(&other);
        if o.id != t.id && t.overlaps(&o) {
            return Err(Invalid::one("start", format!("与该类别已有的预约模板（{}）时间重叠", o.label())).into());
        }
    }
    Ok(())
}

/// A site's slot templates (staff who may watch its queue).
pub async fn templates(app: &App, actor: &Actor, site_id: i64) -> Result<Vec<TemplateView>> {
    let mut tx = app.read().await?;
    let site = store::org::get_site(&mut tx, site_id).await?;
    actor.require(Permission::ViewQueue, &site.org_path, None, "查看该场所的预约模板")?;
    Ok(store::appointments::list_templates(&mut tx, site_id).await?.iter().map(TemplateView::from_row).collect())
}

pub async fn get_template(app: &App, actor: &Actor, id: i64) -> Result<TemplateView> {
    let mut tx = app.read().await?;
    let t = store::appointments::find_template(&mut tx, id).await?.ok_or(AppError::NotFound("预约模板"))?;
    let site = store::org::get_site(&mut tx, t.site_id).await?;
    actor.require(Permission::ViewQueue, &site.org_path, None, "查看该场所的预约模板")?;
    Ok(TemplateView::from_row(&t))
}

pub async fn create_template(app: &App, actor: &Actor, site_id: i64, input: &TemplateInput) -> Result<TemplateView> {
    let mut tx = app.write().await?;
    let site = store::org::get_site(&mut tx, site_id).await?;
    actor.require(Permission::ManageQueue, &site.org_path, None, "设置该场所的预约模板")?;
    let t = parse_template(input, 0, app.clock.today())?;
    check_template_place(&mut tx, site_id, &t).await?;
    let id = store::appointments::insert_template(&mut tx, site_id, site.org_unit_id, &template_fields(&t), app.clock.now()).await?;
    let view = TemplateView::from_row(&store::appointments::get_template(&mut tx, id).await?);
    record::<(), _>(app, &mut tx, actor, "create_appointment_template", "appointment_template", id, &site.org_path, None, Some(&view))
        .await?;
    tx.commit().await?;
    Ok(view)
}

/// Changes a template; bookings already made keep their times.
pub async fn update_template(app: &App, actor: &Actor, id: i64, input: &TemplateInput) -> Result<TemplateView> {
    let mut tx = app.write().await?;
    let before = store::appointments::find_template(&mut tx, id).await?.ok_or(AppError::NotFound("预约模板"))?;
    let site = store::org::get_site(&mut tx, before.site_id).await?;
    actor.require(Permission::ManageQueue, &site.org_path, None, "设置该场所的预约模板")?;
    let t = parse_template(input, id, app.clock.today())?;
    check_template_place(&mut tx, before.site_id, &t).await?;
    store::appointments::update_template(&mut tx, id, &template_fields(&t), app.clock.now()).await?;
    let view = TemplateView::from_row(&store::appointments::get_template(&mut tx, id).await?);
    let old = TemplateView::from_row(&before);
    record(app, &mut tx, actor, "update_appointment_template", "appointment_template", id, &site.org_path, Some(&old), Some(&view)).await?;
    tx.commit().await?;
    Ok(view)
}

/// Deletes a template that no upcoming booking was made on (otherwise set its last day instead).
pub async fn delete_template(app: &App, actor: &Actor, id: i64) -> Result<()> {
    let mut tx = app.write().await?;
    let before = store::appointments::find_template(&mut tx, id).await?.ok_or(AppError::NotFound("预约模板"))?;
    let site = store::org::get_site(&mut tx, before.site_id).await?;
    actor.require(Permission::ManageQueue, &site.org_path, None, "设置该场所的预约模板")?;
    let upcoming = store::appointments::count_upcoming_for_template(&mut tx, id, app.clock.now()).await?;
    if upcoming > 0 {
        return Err(AppError::Conflict(format!("该模板还有 {upcoming} 个未到时段的预约，不能删除；可填写失效日期停止放号")));
    }
    store::appointments::delete_template(&mut tx, id).await?;
    let old = TemplateView::from_row(&before);
    record::<_, ()>(app, &mut tx, actor, "delete_appointment_template", "appointment_template", id, &site.org_path, Some(&old), None)
        .await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------- what can be booked
