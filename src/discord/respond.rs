//! Answering interactions within Discord's 3 seconds: the work runs, and if it has not finished after
//! [`DEFER_AFTER`], the interaction is deferred first and the answer edited in when the work is done.

use std::future::Future;
use std::time::Duration;

use serenity::all::{
    CommandInteraction, ComponentInteraction, Context, CreateInteractionResponse,
    CreateInteractionResponseMessage, CreateModal, ModalInteraction,
};

use super::context::{HandlerError, HandlerResult};
use super::render::{Outgoing, no_pings};

/// After this long without an answer the interaction is deferred (Discord allows 3 seconds).
pub const DEFER_AFTER: Duration = Duration::from_millis(2000);

/// The interaction being answered.
#[derive(Clone, Copy)]
pub enum Target<'a> {
    Command(&'a CommandInteraction),
    Component(&'a ComponentInteraction),
    Modal(&'a ModalInteraction),
}

/// How the answer is shown.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    /// A new message, only the user sees it (or everyone, in a DM it makes no difference).
    Reply { ephemeral: bool },
    /// Replaces the message the clicked component sits on.
    Update,
}

impl Target<'_> {
    async fn create(&self, ctx: &Context, response: CreateInteractionResponse) -> serenity::Result<()> {
        match self {
            Target::Command(i) => i.create_response(&ctx.http, response).await,
            Target::Component(i) => i.create_response(&ctx.http, response).await,
            Target::Modal(i) => i.create_response(&ctx.http, response).await,
        }
    }

    async fn edit(&self, ctx: &Context, out: Outgoing) -> serenity::Result<()> {
        let edit = out.into_edit_response();
        match self {
            Target::Command(i) => i.edit_response(&ctx.http, edit).await.map(|_| ()),
            Target::Component(i) => i.edit_response(&ctx.http, edit).await.map(|_| ()),
            Target::Modal(i) => i.edit_response(&ctx.http, edit).await.map(|_| ()),
        }
    }
}

fn message_response(out: Outgoing, mode: Mode) -> CreateInteractionResponse {
    match mode {
        Mode::Reply { ephemeral } => CreateInteractionResponse::Message(out.into_response(ephemeral)),
        Mode::Update => CreateInteractionResponse::UpdateMessage(out.into_response(false)),
    }
}

/// Runs `work` and answers with what it returns. If it takes longer than [`DEFER_AFTER`], defers
/// first (type 5, or 6 for an update) and edits the answer in afterwards. An error from `work` is
/// answered with its user-facing text (ephemeral) and returned for logging as already answered.
pub async fn answer<F>(ctx: &Context, target: Target<'_>, mode: Mode, work: F) -> HandlerResult
where
    F: Future<Output = HandlerResult<Outgoing>>,
{
    tokio::pin!(work);
    let early = tokio::select! {
        result = &mut work => Some(result),
        () = tokio::time::sleep(DEFER_AFTER) => None,
    };
    match early {
        Some(Ok(out)) => Ok(target.create(ctx, message_response(out, mode)).await?),
        Some(Err(e)) => {
            let text = e.user_message();
            target
                .create(ctx, message_response(Outgoing::text(text), Mode::Reply { ephemeral: true }))
                .await?;
            Err(HandlerError::Answered(Box::new(e)))
        }
        None => {
            let defer = match mode {
                Mode::Reply { ephemeral } => CreateInteractionResponse::Defer(
                    CreateInteractionResponseMessage::new().ephemeral(ephemeral),
                ),
                Mode::Update => CreateInteractionResponse::Acknowledge,
            };
            target.create(ctx, defer).await?;
            match work.await {
                Ok(out) => Ok(target.edit(ctx, out).await?),
                Err(e) => {
                    target.edit(ctx, Outgoing::text(e.user_message())).await?;
                    Err(HandlerError::Answered(Box::new(e)))
                }
            }
        }
    }
}

/// Answers with a modal (must be the first answer; no deferring possible).
pub async fn modal(ctx: &Context, target: Target<'_>, modal: CreateModal) -> HandlerResult {
    Ok(target.create(ctx, CreateInteractionResponse::Modal(modal)).await?)
}

/// An ephemeral text answer.
pub async fn say(ctx: &Context, target: Target<'_>, text: impl Into<String>) -> HandlerResult {
    let out = Outgoing::text(text);
    let mut msg = out.into_response(true);
    msg = msg.allowed_mentions(no_pings());
    Ok(target.create(ctx, CreateInteractionResponse::Message(msg)).await?)
}
