//! `/queue` and `deskbot export` at 100,000 tickets (60,000 active): the store's queue read for each
//! filter, on its first page and on deep pages (Next and Prev from a ticket anywhere in the list),
//! and the export's peak memory as a separate `deskbot` process.
//!
//! Runs on a temporary SQLite file, and on PostgreSQL too when `TEST_POSTGRES_URL` is set (in a
//! database of its own, `deskbot_bench_queue`, made afresh). Prints one table.
//!
//! `TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres cargo bench --bench queue`

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use deskbot::domain::{Level, Status};
use deskbot::store::{self, Page, QueueFilter, QueueKey, Seek, TicketStore};

const GUILD: i64 = 900_000_000_000_000_001;
const TICKETS: i64 = 100_000;
/// Tickets per `/queue` page, as the bot asks.
const PAGE: i64 = 10;
/// Reads timed per filter and kind of page.
const SAMPLES: usize = 200;
const TECH: i64 = 500_000_000_000_000_000;
const REQUESTER: i64 = 400_000_000_000_000_000;

/// Fills the database in one statement: 100,000 tickets, one a minute from 2026-01-01, 60 % active
/// (30 % open, 20 % in progress, 10 % waiting on the requester), the rest resolved or closed; every
/// priority, level and 8 categories; the others held by 49 technicians; 4,999 requesters;
/// one in 13 with no due time. `at(m)` is the backend's expression for `m` minutes after the start.
fn fill_sql(at: impl Fn(&str) -> String) -> [String; 3] {
    let tickets = format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {TICKETS}), \
         g AS (SELECT i, CASE i % 10 WHEN 0 THEN 'open' WHEN 1 THEN 'open' WHEN 2 THEN 'open' \
           WHEN 3 THEN 'in_progress' WHEN 4 THEN 'in_progress' WHEN 5 THEN 'waiting_on_requester' \
           WHEN 9 THEN 'resolved' ELSE 'closed' END AS status FROM n) \
         INSERT INTO tickets (guild_id, number, requester_id, summary, description, category, impact, \
           urgency, priority, level, status, assignee_id, first_response_due, resolution_due, \
           first_response_at, next_due, created_at, updated_at, resolved_at) \
         SELECT {GUILD}, i, {REQUESTER} + i % 4999, 'Generated ticket ' || i, \
           'The VPN drops every few minutes since this morning; generated for the benchmark.', \
           CASE (i / 7) % 8 WHEN 0 THEN 'network' WHEN 1 THEN 'hardware' WHEN 2 THEN 'software' \
             WHEN 3 THEN 'access' WHEN 4 THEN 'printing' WHEN 5 THEN 'email' WHEN 6 THEN 'phone' \
             ELSE 'other' END, \
           'individual', 'medium', 1 + (i / 10) % 4, 1 + (i / 3) % 3, status, \
           CASE WHEN status = 'open' THEN NULL ELSE {TECH} + i % 49 END, \
           CASE WHEN i % 13 = 0 THEN NULL ELSE {frd} END, {rd}, \
           CASE WHEN status = 'open' THEN NULL ELSE {fra} END, \
           CASE WHEN i % 13 = 0 THEN NULL WHEN status = 'open' THEN {frd} ELSE {rd} END, \
           {created}, {created}, CASE WHEN status IN ('resolved', 'closed') THEN {rd} END \
         FROM g",
        frd = at("i + (i * 37) % 480"),
        rd = at("i + 4320"),
        fra = at("i + 10"),
        created = at("i"),
    );
    let events = "INSERT INTO events (ticket_id, actor_id, at, kind, from_status, to_status, note) \
         SELECT id, requester_id, created_at, 'created', NULL, 'open', NULL FROM tickets"
        .to_owned();
    let notes = "INSERT INTO events (ticket_id, actor_id, at, kind, from_status, to_status, note) \
         SELECT id, assignee_id, updated_at, 'note', NULL, NULL, \
           'Checked the ' || category || ' side with the requester; waiting on the vendor.' \
         FROM tickets WHERE number % 3 = 0"
        .to_owned();
    [tickets, events, notes]
}

/// Opens a fresh database at `url` through deskbot (which migrates it) and fills it.
async fn fill(url: &str) -> Arc<dyn TicketStore> {
    let store = store::connect(url).await.expect("the database opens");
    let started = Instant::now();
    if url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(url).await.expect("sqlite");
        let at = |m: &str| {
            format!("strftime('%Y-%m-%dT%H:%M:%S', '2026-01-01', '+' || ({m}) || ' minutes') || '.000000Z'")
        };
        for sql in fill_sql(at) {
            sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&pool).await.expect("filled");
        }
        pool.close().await;
    } else {
        let pool = sqlx::PgPool::connect(url).await.expect("postgres");
        let at = |m: &str| format!("(TIMESTAMPTZ '2026-01-01 00:00:00+00' + ({m}) * INTERVAL '1 minute')");
        for sql in fill_sql(at) {
            sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&pool).await.expect("filled");
        }
        // What autovacuum does after a bulk load: statistics, and the visibility map that lets
        // counts read the index alone.
        sqlx::query("VACUUM ANALYZE").execute(&pool).await.expect("vacuumed");
        pool.close().await;
    }
    eprintln!("{}: {TICKETS} tickets written in {:.1} s", store.backend(), started.elapsed().as_secs_f64());
    store
}

fn filters() -> Vec<(&'static str, QueueFilter)> {
    let none = QueueFilter::default();
    vec![
        ("active (no filter)", none.clone()),
        ("status: open", QueueFilter { status: Some(Status::Open), ..none.clone() }),
        ("status: closed", QueueFilter { status: Some(Status::Closed), ..none.clone() }),
        ("level: 2", QueueFilter { level: Some(Level::TWO), ..none.clone() }),
        ("assignee", QueueFilter { assignee: Some(TECH + 7), ..none.clone() }),
        ("unassigned", QueueFilter { unassigned: true, ..none.clone() }),
        ("category: network", QueueFilter { category: Some("network".to_owned()), ..none.clone() }),
        ("requester (/mytickets)", QueueFilter { requester: Some(REQUESTER + 42), ..none.clone() }),
        (
            "requester, closed (/mytickets)",
            QueueFilter { requester: Some(REQUESTER + 42), status: Some(Status::Closed), ..none.clone() },
        ),
        (
            "assignee, in progress",
            QueueFilter { assignee: Some(TECH + 7), status: Some(Status::InProgress), ..none.clone() },
        ),
        (
            "level 2 + unassigned + network",
            QueueFilter {
                level: Some(Level::TWO),
                unassigned: true,
                category: Some("network".to_owned()),
                ..none
            },
        ),
    ]
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len().saturating_sub(1)) as f64 * p).round() as usize;
    sorted.get(i).copied().unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

/// p50 / p99 in milliseconds of reading the page at each seek in turn.
async fn time_pages(store: &dyn TicketStore, filter: &QueueFilter, seeks: &[Seek]) -> String {
    let mut took = Vec::with_capacity(seeks.len());
    for seek in seeks {
        let started = Instant::now();
        let page = store.queue(GUILD, filter, Page { seek: *seek, limit: PAGE }).await.expect("a page");
        took.push(started.elapsed());
        std::hint::black_box(page);
    }
    took.sort();
    format!("{} / {}", ms(percentile(&took, 0.5)), ms(percentile(&took, 0.99)))
}

/// Places spread through the whole list (a fixed pseudo-random draw, the same on every run), and
/// the last ticket's.
fn places(keys: &[QueueKey]) -> Vec<QueueKey> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut chosen: Vec<QueueKey> = (0..SAMPLES - 1)
        .filter_map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            keys.get((x % keys.len().max(1) as u64) as usize).copied()
        })
        .collect();
    chosen.extend(keys.last().copied());
    chosen
}

pub struct Row {
    pub backend: &'static str,
    pub query: &'static str,
    pub total: i64,
    pub first: String,
    pub next: String,
    pub prev: String,
}

async fn measure_queue(store: &dyn TicketStore, rows: &mut Vec<Row>) {
    for (label, filter) in filters() {
        let all = store.queue(GUILD, &filter, Page::first(TICKETS)).await.expect("the whole list");
        let keys: Vec<QueueKey> = all.tickets.iter().filter_map(QueueKey::of).collect();
        let spread = places(&keys);
        // Warm the caches as a running bot's are.
        time_pages(store, &filter, &[Seek::First; 20]).await;
        let first = time_pages(store, &filter, &[Seek::First; SAMPLES]).await;
        let after: Vec<Seek> = spread.iter().copied().map(Seek::After).collect();
        let before: Vec<Seek> = spread.iter().copied().map(Seek::Before).collect();
        let next = time_pages(store, &filter, &after).await;
        let prev = time_pages(store, &filter, &before).await;
        rows.push(Row { backend: store.backend(), query: label, total: all.total, first, next, prev });
    }
}

/// Peak resident memory (VmHWM) of a process while it runs, read from /proc every millisecond;
/// with how long it took.
fn run_measured(cmd: &mut Command) -> (u64, Duration) {
    let started = Instant::now();
    let mut child = cmd.spawn().expect("deskbot starts");
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0;
    loop {
        if let Ok(status) = std::fs::read_to_string(&status_file)
            && let Some(kib) = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        {
            peak_kib = peak_kib.max(kib);
        }
        if let Some(exit) = child.try_wait().expect("waited") {
            assert!(exit.success(), "deskbot export failed");
            return (peak_kib, started.elapsed());
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

pub struct ExportRow {
    pub backend: &'static str,
    pub what: &'static str,
    pub peak_kib: u64,
    pub took: Duration,
    pub bytes: u64,
}

fn measure_export(url: &str, backend: &'static str, dir: &Path, rows: &mut Vec<ExportRow>) {
    let runs: [(&'static str, &[&str]); 3] = [
        ("csv, tickets", &["--format", "csv", "--table", "tickets"]),
        ("csv, events", &["--format", "csv", "--table", "events"]),
        ("json, both tables", &["--format", "json"]),
    ];
    for (what, args) in runs {
        let out = dir.join("export.out");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_deskbot"));
        cmd.arg("export").args(args).arg("--out").arg(&out).env_clear().env("DATABASE_URL", url);
        let (peak_kib, took) = run_measured(&mut cmd);
        let bytes = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
        rows.push(ExportRow { backend, what, peak_kib, took, bytes });
    }
}

/// Fills a database of 100,000 tickets on SQLite (and PostgreSQL, with `TEST_POSTGRES_URL`) and
/// measures `/queue` for each filter and `deskbot export` on each.
pub async fn measure_all() -> (Vec<Row>, Vec<ExportRow>) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut urls = vec![format!("sqlite://{}", dir.path().join("bench.db").display())];
    if let Ok(admin) = std::env::var("TEST_POSTGRES_URL") {
        let pool = sqlx::PgPool::connect(&admin).await.expect("TEST_POSTGRES_URL connects");
        sqlx::query("DROP DATABASE IF EXISTS deskbot_bench_queue WITH (FORCE)")
            .execute(&pool)
            .await
            .expect("dropped");
        sqlx::query("CREATE DATABASE deskbot_bench_queue").execute(&pool).await.expect("created");
        pool.close().await;
        let base = admin.rsplit_once('/').map_or(admin.as_str(), |(base, _)| base);
        urls.push(format!("{base}/deskbot_bench_queue"));
    } else {
        eprintln!("TEST_POSTGRES_URL is not set: SQLite only");
    }

    let (mut queue_rows, mut export_rows) = (Vec::new(), Vec::new());
    for url in &urls {
        let store = fill(url).await;
        measure_queue(store.as_ref(), &mut queue_rows).await;
        measure_export(url, store.backend(), dir.path(), &mut export_rows);
    }
    (queue_rows, export_rows)
}

#[tokio::main]
async fn main() {
    let (queue_rows, export_rows) = measure_all().await;

    println!(
        "\n/queue at {TICKETS} tickets (60,000 active), {PAGE} a page; the store's read (count, page and \
         place), p50 / p99 ms over {SAMPLES} reads\n"
    );
    println!("| database | filter | matching | first page | Next from anywhere | Prev from anywhere |");
    println!("|---|---|---|---|---|---|");
    for r in &queue_rows {
        println!("| {} | {} | {} | {} | {} | {} |", r.backend, r.query, r.total, r.first, r.next, r.prev);
    }
    println!("\n`deskbot export` of {TICKETS} tickets and their events, as a separate process\n");
    println!("| database | export | peak memory (VmHWM) | time | written |");
    println!("|---|---|---|---|---|");
    for r in &export_rows {
        println!(
            "| {} | {} | {:.1} MiB | {:.1} s | {:.1} MB |",
            r.backend,
            r.what,
            r.peak_kib as f64 / 1024.0,
            r.took.as_secs_f64(),
            r.bytes as f64 / 1e6
        );
    }
}
