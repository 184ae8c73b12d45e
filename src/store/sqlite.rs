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

use super::{Cause, StoreError, StoreResult, redact_url};

/// How long a writer waits for the write lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// How long a request waits for a free connection before it fails. Much longer than PostgreSQL's:
/// a local file has no network to lose, so a wait here is only a queue of writers in a burst, and
/// an interaction waiting in it has been deferred (it is answered when its turn comes).
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(20);

/// How long opening the database at start may take before it is reported as unreachable.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(4);

/// Connections in the pool: under WAL one writes while the other reads; writers take turns anyway.
/// Each connection is a thread with its own page cache and prepared statements, and a bot's queries
/// are short: measured with `cargo bench --bench memory`, a burst of 200 DM intakes completes as fast
/// with two as with eight.
const MAX_CONNECTIONS: u32 = 2;

/// Each connection's page cache, in KiB (SQLite's default is 2 MiB). The operating system caches
/// the file as well, so a smaller cache costs little time and keeps the bot's memory flat.
const PAGE_CACHE_KIB: i64 = 512;

/// Prepared statements kept per connection (sqlx's default is 100): the ones every interaction and
/// delivery runs stay prepared; a rare report's are prepared again when it runs.
const STATEMENT_CACHE: usize = 32;

/// Tickets and everything around them in one SQLite file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if missing) the database at `url` (`sqlite://PATH` or `sqlite::memory:`) and
    /// applies the migrations in `migrations/sqlite`. Fails within [`CONNECT_TIMEOUT`], saying why
    /// (a missing directory, a file that is not a database, one that cannot be opened).
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT)
            .pragma("cache_size", format!("-{PAGE_CACHE_KIB}"))
            .statement_cache_capacity(STATEMENT_CACHE);
        let file = options.get_filename().to_owned();
        // An in-memory database lives as long as its connections: keep exactly one, for good.
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        if !in_memory && let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
            // SQLite creates the file but not its directory, and says only "unable to open".
            if !dir.is_dir() {
                return Err(StoreError::from_cause(Cause::MissingDirectory(dir.to_owned()), None));
            }
        }
        let pool_options = if in_memory {
            SqlitePoolOptions::new()
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None)
        } else {
            SqlitePoolOptions::new().max_connections(MAX_CONNECTIONS)
        };
        let in_context = |e: sqlx::Error| match Cause::of(&e) {
            Some(cause) => {
                StoreError::from_cause(cause.with_context(CONNECT_TIMEOUT, "", "", &file), Some(e))
            }
            None => StoreError::from(e),
        };
        let connecting = pool_options.acquire_timeout(ACQUIRE_TIMEOUT).connect_with(options);
        let pool = match tokio::time::timeout(CONNECT_TIMEOUT, connecting).await {
            Ok(pool) => pool.map_err(in_context)?,
            Err(_) => return Err(StoreError::from_cause(Cause::TimedOut(CONNECT_TIMEOUT), None)),
        };
        sqlx::migrate!("migrations/sqlite").run(&pool).await.map_err(|e| match StoreError::from(e) {
            StoreError::CannotOpen { cause, source } => {
                StoreError::CannotOpen { cause: cause.with_context(CONNECT_TIMEOUT, "", "", &file), source }
            }
            other => other,
        })?;
        tracing::debug!(url = %redact_url(url), "sqlite store ready");
        Ok(SqliteStore { pool })
    }

    pub(super) fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Closes every connection (waiting for those in use to be returned).
    pub async fn close(&self) {
        self.pool.close().await;
    }

    pub(super) async fn write_tx(&self) -> StoreResult<Transaction<'static, Sqlite>> {
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
    lease = crate::store::sql::LEASE_SQLITE,
    lease_triage = crate::store::sql::LEASE_TRIAGE_SQLITE,
    lease_others = crate::store::sql::LEASE_OTHERS_SQLITE
);
