//! The service-item catalogue (R4–R8, "dynamic management"): items whose standard is kept in
//! versions that move draft → submitted → approved → published with an effective date. A published
//! version is never edited again; a change is a new version, and whatever refers to an item later
//! (a case) pins the version it used. Approval needs a second person (the submitter cannot approve).
//!
//! Import/export (`io_*`):
//! Import and export of the whole catalogue: Excel (.xlsx, one sheet per table, Chinese headers)
//! and JSON. An export holds, for each item, the standard in effect today (else its newest
//! version) and where the item is implemented. An import is all-or-nothing: the whole file is
//! read and checked first, every bad row is reported with its sheet, row and reason, and only a
//! clean file is written, in one transaction. Imported standards become drafts, so publication
//! still goes through review.

pub(crate) mod io_export;
pub(crate) mod io_format;
pub(crate) mod io_import;
pub(crate) mod io_json;
pub(crate) mod io_xlsx;
pub(crate) mod items;

pub use io_export::*;
pub use io_format::*;
pub use io_import::*;
pub use items::*;
