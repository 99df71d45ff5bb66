//! The staff console's pages (Chinese), one file or folder per feature; [`router`] merges them.
//! Forms post back to the same URL; invalid input re-renders the form with each problem next to
//! its field (422), success redirects with a message.

pub mod accounts;
pub mod appointments;
pub mod calendar;
pub mod cases;
pub mod catalog;
pub mod devices;
pub mod figures;
pub mod org;
pub mod outbox;
pub mod portal;
pub mod queue;
pub mod ratings;
pub mod router;
pub mod supervision;
pub mod workorders;
