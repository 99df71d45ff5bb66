//! Use cases of yichuang. Each public function takes the [`App`] and an [`Actor`], checks the
//! actor's role and org scope, runs one transaction, and writes its audit record inside that same
//! transaction, so a failed request leaves the database as it was.
//!
//! Error policy: [`AppError`] is what a person may see (a Chinese message, mapped to a 4xx by
//! `web`); anything unexpected becomes [`AppError::Internal`], logged once at the edge and shown
//! as an opaque 500.

pub mod accounts;
pub mod actor;
pub mod appointments;
pub mod audit;
pub mod calendar;
pub mod cases;
pub mod catalog;
pub mod devices;
pub mod error;
pub mod figures;
pub mod org;
pub mod outbox;
pub mod portal;
pub mod queue;
pub mod ratings;
pub mod runtime;
pub mod supervision;
pub mod support;
pub mod workorders;

pub use actor::Actor;
pub use error::{AppError, Result};
pub use runtime::app::{App, Settings};
pub use runtime::clock::{Clock, cst};
