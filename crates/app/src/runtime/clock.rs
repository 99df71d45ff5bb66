//! Where "now" comes from, and the business day's time zone (Asia/Shanghai, UTC+8).

use std::sync::{Arc, Mutex};

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// Where "now" comes from: the system clock, or a fixed instant that tests move by hand.
#[derive(Clone, Debug)]
pub enum Clock {
    System,
    Fixed(Arc<Mutex<DateTime<Utc>>>),
}

/// China Standard Time; the business day of a hall is a date in this offset (no DST since 1991).
pub fn cst() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

impl Clock {
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            // Microseconds: what PostgreSQL keeps, so a time read back equals the one written.
            Clock::System => chrono::SubsecRound::trunc_subsecs(Utc::now(), 6),
            Clock::Fixed(t) => *t.lock().expect("clock mutex is never poisoned"),
        }
    }

    /// Today's business date in Asia/Shanghai.
    pub fn today(&self) -> NaiveDate {
        self.now().with_timezone(&cst()).date_naive()
    }

    /// Moves a fixed clock forward (tests only; a system clock ignores it).
    pub fn advance(&self, by: chrono::Duration) {
        if let Clock::Fixed(t) = self {
            let mut g = t.lock().expect("clock mutex is never poisoned");
            *g += by;
        }
    }
}
