//! How handlers answer, shared by every feature: the security headers of every answer
//! ([`headers`]), the API's error and list shapes ([`error`],
//! [`list`]) and its refusals of malformed requests ([`reject`]), error pages ([`page`]), the console's chrome, form fields, tables and downloads
//! ([`view`]), SVG charts ([`chart`]) and
//! the answer to a form post: done, or the form again with 422 ([`form`]), and report pages under
//! a filter form ([`filter`]).

pub mod chart;
pub mod error;
pub mod filter;
pub mod form;
pub mod headers;
pub mod list;
pub mod page;
pub mod reject;
pub mod view;
