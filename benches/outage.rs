//! The outage-morning benchmark, in one table: the real bot (serenity, the outbox deliverer, SQLite
//! or PostgreSQL) against the tests' local Discord, which enforces Discord's limits (50 requests a
//! second in all, and each route's bucket: 5 posts per 5 s per channel, edits apart, threads 10 per
//! 10 s, DM channels opened 5 a second). On SQLite and, when `TEST_POSTGRES_URL` is set, PostgreSQL:
//!
//! - **the bot's memory** ([`memory`]): `deskbot run`, built as this benchmark is, in a process of
//!   its own: resident memory idle, and after 200 people open a ticket by DM within one second;
//! - **a 200-person burst** ([`burst`]), by DM and by `/ticket`, each person answering with the
//!   controls the bot gives them: the bot's answers to their interactions (p50 / p99), the
//!   rate-limited requests a ticket, 429s, and the time until every ticket is in front of
//!   technicians in triage (its own post or the storm summary) against its floor, the moment the
//!   last ticket exists;
//! - **a major incident** with 500 children resolved: the time until the last requester has the
//!   resolution DM, against the floor the limits set for those DMs;
//! - **`/queue` at 100,000 tickets** for each filter, and **`deskbot export`'s** peak memory
//!   ([`queue`]).
//!
//! `TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres cargo bench --bench outage`.
//! `DESKBOT_BENCH_ONLY=memory|burst|incident|queue` runs one part; `DESKBOT_BENCH_ONLY=storm` runs
//! the storm of 200 tickets opened through the service at once, which also waits until each has its
//! own post. `DESKBOT_BENCH_PEOPLE=N` sets the burst's and the storm's size (default 200),
//! `DESKBOT_BENCH_INCIDENT=N` the incident's children (default 500).

#![allow(dead_code)]

#[path = "../tests/support/mod.rs"]
mod support;

#[path = "../tests/e2e/harness.rs"]
mod harness;

#[path = "outage/burst.rs"]
mod burst;

#[path = "queue.rs"]
mod queue;

#[path = "../tests/e2e/process.rs"]
mod process;

#[path = "memory/measure.rs"]
mod memory;

use std::time::{Duration, Instant};

use deskbot::domain::{Action, Actor, Level, ResolutionCode, Roles, Urgency};
use harness::{Harness, text_of};
use support::db::{Backend, TestDb};
use support::discord::RouteKind;
use support::triage::{note_first_seen, shown_in};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
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
        note_first_seen(&d.messages_in(h.ids.triage), started.elapsed(), seen);
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
    /// The floor under Discord's limits (50/s), and under the bot's own pace of 45/s.
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
    let floor_at_pace = bucket.max(Duration::from_secs_f64(needed / 45.0));
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

/// One line of the table: what was measured, its figure on each database, and the target.
struct Line {
    measure: String,
    sqlite: String,
    postgres: String,
    target: &'static str,
}

/// The table's lines, kept in the order first met; a figure lands in its database's column.
#[derive(Default)]
struct Table {
    lines: Vec<Line>,
}

impl Table {
    fn put(
        &mut self,
        measure: impl Into<String>,
        database: &str,
        figure: impl Into<String>,
        target: &'static str,
    ) {
        let measure = measure.into();
        let at = match self.lines.iter().position(|l| l.measure == measure) {
            Some(at) => at,
            None => {
                let empty = || "—".to_owned();
                self.lines.push(Line { measure, sqlite: empty(), postgres: empty(), target });
                self.lines.len() - 1
            }
        };
        let line = &mut self.lines[at];
        if database.to_ascii_lowercase().starts_with("postgres") {
            line.postgres = figure.into();
        } else {
            line.sqlite = figure.into();
        }
    }

    fn print(&self) {
        println!("| measure | SQLite | PostgreSQL | target |");
        println!("|---|---|---|---|");
        for l in &self.lines {
            println!("| {} | {} | {} | {} |", l.measure, l.sqlite, l.postgres, l.target);
        }
    }
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn ratio(value: Option<Duration>, floor: Duration) -> String {
    value
        .map_or_else(|| "—".to_owned(), |v| format!("{:.2}", v.as_secs_f64() / floor.as_secs_f64().max(1e-9)))
}

fn put_burst(table: &mut Table, b: &burst::Burst) {
    let p = b.path;
    let n = b.people as f64;
    let db = b.database;
    table.put(
        format!("{} people within 1 s by {p}: interactions answered, p50 / p99 (max)", b.people),
        db,
        format!(
            "{} / {} ({}) of {}",
            ms(percentile(&b.answers, 0.5)),
            ms(percentile(&b.answers, 0.99)),
            ms(b.answers.last().copied().unwrap_or_default()),
            b.answers.len()
        ),
        "within 3 s",
    );
    if !b.first_answers.is_empty() {
        table.put(
            format!("by {p}: each first DM's answer (a message, paced under 50/s), p50 / p99"),
            db,
            format!("{} / {}", ms(percentile(&b.first_answers, 0.5)), ms(percentile(&b.first_answers, 0.99))),
            "",
        );
    }
    let r = &b.requests;
    table.put(
        format!("by {p}: rate-limited requests a ticket: to the requester + own triage post and thread (+ storm summary)"),
        db,
        format!(
            "{:.2} + {:.2} = {:.2} (+ {:.2})",
            r.to_requesters as f64 / n,
            r.triage_posts as f64 / n,
            (r.to_requesters + r.triage_posts) as f64 / n,
            r.summary as f64 / n
        ),
        if p == "DM" { "≤ 3" } else { "≤ 2" },
    );
    table.put(
        format!("by {p}: 429s earned"),
        db,
        format!("{} (other requests: {})", r.throttled, r.other),
        "0",
    );
    table.put(
        format!(
            "by {p}: every ticket in triage (own post or summary) / floor (the last ticket created) / ratio"
        ),
        db,
        format!(
            "{} / {:.2} s / {}",
            secs(b.visible),
            b.last_created.as_secs_f64(),
            ratio(b.visible, b.last_created)
        ),
        "≤ 1.2",
    );
    table.put(
        format!("by {p}: each ticket with its own post (the channel's bucket: 5 per 5 s)"),
        db,
        secs(b.own_posts),
        "",
    );
}

fn put_incident(table: &mut Table, i: &Incident) {
    let dms = if i.known_dms { "known" } else { "not known yet" };
    table.put(
        format!(
            "{}-child incident resolved, requesters' DM channels {dms}: last DM / floor / ratio",
            i.children
        ),
        i.database,
        format!(
            "{} / {:.1} s / {} ({} DMed, {} twice, {} 429s)",
            secs(i.last_dm),
            i.floor.as_secs_f64(),
            ratio(i.last_dm, i.floor),
            i.dms,
            i.twice,
            i.throttled
        ),
        "≤ 1.2",
    );
}

/// Which parts run: all, or the one `DESKBOT_BENCH_ONLY` names.
fn runs(part: &str) -> bool {
    std::env::var("DESKBOT_BENCH_ONLY").map_or(part != "storm", |only| only == part)
}

fn main() {
    // `cargo bench` passes `--bench`; nothing to parse.
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a runtime");
    let people = std::env::var("DESKBOT_BENCH_PEOPLE").ok().and_then(|n| n.parse().ok()).unwrap_or(200usize);
    let children =
        std::env::var("DESKBOT_BENCH_INCIDENT").ok().and_then(|n| n.parse().ok()).unwrap_or(500usize);
    let mut table = Table::default();
    rt.block_on(async {
        let postgres = std::env::var("TEST_POSTGRES_URL").is_ok();
        if !postgres {
            println!("TEST_POSTGRES_URL is not set: SQLite only");
        }
        let databases: &[&'static str] = if postgres { &["SQLite", "PostgreSQL"] } else { &["SQLite"] };
        if runs("memory") {
            for &database in databases {
                for (measure, figure, target) in memory::measure(database).await {
                    table.put(measure, database, figure, target);
                }
            }
        }
        if runs("burst") {
            // A burst's tail (each ticket's own post, a second apiece) runs while the next burst runs.
            let mut tails = Vec::new();
            for &database in databases {
                for by_command in [false, true] {
                    let db = TestDb::new(Backend::Postgres, "outage benchmark, burst").await;
                    let h = match (database, &db) {
                        ("PostgreSQL", Some(db)) => Harness::start_on_database(&db.url).await,
                        _ => Harness::start().await,
                    };
                    tails.push((burst::burst(h, database, people, by_command).await, db));
                }
            }
            for (tail, db) in tails {
                put_burst(&mut table, &tail.await.expect("the burst's tail"));
                drop(db);
            }
        }
        if runs("incident") {
            for &database in databases {
                for known_dms in [false, true] {
                    let db = TestDb::new(Backend::Postgres, "outage benchmark, incident").await;
                    let h = match (database, &db) {
                        ("PostgreSQL", Some(db)) => Harness::start_on_database(&db.url).await,
                        _ => Harness::start().await,
                    };
                    put_incident(&mut table, &incident(h, database, children, known_dms).await);
                    drop(db);
                }
            }
        }
        if runs("queue") {
            let (queue_rows, export_rows) = queue::measure_all().await;
            for r in &queue_rows {
                table.put(
                    format!("/queue at 100,000 tickets, {}: first page; Next; Prev (p50 / p99)", r.query),
                    r.backend,
                    format!("{}; {}; {}", r.first, r.next, r.prev),
                    "p99 < 50 ms",
                );
            }
            for r in &export_rows {
                table.put(
                    format!("`deskbot export` of 100,000 tickets, {}: peak memory (time)", r.what),
                    r.backend,
                    format!("{:.1} MiB ({:.1} s)", r.peak_kib as f64 / 1024.0, r.took.as_secs_f64()),
                    "< 64 MiB",
                );
            }
        }
        if runs("storm") {
            let mut storms = vec![storm(Harness::start().await, "SQLite", people).await];
            if let Some(db) = TestDb::new(Backend::Postgres, "outage benchmark, storm").await {
                storms.push(storm(Harness::start_on_database(&db.url).await, "PostgreSQL", people).await);
            }
            print_storms(&storms);
        }
    });
    println!();
    table.print();
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
