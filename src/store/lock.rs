//! One serving process per SQLite file. SQLite locks the database for each write, not for a
//! process's lifetime, so two `deskbot run` on one file would both connect to the gateway, and
//! every event would be handled by each (two tickets per intake). [`serve_exclusively`] takes an
//! exclusive lock on a file beside the database (`deskbot.db.lock`) for as long as the bot runs;
//! the operating system releases it when the process ends, however it ends, so a crash never
//! leaves a stale lock behind. PostgreSQL needs no such lock.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use sqlx::sqlite::SqliteConnectOptions;

use super::redact_url;

/// Why the database cannot be served by this process.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "another deskbot{} is already running on {url} (it holds {}): a SQLite database is served by one \
         process at a time; stop the other one, or use PostgreSQL (DATABASE_URL=postgres://…) to run several",
        holder.as_ref().map_or(String::new(), |pid| format!(" (process {pid})")),
        lock.display()
    )]
    InUse { url: String, lock: PathBuf, holder: Option<String> },
    #[error("cannot lock {}: {source}", lock.display())]
    Io {
        lock: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Held while this process serves a SQLite database; dropping it (or exiting) lets another start.
#[derive(Debug)]
pub struct ServingLock {
    _file: File,
}

/// Takes the serving lock of the SQLite database at `url`. `None` for PostgreSQL, an in-memory
/// database, or a file whose directory does not exist (opening the database then says why).
pub fn serve_exclusively(url: &str) -> Result<Option<ServingLock>, LockError> {
    let Some(database) = sqlite_file(url) else { return Ok(None) };
    let lock = lock_path(&database);
    if lock.parent().is_some_and(|dir| !dir.as_os_str().is_empty() && !dir.is_dir()) {
        return Ok(None);
    }
    let io = |source| LockError::Io { lock: lock.clone(), source };
    let mut file =
        OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&lock).map_err(io)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let mut holder = String::new();
            let _ = file.read_to_string(&mut holder);
            let holder = Some(holder.trim().to_owned()).filter(|h| !h.is_empty());
            return Err(LockError::InUse { url: redact_url(url), lock, holder });
        }
        Err(TryLockError::Error(e)) => return Err(io(e)),
    }
    // Who holds it, for the message of the next one to try.
    file.set_len(0).map_err(io)?;
    file.rewind().map_err(io)?;
    write!(file, "{}", std::process::id()).map_err(io)?;
    Ok(Some(ServingLock { _file: file }))
}

/// The database file a `sqlite:` URL names, unless it is in memory.
fn sqlite_file(url: &str) -> Option<PathBuf> {
    if !url.starts_with("sqlite:") || url.contains(":memory:") || url.contains("mode=memory") {
        return None;
    }
    let options = SqliteConnectOptions::from_str(url).ok()?;
    Some(options.get_filename().to_owned())
}

/// `deskbot.db` → `deskbot.db.lock`, in the same directory.
fn lock_path(database: &Path) -> PathBuf {
    let mut name = database.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".lock");
    database.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_the_same_file_is_refused_and_names_the_holder_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("d.db").display());
        let first = serve_exclusively(&url).unwrap();
        assert!(first.is_some());
        let refused = serve_exclusively(&url).unwrap_err().to_string();
        assert!(refused.contains("another deskbot"), "{refused}");
        assert!(refused.contains(&format!("process {}", std::process::id())), "{refused}");
        assert!(refused.contains("d.db.lock"), "{refused}");
        drop(first);
        assert!(serve_exclusively(&url).unwrap().is_some(), "free again once the first is gone");
    }

    #[test]
    fn postgres_and_memory_databases_take_no_lock() {
        assert!(serve_exclusively("postgres://u@localhost/db").unwrap().is_none());
        assert!(serve_exclusively("sqlite::memory:").unwrap().is_none());
    }
}
