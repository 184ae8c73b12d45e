//! The bot's resident memory, as an operator sees it: `deskbot run` (the release binary, as deployed)
//! in a process of its own against the local Discord, its RSS read from `/proc` when it is idle after
//! start, then after 200 people open a ticket by DM within one second (Discord's global limit and
//! per-route buckets enforced), and once more when the burst has settled.
//!
//! `cargo bench --bench memory`. Targets: at most 20 MiB idle, at most 30 MiB after the burst.

#![allow(dead_code)]

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use support::discord::{Discord, DiscordDouble, Typical};
use support::drive::{answer_until_open, say};

const PEOPLE: usize = 200;

fn vars(discord: &DiscordDouble, ids: &Typical, database_url: &str) -> Vec<(&'static str, String)> {
    vec![
        ("DISCORD_TOKEN", "test-token-for-the-local-discord".to_owned()),
        ("DATABASE_URL", database_url.to_owned()),
        ("DESKBOT_GUILD_ID", ids.guild.to_string()),
        ("DESKBOT_TRIAGE_CHANNEL_ID", ids.triage.to_string()),
        ("DESKBOT_COORDINATOR_CHANNEL_ID", ids.coordinators.to_string()),
        ("DESKBOT_ROLE_L1", ids.l1.to_string()),
        ("DESKBOT_ROLE_L2", ids.l2.to_string()),
        ("DESKBOT_ROLE_L3", ids.l3.to_string()),
        ("DESKBOT_ROLE_COORDINATOR", ids.coordinator_role.to_string()),
        ("DISCORD_API_BASE", discord.base_url()),
    ]
}

fn spawn(dir: &Path, vars: &[(&'static str, String)]) -> Child {
    let log = std::fs::File::create(dir.join("deskbot.log")).expect("a log file");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_deskbot"));
    cmd.current_dir(dir).env_clear().arg("run");
    if let Ok(path) = std::env::var("PATH") {
        cmd.env("PATH", path);
    }
    for (k, v) in vars {
        cmd.env(k, v);
    }
    // Allocator and runtime knobs an operator may set, passed through to compare their effect.
    for (k, v) in std::env::vars().filter(|(k, _)| k.starts_with("MALLOC_") || k == "TOKIO_WORKER_THREADS") {
        cmd.env(k, v);
    }
    cmd.env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::from(log))
        .spawn()
        .expect("deskbot starts")
}

/// `VmRSS` and `VmHWM` of a process, in KiB.
fn memory_kib(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Resident memory that is the binary's own code and data (file-backed) and the heap (anonymous).
fn breakdown(pid: u32) -> String {
    let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
    let field = |name: &str| -> u64 {
        rollup
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    let threads = std::fs::read_dir(format!("/proc/{pid}/task")).map(|d| d.count()).unwrap_or(0);
    format!(
        "anonymous {}, file {}, {threads} threads",
        mib(field("Anonymous:")),
        mib(field("Rss:") - field("Anonymous:"))
    )
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

async fn by_dm(d: Discord, user: u64, n: usize) {
    let first = say(&d, user, &format!("the vpn drops every few minutes on laptop {n}")).await;
    answer_until_open(&d, user, first).await;
}

#[tokio::main]
async fn main() {
    let (discord, ids) = DiscordDouble::start_typical().await;
    discord.set_timeout(Duration::from_secs(90));
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = format!("sqlite://{}", dir.path().join("deskbot.db").display());
    let mut child = spawn(dir.path(), &vars(&discord, &ids, &url));
    let pid = child.id();

    // Idle: connected, commands registered, nothing asked of it for a few seconds.
    let deadline = Instant::now() + Duration::from_secs(60);
    while discord.live_sessions() == 0 {
        assert!(Instant::now() < deadline, "the bot never connected");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_secs(5)).await;
    let (idle, _) = memory_kib(pid);
    let idle_parts = breakdown(pid);

    // The burst, with Discord's limits.
    discord.set_global_rate_limit(Some(50));
    discord.set_route_buckets(true);
    let people: Vec<u64> = (0..PEOPLE).map(|i| discord.add_member(&format!("person{i}"), &[])).collect();
    let started = Instant::now();
    let mut runs = Vec::new();
    for (n, user) in people.iter().copied().enumerate() {
        let d = discord.handle();
        runs.push(tokio::spawn(by_dm(d, user, n)));
        tokio::time::sleep(Duration::from_micros(1_000_000 / PEOPLE as u64)).await;
    }
    for run in runs {
        run.await.expect("every intake completes");
    }
    let took = started.elapsed();
    let (after, peak) = memory_kib(pid);
    let after_parts = breakdown(pid);
    tokio::time::sleep(Duration::from_secs(10)).await;
    let (settled, peak_settled) = memory_kib(pid);
    let _ = child.kill();
    let _ = child.wait();

    println!("deskbot run (release), SQLite, local Discord with the global limit and per-route buckets");
    println!("| moment | RSS | of which | target |");
    println!("|---|---|---|---|");
    println!("| idle, 5 s after connecting | {} | {idle_parts} | ≤ 20 MiB |", mib(idle));
    println!(
        "| right after {PEOPLE} DM intakes within 1 s (done in {took:.1?}) | {} | {after_parts} | ≤ 30 MiB |",
        mib(after)
    );
    println!("| 10 s later | {} | | ≤ 30 MiB |", mib(settled));
    println!("| peak (VmHWM) | {} | | |", mib(peak.max(peak_settled)));
}
