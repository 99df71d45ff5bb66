//! The live views of a hall: snapshot, follow page, window board, the rating pad.

use chrono::NaiveDate;
use domain::access::Permission;
use domain::queue::{TicketStatus, WindowStatus};
use serde::Serialize;
use utoipa::ToSchema;

use super::calling::*;
use super::categories::*;
use super::views::*;
use super::wait::*;
use crate::{Actor, App, AppError, Result};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CategoryLine {
    pub id: i64,
    pub prefix: String,
    pub name: String,
    /// The name in traditional Mongolian script, when entered.
    pub name_mn: Option<String>,
    pub waiting: i64,
    /// Seconds the longest-waiting ticket has waited.
    pub longest_wait_s: i64,
    /// Estimated minutes a ticket taken now waits (none while no open window serves the
    /// category or the hall has no recent service times).
    pub est_wait_min: Option<i64>,
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
    /// The latest call in traditional Mongolian, as its live event said it (null when the hall
    /// shows no Mongolian or nobody has been called): a screen that reloads shows it again.
    pub now_mongolian: Option<String>,
}

/// The live state of a hall. Staff need [`Permission::ViewQueue`]; devices see their own hall.
pub async fn snapshot(app: &App, site_id: i64) -> Result<QueueSnapshot> {
    let now = app.clock.now();
    let day = app.clock.today();
    let policy = policy(app, site_id).await?;
    let wait = wait_model(app, site_id).await?;
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
                name_mn: c.name_mn.clone(),
                waiting: n,
                longest_wait_s: oldest.map_or(0, |o| (now - o).num_seconds().max(0)),
                est_wait_min: wait.minutes(c.id, n),
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
            let mut v = TicketView::from_row(t, Some(ahead), false);
            v.est_wait_min = wait.minutes(v.category_id, ahead);
            waiting_list.push(v);
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
    let now_mongolian = recent_calls.first().and_then(|t| policy.mongolian_line(&t.ticket_no, t.window_no.as_deref().unwrap_or_default()));
    Ok(QueueSnapshot {
        now_mongolian,
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
        Caller::Public(_) => match follow_code {
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
    drop(tx);
    let status = TicketStatus::parse("status", &t.status).unwrap_or(TicketStatus::Expired);
    let (site_id, window_no) = (t.site_id, t.window_no.clone().unwrap_or_default());
    let ticket = with_estimate(app, TicketView::from_row(t, ahead, false)).await?;
    let headline = match status {
        TicketStatus::Waiting if ahead == Some(0) => "马上就到您了，请留意叫号".to_owned(),
        TicketStatus::Waiting => match ticket.est_wait_min {
            Some(m) => format!("前面还有 {} 人，预计等候{}", ahead.unwrap_or(0), domain::queue::wait_phrase(m)),
            None => format!("前面还有 {} 人", ahead.unwrap_or(0)),
        },
        TicketStatus::Called => format!("请到 {window_no} 号窗口办理"),
        TicketStatus::Held => "您的号已挂起，请按窗口工作人员的提示办理".to_owned(),
        TicketStatus::Done => "已办结，欢迎评价本次服务".to_owned(),
        TicketStatus::NoShow => "您的号已过号，如需办理请重新取号".to_owned(),
        TicketStatus::Expired => "号票已作废".to_owned(),
    };
    Ok(FollowView { site_id, site_name: site.name, ticket, headline, rated })
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
