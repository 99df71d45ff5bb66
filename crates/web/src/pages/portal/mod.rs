//! The citizen portal (不见面审批) and the windows' online pre-check ([`citizen`]).

pub mod citizen;
