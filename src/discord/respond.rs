//! Answering interactions within Discord's 3 seconds, and exactly once: the work runs, and if it has
//! not finished after [`DEFER_AFTER`], the interaction is deferred first and the answer edited in
//! when the work is done.
//!
//! Discord takes one callback per interaction (a second one is refused with 40060), so everything
//! said after the first answer is a follow-up. Each interaction's first answer is remembered (see
//! [`answered`]) for as long as its token lives, and [`say`] picks a callback or an ephemeral
//! follow-up by it. An error is never shown by editing `@original`: after a deferred update (type 6)
//! that is the message the user clicked (a ticket's triage message, say), which must keep showing
//! the ticket.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{LazyLock, Mutex, PoisonError};
use std::time::{Duration, Instant};

use serenity::all::{
    CommandInteraction, ComponentInteraction, CreateInteractionResponse, CreateInteractionResponseMessage,
    CreateModal, Http, ModalInteraction,
};
use tokio::sync::oneshot;

use super::context::{HandlerError, HandlerResult};
use super::render::Outgoing;

/// After this long without an answer the interaction is deferred. Discord allows 3 seconds, counted
/// when the answer arrives: a busy process (an outage morning) can take most of a second between
/// deciding to defer and the deferral reaching Discord, so it is decided early.
pub const DEFER_AFTER: Duration = Duration::from_millis(1200);

/// How long a button that opens a form (a modal, which cannot follow a deferral) may spend checking
/// the ticket before it must answer; past it, the user is told the database is not answering.
pub const BEFORE_MODAL: Duration = Duration::from_millis(1800);

/// How long Discord keeps an interaction's token (and so how long its answer is remembered).
const TOKEN_LIFETIME: Duration = Duration::from_secs(15 * 60);

/// Discord's error code for a second callback to one interaction.
const ALREADY_ACKNOWLEDGED: isize = 40060;

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

/// How an interaction was first answered.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Answered {
    /// A message (type 4) or an update of the clicked message (type 7).
    Message,
    /// Deferred with a loading message (type 5): the first follow-up takes its place.
    Deferred,
    /// Deferred without a visible change (type 6): `@original` is the clicked message.
    DeferredUpdate,
    /// A modal (type 9).
    Modal,
    /// Discord says someone answered it already (40060), not how.
    Elsewhere,
}

impl Answered {
    fn of(response: &CreateInteractionResponse) -> Answered {
        match response {
            CreateInteractionResponse::Defer(_) => Answered::Deferred,
            CreateInteractionResponse::Acknowledge => Answered::DeferredUpdate,
            CreateInteractionResponse::Modal(_) => Answered::Modal,
            _ => Answered::Message,
        }
    }
}

/// The first answer of every interaction answered in the last [`TOKEN_LIFETIME`], by id.
static LEDGER: LazyLock<Mutex<HashMap<u64, (Instant, Answered)>>> = LazyLock::new(Default::default);

fn remember(interaction: u64, how: Answered) {
    let mut ledger = LEDGER.lock().unwrap_or_else(PoisonError::into_inner);
    // Forget interactions whose token has expired, so the ledger stays as small as the traffic.
    ledger.retain(|_, (at, _)| at.elapsed() < TOKEN_LIFETIME);
    ledger.entry(interaction).or_insert((Instant::now(), how));
}

/// How `target` was first answered, if it was: whatever is said next goes as a follow-up.
pub fn answered(target: Target<'_>) -> Option<Answered> {
    let ledger = LEDGER.lock().unwrap_or_else(PoisonError::into_inner);
    ledger.get(&target.id()).map(|(_, how)| *how)
}

tokio::task_local! {
    /// When the interaction being handled in this task arrived, and where its answer time goes.
    static ARRIVED: (Instant, crate::ops::Metrics);
}

/// Runs the handling of an interaction that arrived at `arrived`: its first answer, whenever it is
/// given, is counted in `metrics`' answer-time histogram.
pub async fn timed<F: Future>(metrics: crate::ops::Metrics, arrived: Instant, work: F) -> F::Output {
    ARRIVED.scope((arrived, metrics), work).await
}

tokio::task_local! {
    /// For an interaction received over HTTP (Discord's Interactions Endpoint URL): its first answer
    /// is the HTTP response, so it goes here instead of to the callback endpoint.
    static HTTP_ANSWER: Mutex<Option<oneshot::Sender<serde_json::Value>>>;
}

/// Runs the handling of an interaction received over HTTP: its first answer (a message, a deferral,
/// a modal) is sent to `answer` as the JSON of the HTTP response; everything after it (edits,
/// follow-ups) goes to Discord as usual.
pub async fn answer_in_http_response<F: Future>(
    answer: oneshot::Sender<serde_json::Value>,
    work: F,
) -> F::Output {
    HTTP_ANSWER.scope(Mutex::new(Some(answer)), work).await
}

/// The HTTP response's channel, if this task handles an interaction received over HTTP that has
/// not been answered yet (taken: an interaction has one first answer).
fn http_answer() -> Option<oneshot::Sender<serde_json::Value>> {
    HTTP_ANSWER.try_with(|slot| slot.lock().unwrap_or_else(PoisonError::into_inner).take()).ok().flatten()
}

/// Discord's JSON error code of a failed request, when it was one.
fn discord_code(e: &serenity::Error) -> Option<isize> {
    match e {
        serenity::Error::Http(serenity::http::HttpError::UnsuccessfulRequest(r)) => Some(r.error.code),
        _ => None,
    }
}

/// A failed first answer as a handler error. Refused because the interaction was answered already
/// (40060: another delivery of it, to this process or another, answered first), it is only to be
/// logged: telling the user again would add a message to an answer they already have.
fn failed_answer(e: serenity::Error) -> HandlerError {
    let already = discord_code(&e) == Some(ALREADY_ACKNOWLEDGED);
    let e = HandlerError::from(e);
    if already { HandlerError::Answered(Box::new(e)) } else { e }
}

impl Target<'_> {
    fn id(&self) -> u64 {
        match self {
            Target::Command(i) => i.id.get(),
            Target::Component(i) => i.id.get(),
            Target::Modal(i) => i.id.get(),
        }
    }

    /// The first answer (a callback), remembered once Discord has it.
    async fn create(&self, http: &Http, response: CreateInteractionResponse) -> serenity::Result<()> {
        let how = Answered::of(&response);
        let sent = match (http_answer(), self) {
            (Some(tx), _) => {
                let json = serde_json::to_value(&response).map_err(serenity::Error::Json)?;
                // The HTTP request gave up waiting (past Discord's 3 seconds): Discord has no answer.
                tx.send(json).map_err(|_| serenity::Error::Other("the interaction's HTTP request was closed"))
            }
            (None, Target::Command(i)) => i.create_response(http, response).await,
            (None, Target::Component(i)) => i.create_response(http, response).await,
            (None, Target::Modal(i)) => i.create_response(http, response).await,
        };
        match &sent {
            Ok(()) => {
                remember(self.id(), how);
                let _ =
                    ARRIVED.try_with(|(arrived, metrics)| metrics.interaction_answered(arrived.elapsed()));
            }
            Err(e) if discord_code(e) == Some(ALREADY_ACKNOWLEDGED) => {
                remember(self.id(), Answered::Elsewhere)
            }
            Err(_) => {}
        }
        sent
    }

    /// Puts the answer in place of the loading message (type 5), or of the clicked message (type 6).
    async fn edit(&self, http: &Http, out: Outgoing) -> serenity::Result<()> {
        let edit = out.into_edit_response();
        match self {
            Target::Command(i) => i.edit_response(http, edit).await.map(|_| ()),
            Target::Component(i) => i.edit_response(http, edit).await.map(|_| ()),
            Target::Modal(i) => i.edit_response(http, edit).await.map(|_| ()),
        }
    }

    /// A message after the first answer; ephemeral ones are seen by the user alone.
    async fn follow_up(&self, http: &Http, out: Outgoing, ephemeral: bool) -> serenity::Result<()> {
        let followup = out.into_followup(ephemeral);
        match self {
            Target::Command(i) => i.create_followup(http, followup).await.map(|_| ()),
            Target::Component(i) => i.create_followup(http, followup).await.map(|_| ()),
            Target::Modal(i) => i.create_followup(http, followup).await.map(|_| ()),
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
/// told to the user alone (see [`say`]: an ephemeral message, or an ephemeral follow-up once the
/// interaction was deferred, never an edit of the clicked message) and returned for logging as
/// already answered.
pub async fn answer<F>(http: &Http, target: Target<'_>, mode: Mode, work: F) -> HandlerResult
where
    F: Future<Output = HandlerResult<Outgoing>>,
{
    tokio::pin!(work);
    let early = tokio::select! {
        result = &mut work => Some(result),
        () = tokio::time::sleep(DEFER_AFTER) => None,
    };
    let result = match early {
        Some(Ok(out)) => {
            return target.create(http, message_response(out, mode)).await.map_err(failed_answer);
        }
        Some(Err(e)) => e,
        None => {
            let defer = match mode {
                Mode::Reply { ephemeral } => CreateInteractionResponse::Defer(
                    CreateInteractionResponseMessage::new().ephemeral(ephemeral),
                ),
                Mode::Update => CreateInteractionResponse::Acknowledge,
            };
            target.create(http, defer).await.map_err(failed_answer)?;
            match work.await {
                Ok(out) => return Ok(target.edit(http, out).await?),
                Err(e) => e,
            }
        }
    };
    // Another delivery of this interaction did the work and answered it: nothing to add.
    if !result.is_duplicate()
        && let Err(told) = say(http, target, result.user_message()).await
    {
        tracing::warn!(error = %told, "could not tell the user about an error");
    }
    Err(HandlerError::Answered(Box::new(result)))
}

/// Defers at once (type 5, a loading message) and edits the answer in when `work` is done: for work
/// known to take a while, such as reading a period's figures and drawing their chart. An error is
/// told to the user alone, as by [`answer`].
pub async fn answer_deferred<F>(http: &Http, target: Target<'_>, ephemeral: bool, work: F) -> HandlerResult
where
    F: Future<Output = HandlerResult<Outgoing>>,
{
    let defer =
        CreateInteractionResponse::Defer(CreateInteractionResponseMessage::new().ephemeral(ephemeral));
    target.create(http, defer).await.map_err(failed_answer)?;
    let result = match work.await {
        Ok(out) => return Ok(target.edit(http, out).await?),
        Err(e) => e,
    };
    if !result.is_duplicate()
        && let Err(told) = say(http, target, result.user_message()).await
    {
        tracing::warn!(error = %told, "could not tell the user about an error");
    }
    Err(HandlerError::Answered(Box::new(result)))
}

/// Answers with a modal (must be the first answer; no deferring possible).
pub async fn modal(http: &Http, target: Target<'_>, modal: CreateModal) -> HandlerResult {
    target.create(http, CreateInteractionResponse::Modal(modal)).await.map_err(failed_answer)
}

/// Runs `check` (the state a form depends on) for at most [`BEFORE_MODAL`], so a modal, which must
/// be the first answer, can still be opened in time. A check the database does not answer in time
/// fails as unavailable, and the user is told so within Discord's three seconds.
pub async fn before_modal<T, F>(check: F) -> HandlerResult<T>
where
    F: Future<Output = HandlerResult<T>>,
{
    match tokio::time::timeout(BEFORE_MODAL, check).await {
        Ok(result) => result,
        Err(_) => Err(HandlerError::database_too_slow(BEFORE_MODAL)),
    }
}

/// An ephemeral text for the user alone: the interaction's answer if it has none yet, else an
/// ephemeral follow-up (never a second callback, never an edit of `@original`). After a deferral
/// with a loading message (type 5), the follow-up takes that message's place.
pub async fn say(http: &Http, target: Target<'_>, text: impl Into<String>) -> HandlerResult {
    let out = Outgoing::text(text);
    match answered(target) {
        None => {
            let response = CreateInteractionResponse::Message(out.into_response(true));
            target.create(http, response).await.map_err(failed_answer)
        }
        Some(_) => Ok(target.follow_up(http, out, true).await?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_answer_is_remembered_and_not_replaced() {
        let id = 7_000_000_001;
        remember(id, Answered::DeferredUpdate);
        remember(id, Answered::Message);
        let ledger = LEDGER.lock().unwrap_or_else(PoisonError::into_inner);
        assert_eq!(ledger.get(&id).map(|(_, how)| *how), Some(Answered::DeferredUpdate));
    }

    #[test]
    fn a_deferral_is_told_from_a_message() {
        let defer = CreateInteractionResponse::Defer(CreateInteractionResponseMessage::new());
        assert_eq!(Answered::of(&defer), Answered::Deferred);
        assert_eq!(Answered::of(&CreateInteractionResponse::Acknowledge), Answered::DeferredUpdate);
        let message = CreateInteractionResponse::Message(CreateInteractionResponseMessage::new());
        assert_eq!(Answered::of(&message), Answered::Message);
    }
}
