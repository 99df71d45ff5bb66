//! Queue policy, categories with their items, window profiles, and the daily number counters.

use chrono::NaiveDate;

use super::rows::*;
use crate::sql::{self, Col};
use crate::{Result, StoreError, Timestamp, Tx};

/// The stored policy JSON of a site, if one was saved.
pub async fn get_policy(tx: &mut Tx, site_id: i64) -> Result<Option<String>> {
    sql::scalar_optional(tx, "select policy from queue_settings where site_id = $1", &[&site_id]).await
}

pub async fn put_policy(tx: &mut Tx, site_id: i64, policy: &str, now: Timestamp) -> Result<()> {
    sql::execute(
        tx,
        "insert into queue_settings (site_id, policy, updated_at) values ($1, $2, $3) \
         on conflict (site_id) do update set policy = excluded.policy, updated_at = excluded.updated_at",
        &[&site_id, &policy, &now],
    )
    .await
    .map(|_| ())?;
    Ok(())
}

// ---------------------------------------------------------------- categories

pub(super) const CATEGORY_SELECT: &str =
    "select id, site_id, org_unit_id, prefix, name, description, sort_order, daily_limit, active, name_mn from queue_categories";

impl CategoryFields<'_> {
    /// The columns both the insert and the update write.
    fn cols(&self) -> [Col<'_>; 6] {
        [
            ("prefix", &self.prefix),
            ("name", &self.name),
            ("description", &self.description),
            ("sort_order", &self.sort_order),
            ("daily_limit", &self.daily_limit),
            ("active", &self.active),
        ]
    }
}

pub async fn insert_category(tx: &mut Tx, site_id: i64, org_unit_id: i64, f: &CategoryFields<'_>, now: Timestamp) -> Result<i64> {
    sql::insert_stamped(tx, "queue_categories", &[("site_id", &site_id), ("org_unit_id", &org_unit_id)], &f.cols(), now).await
}

pub async fn update_category(tx: &mut Tx, id: i64, f: &CategoryFields<'_>, now: Timestamp) -> Result<()> {
    sql::update_stamped(tx, "queue_categories", id, &f.cols(), now, "queue category").await
}

pub async fn find_category(tx: &mut Tx, id: i64) -> Result<Option<CategoryRow>> {
    let sql = format!("{CATEGORY_SELECT} where id = $1");
    sql::fetch_optional(tx, sqlx::AssertSqlSafe(sql), &[&id]).await
}

pub async fn get_category(tx: &mut Tx, id: i64) -> Result<CategoryRow> {
    find_category(tx, id).await?.ok_or(StoreError::NotFound("queue category"))
}

/// A site's categories in display order.
pub async fn list_categories(tx: &mut Tx, site_id: i64) -> Result<Vec<CategoryRow>> {
    let sql = format!("{CATEGORY_SELECT} where site_id = $1 order by sort_order, prefix");
    sql::fetch_all(tx, sqlx::AssertSqlSafe(sql), &[&site_id]).await
}

/// Replaces the items a category covers.
pub async fn set_category_items(tx: &mut Tx, category_id: i64, item_ids: &[i64]) -> Result<()> {
    sql::execute(tx, "delete from queue_category_items where category_id = $1", &[&category_id]).await.map(|_| ())?;
    for &item in item_ids {
        sql::execute(
            tx,
            "insert into queue_category_items (category_id, item_id) values ($1, $2) on conflict do nothing",
            &[&category_id, &item],
        )
        .await
        .map(|_| ())?;
    }
    Ok(())
}

/// `(category_id, item_id)` of every category of a site.
pub async fn list_site_category_items(tx: &mut Tx, site_id: i64) -> Result<Vec<(i64, i64)>> {
    sql::fetch_all(
        tx,
        "select ci.category_id, ci.item_id from queue_category_items ci join queue_categories qc on qc.id = ci.category_id \
         where qc.site_id = $1 order by ci.category_id, ci.item_id",
        &[&site_id],
    )
    .await
}

/// The active categories of a site that cover an item, in display order.
pub async fn categories_for_item(tx: &mut Tx, site_id: i64, item_id: i64) -> Result<Vec<CategoryRow>> {
    let sql = format!(
        "{CATEGORY_SELECT} where site_id = $1 and active = true and id in (select category_id from queue_category_items where item_id = $2) \
         order by sort_order, prefix"
    );
    sql::fetch_all(tx, sqlx::AssertSqlSafe(sql), &[&site_id, &item_id]).await
}

// ---------------------------------------------------------------- work profiles

/// Replaces a window's work profile with `categories`, called in that order.
pub async fn set_window_profile(tx: &mut Tx, window_id: i64, categories: &[i64]) -> Result<()> {
    sql::execute(tx, "delete from window_profiles where window_id = $1", &[&window_id]).await.map(|_| ())?;
    for (pos, &cat) in categories.iter().enumerate() {
        sql::execute(
            tx,
            "insert into window_profiles (window_id, category_id, position) values ($1, $2, $3)",
            &[&window_id, &cat, &(pos as i64)],
        )
        .await
        .map(|_| ())?;
    }
    Ok(())
}

/// A window's categories in calling order.
pub async fn window_profile(tx: &mut Tx, window_id: i64) -> Result<Vec<i64>> {
    sql::scalars(tx, "select category_id from window_profiles where window_id = $1 order by position", &[&window_id]).await
}

/// `(window_id, category_id)` of every profile entry of a site's windows, in calling order.
pub async fn site_profiles(tx: &mut Tx, site_id: i64) -> Result<Vec<(i64, i64)>> {
    sql::fetch_all(
        tx,
        "select p.window_id, p.category_id from window_profiles p join windows w on w.id = p.window_id \
         where w.site_id = $1 order by p.window_id, p.position",
        &[&site_id],
    )
    .await
}

// ---------------------------------------------------------------- numbering

/// Takes the next sequence number of a category for a business day (1 on the first ticket).
pub async fn next_seq(tx: &mut Tx, site_id: i64, category_id: i64, day: NaiveDate) -> Result<i64> {
    sql::scalar(
        tx,
        "insert into queue_counters (site_id, category_id, day, last_seq) values ($1, $2, $3, 1) \
         on conflict (site_id, category_id, day) do update set last_seq = queue_counters.last_seq + 1 returning last_seq",
        &[&site_id, &category_id, &day],
    )
    .await
}

/// The last sequence number issued for a category on a day (0 when none).
pub async fn last_seq(tx: &mut Tx, category_id: i64, day: NaiveDate) -> Result<i64> {
    let n: Option<i64> =
        sql::scalar_optional(tx, "select last_seq from queue_counters where category_id = $1 and day = $2", &[&category_id, &day]).await?;
    Ok(n.unwrap_or(0))
}

// ---------------------------------------------------------------- tickets
