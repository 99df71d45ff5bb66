//! Embedded twin migrations, applied with sqlx's migrator.

use std::borrow::Cow;

use sqlx::migrate::{Migration, MigrationType, Migrator};

use crate::{Db, Result, StoreError};

/// `(version, name, sql)` of every SQLite migration, in order.
pub const SQLITE: &[(i64, &str, &str)] = &[
    (1, "foundation", include_str!("../../../migrations/sqlite/0001_foundation.sql")),
    (2, "catalog", include_str!("../../../migrations/sqlite/0002_catalog.sql")),
    (3, "queue", include_str!("../../../migrations/sqlite/0003_queue.sql")),
    (4, "outbox", include_str!("../../../migrations/sqlite/0004_outbox.sql")),
    (5, "appointments", include_str!("../../../migrations/sqlite/0005_appointments.sql")),
    (6, "cases", include_str!("../../../migrations/sqlite/0006_cases.sql")),
    (7, "supervision", include_str!("../../../migrations/sqlite/0007_supervision.sql")),
    (8, "portal", include_str!("../../../migrations/sqlite/0008_portal.sql")),
    (9, "chases", include_str!("../../../migrations/sqlite/0009_chases.sql")),
    (10, "clocks", include_str!("../../../migrations/sqlite/0010_clocks.sql")),
    (11, "ratings", include_str!("../../../migrations/sqlite/0011_ratings.sql")),
    (12, "workorders", include_str!("../../../migrations/sqlite/0012_workorders.sql")),
    (13, "order_ladder", include_str!("../../../migrations/sqlite/0013_order_ladder.sql")),
    (14, "figures", include_str!("../../../migrations/sqlite/0014_figures.sql")),
    (15, "figure_months", include_str!("../../../migrations/sqlite/0015_figure_months.sql")),
    (16, "login_throttle", include_str!("../../../migrations/sqlite/0016_login_throttle.sql")),
    (17, "first_ratings", include_str!("../../../migrations/sqlite/0017_first_ratings.sql")),
    (18, "mongolian_names", include_str!("../../../migrations/sqlite/0018_mongolian_names.sql")),
    (19, "queue_hot_reads", include_str!("../../../migrations/sqlite/0019_queue_hot_reads.sql")),
];

/// `(version, name, sql)` of every PostgreSQL migration, in order.
pub const POSTGRES: &[(i64, &str, &str)] = &[
    (1, "foundation", include_str!("../../../migrations/postgres/0001_foundation.sql")),
    (2, "catalog", include_str!("../../../migrations/postgres/0002_catalog.sql")),
    (3, "queue", include_str!("../../../migrations/postgres/0003_queue.sql")),
    (4, "outbox", include_str!("../../../migrations/postgres/0004_outbox.sql")),
    (5, "appointments", include_str!("../../../migrations/postgres/0005_appointments.sql")),
    (6, "cases", include_str!("../../../migrations/postgres/0006_cases.sql")),
    (7, "supervision", include_str!("../../../migrations/postgres/0007_supervision.sql")),
    (8, "portal", include_str!("../../../migrations/postgres/0008_portal.sql")),
    (9, "chases", include_str!("../../../migrations/postgres/0009_chases.sql")),
    (10, "clocks", include_str!("../../../migrations/postgres/0010_clocks.sql")),
    (11, "ratings", include_str!("../../../migrations/postgres/0011_ratings.sql")),
    (12, "workorders", include_str!("../../../migrations/postgres/0012_workorders.sql")),
    (13, "order_ladder", include_str!("../../../migrations/postgres/0013_order_ladder.sql")),
    (14, "figures", include_str!("../../../migrations/postgres/0014_figures.sql")),
    (15, "figure_months", include_str!("../../../migrations/postgres/0015_figure_months.sql")),
    (16, "login_throttle", include_str!("../../../migrations/postgres/0016_login_throttle.sql")),
    (17, "first_ratings", include_str!("../../../migrations/postgres/0017_first_ratings.sql")),
    (18, "mongolian_names", include_str!("../../../migrations/postgres/0018_mongolian_names.sql")),
    (19, "queue_hot_reads", include_str!("../../../migrations/postgres/0019_queue_hot_reads.sql")),
];

fn migrator(list: &'static [(i64, &'static str, &'static str)]) -> Migrator {
    let migrations = list
        .iter()
        .map(|&(v, name, sql)| Migration::new(v, Cow::Borrowed(name), MigrationType::Simple, sqlx::SqlStr::from_static(sql), false))
        .collect::<Vec<_>>();
    Migrator::with_migrations(migrations)
}

/// Applies every pending migration of `db`'s backend.
pub async fn run(db: &Db) -> Result<()> {
    let r = match db {
        Db::Sqlite(p) => migrator(SQLITE).run(&p.write).await,
        Db::Postgres(p) => migrator(POSTGRES).run(p).await,
    };
    r.map_err(|e| StoreError::Migrate(e.to_string()))
}

impl Db {
    /// Applies every pending migration of this backend.
    pub async fn migrate(&self) -> Result<()> {
        run(self).await
    }
}
