//! The command line: `run` (the default), `migrate`, `check`, `register-commands`, `invite-url`,
//! `export`, `report`, and `sandbox` (with the `sandbox` feature, on by default).

use std::io::Write;
use std::process::ExitCode;

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Parser, Subcommand, ValueEnum};

use crate::clock::{Clock, SystemClock};
use crate::config::{self, Config};
use crate::service::export::{self, Format, Table};
use crate::store::{self, redact_url};

/// deskbot: the chat front end of your IT help desk, on Discord.
#[derive(Debug, Parser)]
#[command(name = "deskbot", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Connect to Discord and serve the help desk (the default).
    Run,
    /// Create the database if needed and bring its schema up to date.
    Migrate,
    /// Validate the configuration, the database and the set-up on Discord (when Discord can be
    /// reached), print a summary; exit non-zero with every problem, one line each.
    Check {
        /// Require the check against Discord: fail when Discord cannot be reached.
        #[arg(long, conflicts_with = "offline")]
        online: bool,
        /// Check only the configuration and the database; ask Discord nothing.
        #[arg(long)]
        offline: bool,
    },
    /// Register the slash commands (/ticket and /mytickets everywhere, the staff's in the configured
    /// guild), then exit.
    RegisterCommands,
    /// Print the link that adds the bot to a server with exactly the permissions it needs.
    InviteUrl {
        /// The application's id (Developer Portal → your application → General Information);
        /// read from Discord with DISCORD_TOKEN when not given.
        #[arg(long)]
        client_id: Option<u64>,
    },
    /// Write tickets, their events, the articles and the ratings as JSON or CSV.
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// Only tickets changed on or after this date (YYYY-MM-DD) or time (RFC 3339).
        #[arg(long, value_parser = parse_since)]
        since: Option<DateTime<Utc>>,
        /// Which table to write: CSV holds one (tickets when not given), JSON both unless given.
        #[arg(long, value_enum)]
        table: Option<ExportTable>,
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
    /// Try the bot without Discord: a built-in local Discord and a web page on 127.0.0.1 where you
    /// act as a requester, a technician, a specialist or a coordinator. Needs no token; reads only
    /// the help desk TOML (DESKBOT_CONFIG) of your configuration.
    #[cfg(feature = "sandbox")]
    Sandbox {
        /// The page's port on 127.0.0.1 (0: any free port).
        #[arg(long, default_value_t = 7878)]
        port: u16,
        /// The database (sqlite://… or postgres://…); a temporary SQLite file, removed at exit, when
        /// not given. DATABASE_URL is not read: trying things never writes into the live desk.
        #[arg(long)]
        database_url: Option<String>,
        /// The help desk TOML to try (categories, questions, SLA); DESKBOT_CONFIG when not given,
        /// else the built-in one.
        #[arg(long)]
        config: Option<String>,
    },
    /// Write the help desk's figures (the same as /stats) as one self-contained HTML page with its
    /// charts, for people outside Discord.
    Report {
        /// How many days back from now the report covers.
        #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(i64).range(1..=crate::domain::stats::DAYS_MAX))]
        days: i64,
        /// Only this technician's tickets (their Discord user id).
        #[arg(long)]
        technician: Option<i64>,
        /// The HTML file to write.
        #[arg(long, default_value = "report.html")]
        out: std::path::PathBuf,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Json,
    Csv,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportTable {
    Tickets,
    Events,
    /// The knowledge base's articles (retired ones included).
    Articles,
    /// The requesters' ratings, with the technician who resolved the ticket and the comment.
    Ratings,
}

fn parse_since(text: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|dt| dt.and_utc())
        .ok_or_else(|| format!("{text:?} is not a date (YYYY-MM-DD) or an RFC 3339 time"))
}

/// Runs the parsed command line; what `main` returns.
pub async fn main(cli: Cli) -> ExitCode {
    let result = match cli.command.unwrap_or(Command::Run) {
        Command::Run => run().await,
        Command::Migrate => migrate().await,
        Command::Check { online, offline } => check(Online::from_flags(online, offline)).await,
        Command::RegisterCommands => register_commands().await,
        Command::InviteUrl { client_id } => invite_url(client_id).await,
        Command::Export { format, since, table, out } => export(format, since, table, out).await,
        Command::Report { days, technician, out } => report(days, technician, out).await,
        #[cfg(feature = "sandbox")]
        Command::Sandbox { port, database_url, config } => sandbox(port, database_url, config).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("deskbot: {message}");
            ExitCode::from(2)
        }
    }
}

async fn run() -> Result<(), String> {
    let config = Config::from_env().map_err(|e| e.to_string())?;
    crate::discord::run(config, shutdown_signal()).await.map_err(|e| format!("{e:#}"))
}

async fn register_commands() -> Result<(), String> {
    let config = Config::from_env().map_err(|e| e.to_string())?;
    let n = crate::discord::register_commands(&config).await.map_err(|e| format!("{e:#}"))?;
    println!(
        "registered {n} commands: {} everywhere (DMs too), {} in guild {}",
        slash_names(crate::discord::commands::GLOBAL),
        slash_names(crate::discord::commands::GUILD),
        config.guild_id
    );
    Ok(())
}

fn slash_names(names: &[&str]) -> String {
    names.iter().map(|n| format!("/{n}")).collect::<Vec<_>>().join(" ")
}

async fn invite_url(client_id: Option<u64>) -> Result<(), String> {
    use crate::discord::setup;
    let id = match client_id {
        Some(id) => id,
        None => {
            let (token, base) = config::discord_access_from_env().map_err(|e| e.to_string())?;
            setup::application_id(token.expose(), base.as_deref()).await.map_err(|e| {
                format!("the application id could not be read with {}: {e}", config::DISCORD_TOKEN)
            })?
        }
    };
    println!("{}", setup::invite_url(id));
    eprintln!(
        "Open it, choose the help desk's server and authorise. It asks for the scopes bot and \
         applications.commands and these permissions: {}.",
        setup::permission_names(setup::INVITE_PERMISSIONS).join(", ")
    );
    Ok(())
}

/// Whether `check` asks Discord.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Online {
    /// When Discord can be reached (the default): an unreachable Discord is said, not a failure.
    IfReachable,
    /// Always (`--online`): an unreachable Discord is a failure.
    Required,
    /// Never (`--offline`).
    Skipped,
}

impl Online {
    fn from_flags(online: bool, offline: bool) -> Online {
        match (online, offline) {
            (true, _) => Online::Required,
            (false, true) => Online::Skipped,
            (false, false) => Online::IfReachable,
        }
    }
}

async fn migrate() -> Result<(), String> {
    let url = config::database_url_from_env().map_err(|e| e.to_string())?;
    let store = store::connect(url.expose()).await.map_err(|e| e.to_string())?;
    println!("database {} ({}) is up to date", url.redacted(), store.backend());
    Ok(())
}

async fn check(online: Online) -> Result<(), String> {
    let config = Config::from_env().map_err(|e| e.to_string())?;
    let url = config.database_url.expose();
    // The error of `connect` names the database and the cause, within a few seconds.
    let store = store::connect(url).await.map_err(|e| e.to_string())?;
    let in_database = |e: store::StoreError| format!("database {}: {e}", redact_url(url));
    store.ping().await.map_err(in_database)?;
    let pending = store.pending_notices().await.map_err(in_database)?;
    let desk = &config.helpdesk;
    println!("configuration OK");
    println!("  guild                {}", config.guild_id);
    println!("  triage channel       {}", config.triage_channel_id);
    println!("  coordinator channel  {}", config.coordinator_channel_id);
    println!(
        "  roles                L1 {}, L2 {}, L3 {}, coordinator {}",
        config.roles.l1, config.roles.l2, config.roles.l3, config.roles.coordinator
    );
    println!(
        "  help desk            {} ({} categories, {} classification rules)",
        config.helpdesk_source(),
        desk.catalog().categories.len(),
        desk.rules().len()
    );
    if let Some(base) = &config.discord_api_base {
        println!("  Discord API          {base}");
    }
    println!("database OK");
    println!("  {} ({}), {pending} notices waiting for delivery", redact_url(url), store.backend());
    check_discord(&config, online).await
}

/// The set-up on Discord: every problem on a line of its own, then a non-zero exit.
async fn check_discord(config: &Config, online: Online) -> Result<(), String> {
    use crate::discord::setup;
    if online == Online::Skipped {
        println!("Discord not checked (--offline)");
        return Ok(());
    }
    let endpoint = config.discord_api_base.as_deref().unwrap_or("https://discord.com");
    let report = match setup::check(config).await {
        Ok(report) => report,
        Err(e) if online == Online::IfReachable => {
            println!("Discord not checked: {e}; `deskbot check --online` requires it");
            return Ok(());
        }
        Err(e) => return Err(format!("Discord could not be checked: {e}")),
    };
    if report.problems.is_empty() {
        println!("Discord OK ({endpoint})");
    } else {
        println!("Discord ({endpoint}): {} to fix", plural(report.problems.len(), "problem"));
    }
    for (label, value) in &report.facts {
        println!("  {label:<20} {value}");
    }
    for problem in &report.problems {
        println!("  problem: {problem}");
    }
    match report.problems.len() {
        0 => Ok(()),
        n => Err(format!("{} with the set-up on Discord (listed above)", plural(n, "problem"))),
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

async fn export(
    format: ExportFormat,
    since: Option<DateTime<Utc>>,
    table: Option<ExportTable>,
    out: Option<std::path::PathBuf>,
) -> Result<(), String> {
    let url = config::database_url_from_env().map_err(|e| e.to_string())?;
    let store = store::connect(url.expose()).await.map_err(|e| e.to_string())?;
    let format = match format {
        ExportFormat::Json => Format::Json,
        ExportFormat::Csv => Format::Csv,
    };
    let table = table.map(|table| match table {
        ExportTable::Tickets => Table::Tickets,
        ExportTable::Events => Table::Events,
        ExportTable::Articles => Table::Articles,
        ExportTable::Ratings => Table::Ratings,
    });
    let mut sink: Box<dyn Write + Send> = match &out {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path).map_err(|e| format!("cannot write {}: {e}", path.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout())),
    };
    let (tickets, events) =
        export::export(store.as_ref(), format, table, since, SystemClock.now(), &mut sink)
            .await
            .map_err(|e| e.to_string())?;
    sink.flush().map_err(|e| e.to_string())?;
    if out.is_some() {
        eprintln!("exported {tickets} tickets and {events} events");
    }
    Ok(())
}

/// `deskbot report`: needs only the database and the organisation (DATABASE_URL, DESKBOT_GUILD_ID).
async fn report(days: i64, technician: Option<i64>, out: std::path::PathBuf) -> Result<(), String> {
    use crate::domain::stats::Scope;
    let url = config::database_url_from_env().map_err(|e| e.to_string())?;
    let guild = config::guild_id_from_env().map_err(|e| e.to_string())?;
    let store = store::connect(url.expose()).await.map_err(|e| e.to_string())?;
    let scope = Scope::last_days(SystemClock.now(), days, technician);
    let figures =
        crate::service::stats::figures(store.as_ref(), guild, scope).await.map_err(|e| e.to_string())?;
    let page = crate::service::report::html(&figures, &|id| id.to_string()).map_err(|e| e.to_string())?;
    std::fs::write(&out, page).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    eprintln!(
        "wrote {}: {} tickets opened, {} resolved in the last {days} days",
        out.display(),
        figures.opened,
        figures.resolved
    );
    Ok(())
}

/// `deskbot sandbox`: prints the page's address once the bot is connected, then serves until Ctrl-C.
#[cfg(feature = "sandbox")]
async fn sandbox(port: u16, database_url: Option<String>, helpdesk: Option<String>) -> Result<(), String> {
    let options = crate::sandbox::Options { port, database_url, helpdesk };
    let ready = |address: std::net::SocketAddr| {
        println!("deskbot sandbox: open http://{address}");
        println!("(a local Discord on this machine, no account or token needed; Ctrl-C stops it)");
        let _ = std::io::stdout().flush();
    };
    crate::sandbox::run(options, ready, shutdown_signal()).await.map_err(|e| e.to_string())
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: finishing the interactions in flight");
}
