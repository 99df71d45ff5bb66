//! Helpers the features share: audit recording, input parsing, rate limits, uploads and Excel workbooks.

pub mod audit;
pub mod input;
pub mod rate;
pub mod time;
pub mod uploads;
