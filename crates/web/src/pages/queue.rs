//! The staff side of the queue: the counter workstation (`/counter`), the hall manager's live
//! view (`/queue/sites/{id}`) and the list of halls one may watch (`/queue`), the queue settings
//! of a site (`/admin/sites/{id}/queue`), and the queue figures with their Excel export.
//!
//! The counter and the live view render on the server; `static/counter.js` sends their actions to
//! the JSON API (with the session's CSRF token) and re-fetches the page's panel (`…/panel`)
//! whenever the hall's event stream (SSE) reports a change.

use app::figures::queue::{Group, QueueFigures, minutes};
use app::queue::{CategoryInput, QueueSnapshot, TicketView};
use app::{AppError, Result};
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use domain::Invalid;
use domain::access::Permission;
use domain::queue::{Channel, Outcome, Policy, Priority, WindowStatus};
use serde::Deserialize;

use super::app_error_page;
use super::view::{Cell, Chrome, Field, Link, Msg, Opt, PageForm, TablePage, attach_errors, chrome, done, opts};
use crate::AppState;
use crate::auth::{Auth, PageUser};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/counter", get(counter))
        .route("/counter/panel", get(counter_panel))
        .route("/queue", get(watch_list))
        .route("/queue/sites/{id}", get(live))
        .route("/queue/sites/{id}/panel", get(live_panel))
        .route("/queue/windows/{id}/seat", post(reseat))
        .route("/queue/figures", get(figures_page))
        .route("/queue/figures.xlsx", get(figures_xlsx))
        .route("/admin/sites/{id}/queue", get(settings))
        .route("/admin/sites/{id}/queue/policy", post(save_policy))
        .route("/admin/sites/{id}/queue/categories/new", get(category_new).post(category_create))
        .route("/admin/sites/{site}/queue/categories/{id}/edit", get(category_edit).post(category_update))
        .route("/admin/windows/{id}/queue-profile", post(save_profile))
}

fn page(a: &Auth, r: Result<Response>) -> Response {
    r.unwrap_or_else(|e| app_error_page(&e, Some(a)))
}

fn with_flash(mut c: Chrome, msg: Option<String>) -> Chrome {
    c.flash = msg;
    c
}

/// A fragment of HTML (a panel re-fetched by the page's script), never cached.
fn fragment(html: std::result::Result<String, askama::Error>) -> Response {
    match html {
        Ok(h) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], h).into_response(),
        Err(e) => {
            tracing::error!(error.cause = %e, "panel template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "系统内部错误").into_response()
        }
    }
}

/// An id from the query string; anything else names no record.
fn query_id(v: Option<&str>, what: &'static str) -> Result<Option<i64>> {
    match v.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => s.parse().map(Some).map_err(|_| AppError::NotFound(what)),
    }
}

fn hm(t: DateTime<Utc>) -> String {
    t.with_timezone(&app::cst()).format("%H:%M").to_string()
}

fn whole_minutes(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    (to - from).num_minutes().max(0)
}

/// A ticket in a list (waiting or held).
struct TicketLine {
    id: i64,
    ticket_no: String,
    category_name: String,
    priority: String,
    priority_label: String,
    channel_label: String,
    issued: String,
    waited_min: i64,
    /// Transferred to one window (number), if so.
    for_window: Option<String>,
}

impl TicketLine {
    fn of(t: &TicketView, now: DateTime<Utc>, windows: &[app::queue::WindowLine]) -> TicketLine {
        TicketLine {
            id: t.id,
            ticket_no: t.ticket_no.clone(),
            category_name: t.category_name.clone(),
            priority: t.priority.clone(),
            priority_label: t.priority_label.clone(),
            channel_label: t.channel_label.clone(),
            issued: hm(t.issued_at),
            waited_min: whole_minutes(t.issued_at, now),
            for_window: t.target_window_id.map(|w| windows.iter().find(|x| x.id == w).map_or_else(|| w.to_string(), |x| x.number.clone())),
        }
    }
    fn priority_badge(&self) -> &'static str {
        if self.priority == Priority::Normal.code() { "" } else { "bad" }
    }
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
    let profile = app::queue::window_profile(&s.app, w.id).await?;
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

// ---------------------------------------------------------------- settings

struct CategoryRowView {
    id: i64,
    prefix: String,
    name: String,
    description: String,
    sort_order: i64,
    daily_limit: String,
    active: bool,
    items: usize,
}

/// One category's position box in a window's profile form.
struct Slot {
    category_id: i64,
    prefix: String,
    name: String,
    position: String,
}

struct ProfileRow {
    window_id: i64,
    number: String,
    name: String,
    slots: Vec<Slot>,
}

#[derive(Template, WebTemplate)]
#[template(path = "queue/settings.html")]
struct SettingsPage {
    chrome: Option<Chrome>,
    csrf: String,
    site_id: i64,
    site_name: String,
    categories: Vec<CategoryRowView>,
    profiles: Vec<ProfileRow>,
    policy: Vec<Field>,
    policy_errors: Vec<String>,
}

/// The site, after checking the actor may change its queue settings.
async fn managed_site(s: &AppState, a: &Auth, site_id: i64) -> Result<store::org::SiteRow> {
    let site = app::queue::require_view(&s.app, &a.actor, site_id).await?;
    a.actor.require(Permission::ManageQueue, &site.org_path, None, "修改该场所的叫号设置")?;
    Ok(site)
}

/// The policy as form fields (every value as text).
#[derive(Deserialize, Default, Clone)]
struct PolicyForm {
    #[serde(default)]
    elderly_boost_min: String,
    #[serde(default)]
    green_boost_min: String,
    #[serde(default)]
    appointment_boost_min: String,
    #[serde(default)]
    no_show_after_recalls: String,
    #[serde(default)]
    phone_daily_quota: String,
    #[serde(default, deserialize_with = "app::support::input::flag")]
    enforce_hours: bool,
    #[serde(default, deserialize_with = "app::support::input::flag")]
    show_mongolian: bool,
    #[serde(default)]
    mongolian_template: String,
    #[serde(default)]
    slogans: String,
}

impl PolicyForm {
    fn of(p: &Policy) -> PolicyForm {
        PolicyForm {
            elderly_boost_min: p.elderly_boost_min.to_string(),
            green_boost_min: p.green_boost_min.to_string(),
            appointment_boost_min: p.appointment_boost_min.to_string(),
            no_show_after_recalls: p.no_show_after_recalls.to_string(),
            phone_daily_quota: p.phone_daily_quota.to_string(),
            enforce_hours: p.enforce_hours,
            show_mongolian: p.show_mongolian,
            mongolian_template: p.mongolian_template.clone(),
            slogans: p.slogans.join("\n"),
        }
    }

    /// The policy entered, or the fields that are not whole numbers.
    fn parse(&self) -> std::result::Result<Policy, Invalid> {
        let mut e = Invalid::default();
        let mut num = |field: &str, label: &str, v: &str| match app::support::input::opt_num(field, label, Some(v)) {
            Ok(Some(n)) => n,
            Ok(None) => {
                e.push(field, format!("请填写{label}"));
                0
            }
            Err(x) => {
                e.fields.extend(x.fields);
                0
            }
        };
        let p = Policy {
            elderly_boost_min: num("elderly_boost_min", "敬老/爱心优先分钟数", &self.elderly_boost_min),
            green_boost_min: num("green_boost_min", "绿色通道优先分钟数", &self.green_boost_min),
            appointment_boost_min: num("appointment_boost_min", "预约优先分钟数", &self.appointment_boost_min),
            no_show_after_recalls: num("no_show_after_recalls", "过号前重呼次数", &self.no_show_after_recalls),
            phone_daily_quota: num("phone_daily_quota", "每个手机号每日取号上限", &self.phone_daily_quota),
            enforce_hours: self.enforce_hours,
            show_mongolian: self.show_mongolian,
            mongolian_template: self.mongolian_template.trim().to_owned(),
            slogans: self.slogans.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect(),
        };
        e.into_result().map(|()| p)
    }

    fn fields(&self) -> Vec<Field> {
        let on = |b: bool| if b { "on" } else { "" };
        vec![
            Field::new("elderly_boost_min", "敬老/爱心优先（分钟）", "number", &self.elderly_boost_min)
                .help("老年人、残疾人、孕妇等取“敬老/爱心”号时，按提前这么多分钟取号排序（0–240）"),
            Field::new("green_boost_min", "绿色通道优先（分钟）", "number", &self.green_boost_min)
                .help("大厅管理员设为绿色通道的号提前的分钟数（0–240）"),
            Field::new("appointment_boost_min", "预约优先（分钟）", "number", &self.appointment_boost_min)
                .help("预约签到的号按预约时段开始前这么多分钟排序（0–240）"),
            Field::new("no_show_after_recalls", "过号前须重呼次数", "number", &self.no_show_after_recalls)
                .help("重呼达到该次数仍未到场，才能标记过号（0–10）"),
            Field::new("phone_daily_quota", "每个手机号每日取号上限", "number", &self.phone_daily_quota)
                .help("同一手机号当天在本场所未办结的号不超过该数（1–50）"),
            Field::new("enforce_hours", "仅在办公时间内取号", "checkbox", on(self.enforce_hours)),
            Field::new("show_mongolian", "叫号屏显示蒙古文", "checkbox", on(self.show_mongolian)),
            Field::new("mongolian_template", "蒙古文叫号内容", "text", &self.mongolian_template)
                .help("{ticket} 替换为号码，{window} 替换为窗口号；不超过 200 字"),
            Field::new("slogans", "滚动标语", "textarea", &self.slogans).help("每行一条，最多 10 条，每条不超过 60 字"),
        ]
    }
}

async fn settings_page(
    s: &AppState,
    a: &Auth,
    site_id: i64,
    form: Option<(PolicyForm, Invalid)>,
    flash: Option<String>,
) -> Result<SettingsPage> {
    let site = managed_site(s, a, site_id).await?;
    let cats = app::queue::categories(&s.app, site_id).await?;
    let snap = app::queue::snapshot(&s.app, site_id).await?;
    let policy = app::queue::policy(&s.app, site_id).await?;
    let categories = cats
        .iter()
        .map(|c| CategoryRowView {
            id: c.category.id,
            prefix: c.category.prefix.clone(),
            name: c.category.name.clone(),
            description: c.category.description.clone(),
            sort_order: c.category.sort_order,
            daily_limit: c.category.daily_limit.map_or_else(|| "不限".to_owned(), |n| n.to_string()),
            active: c.category.active,
            items: c.item_ids.len(),
        })
        .collect();
    let profiles = snap
        .windows
        .iter()
        .map(|w| ProfileRow {
            window_id: w.id,
            number: w.number.clone(),
            name: w.name.clone(),
            slots: cats
                .iter()
                .map(|c| Slot {
                    category_id: c.category.id,
                    prefix: c.category.prefix.clone(),
                    name: c.category.name.clone(),
                    position: w.category_ids.iter().position(|x| *x == c.category.id).map(|p| (p + 1).to_string()).unwrap_or_default(),
                })
                .collect(),
        })
        .collect();
    let (pf, errs) = match form {
        Some((f, inv)) => {
            let mut fields = f.fields();
            let errs = attach_errors(&mut fields, &inv);
            (fields, errs)
        }
        None => (PolicyForm::of(&policy).fields(), vec![]),
    };
    Ok(SettingsPage {
        chrome: Some(with_flash(chrome(a, "sites"), flash)),
        csrf: a.csrf.clone(),
        site_id,
        site_name: site.name,
        categories,
        profiles,
        policy: pf,
        policy_errors: errs,
    })
}

async fn settings(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>, Query(m): Query<Msg>) -> Response {
    let r = settings_page(&s, &a, id, None, m.msg).await.map(IntoResponse::into_response);
    page(&a, r)
}

async fn save_policy(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>, PageForm(f): PageForm<PolicyForm>) -> Response {
    let result = match f.parse() {
        Ok(p) => app::queue::set_policy(&s.app, &a.actor, id, &p).await.map(|_| ()),
        Err(inv) => Err(AppError::Invalid(inv)),
    };
    match result {
        Ok(()) => done(&format!("/admin/sites/{id}/queue"), "叫号规则已保存"),
        Err(AppError::Invalid(inv)) => {
            let r = settings_page(&s, &a, id, Some((f, inv)), None).await.map(|p| (StatusCode::UNPROCESSABLE_ENTITY, p).into_response());
            page(&a, r)
        }
        Err(e) => app_error_page(&e, Some(&a)),
    }
}

/// `o_{category id}` = position in the calling order; blank means the window does not call it.
async fn save_profile(
    State(s): State<AppState>,
    PageUser(a): PageUser,
    Path(id): Path<i64>,
    PageForm(pairs): PageForm<Vec<(String, String)>>,
) -> Response {
    let r = async {
        let (w, _) = app::org::get_window(&s.app, &a.actor, id).await?;
        let mut order: Vec<(i64, i64)> = Vec::new();
        for (k, v) in &pairs {
            let Some(cat) = k.strip_prefix("o_").and_then(|c| c.parse::<i64>().ok()) else { continue };
            match app::support::input::opt_num(k, "呼叫顺序", Some(v)) {
                Ok(Some(pos)) => order.push((pos, cat)),
                Ok(None) => {}
                Err(_) => return Err(Invalid::one("category_ids", format!("呼叫顺序应为整数（收到“{}”）", v.trim())).into()),
            }
        }
        order.sort();
        let cats: Vec<i64> = order.into_iter().map(|(_, c)| c).collect();
        app::queue::set_window_profile(&s.app, &a.actor, id, &cats).await?;
        Ok(done(&format!("/admin/sites/{}/queue", w.site_id), &format!("已保存 {} 号窗口的服务类别", w.number)))
    }
    .await;
    page(&a, r)
}

/// An item to tick in the category form.
struct ItemOpt {
    id: i64,
    label: String,
    checked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "queue/category_form.html")]
struct CategoryFormPage {
    chrome: Option<Chrome>,
    csrf: String,
    title: String,
    action: String,
    back_href: String,
    fields: Vec<Field>,
    errors: Vec<String>,
    items: Vec<ItemOpt>,
    items_error: Option<String>,
}

/// The category form as posted (an unticked 启用 box arrives as nothing, meaning inactive).
#[derive(Deserialize, Default)]
struct CategoryForm {
    #[serde(default)]
    prefix: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    sort_order: String,
    #[serde(default, deserialize_with = "app::support::input::opt_id")]
    daily_limit: Option<i64>,
    #[serde(default, deserialize_with = "app::support::input::flag")]
    active: bool,
    #[serde(default, deserialize_with = "app::support::input::ids")]
    item_ids: Vec<i64>,
}

impl CategoryForm {
    /// The use case's input; a sort order that is not a whole number is reported by field.
    fn input(self) -> (CategoryInput, Option<Invalid>) {
        let (sort_order, bad) = match app::support::input::opt_num("sort_order", "排序", Some(&self.sort_order)) {
            Ok(n) => (n, None),
            Err(e) => (None, Some(e)),
        };
        let i = CategoryInput {
            prefix: self.prefix,
            name: self.name,
            description: self.description,
            sort_order,
            daily_limit: self.daily_limit,
            active: self.active,
            item_ids: self.item_ids,
        };
        (i, bad)
    }
}

fn category_fields(i: &CategoryInput) -> Vec<Field> {
    vec![
        Field::new("prefix", "号段前缀", "text", &i.prefix).required().placeholder("A").help("1–2 个英文字母，号码如 A001"),
        Field::new("name", "类别名称", "text", &i.name).required().placeholder("综合受理"),
        Field::new("description", "说明", "text", &i.description).help("取号机上显示的一句话说明"),
        Field::new("sort_order", "排序", "number", i.sort_order.map(|n| n.to_string()).unwrap_or_default())
            .help("取号机上按此数字从小到大排列"),
        Field::new("daily_limit", "每日放号上限", "number", i.daily_limit.map(|n| n.to_string()).unwrap_or_default()).help("不限请留空"),
        Field::new("active", "启用（可取号）", "checkbox", if i.active { "on" } else { "" }),
    ]
}

async fn category_form(
    s: &AppState,
    a: &Auth,
    site_id: i64,
    title: String,
    action: String,
    i: &CategoryInput,
    inv: Option<&Invalid>,
) -> Result<CategoryFormPage> {
    let site = managed_site(s, a, site_id).await?;
    let items = app::catalog::list_items(&s.app, &a.actor)
        .await?
        .into_iter()
        .filter_map(|x| {
            let cur = x.current?;
            Some(ItemOpt {
                id: x.item.id,
                label: format!("{}（{}）", cur.name, x.item.department_name),
                checked: i.item_ids.contains(&x.item.id),
            })
        })
        .collect();
    let mut fields = category_fields(i);
    let errors = inv.map(|inv| attach_errors(&mut fields, inv)).unwrap_or_default();
    Ok(CategoryFormPage {
        chrome: Some(chrome(a, "sites")),
        csrf: a.csrf.clone(),
        title: format!("{}：{}", title, site.name),
        action,
        back_href: format!("/admin/sites/{site_id}/queue"),
        fields,
        errors,
        items,
        items_error: inv.and_then(|x| x.message_for("item_ids").map(str::to_owned)),
    })
}

async fn category_new(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>) -> Response {
    let i = CategoryInput { active: true, ..CategoryInput::default() };
    let r = category_form(&s, &a, id, "新增取号类别".into(), format!("/admin/sites/{id}/queue/categories/new"), &i, None).await;
    page(&a, r.map(IntoResponse::into_response))
}

async fn category_create(
    State(s): State<AppState>,
    PageUser(a): PageUser,
    Path(id): Path<i64>,
    PageForm(f): PageForm<CategoryForm>,
) -> Response {
    let (i, bad) = f.input();
    let r = match bad {
        Some(inv) => Err(AppError::Invalid(inv)),
        None => app::queue::create_category(&s.app, &a.actor, id, &i).await,
    };
    match r {
        Ok(c) => done(&format!("/admin/sites/{id}/queue"), &format!("已新增取号类别“{} {}”", c.category.prefix, c.category.name)),
        Err(e) => category_failed(&s, &a, id, "新增取号类别", format!("/admin/sites/{id}/queue/categories/new"), &i, e).await,
    }
}

async fn category_failed(s: &AppState, a: &Auth, site: i64, title: &str, action: String, i: &CategoryInput, e: AppError) -> Response {
    let (status, inv) = match e {
        AppError::Invalid(inv) => (StatusCode::UNPROCESSABLE_ENTITY, inv),
        AppError::Conflict(msg) => (StatusCode::CONFLICT, Invalid::one("_", msg)),
        other => return app_error_page(&other, Some(a)),
    };
    let r = category_form(s, a, site, title.to_owned(), action, i, Some(&inv)).await.map(|p| (status, p).into_response());
    page(a, r)
}

async fn find_category(s: &AppState, site: i64, id: i64) -> Result<app::queue::CategoryView> {
    app::queue::categories(&s.app, site).await?.into_iter().find(|c| c.category.id == id).ok_or(AppError::NotFound("取号类别"))
}

async fn category_edit(State(s): State<AppState>, PageUser(a): PageUser, Path((site, id)): Path<(i64, i64)>) -> Response {
    let r = async {
        let c = find_category(&s, site, id).await?;
        let i = CategoryInput {
            prefix: c.category.prefix.clone(),
            name: c.category.name.clone(),
            description: c.category.description.clone(),
            sort_order: Some(c.category.sort_order),
            daily_limit: c.category.daily_limit,
            active: c.category.active,
            item_ids: c.item_ids.clone(),
        };
        let title = format!("编辑取号类别 {} {}", c.category.prefix, c.category.name);
        Ok(category_form(&s, &a, site, title, format!("/admin/sites/{site}/queue/categories/{id}/edit"), &i, None).await?.into_response())
    }
    .await;
    page(&a, r)
}

async fn category_update(
    State(s): State<AppState>,
    PageUser(a): PageUser,
    Path((site, id)): Path<(i64, i64)>,
    PageForm(f): PageForm<CategoryForm>,
) -> Response {
    if let Err(e) = find_category(&s, site, id).await {
        return app_error_page(&e, Some(&a));
    }
    let (i, bad) = f.input();
    let r = match bad {
        Some(inv) => Err(AppError::Invalid(inv)),
        None => app::queue::update_category(&s.app, &a.actor, id, &i).await,
    };
    match r {
        Ok(c) => done(&format!("/admin/sites/{site}/queue"), &format!("已保存取号类别“{} {}”", c.category.prefix, c.category.name)),
        Err(e) => category_failed(&s, &a, site, "编辑取号类别", format!("/admin/sites/{site}/queue/categories/{id}/edit"), &i, e).await,
    }
}

// ---------------------------------------------------------------- figures

#[derive(Deserialize, Default)]
struct FiguresQuery {
    site: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

/// One row of a figures table.
struct GroupLine {
    name: String,
    issued: i64,
    called: i64,
    served: i64,
    no_shows: i64,
    no_show_pct: String,
    wait_avg: String,
    wait_p90: String,
    service_avg: String,
    service_p90: String,
    channels: Vec<i64>,
}

fn min_text(s: Option<i64>) -> String {
    minutes(s).map_or_else(|| "—".to_owned(), |m| format!("{m:.1}"))
}

impl GroupLine {
    fn of(name: &str, s: &app::figures::queue::Stats) -> GroupLine {
        GroupLine {
            name: name.to_owned(),
            issued: s.issued,
            called: s.called,
            served: s.served,
            no_shows: s.no_shows,
            no_show_pct: s.no_show_pct.map_or_else(|| "—".to_owned(), |p| format!("{p:.1}%")),
            wait_avg: min_text(s.waiting.avg_s),
            wait_p90: min_text(s.waiting.p90_s),
            service_avg: min_text(s.service.avg_s),
            service_p90: min_text(s.service.p90_s),
            channels: s.by_channel.iter().map(|c| c.tickets).collect(),
        }
    }
    fn of_groups(g: &[Group]) -> Vec<GroupLine> {
        g.iter().map(|g| GroupLine::of(&g.name, &g.stats)).collect()
    }
}

/// A figures table with its heading.
struct GroupTable {
    title: &'static str,
    rows: Vec<GroupLine>,
}

/// One bar of the tickets-by-hour chart (SVG user units).
struct Bar {
    x: i64,
    y: i64,
    width: i64,
    height: i64,
    label: String,
    count: i64,
    label_x: i64,
}

const CHART_W: i64 = 720;
const CHART_H: i64 = 220;
const CHART_BASE: i64 = 190;

/// Bars for the hours 08–18 and any other hour with tickets.
fn hour_bars(by_hour: &[i64]) -> Vec<Bar> {
    let first = by_hour.iter().position(|&n| n > 0).unwrap_or(8).min(8);
    let last = by_hour.iter().rposition(|&n| n > 0).unwrap_or(17).max(17);
    let hours = last - first + 1;
    let slot = CHART_W / hours as i64;
    let max = by_hour.iter().copied().max().unwrap_or(0).max(1);
    (first..=last)
        .enumerate()
        .map(|(i, h)| {
            let count = by_hour[h];
            let height = count * (CHART_BASE - 30) / max;
            let x = i as i64 * slot + slot / 6;
            Bar { x, y: CHART_BASE - height, width: slot * 2 / 3, height, label: format!("{h:02}"), count, label_x: x + slot / 3 }
        })
        .collect()
}

struct SiteOpt {
    id: i64,
    name: String,
    selected: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "queue/figures.html")]
struct FiguresPage {
    chrome: Option<Chrome>,
    sites: Vec<SiteOpt>,
    from: String,
    to: String,
    error: Option<String>,
    figures: Option<QueueFigures>,
    total: Option<GroupLine>,
    channels: Vec<String>,
    tables: Vec<GroupTable>,
    bars: Vec<Bar>,
    chart_w: i64,
    chart_h: i64,
    chart_base: i64,
    xlsx_href: String,
}

async fn figures_page(State(s): State<AppState>, PageUser(a): PageUser, Query(q): Query<FiguresQuery>) -> Response {
    let r = async {
        let sites = app::figures::queue::figure_sites(&s.app, &a.actor).await?;
        let Some(first) = sites.first() else {
            return Err(AppError::forbidden("查看排队统计"));
        };
        let site_id = query_id(q.site.as_deref(), "场所")?.unwrap_or(first.id);
        let today = s.app.clock.today().to_string();
        let from = q.from.clone().filter(|x| !x.trim().is_empty()).unwrap_or_else(|| today.clone());
        let to = q.to.clone().filter(|x| !x.trim().is_empty()).unwrap_or_else(|| from.clone());
        let mut p = FiguresPage {
            chrome: Some(chrome(&a, "queue_figures")),
            sites: sites.iter().map(|x| SiteOpt { id: x.id, name: x.name.clone(), selected: x.id == site_id }).collect(),
            xlsx_href: format!("/queue/figures.xlsx?site={site_id}&from={}&to={}", urlencoding::encode(&from), urlencoding::encode(&to)),
            from,
            to,
            error: None,
            figures: None,
            total: None,
            channels: Channel::ALL.iter().map(|c| c.label().to_owned()).collect(),
            tables: vec![],
            bars: vec![],
            chart_w: CHART_W,
            chart_h: CHART_H,
            chart_base: CHART_BASE,
        };
        match app::figures::queue::figures_for(&s.app, &a.actor, site_id, Some(&p.from), Some(&p.to)).await {
            Ok(f) => {
                p.total = Some(GroupLine::of("合计", &f.total));
                p.tables = vec![
                    GroupTable { title: "按类别", rows: GroupLine::of_groups(&f.categories) },
                    GroupTable { title: "按窗口", rows: GroupLine::of_groups(&f.windows) },
                    GroupTable { title: "按人员", rows: GroupLine::of_groups(&f.staff) },
                ];
                p.bars = hour_bars(&f.total.by_hour);
                p.figures = Some(f);
                Ok(p.into_response())
            }
            Err(AppError::Invalid(inv)) => {
                p.error = Some(inv.summary());
                Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response())
            }
            Err(e) => Err(e),
        }
    }
    .await;
    page(&a, r)
}

use super::view::xlsx_download;

async fn figures_xlsx(State(s): State<AppState>, PageUser(a): PageUser, Query(q): Query<FiguresQuery>) -> Response {
    let r = async {
        let site_id = query_id(q.site.as_deref(), "场所")?.ok_or_else(|| Invalid::one("site", "请选择场所"))?;
        let (from, to) = app::figures::queue::period(q.from.as_deref(), q.to.as_deref(), s.app.clock.today())?;
        let (f, t) = (from.to_string(), to.to_string());
        let bytes = app::figures::queue::export_xlsx(&s.app, &a.actor, site_id, Some(&f), Some(&t)).await?;
        Ok(xlsx_download(bytes, &format!("queue-figures-{site_id}-{f}-{t}.xlsx")))
    }
    .await;
    page(&a, r)
}
