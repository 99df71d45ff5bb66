//! The item catalogue in the console: items, versions, the guide and the quick view ([`items`]),
//! the one-time notice ([`notice`]), the catalogue's figures ([`figures`]), the item form's fields
//! ([`form`]), and Excel/JSON import and export ([`io`]).

pub mod figures;
pub mod form;
pub mod io;
pub mod items;
pub mod notice;
