//! The `deskbot` binary: parse the command line, set up logging, hand over to the library.
#![forbid(unsafe_code)]

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use deskbot::config::LogFormat;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    let format = match deskbot::config::log_format_from_env() {
        Ok(format) => format,
        Err(e) => {
            eprintln!("deskbot: {e}");
            return ExitCode::from(2);
        }
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,serenity=warn"));
    let logs = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    match format {
        // Colour only for a person at a terminal: a journal or a file gets plain text.
        LogFormat::Text => logs.with_ansi(std::io::stderr().is_terminal()).init(),
        // One object per line; the event's fields at the top, its spans' (the interaction) beside.
        LogFormat::Json => {
            logs.json().flatten_event(true).with_current_span(true).with_span_list(false).init()
        }
    }
    deskbot::cli::main(deskbot::cli::Cli::parse()).await
}
