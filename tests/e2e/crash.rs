//! The bot killed (SIGKILL) in the middle of delivering, then started again on the same database:
//! every ticket reaches triage once, with its thread, and every requester gets their DM once — the
//! last within seconds of the restart, not after a dead process's lease runs out.
//!
//! The first restart keeps the instance name (it takes its leases back at once); the second is
//! another process (it waits for the dead one's leases, at most 10 s).
//!
//! The local Discord answers the bot's posts late on purpose, so the kill lands after Discord made
//! a message and before the bot could record it: the case where a retry would post it twice,
//! unless the message carries its nonce with `enforce_nonce`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use deskbot::clock::SystemClock;
use deskbot::config::Config;
use deskbot::domain::{Action, Actor, Roles, Ticket, Urgency};
use deskbot::service::Desk;

use crate::harness::config_vars;
use crate::process::{self, Process};
use crate::support::db::{Backend, TestDb};
use crate::support::discord::{Discord, DiscordDouble, Typical, id_of, text_of};

/// Tickets opened while the bot was down.
const TICKETS: usize = 12;
/// How late the local Discord answers a post (it has made the message when the delay starts).
const ANSWER_DELAY: Duration = Duration::from_millis(1500);

fn start_bot(dir: &std::path::Path, vars: &[(&'static str, String)], run: usize) -> Process {
    start_bot_as(dir, vars, run, "crash-test")
}

/// Starts the bot under the instance name `instance` (a restart keeps its name; another process
/// has its own).
fn start_bot_as(
    dir: &std::path::Path,
    vars: &[(&'static str, String)],
    run: usize,
    instance: &str,
) -> Process {
    process::spawn(dir, vars, &format!("run-{run}"), instance)
}

async fn desk_on(db: &TestDb, vars: &[(&'static str, String)]) -> Desk {
    let config = Config::from_source(|k| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone()))
        .expect("the test configuration is valid");
    Desk::new(db.open().await, Arc::new(SystemClock), config.helpdesk.policy())
}

fn draft(ids: &Typical, requester: u64, n: usize) -> Ticket {
    deskbot::domain::intake::TicketDraft {
        summary: format!("Laptop {n} cannot reach the file share"),
        description: "It started this morning.".to_owned(),
        category: "network".to_owned(),
        impact: deskbot::domain::Impact::Individual,
        urgency: Urgency::Medium,
        answers: vec![],
        level: deskbot::domain::Level::ONE,
    }
    .into_ticket(ids.guild as i64, requester as i64, chrono::Utc::now())
}

/// The triage messages of each ticket label, as Discord holds them.
fn triage_posts(discord: &Discord, ids: &Typical, ticket: &Ticket) -> Vec<serde_json::Value> {
    let label = format!("{} ", ticket.label());
    discord.messages_in(ids.triage).into_iter().filter(|m| text_of(m).contains(&label)).collect()
}

async fn killed_mid_delivery_then_restarted(backend: Backend) {
    let Some(db) = TestDb::new(backend, "killed_mid_delivery_then_restarted").await else { return };
    let (discord, ids) = DiscordDouble::start_typical().await;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let vars: Vec<(&'static str, String)> = config_vars(&discord, &ids, &db.url).into_iter().collect();
    let desk = desk_on(&db, &vars).await;

    let requesters: Vec<u64> =
        (0..TICKETS).map(|i| discord.add_member(&format!("requester{i}"), &[])).collect();
    let mut tickets = Vec::new();
    for (n, requester) in requesters.iter().enumerate() {
        let opened = desk
            .open(draft(&ids, *requester, n), Actor::member(*requester as i64, Roles::REQUESTER))
            .await
            .expect("the ticket opens");
        tickets.push(opened.ticket);
    }

    // 1. Triage posts: killed while Discord holds answers to posts it has already made.
    discord.delay_answers("POST", r"^/api/v10/channels/\d+/messages$", ANSWER_DELAY);
    let bot = start_bot(dir.path(), &vars, 1);
    discord
        .wait_for_within("some triage posts made", Duration::from_secs(30), |d| {
            (d.messages_in(ids.triage).len() >= 3).then_some(())
        })
        .await;
    let first_logs = bot.kill();
    let made_before_kill = discord.messages_in(ids.triage).len();
    discord.clear_answer_delays();

    let bot = start_bot(dir.path(), &vars, 2);
    for ticket in &tickets {
        discord
            .wait_for_within("every ticket in triage with its thread", Duration::from_secs(60), |d| {
                let posts = triage_posts(d, &ids, ticket);
                posts.first().and_then(|m| d.thread_of(id_of(m))).map(|_| ())
            })
            .await;
    }
    for ticket in &tickets {
        let posts = triage_posts(&discord, &ids, ticket);
        assert_eq!(
            posts.len(),
            1,
            "{} is in triage once (made before the kill: {made_before_kill})",
            ticket.label()
        );
    }
    for ticket in &tickets {
        let mut recorded = None;
        for _ in 0..400 {
            let t = desk_ticket(&desk, ticket.id).await;
            if t.thread_id.is_some() && t.triage_message_id.is_some() {
                recorded = Some(t);
                break;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        let t = recorded
            .unwrap_or_else(|| panic!("{} never recorded its triage message and thread", ticket.label()));
        let post = &triage_posts(&discord, &ids, ticket)[0];
        assert_eq!(
            t.triage_message_id,
            Some(id_of(post) as i64),
            "the recorded message is the one in triage"
        );
        assert_eq!(t.thread_id, Some(id_of(post) as i64), "a thread started from a message has its id");
    }
    let threads = discord.threads_in(ids.triage).len();
    assert_eq!(threads, TICKETS, "one thread per ticket");

    // 2. Claim DMs: every ticket claimed while the bot was down; killed while Discord holds answers.
    let tech = Actor::member(ids.tom as i64, Roles::technician(deskbot::domain::Level::ONE));
    let second_logs = bot.kill();
    for ticket in &tickets {
        desk.act(ticket.id, tech, Action::Claim).await.expect("the claim commits");
    }
    discord.delay_answers("POST", r"^/api/v10/channels/\d+/messages$", ANSWER_DELAY);
    let bot = start_bot(dir.path(), &vars, 3);
    discord
        .wait_for_within("some claim DMs made", Duration::from_secs(30), |d| {
            (requesters.iter().filter(|r| !claimed_dms(d, **r).is_empty()).count() >= 3).then_some(())
        })
        .await;
    let third_logs = bot.kill();
    discord.clear_answer_delays();

    // Another process takes over the dead one's work: it waits for the dead one's leases to run out.
    let restart = Instant::now();
    let bot = start_bot_as(dir.path(), &vars, 4, "another-host");
    for requester in &requesters {
        discord
            .wait_for_within("every requester's claim DM", Duration::from_secs(15), |d| {
                (!claimed_dms(d, *requester).is_empty()).then_some(())
            })
            .await;
    }
    let last_dm_after = restart.elapsed();
    tokio::time::sleep(Duration::from_secs(2)).await; // time for a duplicate to show up, if any
    for requester in &requesters {
        assert_eq!(
            claimed_dms(&discord, *requester).len(),
            1,
            "requester {requester} got their claim DM once"
        );
    }
    assert!(
        last_dm_after < Duration::from_secs(15),
        "the last claim DM came {last_dm_after:?} after the restart"
    );
    let fourth_logs = bot.kill();
    let logs = [first_logs, second_logs, third_logs, fourth_logs].join("\n");
    assert!(!logs.contains("160004") || logs.contains("already"), "no thread retried forever:\n{logs}");
    discord.assert_no_violations();
}

fn claimed_dms(discord: &Discord, user: u64) -> Vec<serde_json::Value> {
    discord
        .dms_to(user)
        .into_iter()
        .filter(|m| text_of(m).contains("is now working on your ticket"))
        .collect()
}

async fn desk_ticket(desk: &Desk, id: i64) -> Ticket {
    desk.get(id).await.expect("the ticket exists")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_mid_delivery_then_restarted_on_sqlite_every_ticket_and_dm_arrives_once() {
    killed_mid_delivery_then_restarted(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_mid_delivery_then_restarted_on_postgres_every_ticket_and_dm_arrives_once() {
    killed_mid_delivery_then_restarted(Backend::Postgres).await;
}
