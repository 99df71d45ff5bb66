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
mod tests;
