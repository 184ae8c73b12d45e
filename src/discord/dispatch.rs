//! Routing one interaction to its handler: at most once, timed, logged under its id, whichever way
//! it came (the gateway, or HTTP through [`super::endpoint`]); and the bookkeeping shared with the
//! gateway's message handling (what is in flight, how failures are reported).

use std::sync::atomic::{AtomicUsize, Ordering};

use serenity::all::{CommandInteraction, ComponentInteraction, Http, Interaction, ModalInteraction};
use tracing::Instrument;

use crate::service::ServiceError;
use crate::store::{EventScope, StoreError};

use super::context::{Bot, HandlerError, HandlerResult};
use super::respond::{self, Target};
use super::{assign, catalogue, commands, intake, kb, relay, staff, stats, triage};

/// Counts the interactions and messages being handled, so shutdown can wait for them, and those
/// ever taken on, so that memory is handed back after a burst ([`crate::memory::release_when_quiet`]).
#[derive(Default)]
pub(super) struct InFlight {
    now: AtomicUsize,
    ever: AtomicUsize,
}

pub(super) struct Guard<'a>(&'a InFlight);

impl InFlight {
    pub(super) fn enter(&self) -> Guard<'_> {
        self.now.fetch_add(1, Ordering::SeqCst);
        self.ever.fetch_add(1, Ordering::Relaxed);
        Guard(self)
    }

    pub(super) fn count(&self) -> usize {
        self.now.load(Ordering::SeqCst)
    }

    pub(super) fn taken_on(&self) -> usize {
        self.ever.load(Ordering::Relaxed)
    }
}

impl Drop for Guard<'_> {
    fn drop(&mut self) {
        self.0.now.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The event was already handled (by an earlier delivery of it, or another process).
pub(super) fn is_duplicate(e: &HandlerError) -> bool {
    match e {
        HandlerError::Service(ServiceError::Internal(StoreError::Duplicate)) => true,
        HandlerError::Answered(inner) => is_duplicate(inner),
        _ => false,
    }
}

/// The database could not be reached: worth handling the event again later.
pub(super) fn is_unavailable(e: &HandlerError) -> bool {
    match e {
        HandlerError::Service(s) => s.is_unavailable(),
        HandlerError::Answered(inner) => is_unavailable(inner),
        _ => false,
    }
}

pub(super) fn report(e: &HandlerError) {
    match e {
        HandlerError::Service(s) if s.is_user_facing() => tracing::debug!(%e, "refused"),
        HandlerError::User(_) => tracing::debug!(%e, "refused"),
        HandlerError::Answered(inner) => report(inner),
        _ => tracing::error!(error = ?e, "handler failed"),
    }
}

/// Handles one interaction, delivered by the gateway or over HTTP: at most once (see
/// [`EventScope`]), timed, logged under its id, and answered through `http` (first in the HTTP
/// response, for one received over HTTP: see [`respond::HttpAnswer`]).
pub(super) async fn handle_interaction(
    bot: &Bot,
    in_flight: &InFlight,
    http: &Http,
    interaction: &Interaction,
) {
    let arrived = std::time::Instant::now();
    let _guard = in_flight.enter();
    let (id, target, user, locale, guild) = match &interaction {
        Interaction::Command(i) => {
            (i.id, Target::Command(i), i.user.id, i.locale.as_str(), i.guild_locale.as_deref())
        }
        Interaction::Component(i) => {
            (i.id, Target::Component(i), i.user.id, i.locale.as_str(), i.guild_locale.as_deref())
        }
        Interaction::Modal(i) => {
            (i.id, Target::Modal(i), i.user.id, i.locale.as_str(), i.guild_locale.as_deref())
        }
        _ => return,
    };
    // The server's locale comes with its interactions too: a process that serves interactions over
    // HTTP never sees GUILD_CREATE.
    if let Some(guild_locale) = guild {
        bot.set_guild_locale(guild_locale);
    }
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
    // Everything said in answer is in the language of whoever acted (see catalogue::speaking).
    let lang = bot.reader_lang(user.get() as i64, Some(locale)).instrument(span.clone()).await;
    let work = EventScope::new(format!("i:{id}")).run(async {
        match target {
            Target::Command(cmd) => dispatch_command(bot, http, cmd).await,
            Target::Component(c) => dispatch_component(bot, http, c).await,
            Target::Modal(m) => dispatch_modal(bot, http, m).await,
        }
    });
    let result = catalogue::speaking(lang, respond::timed(bot.rest.metrics().clone(), arrived, work))
        .instrument(span.clone())
        .await;
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
                let said = catalogue::in_lang(lang, || e.user_message());
                if let Err(e) = respond::say(http, target, said).await {
                    tracing::warn!(error = %e, "could not tell the user about an error");
                }
            }
        }
    }
    .instrument(span)
    .await
}

// Each handler's future is boxed: an interaction waiting for its turn at Discord's rate limits then
// holds only the state of the handler it runs, not room for the largest of them all (in a burst of
// 200 intakes, hundreds wait at once).
async fn dispatch_command(bot: &Bot, ctx: &Http, cmd: &CommandInteraction) -> HandlerResult {
    match cmd.data.name.as_str() {
        commands::TICKET => {
            let _turn = bot.conversations.turn(cmd.user.id.get() as i64).await;
            Box::pin(intake::on_ticket_command(bot, ctx, cmd)).await
        }
        commands::MYTICKETS => Box::pin(staff::on_mytickets(bot, ctx, cmd)).await,
        commands::QUEUE => Box::pin(staff::on_queue(bot, ctx, cmd)).await,
        commands::ESCALATE => Box::pin(staff::on_escalate(bot, ctx, cmd)).await,
        commands::ASSIGN => Box::pin(staff::on_assign(bot, ctx, cmd)).await,
        commands::REPLY => Box::pin(relay::on_reply(bot, ctx, cmd)).await,
        commands::ASK => Box::pin(relay::on_ask(bot, ctx, cmd)).await,
        commands::DESK => Box::pin(staff::on_desk(bot, ctx, cmd)).await,
        commands::DUTY => Box::pin(assign::on_duty(bot, ctx, cmd)).await,
        commands::KB => Box::pin(kb::on_command(bot, ctx, cmd)).await,
        commands::STATS => Box::pin(stats::on_stats(bot, ctx, cmd)).await,
        commands::FAQ => Box::pin(stats::on_faq(bot, ctx, cmd)).await,
        commands::LANGUAGE => Box::pin(staff::on_language(bot, ctx, cmd)).await,
        other => Err(HandlerError::User({
            let _ = other;
            catalogue::replies::not_here()
        })),
    }
}

async fn dispatch_component(bot: &Bot, ctx: &Http, c: &ComponentInteraction) -> HandlerResult {
    use super::ids::ComponentId;
    let Some(id) = ComponentId::parse(&c.data.custom_id) else {
        return Err(HandlerError::User(catalogue::replies::expired_button()));
    };
    if intake::handles(&id) {
        let _turn = bot.conversations.turn(c.user.id.get() as i64).await;
        Box::pin(intake::on_component(bot, ctx, c, id)).await
    } else if staff::handles(&id) {
        Box::pin(staff::on_component(bot, ctx, c, id)).await
    } else if assign::handles(&id) {
        Box::pin(assign::on_component(bot, ctx, c, id)).await
    } else {
        Box::pin(triage::on_component(bot, ctx, c, id)).await
    }
}

async fn dispatch_modal(bot: &Bot, ctx: &Http, m: &ModalInteraction) -> HandlerResult {
    use super::ids::ComponentId;
    let Some(id) = ComponentId::parse(&m.data.custom_id) else {
        return Err(HandlerError::User(catalogue::replies::expired_button()));
    };
    if intake::handles(&id) {
        let _turn = bot.conversations.turn(m.user.id.get() as i64).await;
        Box::pin(intake::on_modal(bot, ctx, m, id)).await
    } else if kb::handles(&id) {
        Box::pin(kb::on_modal(bot, ctx, m, id)).await
    } else {
        Box::pin(triage::on_modal(bot, ctx, m, id)).await
    }
}
