//! The counter: calling, serving, transferring and closing tickets, window status.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use domain::Invalid;
use domain::access::Permission;
use domain::queue::{Action, Outcome, Policy, Priority, TicketStatus, WindowStatus, announcement};
use serde::Deserialize;
use store::queue::{CategoryRow, TicketRow};
use utoipa::ToSchema;

use super::categories::*;
use super::views::*;
use crate::org::seating::seat_window;
use crate::runtime::app::Ctx;
use crate::runtime::batch::submit;
use crate::runtime::events::Event;
use crate::support::input::opt_id;
use crate::{Actor, App, AppError, Result};

pub(super) async fn hot_site(app: &App, id: i64) -> Result<Arc<store::org::SiteRow>> {
    app.caches
        .hot
        .sites
        .get_or_load(id, app.clock.now(), async || Ok(Arc::new(store::org::get_site(&mut app.read().await?, id).await?)))
        .await
}

pub(super) async fn hot_window(app: &App, id: i64) -> Result<Arc<store::org::WindowRow>> {
    app.caches
        .hot
        .windows
        .get_or_load(id, app.clock.now(), async || {
            Ok(Arc::new(store::org::find_window(&mut app.read().await?, id).await?.ok_or(AppError::NotFound("窗口"))?))
        })
        .await
}

pub(super) async fn hot_seats(app: &App, site_id: i64) -> Result<Arc<Vec<store::org::SeatRow>>> {
    let day = app.clock.today();
    app.caches
        .hot
        .seats
        .get_or_load((site_id, day), app.clock.now(), async || {
            Ok(Arc::new(store::org::list_site_seats(&mut app.read().await?, site_id, day).await?))
        })
        .await
}

pub(super) async fn hot_profile(app: &App, window_id: i64) -> Result<Arc<Vec<i64>>> {
    app.caches
        .hot
        .profiles
        .get_or_load(window_id, app.clock.now(), async || {
            Ok(Arc::new(store::queue::window_profile(&mut app.read().await?, window_id).await?))
        })
        .await
}

pub(super) async fn hot_categories(app: &App, site_id: i64) -> Result<Arc<Vec<CategoryRow>>> {
    app.caches
        .hot
        .categories
        .get_or_load(site_id, app.clock.now(), async || Ok(Arc::new(store::queue::list_categories(&mut app.read().await?, site_id).await?)))
        .await
}

/// Checks the actor may serve at `window_id` (seated there today, or a hall manager) and
/// returns the window and the staff member to record (whoever sits there today).
pub(super) async fn serving_window(app: &App, actor: &Actor, window_id: i64) -> Result<(Arc<store::org::WindowRow>, Option<i64>)> {
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
pub(super) async fn take(
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
pub(super) async fn called(
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
pub(super) async fn text_when_called(ctx: &mut Ctx<'_>, t: &TicketRow, window: &store::org::WindowRow) -> Result<()> {
    if t.phone_masked.is_none() {
        return Ok(());
    }
    let Some(enc) = store::queue::ticket_phone_enc(ctx.tx, t.id).await? else { return Ok(()) };
    let phone = ctx.app.cipher.decrypt(&enc)?;
    let body = format!("【{}】{}，请尽快前往。", window.site_name, announcement(&t.ticket_no, &window.number));
    let key = format!("ticket-called-{}-{}", t.id, t.recalls);
    crate::outbox::messages::enqueue(
        ctx.app,
        ctx.tx,
        crate::outbox::messages::NewMessage {
            org_unit_id: t.org_unit_id,
            kind: "ticket_called",
            phone: &phone,
            body,
            idempotency_key: key,
        },
    )
    .await?;
    Ok(())
}

pub(super) fn announce(ctx: &mut Ctx<'_>, policy: &Policy, t: &TicketRow, w: &store::org::WindowRow, recall: bool, now: DateTime<Utc>) {
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
pub(super) async fn close_current(ctx: &mut Ctx<'_>, window_id: i64, actor: &str) -> Result<()> {
    let ws = store::queue::window_state(ctx.tx, window_id).await?;
    if let Some(cur) = ws.current_ticket_id {
        let t = store::queue::get_ticket(ctx.tx, cur).await?;
        if t.status == TicketStatus::Called.code() && t.window_id == Some(window_id) {
            finish_row(ctx, &t, TicketStatus::Done, Some(Outcome::Served), actor, "").await?;
        }
    }
    Ok(())
}

pub(super) async fn finish_row(
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
pub(super) async fn release_window(ctx: &mut Ctx<'_>, window_id: i64, ticket_id: i64, now: DateTime<Utc>) -> Result<()> {
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
#[schema(as = TicketActionInput)]
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
    let mut tx = app.read().await?;
    let t = store::queue::find_ticket(&mut tx, ticket_id).await?.ok_or(AppError::NotFound("号票"))?;
    let site = store::org::get_site(&mut tx, t.site_id).await?;
    actor.require(Permission::ViewQueue, &site.org_path, None, "查看该场所的号票")?;
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

pub(super) async fn transfer_target(
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
    let (w, staff) = serving_window(app, actor, window_id).await?;
    let reason = reason.trim().to_owned();
    if status == WindowStatus::Paused && reason.is_empty() {
        return Err(Invalid::one("reason", "暂停服务须填写原因，如“临时离岗”“系统故障”").into());
    }
    if reason.chars().count() > 50 {
        return Err(Invalid::one("reason", "原因不能超过 50 字").into());
    }
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
pub async fn ticket_events(app: &App, actor: &Actor, id: i64) -> Result<Vec<TicketStepView>> {
    let mut tx = app.read().await?;
    let t = store::queue::find_ticket(&mut tx, id).await?.ok_or(AppError::NotFound("号票"))?;
    let site = store::org::get_site(&mut tx, t.site_id).await?;
    actor.require(Permission::ViewQueue, &site.org_path, None, "查看该场所的号票")?;
    Ok(store::queue::list_events(&mut tx, id).await?.into_iter().map(TicketStepView::from).collect())
}

// ---------------------------------------------------------------- live snapshot

/// Ends every ticket left open from an earlier business day (run at start-up and periodically).
pub async fn expire_stale(app: &App) -> Result<u64> {
    let today = app.clock.today();
    let now = app.clock.now();
    submit(app, move |ctx| Box::pin(async move { Ok(store::queue::expire_before(ctx.tx, today, now).await?) })).await
}

pub(super) async fn waiting_ahead(tx: &mut store::Tx, t: &TicketRow) -> Result<Option<i64>> {
    if t.status != TicketStatus::Waiting.code() {
        return Ok(None);
    }
    if t.target_window_id.is_some() {
        return Ok(Some(0));
    }
    Ok(Some(store::queue::count_ahead(tx, t.category_id, t.day, t.rank_at, t.id).await?))
}
