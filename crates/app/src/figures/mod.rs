//! Figures (X1): the leadership dashboard, the rating disclosure ([`rates`]) and a hall's queue
//! figures ([`queue`]).
//!
//! The leadership figures dashboard (X1, issue 6 item 4): every figure of the plan for a scope
//! (the whole county, an org unit's subtree, a site or a department) and a span of business days,
//! broken down by banner, town, site, department, window or staff member, with the plan's
//! targets, a trend, the monthly window ranking and the Excel workbook.
//!
//! Sources and definitions (one place, so page, API, workbook and report agree):
//! - cases, reminders and cards from `case_days`; tickets from `queue_days`; ratings from
//!   `rating_days` — past days as rolled up ([`roll_up`]), the days after the roll-up's mark
//!   counted live from the base tables with the same functions;
//! - 综合窗口占比 = active comprehensive windows (无差别 + 分领域) ÷ active windows; 全程网办率 =
//!   item implementations (item × site) with a version in effect whose depth is 全程网办 ÷ all
//!   implementations; 事项进驻率 = stationed implementations ÷ implementations not on the negative
//!   list — these three are today's catalogue and windows, whatever the period;
//! - waiting = first call − issue (tickets called), service = finish − first call (tickets
//!   served); averages to the second, p90 to the upper bound of its duration bucket
//!   ([`domain::figures::BUCKETS`]);
//! - 按时办结率 = decisions within the promised limit ÷ decisions in the period; 超期办件 = decisions
//!   after the promised limit in the period, and open cases past it as counted at the last
//!   supervision sweep (`overdue_snapshot`, at most five minutes old; `overdue_as_of` says when);
//! - 好评率, 差评整改率, 实名差评回访率 as [`crate::figures::RatingFigures`]; 主动评价率 = rated cases ÷
//!   cases completed in the period;
//! - work orders registered in the period, by status; on-time reply rate = replies on or before
//!   the reply deadline ÷ replies.

pub(crate) mod compute;
pub(crate) mod export;
pub(crate) mod model;
pub mod queue;
pub(crate) mod ranking;
pub(crate) mod rates;
pub(crate) mod rollup;

pub use compute::*;
pub use export::*;
pub use model::*;
pub use ranking::*;
pub use rates::*;
pub use rollup::*;
