//! Appointment use cases (R2, 预约): slot templates and settings kept by hall managers, public
//! booking by mobile phone (optionally with an ID number), cancellation up to a cut-off, kiosk
//! check-in that turns a booking into a queue ticket ranked by its slot, the no-show job and the
//! day-before reminders.
//!
//! Rules (see `domain::appointments` for the pure ones): slots only on working days of the
//! calendar; capacity taken by a conditional update of the slot's counter inside the booking
//! transaction; per-person quotas and the no-show block counted by phone and ID number under a
//! per-person lock; a 6-digit code unique among the day's open bookings at the site. The phone
//! and ID number are stored encrypted with a blind index (个人信息保护法 第51条) and only ever
//! shown masked; no SMS carries the ID number. Every booking change writes its audit row and its
//! SMS (through the outbox) in the same transaction.

use std::collections::HashMap;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Timelike, Utc};
use domain::Invalid;
use domain::access::Permission;
use domain::appointments::{
    AppointmentStatus, CheckIn, Settings, Template, Weekdays, blocked_message, blocked_until, bookable_days, check_quota, day_label,
    instant, local, parse_code, parse_date, parse_time, slots_on, week_of,
};
use domain::text::collect;
use domain::validate::{IdCardNo, Mobile};
use serde::{Deserialize, Serialize};
use store::Tx;
use store::appointments::{AppointmentRow, NewAppointment, NewSlot, TemplateFields, TemplateRow};
use utoipa::ToSchema;

use crate::audit::record;
use crate::input::{ids, opt_id};
use crate::outbox::{NewMessage, enqueue};
use crate::queue::{AppointmentLink, Caller, TicketInput, TicketView};
use crate::{Actor, App, AppError, Result};

/// Reminders go out the day before, from this local hour…
pub const REMINDER_FROM_HOUR: u32 = 9;
/// …until this one (no texts at night; a reminder missed by then is not sent).
pub const REMINDER_UNTIL_HOUR: u32 = 21;
/// How often [`run_jobs`] marks no-shows and queues reminders.
const JOB_EVERY: StdDuration = StdDuration::from_secs(300);
/// Rows one job round takes.
const JOB_BATCH: i64 = 500;

fn actor_named(username: String, name: &str) -> Actor {
    Actor { user_id: None, username, name: name.to_owned(), grants: vec![], staff_id: None, api_token: None, system: false }
}

/// The audit actor of a citizen booking or cancelling on their own phone.
fn public_actor() -> Actor {
    actor_named("public".to_owned(), "群众")
}

fn hm(t: DateTime<Utc>) -> String {
    local(t).format("%H:%M").to_string()
}

/// `3月2日 07:00`.
fn when(t: DateTime<Utc>) -> String {
    let l = local(t);
    format!("{} {}", l.format("%-m月%-d日"), l.format("%H:%M"))
}

// ---------------------------------------------------------------- views

/// A booking as the API and pages show it (phone and ID number masked).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AppointmentView {
    pub id: i64,
    pub site_id: i64,
    pub site_name: String,
    pub category_id: i64,
    pub category_name: String,
    pub day: NaiveDate,
    /// Local start and end of the slot, `09:00`.
    pub start: String,
    pub end: String,
    pub slot_start: DateTime<Utc>,
    pub slot_end: DateTime<Utc>,
    /// The 6-digit booking code (for check-in and cancellation).
    pub code: String,
    pub status: String,
    pub status_label: String,
    pub phone_masked: String,
    pub id_masked: Option<String>,
    pub ticket_id: Option<i64>,
    /// The check-in window.
    pub checkin_from: DateTime<Utc>,
    pub checkin_to: DateTime<Utc>,
    /// Online cancellation is possible until this instant.
    pub cancel_before: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

impl AppointmentView {
    fn from_row(a: &AppointmentRow, s: &Settings) -> AppointmentView {
        let (checkin_from, checkin_to) = s.checkin_window(a.slot_start);
        AppointmentView {
            id: a.id,
            site_id: a.site_id,
            site_name: a.site_name.clone(),
            category_id: a.category_id,
            category_name: a.category_name.clone(),
            day: a.day,
            start: hm(a.slot_start),
            end: hm(a.slot_end),
            slot_start: a.slot_start,
            slot_end: a.slot_end,
            code: a.code.clone(),
            status_label: AppointmentStatus::parse("status", &a.status).map_or_else(|_| a.status.clone(), |x| x.label().to_owned()),
            status: a.status.clone(),
            phone_masked: a.phone_masked.clone(),
            id_masked: a.id_masked.clone(),
            ticket_id: a.ticket_id,
            checkin_from,
            checkin_to,
            cancel_before: s.cancel_deadline(a.slot_start),
            created_at: a.created_at,
        }
    }

    /// What the audit log keeps of a booking (no code: with the phone it would cancel it).
    fn audit(&self) -> serde_json::Value {
        serde_json::json!({
            "site_id": self.site_id, "category_id": self.category_id, "day": self.day, "start": self.start,
            "status": self.status, "phone": self.phone_masked, "id_card": self.id_masked, "ticket_id": self.ticket_id,
        })
    }
}

/// One slot with its places.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SlotView {
    pub category_id: i64,
    pub day: NaiveDate,
    /// Local start and end, `09:00`.
    pub start: String,
    pub end: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub capacity: i64,
    /// Places still free (0 when full).
    pub remaining: i64,
}

/// A slot template as shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TemplateView {
    pub id: i64,
    pub site_id: i64,
    pub category_id: i64,
    pub category_name: String,
    /// ISO weekday numbers, 1 = Monday … 5 = Friday.
    pub weekdays: Vec<u32>,
    pub weekdays_label: String,
    pub start: String,
    pub end: String,
    pub slot_minutes: i64,
    pub capacity: i64,
    pub effective_from: NaiveDate,
    pub effective_to: Option<NaiveDate>,
    /// `周一至周五 09:00–12:00，每 30 分钟 5 人`.
    pub label: String,
}

fn domain_template(r: &TemplateRow) -> Template {
    Template {
        id: r.id,
        category_id: r.category_id,
        weekdays: Weekdays::from_bits(r.weekdays).unwrap_or(Weekdays::WORKWEEK),
        start: r.start_time,
        end: r.end_time,
        slot_minutes: u32::try_from(r.slot_minutes).unwrap_or(30),
        capacity: u32::try_from(r.capacity).unwrap_or(0),
        effective_from: r.effective_from,
        effective_to: r.effective_to,
    }
}

impl TemplateView {
    fn from_row(r: &TemplateRow) -> TemplateView {
        let t = domain_template(r);
        TemplateView {
            id: r.id,
            site_id: r.site_id,
            category_id: r.category_id,
            category_name: r.category_name.clone(),
            weekdays: t.weekdays.numbers(),
            weekdays_label: t.weekdays.label(),
            start: r.start_time.format("%H:%M").to_string(),
            end: r.end_time.format("%H:%M").to_string(),
            slot_minutes: r.slot_minutes,
            capacity: r.capacity,
            effective_from: r.effective_from,
            effective_to: r.effective_to,
            label: t.label(),
        }
    }
}

// ---------------------------------------------------------------- settings

async fn load_settings(tx: &mut Tx, site_id: i64) -> Result<Settings> {
    Ok(match store::appointments::get_settings(tx, site_id).await? {
        Some(json) => {
            serde_json::from_str(&json).map_err(|e| AppError::Internal(format!("stored appointment settings unreadable: {e}")))?
        }
        None => Settings::default(),
    })
}

/// A site's appointment settings, for staff who may watch its queue.
pub async fn settings(app: &App, actor: &Actor, site_id: i64) -> Result<Settings> {
    let mut tx = app.read().await?;
    let site = store::org::get_site(&mut tx, site_id).await?;
    actor.require(Permission::ViewQueue, &site.org_path, None, "查看该场所的预约设置")?;
    load_settings(&mut tx, site_id).await
}

/// Saves a site's appointment settings (hall managers).
pub async fn set_settings(app: &App, actor: &Actor, site_id: i64, s: &Settings) -> Result<Settings> {
    s.validate()?;
    let mut tx = app.write().await?;
    let site = store::org::get_site(&mut tx, site_id).await?;
    actor.require(Permission::ManageQueue, &site.org_path, None, "修改该场所的预约设置")?;
    let before = load_settings(&mut tx, site_id).await?;
    let json = serde_json::to_string(s).map_err(|e| AppError::Internal(e.to_string()))?;
    store::appointments::put_settings(&mut tx, site_id, &json, app.clock.now()).await?;
    record(app, &mut tx, actor, "set_appointment_settings", "site", site_id, &site.org_path, Some(&before), Some(s)).await?;
    tx.commit().await?;
    Ok(s.clone())
}

// ---------------------------------------------------------------- templates

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

fn parse_template(input: &TemplateInput, id: i64, today: NaiveDate) -> Result<Template, Invalid> {
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

fn template_fields(t: &Template) -> TemplateFields {
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
async fn check_template_place(tx: &mut Tx, site_id: i64, t: &Template) -> Result<()> {
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
    let t = parse_template(input, 0, app.clock.today())?;
    let mut tx = app.write().await?;
    let site = store::org::get_site(&mut tx, site_id).await?;
    actor.require(Permission::ManageQueue, &site.org_path, None, "设置该场所的预约模板")?;
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
    let t = parse_template(input, id, app.clock.today())?;
    let mut tx = app.write().await?;
    let before = store::appointments::find_template(&mut tx, id).await?.ok_or(AppError::NotFound("预约模板"))?;
    let site = store::org::get_site(&mut tx, before.site_id).await?;
    actor.require(Permission::ManageQueue, &site.org_path, None, "设置该场所的预约模板")?;
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

/// A category that takes appointments.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BookableCategory {
    pub id: i64,
    pub name: String,
    pub description: String,
}

/// What the booking page offers at a site: its bookable categories and days.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BookingOptions {
    pub site_id: i64,
    pub site_name: String,
    pub categories: Vec<BookableCategory>,
    pub days: Vec<NaiveDate>,
    #[schema(value_type = Object)]
    pub settings: Settings,
}

async fn domain_templates(tx: &mut Tx, site_id: i64) -> Result<Vec<Template>> {
    Ok(store::appointments::list_templates(tx, site_id).await?.iter().map(domain_template).collect())
}

/// The categories with templates and the bookable days of a site (public).
pub async fn options(app: &App, site_id: i64) -> Result<BookingOptions> {
    let cal = crate::calendar::calendar(app).await?;
    let mut tx = app.read().await?;
    let site = store::org::get_site(&mut tx, site_id).await?;
    let settings = load_settings(&mut tx, site_id).await?;
    let templates = domain_templates(&mut tx, site_id).await?;
    let categories = store::queue::list_categories(&mut tx, site_id)
        .await?
        .into_iter()
        .filter(|c| c.active && templates.iter().any(|t| t.category_id == c.id))
        .map(|c| BookableCategory { id: c.id, name: c.name, description: c.description })
        .collect();
    let days = if site.active { bookable_days(&cal, app.clock.today(), u32::try_from(settings.days_ahead).unwrap_or(7)) } else { vec![] };
    Ok(BookingOptions { site_id, site_name: site.name, categories, days, settings })
}

/// The future slots of a site between two days (default: every bookable day), optionally of one
/// category, with the places left in each (public).
pub async fn slots(app: &App, site_id: i64, category_id: Option<i64>, from: Option<&str>, to: Option<&str>) -> Result<Vec<SlotView>> {
    let mut e = Invalid::default();
    let from = from.map(str::trim).filter(|s| !s.is_empty()).and_then(|s| collect(&mut e, parse_date("from", "开始日期", s)));
    let to = to.map(str::trim).filter(|s| !s.is_empty()).and_then(|s| collect(&mut e, parse_date("to", "结束日期", s)));
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        e.push("to", "结束日期不能早于开始日期");
    }
    e.into_result()?;
    let opts = options(app, site_id).await?;
    if let Some(c) = category_id
        && !opts.categories.iter().any(|x| x.id == c)
    {
        return Err(Invalid::one("category_id", "该类别不存在、不属于该场所或未开放预约").into());
    }
    let days: Vec<NaiveDate> = opts.days.iter().copied().filter(|d| from.is_none_or(|f| *d >= f) && to.is_none_or(|t| *d <= t)).collect();
    let (Some(&first), Some(&last)) = (days.first(), days.last()) else {
        return Ok(vec![]);
    };
    let cal = crate::calendar::calendar(app).await?;
    let now = app.clock.now();
    let mut tx = app.read().await?;
    let templates = domain_templates(&mut tx, site_id).await?;
    let taken: HashMap<(i64, DateTime<Utc>), i64> = store::appointments::list_slots(&mut tx, site_id, category_id, first, last)
        .await?
        .into_iter()
        .map(|s| ((s.category_id, s.start_at), s.booked))
        .collect();
    let mut out = Vec::new();
    for day in days {
        for c in opts.categories.iter().filter(|c| category_id.is_none_or(|x| x == c.id)) {
            for s in slots_on(&cal, &templates, c.id, day) {
                let starts_at = s.starts_at();
                if starts_at <= now {
                    continue;
                }
                let capacity = i64::from(s.capacity);
                let booked = taken.get(&(c.id, starts_at)).copied().unwrap_or(0);
                out.push(SlotView {
                    category_id: c.id,
                    day,
                    start: s.start.format("%H:%M").to_string(),
                    end: s.end.format("%H:%M").to_string(),
                    starts_at,
                    ends_at: s.ends_at(),
                    capacity,
                    remaining: (capacity - booked).max(0),
                });
            }
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------- booking

/// A booking request (public).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct BookingInput {
    #[serde(default, deserialize_with = "opt_id")]
    pub site_id: Option<i64>,
    #[serde(default, deserialize_with = "opt_id")]
    pub category_id: Option<i64>,
    /// `2026-03-03`.
    #[serde(default)]
    pub day: String,
    /// The slot's local start, `09:00`.
    #[serde(default)]
    pub start: String,
    /// Mainland mobile; the confirmation and reminder are texted to it.
    #[serde(default)]
    pub phone: String,
    /// Optional resident ID number (stored encrypted, shown masked, never texted).
    #[serde(default)]
    pub id_card_no: String,
}

struct ParsedBooking {
    site_id: i64,
    category_id: i64,
    day: NaiveDate,
    start: NaiveTime,
    phone: Mobile,
    id: Option<IdCardNo>,
}

fn parse_booking(i: &BookingInput) -> Result<ParsedBooking, Invalid> {
    let mut e = Invalid::default();
    if i.site_id.is_none() {
        e.push("site_id", "请选择预约的场所");
    }
    if i.category_id.is_none() {
        e.push("category_id", "请选择办理类别");
    }
    let day = collect(&mut e, parse_date("day", "预约日期", &i.day));
    let start = collect(&mut e, parse_time("start", "预约时段", &i.start));
    let phone = collect(&mut e, Mobile::parse("phone", &i.phone));
    let id = match i.id_card_no.trim() {
        "" => Some(None),
        s => collect(&mut e, IdCardNo::parse("id_card_no", s)).map(Some),
    };
    match (i.site_id, i.category_id, day, start, phone, id) {
        (Some(site_id), Some(category_id), Some(day), Some(start), Some(phone), Some(id)) if e.is_empty() => {
            Ok(ParsedBooking { site_id, category_id, day, start, phone, id })
        }
        _ => Err(e),
    }
}

/// A new 6-digit code not used by an open booking of the site on that day.
async fn fresh_code(tx: &mut Tx, site_id: i64, day: NaiveDate) -> Result<String> {
    for _ in 0..50 {
        let code = format!("{:06}", rand::random::<u32>() % 1_000_000);
        if !store::appointments::code_in_use(tx, site_id, day, &code).await? {
            return Ok(code);
        }
    }
    Err(AppError::Internal(format!("no free booking code found for site {site_id} on {day}")))
}

fn confirmation_text(v: &AppointmentView) -> String {
    format!(
        "【{}】预约成功：{} {}–{}“{}”，预约码 {}。请于 {}–{} 在大厅取号机输入预约码或手机号签到取号。如需取消，请在 {} 前操作。",
        v.site_name,
        day_label(v.day),
        v.start,
        v.end,
        v.category_name,
        v.code,
        hm(v.checkin_from),
        hm(v.checkin_to),
        when(v.cancel_before)
    )
}

/// Books a slot for a citizen (no sign-in). Refuses a full slot, a slot outside the bookable
/// days, a person over their quota or blocked for no-shows; texts the confirmation.
pub async fn book(app: &App, input: &BookingInput) -> Result<AppointmentView> {
    let p = parse_booking(input)?;
    let cal = crate::calendar::calendar(app).await?;
    let now = app.clock.now();
    let today = app.clock.today();
    let mut tx = app.write().await?;
    let site = store::org::get_site(&mut tx, p.site_id).await?;
    if !site.active {
        return Err(AppError::Conflict(format!("{}已停用，暂不接受预约", site.name)));
    }
    let category = match store::queue::find_category(&mut tx, p.category_id).await? {
        Some(c) if c.site_id == site.id && c.active => c,
        Some(c) if c.site_id == site.id => return Err(Invalid::one("category_id", format!("“{}”暂停办理，不能预约", c.name)).into()),
        _ => return Err(Invalid::one("category_id", "办理类别不存在或不属于该场所").into()),
    };
    let settings = load_settings(&mut tx, site.id).await?;
    let days = bookable_days(&cal, today, u32::try_from(settings.days_ahead).unwrap_or(7));
    if !days.contains(&p.day) {
        let why = if !cal.is_working_day(p.day) {
            "该日不是工作日（节假日和周末不办理预约，调休上班日除外）；"
        } else {
            ""
        };
        let range = match (days.first(), days.last()) {
            (Some(a), Some(b)) => format!("可预约 {} 至 {} 的工作日", day_label(*a), day_label(*b)),
            _ => "暂无可预约的日期".to_owned(),
        };
        return Err(Invalid::one("day", format!("{why}{range}")).into());
    }
    let templates = domain_templates(&mut tx, site.id).await?;
    let Some(slot) = slots_on(&cal, &templates, category.id, p.day).into_iter().find(|s| s.start == p.start) else {
        return Err(Invalid::one(
            "start",
            format!("{}没有 {} 开始的“{}”预约时段，请重新选择", day_label(p.day), p.start.format("%H:%M"), category.name),
        )
        .into());
    };
    if slot.starts_at() <= now {
        return Err(AppError::Conflict("该时段已开始，请选择其他时段".to_owned()));
    }
    let phone_hash = app.phone_hash(p.phone.as_str());
    let id_hash = p.id.as_ref().map(|i| app.cipher.blind_index("id_card", i.as_str()));
    let mut keys = vec![phone_hash.as_str()];
    keys.extend(id_hash.as_deref());
    store::appointments::lock_person(&mut tx, &keys).await?;
    let since = today - Duration::days(settings.no_show_lookback_days());
    let misses = store::appointments::no_show_days(&mut tx, site.id, &phone_hash, id_hash.as_deref(), since).await?;
    if let Some(end) = blocked_until(&settings, &misses, today) {
        return Err(AppError::Conflict(blocked_message(&settings, end)));
    }
    let (monday, sunday) = week_of(p.day);
    let held: Vec<(NaiveDate, DateTime<Utc>)> =
        store::appointments::list_for_person(&mut tx, site.id, &phone_hash, id_hash.as_deref(), monday, sunday)
            .await?
            .into_iter()
            .map(|a| (a.day, a.slot_start))
            .collect();
    if let Err(breach) = check_quota(&settings, &held, p.day, slot.starts_at()) {
        return Err(AppError::Conflict(breach.message(p.day)));
    }
    let new_slot = NewSlot {
        site_id: site.id,
        category_id: category.id,
        day: p.day,
        start_at: slot.starts_at(),
        end_at: slot.ends_at(),
        template_id: Some(slot.template_id),
        capacity: i64::from(slot.capacity),
    };
    let slot_id = store::appointments::ensure_slot(&mut tx, &new_slot).await?;
    if !store::appointments::take_place(&mut tx, slot_id, i64::from(slot.capacity)).await? {
        return Err(AppError::Conflict(format!(
            "{} {} 的“{}”已约满，请选择其他时段",
            day_label(p.day),
            p.start.format("%H:%M"),
            category.name
        )));
    }
    let phone_enc = app.cipher.encrypt(p.phone.as_str());
    let phone_masked = p.phone.masked();
    let id_enc = p.id.as_ref().map(|i| app.cipher.encrypt(i.as_str()));
    let id_masked = p.id.as_ref().map(IdCardNo::masked);
    let mut attempt = 0;
    let id = loop {
        attempt += 1;
        let code = fresh_code(&mut tx, site.id, p.day).await?;
        let new = NewAppointment {
            site_id: site.id,
            org_unit_id: site.org_unit_id,
            category_id: category.id,
            slot_id,
            day: p.day,
            slot_start: new_slot.start_at,
            slot_end: new_slot.end_at,
            code: &code,
            phone_enc: &phone_enc,
            phone_hash: &phone_hash,
            phone_masked: &phone_masked,
            id_enc: id_enc.as_deref(),
            id_hash: id_hash.as_deref(),
            id_masked: id_masked.as_deref(),
        };
        // A concurrent booking of another slot may take the same code first (PostgreSQL): the
        // savepoint keeps this transaction usable so another code can be tried.
        tx.exec("savepoint appointment_code").await?;
        match store::appointments::insert_appointment(&mut tx, &new, now).await {
            Ok(id) => {
                tx.exec("release savepoint appointment_code").await?;
                break id;
            }
            Err(store::StoreError::Duplicate(_)) if attempt < 5 => tx.exec("rollback to savepoint appointment_code").await?,
            Err(e) => return Err(e.into()),
        }
    };
    let view = AppointmentView::from_row(&store::appointments::get_appointment(&mut tx, id).await?, &settings);
    enqueue(
        app,
        &mut tx,
        NewMessage {
            org_unit_id: site.org_unit_id,
            kind: "appointment_confirmed",
            phone: p.phone.as_str(),
            body: confirmation_text(&view),
            idempotency_key: format!("appt-confirm-{id}"),
        },
    )
    .await?;
    record::<(), _>(app, &mut tx, &public_actor(), "book_appointment", "appointment", id, &site.org_path, None, Some(&view.audit()))
        .await?;
    tx.commit().await?;
    Ok(view)
}

// ---------------------------------------------------------------- cancellation

/// Cancelling a booking: its code and the phone it was made with.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct CancelInput {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub phone: String,
    /// Narrows the search when the same person holds the same code at two halls.
    #[serde(default, deserialize_with = "opt_id")]
    pub site_id: Option<i64>,
}

/// Cancels a booking up to the site's cut-off before its slot; texts a confirmation.
pub async fn cancel(app: &App, input: &CancelInput) -> Result<AppointmentView> {
    let mut e = Invalid::default();
    let code = collect(&mut e, parse_code("code", &input.code));
    let phone = collect(&mut e, Mobile::parse("phone", &input.phone));
    e.into_result()?;
    let (Some(code), Some(phone)) = (code, phone) else { return Err(AppError::Internal("parsed input missing".to_owned())) };
    let now = app.clock.now();
    let mut tx = app.write().await?;
    let hash = app.phone_hash(phone.as_str());
    let found = store::appointments::list_cancellable(&mut tx, &code, &hash, now).await?;
    let Some(a) = found.into_iter().find(|a| input.site_id.is_none_or(|s| s == a.site_id)) else {
        return Err(Invalid::one(
            "code",
            "没有找到该手机号下此预约码的待办预约，请核对预约码和手机号（已签到、已开始或已取消的预约不能再取消）",
        )
        .into());
    };
    let settings = load_settings(&mut tx, a.site_id).await?;
    let deadline = settings.cancel_deadline(a.slot_start);
    if now > deadline {
        return Err(AppError::Conflict(format!(
            "网上取消已于 {} 截止（预约开始前 {} 分钟）；如不能前来，请直接联系大厅，未签到将记为爽约",
            when(deadline),
            settings.cancel_cutoff_min
        )));
    }
    if !store::appointments::cancel(&mut tx, a.id, now).await? {
        return Err(AppError::Conflict("预约状态已变化，请刷新后重试".to_owned()));
    }
    store::appointments::release_place(&mut tx, a.slot_id).await?;
    let view = AppointmentView::from_row(&store::appointments::get_appointment(&mut tx, a.id).await?, &settings);
    let body = format!(
        "【{}】您 {} {}–{}“{}”的预约（预约码 {}）已取消。",
        view.site_name,
        day_label(view.day),
        view.start,
        view.end,
        view.category_name,
        view.code
    );
    enqueue(
        app,
        &mut tx,
        NewMessage {
            org_unit_id: a.org_unit_id,
            kind: "appointment_cancelled",
            phone: phone.as_str(),
            body,
            idempotency_key: format!("appt-cancel-{}", a.id),
        },
    )
    .await?;
    let before = AppointmentView::from_row(&a, &settings);
    record(
        app,
        &mut tx,
        &public_actor(),
        "cancel_appointment",
        "appointment",
        a.id,
        &a.org_path,
        Some(&before.audit()),
        Some(&view.audit()),
    )
    .await?;
    tx.commit().await?;
    Ok(view)
}

// ---------------------------------------------------------------- check-in

/// A kiosk check-in: the site and the booking code, or the phone of today's booking.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct CheckInInput {
    #[serde(default, deserialize_with = "opt_id")]
    pub site_id: Option<i64>,
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub phone: String,
}

/// The booking a check-in by phone means: one whose window is open, else one already checked
/// in (its ticket again), else the next one to come, else the latest other.
fn pick_for_phone(rows: Vec<AppointmentRow>, s: &Settings, now: DateTime<Utc>) -> Option<AppointmentRow> {
    let status = |a: &AppointmentRow| AppointmentStatus::parse("status", &a.status).ok();
    let rank = |a: &AppointmentRow| match (status(a), s.checkin_state(a.slot_start, now)) {
        (Some(AppointmentStatus::Booked), CheckIn::Open) => 0,
        (Some(AppointmentStatus::CheckedIn), _) => 1,
        (Some(AppointmentStatus::Booked), CheckIn::TooEarly) => 2,
        (Some(AppointmentStatus::Booked), CheckIn::TooLate) => 3,
        _ => 4,
    };
    rows.into_iter().enumerate().min_by_key(|(i, a)| (rank(a), if rank(a) >= 3 { usize::MAX - i } else { *i })).map(|(_, a)| a)
}

/// Checks a booking in at the hall (a kiosk of the site, or staff who may issue tickets there) and
/// returns its queue ticket, ranked by the slot. Checking in again returns the same ticket.
pub async fn check_in(app: &App, caller: Caller<'_>, input: &CheckInInput) -> Result<TicketView> {
    let mut e = Invalid::default();
    if input.site_id.is_none() {
        e.push("site_id", "请指定签到的场所");
    }
    let code = match input.code.trim() {
        "" => None,
        c => collect(&mut e, parse_code("code", c)),
    };
    let phone = match input.phone.trim() {
        "" => None,
        p => collect(&mut e, Mobile::parse("phone", p)),
    };
    if input.code.trim().is_empty() && input.phone.trim().is_empty() {
        e.push("code", "请输入 6 位预约码或预约时填写的手机号");
    }
    e.into_result()?;
    let site_id = input.site_id.unwrap_or_default();
    let now = app.clock.now();
    let today = app.clock.today();
    let mut tx = app.read().await?;
    let site = store::org::get_site(&mut tx, site_id).await?;
    let audit_actor = match caller {
        Caller::Device(d) => {
            if d.site_id != site_id || d.kind != "kiosk" {
                return Err(AppError::forbidden("用该设备为本场所的预约签到"));
            }
            actor_named(format!("device:{}", d.id), "取号机")
        }
        Caller::Staff(a) => {
            a.require(Permission::IssueTickets, &site.org_path, None, "为该场所的预约签到")?;
            a.clone()
        }
        Caller::Public => return Err(AppError::Unauthorized("请到大厅取号机签到".to_owned())),
    };
    let settings = load_settings(&mut tx, site_id).await?;
    let found = match (&code, &phone) {
        (Some(code), _) => match store::appointments::list_by_code(&mut tx, site_id, today, code).await?.into_iter().next() {
            Some(a) => Some(a),
            None => {
                if let Some(later) = store::appointments::find_later_by_code(&mut tx, site_id, today, code).await? {
                    let (from, to) = settings.checkin_window(later.slot_start);
                    return Err(AppError::Conflict(format!(
                        "您的预约在 {} {}–{}，还没到签到时间；请于当天 {}–{} 签到",
                        day_label(later.day),
                        hm(later.slot_start),
                        hm(later.slot_end),
                        hm(from),
                        hm(to)
                    )));
                }
                None
            }
        },
        (None, Some(phone)) => {
            let hash = app.phone_hash(phone.as_str());
            pick_for_phone(store::appointments::list_by_phone(&mut tx, site_id, today, &hash).await?, &settings, now)
        }
        (None, None) => None,
    };
    drop(tx);
    let Some(a) = found else {
        return Err(AppError::NotFound("今天在本大厅的该预约"));
    };
    let (from, to) = settings.checkin_window(a.slot_start);
    let window = format!("{}–{}", hm(from), hm(to));
    match AppointmentStatus::parse("status", &a.status)? {
        AppointmentStatus::CheckedIn => {}
        AppointmentStatus::Cancelled => {
            return Err(AppError::Conflict(format!(
                "该预约（{}–{}）已取消，不能签到；如需办理请直接取号",
                hm(a.slot_start),
                hm(a.slot_end)
            )));
        }
        AppointmentStatus::NoShow => {
            return Err(AppError::Conflict(format!("已超过签到时间（{window}），该预约已记为未到；如需办理请直接取号")));
        }
        AppointmentStatus::Booked => match settings.checkin_state(a.slot_start, now) {
            CheckIn::Open => {}
            CheckIn::TooEarly => {
                return Err(AppError::Conflict(format!(
                    "还没到签到时间：您的预约时段为 {}–{}，请于 {window} 之间签到",
                    hm(a.slot_start),
                    hm(a.slot_end)
                )));
            }
            CheckIn::TooLate => {
                return Err(AppError::Conflict(format!("已超过签到时间（{window}），请到取号机直接取号或另行预约")));
            }
        },
    }
    let phone = app.cipher.decrypt(&a.phone_enc)?;
    let ticket_input = TicketInput {
        site_id: Some(site_id),
        category_id: Some(a.category_id),
        channel: "appointment".to_owned(),
        phone,
        ..TicketInput::default()
    };
    let link = AppointmentLink { appointment_id: a.id, slot_start: a.slot_start };
    let ticket = crate::queue::issue(app, caller, &ticket_input, Some(&format!("appt-{}", a.id)), Some(link)).await?;
    if a.status == AppointmentStatus::Booked.code() {
        let mut tx = app.write().await?;
        if store::appointments::check_in(&mut tx, a.id, ticket.id, app.clock.now()).await? {
            let after = AppointmentView::from_row(&store::appointments::get_appointment(&mut tx, a.id).await?, &settings);
            let before = AppointmentView::from_row(&a, &settings);
            record(
                app,
                &mut tx,
                &audit_actor,
                "check_in_appointment",
                "appointment",
                a.id,
                &a.org_path,
                Some(&before.audit()),
                Some(&after.audit()),
            )
            .await?;
            tx.commit().await?;
        } else {
            let now_row = store::appointments::get_appointment(&mut tx, a.id).await?;
            if now_row.ticket_id != Some(ticket.id) {
                return Err(AppError::Conflict("预约状态已变化，请重试".to_owned()));
            }
        }
    }
    Ok(ticket)
}

// ---------------------------------------------------------------- staff list

/// A site's bookings of one day.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DayBookings {
    pub site_id: i64,
    pub site_name: String,
    pub day: NaiveDate,
    pub items: Vec<AppointmentView>,
}

/// The bookings of a site on a day (default today), for staff who may watch its queue.
pub async fn day_bookings(app: &App, actor: &Actor, site_id: i64, day: Option<&str>) -> Result<DayBookings> {
    let day = match day.map(str::trim).filter(|s| !s.is_empty()) {
        Some(d) => parse_date("day", "日期", d)?,
        None => app.clock.today(),
    };
    let mut tx = app.read().await?;
    let site = store::org::get_site(&mut tx, site_id).await?;
    actor.require(Permission::ViewQueue, &site.org_path, None, "查看该场所的预约")?;
    let settings = load_settings(&mut tx, site_id).await?;
    let rows = store::appointments::list_for_site_day(&mut tx, site_id, day).await?;
    Ok(DayBookings { site_id, site_name: site.name, day, items: rows.iter().map(|a| AppointmentView::from_row(a, &settings)).collect() })
}

// ---------------------------------------------------------------- jobs

/// Marks as no-show every booking not checked in once its slot (and check-in window) is over;
/// returns how many. One audit row per site and run lists the bookings.
pub async fn mark_no_shows(app: &App) -> Result<u64> {
    let now = app.clock.now();
    let mut tx = app.write().await?;
    let rows = store::appointments::list_overdue(&mut tx, now, JOB_BATCH).await?;
    let mut settings: HashMap<i64, Settings> = HashMap::new();
    let mut marked: HashMap<i64, (String, Vec<i64>)> = HashMap::new();
    for a in rows {
        if let std::collections::hash_map::Entry::Vacant(e) = settings.entry(a.site_id) {
            e.insert(load_settings(&mut tx, a.site_id).await?);
        }
        let s = &settings[&a.site_id];
        if now >= s.no_show_at(a.slot_start, a.slot_end) && store::appointments::mark_no_show(&mut tx, a.id, now).await? {
            marked.entry(a.site_id).or_insert_with(|| (a.org_path.clone(), vec![])).1.push(a.id);
        }
    }
    let sys = Actor::system("appointments");
    let mut n = 0;
    for (site_id, (path, ids)) in &marked {
        n += ids.len() as u64;
        let after = serde_json::json!({ "status": AppointmentStatus::NoShow.code(), "ids": ids });
        record::<(), _>(app, &mut tx, &sys, "mark_appointment_no_show", "site", site_id, path, None, Some(&after)).await?;
    }
    tx.commit().await?;
    Ok(n)
}

/// Queues the day-before reminder of every booking for tomorrow made before today, once each
/// (between [`REMINDER_FROM_HOUR`] and [`REMINDER_UNTIL_HOUR`] local time); returns how many.
pub async fn send_reminders(app: &App) -> Result<u64> {
    let now = app.clock.now();
    let hour = local(now).hour();
    if !(REMINDER_FROM_HOUR..REMINDER_UNTIL_HOUR).contains(&hour) {
        return Ok(0);
    }
    let today = app.clock.today();
    let tomorrow = today + Duration::days(1);
    let start_of_today = instant(today, NaiveTime::MIN);
    let mut tx = app.write().await?;
    let rows = store::appointments::list_due_reminders(&mut tx, tomorrow, start_of_today, JOB_BATCH).await?;
    let mut settings: HashMap<i64, Settings> = HashMap::new();
    let mut n = 0;
    for a in rows {
        if let std::collections::hash_map::Entry::Vacant(e) = settings.entry(a.site_id) {
            e.insert(load_settings(&mut tx, a.site_id).await?);
        }
        let v = AppointmentView::from_row(&a, &settings[&a.site_id]);
        let phone = app.cipher.decrypt(&a.phone_enc)?;
        let body = format!(
            "【{}】提醒：您预约了明天 {} {}–{}“{}”，预约码 {}，请于 {}–{} 到大厅签到取号。如不能前来，请在 {} 前取消，以免记为爽约。",
            v.site_name,
            day_label(v.day),
            v.start,
            v.end,
            v.category_name,
            v.code,
            hm(v.checkin_from),
            hm(v.checkin_to),
            when(v.cancel_before)
        );
        let m = NewMessage {
            org_unit_id: a.org_unit_id,
            kind: "appointment_reminder",
            phone: &phone,
            body,
            idempotency_key: format!("appt-remind-{}", a.id),
        };
        enqueue(app, &mut tx, m).await?;
        if store::appointments::mark_reminded(&mut tx, a.id, now).await? {
            n += 1;
        }
    }
    tx.commit().await?;
    Ok(n)
}

/// The appointment job (spawned by `yichuang serve`): every five minutes marks no-shows and
/// queues reminders. Logs counts only.
pub async fn run_jobs(app: App) {
    let mut every = tokio::time::interval(JOB_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        match mark_no_shows(&app).await {
            Ok(n) if n > 0 => tracing::info!(appointments.no_show = n, "marked {n} appointments as no-show"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "appointment no-show job failed"),
        }
        match send_reminders(&app).await {
            Ok(n) if n > 0 => tracing::info!(appointments.reminded = n, "queued {n} appointment reminders"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "appointment reminder job failed"),
        }
    }
}
