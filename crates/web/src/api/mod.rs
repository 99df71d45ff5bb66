//! The `/api/v1` JSON API, one file or folder per feature; [`openapi`] assembles the router and
//! the OpenAPI document.

pub mod accounts;
pub mod appointments;
pub mod audit;
pub mod calendar;
pub mod cases;
pub mod catalog;
pub mod devices;
pub mod figures;
pub mod openapi;
pub mod org;
pub mod outbox;
pub mod portal;
pub mod queue;
pub mod ratings;
pub mod supervision;
pub mod workorders;
