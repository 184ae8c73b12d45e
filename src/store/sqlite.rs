//! The SQLite store: one file in WAL mode, created and migrated on connect. The default backend.
//!
//! Write transactions start with `BEGIN IMMEDIATE`, so concurrent writers (several tasks of one
//! process) queue on the busy timeout for the single write lock instead of failing with
//! `SQLITE_BUSY` when a deferred transaction tries to upgrade. Times are stored as text in one fixed
//! format (see `sql.rs`) so they sort and compare correctly.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};

use super::{StoreResult, redact_url};

/// How long a writer waits for the write lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Connections in the pool: readers run in parallel under WAL; writers take turns.
const MAX_CONNECTIONS: u32 = 8;

/// Tickets and everything around them in one SQLite file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if missing) the database at `url` (`sqlite://PATH` or `sqlite::memory:`) and
    /// applies the migrations in `migrations/sqlite`.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        // An in-memory database lives as long as its connections: keep exactly one, for good.
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        let pool_options = if in_memory {
            SqlitePoolOptions::new()
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None)
        } else {
            SqlitePoolOptions::new().max_connections(MAX_CONNECTIONS)
        };
        let pool = pool_options.connect_with(options).await?;
        sqlx::migrate!("migrations/sqlite").run(&pool).await?;
        tracing::debug!(url = %redact_url(url), "sqlite store ready");
        Ok(SqliteStore { pool })
    }

    /// Closes every connection (waiting for those in use to be returned).
    pub async fn close(&self) {
        self.pool.close().await;
    }

    async fn write_tx(&self) -> StoreResult<Transaction<'static, Sqlite>> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// A deferred transaction: its reads see one snapshot (WAL).
    async fn read_tx(&self) -> StoreResult<Transaction<'static, Sqlite>> {
        Ok(self.pool.begin().await?)
    }
}

super::sql::impl_ticket_store!(
    SqliteStore,
    Sqlite,
    backend = "sqlite",
    lease = crate::store::sql::LEASE_SQLITE
);
