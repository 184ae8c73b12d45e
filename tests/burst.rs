//! An outage morning against a local Discord that enforces Discord's limits (50 requests a second in
//! all, and each route's bucket, with Discord's 429 bodies and headers): 200 people start an intake
//! within one second, by DM and by `/ticket`. The bot earns no 429, and every intake completes —
//! questions wait their turn in the outbox instead of being dropped.
//!
//! A test binary of its own, and one burst at a time: the figures it prints are the bot's, not
//! those of other tests sharing its two cores.

#[path = "support/mod.rs"]
mod support;

#[path = "e2e/harness.rs"]
#[allow(dead_code)]
mod harness;

use std::time::{Duration, Instant};

use serde_json::json;

use crate::harness::Harness;
use crate::support::discord::Discord;
use crate::support::drive::{PATIENCE, answer_until_open, next_dm, say};

const PEOPLE: usize = 200;

async fn by_dm(d: Discord, user: u64, n: usize) -> Duration {
    let started = Instant::now();
    let first = say(&d, user, &format!("the vpn drops every few minutes on laptop {n}")).await;
    answer_until_open(&d, user, first).await;
    started.elapsed()
}

async fn by_ticket_command(d: Discord, user: u64, n: usize) -> Duration {
    let started = Instant::now();
    let command = d
        .slash(user, "ticket", json!({"summary": format!("vpn drops on laptop {n}"), "category": "network"}))
        .await;
    let modal = command.modal().await;
    let ids: Vec<String> = modal["components"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|row| if row["type"] == 18 { row["component"].clone() } else { row["components"][0].clone() })
        .filter_map(|input| input["custom_id"].as_str().map(str::to_owned))
        .collect();
    let fields: Vec<(&str, &str)> =
        ids.iter().map(|id| (id.as_str(), "Office 2; it drops every few minutes")).collect();
    let before = d.dms_to(user).len();
    let submitted = command.submit_modal(&fields).await;
    let said = submitted.reply_text().await;
    let next = if said.contains("is open") {
        return started.elapsed();
    } else {
        next_dm(&d, user, before).await
    };
    answer_until_open(&d, user, next).await;
    started.elapsed()
}

/// One burst at a time.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn burst(by_command: bool) {
    let _alone = ONE_AT_A_TIME.lock().await;
    let h = Harness::start().await;
    // As strict as Discord: the global limit and per-route buckets are on in the local Discord.
    // Under the burst a click may be deferred and answered after a few seconds, as Discord allows.
    h.discord.set_timeout(PATIENCE);
    let people: Vec<u64> = (0..PEOPLE).map(|i| h.discord.add_member(&format!("person{i}"), &[])).collect();
    let mark = h.discord.mark();
    let started = Instant::now();
    let mut runs = Vec::new();
    for (n, user) in people.iter().copied().enumerate() {
        let d = h.discord.handle();
        runs.push(tokio::spawn(async move {
            if by_command { by_ticket_command(d, user, n).await } else { by_dm(d, user, n).await }
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
    println!(
        "{} burst of {PEOPLE}: all intakes done after {:?} (median {:?}); {} rate-limited requests; 429s: {limited:?}",
        if by_command { "/ticket" } else { "DM" },
        started.elapsed(),
        took[took.len() / 2],
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
