//! Notification outbox (SMS).
