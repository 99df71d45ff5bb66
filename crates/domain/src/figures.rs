//! The rules of the leadership figures (X1): duration histograms that add up across days, halls
//! and windows and still give a 90th percentile; the targets of the plan; the monthly window
//! ranking and its "two months running" flag for a talk (约谈).

use serde::Serialize;

/// Upper bounds, in minutes, of the duration buckets a day's waits and services are counted in;
/// a last, open bucket holds everything longer than the last bound.
pub const BUCKETS: [i64; 44] = [
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 22, 24, 26, 28, 30, 35, 40, 45, 50, 55, 60, 70, 80, 90, 105,
    120, 150, 180, 210, 240, 300, 360, 420, 480,
];

/// Counts of durations per bucket ([`BUCKETS`] and one open bucket after them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Histogram(pub Vec<i64>);

impl Default for Histogram {
    fn default() -> Self {
        Histogram(vec![0; BUCKETS.len() + 1])
    }
}

/// The bucket of a duration in seconds: the first whose bound in minutes is not below it.
pub fn bucket_of(seconds: i64) -> usize {
    let s = seconds.max(0);
    BUCKETS.iter().position(|b| s <= b * 60).unwrap_or(BUCKETS.len())
}

impl Histogram {
    pub fn add(&mut self, seconds: i64) {
        self.0[bucket_of(seconds)] += 1;
    }

    pub fn merge(&mut self, o: &Histogram) {
        for (a, b) in self.0.iter_mut().zip(&o.0) {
            *a += b;
        }
    }

    pub fn count(&self) -> i64 {
        self.0.iter().sum()
    }

    /// The upper bound, in seconds, of the bucket holding the nearest-rank `p`th percentile; the
    /// open bucket answers with the last bound (read "more than"). `None` when empty.
    pub fn percentile_upper_s(&self, p: u8) -> Option<i64> {
        let n = self.count();
        if n == 0 {
            return None;
        }
        // Nearest rank: the smallest rank r with r / n >= p / 100.
        let rank = (i64::from(p) * n + 99) / 100;
        let mut seen = 0;
        for (i, c) in self.0.iter().enumerate() {
            seen += c;
            if seen >= rank.max(1) {
                return Some(BUCKETS.get(i).copied().unwrap_or(BUCKETS[BUCKETS.len() - 1]) * 60);
            }
        }
        None
    }

    /// Stored form: the counts comma-separated, trailing zeros dropped ("" when empty).
    pub fn encode(&self) -> String {
        let last = self.0.iter().rposition(|c| *c != 0).map_or(0, |i| i + 1);
        self.0[..last].iter().map(ToString::to_string).collect::<Vec<_>>().join(",")
    }

    /// Reads the stored form; unknown or malformed parts count as zero.
    pub fn decode(s: &str) -> Histogram {
        let mut h = Histogram::default();
        for (i, part) in s.split(',').enumerate().take(h.0.len()) {
            h.0[i] = part.trim().parse().unwrap_or(0);
        }
        h
    }
}

/// A target of the plan a figure is judged against.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Target {
    /// The figure's name in the dashboard's JSON.
    pub code: &'static str,
    pub label: &'static str,
    /// The share in percent the figure must reach.
    pub at_least: f64,
    /// Where the target comes from.
    pub source: &'static str,
}

/// The plan's targets: comprehensive windows ≥ 80 % (item 6), fully-online items ≥ 85 % (item 8),
/// every item that must be stationed is (应进必进), every bad rating rectified and every
/// real-name one called back (好差评).
pub const TARGETS: [Target; 5] = [
    Target {
        code: "comprehensive_window_share",
        label: "综合窗口占比",
        at_least: 80.0,
        source: "实施方案第6条：无差别综合窗口设置比例不低于80%",
    },
    Target {
        code: "full_online_share", label: "全程网办率", at_least: 85.0, source: "实施方案第8条：三级政务服务事项“全程网办”率达85%"
    },
    Target { code: "stationing_rate", label: "事项进驻率", at_least: 100.0, source: "实施方案第5条：应进必进" },
    Target { code: "rectify_rate", label: "差评整改率", at_least: 100.0, source: "好差评制度：差评整改率100%" },
    Target {
        code: "callback_rate", label: "实名差评回访率", at_least: 100.0, source: "好差评制度：实名差评回访率100%"
    },
];

pub fn target(code: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|t| t.code == code)
}

/// One window's month in the ranking: its good-rating share in per mille (`None`: no rating),
/// bad ratings and served tickets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WindowMonth {
    pub window_id: i64,
    pub good_permille: Option<i64>,
    pub bad: i64,
    pub served: i64,
}

/// The ranking of a month: windows with at least one rating, best first — higher 好评率, then
/// fewer bad ratings, then more tickets served, then the lower window id. Windows without a
/// rating are not ranked.
pub fn rank(months: &[WindowMonth]) -> Vec<WindowMonth> {
    let mut v: Vec<WindowMonth> = months.iter().filter(|m| m.good_permille.is_some()).copied().collect();
    v.sort_by(|a, b| {
        b.good_permille.cmp(&a.good_permille).then(a.bad.cmp(&b.bad)).then(b.served.cmp(&a.served)).then(a.window_id.cmp(&b.window_id))
    });
    v
}

/// How many of `ranked` windows sit at the bottom of a month: the last tenth, at least one.
pub fn bottom_size(ranked: usize) -> usize {
    if ranked == 0 { 0 } else { ranked.div_ceil(10) }
}

/// The windows at the bottom of a ranking ([`bottom_size`]).
pub fn bottom(ranked: &[WindowMonth]) -> Vec<i64> {
    ranked[ranked.len() - bottom_size(ranked.len())..].iter().map(|m| m.window_id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn buckets_are_increasing_minutes() {
        assert!(BUCKETS.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(bucket_of(0), 0);
        assert_eq!(bucket_of(60), 0);
        assert_eq!(bucket_of(61), 1);
        assert_eq!(bucket_of(480 * 60 + 1), BUCKETS.len());
    }

    #[test]
    fn the_p90_of_a_small_set() {
        let mut h = Histogram::default();
        for s in [30, 90, 200, 250, 400, 500, 600, 700, 800, 3000] {
            h.add(s);
        }
        // Nearest rank 9 of 10 is 800 s, in the 14-minute bucket.
        assert_eq!(h.percentile_upper_s(90), Some(14 * 60));
        assert_eq!(Histogram::default().percentile_upper_s(90), None);
    }

    #[test]
    fn the_bottom_tenth() {
        assert_eq!(bottom_size(0), 0);
        assert_eq!(bottom_size(1), 1);
        assert_eq!(bottom_size(10), 1);
        assert_eq!(bottom_size(11), 2);
    }

    #[test]
    fn every_target_is_a_share() {
        assert!(TARGETS.iter().all(|t| t.at_least > 0.0 && t.at_least <= 100.0));
        assert_eq!(target("full_online_share").map(|t| t.at_least), Some(85.0));
    }

    proptest! {
        /// The bucketed p90 is never below the exact nearest-rank p90 and never more than one
        /// bucket above it.
        #[test]
        fn the_bucketed_p90_bounds_the_exact_one(mut v in proptest::collection::vec(0i64..40_000, 1..300)) {
            let mut h = Histogram::default();
            for s in &v {
                h.add(*s);
            }
            let exact = crate::queue::percentile(&mut v, 90).expect("not empty");
            let upper = h.percentile_upper_s(90).expect("not empty");
            let b = bucket_of(exact);
            if b < BUCKETS.len() {
                prop_assert!(upper >= exact);
                prop_assert_eq!(upper, BUCKETS[b] * 60);
            } else {
                prop_assert_eq!(upper, BUCKETS[BUCKETS.len() - 1] * 60);
            }
        }

        /// Adding histograms is the same as counting everything into one; the stored form
        /// round-trips.
        #[test]
        fn histograms_add_up(a in proptest::collection::vec(0i64..40_000, 0..100), b in proptest::collection::vec(0i64..40_000, 0..100)) {
            let (mut ha, mut hb, mut all) = (Histogram::default(), Histogram::default(), Histogram::default());
            for s in &a { ha.add(*s); all.add(*s); }
            for s in &b { hb.add(*s); all.add(*s); }
            ha.merge(&hb);
            prop_assert_eq!(&ha, &all);
            prop_assert_eq!(Histogram::decode(&all.encode()), all);
        }

        /// The ranking keeps every rated window once, in order, and the bottom is its tail.
        #[test]
        fn the_ranking_is_ordered(ms in proptest::collection::vec((proptest::option::of(0i64..=1000), 0i64..20, 0i64..500), 0..40)) {
            let months: Vec<WindowMonth> = ms.iter().enumerate()
                .map(|(i, (g, b, s))| WindowMonth { window_id: i as i64, good_permille: *g, bad: *b, served: *s }).collect();
            let r = rank(&months);
            prop_assert_eq!(r.len(), months.iter().filter(|m| m.good_permille.is_some()).count());
            prop_assert!(r.windows(2).all(|w| w[0].good_permille >= w[1].good_permille));
            let bottom = bottom(&r);
            prop_assert_eq!(bottom.len(), bottom_size(r.len()));
            if let Some(last) = r.last() { prop_assert!(bottom.contains(&last.window_id)); }
        }
    }
}
