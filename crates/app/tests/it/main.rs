//! Integration tests of the use cases: validation, scoping, sign-in, audit and the org rules,
//! on SQLite and (when `TEST_DATABASE_URL` is set) on a fresh PostgreSQL database.

#![allow(clippy::unwrap_used, reason = "tests")]

mod appointments;
mod audit;
mod calendar;
mod cases;
mod catalog;
mod catalog_io;
mod common;
mod figures;
mod grants;
mod login;
mod org;
mod org_io;
mod outbox;
mod portal;
mod queue;
mod queue_figures;
mod ratings;
mod scoping;
mod supervision;
mod unique_keys;
mod validation;
mod workorders;
