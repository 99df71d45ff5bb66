//! Tickets: issuing, finding, counting and the counter's claims and closes.

use chrono::NaiveDate;

use super::rows::*;
use crate::{Result, StoreError, Timestamp, Tx, sql};

pub(super) const TICKET_SELECT: &str = "select t.id, t.site_id, t.org_unit_id, t.category_id, qc.prefix as category_prefix, qc.name as category_name, \
     t.day, t.seq, t.ticket_no, t.channel, t.priority, t.status, t.rank_at, t.issued_at, t.called_at, t.first_called_at, t.finished_at, \
     t.window_id, w.number as window_no, t.staff_id, t.target_window_id, t.recalls, t.outcome, t.item_id, t.phone_masked, t.follow_code, \
     t.appointment_id, t.note \
     from tickets t join queue_categories qc on qc.id = t.category_id left join windows w on w.id = t.window_id";

pub async fn insert_ticket(tx: &mut Tx, t: &NewTicket<'_>) -> Result<i64> {
    let (enc, hash, masked) = match &t.phone {
        Some((e, h, m)) => (Some(e.clone()), Some(h.as_str()), Some(m.as_str())),
        None => (None, None, None),
    };
    sql::scalar(
        tx,
        "insert into tickets (site_id, org_unit_id, category_id, day, seq, ticket_no, channel, priority, status, rank_at, issued_at, \
         item_id, phone_enc, phone_hash, phone_masked, idempotency_key, follow_code, appointment_id, note, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, 'waiting', $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $10) returning id",
        &[
            &t.site_id,
            &t.org_unit_id,
            &t.category_id,
            &t.day,
            &t.seq,
            &t.ticket_no,
            &t.channel,
            &t.priority,
            &t.rank_at,
            &t.issued_at,
            &t.item_id,
            &enc,
            &hash,
            &masked,
            &t.idempotency_key,
            &t.follow_code,
            &t.appointment_id,
            &t.note,
        ],
    )
    .await
}

pub async fn find_ticket(tx: &mut Tx, id: i64) -> Result<Option<TicketRow>> {
    let sql = format!("{TICKET_SELECT} where t.id = $1");
    sql::fetch_optional(tx, sqlx::AssertSqlSafe(sql), &[&id]).await
}

pub async fn get_ticket(tx: &mut Tx, id: i64) -> Result<TicketRow> {
    find_ticket(tx, id).await?.ok_or(StoreError::NotFound("ticket"))
}

pub async fn find_ticket_by_idempotency(tx: &mut Tx, site_id: i64, key: &str) -> Result<Option<TicketRow>> {
    let sql = format!("{TICKET_SELECT} where t.site_id = $1 and t.idempotency_key = $2");
    sql::fetch_optional(tx, sqlx::AssertSqlSafe(sql), &[&site_id, &key]).await
}

pub async fn find_ticket_by_follow_code(tx: &mut Tx, code: &str) -> Result<Option<TicketRow>> {
    let sql = format!("{TICKET_SELECT} where t.follow_code = $1");
    sql::fetch_optional(tx, sqlx::AssertSqlSafe(sql), &[&code]).await
}

/// Waiting tickets of a category ranked before the given rank (and id, for ties).
pub async fn count_ahead(tx: &mut Tx, category_id: i64, day: NaiveDate, rank_at: Timestamp, id: i64) -> Result<i64> {
    sql::scalar(
        tx,
        "select count(*) from tickets where category_id = $1 and day = $2 and status = 'waiting' and target_window_id is null \
         and (rank_at < $3 or (rank_at = $3 and id < $4))",
        &[&category_id, &day, &rank_at, &id],
    )
    .await
}

/// Open tickets (waiting, called or held) a phone holds at a site on a day.
pub async fn count_open_for_phone(tx: &mut Tx, site_id: i64, day: NaiveDate, phone_hash: &str) -> Result<i64> {
    sql::scalar(
        tx,
        "select count(*) from tickets where site_id = $1 and day = $2 and phone_hash = $3 and status in ('waiting', 'called', 'held')",
        &[&site_id, &day, &phone_hash],
    )
    .await
}

/// Claims a ticket for a window if it is still in `from` status; false when someone else was
/// first. Sets the call time (and the first call time, once).
pub async fn claim(tx: &mut Tx, id: i64, from: &str, window_id: i64, staff_id: Option<i64>, now: Timestamp) -> Result<bool> {
    sql::changed_one(
        tx,
        "update tickets set status = 'called', window_id = $1, staff_id = $2, called_at = $3, \
         first_called_at = coalesce(first_called_at, $3), target_window_id = null, updated_at = $3 \
         where id = $4 and status = $5",
        &[&window_id, &staff_id, &now, &id, &from],
    )
    .await
}

/// What [`finish_serving`] closed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Closed {
    pub id: i64,
    pub site_id: i64,
    pub ticket_no: String,
    pub category_id: i64,
    pub staff_id: Option<i64>,
}

/// The ticket a window calls next: one transferred to it, else the best of its categories in
/// the profile's order (by rank time within a category). One statement.
pub async fn next_for_window(tx: &mut Tx, site_id: i64, window_id: i64, day: NaiveDate, profile: &[i64]) -> Result<Option<i64>> {
    // The profile's ids are numbers from the database, inlined to order by profile position.
    let ids = profile.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
    let order = profile.iter().enumerate().map(|(i, c)| format!("when {c} then {i}")).collect::<Vec<_>>().join(" ");
    let sql = if profile.is_empty() {
        "select id from tickets where site_id = $1 and day = $2 and status = 'waiting' and target_window_id = $3 order by rank_at, id limit 1"
            .to_owned()
    } else {
        format!(
            "select id from tickets where site_id = $1 and day = $2 and status = 'waiting' \
             and (target_window_id = $3 or (target_window_id is null and category_id in ({ids}))) \
             order by case when target_window_id is not null then -1 else case category_id {order} end end, rank_at, id limit 1"
        )
    };
    sql::scalar_optional(tx, sqlx::AssertSqlSafe(sql), &[&site_id, &day, &window_id]).await
}

/// The encrypted phone of a ticket, if it was given.
pub async fn ticket_phone_enc(tx: &mut Tx, id: i64) -> Result<Option<Vec<u8>>> {
    let v: Option<Option<Vec<u8>>> = sql::scalar_optional(tx, "select phone_enc from tickets where id = $1", &[&id]).await?;
    Ok(v.flatten())
}

/// Counts one more recall.
pub async fn recall(tx: &mut Tx, id: i64, now: Timestamp) -> Result<()> {
    sql::execute(
        tx,
        "update tickets set recalls = recalls + 1, called_at = $1, updated_at = $1 where id = $2 and status = 'called'",
        &[&now, &id],
    )
    .await
    .map(|_| ())?;
    Ok(())
}

/// Ends a ticket (done or no-show) with an outcome, if it is in `from` status.
pub async fn close(tx: &mut Tx, id: i64, from: &str, status: &str, outcome: Option<&str>, now: Timestamp) -> Result<bool> {
    sql::changed_one(
        tx,
        "update tickets set status = $1, outcome = $2, finished_at = $3, updated_at = $3 where id = $4 and status = $5",
        &[&status, &outcome, &now, &id, &from],
    )
    .await
}

/// Puts a ticket back in line in `category_id` (optionally for one window), keeping its rank.
pub async fn requeue(tx: &mut Tx, id: i64, category_id: i64, target_window_id: Option<i64>, now: Timestamp) -> Result<()> {
    sql::execute(
        tx,
        "update tickets set status = 'waiting', category_id = $1, target_window_id = $2, window_id = null, staff_id = null, \
         called_at = null, updated_at = $3 where id = $4",
        &[&category_id, &target_window_id, &now, &id],
    )
    .await
    .map(|_| ())?;
    Ok(())
}

/// Parks a called ticket.
pub async fn hold(tx: &mut Tx, id: i64, now: Timestamp) -> Result<bool> {
    sql::changed_one(tx, "update tickets set status = 'held', updated_at = $1 where id = $2 and status = 'called'", &[&now, &id]).await
}

/// Changes a waiting ticket's priority class and rank time.
pub async fn set_priority(tx: &mut Tx, id: i64, priority: &str, rank_at: Timestamp, now: Timestamp) -> Result<()> {
    sql::execute(
        tx,
        "update tickets set priority = $1, rank_at = $2, updated_at = $3 where id = $4 and status = 'waiting'",
        &[&priority, &rank_at, &now, &id],
    )
    .await
    .map(|_| ())?;
    Ok(())
}

/// The ticket a window finished most recently on a day.
pub async fn latest_finished_at_window(tx: &mut Tx, window_id: i64, day: NaiveDate) -> Result<Option<TicketRow>> {
    let sql = format!(
        "{TICKET_SELECT} where t.window_id = $1 and t.day = $2 and t.status = 'done' order by t.finished_at desc, t.id desc limit 1"
    );
    sql::fetch_optional(tx, sqlx::AssertSqlSafe(sql), &[&window_id, &day]).await
}

/// A site's tickets of a day in a status, by rank (waiting) or by latest activity.
pub async fn list_tickets(tx: &mut Tx, site_id: i64, day: NaiveDate, statuses: &[&str], limit: i64) -> Result<Vec<TicketRow>> {
    let list = statuses.iter().map(|s| format!("'{}'", s.replace('\'', ""))).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "{TICKET_SELECT} where t.site_id = $1 and t.day = $2 and t.status in ({list}) \
         order by case when t.status = 'waiting' then 0 else 1 end, \
         case when t.status = 'waiting' then t.rank_at end, t.updated_at desc, t.id limit $3"
    );
    sql::fetch_all(tx, sqlx::AssertSqlSafe(sql), &[&site_id, &day, &limit]).await
}

/// The latest calls of a site on a day, newest first.
pub async fn recent_calls(tx: &mut Tx, site_id: i64, day: NaiveDate, limit: i64) -> Result<Vec<TicketRow>> {
    let sql = format!(
        "{TICKET_SELECT} where t.site_id = $1 and t.day = $2 and t.called_at is not null and t.status in ('called', 'held', 'done') \
         order by t.called_at desc, t.id desc limit $3"
    );
    sql::fetch_all(tx, sqlx::AssertSqlSafe(sql), &[&site_id, &day, &limit]).await
}

/// Waiting counts and the earliest issue time per category of a site on a day.
pub async fn waiting_by_category(tx: &mut Tx, site_id: i64, day: NaiveDate) -> Result<Vec<(i64, i64, Option<Timestamp>)>> {
    sql::fetch_all(tx, "select category_id, count(*), min(issued_at) from tickets where site_id = $1 and day = $2 and status = 'waiting' group by category_id", &[&site_id, &day]).await
}

/// Marks every still-open ticket of days before `day` as expired; returns how many.
pub async fn expire_before(tx: &mut Tx, day: NaiveDate, now: Timestamp) -> Result<u64> {
    sql::execute(tx, "update tickets set status = 'expired', finished_at = $1, updated_at = $1 where day < $2 and status in ('waiting', 'called', 'held')", &[&now, &day]).await
}

/// The latest finished visits of a site since `from_at` (for waiting-time estimates): category,
/// called and finished time, newest first, at most `limit` (read from `tickets_finished`).
pub async fn recent_services(tx: &mut Tx, site_id: i64, from_at: Timestamp, limit: i64) -> Result<Vec<(i64, Timestamp, Timestamp)>> {
    sql::fetch_all(
        tx,
        "select category_id, called_at, finished_at from tickets \
         where site_id = $1 and status = 'done' and finished_at >= $2 and called_at is not null \
         order by finished_at desc limit $3",
        &[&site_id, &from_at, &limit],
    )
    .await
}
