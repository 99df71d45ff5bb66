//! The API's list shape `{"items","next_cursor"}`.

use serde::Serialize;
use utoipa::ToSchema;

/// A list of the API: the items and the cursor of the next page (`null` on the last).
#[derive(Debug, Serialize, ToSchema)]
pub struct List<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

/// A list of the API paged by id: the items and the id to pass as `cursor` for the next page
/// (`null` on the last).
#[derive(Debug, Serialize, ToSchema)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<i64>,
}

/// A list that fits in one page.
pub fn all<T: Serialize>(items: Vec<T>) -> serde_json::Value {
    serde_json::to_value(List { items, next_cursor: None }).unwrap_or_default()
}
