//! What the queue's pages share: a ticket as a list line, clock times and waits, and panel
//! fragments (re-fetched by `static/counter.js`).

use app::queue::TicketView;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use domain::queue::Priority;

/// A fragment of HTML (a panel re-fetched by the page's script), never cached.
pub(super) fn fragment(html: std::result::Result<String, askama::Error>) -> Response {
    match html {
        Ok(h) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], h).into_response(),
        Err(e) => {
            tracing::error!(error.cause = %e, "panel template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "系统内部错误").into_response()
        }
    }
}

pub(super) fn hm(t: DateTime<Utc>) -> String {
    t.with_timezone(&app::cst()).format("%H:%M").to_string()
}

pub(super) fn whole_minutes(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    (to - from).num_minutes().max(0)
}

/// A ticket in a list (waiting or held).
pub(super) struct TicketLine {
    pub(super) id: i64,
    pub(super) ticket_no: String,
    pub(super) category_name: String,
    pub(super) priority: String,
    pub(super) priority_label: String,
    pub(super) channel_label: String,
    pub(super) issued: String,
    pub(super) waited_min: i64,
    /// Transferred to one window (number), if so.
    pub(super) for_window: Option<String>,
}

impl TicketLine {
    pub(super) fn of(t: &TicketView, now: DateTime<Utc>, windows: &[app::queue::WindowLine]) -> TicketLine {
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
    pub(super) fn priority_badge(&self) -> &'static str {
        if self.priority == Priority::Normal.code() { "" } else { "bad" }
    }
}
