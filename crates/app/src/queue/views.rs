//! What the queue shows: tickets, events and the caller of an action.

use chrono::{DateTime, Utc};
use domain::Invalid;
use domain::queue::{Channel, Priority, TicketStatus};
use serde::{Deserialize, Serialize};
use store::accounts::DeviceRow;
use store::queue::TicketRow;
use utoipa::ToSchema;

use crate::Actor;
use crate::runtime::app::Ctx;
use crate::runtime::events::Event;

/// Who asks for a ticket or rates a visit.
#[derive(Debug, Clone, Copy)]
pub enum Caller<'a> {
    Staff(&'a Actor),
    Device(&'a DeviceRow),
    /// Someone on their own phone (mobile page), not signed in, from this client address.
    Public(&'a str),
}

// ---------------------------------------------------------------- views

/// A ticket as the API and pages show it (the phone masked).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TicketView {
    pub id: i64,
    pub site_id: i64,
    pub ticket_no: String,
    pub category_id: i64,
    pub category_name: String,
    pub status: String,
    pub status_label: String,
    pub priority: String,
    pub priority_label: String,
    pub channel: String,
    pub channel_label: String,
    pub issued_at: DateTime<Utc>,
    pub called_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub window_id: Option<i64>,
    pub window_no: Option<String>,
    pub target_window_id: Option<i64>,
    pub recalls: i64,
    pub outcome: Option<String>,
    pub phone_masked: Option<String>,
    /// Waiting tickets ahead in the same category (waiting tickets only).
    pub waiting_ahead: Option<i64>,
    /// Estimated minutes until the call (waiting tickets, when the hall has an estimate).
    pub est_wait_min: Option<i64>,
    /// The code of the public follow page `/q/{code}` (shown to the ticket holder only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub follow_code: Option<String>,
}

pub(super) fn label<T: Copy>(
    parse: impl Fn(&str, &str) -> std::result::Result<T, Invalid>,
    l: impl Fn(T) -> &'static str,
    code: &str,
) -> String {
    parse("", code).map(l).map_or_else(|_| code.to_owned(), str::to_owned)
}

impl TicketView {
    pub(super) fn from_row(t: TicketRow, waiting_ahead: Option<i64>, with_code: bool) -> TicketView {
        TicketView {
            status_label: label(TicketStatus::parse, TicketStatus::label, &t.status),
            priority_label: label(Priority::parse, Priority::label, &t.priority),
            channel_label: label(Channel::parse, Channel::label, &t.channel),
            id: t.id,
            site_id: t.site_id,
            ticket_no: t.ticket_no,
            category_id: t.category_id,
            category_name: t.category_name,
            status: t.status,
            priority: t.priority,
            channel: t.channel,
            issued_at: t.issued_at,
            called_at: t.called_at,
            finished_at: t.finished_at,
            window_id: t.window_id,
            window_no: t.window_no,
            target_window_id: t.target_window_id,
            recalls: t.recalls,
            outcome: t.outcome,
            phone_masked: t.phone_masked,
            waiting_ahead,
            est_wait_min: None,
            follow_code: with_code.then_some(t.follow_code),
        }
    }
}

/// One step of a ticket (issue, call, recall, transfer, …) with who did it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TicketStepView {
    pub id: i64,
    pub ticket_id: i64,
    pub at: DateTime<Utc>,
    /// What happened, e.g. `issue`, `call`, `call_out_of_order`, `recall`, `no_show`, `transfer`.
    pub kind: String,
    pub window_id: Option<i64>,
    pub staff_id: Option<i64>,
    /// Who did it, as recorded.
    pub actor: String,
    pub note: String,
}

impl From<store::queue::EventRow> for TicketStepView {
    fn from(e: store::queue::EventRow) -> Self {
        let store::queue::EventRow { id, ticket_id, at, kind, window_id, staff_id, actor, note } = e;
        TicketStepView { id, ticket_id, at, kind, window_id, staff_id, actor, note }
    }
}

/// The body of a `ticket_called` event (and of a recall).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CallEvent {
    pub ticket_id: i64,
    pub ticket_no: String,
    pub window_id: i64,
    pub window_no: String,
    pub window_name: String,
    pub category_name: String,
    /// What the hall says aloud.
    pub text: String,
    /// The same in traditional Mongolian script, when the hall shows it.
    pub mongolian: Option<String>,
    pub recall: bool,
    pub at_ms: i64,
}

/// The body of the other ticket events.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TicketEvent {
    pub ticket_id: i64,
    pub ticket_no: String,
    pub status: String,
    pub category_id: i64,
    pub window_id: Option<i64>,
}

/// The body of a `window_changed` event.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WindowEvent {
    pub window_id: i64,
    pub status: String,
    pub pause_reason: String,
}

pub(super) fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

pub(super) fn ticket_event(ctx: &mut Ctx<'_>, name: &'static str, t: &TicketRow, now: DateTime<Utc>) {
    let body = TicketEvent {
        ticket_id: t.id,
        ticket_no: t.ticket_no.clone(),
        status: t.status.clone(),
        category_id: t.category_id,
        window_id: t.window_id,
    };
    ctx.events.push(Event::new(t.site_id, t.window_id, name, &body, ms(now)));
}

// ---------------------------------------------------------------- settings
