//! The table cells of the dashboard and the monthly window ranking (约谈 flag).

use chrono::{Datelike, NaiveDate};
use domain::Invalid;
use domain::figures::WindowMonth;
use serde::Serialize;
use utoipa::ToSchema;

use super::compute::*;
use super::model::*;
use crate::figures::rates::Rate;
use crate::{Actor, App, Result};

/// A cell of the figures table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Count(i64),
    /// A percentage, with whether it meets its target (`None`: no target or no data).
    Percent(Option<f64>, Option<bool>),
    /// Minutes with one decimal.
    Minutes(Option<f64>),
    /// Not applicable to this group.
    None,
}

/// The columns of the figures table, in order.
pub const COLUMNS: [&str; 27] = [
    "综合窗口占比",
    "全程网办率",
    "事项进驻率",
    "取号量",
    "平均等候(分)",
    "P90等候(分)",
    "平均办理(分)",
    "P90办理(分)",
    "受理量",
    "办结量",
    "按时办结率",
    "超期办结",
    "在办超期",
    "一级提醒",
    "二级提醒",
    "三级提醒",
    "黄牌",
    "红牌",
    "评价数",
    "好评率",
    "差评数",
    "差评整改率",
    "实名差评回访率",
    "主动评价率",
    "工单数",
    "工单按时答复率",
    "工单超期未答复",
];

pub(super) fn minutes(s: Option<i64>) -> Cell {
    Cell::Minutes(s.map(|s| (s as f64 / 6.0).round() / 10.0))
}

pub(super) fn pct(r: Option<Rate>, target: Option<&str>) -> Cell {
    match r {
        None => Cell::None,
        Some(r) => Cell::Percent(r.percent, target.and_then(domain::figures::target).and_then(|t| r.meets(t.at_least))),
    }
}

/// One row of the figures table ([`COLUMNS`]).
pub fn cells(f: &Figures) -> Vec<Cell> {
    let t = &f.tickets;
    let c = &f.cases;
    let l = &f.ladder;
    let r = &f.ratings;
    vec![
        pct(f.comprehensive_window_share, Some("comprehensive_window_share")),
        pct(f.full_online_share, Some("full_online_share")),
        pct(f.stationing_rate, Some("stationing_rate")),
        Cell::Count(t.issued),
        minutes(t.waiting.avg_s),
        minutes(t.waiting.p90_s),
        minutes(t.service.avg_s),
        minutes(t.service.p90_s),
        Cell::Count(c.accepted),
        Cell::Count(c.decided),
        pct(Some(c.on_time_rate), None),
        Cell::Count(c.overdue_decided),
        Cell::Count(c.overdue_open),
        Cell::Count(l.reminders_level1),
        Cell::Count(l.reminders_level2),
        Cell::Count(l.reminders_level3),
        Cell::Count(l.yellow_cards),
        Cell::Count(l.red_cards),
        Cell::Count(r.ratings),
        pct(Some(r.good_rate), None),
        Cell::Count(r.bad),
        pct(Some(r.rectify_rate), Some("rectify_rate")),
        pct(Some(r.callback_rate), Some("callback_rate")),
        pct(Some(f.active_rating_rate), None),
        Cell::Count(f.work_orders.registered),
        pct(Some(f.work_orders.on_time_reply_rate), None),
        Cell::Count(f.work_orders.overdue_open),
    ]
}

// ---------------------------------------------------------------- monthly window ranking

/// A window's place in a month.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct RankedWindow {
    pub rank: i64,
    pub window_id: i64,
    pub name: String,
    pub ratings: i64,
    pub good_rate: Rate,
    pub bad: i64,
    pub served: i64,
    /// In the bottom tenth this month.
    pub bottom: bool,
    /// In the bottom tenth the month before too: called in for a talk (约谈).
    pub talk: bool,
}

/// The monthly window ranking.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Ranking {
    pub month: String,
    pub previous_month: String,
    pub scope: ScopeView,
    pub windows: Vec<RankedWindow>,
    /// Windows with no rating this month (not ranked).
    pub unrated: Vec<String>,
}

pub(super) fn window_months(d: &Dashboard) -> Vec<WindowMonth> {
    d.groups
        .iter()
        .filter(|g| g.id > 0)
        .map(|g| WindowMonth {
            window_id: g.id,
            good_permille: (g.figures.ratings.ratings > 0)
                .then(|| (g.figures.ratings.good_rate.numerator * 1000) / g.figures.ratings.good_rate.denominator.max(1)),
            bad: g.figures.ratings.bad,
            served: g.figures.tickets.served,
        })
        .collect()
}

/// The ranking of `month` (`YYYY-MM`, default: last month) with the 约谈 flag.
pub async fn ranking(app: &App, actor: &Actor, scope: Option<&str>, month: Option<&str>) -> Result<Ranking> {
    let today = app.clock.today();
    let month = match month.map(str::trim).filter(|m| !m.is_empty()) {
        Some(m) => m.to_owned(),
        None => {
            let first = today.with_day(1).unwrap_or(today);
            first.pred_opt().unwrap_or(first).format("%Y-%m").to_string()
        }
    };
    let (from, to) = crate::figures::rates::month_bounds(&month)
        .ok_or_else(|| Invalid::one("month", format!("月份格式应为 YYYY-MM（收到“{month}”）")))?;
    let prev_to = from.pred_opt().unwrap_or(from);
    let prev_from = prev_to.with_day(1).unwrap_or(prev_to);
    let ask = |f: NaiveDate, t: NaiveDate| (f.to_string(), t.to_string());
    let (a, b) = ask(from, to);
    let this = compute(app, actor, &Ask { scope, by: Some("window"), from: Some(&a), to: Some(&b) }, true).await?;
    let (c, d) = ask(prev_from, prev_to);
    let before = compute(app, actor, &Ask { scope, by: Some("window"), from: Some(&c), to: Some(&d) }, true).await?;
    let ranked = domain::figures::rank(&window_months(&this));
    let bottom = domain::figures::bottom(&ranked);
    let bottom_before = domain::figures::bottom(&domain::figures::rank(&window_months(&before)));
    let windows = ranked
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let g = this.groups.iter().find(|g| g.id == m.window_id).expect("ranked from these groups");
            RankedWindow {
                rank: i as i64 + 1,
                window_id: m.window_id,
                name: g.name.clone(),
                ratings: g.figures.ratings.ratings,
                good_rate: g.figures.ratings.good_rate,
                bad: m.bad,
                served: m.served,
                bottom: bottom.contains(&m.window_id),
                talk: bottom.contains(&m.window_id) && bottom_before.contains(&m.window_id),
            }
        })
        .collect();
    let unrated = this.groups.iter().filter(|g| g.id > 0 && g.figures.ratings.ratings == 0).map(|g| g.name.clone()).collect();
    Ok(Ranking { month, previous_month: prev_from.format("%Y-%m").to_string(), scope: this.scope, windows, unrated })
}

// ---------------------------------------------------------------- Excel
