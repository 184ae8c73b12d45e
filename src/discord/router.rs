//! The top of the Discord layer: connects serenity to Discord (or a Discord-compatible endpoint), registers the
//! slash commands, routes every event to its handler, and runs the outbox deliverer and the
//! housekeeping timers beside the gateway until shutdown.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use serenity::all::{
    ClientBuilder, Context, EventHandler, GatewayIntents, GuildId, Http, HttpBuilder, Interaction, Message,
    Ready,
};
use tokio::sync::watch;

use crate::clock::SystemClock;
use crate::config::Config;
use crate::service::Desk;
use crate::store;
use crate::store::EventScope;

use super::context::Bot;
use super::dispatch::{InFlight, handle_interaction, is_duplicate, is_unavailable, report};
use super::{commands, deliver, intake, relay};

struct Handler {
    bot: Arc<Bot>,
    in_flight: Arc<InFlight>,
}

#[serenity::async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: Context, ready: Ready) {
        tracing::info!(user = %ready.user.name, guilds = ready.guilds.len(), "connected to Discord");
        self.bot.rest.metrics().set_gateway_connected(true);
        match set_commands(&ctx.http, &self.bot.config).await {
            Ok(count) => tracing::info!(count, "slash commands registered"),
            Err(e) => tracing::error!(error = %e, "registering slash commands failed"),
        }
    }

    async fn guild_create(&self, _ctx: Context, guild: serenity::all::Guild, _is_new: Option<bool>) {
        if guild.id.get() as i64 == self.bot.config.guild_id {
            self.bot.set_guild_locale(&guild.preferred_locale);
        }
    }

    async fn shard_stage_update(&self, _ctx: Context, event: serenity::all::ShardStageUpdateEvent) {
        // Connected again after a resume, or dropped: `/readyz` follows.
        let connected = matches!(event.new, serenity::gateway::ConnectionStage::Connected);
        self.bot.rest.metrics().set_gateway_connected(connected);
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        handle_interaction(&self.bot, &self.in_flight, &ctx.http, &interaction).await;
    }

    async fn message(&self, ctx: Context, msg: Message) {
        if msg.author.bot || msg.webhook_id.is_some() {
            return;
        }
        let _guard = self.in_flight.enter();
        let bot = &self.bot;
        let _turn = match msg.guild_id {
            None => Some(bot.conversations.turn(msg.author.id.get() as i64).await),
            Some(_) => None,
        };
        // The message's id is recorded with its effect, so a second delivery changes nothing. While
        // the database is unreachable the message is kept and handled again until it comes back
        // (each attempt changes nothing or everything), so a DM sent during an outage is answered
        // when it ends.
        let scope = EventScope::new(format!("m:{}", msg.id));
        // A DM is answered in its author's language as remembered; a thread note is staff's.
        let lang = match msg.guild_id {
            None => bot.reader_lang(msg.author.id.get() as i64, None).await,
            Some(_) => bot.staff_lang(),
        };
        let mut wait = OUTAGE_FIRST_WAIT;
        let since = tokio::time::Instant::now();
        let result = loop {
            let result = super::catalogue::speaking(
                lang,
                scope.clone().run(async {
                    // Boxed, as the interactions' handlers are (see dispatch::dispatch_command).
                    match msg.guild_id {
                        None => Box::pin(intake::on_direct_message(bot, &ctx.http, &msg)).await,
                        Some(_) => Box::pin(relay::on_guild_message(bot, &ctx.http, &msg)).await,
                    }
                }),
            )
            .await;
            match result {
                Err(e) if is_unavailable(&e) && since.elapsed() < OUTAGE_PATIENCE => {
                    tracing::warn!(message = %msg.id, retry_in_ms = wait.as_millis() as u64, "database unreachable; will handle the message when it is back");
                    tokio::time::sleep(wait).await;
                    wait = (wait * 2).min(OUTAGE_MAX_WAIT);
                }
                other => break other,
            }
        };
        match result {
            Ok(()) => {}
            Err(e) if is_duplicate(&e) => tracing::debug!(message = %msg.id, "already handled; ignored"),
            Err(e) => {
                let text = super::catalogue::in_lang(lang, || e.user_message());
                report(&e);
                if msg.guild_id.is_none() {
                    let reply = serenity::all::CreateMessage::new()
                        .content(crate::domain::text::fit(&text, crate::domain::text::MESSAGE_CONTENT_MAX))
                        .allowed_mentions(super::render::no_pings());
                    let sent = bot
                        .rest
                        .create_message(msg.channel_id.get(), reply, Some(&format!("e{}", msg.id)))
                        .await
                        .map(|_| ())
                        .map_err(|e| e.to_string());
                    if let Err(e) = sent {
                        tracing::warn!(error = %e, "could not answer a DM");
                    }
                }
            }
        }
    }
}

/// The first wait before a message that met an unreachable database is handled again; doubling up
/// to [`OUTAGE_MAX_WAIT`], for at most [`OUTAGE_PATIENCE`].
const OUTAGE_FIRST_WAIT: Duration = Duration::from_millis(500);
const OUTAGE_MAX_WAIT: Duration = Duration::from_secs(15);
const OUTAGE_PATIENCE: Duration = Duration::from_secs(30 * 60);

/// Builds serenity's HTTP client, for what Discord does not rate-limit (interaction answers and
/// follow-ups) and for registering commands: the real Discord, or `DISCORD_API_BASE`. Its rate
/// limiter is off everywhere: it cannot be pointed at a Discord-compatible endpoint, and every
/// rate-limited request goes through [`super::rest::Rest`], in production as in the tests.
pub fn http_client(config: &Config) -> Http {
    let mut builder = HttpBuilder::new(config.discord_token.expose()).ratelimiter_disabled(true);
    if let Some(base) = &config.discord_api_base {
        builder = builder.proxy(base.trim_end_matches('/'));
    }
    builder.build()
}

/// The gateway intents deskbot needs: guilds (roles, channels), guild messages (thread notes), direct
/// messages (DM intake and relay) and message content (notes written in ticket threads).
pub fn intents() -> GatewayIntents {
    GatewayIntents::GUILDS
        | GatewayIntents::GUILD_MESSAGES
        | GatewayIntents::DIRECT_MESSAGES
        | GatewayIntents::MESSAGE_CONTENT
}

/// Connects to the database named in the configuration and runs the bot until `shutdown` resolves.
pub async fn run(config: Config, shutdown: impl Future<Output = ()> + Send) -> anyhow::Result<()> {
    // A SQLite file is served by one process: a second one stops here, saying why.
    let _serving = store::lock::serve_exclusively(config.database_url.expose())?;
    let store = store::connect(config.database_url.expose()).await?;
    let desk = Desk::new(store, Arc::new(SystemClock), config.helpdesk.policy());
    run_with(config, desk, shutdown).await
}

/// Runs the bot with a given desk (store and clock) until `shutdown` resolves: the gateway, the outbox
/// deliverer, and the housekeeping timers. Returns after the interactions in flight have finished (at
/// most 10 seconds).
pub async fn run_with(
    config: Config,
    desk: Desk,
    shutdown: impl Future<Output = ()> + Send,
) -> anyhow::Result<()> {
    let bot = Arc::new(Bot::new(desk, config));
    let in_flight = Arc::new(InFlight::default());
    // Bound before anything starts: an address in use stops the start, naming DESKBOT_HTTP_ADDR.
    let ops_listener = match bot.config.http_addr {
        Some(addr) => Some(crate::ops::bind(addr).await?),
        None => None,
    };
    let handler = Arc::new(Handler { bot: bot.clone(), in_flight: in_flight.clone() });
    let (stop_tx, stop_rx) = watch::channel(false);
    let stop_rx_closer = stop_rx.clone();
    let deliverer = tokio::spawn(deliver::run(bot.clone(), stop_rx.clone()));
    let housekeeping = tokio::spawn(intake::housekeeping(bot.clone(), stop_rx));
    let closer = tokio::spawn(close_unconfirmed(bot.clone(), stop_rx_closer));
    let sweeper = tokio::spawn(sweep_sla(bot.clone(), stop_tx.subscribe()));
    let work = in_flight.clone();
    let releaser = tokio::spawn(crate::memory::release_when_quiet(
        move || (work.count(), work.taken_on()),
        stop_tx.subscribe(),
    ));
    let ops_server = ops_listener.map(|listener| {
        let interactions = bot.config.public_key.and_then(|key| {
            let http = Arc::new(http_client(&bot.config));
            let endpoint = super::endpoint::Endpoint::new(bot.clone(), in_flight.clone(), http, key)?;
            Some(Arc::new(endpoint) as Arc<dyn crate::ops::Interactions>)
        });
        if let Ok(addr) = listener.local_addr() {
            match interactions {
                Some(_) => tracing::info!(%addr, "serving /interactions, /healthz, /readyz and /metrics"),
                None => tracing::info!(%addr, "serving /healthz, /readyz and /metrics"),
            }
        }
        let ops =
            crate::ops::Ops { desk: bot.desk.clone(), metrics: bot.rest.metrics().clone(), interactions };
        let mut stop = stop_tx.subscribe();
        tokio::spawn(crate::ops::serve(listener, ops, async move {
            let _ = stop.wait_for(|stopped| *stopped).await;
        }))
    });
    let outcome = gateway(&bot, handler, shutdown).await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while in_flight.count() > 0 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = stop_tx.send(true);
    let _ = deliverer.await;
    let _ = housekeeping.await;
    let _ = closer.await;
    if let Some(server) = ops_server {
        let _ = server.await;
    }
    let _ = sweeper.await;
    let _ = releaser.await;
    tracing::info!("stopped");
    outcome
}

/// The gateway shard deskbot runs: one guild is always one shard.
const SHARD: i32 = 0;

/// How long a leader that stops gracefully waits for a standby to take the lease it gave back, and
/// then keeps its own session while the standby's connects: events in the overlap reach both and
/// are handled once (see [`EventScope`]), so a rolling restart loses none.
const HANDOVER_WAIT: Duration = Duration::from_secs(3);
const HANDOVER_OVERLAP: Duration = Duration::from_secs(5);

/// Connects to the gateway while this process holds the shard's lease, and waits as a standby while
/// another process does, until `shutdown` resolves. With one process it leads at once.
///
/// The leader renews its lease every third of its length, and drops its session as soon as it finds
/// another process holding it. While the database does not answer it keeps its session (nobody else
/// can take the lease then either, and the DMs it receives are retried until the database is back);
/// should the lease have run out meanwhile and a standby taken it, the two overlap until the next
/// renewal, and events reaching both are handled once. A standby asks for the lease every second.
async fn gateway(
    bot: &Arc<Bot>,
    handler: Arc<Handler>,
    shutdown: impl Future<Output = ()> + Send,
) -> anyhow::Result<()> {
    tokio::pin!(shutdown);
    let metrics = bot.rest.metrics().clone();
    // The instance name, as for the outbox's leases: a process restarted under its name (kill -9,
    // then systemd starts it again) takes its lease back at once instead of waiting for it to run out.
    let holder = bot.config.instance.clone();
    let lease = bot.config.leader_lease;
    let lease_std = lease.to_std().unwrap_or(Duration::from_secs(10));
    let renew_every = lease_std / 3;
    let poll = (lease_std / 10).clamp(Duration::from_millis(200), Duration::from_secs(1));
    loop {
        metrics.set_gateway_leader(false);
        let mut said = false;
        loop {
            match bot.desk.lead_gateway(SHARD, &holder, lease).await {
                Ok(true) => break,
                Ok(false) if !said => {
                    tracing::info!("standby: another process leads the gateway");
                    said = true;
                }
                Ok(false) => {}
                Err(e) => tracing::warn!(error = %e, "could not ask for the gateway lease"),
            }
            tokio::select! {
                () = tokio::time::sleep(poll) => {}
                () = &mut shutdown => return Ok(()),
            }
        }
        tracing::info!(%holder, "leading the gateway");
        metrics.set_gateway_leader(true);
        let mut client = ClientBuilder::new_with_http(http_client(&bot.config), intents())
            .event_handler_arc(handler.clone())
            .await?;
        let shards = client.shard_manager.clone();
        let keep = async {
            loop {
                tokio::time::sleep(renew_every).await;
                match bot.desk.lead_gateway(SHARD, &holder, lease).await {
                    Ok(true) => {}
                    Ok(false) => {
                        tracing::warn!("another process took the gateway lease; standing by");
                        return;
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "could not renew the gateway lease; keeping the session")
                    }
                }
            }
        };
        // The session runs in its own task, so that a graceful stop can keep it through the handover.
        let mut session = tokio::spawn(async move { client.start().await });
        let outcome = tokio::select! {
            r = &mut session => Some(match r {
                Ok(r) => r.map_err(anyhow::Error::from),
                Err(e) => Err(anyhow::anyhow!("the gateway session ended abruptly: {e}")),
            }),
            () = keep => None,
            () = &mut shutdown => {
                hand_over(bot, &holder).await;
                Some(Ok(()))
            }
        };
        shards.shutdown_all().await;
        if !session.is_finished() {
            let _ = tokio::time::timeout(Duration::from_secs(5), &mut session).await;
            session.abort();
        }
        metrics.set_gateway_connected(false);
        match outcome {
            Some(result) => {
                if let Err(e) = bot.desk.resign_gateway(SHARD, &holder).await {
                    tracing::warn!(error = %e, "could not give the gateway lease back");
                }
                metrics.set_gateway_leader(false);
                return result;
            }
            None => continue,
        }
    }
}

/// A graceful stop of the leader: gives the lease back and, when a standby takes it, stays connected
/// while the standby's session starts.
async fn hand_over(bot: &Bot, holder: &str) {
    // Standbys ask every second at most; none seen in the last few seconds means none is running.
    let standby = bot.desk.standby_seen(SHARD, chrono::Duration::seconds(3)).await.unwrap_or(false);
    if let Err(e) = bot.desk.resign_gateway(SHARD, holder).await {
        tracing::warn!(error = %e, "could not give the gateway lease back");
        return;
    }
    if !standby {
        return;
    }
    let deadline = tokio::time::Instant::now() + HANDOVER_WAIT;
    while tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
        match bot.desk.gateway_leader(SHARD).await {
            Ok(Some(next)) if next != holder => {
                tracing::info!(next = %next, "a standby took the gateway; handing over");
                tokio::time::sleep(HANDOVER_OVERLAP).await;
                return;
            }
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(error = %e, "could not see who leads the gateway");
                return;
            }
        }
    }
}

/// How often resolved tickets are checked for an expired confirmation window.
const CLOSE_EVERY: Duration = Duration::from_secs(60);

/// Closes, once a minute, resolved tickets whose requester did not answer within the configured
/// confirmation window; the requester is told (with the rating select). Settles the children of
/// finished incidents first, so a resolution interrupted part-way is completed.
async fn close_unconfirmed(bot: Arc<Bot>, mut stop: watch::Receiver<bool>) {
    let window = bot.config.helpdesk.confirmation_window();
    loop {
        // Children of resolved incidents a stopped process left unresolved (and of cancelled ones).
        match bot.desk.settle_incidents().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(children = n, "settled the children of finished incidents"),
            Err(e) => tracing::error!(error = %e, "settling the children of incidents failed"),
        }
        match bot.desk.close_unconfirmed(window).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(closed = n, "closed resolved tickets after the confirmation window"),
            Err(e) => tracing::error!(error = %e, "closing unconfirmed tickets failed"),
        }
        tokio::select! {
            () = tokio::time::sleep(CLOSE_EVERY) => {}
            _ = stop.changed() => {}
        }
        if *stop.borrow() {
            break;
        }
    }
}

/// How often the SLA sweeper looks for thresholds that have come (one indexed query when none has).
const SWEEP_EVERY: Duration = Duration::from_secs(1);

/// Acts on SLA thresholds as they come: warnings at 75 %, escalations and alerts at a breach (see
/// [`Desk::sweep_sla`]); reminds requesters of unanswered questions and resolves those that stay
/// unanswered ([`Desk::sweep_waiting`]); queues the coordinators' daily digest. Each acts once,
/// whichever process of several gets there first.
async fn sweep_sla(bot: Arc<Bot>, mut stop: watch::Receiver<bool>) {
    let helpdesk = &bot.config.helpdesk;
    let zone = helpdesk.business_hours().map_or(chrono_tz::Tz::UTC, |h| h.zone);
    // The last day whose digest this process saw queued (by it or another): not asked for again.
    let mut digest_done: Option<chrono::NaiveDate> = None;
    loop {
        if let Err(e) = bot.desk.sweep_sla().await {
            tracing::error!(error = %e, "SLA sweep failed");
        }
        if let Err(e) = bot.desk.sweep_waiting().await {
            tracing::error!(error = %e, "sweep of tickets waiting on requesters failed");
        }
        if let Some(at) = helpdesk.daily_digest_at() {
            let today = bot.now().with_timezone(&zone).date_naive();
            if digest_done != Some(today) {
                match bot.desk.send_digest_if_due(bot.config.guild_id, at, zone).await {
                    Ok(Some((day, _))) => digest_done = Some(day),
                    Ok(None) => {}
                    Err(e) => tracing::error!(error = %e, "queueing the daily digest failed"),
                }
            }
        }
        tokio::select! {
            () = tokio::time::sleep(SWEEP_EVERY) => {}
            _ = stop.changed() => {}
        }
        if *stop.borrow() {
            break;
        }
    }
}

/// Registers the slash commands (for `deskbot register-commands`): the requesters' globally, the
/// staff's in the configured guild.
pub async fn register_commands(config: &Config) -> anyhow::Result<usize> {
    let http = http_client(config);
    let app = http.get_current_application_info().await?;
    http.set_application_id(app.id);
    Ok(set_commands(&http, config).await?)
}

/// Replaces the application's global commands with the requesters' ([`commands::global`], which work
/// in DMs too) and the guild's with the staff's ([`commands::guild`]); returns how many there are.
async fn set_commands(http: &Http, config: &Config) -> serenity::Result<usize> {
    let global = http.create_global_commands(&commands::localised(|| commands::global(config))).await?;
    let guild = http
        .create_guild_commands(
            GuildId::new(config.guild_id as u64),
            &commands::localised(|| commands::guild(config)),
        )
        .await?;
    Ok(global.len() + guild.len())
}
