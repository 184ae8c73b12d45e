//! The database goes away while people click and type, then comes back.
//!
//! The bot runs on PostgreSQL (a fresh database under `TEST_POSTGRES_URL`) reached through a small
//! TCP proxy in the test, which can cut every connection and refuse new ones, then let them through
//! again: the machine's PostgreSQL, which other tests share, is never stopped. During the cut, a
//! click and a slash command are answered within Discord's three seconds, to the user alone, with
//! "try again in a minute", and the clicked triage message keeps showing the ticket; afterwards
//! the same click works, without restarting the bot, and nothing that was recorded is lost.
//!
//! The outage lasts about 6 s, or 40 s with `DESKBOT_LONG_FAULT_TESTS=1`. Without
//! `TEST_POSTGRES_URL` the tests say they are skipped, unless `CI=true`, where they fail.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use deskbot::clock::SystemClock;
use deskbot::config::Config;
use deskbot::domain::{Actor, Roles, Status, Ticket, Urgency};
use deskbot::service::Desk;
use deskbot::store::TicketStore;
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::harness::{DiscordDouble, Typical, config_vars, id_of, text_of};
use crate::support::db::{Backend, TestDb};
use crate::support::discord::InteractionHandle;

/// What a user is told while the database is away (the catalogue's words).
const UNAVAILABLE: &str = "The help desk can't reach its database right now; try again in a minute.";

/// Discord's deadline for the first answer.
const DISCORD_DEADLINE: Duration = Duration::from_secs(3);

/// How long the database stays away.
fn outage_length() -> Duration {
    if std::env::var("DESKBOT_LONG_FAULT_TESTS").is_ok_and(|v| v == "1" || v.eq_ignore_ascii_case("true")) {
        Duration::from_secs(40)
    } else {
        Duration::from_secs(6)
    }
}

// ------------------------------------------------------------------------------------------------
// A TCP proxy that can be cut
// ------------------------------------------------------------------------------------------------

/// Forwards connections from a local port to PostgreSQL. [`Proxy::cut`] resets every connection
/// and closes the port (new connections are refused, as by a server that is down); [`Proxy::restore`]
/// opens the same port again.
pub(crate) struct Proxy {
    pub(crate) addr: SocketAddr,
    upstream: SocketAddr,
    tasks: Arc<Mutex<Vec<JoinHandle<()>>>>,
    acceptor: Mutex<Option<JoinHandle<()>>>,
}

impl Proxy {
    pub(crate) async fn start(upstream: SocketAddr) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("the proxy binds a port");
        let addr = listener.local_addr().expect("the proxy's address");
        let proxy = Proxy { addr, upstream, tasks: Arc::default(), acceptor: Mutex::new(None) };
        proxy.serve(listener);
        proxy
    }

    fn serve(&self, listener: TcpListener) {
        let (upstream, tasks) = (self.upstream, self.tasks.clone());
        let acceptor = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let forward = tokio::spawn(async move {
                    let Ok(server) = TcpStream::connect(upstream).await else { return };
                    let (mut client, mut server) = (client, server);
                    // Reset, not close, when the task is aborted: as a dead server or a cut cable.
                    let _ = client.set_zero_linger();
                    let _ = server.set_zero_linger();
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                });
                let mut tasks = tasks.lock().unwrap_or_else(PoisonError::into_inner);
                tasks.retain(|t| !t.is_finished());
                tasks.push(forward);
            }
        });
        *self.acceptor.lock().unwrap_or_else(PoisonError::into_inner) = Some(acceptor);
    }

    /// Every connection is reset and new ones are refused.
    pub(crate) fn cut(&self) {
        if let Some(acceptor) = self.acceptor.lock().unwrap_or_else(PoisonError::into_inner).take() {
            acceptor.abort();
        }
        for task in self.tasks.lock().unwrap_or_else(PoisonError::into_inner).drain(..) {
            task.abort();
        }
    }

    /// Connections are let through again, on the same port.
    pub(crate) async fn restore(&self) {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let bound = TcpSocket::new_v4().and_then(|s| {
                s.set_reuseaddr(true)?;
                s.bind(self.addr)?;
                s.listen(128)
            });
            match bound {
                Ok(listener) => return self.serve(listener),
                Err(e) if Instant::now() < deadline => {
                    eprintln!("the proxy's port is not free yet ({e}); retrying");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(e) => panic!("the proxy cannot listen on {} again: {e}", self.addr),
            }
        }
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.cut();
    }
}

/// `url` with its host and port replaced by `addr` (user, password, database and query kept).
pub(crate) fn through(url: &str, addr: SocketAddr) -> String {
    let authority_start = url.find("://").map_or(0, |i| i + 3);
    let rest = &url[authority_start..];
    let authority_end = rest.find(['/', '?']).map_or(url.len(), |i| authority_start + i);
    let authority = &url[authority_start..authority_end];
    let userinfo = authority.rfind('@').map_or("", |at| &authority[..=at]);
    format!("{}{userinfo}{addr}{}", &url[..authority_start], &url[authority_end..])
}

/// The host and port of a PostgreSQL URL, resolved.
pub(crate) async fn server_of(url: &str) -> SocketAddr {
    let authority_start = url.find("://").map_or(0, |i| i + 3);
    let rest = &url[authority_start..];
    let authority = &rest[..rest.find(['/', '?']).unwrap_or(rest.len())];
    let host_port = authority.rsplit('@').next().unwrap_or(authority);
    let host_port = if host_port.contains(':') { host_port.to_owned() } else { format!("{host_port}:5432") };
    tokio::net::lookup_host(&host_port)
        .await
        .ok()
        .and_then(|mut addrs| addrs.next())
        .unwrap_or_else(|| panic!("cannot resolve the PostgreSQL server {host_port}"))
}

// ------------------------------------------------------------------------------------------------
// The bot on PostgreSQL, through the proxy
// ------------------------------------------------------------------------------------------------

/// The local Discord, deskbot connected to it with its database behind the proxy, and a direct
/// connection to the same database to look at what is stored while the bot cannot.
struct Rig {
    discord: DiscordDouble,
    ids: Typical,
    /// The bot's desk (through the proxy).
    desk: Desk,
    /// The same database, not through the proxy.
    direct: Arc<dyn TicketStore>,
    proxy: Proxy,
    running: Option<(oneshot::Sender<()>, JoinHandle<anyhow::Result<()>>)>,
    _db: TestDb,
}

impl Rig {
    /// `None` (after saying why) when there is no PostgreSQL to test with.
    async fn start(test: &str) -> Option<Rig> {
        let db = TestDb::new(Backend::Postgres, test).await?;
        let proxy = Proxy::start(server_of(&db.url).await).await;
        let url = through(&db.url, proxy.addr);
        let (discord, ids) = DiscordDouble::start_typical().await;
        let vars = config_vars(&discord, &ids, &url);
        let config = Config::from_source(|k| vars.get(k).cloned()).expect("the test configuration is valid");
        let store = deskbot::store::connect(&url).await.expect("the store opens through the proxy");
        let desk = Desk::new(store, Arc::new(SystemClock), config.helpdesk.policy());
        let direct = db.open().await;
        let (tx, rx) = oneshot::channel::<()>();
        let bot_desk = desk.clone();
        let task = tokio::spawn(async move {
            deskbot::discord::run_with(config, bot_desk, async {
                let _ = rx.await;
            })
            .await
        });
        discord.wait_for_ready().await;
        discord
            .wait_for_commands(&["ticket", "mytickets", "queue", "escalate", "assign", "reply", "desk"])
            .await;
        Some(Rig { discord, ids, desk, direct, proxy, running: Some((tx, task)), _db: db })
    }

    /// Opens a ticket as if `requester` had finished an intake, through the bot's own desk, and
    /// waits for its triage message and thread.
    async fn open_ticket(&self, requester: u64, summary: &str) -> (Ticket, Value) {
        let draft = deskbot::domain::intake::TicketDraft {
            summary: summary.to_owned(),
            description: format!("{summary}. It started this morning."),
            category: "network".to_owned(),
            impact: deskbot::domain::Impact::Individual,
            urgency: Urgency::Medium,
            answers: vec![],
            level: deskbot::domain::Level::ONE,
        }
        .into_ticket(self.ids.guild as i64, requester as i64, chrono::Utc::now());
        let actor = Actor::member(requester as i64, Roles::REQUESTER);
        let ticket = self.desk.open(draft, actor).await.expect("the ticket opens").ticket;
        let message = self.triage_message(&ticket).await;
        (self.ticket(ticket.id).await, message)
    }

    /// Waits for the ticket's triage message, and for its thread to be recorded.
    async fn triage_message(&self, ticket: &Ticket) -> Value {
        let title = format!("{} ", ticket.label());
        let message =
            self.discord.wait_for_message_in(self.ids.triage, |m| text_of(m).contains(&title)).await;
        for _ in 0..400 {
            if self.ticket(ticket.id).await.thread_id.is_some() {
                return message;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("the thread of {} was never recorded", ticket.label());
    }

    /// The ticket as stored now (read directly, so it works during the outage too).
    async fn ticket(&self, id: i64) -> Ticket {
        self.direct.ticket(id).await.expect("the ticket exists")
    }

    /// Waits until the outbox holds nothing left to deliver.
    async fn settle(&self) {
        for _ in 0..1200 {
            if self.direct.pending_notices().await.unwrap_or(1) == 0 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("notices are still waiting for delivery after 30 s\n{}", self.discord.dump());
    }

    /// Stops the bot and checks that Discord received nothing it would have refused.
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

// ------------------------------------------------------------------------------------------------
// What a user sees
// ------------------------------------------------------------------------------------------------

/// The answer the user sees (the message, or the follow-up after a deferral) and how long after
/// `since` it was there.
async fn visible_answer(interaction: &InteractionHandle, since: Instant) -> (Value, Duration) {
    let answer = interaction.reply().await;
    (answer, since.elapsed())
}

fn is_ephemeral(message: &Value) -> bool {
    message["flags"].as_u64().unwrap_or(0) & 64 != 0
}

/// Asserts that the interaction was told, to the user alone and in time, that the database is away;
/// answered once (a callback, then at most follow-ups).
async fn told_unavailable(what: &str, interaction: &InteractionHandle, since: Instant) {
    let (answer, took) = visible_answer(interaction, since).await;
    assert_eq!(text_of(&answer), UNAVAILABLE, "{what}: {answer}");
    assert!(is_ephemeral(&answer), "{what}: only the user sees it: {answer}");
    assert!(took < DISCORD_DEADLINE, "{what}: told after {took:?}");
    let callbacks = interaction.callbacks();
    assert_eq!(callbacks.len(), 1, "{what}: one callback, never a second: {callbacks:?}");
    let kind = callbacks[0]["type"].as_u64().unwrap_or(0);
    assert!(matches!(kind, 4..=6), "{what}: a message or a deferral, not a form or an update: {callbacks:?}");
}

/// The requests since `mark` that edited `message` or an interaction's `@original`.
fn edits_since(h: &Rig, mark: usize, message: u64) -> Vec<String> {
    h.discord
        .requests_since(mark)
        .into_iter()
        .filter(|r| {
            r.method == "PATCH"
                && (r.path.ends_with("/messages/@original")
                    || r.path.ends_with(&format!("/messages/{message}")))
        })
        .map(|r| format!("{} {} {:?}", r.method, r.path, r.body))
        .collect()
}

#[tokio::test]
async fn while_the_database_is_away_clicks_and_commands_are_told_to_retry_in_time_and_afterwards_work_again()
{
    let Some(h) = Rig::start(
        "while_the_database_is_away_clicks_and_commands_are_told_to_retry_in_time_and_afterwards_work_again",
    )
    .await
    else {
        return;
    };
    let (ticket, message) = h.open_ticket(h.ids.alice, "VPN drops every ten minutes").await;
    h.settle().await;
    let shown_before = h.discord.message(id_of(&message)).expect("the triage message");
    let mark = h.discord.mark();
    let length = outage_length();

    h.proxy.cut();
    let cut_at = Instant::now();
    let mut rounds = 0;
    while rounds == 0 || cut_at.elapsed() + Duration::from_secs(4) < length {
        rounds += 1;
        // A technician claims, another opens the Escalate form, a third lists the queue, the
        // requester lists her tickets: all at once.
        let since = Instant::now();
        let (claim, escalate, queue, mine) = tokio::join!(
            h.discord.click_label(h.ids.tom, h.ids.triage, id_of(&message), "Claim"),
            h.discord.click_label(h.ids.sam, h.ids.triage, id_of(&message), "Escalate"),
            h.discord.slash_in(h.ids.tina, h.ids.triage, "queue", json!({})),
            h.discord.slash(h.ids.alice, "mytickets", json!({})),
        );
        told_unavailable("Claim", &claim, since).await;
        told_unavailable("Escalate", &escalate, since).await;
        assert!(escalate.record().modal.is_none(), "no form opens while the ticket cannot be checked");
        told_unavailable("/queue", &queue, since).await;
        told_unavailable("/mytickets", &mine, since).await;
        // Typing goes on too: a requester's DM while the database is away does not stop the bot.
        h.discord.dm(h.ids.bob, "My printer is out of toner").await;
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    tokio::time::sleep(length.saturating_sub(cut_at.elapsed())).await;

    // The triage message still shows the ticket: no error was written over it.
    assert_eq!(
        edits_since(&h, mark, id_of(&message)),
        Vec::<String>::new(),
        "nothing edited the triage message"
    );
    assert_eq!(h.discord.message(id_of(&message)), Some(shown_before), "the triage message is as it was");
    let stored = h.ticket(ticket.id).await;
    assert_eq!((stored.status, stored.assignee_id, stored.version), (Status::Open, None, ticket.version));

    h.proxy.restore().await;

    // The same click works now, with the same bot.
    let claim = h.discord.click_label(h.ids.tom, h.ids.triage, id_of(&message), "Claim").await;
    assert_eq!(
        claim.response_type().await,
        7,
        "the claim updates the triage message: {:?}",
        claim.callbacks()
    );
    let shown = claim.reply().await;
    assert!(text_of(&shown).contains(&format!("<@{}>", h.ids.tom)), "{shown}");
    let stored = h.ticket(ticket.id).await;
    assert_eq!((stored.status, stored.assignee_id), (Status::InProgress, Some(h.ids.tom as i64)));
    h.discord.wait_for_dm(h.ids.alice, |m| text_of(m).contains(&format!("<@{}>", h.ids.tom))).await;
    let queue = h.discord.slash_in(h.ids.tina, h.ids.triage, "queue", json!({})).await;
    assert!(queue.reply_text().await.contains(&ticket.label()), "the queue lists the ticket again");
    h.settle().await;
    h.finish().await;
}

#[tokio::test]
async fn what_was_recorded_before_and_during_the_outage_is_delivered_after_it_without_a_restart() {
    let Some(h) =
        Rig::start("what_was_recorded_before_and_during_the_outage_is_delivered_after_it_without_a_restart")
            .await
    else {
        return;
    };
    let (first, _message) = h.open_ticket(h.ids.alice, "Shared drive is read-only").await;
    h.settle().await;

    h.proxy.cut();
    let cut_at = Instant::now();
    // Another process, which still reaches the database, records a ticket meanwhile: its triage
    // message waits in the outbox until this bot can read it.
    let other = Desk::new(h.direct.clone(), Arc::new(SystemClock), *h.desk.policy());
    let draft = deskbot::domain::intake::TicketDraft {
        summary: "Badge reader at the door is dead".to_owned(),
        description: "Nobody can get in on the east side.".to_owned(),
        category: "network".to_owned(),
        impact: deskbot::domain::Impact::Team,
        urgency: Urgency::High,
        answers: vec![],
        level: deskbot::domain::Level::ONE,
    }
    .into_ticket(h.ids.guild as i64, h.ids.bob as i64, chrono::Utc::now());
    let second = other
        .open(draft, Actor::member(h.ids.bob as i64, Roles::REQUESTER))
        .await
        .expect("opened directly")
        .ticket;
    tokio::time::sleep(outage_length().saturating_sub(cut_at.elapsed())).await;
    let title = format!("{} ", second.label());
    assert!(
        !h.discord.messages_in(h.ids.triage).iter().any(|m| text_of(m).contains(&title)),
        "nothing could be read while the database was away"
    );

    h.proxy.restore().await;
    let posted = h.triage_message(&second).await;
    assert!(text_of(&posted).contains("Badge reader at the door is dead"), "{posted}");
    h.settle().await;
    // Both tickets are there, each posted once.
    for ticket in [&first, &second] {
        let title = format!("{} ", ticket.label());
        let posts =
            h.discord.messages_in(h.ids.triage).iter().filter(|m| text_of(m).contains(&title)).count();
        assert_eq!(posts, 1, "{} is in triage once", ticket.label());
        assert_eq!(h.ticket(ticket.id).await.status, Status::Open);
    }
    h.finish().await;
}

#[tokio::test]
async fn a_dm_sent_while_the_database_is_away_is_answered_once_when_it_is_back() {
    let Some(h) = Rig::start("a_dm_sent_while_the_database_is_away_is_answered_once_when_it_is_back").await
    else {
        return;
    };
    h.proxy.cut();
    let cut_at = Instant::now();
    h.discord.dm(h.ids.bob, "The printer on floor 2 says it is out of toner but it is not").await;
    tokio::time::sleep(outage_length().saturating_sub(cut_at.elapsed())).await;
    assert_eq!(
        h.discord.dms_to(h.ids.bob),
        Vec::<Value>::new(),
        "nothing is said while nothing can be recorded"
    );

    h.proxy.restore().await;
    let restored_at = Instant::now();
    // Retried with a growing pause (at most 15 s) until the database answers.
    let answered = h
        .discord
        .wait_for_within("the bot to answer bob's DM", Duration::from_secs(30), |d| {
            d.dms_to(h.ids.bob).into_iter().next()
        })
        .await;
    eprintln!("bob's DM was answered {:?} after the database came back", restored_at.elapsed());
    assert!(
        !text_of(&answered).contains(UNAVAILABLE),
        "the answer is the help desk's, not an error: {answered}"
    );
    let intake =
        h.direct.intake(h.ids.guild as i64, h.ids.bob as i64).await.expect("the intakes are readable");
    assert!(intake.is_some(), "bob's conversation was recorded");
    h.settle().await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(h.discord.dms_to(h.ids.bob).len(), 1, "answered once: {:?}", h.discord.dms_to(h.ids.bob));
    h.finish().await;
}
