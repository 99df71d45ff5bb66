//! What the case pages share: dates and times as the console shows them, the labels and colours
//! of levels, statuses and actions, static assets, and the query code cookie (see [`super::intake`]).

use app::cases::MaterialInput;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use chrono::{DateTime, NaiveDate, Utc};
use domain::Invalid;
use domain::cases::{Action, CaseStatus, Level};

pub(super) fn asset(ct: &'static str, body: &'static str) -> Response {
    let ct = if ct == "text/css" { "text/css; charset=utf-8" } else { "text/javascript; charset=utf-8" };
    ([(header::CONTENT_TYPE, ct), (header::CACHE_CONTROL, "public, max-age=3600")], body).into_response()
}

/// China time, to the minute.
pub(super) fn at(t: DateTime<Utc>) -> String {
    t.with_timezone(&app::cst()).format("%Y-%m-%d %H:%M").to_string()
}

pub(super) fn day(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "—".to_owned(), |d| d.format("%Y-%m-%d").to_string())
}

pub(super) fn cn_day(d: NaiveDate) -> String {
    d.format("%Y年%m月%d日").to_string()
}

/// The colour class of a time-limit light (green, blue = remind, yellow, red).
pub(super) fn light_class(level: &str) -> &'static str {
    match level {
        "remind" => "blue",
        "yellow" => "yellow",
        "red" => "red",
        _ => "green",
    }
}

pub(super) fn level_label(level: &str) -> &'static str {
    Level::parse("level", level).map_or("正常", |l| l.label())
}

pub(super) fn status_label(s: &str) -> &'static str {
    CaseStatus::parse("status", s).map_or("", |s| s.label())
}

pub(super) fn action_label(s: &str) -> &'static str {
    Action::parse("action", s).map_or("", |a| a.label())
}

pub(super) const QC_COOKIE: &str = "yc_qc";

/// The query code of case `id` if this browser took it in (see the module comment).
pub(super) fn query_code_shown(jar: &CookieJar, row: &store::cases::CaseRow) -> Option<String> {
    let c = jar.get(&format!("{QC_COOKIE}_{}", row.id))?;
    (!row.query_code.is_empty() && c.value() == row.query_code).then(|| row.query_code.clone())
}

/// One line of the material checklist (intake and case pages).
pub(super) struct MaterialLine {
    pub(super) pos: i64,
    pub(super) name: String,
    pub(super) required: bool,
    pub(super) rongque: bool,
    pub(super) originals: u32,
    pub(super) copies: u32,
    pub(super) note: String,
    pub(super) state: String,
    pub(super) promise: String,
    pub(super) file: String,
    pub(super) error: Option<String>,
}

/// The checklist lines of a form (`m_pos`, `m_state`, `m_promise`, `m_file`, `m_note`, one of each
/// per row); malformed dates are reported like the use case's errors.
pub(super) fn material_inputs(
    pos: &[String],
    state: &[String],
    promise: &[String],
    file: &[String],
    note: &[String],
    e: &mut Invalid,
) -> Vec<MaterialInput> {
    pos.iter()
        .enumerate()
        .filter_map(|(k, p)| {
            let position: i64 = p.trim().parse().ok()?;
            let promise = promise.get(k).map(|s| s.trim()).unwrap_or_default();
            let promise_on = if promise.is_empty() {
                None
            } else {
                match NaiveDate::parse_from_str(promise, "%Y-%m-%d") {
                    Ok(d) => Some(d),
                    Err(_) => {
                        e.push(&format!("materials[{position}]"), "承诺补齐日期格式应为 年-月-日");
                        None
                    }
                }
            };
            Some(MaterialInput {
                position,
                state: state.get(k).cloned().unwrap_or_default(),
                promise_on,
                file_sha256: file.get(k).map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()),
                note: note.get(k).cloned().unwrap_or_default(),
            })
        })
        .collect()
}
