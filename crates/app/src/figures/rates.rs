//! Figures (X1) read from the day-level aggregates. This first part is the rating figures and the
//! public disclosure of them (评价公示): per hall and in total for a month, from `rating_days`,
//! with no personal data at all.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use store::ratings::Counts;
use utoipa::ToSchema;

use crate::{App, Result};

/// A share with its numerator and denominator; `percent` is `None` when nothing was counted.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, ToSchema)]
pub struct Rate {
    pub numerator: i64,
    pub denominator: i64,
    pub percent: Option<f64>,
}

impl Rate {
    pub fn of(numerator: i64, denominator: i64) -> Rate {
        // One decimal, as the hall publishes it.
        let percent = (denominator > 0).then(|| (numerator as f64 * 1000.0 / denominator as f64).round() / 10.0);
        Rate { numerator, denominator, percent }
    }

    /// Whether the share meets a target in percent (no data meets nothing).
    pub fn meets(&self, target: f64) -> Option<bool> {
        self.percent.map(|p| p + 1e-9 >= target)
    }
}

/// The rating figures of a set of `rating_days` rows.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct RatingFigures {
    /// Ratings counted (appeals upheld excluded).
    pub ratings: i64,
    /// Per level 1..=5 (the final level after a re-rating).
    pub levels: [i64; 5],
    /// 好评率: 4–5 of all, at each rating's first level (a re-rating never replaces it).
    pub good_rate: Rate,
    /// 满意率: 3–5 of all.
    pub satisfied_rate: Rate,
    /// 差评 (1–2 as given).
    pub bad: i64,
    /// 差评整改率: bad ratings rectified and replied to (target 100 %).
    pub rectify_rate: Rate,
    /// 实名差评回访率: real-name bad ratings called back (target 100 %).
    pub callback_rate: Rate,
    /// Taken out of the figures by an upheld appeal.
    pub voided: i64,
    /// Bad ratings re-rated 3–5 at the callback after rectification.
    pub improved: i64,
    /// 整改后好转率: improved of bad ratings.
    pub improved_rate: Rate,
}

impl RatingFigures {
    pub fn of(c: &Counts) -> RatingFigures {
        RatingFigures {
            ratings: c.n,
            levels: [c.l1, c.l2, c.l3, c.l4, c.l5],
            good_rate: Rate::of(c.l4 + c.l5, c.n),
            satisfied_rate: Rate::of(c.l3 + c.l4 + c.l5, c.n),
            bad: c.bad,
            rectify_rate: Rate::of(c.rectified, c.bad),
            callback_rate: Rate::of(c.called_back, c.bad_real_name),
            voided: c.voided,
            improved: c.improved,
            improved_rate: Rate::of(c.improved, c.bad),
        }
    }
}

/// One hall's published figures.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct HallRatings {
    pub site_id: i64,
    pub site_name: String,
    pub figures: RatingFigures,
}

/// What a hall publishes for a month (评价公示).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PublicRatings {
    pub month: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub halls: Vec<HallRatings>,
    pub total: RatingFigures,
}

/// The first and last day of a `YYYY-MM` month.
pub fn month_bounds(month: &str) -> Option<(NaiveDate, NaiveDate)> {
    let (y, m) = month.split_once('-')?;
    let first = NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)?;
    let next = if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)?
    };
    Some((first, next.pred_opt()?))
}

/// The published rating figures of every hall for a month (default: this month), public.
pub async fn public_ratings(app: &App, month: Option<&str>) -> Result<PublicRatings> {
    let month = match month.map(str::trim).filter(|m| !m.is_empty()) {
        Some(m) => m.to_owned(),
        None => app.clock.today().format("%Y-%m").to_string(),
    };
    let (from, to) = month_bounds(&month).ok_or_else(|| domain::Invalid::one("month", format!("月份格式应为 YYYY-MM（收到“{month}”）")))?;
    let mut tx = app.read().await?;
    let rows = store::ratings::sum_by_site(&mut tx, from, to).await?;
    let mut total = Counts::default();
    let mut halls = Vec::new();
    for r in rows {
        total = total.plus(&r.counts);
        if r.site_id > 0 {
            halls.push(HallRatings {
                site_id: r.site_id,
                site_name: r.site_name.unwrap_or_default(),
                figures: RatingFigures::of(&r.counts),
            });
        }
    }
    Ok(PublicRatings { month, from, to, halls, total: RatingFigures::of(&total) })
}
