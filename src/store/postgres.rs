//! The PostgreSQL store, for larger organisations and for several bot processes (gateway shards)
//! sharing one database. Migrated on connect (sqlx takes an advisory lock, so concurrent starts
//! are safe).
//!
//! Writes run at READ COMMITTED: the optimistic `UPDATE … WHERE version = $n` re-checks the row
//! after waiting for a concurrent writer, so exactly one of two racing commits succeeds; the outbox
//! lease uses `FOR UPDATE SKIP LOCKED` so two processes never get the same notice. Multi-statement
//! reads (the queue and its total, an export) run in one REPEATABLE READ snapshot.

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::{Postgres, Transaction};

use super::{StoreResult, redact_url};

/// Connections in the pool of one process.
const MAX_CONNECTIONS: u32 = 10;

/// Tickets and everything around them in a PostgreSQL database.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects to `url` (`postgres://…`) and applies the migrations in `migrations/postgres`.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let pool = PgPoolOptions::new().max_connections(MAX_CONNECTIONS).connect(url).await?;
        sqlx::migrate!("migrations/postgres").run(&pool).await?;
        tracing::debug!(url = %redact_url(url), "postgres store ready");
        Ok(PgStore { pool })
    }

    /// Closes every connection (waiting for those in use to be returned).
    pub async fn close(&self) {
        self.pool.close().await;
    }

    async fn write_tx(&self) -> StoreResult<Transaction<'static, Postgres>> {
        Ok(self.pool.begin().await?)
    }

    async fn read_tx(&self) -> StoreResult<Transaction<'static, Postgres>> {
        Ok(self.pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").await?)
    }
}

super::sql::impl_ticket_store!(
    PgStore,
    Postgres,
    backend = "postgres",
    lease = crate::store::sql::LEASE_POSTGRES
);
