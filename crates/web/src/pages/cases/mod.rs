//! Cases in the console: the window's intake, a case's page and its actions ([`case`]), and the
//! ladder (escalation) policies ([`ladder`]).

pub mod case;
pub mod ladder;
