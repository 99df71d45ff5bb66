//! The dashboard's vocabulary: dimensions, asks, and the figures it answers.

use chrono::{DateTime, NaiveDate, Utc};
use domain::Invalid;
use domain::figures::Histogram;
use serde::Serialize;
use store::figures::By;
use utoipa::ToSchema;

use crate::Result;
use crate::figures::rates::{Rate, RatingFigures};

// ---------------------------------------------------------------- request

/// How the dashboard breaks the figures down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Banner,
    Town,
    Site,
    Department,
    Window,
    Staff,
}

impl Dimension {
    pub const ALL: [Dimension; 6] =
        [Dimension::Banner, Dimension::Town, Dimension::Site, Dimension::Department, Dimension::Window, Dimension::Staff];

    pub fn code(self) -> &'static str {
        match self {
            Dimension::Banner => "banner",
            Dimension::Town => "town",
            Dimension::Site => "site",
            Dimension::Department => "department",
            Dimension::Window => "window",
            Dimension::Staff => "staff",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Dimension::Banner => "按旗",
            Dimension::Town => "按苏木镇",
            Dimension::Site => "按场所",
            Dimension::Department => "按部门",
            Dimension::Window => "按窗口",
            Dimension::Staff => "按人员",
        }
    }

    pub fn parse(s: Option<&str>) -> Result<Dimension> {
        match s.map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(Dimension::Site),
            Some(s) => Dimension::ALL.into_iter().find(|d| d.code() == s).ok_or_else(|| {
                Invalid::one("by", format!("分组方式应为 banner、town、site、department、window 或 staff（收到“{s}”）")).into()
            }),
        }
    }

    pub(super) fn by(self) -> By {
        match self {
            Dimension::Banner | Dimension::Town => By::OrgUnit,
            Dimension::Site => By::Site,
            Dimension::Department => By::Department,
            Dimension::Window => By::Window,
            Dimension::Staff => By::Person,
        }
    }
}

/// The query of the dashboard: `?scope=&by=&from=&to=`.
#[derive(Debug, Clone, Default)]
pub struct Ask<'a> {
    /// `all` (or blank), `org:<id>`, `site:<id>` or `department:<id>`.
    pub scope: Option<&'a str>,
    pub by: Option<&'a str>,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
}

/// What a resolved scope covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ScopeView {
    /// As given back in links: `all`, `org:3`, `site:2`, `department:5`.
    pub code: String,
    pub label: String,
}

// ---------------------------------------------------------------- figures

/// Count, average and p90 of durations, seconds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct Timing {
    pub count: i64,
    pub avg_s: Option<i64>,
    /// Upper bound of the duration bucket holding the 90th percentile.
    pub p90_s: Option<i64>,
}

impl Timing {
    pub(super) fn of(count: i64, sum: i64, h: &Histogram) -> Timing {
        Timing { count, avg_s: (count > 0).then(|| (sum as f64 / count as f64).round() as i64), p90_s: h.percentile_upper_s(90) }
    }
}

/// Queue figures of a group.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct TicketFigures {
    pub issued: i64,
    pub served: i64,
    pub no_shows: i64,
    pub waiting: Timing,
    pub service: Timing,
}

/// Case figures of a group.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct CaseFigures {
    pub accepted: i64,
    pub decided: i64,
    /// 按时办结率.
    pub on_time_rate: Rate,
    /// Decided after the promised limit in the period.
    pub overdue_decided: i64,
    /// Decided after the statutory limit in the period.
    pub over_statutory_decided: i64,
    /// Open now and past the promised limit (snapshot).
    pub overdue_open: i64,
    /// Open now and past the statutory limit (snapshot).
    pub over_statutory_open: i64,
    pub completed: i64,
}

/// Reminders (in-app, per level) and cards of a group.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct LadderFigures {
    pub reminders_level1: i64,
    pub reminders_level2: i64,
    pub reminders_level3: i64,
    pub yellow_cards: i64,
    pub red_cards: i64,
}

/// Work orders of a status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct StatusCount {
    pub status: &'static str,
    pub label: &'static str,
    pub count: i64,
}

/// Work-order figures of a group.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct WorkOrderFigures {
    pub registered: i64,
    pub by_status: Vec<StatusCount>,
    /// Replies on or before the reply deadline ÷ replies.
    pub on_time_reply_rate: Rate,
    /// Not replied and past the reply deadline today.
    pub overdue_open: i64,
}

/// Every figure of one group (or of the whole scope).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Figures {
    /// 综合窗口占比 (target ≥ 80 %); absent for departments, windows and staff.
    pub comprehensive_window_share: Option<Rate>,
    /// 全程网办率 (target ≥ 85 %); absent for windows and staff.
    pub full_online_share: Option<Rate>,
    /// 事项进驻率 (target 100 %); absent for windows and staff.
    pub stationing_rate: Option<Rate>,
    pub tickets: TicketFigures,
    pub cases: CaseFigures,
    pub ladder: LadderFigures,
    pub ratings: RatingFigures,
    /// 主动评价率: rated cases ÷ completed cases.
    pub active_rating_rate: Rate,
    pub work_orders: WorkOrderFigures,
}

/// One row of the breakdown.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[schema(as = FiguresGroup)]
pub struct Group {
    pub id: i64,
    pub name: String,
    pub figures: Figures,
}

/// A figure against its target.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct TargetMark {
    pub code: &'static str,
    pub label: &'static str,
    pub target: f64,
    pub source: &'static str,
    pub value: Option<f64>,
    /// Green (true), red (false), or no data.
    pub met: Option<bool>,
}

/// One point of the trend (a day, or a month for spans over 62 days).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct TrendPoint {
    pub period: String,
    pub decided: i64,
    pub on_time_rate: Option<f64>,
    pub ratings: i64,
    pub good_rate: Option<f64>,
    pub tickets: i64,
    pub avg_wait_s: Option<i64>,
}

/// The dashboard (`GET /api/v1/figures`).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[schema(as = FiguresDashboard)]
pub struct Dashboard {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub scope: ScopeView,
    pub by: Dimension,
    pub total: Figures,
    pub targets: Vec<TargetMark>,
    pub groups: Vec<Group>,
    pub trend: Vec<TrendPoint>,
    /// The last day read from the roll-up (later days counted live).
    pub rolled_through: Option<NaiveDate>,
    /// When the open cases past their limits (`overdue_open`) were counted: the last supervision
    /// sweep.
    pub overdue_as_of: Option<DateTime<Utc>>,
}

// ---------------------------------------------------------------- roll-up
