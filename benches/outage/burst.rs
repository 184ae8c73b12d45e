//! The outage morning as requesters make it: 200 people start an intake within one second, by DM or
//! by `/ticket`, against Discord's limits, each answering with the controls the bot gives them (a
//! select, **Answer** and its form, **Submit**) the way the end-to-end tests' driver does.
//!
//! Measured from outside, as Discord and technicians see it: how fast the bot answered each
//! interaction, how long each DM waited for its first answer, every ticket's first appearance in
//! the triage channel (its own post or the storm summary), and the rate-limited requests, sorted by
//! what they were for. Once every ticket is visible the next run may start: waiting for each ticket's
//! own post (one a second, the triage channel's bucket) goes on in the background, costing the
//! machine next to nothing.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crate::harness::Harness;
use crate::support::discord::RecordedRequest;
use crate::support::drive::{PATIENCE, open_by_dm, open_by_ticket};
use crate::support::triage::{note_first_seen, shown_in};

/// What a burst measured up to the moment every ticket was visible in triage.
pub struct Burst {
    pub database: &'static str,
    pub path: &'static str,
    pub people: usize,
    /// The bot's answers to the people's interactions (from dispatch to callback), sorted.
    pub answers: Vec<Duration>,
    /// DM path: each first DM's wait for its answer, sorted.
    pub first_answers: Vec<Duration>,
    /// When the last ticket was created (as the database has it), from the burst's start: the
    /// floor of its time to triage.
    pub last_created: Duration,
    /// The last ticket's first appearance in triage.
    pub visible: Option<Duration>,
    /// Requests counted against the global limit, once each ticket has its own post and thread.
    pub requests: Requests,
    /// Every ticket got its own post (and thread) within the wait.
    pub own_posts: Option<Duration>,
}

/// Rate-limited requests of a burst, by what they were for.
#[derive(Default)]
pub struct Requests {
    /// Messages in the requesters' DMs and DM channels opened.
    pub to_requesters: usize,
    /// Each ticket's own triage post and its thread.
    pub triage_posts: usize,
    /// The storm summary's post and edits.
    pub summary: usize,
    pub other: usize,
    pub throttled: usize,
}

impl Requests {
    pub fn total(&self) -> usize {
        self.to_requesters + self.triage_posts + self.summary + self.other
    }

    fn count(requests: &[RecordedRequest], triage: u64, summaries: &[u64]) -> Requests {
        let mut counted = Requests::default();
        let in_triage = format!("/channels/{triage}/messages");
        for r in requests.iter().filter(|r| !r.is_exempt()) {
            if r.status == 429 {
                counted.throttled += 1;
                continue;
            }
            let posted = r.body.as_ref().map(|b| shown_in(b).0).unwrap_or(false);
            let summary = summaries.iter().any(|s| r.path == format!("{in_triage}/{s}"))
                || (r.method == "POST" && r.path == in_triage && posted);
            if summary {
                counted.summary += 1;
            } else if r.path.starts_with(&in_triage) {
                counted.triage_posts += 1;
            } else if r.path == "/users/@me/channels" || r.method == "POST" && r.path.ends_with("/messages") {
                counted.to_requesters += 1;
            } else {
                counted.other += 1;
            }
        }
        counted
    }
}

/// The moment the last of the burst's tickets (numbers 1 to `people`, in a fresh guild) was
/// created, from `started_at`: read from the tickets themselves, as the bot stamped them, not from
/// the people's side (who notice their confirmation a poll later, each on their own clock).
async fn last_created(h: &Harness, people: usize, started_at: chrono::DateTime<chrono::Utc>) -> Duration {
    let mut last = started_at;
    for number in 1..=people as i64 {
        let ticket = h
            .store()
            .ticket_by_number(h.ids.guild as i64, deskbot::domain::TicketNumber(number))
            .await
            .expect("every person's ticket exists");
        last = last.max(ticket.created_at);
    }
    (last - started_at).to_std().unwrap_or_default()
}

fn id(v: &serde_json::Value) -> u64 {
    v.as_str().and_then(|s| s.parse().ok()).unwrap_or(0)
}

/// Runs the burst on `h` until every ticket is visible in triage; the returned task waits for each
/// ticket's own post and counts the requests.
pub async fn burst(
    h: Harness,
    database: &'static str,
    people: usize,
    by_command: bool,
) -> tokio::task::JoinHandle<Burst> {
    let d = h.discord.handle();
    d.set_global_rate_limit(Some(50));
    d.set_route_buckets(true);
    d.set_timeout(PATIENCE);
    d.set_polling(true);
    let users: Vec<u64> = (0..people).map(|i| d.add_member(&format!("person{i}"), &[])).collect();
    let mark = d.mark();
    let started = Instant::now();
    let started_at = chrono::Utc::now();

    // The triage channel as a technician watches it: each number's first appearance.
    let watcher = {
        let d = d.clone();
        let triage = h.ids.triage;
        tokio::spawn(async move {
            let mut seen: BTreeMap<i64, Duration> = BTreeMap::new();
            let deadline = Instant::now() + Duration::from_secs(600);
            while seen.len() < people && Instant::now() < deadline {
                note_first_seen(&d.messages_in(triage), started.elapsed(), &mut seen);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            (seen.len() >= people).then(|| seen.values().max().copied().unwrap_or_default())
        })
    };

    let mut runs = Vec::new();
    for (n, user) in users.iter().copied().enumerate() {
        let d = d.clone();
        runs.push(tokio::spawn(async move {
            if by_command { open_by_ticket(&d, user, n).await } else { open_by_dm(&d, user, n).await }
        }));
        // All of them within one second, on a schedule.
        let next = started + Duration::from_micros(1_000_000 * (n as u64 + 1) / people as u64);
        tokio::time::sleep_until(next.into()).await;
    }
    let mut persons = Vec::new();
    for run in runs {
        persons.push(run.await.expect("every intake completes"));
    }
    let visible = watcher.await.expect("the watcher");
    let last_created = last_created(&h, people, started_at).await;
    let mut answers = d.answer_times_of(&users);
    answers.sort();
    let mut first_answers: Vec<Duration> = persons.iter().filter_map(|p| p.first_answer).collect();
    first_answers.sort();
    let path = if by_command { "/ticket" } else { "DM" };
    tokio::spawn(async move {
        let triage = h.ids.triage;
        let deadline = Instant::now() + Duration::from_secs(600);
        let mut own_posts = None;
        while Instant::now() < deadline {
            let posts = d.messages_in(triage).iter().filter(|m| !shown_in(m).0).count();
            if posts >= people {
                own_posts = Some(started.elapsed());
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        h.settle().await;
        let summaries: Vec<u64> =
            d.messages_in(triage).iter().filter(|m| shown_in(m).0).map(|m| id(&m["id"])).collect();
        let requests = Requests::count(&d.requests_since(mark), triage, &summaries);
        h.finish().await;
        Burst { database, path, people, answers, first_answers, last_created, visible, requests, own_posts }
    })
}
