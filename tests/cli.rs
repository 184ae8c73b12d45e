//! The `deskbot` binary as an operator meets it: `check` names what is wrong, `migrate` creates the
//! database, `export` writes what the database holds.

use std::path::Path;
use std::process::{Command, Output};

const ALL_VARS: &[(&str, &str)] = &[
    ("DISCORD_TOKEN", "test-token-not-real"),
    ("DESKBOT_GUILD_ID", "1000"),
    ("DESKBOT_TRIAGE_CHANNEL_ID", "2000"),
    ("DESKBOT_COORDINATOR_CHANNEL_ID", "2001"),
    ("DESKBOT_ROLE_L1", "3001"),
    ("DESKBOT_ROLE_L2", "3002"),
    ("DESKBOT_ROLE_L3", "3003"),
    ("DESKBOT_ROLE_COORDINATOR", "3004"),
];

/// Runs the binary in `dir` with exactly `vars` as its environment (plus PATH).
fn deskbot(dir: &Path, args: &[&str], vars: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_deskbot"));
    cmd.current_dir(dir).env_clear().args(args);
    if let Ok(path) = std::env::var("PATH") {
        cmd.env("PATH", path);
    }
    for (k, v) in vars {
        cmd.env(k, v);
    }
    cmd.output().expect("the deskbot binary runs")
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

fn with_db<'a>(db: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut vars: Vec<(&str, &str)> = ALL_VARS.to_vec();
    vars.push(("DATABASE_URL", db));
    vars.extend_from_slice(extra);
    vars
}

#[test]
fn check_with_an_empty_environment_names_every_missing_variable() {
    let dir = tempfile::tempdir().unwrap();
    let out = deskbot(dir.path(), &["check"], &[]);
    assert!(!out.status.success(), "check must fail without configuration");
    let said = text(&out);
    for var in ["DISCORD_TOKEN", "DESKBOT_GUILD_ID", "DESKBOT_TRIAGE_CHANNEL_ID", "DESKBOT_ROLE_COORDINATOR"]
    {
        assert!(said.contains(var), "check should name {var}; it said:\n{said}");
    }
}

#[test]
fn check_names_a_variable_that_is_not_a_discord_id() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("d.db").display());
    let mut vars = with_db(&db, &[]);
    vars.retain(|(k, _)| *k != "DESKBOT_TRIAGE_CHANNEL_ID");
    vars.push(("DESKBOT_TRIAGE_CHANNEL_ID", "#triage"));
    let out = deskbot(dir.path(), &["check"], &vars);
    assert!(!out.status.success());
    let said = text(&out);
    assert!(said.contains("DESKBOT_TRIAGE_CHANNEL_ID"), "{said}");
    assert!(!said.contains("test-token-not-real"), "the token must never be printed:\n{said}");
}

#[test]
fn check_names_the_toml_key_that_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let toml = dir.path().join("desk.toml");
    std::fs::write(&toml, "[sla.p1]\nfirst_response = \"fast\"\nresolution = \"4h\"\n").unwrap();
    let db = format!("sqlite://{}", dir.path().join("d.db").display());
    let toml_path = toml.display().to_string();
    let vars = with_db(&db, &[("DESKBOT_CONFIG", &toml_path)]);
    let out = deskbot(dir.path(), &["check"], &vars);
    assert!(!out.status.success());
    let said = text(&out);
    assert!(said.contains("first_response"), "check should name the bad key; it said:\n{said}");
}

#[test]
fn check_with_good_configuration_summarises_it_and_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("desk.db").display());
    let out = deskbot(dir.path(), &["check", "--offline"], &with_db(&db, &[]));
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("configuration OK") && said.contains("database OK"), "{said}");
    assert!(said.contains("Discord not checked (--offline)"), "{said}");
    assert!(said.contains("2000"), "the triage channel is shown: {said}");
    assert!(!said.contains("test-token-not-real"), "the token must never be printed:\n{said}");
}

#[test]
fn migrate_creates_the_sqlite_file_with_only_the_database_url() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("fresh.db");
    assert!(!file.exists());
    let db = format!("sqlite://{}", file.display());
    let out = deskbot(dir.path(), &["migrate"], &[("DATABASE_URL", &db)]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(file.exists(), "migrate should create {}", file.display());
    // Running it again is harmless.
    let again = deskbot(dir.path(), &["migrate"], &[("DATABASE_URL", &db)]);
    assert!(again.status.success(), "{}", text(&again));
}

#[test]
fn migrate_refuses_an_unknown_database_scheme() {
    let dir = tempfile::tempdir().unwrap();
    let out = deskbot(dir.path(), &["migrate"], &[("DATABASE_URL", "mysql://root:hunter2@localhost/x")]);
    assert!(!out.status.success());
    let said = text(&out);
    assert!(said.contains("DATABASE_URL") || said.contains("mysql"), "{said}");
    assert!(!said.contains("hunter2"), "the database password must not be printed:\n{said}");
}

#[test]
fn export_of_an_empty_database_is_valid_json_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("x.db").display());
    let out = deskbot(dir.path(), &["export", "--format", "json"], &[("DATABASE_URL", &db)]);
    assert!(out.status.success(), "{}", text(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("export writes JSON");
    assert_eq!(doc["tickets"], serde_json::json!([]));
    assert_eq!(doc["events"], serde_json::json!([]));

    let csv = deskbot(
        dir.path(),
        &["export", "--format", "csv", "--since", "2026-01-01"],
        &[("DATABASE_URL", &db)],
    );
    assert!(csv.status.success(), "{}", text(&csv));
    // An empty CSV export still has no garbage in it.
    assert!(
        String::from_utf8_lossy(&csv.stdout).trim().is_empty()
            || String::from_utf8_lossy(&csv.stdout).starts_with("number,")
    );

    let bad = deskbot(dir.path(), &["export", "--since", "last tuesday"], &[("DATABASE_URL", &db)]);
    assert!(!bad.status.success());
    assert!(text(&bad).contains("last tuesday"));
}

/// Runs `deskbot check` (or `run`) against `db` and returns what it said and how long it took; it
/// must have failed.
fn failing(dir: &Path, command: &str, db: &str) -> (String, std::time::Duration) {
    let started = std::time::Instant::now();
    let out = deskbot(dir, &[command], &with_db(db, &[]));
    let took = started.elapsed();
    let said = text(&out);
    assert!(!out.status.success(), "{command} must fail with DATABASE_URL={db}; it said:\n{said}");
    (said, took)
}

/// Asserts that an operator is told which database (without its password) and why, quickly.
fn names_database_and_cause(said: &str, took: std::time::Duration, database: &str, cause: &str) {
    assert!(said.contains(database), "the database {database} should be named; it said:\n{said}");
    assert!(said.contains(cause), "the cause ({cause}) should be said; it said:\n{said}");
    assert!(!said.contains("hunter2"), "the database password must not be printed:\n{said}");
    assert!(took < std::time::Duration::from_secs(5), "it took {took:?} to say so:\n{said}");
}

#[test]
fn check_names_a_postgres_database_nobody_listens_at_and_says_the_connection_was_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (said, took) = failing(dir.path(), "check", "postgres://desk:hunter2@127.0.0.1:1/helpdesk");
    names_database_and_cause(&said, took, "postgres://desk:***@127.0.0.1:1/helpdesk", "connection refused");
}

#[test]
fn run_names_a_postgres_database_nobody_listens_at_before_connecting_to_discord() {
    let dir = tempfile::tempdir().unwrap();
    let (said, took) = failing(dir.path(), "run", "postgres://desk:hunter2@127.0.0.1:1/helpdesk");
    names_database_and_cause(&said, took, "postgres://desk:***@127.0.0.1:1/helpdesk", "connection refused");
}

#[test]
fn check_says_the_database_host_is_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let (said, took) =
        failing(dir.path(), "check", "postgres://desk:hunter2@no-such-host.invalid:5432/helpdesk");
    names_database_and_cause(&said, took, "no-such-host.invalid", "unknown host");
}

#[test]
fn check_says_the_sqlite_files_directory_does_not_exist() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-dir");
    let db = format!("sqlite://{}", missing.join("desk.db").display());
    let (said, took) = failing(dir.path(), "check", &db);
    names_database_and_cause(
        &said,
        took,
        &db,
        &format!("the directory {} does not exist", missing.display()),
    );
    assert!(!missing.exists(), "check creates no directory");
}

#[test]
fn run_says_the_sqlite_files_directory_does_not_exist() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-dir");
    let db = format!("sqlite://{}", missing.join("desk.db").display());
    let (said, took) = failing(dir.path(), "run", &db);
    names_database_and_cause(&said, took, &db, "does not exist");
}

#[test]
fn check_says_a_sqlite_file_that_is_not_a_database_is_not_one_and_leaves_it_alone() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.txt");
    let contents = "These are my notes, not a database. ".repeat(200);
    std::fs::write(&file, &contents).unwrap();
    let db = format!("sqlite://{}", file.display());
    let (said, took) = failing(dir.path(), "check", &db);
    names_database_and_cause(&said, took, &db, "is not a database file");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), contents, "the file is left as it was");
}

#[test]
fn check_says_discord_was_not_checked_when_it_cannot_be_reached_and_passes_on_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("desk.db").display());
    let out = deskbot(dir.path(), &["check"], &with_db(&db, &[("DISCORD_API_BASE", "http://127.0.0.1:1")]));
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("Discord not checked: http://127.0.0.1:1 could not be reached")
            && said.contains("`deskbot check --online` requires it"),
        "{said}"
    );
    assert!(!said.contains("test-token-not-real"), "the token must never be printed:\n{said}");
}

#[test]
fn check_online_fails_when_discord_cannot_be_reached() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("desk.db").display());
    let vars = with_db(&db, &[("DISCORD_API_BASE", "http://127.0.0.1:1")]);
    let out = deskbot(dir.path(), &["check", "--online"], &vars);
    let said = text(&out);
    assert!(!out.status.success(), "{said}");
    assert!(said.contains("Discord could not be checked: http://127.0.0.1:1 could not be reached"), "{said}");
    assert!(!said.contains("test-token-not-real"), "the token must never be printed:\n{said}");
}

#[test]
fn invite_url_with_a_client_id_needs_no_configuration_and_prints_only_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let out = deskbot(dir.path(), &["invite-url", "--client-id", "123456789012345678"], &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "https://discord.com/oauth2/authorize?client_id=123456789012345678&scope=bot+applications.commands\
         &permissions=309237861376\n"
    );
    let said = String::from_utf8_lossy(&out.stderr);
    for permission in ["View Channel", "Send Messages in Threads", "Mention @everyone, @here and All Roles"] {
        assert!(said.contains(permission), "{permission} should be named:\n{said}");
    }
}

#[test]
fn invite_url_without_a_token_or_a_client_id_says_which_to_give() {
    let dir = tempfile::tempdir().unwrap();
    let out = deskbot(dir.path(), &["invite-url"], &[]);
    assert!(!out.status.success());
    let said = text(&out);
    assert!(said.contains("DISCORD_TOKEN is missing") && said.contains("--client-id"), "{said}");
}
