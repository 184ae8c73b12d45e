//! The bot's resident memory, idle and after a 200-person burst (see [`measure`]); the same figures
//! are in the outage benchmark's table.
//!
//! `cargo bench --bench memory` (with `TEST_POSTGRES_URL` also on PostgreSQL). Targets: at most
//! 20 MiB idle, at most 30 MiB after the burst.

#![allow(dead_code)]

#[path = "../tests/support/mod.rs"]
mod support;

#[path = "../tests/e2e/harness.rs"]
mod harness;

#[path = "../tests/e2e/process.rs"]
mod process;

#[path = "memory/measure.rs"]
mod measure;

#[tokio::main]
async fn main() {
    let mut databases = vec!["SQLite"];
    if std::env::var("TEST_POSTGRES_URL").is_ok() {
        databases.push("PostgreSQL");
    }
    println!("| database | moment | RSS | target |");
    println!("|---|---|---|---|");
    for database in databases {
        for (moment, figure, target) in measure::measure(database).await {
            println!("| {database} | {moment} | {figure} | {target} |");
        }
    }
}
