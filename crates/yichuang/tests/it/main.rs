//! End-to-end tests of yichuang: the HTTP API and pages through the real router (on SQLite and
//! PostgreSQL), the command line, and the main journeys in headless Chromium.

mod api;
mod browser;
mod catalog;
mod cli;
mod support;
