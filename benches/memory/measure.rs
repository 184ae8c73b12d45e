//! The bot's resident memory, as an operator sees it: `deskbot run` (built as the benchmark is: the
//! release profile under `cargo bench`) in a process of its own against the local Discord, its RSS
//! read from `/proc` when it is idle after start, then after 200 people open a ticket by DM within
//! one second (Discord's global limit and per-route buckets enforced), and once more when the burst
//! has settled (10 s later: by then the bot has handed the allocator's free memory back, as it does
//! a few seconds after work stops).

use std::time::{Duration, Instant};

use crate::support::discord::DiscordDouble;
use crate::support::drive::open_by_dm;

const PEOPLE: usize = 200;

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

/// What the bot's memory measured: (what, figure, target) lines for the outage table.
pub type Lines = Vec<(String, String, &'static str)>;

/// Runs `deskbot run` (as this benchmark was built) in a process of its own on `database`
/// (`SQLite`, or `PostgreSQL` at `TEST_POSTGRES_URL`) and reads its resident memory idle, right
/// after 200 people open a ticket by DM within one second, and 10 s later.
pub async fn measure(database: &str) -> Lines {
    let (discord, ids) = DiscordDouble::start_typical().await;
    discord.set_timeout(Duration::from_secs(90));
    discord.set_polling(true);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let postgres = match database {
        "PostgreSQL" => {
            crate::support::db::TestDb::new(crate::support::db::Backend::Postgres, "memory benchmark").await
        }
        _ => None,
    };
    let url = match &postgres {
        Some(db) => db.url.clone(),
        None => format!("sqlite://{}", dir.path().join("deskbot.db").display()),
    };
    let mut vars: Vec<(&'static str, String)> =
        crate::harness::config_vars(&discord, &ids, &url).into_iter().collect();
    // Allocator and runtime knobs an operator may set, passed through to compare their effect.
    let knobs = std::env::vars().filter(|(k, _)| k.starts_with("MALLOC_") || k == "TOKIO_WORKER_THREADS");
    vars.extend(knobs.map(|(k, v)| (&*k.leak(), v)));
    let bot = crate::process::spawn(dir.path(), &vars, "deskbot", "memory");
    let pid = bot.id();

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
        runs.push(tokio::spawn(async move { open_by_dm(&d, user, n).await }));
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
    let settled_parts = breakdown(pid);
    bot.kill();
    drop(postgres);

    vec![
        (
            "`deskbot run`: resident memory idle, 5 s after connecting".to_owned(),
            format!("{} ({idle_parts})", mib(idle)),
            "≤ 20 MiB",
        ),
        (
            format!("`deskbot run`: right after {PEOPLE} DM intakes within 1 s"),
            format!("{} ({after_parts}; done in {:.1} s)", mib(after), took.as_secs_f64()),
            "≤ 30 MiB",
        ),
        (
            "`deskbot run`: settled, 10 s after the burst".to_owned(),
            format!("{} ({settled_parts}; peak {})", mib(settled), mib(peak.max(peak_settled))),
            "≤ 30 MiB",
        ),
    ]
}
