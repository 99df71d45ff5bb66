//! The organisation in the console: the home page ([`home`]), the site map ([`map`]), and org
//! units, departments, sites, zones, windows and staff ([`units`]).

pub mod home;
pub mod map;
pub mod units;
