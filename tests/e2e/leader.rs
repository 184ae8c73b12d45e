//! Several `deskbot run` processes on one PostgreSQL, against a local Discord that sends every event
//! to every connected session (as Discord does for two sessions on one shard): only the leader
//! connects to the gateway, so each intake opens one ticket and each question is asked once; when
//! the leader is killed the standby serves within 15 s, and when it stops gracefully, at once.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::harness::config_vars;
use crate::process::{self, Process, free_port};
use crate::support::db::{Backend, TestDb};
use crate::support::discord::{Discord, DiscordDouble, Typical, id_of, public_key_hex, text_of};
use crate::support::drive::{answer_until_open, say};

/// The application's Ed25519 secret in this test: interactions may also come over HTTP.
const SECRET: [u8; 32] = [9; 32];

/// A `deskbot run` and the address of its operator's listener.
struct Node {
    process: Process,
    ops: String,
}

fn start(dir: &std::path::Path, vars: &[(&'static str, String)], name: &str) -> Node {
    let port = free_port();
    let mut vars = vars.to_vec();
    vars.push(("DESKBOT_HTTP_ADDR", format!("127.0.0.1:{port}")));
    Node { process: process::spawn(dir, &vars, name, name), ops: format!("http://127.0.0.1:{port}") }
}

impl Node {
    fn logs(&self) -> String {
        self.process.logs()
    }

    fn kill(self) -> String {
        self.process.kill()
    }

    async fn stop(self) -> String {
        self.process.stop().await
    }

    /// `deskbot_gateway_leader` from `/metrics` (waits for the listener).
    async fn leads(&self) -> Option<bool> {
        for _ in 0..100 {
            if let Ok(r) = reqwest::get(format!("{}/metrics", self.ops)).await
                && let Ok(text) = r.text().await
            {
                return text
                    .lines()
                    .find(|l| l.starts_with("deskbot_gateway_leader "))
                    .map(|l| l.trim_end().ends_with(" 1"));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        None
    }

    async fn ready(&self) -> u16 {
        match reqwest::get(format!("{}/readyz", self.ops)).await {
            Ok(r) => r.status().as_u16(),
            Err(_) => 0,
        }
    }
}

/// Waits until exactly one gateway session is connected; returns how long that took.
async fn one_session(discord: &Discord, within: Duration, what: &str) -> Duration {
    let started = Instant::now();
    discord.wait_for_within(what, within, |d| (d.live_sessions() == 1).then_some(())).await;
    started.elapsed()
}

fn confirmations(discord: &Discord, user: u64) -> usize {
    discord.dms_to(user).iter().filter(|m| text_of(m).contains("is open")).count()
}

fn triage_posts(discord: &Discord, ids: &Typical) -> Vec<Value> {
    discord.messages_in(ids.triage).into_iter().filter(|m| m["embeds"][0]["title"].is_string()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_leader_at_a_time_takes_over_within_15_s_of_a_kill_and_at_once_on_a_graceful_stop() {
    let Some(db) = TestDb::new(Backend::Postgres, "gateway_leader").await else { return };
    let (discord, ids) = DiscordDouble::start_typical().await;
    discord.set_timeout(Duration::from_secs(30));
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut vars: Vec<(&'static str, String)> = config_vars(&discord, &ids, &db.url).into_iter().collect();
    vars.push(("DISCORD_PUBLIC_KEY", public_key_hex(&SECRET)));

    // Two processes: the first leads, the second stands by (and is ready: it serves everything else).
    let a = start(dir.path(), &vars, "a");
    one_session(&discord, Duration::from_secs(30), "the first process's gateway session").await;
    let b = start(dir.path(), &vars, "b");
    assert_eq!(b.leads().await, Some(false), "the second process stands by\n{}", b.logs());
    assert_eq!(a.leads().await, Some(true), "{}", a.logs());
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(discord.live_sessions(), 1, "only the leader connects\n{}", b.logs());
    assert_eq!(b.ready().await, 200, "a standby is ready");

    // Six intakes under the first leader, half-way through when it is killed.
    let people: Vec<u64> = (0..6).map(|i| discord.add_member(&format!("person{i}"), &[])).collect();
    let mut asked = Vec::new();
    for (n, user) in people.iter().enumerate() {
        asked.push(say(&discord, *user, &format!("the vpn drops every few minutes on laptop {n}")).await);
    }
    let killed = Instant::now();
    a.kill();
    // The dead leader's session is gone at once (its socket closed); the standby's comes when the
    // lease runs out.
    discord
        .wait_for_within("the dead leader's session to drop", Duration::from_secs(5), |d| {
            (d.live_sessions() == 0).then_some(())
        })
        .await;
    one_session(&discord, Duration::from_secs(15), "the standby's session after the kill").await;
    let served_after = killed.elapsed();
    assert!(served_after <= Duration::from_secs(15), "the standby took {served_after:?}");
    assert_eq!(b.leads().await, Some(true), "{}", b.logs());
    let finished = futures_util::future::join_all(
        people.iter().zip(asked).map(|(user, first)| answer_until_open(&discord, *user, first)),
    )
    .await;
    assert_eq!(finished.len(), people.len());
    for user in &people {
        assert_eq!(confirmations(&discord, *user), 1, "one ticket for {user}, confirmed once");
    }

    // A third process stands by; the leader stops gracefully and it takes over at once.
    let c = start(dir.path(), &vars, "c");
    assert_eq!(c.leads().await, Some(false));

    // Behind a load balancer, the same interaction reaching two processes over HTTP is handled by
    // one: the other finds it recorded in the database and changes nothing.
    let post = triage_posts(&discord, &ids).into_iter().next().expect("a triage post");
    discord.send_interactions_to(&format!("{}/interactions", b.ops), SECRET);
    let claim = discord.click_label(ids.tom, ids.triage, id_of(&post), "Claim").await;
    claim.response().await;
    discord.send_interactions_to(&format!("{}/interactions", c.ops), SECRET);
    let again = discord.redeliver_interaction(&claim);
    discord
        .wait_for_within("the second process's answer", Duration::from_secs(10), |d| {
            (d.endpoint_statuses(&again).len() == 2).then_some(())
        })
        .await;
    // The second process finds the claim made (the first recorded it with the interaction's id) and
    // can only refuse; what matters is that nothing happens twice.
    assert_eq!(discord.endpoint_statuses(&again).first(), Some(&200));
    let store = db.open().await;
    let number = post["embeds"][0]["title"].as_str().and_then(|t| t.split_whitespace().next()).unwrap_or("");
    let ticket = store
        .ticket_by_number(ids.guild as i64, deskbot::domain::TicketNumber::parse(number).expect("a number"))
        .await
        .expect("the ticket");
    let claims = store
        .events(ticket.id)
        .await
        .expect("the history")
        .iter()
        .filter(|e| e.kind == deskbot::domain::EventKind::Claimed)
        .count();
    assert_eq!(claims, 1, "claimed once\n{}", c.logs());
    tokio::time::sleep(Duration::from_secs(1)).await;
    let told: usize = people
        .iter()
        .map(|p| discord.dms_to(*p).iter().filter(|m| text_of(m).contains("is now working on")).count())
        .sum();
    assert_eq!(told, 1, "the requester is told once");
    tokio::time::sleep(Duration::from_secs(2)).await;
    let stopped = Instant::now();
    let stopping = tokio::spawn(b.stop());
    let mut took_over = None;
    while stopped.elapsed() < Duration::from_secs(10) {
        if c.leads().await == Some(true) {
            took_over = Some(stopped.elapsed());
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let took_over = took_over.unwrap_or_else(|| panic!("no takeover after a graceful stop\n{}", c.logs()));
    assert!(took_over <= Duration::from_secs(3), "a graceful stop hands over at once: {took_over:?}");
    println!("gateway takeover: {served_after:?} after a kill, {took_over:?} after a graceful stop");
    let b_logs = stopping.await.expect("stopped");
    assert!(b_logs.contains("handing over"), "the leader waited for the standby's session: {b_logs}");
    one_session(&discord, Duration::from_secs(10), "the third process's session").await;

    // It serves: one more intake, and nothing anywhere was done twice.
    let late = discord.add_member("late", &[]);
    let first = say(&discord, late, "the printer on floor 2 jams").await;
    answer_until_open(&discord, late, first).await;
    assert_eq!(confirmations(&discord, late), 1);
    let expected = people.len() + 1;
    discord
        .wait_for_within("a triage post per ticket", Duration::from_secs(15), |d| {
            (triage_posts(d, &ids).len() >= expected).then_some(())
        })
        .await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let posts = triage_posts(&discord, &ids);
    assert_eq!(posts.len(), expected, "one triage post per ticket");
    let mut titles: Vec<String> =
        posts.iter().filter_map(|p| p["embeds"][0]["title"].as_str().map(str::to_owned)).collect();
    titles.sort();
    titles.dedup();
    assert_eq!(titles.len(), expected, "no ticket posted twice");
    c.stop().await;
    discord.assert_no_violations();
}
