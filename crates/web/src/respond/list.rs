//! The API's list shape `{"items","next_cursor"}`.

/// A list that fits in one page.
pub fn all<T: serde::Serialize>(items: Vec<T>) -> serde_json::Value {
    serde_json::json!({ "items": items, "next_cursor": null })
}
