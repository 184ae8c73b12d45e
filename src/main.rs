//! The `deskbot` binary: parse the command line, set up logging, hand over to the library.
#![forbid(unsafe_code)]

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use deskbot::config::LogFormat;
use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    // Before the runtime starts its threads.
    deskbot::memory::configure();
    // One worker thread unless TOKIO_WORKER_THREADS says otherwise: the bot waits on Discord and the
    // database far more than it computes (SQLite has threads of its own), and each thread that
    // allocates holds memory of its own.
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    if std::env::var_os("TOKIO_WORKER_THREADS").is_none() {
        runtime.worker_threads(1);
    }
    match runtime.enable_all().build() {
        Ok(runtime) => runtime.block_on(start()),
        Err(e) => {
            eprintln!("deskbot: could not start the async runtime: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn start() -> ExitCode {
    let format = match deskbot::config::log_format_from_env() {
        Ok(format) => format,
        Err(e) => {
            eprintln!("deskbot: {e}");
            return ExitCode::from(2);
        }
    };
    let cli = deskbot::cli::Cli::parse();
    // An export reads each table with one statement that lasts as long as the export: sqlx's
    // warning about slow statements would only be noise there.
    let default = match cli.command {
        Some(deskbot::cli::Command::Export { .. }) => "info,serenity=warn,sqlx::query=error",
        _ => "info,serenity=warn",
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    let logs = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    match format {
        // Colour only for a person at a terminal: a journal or a file gets plain text.
        LogFormat::Text => logs.with_ansi(std::io::stderr().is_terminal()).init(),
        // One object per line; the event's fields at the top, its spans' (the interaction) beside.
        LogFormat::Json => {
            logs.json().flatten_event(true).with_current_span(true).with_span_list(false).init()
        }
    }
    deskbot::cli::main(cli).await
}
