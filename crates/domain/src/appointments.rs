//! Appointments (预约, R2): bookable slots generated from per-category weekly templates and the
//! working-day calendar, the per-person quotas, the cancellation cut-off, the check-in window and
//! the no-show block. Pure rules; storage and transactions live in `store` and `app`.
//!
//! ## Which days have slots
//! Slots exist only on **working days** of the calendar ([`Calendar::is_working_day`]): statutory
//! holidays have none even on a weekday, and a make-up working day (调休上班) has slots even though
//! it falls on a Saturday or Sunday. Templates name weekdays from Monday to Friday only.
//!
//! **Make-up working day rule:** a make-up working day uses the weekday template set as a whole:
//! every template in effect on that date applies, whatever weekdays it names (the hall works a
//! full weekday, and no weekday is singled out). Where two templates would give overlapping
//! slots, the template with the lower id wins and the other's overlapping slots are left out
//! ([`slots_on`]), so a day's slots never overlap.
//!
//! ## Per-person rules (all per site, counted by phone and, when given, by ID number)
//! - At most [`Settings::daily_quota`] live bookings (booked, checked in or missed) on one day and
//!   [`Settings::weekly_quota`] in one ISO week (Monday–Sunday) of the slot's day; never two in
//!   the same slot ([`check_quota`]).
//! - [`Settings::no_show_limit`] no-shows within [`Settings::no_show_window_days`] days block new
//!   bookings for [`Settings::no_show_block_days`] days after the no-show that reached the limit
//!   ([`blocked_until`]).

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday};
use serde::{Deserialize, Serialize};

use crate::Invalid;
use crate::calendar::Calendar;
use crate::org::coded_enum;

coded_enum!(
    /// Where a booking is in its life.
    AppointmentStatus, "预约状态" {
        Booked = "booked", "已预约";
        CheckedIn = "checked_in", "已签到";
        Cancelled = "cancelled", "已取消";
        NoShow = "no_show", "未到";
    }
);

impl AppointmentStatus {
    /// Whether the booking still holds its place (counts against capacity and its code is live).
    pub fn is_open(self) -> bool {
        matches!(self, AppointmentStatus::Booked | AppointmentStatus::CheckedIn)
    }
}

/// China Standard Time: slot times are local times of the hall (UTC+8, no DST).
fn cst() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// The instant of a local date and time in the hall.
pub fn instant(day: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    cst().from_local_datetime(&day.and_time(time)).single().expect("a fixed offset maps every local time once").to_utc()
}

/// The hall's local date and time of an instant.
pub fn local(t: DateTime<Utc>) -> NaiveDateTime {
    t.with_timezone(&cst()).naive_local()
}

const WEEKDAY_NAMES: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];

/// The Chinese name of a weekday (周一 … 周日).
pub fn weekday_name(d: Weekday) -> &'static str {
    WEEKDAY_NAMES[d.num_days_from_monday() as usize]
}

/// A date as people read it: `3月4日（周三）`.
pub fn day_label(d: NaiveDate) -> String {
    format!("{}月{}日（{}）", d.month(), d.day(), weekday_name(d.weekday()))
}

/// The weekdays a template runs on: a non-empty subset of Monday–Friday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "Vec<u32>", try_from = "Vec<u32>")]
pub struct Weekdays(u8);

impl Weekdays {
    /// Monday to Friday.
    pub const WORKWEEK: Weekdays = Weekdays(0b1_1111);

    /// From the stored bit set (bit 0 = Monday … bit 4 = Friday).
    pub fn from_bits(bits: i64) -> Option<Weekdays> {
        u8::try_from(bits).ok().filter(|b| (1..=0b1_1111).contains(b)).map(Weekdays)
    }

    /// The stored bit set.
    pub fn bits(self) -> i64 {
        i64::from(self.0)
    }

    /// Parses ISO weekday numbers (1 = Monday … 5 = Friday); empty means Monday–Friday.
    pub fn parse(field: &str, numbers: &[i64]) -> Result<Weekdays, Invalid> {
        if numbers.is_empty() {
            return Ok(Weekdays::WORKWEEK);
        }
        let mut bits = 0u8;
        for &n in numbers {
            match n {
                1..=5 => bits |= 1 << (n - 1),
                6 | 7 => return Err(Invalid::one(field, "预约只在工作日开放，请在周一至周五中选择；调休上班的周末按工作日模板自动开放")),
                _ => return Err(Invalid::one(field, format!("星期应为 1（周一）至 5（周五），现为 {n}"))),
            }
        }
        Ok(Weekdays(bits))
    }

    /// Whether the set holds `d` (never Saturday or Sunday).
    pub fn contains(self, d: Weekday) -> bool {
        let i = d.num_days_from_monday();
        i < 5 && self.0 & (1 << i) != 0
    }

    /// The ISO numbers in the set, Monday first.
    pub fn numbers(self) -> Vec<u32> {
        (0..5).filter(|i| self.0 & (1 << i) != 0).map(|i| i + 1).collect()
    }

    /// Whether the two sets share a weekday.
    pub fn intersects(self, other: Weekdays) -> bool {
        self.0 & other.0 != 0
    }

    /// `周一至周五`, `周一、周三`, …
    pub fn label(self) -> String {
        let n = self.numbers();
        let first = n.first().copied().unwrap_or(1);
        let last = n.last().copied().unwrap_or(1);
        if n.len() >= 3 && n.len() as u32 == last - first + 1 {
            format!("{}至{}", WEEKDAY_NAMES[first as usize - 1], WEEKDAY_NAMES[last as usize - 1])
        } else {
            n.iter().map(|&i| WEEKDAY_NAMES[i as usize - 1]).collect::<Vec<_>>().join("、")
        }
    }
}

impl From<Weekdays> for Vec<u32> {
    fn from(w: Weekdays) -> Vec<u32> {
        w.numbers()
    }
}

impl TryFrom<Vec<u32>> for Weekdays {
    type Error = String;
    fn try_from(v: Vec<u32>) -> Result<Weekdays, String> {
        Weekdays::parse("weekdays", &v.iter().map(|&n| i64::from(n)).collect::<Vec<_>>()).map_err(|e| e.summary())
    }
}

/// Longest slot, minutes.
pub const MAX_SLOT_MINUTES: u32 = 240;
/// Most places in one slot.
pub const MAX_CAPACITY: u32 = 500;

/// A weekly timetable of slots for one queue category of a site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Template {
    pub id: i64,
    pub category_id: i64,
    pub weekdays: Weekdays,
    /// Local time the first slot starts.
    pub start: NaiveTime,
    /// Local time by which the last slot has ended.
    pub end: NaiveTime,
    pub slot_minutes: u32,
    /// Places per slot.
    pub capacity: u32,
    pub effective_from: NaiveDate,
    /// Last day the template applies (open-ended when absent).
    pub effective_to: Option<NaiveDate>,
}

/// A time of day as entered: `9:00`, `09:00` or `09:00:00`.
pub fn parse_time(field: &str, label: &str, s: &str) -> Result<NaiveTime, Invalid> {
    let s = s.trim();
    if s.is_empty() {
        return Err(Invalid::one(field, format!("请填写{label}")));
    }
    NaiveTime::parse_from_str(s, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(s, "%H:%M:%S"))
        .map_err(|_| Invalid::one(field, format!("{label}应为“时:分”，如 09:00，现为“{s}”")))
}

/// A date as entered: `2026-03-02`.
pub fn parse_date(field: &str, label: &str, s: &str) -> Result<NaiveDate, Invalid> {
    let s = s.trim();
    if s.is_empty() {
        return Err(Invalid::one(field, format!("请填写{label}")));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| Invalid::one(field, format!("{label}应为“年-月-日”，如 2026-03-02，现为“{s}”")))
}

impl Template {
    /// Checks the timetable; errors name the field in Chinese.
    pub fn check(&self) -> Result<(), Invalid> {
        let mut e = Invalid::default();
        if !(5..=MAX_SLOT_MINUTES).contains(&self.slot_minutes) {
            e.push("slot_minutes", format!("每个时段的分钟数应在 5–{MAX_SLOT_MINUTES} 之间"));
        }
        if !(1..=MAX_CAPACITY).contains(&self.capacity) {
            e.push("capacity", format!("每个时段可约人数应在 1–{MAX_CAPACITY} 之间"));
        }
        if self.end <= self.start {
            e.push("end", "结束时间应晚于开始时间");
        } else if (self.end - self.start).num_minutes() < i64::from(self.slot_minutes) {
            e.push("end", "开始到结束的时长不足一个时段");
        }
        if let Some(to) = self.effective_to
            && to < self.effective_from
        {
            e.push("effective_to", "失效日期不能早于生效日期");
        }
        e.into_result()
    }

    /// Whether the template applies on `day` by its dates (weekdays aside).
    pub fn in_effect(&self, day: NaiveDate) -> bool {
        self.effective_from <= day && self.effective_to.is_none_or(|to| day <= to)
    }

    /// The `(start, end)` local times of its slots, in order.
    pub fn times(&self) -> Vec<(NaiveTime, NaiveTime)> {
        let len = Duration::minutes(i64::from(self.slot_minutes.max(1)));
        let mut out = Vec::new();
        let mut t = self.start;
        loop {
            let (end, wrapped) = t.overflowing_add_signed(len);
            if wrapped != 0 || end > self.end || end <= t {
                break;
            }
            out.push((t, end));
            t = end;
        }
        out
    }

    /// Whether the two templates can both apply on one ordinary weekday at overlapping times.
    pub fn overlaps(&self, other: &Template) -> bool {
        let dates = self.effective_from <= other.effective_to.unwrap_or(NaiveDate::MAX)
            && other.effective_from <= self.effective_to.unwrap_or(NaiveDate::MAX);
        self.category_id == other.category_id
            && dates
            && self.weekdays.intersects(other.weekdays)
            && self.start < other.end
            && other.start < self.end
    }

    /// `周一至周五 09:00–12:00，每 30 分钟 5 人`.
    pub fn label(&self) -> String {
        format!(
            "{} {}–{}，每 {} 分钟 {} 人",
            self.weekdays.label(),
            self.start.format("%H:%M"),
            self.end.format("%H:%M"),
            self.slot_minutes,
            self.capacity
        )
    }
}

/// One bookable slot of a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Slot {
    pub template_id: i64,
    pub category_id: i64,
    pub day: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub capacity: u32,
}

impl Slot {
    pub fn starts_at(&self) -> DateTime<Utc> {
        instant(self.day, self.start)
    }

    pub fn ends_at(&self) -> DateTime<Utc> {
        instant(self.day, self.end)
    }
}

/// Whether `day` is a make-up working day: a working day on a Saturday or Sunday.
pub fn is_makeup_day(cal: &Calendar, day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && cal.is_working_day(day)
}

/// The slots of one category on one day, by start time (see the module notes for the rule).
pub fn slots_on(cal: &Calendar, templates: &[Template], category_id: i64, day: NaiveDate) -> Vec<Slot> {
    if !cal.is_working_day(day) {
        return vec![];
    }
    let makeup = is_makeup_day(cal, day);
    let mut applicable: Vec<&Template> = templates
        .iter()
        .filter(|t| t.category_id == category_id && t.in_effect(day) && (makeup || t.weekdays.contains(day.weekday())))
        .collect();
    applicable.sort_by_key(|t| t.id);
    let mut out: Vec<Slot> = Vec::new();
    for t in applicable {
        for (start, end) in t.times() {
            if out.iter().all(|s| end <= s.start || s.end <= start) {
                out.push(Slot { template_id: t.id, category_id, day, start, end, capacity: t.capacity });
            }
        }
    }
    out.sort_by_key(|s| s.start);
    out
}

/// The days a booking may be made for on `today`: working days from today through the
/// `days_ahead`-th working day after today.
pub fn bookable_days(cal: &Calendar, today: NaiveDate, days_ahead: u32) -> Vec<NaiveDate> {
    let last = cal.add_working_days(today, days_ahead);
    today.iter_days().take_while(|d| *d <= last).filter(|d| cal.is_working_day(*d)).collect()
}

/// The Monday and Sunday of the ISO week holding `day`.
pub fn week_of(day: NaiveDate) -> (NaiveDate, NaiveDate) {
    let monday = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
    (monday, monday + Duration::days(6))
}

/// A hall's appointment settings. Every value has a default; a hall manager may change them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// How many working days ahead bookings open (today included when it is a working day).
    pub days_ahead: i64,
    /// Online cancellation closes this many minutes before the slot starts.
    pub cancel_cutoff_min: i64,
    /// Check-in opens this many minutes before the slot starts.
    pub checkin_before_min: i64,
    /// Check-in closes this many minutes after the slot starts.
    pub checkin_after_min: i64,
    /// Live bookings one person may hold on one day at the site.
    pub daily_quota: i64,
    /// Live bookings one person may hold in one week (Monday–Sunday) at the site.
    pub weekly_quota: i64,
    /// No-shows that block booking (0: never block).
    pub no_show_limit: i64,
    /// …counted within this many days.
    pub no_show_window_days: i64,
    /// How many days the block lasts after the no-show that reached the limit.
    pub no_show_block_days: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            days_ahead: 7,
            cancel_cutoff_min: 120,
            checkin_before_min: 30,
            checkin_after_min: 15,
            daily_quota: 1,
            weekly_quota: 3,
            no_show_limit: 3,
            no_show_window_days: 30,
            no_show_block_days: 30,
        }
    }
}

impl Settings {
    /// Checks every value is in range; errors name the field in Chinese.
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut e = Invalid::default();
        let mut range = |field: &str, label: &str, v: i64, lo: i64, hi: i64| {
            if !(lo..=hi).contains(&v) {
                e.push(field, format!("{label}应在 {lo}–{hi} 之间"));
            }
        };
        range("days_ahead", "可提前预约的工作日数", self.days_ahead, 1, 60);
        range("cancel_cutoff_min", "取消截止（开始前分钟数）", self.cancel_cutoff_min, 0, 2880);
        range("checkin_before_min", "提前签到分钟数", self.checkin_before_min, 0, 240);
        range("checkin_after_min", "迟到可签到分钟数", self.checkin_after_min, 0, 240);
        range("daily_quota", "每人每日预约上限", self.daily_quota, 1, 10);
        range("weekly_quota", "每人每周预约上限", self.weekly_quota, 1, 50);
        range("no_show_limit", "爽约次数上限", self.no_show_limit, 0, 20);
        range("no_show_window_days", "爽约统计天数", self.no_show_window_days, 1, 365);
        range("no_show_block_days", "暂停预约天数", self.no_show_block_days, 1, 365);
        if self.weekly_quota < self.daily_quota && e.message_for("weekly_quota").is_none() {
            e.push("weekly_quota", "每人每周预约上限不能小于每日上限");
        }
        e.into_result()
    }

    /// The first and last instant of the check-in window of a slot starting at `slot_start`.
    pub fn checkin_window(&self, slot_start: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
        (slot_start - Duration::minutes(self.checkin_before_min), slot_start + Duration::minutes(self.checkin_after_min))
    }

    /// Where `now` falls relative to the check-in window.
    pub fn checkin_state(&self, slot_start: DateTime<Utc>, now: DateTime<Utc>) -> CheckIn {
        let (from, to) = self.checkin_window(slot_start);
        if now < from {
            CheckIn::TooEarly
        } else if now > to {
            CheckIn::TooLate
        } else {
            CheckIn::Open
        }
    }

    /// The last instant a booking may still be cancelled online.
    pub fn cancel_deadline(&self, slot_start: DateTime<Utc>) -> DateTime<Utc> {
        slot_start - Duration::minutes(self.cancel_cutoff_min)
    }

    /// When a booking not checked in counts as a no-show: the slot's end, or the end of the
    /// check-in window when that is later.
    pub fn no_show_at(&self, slot_start: DateTime<Utc>, slot_end: DateTime<Utc>) -> DateTime<Utc> {
        slot_end.max(self.checkin_window(slot_start).1)
    }

    /// How far back no-shows matter to [`blocked_until`] on any day, in days.
    pub fn no_show_lookback_days(&self) -> i64 {
        self.no_show_window_days + self.no_show_block_days
    }
}

/// Where an instant falls relative to a check-in window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckIn {
    TooEarly,
    Open,
    TooLate,
}

/// Why a person may not book one more slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuotaBreach {
    /// They already hold a booking in that slot.
    SameSlot,
    Day {
        held: usize,
        limit: i64,
    },
    Week {
        held: usize,
        limit: i64,
    },
}

impl QuotaBreach {
    /// The refusal, in Chinese.
    pub fn message(&self, day: NaiveDate) -> String {
        match self {
            QuotaBreach::SameSlot => "您已预约该时段，无需重复预约".to_owned(),
            QuotaBreach::Day { held, limit } => {
                format!("您在{}已有 {held} 个预约，本大厅每人每天最多预约 {limit} 个", day_label(day))
            }
            QuotaBreach::Week { held, limit } => {
                format!("您本周（{}所在周）已有 {held} 个预约，本大厅每人每周最多预约 {limit} 个", day_label(day))
            }
        }
    }
}

/// Checks one more booking at `slot_start` on `day` against the person's live bookings, given as
/// `(day, slot start)` pairs.
pub fn check_quota(
    s: &Settings,
    held: &[(NaiveDate, DateTime<Utc>)],
    day: NaiveDate,
    slot_start: DateTime<Utc>,
) -> Result<(), QuotaBreach> {
    if held.iter().any(|&(_, start)| start == slot_start) {
        return Err(QuotaBreach::SameSlot);
    }
    let on_day = held.iter().filter(|(d, _)| *d == day).count();
    if on_day as i64 >= s.daily_quota {
        return Err(QuotaBreach::Day { held: on_day, limit: s.daily_quota });
    }
    let (mon, sun) = week_of(day);
    let in_week = held.iter().filter(|(d, _)| (mon..=sun).contains(d)).count();
    if in_week as i64 >= s.weekly_quota {
        return Err(QuotaBreach::Week { held: in_week, limit: s.weekly_quota });
    }
    Ok(())
}

/// The last day new bookings are refused because of no-shows (the days of the person's
/// no-shows given), or `None` when they may book on `today`. The block runs from the day of
/// the no-show that reached [`Settings::no_show_limit`] within [`Settings::no_show_window_days`]
/// days (that no-show's day and the ones before it in the window) through
/// [`Settings::no_show_block_days`] days after it.
pub fn blocked_until(s: &Settings, no_shows: &[NaiveDate], today: NaiveDate) -> Option<NaiveDate> {
    if s.no_show_limit <= 0 {
        return None;
    }
    let mut days = no_shows.to_vec();
    days.sort_unstable();
    let limit = usize::try_from(s.no_show_limit).unwrap_or(usize::MAX);
    let mut end: Option<NaiveDate> = None;
    for (i, &d) in days.iter().enumerate() {
        let window_start = d - Duration::days(s.no_show_window_days);
        let in_window = days[..=i].iter().filter(|&&x| x > window_start).count();
        if in_window >= limit {
            let e = d + Duration::days(s.no_show_block_days);
            end = Some(end.map_or(e, |x| x.max(e)));
        }
    }
    end.filter(|e| today <= *e)
}

/// The refusal for a person blocked through `end`.
pub fn blocked_message(s: &Settings, end: NaiveDate) -> String {
    format!(
        "您在 {} 天内有 {} 次预约未按时签到，暂停网上预约至 {}年{}月{}日（含），{} 起可再次预约；如需办理请到大厅现场取号",
        s.no_show_window_days,
        s.no_show_limit,
        end.year(),
        end.month(),
        end.day(),
        day_label(end + Duration::days(1))
    )
}

/// A booking code: exactly six ASCII digits.
pub fn parse_code(field: &str, s: &str) -> Result<String, Invalid> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) {
        Ok(s)
    } else if s.is_empty() {
        Err(Invalid::one(field, "请填写 6 位预约码"))
    } else {
        Err(Invalid::one(field, "预约码应为 6 位数字"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{CalendarEntry, DayKind};
    use proptest::prelude::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn template(id: i64, weekdays: Weekdays, start: NaiveTime, end: NaiveTime, len: u32) -> Template {
        Template {
            id,
            category_id: 1,
            weekdays,
            start,
            end,
            slot_minutes: len,
            capacity: 2,
            effective_from: ymd(2026, 1, 1),
            effective_to: None,
        }
    }

    #[test]
    fn holidays_have_no_slots_and_make_up_days_use_the_weekday_templates() {
        let cal = Calendar::default();
        let mornings = template(1, Weekdays::WORKWEEK, hm(9, 0), hm(12, 0), 30);
        let mondays = template(2, Weekdays::parse("w", &[1]).unwrap(), hm(14, 0), hm(15, 0), 60);
        let ts = [mornings, mondays];
        // 2026-03-02 is an ordinary Monday: both templates.
        let monday = slots_on(&cal, &ts, 1, ymd(2026, 3, 2));
        assert_eq!(monday.len(), 7);
        assert_eq!((monday[0].start, monday[5].end, monday[6].start), (hm(9, 0), hm(12, 0), hm(14, 0)));
        // Tuesday: the mornings only.
        assert_eq!(slots_on(&cal, &ts, 1, ymd(2026, 3, 3)).len(), 6);
        // 2026-04-06 (Monday) is 清明节: nothing; an ordinary Saturday: nothing.
        assert!(slots_on(&cal, &ts, 1, ymd(2026, 4, 6)).is_empty());
        assert!(slots_on(&cal, &ts, 1, ymd(2026, 3, 7)).is_empty());
        // 2026-05-09 (Saturday) is a make-up working day: every template in effect applies.
        assert!(is_makeup_day(&cal, ymd(2026, 5, 9)));
        let sat = slots_on(&cal, &ts, 1, ymd(2026, 5, 9));
        assert_eq!(sat.len(), 7);
        // Another category has none.
        assert!(slots_on(&cal, &ts, 2, ymd(2026, 3, 2)).is_empty());
    }

    #[test]
    fn make_up_days_keep_the_lower_template_where_two_overlap() {
        let cal = Calendar::default();
        let mon = template(1, Weekdays::parse("w", &[1]).unwrap(), hm(9, 0), hm(10, 0), 60);
        let tue = template(2, Weekdays::parse("w", &[2]).unwrap(), hm(9, 30), hm(11, 30), 30);
        let sat = slots_on(&cal, &[tue.clone(), mon.clone()], 1, ymd(2026, 5, 9));
        let times: Vec<_> = sat.iter().map(|s| (s.template_id, s.start)).collect();
        assert_eq!(times, vec![(1, hm(9, 0)), (2, hm(10, 0)), (2, hm(10, 30)), (2, hm(11, 0))]);
    }

    #[test]
    fn templates_apply_only_within_their_dates() {
        let cal = Calendar::default();
        let mut t = template(1, Weekdays::WORKWEEK, hm(9, 0), hm(10, 0), 30);
        t.effective_from = ymd(2026, 3, 3);
        t.effective_to = Some(ymd(2026, 3, 4));
        let ts = [t];
        assert!(slots_on(&cal, &ts, 1, ymd(2026, 3, 2)).is_empty());
        assert_eq!(slots_on(&cal, &ts, 1, ymd(2026, 3, 4)).len(), 2);
        assert!(slots_on(&cal, &ts, 1, ymd(2026, 3, 5)).is_empty());
    }

    #[test]
    fn slot_instants_are_hall_local_times() {
        let s = Slot { template_id: 1, category_id: 1, day: ymd(2026, 3, 2), start: hm(9, 0), end: hm(9, 30), capacity: 1 };
        assert_eq!(s.starts_at().to_rfc3339(), "2026-03-02T01:00:00+00:00");
        assert_eq!(local(s.ends_at()), ymd(2026, 3, 2).and_time(hm(9, 30)));
    }

    #[test]
    fn bookable_days_skip_holidays_and_count_working_days() {
        let cal = Calendar::default();
        // From Thursday 2026-04-02: 4/3 Fri, (4/4–4/6 清明), 4/7, 4/8, …
        let days = bookable_days(&cal, ymd(2026, 4, 2), 3);
        assert_eq!(days, vec![ymd(2026, 4, 2), ymd(2026, 4, 3), ymd(2026, 4, 7), ymd(2026, 4, 8)]);
        // From a Sunday: today is not a working day.
        assert_eq!(bookable_days(&cal, ymd(2026, 3, 8), 1), vec![ymd(2026, 3, 9)]);
        // A make-up Saturday is bookable.
        assert!(bookable_days(&cal, ymd(2026, 5, 6), 3).contains(&ymd(2026, 5, 9)));
    }

    #[test]
    fn weekdays_parse_label_and_refuse_weekends() {
        assert_eq!(Weekdays::parse("w", &[]).unwrap(), Weekdays::WORKWEEK);
        assert_eq!(Weekdays::WORKWEEK.label(), "周一至周五");
        assert_eq!(Weekdays::parse("w", &[1, 3]).unwrap().label(), "周一、周三");
        assert_eq!(Weekdays::parse("w", &[2, 3, 4]).unwrap().label(), "周二至周四");
        assert!(Weekdays::parse("w", &[6]).unwrap_err().summary().contains("调休"));
        assert!(Weekdays::parse("w", &[0]).is_err());
        assert_eq!(Weekdays::from_bits(Weekdays::parse("w", &[1, 5]).unwrap().bits()).unwrap().numbers(), vec![1, 5]);
        assert_eq!(Weekdays::from_bits(0), None);
        assert_eq!(serde_json::to_string(&Weekdays::parse("w", &[1, 2]).unwrap()).unwrap(), "[1,2]");
    }

    #[test]
    fn template_checks_name_their_fields() {
        let mut t = template(1, Weekdays::WORKWEEK, hm(12, 0), hm(9, 0), 0);
        t.capacity = 0;
        t.effective_to = Some(ymd(2025, 1, 1));
        let e = t.check().unwrap_err();
        for f in ["slot_minutes", "capacity", "end", "effective_to"] {
            assert!(e.message_for(f).is_some(), "{f}: {e}");
        }
        assert!(template(1, Weekdays::WORKWEEK, hm(9, 0), hm(9, 20), 30).check().unwrap_err().message_for("end").is_some());
        assert!(template(1, Weekdays::WORKWEEK, hm(9, 0), hm(17, 0), 30).check().is_ok());
        assert!(parse_time("start", "开始时间", "9:5x").is_err());
        assert_eq!(parse_time("start", "开始时间", "9:05").unwrap(), hm(9, 5));
        assert!(parse_date("d", "日期", "2026-02-30").is_err());
    }

    #[test]
    fn overlapping_templates_are_recognised() {
        let a = template(1, Weekdays::parse("w", &[1, 2]).unwrap(), hm(9, 0), hm(12, 0), 30);
        let b = template(2, Weekdays::parse("w", &[2]).unwrap(), hm(11, 0), hm(13, 0), 30);
        let c = template(3, Weekdays::parse("w", &[3]).unwrap(), hm(11, 0), hm(13, 0), 30);
        let d = template(4, Weekdays::parse("w", &[1]).unwrap(), hm(12, 0), hm(13, 0), 30);
        assert!(a.overlaps(&b) && b.overlaps(&a));
        assert!(!a.overlaps(&c));
        assert!(!a.overlaps(&d), "touching ends do not overlap");
        let mut e = b.clone();
        e.effective_from = ymd(2027, 1, 1);
        let mut a2 = a.clone();
        a2.effective_to = Some(ymd(2026, 12, 31));
        assert!(!a2.overlaps(&e));
    }

    #[test]
    fn quotas_count_the_day_the_week_and_the_slot() {
        let s = Settings { daily_quota: 1, weekly_quota: 2, ..Settings::default() };
        let mon = ymd(2026, 3, 2);
        let at = |d: NaiveDate, h: u32| instant(d, hm(h, 0));
        assert_eq!(check_quota(&s, &[], mon, at(mon, 9)), Ok(()));
        assert_eq!(check_quota(&s, &[(mon, at(mon, 9))], mon, at(mon, 9)), Err(QuotaBreach::SameSlot));
        assert_eq!(check_quota(&s, &[(mon, at(mon, 9))], mon, at(mon, 10)), Err(QuotaBreach::Day { held: 1, limit: 1 }));
        let tue = ymd(2026, 3, 3);
        let wed = ymd(2026, 3, 4);
        let held = [(mon, at(mon, 9)), (tue, at(tue, 9))];
        assert_eq!(check_quota(&s, &held, wed, at(wed, 9)), Err(QuotaBreach::Week { held: 2, limit: 2 }));
        // The next week starts afresh.
        let next_mon = ymd(2026, 3, 9);
        assert_eq!(check_quota(&s, &held, next_mon, at(next_mon, 9)), Ok(()));
        assert!(QuotaBreach::Week { held: 2, limit: 2 }.message(wed).contains("每周最多预约 2 个"));
        assert_eq!(week_of(ymd(2026, 3, 8)), (mon, ymd(2026, 3, 8)));
    }

    #[test]
    fn three_no_shows_in_thirty_days_block_for_thirty_days() {
        let s = Settings::default();
        let d = |n: i64| ymd(2026, 3, 1) + Duration::days(n);
        assert_eq!(blocked_until(&s, &[d(0), d(10)], d(11)), None);
        assert_eq!(blocked_until(&s, &[d(0), d(10), d(20)], d(21)), Some(d(50)));
        assert_eq!(blocked_until(&s, &[d(0), d(10), d(20)], d(50)), Some(d(50)));
        assert_eq!(blocked_until(&s, &[d(0), d(10), d(20)], d(51)), None);
        // Spread wider than the window: no block.
        assert_eq!(blocked_until(&s, &[d(0), d(20), d(40)], d(41)), None);
        // Off when the limit is 0.
        assert_eq!(blocked_until(&Settings { no_show_limit: 0, ..s.clone() }, &[d(0), d(1), d(2)], d(3)), None);
        let msg = blocked_message(&s, d(50));
        assert!(msg.contains("2026年4月20日") && msg.contains("4月21日"), "{msg}");
    }

    #[test]
    fn check_in_window_and_cancel_deadline() {
        let s = Settings::default();
        let start = instant(ymd(2026, 3, 2), hm(9, 0));
        assert_eq!(s.checkin_state(start, start - Duration::minutes(31)), CheckIn::TooEarly);
        assert_eq!(s.checkin_state(start, start - Duration::minutes(30)), CheckIn::Open);
        assert_eq!(s.checkin_state(start, start + Duration::minutes(15)), CheckIn::Open);
        assert_eq!(s.checkin_state(start, start + Duration::minutes(16)), CheckIn::TooLate);
        assert_eq!(s.cancel_deadline(start), start - Duration::hours(2));
        let end = start + Duration::minutes(10);
        assert_eq!(s.no_show_at(start, end), start + Duration::minutes(15));
    }

    #[test]
    fn settings_validation_names_the_field() {
        assert!(Settings::default().validate().is_ok());
        let e = Settings { days_ahead: 0, daily_quota: 3, weekly_quota: 2, ..Settings::default() }.validate().unwrap_err();
        assert!(e.message_for("days_ahead").is_some());
        assert!(e.message_for("weekly_quota").is_some());
        let parsed: Settings = serde_json::from_str(r#"{"days_ahead": 5}"#).unwrap();
        assert_eq!(parsed, Settings { days_ahead: 5, ..Settings::default() });
    }

    #[test]
    fn codes_are_six_digits() {
        assert_eq!(parse_code("code", " 012 345 ").unwrap(), "012345");
        assert!(parse_code("code", "12345").is_err());
        assert!(parse_code("code", "12345a").is_err());
        assert!(parse_code("code", "").unwrap_err().summary().contains("请填写"));
    }

    fn arb_calendar() -> impl Strategy<Value = Calendar> {
        proptest::collection::vec((0i64..60, prop::bool::ANY), 0..12).prop_map(|v| {
            let entries: Vec<CalendarEntry> = v
                .into_iter()
                .map(|(n, holiday)| {
                    let kind = if holiday { DayKind::Holiday } else { DayKind::Workday };
                    CalendarEntry::new(ymd(2026, 3, 1) + Duration::days(n), kind, "测试")
                })
                .collect();
            Calendar::new(&entries)
        })
    }

    fn arb_template() -> impl Strategy<Value = Template> {
        (1i64..6, 1u8..32, 7u32..12, 0u32..4, 1u32..10, prop::sample::select(vec![15u32, 20, 30, 45, 60]), 0i64..40, 0i64..40).prop_map(
            |(id, bits, h, m, hours, len, from, span)| {
                let start = hm(h, m * 15);
                let end = start + Duration::hours(i64::from(hours));
                let from = ymd(2026, 3, 1) + Duration::days(from);
                Template {
                    id,
                    category_id: 1,
                    weekdays: Weekdays(bits),
                    start,
                    end,
                    slot_minutes: len,
                    capacity: 3,
                    effective_from: from,
                    effective_to: Some(from + Duration::days(span)),
                }
            },
        )
    }

    proptest! {
        /// Slots fall only on working days, inside a template in effect that day, and never
        /// overlap; on an ordinary weekday only templates naming that weekday contribute.
        #[test]
        fn slots_only_on_working_days_and_never_overlap(
            cal in arb_calendar(),
            templates in proptest::collection::vec(arb_template(), 0..5),
            offset in 0i64..60,
        ) {
            // Distinct ids, given in descending order so that generation must sort them.
            let n = templates.len() as i64;
            let templates: Vec<Template> = templates.into_iter().enumerate().map(|(i, t)| Template { id: n - i as i64, ..t }).collect();
            let day = ymd(2026, 3, 1) + Duration::days(offset);
            let slots = slots_on(&cal, &templates, 1, day);
            if !cal.is_working_day(day) {
                prop_assert!(slots.is_empty());
            }
            for (i, s) in slots.iter().enumerate() {
                let t = templates.iter().find(|t| t.id == s.template_id).unwrap();
                prop_assert!(t.in_effect(day));
                prop_assert!(t.start <= s.start && s.end <= t.end && s.start < s.end);
                if !is_makeup_day(&cal, day) {
                    prop_assert!(t.weekdays.contains(day.weekday()));
                }
                for o in &slots[i + 1..] {
                    prop_assert!(s.end <= o.start, "slots overlap or are unordered: {s:?} {o:?}");
                }
            }
            // With one template in effect on a working day, every one of its slots is offered.
            if let [t] = &templates[..]
                && cal.is_working_day(day)
                && t.in_effect(day)
                && (is_makeup_day(&cal, day) || t.weekdays.contains(day.weekday()))
            {
                prop_assert_eq!(slots.len(), t.times().len());
            }
        }

        /// Bookable days are working days, in order, within the window, and there are exactly
        /// `days_ahead` of them after today.
        #[test]
        fn bookable_days_are_the_next_working_days(cal in arb_calendar(), offset in 0i64..50, ahead in 1u32..10) {
            let today = ymd(2026, 3, 1) + Duration::days(offset);
            let days = bookable_days(&cal, today, ahead);
            prop_assert!(days.iter().all(|d| cal.is_working_day(*d) && *d >= today));
            prop_assert!(days.windows(2).all(|w| w[0] < w[1]));
            prop_assert_eq!(days.iter().filter(|d| **d > today).count(), ahead as usize);
        }

        /// Bookings accepted one after another by `check_quota` never exceed either quota.
        #[test]
        fn accepted_bookings_respect_both_quotas(
            daily in 1i64..4, weekly in 1i64..8,
            wishes in proptest::collection::vec((0i64..21, 8u32..17), 0..40),
        ) {
            let s = Settings { daily_quota: daily, weekly_quota: weekly.max(daily), ..Settings::default() };
            let mut held: Vec<(NaiveDate, DateTime<Utc>)> = Vec::new();
            for (n, h) in wishes {
                let day = ymd(2026, 3, 2) + Duration::days(n);
                let at = instant(day, hm(h, 0));
                if check_quota(&s, &held, day, at).is_ok() {
                    held.push((day, at));
                }
            }
            for &(d, _) in &held {
                prop_assert!(held.iter().filter(|(x, _)| *x == d).count() as i64 <= s.daily_quota);
                let (mon, sun) = week_of(d);
                prop_assert!(held.iter().filter(|(x, _)| (mon..=sun).contains(x)).count() as i64 <= s.weekly_quota);
            }
            let mut starts: Vec<_> = held.iter().map(|h| h.1).collect();
            starts.sort();
            starts.dedup();
            prop_assert_eq!(starts.len(), held.len());
        }

        /// A block needs `limit` no-shows within the window, ends `block_days` after one of them,
        /// and more no-shows never shorten it.
        #[test]
        fn no_show_block_is_earned_bounded_and_monotone(
            limit in 1i64..5, window in 1i64..40, block in 1i64..40,
            days in proptest::collection::vec(0i64..120, 0..10),
            extra in 0i64..120,
            today in 0i64..160,
        ) {
            let s = Settings { no_show_limit: limit, no_show_window_days: window, no_show_block_days: block, ..Settings::default() };
            let base = ymd(2026, 1, 1);
            let d: Vec<NaiveDate> = days.iter().map(|&n| base + Duration::days(n)).collect();
            let today = base + Duration::days(today);
            if let Some(end) = blocked_until(&s, &d, today) {
                prop_assert!(end >= today);
                let reached = end - Duration::days(block);
                prop_assert!(d.contains(&reached));
                let n = d.iter().filter(|&&x| x <= reached && x > reached - Duration::days(window)).count();
                prop_assert!(n as i64 >= limit);
                let mut more = d.clone();
                more.push(base + Duration::days(extra));
                prop_assert!(blocked_until(&s, &more, today).is_some_and(|e| e >= end));
            }
            if (d.len() as i64) < limit {
                prop_assert_eq!(blocked_until(&s, &d, today), None);
            }
        }

        /// Check-in is open exactly within [start − before, start + after].
        #[test]
        fn check_in_is_open_exactly_inside_the_window(before in 0i64..120, after in 0i64..120, at in -200i64..200) {
            let s = Settings { checkin_before_min: before, checkin_after_min: after, ..Settings::default() };
            let start = instant(ymd(2026, 3, 2), hm(10, 0));
            let now = start + Duration::minutes(at);
            let open = (-before..=after).contains(&at);
            prop_assert_eq!(s.checkin_state(start, now) == CheckIn::Open, open);
        }
    }
}
