//! Intake on Discord: `/ticket` (modal first, DM after), the DM conversation, the requester's DMs
//! about an open ticket (relayed into its thread), and the reminders and expiry of abandoned intakes.
//!
//! The conversation itself is the pure engine in [`crate::domain::intake`]; this module loads its
//! state from the store (one active intake per guild and user, as JSON), feeds it what the requester
//! typed, clicked or submitted, saves the new state and renders what comes next. Nothing is kept in
//! memory between two messages, so a restart mid-intake loses nothing, and every time comes from the
//! desk's clock ([`Bot::now`]).
//!
//! Where things are asked: questions are asked where the requester can type the answer. In a DM the
//! conversation runs in place: every DM is answered with exactly one message, and a click updates
//! the message it was on. From `/ticket` in the server, the interaction shows the category select (when
//! no category is known), the modal with the first free-text questions, and the review; any question
//! after the modal goes to the requester's DM channel (cached, so one request), and the interaction
//! says "continue in your DMs". `/ticket` used in a DM answers in the DM itself, without a separate
//! DM.
//!
//! `/ticket` always starts a new request: an unfinished intake is ended as cancelled. Someone who
//! types `/ticket` asks for the form, not for the half-finished DM conversation; the DM one is the
//! one that continues by itself. A DM from someone without an intake but with open tickets is relayed
//! to the most recently updated of them (or to `#N` when the DM starts with it); `new` starts an
//! intake instead.
//!
//! Cost in Discord requests that count against the global limit (interaction answers do not): on
//! the DM path one message per typed DM (the first message, then one per free-text answer), none for
//! clicks; the triage post is the outbox's.

use std::num::NonZeroU64;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use serenity::all::{
    ActionRowComponent, ChannelId, CommandInteraction, ComponentInteraction, ComponentInteractionDataKind,
    Context, CreateModal, Http, Message, MessageFlags, ModalInteraction, UserId,
};
use tokio::sync::watch;

use super::catalogue::{intake as text, replies, requester};
use super::commands::Options;
use super::context::{Bot, HandlerError, HandlerResult};
use super::ids::{ComponentId, IntakeId, Slug, intake_input};
use super::render::{self, CategoryChoice, EditItem, KnownFix, ModalQuestion, Outgoing};
use super::respond::{self, Mode, Target};
use crate::domain::classify::{Rule, classify};
use crate::domain::intake::{
    self as engine, Catalog, DESCRIPTION_MAX_CHARS, IntakeState, Outcome, Problem, Prompt, QuestionKind,
    Review, SUMMARY_MAX_CHARS, StateError, Step, TicketDraft,
};
use crate::domain::redact::SecretKind;
use crate::domain::similar::similar;
use crate::domain::text::{char_count, fit_string, one_line, plain};
use crate::domain::{Actor, Answer, DiscordId, Roles, Ticket, TicketNumber};
use crate::service::ServiceError;
use crate::store::{IntakeEnd, IntakeRecord, Page, QueueFilter, StoreError};

/// How often abandoned intakes are looked for.
pub const HOUSEKEEPING_EVERY: StdDuration = StdDuration::from_secs(30);
/// Intakes handled per store query in a sweep.
const SWEEP_BATCH: i64 = 200;
/// Recent closed tickets of the category compared with a new one for known fixes.
const KNOWN_FIX_CANDIDATES: i64 = 200;
/// Known fixes shown at the review.
const KNOWN_FIXES_SHOWN: usize = 3;
/// Open tickets considered when relaying a DM (a requester rarely has more).
const RELAY_CANDIDATES: i64 = 25;
/// A previous free-text answer shown when a question is asked again is cut to this.
const PREVIOUS_ANSWER_MAX: usize = 300;
/// Free-text questions that may be longer than this get a paragraph input in the modal.
const SHORT_INPUT_MAX: usize = 200;
/// The keys of the engine's steps shown in the review's title and category field.
const SUMMARY_KEY: &str = "summary";
const CATEGORY_KEY: &str = "category";
const DESCRIPTION_KEY: &str = "description";
/// Discord's "Cannot send messages to this user" and "Unknown Channel".
const CANNOT_DM_USER: isize = 50007;
const UNKNOWN_CHANNEL: isize = 10003;

/// What a DM means when it asks for a new request rather than being about an open ticket.
const NEW_REQUEST: &[&str] =
    &["new", "new ticket", "new request", "new problem", "new issue", "ticket", "/ticket"];
/// Openings that are not part of a summary, longest first.
const GREETINGS: &[&str] = &[
    "good afternoon",
    "good morning",
    "good evening",
    "hello there",
    "hi there",
    "hey there",
    "hello",
    "hallo",
    "hiya",
    "hey",
    "hola",
    "ciao",
    "hi",
    "yo",
];
/// One-liners that ask for help without saying what is wrong: not a summary.
const NOT_A_SUMMARY: &[&str] = &[
    "help",
    "help me",
    "help please",
    "please help",
    "need help",
    "i need help",
    "i need some help",
    "can you help",
    "can you help me",
    "can someone help",
    "can someone help me",
    "i have a problem",
    "i have an issue",
    "i have a question",
    "i need assistance",
    "are you there",
    "is anyone there",
    "anyone there",
];

/// Whether this module handles a component or modal id: every intake control and the `/ticket`
/// modal.
pub fn handles(id: &ComponentId) -> bool {
    id.intake().is_some() || matches!(id, ComponentId::TicketModal { .. })
}

// ---------------------------------------------------------------------------------------------------
// Pure decisions
// ---------------------------------------------------------------------------------------------------

/// What a DM from someone without an intake is for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum DmRoute {
    /// Start an intake with what the message already says.
    Start { summary: Option<String>, description: Option<String> },
    /// Relay `text` to `tickets[index]`.
    Relay { index: usize, text: String },
    /// The DM starts with `#N`, which is not one of the requester's open tickets.
    NotYours { number: TicketNumber },
}

/// Decides what a DM is for, given the requester's open tickets (any order). Pure, so the rules are
/// tested without Discord.
fn route_dm(message: &str, tickets: &[Ticket]) -> DmRoute {
    if is_new_request(message) {
        return DmRoute::Start { summary: None, description: None };
    }
    if tickets.is_empty() {
        return start_route(message);
    }
    if let Some((number, rest)) = leading_number(message) {
        return match tickets.iter().position(|t| t.number == Some(number)) {
            Some(index) => DmRoute::Relay { index, text: rest.to_owned() },
            None => DmRoute::NotYours { number },
        };
    }
    let index = tickets.iter().enumerate().max_by_key(|(_, t)| (t.updated_at, t.id)).map_or(0, |(i, _)| i);
    DmRoute::Relay { index, text: message.trim().to_owned() }
}

/// The start of an intake from a first DM: its one line as the summary when it is one; a longer
/// message (several lines, or more than a summary holds) also becomes the description, so the
/// requester is not asked again what they already wrote.
fn start_route(message: &str) -> DmRoute {
    let message = message.trim();
    let lines: Vec<&str> = message.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let first = lines.iter().map(|l| strip_greeting(l)).find(|l| !l.is_empty());
    let summary = first.and_then(plausible_summary);
    let substantial = lines.len() > 1 || char_count(message) > SUMMARY_MAX_CHARS;
    let description =
        (substantial && char_count(message) <= DESCRIPTION_MAX_CHARS).then(|| message.to_owned());
    DmRoute::Start { summary, description }
}

/// `new`, `new ticket`, … (any case, trailing punctuation ignored).
fn is_new_request(message: &str) -> bool {
    let words = normalise(message);
    NEW_REQUEST.contains(&words.as_str())
}

/// Lower case, single spaces, without the punctuation around it.
fn normalise(text: &str) -> String {
    one_line(text)
        .to_lowercase()
        .trim_matches(|c: char| c.is_ascii_punctuation() && c != '/')
        .trim()
        .to_owned()
}

/// `#42 the rest` → (#42, "the rest").
fn leading_number(message: &str) -> Option<(TicketNumber, &str)> {
    let trimmed = message.trim_start();
    let rest = trimmed.strip_prefix('#')?;
    let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
    let number = TicketNumber::parse(rest.get(..digits)?)?;
    let after = rest.get(digits..)?.trim_start_matches([':', ',', '-', ' ']).trim();
    Some((number, after))
}

/// The line without a leading greeting (`Hi, the VPN…` → `the VPN…`).
fn strip_greeting(line: &str) -> &str {
    let line = line.trim();
    let lower = line.to_lowercase();
    for greeting in GREETINGS {
        let boundary = lower.get(greeting.len()..).and_then(|rest| rest.chars().next());
        if lower.starts_with(greeting) && boundary.is_none_or(|c| !c.is_alphanumeric()) {
            // ASCII greetings: the byte length is the same in `line`.
            return line.get(greeting.len()..).unwrap_or("").trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, ',' | '!' | '.' | ':' | '-' | '—')
            });
        }
    }
    line
}

/// `line` when it reads like a summary of a problem: one line of at least two words and 8
/// characters, at most a summary's length, and more than a greeting or a plea for help.
fn plausible_summary(line: &str) -> Option<String> {
    let line = line.trim();
    let fits = !line.contains(['\n', '\r']) && (8..=SUMMARY_MAX_CHARS).contains(&char_count(line));
    let words = line.split_whitespace().count();
    let filler = NOT_A_SUMMARY.contains(&normalise(line).as_str());
    (fits && words >= 2 && !filler && !is_new_request(line)).then(|| line.to_owned())
}

/// The step index a question's controls carry (0-based position in the conversation), so a click
/// on an old question is recognised.
fn step_index(prompt: &Prompt) -> u32 {
    u32::try_from(prompt.progress.step.saturating_sub(1)).unwrap_or(u32::MAX)
}

/// What a click asks the engine to do, once checked against the conversation as it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Click {
    /// An answer to the current question, as if typed.
    Answer(String),
    /// The category, which `/ticket` asks before the summary (so not necessarily the current step).
    Category(String),
    Submit,
    /// Show the select of the review's answers.
    Edit,
    EditItem(String),
    Cancel,
    /// A known fix solved it.
    Solved,
}

/// Why a click is not applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stale {
    /// The question it answers is not the current one any more.
    Answered,
    /// It carries no usable value (or is not an intake control).
    Unusable,
}

/// Checks a click against the conversation: a select or Skip of a question that is no longer the
/// current one is stale (its step or its value no longer fits), so an old message can never answer
/// the wrong question.
fn read_click(
    state: &IntakeState,
    id: &ComponentId,
    selected: Option<&str>,
    catalog: &Catalog,
    rules: &[Rule],
) -> Result<Click, Stale> {
    let current = engine::current(state, catalog, rules);
    let asked = match &current {
        Step::Ask(prompt) => Some(prompt),
        _ => None,
    };
    match id {
        ComponentId::IntakeCategory { .. } => {
            let value = selected.ok_or(Stale::Unusable)?;
            if catalog.category(value).is_none() {
                return Err(Stale::Unusable);
            }
            let asking_category = asked.is_some_and(|p| p.key == CATEGORY_KEY);
            if asking_category {
                Ok(Click::Answer(value.to_owned()))
            } else if state.category().is_none() {
                Ok(Click::Category(value.to_owned()))
            } else {
                Err(Stale::Answered)
            }
        }
        ComponentId::IntakeChoice { step, .. } => {
            let value = selected.ok_or(Stale::Unusable)?;
            let prompt = asked.filter(|p| step_index(p) == *step).ok_or(Stale::Answered)?;
            if prompt.choices.iter().any(|c| c == value) {
                Ok(Click::Answer(value.to_owned()))
            } else {
                Err(Stale::Answered)
            }
        }
        ComponentId::IntakeSkip { step, .. } => {
            let prompt = asked.filter(|p| step_index(p) == *step && !p.required).ok_or(Stale::Answered)?;
            let _ = prompt;
            Ok(Click::Answer("skip".to_owned()))
        }
        ComponentId::IntakeSubmit { .. } => Ok(Click::Submit),
        ComponentId::IntakeEdit { .. } => Ok(Click::Edit),
        ComponentId::IntakeEditItem { .. } => {
            selected.map(|v| Click::EditItem(v.to_owned())).ok_or(Stale::Unusable)
        }
        ComponentId::IntakeCancel { .. } => Ok(Click::Cancel),
        ComponentId::IntakeSolved { .. } => Ok(Click::Solved),
        _ => Err(Stale::Unusable),
    }
}

/// The lines said before the next step: why an answer was refused, and the warning when secrets
/// were masked.
fn notes(masked: &[SecretKind], problem: Option<&Problem>) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(problem) = problem {
        lines.push(text::invalid_answer(&problem.to_string()));
    }
    if !masked.is_empty() {
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

/// How a step is framed: as the first message of a conversation (a welcome, the password warning) or
/// as the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Framing {
    Opening,
    Next,
}

/// The question as asked in a DM: the engine's text, the configured hint, and what is proposed (the
/// classification's suggestion, or the earlier answer when asked again).
fn question_text(prompt: &Prompt) -> String {
    let mut lines = vec![prompt.text.clone()];
    if let Some(hint) = prompt.hint.as_deref().map(one_line).filter(|h| !h.is_empty()) {
        lines.push(text::hint(&hint));
    }
    if let Some(suggested) = prompt.suggested.as_deref().filter(|s| !s.trim().is_empty()) {
        if prompt.choices.is_empty() {
            lines.push(text::current_answer(&fit_string(plain(&one_line(suggested)), PREVIOUS_ANSWER_MAX)));
        } else {
            lines.push(text::suggested_choice(&plain(suggested)));
        }
    }
    lines.join("\n")
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
        .map(|i| Answer { key: i.key.clone(), question: i.label.clone(), value: i.value.clone() })
        .collect()
}

fn review_message(intake: IntakeId, review: &Review) -> Outgoing {
    review_with_fixes(intake, review, &[])
}

fn review_with_fixes(intake: IntakeId, review: &Review, fixes: &[Ticket]) -> Outgoing {
    let labels: Vec<String> = fixes.iter().map(Ticket::label).collect();
    let known: Vec<KnownFix<'_>> = fixes
        .iter()
        .zip(&labels)
        .map(|(t, label)| KnownFix {
            ticket: t.id,
            label,
            summary: &t.summary,
            resolution: t.resolution_notes.as_deref().unwrap_or_default(),
        })
        .collect();
    render::intake_review(
        intake,
        &review.draft.summary,
        &review.category_name,
        review.priority,
        &review_answers(review),
        &known,
    )
}

/// Closed tickets of the same category that look like this one, with their resolutions: shown at
/// the review so a requester can help themselves ("This fixed it") before a ticket is opened.
async fn known_fixes(bot: &Bot, review: &Review) -> Vec<Ticket> {
    let draft = &review.draft;
    match bot
        .desk
        .store()
        .closed_resolutions(bot.config.guild_id, &draft.category, KNOWN_FIX_CANDIDATES)
        .await
    {
        Ok(candidates) => {
            let text = format!("{} {}", draft.summary, draft.description);
            similar(&text, &candidates, KNOWN_FIXES_SHOWN).into_iter().cloned().collect()
        }
        Err(e) => {
            // Known fixes are a help, not a step: without them the review still works.
            tracing::warn!(error = %e, "could not look up known fixes");
            Vec::new()
        }
    }
}

fn edit_message(intake: IntakeId, review: &Review) -> Outgoing {
    let items: Vec<EditItem<'_>> = review
        .items
        .iter()
        .map(|i| EditItem { key: &i.key, label: &i.label, value: i.value.as_deref() })
        .collect();
    render::intake_edit(intake, &items)
}

/// What to show for a step of the conversation.
fn step_message(intake: IntakeId, step: &Step, catalog: &Catalog, framing: Framing) -> Outgoing {
    match step {
        Step::Ask(prompt) if prompt.key == CATEGORY_KEY => {
            category_message(intake, Some(prompt), catalog, framing)
        }
        Step::Ask(prompt) => question_message(intake, prompt, framing),
        Step::Review(review) => review_message(intake, review),
        Step::Cancelled => Outgoing::text(text::cancelled()),
    }
}

/// The question in one line, for "DM me your answer to: …".
fn question_line(step: &Step) -> String {
    match step {
        Step::Ask(prompt) => fit_string(one_line(&prompt.text), PREVIOUS_ANSWER_MAX),
        _ => String::new(),
    }
}

/// The category's slug as the modal's id carries it (`None` when the key cannot travel in an id).
fn category_slug(state: &IntakeState) -> Option<Slug> {
    state.category().and_then(Slug::new)
}

/// The `/ticket` modal for the conversation as it stands: its first free-text questions (the
/// summary when not given, the description, the category's text questions), at most five. `None`
/// when there is nothing a modal can ask.
fn ticket_modal(state: &IntakeState, catalog: &Catalog) -> Option<CreateModal> {
    let questions = engine::modal_questions(state, catalog);
    let labels: Vec<String> = questions.iter().map(|q| q.modal_label()).collect();
    let inputs: Vec<ModalQuestion<'_>> = questions
        .iter()
        .zip(&labels)
        .map(|(q, label)| {
            let max_chars = match q.kind {
                QuestionKind::Text { max_chars } => max_chars,
                QuestionKind::Choice { .. } => SHORT_INPUT_MAX,
            };
            ModalQuestion {
                label,
                placeholder: q.hint.as_deref(),
                value: None,
                required: q.required,
                long: max_chars > SHORT_INPUT_MAX,
                max_len: u16::try_from(max_chars).unwrap_or(u16::MAX),
            }
        })
        .collect();
    let slug = category_slug(state);
    let name = state.category().and_then(|key| catalog.category(key)).map(|c| c.name.as_str());
    render::ticket_modal(slug.as_ref().zip(name), &inputs)
}

// ---------------------------------------------------------------------------------------------------
// Store and Discord plumbing
// ---------------------------------------------------------------------------------------------------

fn internal(e: StoreError) -> HandlerError {
    HandlerError::Service(ServiceError::Internal(e))
}

fn ended() -> HandlerError {
    HandlerError::User(text::ended())
}

fn snowflake(id: DiscordId) -> Option<NonZeroU64> {
    u64::try_from(id).ok().and_then(NonZeroU64::new)
}

fn discord_code(e: &HandlerError) -> Option<isize> {
    let HandlerError::Discord(e) = e else { return None };
    match e.as_ref() {
        serenity::Error::Http(serenity::http::HttpError::UnsuccessfulRequest(r)) => Some(r.error.code),
        _ => None,
    }
}

/// Where the interaction happened: where the requester can type answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// In the requester's DM with the bot: questions are asked in place.
    Dm,
    /// In the server: questions go to the DM channel.
    Guild,
}

/// A conversation as stored, with its state read back.
struct Loaded {
    record: IntakeRecord,
    state: IntakeState,
}

/// The user's active intake. A state this build cannot read at all is ended (the requester starts
/// over rather than being stuck); one written by a newer build is left alone for it.
async fn load(bot: &Bot, user: DiscordId) -> HandlerResult<Option<Loaded>> {
    let store = bot.desk.store();
    let Some(record) = store.intake(bot.config.guild_id, user).await.map_err(internal)? else {
        return Ok(None);
    };
    match IntakeState::from_json(&record.state) {
        Ok(state) => Ok(Some(Loaded { record, state })),
        Err(e @ StateError::Newer { .. }) => Err(internal(StoreError::Corrupt(e.to_string()))),
        Err(e) => {
            tracing::warn!(intake = record.id, error = %e, "unreadable intake state; ending it");
            match store.end_intake(record.id, IntakeEnd::Cancelled, bot.now()).await {
                Ok(()) | Err(StoreError::NotFound) => Ok(None),
                Err(e) => Err(internal(e)),
            }
        }
    }
}

/// The user's active intake if it is `intake`; a click on another (ended, replaced, someone else's)
/// is told that it has ended, and nothing changes.
async fn active(bot: &Bot, user: DiscordId, intake: IntakeId) -> HandlerResult<Loaded> {
    load(bot, user).await?.filter(|l| l.record.id == intake).ok_or_else(ended)
}

/// Saves the conversation (a new one when `existing` is `None`). Activity clears the reminder, so a
/// later pause is reminded again.
async fn save(
    bot: &Bot,
    existing: Option<&IntakeRecord>,
    user: DiscordId,
    state: &IntakeState,
) -> HandlerResult<IntakeRecord> {
    let now = bot.now();
    let json = state.to_json().map_err(|e| internal(StoreError::Corrupt(e.to_string())))?;
    let record = match existing {
        Some(r) => IntakeRecord { state: json, updated_at: now, reminded_at: None, ..r.clone() },
        None => IntakeRecord {
            id: 0,
            guild_id: bot.config.guild_id,
            user_id: user,
            state: json,
            created_at: now,
            updated_at: now,
            reminded_at: None,
        },
    };
    match bot.desk.store().save_intake(&record).await {
        Ok(saved) => Ok(saved),
        Err(StoreError::NotFound) => Err(ended()),
        Err(e) => Err(internal(e)),
    }
}

/// Ends the conversation; the store lets it end once, so a second Submit or Cancel is refused.
async fn end(bot: &Bot, intake: IntakeId, how: IntakeEnd) -> HandlerResult {
    match bot.desk.store().end_intake(intake, how, bot.now()).await {
        Ok(()) => Ok(()),
        Err(StoreError::NotFound) => Err(ended()),
        Err(e) => Err(internal(e)),
    }
}

/// DMs a user through the cached DM channel (one request; two the first time).
async fn send_dm(bot: &Bot, http: &Http, user: DiscordId, out: Outgoing) -> HandlerResult {
    let store = bot.desk.store();
    let cached = store.dm_channel(user).await.map_err(internal)?.and_then(snowflake).map(ChannelId::from);
    let channel = match cached {
        Some(channel) => channel,
        None => open_dm(bot, http, user).await?,
    };
    match channel.send_message(http, out.clone().into_message()).await {
        Ok(_) => Ok(()),
        Err(e) => {
            let e = HandlerError::from(e);
            if cached.is_some() && discord_code(&e) == Some(UNKNOWN_CHANNEL) {
                let channel = open_dm(bot, http, user).await?;
                channel.send_message(http, out.into_message()).await?;
                Ok(())
            } else {
                Err(e)
            }
        }
    }
}

async fn open_dm(bot: &Bot, http: &Http, user: DiscordId) -> HandlerResult<ChannelId> {
    let id = snowflake(user).ok_or_else(|| internal(StoreError::Corrupt(format!("user id {user}"))))?;
    let channel = UserId::from(id).create_dm_channel(http).await?;
    bot.desk.store().save_dm_channel(user, channel.id.get() as i64).await.map_err(internal)?;
    Ok(channel.id)
}

/// Remembers the DM channel a requester wrote from, so notices to them cost one request.
async fn remember_dm_channel(bot: &Bot, user: DiscordId, channel: ChannelId) {
    let store = bot.desk.store();
    let channel = channel.get() as i64;
    let known = match store.dm_channel(user).await {
        Ok(known) => known,
        Err(e) => {
            tracing::warn!(error = %e, "could not read the cached DM channel");
            return;
        }
    };
    if known != Some(channel)
        && let Err(e) = store.save_dm_channel(user, channel).await
    {
        tracing::warn!(error = %e, "could not cache the DM channel");
    }
}

/// Shows `step` to the requester: in place in a DM and for the review; from the server, a question
/// goes to the DM channel and the interaction says to continue there (or, when DMs are closed, what
/// to do; the conversation is kept so it continues once they DM the bot).
async fn show(
    bot: &Bot,
    http: &Http,
    place: Place,
    user: DiscordId,
    intake: IntakeId,
    step: &Step,
    lines: &[String],
) -> HandlerResult<Outgoing> {
    let catalog = bot.config.helpdesk.catalog();
    let shown = match step {
        Step::Review(review) => review_with_fixes(intake, review, &known_fixes(bot, review).await),
        _ => step_message(intake, step, catalog, Framing::Next),
    };
    let here = with_notes(shown, lines);
    match (place, step) {
        (Place::Guild, Step::Ask(_)) => match send_dm(bot, http, user, here).await {
            Ok(()) => Ok(with_notes(Outgoing::text(text::continue_in_dm()), lines)),
            Err(e) if discord_code(&e) == Some(CANNOT_DM_USER) => {
                Ok(with_notes(Outgoing::text(text::cannot_dm_continue(&question_line(step))), lines))
            }
            Err(e) => Err(e),
        },
        _ => Ok(here),
    }
}

/// Applies what the engine made of the requester's input: saves the conversation and shows what
/// comes next, ends it on cancel, opens the ticket on submit.
async fn advance(
    bot: &Bot,
    http: &Http,
    place: Place,
    user: DiscordId,
    record: &IntakeRecord,
    outcome: Outcome,
) -> HandlerResult<Outgoing> {
    let helpdesk = &bot.config.helpdesk;
    match outcome {
        Outcome::Submitted { state, draft } => open_ticket(bot, record, user, &state, draft).await,
        Outcome::Next { step: Step::Cancelled, .. } => {
            end(bot, record.id, IntakeEnd::Cancelled).await?;
            Ok(Outgoing::text(text::cancelled()))
        }
        Outcome::Invalid { state, .. } if state.is_cancelled() => {
            end(bot, record.id, IntakeEnd::Cancelled).await?;
            Ok(Outgoing::text(text::cancelled()))
        }
        Outcome::Next { state, step, masked } => {
            let saved = save(bot, Some(record), user, &state).await?;
            show(bot, http, place, user, saved.id, &step, &notes(&masked, None)).await
        }
        Outcome::Invalid { state, problem, masked } => {
            let saved = save(bot, Some(record), user, &state).await?;
            let step = engine::current(&state, helpdesk.catalog(), helpdesk.rules());
            show(bot, http, place, user, saved.id, &step, &notes(&masked, Some(&problem))).await
        }
    }
}

/// Submit: the intake is ended first (the database lets one Submit through, so a double click opens
/// one ticket), then the ticket is opened; if that fails the conversation is restored.
async fn open_ticket(
    bot: &Bot,
    record: &IntakeRecord,
    user: DiscordId,
    state: &IntakeState,
    draft: TicketDraft,
) -> HandlerResult<Outgoing> {
    end(bot, record.id, IntakeEnd::Submitted).await?;
    let ticket = draft.into_ticket(bot.config.guild_id, user, bot.now());
    match bot.desk.open(ticket, Actor::member(user, Roles::REQUESTER)).await {
        Ok(changed) => Ok(Outgoing::text(text::submitted(&changed.ticket.label()))),
        Err(e) => {
            if let Err(restore) = save(bot, None, user, state).await {
                tracing::error!(error = %restore, intake = record.id, "could not restore the intake after a failed submit");
            }
            Err(e.into())
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// DMs
// ---------------------------------------------------------------------------------------------------

/// The text of a DM, with its attachments' links when `with_attachments` (a screenshot for the
/// description, or a file about a ticket).
fn message_text(msg: &Message, with_attachments: bool) -> String {
    let mut text = msg.content.trim().to_owned();
    if with_attachments {
        for attachment in &msg.attachments {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&attachment.url);
        }
    }
    text
}

/// A DM to the bot: the next answer of the requester's intake; else a message about their open
/// ticket, relayed into its thread; else the start of an intake. Answered with one message.
pub async fn on_direct_message(bot: &Bot, ctx: &Context, msg: &Message) -> HandlerResult {
    if msg.author.bot || msg.guild_id.is_some() {
        return Ok(());
    }
    let user = msg.author.id.get() as i64;
    remember_dm_channel(bot, user, msg.channel_id).await;
    let reply = dm_reply(bot, ctx, user, msg).await?;
    msg.channel_id.send_message(&ctx.http, reply.into_message()).await?;
    Ok(())
}

async fn dm_reply(bot: &Bot, ctx: &Context, user: DiscordId, msg: &Message) -> HandlerResult<Outgoing> {
    let helpdesk = &bot.config.helpdesk;
    let (catalog, rules) = (helpdesk.catalog(), helpdesk.rules());
    if let Some(loaded) = load(bot, user).await? {
        // Links to attachments belong in free-text answers (not in a summary or a choice).
        let free_text = matches!(
            engine::current(&loaded.state, catalog, rules),
            Step::Ask(ref p) if p.choices.is_empty() && p.key != SUMMARY_KEY
        );
        let outcome = engine::answer(&loaded.state, &message_text(msg, free_text), catalog, rules);
        return advance(bot, &ctx.http, Place::Dm, user, &loaded.record, outcome).await;
    }
    let tickets = open_tickets(bot, user).await?;
    match route_dm(&message_text(msg, false), &tickets) {
        DmRoute::Start { summary, description } => {
            start_in_dm(bot, user, summary.as_deref(), description.as_deref()).await
        }
        DmRoute::Relay { index, text } => {
            let ticket = tickets.get(index).ok_or_else(ended)?;
            let mut text = text;
            for attachment in &msg.attachments {
                text = format!("{text}\n{}", attachment.url);
            }
            relay(bot, user, ticket, &tickets, &text).await
        }
        DmRoute::NotYours { number } => Err(HandlerError::User(requester::not_an_open_ticket(
            &number.to_string(),
            &labels(&tickets, None),
        ))),
    }
}

/// The requester's open tickets (open, in progress, waiting on them).
async fn open_tickets(bot: &Bot, user: DiscordId) -> HandlerResult<Vec<Ticket>> {
    let filter = QueueFilter { requester: Some(user), ..QueueFilter::default() };
    let page = Page { offset: 0, limit: RELAY_CANDIDATES };
    Ok(bot.desk.queue(bot.config.guild_id, &filter, page).await?.tickets)
}

/// `#41, #40`: the tickets' numbers, without `except`.
fn labels(tickets: &[Ticket], except: Option<i64>) -> String {
    tickets.iter().filter(|t| Some(t.id) != except).map(Ticket::label).collect::<Vec<_>>().join(", ")
}

/// Relays a DM into the ticket's thread and confirms which ticket it went to.
async fn relay(
    bot: &Bot,
    user: DiscordId,
    ticket: &Ticket,
    all: &[Ticket],
    text: &str,
) -> HandlerResult<Outgoing> {
    let actor = Actor::member(user, Roles::REQUESTER);
    let changed = bot.desk.requester_message(ticket.id, actor, text).await?;
    Ok(Outgoing::text(relayed(ticket, all, !changed.masked.is_empty())))
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

/// Starts a DM intake with what the first message said, and asks the first question.
async fn start_in_dm(
    bot: &Bot,
    user: DiscordId,
    summary: Option<&str>,
    description: Option<&str>,
) -> HandlerResult<Outgoing> {
    let helpdesk = &bot.config.helpdesk;
    let (catalog, rules) = (helpdesk.catalog(), helpdesk.rules());
    let started = engine::start(catalog, rules, summary, None);
    let mut masked = started.masked;
    let (state, step) = match description {
        Some(description) => {
            match engine::answer_many(&started.state, &[(DESCRIPTION_KEY, description)], catalog, rules) {
                Outcome::Next { state, step, masked: more } => {
                    masked.extend(more.into_iter().filter(|k| !masked.contains(k)).collect::<Vec<_>>());
                    (state, step)
                }
                // Not a valid description (too long): it is asked in its turn.
                _ => (started.state, started.step),
            }
        }
        None => (started.state, started.step),
    };
    let record = save(bot, None, user, &state).await?;
    Ok(with_notes(step_message(record.id, &step, catalog, Framing::Opening), &notes(&masked, None)))
}

// ---------------------------------------------------------------------------------------------------
// /ticket and its modal
// ---------------------------------------------------------------------------------------------------

fn place_of(guild: Option<serenity::all::GuildId>) -> Place {
    if guild.is_some() { Place::Guild } else { Place::Dm }
}

/// `/ticket [summary] [category]`: a new intake with what the options give (a category the rules
/// suggest for the summary is taken, and can be changed at the review); then the modal with its
/// first free-text questions, or the category select when no category is known.
pub async fn on_ticket_command(bot: &Bot, ctx: &Context, cmd: &CommandInteraction) -> HandlerResult {
    let options = Options(&cmd.data.options);
    let summary = options.str("summary").map(str::trim).filter(|s| !s.is_empty());
    let category = options.str("category");
    let user = cmd.user.id.get() as i64;
    let place = place_of(cmd.guild_id);
    let target = Target::Command(cmd);
    let helpdesk = &bot.config.helpdesk;
    let (catalog, rules) = (helpdesk.catalog(), helpdesk.rules());

    // `/ticket` starts afresh: an unfinished intake is ended as cancelled.
    if let Some(old) = bot.desk.store().intake(bot.config.guild_id, user).await.map_err(internal)? {
        match bot.desk.store().end_intake(old.id, IntakeEnd::Cancelled, bot.now()).await {
            Ok(()) | Err(StoreError::NotFound) => {}
            Err(e) => return Err(internal(e)),
        }
    }
    let category = category.and_then(|c| catalog.find(c)).map(|c| c.key.clone()).or_else(|| {
        summary.and_then(|s| classify(rules, s).category).filter(|k| catalog.category(k).is_some())
    });
    let started = engine::start(catalog, rules, summary, category.as_deref());
    let record = save(bot, None, user, &started.state).await?;
    let lines = notes(&started.masked, None);

    if started.state.category().is_none() {
        let out = with_notes(category_message(record.id, None, catalog, Framing::Opening), &lines);
        return respond::answer(ctx, target, Mode::Reply { ephemeral: true }, async { Ok(out) }).await;
    }
    if let Some(modal) = ticket_modal(&started.state, catalog) {
        return respond::modal(ctx, target, modal).await;
    }
    let mode = Mode::Reply { ephemeral: place == Place::Guild };
    respond::answer(ctx, target, mode, show(bot, &ctx.http, place, user, record.id, &started.step, &lines))
        .await
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

/// The `/ticket` modal submitted: its answers go to the engine at once; then the next question in
/// DM (or here, in a DM), or the review.
pub async fn on_modal(bot: &Bot, ctx: &Context, m: &ModalInteraction, id: ComponentId) -> HandlerResult {
    let ComponentId::TicketModal { category } = id else {
        return Err(HandlerError::User(replies::expired_button()));
    };
    let user = m.user.id.get() as i64;
    let place = place_of(m.guild_id);
    let mode = Mode::Reply { ephemeral: place == Place::Guild };
    respond::answer(ctx, Target::Modal(m), mode, async {
        let helpdesk = &bot.config.helpdesk;
        let (catalog, rules) = (helpdesk.catalog(), helpdesk.rules());
        let loaded = load(bot, user).await?.ok_or_else(ended)?;
        // The modal was built for the conversation as it stood; a category changed since means its
        // inputs no longer match the questions.
        if category_slug(&loaded.state) != category {
            return Err(ended());
        }
        let questions = engine::modal_questions(&loaded.state, catalog);
        let values: Vec<(String, String)> = questions
            .iter()
            .enumerate()
            .filter_map(|(i, q)| modal_input(m, &intake_input(i)).map(|v| (q.key.clone(), v)))
            .collect();
        let pairs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let outcome = engine::answer_many(&loaded.state, &pairs, catalog, rules);
        advance(bot, &ctx.http, place, user, &loaded.record, outcome).await
    })
    .await
}

// ---------------------------------------------------------------------------------------------------
// Clicks
// ---------------------------------------------------------------------------------------------------

fn selected(c: &ComponentInteraction) -> Option<&str> {
    match &c.data.kind {
        ComponentInteractionDataKind::StringSelect { values } => values.first().map(String::as_str),
        _ => None,
    }
}

/// A click on an intake control: checked to belong to the clicker's active intake and to the
/// question being asked, applied, and answered by updating the message it is on. From the `/ticket`
/// category select the modal follows.
pub async fn on_component(
    bot: &Bot,
    ctx: &Context,
    c: &ComponentInteraction,
    id: ComponentId,
) -> HandlerResult {
    let Some(intake) = id.intake() else {
        return Err(HandlerError::User(replies::expired_button()));
    };
    let user = c.user.id.get() as i64;
    let place = place_of(c.guild_id);
    // The `/ticket` flow's messages are ephemeral (in the server they always are).
    let form = place == Place::Guild || c.message.flags.is_some_and(|f| f.contains(MessageFlags::EPHEMERAL));
    let target = Target::Component(c);
    let helpdesk = &bot.config.helpdesk;
    let (catalog, rules) = (helpdesk.catalog(), helpdesk.rules());

    if form && matches!(id, ComponentId::IntakeCategory { .. }) {
        // The modal must be the first answer, so this work is not deferred (it is two quick reads
        // and a write).
        let loaded = active(bot, user, intake).await?;
        let click = read_click(&loaded.state, &id, selected(c), catalog, rules).map_err(stale)?;
        let outcome = apply(&loaded.state, click, catalog, rules).ok_or_else(ended)?;
        if let Outcome::Next { state, step: Step::Ask(_), .. } = &outcome
            && let Some(modal) = ticket_modal(state, catalog)
        {
            save(bot, Some(&loaded.record), user, state).await?;
            return respond::modal(ctx, target, modal).await;
        }
        return respond::answer(
            ctx,
            target,
            Mode::Update,
            advance(bot, &ctx.http, place, user, &loaded.record, outcome),
        )
        .await;
    }

    respond::answer(ctx, target, Mode::Update, async {
        let loaded = active(bot, user, intake).await?;
        let click = read_click(&loaded.state, &id, selected(c), catalog, rules).map_err(stale)?;
        match click {
            Click::Edit => match engine::current(&loaded.state, catalog, rules) {
                Step::Review(review) => Ok(edit_message(loaded.record.id, &review)),
                step => Ok(step_message(loaded.record.id, &step, catalog, Framing::Next)),
            },
            Click::Cancel => {
                end(bot, loaded.record.id, IntakeEnd::Cancelled).await?;
                Ok(Outgoing::text(text::cancelled()))
            }
            Click::Solved => {
                end(bot, loaded.record.id, IntakeEnd::SelfServed).await?;
                Ok(Outgoing::text(text::self_served()))
            }
            Click::Submit => match engine::submit(&loaded.state, catalog) {
                Ok(draft) => open_ticket(bot, &loaded.record, user, &loaded.state, draft).await,
                Err(problem) => Err(HandlerError::User(text::invalid_answer(&problem.to_string()))),
            },
            click => {
                let outcome = apply(&loaded.state, click, catalog, rules).ok_or_else(ended)?;
                advance(bot, &ctx.http, place, user, &loaded.record, outcome).await
            }
        }
    })
    .await
}

fn stale(reason: Stale) -> HandlerError {
    match reason {
        Stale::Answered => HandlerError::User(text::already_answered()),
        Stale::Unusable => HandlerError::User(replies::expired_button()),
    }
}

/// The engine's outcome of a click that answers or edits; `None` for the others.
fn apply(state: &IntakeState, click: Click, catalog: &Catalog, rules: &[Rule]) -> Option<Outcome> {
    match click {
        Click::Answer(value) => Some(engine::answer(state, &value, catalog, rules)),
        Click::Category(key) => {
            Some(engine::answer_many(state, &[(CATEGORY_KEY, key.as_str())], catalog, rules))
        }
        Click::EditItem(key) => Some(engine::edit(state, &key, catalog, rules)),
        Click::Submit | Click::Edit | Click::Cancel | Click::Solved => None,
    }
}

// ---------------------------------------------------------------------------------------------------
// Reminders and expiry
// ---------------------------------------------------------------------------------------------------

/// What one sweep did, for logs and tests.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    pub reminded: usize,
    pub expired: usize,
}

/// Runs [`sweep`] at start and every [`HOUSEKEEPING_EVERY`] until `stop` turns true.
pub async fn housekeeping(bot: Arc<Bot>, http: Arc<Http>, mut stop: watch::Receiver<bool>) {
    loop {
        if *stop.borrow() {
            break;
        }
        let swept = sweep(&bot, &http).await;
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

/// One pass over abandoned intakes, by the bot's clock: those untouched for `intake_expire_after`
/// end as expired, with a DM saying so; those untouched for `intake_reminder_after` get one reminder
/// that asks the current question again. The store is marked before the DM, so a failing DM (closed
/// DMs, Discord down) is logged and never repeated every 30 seconds.
pub async fn sweep(bot: &Bot, http: &Http) -> Swept {
    let now = bot.now();
    let helpdesk = &bot.config.helpdesk;
    let store = bot.desk.store();
    let mut swept = Swept::default();

    // Expiry first, so an intake past both limits is not reminded on its way out.
    let expire_before = now - helpdesk.intake_expire_after();
    loop {
        let batch = match store.stale_intakes(expire_before, SWEEP_BATCH).await {
            Ok(batch) => batch,
            Err(e) => {
                tracing::error!(error = %e, "could not list expired intakes");
                return swept;
            }
        };
        let full = batch.len() as i64 >= SWEEP_BATCH;
        let mut progressed = false;
        for record in batch {
            match store.end_intake(record.id, IntakeEnd::Expired, now).await {
                Ok(()) => {
                    progressed = true;
                    swept.expired += 1;
                    if let Err(e) = send_dm(bot, http, record.user_id, Outgoing::text(text::expired())).await
                    {
                        tracing::warn!(intake = record.id, error = %e, "could not DM that an intake expired");
                    }
                }
                // Ended meanwhile (answered and submitted, or by another process).
                Err(StoreError::NotFound) => {}
                Err(e) => {
                    tracing::error!(intake = record.id, error = %e, "could not expire an intake");
                    return swept;
                }
            }
        }
        if !full || !progressed {
            break;
        }
    }

    let remind_before = now - helpdesk.intake_reminder_after();
    let stale = match store.unreminded_intakes(remind_before, SWEEP_BATCH).await {
        Ok(stale) => stale,
        Err(e) => {
            tracing::error!(error = %e, "could not list intakes to remind");
            return swept;
        }
    };
    for record in stale {
        // Conditional in the database: with several processes, one of them reminds.
        match store.mark_intake_reminded(record.id, now).await {
            Ok(()) => {}
            Err(StoreError::NotFound) => continue,
            Err(e) => {
                tracing::warn!(intake = record.id, error = %e, "could not mark an intake reminded");
                continue;
            }
        }
        swept.reminded += 1;
        let reminder = reminder_message(&record, helpdesk.catalog(), helpdesk.rules());
        if let Err(e) = send_dm(bot, http, record.user_id, reminder).await {
            tracing::warn!(intake = record.id, error = %e, "could not DM an intake reminder");
        }
    }
    swept
}

/// The reminder: the current question (or the review) again, under a line saying why.
fn reminder_message(record: &IntakeRecord, catalog: &Catalog, rules: &[Rule]) -> Outgoing {
    match IntakeState::from_json(&record.state) {
        Ok(state) => {
            let step = engine::current(&state, catalog, rules);
            with_notes(step_message(record.id, &step, catalog, Framing::Next), &[text::reminder()])
        }
        Err(_) => Outgoing::text(text::reminder()),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Duration, TimeZone, Utc};
    use serde_json::Value;

    use super::*;
    use crate::config::Helpdesk;
    use crate::domain::{Impact, Level, Status, Urgency};

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
        serde_json::to_value(out.into_message()).unwrap_or_default()
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
    fn a_first_dm_that_names_the_problem_becomes_the_summary() {
        assert_eq!(
            route_dm("Hi, my VPN keeps dropping", &[]),
            DmRoute::Start { summary: Some("my VPN keeps dropping".into()), description: None }
        );
        assert_eq!(
            route_dm("Printer on floor 2 is jammed", &[]),
            DmRoute::Start { summary: Some("Printer on floor 2 is jammed".into()), description: None }
        );
    }

    #[test]
    fn greetings_and_pleas_for_help_are_not_summaries() {
        for message in
            ["hi", "Hello!", "help", "Hi, I need help", "hey there, can you help me?", "printer", "new"]
        {
            assert_eq!(
                route_dm(message, &[]),
                DmRoute::Start { summary: None, description: None },
                "{message:?}"
            );
        }
    }

    #[test]
    fn a_long_first_dm_is_also_the_description() {
        let message = "Hello,\nOutlook crashes when I open attachments\nIt started after the update.";
        assert_eq!(
            route_dm(message, &[]),
            DmRoute::Start {
                summary: Some("Outlook crashes when I open attachments".into()),
                description: Some(message.into())
            }
        );
        let one_long_line = "word ".repeat(60);
        match route_dm(&one_long_line, &[]) {
            DmRoute::Start { summary: None, description: Some(d) } => assert_eq!(d, one_long_line.trim()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_dm_about_open_tickets_goes_to_the_most_recently_updated() {
        let tickets = [ticket(1, 40, 5), ticket(2, 41, 30), ticket(3, 42, 10)];
        assert_eq!(
            route_dm("  Still broken after the reboot ", &tickets),
            DmRoute::Relay { index: 1, text: "Still broken after the reboot".into() }
        );
    }

    #[test]
    fn a_dm_starting_with_a_number_goes_to_that_ticket_if_it_is_theirs() {
        let tickets = [ticket(1, 40, 5), ticket(2, 41, 30)];
        assert_eq!(
            route_dm("#40: the screen flickers too", &tickets),
            DmRoute::Relay { index: 0, text: "the screen flickers too".into() }
        );
        assert_eq!(route_dm("#7 hello", &tickets), DmRoute::NotYours { number: TicketNumber(7) });
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
    fn new_starts_an_intake_even_with_open_tickets() {
        let tickets = [ticket(1, 40, 5)];
        for message in ["new", "New ticket", "new ticket!", "/ticket"] {
            assert_eq!(
                route_dm(message, &tickets),
                DmRoute::Start { summary: None, description: None },
                "{message:?}"
            );
        }
    }

    #[test]
    fn the_opening_question_is_the_category_select_with_the_suggestion_preselected() {
        let (_, step) = start(Some("VPN drops every five minutes"));
        let message = json(step_message(9, &step, Helpdesk::builtin().catalog(), Framing::Opening));
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
        let message = json(step_message(9, &step, Helpdesk::builtin().catalog(), Framing::Opening));
        let content = message["content"].as_str().unwrap_or_default();
        assert!(content.starts_with(&text::greeting()), "{content}");
        assert!(content.contains("**Question 1**\nIn one line"), "{content}");
        assert!(custom_ids(&message).is_empty());
    }

    #[test]
    fn a_choice_question_carries_its_step_and_a_click_on_it_is_read_back() {
        let desk = Helpdesk::builtin();
        let (state, _) = start(Some("VPN drops every five minutes"));
        let (state, _) = answer(&state, "network");
        let (state, step) = answer(&state, "It disconnects");
        let Step::Ask(prompt) = &step else { panic!("{step:?}") };
        let message = json(step_message(9, &step, desk.catalog(), Framing::Next));
        let choice = ComponentId::IntakeChoice { intake: 9, step: step_index(prompt) };
        assert_eq!(custom_ids(&message), [Some(choice.clone())]);
        assert_eq!(
            read_click(&state, &choice, Some("Wi-Fi"), desk.catalog(), desk.rules()),
            Ok(Click::Answer("Wi-Fi".into()))
        );
        assert_eq!(
            read_click(&state, &choice, Some("Bluetooth"), desk.catalog(), desk.rules()),
            Err(Stale::Answered)
        );
        // The same select clicked after the question was answered answers nothing.
        let (later, _) = answer(&state, "Wi-Fi");
        assert_eq!(
            read_click(&later, &choice, Some("Wi-Fi"), desk.catalog(), desk.rules()),
            Err(Stale::Answered)
        );
    }

    #[test]
    fn skip_works_only_on_the_current_optional_question() {
        let desk = Helpdesk::builtin();
        let (state, _) = start(Some("Laptop does not start"));
        let (state, _) = answer(&state, "hardware");
        let (state, _) = answer(&state, "It stays black");
        let (state, step) = answer(&state, "Laptop");
        let Step::Ask(prompt) = &step else { panic!("{step:?}") };
        assert!(!prompt.required, "{prompt:?}");
        let skip = ComponentId::IntakeSkip { intake: 9, step: step_index(prompt) };
        assert_eq!(
            custom_ids(&json(step_message(9, &step, desk.catalog(), Framing::Next))),
            [Some(skip.clone())]
        );
        assert_eq!(
            read_click(&state, &skip, None, desk.catalog(), desk.rules()),
            Ok(Click::Answer("skip".into()))
        );
        let required = ComponentId::IntakeSkip { intake: 9, step: step_index(prompt) - 1 };
        assert_eq!(read_click(&state, &required, None, desk.catalog(), desk.rules()), Err(Stale::Answered));
    }

    #[test]
    fn the_ticket_category_select_sets_the_category_before_the_summary() {
        let desk = Helpdesk::builtin();
        let (state, _) = start(None);
        let id = ComponentId::IntakeCategory { intake: 9 };
        let click = read_click(&state, &id, Some("printing"), desk.catalog(), desk.rules());
        assert_eq!(click, Ok(Click::Category("printing".into())));
        let outcome = click.ok().and_then(|c| apply(&state, c, desk.catalog(), desk.rules()));
        let Some(Outcome::Next { state, .. }) = outcome else { panic!("{outcome:?}") };
        assert_eq!(state.category(), Some("printing"));
        assert_eq!(
            read_click(&state, &id, Some("network"), desk.catalog(), desk.rules()),
            Err(Stale::Answered)
        );
        assert_eq!(
            read_click(&state, &id, Some("nonsense"), desk.catalog(), desk.rules()),
            Err(Stale::Unusable)
        );
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
        let message = json(review_message(9, &review));
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
        let click = read_click(
            &state,
            &ComponentId::IntakeEditItem { intake: 9 },
            Some("description"),
            desk.catalog(),
            desk.rules(),
        );
        let outcome = click.ok().and_then(|c| apply(&state, c, desk.catalog(), desk.rules()));
        let Some(Outcome::Next { step, .. }) = outcome else { panic!("{outcome:?}") };
        let message = json(step_message(9, &step, desk.catalog(), Framing::Next));
        let content = message["content"].as_str().unwrap_or_default();
        assert!(content.contains("Your answer so far: It disconnects"), "{content}");
    }

    #[test]
    fn refusals_and_masked_secrets_are_said_before_the_question() {
        let lines = notes(&[SecretKind::Password], Some(&Problem::Required));
        assert_eq!(lines.len(), 2);
        assert!(lines[0].contains("cannot be skipped"));
        assert!(lines[1].contains("Never send passwords"));
        let out = with_notes(Outgoing::text("Question"), &lines);
        assert!(out.content.ends_with("\nQuestion"));
        assert!(notes(&[], None).is_empty());
    }

    #[test]
    fn a_reminder_asks_the_current_question_again() {
        let (state, _) = start(Some("VPN drops every five minutes"));
        let record = IntakeRecord {
            id: 5,
            guild_id: 1,
            user_id: 2,
            state: state.to_json().unwrap_or_default(),
            created_at: at(0),
            updated_at: at(0),
            reminded_at: None,
        };
        let desk = Helpdesk::builtin();
        let message = json(reminder_message(&record, desk.catalog(), desk.rules()));
        assert!(message["content"].as_str().is_some_and(|c| c.starts_with(&text::reminder())));
        assert_eq!(custom_ids(&message), [Some(ComponentId::IntakeCategory { intake: 5 })]);
        let broken = IntakeRecord { state: "{".into(), ..record };
        assert_eq!(
            json(reminder_message(&broken, desk.catalog(), desk.rules()))["content"],
            text::reminder()
        );
    }

    #[test]
    fn intake_ids_and_the_ticket_modal_are_handled_here() {
        assert!(handles(&ComponentId::IntakeEditItem { intake: 1 }));
        assert!(handles(&ComponentId::TicketModal { category: None }));
        assert!(!handles(&ComponentId::Claim { ticket: 1 }));
    }
}
