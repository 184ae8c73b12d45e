//! What an operator sees on `DESKBOT_HTTP_ADDR`: `/healthz`, `/readyz` and `/metrics` of the real
//! bot against the local Discord. The metrics are read as a Prometheus server reads them (the
//! text is parsed line by line here) and must move as tickets are opened, interactions answered
//! and 429s earned; `/readyz` must fail while the database is away and recover by itself.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use deskbot::clock::SystemClock;
use deskbot::config::Config;
use deskbot::domain::{Actor, Impact, Level, Roles, Ticket, Urgency};
use deskbot::service::Desk;
use serde_json::json;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::harness::{DiscordDouble, Typical, config_vars, text_of};
use crate::outage::{Proxy, server_of, through};
use crate::support::db::{Backend, TestDb};

/// The bot with its operator's listener on a free local port.
struct Rig {
    discord: DiscordDouble,
    ids: Typical,
    desk: Desk,
    /// `http://127.0.0.1:PORT` of the listener.
    ops: String,
    running: Option<(oneshot::Sender<()>, JoinHandle<anyhow::Result<()>>)>,
}

/// A local port nobody listens on now.
fn free_port() -> u16 {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    probe.local_addr().expect("its address").port()
}

impl Rig {
    async fn start(database_url: &str) -> Rig {
        let (discord, ids) = DiscordDouble::start_typical().await;
        let port = free_port();
        let mut vars = config_vars(&discord, &ids, database_url);
        vars.insert("DESKBOT_HTTP_ADDR", format!("127.0.0.1:{port}"));
        let config = Config::from_source(|k| vars.get(k).cloned()).expect("the test configuration is valid");
        assert_eq!(config.http_addr.map(|a| a.port()), Some(port));
        let store = deskbot::store::connect(database_url).await.expect("the store opens");
        let desk = Desk::new(store, Arc::new(SystemClock), config.helpdesk.policy());
        let (tx, rx) = oneshot::channel::<()>();
        let bot_desk = desk.clone();
        let task = tokio::spawn(async move {
            deskbot::discord::run_with(config, bot_desk, async {
                let _ = rx.await;
            })
            .await
        });
        discord.wait_for_ready().await;
        let rig =
            Rig { discord, ids, desk, ops: format!("http://127.0.0.1:{port}"), running: Some((tx, task)) };
        rig.wait_for_status("/readyz", 200, Duration::from_secs(10)).await;
        rig
    }

    /// The status and body of `GET path`.
    async fn get(&self, path: &str) -> (u16, String) {
        let response = reqwest::Client::new()
            .get(format!("{}{path}", self.ops))
            .timeout(Duration::from_secs(5))
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        let status = response.status().as_u16();
        (status, response.text().await.unwrap_or_default())
    }

    /// Asks `path` until it answers `status`; returns the body.
    async fn wait_for_status(&self, path: &str, status: u16, within: Duration) -> String {
        let deadline = Instant::now() + within;
        loop {
            let (got, body) = self.get(path).await;
            if got == status {
                return body;
            }
            assert!(Instant::now() < deadline, "{path} still answers {got} after {within:?}: {body}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn metrics(&self) -> Samples {
        let (status, body) = self.get("/metrics").await;
        assert_eq!(status, 200, "{body}");
        Samples::parse(&body)
    }

    /// Scrapes until `check` holds (the outbox is delivered in the background).
    async fn wait_for_metrics(&self, what: &str, check: impl Fn(&Samples) -> bool) -> Samples {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let samples = self.metrics().await;
            if check(&samples) {
                return samples;
            }
            assert!(Instant::now() < deadline, "{what}: never seen in\n{}", samples.text);
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn open_ticket(&self, requester: u64, summary: &str) -> Ticket {
        let draft = deskbot::domain::intake::TicketDraft {
            summary: summary.to_owned(),
            description: format!("{summary}. It started this morning."),
            category: "network".to_owned(),
            impact: Impact::Individual,
            urgency: Urgency::Medium,
            answers: vec![],
            level: Level::ONE,
        }
        .into_ticket(self.ids.guild as i64, requester as i64, chrono::Utc::now());
        let actor = Actor::member(requester as i64, Roles::REQUESTER);
        self.desk.open(draft, actor).await.expect("the ticket opens").ticket
    }

    async fn finish(mut self) {
        if let Some((tx, task)) = self.running.take() {
            let _ = tx.send(());
            match tokio::time::timeout(Duration::from_secs(20), task).await {
                Ok(Ok(Ok(()))) => {}
                other => panic!("the bot did not stop cleanly: {other:?}"),
            }
        }
        self.discord.assert_no_violations();
    }
}

/// The samples of a Prometheus text exposition, parsed strictly: every line is a comment, or a
/// metric name, optional `{label="value",…}` and a number.
struct Samples {
    text: String,
    /// (name, labels, value)
    samples: Vec<(String, HashMap<String, String>, f64)>,
}

impl Samples {
    fn parse(text: &str) -> Samples {
        let name_re = regex::Regex::new(r"^[a-zA-Z_:][a-zA-Z0-9_:]*$").unwrap();
        let label_re = regex::Regex::new(r#"^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"$"#).unwrap();
        let mut samples = Vec::new();
        let mut typed = Vec::new();
        for line in text.lines() {
            if let Some(comment) = line.strip_prefix("# ") {
                if let Some(rest) = comment.strip_prefix("TYPE ") {
                    typed.push(rest.split(' ').next().unwrap_or_default().to_owned());
                }
                continue;
            }
            assert!(!line.trim().is_empty(), "no blank lines in the exposition:\n{text}");
            let (series, value) = line.rsplit_once(' ').unwrap_or_else(|| panic!("no value in {line:?}"));
            let value: f64 = value.parse().unwrap_or_else(|_| panic!("not a number in {line:?}"));
            let (name, labels) = match series.split_once('{') {
                Some((name, rest)) => {
                    let inner =
                        rest.strip_suffix('}').unwrap_or_else(|| panic!("unclosed labels in {line:?}"));
                    let labels = inner
                        .split(',')
                        .filter(|l| !l.is_empty())
                        .map(|pair| {
                            let c = label_re.captures(pair).unwrap_or_else(|| panic!("bad label {pair:?}"));
                            (c[1].to_owned(), c[2].to_owned())
                        })
                        .collect();
                    (name, labels)
                }
                None => (series, HashMap::new()),
            };
            assert!(name_re.is_match(name), "bad metric name in {line:?}");
            assert!(
                typed.iter().any(|family| name.starts_with(family.as_str())),
                "{name} has no # TYPE line before it"
            );
            samples.push((name.to_owned(), labels, value));
        }
        assert_eq!(text.lines().last(), Some("# EOF"), "the exposition ends with # EOF");
        Samples { text: text.to_owned(), samples }
    }

    /// The sum of the samples named `name` that carry all of `labels`.
    fn sum(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        self.samples
            .iter()
            .filter(|(n, l, _)| {
                n == name && labels.iter().all(|(k, v)| l.get(*k).map(String::as_str) == Some(*v))
            })
            .map(|(_, _, v)| v)
            .sum()
    }

    fn has(&self, name: &str) -> bool {
        self.samples.iter().any(|(n, _, _)| n == name)
    }
}

#[tokio::test]
async fn metrics_count_tickets_queues_discord_requests_429s_answers_and_intakes_as_they_happen() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = format!("sqlite://{}", dir.path().join("deskbot.db").display());
    let rig = Rig::start(&url).await;
    let (status, body) = rig.get("/healthz").await;
    assert_eq!((status, body.trim()), (200, "ok"));
    assert_eq!(rig.get("/readyz").await, (200, "ready\n".to_owned()));

    let before = rig.metrics().await;
    assert_eq!(before.sum("deskbot_database_up", &[]), 1.0);
    assert_eq!(before.sum("deskbot_gateway_connected", &[]), 1.0);
    assert_eq!(before.sum("deskbot_tickets", &[]), 0.0);
    assert_eq!(before.sum("deskbot_discord_rate_limited_total", &[]), 0.0);
    assert_eq!(before.sum("deskbot_interaction_answer_seconds_count", &[]), 0.0);

    // Discord answers the first triage post with a 429; the bot waits it out and posts again.
    let triage_posts = format!("^/channels/{}/messages$", rig.ids.triage);
    let limited = rig.discord.rate_limit("POST", &triage_posts, 1u32, 0.2);
    rig.open_ticket(rig.ids.alice, "VPN drops every few minutes").await;
    rig.open_ticket(rig.ids.alice, "Printer on floor 2 jams").await;
    let after = rig
        .wait_for_metrics("both triage posts and threads delivered", |m| {
            m.sum("deskbot_outbox_backlog", &[]) == 0.0
                && m.sum("deskbot_discord_requests_total", &[("route", "create_thread"), ("status", "201")])
                    >= 2.0
        })
        .await;
    assert_eq!(rig.discord.failure_hits(limited), 1);
    assert_eq!(
        after.sum("deskbot_tickets", &[("status", "open"), ("priority", "P3")]),
        2.0,
        "{}",
        after.text
    );
    assert_eq!(after.sum("deskbot_queue_depth", &[("level", "1")]), 2.0);
    assert_eq!(after.sum("deskbot_sla_breached_tickets", &[]), 0.0, "just opened, nothing is late");
    assert_eq!(after.sum("deskbot_outbox_oldest_age_seconds", &[]), 0.0, "nothing waits");
    assert_eq!(
        after.sum("deskbot_discord_rate_limited_total", &[("route", "create_message"), ("scope", "route")]),
        1.0
    );
    assert_eq!(
        after.sum("deskbot_discord_requests_total", &[("route", "create_message"), ("status", "429")]),
        1.0
    );
    assert!(
        after.sum("deskbot_discord_requests_total", &[("route", "create_message"), ("status", "200")]) >= 2.0
    );

    // An interaction answered: the histogram counts it, under Discord's three seconds.
    let answer = rig.discord.slash(rig.ids.alice, "mytickets", json!({})).await;
    assert!(!text_of(&answer.reply().await).is_empty());
    let answered = rig.metrics().await;
    assert_eq!(answered.sum("deskbot_interaction_answer_seconds_count", &[]), 1.0, "{}", answered.text);
    assert_eq!(answered.sum("deskbot_interaction_answer_seconds_bucket", &[("le", "3.0")]), 1.0);

    // A DM starts an intake conversation.
    assert_eq!(answered.sum("deskbot_intake_conversations_open", &[]), 0.0);
    rig.discord.dm(rig.ids.bob, "My laptop will not connect to the Wi-Fi").await;
    rig.wait_for_metrics("one intake open", |m| m.sum("deskbot_intake_conversations_open", &[]) == 1.0).await;
    rig.finish().await;
}

#[tokio::test]
async fn readyz_says_the_database_is_unreachable_while_it_is_away_and_recovers_by_itself() {
    let Some(db) = TestDb::new(Backend::Postgres, "readyz_outage").await else { return };
    let proxy = Proxy::start(server_of(&db.url).await).await;
    let rig = Rig::start(&through(&db.url, proxy.addr)).await;

    proxy.cut();
    let reason = rig.wait_for_status("/readyz", 503, Duration::from_secs(10)).await;
    assert!(reason.starts_with("not ready: database"), "{reason}");
    assert!(!reason.contains("gateway"), "the gateway is still connected: {reason}");
    assert_eq!(rig.get("/healthz").await.0, 200, "the process itself is alive");
    let during = rig.metrics().await;
    assert_eq!(during.sum("deskbot_database_up", &[]), 0.0);
    assert!(!during.has("deskbot_tickets"), "no figures that could not be read");
    assert!(during.has("deskbot_interaction_answer_seconds_count"), "the counters are still served");

    proxy.restore().await;
    assert_eq!(rig.wait_for_status("/readyz", 200, Duration::from_secs(20)).await, "ready\n");
    assert_eq!(rig.metrics().await.sum("deskbot_database_up", &[]), 1.0);
    rig.finish().await;
    drop(db);
}
