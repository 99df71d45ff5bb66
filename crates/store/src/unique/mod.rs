//! Which unique key refused a write, named the same way on both backends, so that the layer above
//! can map each key of the schema to its own message (see `app::error`) instead of guessing from
//! the database's wording; and the schema's unique keys, read from the database itself.

pub mod key;

pub use key::UniqueKey;

use key::is_identifier;

use crate::{Db, Result};

/// Every unique key of the application schema (primary keys but the surrogate `id`s, unique
/// constraints and unique indexes, partial ones included), in the form a violation of it is
/// reported.
pub async fn unique_keys(db: &Db) -> Result<Vec<UniqueKey>> {
    let rows: Vec<(String, String, String)> = match db {
        Db::Sqlite(p) => {
            sqlx::query_as(
                "select m.name, il.name, (select group_concat(coalesce(ii.name, '<expr>'), ',') from \
                     (select name from pragma_index_info(il.name) order by seqno) ii) \
                 from sqlite_master m join pragma_index_list(m.name) il \
                 where m.type = 'table' and m.name not like 'sqlite%' and m.name not like '_sqlx%' and il.\"unique\" <> 0 \
                 union all \
                 select m.name, '', coalesce((select group_concat(name, ',') from \
                     (select name from pragma_table_info(m.name) where pk > 0 order by pk)), '') \
                 from sqlite_master m \
                 where m.type = 'table' and m.name not like 'sqlite%' and m.name not like '_sqlx%' \
                   and not exists (select 1 from pragma_index_list(m.name) il where il.origin = 'pk')",
            )
            .fetch_all(&p.read)
            .await?
        }
        Db::Postgres(p) => {
            sqlx::query_as(
                "select t.relname::text, i.relname::text, \
                     array_to_string(array(select coalesce(a.attname::text, '<expr>') \
                         from unnest(ix.indkey) with ordinality k(attnum, ord) \
                         left join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum order by k.ord), ',') \
                 from pg_index ix join pg_class t on t.oid = ix.indrelid join pg_class i on i.oid = ix.indexrelid \
                 join pg_namespace n on n.oid = t.relnamespace \
                 where n.nspname = 'public' and ix.indisunique and t.relname not like '_sqlx%'",
            )
            .fetch_all(p)
            .await?
        }
    };
    let mut keys: Vec<UniqueKey> = rows
        .into_iter()
        // Surrogate `id` keys are assigned by the database and never collide on a write.
        .filter(|(_, _, cols)| !cols.is_empty() && cols != "id")
        .map(|(table, index, cols)| {
            if cols.split(',').all(is_identifier) {
                UniqueKey::Columns { table, columns: cols.split(',').map(str::to_owned).collect() }
            } else {
                UniqueKey::Index(index)
            }
        })
        .collect();
    keys.sort();
    keys.dedup();
    Ok(keys)
}
