//! Cases (办件) in the console: the intake workstation ([`intake`]), a case's page and actions
//! ([`case`]), the A4 notices ([`print`]), the department inbox ([`inbox`]), the ladder
//! (escalation) policies ([`ladder`]), and what they share ([`common`]).

pub mod case;
pub mod common;
pub mod inbox;
pub mod intake;
pub mod ladder;
pub mod print;
