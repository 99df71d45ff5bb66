//! Notification outbox: enqueue inside a use case transaction, a sender job with retries.

pub(crate) mod messages;

pub use messages::*;
