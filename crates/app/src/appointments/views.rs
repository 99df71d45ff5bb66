//! Appointment views and settings, and the small helpers the booking use cases share.

use std::time::Duration as StdDuration;

use chrono::{DateTime, NaiveDate, Utc};
use domain::access::Permission;
use domain::appointments::{AppointmentStatus, Settings, Template, Weekdays, day_label, local};
use serde::Serialize;
use store::Tx;
use store::appointments::{AppointmentRow, TemplateRow};
use utoipa::ToSchema;

use crate::support::audit::record;
use crate::{Actor, App, AppError, Result};

/// Reminders go out the day before, from this local hour…
pub const REMINDER_FROM_HOUR: u32 = 9;
/// …until this one (no texts at night; a reminder missed by then is not sent).
pub const REMINDER_UNTIL_HOUR: u32 = 21;
/// How often [`run_jobs`] marks no-shows and queues reminders.
pub(super) const JOB_EVERY: StdDuration = StdDuration::from_secs(300);
/// Rows one job round takes.
pub(super) const JOB_BATCH: i64 = 500;

pub(super) fn actor_named(username: String, name: &str) -> Actor {
    Actor { user_id: None, username, name: name.to_owned(), grants: vec![], staff_id: None, api_token: None, system: false }
}

/// The audit actor of a citizen booking or cancelling on their own phone.
pub(super) fn public_actor() -> Actor {
    actor_named("public".to_owned(), "群众")
}

pub(super) fn hm(t: DateTime<Utc>) -> String {
    local(t).format("%H:%M").to_string()
}

/// `3月2日 07:00`.
pub(super) fn when(t: DateTime<Utc>) -> String {
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
    pub(super) fn from_row(a: &AppointmentRow, s: &Settings) -> AppointmentView {
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
    pub(super) fn audit(&self) -> serde_json::Value {
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

pub(super) fn domain_template(r: &TemplateRow) -> Template {
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
    pub(super) fn from_row(r: &TemplateRow) -> TemplateView {
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

pub(super) async fn load_settings(tx: &mut Tx, site_id: i64) -> Result<Settings> {
    Ok(match store::appointments::get_settings(tx, site_id).await? {
        Some(json) => serde_json::from_str(&json).map_err(|e| AppError::internal("stored appointment settings unreadable", e))?,
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
    let json = serde_json::to_string(s).map_err(|e| AppError::internal("cannot serialise the appointment settings", e))?;
    store::appointments::put_settings(&mut tx, site_id, &json, app.clock.now()).await?;
    record(app, &mut tx, actor, "set_appointment_settings", "site", site_id, &site.org_path, Some(&before), Some(s)).await?;
    tx.commit().await?;
    Ok(s.clone())
}

// ---------------------------------------------------------------- templates

/// The text sent when a booking is made.
pub(super) const CONFIRMATION: &str = "【{site}】预约成功：{day} {start}–{end}“{category}”，预约码 {code}。请于 {from}–{to} 在大厅取号机输入预约码或手机号签到取号。如需取消，请在 {cancel} 前操作。";

/// The text sent the day before.
pub(super) const REMINDER: &str = "【{site}】提醒：您预约了明天 {day} {start}–{end}“{category}”，预约码 {code}，请于 {from}–{to} 到大厅签到取号。如不能前来，请在 {cancel} 前取消，以免记为爽约。";

/// A text about a booking: `template` with `{site}`, `{day}`, `{start}`, `{end}`, `{category}`,
/// `{code}`, `{from}`, `{to}` (the check-in window) and `{cancel}` filled in.
pub(super) fn booking_text(template: &str, v: &AppointmentView) -> String {
    [
        ("{site}", v.site_name.clone()),
        ("{day}", day_label(v.day)),
        ("{start}", v.start.clone()),
        ("{end}", v.end.clone()),
        ("{category}", v.category_name.clone()),
        ("{code}", v.code.clone()),
        ("{from}", hm(v.checkin_from)),
        ("{to}", hm(v.checkin_to)),
        ("{cancel}", when(v.cancel_before)),
    ]
    .iter()
    .fold(template.to_owned(), |s, (k, val)| s.replace(k, val))
}
