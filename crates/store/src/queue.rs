//! The queue (R1, R3): per-site categories with their items, window work profiles, the daily
//! number counters, tickets and their event trail, window states, and visit ratings.
//!
//! Claiming a ticket is a conditional update (`… where id = $1 and status = $2`), so two windows
//! calling at once can never both get it, on either backend and across processes.

use chrono::NaiveDate;

use crate::{Result, StoreError, Timestamp, Tx, on_tx};

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct CategoryRow {
    pub id: i64,
    pub site_id: i64,
    pub org_unit_id: i64,
    pub prefix: String,
    pub name: String,
    pub description: String,
    pub sort_order: i64,
    pub daily_limit: Option<i64>,
    pub active: bool,
}

/// The writable fields of a category.
#[derive(Debug, Clone)]
pub struct CategoryFields<'a> {
    pub prefix: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub sort_order: i64,
    pub daily_limit: Option<i64>,
    pub active: bool,
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct TicketRow {
    pub id: i64,
    pub site_id: i64,
    pub org_unit_id: i64,
    pub category_id: i64,
    pub category_prefix: String,
    pub category_name: String,
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
    pub window_no: Option<String>,
    pub staff_id: Option<i64>,
    pub target_window_id: Option<i64>,
    pub recalls: i64,
    pub outcome: Option<String>,
    pub item_id: Option<i64>,
    pub phone_masked: Option<String>,
    #[serde(skip)]
    pub follow_code: String,
    pub appointment_id: Option<i64>,
    pub note: String,
}

/// A ticket to insert.
#[derive(Debug, Clone)]
pub struct NewTicket<'a> {
    pub site_id: i64,
    pub org_unit_id: i64,
    pub category_id: i64,
    pub day: NaiveDate,
    pub seq: i64,
    pub ticket_no: &'a str,
    pub channel: &'a str,
    pub priority: &'a str,
    pub rank_at: Timestamp,
    pub issued_at: Timestamp,
    pub item_id: Option<i64>,
    pub phone: Option<(Vec<u8>, String, String)>,
    pub idempotency_key: Option<&'a str>,
    pub follow_code: &'a str,
    pub appointment_id: Option<i64>,
    pub note: &'a str,
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct WindowStateRow {
    pub window_id: i64,
    pub site_id: i64,
    pub org_unit_id: i64,
    pub number: String,
    pub name: String,
    pub kind: String,
    pub active: bool,
    pub status: Option<String>,
    pub pause_reason: Option<String>,
    pub staff_id: Option<i64>,
    pub current_ticket_id: Option<i64>,
    pub updated_at: Option<Timestamp>,
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct EventRow {
    pub id: i64,
    pub ticket_id: i64,
    pub at: Timestamp,
    pub kind: String,
    pub window_id: Option<i64>,
    pub staff_id: Option<i64>,
    pub actor: String,
    pub note: String,
}

/// A visit's rating as the queue shows it (see `store::ratings` for the rest).
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct RatingRow {
    pub id: i64,
    pub ticket_id: Option<i64>,
    pub window_id: Option<i64>,
    pub staff_id: Option<i64>,
    pub level: i64,
    pub channel: String,
    pub rated_at: Timestamp,
}

// ---------------------------------------------------------------- settings

/// The stored policy JSON of a site, if one was saved.
pub async fn get_policy(tx: &mut Tx, site_id: i64) -> Result<Option<String>> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar("select policy from queue_settings where site_id = $1").bind(site_id).fetch_optional(c).await)?)
}

pub async fn put_policy(tx: &mut Tx, site_id: i64, policy: &str, now: Timestamp) -> Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "insert into queue_settings (site_id, policy, updated_at) values ($1, $2, $3) \
         on conflict (site_id) do update set policy = excluded.policy, updated_at = excluded.updated_at"
    )
    .bind(site_id)
    .bind(policy)
    .bind(now)
    .execute(c)
    .await
    .map(|_| ()))?;
    Ok(())
}

// ---------------------------------------------------------------- categories

const CATEGORY_SELECT: &str =
    "select id, site_id, org_unit_id, prefix, name, description, sort_order, daily_limit, active from queue_categories";

pub async fn insert_category(tx: &mut Tx, site_id: i64, org_unit_id: i64, f: &CategoryFields<'_>, now: Timestamp) -> Result<i64> {
    Ok(on_tx!(tx, |c| {
        sqlx::query_scalar(
        "insert into queue_categories (site_id, org_unit_id, prefix, name, description, sort_order, daily_limit, active, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) returning id"
    )
    .bind(site_id)
    .bind(org_unit_id)
    .bind(f.prefix)
    .bind(f.name)
    .bind(f.description)
    .bind(f.sort_order)
    .bind(f.daily_limit)
    .bind(f.active)
    .bind(now)
    .fetch_one(c)
    .await
    })?)
}

pub async fn update_category(tx: &mut Tx, id: i64, f: &CategoryFields<'_>, now: Timestamp) -> Result<()> {
    let n = on_tx!(tx, |c| {
        sqlx::query(
        "update queue_categories set prefix = $1, name = $2, description = $3, sort_order = $4, daily_limit = $5, active = $6, updated_at = $7 \
         where id = $8"
    )
    .bind(f.prefix)
    .bind(f.name)
    .bind(f.description)
    .bind(f.sort_order)
    .bind(f.daily_limit)
    .bind(f.active)
    .bind(now)
    .bind(id)
    .execute(c)
    .await
    .map(|r| r.rows_affected())
    })?;
    if n == 0 { Err(StoreError::NotFound("queue category")) } else { Ok(()) }
}

pub async fn find_category(tx: &mut Tx, id: i64) -> Result<Option<CategoryRow>> {
    let sql = format!("{CATEGORY_SELECT} where id = $1");
    Ok(on_tx!(tx, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(id).fetch_optional(c).await)?)
}

pub async fn get_category(tx: &mut Tx, id: i64) -> Result<CategoryRow> {
    find_category(tx, id).await?.ok_or(StoreError::NotFound("queue category"))
}

/// A site's categories in display order.
pub async fn list_categories(tx: &mut Tx, site_id: i64) -> Result<Vec<CategoryRow>> {
    let sql = format!("{CATEGORY_SELECT} where site_id = $1 order by sort_order, prefix");
    Ok(on_tx!(tx, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(site_id).fetch_all(c).await)?)
}

/// Replaces the items a category covers.
pub async fn set_category_items(tx: &mut Tx, category_id: i64, item_ids: &[i64]) -> Result<()> {
    on_tx!(tx, |c| sqlx::query("delete from queue_category_items where category_id = $1").bind(category_id).execute(c).await.map(|_| ()))?;
    for &item in item_ids {
        on_tx!(tx, |c| sqlx::query("insert into queue_category_items (category_id, item_id) values ($1, $2) on conflict do nothing")
            .bind(category_id)
            .bind(item)
            .execute(c)
            .await
            .map(|_| ()))?;
    }
    Ok(())
}

/// `(category_id, item_id)` of every category of a site.
pub async fn list_site_category_items(tx: &mut Tx, site_id: i64) -> Result<Vec<(i64, i64)>> {
    Ok(on_tx!(tx, |c| sqlx::query_as(
        "select ci.category_id, ci.item_id from queue_category_items ci join queue_categories qc on qc.id = ci.category_id \
         where qc.site_id = $1 order by ci.category_id, ci.item_id"
    )
    .bind(site_id)
    .fetch_all(c)
    .await)?)
}

/// The active categories of a site that cover an item, in display order.
pub async fn categories_for_item(tx: &mut Tx, site_id: i64, item_id: i64) -> Result<Vec<CategoryRow>> {
    let sql = format!(
        "{CATEGORY_SELECT} where site_id = $1 and active = true and id in (select category_id from queue_category_items where item_id = $2) \
         order by sort_order, prefix"
    );
    Ok(on_tx!(tx, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(site_id).bind(item_id).fetch_all(c).await)?)
}

// ---------------------------------------------------------------- work profiles

/// Replaces a window's work profile with `categories`, called in that order.
pub async fn set_window_profile(tx: &mut Tx, window_id: i64, categories: &[i64]) -> Result<()> {
    on_tx!(tx, |c| sqlx::query("delete from window_profiles where window_id = $1").bind(window_id).execute(c).await.map(|_| ()))?;
    for (pos, &cat) in categories.iter().enumerate() {
        on_tx!(tx, |c| sqlx::query("insert into window_profiles (window_id, category_id, position) values ($1, $2, $3)")
            .bind(window_id)
            .bind(cat)
            .bind(pos as i64)
            .execute(c)
            .await
            .map(|_| ()))?;
    }
    Ok(())
}

/// A window's categories in calling order.
pub async fn window_profile(tx: &mut Tx, window_id: i64) -> Result<Vec<i64>> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar("select category_id from window_profiles where window_id = $1 order by position")
        .bind(window_id)
        .fetch_all(c)
        .await)?)
}

/// `(window_id, category_id)` of every profile entry of a site's windows, in calling order.
pub async fn site_profiles(tx: &mut Tx, site_id: i64) -> Result<Vec<(i64, i64)>> {
    Ok(on_tx!(tx, |c| sqlx::query_as(
        "select p.window_id, p.category_id from window_profiles p join windows w on w.id = p.window_id \
         where w.site_id = $1 order by p.window_id, p.position"
    )
    .bind(site_id)
    .fetch_all(c)
    .await)?)
}

// ---------------------------------------------------------------- numbering

/// Takes the next sequence number of a category for a business day (1 on the first ticket).
pub async fn next_seq(tx: &mut Tx, site_id: i64, category_id: i64, day: NaiveDate) -> Result<i64> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar(
        "insert into queue_counters (site_id, category_id, day, last_seq) values ($1, $2, $3, 1) \
         on conflict (site_id, category_id, day) do update set last_seq = queue_counters.last_seq + 1 returning last_seq"
    )
    .bind(site_id)
    .bind(category_id)
    .bind(day)
    .fetch_one(c)
    .await)?)
}

/// The last sequence number issued for a category on a day (0 when none).
pub async fn last_seq(tx: &mut Tx, category_id: i64, day: NaiveDate) -> Result<i64> {
    let n: Option<i64> = on_tx!(tx, |c| sqlx::query_scalar("select last_seq from queue_counters where category_id = $1 and day = $2")
        .bind(category_id)
        .bind(day)
        .fetch_optional(c)
        .await)?;
    Ok(n.unwrap_or(0))
}

// ---------------------------------------------------------------- tickets

const TICKET_SELECT: &str = "select t.id, t.site_id, t.org_unit_id, t.category_id, qc.prefix as category_prefix, qc.name as category_name, \
     t.day, t.seq, t.ticket_no, t.channel, t.priority, t.status, t.rank_at, t.issued_at, t.called_at, t.first_called_at, t.finished_at, \
     t.window_id, w.number as window_no, t.staff_id, t.target_window_id, t.recalls, t.outcome, t.item_id, t.phone_masked, t.follow_code, \
     t.appointment_id, t.note \
     from tickets t join queue_categories qc on qc.id = t.category_id left join windows w on w.id = t.window_id";

pub async fn insert_ticket(tx: &mut Tx, t: &NewTicket<'_>) -> Result<i64> {
    let (enc, hash, masked) = match &t.phone {
        Some((e, h, m)) => (Some(e.clone()), Some(h.as_str()), Some(m.as_str())),
        None => (None, None, None),
    };
    Ok(on_tx!(tx, |c| sqlx::query_scalar(
        "insert into tickets (site_id, org_unit_id, category_id, day, seq, ticket_no, channel, priority, status, rank_at, issued_at, \
         item_id, phone_enc, phone_hash, phone_masked, idempotency_key, follow_code, appointment_id, note, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, 'waiting', $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $10) returning id"
    )
    .bind(t.site_id)
    .bind(t.org_unit_id)
    .bind(t.category_id)
    .bind(t.day)
    .bind(t.seq)
    .bind(t.ticket_no)
    .bind(t.channel)
    .bind(t.priority)
    .bind(t.rank_at)
    .bind(t.issued_at)
    .bind(t.item_id)
    .bind(enc)
    .bind(hash)
    .bind(masked)
    .bind(t.idempotency_key)
    .bind(t.follow_code)
    .bind(t.appointment_id)
    .bind(t.note)
    .fetch_one(c)
    .await)?)
}

pub async fn find_ticket(tx: &mut Tx, id: i64) -> Result<Option<TicketRow>> {
    let sql = format!("{TICKET_SELECT} where t.id = $1");
    Ok(on_tx!(tx, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(id).fetch_optional(c).await)?)
}

pub async fn get_ticket(tx: &mut Tx, id: i64) -> Result<TicketRow> {
    find_ticket(tx, id).await?.ok_or(StoreError::NotFound("ticket"))
}

pub async fn find_ticket_by_idempotency(tx: &mut Tx, site_id: i64, key: &str) -> Result<Option<TicketRow>> {
    let sql = format!("{TICKET_SELECT} where t.site_id = $1 and t.idempotency_key = $2");
    Ok(on_tx!(tx, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(site_id).bind(key).fetch_optional(c).await)?)
}

pub async fn find_ticket_by_follow_code(tx: &mut Tx, code: &str) -> Result<Option<TicketRow>> {
    let sql = format!("{TICKET_SELECT} where t.follow_code = $1");
    Ok(on_tx!(tx, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(code).fetch_optional(c).await)?)
}

/// Waiting tickets of a category ranked before the given rank (and id, for ties).
pub async fn count_ahead(tx: &mut Tx, category_id: i64, day: NaiveDate, rank_at: Timestamp, id: i64) -> Result<i64> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar(
        "select count(*) from tickets where category_id = $1 and day = $2 and status = 'waiting' and target_window_id is null \
         and (rank_at < $3 or (rank_at = $3 and id < $4))"
    )
    .bind(category_id)
    .bind(day)
    .bind(rank_at)
    .bind(id)
    .fetch_one(c)
    .await)?)
}

/// Open tickets (waiting, called or held) a phone holds at a site on a day.
pub async fn count_open_for_phone(tx: &mut Tx, site_id: i64, day: NaiveDate, phone_hash: &str) -> Result<i64> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar(
        "select count(*) from tickets where site_id = $1 and day = $2 and phone_hash = $3 and status in ('waiting', 'called', 'held')"
    )
    .bind(site_id)
    .bind(day)
    .bind(phone_hash)
    .fetch_one(c)
    .await)?)
}

/// Claims a ticket for a window if it is still in `from` status; false when someone else was
/// first. Sets the call time (and the first call time, once).
pub async fn claim(tx: &mut Tx, id: i64, from: &str, window_id: i64, staff_id: Option<i64>, now: Timestamp) -> Result<bool> {
    let n = on_tx!(tx, |c| sqlx::query(
        "update tickets set status = 'called', window_id = $1, staff_id = $2, called_at = $3, \
         first_called_at = coalesce(first_called_at, $3), target_window_id = null, updated_at = $3 \
         where id = $4 and status = $5"
    )
    .bind(window_id)
    .bind(staff_id)
    .bind(now)
    .bind(id)
    .bind(from)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
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
    Ok(on_tx!(tx, |c| sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone()))
        .bind(site_id)
        .bind(day)
        .bind(window_id)
        .fetch_optional(c)
        .await)?)
}

/// The encrypted phone of a ticket, if it was given.
pub async fn ticket_phone_enc(tx: &mut Tx, id: i64) -> Result<Option<Vec<u8>>> {
    let v: Option<Option<Vec<u8>>> =
        on_tx!(tx, |c| sqlx::query_scalar("select phone_enc from tickets where id = $1").bind(id).fetch_optional(c).await)?;
    Ok(v.flatten())
}

/// Counts one more recall.
pub async fn recall(tx: &mut Tx, id: i64, now: Timestamp) -> Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "update tickets set recalls = recalls + 1, called_at = $1, updated_at = $1 where id = $2 and status = 'called'"
    )
    .bind(now)
    .bind(id)
    .execute(c)
    .await
    .map(|_| ()))?;
    Ok(())
}

/// Ends a ticket (done or no-show) with an outcome, if it is in `from` status.
pub async fn close(tx: &mut Tx, id: i64, from: &str, status: &str, outcome: Option<&str>, now: Timestamp) -> Result<bool> {
    let n = on_tx!(tx, |c| sqlx::query(
        "update tickets set status = $1, outcome = $2, finished_at = $3, updated_at = $3 where id = $4 and status = $5"
    )
    .bind(status)
    .bind(outcome)
    .bind(now)
    .bind(id)
    .bind(from)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Puts a ticket back in line in `category_id` (optionally for one window), keeping its rank.
pub async fn requeue(tx: &mut Tx, id: i64, category_id: i64, target_window_id: Option<i64>, now: Timestamp) -> Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "update tickets set status = 'waiting', category_id = $1, target_window_id = $2, window_id = null, staff_id = null, \
         called_at = null, updated_at = $3 where id = $4"
    )
    .bind(category_id)
    .bind(target_window_id)
    .bind(now)
    .bind(id)
    .execute(c)
    .await
    .map(|_| ()))?;
    Ok(())
}

/// Parks a called ticket.
pub async fn hold(tx: &mut Tx, id: i64, now: Timestamp) -> Result<bool> {
    let n = on_tx!(tx, |c| sqlx::query("update tickets set status = 'held', updated_at = $1 where id = $2 and status = 'called'")
        .bind(now)
        .bind(id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Changes a waiting ticket's priority class and rank time.
pub async fn set_priority(tx: &mut Tx, id: i64, priority: &str, rank_at: Timestamp, now: Timestamp) -> Result<()> {
    on_tx!(tx, |c| sqlx::query("update tickets set priority = $1, rank_at = $2, updated_at = $3 where id = $4 and status = 'waiting'")
        .bind(priority)
        .bind(rank_at)
        .bind(now)
        .bind(id)
        .execute(c)
        .await
        .map(|_| ()))?;
    Ok(())
}

/// The ticket a window finished most recently on a day.
pub async fn latest_finished_at_window(tx: &mut Tx, window_id: i64, day: NaiveDate) -> Result<Option<TicketRow>> {
    let sql = format!(
        "{TICKET_SELECT} where t.window_id = $1 and t.day = $2 and t.status = 'done' order by t.finished_at desc, t.id desc limit 1"
    );
    Ok(on_tx!(tx, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(window_id).bind(day).fetch_optional(c).await)?)
}

/// A site's tickets of a day in a status, by rank (waiting) or by latest activity.
pub async fn list_tickets(tx: &mut Tx, site_id: i64, day: NaiveDate, statuses: &[&str], limit: i64) -> Result<Vec<TicketRow>> {
    let list = statuses.iter().map(|s| format!("'{}'", s.replace('\'', ""))).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "{TICKET_SELECT} where t.site_id = $1 and t.day = $2 and t.status in ({list}) \
         order by case when t.status = 'waiting' then 0 else 1 end, \
         case when t.status = 'waiting' then t.rank_at end, t.updated_at desc, t.id limit $3"
    );
    Ok(on_tx!(tx, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(site_id).bind(day).bind(limit).fetch_all(c).await)?)
}

/// The latest calls of a site on a day, newest first.
pub async fn recent_calls(tx: &mut Tx, site_id: i64, day: NaiveDate, limit: i64) -> Result<Vec<TicketRow>> {
    let sql = format!(
        "{TICKET_SELECT} where t.site_id = $1 and t.day = $2 and t.called_at is not null and t.status in ('called', 'held', 'done') \
         order by t.called_at desc, t.id desc limit $3"
    );
    Ok(on_tx!(tx, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(site_id).bind(day).bind(limit).fetch_all(c).await)?)
}

/// Waiting counts and the earliest issue time per category of a site on a day.
pub async fn waiting_by_category(tx: &mut Tx, site_id: i64, day: NaiveDate) -> Result<Vec<(i64, i64, Option<Timestamp>)>> {
    Ok(on_tx!(tx, |c| {
        sqlx::query_as(
        "select category_id, count(*), min(issued_at) from tickets where site_id = $1 and day = $2 and status = 'waiting' group by category_id"
    )
    .bind(site_id)
    .bind(day)
    .fetch_all(c)
    .await
    })?)
}

/// Marks every still-open ticket of days before `day` as expired; returns how many.
pub async fn expire_before(tx: &mut Tx, day: NaiveDate, now: Timestamp) -> Result<u64> {
    Ok(on_tx!(tx, |c| {
        sqlx::query(
        "update tickets set status = 'expired', finished_at = $1, updated_at = $1 where day < $2 and status in ('waiting', 'called', 'held')"
    )
    .bind(now)
    .bind(day)
    .execute(c)
    .await
    .map(|r| r.rows_affected())
    })?)
}

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

const RETURNING: &str = "returning id, site_id, org_unit_id, category_id, day, seq, ticket_no, channel, priority, status, rank_at, issued_at, \
     called_at, first_called_at, finished_at, window_id, staff_id, target_window_id, recalls, outcome, item_id, phone_masked, follow_code, \
     appointment_id, note";

/// Finishes whatever a window is serving, unless the window is paused (one statement).
pub async fn finish_serving(tx: &mut Tx, window_id: i64, outcome: &str, now: Timestamp) -> Result<Option<Closed>> {
    Ok(on_tx!(tx, |c| sqlx::query_as(
        "update tickets set status = 'done', outcome = $1, finished_at = $2, updated_at = $2 \
         where window_id = $3 and status = 'called' \
         and not exists (select 1 from window_states ws where ws.window_id = $3 and ws.status = 'paused') \
         returning id, site_id, ticket_no, category_id, staff_id"
    )
    .bind(outcome)
    .bind(now)
    .bind(window_id)
    .fetch_optional(c)
    .await)?)
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
    Ok(on_tx!(tx, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(window_id)
        .bind(staff_id)
        .bind(now)
        .bind(site_id)
        .bind(day)
        .fetch_optional(c)
        .await)?)
}

pub async fn list_events(tx: &mut Tx, ticket_id: i64) -> Result<Vec<EventRow>> {
    Ok(on_tx!(tx, |c| sqlx::query_as(
        "select id, ticket_id, at, kind, window_id, staff_id, actor, note from ticket_events where ticket_id = $1 order by id"
    )
    .bind(ticket_id)
    .fetch_all(c)
    .await)?)
}

// ---------------------------------------------------------------- window states

const WINDOW_STATE_SELECT: &str = "select w.id as window_id, w.site_id, w.org_unit_id, w.number, w.name, w.kind, w.active, \
     s.status, s.pause_reason, s.staff_id, s.current_ticket_id, s.updated_at \
     from windows w left join window_states s on s.window_id = w.id";

pub async fn window_state(tx: &mut Tx, window_id: i64) -> Result<WindowStateRow> {
    let sql = format!("{WINDOW_STATE_SELECT} where w.id = $1");
    on_tx!(tx, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(window_id).fetch_optional(c).await)?
        .ok_or(StoreError::NotFound("window"))
}

/// Every window of a site with its state, by number.
pub async fn window_states(tx: &mut Tx, site_id: i64) -> Result<Vec<WindowStateRow>> {
    let sql = format!("{WINDOW_STATE_SELECT} where w.site_id = $1 order by length(w.number), w.number");
    Ok(on_tx!(tx, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(site_id).fetch_all(c).await)?)
}

/// Sets a window's state.
#[allow(clippy::too_many_arguments)]
pub async fn put_window_state(
    tx: &mut Tx,
    window_id: i64,
    site_id: i64,
    status: &str,
    pause_reason: &str,
    staff_id: Option<i64>,
    current_ticket_id: Option<i64>,
    now: Timestamp,
) -> Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "insert into window_states (window_id, site_id, status, pause_reason, staff_id, current_ticket_id, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7) on conflict (window_id) do update set status = excluded.status, \
         pause_reason = excluded.pause_reason, staff_id = excluded.staff_id, current_ticket_id = excluded.current_ticket_id, \
         updated_at = excluded.updated_at"
    )
    .bind(window_id)
    .bind(site_id)
    .bind(status)
    .bind(pause_reason)
    .bind(staff_id)
    .bind(current_ticket_id)
    .bind(now)
    .execute(c)
    .await
    .map(|_| ()))?;
    Ok(())
}

// ---------------------------------------------------------------- ratings

pub async fn find_rating_for_ticket(tx: &mut Tx, ticket_id: i64) -> Result<Option<RatingRow>> {
    Ok(on_tx!(tx, |c| sqlx::query_as(
        "select id, ticket_id, window_id, staff_id, level, channel, rated_at from ratings where ticket_id = $1"
    )
    .bind(ticket_id)
    .fetch_optional(c)
    .await)?)
}

/// `(ratings, sum of levels)` of a staff member, for the star shown above the window.
pub async fn staff_rating_summary(tx: &mut Tx, staff_id: i64) -> Result<(i64, i64)> {
    // sum() of a bigint is numeric on PostgreSQL: cast it back.
    let (n, sum): (i64, i64) =
        on_tx!(tx, |c| sqlx::query_as("select count(*), cast(coalesce(sum(level), 0) as bigint) from ratings where staff_id = $1")
            .bind(staff_id)
            .fetch_one(c)
            .await)?;
    Ok((n, sum))
}

// ---------------------------------------------------------------- figures

/// One finished or open ticket of a period, for the queue figures.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FigureRow {
    pub day: NaiveDate,
    pub category_id: i64,
    pub channel: String,
    pub status: String,
    pub issued_at: Timestamp,
    pub first_called_at: Option<Timestamp>,
    pub finished_at: Option<Timestamp>,
    pub window_id: Option<i64>,
    pub staff_id: Option<i64>,
}

/// Every ticket of a site between two business days (inclusive).
pub async fn figure_rows(tx: &mut Tx, site_id: i64, from: NaiveDate, to: NaiveDate) -> Result<Vec<FigureRow>> {
    Ok(on_tx!(tx, |c| sqlx::query_as(
        "select day, category_id, channel, status, issued_at, first_called_at, finished_at, window_id, staff_id from tickets \
         where site_id = $1 and day >= $2 and day <= $3 order by id"
    )
    .bind(site_id)
    .bind(from)
    .bind(to)
    .fetch_all(c)
    .await)?)
}
