//! The working-day calendar page: a year at a glance, its holidays and make-up days, editing and
//! a line-based import for the next State Council schedule.

use app::calendar::DayInput;
use app::{AppError, Result};
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::{Datelike, NaiveDate, Weekday};
use domain::access::Permission;
use domain::calendar::DayKind;
use serde::Deserialize;

use crate::extract::caller::{Auth, PageUser};
use crate::extract::form::PageForm;
use crate::respond::form::unprocessable;
use crate::respond::page::app_error_page;
use crate::respond::view::{Chrome, chrome, done};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/calendar", get(year_page).post(set_day))
        .route("/admin/calendar/import", post(import))
        .route("/admin/calendar/{date}/delete", post(delete_day))
}

struct DayCell {
    day: u32,
    class: &'static str,
    title: String,
}

struct MonthView {
    name: String,
    weeks: Vec<Vec<Option<DayCell>>>,
}

struct EntryLine {
    date: String,
    weekday: &'static str,
    kind: &'static str,
    name: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "calendar/calendar.html")]
struct CalendarPage {
    chrome: Option<Chrome>,
    csrf: String,
    year: i32,
    working_days: u32,
    months: Vec<MonthView>,
    entries: Vec<EntryLine>,
    can_edit: bool,
    /// The year has no schedule entered: its days are the statutory holidays (暂定).
    provisional: bool,
    errors: Vec<String>,
}

const WEEKDAYS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];

async fn render(s: &AppState, a: &Auth, year: i32, flash: Option<String>, errors: Vec<String>) -> Result<CalendarPage> {
    if !(2000..=2099).contains(&year) {
        return Err(domain::Invalid::one("year", "年份应在 2000 至 2099 之间").into());
    }
    let cal = app::calendar::calendar(&s.app).await?;
    let today = s.app.clock.today();
    let first = NaiveDate::from_ymd_opt(year, 1, 1).expect("checked year");
    let last = NaiveDate::from_ymd_opt(year, 12, 31).expect("checked year");
    let months = (1..=12)
        .map(|m| {
            let start = NaiveDate::from_ymd_opt(year, m, 1).expect("valid month");
            let mut weeks: Vec<Vec<Option<DayCell>>> = vec![];
            let mut week: Vec<Option<DayCell>> = (0..start.weekday().num_days_from_monday()).map(|_| None).collect();
            let mut d = start;
            while d.month() == m {
                let entry = cal.kind_of(d);
                let class = match (entry.map(|e| e.kind), d == today) {
                    (_, true) => "today",
                    (Some(DayKind::Holiday), _) => "holiday",
                    (Some(DayKind::Workday), _) => "makeup",
                    (None, _) if matches!(d.weekday(), Weekday::Sat | Weekday::Sun) => "weekend",
                    _ => "",
                };
                let title = match entry {
                    Some(e) => format!("{} {}（{}）", d, e.name, e.kind.label()),
                    None => d.to_string(),
                };
                week.push(Some(DayCell { day: d.day(), class, title }));
                if week.len() == 7 {
                    weeks.push(std::mem::take(&mut week));
                }
                d = d.succ_opt().expect("within chrono's range");
            }
            if !week.is_empty() {
                week.resize_with(7, || None);
                weeks.push(week);
            }
            MonthView { name: format!("{m} 月"), weeks }
        })
        .collect();
    let entries = cal
        .entries_in_year(year)
        .map(|e| EntryLine {
            date: e.date.to_string(),
            weekday: WEEKDAYS[e.date.weekday().num_days_from_monday() as usize],
            kind: e.kind.label(),
            name: e.name.clone(),
        })
        .collect();
    let mut c = chrome(a, "calendar");
    c.flash = flash;
    Ok(CalendarPage {
        chrome: Some(c),
        csrf: a.csrf.clone(),
        year,
        working_days: cal.count_working_days(first.pred_opt().expect("after 2000"), last),
        months,
        entries,
        can_edit: a.actor.has(Permission::ManageCalendar),
        errors,
        provisional: cal.is_provisional(year),
    })
}

#[derive(Deserialize, Default)]
struct YearQuery {
    year: Option<i32>,
    msg: Option<String>,
}

async fn year_page(State(s): State<AppState>, PageUser(a): PageUser, Query(q): Query<YearQuery>) -> Response {
    let year = q.year.unwrap_or_else(|| s.app.clock.today().year());
    let r = render(&s, &a, year, q.msg, vec![]).await.map(IntoResponse::into_response);
    r.unwrap_or_else(|e| app_error_page(&e, Some(&a)))
}

/// Re-renders the year with the problems listed.
async fn failed(s: &AppState, a: &Auth, year: i32, e: AppError) -> Response {
    match e {
        AppError::Invalid(inv) => match render(s, a, year, None, inv.fields.into_iter().map(|f| f.message).collect()).await {
            Ok(p) => unprocessable(p),
            Err(e) => app_error_page(&e, Some(a)),
        },
        other => app_error_page(&other, Some(a)),
    }
}

async fn set_day(State(s): State<AppState>, PageUser(a): PageUser, PageForm(i): PageForm<DayInput>) -> Response {
    let year = NaiveDate::parse_from_str(i.date.trim(), "%Y-%m-%d").map_or_else(|_| s.app.clock.today().year(), |d| d.year());
    match app::calendar::set_day(&s.app, &a.actor, &i).await {
        Ok(e) => done(&format!("/admin/calendar?year={year}"), &format!("{} 已设为{}（{}）", e.date, e.kind.label(), e.name)),
        Err(e) => failed(&s, &a, year, e).await,
    }
}

#[derive(Deserialize)]
struct ImportForm {
    #[serde(default)]
    lines: String,
}

/// Parses `YYYY-MM-DD 休|班 名称` lines into day inputs.
fn parse_lines(text: &str) -> Vec<DayInput> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let mut parts = l.split_whitespace();
            let date = parts.next().unwrap_or_default().to_owned();
            let kind = match parts.next().unwrap_or_default() {
                "休" | "假" | "holiday" | "法定节假日" => "holiday".to_owned(),
                "班" | "workday" | "调休上班" => "workday".to_owned(),
                other => other.to_owned(),
            };
            DayInput { date, kind, name: parts.collect::<Vec<_>>().join(" ") }
        })
        .collect()
}

async fn import(State(s): State<AppState>, PageUser(a): PageUser, PageForm(f): PageForm<ImportForm>) -> Response {
    let inputs = parse_lines(&f.lines);
    let year = inputs
        .first()
        .and_then(|i| NaiveDate::parse_from_str(&i.date, "%Y-%m-%d").ok())
        .map_or_else(|| s.app.clock.today().year(), |d| d.year());
    match app::calendar::import(&s.app, &a.actor, &inputs).await {
        Ok(n) => done(&format!("/admin/calendar?year={year}"), &format!("已导入 {n} 条")),
        Err(e) => failed(&s, &a, year, e).await,
    }
}

async fn delete_day(State(s): State<AppState>, PageUser(a): PageUser, Path(date): Path<String>) -> Response {
    let Ok(day) = NaiveDate::parse_from_str(&date, "%Y-%m-%d") else {
        return app_error_page(&AppError::NotFound("该日期"), Some(&a));
    };
    match app::calendar::delete_day(&s.app, &a.actor, day).await {
        Ok(()) => done(&format!("/admin/calendar?year={}", day.year()), &format!("已删除 {day} 的条目")),
        Err(e) => app_error_page(&e, Some(&a)),
    }
}
