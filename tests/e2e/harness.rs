//! Starts deskbot in-process against the local Discord with its own SQLite database, and stops it.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use deskbot::clock::SystemClock;
use deskbot::config::Config;
use deskbot::domain::intake::TicketDraft;
use deskbot::domain::{Actor, Impact, Level, Priority, Roles, Ticket, Urgency};
use deskbot::service::Desk;
use deskbot::store::TicketStore;
use serde_json::Value;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use crate::support::discord::{DiscordDouble, Typical, id_of, text_of};

/// A running deskbot and the Discord it talks to.
pub struct Harness {
    pub discord: DiscordDouble,
    pub ids: Typical,
    pub desk: Desk,
    /// The bot's database, for the tests to look at behind the bot's back.
    store: Arc<dyn TicketStore>,
    config: HashMap<&'static str, String>,
    _dir: tempfile::TempDir,
    running: Option<(oneshot::Sender<()>, JoinHandle<anyhow::Result<()>>)>,
}

/// The bot's configuration for this Discord and database, as environment variables.
pub fn config_vars(
    discord: &DiscordDouble,
    ids: &Typical,
    database_url: &str,
) -> HashMap<&'static str, String> {
    HashMap::from([
        ("DISCORD_TOKEN", "test-token-for-the-local-discord".to_owned()),
        ("DATABASE_URL", database_url.to_owned()),
        ("DESKBOT_GUILD_ID", ids.guild.to_string()),
        ("DESKBOT_TRIAGE_CHANNEL_ID", ids.triage.to_string()),
        ("DESKBOT_COORDINATOR_CHANNEL_ID", ids.coordinators.to_string()),
        ("DESKBOT_ROLE_L1", ids.l1.to_string()),
        ("DESKBOT_ROLE_L2", ids.l2.to_string()),
        ("DESKBOT_ROLE_L3", ids.l3.to_string()),
        ("DESKBOT_ROLE_COORDINATOR", ids.coordinator_role.to_string()),
        ("DISCORD_API_BASE", discord.base_url()),
    ])
}

impl Harness {
    /// A typical guild, a fresh database, and the bot connected with its commands registered.
    pub async fn start() -> Harness {
        let (discord, ids) = DiscordDouble::start_typical().await;
        let dir = tempfile::tempdir().expect("a temporary directory");
        let url = format!("sqlite://{}", dir.path().join("deskbot.db").display());
        let config = config_vars(&discord, &ids, &url);
        let store = deskbot::store::connect(&url).await.expect("the store opens");
        let parsed =
            Config::from_source(|k| config.get(k).cloned()).expect("the test configuration is valid");
        let desk = Desk::new(store.clone(), Arc::new(SystemClock), parsed.helpdesk.policy())
            .with_roster(parsed.helpdesk.roster().clone());
        let mut h = Harness { discord, ids, desk, store, config, _dir: dir, running: None };
        h.boot().await;
        h
    }

    /// [`Harness::start`] with the help desk read from `toml` (as `DESKBOT_CONFIG` names a file),
    /// e.g. SLA targets of seconds.
    pub async fn start_with_helpdesk(toml: &str) -> Harness {
        Harness::start_with(Some(toml), &[]).await
    }

    /// [`Harness::start`] with more environment (`DESKBOT_HTTP_ADDR`, …).
    pub async fn start_with_env(env: &[(&'static str, String)]) -> Harness {
        Harness::start_with(None, env).await
    }

    /// [`Harness::start_with_helpdesk`] in the typical guild as `spec` extends it (another triage
    /// channel, say).
    pub async fn start_in(spec: crate::support::discord::GuildSpec, toml: &str) -> Harness {
        let discord = DiscordDouble::start(spec).await;
        Harness::start_on(discord, crate::support::discord::TYPICAL, Some(toml), &[], None).await
    }

    /// [`Harness::start`] on the database at `url` (a PostgreSQL database, say) instead of a fresh
    /// SQLite file.
    #[allow(dead_code)] // the benchmark's
    pub async fn start_on_database(url: &str) -> Harness {
        let (discord, ids) = DiscordDouble::start_typical().await;
        Harness::start_on(discord, ids, None, &[], Some(url)).await
    }

    async fn start_with(toml: Option<&str>, env: &[(&'static str, String)]) -> Harness {
        let (discord, ids) = DiscordDouble::start_typical().await;
        Harness::start_on(discord, ids, toml, env, None).await
    }

    async fn start_on(
        discord: DiscordDouble,
        ids: Typical,
        toml: Option<&str>,
        env: &[(&'static str, String)],
        database: Option<&str>,
    ) -> Harness {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let url = database
            .map_or_else(|| format!("sqlite://{}", dir.path().join("deskbot.db").display()), str::to_owned);
        let mut config = config_vars(&discord, &ids, &url);
        if let Some(toml) = toml {
            let helpdesk = dir.path().join("deskbot.toml");
            std::fs::write(&helpdesk, toml).expect("the help desk file is written");
            config.insert("DESKBOT_CONFIG", helpdesk.display().to_string());
        }
        for (name, value) in env {
            config.insert(name, value.clone());
        }
        let store = deskbot::store::connect(&url).await.expect("the store opens");
        let parsed =
            Config::from_source(|k| config.get(k).cloned()).expect("the test configuration is valid");
        let desk = Desk::new(store.clone(), Arc::new(SystemClock), parsed.helpdesk.policy())
            .with_roster(parsed.helpdesk.roster().clone());
        let mut h = Harness { discord, ids, desk, store, config, _dir: dir, running: None };
        h.boot().await;
        h
    }

    async fn boot(&mut self) {
        let config = Config::from_source(|k| self.config.get(k).cloned()).expect("valid configuration");
        let (tx, rx) = oneshot::channel::<()>();
        let desk = self.desk.clone();
        let task = tokio::spawn(async move {
            deskbot::discord::run_with(config, desk, async {
                let _ = rx.await;
            })
            .await
        });
        self.running = Some((tx, task));
        self.discord.wait_for_ready().await;
        self.discord
            .wait_for_commands(&[
                "ticket",
                "mytickets",
                "queue",
                "escalate",
                "assign",
                "reply",
                "desk",
                "duty",
            ])
            .await;
    }

    /// Stops the bot (as SIGTERM would) and starts it again on the same database.
    pub async fn restart(&mut self) {
        self.shutdown().await;
        let store = deskbot::store::connect(&self.config["DATABASE_URL"]).await.expect("the store reopens");
        let policy = *self.desk.policy();
        let roster = self.desk.roster().clone();
        self.desk = Desk::new(store.clone(), Arc::new(SystemClock), policy).with_roster(roster);
        self.store = store;
        self.boot().await;
    }

    async fn shutdown(&mut self) {
        if let Some((tx, task)) = self.running.take() {
            let _ = tx.send(());
            let stopped = tokio::time::timeout(Duration::from_secs(20), task).await;
            match stopped {
                Ok(Ok(Ok(()))) => {}
                other => panic!("the bot did not stop cleanly: {other:?}"),
            }
        }
    }

    /// Stops the bot and checks that Discord received nothing it would have refused.
    pub async fn finish(mut self) {
        self.shutdown().await;
        self.discord.assert_no_violations();
    }

    pub fn store(&self) -> &Arc<dyn TicketStore> {
        &self.store
    }

    /// A finished intake of `requester`: a ticket in status `intake`, ready for [`Desk::open`].
    pub fn draft(&self, requester: u64, summary: &str, urgency: Urgency) -> Ticket {
        TicketDraft {
            summary: summary.to_owned(),
            description: format!("{summary}. It started this morning."),
            category: "network".to_owned(),
            impact: Impact::Individual,
            urgency,
            answers: vec![],
            level: Level::ONE,
        }
        .into_ticket(self.ids.guild as i64, requester as i64, Utc::now())
    }

    /// Opens a ticket as if `requester` had finished an intake, and waits for its triage message.
    /// Returns the ticket and the triage message.
    pub async fn open_ticket(&self, requester: u64, summary: &str, urgency: Urgency) -> (Ticket, Value) {
        self.open_draft(self.draft(requester, summary, urgency)).await
    }

    /// Opens `draft` (see [`Harness::draft`]) as its requester, and waits for its triage message.
    pub async fn open_draft(&self, draft: Ticket) -> (Ticket, Value) {
        let requester = draft.requester_id;
        let ticket = self
            .desk
            .open(draft, Actor::member(requester, Roles::REQUESTER))
            .await
            .expect("the ticket opens")
            .ticket;
        let message = self.triage_message(&ticket).await;
        let ticket = self.ticket(ticket.id).await;
        (ticket, message)
    }

    /// The SQLite database's files (the database, and its journal and WAL while they exist), to
    /// check what was written to disk.
    /// The bot's database URL (to reach the database behind the bot's back).
    pub fn database_url(&self) -> &str {
        &self.config["DATABASE_URL"]
    }

    pub fn database_files(&self) -> Vec<std::path::PathBuf> {
        let Ok(entries) = std::fs::read_dir(self._dir.path()) else { return Vec::new() };
        entries.filter_map(Result::ok).map(|e| e.path()).collect()
    }

    /// The ticket as stored now.
    pub async fn ticket(&self, id: i64) -> Ticket {
        self.store().ticket(id).await.expect("the ticket exists")
    }

    /// Waits for the ticket's triage message and its thread, and returns the message.
    pub async fn triage_message(&self, ticket: &Ticket) -> Value {
        let label = ticket.label();
        let message = self
            .discord
            // Its own post (an embed), not a storm summary that lists it.
            .wait_for_message_in(self.ids.triage, |m| {
                m["embeds"].as_array().is_some_and(|e| !e.is_empty())
                    && text_of(m).contains(&format!("{label} "))
            })
            .await;
        self.discord.wait_until("the ticket's thread", |d| d.thread_of(id_of(&message)).is_some()).await;
        for _ in 0..200 {
            if self.ticket(ticket.id).await.thread_id.is_some() {
                return message;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("the thread of {label} was never recorded");
    }

    /// The triage message as Discord shows it now (after edits).
    pub fn current_triage(&self, message: &Value) -> Value {
        self.discord.message(id_of(message)).expect("the triage message exists")
    }

    /// Waits until the triage message shows `text`.
    pub async fn wait_for_triage_text(&self, message: &Value, text: &str) -> Value {
        let id = id_of(message);
        self.discord
            .wait_for(&format!("the triage message to show {text:?}"), |d| {
                d.message(id).filter(|m| text_of(m).contains(text))
            })
            .await
    }

    /// The id of the ticket's thread.
    pub fn thread_of(&self, message: &Value) -> u64 {
        id_of(&self.discord.thread_of(id_of(message)).expect("the triage message has a thread"))
    }

    /// Waits until the outbox holds nothing left to deliver.
    pub async fn settle(&self) {
        for _ in 0..800 {
            if self.store().pending_notices().await.unwrap_or(1) == 0 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("notices are still waiting for delivery after 20 s\n{}", self.discord.dump());
    }
}

/// The priority a P-number names, for readable assertions.
pub fn p(n: u8) -> Priority {
    Priority::from_rank(i64::from(n)).expect("P1..P4")
}

impl Harness {
    /// A second `Bot` on the same database and configuration whose clock is `clock`, to drive the
    /// bot's timers (e.g. `deskbot::discord::intake::sweep`) at a chosen time. The running bot is
    /// left alone.
    pub fn bot_with_clock(&self, clock: Arc<dyn deskbot::clock::Clock>) -> deskbot::discord::context::Bot {
        let config = Config::from_source(|k| self.config.get(k).cloned()).expect("valid configuration");
        let desk = Desk::new(self.store().clone(), clock, config.helpdesk.policy());
        deskbot::discord::context::Bot::new(desk, config)
    }

    /// How `user`'s intake conversations ended, oldest first (`active` for one still going).
    pub async fn intake_statuses(&self, user: u64) -> Vec<String> {
        use sqlx::Connection;
        let mut db =
            sqlx::SqliteConnection::connect(&self.config["DATABASE_URL"]).await.expect("the database opens");
        let statuses: Vec<String> =
            sqlx::query_scalar("SELECT status FROM intakes WHERE user_id = ? ORDER BY id")
                .bind(user as i64)
                .fetch_all(&mut db)
                .await
                .expect("the intakes are readable");
        let _ = db.close().await;
        statuses
    }
}

impl Harness {
    /// The article each of `user`'s intakes ended with ("This fixed it"), oldest first.
    pub async fn intake_articles(&self, user: u64) -> Vec<Option<i64>> {
        use sqlx::Connection;
        let mut db =
            sqlx::SqliteConnection::connect(&self.config["DATABASE_URL"]).await.expect("the database opens");
        let articles: Vec<Option<i64>> =
            sqlx::query_scalar("SELECT article_id FROM intakes WHERE user_id = ? ORDER BY id")
                .bind(user as i64)
                .fetch_all(&mut db)
                .await
                .expect("the intakes are readable");
        let _ = db.close().await;
        articles
    }

    /// Writes an article as the technician Tom would with `/kb new`.
    pub async fn write_article(&self, title: &str, symptoms: &str, steps: &str, category: &str) -> i64 {
        use deskbot::domain::article::ArticleDraft;
        let draft = ArticleDraft {
            title: title.to_owned(),
            symptoms: symptoms.to_owned(),
            steps: steps.to_owned(),
            category: category.to_owned(),
            tags: vec![],
        };
        self.desk
            .kb_create(
                self.ids.guild as i64,
                self.ids.tom as i64,
                Roles::technician(Level::ONE),
                &draft,
                None,
            )
            .await
            .expect("the article is saved")
            .id
    }
}
