//! The counter workstation `/counter`: the ticket being served, the waiting and held lists, and
//! the window's state. It renders on the server; `static/counter.js` sends its actions to the JSON
//! API (with the session's CSRF token) and re-fetches `/counter/panel` whenever the hall's event
//! stream (SSE) reports a change.

use app::{AppError, Result};
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use domain::access::Permission;
use domain::queue::Outcome;
use serde::Deserialize;

use super::lines::{TicketLine, fragment, hm, whole_minutes};
use crate::extract::caller::{Auth, PageUser};
use crate::extract::form::query_id;
use crate::respond::page::page;
use crate::respond::view::{Chrome, Opt, chrome, opts};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/counter", get(counter)).route("/counter/panel", get(counter_panel))
}

// ---------------------------------------------------------------- counter

/// The ticket a counter is serving.
struct Current {
    id: i64,
    ticket_no: String,
    category_name: String,
    channel_label: String,
    priority: String,
    priority_label: String,
    issued: String,
    waited_min: i64,
    recalls: i64,
}

/// Everything the counter panel shows.
struct CounterView {
    window_id: i64,
    window_no: String,
    window_name: String,
    site_id: i64,
    site_name: String,
    status: String,
    status_label: String,
    pause_reason: String,
    staff_name: String,
    profile: String,
    current: Option<Current>,
    no_show_after: i64,
    can_no_show: bool,
    held: Vec<TicketLine>,
    waiting: Vec<TicketLine>,
    categories: Vec<Opt>,
    windows: Vec<Opt>,
    outcomes: Vec<Opt>,
}

#[derive(Template, WebTemplate)]
#[template(path = "queue/counter.html")]
struct CounterPage {
    chrome: Option<Chrome>,
    csrf: String,
    v: CounterView,
}

#[derive(Template)]
#[template(path = "queue/counter_panel.html")]
struct CounterPanel {
    v: CounterView,
}

/// A window to pick (hall managers without a seat).
struct PickWindow {
    id: i64,
    label: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "queue/counter_pick.html")]
struct CounterPick {
    chrome: Option<Chrome>,
    message: String,
    windows: Vec<PickWindow>,
}

#[derive(Deserialize, Default)]
struct WindowQuery {
    window: Option<String>,
}

/// The window the counter works at: `?window=` (hall managers, or one's own seat), else the
/// seat today. `None` when there is none to pick.
async fn counter_window(s: &AppState, a: &Auth, q: &WindowQuery) -> Result<Option<store::org::WindowRow>> {
    if !a.actor.has(Permission::ServeQueue) {
        return Err(AppError::forbidden("使用窗口叫号台"));
    }
    let Some(id) = query_id(q.window.as_deref(), "窗口")?.or(a.window_id) else {
        return Ok(None);
    };
    let (w, _) = app::org::get_window(&s.app, &a.actor, id).await?;
    let seated = a.window_id == Some(id) && a.actor.can(Permission::ServeQueue, &w.org_path, None);
    if !(seated || a.actor.can(Permission::ManageQueue, &w.org_path, None)) {
        return Err(AppError::Forbidden(format!("您今天不在 {} 号窗口，不能在该窗口叫号", w.number)));
    }
    Ok(Some(w))
}

async fn counter_view(s: &AppState, a: &Auth, w: &store::org::WindowRow) -> Result<CounterView> {
    app::queue::require_view(&s.app, &a.actor, w.site_id).await?;
    let now = s.app.clock.now();
    let snap = app::queue::snapshot(&s.app, w.site_id).await?;
    let board = app::queue::window_board(&s.app, w.id).await?;
    let profile = app::queue::window_profile(&s.app, &a.actor, w.id).await?;
    let policy = app::queue::policy(&s.app, w.site_id).await?;
    let current = match board.serving_ticket_id {
        Some(id) => {
            let t = app::queue::ticket(&s.app, &a.actor, id).await?;
            Some(Current {
                id: t.id,
                waited_min: whole_minutes(t.issued_at, t.called_at.unwrap_or(now)),
                issued: hm(t.issued_at),
                ticket_no: t.ticket_no,
                category_name: t.category_name,
                channel_label: t.channel_label,
                priority: t.priority,
                priority_label: t.priority_label,
                recalls: t.recalls,
            })
        }
        None => None,
    };
    let waiting = snap
        .waiting
        .iter()
        .filter(|t| t.target_window_id == Some(w.id) || (t.target_window_id.is_none() && profile.contains(&t.category_id)))
        .map(|t| TicketLine::of(t, now, &snap.windows))
        .collect();
    let held = snap.held.iter().filter(|t| t.window_id == Some(w.id)).map(|t| TicketLine::of(t, now, &snap.windows)).collect();
    let profile_names = profile
        .iter()
        .filter_map(|c| snap.categories.iter().find(|x| x.id == *c))
        .map(|c| format!("{} {}", c.prefix, c.name))
        .collect::<Vec<_>>()
        .join("、");
    Ok(CounterView {
        window_id: w.id,
        window_no: w.number.clone(),
        window_name: w.name.clone(),
        site_id: w.site_id,
        site_name: snap.site_name.clone(),
        status: board.status,
        status_label: board.status_label,
        pause_reason: board.pause_reason,
        staff_name: board.staff_name.unwrap_or_else(|| "空岗".to_owned()),
        profile: if profile_names.is_empty() { "未设置（请联系大厅管理员）".to_owned() } else { profile_names },
        can_no_show: current.as_ref().is_some_and(|c| c.recalls >= policy.no_show_after_recalls),
        no_show_after: policy.no_show_after_recalls,
        current,
        held,
        waiting,
        categories: opts(snap.categories.iter().filter(|c| c.active).map(|c| (c.id, format!("{} {}", c.prefix, c.name))), &[]),
        windows: opts(
            snap.windows
                .iter()
                .filter(|x| x.id != w.id)
                .map(|x| (x.id, format!("{} 号窗口 {}", x.number, x.staff_name.clone().unwrap_or_default()))),
            &[],
        ),
        outcomes: opts(Outcome::ALL.iter().map(|o| (o.code(), o.label())), &[Outcome::Served.code().to_owned()]),
    })
}

async fn counter(State(s): State<AppState>, PageUser(a): PageUser, Query(q): Query<WindowQuery>) -> Response {
    let r = async {
        match counter_window(&s, &a, &q).await? {
            Some(w) => {
                let v = counter_view(&s, &a, &w).await?;
                Ok(CounterPage { chrome: Some(chrome(&a, "counter")), csrf: a.csrf.clone(), v }.into_response())
            }
            None => {
                let mut windows = Vec::new();
                if a.actor.has(Permission::ManageQueue) {
                    for site in app::org::list_sites(&s.app, &a.actor).await? {
                        if !a.actor.can(Permission::ManageQueue, &site.site.org_path, None) {
                            continue;
                        }
                        let d = app::org::get_site(&s.app, &a.actor, site.site.id).await?;
                        for w in d.windows.iter().filter(|w| w.active) {
                            let staff = d.seats.iter().find(|x| x.window_id == w.id).map_or("空岗", |x| x.staff_name.as_str());
                            windows.push(PickWindow {
                                id: w.id, label: format!("{} · {} 号窗口（{}）", site.site.name, w.number, staff)
                            });
                        }
                    }
                }
                let message = if windows.is_empty() {
                    "您今天没有安排窗口，请联系大厅管理员在场所页面安排今日人员。".to_owned()
                } else {
                    "您今天没有安排窗口。作为大厅管理员，可以选择任一窗口代为叫号：".to_owned()
                };
                Ok(CounterPick { chrome: Some(chrome(&a, "counter")), message, windows }.into_response())
            }
        }
    }
    .await;
    page(&a, r)
}

async fn counter_panel(State(s): State<AppState>, PageUser(a): PageUser, Query(q): Query<WindowQuery>) -> Response {
    let r = async {
        let w = counter_window(&s, &a, &q).await?.ok_or_else(|| AppError::Conflict("您今天没有安排窗口".to_owned()))?;
        let v = counter_view(&s, &a, &w).await?;
        Ok(fragment(CounterPanel { v }.render()))
    }
    .await;
    page(&a, r)
}
