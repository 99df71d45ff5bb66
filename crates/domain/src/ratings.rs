//! 政务服务“好差评”: the five levels, the national indicator sets of the two rating forms, the
//! reason options of each level, what a rating must carry, the late-rating window, and the
//! rectification order (差评整改) that a bad rating opens, with its state machine.
//!
//! Sources: 国办发〔2019〕51号; GB/T 39734-2020 (一次一评 / 一事一评). The deadlines are local policy
//! (DOMAIN.md §1): verify within 1 working day and rectify within 5 by default; Sichuan uses 15.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Invalid;
use crate::calendar::Calendar;

/// The five levels, best first, with the labels of the national form.
pub const LEVELS: &[(i64, &str)] = &[(5, "非常满意"), (4, "满意"), (3, "基本满意"), (2, "不满意"), (1, "非常不满意")];

/// The label of a level (1–5).
pub fn level_label(level: i64) -> Option<&'static str> {
    LEVELS.iter().find(|(l, _)| *l == level).map(|(_, s)| *s)
}

/// 差评: the bottom two levels.
pub fn is_bad(level: i64) -> bool {
    (1..=2).contains(&level)
}

/// 好评: the top two levels (the numerator of 好评率).
pub fn is_good(level: i64) -> bool {
    (4..=5).contains(&level)
}

/// Which form a rating was given on: on site (一次一评: pad, QR code at the window) or online
/// (一事一评: portal, mobile, SMS link, kiosk).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Onsite,
    Online,
}

impl Mode {
    pub fn code(self) -> &'static str {
        match self {
            Mode::Onsite => "onsite",
            Mode::Online => "online",
        }
    }

    pub fn parse(s: &str) -> Option<Mode> {
        match s {
            "onsite" => Some(Mode::Onsite),
            "online" => Some(Mode::Online),
            _ => None,
        }
    }

    /// The indicators of the national form for this mode, `(code, label)`; the first is the
    /// overall satisfaction, which the rating's level itself answers.
    pub fn indicators(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Mode::Onsite => &[("overall", "整体满意度"), ("efficiency", "服务效率"), ("skill", "服务水平"), ("attitude", "服务态度")],
            Mode::Online => &[
                ("overall", "整体满意度"),
                ("efficiency", "办事效率"),
                ("guide", "办事指南精确度"),
                ("convenience", "办事便捷度"),
                ("usability", "平台操作性"),
            ],
        }
    }
}

/// Where a rating came from (评价渠道).
pub const CHANNELS: &[(&str, &str, Mode)] = &[
    ("pad", "窗口评价器", Mode::Onsite),
    ("qr", "扫码评价", Mode::Onsite),
    ("paper", "纸质评价表", Mode::Onsite),
    ("web", "网上办事大厅", Mode::Online),
    ("mobile", "移动端", Mode::Online),
    ("sms", "短信评价", Mode::Online),
    ("kiosk", "自助终端", Mode::Online),
];

/// The mode and label of a channel code.
pub fn channel(code: &str) -> Option<(&'static str, Mode)> {
    CHANNELS.iter().find(|(c, _, _)| *c == code).map(|(_, l, m)| (*l, *m))
}

/// The reason options of a level on a form, `(code, label)`: praise for 4–5, what fell short for
/// 3, and the complaint categories of a bad rating for 1–2.
pub const fn reasons(mode: Mode, level: i64) -> &'static [(&'static str, &'static str)] {
    match (level, mode) {
        (4..=5, Mode::Onsite) => &[
            ("warm", "服务热情周到"),
            ("fast", "办事快捷高效"),
            ("clear", "一次告知清楚"),
            ("once", "一次办成"),
            ("professional", "业务熟练专业"),
        ],
        (4..=5, Mode::Online) => {
            &[("fast", "办理快捷高效"), ("once", "一次办成"), ("clear_guide", "办事指南清晰准确"), ("easy", "系统简单好用")]
        }
        (3, _) => &[("wait", "等待时间偏长"), ("slow", "办理速度一般"), ("guide_unclear", "告知不够清楚"), ("steps", "环节材料偏多")],
        (1..=2, Mode::Onsite) => &[
            ("long_wait", "排队等待时间长"),
            ("attitude", "服务态度差"),
            ("not_once", "未一次性告知，多次跑动"),
            ("overdue", "超时限未办结"),
            ("unskilled", "业务不熟练"),
            ("extra_materials", "要求提供额外材料"),
            ("not_at_post", "工作人员不在岗"),
            ("misconduct", "吃拿卡要、推诿扯皮"),
        ],
        (1..=2, Mode::Online) => &[
            ("guide_wrong", "办事指南不准确"),
            ("system_hard", "系统操作不便"),
            ("overdue", "超时限未办结"),
            ("not_online", "网上申请后仍要跑现场"),
            ("no_reply", "咨询无回应"),
            ("extra_materials", "要求提供额外材料"),
        ],
        _ => &[],
    }
}

/// What a rater filled in, before it is checked.
#[derive(Debug, Clone)]
pub struct Form<'a> {
    pub level: i64,
    pub channel: &'a str,
    /// Indicator code → level 1–5; the overall indicator is the level itself when left out.
    pub indicators: &'a BTreeMap<String, i64>,
    pub reasons: &'a [String],
    pub comment: &'a str,
}

/// Longest comment kept (characters).
pub const COMMENT_MAX: usize = 500;

/// Checks a form against the national template: a level 1–5, a known channel, only the mode's
/// indicators with levels 1–5, only the level's reasons, a comment of at most [`COMMENT_MAX`]
/// characters (refused, never cut), and for a bad rating at least one reason (the rectification
/// needs to know what went wrong; every channel's form marks it 必选). Answers the form's mode.
pub fn check(form: &Form<'_>) -> Result<Mode, Invalid> {
    let mut bad = Invalid::default();
    if level_label(form.level).is_none() {
        bad.push("level", "评价等级应为 1–5（5 为非常满意，1 为非常不满意）");
    }
    let Some((_, mode)) = channel(form.channel) else {
        bad.push("channel", format!("未知的评价渠道“{}”", form.channel));
        return Err(bad);
    };
    let known = mode.indicators();
    for (code, level) in form.indicators {
        match known.iter().find(|(c, _)| c == code) {
            None => bad.push("indicators", format!("“{code}”不是{}评价表上的指标", mode_label(mode))),
            Some((_, label)) if level_label(*level).is_none() => bad.push("indicators", format!("指标“{label}”的等级应为 1–5")),
            Some(_) => {}
        }
    }
    let options = reasons(mode, form.level);
    let mut seen = Vec::new();
    for r in form.reasons {
        if !options.iter().any(|(c, _)| c == r) {
            bad.push("reasons", format!("“{r}”不是该评价等级可选的原因"));
        } else if seen.contains(&r) {
            bad.push("reasons", format!("原因“{r}”重复"));
        } else {
            seen.push(r);
        }
    }
    if form.comment.chars().count() > COMMENT_MAX {
        bad.push("comment", format!("评价内容不能超过 {COMMENT_MAX} 个字"));
    }
    if is_bad(form.level) && form.reasons.is_empty() {
        bad.push("reasons", "不满意的评价请至少选择一项原因，以便核实整改");
    }
    bad.into_result().map(|()| mode)
}

pub fn mode_label(mode: Mode) -> &'static str {
    match mode {
        Mode::Onsite => "现场服务",
        Mode::Online => "网上服务",
    }
}

/// Local policy for ratings and their rectification (configurable per org unit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    /// Calendar days after the service in which a late rating is still taken.
    pub late_days: u32,
    /// Working days from the rating to verify a bad rating (核实).
    pub verify_days: u32,
    /// Working days from the rating to rectify or explain and reply (整改/解释说明).
    pub rectify_days: u32,
    /// Days after completion before an unrated case's invitation is sent again.
    pub remind_after_days: u32,
}

impl Default for Policy {
    fn default() -> Self {
        Policy { late_days: 7, verify_days: 1, rectify_days: 5, remind_after_days: 3 }
    }
}

impl Policy {
    pub fn check(&self) -> Result<(), Invalid> {
        let mut bad = Invalid::default();
        if !(1..=90).contains(&self.late_days) {
            bad.push("late_days", "补评期限应为 1–90 天");
        }
        if !(1..=10).contains(&self.verify_days) {
            bad.push("verify_days", "核实时限应为 1–10 个工作日");
        }
        if !(1..=30).contains(&self.rectify_days) {
            bad.push("rectify_days", "整改时限应为 1–30 个工作日");
        } else if self.rectify_days < self.verify_days {
            bad.push("rectify_days", "整改时限不能短于核实时限");
        }
        if !(1..=30).contains(&self.remind_after_days) {
            bad.push("remind_after_days", "未评价再次邀请应在 1–30 天之间");
        }
        bad.into_result()
    }

    /// Whether a service finished on `served_on` may still be rated on `today`.
    pub fn may_rate(&self, served_on: NaiveDate, today: NaiveDate) -> bool {
        today >= served_on && (today - served_on).num_days() <= i64::from(self.late_days)
    }

    /// The verify and rectify deadlines of an order opened on `rated_on`: working days counted
    /// from the next working day, as every time limit.
    pub fn due_dates(&self, cal: &Calendar, rated_on: NaiveDate) -> (NaiveDate, NaiveDate) {
        (cal.add_working_days(rated_on, self.verify_days), cal.add_working_days(rated_on, self.rectify_days))
    }
}

/// A rectification order's state (差评整改单).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Opened by the bad rating; the owner verifies the facts (核实).
    Verifying,
    /// Verified; the owner rectifies (立行立改 / 限期整改) or explains (解释说明).
    Rectifying,
    /// The owner replied to the rater; a callback (回访) closes it.
    Replied,
    /// The owner appealed the rating as mistaken or malicious; the supervision office decides.
    Appealed,
    /// Callback recorded (or, for an anonymous rating, the reply given): the loop is closed.
    Closed,
    /// Appeal upheld: the rating no longer counts in the figures; the decision is kept.
    Voided,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 6] = [
        OrderStatus::Verifying,
        OrderStatus::Rectifying,
        OrderStatus::Replied,
        OrderStatus::Appealed,
        OrderStatus::Closed,
        OrderStatus::Voided,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OrderStatus::Verifying => "verifying",
            OrderStatus::Rectifying => "rectifying",
            OrderStatus::Replied => "replied",
            OrderStatus::Appealed => "appealed",
            OrderStatus::Closed => "closed",
            OrderStatus::Voided => "voided",
        }
    }

    pub fn parse(s: &str) -> Option<OrderStatus> {
        OrderStatus::ALL.into_iter().find(|x| x.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            OrderStatus::Verifying => "待核实",
            OrderStatus::Rectifying => "整改中",
            OrderStatus::Replied => "已回复待回访",
            OrderStatus::Appealed => "申诉待复核",
            OrderStatus::Closed => "已办结",
            OrderStatus::Voided => "申诉成立（不计入统计）",
        }
    }

    pub fn is_open(self) -> bool {
        !matches!(self, OrderStatus::Closed | OrderStatus::Voided)
    }
}

/// How the owner dealt with a verified bad rating.
pub const RESOLUTIONS: &[(&str, &str)] =
    &[("immediate", "立行立改"), ("ledger", "建立台账、限期整改"), ("explain", "解释说明（无政策依据或诉求不合理）")];

/// What can be done to an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderAction {
    /// 核实: the facts found.
    Verify,
    /// 整改/解释 and the reply to the rater, in one step (the reply is required).
    Reply,
    /// 回访: the callback's record; closes the order.
    Callback,
    /// Close without a callback (anonymous ratings only: there is nobody to call).
    Close,
    /// 申诉: the rating was mistaken or malicious.
    Appeal,
    /// The supervision office upholds the appeal.
    UpholdAppeal,
    /// The supervision office rejects it: rectification goes on.
    RejectAppeal,
}

impl OrderAction {
    pub const ALL: [OrderAction; 7] = [
        OrderAction::Verify,
        OrderAction::Reply,
        OrderAction::Callback,
        OrderAction::Close,
        OrderAction::Appeal,
        OrderAction::UpholdAppeal,
        OrderAction::RejectAppeal,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OrderAction::Verify => "verify",
            OrderAction::Reply => "reply",
            OrderAction::Callback => "callback",
            OrderAction::Close => "close",
            OrderAction::Appeal => "appeal",
            OrderAction::UpholdAppeal => "uphold_appeal",
            OrderAction::RejectAppeal => "reject_appeal",
        }
    }

    pub fn parse(s: &str) -> Option<OrderAction> {
        OrderAction::ALL.into_iter().find(|x| x.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            OrderAction::Verify => "核实",
            OrderAction::Reply => "整改并回复",
            OrderAction::Callback => "回访",
            OrderAction::Close => "办结",
            OrderAction::Appeal => "申诉",
            OrderAction::UpholdAppeal => "申诉成立",
            OrderAction::RejectAppeal => "驳回申诉",
        }
    }

    /// Whether the supervision office (not the owner) takes this action.
    pub fn is_supervisor(self) -> bool {
        matches!(self, OrderAction::UpholdAppeal | OrderAction::RejectAppeal)
    }
}

/// The state an action leads to from `from`, or `None` when it is not allowed. A real-name
/// rating is closed only by a callback; an anonymous one may be closed after the reply.
pub fn next(from: OrderStatus, action: OrderAction, real_name: bool) -> Option<OrderStatus> {
    use OrderAction as A;
    use OrderStatus as S;
    Some(match (from, action) {
        (S::Verifying, A::Verify) => S::Rectifying,
        (S::Rectifying, A::Reply) => S::Replied,
        (S::Replied, A::Callback) if real_name => S::Closed,
        (S::Replied, A::Callback | A::Close) if !real_name => S::Closed,
        (S::Verifying | S::Rectifying, A::Appeal) => S::Appealed,
        (S::Appealed, A::UpholdAppeal) => S::Voided,
        (S::Appealed, A::RejectAppeal) => S::Rectifying,
        _ => return None,
    })
}

/// The actions allowed from a state.
pub fn allowed(from: OrderStatus, real_name: bool) -> Vec<OrderAction> {
    OrderAction::ALL.into_iter().filter(|a| next(from, *a, real_name).is_some()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn form<'a>(level: i64, channel: &'a str, ind: &'a BTreeMap<String, i64>, reasons: &'a [String], comment: &'a str) -> Form<'a> {
        Form { level, channel, indicators: ind, reasons, comment }
    }

    #[test]
    fn a_bad_rating_needs_a_reason_on_every_channel_and_reasons_must_fit_the_level() {
        let none = BTreeMap::new();
        for (ch, _, _) in CHANNELS {
            assert!(check(&form(1, ch, &none, &[], "")).is_err(), "{ch}");
            assert!(check(&form(2, ch, &none, &[], "等了两个小时")).is_err(), "a comment alone is not a reason: {ch}");
            assert!(check(&form(4, ch, &none, &[], &"长".repeat(COMMENT_MAX))).is_ok(), "{ch}");
            let over = check(&form(4, ch, &none, &[], &"长".repeat(COMMENT_MAX + 1))).unwrap_err();
            assert!(over.fields.iter().any(|f| f.field == "comment" && f.message.contains("500")), "{ch}: refused, not cut");
        }
        assert_eq!(check(&form(1, "pad", &none, &["attitude".into()], "等了两个小时")), Ok(Mode::Onsite));
        assert_eq!(check(&form(2, "web", &none, &["guide_wrong".into()], "")), Ok(Mode::Online));
        // A praise reason on a bad rating, an on-site reason online, an unknown channel.
        assert!(check(&form(1, "pad", &none, &["warm".into()], "")).is_err());
        assert!(check(&form(2, "web", &none, &["attitude".into()], "")).is_err());
        assert!(check(&form(5, "fax", &none, &[], "")).is_err());
        assert!(check(&form(5, "pad", &none, &["warm".into(), "warm".into()], "")).is_err());
    }

    #[test]
    fn indicators_are_the_national_sets_of_each_form() {
        let mut ind = BTreeMap::new();
        ind.insert("attitude".to_owned(), 4);
        assert!(check(&form(4, "pad", &ind, &[], "")).is_ok());
        assert!(check(&form(4, "web", &ind, &[], "")).is_err(), "服务态度 is not on the online form");
        ind.insert("attitude".to_owned(), 6);
        assert!(check(&form(4, "pad", &ind, &[], "")).is_err());
        assert_eq!(Mode::Online.indicators().len(), 5);
        assert_eq!(Mode::Onsite.indicators().len(), 4);
    }

    #[test]
    fn the_late_window_counts_calendar_days_after_the_service() {
        let p = Policy::default();
        let d = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        assert!(p.may_rate(d, d));
        assert!(p.may_rate(d, d + chrono::Days::new(7)));
        assert!(!p.may_rate(d, d + chrono::Days::new(8)));
        assert!(!p.may_rate(d, d - chrono::Days::new(1)));
    }

    #[test]
    fn a_real_name_order_closes_only_by_callback_and_an_upheld_appeal_voids_it() {
        use OrderAction as A;
        use OrderStatus as S;
        assert_eq!(next(S::Replied, A::Close, true), None);
        assert_eq!(next(S::Replied, A::Callback, true), Some(S::Closed));
        assert_eq!(next(S::Replied, A::Close, false), Some(S::Closed));
        assert_eq!(next(S::Verifying, A::Reply, true), None, "no reply before verification");
        assert_eq!(next(S::Rectifying, A::Appeal, true), Some(S::Appealed));
        assert_eq!(next(S::Appealed, A::UpholdAppeal, true), Some(S::Voided));
        assert_eq!(next(S::Appealed, A::RejectAppeal, true), Some(S::Rectifying));
    }

    proptest! {
        #[test]
        fn closed_and_voided_orders_accept_nothing_and_every_path_ends_in_a_final_state(
            actions in proptest::collection::vec(0usize..7, 0..20), real_name: bool
        ) {
            let mut s = OrderStatus::Verifying;
            for a in actions {
                let a = OrderAction::ALL[a];
                match next(s, a, real_name) {
                    Some(n) => {
                        prop_assert!(s.is_open(), "{s:?} is final but {a:?} moved it");
                        prop_assert!(allowed(s, real_name).contains(&a));
                        s = n;
                    }
                    None => prop_assert!(!allowed(s, real_name).contains(&a)),
                }
            }
            // From any open state, a final state is reachable.
            let mut seen = vec![s];
            let mut frontier = vec![s];
            while let Some(x) = frontier.pop() {
                for a in allowed(x, real_name) {
                    let n = next(x, a, real_name).unwrap();
                    if !seen.contains(&n) { seen.push(n); frontier.push(n); }
                }
            }
            prop_assert!(seen.iter().any(|x| !x.is_open()));
        }

        #[test]
        fn due_dates_are_working_days_and_verification_comes_first(
            day in 0u32..700, verify in 1u32..=10, extra in 0u32..=20
        ) {
            let cal = Calendar::default();
            let p = Policy { verify_days: verify, rectify_days: verify + extra, ..Policy::default() };
            let from = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Days::new(u64::from(day));
            let (v, r) = p.due_dates(&cal, from);
            prop_assert!(cal.is_working_day(v) && cal.is_working_day(r));
            prop_assert!(v > from && v <= r);
            prop_assert_eq!(cal.count_working_days(from, v), verify);
        }

        #[test]
        fn a_level_is_bad_or_good_or_neither_never_both(level in -3i64..9) {
            prop_assert!(!(is_bad(level) && is_good(level)));
            prop_assert_eq!(level_label(level).is_some(), (1..=5).contains(&level));
        }
    }
}
