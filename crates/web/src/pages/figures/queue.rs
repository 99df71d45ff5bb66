//! The queue figures `/queue/figures` (tickets, waits and service times by category, window and
//! hour) and their Excel export.

use app::AppError;
use app::figures::queue::{Group, QueueFigures, minutes};
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use domain::Invalid;
use domain::queue::Channel;
use serde::Deserialize;

use crate::extract::caller::PageUser;
use crate::extract::form::query_id;
use crate::respond::filter::{SiteOpt, shown_or_flagged, site_opts};
use crate::respond::page::page;
use crate::respond::view::{Chrome, chrome, xlsx_download};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/queue/figures", get(figures_page)).route("/queue/figures.xlsx", get(figures_xlsx))
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

#[derive(Template, WebTemplate)]
#[template(path = "figures/queue.html")]
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
        let p = FiguresPage {
            chrome: Some(chrome(&a, "queue_figures")),
            sites: site_opts(&sites, Some(site_id)),
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
        let got = app::figures::queue::figures_for(&s.app, &a.actor, site_id, Some(&p.from), Some(&p.to)).await;
        shown_or_flagged(
            p,
            got,
            |p, f| {
                p.total = Some(GroupLine::of("合计", &f.total));
                p.tables = vec![
                    GroupTable { title: "按类别", rows: GroupLine::of_groups(&f.categories) },
                    GroupTable { title: "按窗口", rows: GroupLine::of_groups(&f.windows) },
                    GroupTable { title: "按人员", rows: GroupLine::of_groups(&f.staff) },
                ];
                p.bars = hour_bars(&f.total.by_hour);
                p.figures = Some(f);
            },
            |p, e| p.error = Some(e),
        )
    }
    .await;
    page(&a, r)
}

async fn figures_xlsx(State(s): State<AppState>, PageUser(a): PageUser, Query(q): Query<FiguresQuery>) -> Response {
    if q.site.as_deref().is_none_or(|x| x.trim().is_empty()) {
        // No site chosen: the figures page, where one is picked (it defaults to the actor's own).
        return axum::response::Redirect::to("/queue/figures").into_response();
    }
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
