//! Notification outbox: enqueue inside a use case transaction, a sender job with retries.
