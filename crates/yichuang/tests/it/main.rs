//! End-to-end tests of yichuang: the HTTP API and pages through the real router (on SQLite and
//! PostgreSQL), the command line, and the main journeys in headless Chromium.

mod api;
mod api_document;
mod appointments;
mod browser;
mod cases;
mod cases_pages;
mod catalog;
mod cli;
mod demo_files;
mod demo_history;
mod devices;
mod durability;
mod elder;
mod figures;
mod newcomer;
mod phone;
mod portal;
mod portal_pages;
mod queue;
mod queue_pages;
mod scope;
mod screens;
mod supervision;
mod support;
