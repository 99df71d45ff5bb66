//! Names in traditional Mongolian script (`name_mn`) of sites, windows, queue categories and
//! catalogue items: written beside each record's other fields, read with its row and, for the
//! hall devices, the site's and the window's together.

use crate::sql;
use crate::{Result, StoreError, Timestamp, Tx};

/// A record that carries a Mongolian name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    Site,
    Window,
    Category,
    Item,
}

impl Named {
    fn table(self) -> &'static str {
        match self {
            Named::Site => "sites",
            Named::Window => "windows",
            Named::Category => "queue_categories",
            Named::Item => "items",
        }
    }

    fn what(self) -> &'static str {
        match self {
            Named::Site => "site",
            Named::Window => "window",
            Named::Category => "queue category",
            Named::Item => "item",
        }
    }
}

/// Sets (or with `None` clears) the Mongolian name of one record.
pub async fn set_name_mn(tx: &mut Tx, what: Named, id: i64, name_mn: Option<&str>, now: Timestamp) -> Result<()> {
    // The table name comes from the enum above, never from input.
    let sql = format!("update {} set name_mn = $1, updated_at = $2 where id = $3", what.table());
    let n = sql::execute(tx, sqlx::AssertSqlSafe(sql), &[&name_mn, &now, &id]).await?;
    if n == 0 { Err(StoreError::NotFound(what.what())) } else { Ok(()) }
}

/// The Mongolian name of one record (`None` when not entered).
pub async fn name_mn(tx: &mut Tx, what: Named, id: i64) -> Result<Option<String>> {
    let sql = format!("select name_mn from {} where id = $1", what.table());
    let v: Option<Option<String>> = sql::scalar_optional(tx, sqlx::AssertSqlSafe(sql), &[&id]).await?;
    v.ok_or(StoreError::NotFound(what.what()))
}

/// The Mongolian names a hall device shows: its site's and, when bound to one, its window's.
pub async fn device_names(tx: &mut Tx, site_id: i64, window_id: Option<i64>) -> Result<(Option<String>, Option<String>)> {
    let site = name_mn(tx, Named::Site, site_id).await?;
    let window = match window_id {
        Some(w) => name_mn(tx, Named::Window, w).await?,
        None => None,
    };
    Ok((site, window))
}
