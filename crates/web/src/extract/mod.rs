//! What handlers take from a request, shared by every feature: who is calling ([`auth`] resolves
//! it once per request and guards CSRF, [`caller`] holds the extractors, [`citizen`] the portal's
//! caller, [`client`] its address), JSON bodies and list queries ([`json`]), form bodies ([`form`]) and the `/{id}/{action}` tail
//! of a page path ([`action`]).

pub mod action;
pub mod auth;
pub mod caller;
pub mod citizen;
pub mod client;
pub mod csrf;
pub mod form;
pub mod json;
