//! Integration tests of the storage layer: every store function, on SQLite and (when
//! `TEST_DATABASE_URL` is set) on a fresh PostgreSQL database.

#![allow(clippy::unwrap_used, reason = "tests")]

mod accounts;
mod appointments;
mod audit;
mod calendar;
mod case_reads;
mod cases;
mod catalog;
mod common;
mod db;
mod files;
mod history;
mod migrations;
mod mongolian;
mod org;
mod outbox;
mod portal;
mod queue;
mod supervision;
