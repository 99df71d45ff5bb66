//! Notification outbox: enqueue inside a use case transaction, a sender job with retries; the
//! demo's gateway that shows texts in clear.

pub(crate) mod demo;
pub(crate) mod messages;

pub use demo::*;
pub use messages::*;
