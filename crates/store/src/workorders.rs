//! Work orders (12345 / 办不成事): the orders, their trail of steps, and the local deadline policy.

use chrono::NaiveDate;
use serde::Serialize;

use crate::org::Scope;
use crate::{Result, Timestamp, Tx, sql};

#[derive(Debug, Clone)]
pub struct NewWorkOrder<'a> {
    pub order_no: &'a str,
    pub org_unit_id: i64,
    pub site_id: Option<i64>,
    pub channel: &'a str,
    pub kind: &'a str,
    pub category: &'a str,
    pub content: &'a str,
    pub contact_name: &'a str,
    pub phone: Option<(&'a [u8], &'a str, &'a str)>,
    pub case_id: Option<i64>,
    pub item_id: Option<i64>,
    pub staff_id: Option<i64>,
    pub created_by: Option<i64>,
}

pub async fn insert(tx: &mut Tx, w: &NewWorkOrder<'_>, now: Timestamp) -> Result<i64> {
    sql::scalar(
        tx,
        "insert into work_orders (order_no, org_unit_id, site_id, channel, kind, category, content, contact_name, contact_phone_enc, \
         contact_phone_hash, contact_phone_masked, case_id, item_id, staff_id, status, created_by, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'registered', $15, $16, $16) returning id",
        &[
            &w.order_no,
            &w.org_unit_id,
            &w.site_id,
            &w.channel,
            &w.kind,
            &w.category,
            &w.content,
            &w.contact_name,
            &w.phone.map(|p| p.0),
            &w.phone.map(|p| p.1),
            &w.phone.map(|p| p.2),
            &w.case_id,
            &w.item_id,
            &w.staff_id,
            &w.created_by,
            &now,
        ],
    )
    .await
}

/// The next order number's sequence of `day` (1, 2, …), atomically.
pub async fn next_seq(tx: &mut Tx, day: NaiveDate) -> Result<i64> {
    sql::scalar(
        tx,
        "insert into work_order_counters (day, last_seq) values ($1, 1) \
         on conflict (day) do update set last_seq = work_order_counters.last_seq + 1 returning last_seq",
        &[&day],
    )
    .await
}

/// A work order with the names around it (the contact's phone masked only).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct WorkOrderRow {
    pub id: i64,
    pub order_no: String,
    pub org_unit_id: i64,
    pub org_path: String,
    pub site_id: Option<i64>,
    pub channel: String,
    pub kind: String,
    pub category: String,
    pub content: String,
    pub contact_name: String,
    pub contact_phone_masked: Option<String>,
    pub case_id: Option<i64>,
    pub case_no: Option<String>,
    pub item_id: Option<i64>,
    pub department_id: Option<i64>,
    pub department_name: Option<String>,
    pub staff_id: Option<i64>,
    pub staff_name: Option<String>,
    pub verification: Option<String>,
    pub status: String,
    pub assigned_on: Option<NaiveDate>,
    pub sign_due_on: Option<NaiveDate>,
    pub reply_due_on: Option<NaiveDate>,
    pub signed_at: Option<Timestamp>,
    pub reply: String,
    pub replied_at: Option<Timestamp>,
    pub satisfied: Option<bool>,
    pub reopen_count: i64,
    pub closed_at: Option<Timestamp>,
    pub created_at: Timestamp,
}

const SELECT: &str = "select w.id, w.order_no, w.org_unit_id, o.path as org_path, w.site_id, w.channel, w.kind, w.category, w.content, \
     w.contact_name, w.contact_phone_masked, w.case_id, k.case_no, w.item_id, w.department_id, d.name as department_name, w.staff_id, \
     st.name as staff_name, w.verification, w.status, w.assigned_on, w.sign_due_on, w.reply_due_on, w.signed_at, w.reply, w.replied_at, \
     w.satisfied, w.reopen_count, w.closed_at, w.created_at \
     from work_orders w join org_units o on o.id = w.org_unit_id left join cases k on k.id = w.case_id \
     left join departments d on d.id = w.department_id left join staff st on st.id = w.staff_id";

pub async fn get(tx: &mut Tx, id: i64) -> Result<Option<WorkOrderRow>> {
    let sql = format!("{SELECT} where w.id = $1");
    sql::fetch_optional(tx, sqlx::AssertSqlSafe(sql), &[&id]).await
}

/// Work orders in `scope` (or routed to one of `departments` where the reader handles them),
/// optionally in one state, newest first before `before`.
pub async fn list(
    tx: &mut Tx,
    scope: &Scope,
    department_id: Option<i64>,
    status: Option<&str>,
    before: i64,
    limit: i64,
) -> Result<Vec<WorkOrderRow>> {
    let (cond, binds) = scope.condition("o.path", 5);
    let sql = format!(
        "{SELECT} where w.id < $1 and ($2 is null or w.department_id = $2) and ($3 is null or w.status = $3) and {cond} \
         order by w.id desc limit $4"
    );
    sql::fetch_scoped(tx, sql, &[&before, &department_id, &status, &limit], &binds).await
}

/// What a step writes; `None` leaves a column as it is.
#[derive(Debug, Clone, Default)]
pub struct Change<'a> {
    pub status: &'a str,
    pub department_id: Option<i64>,
    pub assigned_on: Option<NaiveDate>,
    pub sign_due_on: Option<NaiveDate>,
    pub reply_due_on: Option<NaiveDate>,
    pub signed: bool,
    pub reply: Option<&'a str>,
    pub verification: Option<&'a str>,
    pub satisfied: Option<bool>,
    pub reopened: bool,
    pub closes: bool,
    /// Sent back: the routing is cleared.
    pub unassign: bool,
}

/// Moves an order from `from` to `ch.status`; false when it was no longer in `from`.
pub async fn change(tx: &mut Tx, id: i64, from: &str, ch: &Change<'_>, now: Timestamp) -> Result<bool> {
    sql::changed_one(
        tx,
        "update work_orders set status = $3, \
           department_id = case when $13 then null else coalesce($4, department_id) end, \
           assigned_on = case when $13 then null else coalesce($5, assigned_on) end, \
           sign_due_on = case when $13 then null else coalesce($6, sign_due_on) end, \
           reply_due_on = case when $13 then null else coalesce($7, reply_due_on) end, \
           signed_at = case when $8 then $14 else signed_at end, \
           reply = coalesce($9, reply), replied_at = case when $9 is null then replied_at else $14 end, \
           verification = coalesce($10, verification), satisfied = coalesce($11, satisfied), \
           reopen_count = reopen_count + case when $12 then 1 else 0 end, \
           closed_at = case when $15 then $14 else closed_at end, updated_at = $14 \
         where id = $1 and status = $2",
        &[
            &id,
            &from,
            &ch.status,
            &ch.department_id,
            &ch.assigned_on,
            &ch.sign_due_on,
            &ch.reply_due_on,
            &ch.signed,
            &ch.reply,
            &ch.verification,
            &ch.satisfied,
            &ch.reopened,
            &ch.unassign,
            &now,
            &ch.closes,
        ],
    )
    .await
}

#[derive(Debug, Clone)]
pub struct NewEvent<'a> {
    pub work_order_id: i64,
    pub action: &'a str,
    pub from_status: &'a str,
    pub to_status: &'a str,
    pub note: &'a str,
    pub department_id: Option<i64>,
    pub actor_id: Option<i64>,
    pub actor_name: &'a str,
}

pub async fn insert_event(tx: &mut Tx, e: &NewEvent<'_>, now: Timestamp) -> Result<()> {
    sql::execute(
        tx,
        "insert into work_order_events (work_order_id, action, from_status, to_status, note, department_id, actor_id, actor_name, at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        &[&e.work_order_id, &e.action, &e.from_status, &e.to_status, &e.note, &e.department_id, &e.actor_id, &e.actor_name, &now],
    )
    .await
    .map(|_| ())?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct EventRow {
    pub action: String,
    pub from_status: String,
    pub to_status: String,
    pub note: String,
    pub department_name: Option<String>,
    pub actor_name: String,
    pub at: Timestamp,
}

pub async fn events(tx: &mut Tx, id: i64) -> Result<Vec<EventRow>> {
    sql::fetch_all(
        tx,
        "select e.action, e.from_status, e.to_status, e.note, d.name as department_name, e.actor_name, e.at from work_order_events e \
         left join departments d on d.id = e.department_id where e.work_order_id = $1 order by e.id",
        &[&id],
    )
    .await
}

/// A stored deadline policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct PolicyRow {
    pub sign_days: i64,
    pub consultation_days: i64,
    pub help_days: i64,
    pub complaint_days: i64,
    pub suggestion_days: i64,
}

/// The policy of the nearest org unit on `path` that has one.
pub async fn policy_for(tx: &mut Tx, path: &str) -> Result<Option<PolicyRow>> {
    sql::fetch_optional(
        tx,
        "select p.sign_days, p.consultation_days, p.help_days, p.complaint_days, p.suggestion_days from work_order_policies p \
         join org_units o on o.id = p.org_unit_id where $1 like o.path || '%' order by length(o.path) desc limit 1",
        &[&path],
    )
    .await
}

pub async fn put_policy(tx: &mut Tx, org_unit_id: i64, p: &PolicyRow, by: Option<i64>, now: Timestamp) -> Result<()> {
    sql::execute(
        tx,
        "insert into work_order_policies (org_unit_id, sign_days, consultation_days, help_days, complaint_days, suggestion_days, \
         updated_by, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (org_unit_id) do update set \
         sign_days = excluded.sign_days, consultation_days = excluded.consultation_days, help_days = excluded.help_days, \
         complaint_days = excluded.complaint_days, suggestion_days = excluded.suggestion_days, updated_by = excluded.updated_by, \
         updated_at = excluded.updated_at",
        &[&org_unit_id, &p.sign_days, &p.consultation_days, &p.help_days, &p.complaint_days, &p.suggestion_days, &by, &now],
    )
    .await
    .map(|_| ())?;
    Ok(())
}
