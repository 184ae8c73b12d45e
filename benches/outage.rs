//! The outage-morning benchmark: 100 people report a problem within the same second, then
//! technicians claim every ticket. Prints how long until the last ticket was in triage (message and
//! thread), how many rate-limited Discord requests each ticket cost, and the process's peak memory.
//!
//! Runs the real bot (serenity, SQLite, the outbox deliverer) against the tests' local Discord, once
//! without rate limits and once with Discord's global limit of 50 requests a second.
//!
//! Then a storm: 200 tickets opened within one second, against Discord's limits (50 requests a
//! second, and each route's bucket: 5 posts per 5 s per channel, edits apart, threads 10 per 10 s),
//! on SQLite and, when `TEST_POSTGRES_URL` is set, on PostgreSQL. The table compares the time until
//! every ticket is in front of technicians in triage (its own post or the storm summary) with the
//! floor the limits set, and the time until each has its own post with that floor.
//!
//! Last, a major incident: 500 requesters' tickets linked to one incident, which a technician
//! resolves against Discord's limits; the table compares the time until the last requester has their
//! resolution DM with the floor the limits set for those DMs.
//!
//! `cargo bench --bench outage` (or `cargo run --release --bench outage` style: any profile works).
//! `DESKBOT_BENCH_STORM=N` sets the storm's size (default 200), `DESKBOT_BENCH_INCIDENT=N` the
//! incident's children (default 500); `DESKBOT_BENCH_ONLY=incident` runs the incident alone.

#![allow(dead_code)]

#[path = "../tests/support/mod.rs"]
mod support;

#[path = "../tests/e2e/harness.rs"]
mod harness;

use std::time::{Duration, Instant};

use deskbot::domain::{Action, Actor, Level, ResolutionCode, Roles, Urgency};
use harness::{Harness, id_of, text_of};
use support::db::{Backend, TestDb};
use support::discord::RouteKind;
use support::triage::shown_in;

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

/// What one storm measured.
struct Storm {
    database: &'static str,
    tickets: usize,
    committed: Duration,
    visible: Option<Duration>,
    visible_floor: Duration,
    own_posts: Option<Duration>,
    own_floor: Duration,
    requests: usize,
    throttled: usize,
}

/// `tickets` opened within one second against Discord's limits; every number's first appearance
/// in the triage channel is watched from outside, as a technician would see it.
async fn storm(h: Harness, database: &'static str, tickets: usize) -> Storm {
    let d = &h.discord;
    d.set_global_rate_limit(Some(50));
    d.set_route_buckets(true);
    let people: Vec<u64> = (0..tickets).map(|i| d.add_member(&format!("storm{i}"), &[])).collect();
    let mark = d.mark();
    let started = Instant::now();
    let mut seen: std::collections::BTreeMap<i64, Duration> = std::collections::BTreeMap::new();
    let look = |seen: &mut std::collections::BTreeMap<i64, Duration>| {
        for m in d.messages_in(h.ids.triage) {
            for n in shown_in(&m).1 {
                seen.entry(n).or_insert_with(|| started.elapsed());
            }
        }
    };
    let mut opens = Vec::new();
    for (i, &user) in people.iter().enumerate() {
        let desk = h.desk.clone();
        let draft = h.draft(user, &format!("VPN is down for me ({i})"), Urgency::High);
        opens.push(tokio::spawn(async move {
            desk.open(draft, Actor::member(user as i64, Roles::REQUESTER)).await.map(|c| c.ticket)
        }));
        look(&mut seen);
        // On a schedule, so that a slow turn of the loop does not spread the arrivals.
        let next = started + Duration::from_micros(1_000_000 * (i as u64 + 1) / tickets as u64);
        tokio::time::sleep_until(next.into()).await;
    }
    for o in opens {
        o.await.expect("task").expect("opened");
    }
    let committed = started.elapsed();
    let deadline = Instant::now() + Duration::from_secs(60);
    while seen.len() < tickets && Instant::now() < deadline {
        look(&mut seen);
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let visible = (seen.len() >= tickets).then(|| seen.values().max().copied().unwrap_or_default());
    // Each ticket's own post: the channel's bucket sets the pace.
    let deadline = Instant::now() + Duration::from_secs(600);
    let mut own_posts = None;
    while Instant::now() < deadline {
        let posts = d.messages_in(h.ids.triage).iter().filter(|m| !shown_in(m).0).count();
        if posts >= tickets {
            own_posts = Some(started.elapsed());
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    h.settle().await;
    let requests = d.non_exempt_since(mark);
    let throttled = d.requests_since(mark).iter().filter(|r| r.status == 429).count();
    // The floors. Nothing can show a ticket before it is committed, and showing them all takes
    // two requests (the summary and one edit), which the global limit and the buckets allow at
    // once: the floor of "all visible" is the last commit. Each ticket's own post is one message
    // in the channel: `limit` of them a window, the first window opening with the first post.
    let visible_floor = committed.max(Duration::from_secs_f64(2.0 / 50.0));
    let posts = d.route_limit(RouteKind::CreateMessage).expect("posting has a bucket");
    let windows = (tickets.saturating_sub(1) / posts.limit as usize) as u32;
    let global = Duration::from_secs_f64(2.0 * tickets as f64 / 50.0);
    let own_floor = (posts.per * windows).max(global);
    h.finish().await;
    Storm { database, tickets, committed, visible, visible_floor, own_posts, own_floor, requests, throttled }
}

/// What resolving one major incident measured.
struct Incident {
    database: &'static str,
    /// Whether the bot already had a DM channel with every requester (they came by DM).
    known_dms: bool,
    children: usize,
    /// From the technician's resolve until the last requester has the resolution DM.
    last_dm: Option<Duration>,
    /// Resolution DMs received, and requesters who received more than one.
    dms: usize,
    twice: usize,
    /// Children not resolved when the last DM arrived (or the wait gave up).
    unresolved: usize,
    opened_dm_channels: usize,
    dm_posts: usize,
    /// The floor under Discord's limits (50/s), and under the bot's own pace of 40/s.
    floor: Duration,
    floor_at_pace: Duration,
    requests: usize,
    throttled: usize,
}

/// Waits until the outbox is empty (or `limit` passes): what the bot had to send is sent.
async fn drain(h: &Harness, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if h.store().pending_notices().await.unwrap_or(1) == 0 {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

/// `children` requesters each open a ticket, all linked to one incident; once everything the bot
/// had to say about that has been sent (an incident lasts long enough for it), Discord's limits are
/// switched on and a technician resolves the incident.
async fn incident(h: Harness, database: &'static str, children: usize, known_dms: bool) -> Incident {
    let d = &h.discord;
    d.set_global_rate_limit(None);
    d.set_route_buckets(false);
    let tom = Actor::member(h.ids.tom as i64, Roles::technician(Level::ONE));
    let parent = h
        .desk
        .open(
            h.draft(h.ids.bob, "VPN concentrator down", Urgency::High),
            Actor::member(h.ids.bob as i64, Roles::REQUESTER),
        )
        .await
        .expect("the incident opened")
        .ticket;
    let people: Vec<u64> = (0..children).map(|i| d.add_member(&format!("affected{i}"), &[])).collect();
    if known_dms {
        // As after a DM intake: the bot remembers the DM channel the requester wrote in.
        for &user in &people {
            let channel = d.dm_channel(user);
            h.store().save_dm_channel(user as i64, channel as i64).await.expect("remembered");
        }
    }
    let mut opens = Vec::new();
    for (i, &user) in people.iter().enumerate() {
        let desk = h.desk.clone();
        let draft = h.draft(user, &format!("VPN is down for me ({i})"), Urgency::Medium);
        opens.push(tokio::spawn(async move {
            desk.open(draft, Actor::member(user as i64, Roles::REQUESTER)).await.map(|c| c.ticket)
        }));
    }
    let setup = Instant::now();
    let mut tickets = Vec::new();
    for o in opens {
        tickets.push(o.await.expect("task").expect("opened"));
    }
    for t in &tickets {
        h.desk.link_tickets(t.id, parent.id, tom, Some("same outage")).await.expect("linked");
    }
    let drained = drain(&h, Duration::from_secs(600)).await;
    assert!(drained, "the triage posts and link notices were still waiting after 600 s");
    println!(
        "  {database}: {children} tickets opened and linked, their triage posts and link notices sent, in {:.0} s",
        setup.elapsed().as_secs_f64()
    );

    d.set_global_rate_limit(Some(50));
    d.set_route_buckets(true);
    let notes = "Failed over to the standby VPN concentrator and renewed its certificate.";
    let mark = d.mark();
    let started = Instant::now();
    h.desk
        .act(parent.id, tom, Action::Resolve { notes: notes.into(), code: ResolutionCode::Fixed })
        .await
        .expect("the incident resolved");
    let mut waiting: Vec<u64> = people.clone();
    let mut last_dm = None;
    let deadline = Instant::now() + Duration::from_secs(600);
    while Instant::now() < deadline {
        waiting.retain(|&u| !d.dms_to(u).iter().any(|m| text_of(m).contains("standby VPN concentrator")));
        if waiting.is_empty() {
            last_dm = Some(started.elapsed());
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // What the resolution cost until then; the rest (triage edits at the channel's 5 per 5 s) is
    // sent without limits, only to see that no DM comes twice.
    let requests = d.requests_since(mark);
    let throttled = d.rate_limited_since(mark).total();
    let rate_limited = d.non_exempt_since(mark);
    d.set_global_rate_limit(None);
    d.set_route_buckets(false);
    let mut unresolved = 0;
    for t in &tickets {
        if h.store().ticket(t.id).await.expect("ticket").status != deskbot::domain::Status::Resolved {
            unresolved += 1;
        }
    }
    drain(&h, Duration::from_secs(600)).await;
    let resolution_dms: Vec<usize> = people
        .iter()
        .map(|&u| d.dms_to(u).iter().filter(|m| text_of(m).contains("standby VPN concentrator")).count())
        .collect();
    let dm_channels: std::collections::HashSet<u64> =
        people.iter().filter_map(|&u| d.dm_channel_of(u)).collect();
    let ok = |r: &&support::discord::RecordedRequest| r.status < 300;
    // The incident's own requester is DMed too; the children's are the ones measured.
    let affected: std::collections::HashSet<u64> = people.iter().copied().collect();
    let opened_dm_channels = requests
        .iter()
        .filter(ok)
        .filter(|r| r.kind == Some(RouteKind::OpenDm))
        .filter(|r| {
            let recipient = r.body.as_ref().and_then(|b| b["recipient_id"].as_str()?.parse().ok());
            recipient.is_some_and(|u: u64| affected.contains(&u))
        })
        .count();
    let dm_posts = requests
        .iter()
        .filter(ok)
        .filter(|r| r.kind == Some(RouteKind::CreateMessage))
        .filter(|r| {
            r.path.split('/').nth(2).and_then(|c| c.parse().ok()).is_some_and(|c| dm_channels.contains(&c))
        })
        .count();
    // The floor of the last DM: the DMs need `dm_posts` messages (one per DM channel, whose own
    // bucket does not bind) and `opened_dm_channels` DM channels opened, on one bucket of `limit` a
    // window, the first window opening with the first; every one of them counts against the
    // global limit. The binding one of the two is the floor.
    let open = d.route_limit(RouteKind::OpenDm).expect("opening DMs has a bucket");
    let windows = (opened_dm_channels.saturating_sub(1) / open.limit as usize) as u32;
    let bucket = if opened_dm_channels == 0 { Duration::ZERO } else { open.per * windows };
    let needed = (opened_dm_channels + dm_posts) as f64;
    let floor = bucket.max(Duration::from_secs_f64(needed / 50.0));
    let floor_at_pace = bucket.max(Duration::from_secs_f64(needed / 40.0));
    h.finish().await;
    Incident {
        database,
        known_dms,
        children,
        last_dm,
        dms: resolution_dms.iter().filter(|&&n| n > 0).count(),
        twice: resolution_dms.iter().filter(|&&n| n > 1).count(),
        unresolved,
        opened_dm_channels,
        dm_posts,
        floor,
        floor_at_pace,
        requests: rate_limited,
        throttled,
    }
}

fn secs(d: Option<Duration>) -> String {
    d.map_or_else(|| "never".to_owned(), |d| format!("{:.2} s", d.as_secs_f64()))
}

fn main() {
    // `cargo bench` passes `--bench`; nothing to parse.
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a runtime");
    let size = std::env::var("DESKBOT_BENCH_STORM").ok().and_then(|n| n.parse().ok()).unwrap_or(200usize);
    let children =
        std::env::var("DESKBOT_BENCH_INCIDENT").ok().and_then(|n| n.parse().ok()).unwrap_or(500usize);
    let incident_only = std::env::var("DESKBOT_BENCH_ONLY").is_ok_and(|s| s == "incident");
    let (storms, incidents) = rt.block_on(async {
        let mut storms = Vec::new();
        if !incident_only {
            scenario("no rate limit", None).await;
            scenario("Discord's limits: 50 requests/s, and each route's bucket", Some(50)).await;
            storms.push(storm(Harness::start().await, "SQLite", size).await);
        }
        let mut incidents = Vec::new();
        for known_dms in [false, true] {
            incidents.push(incident(Harness::start().await, "SQLite", children, known_dms).await);
        }
        match TestDb::new(Backend::Postgres, "outage benchmark").await {
            Some(db) => {
                if !incident_only {
                    storms.push(storm(Harness::start_on_database(&db.url).await, "PostgreSQL", size).await);
                }
                drop(db);
            }
            None => println!("PostgreSQL: skipped (TEST_POSTGRES_URL unset)"),
        }
        for known_dms in [false, true] {
            if let Some(db) = TestDb::new(Backend::Postgres, "outage benchmark, incident").await {
                let h = Harness::start_on_database(&db.url).await;
                incidents.push(incident(h, "PostgreSQL", children, known_dms).await);
                drop(db);
            }
        }
        (storms, incidents)
    });
    if !storms.is_empty() {
        print_storms(&storms);
    }
    println!(
        "── major incident resolved: its children resolved and their requesters DMed, Discord's limits (50/s, DM channels opened 5 per 1 s) ──"
    );
    println!(
        "| database | requesters' DM channels | children | last resolution DM | requests the DMs needed | floor (50/s) | ratio | floor at the bot's 40/s | ratio | DMed (twice) | not resolved | rate-limited requests | 429s |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for i in &incidents {
        let ratio = |floor: Duration| {
            i.last_dm
                .map_or_else(|| "—".to_owned(), |v| format!("{:.2}", v.as_secs_f64() / floor.as_secs_f64()))
        };
        println!(
            "| {} | {} | {} | {} | {} DMs + {} DM channels opened | {:.2} s | {} | {:.2} s | {} | {} ({}) | {} | {} | {} |",
            i.database,
            if i.known_dms { "known (came by DM)" } else { "none yet" },
            i.children,
            secs(i.last_dm),
            i.dm_posts,
            i.opened_dm_channels,
            i.floor.as_secs_f64(),
            ratio(i.floor),
            i.floor_at_pace.as_secs_f64(),
            ratio(i.floor_at_pace),
            i.dms,
            i.twice,
            i.unresolved,
            i.requests,
            i.throttled,
        );
    }
    if let Some(kib) = peak_rss_kib() {
        println!(
            "peak memory (bot, local Discord and benchmark in one process): {:.1} MiB",
            kib as f64 / 1024.0
        );
    }
}

fn print_storms(storms: &[Storm]) {
    println!(
        "── storm: tickets opened within one second, Discord's limits (50/s, 5 posts per 5 s per channel) ──"
    );
    println!(
        "| database | tickets | committed within | all in triage (own post or summary) | floor | ratio | each with its own post | floor | rate-limited requests | 429s |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for s in storms {
        let ratio = s.visible.map_or_else(
            || "—".to_owned(),
            |v| format!("{:.2}", v.as_secs_f64() / s.visible_floor.as_secs_f64()),
        );
        println!(
            "| {} | {} | {:.2} s | {} | {:.2} s | {ratio} | {} | {:.0} s | {} ({:.2} per ticket) | {} |",
            s.database,
            s.tickets,
            s.committed.as_secs_f64(),
            secs(s.visible),
            s.visible_floor.as_secs_f64(),
            secs(s.own_posts),
            s.own_floor.as_secs_f64(),
            s.requests,
            s.requests as f64 / s.tickets as f64,
            s.throttled,
        );
    }
}
