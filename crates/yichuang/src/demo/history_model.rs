//! The parameters of the demo's history (`demo/history.json`) and the few pieces of the hall the
//! generator works with.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use domain::org::Hours;
use rand::Rng;
use rand::rngs::StdRng;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub(super) struct Params {
    pub(super) seed: u64,
    pub(super) days: i64,
    pub(super) tickets_per_day: HashMap<String, f64>,
    pub(super) weekend_share: f64,
    pub(super) weekday_factor: Vec<f64>,
    pub(super) hour_weights: BTreeMap<u32, f64>,
    pub(super) wait_minutes: Spread,
    pub(super) service_minutes: Spread,
    pub(super) no_show_share: f64,
    pub(super) channels: BTreeMap<String, f64>,
    pub(super) elderly_share: f64,
    pub(super) outcomes: BTreeMap<String, f64>,
    pub(super) rating_share: f64,
    pub(super) case_rating_share: f64,
    pub(super) levels: Vec<f64>,
    pub(super) real_name_share: f64,
    pub(super) comments: HashMap<String, Vec<String>>,
    pub(super) order_states: BTreeMap<String, f64>,
    pub(super) rerated_share: f64,
    pub(super) case_outcomes: BTreeMap<String, f64>,
    pub(super) special_types: Vec<String>,
    pub(super) applicants: Names,
    pub(super) work_orders_per_day: f64,
    pub(super) work_order_kinds: BTreeMap<String, f64>,
    pub(super) work_order_channels: BTreeMap<String, f64>,
    pub(super) work_order_states: BTreeMap<String, f64>,
    pub(super) work_order_texts: HashMap<String, Vec<String>>,
    pub(super) work_order_replies: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Spread {
    pub(super) median: f64,
    pub(super) spread: f64,
}

#[derive(Debug, Deserialize)]
pub(super) struct Names {
    pub(super) surnames: Vec<String>,
    pub(super) given: Vec<String>,
}

/// A seated window of a hall, as the history serves at it.
#[derive(Debug, Clone)]
pub(super) struct Seat {
    pub(super) window_id: i64,
    pub(super) staff_id: i64,
    pub(super) user_id: Option<i64>,
    pub(super) username: String,
    pub(super) department_id: i64,
}

/// A promise item (承诺件) a case can be filed for.
#[derive(Debug, Clone)]
pub(super) struct CaseItem {
    pub(super) item_id: i64,
    pub(super) version_id: i64,
    pub(super) name: String,
    pub(super) department_id: i64,
    pub(super) promised: u32,
    pub(super) statutory: u32,
    pub(super) reviewer: Option<i64>,
}

/// A hall that takes tickets: its categories (id, prefix, item ids) and seats.
pub(super) struct Hall {
    pub(super) site_id: i64,
    pub(super) org_unit_id: i64,
    pub(super) per_day: f64,
    pub(super) weekday: Hours,
    pub(super) weekend: Hours,
    pub(super) categories: Vec<(i64, String, Vec<i64>)>,
    pub(super) seats: Vec<Seat>,
}

/// Picks a key by its weight.
pub(super) fn pick<'a>(rng: &mut StdRng, w: &'a BTreeMap<String, f64>) -> &'a str {
    let total: f64 = w.values().sum();
    let mut x = rng.gen_range(0.0..total.max(f64::MIN_POSITIVE));
    for (k, v) in w {
        if x < *v {
            return k;
        }
        x -= v;
    }
    w.keys().next_back().map_or("", String::as_str)
}

/// A log-normal duration in seconds around the median.
pub(super) fn minutes(rng: &mut StdRng, s: &Spread) -> i64 {
    // Box–Muller: one standard normal.
    let (u1, u2): (f64, f64) = (rng.gen_range(f64::EPSILON..1.0), rng.gen_range(0.0..1.0));
    let z = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
    ((s.median * (s.spread * z).exp()) * 60.0).round().clamp(30.0, 3.0 * 3600.0) as i64
}

/// A random count with mean `mean` (rounded stochastically).
pub(super) fn count(rng: &mut StdRng, mean: f64) -> usize {
    let base = mean.floor();
    (base + f64::from(u8::from(rng.gen_bool((mean - base).clamp(0.0, 1.0))))) as usize
}

pub(super) fn at(day: NaiveDate, minute_of_day: i64) -> DateTime<Utc> {
    let local = day.and_hms_opt(0, 0, 0).unwrap_or_default() + Duration::minutes(minute_of_day);
    app::cst().from_local_datetime(&local).single().map(|t| t.to_utc()).unwrap_or_default()
}

/// The `&'static str` code for a parameter-file key (the codes the schema allows).
pub(super) fn static_code(k: &str) -> &'static str {
    const CODES: &[&str] = &[
        "kiosk",
        "mobile",
        "appointment",
        "guide",
        "counter",
        "served",
        "accepted",
        "consulted",
        "incomplete",
        "referred",
        "other",
        "verifying",
        "rectifying",
        "replied",
        "appealed",
        "closed",
        "voided",
        "consultation",
        "help",
        "complaint",
        "suggestion",
        "hotline",
        "online",
        "cannot_do",
        "letter",
        "registered",
        "assigned",
        "signed",
    ];
    CODES.iter().copied().find(|c| *c == k).unwrap_or("other")
}
