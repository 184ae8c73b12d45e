//! Why the database could not be used, read from sqlx's errors once, here, in words an operator can
//! act on: the connection was refused or lost, the host is unknown, the server is shutting down, the
//! password was wrong, the SQLite file is not a database.
//!
//! The store sorts every failure into one of two kinds. [`Cause::is_transient`] failures are an
//! outage: nothing is wrong with the request or the data, and the same request succeeds once the
//! database is back (the pools reconnect by themselves). The others are a wrong configuration, which
//! waiting does not fix.

use std::fmt;
use std::io;
use std::path::PathBuf;
use std::time::Duration;

/// Why the database could not be reached or opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cause {
    /// No connection became free or could be opened within this long.
    TimedOut(Duration),
    /// Nothing listens at the database's address (or it refuses new connections).
    Refused,
    /// An open connection broke (reset, closed, broken pipe).
    Lost,
    /// The database's host name does not resolve.
    UnknownHost(String),
    /// The server is shutting down or starting up.
    ShuttingDown,
    /// The server has no connection slot left.
    TooManyConnections,
    /// A SQLite writer held the lock for longer than the busy timeout.
    Busy,
    /// Another input/output failure talking to the database.
    Io(String),
    /// The pool was closed (the process is stopping).
    Closed,
    /// The SQLite file's directory does not exist (the file is created, its directory is not).
    MissingDirectory(PathBuf),
    /// The SQLite file exists but is not a SQLite database.
    NotADatabase(PathBuf),
    /// The SQLite file cannot be opened or created (permissions, a directory in its place).
    CannotOpenFile(PathBuf),
    /// The server refused the user name or password.
    AuthenticationFailed,
    /// The server has no database of this name.
    NoSuchDatabase(String),
}

impl Cause {
    /// Whether waiting helps: the database is unreachable for now, not misconfigured.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Cause::TimedOut(_)
                | Cause::Refused
                | Cause::Lost
                | Cause::ShuttingDown
                | Cause::TooManyConnections
                | Cause::Busy
                | Cause::Io(_)
                | Cause::Closed
                | Cause::UnknownHost(_)
        )
    }

    /// The cause of a failed request, if it is one of the failures this module knows; `None` for
    /// everything else (a constraint violation, a syntax error: a failure of the request itself).
    pub fn of(e: &sqlx::Error) -> Option<Cause> {
        match e {
            sqlx::Error::PoolTimedOut => Some(Cause::TimedOut(Duration::ZERO)),
            sqlx::Error::PoolClosed => Some(Cause::Closed),
            sqlx::Error::WorkerCrashed => Some(Cause::Lost),
            sqlx::Error::Io(io) => Some(Cause::of_io(io)),
            sqlx::Error::Tls(tls) => Some(Cause::Io(tls.to_string())),
            sqlx::Error::Database(db) => Cause::of_database(db.as_ref()),
            _ => None,
        }
    }

    fn of_io(e: &io::Error) -> Cause {
        use io::ErrorKind::*;
        match e.kind() {
            ConnectionRefused => Cause::Refused,
            ConnectionReset | ConnectionAborted | BrokenPipe | UnexpectedEof | NotConnected => Cause::Lost,
            TimedOut => Cause::TimedOut(Duration::ZERO),
            // Name resolution fails with an uncategorised error; its text is the only sign.
            _ if is_lookup_failure(e) => Cause::UnknownHost(String::new()),
            _ => Cause::Io(e.to_string()),
        }
    }

    fn of_database(db: &dyn sqlx::error::DatabaseError) -> Option<Cause> {
        if let Some(pg) = db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>() {
            return Cause::of_sqlstate(pg.code());
        }
        if db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
            let extended: i32 = db.code()?.parse().ok()?;
            return Cause::of_sqlite(extended & 0xff);
        }
        None
    }

    /// PostgreSQL's SQLSTATE: class 08 (connection exception), 57P01–57P03 (shutting down,
    /// crashed, cannot connect now), 53300 (too many connections), 28xxx (authorisation), 3D000
    /// (no such database).
    fn of_sqlstate(code: &str) -> Option<Cause> {
        match code {
            "57P01" | "57P02" | "57P03" => Some(Cause::ShuttingDown),
            "53300" => Some(Cause::TooManyConnections),
            "3D000" => Some(Cause::NoSuchDatabase(String::new())),
            c if c.starts_with("08") => Some(Cause::Lost),
            c if c.starts_with("28") => Some(Cause::AuthenticationFailed),
            _ => None,
        }
    }

    /// SQLite's primary result codes: BUSY (5), LOCKED (6), IOERR (10), CANTOPEN (14), NOTADB (26).
    fn of_sqlite(primary: i32) -> Option<Cause> {
        match primary {
            5 | 6 => Some(Cause::Busy),
            10 => Some(Cause::Io("disk I/O error".into())),
            14 => Some(Cause::CannotOpenFile(PathBuf::new())),
            26 => Some(Cause::NotADatabase(PathBuf::new())),
            _ => None,
        }
    }

    /// The same cause, completed with what the caller knows: how long the pool waited, the host,
    /// the database or the file (sqlx's errors do not say).
    pub fn with_context(
        self,
        timeout: Duration,
        host: &str,
        database: &str,
        file: &std::path::Path,
    ) -> Cause {
        match self {
            Cause::TimedOut(d) if d.is_zero() => Cause::TimedOut(timeout),
            Cause::UnknownHost(h) if h.is_empty() => Cause::UnknownHost(host.to_owned()),
            Cause::NoSuchDatabase(d) if d.is_empty() => Cause::NoSuchDatabase(database.to_owned()),
            Cause::CannotOpenFile(p) if p.as_os_str().is_empty() => Cause::CannotOpenFile(file.to_owned()),
            Cause::NotADatabase(p) if p.as_os_str().is_empty() => Cause::NotADatabase(file.to_owned()),
            other => other,
        }
    }
}

/// Whether an I/O error is a failed host name lookup (the standard library's wording, with the
/// resolver's detail after it).
fn is_lookup_failure(e: &io::Error) -> bool {
    let text = e.to_string();
    text.contains("failed to lookup address") || text.contains("Name or service not known")
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cause::TimedOut(d) if d.is_zero() => f.write_str("timed out waiting for a connection"),
            Cause::TimedOut(d) => write!(f, "no connection within {} s", d.as_secs_f32()),
            Cause::Refused => f.write_str("connection refused"),
            Cause::Lost => f.write_str("the connection was lost"),
            Cause::UnknownHost(h) if h.is_empty() => f.write_str("unknown host"),
            Cause::UnknownHost(h) => write!(f, "unknown host {h:?}"),
            Cause::ShuttingDown => f.write_str("the database server is shutting down or starting up"),
            Cause::TooManyConnections => f.write_str("the database server has too many connections"),
            Cause::Busy => f.write_str("the database is locked by another writer"),
            Cause::Io(detail) => write!(f, "input/output error: {detail}"),
            Cause::Closed => f.write_str("the connection pool is closed"),
            Cause::MissingDirectory(dir) => write!(f, "the directory {} does not exist", dir.display()),
            Cause::NotADatabase(file) if file.as_os_str().is_empty() => f.write_str("not a database file"),
            Cause::NotADatabase(file) => write!(f, "{} is not a database file", file.display()),
            Cause::CannotOpenFile(file) if file.as_os_str().is_empty() => {
                f.write_str("the database file cannot be opened")
            }
            Cause::CannotOpenFile(file) => write!(f, "{} cannot be opened or created", file.display()),
            Cause::AuthenticationFailed => f.write_str("authentication failed (user name or password)"),
            Cause::NoSuchDatabase(d) if d.is_empty() => f.write_str("the database does not exist"),
            Cause::NoSuchDatabase(d) => write!(f, "the database {d:?} does not exist"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn io(kind: io::ErrorKind) -> sqlx::Error {
        sqlx::Error::Io(io::Error::from(kind))
    }

    #[test]
    fn an_outage_is_transient_and_a_wrong_configuration_is_not() {
        for (error, cause) in [
            (sqlx::Error::PoolTimedOut, Cause::TimedOut(Duration::ZERO)),
            (io(io::ErrorKind::ConnectionRefused), Cause::Refused),
            (io(io::ErrorKind::ConnectionReset), Cause::Lost),
            (io(io::ErrorKind::BrokenPipe), Cause::Lost),
            (io(io::ErrorKind::UnexpectedEof), Cause::Lost),
            (sqlx::Error::PoolClosed, Cause::Closed),
        ] {
            let found = Cause::of(&error);
            assert_eq!(found.as_ref(), Some(&cause), "{error}");
            assert!(cause.is_transient(), "{cause}");
        }
        assert!(!Cause::AuthenticationFailed.is_transient());
        assert!(!Cause::NotADatabase(PathBuf::from("x.db")).is_transient());
        assert!(!Cause::MissingDirectory(PathBuf::from("/nope")).is_transient());
    }

    #[test]
    fn a_failed_lookup_is_an_unknown_host() {
        let e = io::Error::other("failed to lookup address information: Name or service not known");
        assert_eq!(Cause::of(&sqlx::Error::Io(e)), Some(Cause::UnknownHost(String::new())));
    }

    #[test]
    fn postgres_states_are_read_by_class() {
        assert_eq!(Cause::of_sqlstate("57P01"), Some(Cause::ShuttingDown));
        assert_eq!(Cause::of_sqlstate("57P03"), Some(Cause::ShuttingDown));
        assert_eq!(Cause::of_sqlstate("08006"), Some(Cause::Lost));
        assert_eq!(Cause::of_sqlstate("53300"), Some(Cause::TooManyConnections));
        assert_eq!(Cause::of_sqlstate("28P01"), Some(Cause::AuthenticationFailed));
        assert_eq!(Cause::of_sqlstate("23505"), None, "a unique violation is the request's own failure");
        assert_eq!(Cause::of_sqlstate("40001"), None);
    }

    #[test]
    fn sqlite_codes_are_read_by_their_primary_code() {
        assert_eq!(Cause::of_sqlite(5), Some(Cause::Busy));
        assert_eq!(Cause::of_sqlite(26), Some(Cause::NotADatabase(PathBuf::new())));
        assert_eq!(Cause::of_sqlite(19), None, "a constraint is the request's own failure");
    }

    #[test]
    fn context_completes_what_sqlx_does_not_say() {
        let c = Cause::TimedOut(Duration::ZERO).with_context(
            Duration::from_secs(2),
            "db.internal",
            "desk",
            std::path::Path::new("d.db"),
        );
        assert_eq!(c.to_string(), "no connection within 2 s");
        let c = Cause::UnknownHost(String::new()).with_context(
            Duration::ZERO,
            "db.internal",
            "desk",
            std::path::Path::new(""),
        );
        assert_eq!(c.to_string(), "unknown host \"db.internal\"");
    }
}
