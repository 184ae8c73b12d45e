//! The intake conversation as a use case: a requester's DM, `/ticket` and its modal, a click on an
//! intake control, Submit, the knowledge-base articles offered at the review (deflection), and the
//! reminders and expiry of abandoned conversations.
//!
//! **A requester is shown articles, never tickets.** The review offers up to three live articles
//! matching what they wrote; **This fixed it** ends the intake as self-served with the article
//! recorded, **Not this** hides them and leaves Submit. Similar closed tickets are a hint for
//! technicians only: [`Desk::hint`](super::Desk) posts them in the new ticket's thread.
//!
//! The conversation itself is the pure engine in [`crate::domain::intake`]; this module loads its
//! state from the store (one active intake per guild and user, as JSON), feeds it what the requester
//! typed, clicked or submitted, and saves the new state. Nothing is kept in memory between two
//! messages, so a restart mid-intake loses nothing.
//!
//! **What the requester is told next is committed with the change.** When they wrote a DM, every
//! answer — the next question, the review, "cancelled", "submitted", a refusal, the confirmation of
//! a relayed message — is a [`DirectMessage`] queued for the outbox deliverer in the same
//! transaction as the state it follows from (or alone, when nothing else changes). A 429, a 5xx or
//! a crash then delays it but never loses it, and a DM handled twice (the same Discord event
//! delivered again) fails at its first write and changes nothing. The messages are rendered by an
//! [`IntakeView`] the Discord layer implements, so nothing here knows what Discord's messages look
//! like. A click or a modal is answered in the interaction itself ([`Reply`]).
//!
//! **Where the requester is interacting, the conversation stays in the interaction's answers**,
//! which Discord does not rate-limit: a free-text question carries **Answer**, which opens a modal
//! (with the free-text questions after it while they are unanswered), choices are selects, and each
//! click or modal updates the message it came from. So a ticket opened by `/ticket` costs no
//! rate-limited request before its triage post, and one opened by DM costs only the answer to the
//! first DM. Typing an answer in the DM still works; each such answer is a DM of its own.
//!
//! **An intake outlives the interaction that started it**: every click brings a fresh interaction,
//! and what is said outside one (the reminder, the expiry) goes to the requester's DM, with the
//! question's controls, where the conversation goes on where it stood.
//!
//! A DM from someone without an intake but with open tickets is relayed to the one waiting on their
//! answer, else the most recently updated of them (or to `#N` when the DM starts with it); `new`
//! starts an intake instead.
//! `/ticket` always starts afresh: an unfinished intake is ended as cancelled.

use chrono::{DateTime, Utc};
use serde_json::Value;
use tracing::instrument;

use super::{Desk, ServiceError, ServiceResult};
use crate::config::Helpdesk;
use crate::domain::article::{Article, ArticleId};
use crate::domain::classify::{Rule, classify};
use crate::domain::intake::{
    self as engine, Catalog, DESCRIPTION_MAX_CHARS, IntakeState, Outcome, Problem, Prompt, Review,
    SUMMARY_MAX_CHARS, StateError, Step, TicketDraft,
};
use crate::domain::redact::SecretKind;
use crate::domain::text::{char_count, one_line};
use crate::domain::{Actor, DiscordId, Lang, Roles, Status, Ticket, TicketNumber};
use crate::store::{DirectMessage, IntakeEnd, IntakeRecord, Page, QueueFilter, StoreError};

/// An intake conversation's database id (`IntakeRecord::id`), which its controls carry.
pub type IntakeId = i64;

/// Intakes handled per store query in a sweep.
const SWEEP_BATCH: i64 = 200;
/// Articles offered at the review.
const ARTICLES_SHOWN: usize = 3;
/// Candidates the full-text search returns before the weak matches are dropped.
const ARTICLE_CANDIDATES: i64 = 10;
/// The share of the requester's meaningful words an article must contain to be offered: below it,
/// an article sharing one common word with a long description would be noise.
const ARTICLE_MIN_COVERAGE: f64 = 0.25;
/// Open tickets considered when relaying a DM (a requester rarely has more).
const RELAY_CANDIDATES: i64 = 25;
/// The keys of the engine's steps that are not the category's own questions.
pub const SUMMARY_KEY: &str = "summary";
pub const CATEGORY_KEY: &str = "category";
const DESCRIPTION_KEY: &str = "description";

/// What a DM means when it asks for a new request rather than being about an open ticket.
/// In each of deskbot's languages.
const NEW_REQUEST: &[&str] = &[
    "new",
    "new ticket",
    "new request",
    "new problem",
    "new issue",
    "ticket",
    "/ticket",
    "nuevo",
    "nuevo ticket",
    "nueva solicitud",
    "nuevo problema",
    "nuovo",
    "nuovo ticket",
    "nuova richiesta",
    "nuovo problema",
    "neu",
    "neues ticket",
    "neue anfrage",
    "neues problem",
];
/// Openings that are not part of a summary, in each of deskbot's languages, longest first.
const GREETINGS: &[&str] = &[
    "buenas tardes",
    "buenas noches",
    "good afternoon",
    "guten morgen",
    "buenos días",
    "buenos dias",
    "good morning",
    "good evening",
    "buongiorno",
    "buonasera",
    "guten tag",
    "buenas",
    "servus",
    "salve",
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
    "ayuda",
    "necesito ayuda",
    "ayuda por favor",
    "tengo un problema",
    "aiuto",
    "ho bisogno di aiuto",
    "ho un problema",
    "hilfe",
    "ich brauche hilfe",
    "ich habe ein problem",
];

// ---------------------------------------------------------------------------------------------------
// What the Discord layer gives and gets
// ---------------------------------------------------------------------------------------------------

/// How a step is framed: as the first message of a conversation (a welcome, the password warning),
/// or as the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    Opening,
    Next,
}

/// What is said above a step: why the last answer was refused, and whether secrets were masked in
/// it (so the requester is warned never to send them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Notes {
    pub problem: Option<Problem>,
    pub masked: Vec<SecretKind>,
}

impl Notes {
    fn masked(masked: Vec<SecretKind>) -> Notes {
        Notes { problem: None, masked }
    }
}

/// How a conversation ended, as the requester is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Closing {
    Cancelled,
    /// A knowledge-base article solved it; no ticket.
    SelfServed {
        article: ArticleId,
    },
    /// Abandoned for too long.
    Expired,
    /// Submitted: the ticket as opened.
    Submitted {
        ticket: Box<Ticket>,
    },
    /// Opened as part of the incident `parent` (its label), with no triage post of its own.
    Joined {
        ticket: Box<Ticket>,
        parent: String,
    },
}

impl Closing {
    fn end(&self) -> IntakeEnd {
        match self {
            Closing::Cancelled => IntakeEnd::Cancelled,
            Closing::SelfServed { article } => IntakeEnd::SelfServed { article: Some(*article) },
            Closing::Expired => IntakeEnd::Expired,
            Closing::Submitted { .. } | Closing::Joined { .. } => IntakeEnd::Submitted,
        }
    }
}

/// Why what the requester did changed nothing. The Discord layer words it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The conversation a control belongs to has ended (sent, cancelled, expired, replaced) or is
    /// someone else's.
    #[error("the request has already ended")]
    Ended,
    /// The question a control answers is not the one asked any more.
    #[error("that question is already answered")]
    AlreadyAnswered,
    /// A control that carries nothing usable.
    #[error("the control carries nothing usable")]
    Unusable,
    /// A DM starting with `#N` that is not one of the requester's `open` tickets.
    #[error("{number} is not one of the requester's open tickets")]
    NotAnOpenTicket { number: TicketNumber, open: Vec<Ticket> },
    /// Submit while something is unanswered.
    #[error("incomplete: {0:?}")]
    Incomplete(Problem),
    /// The desk refused what the requester's DM asked (e.g. an empty message about a ticket), in
    /// the desk's words.
    #[error("{0}")]
    Desk(String),
}

/// What can go wrong in a step of the conversation: a refusal the requester is told, or a failure
/// of the desk.
#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    #[error("refused: {0}")]
    Refused(Refusal),
    #[error(transparent)]
    Service(#[from] ServiceError),
}

impl From<StoreError> for IntakeError {
    fn from(e: StoreError) -> Self {
        IntakeError::Service(ServiceError::Internal(e))
    }
}

impl From<Refusal> for IntakeError {
    fn from(r: Refusal) -> Self {
        IntakeError::Refused(r)
    }
}

pub type IntakeResult<T> = Result<T, IntakeError>;

/// Where the requester reads what the conversation says next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// They typed a DM in this DM channel: every answer is a message queued for it.
    Dm { channel_id: DiscordId },
    /// They used a command, clicked or submitted a form (in their DM with the bot or in the
    /// server): the interaction's answer shows it.
    InPlace,
}

/// What the requester is told next. For a [`Reader::Dm`] it is already queued; otherwise the
/// interaction shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// A question, or the review with the matching articles (`fixes`), with `notes` above it.
    Step { intake: IntakeId, step: Step, notes: Notes, fixes: Vec<Article> },
    /// The `/ticket` form asks the category first: the category select.
    ChooseCategory { intake: IntakeId, notes: Notes },
    /// **Edit** on the review: which answer to change.
    Edit { intake: IntakeId, review: Review },
    /// The modal for the conversation as it stands: its unanswered free-text questions (see
    /// [`engine::modal_questions`]), or the current one again when it is answered already.
    Modal { intake: IntakeId, state: IntakeState },
    /// The conversation ended.
    Closed(Closing),
}

/// A DM the requester sent the bot.
#[derive(Debug, Clone, Copy)]
pub struct IncomingDm<'a> {
    pub user: DiscordId,
    /// The DM channel it came from, where the answer goes.
    pub channel_id: DiscordId,
    pub text: &'a str,
    /// Links to its attachments (a screenshot for the description, a file about a ticket).
    pub attachments: &'a [String],
}

/// What a DM led to (its answer is queued).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DmHandled {
    /// It answered the requester's intake; what they are told next.
    Answered(Reply),
    /// It started an intake.
    Started { intake: IntakeId },
    /// It was about an open ticket and went into that ticket's thread.
    Relayed { ticket: Ticket },
    /// It changed nothing, and the requester is told why.
    Refused(Refusal),
}

/// A click on an intake control, as the Discord layer read it (the value of a select, if any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Control {
    Category {
        value: Option<String>,
    },
    /// A choice of the question at `step` (0-based position in the conversation).
    Choice {
        step: u32,
        value: Option<String>,
    },
    /// **Skip** of the optional question at `step`.
    Skip {
        step: u32,
    },
    Submit,
    Edit,
    /// A pick in the review's answers (after **Edit**).
    EditItem {
        key: Option<String>,
    },
    Cancel,
    /// **This fixed it** under an article offered at the review.
    Solved {
        article: ArticleId,
    },
    /// **Not this**: none of the articles helps; the review goes on without them.
    NotThis,
    /// **Add me to it** under the known problem offered at the review: the ticket is opened as part
    /// of the incident `parent`.
    Join {
        parent: i64,
    },
    /// **Not this** under the known problem: the review goes on without it.
    NotKnown,
}

/// Renders what the requester is sent as Discord message bodies (JSON, without a nonce). The
/// Discord layer implements it with its catalogue of words; tests implement it with anything.
pub trait IntakeView: Send + Sync {
    /// `step` of the conversation `intake` as a new message (a question with its controls, the
    /// review with the known `fixes`, or "cancelled"), `notes` above it.
    fn step(
        &self,
        intake: IntakeId,
        step: &Step,
        framing: Framing,
        notes: &Notes,
        fixes: &[Article],
        catalog: &Catalog,
    ) -> Value;

    /// The end of a conversation.
    fn closing(&self, closing: &Closing) -> Value;

    /// The reminder of an abandoned conversation: the current step again (`None` when its state
    /// cannot be read), under a line saying why.
    fn reminder(&self, intake: IntakeId, step: Option<&Step>, catalog: &Catalog) -> Value;

    /// The confirmation that a DM went into `ticket`'s thread, naming the requester's other `open`
    /// tickets; `masked` when secrets were masked in it.
    fn relayed(&self, ticket: &Ticket, open: &[Ticket], masked: bool) -> Value;

    /// Why a DM changed nothing.
    fn refused(&self, refusal: &Refusal) -> Value;

    /// What the requester is told of a refusal by the desk (a service error meant for them).
    fn said(&self, e: &ServiceError) -> String {
        e.to_string()
    }

    /// `render` in `lang`: what is sent outside the requester's own event (a reminder, an expiry)
    /// is worded in the language remembered for them.
    fn speaking(&self, lang: Lang, render: &dyn Fn() -> Value) -> Value {
        let _ = lang;
        render()
    }
}

/// What one sweep did, for logs and tests.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    pub reminded: usize,
    pub expired: usize,
}

// ---------------------------------------------------------------------------------------------------
// Pure decisions
// ---------------------------------------------------------------------------------------------------

/// What a DM from someone without an intake is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DmRoute {
    /// Start an intake with what the message already says.
    Start { summary: Option<String>, description: Option<String> },
    /// Relay `text` to `tickets[index]`.
    Relay { index: usize, text: String },
    /// The DM starts with `#N`, which is not one of the requester's open tickets.
    NotYours { number: TicketNumber },
}

/// Decides what a DM is for, given the requester's open tickets (any order).
pub fn route_dm(message: &str, tickets: &[Ticket]) -> DmRoute {
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
    // A ticket whose technician waits on an answer first: this is most likely that answer.
    let index = tickets
        .iter()
        .enumerate()
        .max_by_key(|(_, t)| (t.status == Status::WaitingOnRequester, t.updated_at, t.id))
        .map_or(0, |(i, _)| i);
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
pub fn step_index(prompt: &Prompt) -> u32 {
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
    /// An article solved it.
    Solved(ArticleId),
    /// None of the articles helps.
    NotThis,
    /// Open the ticket as part of this incident.
    Join(i64),
    /// Not the known problem.
    NotKnown,
}

/// Checks a click against the conversation: a select or Skip of a question that is no longer the
/// current one is refused (its step or its value no longer fits), so an old message can never
/// answer the wrong question.
fn read_click(
    state: &IntakeState,
    control: Control,
    catalog: &Catalog,
    rules: &[Rule],
) -> Result<Click, Refusal> {
    let current = engine::current(state, catalog, rules);
    let asked = match &current {
        Step::Ask(prompt) => Some(prompt),
        _ => None,
    };
    match control {
        Control::Category { value } => {
            let value = value.ok_or(Refusal::Unusable)?;
            if catalog.category(&value).is_none() {
                return Err(Refusal::Unusable);
            }
            if asked.is_some_and(|p| p.key == CATEGORY_KEY) {
                Ok(Click::Answer(value))
            } else if state.category().is_none() {
                Ok(Click::Category(value))
            } else {
                Err(Refusal::AlreadyAnswered)
            }
        }
        Control::Choice { step, value } => {
            let value = value.ok_or(Refusal::Unusable)?;
            let prompt = asked.filter(|p| step_index(p) == step).ok_or(Refusal::AlreadyAnswered)?;
            if prompt.choices.contains(&value) {
                Ok(Click::Answer(value))
            } else {
                Err(Refusal::AlreadyAnswered)
            }
        }
        Control::Skip { step } => {
            asked.filter(|p| step_index(p) == step && !p.required).ok_or(Refusal::AlreadyAnswered)?;
            Ok(Click::Answer("skip".to_owned()))
        }
        Control::Submit => Ok(Click::Submit),
        Control::Edit => Ok(Click::Edit),
        Control::EditItem { key } => key.map(Click::EditItem).ok_or(Refusal::Unusable),
        Control::Cancel => Ok(Click::Cancel),
        Control::Solved { article } => Ok(Click::Solved(article)),
        Control::NotThis => Ok(Click::NotThis),
        Control::Join { parent } => Ok(Click::Join(parent)),
        Control::NotKnown => Ok(Click::NotKnown),
    }
}

/// The key of the question at `step` when it is the one being asked and is answered in words (not
/// a choice, not the category).
fn asked_in_words(
    state: &IntakeState,
    step: u32,
    catalog: &Catalog,
    rules: &[Rule],
) -> Result<String, Refusal> {
    match engine::current(state, catalog, rules) {
        Step::Ask(prompt)
            if step_index(&prompt) == step && prompt.choices.is_empty() && prompt.key != CATEGORY_KEY =>
        {
            Ok(prompt.key)
        }
        _ => Err(Refusal::AlreadyAnswered),
    }
}

/// The engine's outcome of a click that answers or edits; `None` for the others.
fn apply(state: &IntakeState, click: &Click, catalog: &Catalog, rules: &[Rule]) -> Option<Outcome> {
    match click {
        Click::Answer(value) => Some(engine::answer(state, value, catalog, rules)),
        Click::Category(key) => {
            Some(engine::answer_many(state, &[(CATEGORY_KEY, key.as_str())], catalog, rules))
        }
        Click::EditItem(key) => Some(engine::edit(state, key, catalog, rules)),
        Click::Submit
        | Click::Edit
        | Click::Cancel
        | Click::Solved(_)
        | Click::NotThis
        | Click::Join(_)
        | Click::NotKnown => None,
    }
}

/// The text of a DM with its attachments' links when `with_attachments`.
fn with_attachments(text: &str, attachments: &[String], with_attachments: bool) -> String {
    let mut text = text.trim().to_owned();
    if with_attachments {
        for url in attachments {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(url);
        }
    }
    text
}

// ---------------------------------------------------------------------------------------------------
// The use cases
// ---------------------------------------------------------------------------------------------------

/// A conversation as stored, with its state read back.
struct Loaded {
    record: IntakeRecord,
    state: IntakeState,
}

/// The intake conversations of one guild, under one help desk configuration, rendered by `view`.
pub struct Intakes<'a> {
    desk: &'a Desk,
    guild_id: DiscordId,
    helpdesk: &'a Helpdesk,
    view: &'a dyn IntakeView,
    /// The requester's language: the categories and questions are asked in it (see
    /// [`Helpdesk::catalog_in`]).
    lang: Lang,
}

impl Desk {
    /// The intake use cases of `guild_id` under `helpdesk`; what the requester is sent is rendered
    /// by `view`.
    pub fn intakes<'a>(
        &'a self,
        guild_id: DiscordId,
        helpdesk: &'a Helpdesk,
        view: &'a dyn IntakeView,
    ) -> Intakes<'a> {
        Intakes { desk: self, guild_id, helpdesk, view, lang: Lang::En }
    }
}

impl<'a> Intakes<'a> {
    /// The same use cases for a requester who reads `lang`.
    pub fn in_lang(self, lang: Lang) -> Intakes<'a> {
        Intakes { lang, ..self }
    }
}

impl Intakes<'_> {
    fn now(&self) -> DateTime<Utc> {
        self.desk.clock.now()
    }

    fn catalog(&self) -> &Catalog {
        self.helpdesk.catalog_in(self.lang)
    }

    fn rules(&self) -> &[Rule] {
        self.helpdesk.rules()
    }

    // ----- DMs -----

    /// A DM to the bot: the next answer of the requester's intake; else a message about their open
    /// ticket, relayed into its thread; else the start of an intake. Whatever it leads to, the
    /// requester's answer is queued for the channel it came from, with the change it follows from;
    /// a refusal too. Only a failure of the desk is an error (a DM handled before fails with
    /// [`StoreError::Duplicate`] at its first write, having changed nothing).
    #[instrument(skip(self, dm), fields(user = dm.user))]
    pub async fn on_dm(&self, dm: &IncomingDm<'_>) -> ServiceResult<DmHandled> {
        self.remember_dm_channel(dm.user, dm.channel_id).await;
        let refusal = match self.dm_inner(dm).await {
            Ok(handled) => return Ok(handled),
            Err(IntakeError::Refused(refusal)) => refusal,
            Err(IntakeError::Service(e)) if e.is_user_facing() => Refusal::Desk(self.view.said(&e)),
            Err(IntakeError::Service(e)) => return Err(e),
        };
        let body = self.view.refused(&refusal);
        self.enqueue(dm.user, Some(dm.channel_id), body).await?;
        Ok(DmHandled::Refused(refusal))
    }

    async fn dm_inner(&self, dm: &IncomingDm<'_>) -> IntakeResult<DmHandled> {
        let reader = Reader::Dm { channel_id: dm.channel_id };
        let (catalog, rules) = (self.catalog(), self.rules());
        if let Some(loaded) = self.load(dm.user).await? {
            // Links to attachments belong in free-text answers (not in a summary or a choice).
            let free_text = matches!(
                engine::current(&loaded.state, catalog, rules),
                Step::Ask(ref p) if p.choices.is_empty() && p.key != SUMMARY_KEY
            );
            let text = with_attachments(dm.text, dm.attachments, free_text);
            let outcome = engine::answer(&loaded.state, &text, catalog, rules);
            let reply = self.advance(&loaded.record, outcome, &reader).await?;
            return Ok(DmHandled::Answered(reply));
        }
        let tickets = self.open_tickets(dm.user).await?;
        match route_dm(&with_attachments(dm.text, &[], false), &tickets) {
            DmRoute::Start { summary, description } => {
                self.start_in_dm(dm.user, dm.channel_id, summary.as_deref(), description.as_deref()).await
            }
            DmRoute::Relay { index, text } => {
                let ticket = tickets.get(index).ok_or(Refusal::Ended)?;
                let text = with_attachments(&text, dm.attachments, true);
                self.relay(dm.user, dm.channel_id, ticket, &tickets, &text).await
            }
            DmRoute::NotYours { number } => Err(Refusal::NotAnOpenTicket { number, open: tickets }.into()),
        }
    }

    /// Remembers the DM channel a requester wrote from, so the deliverer reaches them in one
    /// request. A cache: failing to keep it is logged, not a failure of the DM.
    async fn remember_dm_channel(&self, user: DiscordId, channel: DiscordId) {
        let store = &self.desk.store;
        match store.dm_channel(user).await {
            Ok(known) if known == Some(channel) => {}
            Ok(_) => {
                if let Err(e) = store.save_dm_channel(user, channel).await {
                    tracing::warn!(error = %e, "could not cache the DM channel");
                }
            }
            Err(e) => tracing::warn!(error = %e, "could not read the cached DM channel"),
        }
    }

    /// The requester's open tickets (open, in progress, waiting on them).
    async fn open_tickets(&self, user: DiscordId) -> ServiceResult<Vec<Ticket>> {
        let filter = QueueFilter { requester: Some(user), ..QueueFilter::default() };
        let page = Page::first(RELAY_CANDIDATES);
        Ok(self.desk.queue(self.guild_id, &filter, page).await?.tickets)
    }

    /// Relays a DM into the ticket's thread, then queues the confirmation of which ticket it went
    /// to (the relay is recorded first: a confirmation must never claim what did not happen).
    async fn relay(
        &self,
        user: DiscordId,
        channel: DiscordId,
        ticket: &Ticket,
        all: &[Ticket],
        text: &str,
    ) -> IntakeResult<DmHandled> {
        let actor = Actor::member(user, Roles::REQUESTER);
        let changed = self.desk.requester_message(ticket.id, actor, text).await?;
        let body = self.view.relayed(ticket, all, !changed.masked.is_empty());
        self.enqueue(user, Some(channel), body).await?;
        Ok(DmHandled::Relayed { ticket: changed.ticket })
    }

    /// Starts a DM intake with what the first message said, and queues the first question.
    async fn start_in_dm(
        &self,
        user: DiscordId,
        channel: DiscordId,
        summary: Option<&str>,
        description: Option<&str>,
    ) -> IntakeResult<DmHandled> {
        let (catalog, rules) = (self.catalog(), self.rules());
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
        let notes = Notes::masked(masked);
        let record = self
            .create(user, &state, |intake| {
                let body = self.view.step(intake, &step, Framing::Opening, &notes, &[], catalog);
                Some(DirectMessage { user_id: user, channel_id: Some(channel), body })
            })
            .await?;
        Ok(DmHandled::Started { intake: record.id })
    }

    // ----- /ticket, its modal, clicks -----

    /// `/ticket [summary] [category]`: a new intake with what the options give (a category the
    /// rules suggest for the summary is taken, and can be changed at the review). An unfinished
    /// intake is ended as cancelled. Then the modal with its first free-text questions, or the
    /// category select when no category is known, or (when the modal has nothing to ask) the first
    /// step, shown as `reader` reads it.
    #[instrument(skip(self, summary, reader))]
    pub async fn start_form(
        &self,
        user: DiscordId,
        summary: Option<&str>,
        category: Option<&str>,
        reader: &Reader,
    ) -> IntakeResult<Reply> {
        let (catalog, rules) = (self.catalog(), self.rules());
        let store = &self.desk.store;
        if let Some(old) = store.intake(self.guild_id, user).await? {
            match store.end_intake(old.id, IntakeEnd::Cancelled, self.now(), None).await {
                Ok(()) | Err(StoreError::NotFound) => {}
                Err(e) => return Err(e.into()),
            }
        }
        let summary = summary.map(str::trim).filter(|s| !s.is_empty());
        let category = category.and_then(|c| catalog.find(c)).map(|c| c.key.clone()).or_else(|| {
            summary.and_then(|s| classify(rules, s).category).filter(|k| catalog.category(k).is_some())
        });
        let started = engine::start(catalog, rules, summary, category.as_deref());
        let notes = Notes::masked(started.masked);
        let record = self.create(user, &started.state, |_| None).await?;
        if started.state.category().is_none() {
            return Ok(Reply::ChooseCategory { intake: record.id, notes });
        }
        if !engine::modal_questions(&started.state, catalog).is_empty() {
            return Ok(Reply::Modal { intake: record.id, state: started.state });
        }
        self.show(&record, &started.state, started.step, notes, reader).await
    }

    /// The intake modal submitted (from `/ticket` or from **Answer**): `values` are its inputs by
    /// position in [`engine::modal_questions`] of the conversation it was `built_for` (its
    /// category). They go to the engine at once; then the next question or the review.
    #[instrument(skip(self, values, reader))]
    pub async fn form_answers(
        &self,
        user: DiscordId,
        built_for: Option<&str>,
        values: &[(usize, String)],
        reader: &Reader,
    ) -> IntakeResult<Reply> {
        let (catalog, rules) = (self.catalog(), self.rules());
        let loaded = self.load(user).await?.ok_or(Refusal::Ended)?;
        // The modal was built for the conversation as it stood; a category changed since means its
        // inputs no longer match the questions.
        if loaded.state.category() != built_for {
            return Err(Refusal::Ended.into());
        }
        let questions = engine::modal_questions(&loaded.state, catalog);
        let pairs: Vec<(&str, &str)> = values
            .iter()
            .filter_map(|(i, v)| questions.get(*i).map(|q| (q.key.as_str(), v.as_str())))
            .collect();
        let outcome = engine::answer_many(&loaded.state, &pairs, catalog, rules);
        self.advance(&loaded.record, outcome, reader).await
    }

    /// A click on a control of the conversation `intake`: checked to belong to the clicker's active
    /// intake and to the question being asked, then applied. On the `/ticket` form (`form`), a
    /// category pick that leaves free-text questions to ask answers with the modal.
    #[instrument(skip(self, reader))]
    pub async fn click(
        &self,
        user: DiscordId,
        intake: IntakeId,
        control: Control,
        reader: &Reader,
        form: bool,
    ) -> IntakeResult<Reply> {
        let (catalog, rules) = (self.catalog(), self.rules());
        let picks_category = matches!(control, Control::Category { .. });
        let loaded = self.load(user).await?.filter(|l| l.record.id == intake).ok_or(Refusal::Ended)?;
        let (record, state) = (&loaded.record, &loaded.state);
        match read_click(state, control, catalog, rules)? {
            Click::Edit => match engine::current(state, catalog, rules) {
                Step::Review(review) => Ok(Reply::Edit { intake: record.id, review }),
                step => {
                    Ok(Reply::Step { intake: record.id, step, notes: Notes::default(), fixes: Vec::new() })
                }
            },
            Click::Cancel => self.close(record, Closing::Cancelled, reader).await,
            Click::Solved(article) => {
                // Only a live article of this desk counts: an old or forged button changes nothing.
                match self.desk.store.article(self.guild_id, article).await {
                    Ok(a) if !a.is_retired() => {
                        self.close(record, Closing::SelfServed { article }, reader).await
                    }
                    Ok(_) | Err(StoreError::NotFound) => Err(Refusal::Unusable.into()),
                    Err(e) => Err(e.into()),
                }
            }
            Click::NotThis => match engine::current(state, catalog, rules) {
                step @ Step::Review(_) => {
                    Ok(Reply::Step { intake: record.id, step, notes: Notes::default(), fixes: Vec::new() })
                }
                _ => Err(Refusal::AlreadyAnswered.into()),
            },
            Click::Submit => match engine::submit(state, catalog) {
                Ok(draft) => self.submit(record, state, draft, reader, None).await,
                Err(problem) => Err(Refusal::Incomplete(problem).into()),
            },
            Click::Join(parent) => match engine::submit(state, catalog) {
                Ok(draft) => self.submit(record, state, draft, reader, Some(parent)).await,
                Err(problem) => Err(Refusal::Incomplete(problem).into()),
            },
            Click::NotKnown => match engine::current(state, catalog, rules) {
                Step::Review(review) => {
                    let fixes = self.matching_articles(&review).await;
                    Ok(Reply::Step {
                        intake: record.id,
                        step: Step::Review(review),
                        notes: Notes::default(),
                        fixes,
                    })
                }
                _ => Err(Refusal::AlreadyAnswered.into()),
            },
            click => {
                let outcome = apply(state, &click, catalog, rules).ok_or(Refusal::Ended)?;
                if form
                    && picks_category
                    && let Outcome::Next { state: next, step: Step::Ask(_), .. } = &outcome
                    && !engine::modal_questions(next, catalog).is_empty()
                {
                    let saved = self.save(record, next, None).await?;
                    return Ok(Reply::Modal { intake: saved.id, state: next.clone() });
                }
                self.advance(record, outcome, reader).await
            }
        }
    }

    /// **Answer** on the free-text question at `step` of conversation `intake`: the modal for the
    /// conversation as it stands ([`Reply::Modal`]). Refused when that question is no longer the
    /// one asked (answered meanwhile by a DM, or in another window). Reads only.
    #[instrument(skip(self))]
    pub async fn answer_form(&self, user: DiscordId, intake: IntakeId, step: u32) -> IntakeResult<Reply> {
        let loaded = self.load(user).await?.filter(|l| l.record.id == intake).ok_or(Refusal::Ended)?;
        asked_in_words(&loaded.state, step, self.catalog(), self.rules())?;
        Ok(Reply::Modal { intake, state: loaded.state })
    }

    /// The free-text question at `step` answered in a modal of its own (asked again after
    /// **Edit**): taken as that question's answer, never as a command (`cancel` in a modal is the
    /// answer "cancel").
    #[instrument(skip(self, value, reader))]
    pub async fn modal_answer(
        &self,
        user: DiscordId,
        intake: IntakeId,
        step: u32,
        value: &str,
        reader: &Reader,
    ) -> IntakeResult<Reply> {
        let (catalog, rules) = (self.catalog(), self.rules());
        let loaded = self.load(user).await?.filter(|l| l.record.id == intake).ok_or(Refusal::Ended)?;
        let key = asked_in_words(&loaded.state, step, catalog, rules)?;
        let outcome = engine::answer_many(&loaded.state, &[(key.as_str(), value)], catalog, rules);
        self.advance(&loaded.record, outcome, reader).await
    }

    // ----- applying the engine's outcome -----

    /// Applies what the engine made of the requester's input: saves the conversation with what
    /// comes next, ends it on cancel, opens the ticket on submit.
    async fn advance(&self, record: &IntakeRecord, outcome: Outcome, reader: &Reader) -> IntakeResult<Reply> {
        match outcome {
            Outcome::Submitted { state, draft } => self.submit(record, &state, draft, reader, None).await,
            Outcome::Next { step: Step::Cancelled, .. } => {
                self.close(record, Closing::Cancelled, reader).await
            }
            Outcome::Invalid { state, .. } if state.is_cancelled() => {
                self.close(record, Closing::Cancelled, reader).await
            }
            Outcome::Next { state, step, masked } => {
                self.show(record, &state, step, Notes::masked(masked), reader).await
            }
            Outcome::Invalid { state, problem, masked } => {
                let step = engine::current(&state, self.catalog(), self.rules());
                self.show(record, &state, step, Notes { problem: Some(problem), masked }, reader).await
            }
        }
    }

    /// Saves the conversation at `step` and shows it: queued for a DM reader; otherwise the
    /// interaction shows it.
    async fn show(
        &self,
        record: &IntakeRecord,
        state: &IntakeState,
        step: Step,
        notes: Notes,
        reader: &Reader,
    ) -> IntakeResult<Reply> {
        let catalog = self.catalog();
        let fixes = match &step {
            Step::Review(review) => self.matching_articles(review).await,
            _ => Vec::new(),
        };
        let step = match step {
            Step::Review(mut review) => {
                // Boxed: the conversation's futures are large enough already.
                review.known = Box::pin(self.known_problem(record.user_id, &review)).await;
                Step::Review(review)
            }
            step => step,
        };
        match (reader, &step) {
            (Reader::Dm { channel_id }, _) => {
                let body = self.view.step(record.id, &step, Framing::Next, &notes, &fixes, catalog);
                let reply = DirectMessage { user_id: record.user_id, channel_id: Some(*channel_id), body };
                let saved = self.save(record, state, Some(&reply)).await?;
                Ok(Reply::Step { intake: saved.id, step, notes, fixes })
            }
            (Reader::InPlace, _) => {
                let saved = self.save(record, state, None).await?;
                Ok(Reply::Step { intake: saved.id, step, notes, fixes })
            }
        }
    }

    /// Ends the conversation as `closing` says, with the requester's answer queued for a DM reader.
    async fn close(&self, record: &IntakeRecord, closing: Closing, reader: &Reader) -> IntakeResult<Reply> {
        let reply = match reader {
            Reader::Dm { channel_id } => Some(DirectMessage {
                user_id: record.user_id,
                channel_id: Some(*channel_id),
                body: self.view.closing(&closing),
            }),
            _ => None,
        };
        self.end(record.id, closing.end(), reply.as_ref()).await?;
        Ok(Reply::Closed(closing))
    }

    /// Submit: the intake is ended first (the database lets one Submit through, so a double click
    /// opens one ticket), then the ticket is opened; if that fails the conversation is restored.
    /// A DM reader's confirmation names the ticket, so it is queued once the ticket has its number.
    async fn submit(
        &self,
        record: &IntakeRecord,
        state: &IntakeState,
        draft: TicketDraft,
        reader: &Reader,
        incident: Option<i64>,
    ) -> IntakeResult<Reply> {
        self.end(record.id, IntakeEnd::Submitted, None).await?;
        let user = record.user_id;
        let ticket = draft.into_ticket(self.guild_id, user, self.now());
        let actor = Actor::member(user, Roles::REQUESTER);
        let opened = match incident {
            Some(parent) => Box::pin(self.desk.open_in_incident(ticket, parent, actor)).await,
            None => Box::pin(self.desk.open(ticket, actor)).await,
        };
        match opened {
            Ok(changed) => {
                let closing = match changed.ticket.parent_id {
                    Some(parent) => {
                        let parent = self.desk.get(parent).await?.label();
                        Closing::Joined { ticket: Box::new(changed.ticket), parent }
                    }
                    None => Closing::Submitted { ticket: Box::new(changed.ticket) },
                };
                if let Reader::Dm { channel_id } = reader {
                    self.enqueue(user, Some(*channel_id), self.view.closing(&closing)).await?;
                }
                Ok(Reply::Closed(closing))
            }
            Err(e) => {
                if let Err(restore) = self.create(user, state, |_| None).await {
                    tracing::error!(error = %restore, intake = record.id, "could not restore the intake after a failed submit");
                }
                Err(e.into())
            }
        }
    }

    /// The open incident the review's draft looks like, offered so the requester can join it. A
    /// help, not a step: a failure to look it up is logged and nothing is offered.
    async fn known_problem(&self, user: DiscordId, review: &Review) -> Option<engine::KnownProblem> {
        let draft = review.draft.clone().into_ticket(self.guild_id, user, self.now());
        match self.desk.known_problem(&draft).await {
            Ok(found) => {
                found.map(|t| engine::KnownProblem { ticket_id: t.id, label: t.label(), summary: t.summary })
            }
            Err(e) => {
                tracing::warn!(error = %e, "could not look up a known problem");
                None
            }
        }
    }

    /// The live articles that match what the requester wrote, best first: offered at the review so
    /// they can help themselves ("This fixed it") before a ticket is opened. Never tickets.
    async fn matching_articles(&self, review: &Review) -> Vec<Article> {
        let draft = &review.draft;
        let text = format!("{} {}", draft.summary, draft.description);
        match self.desk.kb_matches(self.guild_id, &text, ARTICLE_CANDIDATES).await {
            Ok(found) => found
                .into_iter()
                .filter(|f| f.coverage >= ARTICLE_MIN_COVERAGE)
                .take(ARTICLES_SHOWN)
                .map(|f| f.article)
                .collect(),
            Err(e) => {
                // Articles are a help, not a step: without them the review still works.
                tracing::warn!(error = %e, "could not look up matching articles");
                Vec::new()
            }
        }
    }

    // ----- the store -----

    /// The user's active intake. A state this build cannot read at all is ended (the requester
    /// starts over rather than being stuck); one written by a newer build is left alone for it.
    async fn load(&self, user: DiscordId) -> ServiceResult<Option<Loaded>> {
        let store = &self.desk.store;
        let Some(record) = store.intake(self.guild_id, user).await? else {
            return Ok(None);
        };
        match IntakeState::from_json(&record.state) {
            Ok(state) => Ok(Some(Loaded { record, state })),
            Err(e @ StateError::Newer { .. }) => Err(StoreError::Corrupt(e.to_string()).into()),
            Err(e) => {
                tracing::warn!(intake = record.id, error = %e, "unreadable intake state; ending it");
                match store.end_intake(record.id, IntakeEnd::Cancelled, self.now(), None).await {
                    Ok(()) | Err(StoreError::NotFound) => Ok(None),
                    Err(e) => Err(e.into()),
                }
            }
        }
    }

    /// Saves the conversation with `reply` queued in the same transaction. Activity clears the
    /// reminder, so a later pause is reminded again. A conversation that ended meanwhile is refused.
    async fn save(
        &self,
        record: &IntakeRecord,
        state: &IntakeState,
        reply: Option<&DirectMessage>,
    ) -> IntakeResult<IntakeRecord> {
        let json = state.to_json().map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let record =
            IntakeRecord { state: json, updated_at: self.now(), reminded_at: None, ..record.clone() };
        match self.desk.store.save_intake(&record, reply).await {
            Ok(saved) => {
                if reply.is_some() {
                    self.desk.outbox.notify_one();
                }
                Ok(saved)
            }
            Err(StoreError::NotFound) => Err(Refusal::Ended.into()),
            Err(e) => Err(e.into()),
        }
    }

    /// Creates a conversation at `state` and queues `reply(its id)` in the same transaction: the
    /// message names the conversation in its controls, so the store renders it once it has given
    /// the id, and the conversation never exists without its first question on the way.
    async fn create(
        &self,
        user: DiscordId,
        state: &IntakeState,
        reply: impl Fn(IntakeId) -> Option<DirectMessage> + Send + Sync,
    ) -> IntakeResult<IntakeRecord> {
        let json = state.to_json().map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let now = self.now();
        let record = IntakeRecord {
            id: 0,
            guild_id: self.guild_id,
            user_id: user,
            state: json,
            created_at: now,
            updated_at: now,
            reminded_at: None,
        };
        let started = self.desk.store.start_intake(&record, &reply).await?;
        self.desk.outbox.notify_one();
        Ok(started)
    }

    /// Ends the conversation with `reply` queued in the same transaction; the store lets it end
    /// once, so a second Submit or Cancel is refused.
    async fn end(&self, intake: IntakeId, how: IntakeEnd, reply: Option<&DirectMessage>) -> IntakeResult<()> {
        match self.desk.store.end_intake(intake, how, self.now(), reply).await {
            Ok(()) => {
                if reply.is_some() {
                    self.desk.outbox.notify_one();
                }
                Ok(())
            }
            Err(StoreError::NotFound) => Err(Refusal::Ended.into()),
            Err(e) => Err(e.into()),
        }
    }

    /// Queues a message to `user` alone (nothing else changes with it).
    async fn enqueue(
        &self,
        user: DiscordId,
        channel_id: Option<DiscordId>,
        body: Value,
    ) -> ServiceResult<()> {
        let message = DirectMessage { user_id: user, channel_id, body };
        self.desk.store.enqueue(&message, self.now()).await?;
        self.desk.outbox.notify_one();
        Ok(())
    }

    // ----- reminders and expiry -----

    /// One pass over abandoned intakes, by the desk's clock: those untouched for
    /// `intake_expire_after` end as expired, with a DM saying so queued in the same transaction;
    /// those untouched for `intake_reminder_after` get one reminder that asks the current question
    /// again. The reminder is marked in the store before it is queued, so with several processes one
    /// of them reminds, once. Failures are logged; the next pass tries again.
    #[instrument(skip(self))]
    pub async fn sweep(&self) -> Swept {
        let now = self.now();
        let store = &self.desk.store;
        let mut swept = Swept::default();

        // Expiry first, so an intake past both limits is not reminded on its way out.
        let expire_before = now - self.helpdesk.intake_expire_after();
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
                let lang = self.desk.known_lang(record.user_id).await.unwrap_or(self.lang);
                let said = self.view.speaking(lang, &|| self.view.closing(&Closing::Expired));
                let reply = match self.dm_to(record.user_id, said).await {
                    Ok(reply) => reply,
                    Err(e) => {
                        tracing::error!(intake = record.id, error = %e, "could not expire an intake");
                        return swept;
                    }
                };
                match store.end_intake(record.id, IntakeEnd::Expired, now, Some(&reply)).await {
                    Ok(()) => {
                        progressed = true;
                        swept.expired += 1;
                        self.desk.outbox.notify_one();
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

        let remind_before = now - self.helpdesk.intake_reminder_after();
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
            let lang = self.desk.known_lang(record.user_id).await.unwrap_or(self.lang);
            let catalog = self.helpdesk.catalog_in(lang);
            let step = IntakeState::from_json(&record.state)
                .ok()
                .map(|state| engine::current(&state, catalog, self.rules()));
            let body = self.view.speaking(lang, &|| self.view.reminder(record.id, step.as_ref(), catalog));
            let queued = match self.dm_to(record.user_id, body).await {
                Ok(reminder) => store.enqueue(&reminder, now).await.map(|_| ()),
                Err(e) => Err(e),
            };
            match queued {
                Ok(()) => self.desk.outbox.notify_one(),
                Err(e) => {
                    tracing::warn!(intake = record.id, error = %e, "could not queue an intake reminder")
                }
            }
        }
        swept
    }

    /// A message to `user` in their DM channel when it is known (else the deliverer opens it).
    async fn dm_to(&self, user: DiscordId, body: Value) -> Result<DirectMessage, StoreError> {
        let channel_id = self.desk.store.dm_channel(user).await?;
        Ok(DirectMessage { user_id: user, channel_id, body })
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;
    use crate::domain::intake::TicketDraft;
    use crate::domain::{Impact, Level, Status, Urgency};

    fn at(minutes: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 3, 14, 9, 0, 0).single().unwrap_or_default() + Duration::minutes(minutes)
    }

    fn ticket(id: i64, number: i64, updated: i64) -> Ticket {
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

    fn click(state: &IntakeState, control: Control) -> Result<Click, Refusal> {
        let desk = Helpdesk::builtin();
        read_click(state, control, desk.catalog(), desk.rules())
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
    fn greetings_pleas_and_new_are_understood_in_each_language() {
        for message in [
            "hola",
            "Buenos días, necesito ayuda",
            "ayuda",
            "nuevo",
            "ciao",
            "Buongiorno! Ho bisogno di aiuto",
            "nuovo ticket",
            "Hallo",
            "Guten Tag, ich brauche Hilfe",
            "neues Ticket",
        ] {
            assert_eq!(
                route_dm(message, &[]),
                DmRoute::Start { summary: None, description: None },
                "{message:?}"
            );
        }
        assert_eq!(
            route_dm("Buenos días, la impresora no imprime", &[]),
            DmRoute::Start { summary: Some("la impresora no imprime".into()), description: None }
        );
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
    fn a_choice_is_read_back_only_on_the_question_it_belongs_to() {
        let (state, _) = start(Some("VPN drops every five minutes"));
        let (state, _) = answer(&state, "network");
        let (state, step) = answer(&state, "It disconnects");
        let Step::Ask(prompt) = &step else { panic!("{step:?}") };
        let choice = |value: &str| Control::Choice { step: step_index(prompt), value: Some(value.into()) };
        assert_eq!(click(&state, choice("Wi-Fi")), Ok(Click::Answer("Wi-Fi".into())));
        assert_eq!(click(&state, choice("Bluetooth")), Err(Refusal::AlreadyAnswered));
        // The same select clicked after the question was answered answers nothing.
        let (later, _) = answer(&state, "Wi-Fi");
        assert_eq!(click(&later, choice("Wi-Fi")), Err(Refusal::AlreadyAnswered));
        assert_eq!(click(&state, Control::Choice { step: 0, value: None }), Err(Refusal::Unusable));
    }

    #[test]
    fn skip_works_only_on_the_current_optional_question() {
        let (state, _) = start(Some("Laptop does not start"));
        let (state, _) = answer(&state, "hardware");
        let (state, _) = answer(&state, "It stays black");
        let (state, step) = answer(&state, "Laptop");
        let Step::Ask(prompt) = &step else { panic!("{step:?}") };
        assert!(!prompt.required, "{prompt:?}");
        let step = step_index(prompt);
        assert_eq!(click(&state, Control::Skip { step }), Ok(Click::Answer("skip".into())));
        assert_eq!(click(&state, Control::Skip { step: step - 1 }), Err(Refusal::AlreadyAnswered));
    }

    #[test]
    fn the_ticket_category_select_sets_the_category_before_the_summary() {
        let desk = Helpdesk::builtin();
        let (state, _) = start(None);
        let pick = |value: &str| Control::Category { value: Some(value.into()) };
        let picked = click(&state, pick("printing"));
        assert_eq!(picked, Ok(Click::Category("printing".into())));
        let outcome = picked.ok().and_then(|c| apply(&state, &c, desk.catalog(), desk.rules()));
        let Some(Outcome::Next { state, .. }) = outcome else { panic!("{outcome:?}") };
        assert_eq!(state.category(), Some("printing"));
        assert_eq!(click(&state, pick("network")), Err(Refusal::AlreadyAnswered));
        assert_eq!(click(&state, pick("nonsense")), Err(Refusal::Unusable));
    }

    #[test]
    fn attachments_are_added_to_free_text_answers_only() {
        let urls = ["https://cdn.example/a.png".to_owned()];
        assert_eq!(with_attachments(" It crashes ", &urls, true), "It crashes\nhttps://cdn.example/a.png");
        assert_eq!(with_attachments(" It crashes ", &urls, false), "It crashes");
        assert_eq!(with_attachments("", &urls, true), "https://cdn.example/a.png");
    }
}
