//! The queue in the console: the counter workstation ([`counter`]), the hall manager's live view
//! ([`hall`]), a site's queue settings ([`settings`]), and what they share ([`lines`]).

pub mod counter;
pub mod hall;
pub mod lines;
pub mod settings;
