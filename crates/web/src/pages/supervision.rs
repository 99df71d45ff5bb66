//! Supervision pages (效能监察): the dashboard `/supervision` with its drill-down lists and Excel
//! export, the stationing checks `/supervision/stationing`, and chases: the list
//! `/supervision/chases`, the chase form (from a drill-down row) and the department's answer form.

use app::AppError;
use app::supervision::{AnswerInput, ChaseFilter, ChaseInput, Dashboard, Stationing};
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use domain::Invalid;
use serde::Deserialize;

use crate::extract::caller::{Auth, PageUser};
use crate::extract::form::PageForm;
use crate::respond::filter::{SiteOpt, shown_or_flagged, site_opts};
use crate::respond::form::done_or_again;
use crate::respond::page::{app_error_page, page};
use crate::respond::view::{Cell, Chrome, Field, FormPage, Link, TablePage, chrome, done, local_minute, xlsx_download};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/supervision", get(dashboard))
        .route("/supervision.xlsx", get(xlsx))
        .route("/supervision/cases", get(drill))
        .route("/supervision/stationing", get(stationing))
        .route("/supervision/chases", get(chases))
        .route("/supervision/cases/{id}/chase", get(chase_form).post(chase_post))
        .route("/supervision/chases/{id}/answer", get(answer_form).post(answer_post))
}

/// `?from=&to=&site=` of the supervision pages.
#[derive(Debug, Deserialize, Default)]
struct PeriodQuery {
    from: Option<String>,
    to: Option<String>,
    site: Option<String>,
}

impl PeriodQuery {
    /// The query string that keeps the period and site on a link.
    fn keep(&self) -> String {
        let e = |s: &Option<String>| urlencoding::encode(s.as_deref().unwrap_or("").trim()).into_owned();
        format!("from={}&to={}&site={}", e(&self.from), e(&self.to), e(&self.site))
    }

    /// The filter's sites with the asked-for one selected.
    async fn sites(&self, s: &AppState, a: &Auth) -> app::Result<Vec<SiteOpt>> {
        let sites = app::supervision::sites(&s.app, &a.actor).await?;
        Ok(site_opts(&sites, self.site.as_deref().and_then(|x| x.trim().parse::<i64>().ok())))
    }
}

/// One cell of a breakdown: the count and the link to its cases.
struct CountCell {
    n: i64,
    href: String,
    tone: &'static str,
}

struct Line {
    name: String,
    cells: Vec<CountCell>,
}

struct Breakdown {
    title: &'static str,
    id: &'static str,
    lines: Vec<Line>,
}

#[derive(Template, WebTemplate)]
#[template(path = "supervision/dashboard.html")]
struct DashboardPage {
    chrome: Option<Chrome>,
    sites: Vec<SiteOpt>,
    from: String,
    to: String,
    error: Option<String>,
    place: String,
    labels: Vec<&'static str>,
    total: Vec<CountCell>,
    tables: Vec<Breakdown>,
    keep: String,
}

fn cells(d: &Dashboard, counts: &[i64], keep: &str, by: &str, id: Option<i64>) -> Vec<CountCell> {
    d.metrics
        .iter()
        .zip(counts)
        .map(|(m, n)| {
            let group =
                if by.is_empty() { String::new() } else { format!("&by={by}&id={}", id.map(|i| i.to_string()).unwrap_or_default()) };
            CountCell { n: *n, href: format!("/supervision/cases?{keep}&metric={}{group}", m.code), tone: if *n > 0 { m.tone } else { "" } }
        })
        .collect()
}

async fn dashboard(State(s): State<AppState>, PageUser(a): PageUser, Query(q): Query<PeriodQuery>) -> Response {
    let r = async {
        let p = DashboardPage {
            chrome: Some(chrome(&a, "supervision")),
            sites: q.sites(&s, &a).await?,
            from: q.from.clone().unwrap_or_default(),
            to: q.to.clone().unwrap_or_default(),
            error: None,
            place: String::new(),
            labels: vec![],
            total: vec![],
            tables: vec![],
            keep: q.keep(),
        };
        let got = app::supervision::dashboard(&s.app, &a.actor, q.from.as_deref(), q.to.as_deref(), q.site.as_deref()).await;
        shown_or_flagged(
            p,
            got,
            |p, d| {
                let keep = format!("from={}&to={}&site={}", d.from, d.to, d.site_id.map(|i| i.to_string()).unwrap_or_default());
                p.from = d.from.to_string();
                p.to = d.to.to_string();
                p.place = d.site_name.clone().unwrap_or_else(|| "全部场所".to_owned());
                p.labels = d.metrics.iter().map(|m| m.label).collect();
                p.total = cells(&d, &d.total, &keep, "", None);
                let lines = |groups: &[app::supervision::Group], by: &str| {
                    groups.iter().map(|g| Line { name: g.name.clone(), cells: cells(&d, &g.counts, &keep, by, g.id) }).collect()
                };
                p.tables = vec![
                    Breakdown { title: "按场所", id: "by-site", lines: lines(&d.by_site, "site") },
                    Breakdown { title: "按部门", id: "by-department", lines: lines(&d.by_department, "department") },
                    Breakdown { title: "按经办人", id: "by-person", lines: lines(&d.by_person, "person") },
                ];
                p.keep = keep;
            },
            |p, e| p.error = Some(e),
        )
    }
    .await;
    page(&a, r)
}

async fn xlsx(State(s): State<AppState>, PageUser(a): PageUser, Query(q): Query<PeriodQuery>) -> Response {
    let r = async {
        let bytes = app::supervision::export_xlsx(&s.app, &a.actor, q.from.as_deref(), q.to.as_deref(), q.site.as_deref()).await?;
        let (f, t) = app::supervision::period(q.from.as_deref(), q.to.as_deref(), s.app.clock.today())?;
        Ok(xlsx_download(bytes, &format!("supervision-{f}-{t}.xlsx")))
    }
    .await;
    page(&a, r)
}

#[derive(Debug, Deserialize)]
struct DrillQuery {
    from: Option<String>,
    to: Option<String>,
    site: Option<String>,
    #[serde(default)]
    metric: String,
    by: Option<String>,
    id: Option<String>,
}

fn day(d: Option<chrono::NaiveDate>) -> String {
    d.map_or_else(|| "—".to_owned(), |d| d.to_string())
}

async fn drill(State(s): State<AppState>, PageUser(a): PageUser, Query(q): Query<DrillQuery>) -> Response {
    if q.metric.trim().is_empty() {
        // Opened without a figure to list (a bookmark, a typed address): the dashboard to pick one from.
        let keep = PeriodQuery { from: q.from.clone(), to: q.to.clone(), site: q.site.clone() }.keep();
        return axum::response::Redirect::to(&format!("/supervision?{keep}")).into_response();
    }
    let r = async {
        let id = match q.id.as_deref().map(str::trim).filter(|x| !x.is_empty()) {
            None => None,
            Some(x) => Some(x.parse::<i64>().map_err(|_| Invalid::one("id", format!("编号应为数字（收到“{x}”）")))?),
        };
        let d = app::supervision::drill(
            &s.app,
            &a.actor,
            q.from.as_deref(),
            q.to.as_deref(),
            q.site.as_deref(),
            &q.metric,
            q.by.as_deref(),
            id,
        )
        .await?;
        let title = match &d.group {
            Some(g) => format!("{} · {g}", d.metric.label),
            None => d.metric.label.to_owned(),
        };
        let mut t = TablePage::new(
            &a,
            "supervision",
            title,
            vec!["办件编号", "事项", "场所", "部门", "经办人", "承诺时限", "法定时限", "时限灯", "状态", ""],
        );
        t.intro =
            Some(format!("{} 至 {}。{}", d.from, d.to, if d.truncated { "仅显示按承诺时限排序的前 500 件。" } else { "按承诺时限排序。" }));
        let keep = PeriodQuery { from: q.from.clone(), to: q.to.clone(), site: q.site.clone() }.keep();
        t.actions.push(Link { label: "返回监察统计", href: format!("/supervision?{keep}") });
        t.empty_text = "没有符合条件的办件。";
        for c in d.items {
            let light = match c.light {
                "red" => Cell::badge("红灯", "bad"),
                "yellow" => Cell::badge("黄灯", "wait"),
                "remind" => Cell::badge("提醒", "wait"),
                _ => Cell::badge("正常", "good"),
            };
            let open = matches!(c.case.status.as_str(), "accepted" | "in_review" | "special_procedure" | "supplement_after_accept");
            t.rows.push(vec![
                Cell::link(&c.case.case_no, format!("/cases/{}", c.case.case_id)),
                Cell::text(&c.case.item_name),
                Cell::text(&c.case.site_name),
                Cell::text(&c.case.department_name),
                Cell::text(c.case.handler_name.as_deref().unwrap_or("—")),
                Cell::text(day(c.case.promised_deadline)),
                Cell::text(day(c.case.statutory_deadline)),
                light,
                Cell::text(c.status_label),
                if open { Cell::link("催办", format!("/supervision/cases/{}/chase", c.case.case_id)) } else { Cell::text("") },
            ]);
        }
        Ok(t.into_response())
    }
    .await;
    page(&a, r)
}

#[derive(Template, WebTemplate)]
#[template(path = "supervision/stationing.html")]
struct StationingPage {
    chrome: Option<Chrome>,
    sites: Vec<SiteOpt>,
    from: String,
    to: String,
    error: Option<String>,
    data: Option<Stationing>,
    place: String,
}

async fn stationing(State(s): State<AppState>, PageUser(a): PageUser, Query(q): Query<PeriodQuery>) -> Response {
    let r = async {
        let p = StationingPage {
            chrome: Some(chrome(&a, "stationing")),
            sites: q.sites(&s, &a).await?,
            from: q.from.clone().unwrap_or_default(),
            to: q.to.clone().unwrap_or_default(),
            error: None,
            data: None,
            place: String::new(),
        };
        let got = app::supervision::stationing(&s.app, &a.actor, q.from.as_deref(), q.to.as_deref(), q.site.as_deref()).await;
        shown_or_flagged(
            p,
            got,
            |p, d| {
                p.from = d.from.to_string();
                p.to = d.to.to_string();
                p.place = d.site_name.clone().unwrap_or_else(|| "全部场所".to_owned());
                p.data = Some(d);
            },
            |p, e| p.error = Some(e),
        )
    }
    .await;
    page(&a, r)
}

#[derive(Debug, Deserialize, Default)]
struct ChasesQuery {
    state: Option<String>,
    department_id: Option<i64>,
    cursor: Option<i64>,
    msg: Option<String>,
}

async fn chases(State(s): State<AppState>, PageUser(a): PageUser, Query(q): Query<ChasesQuery>) -> Response {
    let r = async {
        let f = ChaseFilter { state: q.state.as_deref(), department_id: q.department_id, cursor: q.cursor, limit: 50 };
        let list = app::supervision::list_chases(&s.app, &a.actor, &f).await?;
        let mut t = TablePage::new(
            &a,
            "chases",
            "催办",
            vec!["催办时间", "办件编号", "事项", "部门", "催办内容", "催办人", "答复期限", "状态", "答复", ""],
        )
        .flash(q.msg.clone());
        t.intro = Some(
            "效能监察人员对在办件发起催办，由办件所属部门负责人或审批人员在答复期限（工作日）内答复；逾期未答复的显示为红色。".to_owned(),
        );
        t.actions.push(Link { label: "全部", href: "/supervision/chases".into() });
        for (label, code) in [("待答复", "open"), ("逾期未答复", "overdue"), ("已答复", "answered")] {
            t.actions.push(Link { label, href: format!("/supervision/chases?state={code}") });
        }
        t.empty_text = "暂无催办。";
        for c in list.items {
            let state = match c.state {
                "overdue" => Cell::badge(c.state_label, "bad"),
                "open" => Cell::badge(c.state_label, "wait"),
                _ => Cell::badge(if c.answered_late { "逾期后答复" } else { c.state_label }, "good"),
            };
            let action = if c.chase.answered_at.is_none()
                && a.actor.can(domain::access::Permission::ReviewCases, &c.chase.org_path, Some(c.chase.department_id))
            {
                Cell::link("答复", format!("/supervision/chases/{}/answer", c.chase.id))
            } else {
                Cell::text("")
            };
            t.rows.push(vec![
                Cell::text(local_minute(c.chase.created_at)),
                Cell::link(&c.chase.case_no, format!("/cases/{}", c.chase.case_id)),
                Cell::text(&c.chase.item_name),
                Cell::text(&c.chase.department_name),
                Cell::text(&c.chase.note),
                Cell::text(&c.chase.chased_by_name),
                Cell::text(c.chase.due_on.to_string()),
                state,
                Cell::text(c.chase.answer.as_deref().unwrap_or("—")),
                action,
            ]);
        }
        let state_q = q.state.as_deref().map(|x| format!("&state={}", urlencoding::encode(x))).unwrap_or_default();
        t.next_href = list.next_cursor.map(|c| format!("/supervision/chases?cursor={c}{state_q}"));
        Ok(t.into_response())
    }
    .await;
    page(&a, r)
}

/// A chase form (`what`, posted to `action`), without its fields.
fn form_page(a: &Auth, what: &'static str, action: String, submit: &'static str) -> FormPage {
    FormPage::new(a, "chases", what, action, ("返回催办列表", "/supervision/chases".to_owned())).submit(submit)
}

fn chase_page(a: &Auth, id: i64) -> FormPage {
    form_page(a, "催办办件", format!("/supervision/cases/{id}/chase"), "发起催办")
}

fn answer_page(a: &Auth, id: i64) -> FormPage {
    form_page(a, "答复催办", format!("/supervision/chases/{id}/answer"), "提交答复")
}

#[derive(Debug, Deserialize, Default)]
struct ChaseForm {
    #[serde(default)]
    note: String,
    #[serde(default)]
    due_days: String,
}

fn chase_fields(f: &ChaseForm) -> Vec<Field> {
    vec![
        Field::new("note", "催办内容", "text", &f.note).required().placeholder("如：请说明超期原因并于答复期限内办结"),
        Field::new("due_days", "答复期限（工作日）", "number", &f.due_days).help("1 至 30 个工作日，默认 1 个工作日"),
    ]
}

async fn chase_form(PageUser(a): PageUser, Path(id): Path<i64>) -> Response {
    if !a.actor.has(domain::access::Permission::ChaseCases) {
        return app_error_page(&AppError::forbidden("催办办件"), Some(&a));
    }
    let f = ChaseForm { note: String::new(), due_days: "1".to_owned() };
    chase_page(&a, id).with(chase_fields(&f), vec![]).into_response()
}

async fn chase_post(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>, PageForm(f): PageForm<ChaseForm>) -> Response {
    let due_days = match f.due_days.trim() {
        "" => Ok(None),
        x => x.parse::<i64>().map(Some).map_err(|_| Invalid::one("due_days", format!("答复期限应为 1 至 30 的整数（收到“{x}”）"))),
    };
    let r = match due_days {
        Ok(due_days) => app::supervision::chase(&s.app, &a.actor, id, &ChaseInput { note: f.note.clone(), due_days }).await,
        Err(inv) => Err(inv.into()),
    };
    done_or_again(
        &a,
        r,
        |c| done("/supervision/chases", &format!("已催办办件 {}，答复期限 {}", c.chase.case_no, c.chase.due_on)),
        async |errs| Ok(chase_page(&a, id).refill(chase_fields(&f), &errs)),
    )
    .await
}

#[derive(Debug, Deserialize, Default)]
struct AnswerForm {
    #[serde(default)]
    answer: String,
}

async fn answer_form(PageUser(a): PageUser, Path(id): Path<i64>) -> Response {
    if !a.actor.has(domain::access::Permission::ReviewCases) {
        return app_error_page(&AppError::forbidden("答复催办"), Some(&a));
    }
    let fields = vec![Field::new("answer", "答复内容", "text", "").required()];
    answer_page(&a, id).with(fields, vec![]).into_response()
}

async fn answer_post(State(s): State<AppState>, PageUser(a): PageUser, Path(id): Path<i64>, PageForm(f): PageForm<AnswerForm>) -> Response {
    let r = app::supervision::answer_chase(&s.app, &a.actor, id, &AnswerInput { answer: f.answer.clone() }).await;
    done_or_again(
        &a,
        r,
        |c| done("/supervision/chases", &format!("已答复办件 {} 的催办", c.chase.case_no)),
        async |errs| Ok(answer_page(&a, id).refill(vec![Field::new("answer", "答复内容", "text", &f.answer).required()], &errs)),
    )
    .await
}
