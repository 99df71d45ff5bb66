//! How handlers answer, shared by every feature: the API's error and list shapes ([`error`],
//! [`list`]), error pages ([`page`]), the console's chrome, form fields, tables and downloads
//! ([`view`]) and SVG charts ([`chart`]).

pub mod chart;
pub mod error;
pub mod list;
pub mod page;
pub mod view;
