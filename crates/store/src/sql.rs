//! SQL fragments more than one feature builds its statements from.

use crate::Backend;

/// The SQL expression of the first day of `col`'s month (a date column).
pub fn month_expr(backend: Backend, col: &str) -> String {
    match backend {
        Backend::Sqlite => format!("substr({col}, 1, 8) || '01'"),
        Backend::Postgres => format!("cast(date_trunc('month', {col}) as date)"),
    }
}
