//! Work orders (工单) from the 12345 hotline and the 办不成事 ("could not get it done") window: what
//! they are, their reply deadlines by kind in working days (local policy; consultation 2, help and
//! complaint 5), and their state machine: registered → assigned (routed to a department; signed
//! off within 1 working day) → signed → replied → closed by a satisfied callback, or reopened when
//! the citizen is not satisfied. A complaint against a staff member is verified before the reply:
//! founded, or unfounded and cleared on the record (容错免责 / 澄清).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;

/// Where a work order came from.
pub const CHANNELS: &[(&str, &str)] =
    &[("hotline", "12345 热线"), ("cannot_do", "办不成事窗口"), ("online", "网上留言"), ("letter", "来信来访")];

pub fn channel_label(code: &str) -> Option<&'static str> {
    CHANNELS.iter().find(|(c, _)| *c == code).map(|(_, l)| *l)
}

/// What a work order asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Consultation,
    Help,
    Complaint,
    Suggestion,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Consultation, Kind::Help, Kind::Complaint, Kind::Suggestion];

    pub fn code(self) -> &'static str {
        match self {
            Kind::Consultation => "consultation",
            Kind::Help => "help",
            Kind::Complaint => "complaint",
            Kind::Suggestion => "suggestion",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Consultation => "咨询",
            Kind::Help => "求助",
            Kind::Complaint => "投诉",
            Kind::Suggestion => "意见建议",
        }
    }
}

/// Local policy: sign-off and reply deadlines in working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadlines {
    pub sign_days: u32,
    pub consultation_days: u32,
    pub help_days: u32,
    pub complaint_days: u32,
    pub suggestion_days: u32,
}

impl Default for Deadlines {
    fn default() -> Self {
        Deadlines { sign_days: 1, consultation_days: 2, help_days: 5, complaint_days: 5, suggestion_days: 5 }
    }
}

impl Deadlines {
    pub fn reply_days(&self, k: Kind) -> u32 {
        match k {
            Kind::Consultation => self.consultation_days,
            Kind::Help => self.help_days,
            Kind::Complaint => self.complaint_days,
            Kind::Suggestion => self.suggestion_days,
        }
    }

    /// Sign-off and reply deadlines of an order assigned on `on` (working days after it).
    pub fn due(&self, cal: &Calendar, k: Kind, on: NaiveDate) -> (NaiveDate, NaiveDate) {
        (cal.add_working_days(on, self.sign_days), cal.add_working_days(on, self.reply_days(k).max(self.sign_days)))
    }
}

/// A work order's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Taken down, not yet routed.
    Registered,
    /// Routed to a department, waiting for its sign-off.
    Assigned,
    /// Signed off by the department, being handled (also after a reopening).
    Signed,
    /// Replied; the callback decides.
    Replied,
    /// Closed after a satisfied callback (or closed by the dispatcher).
    Closed,
}

impl Status {
    pub const ALL: [Status; 5] = [Status::Registered, Status::Assigned, Status::Signed, Status::Replied, Status::Closed];

    pub fn code(self) -> &'static str {
        match self {
            Status::Registered => "registered",
            Status::Assigned => "assigned",
            Status::Signed => "signed",
            Status::Replied => "replied",
            Status::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Registered => "待派单",
            Status::Assigned => "待签收",
            Status::Signed => "办理中",
            Status::Replied => "已答复待回访",
            Status::Closed => "已办结",
        }
    }
}

/// What can be done to a work order, and by whom: the dispatcher (hall manager, supervision) or
/// the department it is routed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Route (or re-route) to a department (派单).
    Assign,
    /// The department takes it (签收); it may instead send it back (退回) to be re-routed.
    Sign,
    SendBack,
    /// The department's answer (答复); a complaint against staff carries the verification.
    Reply,
    /// The citizen was called back: satisfied closes, not satisfied reopens (回访).
    Callback,
    /// The dispatcher closes a replied order the citizen could not be reached about.
    Close,
}

impl Action {
    pub const ALL: [Action; 6] = [Action::Assign, Action::Sign, Action::SendBack, Action::Reply, Action::Callback, Action::Close];

    pub fn code(self) -> &'static str {
        match self {
            Action::Assign => "assign",
            Action::Sign => "sign",
            Action::SendBack => "send_back",
            Action::Reply => "reply",
            Action::Callback => "callback",
            Action::Close => "close",
        }
    }

    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|x| x.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Action::Assign => "派单",
            Action::Sign => "签收",
            Action::SendBack => "退回",
            Action::Reply => "答复",
            Action::Callback => "回访",
            Action::Close => "办结",
        }
    }

    /// Whether the department the order is routed to takes this action (else the dispatcher).
    pub fn by_department(self) -> bool {
        matches!(self, Action::Sign | Action::SendBack | Action::Reply)
    }
}

/// The state after `action` from `from`, given whether a callback found the citizen satisfied.
pub fn next(from: Status, action: Action, satisfied: bool) -> Option<Status> {
    use Action as A;
    use Status as S;
    Some(match (from, action) {
        (S::Registered | S::Assigned, A::Assign) => S::Assigned,
        (S::Assigned, A::Sign) => S::Signed,
        (S::Assigned | S::Signed, A::SendBack) => S::Registered,
        (S::Signed, A::Reply) => S::Replied,
        (S::Replied, A::Callback) if satisfied => S::Closed,
        (S::Replied, A::Callback) => S::Signed,
        (S::Replied, A::Close) => S::Closed,
        _ => return None,
    })
}

/// The actions allowed from a state.
pub fn allowed(from: Status) -> Vec<Action> {
    Action::ALL.into_iter().filter(|a| next(from, *a, true).is_some() || next(from, *a, false).is_some()).collect()
}

/// The outcome of verifying a complaint against a staff member.
pub const VERIFICATIONS: &[(&str, &str)] = &[("founded", "属实"), ("partly", "部分属实"), ("unfounded", "不属实（予以澄清）")];

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn an_unsatisfied_callback_reopens_and_a_satisfied_one_closes() {
        assert_eq!(next(Status::Replied, Action::Callback, false), Some(Status::Signed));
        assert_eq!(next(Status::Replied, Action::Callback, true), Some(Status::Closed));
        assert_eq!(next(Status::Registered, Action::Reply, true), None);
        assert_eq!(allowed(Status::Assigned), vec![Action::Assign, Action::Sign, Action::SendBack]);
        assert!(allowed(Status::Closed).is_empty());
    }

    proptest! {
        #[test]
        fn every_order_can_still_be_closed_until_it_is(steps in proptest::collection::vec((0usize..6, any::<bool>()), 0..25)) {
            let mut s = Status::Registered;
            for (a, sat) in steps {
                if let Some(n) = next(s, Action::ALL[a], sat) {
                    prop_assert!(s != Status::Closed);
                    s = n;
                }
            }
            // From where it stands, assign → sign → reply → satisfied callback closes it.
            let path = [Action::Assign, Action::Sign, Action::Reply, Action::Callback];
            let mut t = s;
            for a in path {
                if t == Status::Closed { break; }
                if let Some(n) = next(t, a, true) { t = n; }
            }
            prop_assert_eq!(t, Status::Closed);
        }

        #[test]
        fn reply_deadlines_follow_sign_off_in_working_days(day in 0u32..700, kind in 0usize..4) {
            let cal = Calendar::default();
            let d = Deadlines::default();
            let k = Kind::ALL[kind];
            let on = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Days::new(u64::from(day));
            let (sign, reply) = d.due(&cal, k, on);
            prop_assert!(sign > on && sign <= reply);
            prop_assert_eq!(cal.count_working_days(on, reply), d.reply_days(k));
        }
    }
}
