//! Queue rules (R1, R3): channels, priority classes and the ranking rule, ticket states and the
//! counter actions allowed in each, ticket numbers, and what a hall says aloud.
//!
//! ## The ranking rule
//! Every waiting ticket has a **rank time**: its issue time minus a boost that depends on its
//! priority class ([`Policy::boost`]). Within a category, the ticket with the earliest rank time
//! is called first (ties by issue order). Equivalently, a ticket's score at any moment is
//! `minutes waited + boost`, and the highest score goes first: the score grows with waiting time,
//! and the boost is the priority's head start.
//!
//! Because the boost is bounded by [`Policy::max_boost`], **no ticket is ever overtaken by a
//! ticket issued more than `max_boost` after it** (see the property test), so an ordinary ticket
//! cannot be starved: only the finitely many tickets issued before `issue + max_boost` can go
//! ahead of it. A transferred ticket keeps its rank time, so a transfer never sends a person to
//! the back of a line. An appointment holder's rank time is their slot start minus the
//! appointment boost, whatever time they checked in, so they reach the front near their slot.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::Invalid;
use crate::org::coded_enum;

coded_enum!(
    /// How a ticket was issued.
    Channel, "取号渠道" {
        Kiosk = "kiosk", "取号机";
        Guide = "guide", "导办平板";
        Counter = "counter", "窗口直办";
        Mobile = "mobile", "手机取号";
        Appointment = "appointment", "预约签到";
    }
);

coded_enum!(
    /// A ticket's priority class.
    Priority, "优先类别" {
        Normal = "normal", "普通";
        Elderly = "elderly", "敬老/爱心";
        Green = "green", "绿色通道";
        Appointment = "appointment", "预约";
    }
);

coded_enum!(
    /// Where a ticket is in its life.
    TicketStatus, "号票状态" {
        Waiting = "waiting", "等候中";
        Called = "called", "办理中";
        Held = "held", "挂起";
        Done = "done", "已办结";
        NoShow = "no_show", "过号";
        Expired = "expired", "已作废";
    }
);

coded_enum!(
    /// How a visit at the counter ended.
    Outcome, "办理结果" {
        Served = "served", "已办理";
        Accepted = "accepted", "已受理";
        Consulted = "consulted", "咨询";
        Incomplete = "incomplete", "材料不全";
        Referred = "referred", "转其他窗口";
        Other = "other", "其他";
    }
);

coded_enum!(
    /// Whether a window is taking people.
    WindowStatus, "窗口状态" {
        Closed = "closed", "未开窗";
        Open = "open", "服务中";
        Paused = "paused", "暂停服务";
    }
);

coded_enum!(
    /// A counter action on a ticket.
    Action, "操作" {
        Call = "call", "呼叫";
        Recall = "recall", "重呼";
        NoShow = "no_show", "过号";
        Transfer = "transfer", "转移";
        Hold = "hold", "挂起";
        Resume = "resume", "恢复";
        Finish = "finish", "办结";
    }
);

impl TicketStatus {
    /// The counter actions a ticket in this state allows.
    pub fn allowed(self) -> &'static [Action] {
        match self {
            TicketStatus::Waiting => &[Action::Call, Action::Transfer],
            TicketStatus::Called => &[Action::Recall, Action::NoShow, Action::Transfer, Action::Hold, Action::Finish],
            TicketStatus::Held => &[Action::Resume, Action::Transfer, Action::Finish],
            TicketStatus::Done | TicketStatus::NoShow | TicketStatus::Expired => &[],
        }
    }

    /// Whether the ticket is still in the hall's hands.
    pub fn is_open(self) -> bool {
        matches!(self, TicketStatus::Waiting | TicketStatus::Called | TicketStatus::Held)
    }

    /// Fails with a Chinese message naming the state and what it allows.
    pub fn check(self, action: Action) -> Result<(), Invalid> {
        if self.allowed().contains(&action) {
            return Ok(());
        }
        let allowed: Vec<&str> = self.allowed().iter().map(|a| a.label()).collect();
        let hint = if allowed.is_empty() {
            "该号已结束，不能再操作".to_owned()
        } else {
            format!("当前可以：{}", allowed.join("、"))
        };
        Err(Invalid::one("action", format!("号票{}，不能{}；{}", self.label(), action.label(), hint)))
    }
}

/// A site's queue settings. Every value has a default; a hall manager may change them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Policy {
    /// Head start of 敬老/爱心 tickets, minutes.
    pub elderly_boost_min: i64,
    /// Head start of 绿色通道 tickets, minutes.
    pub green_boost_min: i64,
    /// Head start of an appointment holder before their slot start, minutes.
    pub appointment_boost_min: i64,
    /// Recalls a ticket must have had before it may be marked 过号.
    pub no_show_after_recalls: i64,
    /// Open tickets one phone may hold at a site on one day.
    pub phone_daily_quota: i64,
    /// Whether tickets are refused outside the site's opening hours.
    pub enforce_hours: bool,
    /// Whether the calling screen adds a line in traditional Mongolian script.
    pub show_mongolian: bool,
    /// That line, with `{ticket}` and `{window}` filled in (local wording, set by the hall).
    pub mongolian_template: String,
    /// Lines the window terminals and the calling screen scroll.
    pub slogans: Vec<String>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            elderly_boost_min: 15,
            green_boost_min: 60,
            appointment_boost_min: 10,
            no_show_after_recalls: 2,
            phone_daily_quota: 3,
            enforce_hours: true,
            show_mongolian: true,
            mongolian_template: DEFAULT_MONGOLIAN.to_owned(),
            slogans: vec!["一窗受理 · 一次办好".to_owned(), "办事不求人 · 服务零距离".to_owned(), "欢迎对我们的服务进行评价".to_owned()],
        }
    }
}

/// The largest boost a policy may give, minutes (half a working day).
pub const BOOST_CEILING_MIN: i64 = 240;

impl Policy {
    /// Checks every value is in range; errors name the field in Chinese.
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut e = Invalid::default();
        for (field, label, v) in [
            ("elderly_boost_min", "敬老/爱心优先分钟数", self.elderly_boost_min),
            ("green_boost_min", "绿色通道优先分钟数", self.green_boost_min),
            ("appointment_boost_min", "预约优先分钟数", self.appointment_boost_min),
        ] {
            if !(0..=BOOST_CEILING_MIN).contains(&v) {
                e.push(field, format!("{label}应在 0–{BOOST_CEILING_MIN} 之间"));
            }
        }
        if !(0..=10).contains(&self.no_show_after_recalls) {
            e.push("no_show_after_recalls", "过号前重呼次数应在 0–10 之间");
        }
        if self.mongolian_template.chars().count() > 200 {
            e.push("mongolian_template", "蒙古文播报内容不能超过 200 字");
        }
        if self.slogans.len() > 10 || self.slogans.iter().any(|l| l.chars().count() > 60) {
            e.push("slogans", "滚动标语最多 10 条，每条不超过 60 字");
        }
        if !(1..=50).contains(&self.phone_daily_quota) {
            e.push("phone_daily_quota", "每个手机号每日取号上限应在 1–50 之间");
        }
        e.into_result()
    }

    /// The head start of a priority class.
    pub fn boost(&self, p: Priority) -> Duration {
        Duration::minutes(match p {
            Priority::Normal => 0,
            Priority::Elderly => self.elderly_boost_min,
            Priority::Green => self.green_boost_min,
            Priority::Appointment => self.appointment_boost_min,
        })
    }

    /// The largest head start any class has under this policy.
    pub fn max_boost(&self) -> Duration {
        Priority::ALL.iter().map(|&p| self.boost(p)).max().unwrap_or_else(Duration::zero)
    }

    /// The rank time of a ticket (earlier is called first). `slot_start` is the appointment slot
    /// for appointment holders; it replaces the issue time, so early arrivals wait for their slot
    /// and late ones keep theirs.
    pub fn rank_at(&self, priority: Priority, issued_at: DateTime<Utc>, slot_start: Option<DateTime<Utc>>) -> DateTime<Utc> {
        let base = match (priority, slot_start) {
            (Priority::Appointment, Some(s)) => s,
            _ => issued_at,
        };
        base - self.boost(priority)
    }
}

/// A ticket number: the category prefix and the day's sequence, at least three digits (A001).
pub fn ticket_no(prefix: &str, seq: i64) -> String {
    format!("{prefix}{seq:03}")
}

/// A category prefix: one to two capital letters.
pub fn parse_prefix(field: &str, s: &str) -> Result<String, Invalid> {
    let s = s.trim().to_ascii_uppercase();
    if (1..=2).contains(&s.len()) && s.chars().all(|c| c.is_ascii_uppercase()) {
        Ok(s)
    } else {
        Err(Invalid::one(field, "号段前缀应为 1–2 个英文字母，如 A 或 GS"))
    }
}

/// What the hall says aloud when a ticket is called.
pub fn announcement(ticket_no: &str, window_no: &str) -> String {
    format!("请 {ticket_no} 号到 {window_no} 号窗口办理")
}

/// The default Mongolian call line; each hall may reword it in its settings.
pub const DEFAULT_MONGOLIAN: &str = "{ticket} ᠳ᠋ᠤᠭᠠᠷ ᠢ {window} ᠳ᠋ᠤᠭᠠᠷ ᠴᠣᠩᠬᠣ ᠳ᠋ᠤ ᠤᠷᠢᠯᠠᠨ᠎ᠠ";

impl Policy {
    /// The call in traditional Mongolian script (ticket and window numbers stay in Latin digits,
    /// as on the hall's signs), when the hall shows it.
    pub fn mongolian_line(&self, ticket_no: &str, window_no: &str) -> Option<String> {
        self.show_mongolian.then(|| self.mongolian_template.replace("{ticket}", ticket_no).replace("{window}", window_no))
    }
}

/// Service times shorter than this are mis-taps (called and finished at once) and longer ones a
/// window left open over lunch: neither says how long a visit takes.
pub const SERVICE_S_RANGE: std::ops::RangeInclusive<i64> = 20..=3 * 3600;

/// The typical service time (seconds) of a set of finished visits: the median of the plausible
/// ones ([`SERVICE_S_RANGE`]), robust to the odd very long visit; `None` when none is plausible.
pub fn typical_service_s(durations: &[i64]) -> Option<i64> {
    let mut v: Vec<i64> = durations.iter().copied().filter(|d| SERVICE_S_RANGE.contains(d)).collect();
    percentile(&mut v, 50)
}

/// How many minutes someone with `ahead` people before them in a category waits, given the
/// category's typical service time and how many open windows serve it: the people ahead share
/// the windows, rounded up to whole minutes. `None` when no open window serves the category or
/// no service time is known yet (the screens then show no estimate rather than a guess).
pub fn estimate_wait_min(ahead: i64, service_s: Option<i64>, open_windows: i64) -> Option<i64> {
    let s = service_s.filter(|s| *s > 0)?;
    if open_windows <= 0 {
        return None;
    }
    let work = ahead.max(0).saturating_mul(s);
    let per = open_windows.saturating_mul(60);
    Some(work / per + i64::from(work % per != 0))
}

/// A category needs this many recent visits of its own before its typical service time is
/// trusted; until then the hall's typical time stands in.
pub const MIN_VISITS: usize = 5;

/// What a waiting-time estimate of one hall rests on: recent service times per category and the
/// open windows serving each.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WaitModel {
    pub service_s: std::collections::HashMap<i64, i64>,
    pub hall_service_s: Option<i64>,
    pub open_windows: std::collections::HashMap<i64, i64>,
}

impl WaitModel {
    /// From finished visits `(category, seconds)` and each open window's categories.
    pub fn new(visits: &[(i64, i64)], open_window_categories: &[Vec<i64>]) -> WaitModel {
        let mut by_cat: std::collections::HashMap<i64, Vec<i64>> = std::collections::HashMap::new();
        for &(c, d) in visits {
            by_cat.entry(c).or_default().push(d);
        }
        let service_s = by_cat
            .iter()
            .filter(|(_, v)| v.iter().filter(|d| SERVICE_S_RANGE.contains(d)).count() >= MIN_VISITS)
            .filter_map(|(c, v)| Some((*c, typical_service_s(v)?)))
            .collect();
        let all: Vec<i64> = visits.iter().map(|v| v.1).collect();
        let mut open_windows = std::collections::HashMap::new();
        for cats in open_window_categories {
            for c in cats {
                *open_windows.entry(*c).or_insert(0) += 1;
            }
        }
        WaitModel { service_s, hall_service_s: typical_service_s(&all), open_windows }
    }

    /// The estimated wait in minutes of someone with `ahead` people before them in a category.
    pub fn minutes(&self, category_id: i64, ahead: i64) -> Option<i64> {
        let s = self.service_s.get(&category_id).copied().or(self.hall_service_s);
        estimate_wait_min(ahead, s, self.open_windows.get(&category_id).copied().unwrap_or(0))
    }
}

/// The estimate as the public reads it: «约 12 分钟», «约 1 小时 20 分钟», «无需等候».
pub fn wait_phrase(min: i64) -> String {
    match min {
        i64::MIN..=0 => "无需等候".to_owned(),
        1..=59 => format!("约 {min} 分钟"),
        _ if min % 60 == 0 => format!("约 {} 小时", min / 60),
        _ => format!("约 {} 小时 {} 分钟", min / 60, min % 60),
    }
}

/// The p-th percentile (0–100) of `values` by nearest rank; `None` when empty.
pub fn percentile(values: &mut [i64], p: u8) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let rank = (usize::from(p.min(100)) * values.len()).div_ceil(100).max(1);
    Some(values[rank - 1])
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn t(min: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 1, 0, 0).unwrap() + Duration::minutes(min)
    }

    #[test]
    fn numbers_have_three_digits_and_grow_beyond() {
        assert_eq!(ticket_no("A", 1), "A001");
        assert_eq!(ticket_no("GS", 42), "GS042");
        assert_eq!(ticket_no("A", 1234), "A1234");
        assert_eq!(parse_prefix("p", " b ").unwrap(), "B");
        assert!(parse_prefix("p", "A1").is_err());
        assert!(parse_prefix("p", "").is_err());
    }

    #[test]
    fn priority_gets_a_bounded_head_start() {
        let p = Policy::default();
        assert_eq!(p.rank_at(Priority::Normal, t(30), None), t(30));
        assert_eq!(p.rank_at(Priority::Elderly, t(30), None), t(15));
        assert_eq!(p.rank_at(Priority::Green, t(30), None), t(-30));
        // An appointment holder who arrives early waits for their slot; one who is late keeps it.
        assert_eq!(p.rank_at(Priority::Appointment, t(0), Some(t(60))), t(50));
        assert_eq!(p.rank_at(Priority::Appointment, t(70), Some(t(60))), t(50));
        assert_eq!(p.max_boost(), Duration::minutes(60));
    }

    #[test]
    fn states_allow_only_their_actions() {
        assert!(TicketStatus::Waiting.check(Action::Call).is_ok());
        assert!(TicketStatus::Waiting.check(Action::Finish).is_err());
        let e = TicketStatus::Done.check(Action::Recall).unwrap_err();
        assert!(e.summary().contains("已办结"), "{e}");
        let e = TicketStatus::Held.check(Action::Recall).unwrap_err();
        assert!(e.summary().contains("恢复"), "{e}");
    }

    #[test]
    fn policy_validation_names_the_field() {
        let p = Policy { green_boost_min: 500, phone_daily_quota: 0, ..Policy::default() };
        let e = p.validate().unwrap_err();
        assert!(e.message_for("green_boost_min").is_some());
        assert!(e.message_for("phone_daily_quota").is_some());
        assert!(Policy::default().validate().is_ok());
    }

    #[test]
    fn wait_estimate_examples() {
        // 6 ahead, 5 minutes each, 2 windows: 15 minutes.
        assert_eq!(estimate_wait_min(6, Some(300), 2), Some(15));
        assert_eq!(estimate_wait_min(0, Some(300), 2), Some(0));
        assert_eq!(estimate_wait_min(1, Some(61), 1), Some(2));
        assert_eq!(estimate_wait_min(5, None, 2), None);
        assert_eq!(estimate_wait_min(5, Some(300), 0), None);
        assert_eq!(typical_service_s(&[1, 2, 300, 310, 290, 20_000]), Some(300));
        assert_eq!(typical_service_s(&[3, 5]), None);
        assert_eq!(wait_phrase(0), "无需等候");
        assert_eq!(wait_phrase(12), "约 12 分钟");
        assert_eq!(wait_phrase(60), "约 1 小时");
        assert_eq!(wait_phrase(80), "约 1 小时 20 分钟");
    }

    #[test]
    fn wait_model_uses_the_hall_time_until_a_category_has_its_own() {
        let mut visits: Vec<(i64, i64)> = (0..9).map(|_| (1, 600)).collect();
        visits.extend([(2, 120), (2, 120)]);
        let m = WaitModel::new(&visits, &[vec![1, 2], vec![1]]);
        assert_eq!(m.minutes(1, 4), Some(20)); // 4 × 10 min over 2 windows
        assert_eq!(m.minutes(2, 3), Some(30)); // too few of its own: the hall's 10 min, 1 window
        assert_eq!(m.minutes(3, 3), None); // no open window serves it
        assert_eq!(WaitModel::new(&[], &[vec![1]]).minutes(1, 3), None);
    }

    proptest::proptest! {
        #[test]
        fn wait_grows_with_the_queue_and_shrinks_with_windows(
            ahead in 0i64..500, more in 0i64..50, s in 1i64..10_800, w in 1i64..30, extra in 0i64..10,
        ) {
            let base = estimate_wait_min(ahead, Some(s), w).unwrap();
            proptest::prop_assert!(estimate_wait_min(ahead + more, Some(s), w).unwrap() >= base);
            proptest::prop_assert!(estimate_wait_min(ahead, Some(s), w + extra).unwrap() <= base);
            // Never less than the exact share, never a minute more.
            let exact = (ahead * s) as f64 / (w as f64 * 60.0);
            proptest::prop_assert!(base as f64 >= exact && (base as f64) < exact + 1.0);
        }

        #[test]
        fn typical_service_is_one_of_the_plausible_times(v in proptest::collection::vec(0i64..20_000, 0..60)) {
            match typical_service_s(&v) {
                Some(m) => {
                    proptest::prop_assert!(SERVICE_S_RANGE.contains(&m) && v.contains(&m));
                    let below = v.iter().filter(|d| SERVICE_S_RANGE.contains(d) && **d < m).count();
                    let plausible = v.iter().filter(|d| SERVICE_S_RANGE.contains(d)).count();
                    proptest::prop_assert!(below * 2 < plausible);
                }
                None => proptest::prop_assert!(!v.iter().any(|d| SERVICE_S_RANGE.contains(d))),
            }
        }
    }

    #[test]
    fn percentile_by_nearest_rank() {
        assert_eq!(percentile(&mut [], 90), None);
        assert_eq!(percentile(&mut [5], 90), Some(5));
        let mut v: Vec<i64> = (1..=10).collect();
        assert_eq!(percentile(&mut v, 90), Some(9));
        assert_eq!(percentile(&mut v, 50), Some(5));
        assert_eq!(percentile(&mut v, 100), Some(10));
    }

    #[test]
    fn announcements_name_ticket_and_window() {
        assert_eq!(announcement("A012", "3"), "请 A012 号到 3 号窗口办理");
        let line = Policy::default().mongolian_line("A012", "3").unwrap();
        assert!(line.contains("A012") && line.contains('3') && !line.contains('{'));
        assert_eq!(Policy { show_mongolian: false, ..Policy::default() }.mongolian_line("A012", "3"), None);
    }

    fn priority() -> impl Strategy<Value = Priority> {
        prop_oneof![Just(Priority::Normal), Just(Priority::Normal), Just(Priority::Elderly), Just(Priority::Green)]
    }

    proptest! {
        /// Simulates one category: tickets arrive at random minutes, one window calls by rank.
        /// No ticket is ever called after a ticket issued more than `max_boost` later, and an
        /// ordinary ticket waits at most for the tickets issued before `issue + max_boost`.
        #[test]
        fn no_ticket_is_overtaken_by_a_much_later_one(
            arrivals in proptest::collection::vec((0i64..480, priority()), 1..120),
            service_min in 1i64..8,
        ) {
            let policy = Policy::default();
            let max = policy.max_boost();
            let mut tickets: Vec<(usize, DateTime<Utc>, DateTime<Utc>)> = arrivals
                .iter()
                .enumerate()
                .map(|(i, &(m, p))| (i, t(m), policy.rank_at(p, t(m), None)))
                .collect();
            tickets.sort_by_key(|x| x.1);
            let mut waiting: Vec<(usize, DateTime<Utc>, DateTime<Utc>)> = Vec::new();
            let mut order = Vec::new();
            let mut now = t(0);
            let mut next = 0;
            while order.len() < tickets.len() {
                while next < tickets.len() && tickets[next].1 <= now {
                    waiting.push(tickets[next]);
                    next += 1;
                }
                if waiting.is_empty() {
                    now = tickets[next].1;
                    continue;
                }
                let best = (0..waiting.len()).min_by_key(|&i| (waiting[i].2, waiting[i].1, waiting[i].0)).unwrap();
                order.push(waiting.swap_remove(best));
                now += Duration::minutes(service_min);
            }
            for (pos, a) in order.iter().enumerate() {
                for b in &order[pos + 1..] {
                    // b was called after a, so a was not issued more than max_boost after b.
                    prop_assert!(a.1 <= b.1 + max, "ticket issued at {} overtook one issued at {}", a.1, b.1);
                }
            }
        }

        /// Rank order is the score order: waited minutes plus boost, at any moment.
        #[test]
        fn rank_time_is_score_order(a in (0i64..480, priority()), b in (0i64..480, priority()), now in 480i64..600) {
            let policy = Policy::default();
            let score = |(m, p): (i64, Priority)| (now - m) + policy.boost(p).num_minutes();
            let ra = policy.rank_at(a.1, t(a.0), None);
            let rb = policy.rank_at(b.1, t(b.0), None);
            prop_assert_eq!(ra < rb, score(a) > score(b));
        }
    }
}
