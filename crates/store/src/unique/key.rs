//! Which unique key refused a write, named the same way on both backends, so that the layer above
//! can map each key of the schema to its own message (see `app::error`) instead of guessing from
//! the database's wording. The key itself and its parsing from either backend's error.

use std::fmt;

/// A unique key of the schema: a table's column list, or (for an expression index, whose columns
/// the databases do not report) the index's name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UniqueKey {
    Columns { table: String, columns: Vec<String> },
    Index(String),
}

impl fmt::Display for UniqueKey {
    /// `table(col, col)` or `index name`: the form the message table is keyed by.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UniqueKey::Columns { table, columns } => write!(f, "{table}({})", columns.join(", ")),
            UniqueKey::Index(name) => write!(f, "index {name}"),
        }
    }
}

pub(super) fn is_identifier(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl UniqueKey {
    /// From SQLite's message: `UNIQUE constraint failed: t.a, t.b` or `… failed: index 'name'`.
    pub(crate) fn from_sqlite(message: &str) -> Option<UniqueKey> {
        let rest = message.strip_prefix("UNIQUE constraint failed: ")?;
        if let Some(name) = rest.strip_prefix("index '").and_then(|r| r.strip_suffix('\'')) {
            return Some(UniqueKey::Index(name.to_owned()));
        }
        let mut table = None;
        let mut columns = Vec::new();
        for part in rest.split(", ") {
            let (t, c) = part.split_once('.')?;
            if table.get_or_insert(t) != &t || !is_identifier(c) {
                return None;
            }
            columns.push(c.to_owned());
        }
        Some(UniqueKey::Columns { table: table?.to_owned(), columns })
    }

    /// From PostgreSQL's report: the table, the constraint (index) name and the detail
    /// `Key (a, b)=(…) already exists.`; only the column names are read from the detail, never
    /// the values (which may be personal data).
    pub(crate) fn from_postgres(table: Option<&str>, constraint: Option<&str>, detail: Option<&str>) -> Option<UniqueKey> {
        let columns = detail
            .and_then(|d| d.strip_prefix("Key ("))
            .and_then(|d| d.split_once(")=(").map(|(cols, _)| cols))
            .map(|cols| cols.split(", ").map(str::to_owned).collect::<Vec<_>>())
            .filter(|cols| cols.iter().all(|c| is_identifier(c)));
        match (table, columns) {
            (Some(t), Some(columns)) => Some(UniqueKey::Columns { table: t.to_owned(), columns }),
            _ => constraint.map(|c| UniqueKey::Index(c.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::UniqueKey;

    fn cols(table: &str, columns: &[&str]) -> UniqueKey {
        UniqueKey::Columns { table: table.to_owned(), columns: columns.iter().map(|c| (*c).to_owned()).collect() }
    }

    #[test]
    fn sqlite_messages_name_the_key() {
        assert_eq!(UniqueKey::from_sqlite("UNIQUE constraint failed: users.username"), Some(cols("users", &["username"])));
        assert_eq!(
            UniqueKey::from_sqlite("UNIQUE constraint failed: staff_seats.day, staff_seats.window_id"),
            Some(cols("staff_seats", &["day", "window_id"]))
        );
        assert_eq!(
            UniqueKey::from_sqlite("UNIQUE constraint failed: index 'ladder_policies_scope'"),
            Some(UniqueKey::Index("ladder_policies_scope".to_owned()))
        );
        assert_eq!(UniqueKey::from_sqlite("NOT NULL constraint failed: users.username"), None);
    }

    #[test]
    fn postgres_details_name_the_key_without_the_values() {
        let k = UniqueKey::from_postgres(
            Some("windows"),
            Some("windows_site_id_number_key"),
            Some("Key (site_id, number)=(1, 3) already exists."),
        );
        assert_eq!(k, Some(cols("windows", &["site_id", "number"])));
        assert_eq!(k.unwrap().to_string(), "windows(site_id, number)");
        let expr = UniqueKey::from_postgres(
            Some("ladder_policies"),
            Some("ladder_policies_scope"),
            Some("Key (COALESCE(site_id, 0::bigint), COALESCE(item_id, 0::bigint))=(0, 0) already exists."),
        );
        assert_eq!(expr, Some(UniqueKey::Index("ladder_policies_scope".to_owned())));
        assert_eq!(UniqueKey::from_postgres(None, None, None), None);
    }
}
