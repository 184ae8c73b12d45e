//! The top of the Discord layer: connects serenity to Discord (or a Discord-compatible endpoint), registers the
//! slash commands, routes every event to its handler, and runs the outbox deliverer and the
//! housekeeping timers beside the gateway until shutdown.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serenity::all::{
    ClientBuilder, CommandInteraction, ComponentInteraction, Context, EventHandler, GatewayIntents, GuildId,
    Http, HttpBuilder, Interaction, Message, ModalInteraction, Ready,
};
use tokio::sync::watch;
use tracing::Instrument;

use crate::clock::SystemClock;
use crate::config::Config;
use crate::service::{Desk, ServiceError};
use crate::store;
use crate::store::{EventScope, StoreError};

use super::context::{Bot, HandlerError, HandlerResult};
use super::respond::{self, Target};
use super::{assign, catalogue, commands, deliver, intake, relay, staff, triage};

/// Counts the interactions and messages being handled, so shutdown can wait for them.
#[derive(Default)]
struct InFlight(AtomicUsize);

struct Guard<'a>(&'a InFlight);

impl InFlight {
    fn enter(&self) -> Guard<'_> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Guard(self)
    }

    fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

impl Drop for Guard<'_> {
    fn drop(&mut self) {
        self.0.0.fetch_sub(1, Ordering::SeqCst);
    }
}

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

    async fn shard_stage_update(&self, _ctx: Context, event: serenity::all::ShardStageUpdateEvent) {
        // Connected again after a resume, or dropped: `/readyz` follows.
        let connected = matches!(event.new, serenity::gateway::ConnectionStage::Connected);
        self.bot.rest.metrics().set_gateway_connected(connected);
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        let arrived = std::time::Instant::now();
        let _guard = self.in_flight.enter();
        let bot = &self.bot;
        let (id, target) = match &interaction {
            Interaction::Command(i) => (i.id, Target::Command(i)),
            Interaction::Component(i) => (i.id, Target::Component(i)),
            Interaction::Modal(i) => (i.id, Target::Modal(i)),
            _ => return,
        };
        // An interaction this process has already answered, delivered again (a gateway replay):
        // nothing to do, and nothing to say.
        if respond::answered(target).is_some() {
            tracing::debug!(interaction = %id, "already answered; ignored");
            return;
        }
        // Whatever this interaction changes records its id in the same transaction: delivered
        // twice (a gateway replay, two processes), the second finds it and changes nothing.
        // Every log line of its handling names the interaction (a field of this span).
        let span = tracing::info_span!("interaction", interaction = %id);
        let work = EventScope::new(format!("i:{id}")).run(async {
            match target {
                Target::Command(cmd) => dispatch_command(bot, &ctx, cmd).await,
                Target::Component(c) => dispatch_component(bot, &ctx, c).await,
                Target::Modal(m) => dispatch_modal(bot, &ctx, m).await,
            }
        });
        let result = respond::timed(bot.rest.metrics().clone(), arrived, work).instrument(span.clone()).await;
        async {
            tracing::debug!(
                elapsed_ms = arrived.elapsed().as_millis() as u64,
                ok = result.is_ok(),
                "interaction handled"
            );
            match result {
                Ok(()) => {}
                Err(e) if is_duplicate(&e) => tracing::debug!(interaction = %id, "already handled; ignored"),
                Err(HandlerError::Answered(e)) => report(&e),
                Err(e) => {
                    report(&e);
                    if let Err(e) = respond::say(&ctx, target, e.user_message()).await {
                        tracing::warn!(error = %e, "could not tell the user about an error");
                    }
                }
            }
        }
        .instrument(span)
        .await
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
        let mut wait = OUTAGE_FIRST_WAIT;
        let since = tokio::time::Instant::now();
        let result = loop {
            let result = scope
                .clone()
                .run(async {
                    match msg.guild_id {
                        None => intake::on_direct_message(bot, &ctx, &msg).await,
                        Some(_) => relay::on_guild_message(bot, &ctx, &msg).await,
                    }
                })
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
                let text = e.user_message();
                report(&e);
                if msg.guild_id.is_none() {
                    let reply = serenity::all::CreateMessage::new()
                        .content(crate::domain::text::fit(&text, crate::domain::text::MESSAGE_CONTENT_MAX))
                        .allowed_mentions(super::render::no_pings());
                    let sent = match serde_json::to_value(&reply) {
                        Ok(body) => bot
                            .rest
                            .create_message(msg.channel_id.get(), &body, Some(&format!("e{}", msg.id)))
                            .await
                            .map(|_| ())
                            .map_err(|e| e.to_string()),
                        Err(e) => Err(e.to_string()),
                    };
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

/// The event was already handled (by an earlier delivery of it, or another process).
fn is_duplicate(e: &HandlerError) -> bool {
    match e {
        HandlerError::Service(ServiceError::Internal(StoreError::Duplicate)) => true,
        HandlerError::Answered(inner) => is_duplicate(inner),
        _ => false,
    }
}

/// The database could not be reached: worth handling the event again later.
fn is_unavailable(e: &HandlerError) -> bool {
    match e {
        HandlerError::Service(s) => s.is_unavailable(),
        HandlerError::Answered(inner) => is_unavailable(inner),
        _ => false,
    }
}

fn report(e: &HandlerError) {
    match e {
        HandlerError::Service(s) if s.is_user_facing() => tracing::debug!(%e, "refused"),
        HandlerError::User(_) => tracing::debug!(%e, "refused"),
        HandlerError::Answered(inner) => report(inner),
        _ => tracing::error!(error = ?e, "handler failed"),
    }
}

async fn dispatch_command(bot: &Bot, ctx: &Context, cmd: &CommandInteraction) -> HandlerResult {
    match cmd.data.name.as_str() {
        commands::TICKET => {
            let _turn = bot.conversations.turn(cmd.user.id.get() as i64).await;
            intake::on_ticket_command(bot, ctx, cmd).await
        }
        commands::MYTICKETS => staff::on_mytickets(bot, ctx, cmd).await,
        commands::QUEUE => staff::on_queue(bot, ctx, cmd).await,
        commands::ESCALATE => staff::on_escalate(bot, ctx, cmd).await,
        commands::ASSIGN => staff::on_assign(bot, ctx, cmd).await,
        commands::REPLY => relay::on_reply(bot, ctx, cmd).await,
        commands::DESK => staff::on_desk(bot, ctx, cmd).await,
        commands::DUTY => assign::on_duty(bot, ctx, cmd).await,
        other => Err(HandlerError::User({
            let _ = other;
            catalogue::replies::not_here()
        })),
    }
}

async fn dispatch_component(bot: &Bot, ctx: &Context, c: &ComponentInteraction) -> HandlerResult {
    use super::ids::ComponentId;
    let Some(id) = ComponentId::parse(&c.data.custom_id) else {
        return Err(HandlerError::User(catalogue::replies::expired_button()));
    };
    if intake::handles(&id) {
        let _turn = bot.conversations.turn(c.user.id.get() as i64).await;
        intake::on_component(bot, ctx, c, id).await
    } else if staff::handles(&id) {
        staff::on_component(bot, ctx, c, id).await
    } else if assign::handles(&id) {
        assign::on_component(bot, ctx, c, id).await
    } else {
        triage::on_component(bot, ctx, c, id).await
    }
}

async fn dispatch_modal(bot: &Bot, ctx: &Context, m: &ModalInteraction) -> HandlerResult {
    use super::ids::ComponentId;
    let Some(id) = ComponentId::parse(&m.data.custom_id) else {
        return Err(HandlerError::User(catalogue::replies::expired_button()));
    };
    if intake::handles(&id) {
        let _turn = bot.conversations.turn(m.user.id.get() as i64).await;
        intake::on_modal(bot, ctx, m, id).await
    } else {
        triage::on_modal(bot, ctx, m, id).await
    }
}

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
    let http = http_client(&config);
    let bot = Arc::new(Bot::new(desk, config));
    let in_flight = Arc::new(InFlight::default());
    // Bound before anything starts: an address in use stops the start, naming DESKBOT_HTTP_ADDR.
    let ops_listener = match bot.config.http_addr {
        Some(addr) => Some(crate::ops::bind(addr).await?),
        None => None,
    };
    let mut client = ClientBuilder::new_with_http(http, intents())
        .event_handler_arc(Arc::new(Handler { bot: bot.clone(), in_flight: in_flight.clone() }))
        .await?;
    let (stop_tx, stop_rx) = watch::channel(false);
    let stop_rx_closer = stop_rx.clone();
    let deliverer = tokio::spawn(deliver::run(bot.clone(), stop_rx.clone()));
    let housekeeping = tokio::spawn(intake::housekeeping(bot.clone(), stop_rx));
    let closer = tokio::spawn(close_unconfirmed(bot.clone(), stop_rx_closer));
    let sweeper = tokio::spawn(sweep_sla(bot.clone(), stop_tx.subscribe()));
    let ops_server = ops_listener.map(|listener| {
        if let Ok(addr) = listener.local_addr() {
            tracing::info!(%addr, "serving /healthz, /readyz and /metrics");
        }
        let ops = crate::ops::Ops { desk: bot.desk.clone(), metrics: bot.rest.metrics().clone() };
        let mut stop = stop_tx.subscribe();
        tokio::spawn(crate::ops::serve(listener, ops, async move {
            let _ = stop.wait_for(|stopped| *stopped).await;
        }))
    });
    let shard_manager = client.shard_manager.clone();
    let outcome = tokio::select! {
        r = client.start() => r.map_err(anyhow::Error::from),
        () = shutdown => Ok(()),
    };
    shard_manager.shutdown_all().await;
    bot.rest.metrics().set_gateway_connected(false);
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
    tracing::info!("stopped");
    outcome
}

/// How often resolved tickets are checked for an expired confirmation window.
const CLOSE_EVERY: Duration = Duration::from_secs(60);

/// Closes, once a minute, resolved tickets whose requester did not answer within the configured
/// confirmation window; the requester is told (with the rating select).
async fn close_unconfirmed(bot: Arc<Bot>, mut stop: watch::Receiver<bool>) {
    let window = bot.config.helpdesk.confirmation_window();
    loop {
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
/// [`Desk::sweep_sla`]). Each acts once, whichever process of several gets there first.
async fn sweep_sla(bot: Arc<Bot>, mut stop: watch::Receiver<bool>) {
    loop {
        if let Err(e) = bot.desk.sweep_sla().await {
            tracing::error!(error = %e, "SLA sweep failed");
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
    let global = serenity::all::Command::set_global_commands(http, commands::global(config)).await?;
    let guild = GuildId::new(config.guild_id as u64).set_commands(http, commands::guild(config)).await?;
    Ok(global.len() + guild.len())
}
