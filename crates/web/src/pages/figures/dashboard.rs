//! The figures pages (X1): the dashboard `/figures` (targets with red/green, SVG trends, the
//! breakdown table, the monthly window ranking), its Excel download `/figures.xlsx`, and the A4
//! monthly report `/figures/report`.

use app::figures::{Ask, COLUMNS, Cell, Dashboard, Dimension, Ranking};
use app::{AppError, Result};
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::Datelike;
use serde::Deserialize;

use crate::extract::caller::{Auth, PageUser};
use crate::respond::chart::LineChart;
use crate::respond::filter::shown_or_flagged;
use crate::respond::page::page;
use crate::respond::view::{Chrome, chrome, xlsx_download};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/figures", get(dashboard)).route("/figures.xlsx", get(xlsx)).route("/figures/report", get(report))
}

#[derive(Debug, Deserialize, Default)]
struct FiguresQuery {
    scope: Option<String>,
    by: Option<String>,
    from: Option<String>,
    to: Option<String>,
    month: Option<String>,
}

impl FiguresQuery {
    fn ask(&self) -> Ask<'_> {
        Ask { scope: self.scope.as_deref(), by: self.by.as_deref(), from: self.from.as_deref(), to: self.to.as_deref() }
    }
}

struct Opt {
    value: String,
    label: String,
    selected: bool,
}

struct TargetView {
    label: &'static str,
    value: String,
    target: String,
    /// `good`, `bad` or `` (no data).
    tone: &'static str,
    verdict: &'static str,
    source: &'static str,
}

struct CellView {
    text: String,
    tone: &'static str,
}

struct RowView {
    name: String,
    cells: Vec<CellView>,
}

struct RankView {
    rank: i64,
    name: String,
    ratings: i64,
    good_rate: String,
    bad: i64,
    served: i64,
    bottom: bool,
    talk: bool,
}

struct Headline {
    label: &'static str,
    value: String,
}

/// Everything the dashboard and the report show of one request.
struct View {
    scope_label: String,
    /// When open overdue cases were counted (China time), or empty.
    overdue_as_of: String,
    by_label: &'static str,
    from: String,
    to: String,
    targets: Vec<TargetView>,
    headline: Vec<Headline>,
    columns: Vec<&'static str>,
    rows: Vec<RowView>,
    total: RowView,
    charts: Vec<String>,
    month: String,
    previous_month: String,
    ranking: Vec<RankView>,
    talks: Vec<String>,
    unrated: usize,
    keep: String,
}

fn cell_view(c: &Cell) -> CellView {
    match c {
        Cell::Count(n) => CellView { text: n.to_string(), tone: "" },
        Cell::Percent(Some(p), met) => CellView {
            text: format!("{p:.1}%"),
            tone: match met {
                Some(true) => "good",
                Some(false) => "bad",
                None => "",
            },
        },
        Cell::Minutes(Some(m)) => CellView { text: format!("{m:.1}"), tone: "" },
        _ => CellView { text: "—".into(), tone: "" },
    }
}

fn pct(p: Option<f64>) -> String {
    p.map_or_else(|| "—".to_owned(), |p| format!("{p:.1}%"))
}

fn mins(s: Option<i64>) -> String {
    s.map_or_else(|| "—".to_owned(), |s| format!("{:.1} 分钟", s as f64 / 60.0))
}

fn view(d: &Dashboard, r: &Ranking) -> View {
    let t = &d.total;
    let targets = d
        .targets
        .iter()
        .map(|x| TargetView {
            label: x.label,
            value: pct(x.value),
            target: format!("≥ {}%", x.target),
            tone: match x.met {
                Some(true) => "good",
                Some(false) => "bad",
                None => "",
            },
            verdict: match x.met {
                Some(true) => "达标",
                Some(false) => "未达标",
                None => "无数据",
            },
            source: x.source,
        })
        .collect();
    let headline = vec![
        Headline { label: "受理", value: t.cases.accepted.to_string() },
        Headline { label: "办结", value: t.cases.decided.to_string() },
        Headline { label: "按时办结率", value: pct(t.cases.on_time_rate.percent) },
        Headline { label: "在办超期", value: t.cases.overdue_open.to_string() },
        Headline { label: "取号", value: t.tickets.issued.to_string() },
        Headline { label: "平均等候", value: mins(t.tickets.waiting.avg_s) },
        Headline { label: "P90 等候", value: mins(t.tickets.waiting.p90_s) },
        Headline { label: "评价", value: t.ratings.ratings.to_string() },
        Headline { label: "好评率（首次评价）", value: pct(t.ratings.good_rate.percent) },
        Headline { label: "差评", value: t.ratings.bad.to_string() },
        Headline { label: "整改后好转率", value: pct(t.ratings.improved_rate.percent) },
        Headline { label: "主动评价率", value: pct(t.active_rating_rate.percent) },
        Headline { label: "工单", value: t.work_orders.registered.to_string() },
        Headline { label: "工单按时答复率", value: pct(t.work_orders.on_time_reply_rate.percent) },
    ];
    let row = |name: &str, f: &app::figures::Figures| RowView {
        name: name.to_owned(),
        cells: app::figures::cells(f).iter().map(cell_view).collect(),
    };
    let series = |f: &dyn Fn(&app::figures::TrendPoint) -> Option<f64>| -> Vec<(String, Option<f64>)> {
        d.trend.iter().map(|p| (p.period.clone(), f(p))).collect()
    };
    let good = series(&|p| p.good_rate);
    let on_time = series(&|p| p.on_time_rate);
    let wait = series(&|p| p.avg_wait_s.map(|s| (s as f64 / 6.0).round() / 10.0));
    let decided = series(&|p| Some(p.decided as f64));
    let charts = vec![
        LineChart { id: "chart-good", title: "好评率", unit: "%", points: &good, max: Some(100.0), target: None }.svg(),
        LineChart { id: "chart-ontime", title: "按时办结率", unit: "%", points: &on_time, max: Some(100.0), target: None }.svg(),
        LineChart { id: "chart-wait", title: "平均等候时长", unit: "分", points: &wait, max: None, target: None }.svg(),
        LineChart { id: "chart-decided", title: "办结量", unit: "", points: &decided, max: None, target: None }.svg(),
    ];
    let e = |s: &str| urlencoding::encode(s).into_owned();
    View {
        scope_label: d.scope.label.clone(),
        overdue_as_of: d.overdue_as_of.map(crate::respond::view::local_minute).unwrap_or_default(),
        by_label: d.by.label(),
        from: d.from.to_string(),
        to: d.to.to_string(),
        targets,
        headline,
        columns: COLUMNS.to_vec(),
        rows: d.groups.iter().map(|g| row(&g.name, &g.figures)).collect(),
        total: row("合计", &d.total),
        charts,
        month: r.month.clone(),
        previous_month: r.previous_month.clone(),
        ranking: r
            .windows
            .iter()
            .map(|w| RankView {
                rank: w.rank,
                name: w.name.clone(),
                ratings: w.ratings,
                good_rate: pct(w.good_rate.percent),
                bad: w.bad,
                served: w.served,
                bottom: w.bottom,
                talk: w.talk,
            })
            .collect(),
        talks: r.windows.iter().filter(|w| w.talk).map(|w| w.name.clone()).collect(),
        unrated: r.unrated.len(),
        keep: format!("scope={}&by={}&from={}&to={}", e(&d.scope.code), d.by.code(), d.from, d.to),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "figures/dashboard.html")]
struct DashboardPage {
    chrome: Option<Chrome>,
    scopes: Vec<Opt>,
    dims: Vec<Opt>,
    from: String,
    to: String,
    error: Option<String>,
    v: Option<View>,
}

async fn options(s: &AppState, a: &Auth, q: &FiguresQuery) -> Result<(Vec<Opt>, Vec<Opt>)> {
    let chosen = q.scope.as_deref().map(str::trim).filter(|x| !x.is_empty()).unwrap_or("all");
    let scopes = app::figures::scope_options(&s.app, &a.actor)
        .await?
        .into_iter()
        .map(|o| Opt { selected: o.code == chosen, value: o.code, label: o.label })
        .collect();
    let by = q.by.as_deref().map(str::trim).filter(|x| !x.is_empty()).unwrap_or("site");
    let dims =
        Dimension::ALL.iter().map(|d| Opt { value: d.code().to_owned(), label: d.label().to_owned(), selected: d.code() == by }).collect();
    Ok((scopes, dims))
}

async fn dashboard(State(s): State<AppState>, PageUser(a): PageUser, Query(q): Query<FiguresQuery>) -> Response {
    let r = async {
        let (scopes, dims) = options(&s, &a, &q).await?;
        let p = DashboardPage {
            chrome: Some(chrome(&a, "figures")),
            scopes,
            dims,
            from: q.from.clone().unwrap_or_default(),
            to: q.to.clone().unwrap_or_default(),
            error: None,
            v: None,
        };
        let got = async {
            let d = app::figures::dashboard(&s.app, &a.actor, &q.ask()).await?;
            let month = d.to.format("%Y-%m").to_string();
            let r = app::figures::ranking(&s.app, &a.actor, q.scope.as_deref(), Some(&month)).await?;
            Ok::<_, AppError>((d, r))
        }
        .await;
        shown_or_flagged(
            p,
            got,
            |p, (d, r)| {
                p.from = d.from.to_string();
                p.to = d.to.to_string();
                p.v = Some(view(&d, &r));
            },
            |p, e| p.error = Some(e),
        )
    }
    .await;
    page(&a, r)
}

async fn xlsx(State(s): State<AppState>, PageUser(a): PageUser, Query(q): Query<FiguresQuery>) -> Response {
    let r = async {
        let bytes = app::figures::export_xlsx(&s.app, &a.actor, &q.ask()).await?;
        let (f, t) = app::supervision::period(q.from.as_deref(), q.to.as_deref(), s.app.clock.today())?;
        Ok(xlsx_download(bytes, &format!("figures-{f}-{t}.xlsx")))
    }
    .await;
    page(&a, r)
}

#[derive(Template, WebTemplate)]
#[template(path = "figures/report.html")]
struct ReportPage {
    title: String,
    made_on: String,
    v: View,
}

/// The A4 monthly report: `?month=YYYY-MM&scope=` (default: last month, everything), by site.
async fn report(State(s): State<AppState>, PageUser(a): PageUser, Query(q): Query<FiguresQuery>) -> Response {
    let r = async {
        let today = s.app.clock.today();
        let month = match q.month.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
            Some(m) => m.to_owned(),
            None => {
                let first = today.with_day(1).unwrap_or(today);
                first.pred_opt().unwrap_or(first).format("%Y-%m").to_string()
            }
        };
        let (from, to) = app::figures::month_bounds(&month)
            .ok_or_else(|| domain::Invalid::one("month", format!("月份格式应为 YYYY-MM（收到“{month}”）")))?;
        let (f, t) = (from.to_string(), to.to_string());
        let by = q.by.as_deref().filter(|b| !b.trim().is_empty()).unwrap_or("site");
        let ask = Ask { scope: q.scope.as_deref(), by: Some(by), from: Some(&f), to: Some(&t) };
        let d = app::figures::dashboard(&s.app, &a.actor, &ask).await?;
        let rk = app::figures::ranking(&s.app, &a.actor, q.scope.as_deref(), Some(&month)).await?;
        let title = format!("政务服务运行情况月报（{}年{}月）", from.year(), from.month());
        Ok(ReportPage { title, made_on: today.to_string(), v: view(&d, &rk) }.into_response())
    }
    .await;
    page(&a, r)
}
