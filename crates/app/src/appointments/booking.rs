//! Booking and cancelling appointments, and the slots a person can choose.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use domain::Invalid;
use domain::appointments::{
    Settings, Template, blocked_message, blocked_until, bookable_days, check_quota, day_label, parse_code, parse_date, parse_time,
    slots_on, week_of,
};
use domain::text::collect;
use domain::validate::{IdCardNo, Mobile};
use serde::{Deserialize, Serialize};
use store::Tx;
use store::appointments::{NewAppointment, NewSlot};
use utoipa::ToSchema;

use super::views::*;
use crate::outbox::messages::{NewMessage, enqueue};
use crate::support::audit::record;
use crate::support::input::opt_id;
use crate::{App, AppError, Result};

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

pub(super) async fn domain_templates(tx: &mut Tx, site_id: i64) -> Result<Vec<Template>> {
    Ok(store::appointments::list_templates(tx, site_id).await?.iter().map(domain_template).collect())
}

/// The categories with templates and the bookable days of a site (public).
pub async fn options(app: &App, site_id: i64) -> Result<BookingOptions> {
    let cal = crate::calendar::days::calendar(app).await?;
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
    let cal = crate::calendar::days::calendar(app).await?;
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

pub(super) struct ParsedBooking {
    pub(super) site_id: i64,
    pub(super) category_id: i64,
    pub(super) day: NaiveDate,
    pub(super) start: NaiveTime,
    pub(super) phone: Mobile,
    pub(super) id: Option<IdCardNo>,
}

pub(super) fn parse_booking(i: &BookingInput) -> Result<ParsedBooking, Invalid> {
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
pub(super) async fn fresh_code(tx: &mut Tx, site_id: i64, day: NaiveDate) -> Result<String> {
    for _ in 0..50 {
        let code = format!("{:06}", rand::random::<u32>() % 1_000_000);
        if !store::appointments::code_in_use(tx, site_id, day, &code).await? {
            return Ok(code);
        }
    }
    Err(AppError::bug(format!("no free booking code found for site {site_id} on {day}")))
}

pub(super) fn confirmation_text(v: &AppointmentView) -> String {
    booking_text(CONFIRMATION, v)
}

/// Books a slot for a citizen (no sign-in). Refuses a full slot, a slot outside the bookable
/// days, a person over their quota or blocked for no-shows; texts the confirmation.
pub async fn book(app: &App, input: &BookingInput) -> Result<AppointmentView> {
    let p = parse_booking(input)?;
    let cal = crate::calendar::days::calendar(app).await?;
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
    let (Some(code), Some(phone)) = (code, phone) else { return Err(AppError::bug("parsed input missing")) };
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
