//! SQL helpers every feature builds its statements with: one function per way of running a
//! statement (execute, fetch rows, fetch a scalar), each written once for both backends, with the
//! parameters passed as a slice of [`ToArg`] values; the stamped insert and update of a record by
//! its columns; and fragments where the dialects differ.

use chrono::{NaiveDate, NaiveTime};
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{AssertSqlSafe, Decode, FromRow, Postgres, SqlSafeStr, Sqlite, Type};

use crate::{Backend, Result, StoreError, Timestamp, Tx, on_tx};

/// The SQL expression of the first day of `col`'s month (a date column).
pub fn month_expr(backend: Backend, col: &str) -> String {
    match backend {
        Backend::Sqlite => format!("substr({col}, 1, 8) || '01'"),
        Backend::Postgres => format!("cast(date_trunc('month', {col}) as date)"),
    }
}

/// One bound parameter, by the SQL type it is sent as (`None` is a typed NULL).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Arg<'a> {
    Int(Option<i64>),
    Text(Option<&'a str>),
    Bool(Option<bool>),
    Time(Option<Timestamp>),
    Date(Option<NaiveDate>),
    Clock(Option<NaiveTime>),
    Bytes(Option<&'a [u8]>),
}

/// A value that can be bound as a statement parameter on either backend.
pub trait ToArg: Sync {
    fn to_arg(&self) -> Arg<'_>;
}

impl<T: ToArg + ?Sized> ToArg for &T {
    fn to_arg(&self) -> Arg<'_> {
        (**self).to_arg()
    }
}

/// `ToArg` for plain values and their options.
macro_rules! copy_args {
    ($($t:ty => $variant:ident),* $(,)?) => {$(
        impl ToArg for $t {
            fn to_arg(&self) -> Arg<'_> {
                Arg::$variant(Some(*self))
            }
        }
        impl ToArg for Option<$t> {
            fn to_arg(&self) -> Arg<'_> {
                Arg::$variant(*self)
            }
        }
    )*};
}
copy_args!(i64 => Int, bool => Bool, Timestamp => Time, NaiveDate => Date, NaiveTime => Clock);

/// `ToArg` for borrowed values (text, bytes) in their owned and optional forms.
macro_rules! ref_args {
    ($($t:ty, $owned:ty => $variant:ident),* $(,)?) => {$(
        impl ToArg for $t {
            fn to_arg(&self) -> Arg<'_> {
                Arg::$variant(Some(self))
            }
        }
        impl ToArg for $owned {
            fn to_arg(&self) -> Arg<'_> {
                Arg::$variant(Some(&self[..]))
            }
        }
        impl ToArg for Option<&$t> {
            fn to_arg(&self) -> Arg<'_> {
                Arg::$variant(*self)
            }
        }
        impl ToArg for Option<$owned> {
            fn to_arg(&self) -> Arg<'_> {
                Arg::$variant(self.as_deref())
            }
        }
    )*};
}
ref_args!(str, String => Text, [u8], Vec<u8> => Bytes);

/// Statement parameters: the values to bind, in the order of `$1…$n`.
pub type Args<'a> = [&'a dyn ToArg];

/// A row type both backends can decode.
pub trait Row: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}
impl<T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin> Row for T {}

/// A single-column value both backends can decode.
pub trait Scalar: for<'r> Decode<'r, Sqlite> + Type<Sqlite> + for<'r> Decode<'r, Postgres> + Type<Postgres> + Send + Unpin {}
impl<T: for<'r> Decode<'r, Sqlite> + Type<Sqlite> + for<'r> Decode<'r, Postgres> + Type<Postgres> + Send + Unpin> Scalar for T {}

/// Binds `$args` onto the query `$q` in order (inside an [`on_tx!`] arm, where the backend is known).
macro_rules! bind_args {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for a in $args {
            q = match a.to_arg() {
                Arg::Int(v) => q.bind(v),
                Arg::Text(v) => q.bind(v),
                Arg::Bool(v) => q.bind(v),
                Arg::Time(v) => q.bind(v),
                Arg::Date(v) => q.bind(v),
                Arg::Clock(v) => q.bind(v),
                Arg::Bytes(v) => q.bind(v),
            };
        }
        q
    }};
}

/// Runs a statement; answers the rows it affected.
pub async fn execute(tx: &mut Tx, sql: impl SqlSafeStr, args: &Args<'_>) -> Result<u64> {
    let sql = sql.into_sql_str();
    Ok(on_tx!(tx, |c| bind_args!(sqlx::query(sql), args).execute(c).await.map(|r| r.rows_affected()))?)
}

/// Runs a statement meant to change exactly one row; false when it changed none (its `where`
/// found the row gone or in another state).
pub async fn changed_one(tx: &mut Tx, sql: impl SqlSafeStr, args: &Args<'_>) -> Result<bool> {
    Ok(execute(tx, sql, args).await? == 1)
}

/// Every row a query answers.
pub async fn fetch_all<T: Row>(tx: &mut Tx, sql: impl SqlSafeStr, args: &Args<'_>) -> Result<Vec<T>> {
    let sql = sql.into_sql_str();
    Ok(on_tx!(tx, |c| bind_args!(sqlx::query_as(sql), args).fetch_all(c).await)?)
}

/// The first row a query answers, if any.
pub async fn fetch_optional<T: Row>(tx: &mut Tx, sql: impl SqlSafeStr, args: &Args<'_>) -> Result<Option<T>> {
    let sql = sql.into_sql_str();
    Ok(on_tx!(tx, |c| bind_args!(sqlx::query_as(sql), args).fetch_optional(c).await)?)
}

/// The one row a query answers (an error when it answers none).
pub async fn fetch_one<T: Row>(tx: &mut Tx, sql: impl SqlSafeStr, args: &Args<'_>) -> Result<T> {
    let sql = sql.into_sql_str();
    Ok(on_tx!(tx, |c| bind_args!(sqlx::query_as(sql), args).fetch_one(c).await)?)
}

/// The first column of the one row a query answers (an `insert … returning id`, a count).
pub async fn scalar<T: Scalar>(tx: &mut Tx, sql: impl SqlSafeStr, args: &Args<'_>) -> Result<T> {
    let sql = sql.into_sql_str();
    Ok(on_tx!(tx, |c| bind_args!(sqlx::query_scalar(sql), args).fetch_one(c).await)?)
}

/// The first column of the first row a query answers, if any.
pub async fn scalar_optional<T: Scalar>(tx: &mut Tx, sql: impl SqlSafeStr, args: &Args<'_>) -> Result<Option<T>> {
    let sql = sql.into_sql_str();
    Ok(on_tx!(tx, |c| bind_args!(sqlx::query_scalar(sql), args).fetch_optional(c).await)?)
}

/// The first column of every row a query answers.
pub async fn scalars<T: Scalar>(tx: &mut Tx, sql: impl SqlSafeStr, args: &Args<'_>) -> Result<Vec<T>> {
    let sql = sql.into_sql_str();
    Ok(on_tx!(tx, |c| bind_args!(sqlx::query_scalar(sql), args).fetch_all(c).await)?)
}

/// Every row of the dynamic SQL `sql`, binding `args` and then the org-scope LIKE patterns
/// `scope` (from [`crate::org::Scope::condition`]) in order.
pub async fn fetch_scoped<T: Row>(tx: &mut Tx, sql: String, args: &Args<'_>, scope: &[String]) -> Result<Vec<T>> {
    let all: Vec<&dyn ToArg> = args.iter().copied().chain(scope.iter().map(|s| s as &dyn ToArg)).collect();
    fetch_all(tx, AssertSqlSafe(sql), &all).await
}

/// `Ok` when a write by id touched a row, else `NotFound(what)`.
pub fn found(affected: u64, what: &'static str) -> Result<()> {
    if affected == 0 { Err(StoreError::NotFound(what)) } else { Ok(()) }
}

/// A column and the value written into it.
pub type Col<'a> = (&'static str, &'a dyn ToArg);

/// Inserts a row of `table` with `fixed` (the columns set only at creation) and `cols`, and
/// `created_at` = `updated_at` = `now`; answers its id.
pub async fn insert_stamped(tx: &mut Tx, table: &'static str, fixed: &[Col<'_>], cols: &[Col<'_>], now: Timestamp) -> Result<i64> {
    let all: Vec<&Col<'_>> = fixed.iter().chain(cols).collect();
    let names: Vec<&str> = all.iter().map(|c| c.0).collect();
    let marks: Vec<String> = (1..=all.len()).map(|i| format!("${i}")).collect();
    let stamp = all.len() + 1;
    let sql = format!(
        "insert into {table} ({}, created_at, updated_at) values ({}, ${stamp}, ${stamp}) returning id",
        names.join(", "),
        marks.join(", ")
    );
    let mut args: Vec<&dyn ToArg> = all.iter().map(|c| c.1).collect();
    args.push(&now);
    scalar(tx, AssertSqlSafe(sql), &args).await
}

/// Sets `cols` and `updated_at` = `now` on the row `id` of `table`; `NotFound(what)` when there is
/// no such row.
pub async fn update_stamped(tx: &mut Tx, table: &'static str, id: i64, cols: &[Col<'_>], now: Timestamp, what: &'static str) -> Result<()> {
    let sets: Vec<String> = cols.iter().enumerate().map(|(i, c)| format!("{} = ${}", c.0, i + 1)).collect();
    let sql = format!("update {table} set {}, updated_at = ${} where id = ${}", sets.join(", "), cols.len() + 1, cols.len() + 2);
    let mut args: Vec<&dyn ToArg> = cols.iter().map(|c| c.1).collect();
    args.push(&now);
    args.push(&id);
    found(execute(tx, AssertSqlSafe(sql), &args).await?, what)
}
