//! How handlers answer, shared by every feature: the API's error and list shapes ([`error`],
//! [`list`]), error pages ([`page`]), the console's chrome, form fields, tables and downloads
//! ([`view`]), SVG charts ([`chart`]) and
//! the answer to a form post: done, or the form again with 422 ([`form`]).

pub mod chart;
pub mod error;
pub mod form;
pub mod list;
pub mod page;
pub mod view;
