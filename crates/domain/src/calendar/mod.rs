//! The working-day calendar (X2): which dates are 工作日, and working-day arithmetic over them.
//!
//! Time limits under 行政许可法 (第四十二条: 20 days, +10 with approval; 第八十二条: the days are
//! 工作日) and every 承诺时限 are counted in working days. A **working day** is a Monday–Friday date
//! that is not a 法定节假日 entry, or any date with a 调休上班 (make-up working day) entry. The
//! calendar is data, not logic: [`shipped`] holds the State Council schedules for 2024–2026 and
//! administrators add each new year's schedule as [`CalendarEntry`] rows.
//!
//! [`Calendar`] precomputes a dense table over 2000-01-01..=2099-12-31, widened to cover every entry
//! (8 bytes a day, so admit only entries passing [`CalendarEntry::validate`]), which makes
//! [`Calendar::add_working_days`] and [`Calendar::count_working_days`] O(1). Outside the table only
//! the weekday rule applies, evaluated in closed form, so every date chrono can represent is
//! answered exactly and without loops.
//!
//! Route semantics (CONTRACT.md): `add-working-days from=D days=N` is the date N working days after
//! D, D itself not counted; `count-working-days from=A to=B` is the number of working days in (A, B].

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate};

mod entry;
pub mod statutory;

pub use entry::{CalendarEntry, DayKind, TABLE_FIRST_YEAR, TABLE_LAST_YEAR};

/// A `(month, day)` pair.
type MonthDay = (u32, u32);

/// Holiday spans `(year, name, first day, last day)`, both ends included.
const HOLIDAYS: &[(i32, &str, MonthDay, MonthDay)] = &[
    // 国办发明电〔2023〕7号. 元旦 2023-12-30..31 belong to the 2023 calendar (weekend days anyway).
    (2024, "元旦", (1, 1), (1, 1)),
    (2024, "春节", (2, 10), (2, 17)),
    (2024, "清明节", (4, 4), (4, 6)),
    (2024, "劳动节", (5, 1), (5, 5)),
    (2024, "端午节", (6, 8), (6, 10)),
    (2024, "中秋节", (9, 15), (9, 17)),
    (2024, "国庆节", (10, 1), (10, 7)),
    // 国办发明电〔2024〕12号 (first year with 除夕 and 5月2日 as statutory days).
    (2025, "元旦", (1, 1), (1, 1)),
    (2025, "春节", (1, 28), (2, 4)),
    (2025, "清明节", (4, 4), (4, 6)),
    (2025, "劳动节", (5, 1), (5, 5)),
    (2025, "端午节", (5, 31), (6, 2)),
    (2025, "国庆节、中秋节", (10, 1), (10, 8)),
    // 国务院办公厅通知 of 2025-11-04.
    (2026, "元旦", (1, 1), (1, 3)),
    (2026, "春节", (2, 15), (2, 23)),
    (2026, "清明节", (4, 4), (4, 6)),
    (2026, "劳动节", (5, 1), (5, 5)),
    (2026, "端午节", (6, 19), (6, 21)),
    (2026, "中秋节", (9, 25), (9, 27)),
    (2026, "国庆节", (10, 1), (10, 7)),
];

/// Make-up working days `(year, name of the holiday it pays for, (month, day))`; all fall on Sat/Sun.
const MAKEUP_DAYS: &[(i32, &str, MonthDay)] = &[
    (2024, "春节", (2, 4)),
    (2024, "春节", (2, 18)),
    (2024, "清明节", (4, 7)),
    (2024, "劳动节", (4, 28)),
    (2024, "劳动节", (5, 11)),
    (2024, "中秋节", (9, 14)),
    (2024, "国庆节", (9, 29)),
    (2024, "国庆节", (10, 12)),
    (2025, "春节", (1, 26)),
    (2025, "春节", (2, 8)),
    (2025, "劳动节", (4, 27)),
    (2025, "国庆节、中秋节", (9, 28)),
    (2025, "国庆节、中秋节", (10, 11)),
    (2026, "元旦", (1, 4)),
    (2026, "春节", (2, 14)),
    (2026, "春节", (2, 28)),
    (2026, "劳动节", (5, 9)),
    (2026, "国庆节", (9, 20)),
    (2026, "国庆节", (10, 10)),
];

fn ymd(year: i32, (month, day): MonthDay) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("shipped calendar dates are valid dates")
}

/// The State Council holiday schedules for 2024, 2025 and 2026 (DOMAIN.md §8), in date order.
pub fn shipped() -> Vec<CalendarEntry> {
    let mut out: Vec<CalendarEntry> = HOLIDAYS
        .iter()
        .flat_map(|&(year, name, first, last)| {
            ymd(year, first)
                .iter_days()
                .take_while(move |d| *d <= ymd(year, last))
                .map(move |d| CalendarEntry::new(d, DayKind::Holiday, name))
        })
        .chain(MAKEUP_DAYS.iter().map(|&(year, name, md)| CalendarEntry::new(ymd(year, md), DayKind::Workday, name)))
        .collect();
    out.sort_by_key(|e| e.date);
    out
}

/// Weekday rank: `rank(b) - rank(a)` is the number of Monday–Friday dates in (a, b].
/// Day numbers are `num_days_from_ce` (day 1 = 0001-01-01, a Monday).
fn rank(day: i64) -> i64 {
    5 * day.div_euclid(7) + day.rem_euclid(7).min(5)
}

/// The Monday–Friday day number whose rank is `r` (inverse of [`rank`] on weekdays).
fn unrank(r: i64) -> i64 {
    7 * (r - 1).div_euclid(5) + (r - 1).rem_euclid(5) + 1
}

/// Working days per the table: answers in O(1) for every date chrono can represent.
#[derive(Clone)]
pub struct Calendar {
    entries: BTreeMap<NaiveDate, CalendarEntry>,
    /// Day number of the first table day.
    first: i32,
    /// `cum[i]`: working days in [first, first + i].
    cum: Vec<u32>,
    /// `nth[k]`: the (k+1)-th working day of the table.
    nth: Vec<NaiveDate>,
    /// Years counted on the statutory holidays alone (no schedule entered): their days are provisional.
    provisional: BTreeSet<i32>,
}

impl fmt::Debug for Calendar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Calendar")
            .field("entries", &self.entries.len())
            .field("table_days", &self.cum.len())
            .field("provisional", &self.provisional.len())
            .finish()
    }
}

impl Default for Calendar {
    /// The calendar of the [`shipped`] schedules, later years on the statutory holidays.
    fn default() -> Self {
        Self::with_law(&shipped())
    }
}

impl Calendar {
    /// Builds the tables. One entry per date is kept: a 调休上班 entry wins over a holiday entry on the
    /// same date, otherwise the first given wins. The table spans 2000–2099, widened to cover every entry.
    pub fn new(entries: &[CalendarEntry]) -> Calendar {
        let mut map = BTreeMap::new();
        for e in entries {
            match map.entry(e.date) {
                Entry::Vacant(v) => {
                    v.insert(e.clone());
                }
                Entry::Occupied(mut o) => {
                    if o.get().kind == DayKind::Holiday && e.kind == DayKind::Workday {
                        o.insert(e.clone());
                    }
                }
            }
        }
        let mut start = NaiveDate::from_ymd_opt(TABLE_FIRST_YEAR, 1, 1).expect("table start is a valid date");
        let mut end = NaiveDate::from_ymd_opt(TABLE_LAST_YEAR, 12, 31).expect("table end is a valid date");
        if let (Some((&lo, _)), Some((&hi, _))) = (map.first_key_value(), map.last_key_value()) {
            start = start.min(lo);
            end = end.max(hi);
        }
        let len = usize::try_from(end.num_days_from_ce() - start.num_days_from_ce() + 1).expect("table end is after its start");
        let mut cum = Vec::with_capacity(len);
        let mut nth = Vec::with_capacity(len * 5 / 7 + 16);
        let mut count = 0u32;
        for d in start.iter_days().take(len) {
            let working = match map.get(&d).map(|e: &CalendarEntry| e.kind) {
                Some(DayKind::Workday) => true,
                Some(DayKind::Holiday) => false,
                None => d.weekday().num_days_from_monday() < 5,
            };
            if working {
                count += 1;
                nth.push(d);
            }
            cum.push(count);
        }
        Calendar { entries: map, first: start.num_days_from_ce(), cum, nth, provisional: BTreeSet::new() }
    }

    /// The calendar of `entries` where a year from [`statutory::LAW_FROM_YEAR`] on has entries of
    /// its own (its State Council schedule), and of the [`statutory`] holidays where it has none;
    /// those years are [`Self::is_provisional`].
    pub fn with_law(entries: &[CalendarEntry]) -> Calendar {
        let scheduled: BTreeSet<i32> = entries.iter().map(|e| e.date.year()).collect();
        let mut all = entries.to_vec();
        let mut provisional = BTreeSet::new();
        for (year, days) in statutory::by_year() {
            if !scheduled.contains(year) {
                all.extend(days.iter().cloned());
                provisional.insert(*year);
            }
        }
        Calendar { provisional, ..Calendar::new(&all) }
    }

    /// Whether `year` is counted on the statutory holidays only, its schedule not entered yet.
    pub fn is_provisional(&self, year: i32) -> bool {
        self.provisional.contains(&year)
    }

    /// Whether a span from `from` to `to` (either order) crosses a [provisional](Self::is_provisional) year.
    pub fn provisional_between(&self, from: NaiveDate, to: NaiveDate) -> bool {
        let (a, b) = if from <= to { (from.year(), to.year()) } else { (to.year(), from.year()) };
        self.provisional.range(a..=b).next().is_some()
    }

    /// Index of `d` in the table, if inside it.
    fn index(&self, d: NaiveDate) -> Option<usize> {
        usize::try_from(d.num_days_from_ce() - self.first).ok().filter(|&i| i < self.cum.len())
    }

    fn last_day(&self) -> i64 {
        i64::from(self.first) + self.cum.len() as i64 - 1
    }

    fn total(&self) -> i64 {
        i64::from(self.cum.last().copied().unwrap_or(0))
    }

    /// Global working-day ordinal: `ord(b) - ord(a)` is the number of working days in (a, b].
    fn ordinal(&self, day: i64) -> i64 {
        let first = i64::from(self.first);
        if day < first {
            rank(day) - rank(first - 1)
        } else if day <= self.last_day() {
            i64::from(self.cum[(day - first) as usize])
        } else {
            self.total() + rank(day) - rank(self.last_day())
        }
    }

    /// The working day whose ordinal is `t` (inverse of [`Self::ordinal`] on working days).
    fn day_of_ordinal(&self, t: i64) -> Option<NaiveDate> {
        let day = if t <= 0 {
            unrank(t + rank(i64::from(self.first) - 1))
        } else if t <= self.total() {
            return Some(self.nth[(t - 1) as usize]);
        } else {
            unrank(t - self.total() + rank(self.last_day()))
        };
        NaiveDate::from_num_days_from_ce_opt(i32::try_from(day).ok()?)
    }

    /// Whether `d` is a working day (weekday and not a holiday, or a make-up working day).
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        match self.index(d) {
            Some(0) => self.cum[0] == 1,
            Some(i) => self.cum[i] != self.cum[i - 1],
            None => d.weekday().num_days_from_monday() < 5,
        }
    }

    /// The holiday or make-up entry on `d`, if any.
    pub fn kind_of(&self, d: NaiveDate) -> Option<&CalendarEntry> {
        self.entries.get(&d)
    }

    /// The entries of one calendar year, in date order.
    pub fn entries_in_year(&self, year: i32) -> impl Iterator<Item = &CalendarEntry> + '_ {
        let range = NaiveDate::from_ymd_opt(year, 1, 1).zip(NaiveDate::from_ymd_opt(year, 12, 31));
        range.map(|(a, b)| self.entries.range(a..=b)).into_iter().flatten().map(|(_, e)| e)
    }

    /// All entries, in date order.
    pub fn entries(&self) -> impl Iterator<Item = &CalendarEntry> + '_ {
        self.entries.values()
    }

    /// The date `n` working days after `from` (`from` itself not counted); `n = 0` returns `from`
    /// unchanged even if it is not a working day. Saturates at `NaiveDate::MAX` past chrono's range.
    #[inline]
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        self.checked_add_working_days(from, n).unwrap_or(NaiveDate::MAX)
    }

    /// Like [`Self::add_working_days`], `None` when the result is past chrono's date range.
    #[inline]
    pub fn checked_add_working_days(&self, from: NaiveDate, n: u32) -> Option<NaiveDate> {
        if n == 0 {
            return Some(from);
        }
        // Fast path: `from` and the result inside the table.
        if let Some(i) = self.index(from)
            && let Some(&d) = self.nth.get(self.cum[i] as usize + n as usize - 1)
        {
            return Some(d);
        }
        self.day_of_ordinal(self.ordinal(i64::from(from.num_days_from_ce())) + i64::from(n))
    }

    /// Working days in (from, to]; 0 when `to <= from`.
    #[inline]
    pub fn count_working_days(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        if to <= from {
            return 0;
        }
        let (a, b) = (i64::from(from.num_days_from_ce()), i64::from(to.num_days_from_ce()));
        u32::try_from(self.ordinal(b) - self.ordinal(a)).unwrap_or(u32::MAX)
    }

    /// The first working day strictly after `d` (saturates at `NaiveDate::MAX`).
    pub fn next_working_day(&self, d: NaiveDate) -> NaiveDate {
        self.add_working_days(d, 1)
    }

    /// `d` if it is a working day, else the next working day after it.
    pub fn working_day_on_or_after(&self, d: NaiveDate) -> NaiveDate {
        if self.is_working_day(d) { d } else { self.next_working_day(d) }
    }
}

/// Times `iterations` calls of [`Calendar::add_working_days`] over 1024 varied (date, n) inputs
/// (dates across 2000–2099, n in 0..=63); the `yichuang bench` command reports the result.
pub fn bench_add_working_days(cal: &Calendar, iterations: u64) -> Duration {
    let base = NaiveDate::from_ymd_opt(TABLE_FIRST_YEAR, 1, 1).expect("bench base is a valid date");
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let inputs: Vec<(NaiveDate, u32)> = (0..1024)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let day = base + chrono::Days::new(x % 36_400);
            (day, (x >> 32) as u32 % 64)
        })
        .collect();
    let started = Instant::now();
    for i in 0..iterations {
        let (from, n) = inputs[(i & 1023) as usize];
        black_box(cal.add_working_days(black_box(from), black_box(n)));
    }
    started.elapsed()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn cal() -> Calendar {
        Calendar::default()
    }

    /// The shipped schedules and the statutory holidays of the later years, as the default calendar holds them.
    fn law_entries() -> Vec<CalendarEntry> {
        cal().entries().cloned().collect()
    }

    /// Naive oracle: a map of entries and day-by-day loops.
    struct Naive(BTreeMap<NaiveDate, DayKind>);

    impl Naive {
        fn new(entries: &[CalendarEntry]) -> Self {
            let mut m = BTreeMap::new();
            for e in entries {
                let k = m.entry(e.date).or_insert(e.kind);
                if e.kind == DayKind::Workday {
                    *k = DayKind::Workday;
                }
            }
            Naive(m)
        }
        fn working(&self, d: NaiveDate) -> bool {
            match self.0.get(&d) {
                Some(DayKind::Workday) => true,
                Some(DayKind::Holiday) => false,
                None => !matches!(d.weekday(), Weekday::Sat | Weekday::Sun),
            }
        }
        fn add(&self, from: NaiveDate, n: u32) -> NaiveDate {
            let (mut d, mut left) = (from, n);
            while left > 0 {
                d = d.succ_opt().unwrap();
                if self.working(d) {
                    left -= 1;
                }
            }
            d
        }
        fn count(&self, from: NaiveDate, to: NaiveDate) -> u32 {
            from.iter_days().skip(1).take_while(|x| *x <= to).filter(|x| self.working(*x)).count() as u32
        }
    }

    #[test]
    fn shipped_schedule_is_as_published() {
        let all = shipped();
        for e in &all {
            if e.kind == DayKind::Workday {
                assert!(matches!(e.date.weekday(), Weekday::Sat | Weekday::Sun), "make-up day {} is a weekday", e.date);
            }
            e.validate().unwrap();
        }
        let dates: std::collections::BTreeSet<_> = all.iter().map(|e| e.date).collect();
        assert_eq!(dates.len(), all.len(), "one entry per date");
        let holidays = |y| all.iter().filter(|e| e.date.year() == y && e.kind == DayKind::Holiday).count();
        let makeups = |y| all.iter().filter(|e| e.date.year() == y && e.kind == DayKind::Workday).count();
        // 2024: 1+8+3+5+3+3+7; 2025: 1+8+3+5+3+8; 2026: 3+9+3+5+3+3+7.
        assert_eq!((holidays(2024), makeups(2024)), (30, 8));
        assert_eq!((holidays(2025), makeups(2025)), (28, 5));
        assert_eq!((holidays(2026), makeups(2026)), (33, 6));
        // Spot checks against the notices.
        let c = cal();
        assert_eq!(c.kind_of(d(2025, 1, 28)).map(|e| (e.kind, e.name.as_str())), Some((DayKind::Holiday, "春节")));
        assert_eq!(c.kind_of(d(2025, 10, 11)).map(|e| e.kind), Some(DayKind::Workday));
        assert!(c.kind_of(d(2023, 12, 31)).is_none());
        assert!(c.kind_of(d(2024, 2, 9)).is_none(), "除夕 2024 was not an official day off");
        assert_eq!(c.entries_in_year(2025).count(), 33);
        assert_eq!(c.entries_in_year(2023).count(), 0);
        assert_eq!(c.entries_in_year(i32::MAX).count(), 0);
        assert_eq!(DayKind::Workday.label(), "调休上班");
        assert_eq!(serde_json::to_string(&DayKind::Holiday).unwrap(), "\"holiday\"");
    }

    #[test]
    fn hand_checked_dates() {
        let c = cal();
        assert_eq!(c.add_working_days(d(2024, 9, 30), 1), d(2024, 10, 8), "国庆 10/1–10/7");
        assert_eq!(c.add_working_days(d(2025, 1, 24), 1), d(2025, 1, 26), "Sunday make-up day");
        assert_eq!(c.add_working_days(d(2025, 1, 26), 1), d(2025, 1, 27));
        assert_eq!(c.add_working_days(d(2025, 1, 27), 1), d(2025, 2, 5), "春节 1/28–2/4");
        assert_eq!(c.add_working_days(d(2024, 9, 27), 5), d(2024, 10, 10), "9/29 (Sun), 9/30, 10/8, 10/9, 10/10");
        assert_eq!(c.add_working_days(d(2024, 10, 1), 0), d(2024, 10, 1), "n = 0 returns from");
        assert!(c.is_working_day(d(2026, 2, 14)));
        assert!(!c.is_working_day(d(2026, 2, 16)));
        assert!(!c.is_working_day(d(2026, 1, 2)), "元旦 on a Friday");
        assert!(c.is_working_day(d(2026, 1, 4)), "Sunday make-up");
        assert_eq!(c.next_working_day(d(2026, 2, 13)), d(2026, 2, 14));
        assert_eq!(c.next_working_day(d(2026, 2, 14)), d(2026, 2, 24));
        assert_eq!(c.working_day_on_or_after(d(2026, 2, 15)), d(2026, 2, 24));
        assert_eq!(c.working_day_on_or_after(d(2026, 2, 24)), d(2026, 2, 24));
        assert_eq!(c.count_working_days(d(2024, 9, 30), d(2024, 10, 8)), 1);
        assert_eq!(c.count_working_days(d(2024, 10, 8), d(2024, 9, 30)), 0);
        assert_eq!(c.count_working_days(d(2024, 10, 8), d(2024, 10, 8)), 0);
    }

    #[test]
    fn years_without_a_schedule_follow_the_law_and_are_provisional() {
        let c = cal();
        // The defect this fixes: 15 working days from 2026-12-20 counted 2027-01-01 (元旦) as a working day.
        assert_eq!(c.add_working_days(d(2026, 12, 20), 15), d(2027, 1, 11));
        assert!(!c.is_working_day(d(2027, 1, 1)));
        assert!(c.provisional_between(d(2026, 12, 20), d(2027, 1, 11)));
        assert!(!c.provisional_between(d(2026, 1, 1), d(2026, 12, 31)), "2026 has its published schedule");
        assert!(!c.is_provisional(2024) && !c.is_provisional(2023), "the law applies from 2025; the past stays as entered");
        assert!(c.is_provisional(2027) && c.is_provisional(2099));
        // Entering a year's schedule replaces the law's estimate for that year, and only that year.
        let mut entries = shipped();
        entries.push(CalendarEntry::new(d(2027, 1, 1), DayKind::Holiday, "元旦"));
        entries.push(CalendarEntry::new(d(2027, 2, 20), DayKind::Workday, "春节"));
        let entered = Calendar::with_law(&entries);
        assert!(!entered.is_provisional(2027) && entered.is_provisional(2028));
        assert!(entered.is_working_day(d(2027, 2, 9)), "no 补假 estimate once 2027 is entered");
        assert!(entered.is_working_day(d(2027, 2, 20)));
        // `new` is exactly the entries: the weekday rule elsewhere.
        assert!(Calendar::new(&shipped()).is_working_day(d(2027, 10, 4)));
        assert!(!c.is_working_day(d(2027, 10, 4)), "国庆 补假 under the law");
    }

    #[test]
    fn working_days_per_year() {
        // By hand: weekdays − holidays on weekdays + make-up days.
        // 2024: 262 − 19 + 8 = 251; 2025: 261 − 18 + 5 = 248; 2026: 261 − 19 + 6 = 248.
        // 2027 (no schedule: the law's 13 days, 6 of them on weekends and given back on weekdays):
        // 261 − 7 − 6 = 248.
        let c = cal();
        let naive = Naive::new(&law_entries());
        for (y, n) in [(2024, 251), (2025, 248), (2026, 248), (2027, 248)] {
            let (a, b) = (d(y - 1, 12, 31), d(y, 12, 31));
            assert_eq!(c.count_working_days(a, b), n, "{y}");
            assert_eq!(naive.count(a, b), n, "{y} (naive)");
        }
    }

    #[test]
    fn extreme_dates_do_not_panic() {
        let c = cal();
        assert_eq!(c.add_working_days(NaiveDate::MAX, 1), NaiveDate::MAX);
        assert_eq!(c.checked_add_working_days(d(2024, 1, 1), u32::MAX), None);
        assert_eq!(c.add_working_days(d(2024, 1, 1), u32::MAX), NaiveDate::MAX);
        let first = c.add_working_days(NaiveDate::MIN, 1);
        assert!(first > NaiveDate::MIN && c.is_working_day(first));
        let all = c.count_working_days(NaiveDate::MIN, NaiveDate::MAX);
        assert!(all > 100_000_000);
        assert_eq!(c.count_working_days(NaiveDate::MIN, first), 1);
        // The last working day chrono can represent, and one past it.
        let last = (0..7).map(|k| NaiveDate::MAX - chrono::Days::new(k)).find(|x| c.is_working_day(*x)).unwrap();
        let before = c.add_working_days(last, 0) - chrono::Days::new(7);
        assert_eq!(c.checked_add_working_days(before, 5), Some(last));
        assert_eq!(c.checked_add_working_days(before, 6), None);
    }

    #[test]
    fn entries_outside_the_default_span_widen_it() {
        let far = [CalendarEntry::new(d(1995, 3, 1), DayKind::Holiday, "x"), CalendarEntry::new(d(2105, 3, 3), DayKind::Workday, "y")];
        let c = Calendar::new(&far);
        assert!(!c.is_working_day(d(1995, 3, 1)), "a Wednesday holiday");
        assert!(c.is_working_day(d(2105, 3, 3)), "a Saturday make-up day");
        assert_eq!(c.add_working_days(d(1995, 2, 28), 1), d(1995, 3, 2));
        assert_eq!(c.add_working_days(d(2105, 3, 2), 1), d(2105, 3, 3));
    }

    #[test]
    fn conflicting_entries_prefer_the_make_up_day() {
        let e = [CalendarEntry::new(d(2030, 1, 5), DayKind::Holiday, "a"), CalendarEntry::new(d(2030, 1, 5), DayKind::Workday, "b")];
        let c = Calendar::new(&e);
        assert!(c.is_working_day(d(2030, 1, 5)));
        assert_eq!(c.kind_of(d(2030, 1, 5)).unwrap().name, "b");
    }

    #[test]
    fn entry_validation_messages() {
        let e = CalendarEntry::new(d(1999, 1, 1), DayKind::Holiday, " ");
        let err = e.validate().unwrap_err();
        assert_eq!(err.message_for("name"), Some("请填写节日名称"));
        assert!(err.message_for("date").is_some());
        assert!(DayKind::parse("kind", "调休上班").is_ok());
        assert!(DayKind::parse("kind", "weekend").is_err());
    }

    #[test]
    fn bench_reports_a_rate() {
        let c = cal();
        let iterations = if cfg!(debug_assertions) { 200_000 } else { 100_000_000 };
        let took = bench_add_working_days(&c, iterations);
        let rate = iterations as f64 / took.as_secs_f64();
        println!("add_working_days: {iterations} calls in {took:?} = {:.1} M calls/s ({:.2} ns/call)", rate / 1e6, 1e9 / rate);
    }

    fn date_in(lo: i32, hi: i32) -> impl Strategy<Value = NaiveDate> {
        let (a, b) = (d(lo, 1, 1).num_days_from_ce(), d(hi, 12, 31).num_days_from_ce());
        (a..=b).prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap())
    }

    fn small_calendar() -> impl Strategy<Value = Vec<CalendarEntry>> {
        let kind = prop_oneof![Just(DayKind::Holiday), Just(DayKind::Workday)];
        prop::collection::vec((date_in(1990, 2110), kind).prop_map(|(d, k)| CalendarEntry::new(d, k, "x")), 0..40)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn fast_path_matches_naive_oracle(entries in small_calendar(), from in date_in(1990, 2110), n in 0u32..400, span in 0u64..1500) {
            let c = Calendar::new(&entries);
            let naive = Naive::new(&entries);
            prop_assert_eq!(c.add_working_days(from, n), naive.add(from, n));
            let to = from + chrono::Days::new(span);
            prop_assert_eq!(c.count_working_days(from, to), naive.count(from, to));
            prop_assert_eq!(c.is_working_day(from), naive.working(from));
            // Cluster the query dates around the entries too.
            if let Some(e) = entries.first() {
                let near = e.date - chrono::Days::new(span % 20);
                prop_assert_eq!(c.add_working_days(near, n % 30), naive.add(near, n % 30));
                prop_assert_eq!(c.count_working_days(near, to), naive.count(near, to));
            }
        }

        #[test]
        fn shipped_matches_naive_oracle(from in date_in(2023, 2027), n in 0u32..300) {
            let c = cal();
            let naive = Naive::new(&law_entries());
            prop_assert_eq!(c.add_working_days(from, n), naive.add(from, n));
            prop_assert_eq!(c.next_working_day(from), naive.add(from, 1));
        }

        #[test]
        fn far_dates_follow_the_weekday_rule(from in date_in(-3000, 9000), n in 0u32..50) {
            let c = cal();
            let naive = Naive::new(&law_entries());
            let to = c.add_working_days(from, n);
            prop_assert_eq!(to, naive.add(from, n));
            prop_assert_eq!(c.count_working_days(from, to), n);
        }

        #[test]
        fn add_and_count_are_inverse(entries in small_calendar(), from in date_in(1990, 2110), n in 0u32..5000) {
            let c = Calendar::new(&entries);
            let to = c.add_working_days(from, n);
            prop_assert_eq!(c.count_working_days(from, to), n);
            if n >= 1 {
                prop_assert!(c.is_working_day(to));
                prop_assert!(c.add_working_days(from, n - 1) < to, "add is strictly monotonic in n");
            }
        }

        #[test]
        fn count_is_additive(entries in small_calendar(), a in date_in(1990, 2110), x in 0u64..20_000, y in 0u64..20_000) {
            let c = Calendar::new(&entries);
            let b = a + chrono::Days::new(x);
            let e = b + chrono::Days::new(y);
            prop_assert_eq!(c.count_working_days(a, b) + c.count_working_days(b, e), c.count_working_days(a, e));
        }
    }
}
