//! The case clock (X2): working days used and deadlines of one 办件 under its two time limits.
//!
//! Rules enforced here (DOMAIN.md §4 and its clock rules):
//! - Limits are in working days ([`Calendar`]; 行政许可法 第八十二条). The 承诺时限 (promised) and
//!   the 法定时限 (statutory) limits are tracked separately.
//! - Counting starts the working day after 受理: day 1 is the first working day after `accepted_on`;
//!   the acceptance date itself never counts. `today` counts as used once it is a counted working day.
//! - A [`Pause`] covers the dates `[start, end)`: working days in it do not count (特别程序 under
//!   行政许可法 第四十五条 — 听证、招标、拍卖、检验、检测、检疫、鉴定、专家评审 — plus local 公示、勘验、
//!   上报、征求意见, and 受理后补正). The clock resumes on `end`; `end = None` means still paused.
//! - An [`Extension`] adds its days to the limit(s) it names, e.g. +10 to the statutory limit with
//!   the agency head's approval (行政许可法 第四十二条; +15 for joint handling).
//! - A deadline is the date of the limit's last counted working day. While a pause is open the
//!   deadline is `None` unless it falls before that pause starts (then it is already fixed).
//! - A limit of 0 working days (即办件) is due on the acceptance date itself.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Invalid;
use crate::calendar::Calendar;
use crate::org::coded_enum;

coded_enum!(
    /// One of a case's two time limits.
    Limit, "时限" {
        Promised = "promised", "承诺时限";
        Statutory = "statutory", "法定时限";
    }
);

coded_enum!(
    /// Which limit(s) an extension lengthens.
    ExtensionTarget, "延长对象" {
        Promised = "promised", "承诺时限";
        Statutory = "statutory", "法定时限";
        Both = "both", "承诺时限和法定时限";
    }
);

impl ExtensionTarget {
    /// Whether an extension with this target lengthens `limit`.
    pub fn extends(self, limit: Limit) -> bool {
        matches!(
            (self, limit),
            (ExtensionTarget::Both, _) | (ExtensionTarget::Promised, Limit::Promised) | (ExtensionTarget::Statutory, Limit::Statutory)
        )
    }
}

/// A span of dates `[start, end)` during which working days do not count; `end = None` while open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    pub start: NaiveDate,
    /// The date the clock resumes (itself counted if a working day); `None` while still paused.
    pub end: Option<NaiveDate>,
    /// Why the clock stopped, e.g. “专家评审” or “受理后补正”.
    pub reason: String,
}

impl Pause {
    /// Whether `d` lies in the pause.
    pub fn covers(&self, d: NaiveDate) -> bool {
        self.start <= d && self.end.is_none_or(|e| d < e)
    }
}

/// An approved lengthening of a limit by `days` working days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    pub days: u32,
    pub applies_to: ExtensionTarget,
}

/// The clock of one case: acceptance date, both limits, pauses and extensions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseClock {
    pub accepted_on: NaiveDate,
    pub promised_days: u32,
    pub statutory_days: u32,
    pub pauses: Vec<Pause>,
    pub extensions: Vec<Extension>,
}

impl CaseClock {
    /// A clock with no pauses and no extensions.
    pub fn new(accepted_on: NaiveDate, promised_days: u32, statutory_days: u32) -> Self {
        Self { accepted_on, promised_days, statutory_days, pauses: Vec::new(), extensions: Vec::new() }
    }

    /// The limit in working days, extensions included.
    pub fn limit_days(&self, limit: Limit) -> u32 {
        let base = match limit {
            Limit::Promised => self.promised_days,
            Limit::Statutory => self.statutory_days,
        };
        self.extensions.iter().filter(|e| e.applies_to.extends(limit)).fold(base, |acc, e| acc.saturating_add(e.days))
    }

    /// Whether `today` lies in a pause.
    pub fn is_paused(&self, today: NaiveDate) -> bool {
        self.pauses.iter().any(|p| p.covers(today))
    }

    /// Non-empty pauses as `(start, end)`, sorted and merged, so overlaps never count twice.
    fn spans(&self) -> Vec<(NaiveDate, Option<NaiveDate>)> {
        let mut spans: Vec<_> = self.pauses.iter().filter(|p| p.end.is_none_or(|e| e > p.start)).map(|p| (p.start, p.end)).collect();
        spans.sort_by_key(|s| s.0);
        let mut merged: Vec<(NaiveDate, Option<NaiveDate>)> = Vec::with_capacity(spans.len());
        for (s, e) in spans {
            match merged.last_mut() {
                Some((_, last)) if last.is_none_or(|l| s <= l) => *last = last.zip(e).map(|(a, b)| a.max(b)),
                _ => merged.push((s, e)),
            }
        }
        merged
    }

    /// Working days counted in (accepted_on, today], paused working days excluded.
    pub fn used_days(&self, cal: &Calendar, today: NaiveDate) -> u32 {
        let acc = self.accepted_on;
        let mut used = cal.count_working_days(acc, today);
        for (s, e) in self.spans() {
            // Pause [s, e) is (s − 1, e − 1]; intersect with (acc, today].
            let lo = s.pred_opt().map_or(acc, |p| p.max(acc));
            let hi = match e {
                None => today,
                Some(e) => match e.pred_opt() {
                    Some(p) => p.min(today),
                    None => continue,
                },
            };
            used = used.saturating_sub(cal.count_working_days(lo, hi));
        }
        used
    }

    /// The date of the limit's last counted working day given the pauses so far; `None` while an
    /// open pause starts on or before it (unknown until the clock resumes).
    pub fn deadline(&self, cal: &Calendar, limit: Limit) -> Option<NaiveDate> {
        let mut need = self.limit_days(limit);
        if need == 0 {
            return Some(self.accepted_on);
        }
        // Counting resumes on the day after `cursor`.
        let mut cursor = self.accepted_on;
        for (s, e) in self.spans() {
            if let Some(before) = s.pred_opt()
                && before > cursor
            {
                let available = cal.count_working_days(cursor, before);
                if need <= available {
                    return Some(cal.add_working_days(cursor, need));
                }
                need -= available;
            }
            cursor = cursor.max(e?.pred_opt()?);
        }
        Some(cal.add_working_days(cursor, need))
    }

    /// The promised (承诺) deadline; see [`Self::deadline`].
    pub fn promised_deadline(&self, cal: &Calendar) -> Option<NaiveDate> {
        self.deadline(cal, Limit::Promised)
    }

    /// The statutory (法定) deadline; see [`Self::deadline`].
    pub fn statutory_deadline(&self, cal: &Calendar) -> Option<NaiveDate> {
        self.deadline(cal, Limit::Statutory)
    }

    /// Working days left of `limit` as of `today` (0 on the deadline day, negative once overdue).
    pub fn remaining(&self, cal: &Calendar, limit: Limit, today: NaiveDate) -> i64 {
        i64::from(self.limit_days(limit)) - i64::from(self.used_days(cal, today))
    }

    /// Working days left of the promised limit (negative once overdue).
    pub fn remaining_promised(&self, cal: &Calendar, today: NaiveDate) -> i64 {
        self.remaining(cal, Limit::Promised, today)
    }

    /// Working days left of the statutory limit (negative once overdue).
    pub fn remaining_statutory(&self, cal: &Calendar, today: NaiveDate) -> i64 {
        self.remaining(cal, Limit::Statutory, today)
    }

    /// Share of `limit` used: used ÷ limit, so 1.0 on the deadline day and > 1.0 once overdue.
    /// A zero limit (即办件) gives 1.0 + used: 1.0 on the acceptance day, > 1.0 after. Always finite.
    pub fn share_used(&self, cal: &Calendar, limit: Limit, today: NaiveDate) -> f64 {
        let (used, days) = (f64::from(self.used_days(cal, today)), self.limit_days(limit));
        if days == 0 { 1.0 + used } else { used / f64::from(days) }
    }

    /// Share of the promised limit used (the 80 % 提醒 rule reads this).
    pub fn share_used_promised(&self, cal: &Calendar, today: NaiveDate) -> f64 {
        self.share_used(cal, Limit::Promised, today)
    }

    /// Share of the statutory limit used.
    pub fn share_used_statutory(&self, cal: &Calendar, today: NaiveDate) -> f64 {
        self.share_used(cal, Limit::Statutory, today)
    }

    /// Checks pauses (reason given, start on/after acceptance, end ≥ start, no overlap, at most the
    /// last one open), extensions (days ≥ 1) and promised ≤ statutory, both with extensions.
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        for (i, p) in self.pauses.iter().enumerate() {
            if p.reason.trim().is_empty() {
                inv.push(&format!("pauses[{i}].reason"), "请填写暂停原因");
            }
            if p.start < self.accepted_on {
                inv.push(&format!("pauses[{i}].start"), format!("暂停开始日期 {} 早于受理日期 {}", p.start, self.accepted_on));
            }
            if let Some(e) = p.end
                && e < p.start
            {
                inv.push(&format!("pauses[{i}].end"), format!("暂停结束日期 {e} 早于开始日期 {}", p.start));
            }
        }
        let mut order: Vec<usize> = (0..self.pauses.len()).collect();
        order.sort_by_key(|&i| self.pauses[i].start);
        for w in order.windows(2) {
            let (a, b) = (&self.pauses[w[0]], &self.pauses[w[1]]);
            if a.end.is_none_or(|e| e > b.start) {
                inv.push(&format!("pauses[{}].start", w[1]), format!("暂停时段重叠：{} 开始的暂停尚未结束", a.start));
            }
        }
        for (i, e) in self.extensions.iter().enumerate() {
            if e.days == 0 {
                inv.push(&format!("extensions[{i}].days"), "延长天数应大于0");
            }
        }
        let (p, s) = (self.limit_days(Limit::Promised), self.limit_days(Limit::Statutory));
        if p > s {
            inv.push("promised_days", format!("承诺时限（含延长）{p}个工作日超过法定时限（含延长）{s}个工作日"));
        }
        inv.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, Days};
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn pause(start: NaiveDate, end: Option<NaiveDate>) -> Pause {
        Pause { start, end, reason: "专家评审".into() }
    }

    /// Naive oracle: walk day by day.
    fn counted(c: &CaseClock, cal: &Calendar, x: NaiveDate) -> bool {
        x > c.accepted_on && cal.is_working_day(x) && !c.is_paused(x)
    }

    fn naive_used(c: &CaseClock, cal: &Calendar, today: NaiveDate) -> u32 {
        c.accepted_on.iter_days().take_while(|x| *x <= today).filter(|x| counted(c, cal, *x)).count() as u32
    }

    #[test]
    fn acceptance_day_does_not_count() {
        let cal = Calendar::default();
        // Accepted Friday 2024-09-27: day 1 is Sunday 9/29 (make-up), then 9/30, 10/8, 10/9, 10/10.
        let c = CaseClock::new(d(2024, 9, 27), 5, 20);
        assert_eq!(c.used_days(&cal, d(2024, 9, 27)), 0);
        assert_eq!(c.used_days(&cal, d(2024, 9, 29)), 1);
        assert_eq!(c.used_days(&cal, d(2024, 10, 7)), 2);
        assert_eq!(c.promised_deadline(&cal), Some(d(2024, 10, 10)));
        assert_eq!(c.remaining_promised(&cal, d(2024, 10, 10)), 0);
        assert_eq!(c.remaining_promised(&cal, d(2024, 10, 11)), -1);
        assert_eq!(c.share_used_promised(&cal, d(2024, 10, 8)), 0.6);
        assert!(c.validate().is_ok());
    }

    #[test]
    fn pauses_skip_working_days_and_resume_on_end() {
        let cal = Calendar::default();
        let mut c = CaseClock::new(d(2024, 9, 27), 5, 20);
        // 补正 10/8–10/9; the clock resumes on 10/10: 10/10 (3), 10/11 (4), Saturday 10/12 make-up (5).
        c.pauses.push(Pause { start: d(2024, 10, 8), end: Some(d(2024, 10, 10)), reason: "受理后补正".into() });
        assert_eq!(c.promised_deadline(&cal), Some(d(2024, 10, 12)));
        assert_eq!(c.used_days(&cal, d(2024, 10, 9)), 2);
        assert!(c.is_paused(d(2024, 10, 9)));
        assert!(!c.is_paused(d(2024, 10, 10)));
        assert_eq!(c.used_days(&cal, d(2024, 10, 12)), 5);
    }

    #[test]
    fn overlapping_pauses_count_once() {
        let cal = Calendar::default();
        let mut c = CaseClock::new(d(2025, 3, 3), 5, 20);
        c.pauses = vec![pause(d(2025, 3, 4), Some(d(2025, 3, 7))), pause(d(2025, 3, 5), Some(d(2025, 3, 11)))];
        assert!(c.validate().is_err());
        // Counted: 3/4–3/10 paused, so 3/11, 3/12, 3/13, 3/14, 3/17.
        assert_eq!(c.used_days(&cal, d(2025, 3, 14)), naive_used(&c, &cal, d(2025, 3, 14)));
        assert_eq!(c.used_days(&cal, d(2025, 3, 14)), 4);
        assert_eq!(c.promised_deadline(&cal), Some(d(2025, 3, 17)));
    }

    #[test]
    fn open_pause_hides_deadlines_it_can_still_move() {
        let cal = Calendar::default();
        let mut c = CaseClock::new(d(2024, 9, 27), 5, 20);
        c.pauses.push(pause(d(2024, 10, 9), None));
        assert_eq!(c.promised_deadline(&cal), None, "3 days used, 2 left when the pause opened");
        assert_eq!(c.statutory_deadline(&cal), None);
        assert_eq!(c.used_days(&cal, d(2025, 1, 1)), 3);
        assert_eq!(c.remaining_promised(&cal, d(2025, 1, 1)), 2);
        assert!(c.is_paused(d(2030, 1, 1)));
        // A pause opened after the deadline passed cannot move it.
        let mut late = CaseClock::new(d(2024, 9, 27), 5, 20);
        late.pauses.push(pause(d(2024, 10, 11), None));
        assert_eq!(late.promised_deadline(&cal), Some(d(2024, 10, 10)));
    }

    #[test]
    fn extensions_lengthen_the_named_limit() {
        let cal = Calendar::default();
        let mut c = CaseClock::new(d(2025, 3, 3), 10, 20);
        let before = c.statutory_deadline(&cal).unwrap();
        c.extensions.push(Extension { days: 10, applies_to: ExtensionTarget::Statutory });
        assert_eq!(c.limit_days(Limit::Statutory), 30);
        assert_eq!(c.limit_days(Limit::Promised), 10);
        assert_eq!(c.statutory_deadline(&cal), Some(cal.add_working_days(before, 10)));
        c.extensions.push(Extension { days: 3, applies_to: ExtensionTarget::Both });
        assert_eq!((c.limit_days(Limit::Promised), c.limit_days(Limit::Statutory)), (13, 33));
    }

    #[test]
    fn immediate_cases_are_due_on_acceptance() {
        let cal = Calendar::default();
        let c = CaseClock::new(d(2025, 2, 1), 0, 0);
        assert_eq!(c.promised_deadline(&cal), Some(d(2025, 2, 1)));
        assert_eq!(c.share_used_promised(&cal, d(2025, 2, 1)), 1.0);
        assert_eq!(c.share_used_promised(&cal, d(2025, 2, 5)), 2.0, "2/5 is the first working day after 春节");
        assert_eq!(c.remaining_promised(&cal, d(2025, 2, 5)), -1);
    }

    #[test]
    fn validate_reports_each_problem_in_chinese() {
        let mut c = CaseClock::new(d(2025, 3, 3), 25, 20);
        c.pauses = vec![
            pause(d(2025, 3, 1), Some(d(2025, 3, 10))),
            pause(d(2025, 3, 5), None),
            Pause { start: d(2025, 4, 1), end: Some(d(2025, 3, 30)), reason: " ".into() },
        ];
        c.extensions.push(Extension { days: 0, applies_to: ExtensionTarget::Both });
        let err = c.validate().unwrap_err();
        assert!(err.message_for("pauses[0].start").unwrap().contains("早于受理日期"));
        assert!(err.message_for("pauses[1].start").unwrap().contains("重叠"));
        assert!(err.message_for("pauses[2].start").unwrap().contains("重叠"), "follows an open pause");
        assert_eq!(err.message_for("pauses[2].reason"), Some("请填写暂停原因"));
        assert!(err.message_for("pauses[2].end").is_some());
        assert_eq!(err.message_for("extensions[0].days"), Some("延长天数应大于0"));
        assert!(err.message_for("promised_days").unwrap().contains("超过法定时限"));
        // Adjacent pauses and an extension that makes room for the promised limit are fine.
        let mut ok = CaseClock::new(d(2025, 3, 3), 25, 20);
        ok.pauses = vec![pause(d(2025, 3, 5), Some(d(2025, 3, 7))), pause(d(2025, 3, 7), None)];
        ok.extensions.push(Extension { days: 10, applies_to: ExtensionTarget::Statutory });
        assert_eq!(ok.validate(), Ok(()));
        assert_eq!(serde_json::to_value(ExtensionTarget::Both).unwrap(), "both");
    }

    fn date_in(lo: i32, hi: i32) -> impl Strategy<Value = NaiveDate> {
        let (a, b) = (d(lo, 1, 1).num_days_from_ce(), d(hi, 12, 31).num_days_from_ce());
        (a..=b).prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap())
    }

    /// A valid clock: non-overlapping pauses laid out after acceptance from (gap, length) pairs,
    /// the last one possibly open.
    fn clock() -> impl Strategy<Value = CaseClock> {
        (
            date_in(2023, 2026),
            0u32..30,
            0u32..40,
            prop::collection::vec((0u64..15, 0u64..12), 0..4),
            any::<bool>(),
            prop::collection::vec((1u32..15, 0u8..3), 0..3),
        )
            .prop_map(|(acc, promised, extra, gaps, open, exts)| {
                let mut c = CaseClock::new(acc, promised, promised + extra);
                let mut at = acc;
                for (gap, len) in gaps {
                    let start = at + Days::new(gap);
                    at = start + Days::new(len);
                    c.pauses.push(pause(start, Some(at)));
                }
                if open && let Some(last) = c.pauses.last_mut() {
                    last.end = None;
                }
                for (days, t) in exts {
                    let applies_to = [ExtensionTarget::Statutory, ExtensionTarget::Both, ExtensionTarget::Promised][t as usize];
                    c.extensions.push(Extension { days, applies_to });
                }
                if c.limit_days(Limit::Promised) > c.limit_days(Limit::Statutory) {
                    c.extensions.retain(|e| e.applies_to != ExtensionTarget::Promised);
                }
                c
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn generated_clocks_are_valid(c in clock()) {
            prop_assert_eq!(c.validate(), Ok(()));
        }

        #[test]
        fn without_pauses_the_deadline_is_plain_addition(acc in date_in(2023, 2026), promised in 0u32..60) {
            let cal = Calendar::default();
            let c = CaseClock::new(acc, promised, promised + 10);
            prop_assert_eq!(c.promised_deadline(&cal), Some(cal.add_working_days(acc, promised)));
        }

        #[test]
        fn used_days_matches_the_naive_walk(c in clock(), ahead in 0u64..120) {
            let cal = Calendar::default();
            let today = c.accepted_on + Days::new(ahead);
            let used = c.used_days(&cal, today);
            prop_assert_eq!(used, naive_used(&c, &cal, today));
            prop_assert!(used <= cal.count_working_days(c.accepted_on, today));
            prop_assert!(c.used_days(&cal, today + Days::new(1)) >= used, "monotonic in today");
        }

        #[test]
        fn deadline_is_the_last_counted_day(c in clock()) {
            let cal = Calendar::default();
            for limit in [Limit::Promised, Limit::Statutory] {
                let days = c.limit_days(limit);
                match c.deadline(&cal, limit) {
                    Some(dl) if days == 0 => prop_assert_eq!(dl, c.accepted_on),
                    Some(dl) => {
                        prop_assert!(counted(&c, &cal, dl));
                        prop_assert_eq!(c.used_days(&cal, dl), days);
                        prop_assert_eq!(c.remaining(&cal, limit, dl), 0);
                    }
                    None => {
                        // Only while open, and only if the limit is not reached before the open pause.
                        let open = c.pauses.iter().find(|p| p.end.is_none());
                        prop_assert!(open.is_some());
                        let start = open.unwrap().start;
                        prop_assert!(c.used_days(&cal, start) < days);
                    }
                }
            }
        }

        #[test]
        fn pauses_never_bring_a_deadline_forward(c in clock(), start_gap in 0u64..40, len in 0u64..20) {
            let cal = Calendar::default();
            let mut plain = c.clone();
            plain.pauses.clear();
            let mut more = plain.clone();
            let start = c.accepted_on + Days::new(start_gap);
            more.pauses.push(pause(start, Some(start + Days::new(len))));
            for limit in [Limit::Promised, Limit::Statutory] {
                let (a, b) = (plain.deadline(&cal, limit).unwrap(), more.deadline(&cal, limit).unwrap());
                prop_assert!(b >= a);
                if let Some(with) = c.deadline(&cal, limit) {
                    prop_assert!(with >= a);
                }
                let working_in_pause = start.iter_days().take(len as usize).any(|x| x > c.accepted_on && cal.is_working_day(x));
                if !working_in_pause {
                    prop_assert_eq!(a, b, "a pause over non-working days changes nothing");
                }
            }
        }

        #[test]
        fn an_extension_moves_the_statutory_deadline_by_its_days(c in clock(), n in 1u32..30) {
            let cal = Calendar::default();
            let mut ext = c.clone();
            ext.extensions.push(Extension { days: n, applies_to: ExtensionTarget::Statutory });
            if let (Some(a), Some(b)) = (c.statutory_deadline(&cal), ext.statutory_deadline(&cal)) {
                prop_assert_eq!(ext.used_days(&cal, b) - ext.used_days(&cal, a), n);
                if c.pauses.iter().all(|p| p.end.is_some_and(|e| e <= a)) {
                    prop_assert_eq!(b, cal.add_working_days(a, n));
                }
            }
            prop_assert_eq!(c.promised_deadline(&cal), ext.promised_deadline(&cal));
        }
    }
}
