//! The buttons and modals of a ticket: **Claim**, **Escalate**, **Resolve**, **Ask requester** on the
//! triage message; **Fixed**, **Still broken** and the rating on the requester's DMs; **Cancel** from
//! `/mytickets`.
//!
//! Each handler checks who is asking from the roles in this interaction, calls one service function,
//! and answers; the triage message itself is edited by the outbox deliverer after the change commits.
//!
//! A control acts only where it was put (see [`Home`]): Claim, Escalate and Resolve on the ticket's
//! triage message, Fixed, Still broken and the rating in the requester's DM. Anywhere else (an id
//! copied onto another message, a watcher's copy of the requester's DM) the click is refused,
//! ephemerally, and nothing changes. A button that opens a form first asks the rules whether the
//! change would be allowed now, so a stale Resolve or Escalate is refused before anyone types.

use serenity::all::{
    ActionRowComponent, ComponentInteraction, ComponentInteractionDataKind, Http, ModalInteraction,
};

use super::catalogue::{refusals, replies, requester};
use super::context::{Bot, HandlerError, HandlerResult};
use super::ids::{ComponentId, INPUT_CODE, INPUT_NOTE, INPUT_NOTES, INPUT_REASON, TicketId, parse_rating};
use super::render::{self, Outgoing};
use super::respond::{self, Mode, Target};
use crate::domain::{Action, Actor, DiscordId, ResolutionCode, Ticket};
use crate::service::Changed;

/// The actor behind a component or modal interaction.
fn actor_of(
    bot: &Bot,
    user: &serenity::all::User,
    member: Option<&serenity::all::Member>,
    guild: Option<serenity::all::GuildId>,
) -> Actor {
    bot.actor(user.id.get() as i64, guild, member.map(|m| m.roles.as_slice()))
}

/// Where a ticket's control was put, and so the only place it acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Home {
    /// The ticket's triage message (Claim, Escalate, Resolve, and the forms they open).
    TriageMessage,
    /// A DM from the bot to the ticket's requester (Fixed, Still broken, the rating, and the form
    /// Still broken opens).
    RequesterDm,
}

/// Where an interaction happened: the message its component sits on (for a modal, the message
/// whose button opened it, when Discord says), its channel, and who acted.
#[derive(Debug, Clone, Copy)]
struct Place {
    message: Option<DiscordId>,
    in_dm: bool,
    in_triage_channel: bool,
    user: DiscordId,
}

impl Place {
    fn of_component(bot: &Bot, c: &ComponentInteraction) -> Place {
        Place {
            message: Some(c.message.id.get() as i64),
            in_dm: c.guild_id.is_none(),
            in_triage_channel: bot.config.is_triage_channel(c.channel_id.get() as i64),
            user: c.user.id.get() as i64,
        }
    }

    fn of_modal(bot: &Bot, m: &ModalInteraction) -> Place {
        Place {
            message: m.message.as_ref().map(|msg| msg.id.get() as i64),
            in_dm: m.guild_id.is_none(),
            in_triage_channel: bot.config.is_triage_channel(m.channel_id.get() as i64),
            user: m.user.id.get() as i64,
        }
    }
}

impl Home {
    /// Refuses a control used away from its home. A ticket whose triage message is posted but not
    /// yet recorded (a click in the moment between the two) is judged by the channel; a modal
    /// submit that does not say which message opened it, by the rules alone.
    fn check(self, ticket: &Ticket, place: Place) -> HandlerResult {
        let at_home = match (self, ticket.triage_message_id, place.message) {
            (Home::TriageMessage, _, _) if place.in_dm => false,
            (Home::TriageMessage, Some(posted), Some(clicked)) => posted == clicked,
            (Home::TriageMessage, None, Some(_)) => place.in_triage_channel,
            (Home::TriageMessage, _, None) => true,
            (Home::RequesterDm, _, _) => place.in_dm && place.user == ticket.requester_id,
        };
        if at_home {
            return Ok(());
        }
        let label = ticket.label();
        Err(HandlerError::User(match self {
            Home::TriageMessage => refusals::not_the_triage_message(&label),
            Home::RequesterDm => refusals::not_the_requesters_dm(&label),
        }))
    }
}

/// The ticket, if the control was used at its home and `actor` may start `action` on it now.
async fn checked(
    bot: &Bot,
    ticket: TicketId,
    actor: &Actor,
    action: Action,
    home: Home,
    place: Place,
) -> HandlerResult<Ticket> {
    let current = bot.desk.get(ticket).await?;
    home.check(&current, place)?;
    bot.desk.may(&current, actor, action)?;
    Ok(current)
}

/// A confirmation for the actor, with a warning when secrets were masked in what they typed.
fn confirmation(text: String, changed: &Changed) -> Outgoing {
    if changed.masked.is_empty() {
        Outgoing::text(text)
    } else {
        Outgoing::text(format!("{text}\n{}", super::catalogue::intake::secret_masked()))
    }
}

pub async fn on_component(
    bot: &Bot,
    http: &Http,
    c: &ComponentInteraction,
    id: ComponentId,
) -> HandlerResult {
    let actor = actor_of(bot, &c.user, c.member.as_ref(), c.guild_id);
    let target = Target::Component(c);
    let place = Place::of_component(bot, c);
    match id {
        ComponentId::Claim { ticket } => {
            // The claim is shown by updating the triage message in the interaction's own answer (no
            // rate-limited request); the claimer also gets a private confirmation (a follow-up, also
            // free). Had the update failed, the outbox edits the message instead.
            let claimed = std::sync::Mutex::new(None);
            let answered = respond::answer(http, target, Mode::Update, async {
                let current = bot.desk.get(ticket).await?;
                Home::TriageMessage.check(&current, place)?;
                let changed = bot.desk.act_shown_in_triage(ticket, actor, Action::Claim).await?;
                let incident = bot.desk.incident_view(&changed.ticket).await?;
                let shown = render::triage_message(
                    &changed.ticket,
                    &bot.category_name(&changed.ticket.category),
                    &incident,
                    bot.now(),
                );
                if let Ok(mut slot) = claimed.lock() {
                    *slot = Some(changed.ticket);
                }
                Ok(Outgoing::embed(shown.0).with_components(shown.1))
            })
            .await;
            let claimed = claimed.into_inner().ok().flatten();
            match (answered, claimed) {
                (Ok(()), Some(t)) => {
                    let confirm = Outgoing::text(replies::claimed(&t.label())).into_followup(true);
                    if let Err(e) = c.create_followup(http, confirm).await {
                        tracing::debug!(error = %e, "could not confirm a claim privately");
                    }
                    Ok(())
                }
                (Err(HandlerError::Discord(e)), Some(t)) => {
                    // Claimed, but the triage message could not be updated in the answer.
                    bot.desk.refresh_triage(t.id).await?;
                    Err(HandlerError::Discord(e))
                }
                (result, _) => result,
            }
        }
        ComponentId::Escalate { ticket } => {
            if !actor.roles().is_staff() {
                return Err(HandlerError::User(replies::only_technicians()));
            }
            let action = Action::Escalate { to: None, reason: String::new() };
            let check = checked(bot, ticket, &actor, action, Home::TriageMessage, place);
            let ticket = respond::before_modal(check).await?;
            let min = bot.desk.policy().reason_min_chars.min(u16::MAX as usize) as u16;
            respond::modal(http, target, render::escalate_modal(&ticket, min)).await
        }
        ComponentId::Resolve { ticket } => {
            if !actor.roles().is_staff() {
                return Err(HandlerError::User(replies::only_technicians()));
            }
            // Any code will do: the rules look at who asks and the ticket's state before the inputs.
            let action = Action::Resolve { notes: String::new(), code: ResolutionCode::Fixed };
            let check = checked(bot, ticket, &actor, action, Home::TriageMessage, place);
            let ticket = respond::before_modal(check).await?;
            let min = bot.desk.policy().resolution_notes_min_chars.min(u16::MAX as usize) as u16;
            respond::modal(http, target, render::resolve_modal(&ticket, min)).await
        }
        ComponentId::Ask { ticket } => {
            if !actor.roles().is_staff() {
                return Err(HandlerError::User(replies::only_technicians()));
            }
            let action = Action::WaitOnRequester { note: None };
            let check = checked(bot, ticket, &actor, action, Home::TriageMessage, place);
            let ticket = respond::before_modal(check).await?;
            respond::modal(http, target, render::ask_modal(&ticket)).await
        }
        ComponentId::Fixed { ticket } => {
            respond::answer(http, target, Mode::Update, async {
                let current = bot.desk.get(ticket).await?;
                Home::RequesterDm.check(&current, place)?;
                let changed = bot.desk.act(ticket, actor, Action::Confirm).await?;
                Ok(Outgoing::text(requester::thanks_for_confirming(&changed.ticket.label())))
            })
            .await
        }
        ComponentId::StillBroken { ticket } => {
            let action = Action::Reopen { note: None };
            let check = checked(bot, ticket, &actor, action, Home::RequesterDm, place);
            let ticket = respond::before_modal(check).await?;
            respond::modal(http, target, render::reopen_modal(&ticket)).await
        }
        ComponentId::Rate { ticket } => {
            let score = match &c.data.kind {
                ComponentInteractionDataKind::StringSelect { values } => {
                    values.first().and_then(|v| parse_rating(v))
                }
                _ => None,
            };
            let Some(score) = score else {
                return Err(HandlerError::User(replies::expired_button()));
            };
            respond::answer(http, target, Mode::Update, async {
                let current = bot.desk.get(ticket).await?;
                Home::RequesterDm.check(&current, place)?;
                let changed = bot.desk.act(ticket, actor, Action::Rate { score }).await?;
                Ok(render::rated(&changed.ticket, score))
            })
            .await
        }
        ComponentId::RateComment { ticket } => {
            let action = Action::CommentRating { comment: "-".into() };
            let check = checked(bot, ticket, &actor, action, Home::RequesterDm, place);
            let ticket = respond::before_modal(check).await?;
            respond::modal(http, target, render::rating_comment_modal(&ticket)).await
        }
        ComponentId::Cancel { ticket } => {
            respond::answer(http, target, Mode::Reply { ephemeral: true }, async {
                // Offered in the requester's own `/mytickets`, so only they can use it.
                own_ticket(bot, ticket, &actor).await?;
                let changed = bot.desk.act(ticket, actor, Action::Cancel { reason: None }).await?;
                Ok(Outgoing::text(requester::cancelled_by_you(&changed.ticket.label())))
            })
            .await
        }
        ComponentId::StormPick => {
            // The select of a storm summary: the value is the picked ticket's id. Picking claims it,
            // as Claim on its own post would; its post shows the claim when it comes.
            let picked = match &c.data.kind {
                ComponentInteractionDataKind::StringSelect { values } => {
                    values.first().and_then(|v| v.parse::<TicketId>().ok())
                }
                _ => None,
            };
            let Some(ticket) = picked else {
                return Err(HandlerError::User(replies::expired_button()));
            };
            respond::answer(http, target, Mode::Reply { ephemeral: true }, async {
                if place.in_dm || !place.in_triage_channel {
                    return Err(HandlerError::User(super::catalogue::storm::not_in_triage()));
                }
                let changed = bot.desk.act(ticket, actor, Action::Claim).await?;
                Ok(Outgoing::text(super::catalogue::storm::claimed(&changed.ticket.label())))
            })
            .await
        }
        _ => Err(HandlerError::User(replies::expired_button())),
    }
}

/// The ticket, if `actor` is its requester.
async fn own_ticket(bot: &Bot, ticket_id: i64, actor: &Actor) -> HandlerResult<Ticket> {
    let ticket = bot.desk.get(ticket_id).await?;
    if actor.id() != Some(ticket.requester_id) {
        return Err(HandlerError::User(replies::only_requester()));
    }
    Ok(ticket)
}

/// The value of the modal's text input `custom_id`, trimmed; empty when absent.
pub fn modal_value(m: &ModalInteraction, custom_id: &str) -> String {
    m.data
        .components
        .iter()
        .flat_map(|row| row.components.iter())
        .find_map(|c| match c {
            ActionRowComponent::InputText(input) if input.custom_id == custom_id => {
                Some(input.value.clone().unwrap_or_default())
            }
            _ => None,
        })
        .unwrap_or_default()
        .trim()
        .to_owned()
}

pub async fn on_modal(bot: &Bot, http: &Http, m: &ModalInteraction, id: ComponentId) -> HandlerResult {
    let actor = actor_of(bot, &m.user, m.member.as_ref(), m.guild_id);
    let target = Target::Modal(m);
    let place = Place::of_modal(bot, m);
    match id {
        ComponentId::EscalateModal { ticket } => {
            let reason = modal_value(m, INPUT_REASON);
            respond::answer(http, target, Mode::Reply { ephemeral: true }, async {
                let current = bot.desk.get(ticket).await?;
                Home::TriageMessage.check(&current, place)?;
                let changed = bot.desk.act(ticket, actor, Action::Escalate { to: None, reason }).await?;
                Ok(confirmation(
                    replies::escalated(&changed.ticket.label(), changed.ticket.level.get()),
                    &changed,
                ))
            })
            .await
        }
        ComponentId::ResolveModal { ticket } => {
            let notes = modal_value(m, INPUT_NOTES);
            let code_text = modal_value(m, INPUT_CODE);
            let Some(code) = render::resolution_code(&code_text) else {
                return Err(HandlerError::User(replies::unknown_resolution_code(
                    &render::resolution_code_words(),
                )));
            };
            respond::answer(http, target, Mode::Reply { ephemeral: true }, async {
                let current = bot.desk.get(ticket).await?;
                Home::TriageMessage.check(&current, place)?;
                let changed = bot.desk.act(ticket, actor, Action::Resolve { notes, code }).await?;
                Ok(confirmation(replies::resolved(&changed.ticket.label()), &changed))
            })
            .await
        }
        ComponentId::AskModal { ticket } => {
            let question = modal_value(m, INPUT_NOTE);
            respond::answer(http, target, Mode::Reply { ephemeral: true }, async {
                let current = bot.desk.get(ticket).await?;
                Home::TriageMessage.check(&current, place)?;
                let changed = bot.desk.ask_requester(ticket, actor, &question).await?;
                Ok(confirmation(replies::asked(&changed.ticket.label()), &changed))
            })
            .await
        }
        ComponentId::RateCommentModal { ticket } => {
            let comment = modal_value(m, INPUT_NOTE);
            respond::answer(http, target, Mode::Update, async {
                let current = bot.desk.get(ticket).await?;
                Home::RequesterDm.check(&current, place)?;
                let changed = bot.desk.comment_rating(ticket, actor, &comment).await?;
                let score = changed.ticket.satisfaction.unwrap_or_default();
                Ok(Outgoing::text(requester::thanks_for_comment(&changed.ticket.label(), score)))
            })
            .await
        }
        ComponentId::ReopenModal { ticket } => {
            let note = Some(modal_value(m, INPUT_NOTE)).filter(|n| !n.is_empty());
            respond::answer(http, target, Mode::Reply { ephemeral: true }, async {
                let current = bot.desk.get(ticket).await?;
                Home::RequesterDm.check(&current, place)?;
                let changed = bot.desk.act(ticket, actor, Action::Reopen { note: note.clone() }).await?;
                if let Some(text) = note {
                    // What is still wrong goes to the technicians too.
                    bot.desk.requester_message(changed.ticket.id, actor, &text).await?;
                }
                Ok(Outgoing::text(requester::reopened_by_you(&changed.ticket.label())))
            })
            .await
        }
        _ => Err(HandlerError::User(replies::expired_button())),
    }
}
