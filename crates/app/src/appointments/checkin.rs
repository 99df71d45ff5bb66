//! Checking in for an appointment (a ticket with priority) and the day's bookings.

use chrono::{DateTime, NaiveDate, Utc};
use domain::Invalid;
use domain::access::Permission;
use domain::appointments::{AppointmentStatus, CheckIn, Settings, day_label, parse_code, parse_date};
use domain::text::collect;
use domain::validate::Mobile;
use serde::{Deserialize, Serialize};
use store::appointments::AppointmentRow;
use utoipa::ToSchema;

use super::views::*;
use crate::queue::issue::{AppointmentLink, TicketInput};
use crate::queue::views::{Caller, TicketView};
use crate::support::audit::record;
use crate::support::input::opt_id;
use crate::{Actor, App, AppError, Result};

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
pub(super) fn pick_for_phone(rows: Vec<AppointmentRow>, s: &Settings, now: DateTime<Utc>) -> Option<AppointmentRow> {
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
        Caller::Public(_) => return Err(AppError::Unauthorized("请到大厅取号机签到".to_owned())),
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
