//! The buttons and modals of a ticket: **Claim**, **Escalate**, **Resolve** on the triage message;
//! **Fixed**, **Still broken** and the rating on the requester's DMs; **Cancel** from `/mytickets`.
//!
//! Each handler checks who is asking from the roles in this interaction, calls one service function,
//! and answers; the triage message itself is edited by the outbox deliverer after the change commits.

use serenity::all::{
    ActionRowComponent, ComponentInteraction, ComponentInteractionDataKind, Context, ModalInteraction,
};

use super::catalogue::{replies, requester};
use super::context::{Bot, HandlerError, HandlerResult};
use super::ids::{ComponentId, INPUT_CODE, INPUT_NOTE, INPUT_NOTES, INPUT_REASON, parse_rating};
use super::render::{self, Outgoing};
use super::respond::{self, Mode, Target};
use crate::domain::{Action, Actor, Ticket};
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
    ctx: &Context,
    c: &ComponentInteraction,
    id: ComponentId,
) -> HandlerResult {
    let actor = actor_of(bot, &c.user, c.member.as_ref(), c.guild_id);
    let target = Target::Component(c);
    match id {
        ComponentId::Claim { ticket } => {
            // The claim is shown by updating the triage message in the interaction's own answer (no
            // rate-limited request); the claimer also gets a private confirmation (a follow-up, also
            // free). Had the update failed, the outbox edits the message instead.
            let on_triage_message = |t: &Ticket| t.triage_message_id == Some(c.message.id.get() as i64);
            let claimed = std::sync::Mutex::new(None);
            let answered = respond::answer(ctx, target, Mode::Update, async {
                let current = bot.desk.get(ticket).await?;
                let changed = if on_triage_message(&current) {
                    bot.desk.act_shown_in_triage(ticket, actor, Action::Claim).await?
                } else {
                    bot.desk.act(ticket, actor, Action::Claim).await?
                };
                let shown = render::triage_message(
                    &changed.ticket,
                    &bot.category_name(&changed.ticket.category),
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
                    if let Err(e) = c.create_followup(&ctx.http, confirm).await {
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
            let ticket = bot.desk.get(ticket).await?;
            if !actor.roles().is_staff() {
                return Err(HandlerError::User(replies::only_technicians()));
            }
            let min = bot.desk.policy().reason_min_chars.min(u16::MAX as usize) as u16;
            respond::modal(ctx, target, render::escalate_modal(&ticket, min)).await
        }
        ComponentId::Resolve { ticket } => {
            let ticket = bot.desk.get(ticket).await?;
            if !actor.roles().is_staff() {
                return Err(HandlerError::User(replies::only_technicians()));
            }
            let min = bot.desk.policy().resolution_notes_min_chars.min(u16::MAX as usize) as u16;
            respond::modal(ctx, target, render::resolve_modal(&ticket, min)).await
        }
        ComponentId::Fixed { ticket } => {
            respond::answer(ctx, target, Mode::Update, async {
                let changed = bot.desk.act(ticket, actor, Action::Confirm).await?;
                Ok(Outgoing::text(requester::thanks_for_confirming(&changed.ticket.label())))
            })
            .await
        }
        ComponentId::StillBroken { ticket } => {
            let ticket = own_ticket(bot, ticket, &actor).await?;
            respond::modal(ctx, target, render::reopen_modal(&ticket)).await
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
            respond::answer(ctx, target, Mode::Update, async {
                let changed = bot.desk.act(ticket, actor, Action::Rate { score }).await?;
                Ok(Outgoing::text(requester::thanks_for_rating(&changed.ticket.label(), score)))
            })
            .await
        }
        ComponentId::Cancel { ticket } => {
            respond::answer(ctx, target, Mode::Reply { ephemeral: true }, async {
                let changed = bot.desk.act(ticket, actor, Action::Cancel { reason: None }).await?;
                Ok(Outgoing::text(requester::cancelled_by_you(&changed.ticket.label())))
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

pub async fn on_modal(bot: &Bot, ctx: &Context, m: &ModalInteraction, id: ComponentId) -> HandlerResult {
    let actor = actor_of(bot, &m.user, m.member.as_ref(), m.guild_id);
    let target = Target::Modal(m);
    match id {
        ComponentId::EscalateModal { ticket } => {
            let reason = modal_value(m, INPUT_REASON);
            respond::answer(ctx, target, Mode::Reply { ephemeral: true }, async {
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
            respond::answer(ctx, target, Mode::Reply { ephemeral: true }, async {
                let changed = bot.desk.act(ticket, actor, Action::Resolve { notes, code }).await?;
                Ok(confirmation(replies::resolved(&changed.ticket.label()), &changed))
            })
            .await
        }
        ComponentId::ReopenModal { ticket } => {
            let note = Some(modal_value(m, INPUT_NOTE)).filter(|n| !n.is_empty());
            respond::answer(ctx, target, Mode::Reply { ephemeral: true }, async {
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
