//! An outage morning against a local Discord that enforces Discord's limits (50 requests a second in
//! all, and each route's bucket, with Discord's 429 bodies and headers): 200 people start an intake
//! within one second, by DM and by `/ticket`. The bot earns no 429, and every intake completes —
//! questions wait their turn in the outbox instead of being dropped.
//!
//! A storm of tickets: 200 opened within one second are all in front of technicians at once, in a
//! storm summary, and each gets its own post as the triage channel's bucket allows.
//!
//! A test binary of its own, and one burst at a time: the figures it prints are the bot's, not
//! those of other tests sharing its two cores.

#[path = "support/mod.rs"]
mod support;

#[path = "e2e/harness.rs"]
#[allow(dead_code)]
mod harness;

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use deskbot::domain::{Actor, Roles, Urgency};
use serde_json::Value;

use crate::harness::{Harness, id_of, text_of};
use crate::support::discord::RouteKind;
use crate::support::drive::{PATIENCE, open_by_dm, open_by_ticket};
use crate::support::triage::{note_first_seen, shown_in};

const PEOPLE: usize = 200;

/// One burst at a time.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn burst(by_command: bool) {
    let _alone = ONE_AT_A_TIME.lock().await;
    let h = Harness::start().await;
    // As strict as Discord: the global limit and per-route buckets are on in the local Discord.
    // Under the burst a click may be deferred and answered after a few seconds, as Discord allows.
    h.discord.set_timeout(PATIENCE);
    h.discord.set_polling(true);
    let people: Vec<u64> = (0..PEOPLE).map(|i| h.discord.add_member(&format!("person{i}"), &[])).collect();
    let mark = h.discord.mark();
    let started = Instant::now();
    let mut runs = Vec::new();
    for (n, user) in people.iter().copied().enumerate() {
        let d = h.discord.handle();
        runs.push(tokio::spawn(async move {
            if by_command {
                open_by_ticket(&d, user, n).await.done
            } else {
                open_by_dm(&d, user, n).await.done
            }
        }));
        // All of them within one second.
        tokio::time::sleep(Duration::from_micros(1_000_000 / PEOPLE as u64)).await;
    }
    let mut took = Vec::new();
    for run in runs {
        took.push(run.await.expect("every intake completes"));
    }
    took.sort();
    let all = deskbot::store::Page::first(1);
    let queue = h.store().queue(h.ids.guild as i64, &Default::default(), all).await.expect("the queue reads");
    assert_eq!(queue.total as usize, PEOPLE, "one ticket per person");
    let limited = h.discord.rate_limited_since(mark);
    let mut answers = h.discord.answer_times_of(&people);
    answers.sort();
    let at = |p: f64| answers.get(((answers.len().saturating_sub(1)) as f64 * p).round() as usize).copied();
    println!(
        "{} burst of {PEOPLE}: all intakes done after {:?} (median {:?}); {} interactions answered in p50 {:?}, p99 {:?}; {} rate-limited requests; 429s: {limited:?}",
        if by_command { "/ticket" } else { "DM" },
        started.elapsed(),
        took[took.len() / 2],
        answers.len(),
        at(0.5).unwrap_or_default(),
        at(0.99).unwrap_or_default(),
        h.discord.non_exempt_since(mark),
    );
    let requests = h.discord.requests_since(mark);
    let refused: Vec<String> = requests
        .iter()
        .filter(|r| r.status == 429)
        .map(|r| {
            let before: Vec<String> = requests
                .iter()
                .filter(|o| !o.is_exempt() && o.at <= r.at && o.at + Duration::from_secs(1) > r.at)
                .map(|o| format!("{:?} {} {}", o.at, o.method, o.path))
                .collect();
            format!("{} {} after {} in its second: {before:#?}", r.method, r.path, before.len())
        })
        .collect();
    assert_eq!(limited.enforced(), 0, "no 429 earned: {limited:?}: {refused:?}");
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_dm_intakes_within_one_second_all_complete_without_a_429() {
    burst(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_ticket_commands_within_one_second_all_complete_without_a_429() {
    burst(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_tickets_within_one_second_are_all_in_triage_at_once_and_each_gets_its_own_post() {
    let _alone = ONE_AT_A_TIME.lock().await;
    let h = Harness::start().await;
    let d = &h.discord;
    // Discord's limits, with the posting and thread windows shortened from 5 s and 10 s to 1 s and
    // 2 s so that 200 posts take 40 s rather than 200: still ten times fewer than the tickets
    // arriving. Edits keep Discord's 5 per 5 s.
    d.set_global_rate_limit(Some(50));
    d.set_route_buckets(true);
    d.set_route_limit(RouteKind::CreateMessage, 5, Duration::from_secs(1));
    d.set_route_limit(RouteKind::CreateThread, 10, Duration::from_secs(2));
    let people: Vec<u64> = (0..PEOPLE).map(|i| d.add_member(&format!("storm{i}"), &[])).collect();
    let mark = d.mark();
    let started = Instant::now();
    // What technicians see in the triage channel, looked at as the tickets arrive and every 10 ms
    // after: when each number first appeared (own post or summary).
    let mut seen: BTreeMap<i64, Duration> = BTreeMap::new();
    let look = |seen: &mut BTreeMap<i64, Duration>| {
        note_first_seen(&d.messages_in(h.ids.triage), started.elapsed(), seen);
    };
    let mut opens = Vec::new();
    for (i, &user) in people.iter().enumerate() {
        let desk = h.desk.clone();
        let urgency = if i % 10 == 0 { Urgency::High } else { Urgency::Medium };
        let draft = h.draft(user, &format!("VPN drops for me ({i})"), urgency);
        opens.push(tokio::spawn(async move {
            desk.open(draft, Actor::member(user as i64, Roles::REQUESTER)).await.map(|c| c.ticket)
        }));
        look(&mut seen);
        // On a schedule, so that a slow turn of the loop does not spread the arrivals.
        let next = started + Duration::from_micros(1_000_000 * (i as u64 + 1) / PEOPLE as u64);
        tokio::time::sleep_until(next.into()).await;
    }
    let mut tickets = Vec::new();
    for o in opens {
        tickets.push(o.await.expect("the task ends").expect("the ticket opens"));
    }
    let committed = started.elapsed();
    let numbers: BTreeSet<i64> = tickets.iter().filter_map(|t| t.number.map(|n| n.0)).collect();
    assert_eq!(numbers.len(), PEOPLE);
    while seen.len() < PEOPLE && started.elapsed() < Duration::from_secs(30) {
        look(&mut seen);
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let all_visible = seen.values().max().copied().unwrap_or_default();
    let missing: Vec<&i64> = numbers.iter().filter(|n| !seen.contains_key(n)).collect();
    assert!(missing.is_empty(), "tickets never shown in triage: {missing:?}\n{}", d.dump());
    assert!(
        all_visible < committed + Duration::from_secs(3),
        "every ticket is in front of technicians within 3 s of the last one: {all_visible:?} (last committed \
         after {committed:?})"
    );
    // Each gets its own post as the bucket allows (200 at 5 a second), and then the summary says
    // none is waiting.
    let caught_up = d
        .wait_for_within("every ticket's own post and the summary saying so", Duration::from_secs(120), |d| {
            let messages = d.messages_in(h.ids.triage);
            let own = messages.iter().filter(|m| !shown_in(m).0).count();
            let done = messages.iter().any(|m| text_of(m).contains("Every new ticket has its own post"));
            (own >= PEOPLE && done).then_some(started.elapsed())
        })
        .await;
    h.settle().await;
    let messages = d.messages_in(h.ids.triage);
    let (summaries, posts): (Vec<&Value>, Vec<&Value>) = messages.iter().partition(|m| shown_in(m).0);
    assert_eq!(summaries.len(), 1, "one storm summary: {summaries:#?}");
    let mut posted: BTreeMap<i64, usize> = BTreeMap::new();
    for m in &posts {
        for n in shown_in(m).1 {
            *posted.entry(n).or_default() += 1;
        }
    }
    let twice: Vec<(&i64, &usize)> = posted.iter().filter(|(_, c)| **c != 1).collect();
    assert!(twice.is_empty(), "each ticket has exactly one post of its own: {twice:?}");
    assert_eq!(posted.keys().copied().collect::<BTreeSet<i64>>(), numbers, "every ticket has its own post");
    assert!(
        shown_in(summaries[0]).1.is_empty(),
        "after its last edit the summary lists nobody: {:#}",
        summaries[0]
    );
    for t in &tickets {
        let stored = h.ticket(t.id).await;
        let message = stored.triage_message_id.expect("posted") as u64;
        assert!(posts.iter().any(|m| id_of(m) == message), "{} is recorded with its own post", t.label());
        assert!(stored.thread_id.is_some(), "{} has its thread", t.label());
    }
    let summary_posts = d
        .requests_since(mark)
        .iter()
        .filter(|r| {
            r.method == "POST"
                && r.status == 200
                && r.path.contains(&format!("/channels/{}/messages", h.ids.triage))
        })
        .count();
    let limited = d.rate_limited_since(mark);
    assert_eq!(limited.enforced(), 0, "no 429 earned: {limited:?}");
    println!(
        "storm of {PEOPLE}: committed within {committed:?}; all in triage (own post or summary) after \
         {all_visible:?}; each with its own post after {caught_up:?}; {summary_posts} messages posted in \
         triage; {} rate-limited requests; 429s: {limited:?}",
        d.non_exempt_since(mark)
    );
    h.finish().await;
}
