//! The Uxin Banner (乌审旗) demo: the service network (`demo/network.json`) and the catalogue
//! (`demo/catalog.json`) are data files embedded in the binary and loaded through the product's
//! own importers (`app::org::io`, `app::catalog`), so the demo also exercises them; the queue
//! set-up (`demo::queue`) is derived from them in code. All demo accounts share the password
//! [`DEMO_PASSWORD`], which exists only in demo data.
//!
//! Town and sumu names are real (DOMAIN.md §11); village names, codes, addresses, phone numbers and
//! people are plausible but fictional. The catalogue's legal bases name real laws; article numbers,
//! fees, promised limits and local practice are plausible demo values, not an official list.

#[cfg(test)]
mod checks;
#[cfg(test)]
mod checks_catalog;
mod data;
mod history;
mod history_model;
mod history_read;
mod load;
pub mod queue;
mod serve;

pub use data::*;
pub use history::{HISTORY_JSON, HistoryCounts, load_history};
pub use load::*;
pub use serve::*;
