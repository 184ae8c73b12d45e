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

use serde_json::{Value, json};

use crate::harness::{Harness, id_of};
use crate::support::discord::{Discord, buttons_of};

const PEOPLE: usize = 200;
/// How long one person may wait for the bot's next question in the worst of the burst.
const PATIENCE: Duration = Duration::from_secs(90);

fn content(message: &Value) -> String {
    message["content"].as_str().unwrap_or_default().to_owned()
}

/// `user` DMs `text` and waits for the bot's next message in their DM channel.
async fn say(d: &Discord, user: u64, text: &str) -> Value {
    let before = d.dms_to(user).len();
    d.dm(user, text).await;
    next_dm(d, user, before).await
}

/// Waits for the bot's message number `before` to `user`. Polls (every 50 ms) rather than wake on
/// every change of the local Discord: two hundred people woken by each of thousands of messages
/// would starve the very server whose timing the test checks.
async fn next_dm(d: &Discord, user: u64, before: usize) -> Value {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(message) = d.dms_to(user).get(before).cloned() {
            return message;
        }
        assert!(Instant::now() < deadline, "the bot's message #{before} to {user} never came\n{}", d.dump());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Answers whatever the bot asks until the ticket is open: picks the preselected (or first) option
/// of a select, types `1` for a numbered choice and a sentence for free text, and submits the
/// review. Returns the confirmation.
async fn answer_until_open(d: &Discord, user: u64, mut message: Value) -> Value {
    for _ in 0..30 {
        let text = content(&message);
        if text.contains("is open") {
            return message;
        }
        let components = buttons_of(&message);
        let channel = d.dm_channel_of(user).expect("a DM channel");
        if let Some(select) = components.iter().find(|c| c["type"] == 3) {
            let options = select["options"].as_array().cloned().unwrap_or_default();
            let chosen = options
                .iter()
                .find(|o| o["default"] == true)
                .or(options.first())
                .cloned()
                .unwrap_or_default();
            let value = chosen["value"].as_str().unwrap_or_default().to_owned();
            let custom_id = select["custom_id"].as_str().unwrap_or_default().to_owned();
            message =
                d.select(user, channel, id_of(&message), &custom_id, &[value.as_str()]).await.reply().await;
        } else if components.iter().any(|b| b["label"] == "Submit") {
            message = d.click_label(user, channel, id_of(&message), "Submit").await.reply().await;
        } else {
            let answer = if text.contains("1. ") { "1" } else { "It fails every time since this morning." };
            message = say(d, user, answer).await;
        }
    }
    panic!("the intake of {user} never finished; last message: {message}");
}

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
