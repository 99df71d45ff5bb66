//! The item catalogue in the console: items, versions, guides and notices ([`items`]), the item
//! form's fields ([`form`]), and Excel/JSON import and export ([`io`]).

pub mod form;
pub mod io;
pub mod items;
