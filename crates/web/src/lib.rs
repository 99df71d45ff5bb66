//! HTTP for yichuang: the `/api/v1` JSON API (with its OpenAPI document), the staff console's
//! pages (askama, Chinese), health and metrics. Handlers are thin: extract, call one `app::`
//! function, render. Authentication resolves a session cookie or a bearer token once per request
//! ([`extract::auth`]); cookie-authenticated form posts must carry the session's CSRF token.
//!
//! Layout: one folder name per feature in `api/` and `pages/` (the same names as in `app`,
//! `store` and `templates/`); what features share lives in `extract/` (who is calling, request
//! bodies), `respond/` (error shapes, page chrome and widgets, downloads) and [`state`]. A
//! feature file depends only on those and on files of its own feature folder, never on another
//! feature. This file and every `mod.rs` only declare modules.

pub mod api;
pub mod extract;
pub mod metrics;
pub mod pages;
pub mod respond;
pub mod router;
pub mod state;
pub mod trace;

pub use router::router;
pub use state::AppState;
