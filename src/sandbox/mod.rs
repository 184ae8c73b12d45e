//! `deskbot sandbox`: the bot against the built-in local Discord, with a web page on 127.0.0.1 to
//! act in it as a requester, a technician, a specialist or a coordinator. No Discord account and no
//! token: a desk tries its own categories and questions (its `DESKBOT_CONFIG`) before going live.
//!
//! - the local Discord is the one the tests use (`deskbot-discord-double`): it checks every request
//!   the bot makes against Discord's description and limits, so what works here works on Discord;
//! - the bot is [`crate::discord::run`], unchanged, pointed at it;
//! - [`web`] serves the page and the JSON it polls; what people do on the page is injected into the
//!   local Discord as Discord's client would send it.

mod web;

use std::future::{Future, IntoFuture};
use std::net::SocketAddr;
use std::time::Duration;

use deskbot_discord_double::{DiscordDouble, TYPICAL, Typical};

use crate::config::{self, Config, ConfigError};

/// What `deskbot sandbox` was asked for.
#[derive(Debug, Clone)]
pub struct Options {
    /// The page's port on 127.0.0.1 (`0`: any free one).
    pub port: u16,
    /// The database; a SQLite file in a temporary directory, removed at exit, when `None`.
    pub database_url: Option<String>,
    /// The help desk TOML; `DESKBOT_CONFIG` (environment or `.env`) when `None`, else the built-in one.
    pub helpdesk: Option<String>,
}

/// Why the sandbox could not start or did not stop cleanly.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("{0}")]
    Config(#[from] ConfigError),
    #[error("the local Discord could not start: {0}")]
    Discord(std::io::Error),
    #[error("the temporary directory of the database could not be made: {0}")]
    TempDir(std::io::Error),
    #[error("cannot listen on 127.0.0.1:{port}: {source}")]
    Listen { port: u16, source: std::io::Error },
    #[error("the bot stopped: {0}")]
    Bot(String),
    #[error("the bot did not connect to the local Discord within {0:?}")]
    NotReady(Duration),
}

/// Someone on the page: who they are in the local Discord.
#[derive(Debug, Clone, Copy)]
pub struct Person {
    pub id: u64,
    pub name: &'static str,
    /// What they do at the desk, as the switcher says it.
    pub title: &'static str,
    /// Staff start in the triage channel, requesters in their DMs with the bot.
    pub staff: bool,
}

/// The people of the sandbox, in the switcher's order: members of the tests' typical guild.
pub fn people(ids: &Typical) -> [Person; 4] {
    [
        Person { id: ids.alice, name: "alice", title: "requester", staff: false },
        Person { id: ids.tom, name: "tom", title: "technician (L1)", staff: true },
        Person { id: ids.sam, name: "sam", title: "specialist (L2)", staff: true },
        Person { id: ids.cora, name: "cora", title: "coordinator", staff: true },
    ]
}

/// How long the bot may take to connect and register its commands.
const READY_WITHIN: Duration = Duration::from_secs(60);

/// Runs the sandbox until `shutdown` resolves: the local Discord, the bot, the page. `ready` is
/// called with the page's address once the bot is connected and its commands are registered.
pub async fn run(
    options: Options,
    ready: impl FnOnce(SocketAddr),
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), SandboxError> {
    let ids = TYPICAL;
    let discord = DiscordDouble::try_start(Typical::spec()).await.map_err(SandboxError::Discord)?;
    for person in people(&ids) {
        discord.dm_channel(person.id);
    }
    let dir = tempfile::Builder::new().prefix("deskbot-sandbox-").tempdir().map_err(SandboxError::TempDir)?;
    let database_url = options
        .database_url
        .clone()
        .unwrap_or_else(|| format!("sqlite://{}", dir.path().join("sandbox.db").display()));
    let helpdesk = match options.helpdesk.clone() {
        Some(path) => Some(path),
        None => config::helpdesk_path_from_env()?,
    };
    let config = sandbox_config(&discord, &ids, &database_url, helpdesk)?;
    tracing::info!(help_desk = %config.helpdesk_source(), database = %crate::store::redact_url(&database_url), "sandbox");

    // The bot runs in this task beside the page (not spawned: its future is not `'static`-general
    // over the database's lifetimes), and stops when the page's server has stopped.
    let (stop_bot, bot_stopped) = tokio::sync::oneshot::channel::<()>();
    let bot = crate::discord::run(config, async {
        let _ = bot_stopped.await;
    });
    tokio::pin!(bot);
    tokio::select! {
        ready = wait_until_ready(&discord) => ready?,
        ended = &mut bot => {
            take_violations(&discord);
            return Err(SandboxError::Bot(match ended {
                Ok(()) => "it ended at once".to_owned(),
                Err(e) => format!("{e:#}"),
            }));
        }
    }

    let listener = tokio::net::TcpListener::bind(("127.0.0.1", options.port))
        .await
        .map_err(|source| SandboxError::Listen { port: options.port, source })?;
    let address =
        listener.local_addr().map_err(|source| SandboxError::Listen { port: options.port, source })?;
    web::quiet_refusals();
    ready(address);
    let app = web::router(discord.handle(), ids);
    let page = axum::serve(listener, app).with_graceful_shutdown(shutdown).into_future();
    tokio::pin!(page);
    // Ctrl-C stops the page, then the bot; a bot that stops by itself takes the page with it.
    let (served, stopped) = tokio::select! {
        served = &mut page => {
            let _ = stop_bot.send(());
            (served, bot.await)
        }
        stopped = &mut bot => {
            tracing::error!("the bot stopped; the sandbox stops too");
            (Ok(()), stopped.and(Err(anyhow::anyhow!("it stopped before the sandbox was told to"))))
        }
    };
    take_violations(&discord);
    drop(discord);
    drop(dir);
    served.map_err(|e| SandboxError::Bot(format!("the page's server failed: {e}")))?;
    stopped.map_err(|e| SandboxError::Bot(format!("{e:#}")))
}

/// The bot's configuration for the local Discord: its ids, no real token, the sandbox's database,
/// and the desk's own help desk file when there is one. Nothing else of `.env` is read: the
/// sandbox never touches the live desk's database or Discord.
fn sandbox_config(
    discord: &DiscordDouble,
    ids: &Typical,
    database_url: &str,
    helpdesk: Option<String>,
) -> Result<Config, ConfigError> {
    let vars = [
        (config::DISCORD_TOKEN, "sandbox-token-for-the-local-discord".to_owned()),
        (config::DATABASE_URL, database_url.to_owned()),
        (config::DESKBOT_GUILD_ID, ids.guild.to_string()),
        (config::DESKBOT_TRIAGE_CHANNEL_ID, ids.triage.to_string()),
        (config::DESKBOT_COORDINATOR_CHANNEL_ID, ids.coordinators.to_string()),
        (config::DESKBOT_ROLE_L1, ids.l1.to_string()),
        (config::DESKBOT_ROLE_L2, ids.l2.to_string()),
        (config::DESKBOT_ROLE_L3, ids.l3.to_string()),
        (config::DESKBOT_ROLE_COORDINATOR, ids.coordinator_role.to_string()),
        (config::DISCORD_API_BASE, discord.base_url()),
        (config::DESKBOT_INSTANCE, "sandbox".to_owned()),
    ];
    Config::from_source(|name| {
        if name == config::DESKBOT_CONFIG {
            return helpdesk.clone();
        }
        vars.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone())
    })
}

/// Waits until the bot is connected and `/ticket` and `/queue` are registered.
async fn wait_until_ready(discord: &DiscordDouble) -> Result<(), SandboxError> {
    let deadline = tokio::time::Instant::now() + READY_WITHIN;
    while tokio::time::Instant::now() < deadline {
        if discord.live_sessions() > 0
            && discord.command("ticket").is_some()
            && discord.command("queue").is_some()
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(SandboxError::NotReady(READY_WITHIN))
}

/// Logs what the bot sent that Discord would have refused (the page shows it as it happens), so that
/// the local Discord stops without complaint.
fn take_violations(discord: &DiscordDouble) {
    for violation in discord.take_violations() {
        tracing::warn!(%violation, "Discord would have refused this request");
    }
}
