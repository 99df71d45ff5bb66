//! Issuing tickets (取号) at a kiosk, on a phone or by appointment check-in.

use std::sync::Arc;

use chrono::{DateTime, Timelike, Utc};
use domain::Invalid;
use domain::access::Permission;
use domain::queue::{Channel, Policy, Priority, TicketStatus, ticket_no};
use domain::validate::Mobile;
use serde::Deserialize;
use store::queue::{CategoryRow, TicketRow};
use utoipa::ToSchema;

use super::calling::*;
use super::categories::*;
use super::views::*;
use super::wait::with_estimate;
use crate::org::seating::seat_window;
use crate::runtime::batch::submit;
use crate::support::input::opt_id;
use crate::{App, AppError, Result, cst};

/// A ticket request.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct TicketInput {
    #[serde(default, deserialize_with = "opt_id")]
    pub site_id: Option<i64>,
    #[serde(default, deserialize_with = "opt_id")]
    pub category_id: Option<i64>,
    /// Instead of a category: the item the person came for.
    #[serde(default, deserialize_with = "opt_id")]
    pub item_id: Option<i64>,
    /// kiosk, guide, counter, mobile (appointment check-in issues its own).
    #[serde(default)]
    pub channel: String,
    /// normal (default), elderly, green (hall managers only).
    #[serde(default)]
    pub priority: String,
    /// For an SMS when called and the per-phone quota; required on the mobile page.
    #[serde(default)]
    pub phone: String,
    /// Counter walk-ins: the window serving them (defaults to the clerk's seat today).
    #[serde(default, deserialize_with = "opt_id")]
    pub window_id: Option<i64>,
}

/// What an appointment check-in adds to a ticket request (used by the appointments module).
#[derive(Debug, Clone, Copy)]
pub struct AppointmentLink {
    pub appointment_id: i64,
    pub slot_start: DateTime<Utc>,
}

/// Issues a ticket. `idempotency_key` (the `Idempotency-Key` header) makes a retried request
/// return the ticket of the first one.
pub async fn issue_ticket(app: &App, caller: Caller<'_>, input: &TicketInput, idempotency_key: Option<&str>) -> Result<TicketView> {
    issue(app, caller, input, idempotency_key, None).await
}

pub(crate) async fn issue(
    app: &App,
    caller: Caller<'_>,
    input: &TicketInput,
    idempotency_key: Option<&str>,
    appointment: Option<AppointmentLink>,
) -> Result<TicketView> {
    let mut e = Invalid::default();
    let site_id = input.site_id.ok_or_else(|| Invalid::one("site_id", "请指定取号的场所"))?;
    let channel = if appointment.is_some() {
        Channel::Appointment
    } else if input.channel.trim().is_empty() {
        match caller {
            Caller::Device(_) => Channel::Kiosk,
            Caller::Public(_) => Channel::Mobile,
            Caller::Staff(_) => Channel::Guide,
        }
    } else {
        Channel::parse("channel", &input.channel).map_err(|x| e.fields.extend(x.fields)).unwrap_or(Channel::Kiosk)
    };
    if channel == Channel::Appointment && appointment.is_none() {
        e.push("channel", "预约号须通过预约签到取得");
    }
    let priority = if appointment.is_some() {
        Priority::Appointment
    } else if input.priority.trim().is_empty() {
        Priority::Normal
    } else {
        Priority::parse("priority", &input.priority).map_err(|x| e.fields.extend(x.fields)).unwrap_or(Priority::Normal)
    };
    if priority == Priority::Appointment && appointment.is_none() {
        e.push("priority", "预约优先只适用于预约签到");
    }
    let phone = match input.phone.trim() {
        "" if channel == Channel::Mobile => {
            e.push("phone", "手机取号须填写手机号，叫号时会发短信提醒");
            None
        }
        "" => None,
        p => Mobile::parse("phone", p).map_err(|x| e.fields.extend(x.fields)).ok(),
    };
    if input.category_id.is_none() && input.item_id.is_none() {
        e.push("category_id", "请选择取号类别或要办理的事项");
    }
    let key = idempotency_key.map(str::trim).filter(|k| !k.is_empty());
    if let Some(k) = key
        && (k.len() > 100 || !k.chars().all(|c| c.is_ascii_graphic()))
    {
        e.push("Idempotency-Key", "Idempotency-Key 应为不超过 100 个可见 ASCII 字符");
    }
    e.into_result()?;

    // Who may issue on which channel.
    let site = hot_site(app, site_id).await?;
    let mut counter_window: Option<(Arc<store::org::WindowRow>, Option<i64>)> = None;
    match caller {
        Caller::Public(_) => {
            if channel != Channel::Mobile {
                return Err(AppError::Unauthorized("请登录后再取号".to_owned()));
            }
            if priority != Priority::Normal {
                return Err(Invalid::one("priority", "手机取号为普通号，敬老/爱心优先请到现场取号机或导办台办理").into());
            }
        }
        Caller::Device(d) => {
            if d.site_id != site_id {
                return Err(AppError::forbidden("在其他场所取号"));
            }
            if !matches!(d.kind.as_str(), "kiosk") && appointment.is_none() {
                return Err(AppError::forbidden("用该设备取号"));
            }
            if !matches!(channel, Channel::Kiosk | Channel::Appointment) {
                return Err(Invalid::one("channel", "取号机只能以“取号机”渠道取号").into());
            }
            if priority == Priority::Green {
                return Err(Invalid::one("priority", "绿色通道由大厅管理人员设置").into());
            }
        }
        Caller::Staff(actor) => {
            actor.require(Permission::IssueTickets, &site.org_path, None, "在该场所取号")?;
            if priority == Priority::Green && !actor.can(Permission::ManageQueue, &site.org_path, None) {
                return Err(Invalid::one("priority", "绿色通道由大厅管理人员设置").into());
            }
            if channel == Channel::Counter {
                let window_id = match input.window_id {
                    Some(w) => w,
                    None => {
                        let mut tx = app.read().await?;
                        seat_window(app, &mut tx, actor)
                            .await?
                            .ok_or_else(|| Invalid::one("window_id", "您今天没有安排窗口，请选择窗口"))?
                    }
                };
                let (w, staff) = serving_window(app, actor, window_id).await?;
                if w.site_id != site_id {
                    return Err(Invalid::one("window_id", "窗口不在该场所").into());
                }
                counter_window = Some((w, staff));
            }
        }
    }
    let policy = policy(app, site_id).await?;
    let open = site_open_now(app, &site, &policy).await?;
    let category = match input.category_id {
        Some(id) => match hot_categories(app, site_id).await?.iter().find(|c| c.id == id) {
            Some(c) if c.active => c.clone(),
            Some(c) => return Err(Invalid::one("category_id", format!("“{}”暂停取号", c.name)).into()),
            None => return Err(Invalid::one("category_id", "取号类别不存在或不属于该场所").into()),
        },
        None => category_for_item(app, site_id, input.item_id.unwrap_or(-1)).await?,
    };
    let phone = phone.map(|m| app.seal_phone(&m));
    let input = input.clone();
    let key = key.map(str::to_owned);
    // Phone tickets are counted per client address in the ticket's own transaction.
    let rate_key = match caller {
        Caller::Public(client) => Some(format!("ticket:c:{client}")),
        _ => None,
    };
    let actor_name = match caller {
        Caller::Staff(a) => a.audit_name(),
        Caller::Device(d) => format!("device:{}", d.id),
        Caller::Public(_) => "public".to_owned(),
    };
    let issued = submit(app, move |mut ctx| {
        let rate_key = rate_key.clone();
        let (key, open, category, phone, policy, site, actor_name, counter_window) = (
            key.clone(),
            open.clone(),
            category.clone(),
            phone.clone(),
            policy.clone(),
            site.clone(),
            actor_name.clone(),
            counter_window.clone(),
        );
        Box::pin(async move {
            let now = ctx.app.clock.now();
            let day = ctx.app.clock.today();
            if let Some(k) = &key
                && let Some(t) = store::queue::find_ticket_by_idempotency(ctx.tx, site_id, k).await?
            {
                let ahead = waiting_ahead(ctx.tx, &t).await?;
                return Ok(TicketView::from_row(t, ahead, true));
            }
            if let Err(why) = open {
                return Err(AppError::Conflict(why));
            }
            if let Some(k) = &rate_key {
                use crate::support::rate::{MOBILE_TICKETS_PER_CLIENT_HOUR as LIMIT, count};
                count(ctx.tx, k, LIMIT, now, || format!("本网络取号过于频繁（每小时至多 {LIMIT} 个），请稍后再试，或到大厅取号机取号"))
                    .await?;
            }
            if let Some(limit) = category.daily_limit
                && store::queue::last_seq(ctx.tx, category.id, day).await? >= limit
            {
                return Err(AppError::Conflict(format!("今日“{}”号已取完（每日 {limit} 个），请改日或预约后再来", category.name)));
            }
            if let Some((_, hash, _)) = &phone {
                let held = store::queue::count_open_for_phone(ctx.tx, site_id, day, hash).await?;
                if held >= policy.phone_daily_quota {
                    return Err(AppError::Conflict(format!(
                        "该手机号今日在本场所已有 {held} 个未办结的号（上限 {} 个），请先办理或取消已取的号",
                        policy.phone_daily_quota
                    )));
                }
            }
            let seq = store::queue::next_seq(ctx.tx, site_id, category.id, day).await?;
            let no = ticket_no(&category.prefix, seq);
            let rank_at = policy.rank_at(priority, now, appointment.map(|a| a.slot_start));
            let follow = follow_code();
            let id = store::queue::insert_ticket(
                ctx.tx,
                &store::queue::NewTicket {
                    site_id,
                    org_unit_id: site.org_unit_id,
                    category_id: category.id,
                    day,
                    seq,
                    ticket_no: &no,
                    channel: channel.code(),
                    priority: priority.code(),
                    rank_at,
                    issued_at: now,
                    item_id: input.item_id,
                    phone: phone.clone(),
                    idempotency_key: key.as_deref(),
                    follow_code: &follow,
                    appointment_id: appointment.map(|a| a.appointment_id),
                    note: "",
                },
            )
            .await?;
            ctx.step(id, site_id, now, "issue", None, None, &actor_name, channel.code());
            let mut t = TicketRow {
                id,
                site_id,
                org_unit_id: site.org_unit_id,
                category_id: category.id,
                category_prefix: category.prefix.clone(),
                category_name: category.name.clone(),
                day,
                seq,
                ticket_no: no,
                channel: channel.code().to_owned(),
                priority: priority.code().to_owned(),
                status: TicketStatus::Waiting.code().to_owned(),
                rank_at,
                issued_at: now,
                called_at: None,
                first_called_at: None,
                finished_at: None,
                window_id: None,
                window_no: None,
                staff_id: None,
                target_window_id: None,
                recalls: 0,
                outcome: None,
                item_id: input.item_id,
                phone_masked: phone.map(|p| p.2),
                follow_code: follow,
                appointment_id: appointment.map(|a| a.appointment_id),
                note: String::new(),
            };
            ticket_event(&mut ctx, "ticket_issued", &t, now);
            if let Some((window, staff_id)) = counter_window {
                // Walk-in served directly: the window finishes what it was serving and takes it.
                close_current(&mut ctx, window.id, &actor_name).await?;
                t = take(&mut ctx, &policy, t, &window, staff_id, &actor_name, "call").await?;
                return Ok(TicketView::from_row(t, None, true));
            }
            let ahead = waiting_ahead(ctx.tx, &t).await?;
            Ok(TicketView::from_row(t, ahead, true))
        })
    })
    .await?;
    with_estimate(app, issued).await
}

pub(super) fn follow_code() -> String {
    let b: [u8; 12] = rand::random();
    hex::encode(b)
}

/// The first active category of a site that covers an item.
pub(super) async fn category_for_item(app: &App, site_id: i64, item_id: i64) -> Result<CategoryRow> {
    let mut tx = app.read().await?;
    store::queue::categories_for_item(&mut tx, site_id, item_id)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| Invalid::one("item_id", "该事项在本场所没有对应的取号类别，请咨询导办人员").into())
}

/// Whether a site takes tickets now: `Err` carries the Chinese reason.
pub(super) async fn site_open_now(app: &App, site: &store::org::SiteRow, policy: &Policy) -> Result<std::result::Result<(), String>> {
    if !site.active {
        return Ok(Err(format!("{}已停用，不能取号", site.name)));
    }
    if !policy.enforce_hours {
        return Ok(Ok(()));
    }
    let local = app.clock.now().with_timezone(&cst());
    let day = local.date_naive();
    let cal = crate::calendar::days::calendar(app).await?;
    let (text, kind) = if cal.is_working_day(day) {
        (&site.hours_weekday, "工作日")
    } else if cal.kind_of(day).is_some() {
        return Ok(Err(format!("今天是法定节假日，{}不办公", site.name)));
    } else {
        (&site.hours_weekend, "周末")
    };
    let hours = domain::org::Hours::parse("hours", text).unwrap_or(domain::org::Hours { spans: vec![] });
    let minute = (local.hour() * 60 + local.minute()) as u16;
    if hours.is_open_at(minute) {
        Ok(Ok(()))
    } else if hours.is_closed() {
        Ok(Err(format!("{}{kind}不办公", site.name)))
    } else {
        Ok(Err(format!("现在不在{}的办公时间（{kind} {hours}），请在办公时间内取号", site.name)))
    }
}

// ---------------------------------------------------------------- the counter
