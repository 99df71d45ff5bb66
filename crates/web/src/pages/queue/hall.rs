//! The hall manager's live view `/queue/sites/{id}` (waits by category, windows, waiting and held
//! tickets, who sits where) and the list of halls one may watch (`/queue`). Like the counter it
//! re-fetches its panel when the hall's event stream reports a change.

use app::queue::QueueSnapshot;
use app::{AppError, Result};
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use domain::access::Permission;
use domain::queue::WindowStatus;
use serde::Deserialize;

use super::lines::{TicketLine, fragment};
use crate::extract::caller::{Auth, PageUser};
use crate::extract::form::PageForm;
use crate::respond::page::page;
use crate::respond::view::{Cell, Chrome, Link, Msg, TablePage, chrome, done, with_flash};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/queue", get(watch_list))
        .route("/queue/sites/{id}", get(live))
        .route("/queue/sites/{id}/panel", get(live_panel))
        .route("/queue/windows/{id}/seat", post(reseat))
}

// ---------------------------------------------------------------- live view

/// The longest wait (minutes) above which the live view marks a category red.
const WARN_MINUTES: i64 = 30;

struct CategoryLine {
    prefix: String,
    name: String,
    waiting: i64,
    longest_min: i64,
    over: bool,
    active: bool,
}

struct WindowLine {
    id: i64,
    number: String,
    name: String,
    status: String,
    status_label: String,
    pause_reason: String,
    staff_id: Option<i64>,
    staff_name: String,
    serving: String,
    profile: String,
}

impl WindowLine {
    fn status_badge(&self) -> &'static str {
        match self.status.as_str() {
            s if s == WindowStatus::Open.code() => "good",
            s if s == WindowStatus::Paused.code() => "bad",
            _ => "",
        }
    }
    fn seated(&self, id: impl std::borrow::Borrow<i64>) -> bool {
        self.staff_id == Some(*id.borrow())
    }
}

struct StaffOpt {
    id: i64,
    label: String,
}

struct LiveView {
    site_id: i64,
    site_name: String,
    day: String,
    can_manage: bool,
    warn_min: i64,
    categories: Vec<CategoryLine>,
    windows: Vec<WindowLine>,
    waiting: Vec<TicketLine>,
    held: Vec<TicketLine>,
    staff: Vec<StaffOpt>,
    csrf: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "queue/live.html")]
struct LivePage {
    chrome: Option<Chrome>,
    v: LiveView,
}

#[derive(Template)]
#[template(path = "queue/live_panel.html")]
struct LivePanel {
    v: LiveView,
}

fn live_lines(snap: &QueueSnapshot, now: DateTime<Utc>) -> (Vec<CategoryLine>, Vec<WindowLine>, Vec<TicketLine>, Vec<TicketLine>) {
    let categories = snap
        .categories
        .iter()
        .map(|c| CategoryLine {
            prefix: c.prefix.clone(),
            name: c.name.clone(),
            waiting: c.waiting,
            longest_min: c.longest_wait_s / 60,
            over: c.longest_wait_s / 60 > WARN_MINUTES,
            active: c.active,
        })
        .collect();
    let windows = snap
        .windows
        .iter()
        .map(|w| WindowLine {
            id: w.id,
            number: w.number.clone(),
            name: w.name.clone(),
            status: w.status.clone(),
            status_label: w.status_label.clone(),
            pause_reason: w.pause_reason.clone(),
            staff_id: w.staff_id,
            staff_name: w.staff_name.clone().unwrap_or_else(|| "空岗".to_owned()),
            serving: w.serving.clone().unwrap_or_default(),
            profile: w
                .category_ids
                .iter()
                .filter_map(|c| snap.categories.iter().find(|x| x.id == *c))
                .map(|c| c.prefix.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        })
        .collect();
    let waiting = snap.waiting.iter().map(|t| TicketLine::of(t, now, &snap.windows)).collect();
    let held = snap.held.iter().map(|t| TicketLine::of(t, now, &snap.windows)).collect();
    (categories, windows, waiting, held)
}

async fn live_view(s: &AppState, a: &Auth, site_id: i64) -> Result<LiveView> {
    let site = app::queue::require_view(&s.app, &a.actor, site_id).await?;
    let snap = app::queue::snapshot(&s.app, site_id).await?;
    let can_manage = a.actor.can(Permission::ManageQueue, &site.org_path, None);
    let staff = if can_manage && a.actor.can(Permission::ManageSites, &site.org_path, None) {
        app::org::list_staff(&s.app, &a.actor, None, None, 500)
            .await?
            .items
            .into_iter()
            .filter(|x| x.active && (site.org_path.starts_with(&x.org_path) || x.org_path.starts_with(&site.org_path)))
            .map(|x| StaffOpt { id: x.id, label: format!("{}（{}）", x.name, x.department_name) })
            .collect()
    } else {
        vec![]
    };
    let (categories, windows, waiting, held) = live_lines(&snap, s.app.clock.now());
    Ok(LiveView {
        site_id,
        site_name: snap.site_name,
        day: snap.day.format("%Y年%m月%d日").to_string(),
        can_manage,
        warn_min: WARN_MINUTES,
        categories,
        windows,
        waiting,
        held,
        staff,
        csrf: a.csrf.clone(),
    })
}

async fn live(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>, Query(m): Query<Msg>) -> Response {
    let r = async {
        let v = live_view(&s, &a, id).await?;
        Ok(LivePage { chrome: Some(with_flash(chrome(&a, "queue"), m.msg)), v }.into_response())
    }
    .await;
    page(&a, r)
}

async fn live_panel(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>) -> Response {
    let r = async { Ok(fragment(LivePanel { v: live_view(&s, &a, id).await? }.render())) }.await;
    page(&a, r)
}

#[derive(Deserialize)]
struct SeatForm {
    #[serde(default, deserialize_with = "app::support::input::opt_id")]
    staff_id: Option<i64>,
}

/// Moves staff: who sits at a window today (from the live view).
async fn reseat(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>, PageForm(f): PageForm<SeatForm>) -> Response {
    let r = async {
        let (w, _) = app::org::get_window(&s.app, &a.actor, id).await?;
        app::org::seat_today(&s.app, &a.actor, id, f.staff_id).await?;
        let msg = if f.staff_id.is_some() {
            format!("已调整 {} 号窗口今日人员", w.number)
        } else {
            format!("{} 号窗口已设为空岗", w.number)
        };
        Ok(done(&format!("/queue/sites/{}", w.site_id), &msg))
    }
    .await;
    page(&a, r)
}

async fn watch_list(State(s): State<AppState>, PageUser(a): PageUser) -> Response {
    let r = async {
        if !a.actor.has(Permission::ViewQueue) {
            return Err(AppError::forbidden("查看排队情况"));
        }
        let sites = app::org::list_sites(&s.app, &a.actor).await?;
        let mut t = TablePage::new(&a, "queue", "排队实况", vec!["场所", "所属机构", "", "", ""]);
        t.intro = Some("选择场所查看实时排队：各类别等候人数与最长等候时间、各窗口状态。".to_owned());
        t.empty_text = "没有可查看的场所。";
        if a.actor.has(Permission::ServeQueue) {
            t.actions.push(Link { label: "窗口叫号台", href: "/counter".to_owned() });
        }
        if a.actor.has(Permission::ViewQueueFigures) {
            t.actions.push(Link { label: "排队统计", href: "/queue/figures".to_owned() });
        }
        for x in sites.into_iter().filter(|x| a.actor.can(Permission::ViewQueue, &x.site.org_path, None)) {
            let id = x.site.id;
            let figures = a.actor.can(Permission::ViewQueueFigures, &x.site.org_path, None);
            let manage = a.actor.can(Permission::ManageQueue, &x.site.org_path, None);
            t.rows.push(vec![
                Cell::link(&x.site.name, format!("/queue/sites/{id}")),
                Cell::text(&x.site.org_name),
                Cell::link("排队实况", format!("/queue/sites/{id}")),
                if figures { Cell::link("排队统计", format!("/queue/figures?site={id}")) } else { Cell::text("") },
                if manage { Cell::link("叫号设置", format!("/admin/sites/{id}/queue")) } else { Cell::text("") },
            ]);
        }
        Ok(t.into_response())
    }
    .await;
    page(&a, r)
}
