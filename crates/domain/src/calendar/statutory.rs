//! The holidays the law itself fixes, for years whose State Council schedule is not entered yet.
//!
//! 《全国年节及纪念日放假办法》 as revised by 国务院令第797号 (2024-11-10, in force 2025-01-01),
//! 第二条: 元旦 1 day (1 January); 春节 4 days (除夕 and 正月初一 to 初三); 清明节 1 day (the
//! 清明 solar term); 劳动节 2 days (1–2 May); 端午节 1 day (五月初五); 中秋节 1 day (八月十五);
//! 国庆节 3 days (1–3 October). 第六条: a day of these falling on a Saturday or Sunday is given back
//! on a working day (补假). The yearly notice usually also moves days around (调休) to make longer
//! breaks; that cannot be foreseen, so deadlines counted over such a year are *provisional* and
//! are recomputed once the schedule is entered.
//!
//! Lunar dates and the solar term come from `tyme4rs` (ShouXing astronomical algorithms), which
//! covers every year of the table.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use tyme4rs::tyme::lunar::LunarDay;
use tyme4rs::tyme::solar::{SolarDay, SolarTerm};

use super::entry::{CalendarEntry, DayKind, TABLE_LAST_YEAR};

/// The first year the revised law applies to; earlier years without a schedule follow the weekday rule.
pub const LAW_FROM_YEAR: i32 = 2025;

fn date_of(s: SolarDay) -> NaiveDate {
    NaiveDate::from_ymd_opt(s.get_year() as i32, s.get_month() as u32, s.get_day() as u32).expect("tyme4rs answers valid dates")
}

fn lunar(year: i32, month: isize, day: usize) -> NaiveDate {
    date_of(LunarDay::from_ymd(year as isize, month, day).get_solar_day())
}

fn solar(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("fixed holiday dates are valid")
}

fn weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The festivals of `year` with their statutory days, in date order.
fn festivals(year: i32) -> Vec<(&'static str, Vec<NaiveDate>)> {
    let new_year = lunar(year, 1, 1);
    let eve = new_year.pred_opt().expect("the day before 春节 exists");
    let qingming = date_of(SolarTerm::from_name(year as isize, "清明").get_solar_day());
    vec![
        ("元旦", vec![solar(year, 1, 1)]),
        ("春节", vec![eve, new_year, new_year + Days::new(1), new_year + Days::new(2)]),
        ("清明节", vec![qingming]),
        ("劳动节", vec![solar(year, 5, 1), solar(year, 5, 2)]),
        ("端午节", vec![lunar(year, 5, 5)]),
        ("中秋节", vec![lunar(year, 8, 15)]),
        ("国庆节", vec![solar(year, 10, 1), solar(year, 10, 2), solar(year, 10, 3)]),
    ]
}

/// The statutory days off of `year` (`year ≥ LAW_FROM_YEAR`), 补假 included, in date order: each
/// festival day on a weekend is given back on the first following weekday that is not already off.
pub fn statutory(year: i32) -> Vec<CalendarEntry> {
    let all = festivals(year);
    let mut off: BTreeSet<NaiveDate> = all.iter().flat_map(|(_, days)| days.iter().copied()).collect();
    let mut out: Vec<CalendarEntry> = Vec::new();
    for (name, days) in &all {
        for d in days {
            if !out.iter().any(|e| e.date == *d) {
                out.push(CalendarEntry::new(*d, DayKind::Holiday, *name));
            }
        }
        let owed = days.iter().filter(|d| weekend(**d)).count();
        let mut d = *days.last().expect("every festival has a day");
        for _ in 0..owed {
            d = d.succ_opt().expect("补假 stays inside the calendar");
            while weekend(d) || off.contains(&d) {
                d = d.succ_opt().expect("补假 stays inside the calendar");
            }
            off.insert(d);
            out.push(CalendarEntry::new(d, DayKind::Holiday, format!("{name}补假")));
        }
    }
    out.sort_by_key(|e| e.date);
    out
}

/// [`statutory`] for every year the law and the table cover, computed once per process.
pub(super) fn by_year() -> &'static [(i32, Vec<CalendarEntry>)] {
    static ALL: OnceLock<Vec<(i32, Vec<CalendarEntry>)>> = OnceLock::new();
    ALL.get_or_init(|| (LAW_FROM_YEAR..=TABLE_LAST_YEAR).map(|y| (y, statutory(y))).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn dates(year: i32, name: &str) -> Vec<NaiveDate> {
        statutory(year).into_iter().filter(|e| e.name == name).map(|e| e.date).collect()
    }

    #[test]
    fn lunar_festivals_fall_on_their_published_dates() {
        // Against the State Council notices of 2025 and 2026 (the days the law names).
        assert_eq!(dates(2025, "春节"), vec![d(2025, 1, 28), d(2025, 1, 29), d(2025, 1, 30), d(2025, 1, 31)]);
        assert_eq!(dates(2025, "端午节"), vec![d(2025, 5, 31)]);
        assert_eq!(dates(2025, "中秋节"), vec![d(2025, 10, 6)]);
        assert_eq!(dates(2025, "清明节"), vec![d(2025, 4, 4)]);
        assert_eq!(dates(2026, "春节")[1], d(2026, 2, 17));
        assert_eq!(dates(2026, "清明节"), vec![d(2026, 4, 5)]);
        assert_eq!(dates(2026, "端午节"), vec![d(2026, 6, 19)]);
        assert_eq!(dates(2026, "中秋节"), vec![d(2026, 9, 25)]);
        // 2027: 春节 is 6 February (除夕 the 5th), 端午 9 June, 中秋 15 September, 清明 5 April.
        assert_eq!(dates(2027, "春节"), vec![d(2027, 2, 5), d(2027, 2, 6), d(2027, 2, 7), d(2027, 2, 8)]);
        assert_eq!(dates(2027, "端午节"), vec![d(2027, 6, 9)]);
        assert_eq!(dates(2027, "中秋节"), vec![d(2027, 9, 15)]);
        assert_eq!(dates(2027, "清明节"), vec![d(2027, 4, 5)]);
    }

    #[test]
    fn weekend_days_are_given_back() {
        // 2027-02-06 and 07 are Saturday and Sunday: two days back after 初三 (Mon 8th): Tue 9th, Wed 10th.
        assert_eq!(dates(2027, "春节补假"), vec![d(2027, 2, 9), d(2027, 2, 10)]);
        // 2027-10-01..03 are Fri, Sat, Sun: Mon 4th and Tue 5th.
        assert_eq!(dates(2027, "国庆节补假"), vec![d(2027, 10, 4), d(2027, 10, 5)]);
        // 2027-01-01 is a Friday: nothing owed.
        assert!(dates(2027, "元旦补假").is_empty());
    }

    #[test]
    fn every_year_has_thirteen_statutory_days_and_gives_back_only_weekdays() {
        for (year, entries) in by_year() {
            let festival = entries.iter().filter(|e| !e.name.ends_with("补假")).count();
            // 13 days, fewer only where two festivals share a date (中秋 on 1–3 October).
            assert!((12..=13).contains(&festival), "{year}: {festival} festival days");
            for e in entries.iter().filter(|e| e.name.ends_with("补假")) {
                assert!(!weekend(e.date), "{year}: 补假 {} on a weekend", e.date);
            }
            let unique: BTreeSet<_> = entries.iter().map(|e| e.date).collect();
            assert_eq!(unique.len(), entries.len(), "{year}: one entry per date");
            assert!(entries.iter().all(|e| e.validate().is_ok() && e.kind == DayKind::Holiday));
        }
    }
}
