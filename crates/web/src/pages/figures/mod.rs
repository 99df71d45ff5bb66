//! Figures in the console: the dashboard and the A4 monthly report ([`dashboard`]), and the queue
//! figures ([`queue`]).

pub mod dashboard;
pub mod queue;
