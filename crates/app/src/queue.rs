//! Queue use cases (R1, R3, R13): tickets from every channel, the counter's actions, window
//! states, queue settings, visit ratings, and the live snapshot screens show.
//!
//! Every ticket write runs through the group-commit writer ([`crate::batch`]): the caller is
//! answered only after the batch holding its write has committed, and the batch's events
//! (`ticket_called`, …) are published only then. Permission checks that need only reads happen
//! before the job is queued; everything that depends on the queue's state happens inside it.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Timelike, Utc};
use domain::Invalid;
use domain::access::Permission;
use domain::queue::{Action, Channel, Outcome, Policy, Priority, TicketStatus, WindowStatus, announcement, ticket_no};
use domain::validate::Mobile;
use serde::{Deserialize, Serialize};
use store::accounts::DeviceRow;
use store::queue::{CategoryRow, TicketRow};
use utoipa::ToSchema;

use crate::audit::record;
use crate::batch::{Ctx, submit};
use crate::events::Event;
use crate::input::{ids, opt_id};
use crate::{Actor, App, AppError, Result, cst};

/// Who asks for a ticket or rates a visit.
#[derive(Debug, Clone, Copy)]
pub enum Caller<'a> {
    Staff(&'a Actor),
    Device(&'a DeviceRow),
    /// Someone on their own phone (mobile page), not signed in.
    Public,
}

// ---------------------------------------------------------------- views

/// A ticket as the API and pages show it (the phone masked).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TicketView {
    pub id: i64,
    pub site_id: i64,
    pub ticket_no: String,
    pub category_id: i64,
    pub category_name: String,
    pub status: String,
    pub status_label: String,
    pub priority: String,
    pub priority_label: String,
    pub channel: String,
    pub channel_label: String,
    pub issued_at: DateTime<Utc>,
    pub called_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub window_id: Option<i64>,
    pub window_no: Option<String>,
    pub target_window_id: Option<i64>,
    pub recalls: i64,
    pub outcome: Option<String>,
    pub phone_masked: Option<String>,
    /// Waiting tickets ahead in the same category (waiting tickets only).
    pub waiting_ahead: Option<i64>,
    /// The code of the public follow page `/q/{code}` (shown to the ticket holder only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub follow_code: Option<String>,
}

fn label<T: Copy>(parse: impl Fn(&str, &str) -> std::result::Result<T, Invalid>, l: impl Fn(T) -> &'static str, code: &str) -> String {
    parse("", code).map(l).map_or_else(|_| code.to_owned(), str::to_owned)
}

impl TicketView {
    fn from_row(t: TicketRow, waiting_ahead: Option<i64>, with_code: bool) -> TicketView {
        TicketView {
            status_label: label(TicketStatus::parse, TicketStatus::label, &t.status),
            priority_label: label(Priority::parse, Priority::label, &t.priority),
            channel_label: label(Channel::parse, Channel::label, &t.channel),
            id: t.id,
            site_id: t.site_id,
            ticket_no: t.ticket_no,
            category_id: t.category_id,
            category_name: t.category_name,
            status: t.status,
            priority: t.priority,
            channel: t.channel,
            issued_at: t.issued_at,
            called_at: t.called_at,
            finished_at: t.finished_at,
            window_id: t.window_id,
            window_no: t.window_no,
            target_window_id: t.target_window_id,
            recalls: t.recalls,
            outcome: t.outcome,
            phone_masked: t.phone_masked,
            waiting_ahead,
            follow_code: with_code.then_some(t.follow_code),
        }
    }
}

/// The body of a `ticket_called` event (and of a recall).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CallEvent {
    pub ticket_id: i64,
    pub ticket_no: String,
    pub window_id: i64,
    pub window_no: String,
    pub window_name: String,
    pub category_name: String,
    /// What the hall says aloud.
    pub text: String,
    /// The same in traditional Mongolian script, when the hall shows it.
    pub mongolian: Option<String>,
    pub recall: bool,
    pub at_ms: i64,
}

/// The body of the other ticket events.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TicketEvent {
    pub ticket_id: i64,
    pub ticket_no: String,
    pub status: String,
    pub category_id: i64,
    pub window_id: Option<i64>,
}

/// The body of a `window_changed` event.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WindowEvent {
    pub window_id: i64,
    pub status: String,
    pub pause_reason: String,
}

fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

fn ticket_event(ctx: &mut Ctx<'_>, name: &'static str, t: &TicketRow, now: DateTime<Utc>) {
    let body = TicketEvent {
        ticket_id: t.id,
        ticket_no: t.ticket_no.clone(),
        status: t.status.clone(),
        category_id: t.category_id,
        window_id: t.window_id,
    };
    ctx.events.push(Event::new(t.site_id, t.window_id, name, &body, ms(now)));
}

// ---------------------------------------------------------------- settings

/// A site's queue settings (defaults until a hall manager saves them).
pub async fn policy(app: &App, site_id: i64) -> Result<Arc<Policy>> {
    app.caches
        .hot
        .policies
        .get_or_load(site_id, app.clock.now(), async || {
            let mut tx = app.read().await?;
            Ok(Arc::new(load_policy(&mut tx, site_id).await?))
        })
        .await
}

async fn load_policy(tx: &mut store::Tx, site_id: i64) -> Result<Policy> {
    Ok(match store::queue::get_policy(tx, site_id).await? {
        Some(json) => serde_json::from_str(&json).map_err(|e| AppError::Internal(format!("stored queue policy unreadable: {e}")))?,
        None => Policy::default(),
    })
}

pub async fn set_policy(app: &App, actor: &Actor, site_id: i64, p: &Policy) -> Result<Policy> {
    p.validate()?;
    let mut tx = app.write().await?;
    let site = store::org::get_site(&mut tx, site_id).await?;
    actor.require(Permission::ManageQueue, &site.org_path, None, "修改该场所的叫号设置")?;
    let before = load_policy(&mut tx, site_id).await?;
    let json = serde_json::to_string(p).map_err(|e| AppError::Internal(e.to_string()))?;
    store::queue::put_policy(&mut tx, site_id, &json, app.clock.now()).await?;
    record(app, &mut tx, actor, "set_queue_policy", "site", site_id, &site.org_path, Some(&before), Some(p)).await?;
    tx.commit().await?;
    app.caches.hot.policies.clear();
    Ok(p.clone())
}

// ---------------------------------------------------------------- categories and profiles

/// A category as entered.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct CategoryInput {
    #[serde(default)]
    pub prefix: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub sort_order: Option<i64>,
    /// Tickets a day; blank for no limit.
    #[serde(default, deserialize_with = "opt_id")]
    pub daily_limit: Option<i64>,
    #[serde(default = "yes", deserialize_with = "crate::input::flag")]
    pub active: bool,
    /// The items the category covers.
    #[serde(default, deserialize_with = "ids")]
    pub item_ids: Vec<i64>,
}

fn yes() -> bool {
    true
}

/// A category with the items it covers.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CategoryView {
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub category: CategoryRow,
    pub item_ids: Vec<i64>,
}

fn check_category(input: &CategoryInput) -> Result<String> {
    let mut e = Invalid::default();
    let prefix = domain::queue::parse_prefix("prefix", &input.prefix).map_err(|x| e.fields.extend(x.fields)).ok();
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 30 {
        e.push("name", "类别名称应为 1–30 个字");
    }
    if input.description.chars().count() > 200 {
        e.push("description", "说明不能超过 200 字");
    }
    if let Some(n) = input.daily_limit
        && !(1..=9999).contains(&n)
    {
        e.push("daily_limit", "每日放号上限应在 1–9999 之间，不限请留空");
    }
    e.into_result()?;
    Ok(prefix.unwrap_or_default())
}

async fn check_items(tx: &mut store::Tx, item_ids: &[i64]) -> Result<()> {
    for &id in item_ids {
        if store::catalog::find_item(tx, id).await?.is_none() {
            return Err(Invalid::one("item_ids", format!("事项 {id} 不存在")).into());
        }
    }
    Ok(())
}

pub async fn create_category(app: &App, actor: &Actor, site_id: i64, input: &CategoryInput) -> Result<CategoryView> {
    let prefix = check_category(input)?;
    let mut tx = app.write().await?;
    let site = store::org::get_site(&mut tx, site_id).await?;
    actor.require(Permission::ManageQueue, &site.org_path, None, "设置该场所的取号类别")?;
    check_items(&mut tx, &input.item_ids).await?;
    let f = store::queue::CategoryFields {
        prefix: &prefix,
        name: input.name.trim(),
        description: input.description.trim(),
        sort_order: input.sort_order.unwrap_or(0),
        daily_limit: input.daily_limit,
        active: input.active,
    };
    let id = store::queue::insert_category(&mut tx, site_id, site.org_unit_id, &f, app.clock.now()).await.map_err(prefix_taken)?;
    store::queue::set_category_items(&mut tx, id, &input.item_ids).await?;
    let view = CategoryView { category: store::queue::get_category(&mut tx, id).await?, item_ids: input.item_ids.clone() };
    record::<(), _>(app, &mut tx, actor, "create_queue_category", "queue_category", id, &site.org_path, None, Some(&view)).await?;
    tx.commit().await?;
    app.caches.hot.clear();
    Ok(view)
}

fn prefix_taken(e: store::StoreError) -> AppError {
    match e {
        store::StoreError::Duplicate(_) => Invalid::one("prefix", "本场所已有相同前缀的取号类别").into(),
        other => other.into(),
    }
}

pub async fn update_category(app: &App, actor: &Actor, id: i64, input: &CategoryInput) -> Result<CategoryView> {
    let prefix = check_category(input)?;
    let mut tx = app.write().await?;
    let before = store::queue::get_category(&mut tx, id).await?;
    let site = store::org::get_site(&mut tx, before.site_id).await?;
    actor.require(Permission::ManageQueue, &site.org_path, None, "设置该场所的取号类别")?;
    check_items(&mut tx, &input.item_ids).await?;
    let f = store::queue::CategoryFields {
        prefix: &prefix,
        name: input.name.trim(),
        description: input.description.trim(),
        sort_order: input.sort_order.unwrap_or(before.sort_order),
        daily_limit: input.daily_limit,
        active: input.active,
    };
    store::queue::update_category(&mut tx, id, &f, app.clock.now()).await.map_err(prefix_taken)?;
    store::queue::set_category_items(&mut tx, id, &input.item_ids).await?;
    let view = CategoryView { category: store::queue::get_category(&mut tx, id).await?, item_ids: input.item_ids.clone() };
    record(app, &mut tx, actor, "update_queue_category", "queue_category", id, &site.org_path, Some(&before), Some(&view)).await?;
    tx.commit().await?;
    app.caches.hot.clear();
    Ok(view)
}

/// A site's categories with their items (public: kiosks and the mobile page list them).
pub async fn categories(app: &App, site_id: i64) -> Result<Vec<CategoryView>> {
    let mut tx = app.read().await?;
    store::org::get_site(&mut tx, site_id).await?;
    let cats = store::queue::list_categories(&mut tx, site_id).await?;
    let links = store::queue::list_site_category_items(&mut tx, site_id).await?;
    Ok(cats
        .into_iter()
        .map(|c| {
            let item_ids = links.iter().filter(|(cat, _)| *cat == c.id).map(|&(_, i)| i).collect();
            CategoryView { category: c, item_ids }
        })
        .collect())
}

/// Sets a window's work profile: the categories it calls, in order.
pub async fn set_window_profile(app: &App, actor: &Actor, window_id: i64, categories: &[i64]) -> Result<Vec<i64>> {
    let mut tx = app.write().await?;
    let w = store::org::get_window(&mut tx, window_id).await?;
    actor.require(Permission::ManageQueue, &w.org_path, None, "设置该窗口的服务类别")?;
    let mut seen = Vec::new();
    for &c in categories {
        let cat = store::queue::find_category(&mut tx, c).await?;
        match cat {
            Some(cat) if cat.site_id == w.site_id => {}
            _ => return Err(Invalid::one("category_ids", format!("取号类别 {c} 不属于本场所")).into()),
        }
        if seen.contains(&c) {
            return Err(Invalid::one("category_ids", "同一类别不能重复设置").into());
        }
        seen.push(c);
    }
    let before = store::queue::window_profile(&mut tx, window_id).await?;
    store::queue::set_window_profile(&mut tx, window_id, categories).await?;
    record(app, &mut tx, actor, "set_window_profile", "window", window_id, &w.org_path, Some(&before), Some(&categories)).await?;
    tx.commit().await?;
    app.caches.hot.clear();
    Ok(categories.to_vec())
}

pub async fn window_profile(app: &App, window_id: i64) -> Result<Vec<i64>> {
    let mut tx = app.read().await?;
    Ok(store::queue::window_profile(&mut tx, window_id).await?)
}

// ---------------------------------------------------------------- issuing tickets

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
            Caller::Public => Channel::Mobile,
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
        Caller::Public => {
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
    let actor_name = match caller {
        Caller::Staff(a) => a.audit_name(),
        Caller::Device(d) => format!("device:{}", d.id),
        Caller::Public => "public".to_owned(),
    };
    submit(app, move |mut ctx| {
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
    .await
}

fn follow_code() -> String {
    let b: [u8; 12] = rand::random();
    hex::encode(b)
}

async fn waiting_ahead(tx: &mut store::Tx, t: &TicketRow) -> Result<Option<i64>> {
    if t.status != TicketStatus::Waiting.code() {
        return Ok(None);
    }
    if t.target_window_id.is_some() {
        return Ok(Some(0));
    }
    Ok(Some(store::queue::count_ahead(tx, t.category_id, t.day, t.rank_at, t.id).await?))
}

/// The first active category of a site that covers an item.
async fn category_for_item(app: &App, site_id: i64, item_id: i64) -> Result<CategoryRow> {
    let mut tx = app.read().await?;
    store::queue::categories_for_item(&mut tx, site_id, item_id)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| Invalid::one("item_id", "该事项在本场所没有对应的取号类别，请咨询导办人员").into())
}

/// Whether a site takes tickets now: `Err` carries the Chinese reason.
async fn site_open_now(app: &App, site: &store::org::SiteRow, policy: &Policy) -> Result<std::result::Result<(), String>> {
    if !site.active {
        return Ok(Err(format!("{}已停用，不能取号", site.name)));
    }
    if !policy.enforce_hours {
        return Ok(Ok(()));
    }
    let local = app.clock.now().with_timezone(&cst());
    let day = local.date_naive();
    let cal = crate::calendar::calendar(app).await?;
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

pub(crate) async fn seat_window(app: &App, tx: &mut store::Tx, actor: &Actor) -> Result<Option<i64>> {
    Ok(match actor.staff_id {
        Some(s) => store::org::find_staff_seat(tx, s, app.clock.today()).await?.map(|x| x.window_id),
        None => None,
    })
}

async fn hot_site(app: &App, id: i64) -> Result<Arc<store::org::SiteRow>> {
    app.caches
        .hot
        .sites
        .get_or_load(id, app.clock.now(), async || Ok(Arc::new(store::org::get_site(&mut app.read().await?, id).await?)))
        .await
}

async fn hot_window(app: &App, id: i64) -> Result<Arc<store::org::WindowRow>> {
    app.caches
        .hot
        .windows
        .get_or_load(id, app.clock.now(), async || {
            Ok(Arc::new(store::org::find_window(&mut app.read().await?, id).await?.ok_or(AppError::NotFound("窗口"))?))
        })
        .await
}

async fn hot_seats(app: &App, site_id: i64) -> Result<Arc<Vec<store::org::SeatRow>>> {
    let day = app.clock.today();
    app.caches
        .hot
        .seats
        .get_or_load((site_id, day), app.clock.now(), async || {
            Ok(Arc::new(store::org::list_site_seats(&mut app.read().await?, site_id, day).await?))
        })
        .await
}

async fn hot_profile(app: &App, window_id: i64) -> Result<Arc<Vec<i64>>> {
    app.caches
        .hot
        .profiles
        .get_or_load(window_id, app.clock.now(), async || {
            Ok(Arc::new(store::queue::window_profile(&mut app.read().await?, window_id).await?))
        })
        .await
}

async fn hot_categories(app: &App, site_id: i64) -> Result<Arc<Vec<CategoryRow>>> {
    app.caches
        .hot
        .categories
        .get_or_load(site_id, app.clock.now(), async || Ok(Arc::new(store::queue::list_categories(&mut app.read().await?, site_id).await?)))
        .await
}

/// Checks the actor may serve at `window_id` (seated there today, or a hall manager) and
/// returns the window and the staff member to record (whoever sits there today).
async fn serving_window(app: &App, actor: &Actor, window_id: i64) -> Result<(Arc<store::org::WindowRow>, Option<i64>)> {
    let w = hot_window(app, window_id).await?;
    let seats = hot_seats(app, w.site_id).await?;
    let seated_here = actor.staff_id.is_some_and(|s| seats.iter().any(|x| x.staff_id == s && x.window_id == window_id));
    let manager = actor.can(Permission::ManageQueue, &w.org_path, None);
    if !(manager || (seated_here && actor.can(Permission::ServeQueue, &w.org_path, None))) {
        return Err(AppError::Forbidden(format!("您今天不在 {} 号窗口，不能在该窗口叫号", w.number)));
    }
    if !w.active {
        return Err(AppError::Conflict(format!("{} 号窗口已停用", w.number)));
    }
    let staff = seats.iter().find(|s| s.window_id == window_id).map(|s| s.staff_id).or(actor.staff_id);
    Ok((w, staff))
}

/// Claims `t` (waiting or held) for a window and announces it.
#[allow(clippy::too_many_arguments)]
async fn take(
    ctx: &mut Ctx<'_>,
    policy: &Policy,
    t: TicketRow,
    window: &store::org::WindowRow,
    staff_id: Option<i64>,
    actor: &str,
    kind: &'static str,
) -> Result<TicketRow> {
    let now = ctx.app.clock.now();
    if !store::queue::claim(ctx.tx, t.id, &t.status, window.id, staff_id, now).await? {
        return Err(AppError::Conflict(format!("{} 号刚被其他窗口叫走，请重试", t.ticket_no)));
    }
    let t = store::queue::get_ticket(ctx.tx, t.id).await?;
    called(ctx, policy, &t, window, staff_id, actor, kind, now).await?;
    Ok(t)
}

/// What follows every claim: the step, the window now serving `t`, the call on the hall's
/// screens, and a text to a holder who left a phone.
#[allow(clippy::too_many_arguments)]
async fn called(
    ctx: &mut Ctx<'_>,
    policy: &Policy,
    t: &TicketRow,
    window: &store::org::WindowRow,
    staff_id: Option<i64>,
    actor: &str,
    kind: &'static str,
    now: DateTime<Utc>,
) -> Result<()> {
    ctx.step(t.id, t.site_id, now, kind, Some(window.id), staff_id, actor, "");
    store::queue::put_window_state(ctx.tx, window.id, t.site_id, WindowStatus::Open.code(), "", staff_id, Some(t.id), now).await?;
    announce(ctx, policy, t, window, false, now);
    text_when_called(ctx, t, window).await
}

/// Texts a ticket holder who left a phone that they are called (through the outbox, in the same
/// transaction as the call; once per ticket and recall).
async fn text_when_called(ctx: &mut Ctx<'_>, t: &TicketRow, window: &store::org::WindowRow) -> Result<()> {
    if t.phone_masked.is_none() {
        return Ok(());
    }
    let Some(enc) = store::queue::ticket_phone_enc(ctx.tx, t.id).await? else { return Ok(()) };
    let phone = ctx.app.cipher.decrypt(&enc)?;
    let body = format!("【{}】{}，请尽快前往。", window.site_name, announcement(&t.ticket_no, &window.number));
    let key = format!("ticket-called-{}-{}", t.id, t.recalls);
    crate::outbox::enqueue(
        ctx.app,
        ctx.tx,
        crate::outbox::NewMessage { org_unit_id: t.org_unit_id, kind: "ticket_called", phone: &phone, body, idempotency_key: key },
    )
    .await?;
    Ok(())
}

fn announce(ctx: &mut Ctx<'_>, policy: &Policy, t: &TicketRow, w: &store::org::WindowRow, recall: bool, now: DateTime<Utc>) {
    let body = CallEvent {
        ticket_id: t.id,
        ticket_no: t.ticket_no.clone(),
        window_id: w.id,
        window_no: w.number.clone(),
        window_name: w.name.clone(),
        category_name: t.category_name.clone(),
        text: announcement(&t.ticket_no, &w.number),
        mongolian: policy.mongolian_line(&t.ticket_no, &w.number),
        recall,
        at_ms: ms(now),
    };
    ctx.events.push(Event::new(t.site_id, Some(w.id), "ticket_called", &body, ms(now)));
}

/// Finishes the window's current ticket, if it is still being served (Next closes the visit).
async fn close_current(ctx: &mut Ctx<'_>, window_id: i64, actor: &str) -> Result<()> {
    let ws = store::queue::window_state(ctx.tx, window_id).await?;
    if let Some(cur) = ws.current_ticket_id {
        let t = store::queue::get_ticket(ctx.tx, cur).await?;
        if t.status == TicketStatus::Called.code() && t.window_id == Some(window_id) {
            finish_row(ctx, &t, TicketStatus::Done, Some(Outcome::Served), actor, "").await?;
        }
    }
    Ok(())
}

async fn finish_row(
    ctx: &mut Ctx<'_>,
    t: &TicketRow,
    to: TicketStatus,
    outcome: Option<Outcome>,
    actor: &str,
    note: &str,
) -> Result<TicketRow> {
    let now = ctx.app.clock.now();
    if !store::queue::close(ctx.tx, t.id, &t.status, to.code(), outcome.map(Outcome::code), now).await? {
        return Err(AppError::Conflict(format!("{} 号状态已变化，请刷新后重试", t.ticket_no)));
    }
    let kind = if to == TicketStatus::NoShow { "no_show" } else { "finish" };
    ctx.step(t.id, t.site_id, now, kind, t.window_id, t.staff_id, actor, note);
    if let Some(w) = t.window_id {
        release_window(ctx, w, t.id, now).await?;
    }
    let t = store::queue::get_ticket(ctx.tx, t.id).await?;
    ticket_event(ctx, if to == TicketStatus::Done { "ticket_finished" } else { "ticket_updated" }, &t, now);
    Ok(t)
}

/// Clears the window's current ticket if it is `ticket_id`.
async fn release_window(ctx: &mut Ctx<'_>, window_id: i64, ticket_id: i64, now: DateTime<Utc>) -> Result<()> {
    let ws = store::queue::window_state(ctx.tx, window_id).await?;
    if ws.current_ticket_id == Some(ticket_id) {
        let status = ws.status.as_deref().unwrap_or(WindowStatus::Open.code());
        store::queue::put_window_state(
            ctx.tx,
            window_id,
            ws.site_id,
            status,
            ws.pause_reason.as_deref().unwrap_or(""),
            ws.staff_id,
            None,
            now,
        )
        .await?;
    }
    Ok(())
}

/// Calls the next ticket for a window by its work profile (tickets transferred to this window
/// first), finishing the ticket it was serving. `None` when nobody waits.
///
/// This is the hot path of a busy hall: the checks read through the hot caches, and the job
/// itself is a handful of statements.
pub async fn call_next(app: &App, actor: &Actor, window_id: i64) -> Result<Option<TicketView>> {
    let (w, staff) = serving_window(app, actor, window_id).await?;
    let profile = hot_profile(app, window_id).await?;
    if profile.is_empty() {
        return Err(AppError::Conflict(format!("{} 号窗口还没有设置服务类别，请联系大厅管理员配置", w.number)));
    }
    let policy = policy(app, w.site_id).await?;
    let categories = hot_categories(app, w.site_id).await?;
    let who = actor.audit_name();
    submit(app, move |mut ctx| {
        let (categories, policy, profile, w, who) = (categories.clone(), policy.clone(), profile.clone(), w.clone(), who.clone());
        Box::pin(async move {
            let day = ctx.app.clock.today();
            let now = ctx.app.clock.now();
            // Next closes the visit being served (nothing happens at a paused window).
            if let Some(done) = store::queue::finish_serving(ctx.tx, window_id, Outcome::Served.code(), now).await? {
                ctx.step(done.id, done.site_id, now, "finish", Some(window_id), done.staff_id, &who, "");
                let body = TicketEvent {
                    ticket_id: done.id,
                    ticket_no: done.ticket_no,
                    status: TicketStatus::Done.code().to_owned(),
                    category_id: done.category_id,
                    window_id: Some(window_id),
                };
                ctx.events.push(Event::new(done.site_id, Some(window_id), "ticket_finished", &body, ms(now)));
            }
            for _attempt in 0..5 {
                if let Some(c) = store::queue::claim_next(ctx.tx, w.site_id, window_id, day, &profile, staff, now).await? {
                    let (prefix, name) = categories
                        .iter()
                        .find(|x| x.id == c.category_id)
                        .map_or((String::new(), String::new()), |x| (x.prefix.clone(), x.name.clone()));
                    let t = c.with_names(prefix, name, Some(w.number.clone()));
                    called(&mut ctx, &policy, &t, &w, staff, &who, "call", now).await?;
                    return Ok(Some(TicketView::from_row(t, None, false)));
                }
                // Nothing claimed: a paused window, nobody waiting, or another process was first.
                let ws = store::queue::window_state(ctx.tx, window_id).await?;
                if ws.status.as_deref() == Some(WindowStatus::Paused.code()) {
                    return Err(AppError::Conflict(format!(
                        "{} 号窗口暂停服务中（{}），请先恢复服务",
                        w.number,
                        ws.pause_reason.unwrap_or_default()
                    )));
                }
                if store::queue::next_for_window(ctx.tx, w.site_id, window_id, day, &profile).await?.is_none() {
                    store::queue::put_window_state(ctx.tx, window_id, w.site_id, WindowStatus::Open.code(), "", staff, None, now).await?;
                    return Ok(None);
                }
            }
            Err(AppError::Conflict("叫号繁忙，请重试".to_owned()))
        })
    })
    .await
}

/// A counter action on one ticket.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ActionInput {
    /// transfer: the category to move the ticket to.
    #[serde(default, deserialize_with = "opt_id")]
    pub category_id: Option<i64>,
    /// transfer: a specific window; resume / call: the window taking the ticket.
    #[serde(default, deserialize_with = "opt_id")]
    pub window_id: Option<i64>,
    /// finish: served, accepted, consulted, incomplete, referred, other.
    #[serde(default)]
    pub outcome: String,
    /// A note (why a ticket is called out of order, transferred, …).
    #[serde(default)]
    pub note: String,
}

/// Applies a counter action to a ticket: call (out of order), recall, no_show, transfer, hold,
/// resume, finish.
pub async fn act(app: &App, actor: &Actor, ticket_id: i64, action: Action, input: &ActionInput) -> Result<TicketView> {
    let mut e = Invalid::default();
    let note = input.note.trim().to_owned();
    if note.chars().count() > 200 {
        e.push("note", "备注不能超过 200 字");
    }
    let outcome = match (action, input.outcome.trim()) {
        (Action::Finish, "") => Some(Outcome::Served),
        (Action::Finish, o) => Outcome::parse("outcome", o).map_err(|x| e.fields.extend(x.fields)).ok(),
        _ => None,
    };
    if action == Action::Transfer && input.category_id.is_none() && input.window_id.is_none() {
        e.push("category_id", "请选择转入的类别或窗口");
    }
    e.into_result()?;
    let mut tx = app.read().await?;
    let t = store::queue::find_ticket(&mut tx, ticket_id).await?.ok_or(AppError::NotFound("号票"))?;
    // The window the action happens at: the ticket's, or the one named for call/resume.
    let acting_window = match action {
        Action::Call | Action::Resume => match input.window_id {
            Some(w) => Some(w),
            None => seat_window(app, &mut tx, actor).await?,
        },
        _ => t.window_id,
    };
    let (window, staff) = match acting_window {
        Some(w) => {
            let (w, s) = serving_window(app, actor, w).await?;
            (Some(w), s)
        }
        None => {
            // A ticket no window holds: staff of the hall learn what its state allows; only a
            // hall manager may move it.
            let site = store::org::get_site(&mut tx, t.site_id).await?;
            actor.require(Permission::ViewQueue, &site.org_path, None, "查看该场所的号票")?;
            let status = TicketStatus::parse("status", &t.status)?;
            status.check(action).map_err(|e| AppError::Conflict(e.summary()))?;
            actor.require(Permission::ManageQueue, &site.org_path, None, "调整该号票")?;
            (None, None)
        }
    };
    if matches!(action, Action::Call | Action::Resume) && window.is_none() {
        return Err(Invalid::one("window_id", "请指定办理的窗口").into());
    }
    if let Some(w) = &window
        && w.site_id != t.site_id
    {
        return Err(Invalid::one("window_id", "窗口与号票不在同一场所").into());
    }
    drop(tx);
    let policy = policy(app, t.site_id).await?;
    let who = actor.audit_name();
    let input = input.clone();
    submit(app, move |mut ctx| {
        let (note, policy, who, window) = (note.clone(), policy.clone(), who.clone(), window.clone());
        Box::pin(async move {
            let now = ctx.app.clock.now();
            let t = store::queue::get_ticket(ctx.tx, ticket_id).await?;
            let status = TicketStatus::parse("status", &t.status)?;
            status.check(action).map_err(|e| AppError::Conflict(e.summary()))?;
            let t = match action {
                Action::Call => {
                    let win = window.as_deref().ok_or_else(|| Invalid::one("window_id", "请指定办理的窗口"))?;
                    let w = win.id;
                    let ws = store::queue::window_state(ctx.tx, w).await?;
                    if ws.status.as_deref() == Some(WindowStatus::Paused.code()) {
                        return Err(AppError::Conflict("窗口暂停服务中，请先恢复服务".to_owned()));
                    }
                    close_current(&mut ctx, w, &who).await?;
                    let t = store::queue::get_ticket(ctx.tx, ticket_id).await?;
                    let t = take(&mut ctx, &policy, t, win, staff, &who, "call_out_of_order").await?;
                    if !note.is_empty() {
                        ctx.step(t.id, t.site_id, now, "note", Some(w), staff, &who, &note);
                    }
                    t
                }
                Action::Recall => {
                    store::queue::recall(ctx.tx, t.id, now).await?;
                    ctx.step(t.id, t.site_id, now, "recall", t.window_id, t.staff_id, &who, "");
                    let t = store::queue::get_ticket(ctx.tx, t.id).await?;
                    if let Some(win) = window.as_deref() {
                        announce(&mut ctx, &policy, &t, win, true, now);
                        text_when_called(&mut ctx, &t, win).await?;
                    }
                    t
                }
                Action::NoShow => {
                    if t.recalls < policy.no_show_after_recalls {
                        return Err(AppError::Conflict(format!(
                            "须重呼 {} 次仍未到才能标记过号（已重呼 {} 次）",
                            policy.no_show_after_recalls, t.recalls
                        )));
                    }
                    finish_row(&mut ctx, &t, TicketStatus::NoShow, None, &who, &note).await?
                }
                Action::Finish => finish_row(&mut ctx, &t, TicketStatus::Done, outcome, &who, &note).await?,
                Action::Hold => {
                    if !store::queue::hold(ctx.tx, t.id, now).await? {
                        return Err(AppError::Conflict("号票状态已变化，请刷新后重试".to_owned()));
                    }
                    ctx.step(t.id, t.site_id, now, "hold", t.window_id, t.staff_id, &who, &note);
                    if let Some(w) = t.window_id {
                        release_window(&mut ctx, w, t.id, now).await?;
                    }
                    let t = store::queue::get_ticket(ctx.tx, t.id).await?;
                    ticket_event(&mut ctx, "ticket_updated", &t, now);
                    t
                }
                Action::Resume => {
                    let win = window.as_deref().ok_or_else(|| Invalid::one("window_id", "请指定办理的窗口"))?;
                    let ws = store::queue::window_state(ctx.tx, win.id).await?;
                    if let Some(cur) = ws.current_ticket_id {
                        let c = store::queue::get_ticket(ctx.tx, cur).await?;
                        if c.status == TicketStatus::Called.code() {
                            return Err(AppError::Conflict(format!("窗口正在办理 {}，请先办结或挂起", c.ticket_no)));
                        }
                    }
                    take(&mut ctx, &policy, t, win, staff, &who, "resume").await?
                }
                Action::Transfer => {
                    let (category_id, target) = transfer_target(ctx.tx, &t, input.category_id, input.window_id).await?;
                    store::queue::requeue(ctx.tx, t.id, category_id, target, now).await?;
                    ctx.step(t.id, t.site_id, now, "transfer", t.window_id, t.staff_id, &who, &note);
                    if let Some(w) = t.window_id {
                        release_window(&mut ctx, w, t.id, now).await?;
                    }
                    let t = store::queue::get_ticket(ctx.tx, t.id).await?;
                    ticket_event(&mut ctx, "ticket_updated", &t, now);
                    t
                }
            };
            let ahead = waiting_ahead(ctx.tx, &t).await?;
            Ok(TicketView::from_row(t, ahead, false))
        })
    })
    .await
}

async fn transfer_target(
    tx: &mut store::Tx,
    t: &TicketRow,
    category_id: Option<i64>,
    window_id: Option<i64>,
) -> Result<(i64, Option<i64>)> {
    let category = match category_id {
        Some(c) => match store::queue::find_category(tx, c).await? {
            Some(c) if c.site_id == t.site_id && c.active => c.id,
            _ => return Err(Invalid::one("category_id", "转入的类别不存在、已停用或不在本场所").into()),
        },
        None => t.category_id,
    };
    let target = match window_id {
        Some(w) => match store::org::find_window(tx, w).await? {
            Some(w) if w.site_id == t.site_id && w.active => {
                if Some(w.id) == t.window_id {
                    return Err(Invalid::one("window_id", "不能转给当前窗口").into());
                }
                Some(w.id)
            }
            _ => return Err(Invalid::one("window_id", "转入的窗口不存在、已停用或不在本场所").into()),
        },
        None => None,
    };
    Ok((category, target))
}

/// Gives a waiting ticket the green channel (hall managers): it ranks as if issued an hour
/// earlier (the site's green boost).
pub async fn set_green_channel(app: &App, actor: &Actor, ticket_id: i64, note: &str) -> Result<TicketView> {
    let mut tx = app.read().await?;
    let t = store::queue::find_ticket(&mut tx, ticket_id).await?.ok_or(AppError::NotFound("号票"))?;
    let site = store::org::get_site(&mut tx, t.site_id).await?;
    actor.require(Permission::ManageQueue, &site.org_path, None, "设置绿色通道")?;
    drop(tx);
    let policy = policy(app, t.site_id).await?;
    let who = actor.audit_name();
    let note = note.trim().chars().take(200).collect::<String>();
    submit(app, move |mut ctx| {
        let (note, policy, who) = (note.clone(), policy.clone(), who.clone());
        Box::pin(async move {
            let now = ctx.app.clock.now();
            let t = store::queue::get_ticket(ctx.tx, ticket_id).await?;
            if t.status != TicketStatus::Waiting.code() {
                return Err(AppError::Conflict("只有等候中的号可以设置绿色通道".to_owned()));
            }
            let rank = policy.rank_at(Priority::Green, t.issued_at, None);
            store::queue::set_priority(ctx.tx, t.id, Priority::Green.code(), rank.min(t.rank_at), now).await?;
            ctx.step(t.id, t.site_id, now, "green_channel", None, None, &who, &note);
            let t = store::queue::get_ticket(ctx.tx, t.id).await?;
            ticket_event(&mut ctx, "ticket_updated", &t, now);
            let ahead = waiting_ahead(ctx.tx, &t).await?;
            Ok(TicketView::from_row(t, ahead, false))
        })
    })
    .await
}

/// Opens, pauses (with a reason), resumes or closes a window.
pub async fn set_window_status(app: &App, actor: &Actor, window_id: i64, status: WindowStatus, reason: &str) -> Result<WindowEvent> {
    let reason = reason.trim().to_owned();
    if status == WindowStatus::Paused && reason.is_empty() {
        return Err(Invalid::one("reason", "暂停服务须填写原因，如“临时离岗”“系统故障”").into());
    }
    if reason.chars().count() > 50 {
        return Err(Invalid::one("reason", "原因不能超过 50 字").into());
    }
    let (w, staff) = serving_window(app, actor, window_id).await?;
    let who = actor.audit_name();
    submit(app, move |ctx| {
        let (reason, w, who) = (reason.clone(), w.clone(), who.clone());
        Box::pin(async move {
            let now = ctx.app.clock.now();
            let ws = store::queue::window_state(ctx.tx, window_id).await?;
            let mut current = ws.current_ticket_id;
            if let Some(cur) = current {
                let c = store::queue::get_ticket(ctx.tx, cur).await?;
                if c.status != TicketStatus::Called.code() {
                    current = None;
                } else if status == WindowStatus::Closed {
                    return Err(AppError::Conflict(format!("窗口正在办理 {}，请先办结再关闭窗口", c.ticket_no)));
                }
            }
            let reason = if status == WindowStatus::Paused { reason } else { String::new() };
            store::queue::put_window_state(ctx.tx, window_id, w.site_id, status.code(), &reason, staff, current, now).await?;
            let body = WindowEvent { window_id, status: status.code().to_owned(), pause_reason: reason };
            ctx.events.push(Event::new(w.site_id, Some(window_id), "window_changed", &body, ms(now)));
            tracing::info!(window_id, status = status.code(), actor = %who, "window status changed");
            Ok(body)
        })
    })
    .await
}

/// One ticket, for staff of its hall.
pub async fn ticket(app: &App, actor: &Actor, id: i64) -> Result<TicketView> {
    let mut tx = app.read().await?;
    let t = store::queue::find_ticket(&mut tx, id).await?.ok_or(AppError::NotFound("号票"))?;
    let site = store::org::get_site(&mut tx, t.site_id).await?;
    actor.require(Permission::ViewQueue, &site.org_path, None, "查看该场所的号票")?;
    let ahead = waiting_ahead(&mut tx, &t).await?;
    Ok(TicketView::from_row(t, ahead, false))
}

/// A ticket's steps, for staff of its hall.
pub async fn ticket_events(app: &App, actor: &Actor, id: i64) -> Result<Vec<store::queue::EventRow>> {
    let mut tx = app.read().await?;
    let t = store::queue::find_ticket(&mut tx, id).await?.ok_or(AppError::NotFound("号票"))?;
    let site = store::org::get_site(&mut tx, t.site_id).await?;
    actor.require(Permission::ViewQueue, &site.org_path, None, "查看该场所的号票")?;
    Ok(store::queue::list_events(&mut tx, id).await?)
}

// ---------------------------------------------------------------- live snapshot

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CategoryLine {
    pub id: i64,
    pub prefix: String,
    pub name: String,
    pub waiting: i64,
    /// Seconds the longest-waiting ticket has waited.
    pub longest_wait_s: i64,
    pub active: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WindowLine {
    pub id: i64,
    pub number: String,
    pub name: String,
    pub kind: String,
    pub status: String,
    pub status_label: String,
    pub pause_reason: String,
    pub staff_id: Option<i64>,
    pub staff_name: Option<String>,
    pub serving: Option<String>,
    pub category_ids: Vec<i64>,
}

/// What a hall's screens and the manager's live view show.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QueueSnapshot {
    pub site_id: i64,
    pub site_name: String,
    pub day: NaiveDate,
    pub categories: Vec<CategoryLine>,
    pub windows: Vec<WindowLine>,
    /// The latest calls, newest first.
    pub recent_calls: Vec<TicketView>,
    /// Who waits, in calling order per category (at most 60).
    pub waiting: Vec<TicketView>,
    /// Parked tickets.
    pub held: Vec<TicketView>,
    pub slogans: Vec<String>,
    pub show_mongolian: bool,
}

/// The live state of a hall. Staff need [`Permission::ViewQueue`]; devices see their own hall.
pub async fn snapshot(app: &App, site_id: i64) -> Result<QueueSnapshot> {
    let now = app.clock.now();
    let day = app.clock.today();
    let policy = policy(app, site_id).await?;
    let mut tx = app.read().await?;
    let site = store::org::get_site(&mut tx, site_id).await?;
    let cats = store::queue::list_categories(&mut tx, site_id).await?;
    let waiting = store::queue::waiting_by_category(&mut tx, site_id, day).await?;
    let states = store::queue::window_states(&mut tx, site_id).await?;
    let profiles = store::queue::site_profiles(&mut tx, site_id).await?;
    let seats = store::org::list_site_seats(&mut tx, site_id, day).await?;
    let recent = store::queue::recent_calls(&mut tx, site_id, day, 12).await?;
    let open = store::queue::list_tickets(&mut tx, site_id, day, &["waiting", "held"], 200).await?;
    // What each window is serving: the hall's tickets being called, by window.
    let serving: std::collections::HashMap<i64, String> = store::queue::list_tickets(&mut tx, site_id, day, &["called"], 500)
        .await?
        .into_iter()
        .filter_map(|t| Some((t.window_id?, t.ticket_no)))
        .collect();
    let categories = cats
        .iter()
        .map(|c| {
            let (n, oldest) = waiting.iter().find(|w| w.0 == c.id).map_or((0, None), |w| (w.1, w.2));
            CategoryLine {
                id: c.id,
                prefix: c.prefix.clone(),
                name: c.name.clone(),
                waiting: n,
                longest_wait_s: oldest.map_or(0, |o| (now - o).num_seconds().max(0)),
                active: c.active,
            }
        })
        .collect();
    let windows = states
        .into_iter()
        .filter(|s| s.active)
        .map(|s| {
            let status = s.status.clone().unwrap_or_else(|| WindowStatus::Closed.code().to_owned());
            let seat = seats.iter().find(|x| x.window_id == s.window_id);
            WindowLine {
                id: s.window_id,
                status_label: label(WindowStatus::parse, WindowStatus::label, &status),
                status,
                number: s.number,
                name: s.name,
                kind: s.kind,
                pause_reason: s.pause_reason.unwrap_or_default(),
                staff_id: seat.map(|x| x.staff_id),
                staff_name: seat.map(|x| x.staff_name.clone()),
                serving: serving.get(&s.window_id).cloned(),
                category_ids: profiles.iter().filter(|p| p.0 == s.window_id).map(|p| p.1).collect(),
            }
        })
        .collect();
    let mut waiting_list = Vec::new();
    let mut held = Vec::new();
    let mut per_cat: std::collections::HashMap<i64, i64> = std::collections::HashMap::new();
    for t in open {
        if t.status == TicketStatus::Held.code() {
            held.push(TicketView::from_row(t, None, false));
        } else if waiting_list.len() < 60 {
            let n = per_cat.entry(t.category_id).or_default();
            let ahead = if t.target_window_id.is_some() { 0 } else { *n };
            if t.target_window_id.is_none() {
                *n += 1;
            }
            waiting_list.push(TicketView::from_row(t, Some(ahead), false));
        }
    }
    // Screens and devices read the snapshot: it carries no phone, not even masked.
    for t in waiting_list.iter_mut().chain(held.iter_mut()) {
        t.phone_masked = None;
    }
    let mut recent_calls: Vec<TicketView> = recent.into_iter().map(|t| TicketView::from_row(t, None, false)).collect();
    for t in &mut recent_calls {
        t.phone_masked = None;
    }
    Ok(QueueSnapshot {
        site_id,
        site_name: site.name,
        day,
        categories,
        windows,
        recent_calls,
        waiting: waiting_list,
        held,
        slogans: policy.slogans.clone(),
        show_mongolian: policy.show_mongolian,
    })
}

/// Checks a caller may watch a hall: staff with [`Permission::ViewQueue`] there, or a device of
/// that hall; the public follow page of a ticket of that hall may also follow its events.
pub async fn require_watch(app: &App, caller: Caller<'_>, site_id: i64, follow_code: Option<&str>) -> Result<()> {
    match caller {
        Caller::Staff(a) => require_view(app, a, site_id).await.map(|_| ()),
        Caller::Device(d) if d.site_id == site_id => Ok(()),
        Caller::Device(_) => Err(AppError::Forbidden("设备只能查看本场所的排队情况".to_owned())),
        Caller::Public => match follow_code {
            Some(code) if follow(app, code).await.is_ok_and(|f| f.site_id == site_id) => Ok(()),
            _ => Err(AppError::Unauthorized("请先登录（会话无效或已过期）".to_owned())),
        },
    }
}

/// The hall a window belongs to.
pub async fn window_site(app: &App, window_id: i64) -> Result<i64> {
    Ok(hot_window(app, window_id).await?.site_id)
}

/// Checks a staff member may watch a hall's queue.
pub async fn require_view(app: &App, actor: &Actor, site_id: i64) -> Result<store::org::SiteRow> {
    let mut tx = app.read().await?;
    let site = store::org::get_site(&mut tx, site_id).await?;
    actor.require(Permission::ViewQueue, &site.org_path, None, "查看该场所的排队情况")?;
    Ok(site)
}

/// What the public follow page `/q/{code}` shows.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FollowView {
    pub site_id: i64,
    pub site_name: String,
    pub ticket: TicketView,
    /// The line for the page: "前面还有 3 人", "请到 5 号窗口办理", …
    pub headline: String,
    pub rated: bool,
}

/// The ticket behind a follow code (no sign-in: the code itself is the secret).
pub async fn follow(app: &App, code: &str) -> Result<FollowView> {
    let code = code.trim();
    if code.len() != 24 || !code.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(AppError::NotFound("号票"));
    }
    let mut tx = app.read().await?;
    let t = store::queue::find_ticket_by_follow_code(&mut tx, code).await?.ok_or(AppError::NotFound("号票"))?;
    let site = store::org::get_site(&mut tx, t.site_id).await?;
    let ahead = waiting_ahead(&mut tx, &t).await?;
    let rated = store::queue::find_rating_for_ticket(&mut tx, t.id).await?.is_some();
    let status = TicketStatus::parse("status", &t.status).unwrap_or(TicketStatus::Expired);
    let headline = match status {
        TicketStatus::Waiting if ahead == Some(0) => "马上就到您了，请留意叫号".to_owned(),
        TicketStatus::Waiting => format!("前面还有 {} 人", ahead.unwrap_or(0)),
        TicketStatus::Called => format!("请到 {} 号窗口办理", t.window_no.clone().unwrap_or_default()),
        TicketStatus::Held => "您的号已挂起，请按窗口工作人员的提示办理".to_owned(),
        TicketStatus::Done => "已办结，欢迎评价本次服务".to_owned(),
        TicketStatus::NoShow => "您的号已过号，如需办理请重新取号".to_owned(),
        TicketStatus::Expired => "号票已作废".to_owned(),
    };
    Ok(FollowView { site_id: t.site_id, site_name: site.name, ticket: TicketView::from_row(t, ahead, false), headline, rated })
}

/// What the terminal above a window shows.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WindowBoard {
    pub window_id: i64,
    pub site_id: i64,
    pub number: String,
    pub name: String,
    pub kind_label: String,
    pub status: String,
    pub status_label: String,
    pub pause_reason: String,
    pub staff_id: Option<i64>,
    pub staff_name: Option<String>,
    pub staff_grade: Option<String>,
    pub staff_department: Option<String>,
    pub staff_photo: Option<String>,
    /// Average rating (1–5) and how many ratings it rests on.
    pub stars: Option<f64>,
    pub ratings: i64,
    pub serving: Option<String>,
    pub serving_ticket_id: Option<i64>,
    pub slogans: Vec<String>,
}

/// The window terminal's board (window-bound devices and staff).
pub async fn window_board(app: &App, window_id: i64) -> Result<WindowBoard> {
    let mut tx = app.read().await?;
    let ws = store::queue::window_state(&mut tx, window_id).await?;
    let seats = store::org::list_site_seats(&mut tx, ws.site_id, app.clock.today()).await?;
    let seat = seats.iter().find(|s| s.window_id == window_id);
    let staff = match seat {
        Some(s) => Some(store::org::get_staff(&mut tx, s.staff_id).await?),
        None => None,
    };
    let (n, sum) = match &staff {
        Some(s) => store::queue::staff_rating_summary(&mut tx, s.id).await?,
        None => (0, 0),
    };
    let mut serving = None;
    let mut serving_id = None;
    if let Some(cur) = ws.current_ticket_id
        && let Some(t) = store::queue::find_ticket(&mut tx, cur).await?
        && t.status == TicketStatus::Called.code()
    {
        serving = Some(t.ticket_no);
        serving_id = Some(t.id);
    }
    drop(tx);
    let policy = policy(app, ws.site_id).await?;
    let status = ws.status.clone().unwrap_or_else(|| WindowStatus::Closed.code().to_owned());
    Ok(WindowBoard {
        window_id,
        site_id: ws.site_id,
        number: ws.number,
        name: ws.name,
        kind_label: label(domain::org::WindowKind::parse, domain::org::WindowKind::label, &ws.kind),
        status_label: label(WindowStatus::parse, WindowStatus::label, &status),
        status,
        pause_reason: ws.pause_reason.unwrap_or_default(),
        staff_id: staff.as_ref().map(|s| s.id),
        staff_name: staff.as_ref().map(|s| s.name.clone()),
        staff_grade: staff.as_ref().map(|s| label(domain::org::PostGrade::parse, domain::org::PostGrade::label, &s.grade)),
        staff_department: staff.as_ref().map(|s| s.department_name.clone()),
        staff_photo: staff.as_ref().and_then(|s| s.photo_sha256.clone()),
        stars: (n > 0).then(|| ((sum as f64 / n as f64) * 10.0).round() / 10.0),
        ratings: n,
        serving,
        serving_ticket_id: serving_id,
        slogans: policy.slogans.clone(),
    })
}

// ---------------------------------------------------------------- ratings

/// The five levels, best first, as the pad shows them (ratings themselves: `crate::ratings`).
pub const LEVELS: &[(i64, &str)] = domain::ratings::LEVELS;

/// The latest finished, unrated visit at a window (what the rating pad asks about).
pub async fn pending_rating(app: &App, window_id: i64) -> Result<Option<TicketView>> {
    let mut tx = app.read().await?;
    let Some(t) = store::queue::latest_finished_at_window(&mut tx, window_id, app.clock.today()).await? else {
        return Ok(None);
    };
    if store::queue::find_rating_for_ticket(&mut tx, t.id).await?.is_some() {
        return Ok(None);
    }
    Ok(Some(TicketView::from_row(t, None, false)))
}

// ---------------------------------------------------------------- housekeeping

/// Ends every ticket left open from an earlier business day (run at start-up and periodically).
pub async fn expire_stale(app: &App) -> Result<u64> {
    let today = app.clock.today();
    let now = app.clock.now();
    submit(app, move |ctx| Box::pin(async move { Ok(store::queue::expire_before(ctx.tx, today, now).await?) })).await
}
