//! The PostgreSQL store, for larger organisations and for several bot processes (gateway shards)
//! sharing one database. Migrated on connect (sqlx takes an advisory lock, so concurrent starts
//! are safe).
//!
//! Writes run at READ COMMITTED: the optimistic `UPDATE … WHERE version = $n` re-checks the row
//! after waiting for a concurrent writer, so exactly one of two racing commits succeeds; the outbox
//! lease uses `FOR UPDATE SKIP LOCKED` so two processes never get the same notice. Multi-statement
//! reads (the queue and its total, an export) run in one REPEATABLE READ snapshot.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions};
use sqlx::{Connection, Postgres, Transaction};

use super::{Cause, StoreError, StoreResult, redact_url};

/// Connections in the pool of one process.
const MAX_CONNECTIONS: u32 = 10;

/// How long a request waits for a connection (a free one, or a new one while the server is
/// unreachable) before it fails as unavailable: short enough that a click is still answered within
/// Discord's three seconds.
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(2);

/// How long connecting at start may take before it is reported as unreachable.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);

/// Tickets and everything around them in a PostgreSQL database.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects to `url` (`postgres://…`) and applies the migrations in `migrations/postgres`.
    /// Fails within [`CONNECT_TIMEOUT`], saying why (connection refused, unknown host,
    /// authentication failed, no such database).
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let options = PgConnectOptions::from_str(url)?;
        let host = options.get_host().to_owned();
        let database = options.get_database().unwrap_or(options.get_username()).to_owned();
        let in_context = |e: sqlx::Error| match Cause::of(&e) {
            Some(cause) => StoreError::from_cause(
                cause.with_context(CONNECT_TIMEOUT, &host, &database, Path::new("")),
                Some(e),
            ),
            None => StoreError::from(e),
        };
        // One connection on its own first, which also runs the migrations: the pool retries a
        // refused connection until its timeout and then reports only that it timed out.
        let mut first =
            match tokio::time::timeout(CONNECT_TIMEOUT, PgConnection::connect_with(&options)).await {
                Ok(connected) => connected.map_err(in_context)?,
                Err(_) => return Err(StoreError::from_cause(Cause::TimedOut(CONNECT_TIMEOUT), None)),
            };
        let migrated = sqlx::migrate!("migrations/postgres").run(&mut first).await;
        let _ = first.close().await;
        migrated?;
        // Connections are opened on demand, and again after an outage: nothing is kept from a
        // broken one (each is checked before it is handed out).
        let pool = PgPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .test_before_acquire(true)
            .connect_lazy_with(options);
        tracing::debug!(url = %redact_url(url), "postgres store ready");
        Ok(PgStore { pool })
    }

    pub(super) fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Closes every connection (waiting for those in use to be returned).
    pub async fn close(&self) {
        self.pool.close().await;
    }

    pub(super) async fn write_tx(&self) -> StoreResult<Transaction<'static, Postgres>> {
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
    lease = crate::store::sql::LEASE_POSTGRES,
    lease_triage = crate::store::sql::LEASE_TRIAGE_POSTGRES,
    lease_others = crate::store::sql::LEASE_OTHERS_POSTGRES
);
