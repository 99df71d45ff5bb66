//! The queue's row types: categories, tickets, window states, events, ratings.

use chrono::NaiveDate;

use crate::Timestamp;

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
    /// The name in traditional Mongolian script, when entered.
    #[sqlx(default)]
    pub name_mn: Option<String>,
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
