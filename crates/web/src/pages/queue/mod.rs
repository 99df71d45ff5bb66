//! The queue in the console: the hall's live board, counter workstation, categories and settings
//! ([`hall`]).

pub mod hall;
