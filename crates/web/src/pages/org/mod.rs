//! The organisation in the console: the home page ([`home`]), the site map ([`map`]), org units
//! and departments ([`units`]), sites and zones ([`sites`]), windows ([`windows`]), staff
//! ([`staff`]), and what their forms share ([`common`]).

pub mod common;
pub mod home;
pub mod map;
pub mod sites;
pub mod staff;
pub mod units;
pub mod windows;
