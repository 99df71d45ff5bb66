//! Ticket steps written set-wise, and the combined finish-and-claim of the group-commit writer.

use chrono::NaiveDate;

use super::rows::*;
use super::tickets::*;
use crate::{Result, Timestamp, Tx, sql};

/// A step of a ticket to record (collected per batch and written in one statement).
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub ticket_id: i64,
    pub site_id: i64,
    pub at: Timestamp,
    pub kind: &'static str,
    pub window_id: Option<i64>,
    pub staff_id: Option<i64>,
    pub actor: String,
    pub note: String,
}

/// Records many steps in as few statements as the backends allow (one per 500 steps).
pub async fn insert_events(tx: &mut Tx, events: &[NewEvent]) -> Result<()> {
    crate::insert_rows!(
        tx,
        events,
        500,
        8,
        |values| format!("insert into ticket_events (ticket_id, site_id, at, kind, window_id, staff_id, actor, note) values {values}"),
        |q, e| q.bind(e.ticket_id).bind(e.site_id).bind(e.at).bind(e.kind).bind(e.window_id).bind(e.staff_id).bind(&e.actor).bind(&e.note)
    );
    Ok(())
}

/// A ticket as an update returns it (without the joined names).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClaimedRow {
    pub id: i64,
    pub site_id: i64,
    pub org_unit_id: i64,
    pub category_id: i64,
    pub day: NaiveDate,
    pub seq: i64,
    pub ticket_no: String,
    pub channel: String,
    pub priority: String,
    pub status: String,
    pub rank_at: Timestamp,
    pub issued_at: Timestamp,
    pub called_at: Option<Timestamp>,
    pub first_called_at: Option<Timestamp>,
    pub finished_at: Option<Timestamp>,
    pub window_id: Option<i64>,
    pub staff_id: Option<i64>,
    pub target_window_id: Option<i64>,
    pub recalls: i64,
    pub outcome: Option<String>,
    pub item_id: Option<i64>,
    pub phone_masked: Option<String>,
    pub follow_code: String,
    pub appointment_id: Option<i64>,
    pub note: String,
}

impl ClaimedRow {
    /// The full row, given the names the caller already knows.
    pub fn with_names(self, category_prefix: String, category_name: String, window_no: Option<String>) -> TicketRow {
        TicketRow {
            id: self.id,
            site_id: self.site_id,
            org_unit_id: self.org_unit_id,
            category_id: self.category_id,
            category_prefix,
            category_name,
            day: self.day,
            seq: self.seq,
            ticket_no: self.ticket_no,
            channel: self.channel,
            priority: self.priority,
            status: self.status,
            rank_at: self.rank_at,
            issued_at: self.issued_at,
            called_at: self.called_at,
            first_called_at: self.first_called_at,
            finished_at: self.finished_at,
            window_id: self.window_id,
            window_no,
            staff_id: self.staff_id,
            target_window_id: self.target_window_id,
            recalls: self.recalls,
            outcome: self.outcome,
            item_id: self.item_id,
            phone_masked: self.phone_masked,
            follow_code: self.follow_code,
            appointment_id: self.appointment_id,
            note: self.note,
        }
    }
}

pub(super) const RETURNING: &str = "returning id, site_id, org_unit_id, category_id, day, seq, ticket_no, channel, priority, status, rank_at, issued_at, \
     called_at, first_called_at, finished_at, window_id, staff_id, target_window_id, recalls, outcome, item_id, phone_masked, follow_code, \
     appointment_id, note";

/// Finishes whatever a window is serving, unless the window is paused (one statement).
pub async fn finish_serving(tx: &mut Tx, window_id: i64, outcome: &str, now: Timestamp) -> Result<Option<Closed>> {
    sql::fetch_optional(
        tx,
        "update tickets set status = 'done', outcome = $1, finished_at = $2, updated_at = $2 \
         where window_id = $3 and status = 'called' \
         and not exists (select 1 from window_states ws where ws.window_id = $3 and ws.status = 'paused') \
         returning id, site_id, ticket_no, category_id, staff_id",
        &[&outcome, &now, &window_id],
    )
    .await
}

/// Picks and claims the next ticket for a window in one statement (see [`next_for_window`] for
/// the order), unless the window is paused. `None` when nobody waits, the window is paused, or
/// (across processes) another window claimed the pick first: the caller tells these apart.
pub async fn claim_next(
    tx: &mut Tx,
    site_id: i64,
    window_id: i64,
    day: NaiveDate,
    profile: &[i64],
    staff_id: Option<i64>,
    now: Timestamp,
) -> Result<Option<ClaimedRow>> {
    let ids = profile.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
    let order = profile.iter().enumerate().map(|(i, c)| format!("when {c} then {i}")).collect::<Vec<_>>().join(" ");
    let pick = if profile.is_empty() {
        "select id from tickets where site_id = $4 and day = $5 and status = 'waiting' and target_window_id = $1 order by rank_at, id limit 1"
            .to_owned()
    } else {
        format!(
            "select id from tickets where site_id = $4 and day = $5 and status = 'waiting' \
             and (target_window_id = $1 or (target_window_id is null and category_id in ({ids}))) \
             order by case when target_window_id is not null then -1 else case category_id {order} end end, rank_at, id limit 1"
        )
    };
    let sql = format!(
        "update tickets set status = 'called', window_id = $1, staff_id = $2, called_at = $3, first_called_at = coalesce(first_called_at, $3), \
         target_window_id = null, updated_at = $3 \
         where id = ({pick}) and status = 'waiting' \
         and not exists (select 1 from window_states ws where ws.window_id = $1 and ws.status = 'paused') {RETURNING}"
    );
    sql::fetch_optional(tx, sqlx::AssertSqlSafe(sql), &[&window_id, &staff_id, &now, &site_id, &day]).await
}

pub async fn list_events(tx: &mut Tx, ticket_id: i64) -> Result<Vec<EventRow>> {
    sql::fetch_all(
        tx,
        "select id, ticket_id, at, kind, window_id, staff_id, actor, note from ticket_events where ticket_id = $1 order by id",
        &[&ticket_id],
    )
    .await
}

// ---------------------------------------------------------------- window states
