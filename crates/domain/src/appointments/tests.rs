//! Tests of the parent module.

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
