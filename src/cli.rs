//! The command line: `run` (the default), `migrate`, `check`, `register-commands`, `export`.

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
    /// Validate the configuration and the database, print a summary; exit non-zero with the reason.
    Check,
    /// Register the slash commands for the configured guild, then exit.
    RegisterCommands,
    /// Write tickets and their events as JSON or CSV.
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// Only tickets changed on or after this date (YYYY-MM-DD) or time (RFC 3339).
        #[arg(long, value_parser = parse_since)]
        since: Option<DateTime<Utc>>,
        /// With --format csv, which table to write (JSON holds both).
        #[arg(long, value_enum, default_value_t = ExportTable::Tickets)]
        table: ExportTable,
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<std::path::PathBuf>,
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
        Command::Check => check().await,
        Command::RegisterCommands => register_commands().await,
        Command::Export { format, since, table, out } => export(format, since, table, out).await,
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
    println!("registered {n} commands in guild {}", config.guild_id);
    Ok(())
}

async fn migrate() -> Result<(), String> {
    let url = config::database_url_from_env().map_err(|e| e.to_string())?;
    let store = store::connect(url.expose()).await.map_err(|e| e.to_string())?;
    println!("database {} ({}) is up to date", url.redacted(), store.backend());
    Ok(())
}

async fn check() -> Result<(), String> {
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
    Ok(())
}

async fn export(
    format: ExportFormat,
    since: Option<DateTime<Utc>>,
    table: ExportTable,
    out: Option<std::path::PathBuf>,
) -> Result<(), String> {
    let url = config::database_url_from_env().map_err(|e| e.to_string())?;
    let store = store::connect(url.expose()).await.map_err(|e| e.to_string())?;
    let format = match format {
        ExportFormat::Json => Format::Json,
        ExportFormat::Csv => Format::Csv,
    };
    let table = match table {
        ExportTable::Tickets => Table::Tickets,
        ExportTable::Events => Table::Events,
    };
    let mut sink: Box<dyn Write> = match &out {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path).map_err(|e| format!("cannot write {}: {e}", path.display()))?,
        )),
        None => Box::new(std::io::stdout().lock()),
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
