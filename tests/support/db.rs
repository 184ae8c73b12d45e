//! Test databases for the store suite: a temporary SQLite file, or a fresh PostgreSQL database
//! created under `TEST_POSTGRES_URL` and dropped when the test ends (even when it fails).
//!
//! Without `TEST_POSTGRES_URL` the PostgreSQL variant of a test prints why it is skipped and passes,
//! unless `CI=true`: in CI a missing or unreachable PostgreSQL fails the test.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use deskbot::store::{self, TicketStore};
use sqlx::{AssertSqlSafe, Connection, Executor, PgConnection, SqliteConnection};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// One test's own database.
pub struct TestDb {
    pub backend: Backend,
    /// The URL the store connects to.
    pub url: String,
    /// Holds the SQLite file until the test ends.
    _dir: Option<tempfile::TempDir>,
    /// `(server URL, database name)` of a PostgreSQL database to drop at the end.
    pg: Option<(String, String)>,
}

fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// A database name no other test (or concurrent run) uses.
fn unique_name() -> String {
    static SEQ: AtomicU64 = AtomicU64::new(0);
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    format!(
        "deskbot_test_{}_{}_{}",
        std::process::id(),
        nanos % 1_000_000_000_000,
        SEQ.fetch_add(1, Ordering::Relaxed)
    )
}

/// `base` with its database path replaced by `db`.
fn with_database(base: &str, db: &str) -> String {
    let (without_query, query) = match base.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (base, None),
    };
    let authority_start = without_query.find("://").map_or(0, |i| i + 3);
    let path_start =
        without_query[authority_start..].find('/').map_or(without_query.len(), |i| authority_start + i);
    let mut url = format!("{}/{}", &without_query[..path_start], db);
    if let Some(q) = query {
        url.push('?');
        url.push_str(q);
    }
    url
}

impl TestDb {
    /// A fresh database for `backend`, or `None` (after saying why) when PostgreSQL is not configured
    /// and this is not CI.
    pub async fn new(backend: Backend, test: &str) -> Option<TestDb> {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("a temporary directory");
                let url = format!("sqlite://{}", dir.path().join("deskbot.db").display());
                Some(TestDb { backend, url, _dir: Some(dir), pg: None })
            }
            Backend::Postgres => {
                let server = match std::env::var("TEST_POSTGRES_URL") {
                    Ok(url) if !url.trim().is_empty() => url,
                    _ if ci() => panic!(
                        "CI=true but TEST_POSTGRES_URL is unset: the PostgreSQL store suite must run in CI"
                    ),
                    _ => {
                        println!("{test}: skipped: TEST_POSTGRES_URL unset");
                        return None;
                    }
                };
                let name = unique_name();
                let mut admin = PgConnection::connect(&server)
                    .await
                    .unwrap_or_else(|e| panic!("PostgreSQL at TEST_POSTGRES_URL is unreachable: {e}"));
                admin
                    .execute(AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .await
                    .unwrap_or_else(|e| panic!("cannot create test database {name}: {e}"));
                let _ = admin.close().await;
                Some(TestDb {
                    backend,
                    url: with_database(&server, &name),
                    _dir: None,
                    pg: Some((server, name)),
                })
            }
        }
    }

    /// Opens the store (running the migrations), as the bot does at start.
    pub async fn open(&self) -> Arc<dyn TicketStore> {
        store::connect(&self.url)
            .await
            .unwrap_or_else(|e| panic!("cannot open the {:?} store: {e}", self.backend))
    }

    /// Runs raw SQL against the database, behind the store's back (to plant bad rows).
    #[allow(dead_code)] // not every test binary that includes this module plants rows
    pub async fn execute(&self, sql: &str) {
        let sql = AssertSqlSafe(sql.to_owned());
        match self.backend {
            Backend::Sqlite => {
                let mut conn = SqliteConnection::connect(&self.url).await.expect("a SQLite connection");
                conn.execute(sql).await.expect("raw SQL runs");
                let _ = conn.close().await;
            }
            Backend::Postgres => {
                let mut conn = PgConnection::connect(&self.url).await.expect("a PostgreSQL connection");
                conn.execute(sql).await.expect("raw SQL runs");
                let _ = conn.close().await;
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((server, name)) = self.pg.take() else { return };
        // Drop runs inside the test's runtime, which cannot be blocked on: use a thread of our own.
        let dropped = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            rt.block_on(async {
                let mut admin = PgConnection::connect(&server).await?;
                admin.execute(AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))).await?;
                admin.close().await?;
                Ok::<_, sqlx::Error>(())
            })
            .map_err(std::io::Error::other)
        })
        .join();
        match dropped {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("could not drop a test database: {e}"),
            Err(_) => eprintln!("could not drop a test database: the dropping thread panicked"),
        }
    }
}
