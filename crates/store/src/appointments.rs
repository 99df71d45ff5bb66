//! Appointments (R2): per-site settings, slot templates, per-slot place counters and bookings.
//!
//! Capacity is enforced by a conditional update of the slot's counter row
//! (`… set booked = booked + 1 where id = $1 and booked < $2`): on PostgreSQL the second of two
//! racing updates waits for the first's row lock and then re-checks the condition; on SQLite
//! writers are serialised by `BEGIN IMMEDIATE`. Either way exactly one takes the last place.

use chrono::{NaiveDate, NaiveTime};

use crate::sql::{self, Col};
use crate::{Backend, Result, StoreError, Timestamp, Tx};

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct TemplateRow {
    pub id: i64,
    pub site_id: i64,
    pub org_unit_id: i64,
    pub category_id: i64,
    pub category_name: String,
    /// Bit 0 = Monday … bit 4 = Friday.
    pub weekdays: i64,
    pub start_time: NaiveTime,
    pub end_time: NaiveTime,
    pub slot_minutes: i64,
    pub capacity: i64,
    pub effective_from: NaiveDate,
    pub effective_to: Option<NaiveDate>,
    pub updated_at: Timestamp,
}

/// The writable fields of a template.
#[derive(Debug, Clone)]
pub struct TemplateFields {
    pub category_id: i64,
    pub weekdays: i64,
    pub start_time: NaiveTime,
    pub end_time: NaiveTime,
    pub slot_minutes: i64,
    pub capacity: i64,
    pub effective_from: NaiveDate,
    pub effective_to: Option<NaiveDate>,
}

/// A slot's place counter.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct SlotRow {
    pub id: i64,
    pub site_id: i64,
    pub category_id: i64,
    pub day: NaiveDate,
    pub start_at: Timestamp,
    pub end_at: Timestamp,
    pub template_id: Option<i64>,
    pub capacity: i64,
    pub booked: i64,
}

/// A slot to create (with no places taken) if it is not there yet.
#[derive(Debug, Clone)]
pub struct NewSlot {
    pub site_id: i64,
    pub category_id: i64,
    pub day: NaiveDate,
    pub start_at: Timestamp,
    pub end_at: Timestamp,
    pub template_id: Option<i64>,
    pub capacity: i64,
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct AppointmentRow {
    pub id: i64,
    pub site_id: i64,
    pub site_name: String,
    pub org_unit_id: i64,
    pub org_path: String,
    pub category_id: i64,
    pub category_name: String,
    pub slot_id: i64,
    pub day: NaiveDate,
    pub slot_start: Timestamp,
    pub slot_end: Timestamp,
    pub code: String,
    pub status: String,
    #[serde(skip)]
    pub phone_enc: Vec<u8>,
    #[serde(skip)]
    pub phone_hash: String,
    pub phone_masked: String,
    #[serde(skip)]
    pub id_hash: Option<String>,
    pub id_masked: Option<String>,
    pub ticket_id: Option<i64>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub cancelled_at: Option<Timestamp>,
    pub checked_in_at: Option<Timestamp>,
    pub no_show_at: Option<Timestamp>,
    pub reminded_at: Option<Timestamp>,
}

/// A booking to insert (status `booked`). Personal identifiers arrive encrypted, hashed and masked.
#[derive(Debug, Clone)]
pub struct NewAppointment<'a> {
    pub site_id: i64,
    pub org_unit_id: i64,
    pub category_id: i64,
    pub slot_id: i64,
    pub day: NaiveDate,
    pub slot_start: Timestamp,
    pub slot_end: Timestamp,
    pub code: &'a str,
    pub phone_enc: &'a [u8],
    pub phone_hash: &'a str,
    pub phone_masked: &'a str,
    pub id_enc: Option<&'a [u8]>,
    pub id_hash: Option<&'a str>,
    pub id_masked: Option<&'a str>,
}

// ---------------------------------------------------------------- settings

/// The stored settings JSON of a site, if one was saved.
pub async fn get_settings(tx: &mut Tx, site_id: i64) -> Result<Option<String>> {
    sql::scalar_optional(tx, "select settings from appointment_settings where site_id = $1", &[&site_id]).await
}

pub async fn put_settings(tx: &mut Tx, site_id: i64, settings: &str, now: Timestamp) -> Result<()> {
    sql::execute(
        tx,
        "insert into appointment_settings (site_id, settings, updated_at) values ($1, $2, $3) \
         on conflict (site_id) do update set settings = excluded.settings, updated_at = excluded.updated_at",
        &[&site_id, &settings, &now],
    )
    .await
    .map(|_| ())?;
    Ok(())
}

// ---------------------------------------------------------------- templates

const TEMPLATE_SELECT: &str = "select t.id, t.site_id, t.org_unit_id, t.category_id, qc.name as category_name, t.weekdays, t.start_time, \
     t.end_time, t.slot_minutes, t.capacity, t.effective_from, t.effective_to, t.updated_at \
     from appointment_templates t join queue_categories qc on qc.id = t.category_id";

impl TemplateFields {
    /// The columns both the insert and the update write.
    fn cols(&self) -> [Col<'_>; 8] {
        [
            ("category_id", &self.category_id),
            ("weekdays", &self.weekdays),
            ("start_time", &self.start_time),
            ("end_time", &self.end_time),
            ("slot_minutes", &self.slot_minutes),
            ("capacity", &self.capacity),
            ("effective_from", &self.effective_from),
            ("effective_to", &self.effective_to),
        ]
    }
}

pub async fn insert_template(tx: &mut Tx, site_id: i64, org_unit_id: i64, f: &TemplateFields, now: Timestamp) -> Result<i64> {
    sql::insert_stamped(tx, "appointment_templates", &[("site_id", &site_id), ("org_unit_id", &org_unit_id)], &f.cols(), now).await
}

pub async fn update_template(tx: &mut Tx, id: i64, f: &TemplateFields, now: Timestamp) -> Result<()> {
    sql::update_stamped(tx, "appointment_templates", id, &f.cols(), now, "appointment template").await
}

pub async fn delete_template(tx: &mut Tx, id: i64) -> Result<()> {
    let n = sql::execute(tx, "delete from appointment_templates where id = $1", &[&id]).await?;
    sql::found(n, "appointment template")
}

pub async fn find_template(tx: &mut Tx, id: i64) -> Result<Option<TemplateRow>> {
    let sql = format!("{TEMPLATE_SELECT} where t.id = $1");
    sql::fetch_optional(tx, sqlx::AssertSqlSafe(sql), &[&id]).await
}

pub async fn get_template(tx: &mut Tx, id: i64) -> Result<TemplateRow> {
    find_template(tx, id).await?.ok_or(StoreError::NotFound("appointment template"))
}

/// A site's templates, by category and id.
pub async fn list_templates(tx: &mut Tx, site_id: i64) -> Result<Vec<TemplateRow>> {
    let sql = format!("{TEMPLATE_SELECT} where t.site_id = $1 order by qc.sort_order, qc.prefix, t.id");
    sql::fetch_all(tx, sqlx::AssertSqlSafe(sql), &[&site_id]).await
}

// ---------------------------------------------------------------- slots

/// The slot's counter row, created with no places taken if missing; returns its id.
pub async fn ensure_slot(tx: &mut Tx, s: &NewSlot) -> Result<i64> {
    sql::execute(
        tx,
        "insert into appointment_slots (site_id, category_id, day, start_at, end_at, template_id, capacity, booked) \
         values ($1, $2, $3, $4, $5, $6, $7, 0) on conflict (category_id, start_at) do nothing",
        &[&s.site_id, &s.category_id, &s.day, &s.start_at, &s.end_at, &s.template_id, &s.capacity],
    )
    .await
    .map(|_| ())?;
    sql::scalar(tx, "select id from appointment_slots where category_id = $1 and start_at = $2", &[&s.category_id, &s.start_at]).await
}

/// Takes one place in a slot that has fewer than `capacity` taken (the capacity in force now is
/// recorded too); false when it is full.
pub async fn take_place(tx: &mut Tx, slot_id: i64, capacity: i64) -> Result<bool> {
    sql::changed_one(
        tx,
        "update appointment_slots set booked = booked + 1, capacity = $1 where id = $2 and booked < $1",
        &[&capacity, &slot_id],
    )
    .await
}

/// Gives one place of a slot back; false when none was taken.
pub async fn release_place(tx: &mut Tx, slot_id: i64) -> Result<bool> {
    sql::changed_one(tx, "update appointment_slots set booked = booked - 1 where id = $1 and booked > 0", &[&slot_id]).await
}

pub async fn get_slot(tx: &mut Tx, id: i64) -> Result<SlotRow> {
    sql::fetch_optional(
        tx,
        "select id, site_id, category_id, day, start_at, end_at, template_id, capacity, booked from appointment_slots where id = $1",
        &[&id],
    )
    .await?
    .ok_or(StoreError::NotFound("appointment slot"))
}

/// The counter rows of a site's slots between two days (inclusive), optionally of one category.
pub async fn list_slots(tx: &mut Tx, site_id: i64, category_id: Option<i64>, from: NaiveDate, to: NaiveDate) -> Result<Vec<SlotRow>> {
    sql::fetch_all(
        tx,
        "select id, site_id, category_id, day, start_at, end_at, template_id, capacity, booked from appointment_slots \
         where site_id = $1 and ($2 is null or category_id = $2) and day >= $3 and day <= $4 order by start_at, category_id",
        &[&site_id, &category_id, &from, &to],
    )
    .await
}

// ---------------------------------------------------------------- bookings

const APPOINTMENT_SELECT: &str = "select a.id, a.site_id, s.name as site_name, a.org_unit_id, u.path as org_path, a.category_id, \
     qc.name as category_name, a.slot_id, a.day, a.slot_start, a.slot_end, a.code, a.status, a.phone_enc, a.phone_hash, a.phone_masked, \
     a.id_hash, a.id_masked, a.ticket_id, a.created_at, a.updated_at, a.cancelled_at, a.checked_in_at, a.no_show_at, a.reminded_at \
     from appointments a join sites s on s.id = a.site_id join org_units u on u.id = a.org_unit_id \
     join queue_categories qc on qc.id = a.category_id";

/// Serialises the bookings of one person (by their blind indexes, in the given order) until the
/// transaction ends, so two concurrent bookings cannot both pass the quota check.
pub async fn lock_person(tx: &mut Tx, keys: &[&str]) -> Result<()> {
    // SQLite: `BEGIN IMMEDIATE` already serialises writers. PostgreSQL: READ COMMITTED would let
    // two transactions count the same bookings, so take a transaction-scoped advisory lock per key.
    if tx.backend() == Backend::Postgres {
        let mut keys = keys.to_vec();
        keys.sort_unstable();
        keys.dedup();
        for k in keys {
            sql::execute(tx, "select pg_advisory_xact_lock(hashtextextended($1, 7311))", &[&format!("appointment-person:{k}")])
                .await
                .map(|_| ())?;
        }
    }
    Ok(())
}

/// Whether an open booking (booked or checked in) of a site and day already uses `code`.
pub async fn code_in_use(tx: &mut Tx, site_id: i64, day: NaiveDate, code: &str) -> Result<bool> {
    let n: i64 = sql::scalar(
        tx,
        "select count(*) from appointments where site_id = $1 and day = $2 and code = $3 and status in ('booked', 'checked_in')",
        &[&site_id, &day, &code],
    )
    .await?;
    Ok(n > 0)
}

pub async fn insert_appointment(tx: &mut Tx, a: &NewAppointment<'_>, now: Timestamp) -> Result<i64> {
    sql::scalar(
        tx,
        "insert into appointments (site_id, org_unit_id, category_id, slot_id, day, slot_start, slot_end, code, status, phone_enc, \
         phone_hash, phone_masked, id_enc, id_hash, id_masked, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, 'booked', $9, $10, $11, $12, $13, $14, $15, $15) returning id",
        &[
            &a.site_id,
            &a.org_unit_id,
            &a.category_id,
            &a.slot_id,
            &a.day,
            &a.slot_start,
            &a.slot_end,
            &a.code,
            &a.phone_enc,
            &a.phone_hash,
            &a.phone_masked,
            &a.id_enc,
            &a.id_hash,
            &a.id_masked,
            &now,
        ],
    )
    .await
}

pub async fn find_appointment(tx: &mut Tx, id: i64) -> Result<Option<AppointmentRow>> {
    let sql = format!("{APPOINTMENT_SELECT} where a.id = $1");
    sql::fetch_optional(tx, sqlx::AssertSqlSafe(sql), &[&id]).await
}

pub async fn get_appointment(tx: &mut Tx, id: i64) -> Result<AppointmentRow> {
    find_appointment(tx, id).await?.ok_or(StoreError::NotFound("appointment"))
}

/// The bookings of a site and day with a code, open ones first, newest first.
pub async fn list_by_code(tx: &mut Tx, site_id: i64, day: NaiveDate, code: &str) -> Result<Vec<AppointmentRow>> {
    let sql = format!(
        "{APPOINTMENT_SELECT} where a.site_id = $1 and a.day = $2 and a.code = $3 \
         order by case when a.status in ('booked', 'checked_in') then 0 else 1 end, a.id desc"
    );
    sql::fetch_all(tx, sqlx::AssertSqlSafe(sql), &[&site_id, &day, &code]).await
}

/// The earliest booked (not yet checked-in) booking of a site with a code on a day after `after`.
pub async fn find_later_by_code(tx: &mut Tx, site_id: i64, after: NaiveDate, code: &str) -> Result<Option<AppointmentRow>> {
    let sql = format!(
        "{APPOINTMENT_SELECT} where a.site_id = $1 and a.day > $2 and a.code = $3 and a.status = 'booked' order by a.day, a.id limit 1"
    );
    sql::fetch_optional(tx, sqlx::AssertSqlSafe(sql), &[&site_id, &after, &code]).await
}

/// The bookings of a phone at a site on a day, by slot.
pub async fn list_by_phone(tx: &mut Tx, site_id: i64, day: NaiveDate, phone_hash: &str) -> Result<Vec<AppointmentRow>> {
    let sql = format!("{APPOINTMENT_SELECT} where a.site_id = $1 and a.day = $2 and a.phone_hash = $3 order by a.slot_start, a.id");
    sql::fetch_all(tx, sqlx::AssertSqlSafe(sql), &[&site_id, &day, &phone_hash]).await
}

/// Booked (not yet checked-in) bookings with a code and phone whose slot starts after `now`,
/// earliest first (the cancel form: the code is unique per site and day, not everywhere).
pub async fn list_cancellable(tx: &mut Tx, code: &str, phone_hash: &str, now: Timestamp) -> Result<Vec<AppointmentRow>> {
    let sql = format!(
        "{APPOINTMENT_SELECT} where a.code = $1 and a.phone_hash = $2 and a.status = 'booked' and a.slot_start > $3 order by a.slot_start, a.id"
    );
    sql::fetch_all(tx, sqlx::AssertSqlSafe(sql), &[&code, &phone_hash, &now]).await
}

/// The live bookings (booked, checked in or missed) of a person at a site between two days
/// (inclusive), matched by phone or, when given, by ID number.
pub async fn list_for_person(
    tx: &mut Tx,
    site_id: i64,
    phone_hash: &str,
    id_hash: Option<&str>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<AppointmentRow>> {
    let sql = format!(
        "{APPOINTMENT_SELECT} where a.site_id = $1 and (a.phone_hash = $2 or a.id_hash = $3) and a.day >= $4 and a.day <= $5 \
         and a.status in ('booked', 'checked_in', 'no_show') order by a.slot_start, a.id"
    );
    sql::fetch_all(tx, sqlx::AssertSqlSafe(sql), &[&site_id, &phone_hash, &id_hash, &from, &to]).await
}

/// The days of a person's no-shows at a site since `since` (inclusive), by phone or ID number.
pub async fn no_show_days(tx: &mut Tx, site_id: i64, phone_hash: &str, id_hash: Option<&str>, since: NaiveDate) -> Result<Vec<NaiveDate>> {
    sql::scalars(
        tx,
        "select day from appointments where site_id = $1 and (phone_hash = $2 or id_hash = $3) and day >= $4 and status = 'no_show' \
         order by day",
        &[&site_id, &phone_hash, &id_hash, &since],
    )
    .await
}

/// A site's bookings of a day, by slot.
pub async fn list_for_site_day(tx: &mut Tx, site_id: i64, day: NaiveDate) -> Result<Vec<AppointmentRow>> {
    let sql = format!("{APPOINTMENT_SELECT} where a.site_id = $1 and a.day = $2 order by a.slot_start, a.category_id, a.id");
    sql::fetch_all(tx, sqlx::AssertSqlSafe(sql), &[&site_id, &day]).await
}

/// Cancels a booking that is still `booked`; false when it was not.
pub async fn cancel(tx: &mut Tx, id: i64, now: Timestamp) -> Result<bool> {
    sql::changed_one(
        tx,
        "update appointments set status = 'cancelled', cancelled_at = $1, updated_at = $1 where id = $2 and status = 'booked'",
        &[&now, &id],
    )
    .await
}

/// Records the check-in of a `booked` booking with its ticket; false when it was not booked.
pub async fn check_in(tx: &mut Tx, id: i64, ticket_id: i64, now: Timestamp) -> Result<bool> {
    sql::changed_one(tx, "update appointments set status = 'checked_in', ticket_id = $1, checked_in_at = $2, updated_at = $2 where id = $3 and status = 'booked'", &[&ticket_id, &now, &id]).await
}

/// Marks a `booked` booking as missed; false when it was not booked.
pub async fn mark_no_show(tx: &mut Tx, id: i64, now: Timestamp) -> Result<bool> {
    sql::changed_one(
        tx,
        "update appointments set status = 'no_show', no_show_at = $1, updated_at = $1 where id = $2 and status = 'booked'",
        &[&now, &id],
    )
    .await
}

/// Booked (not checked-in) bookings whose slot ended by `now`, oldest first.
pub async fn list_overdue(tx: &mut Tx, now: Timestamp, limit: i64) -> Result<Vec<AppointmentRow>> {
    let sql = format!("{APPOINTMENT_SELECT} where a.status = 'booked' and a.slot_end <= $1 order by a.slot_end, a.id limit $2");
    sql::fetch_all(tx, sqlx::AssertSqlSafe(sql), &[&now, &limit]).await
}

/// Booked bookings of `day` not yet reminded and made before `created_before`.
pub async fn list_due_reminders(tx: &mut Tx, day: NaiveDate, created_before: Timestamp, limit: i64) -> Result<Vec<AppointmentRow>> {
    let sql = format!(
        "{APPOINTMENT_SELECT} where a.day = $1 and a.status = 'booked' and a.reminded_at is null and a.created_at < $2 \
         order by a.slot_start, a.id limit $3"
    );
    sql::fetch_all(tx, sqlx::AssertSqlSafe(sql), &[&day, &created_before, &limit]).await
}

/// Records that a booking's reminder was queued; false when it already was.
pub async fn mark_reminded(tx: &mut Tx, id: i64, now: Timestamp) -> Result<bool> {
    sql::changed_one(tx, "update appointments set reminded_at = $1 where id = $2 and reminded_at is null", &[&now, &id]).await
}

/// Booked bookings in slots generated from a template that start after `now`.
pub async fn count_upcoming_for_template(tx: &mut Tx, template_id: i64, now: Timestamp) -> Result<i64> {
    sql::scalar(
        tx,
        "select count(*) from appointments a join appointment_slots s on s.id = a.slot_id \
         where s.template_id = $1 and a.status = 'booked' and a.slot_start > $2",
        &[&template_id, &now],
    )
    .await
}
