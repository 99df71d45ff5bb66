//! Business-day time helpers (China Standard Time).

use chrono::{DateTime, NaiveDate, Utc};

use crate::cst;

/// Midnight China time at the start of `d`, as UTC.
pub fn start_of(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(0, 0, 0).expect("midnight exists").and_local_timezone(cst()).single().expect("a fixed offset is unambiguous").to_utc()
}
