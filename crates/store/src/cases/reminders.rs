//! The supervision sweep's writes: raising due levels, reminders and cards (三级提醒).

use chrono::NaiveDate;

use crate::{Result, Timestamp, Tx, sql};

/// A case whose warning level a sweep just raised.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Raised {
    pub id: i64,
    pub case_no: String,
    pub item_name: String,
    pub org_unit_id: i64,
    pub department_id: i64,
    pub warning_level: i64,
    /// The reviewer, else whoever accepted the case.
    pub handler_id: Option<i64>,
}

/// Raises the level of at most `limit` cases whose next level has begun by `today`, reading the
/// stored days each level begins, and schedules the next one. Touches no other case. Two sweeps
/// at once raise each case once: the outer condition is checked again on the row the first sweep
/// wrote (PostgreSQL re-reads a row it waited for), where `next_level_on` has moved on.
pub async fn raise_due(tx: &mut Tx, today: NaiveDate, limit: i64) -> Result<Vec<Raised>> {
    sql::fetch_all(tx, "update case_ladder set \
           level = case when red_on <= $1 then 3 when yellow_on <= $1 then 2 when remind_on <= $1 then 1 else level end, \
           next_level = case when red_on <= $1 then null when yellow_on <= $1 then 3 when remind_on <= $1 then 2 else 1 end, \
           next_level_on = case when red_on <= $1 then null when yellow_on <= $1 then red_on when remind_on <= $1 then yellow_on else remind_on end \
         where next_level_on <= $1 and case_id in (select case_id from case_ladder where next_level_on <= $1 order by next_level_on, case_id limit $2) \
         returning case_id as id, case_no, item_name, org_unit_id, department_id, level as warning_level, handler_id", &[&today, &limit]).await
}

/// Active users holding `role` over `org_path`, for `department_id` or for every department.
pub async fn users_with_role(tx: &mut Tx, role: &str, org_path: &str, department_id: Option<i64>) -> Result<Vec<i64>> {
    sql::scalars(
        tx,
        "select distinct u.id from users u join role_grants g on g.user_id = u.id join org_units o on o.id = g.org_unit_id \
         where u.active and g.role = $1 and $2 like o.path || '%' and (g.department_id is null or g.department_id = $3) order by u.id",
        &[&role, &org_path, &department_id],
    )
    .await
}

/// The encrypted phone of the staff member behind a user, if any.
pub async fn user_phone_enc(tx: &mut Tx, user_id: i64) -> Result<Option<Vec<u8>>> {
    sql::scalar_optional(tx, "select st.phone_enc from users u join staff st on st.id = u.staff_id where u.id = $1", &[&user_id]).await
}

/// A reminder to record.
#[derive(Debug, Clone)]
pub struct NewReminder {
    pub case_id: i64,
    pub org_unit_id: i64,
    pub level: i64,
    pub recipient_role: &'static str,
    pub user_id: i64,
    /// `in_app` or `sms`.
    pub channel: &'static str,
}

/// Records reminders in multi-row statements, skipping any case, level, person and channel that
/// had one already; answers how many were new.
pub async fn insert_reminders(tx: &mut Tx, rows: &[NewReminder], now: Timestamp) -> Result<u64> {
    Ok(crate::insert_rows!(
        tx,
        rows,
        1000,
        7,
        |values| format!(
            "insert into case_reminders (case_id, org_unit_id, level, recipient_role, user_id, channel, created_at) values {values} \
             on conflict (case_id, level, user_id, channel) do nothing"
        ),
        |q, r| q.bind(r.case_id).bind(r.org_unit_id).bind(r.level).bind(r.recipient_role).bind(r.user_id).bind(r.channel).bind(now)
    ))
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ReminderRow {
    pub id: i64,
    pub case_id: i64,
    pub case_no: String,
    pub item_name: String,
    pub level: i64,
    pub recipient_role: String,
    pub user_id: i64,
    pub channel: String,
    pub created_at: Timestamp,
    pub read_at: Option<Timestamp>,
}

/// The reminders of a case (who was reached, how), or a user's in-app reminders, newest first.
pub async fn list_reminders(tx: &mut Tx, case_id: Option<i64>, user_id: Option<i64>, limit: i64) -> Result<Vec<ReminderRow>> {
    sql::fetch_all(
        tx,
        "select r.id, r.case_id, k.case_no, k.item_name, r.level, r.recipient_role, r.user_id, r.channel, r.created_at, r.read_at \
         from case_reminders r join cases k on k.id = r.case_id \
         where ($1 is null or r.case_id = $1) and ($2 is null or (r.user_id = $2 and r.channel = 'in_app')) \
         order by r.id desc limit $3",
        &[&case_id, &user_id, &limit],
    )
    .await
}

/// A yellow (2) or red (3) card to record.
#[derive(Debug, Clone)]
pub struct NewCard {
    pub case_id: i64,
    pub org_unit_id: i64,
    pub level: i64,
    pub department_id: i64,
    pub user_id: Option<i64>,
    pub issued_on: NaiveDate,
}

/// Records cards, once per case and level; answers how many were new.
pub async fn insert_cards(tx: &mut Tx, rows: &[NewCard], now: Timestamp) -> Result<u64> {
    Ok(crate::insert_rows!(
        tx,
        rows,
        1000,
        7,
        |values| format!(
            "insert into case_cards (case_id, org_unit_id, level, department_id, user_id, issued_on, created_at) values {values} \
             on conflict (case_id, level) do nothing"
        ),
        |q, r| q.bind(r.case_id).bind(r.org_unit_id).bind(r.level).bind(r.department_id).bind(r.user_id).bind(r.issued_on).bind(now)
    ))
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct CardRow {
    pub id: i64,
    pub case_id: i64,
    pub level: i64,
    pub department_id: i64,
    pub user_id: Option<i64>,
    pub issued_on: NaiveDate,
}

pub async fn list_cards(tx: &mut Tx, case_id: i64) -> Result<Vec<CardRow>> {
    sql::fetch_all(
        tx,
        "select id, case_id, level, department_id, user_id, issued_on from case_cards where case_id = $1 order by level",
        &[&case_id],
    )
    .await
}

// ---------------------------------------------------------------- bulk load
