//! Cases (办件, R6–R8, R16): the canonical state machine of DOMAIN.md §6 and the three-level warning
//! ladder on top of the working-day clock ([`crate::clock::CaseClock`]).
//!
//! Every transition is one [`Action`] checked by [`CaseStatus::after`]; the app layer carries it out.
//! [`warning`] answers, besides the level on a day, the days on which each level begins, so a sweep
//! only compares stored dates with today and touches only cases whose level changes.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;
use crate::catalog::CaseKind;
use crate::clock::{CaseClock, Limit};
use crate::org::coded_enum;

coded_enum!(
    /// Where a case came from.
    CaseChannel, "办件渠道" {
        Window = "window", "窗口";
        Online = "online", "网上申请";
        Mobile = "mobile", "移动端";
        Kiosk = "kiosk", "自助终端";
        Proxy = "proxy", "帮办代办";
    }
);

coded_enum!(
    /// The state of a case (DOMAIN.md §6, canonical).
    CaseStatus, "办件状态" {
        Draft = "draft", "网上未提交";
        Submitted = "submitted", "网上已提交";
        Prechecked = "prechecked", "预审通过";
        Received = "received", "已接件";
        SupplementRequested = "supplement_requested", "待补正（未受理）";
        NotAccepted = "not_accepted", "不予受理";
        Accepted = "accepted", "已受理";
        InReview = "in_review", "审查中";
        SpecialProcedure = "special_procedure", "特别程序中";
        SupplementAfterAccept = "supplement_after_accept", "已受理待补正";
        Approved = "approved", "审批通过";
        Denied = "denied", "审批不通过";
        ResultReady = "result_ready", "待出件";
        Delivered = "delivered", "已送达";
        Completed = "completed", "已办结";
        Withdrawn = "withdrawn", "已撤回";
        Void = "void", "已作废";
    }
);

coded_enum!(
    /// A transition of a case. Each one is a function in `app::cases`.
    Action, "办件操作" {
        Submit = "submit", "提交申请";
        Precheck = "precheck", "预审通过";
        Receive = "receive", "接件";
        RequestSupplement = "request_supplement", "一次性告知补正";
        Resubmit = "resubmit", "补正后重新提交";
        Accept = "accept", "受理";
        Reject = "reject", "不予受理";
        Settle = "settle", "即办办结";
        StartReview = "start_review", "开始审查";
        StartSpecial = "start_special", "启动特别程序";
        EndSpecial = "end_special", "结束特别程序";
        RequestMore = "request_more", "受理后补正";
        MoreReceived = "more_received", "补正材料已收";
        Extend = "extend", "延期";
        Approve = "approve", "审批通过";
        Deny = "deny", "审批不通过";
        PrepareResult = "prepare_result", "出件准备完成";
        Deliver = "deliver", "送达";
        Complete = "complete", "办结";
        Withdraw = "withdraw", "撤回";
        Void = "void", "作废";
    }
);

impl CaseStatus {
    /// The actions a case in this state allows.
    pub fn allowed(self) -> &'static [Action] {
        use Action as A;
        match self {
            CaseStatus::Draft => &[A::Submit, A::Withdraw, A::Void],
            CaseStatus::Submitted => &[A::Precheck, A::RequestSupplement, A::Reject, A::Withdraw, A::Void],
            CaseStatus::Prechecked => &[A::Receive, A::RequestSupplement, A::Withdraw, A::Void],
            CaseStatus::Received => &[A::Accept, A::RequestSupplement, A::Reject, A::Withdraw, A::Void],
            CaseStatus::SupplementRequested => &[A::Resubmit, A::Reject, A::Withdraw, A::Void],
            CaseStatus::Accepted => &[A::StartReview, A::Settle, A::Withdraw, A::Void],
            CaseStatus::InReview => &[A::StartSpecial, A::RequestMore, A::Extend, A::Approve, A::Deny, A::Withdraw, A::Void],
            CaseStatus::SpecialProcedure => &[A::EndSpecial, A::Withdraw, A::Void],
            CaseStatus::SupplementAfterAccept => &[A::MoreReceived, A::Withdraw, A::Void],
            CaseStatus::Approved | CaseStatus::Denied => &[A::PrepareResult, A::Void],
            CaseStatus::ResultReady => &[A::Deliver, A::Void],
            CaseStatus::Delivered => &[A::Complete],
            CaseStatus::NotAccepted | CaseStatus::Completed | CaseStatus::Withdrawn | CaseStatus::Void => &[],
        }
    }

    /// The actions a case of this kind allows in this state: 即办办结 only for an instant item (a
    /// 承诺件 goes to back-office review). Buttons and the API's `allowed` come from here.
    pub fn allowed_for(self, kind: CaseKind) -> Vec<Action> {
        self.allowed().iter().copied().filter(|a| *a != Action::Settle || kind == CaseKind::Instant).collect()
    }

    /// [`CaseStatus::after`] for a case of `kind`: refuses what [`CaseStatus::allowed_for`] leaves out.
    pub fn after_for(self, kind: CaseKind, action: Action) -> Result<CaseStatus, Refused> {
        if !self.allowed_for(kind).contains(&action) {
            return Err(Refused { from: self, action, kind: Some(kind) });
        }
        self.after(action)
    }

    /// Whether nothing more can happen to the case.
    pub fn is_final(self) -> bool {
        self.allowed().is_empty()
    }

    /// Whether the clock is stopped for the applicant or a special procedure.
    pub fn is_paused(self) -> bool {
        matches!(self, CaseStatus::SpecialProcedure | CaseStatus::SupplementAfterAccept)
    }

    /// Whether the case is between acceptance and decision: the span the time limits govern.
    pub fn is_running(self) -> bool {
        matches!(self, CaseStatus::Accepted | CaseStatus::InReview | CaseStatus::SpecialProcedure | CaseStatus::SupplementAfterAccept)
    }

    /// Whether the case has been decided (or settled) and only delivery remains or is done.
    pub fn is_decided(self) -> bool {
        matches!(self, CaseStatus::Approved | CaseStatus::Denied | CaseStatus::ResultReady | CaseStatus::Delivered | CaseStatus::Completed)
    }

    /// The state `action` leads to, or why it is not allowed here (naming what is).
    pub fn after(self, action: Action) -> Result<CaseStatus, Refused> {
        if !self.allowed().contains(&action) {
            return Err(Refused { from: self, action, kind: None });
        }
        Ok(match action {
            Action::Submit => CaseStatus::Submitted,
            Action::Precheck => CaseStatus::Prechecked,
            Action::Receive | Action::Resubmit => CaseStatus::Received,
            Action::RequestSupplement => CaseStatus::SupplementRequested,
            Action::Accept => CaseStatus::Accepted,
            Action::Reject => CaseStatus::NotAccepted,
            Action::Settle | Action::Complete => CaseStatus::Completed,
            Action::StartReview | Action::EndSpecial | Action::MoreReceived | Action::Extend => CaseStatus::InReview,
            Action::StartSpecial => CaseStatus::SpecialProcedure,
            Action::RequestMore => CaseStatus::SupplementAfterAccept,
            Action::Approve => CaseStatus::Approved,
            Action::Deny => CaseStatus::Denied,
            Action::PrepareResult => CaseStatus::ResultReady,
            Action::Deliver => CaseStatus::Delivered,
            Action::Withdraw => CaseStatus::Withdrawn,
            Action::Void => CaseStatus::Void,
        })
    }
}

impl Action {
    /// Decisions: under 受审分离 the person who accepted a case may never take them.
    pub fn is_decision(self) -> bool {
        matches!(self, Action::Approve | Action::Deny)
    }

    /// Whether the action needs a written reason.
    pub fn needs_reason(self) -> bool {
        matches!(self, Action::Reject | Action::Deny | Action::Withdraw | Action::Void | Action::Extend | Action::StartSpecial)
    }
}

/// A transition that the case's state does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    pub from: CaseStatus,
    pub action: Action,
    /// The case's kind when the refusal took it into account.
    pub kind: Option<CaseKind>,
}

impl Refused {
    /// The allowed actions' codes.
    pub fn allowed(&self) -> Vec<&'static str> {
        self.actions().iter().map(|a| a.code()).collect()
    }

    fn actions(&self) -> Vec<Action> {
        match self.kind {
            Some(k) => self.from.allowed_for(k),
            None => self.from.allowed().to_vec(),
        }
    }

    /// A Chinese message naming the state and what it allows.
    pub fn message(&self) -> String {
        let allowed: Vec<&str> = self.actions().iter().map(|a| a.label()).collect();
        let hint = if allowed.is_empty() {
            "该办件已结束，不能再操作".to_owned()
        } else {
            format!("当前可以：{}", allowed.join("、"))
        };
        let what = match (self.kind, self.action) {
            (Some(CaseKind::Promise), Action::Settle) => "承诺件须流转后台审查，不能当场即办办结".to_owned(),
            _ => format!("办件{}，不能{}", self.from.label(), self.action.label()),
        };
        format!("{what}；{hint}")
    }
}

/// The local supervision policy (DOMAIN.md §4: no national thresholds; these are defaults a site
/// or an item may change, shown as local policy).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Ladder {
    /// Level 1 (提醒) when this share of the promised limit is used, percent.
    pub remind_used_percent: u32,
    /// … or when this many working days or fewer are left.
    pub remind_days_left: u32,
    /// Level 3 (红牌) when level 2 has stood this many working days (or the statutory limit passes).
    pub red_after_working_days: u32,
}

impl Default for Ladder {
    fn default() -> Self {
        Ladder { remind_used_percent: 80, remind_days_left: 1, red_after_working_days: 2 }
    }
}

impl Ladder {
    /// The used working days at which level 1 begins for a promised limit of `limit` days.
    pub fn remind_at(&self, limit: u32) -> u32 {
        let by_share = (u64::from(limit) * u64::from(self.remind_used_percent)).div_ceil(100);
        let by_left = limit.saturating_sub(self.remind_days_left);
        u32::try_from(by_share).unwrap_or(u32::MAX).min(by_left)
    }
}

coded_enum!(
    /// The three-level warning ladder (三级提醒).
    Level, "预警级别" {
        None = "none", "正常";
        Remind = "remind", "提醒";
        Yellow = "yellow", "黄牌";
        Red = "red", "红牌";
    }
);

impl Level {
    /// 0 (none) to 3 (red), as stored.
    pub fn rank(self) -> i64 {
        match self {
            Level::None => 0,
            Level::Remind => 1,
            Level::Yellow => 2,
            Level::Red => 3,
        }
    }

    pub fn from_rank(n: i64) -> Level {
        match n {
            i64::MIN..=0 => Level::None,
            1 => Level::Remind,
            2 => Level::Yellow,
            _ => Level::Red,
        }
    }
}

/// Where a case stands on the warning ladder, and when it moves up next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub level: Level,
    /// The days on which levels 1, 2 and 3 begin; only while the clock runs (not paused or stopped).
    pub remind_on: Option<NaiveDate>,
    pub yellow_on: Option<NaiveDate>,
    pub red_on: Option<NaiveDate>,
}

impl Warning {
    /// The next level the case reaches if nothing happens, and the day it does.
    pub fn next_level(&self) -> Option<(Level, NaiveDate)> {
        [(Level::Remind, self.remind_on), (Level::Yellow, self.yellow_on), (Level::Red, self.red_on)]
            .into_iter()
            .filter(|(l, _)| l.rank() > self.level.rank())
            .find_map(|(l, d)| d.map(|d| (l, d)))
    }
}

fn next_day(d: NaiveDate) -> NaiveDate {
    d.succ_opt().unwrap_or(d)
}

/// The warning of a case with clock `c` on `today`; `stopped_on` is the day the clock stopped
/// (decision or settlement), if it has.
///
/// Level 1 begins on the day the used share reaches the ladder's percentage or the days left fall
/// to its minimum; level 2 the day after the promised deadline; level 3 the day after the statutory
/// deadline or once level 2 has stood the ladder's working days, whichever is first. A decided case
/// keeps the level it was decided at (decided late is still late); a paused one keeps the level it
/// had when the pause began, and nothing is scheduled until it resumes.
pub fn warning(cal: &Calendar, ladder: &Ladder, c: &CaseClock, stopped_on: Option<NaiveDate>, today: NaiveDate) -> Warning {
    let mut reminder = c.clone();
    reminder.promised_days = ladder.remind_at(c.limit_days(Limit::Promised));
    reminder.extensions.clear();
    let remind = reminder.promised_deadline(cal);
    let promised = c.promised_deadline(cal);
    let yellow = promised.map(next_day);
    let red = match (promised, c.statutory_deadline(cal)) {
        (Some(p), Some(s)) => Some(next_day(s).min(next_day(cal.add_working_days(p, ladder.red_after_working_days)))),
        (Some(p), None) => Some(next_day(cal.add_working_days(p, ladder.red_after_working_days))),
        (None, Some(s)) => Some(next_day(s)),
        (None, None) => None,
    };
    let open_pause = c.pauses.iter().find(|p| p.end.is_none()).map(|p| p.start);
    let (day, scheduled) = match (stopped_on, open_pause) {
        (Some(stop), _) => (stop, false),
        (None, Some(start)) => (start, false),
        (None, None) => (today, true),
    };
    let reached = |on: Option<NaiveDate>| on.is_some_and(|on| day >= on);
    let level = if reached(red) {
        Level::Red
    } else if reached(yellow) {
        Level::Yellow
    } else if reached(remind) {
        Level::Remind
    } else {
        Level::None
    };
    if scheduled {
        Warning { level, remind_on: remind, yellow_on: yellow, red_on: red }
    } else {
        Warning { level, remind_on: None, yellow_on: None, red_on: None }
    }
}

/// A case number: the site, the business day and a sequence, e.g. `0001-20261126-00042`.
pub fn case_no(site_id: i64, day: NaiveDate, seq: i64) -> String {
    format!("{site_id:04}-{}-{seq:05}", day.format("%Y%m%d"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cal() -> Calendar {
        Calendar::new(&crate::calendar::shipped())
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn clk(acc: &str, promised: u32, statutory: u32) -> CaseClock {
        CaseClock::new(d(acc), promised, statutory)
    }

    fn pause(from: &str, to: Option<&str>) -> crate::clock::Pause {
        crate::clock::Pause { start: d(from), end: to.map(d), reason: "专家评审".into() }
    }

    #[test]
    fn every_state_allows_exactly_its_actions_and_final_states_none() {
        for s in CaseStatus::ALL {
            for a in Action::ALL {
                let r = s.after(*a);
                assert_eq!(r.is_ok(), s.allowed().contains(a), "{s:?} {a:?}");
                if let Err(e) = r {
                    assert!(e.message().contains(s.label()), "{}", e.message());
                    assert_eq!(e.allowed().len(), s.allowed().len());
                }
            }
        }
        for s in [CaseStatus::NotAccepted, CaseStatus::Completed, CaseStatus::Withdrawn, CaseStatus::Void] {
            assert!(s.is_final());
        }
    }

    #[test]
    fn a_promise_case_is_never_offered_settle_and_an_instant_case_is() {
        for s in CaseStatus::ALL {
            let promise = s.allowed_for(CaseKind::Promise);
            let instant = s.allowed_for(CaseKind::Instant);
            assert!(!promise.contains(&Action::Settle), "{s:?}");
            assert_eq!(instant, s.allowed().to_vec(), "{s:?}");
            for a in Action::ALL {
                let r = s.after_for(CaseKind::Promise, *a);
                assert_eq!(r.is_ok(), promise.contains(a), "{s:?} {a:?}");
                if let Err(e) = r {
                    assert!(!e.allowed().contains(&"settle"), "{}", e.message());
                }
            }
        }
        let e = CaseStatus::Accepted.after_for(CaseKind::Promise, Action::Settle).unwrap_err();
        assert!(e.message().contains("后台审查") && e.message().contains("开始审查"), "{}", e.message());
    }

    #[test]
    fn the_main_path_and_the_instant_path_reach_completed() {
        use Action::*;
        let mut s = CaseStatus::Draft;
        for a in [
            Submit,
            Precheck,
            Receive,
            Accept,
            StartReview,
            StartSpecial,
            EndSpecial,
            RequestMore,
            MoreReceived,
            Extend,
            Approve,
            PrepareResult,
            Deliver,
            Complete,
        ] {
            s = s.after(a).unwrap();
        }
        assert_eq!(s, CaseStatus::Completed);
        let s = CaseStatus::Received.after(Accept).and_then(|s| s.after(Settle)).unwrap();
        assert_eq!(s, CaseStatus::Completed);
        assert!(CaseStatus::Received.after(Approve).is_err(), "no decision before acceptance");
        assert!(CaseStatus::Delivered.after(Withdraw).is_err(), "a delivered result cannot be withdrawn");
    }

    #[test]
    fn the_ladder_over_holidays() {
        let cal = cal();
        // Accepted Thu 24 Sep 2026; 中秋 25–27 Sep and 国庆 1–7 Oct are holidays, Sat 10 Oct a
        // make-up workday. Five working days: 28, 29, 30 Sep, 8, 9 Oct.
        let c = clk("2026-09-24", 5, 20);
        let w = warning(&cal, &Ladder::default(), &c, None, d("2026-09-28"));
        assert_eq!(c.promised_deadline(&cal), Some(d("2026-10-09")));
        // 80 % of 5 = 4 used on 8 Oct, which is also the day one working day is left.
        assert_eq!(w.remind_on, Some(d("2026-10-08")));
        assert_eq!(w.yellow_on, Some(d("2026-10-10")));
        // Yellow stands Sat 10 (make-up) and Mon 12 → red from Tue 13.
        assert_eq!(w.red_on, Some(d("2026-10-13")));
        assert_eq!(w.level, Level::None);
        assert_eq!(w.next_level(), Some((Level::Remind, d("2026-10-08"))));
    }

    #[test]
    fn levels_follow_the_ladder() {
        let cal = cal();
        let c = clk("2026-11-02", 5, 20); // Monday; due Mon 9 Nov
        let l = |day: &str| warning(&cal, &Ladder::default(), &c, None, d(day)).level;
        assert_eq!(l("2026-11-05"), Level::None);
        assert_eq!(l("2026-11-06"), Level::Remind, "4 of 5 used");
        assert_eq!(l("2026-11-09"), Level::Remind, "due today");
        assert_eq!(l("2026-11-10"), Level::Yellow);
        assert_eq!(l("2026-11-11"), Level::Yellow);
        assert_eq!(l("2026-11-12"), Level::Red, "yellow stood Tue 10 and Wed 11");
        // A statutory limit equal to the promised one turns red the day after it.
        let c = clk("2026-11-02", 5, 5);
        assert_eq!(warning(&cal, &Ladder::default(), &c, None, d("2026-11-10")).level, Level::Red);
        // A one-day limit is at level 1 from acceptance.
        assert_eq!(warning(&cal, &Ladder::default(), &clk("2026-11-02", 1, 1), None, d("2026-11-02")).level, Level::Remind);
    }

    #[test]
    fn a_paused_or_decided_case_keeps_its_level_and_schedules_nothing() {
        let cal = cal();
        let mut c = clk("2026-11-02", 5, 20);
        let w = warning(&cal, &Ladder::default(), &c, Some(d("2026-11-11")), d("2026-12-30"));
        assert_eq!(w.level, Level::Yellow, "decided after the promised deadline");
        assert_eq!(w.next_level(), None);
        c.pauses.push(pause("2026-11-04", None));
        let w = warning(&cal, &Ladder::default(), &c, None, d("2026-12-30"));
        assert_eq!(w.level, Level::None, "paused before anything was due");
        assert_eq!(w.next_level(), None);
        // Resumed on Mon 16: Wed 4 – Fri 13 did not count; Tue 3 and Mon 16 did.
        c.pauses[0].end = Some(d("2026-11-16"));
        let w = warning(&cal, &Ladder::default(), &c, None, d("2026-11-16"));
        assert_eq!(c.promised_deadline(&cal), Some(d("2026-11-19")));
        assert_eq!((w.level, w.remind_on, w.yellow_on), (Level::None, Some(d("2026-11-18")), Some(d("2026-11-20"))));
    }

    #[test]
    fn case_numbers_carry_site_day_and_sequence() {
        assert_eq!(case_no(3, d("2026-11-26"), 42), "0003-20261126-00042");
    }

    fn day_strategy() -> impl Strategy<Value = NaiveDate> {
        (0u64..900).prop_map(|n| d("2025-01-01") + chrono::Days::new(n))
    }

    proptest! {
        /// The level never falls as days pass, each scheduled level begins on its day, and an
        /// unattended case ends red.
        #[test]
        fn levels_only_rise_with_time(acc in day_strategy(), promised in 0u32..25, extra in 0u32..20, ext in 0u32..10) {
            let cal = cal();
            let mut c = CaseClock::new(acc, promised, promised + extra);
            if ext > 0 {
                c.extensions.push(crate::clock::Extension { days: ext, applies_to: crate::clock::ExtensionTarget::Both });
            }
            let mut last = Level::None;
            for n in 0..90u64 {
                let day = acc + chrono::Days::new(n);
                let w = warning(&cal, &Ladder::default(), &c, None, day);
                prop_assert!(w.level.rank() >= last.rank());
                if let Some((lvl, on)) = w.next_level() {
                    prop_assert!(on > day);
                    prop_assert!(warning(&cal, &Ladder::default(), &c, None, on).level.rank() >= lvl.rank());
                }
                last = w.level;
            }
            prop_assert_eq!(last, Level::Red);
        }

        /// Level 1 comes no later than the promised deadline, and when it comes either the share or
        /// the days left justify it.
        #[test]
        fn the_reminder_comes_in_time(acc in day_strategy(), promised in 1u32..40) {
            let cal = cal();
            let c = CaseClock::new(acc, promised, promised);
            let w = warning(&cal, &Ladder::default(), &c, None, acc);
            let (remind, due) = (w.remind_on.unwrap(), c.promised_deadline(&cal).unwrap());
            prop_assert!(remind <= due);
            let used = c.used_days(&cal, remind);
            prop_assert!(used * 100 >= promised * 80 || promised - used <= 1);
        }
    }
}
