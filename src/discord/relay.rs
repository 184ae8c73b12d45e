//! The ticket's thread as the technicians' workspace: `/reply` there DMs the requester (and is
//! recorded), `/ask` asks them a question and waits for the answer; anything else said there is an
//! internal note, stored and never shown to the requester.
//! (What the requester DMs about an open ticket comes in through [`super::intake`], which relays it.)

use serenity::all::{CommandInteraction, Http, Message};

use super::catalogue::{replies, staff};
use super::commands::Options;
use super::context::{Bot, HandlerError, HandlerResult};
use super::render::{self, Outgoing};
use super::respond::{self, Mode, Target};
use crate::domain::text::{MESSAGE_CONTENT_MAX, fit_string, plain};

/// A message in a guild channel: a note when it is in a ticket's thread, else nothing to do.
pub async fn on_guild_message(bot: &Bot, _http: &Http, msg: &Message) -> HandlerResult {
    let in_our_guild = msg.guild_id.is_some_and(|g| g.get() as i64 == bot.config.guild_id);
    if !in_our_guild || msg.content.trim().is_empty() {
        return Ok(());
    }
    let Some(ticket) = bot.desk.ticket_by_thread(msg.channel_id.get() as i64).await? else {
        return Ok(());
    };
    let roles = msg.member.as_ref().map(|m| m.roles.as_slice());
    let actor = bot.actor(msg.author.id.get() as i64, msg.guild_id, roles);
    match bot.desk.note(ticket.id, actor, &msg.content).await {
        Ok(_) => Ok(()),
        // Someone who is not staff wrote in a ticket thread: nothing is recorded.
        Err(e) if e.is_user_facing() => {
            tracing::debug!(ticket = %ticket.label(), "message in a ticket thread from a non-staff member ignored");
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
}

/// `/reply text:` in a ticket's thread: DMs the requester through the outbox and shows in the thread
/// what was sent, so colleagues see it.
pub async fn on_reply(bot: &Bot, http: &Http, cmd: &CommandInteraction) -> HandlerResult {
    let actor =
        bot.actor(cmd.user.id.get() as i64, cmd.guild_id, cmd.member.as_ref().map(|m| m.roles.as_slice()));
    if !actor.roles().is_staff() {
        return Err(HandlerError::User(replies::only_technicians()));
    }
    let text = Options(&cmd.data.options).str("text").unwrap_or_default().to_owned();
    let thread = cmd.channel_id.get() as i64;
    respond::answer(http, Target::Command(cmd), Mode::Reply { ephemeral: false }, async {
        let ticket = bot
            .desk
            .ticket_by_thread(thread)
            .await?
            .ok_or_else(|| HandlerError::User(replies::not_in_a_ticket_thread()))?;
        let changed = bot.desk.reply(ticket.id, actor, &text).await?;
        // The text as stored (secrets masked), shown to colleagues.
        let sent = changed.events.first().and_then(|e| e.note.clone()).unwrap_or_default();
        let from = render::user(cmd.user.id.get() as i64);
        let line = staff::replied(&from, &plain(&sent));
        Ok(Outgoing::text(fit_string(line, MESSAGE_CONTENT_MAX)))
    })
    .await
}

/// `/ask question:` in a ticket's thread: the question goes to the requester by DM, the ticket waits
/// on them (its SLA clock paused) until they answer; the thread shows the question as a status line.
pub async fn on_ask(bot: &Bot, http: &Http, cmd: &CommandInteraction) -> HandlerResult {
    let actor =
        bot.actor(cmd.user.id.get() as i64, cmd.guild_id, cmd.member.as_ref().map(|m| m.roles.as_slice()));
    if !actor.roles().is_staff() {
        return Err(HandlerError::User(replies::only_technicians()));
    }
    let question = Options(&cmd.data.options).str("question").unwrap_or_default().to_owned();
    let thread = cmd.channel_id.get() as i64;
    respond::answer(http, Target::Command(cmd), Mode::Reply { ephemeral: true }, async {
        let ticket = bot
            .desk
            .ticket_by_thread(thread)
            .await?
            .ok_or_else(|| HandlerError::User(replies::not_in_a_ticket_thread()))?;
        let changed = bot.desk.ask_requester(ticket.id, actor, &question).await?;
        let mut text = replies::asked(&changed.ticket.label());
        if !changed.masked.is_empty() {
            text = format!("{text}\n{}", super::catalogue::intake::secret_masked());
        }
        Ok(Outgoing::text(text))
    })
    .await
}
