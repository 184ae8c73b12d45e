//! The outage-morning benchmark: 100 people report a problem within the same second, then
//! technicians claim every ticket. Prints how long until the last ticket was in triage (message and
//! thread), how many rate-limited Discord requests each ticket cost, and the process's peak memory.
//!
//! Runs the real bot (serenity, SQLite, the outbox deliverer) against the tests' local Discord, once
//! without rate limits and once with Discord's global limit of 50 requests a second.
//!
//! `cargo bench --bench outage` (or `cargo run --release --bench outage` style: any profile works).

#![allow(dead_code)]

#[path = "../tests/support/mod.rs"]
mod support;

#[path = "../tests/e2e/harness.rs"]
mod harness;

use std::time::{Duration, Instant};

use deskbot::domain::{Actor, Roles, Urgency};
use harness::{Harness, id_of};

const REPORTERS: usize = 100;

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

async fn scenario(label: &str, limit: Option<usize>) {
    let h = Harness::start().await;
    h.discord.set_global_rate_limit(limit);
    // Without limits means without the per-route buckets too; with them, as strict as Discord.
    h.discord.set_route_buckets(limit.is_some());
    let requesters: Vec<u64> =
        (0..REPORTERS).map(|i| h.discord.add_member(&format!("user{i}"), &[])).collect();

    // 1. Everyone reports at once.
    let mark = h.discord.mark();
    let started = Instant::now();
    let mut opens = Vec::new();
    for (i, &user) in requesters.iter().enumerate() {
        let desk = h.desk.clone();
        let draft = h.draft(user, &format!("Email is down for me ({i})"), Urgency::High);
        opens.push(tokio::spawn(async move {
            desk.open(draft, Actor::member(user as i64, Roles::REQUESTER)).await.map(|c| c.ticket)
        }));
    }
    let mut tickets = Vec::new();
    for o in opens {
        tickets.push(o.await.expect("task").expect("opened"));
    }
    let committed = started.elapsed();
    let mut ready_at: Vec<Option<Duration>> = vec![None; tickets.len()];
    let deadline = Instant::now() + Duration::from_secs(120);
    while ready_at.iter().any(Option::is_none) && Instant::now() < deadline {
        for (i, t) in tickets.iter().enumerate() {
            if ready_at[i].is_none() && h.store().ticket(t.id).await.is_ok_and(|t| t.thread_id.is_some()) {
                ready_at[i] = Some(started.elapsed());
            }
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    h.settle().await;
    let mut ready: Vec<Duration> = ready_at.iter().flatten().copied().collect();
    ready.sort();
    let open_requests = h.discord.non_exempt_since(mark);
    let throttled = h.discord.requests_since(mark).iter().filter(|r| r.status == 429).count();

    // 2. Technicians claim every ticket from its triage message.
    let techs = [h.ids.tom, h.ids.tina];
    let mark = h.discord.mark();
    let started = Instant::now();
    let mut clicks = Vec::new();
    for (i, t) in tickets.iter().enumerate() {
        let d = h.discord.handle();
        let message = t.triage_message_id.map(|m| m as u64);
        let stored = h.store().ticket(t.id).await.expect("ticket");
        let message = message.or(stored.triage_message_id.map(|m| m as u64)).expect("posted");
        let (tech, triage) = (techs[i % 2], h.ids.triage);
        clicks.push(tokio::spawn(async move {
            let click = d.click_label(tech, triage, message, "Claim").await;
            click.response().await;
        }));
    }
    for c in clicks {
        c.await.expect("click");
    }
    let answered = started.elapsed();
    h.settle().await;
    let claimed_all = started.elapsed();
    let claim_requests = h.discord.non_exempt_since(mark);

    println!("── {label} ──");
    println!("  {REPORTERS} tickets committed to the database in {:.0} ms", committed.as_secs_f64() * 1000.0);
    println!(
        "  in triage (message + thread): median {:.0} ms, p95 {:.0} ms, last {:.0} ms ({} of {REPORTERS})",
        percentile(&ready, 0.5).as_secs_f64() * 1000.0,
        percentile(&ready, 0.95).as_secs_f64() * 1000.0,
        percentile(&ready, 1.0).as_secs_f64() * 1000.0,
        ready.len()
    );
    println!(
        "  opening: {open_requests} rate-limited requests = {:.2} per ticket ({throttled} answered 429)",
        open_requests as f64 / REPORTERS as f64
    );
    println!(
        "  {REPORTERS} claims answered in {:.0} ms; every triage edit and requester DM delivered after {:.0} ms",
        answered.as_secs_f64() * 1000.0,
        claimed_all.as_secs_f64() * 1000.0
    );
    println!(
        "  claiming: {claim_requests} rate-limited requests = {:.2} per ticket (DM channel + DM; the triage edit rides on the click's answer)",
        claim_requests as f64 / REPORTERS as f64
    );
    let _ = id_of;
    h.finish().await;
}

fn main() {
    // `cargo bench` passes `--bench`; nothing to parse.
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a runtime");
    rt.block_on(async {
        scenario("no rate limit", None).await;
        scenario("Discord's limits: 50 requests/s, and each route's bucket", Some(50)).await;
    });
    if let Some(kib) = peak_rss_kib() {
        println!(
            "peak memory (bot, local Discord and benchmark in one process): {:.1} MiB",
            kib as f64 / 1024.0
        );
    }
}
