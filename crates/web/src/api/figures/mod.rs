//! Figures in the API: the dashboard's targets, groupings, trends, ranking and Excel export
//! ([`dashboard`]), and a site's queue figures ([`queue`]).

pub mod dashboard;
pub mod queue;
