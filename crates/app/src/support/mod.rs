//! Helpers the features share: audit recording, input parsing, uploads and Excel workbooks.

pub mod audit;
pub mod input;
pub mod time;
pub mod uploads;
