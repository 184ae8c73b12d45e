//! Intake on Discord: `/ticket` (modal first, DM after), the DM conversation, the requester's DMs
//! about an open ticket, and the timer of reminders and expiry — as glue around
//! [`crate::service::intake`], which holds the conversation, and the rendering of what it says.
//!
//! Each handler reads the event (a DM, the options of `/ticket`, a modal's inputs, a click), calls
//! one use case of the service and shows what it returns. What the requester is sent in their DM is
//! rendered here too, by [`DiscordView`], but handed to the service, which queues it with the change
//! it follows from; the outbox deliverer posts it. So a DM is never answered by the handler itself,
//! and an answer is delayed by a 429 or a 5xx, never lost.
//!
//! Where things are asked: in the interaction's own answers wherever the requester is interacting.
//! A free-text question carries **Answer**, which opens a modal (with the unanswered free-text
//! questions after it, up to five); a choice is a select; each click or modal submitted from a
//! message updates that message. From `/ticket` in the server the whole conversation is one
//! ephemeral message (the category select when no category is known, the modal, the remaining
//! questions, the review); from a DM, the bot's answer to the first DM. A DM typed as the answer
//! is still read, and answered with one message.
//!
//! Cost in Discord requests that count against the global limit (interaction answers do not): by
//! `/ticket` none before the ticket's triage post and thread; by DM, one (the answer to the first
//! DM) when the rest is answered with the message's controls, plus one per answer typed as a DM.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use serde_json::{Value, json};
use serenity::all::{
    ActionRowComponent, CommandInteraction, ComponentInteraction, ComponentInteractionDataKind, CreateModal,
    Http, Message, MessageFlags, ModalInteraction,
};
use tokio::sync::watch;

use super::catalogue::{intake as text, labels, replies, requester, said};
use super::commands::Options;
use super::context::{Bot, HandlerError, HandlerResult};
use super::ids::{ComponentId, IntakeId, Slug, intake_input};
use super::render::{self, CategoryChoice, EditItem, KnownFix, ModalQuestion, Outgoing};
use super::respond::{self, Mode, Target};
use crate::config::Helpdesk;
use crate::domain::article::Article;
use crate::domain::intake::{
    self as engine, Catalog, IntakeState, MODAL_QUESTIONS_MAX, Prompt, QuestionKind, Review, Step,
};
use crate::domain::text::{MESSAGE_CONTENT_MAX, TEXT_INPUT_LABEL_MAX, fit, fit_string, one_line, plain};
use crate::domain::{Answer, Ticket};
use crate::service::intake::{
    CATEGORY_KEY, Closing, Control, Framing, IncomingDm, IntakeError, IntakeView, Intakes, Notes, Reader,
    Refusal, Reply, SUMMARY_KEY, Swept, step_index,
};

/// How often abandoned intakes are looked for.
pub const HOUSEKEEPING_EVERY: StdDuration = StdDuration::from_secs(30);
/// A previous free-text answer shown when a question is asked again is cut to this.
const PREVIOUS_ANSWER_MAX: usize = 300;
/// Free-text questions that may be longer than this get a paragraph input in the modal.
const SHORT_INPUT_MAX: usize = 200;

/// Whether this module handles a component or modal id: every intake control and the `/ticket`
/// modal.
pub fn handles(id: &ComponentId) -> bool {
    id.intake().is_some() || matches!(id, ComponentId::TicketModal { .. })
}

// ---------------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------------

/// The lines said before the next step: why an answer was refused, and the warning when secrets
/// were masked.
fn note_lines(notes: &Notes) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(problem) = &notes.problem {
        lines.push(text::invalid_answer(&said::problem(problem)));
    }
    if !notes.masked.is_empty() {
        lines.push(text::secret_masked());
    }
    lines
}

/// `out` with `lines` above its content.
fn with_notes(mut out: Outgoing, lines: &[String]) -> Outgoing {
    if lines.is_empty() {
        return out;
    }
    let mut content = lines.join("\n");
    if !out.content.is_empty() {
        content.push('\n');
        content.push_str(&out.content);
    }
    out.content = content;
    out
}

/// The question as asked in a DM: the engine's text, the configured hint, and what is proposed (the
/// classification's suggestion, or the earlier answer when asked again).
fn question_text(prompt: &Prompt) -> String {
    let mut lines = vec![prompt_words(prompt)];
    let hint = prompt.hint.clone().or_else(|| labels::prompt_hint(&prompt.key));
    if let Some(hint) = hint.as_deref().map(one_line).filter(|h| !h.is_empty()) {
        lines.push(text::hint(&hint));
    }
    if let Some(suggested) = prompt.suggested.as_deref().filter(|s| !s.trim().is_empty()) {
        if prompt.choices.is_empty() {
            lines.push(text::current_answer(&fit_string(plain(&one_line(suggested)), PREVIOUS_ANSWER_MAX)));
        } else {
            lines.push(text::suggested_choice(&plain(&labels::choice(suggested))));
        }
    }
    lines.join("\n")
}

/// The question itself: a category's as configured (in the requester's language), a step every
/// intake asks in the catalogue's words.
fn prompt_words(prompt: &Prompt) -> String {
    match labels::prompt(&prompt.key) {
        Some(words) if prompt.text.is_empty() => words,
        _ => prompt.text.clone(),
    }
}

/// The category select, with the suggested category (the engine gives its name) preselected.
fn category_message(
    intake: IntakeId,
    prompt: Option<&Prompt>,
    catalog: &Catalog,
    framing: Framing,
) -> Outgoing {
    let choices: Vec<CategoryChoice<'_>> = catalog
        .categories
        .iter()
        .map(|c| CategoryChoice {
            id: &c.key,
            name: &c.name,
            description: Some(c.description.as_str()).filter(|d| !d.trim().is_empty()),
        })
        .collect();
    let suggested = prompt.and_then(|p| p.suggested.as_deref()).and_then(|name| catalog.find(name));
    let mut out = render::category_prompt(intake, &choices, suggested.map(|c| c.key.as_str()));
    if let (Framing::Next, Some(prompt)) = (framing, prompt) {
        let total = prompt.progress.total.map_or(0, |t| u32::try_from(t).unwrap_or(u32::MAX));
        out.content =
            render::intake_question(intake, step_index(prompt), total, &question_text(prompt), false, &[])
                .content;
    }
    out
}

/// One question: a select for choices, **Skip** when optional.
fn question_message(intake: IntakeId, prompt: &Prompt, framing: Framing) -> Outgoing {
    let total = prompt.progress.total.map_or(0, |t| u32::try_from(t).unwrap_or(u32::MAX));
    let mut out = render::intake_question(
        intake,
        step_index(prompt),
        total,
        &question_text(prompt),
        !prompt.required,
        &prompt.choices,
    );
    if framing == Framing::Opening {
        out.content = format!("{}\n{}\n{}", text::greeting(), out.content, text::never_send_passwords());
    }
    out
}

/// The review's answers as the triage embed shows them: everything but the summary (the title) and
/// the category (its own field).
fn review_answers(review: &Review) -> Vec<Answer> {
    review
        .items
        .iter()
        .filter(|i| i.key != SUMMARY_KEY && i.key != CATEGORY_KEY)
        .map(|i| Answer { key: i.key.clone(), question: labels::field(&i.label), value: review_value(i) })
        .collect()
}

/// The review, with the articles that match it.
fn review_message(intake: IntakeId, review: &Review, fixes: &[Article]) -> Outgoing {
    let known: Vec<KnownFix<'_>> =
        fixes.iter().map(|a| KnownFix { article: a.id, title: &a.title, steps: &a.steps }).collect();
    render::intake_review(
        intake,
        &review.draft.summary,
        &review.category_name,
        review.priority,
        &review_answers(review),
        &known,
        review.known.as_ref(),
    )
}

/// A review item's value as shown: impact and urgency in words.
fn review_value(item: &crate::domain::intake::ReviewItem) -> Option<String> {
    match item.key.as_str() {
        "impact" | "urgency" => item.value.as_deref().map(labels::choice),
        _ => item.value.clone(),
    }
}

fn edit_message(intake: IntakeId, review: &Review) -> Outgoing {
    let words: Vec<(String, Option<String>)> =
        review.items.iter().map(|i| (labels::field(&i.label), review_value(i))).collect();
    let items: Vec<EditItem<'_>> = review
        .items
        .iter()
        .zip(&words)
        .map(|(i, (label, value))| EditItem { key: &i.key, label, value: value.as_deref() })
        .collect();
    render::intake_edit(intake, &items)
}

/// What to show for a step of the conversation (`fixes` with the review).
fn step_message(
    intake: IntakeId,
    step: &Step,
    catalog: &Catalog,
    framing: Framing,
    fixes: &[Article],
) -> Outgoing {
    match step {
        Step::Ask(prompt) if prompt.key == CATEGORY_KEY => {
            category_message(intake, Some(prompt), catalog, framing)
        }
        Step::Ask(prompt) => question_message(intake, prompt, framing),
        Step::Review(review) => review_message(intake, review, fixes),
        Step::Cancelled => Outgoing::text(text::cancelled()),
    }
}

/// The end of a conversation, as the requester is told.
fn closing_message(closing: &Closing) -> Outgoing {
    Outgoing::text(match closing {
        Closing::Cancelled => text::cancelled(),
        Closing::SelfServed { .. } => text::self_served(),
        Closing::Expired => text::expired(),
        Closing::Submitted { ticket } => text::submitted(&ticket.label()),
        Closing::Joined { ticket, parent } => super::catalogue::incident::joined(&ticket.label(), parent),
    })
}

/// `#41, #40`: the tickets' numbers, without `except`.
fn labels(tickets: &[Ticket], except: Option<i64>) -> String {
    tickets.iter().filter(|t| Some(t.id) != except).map(Ticket::label).collect::<Vec<_>>().join(", ")
}

/// The confirmation of a relayed DM: which ticket it went to, how to reach the others, how to
/// report something new.
fn relayed(ticket: &Ticket, all: &[Ticket], masked: bool) -> String {
    let mut lines = vec![requester::message_relayed(&ticket.label())];
    if masked {
        lines.push(text::secret_masked());
    }
    if let Some(example) = all.iter().find(|t| t.id != ticket.id) {
        lines.push(requester::other_tickets_hint(&labels(all, Some(ticket.id)), &example.label()));
    }
    lines.push(requester::new_problem_hint());
    lines.join("\n")
}

/// Why something the requester did changed nothing, in their words.
fn refusal_text(refusal: &Refusal) -> String {
    match refusal {
        Refusal::Ended => text::ended(),
        Refusal::AlreadyAnswered => text::already_answered(),
        Refusal::Unusable => replies::expired_button(),
        Refusal::NotAnOpenTicket { number, open } => {
            requester::not_an_open_ticket(&number.to_string(), &labels(open, None))
        }
        Refusal::Incomplete(problem) => text::invalid_answer(&said::problem(problem)),
        Refusal::Desk(said) => said.clone(),
    }
}

/// The `/ticket` modal for the conversation as it stands: its first free-text questions (the
/// summary when not given, the description, the category's text questions), at most five. `None`
/// when there is nothing a modal can ask.
fn ticket_modal(state: &IntakeState, catalog: &Catalog) -> Option<CreateModal> {
    let questions = engine::modal_questions(state, catalog);
    // The steps every intake asks are worded by the catalogue; a category's questions as configured.
    let words: Vec<(String, Option<String>)> = questions
        .iter()
        .map(|q| match labels::modal_label(&q.key).filter(|_| q.prompt.is_empty()) {
            Some(label) => (fit_string(label, TEXT_INPUT_LABEL_MAX), labels::prompt_hint(&q.key)),
            None => (q.modal_label(), q.hint.clone()),
        })
        .collect();
    let inputs: Vec<ModalQuestion<'_>> = questions
        .iter()
        .zip(&words)
        .map(|(q, (label, hint))| {
            let max_chars = match q.kind {
                QuestionKind::Text { max_chars } => max_chars,
                QuestionKind::Choice { .. } => SHORT_INPUT_MAX,
            };
            ModalQuestion {
                label,
                placeholder: hint.as_deref(),
                value: None,
                required: q.required,
                long: max_chars > SHORT_INPUT_MAX,
                max_len: u16::try_from(max_chars).unwrap_or(u16::MAX),
            }
        })
        .collect();
    let slug = state.category().and_then(Slug::new);
    let name = state.category().and_then(|key| catalog.category(key)).map(|c| c.name.as_str());
    render::ticket_modal(slug.as_ref().zip(name), &inputs)
}

/// The modal **Answer** opens for the conversation as it stands: the unanswered free-text questions
/// from the one asked (as `/ticket`'s modal asks them), or, when the one asked is answered already
/// (asked again after **Edit** or `back`), that question alone with the answer so far.
fn answer_modal(intake: IntakeId, state: &IntakeState, helpdesk: &Helpdesk) -> Option<CreateModal> {
    let catalog = helpdesk.catalog_in(super::catalogue::lang());
    let prompt = match engine::current(state, catalog, helpdesk.rules()) {
        Step::Ask(prompt) if prompt.choices.is_empty() && prompt.key != CATEGORY_KEY => prompt,
        _ => return None,
    };
    if engine::modal_questions(state, catalog).first().is_some_and(|q| q.key == prompt.key) {
        return ticket_modal(state, catalog);
    }
    let label = match labels::modal_label(&prompt.key).filter(|_| prompt.text.is_empty()) {
        Some(label) => label,
        None => one_line(&prompt_words(&prompt)),
    };
    let label = fit_string(label, TEXT_INPUT_LABEL_MAX);
    let hint = prompt.hint.clone().or_else(|| labels::prompt_hint(&prompt.key));
    let max_chars = prompt.max_chars.unwrap_or(SHORT_INPUT_MAX);
    let question = ModalQuestion {
        label: &label,
        placeholder: hint.as_deref(),
        value: prompt.suggested.as_deref(),
        required: prompt.required,
        long: max_chars > SHORT_INPUT_MAX,
        max_len: u16::try_from(max_chars).unwrap_or(u16::MAX),
    };
    render::answer_modal(intake, step_index(&prompt), &question)
}

/// What the interaction shows for the service's reply.
fn reply_message(reply: Reply, helpdesk: &Helpdesk) -> Outgoing {
    let catalog = helpdesk.catalog_in(super::catalogue::lang());
    match reply {
        Reply::Step { intake, step, notes, fixes } => {
            with_notes(step_message(intake, &step, catalog, Framing::Next, &fixes), &note_lines(&notes))
        }
        Reply::ChooseCategory { intake, notes } => {
            with_notes(category_message(intake, None, catalog, Framing::Opening), &note_lines(&notes))
        }
        Reply::Edit { intake, review } => edit_message(intake, &review),
        // Where a modal cannot be shown, the step it would have asked.
        Reply::Modal { intake, state } => {
            let step = engine::current(&state, catalog, helpdesk.rules());
            step_message(intake, &step, catalog, Framing::Next, &[])
        }
        Reply::Closed(closing) => closing_message(&closing),
    }
}

/// Discord's JSON body of a new message, as the outbox keeps it: without `nonce` and
/// `enforce_nonce`, which the deliverer sets from the outbox row. The content is fitted to
/// Discord's limits by [`Outgoing`].
fn message_body(out: Outgoing) -> Value {
    let content = fit(&out.content, MESSAGE_CONTENT_MAX).into_owned();
    let mut body = serde_json::to_value(out.into_message()).unwrap_or_else(|e| {
        // A builder of strings and lists always serialises; should it not, the words still go.
        tracing::error!(error = %e, "a message could not be encoded; sending its text alone");
        json!({ "content": content, "allowed_mentions": { "parse": [] } })
    });
    if let Some(fields) = body.as_object_mut() {
        fields.remove("nonce");
        fields.remove("enforce_nonce");
    }
    body
}

/// Renders what the intake service queues for a requester, with the catalogue's words.
pub struct DiscordView;

impl IntakeView for DiscordView {
    fn step(
        &self,
        intake: IntakeId,
        step: &Step,
        framing: Framing,
        notes: &Notes,
        fixes: &[Article],
        catalog: &Catalog,
    ) -> Value {
        message_body(with_notes(step_message(intake, step, catalog, framing, fixes), &note_lines(notes)))
    }

    fn closing(&self, closing: &Closing) -> Value {
        message_body(closing_message(closing))
    }

    fn reminder(&self, intake: IntakeId, step: Option<&Step>, catalog: &Catalog) -> Value {
        message_body(match step {
            Some(step) => {
                with_notes(step_message(intake, step, catalog, Framing::Next, &[]), &[text::reminder()])
            }
            None => Outgoing::text(text::reminder()),
        })
    }

    fn relayed(&self, ticket: &Ticket, open: &[Ticket], masked: bool) -> Value {
        message_body(Outgoing::text(relayed(ticket, open, masked)))
    }

    fn refused(&self, refusal: &Refusal) -> Value {
        message_body(Outgoing::text(refusal_text(refusal)))
    }

    fn said(&self, e: &crate::service::ServiceError) -> String {
        super::context::service_message(e)
    }

    fn speaking(&self, lang: crate::domain::Lang, render: &dyn Fn() -> Value) -> Value {
        super::catalogue::in_lang(lang, render)
    }
}

// ---------------------------------------------------------------------------------------------------
// Handlers
// ---------------------------------------------------------------------------------------------------

/// The intake use cases of the bot's guild, rendered by [`DiscordView`].
fn intakes(bot: &Bot) -> Intakes<'_> {
    bot.desk
        .intakes(bot.config.guild_id, &bot.config.helpdesk, &DiscordView)
        .in_lang(super::catalogue::lang())
}

impl From<IntakeError> for HandlerError {
    fn from(e: IntakeError) -> Self {
        match e {
            IntakeError::Refused(refusal) => HandlerError::User(refusal_text(&refusal)),
            IntakeError::Service(e) => HandlerError::Service(e),
        }
    }
}

/// A DM to the bot, handed to the service, which queues the answer (see
/// [`Intakes::on_dm`](crate::service::intake::Intakes::on_dm)).
pub async fn on_direct_message(bot: &Bot, _http: &Http, msg: &Message) -> HandlerResult {
    if msg.author.bot || msg.guild_id.is_some() {
        return Ok(());
    }
    let attachments: Vec<String> = msg.attachments.iter().map(|a| a.url.clone()).collect();
    let dm = IncomingDm {
        user: msg.author.id.get() as i64,
        channel_id: msg.channel_id.get() as i64,
        text: &msg.content,
        attachments: &attachments,
    };
    intakes(bot).on_dm(&dm).await?;
    Ok(())
}

/// `/ticket [summary] [category]`: a new intake; then the modal with its first free-text
/// questions, or the category select when no category is known.
pub async fn on_ticket_command(bot: &Bot, http: &Http, cmd: &CommandInteraction) -> HandlerResult {
    let options = Options(&cmd.data.options);
    let user = cmd.user.id.get() as i64;
    let reader = Reader::InPlace;
    let target = Target::Command(cmd);
    let helpdesk = &bot.config.helpdesk;
    // The answer may be the modal, which cannot follow a deferral: the work must finish in time.
    let reply = respond::before_modal(async {
        Ok(intakes(bot).start_form(user, options.str("summary"), options.str("category"), &reader).await?)
    })
    .await?;
    if let Reply::Modal { state, .. } = &reply
        && let Some(modal) = ticket_modal(state, helpdesk.catalog_in(super::catalogue::lang()))
    {
        return respond::modal(http, target, modal).await;
    }
    // The category select is the form's: only the requester sees it, wherever they are.
    let ephemeral = cmd.guild_id.is_some() || matches!(reply, Reply::ChooseCategory { .. });
    let out = reply_message(reply, helpdesk);
    respond::answer(http, target, Mode::Reply { ephemeral }, async { Ok(out) }).await
}

/// The value of a modal's text input, `None` when the modal has no such input.
fn modal_input(m: &ModalInteraction, custom_id: &str) -> Option<String> {
    m.data.components.iter().flat_map(|row| row.components.iter()).find_map(|c| match c {
        ActionRowComponent::InputText(input) if input.custom_id == custom_id => {
            Some(input.value.clone().unwrap_or_default())
        }
        _ => None,
    })
}

/// An intake modal submitted (from `/ticket`, or from **Answer** on a question): its answers go to
/// the service at once, and the next question or the review is the modal's answer. That answer
/// is the first thing done: nothing is sent to Discord before it. A modal opened from a message
/// (the category select, **Answer**) updates that message; the one `/ticket` opened answers with
/// a message of its own, ephemeral in the server.
pub async fn on_modal(bot: &Bot, http: &Http, m: &ModalInteraction, id: ComponentId) -> HandlerResult {
    let user = m.user.id.get() as i64;
    let reader = Reader::InPlace;
    let mode = match m.message {
        Some(_) => Mode::Update,
        None => Mode::Reply { ephemeral: m.guild_id.is_some() },
    };
    let values: Vec<(usize, String)> =
        (0..MODAL_QUESTIONS_MAX).filter_map(|i| modal_input(m, &intake_input(i)).map(|v| (i, v))).collect();
    respond::answer(http, Target::Modal(m), mode, async {
        let reply = match &id {
            ComponentId::TicketModal { category } => {
                let built_for = category.as_ref().map(Slug::as_str);
                intakes(bot).form_answers(user, built_for, &values, &reader).await?
            }
            ComponentId::AnswerModal { intake, step } => {
                let value = values.first().map_or("", |(_, v)| v.as_str());
                intakes(bot).modal_answer(user, *intake, *step, value, &reader).await?
            }
            _ => return Err(HandlerError::User(replies::expired_button())),
        };
        Ok(reply_message(reply, &bot.config.helpdesk))
    })
    .await
}

fn selected(c: &ComponentInteraction) -> Option<String> {
    match &c.data.kind {
        ComponentInteractionDataKind::StringSelect { values } => values.first().cloned(),
        _ => None,
    }
}

/// What a click on an intake control asks, with the value picked in a select; `None` for an id
/// that is not an intake control.
fn control_of(id: &ComponentId, selected: Option<String>) -> Option<Control> {
    Some(match id {
        ComponentId::IntakeCategory { .. } => Control::Category { value: selected },
        ComponentId::IntakeChoice { step, .. } => Control::Choice { step: *step, value: selected },
        ComponentId::IntakeSkip { step, .. } => Control::Skip { step: *step },
        ComponentId::IntakeSubmit { .. } => Control::Submit,
        ComponentId::IntakeEdit { .. } => Control::Edit,
        ComponentId::IntakeEditItem { .. } => Control::EditItem { key: selected },
        ComponentId::IntakeCancel { .. } => Control::Cancel,
        ComponentId::IntakeSolved { article, .. } => Control::Solved { article: *article },
        ComponentId::IntakeNotThis { .. } => Control::NotThis,
        ComponentId::IntakeJoin { parent, .. } => Control::Join { parent: *parent },
        ComponentId::IntakeNotKnown { .. } => Control::NotKnown,
        _ => return None,
    })
}

/// A click on an intake control, answered by updating the message it is on. **Answer** opens the
/// question's modal; so does the `/ticket` category select, when free-text questions follow.
pub async fn on_component(
    bot: &Bot,
    http: &Http,
    c: &ComponentInteraction,
    id: ComponentId,
) -> HandlerResult {
    let user = c.user.id.get() as i64;
    let target = Target::Component(c);
    if let ComponentId::IntakeAnswer { intake, step } = id {
        // The modal must be the first answer: one read, not deferred.
        let reply =
            respond::before_modal(async { Ok(intakes(bot).answer_form(user, intake, step).await?) }).await?;
        let modal = match &reply {
            Reply::Modal { intake, state } => answer_modal(*intake, state, &bot.config.helpdesk),
            _ => None,
        };
        return match modal {
            Some(modal) => respond::modal(http, target, modal).await,
            None => Err(HandlerError::User(text::already_answered())),
        };
    }
    let (Some(intake), Some(control)) = (id.intake(), control_of(&id, selected(c))) else {
        return Err(HandlerError::User(replies::expired_button()));
    };
    let reader = Reader::InPlace;
    // The `/ticket` flow's messages are ephemeral (in the server they always are).
    let form = c.guild_id.is_some() || c.message.flags.is_some_and(|f| f.contains(MessageFlags::EPHEMERAL));
    let helpdesk = &bot.config.helpdesk;

    if form && matches!(control, Control::Category { .. }) {
        // The modal must be the first answer, so this work is not deferred (two quick reads and a
        // write).
        let reply = respond::before_modal(async {
            Ok(intakes(bot).click(user, intake, control, &reader, true).await?)
        })
        .await?;
        if let Reply::Modal { state, .. } = &reply
            && let Some(modal) = ticket_modal(state, helpdesk.catalog_in(super::catalogue::lang()))
        {
            return respond::modal(http, target, modal).await;
        }
        let out = reply_message(reply, helpdesk);
        return respond::answer(http, target, Mode::Update, async { Ok(out) }).await;
    }

    respond::answer(http, target, Mode::Update, async {
        let reply = intakes(bot).click(user, intake, control, &reader, form).await?;
        Ok(reply_message(reply, helpdesk))
    })
    .await
}

// ---------------------------------------------------------------------------------------------------
// Reminders and expiry
// ---------------------------------------------------------------------------------------------------

/// Runs [`sweep`] at start and every [`HOUSEKEEPING_EVERY`] until `stop` turns true.
pub async fn housekeeping(bot: Arc<Bot>, mut stop: watch::Receiver<bool>) {
    loop {
        if *stop.borrow() {
            break;
        }
        let swept = sweep(&bot).await;
        if swept != Swept::default() {
            tracing::info!(reminded = swept.reminded, expired = swept.expired, "intake housekeeping");
        }
        tokio::select! {
            () = tokio::time::sleep(HOUSEKEEPING_EVERY) => {}
            changed = stop.changed() => {
                if changed.is_err() {
                    break;
                }
            }
        }
    }
}

/// One pass over abandoned intakes by the bot's clock: reminders and expiry notes are queued for
/// the deliverer (see [`Intakes::sweep`](crate::service::intake::Intakes::sweep)).
pub async fn sweep(bot: &Bot) -> Swept {
    intakes(bot).sweep().await
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Duration, TimeZone, Utc};

    use super::*;
    use crate::domain::intake::{Outcome, Problem};
    use crate::domain::redact::SecretKind;
    use crate::domain::text::ACTION_ROWS_MAX;
    use crate::domain::{Impact, Level, Status, TicketNumber, Urgency};

    fn at(minutes: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 3, 14, 9, 0, 0).single().unwrap_or_default() + Duration::minutes(minutes)
    }

    fn ticket(id: i64, number: i64, updated: i64) -> Ticket {
        use crate::domain::intake::TicketDraft;
        let mut t = TicketDraft {
            summary: "VPN drops".into(),
            description: "It drops.".into(),
            category: "network".into(),
            impact: Impact::Individual,
            urgency: Urgency::Medium,
            answers: Vec::new(),
            level: Level::ONE,
        }
        .into_ticket(1, 1001, at(0));
        t.id = id;
        t.number = Some(TicketNumber(number));
        t.status = Status::Open;
        t.updated_at = at(updated);
        t.version = 1;
        t
    }

    fn json(out: Outgoing) -> Value {
        message_body(out)
    }

    fn custom_ids(message: &Value) -> Vec<Option<ComponentId>> {
        message["components"]
            .as_array()
            .map(|rows| {
                rows.iter()
                    .flat_map(|r| r["components"].as_array().cloned().unwrap_or_default())
                    .map(|c| c["custom_id"].as_str().and_then(ComponentId::parse))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn start(summary: Option<&str>) -> (IntakeState, Step) {
        let desk = Helpdesk::builtin();
        let started = engine::start(desk.catalog(), desk.rules(), summary, None);
        (started.state, started.step)
    }

    fn answer(state: &IntakeState, input: &str) -> (IntakeState, Step) {
        let desk = Helpdesk::builtin();
        match engine::answer(state, input, desk.catalog(), desk.rules()) {
            Outcome::Next { state, step, .. } => (state, step),
            other => panic!("{input:?} was not accepted: {other:?}"),
        }
    }

    /// Answers every question of the built-in "network" category up to the review.
    fn at_review() -> (IntakeState, Review) {
        let (mut state, _) = start(Some("VPN drops every five minutes"));
        for input in ["network", "It disconnects", "Wi-Fi", "Office 2", "No", "Just me", "High"] {
            state = answer(&state, input).0;
        }
        match engine::current(&state, Helpdesk::builtin().catalog(), Helpdesk::builtin().rules()) {
            Step::Review(review) => (state, review),
            other => panic!("not at the review: {other:?}"),
        }
    }

    #[test]
    fn the_relay_confirmation_names_the_ticket_and_the_way_to_the_others() {
        let tickets = [ticket(1, 40, 5), ticket(2, 41, 30)];
        let one = relayed(&tickets[1], &tickets[1..], false);
        assert!(one.contains("**#41**") && !one.contains("#40") && one.contains("`new`"), "{one}");
        let several = relayed(&tickets[1], &tickets, true);
        assert!(
            several.contains("**#41**") && several.contains("(#40)") && several.contains("`#40 ...`"),
            "{several}"
        );
        assert!(several.contains("Never send passwords"), "{several}");
    }

    #[test]
    fn the_opening_question_is_the_category_select_with_the_suggestion_preselected() {
        let (_, step) = start(Some("VPN drops every five minutes"));
        let message = json(step_message(9, &step, Helpdesk::builtin().catalog(), Framing::Opening, &[]));
        assert_eq!(custom_ids(&message), [Some(ComponentId::IntakeCategory { intake: 9 })]);
        let content = message["content"].as_str().unwrap_or_default();
        assert!(content.contains("Never send passwords"), "{content}");
        let options =
            message["components"][0]["components"][0]["options"].as_array().cloned().unwrap_or_default();
        let preselected: Vec<&str> =
            options.iter().filter(|o| o["default"] == true).filter_map(|o| o["value"].as_str()).collect();
        assert_eq!(preselected, ["network"]);
    }

    #[test]
    fn without_a_summary_the_summary_is_asked_first_with_a_greeting() {
        let (_, step) = start(None);
        let message = json(step_message(9, &step, Helpdesk::builtin().catalog(), Framing::Opening, &[]));
        let content = message["content"].as_str().unwrap_or_default();
        assert!(content.starts_with(&text::greeting()), "{content}");
        assert!(content.contains("**Question 1**\nIn one line"), "{content}");
        assert_eq!(custom_ids(&message), [Some(ComponentId::IntakeAnswer { intake: 9, step: 0 })]);
    }

    #[test]
    fn a_choice_question_carries_its_step_in_its_select() {
        let desk = Helpdesk::builtin();
        let (state, _) = start(Some("VPN drops every five minutes"));
        let (state, _) = answer(&state, "network");
        let (_, step) = answer(&state, "It disconnects");
        let Step::Ask(prompt) = &step else { panic!("{step:?}") };
        let message = json(step_message(9, &step, desk.catalog(), Framing::Next, &[]));
        let choice = ComponentId::IntakeChoice { intake: 9, step: step_index(prompt) };
        assert_eq!(custom_ids(&message), [Some(choice.clone())]);
        assert_eq!(
            control_of(&choice, Some("Wi-Fi".into())),
            Some(Control::Choice { step: step_index(prompt), value: Some("Wi-Fi".into()) })
        );
    }

    #[test]
    fn an_optional_question_offers_skip_for_its_step() {
        let desk = Helpdesk::builtin();
        let (state, _) = start(Some("Laptop does not start"));
        let (state, _) = answer(&state, "hardware");
        let (state, _) = answer(&state, "It stays black");
        let (_, step) = answer(&state, "Laptop");
        let Step::Ask(prompt) = &step else { panic!("{step:?}") };
        let skip = ComponentId::IntakeSkip { intake: 9, step: step_index(prompt) };
        let answer = ComponentId::IntakeAnswer { intake: 9, step: step_index(prompt) };
        assert_eq!(
            custom_ids(&json(step_message(9, &step, desk.catalog(), Framing::Next, &[]))),
            [Some(answer), Some(skip.clone())]
        );
        assert_eq!(control_of(&skip, None), Some(Control::Skip { step: step_index(prompt) }));
        assert_eq!(control_of(&ComponentId::Claim { ticket: 1 }, None), None);
    }

    #[test]
    fn the_modal_asks_the_summary_when_not_given_and_names_its_category() {
        let desk = Helpdesk::builtin();
        let started = engine::start(desk.catalog(), desk.rules(), None, Some("hardware"));
        let modal =
            ticket_modal(&started.state, desk.catalog()).map(|m| serde_json::to_value(m).unwrap_or_default());
        let Some(modal) = modal else { panic!("no modal") };
        assert_eq!(
            modal["custom_id"].as_str().and_then(ComponentId::parse),
            Some(ComponentId::TicketModal { category: Slug::new("hardware") })
        );
        let inputs: Vec<(String, String)> = modal["components"]
            .as_array()
            .map(|rows| {
                rows.iter()
                    .map(|r| {
                        let input = &r["components"][0];
                        (
                            input["custom_id"].as_str().unwrap_or("").to_owned(),
                            input["label"].as_str().unwrap_or("").to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(inputs.first().map(|i| i.0.as_str()), Some("q0"));
        assert!(inputs.first().is_some_and(|i| i.1.starts_with("Summary")), "{inputs:?}");
        assert!(inputs.len() <= 5 && inputs.len() >= 2, "{inputs:?}");

        let with_summary =
            engine::start(desk.catalog(), desk.rules(), Some("Screen flickers"), Some("hardware"));
        let modal = ticket_modal(&with_summary.state, desk.catalog())
            .map(|m| serde_json::to_value(m).unwrap_or_default());
        let first = modal.map(|m| m["components"][0]["components"][0]["label"].clone()).unwrap_or_default();
        assert!(first.as_str().is_some_and(|l| !l.starts_with("Summary")), "{first}");
    }

    #[test]
    fn the_review_shows_the_answers_and_edit_offers_each_of_them() {
        let (_, review) = at_review();
        let answers = review_answers(&review);
        assert!(answers.iter().all(|a| a.key != "summary" && a.key != "category"));
        assert!(answers.iter().any(|a| a.key == "description"));
        let message = json(review_message(9, &review, &[]));
        assert_eq!(
            custom_ids(&message),
            [
                Some(ComponentId::IntakeSubmit { intake: 9 }),
                Some(ComponentId::IntakeEdit { intake: 9 }),
                Some(ComponentId::IntakeCancel { intake: 9 })
            ]
        );
        let edit = json(edit_message(9, &review));
        let values: Vec<String> = edit["components"][0]["components"][0]["options"]
            .as_array()
            .map(|o| o.iter().filter_map(|o| o["value"].as_str().map(str::to_owned)).collect())
            .unwrap_or_default();
        let keys: Vec<String> = review.items.iter().map(|i| i.key.clone()).collect();
        assert_eq!(values, keys);
    }

    #[test]
    fn an_edit_pick_asks_that_question_again_with_the_answer_so_far() {
        let desk = Helpdesk::builtin();
        let (state, _) = at_review();
        let outcome = engine::edit(&state, "description", desk.catalog(), desk.rules());
        let Outcome::Next { step, .. } = outcome else { panic!("{outcome:?}") };
        let message = json(step_message(9, &step, desk.catalog(), Framing::Next, &[]));
        let content = message["content"].as_str().unwrap_or_default();
        assert!(content.contains("Your answer so far: It disconnects"), "{content}");
    }

    #[test]
    fn refusals_and_masked_secrets_are_said_before_the_question() {
        let lines =
            note_lines(&Notes { problem: Some(Problem::Required), masked: vec![SecretKind::Password] });
        assert_eq!(lines.len(), 2);
        assert!(lines[0].contains("cannot be skipped"));
        assert!(lines[1].contains("Never send passwords"));
        let out = with_notes(Outgoing::text("Question"), &lines);
        assert!(out.content.ends_with("\nQuestion"));
        assert!(note_lines(&Notes::default()).is_empty());
    }

    #[test]
    fn a_reminder_asks_the_current_question_again() {
        let (state, _) = start(Some("VPN drops every five minutes"));
        let desk = Helpdesk::builtin();
        let step = engine::current(&state, desk.catalog(), desk.rules());
        let message = DiscordView.reminder(5, Some(&step), desk.catalog());
        assert!(message["content"].as_str().is_some_and(|c| c.starts_with(&text::reminder())));
        assert_eq!(custom_ids(&message), [Some(ComponentId::IntakeCategory { intake: 5 })]);
        assert_eq!(DiscordView.reminder(5, None, desk.catalog())["content"], text::reminder());
    }

    #[test]
    fn queued_messages_carry_no_nonce_and_fit_discords_limits() {
        let desk = Helpdesk::builtin();
        let (_, review) = at_review();
        let long = "x".repeat(3 * MESSAGE_CONTENT_MAX);
        let notes = Notes { problem: Some(Problem::NoMatch { hint: Some(long) }), masked: vec![] };
        let bodies = [
            DiscordView.step(9, &Step::Review(review.clone()), Framing::Next, &notes, &[], desk.catalog()),
            DiscordView.step(9, &start(None).1, Framing::Opening, &notes, &[], desk.catalog()),
            DiscordView.closing(&Closing::Cancelled),
            DiscordView.refused(&Refusal::Ended),
        ];
        for body in &bodies {
            let fields = body.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()).unwrap_or_default();
            assert!(
                !fields.contains(&"nonce".to_owned()) && !fields.contains(&"enforce_nonce".to_owned()),
                "{body}"
            );
            let content = body["content"].as_str().unwrap_or_default();
            assert!(content.chars().count() <= MESSAGE_CONTENT_MAX, "{} characters", content.chars().count());
            assert!(body["components"].as_array().map_or(0, Vec::len) <= ACTION_ROWS_MAX);
            assert_eq!(body["allowed_mentions"]["parse"], json!([]), "pings nobody: {body}");
        }
        assert!(bodies[0]["embeds"].as_array().is_some_and(|e| e.len() == 1), "the review embed");
    }

    #[test]
    fn answer_opens_the_unanswered_free_text_questions_or_the_one_asked_again_with_its_answer() {
        let desk = Helpdesk::builtin();
        let (state, _) = start(Some("VPN drops every five minutes"));
        let (state, _) = answer(&state, "network");
        let modal = answer_modal(9, &state, &desk).map(|m| serde_json::to_value(m).unwrap_or_default());
        let Some(modal) = modal else { panic!("no modal") };
        assert_eq!(
            modal["custom_id"].as_str().and_then(ComponentId::parse),
            Some(ComponentId::TicketModal { category: Slug::new("network") })
        );
        assert_eq!(
            modal["components"].as_array().map(Vec::len),
            Some(2),
            "description and location: {modal}"
        );

        let (state, _) = at_review();
        let edited = match engine::edit(&state, "description", desk.catalog(), desk.rules()) {
            Outcome::Next { state, .. } => state,
            other => panic!("{other:?}"),
        };
        let modal = answer_modal(9, &edited, &desk).map(|m| serde_json::to_value(m).unwrap_or_default());
        let Some(modal) = modal else { panic!("no modal") };
        assert_eq!(
            modal["custom_id"].as_str().and_then(ComponentId::parse),
            Some(ComponentId::AnswerModal { intake: 9, step: 2 })
        );
        let input = &modal["components"][0]["components"][0];
        assert_eq!(input["value"], "It disconnects", "{modal}");
        assert_eq!(modal["components"].as_array().map(Vec::len), Some(1));
        assert!(answer_modal(9, &start(Some("VPN drops")).0, &desk).is_none(), "the category is a select");
    }

    #[test]
    fn refusals_are_worded_from_the_catalogue() {
        let tickets = [ticket(1, 40, 5)];
        let text =
            refusal_text(&Refusal::NotAnOpenTicket { number: TicketNumber(7), open: tickets.to_vec() });
        assert!(text.contains("**#7**") && text.contains("#40"), "{text}");
        assert_eq!(refusal_text(&Refusal::Ended), text::ended());
    }

    #[test]
    fn intake_ids_and_the_ticket_modal_are_handled_here() {
        assert!(handles(&ComponentId::IntakeEditItem { intake: 1 }));
        assert!(handles(&ComponentId::TicketModal { category: None }));
        assert!(handles(&ComponentId::AnswerModal { intake: 1, step: 2 }));
        assert!(handles(&ComponentId::IntakeAnswer { intake: 1, step: 2 }));
        assert!(!handles(&ComponentId::Claim { ticket: 1 }));
    }
}
