//! Intake: the conversation that gathers a request's details before it becomes a ticket.
//!
//! The help desk configures [`Category`]s, each with ordered [`Question`]s. A requester's conversation
//! is an [`IntakeState`], a plain serde value the store keeps as JSON, so a restart in the middle
//! loses nothing. The engine is pure: every function takes the state, the [`Catalog`] and the
//! classification [`Rule`]s and returns the next state and what to ask; it never reads the clock,
//! the database or Discord.
//!
//! The conversation, in order: summary (one line, unless `/ticket summary:` gave it) → category
//! (unless given; the classification suggests one) → description → the category's questions, one at
//! a time → impact → urgency (suggested by the classification) → review (Submit / Edit / Cancel).
//!
//! Typed answers understand, case-insensitively: `skip` (optional questions only), `back` (the
//! previous question, answers kept), `cancel` (at any point); a choice is taken by its text or its
//! number, and `ok` takes the suggested choice. After an answer the conversation moves to the first
//! question that has no answer yet, so `back` and review's Edit return to where the requester was,
//! and after the `/ticket` modal the DM asks what the modal could not.
//!
//! Every free-text answer goes through [`redact`] before it is kept; the kinds of secret it masked
//! come back with the outcome so the bot can warn the requester.

use std::fmt;

use chrono::{DateTime, Utc};
use regex::Regex;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::classify::{Rule, classify};
use super::priority::priority;
use super::redact::{SecretKind, redact};
use super::text::{TEXT_INPUT_LABEL_MAX, TEXT_INPUT_VALUE_MAX, char_count, fit_string, one_line};
use super::ticket::{Answer, DiscordId, Impact, Level, Priority, SlaClock, Status, Ticket, Urgency};

/// The shape of [`IntakeState`] this build writes. Bump it (and teach [`IntakeState::from_json`] the
/// old shape) when a change would misread states saved by an earlier build.
pub const STATE_VERSION: u32 = 1;
/// A summary is one line of at most this many characters.
pub const SUMMARY_MAX_CHARS: usize = 200;
/// The description's limit: what one Discord text input holds.
pub const DESCRIPTION_MAX_CHARS: usize = TEXT_INPUT_VALUE_MAX;
/// The `/ticket` modal asks at most this many questions (Discord: 1–5 inputs a modal).
pub const MODAL_QUESTIONS_MAX: usize = super::text::MODAL_COMPONENTS_MAX;
/// Keys of the steps every intake has; a category's questions may not use them.
pub const RESERVED_KEYS: &[&str] = &["summary", "category", "description", "impact", "urgency"];

/// The words that control a conversation, in each language deskbot speaks (lowercase).
const SKIP_WORDS: &[&str] =
    &["skip", "saltar", "omitir", "salta", "saltare", "überspringen", "uberspringen", "weiter"];
const BACK_WORDS: &[&str] = &["back", "atrás", "atras", "volver", "indietro", "zurück", "zuruck"];
const CANCEL_WORDS: &[&str] = &["cancel", "cancelar", "annulla", "annullare", "abbrechen", "stornieren"];
/// "Yes, the suggested one."
const YES_WORDS: &[&str] = &["ok", "yes", "y", "sí", "si", "vale", "sì", "va bene", "ja", "okay"];
/// At the review: open the ticket.
const SUBMIT_WORDS: &[&str] = &[
    "submit", "send", "yes", "ok", "enviar", "sí", "si", "invia", "inviare", "sì", "senden", "absenden", "ja",
];
/// At the review: change an answer.
const EDIT_WORDS: &[&str] =
    &["edit", "change", "editar", "cambiar", "modifica", "modificare", "ändern", "andern", "bearbeiten"];
/// How people name an impact, in each language, besides its number and its stored word.
const IMPACT_WORDS: &[(&str, Impact)] = &[
    ("me", Impact::Individual),
    ("just me", Impact::Individual),
    ("only me", Impact::Individual),
    ("yo", Impact::Individual),
    ("solo yo", Impact::Individual),
    ("sólo yo", Impact::Individual),
    ("io", Impact::Individual),
    ("solo io", Impact::Individual),
    ("ich", Impact::Individual),
    ("nur ich", Impact::Individual),
    ("my team", Impact::Team),
    ("equipo", Impact::Team),
    ("mi equipo", Impact::Team),
    ("squadra", Impact::Team),
    ("il mio team", Impact::Team),
    ("la mia squadra", Impact::Team),
    ("mein team", Impact::Team),
    ("organization", Impact::Organisation),
    ("everyone", Impact::Organisation),
    ("whole organisation", Impact::Organisation),
    ("whole organization", Impact::Organisation),
    ("the whole organisation", Impact::Organisation),
    ("todos", Impact::Organisation),
    ("organización", Impact::Organisation),
    ("toda la organización", Impact::Organisation),
    ("tutti", Impact::Organisation),
    ("organizzazione", Impact::Organisation),
    ("tutta l'organizzazione", Impact::Organisation),
    ("alle", Impact::Organisation),
    ("organisation", Impact::Organisation),
    ("die ganze organisation", Impact::Organisation),
];
/// How people name an urgency, in each language.
const URGENCY_WORDS: &[(&str, Urgency)] = &[
    ("baja", Urgency::Low),
    ("bassa", Urgency::Low),
    ("niedrig", Urgency::Low),
    ("media", Urgency::Medium),
    ("mittel", Urgency::Medium),
    ("alta", Urgency::High),
    ("hoch", Urgency::High),
];

// ---------------------------------------------------------------------------------------------------
// The catalog: what the help desk asks.
// ---------------------------------------------------------------------------------------------------

/// A validation regex for a free-text answer. Kept compiled, stored and compared as its text.
#[derive(Clone)]
pub struct Pattern(Regex);

impl Pattern {
    /// Compiles `pattern`; the configuration reports the error with the key it came from.
    pub fn new(pattern: &str) -> Result<Pattern, regex::Error> {
        Regex::new(pattern).map(Pattern)
    }

    /// The pattern as configured, for messages and comparison.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// Whether an answer is accepted.
    pub fn is_match(&self, text: &str) -> bool {
        self.0.is_match(text)
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Pattern({:?})", self.0.as_str())
    }
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Pattern {}

impl Serialize for Pattern {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Pattern {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Pattern::new(&text).map_err(serde::de::Error::custom)
    }
}

/// What kind of answer a question takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum QuestionKind {
    /// Free text of at most `max_chars` characters (at most [`TEXT_INPUT_VALUE_MAX`], so a modal can
    /// ask it).
    Text { max_chars: usize },
    /// One of `options` (1–25, so a select menu can show them).
    Choice { options: Vec<String> },
}

/// One follow-up question of a category: what a good operator asks for this kind of problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// Stable id: answers and modal inputs are keyed by it.
    pub key: String,
    /// The question as asked in a DM.
    pub prompt: String,
    /// A short label (≤ 45 characters) for a modal input; when absent the prompt is cut to fit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub required: bool,
    #[serde(flatten)]
    pub kind: QuestionKind,
    /// Free-text answers must match it (e.g. an asset tag `^[A-Z]{2}-\d{4,6}$`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<Pattern>,
    /// Shown with the question and when an answer does not match `pattern`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Question {
    /// The label of this question's modal input: the configured label, else the prompt fitted to
    /// Discord's 45 characters (the DM keeps the full prompt).
    pub fn modal_label(&self) -> String {
        let label = self.label.as_deref().unwrap_or(&self.prompt);
        fit_string(one_line(label), TEXT_INPUT_LABEL_MAX)
    }

    /// Free text, so a modal can ask it.
    pub fn is_text(&self) -> bool {
        matches!(self.kind, QuestionKind::Text { .. })
    }
}

/// A kind of problem with its own follow-up questions and the support level that starts on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    /// Stable id, stored on tickets (e.g. `network`).
    pub key: String,
    /// What requesters see (e.g. "Network & VPN").
    pub name: String,
    /// One line shown under the name in the category menu.
    pub description: String,
    pub questions: Vec<Question>,
    /// The support level a ticket of this category starts at.
    #[serde(default = "level_one")]
    pub level: Level,
}

fn level_one() -> Level {
    Level::ONE
}

/// Every category the help desk offers, in the order they are shown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalog {
    pub categories: Vec<Category>,
}

impl Catalog {
    /// The category with this key.
    pub fn category(&self, key: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.key == key)
    }

    /// The category a person means by `text`: its key or its name, ignoring case and surrounding
    /// spaces (what `/ticket category:` and a typed answer give).
    pub fn find(&self, text: &str) -> Option<&Category> {
        let text = text.trim();
        self.categories
            .iter()
            .find(|c| c.key.eq_ignore_ascii_case(text) || c.name.to_lowercase() == text.to_lowercase())
    }
}

// ---------------------------------------------------------------------------------------------------
// The state of one conversation.
// ---------------------------------------------------------------------------------------------------

/// Where a conversation stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
enum StepId {
    Summary,
    Category,
    Description,
    Question { key: String },
    Impact,
    Urgency,
    Review,
    Cancelled,
}

impl StepId {
    fn key(&self) -> &str {
        match self {
            StepId::Summary => "summary",
            StepId::Category => "category",
            StepId::Description => "description",
            StepId::Question { key } => key,
            StepId::Impact => "impact",
            StepId::Urgency => "urgency",
            StepId::Review => "review",
            StepId::Cancelled => "cancelled",
        }
    }
}

/// One requester's intake conversation, stored as JSON between messages (`IntakeRecord.state`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakeState {
    /// [`STATE_VERSION`] when written.
    version: u32,
    at: StepId,
    summary: Option<String>,
    /// A category key.
    category: Option<String>,
    description: Option<String>,
    /// Answers to the chosen category's questions; a skipped optional question has `value: None`.
    answers: Vec<Answer>,
    impact: Option<Impact>,
    urgency: Option<Urgency>,
}

/// Why a stored state cannot be read back.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("the intake state is not valid JSON for this version of deskbot: {0}")]
    Json(#[from] serde_json::Error),
    #[error(
        "the intake state was saved by a newer deskbot (state version {found}, this one reads up to {STATE_VERSION})"
    )]
    Newer { found: u32 },
}

impl IntakeState {
    /// A fresh conversation at the summary.
    fn new() -> IntakeState {
        IntakeState {
            version: STATE_VERSION,
            at: StepId::Summary,
            summary: None,
            category: None,
            description: None,
            answers: Vec::new(),
            impact: None,
            urgency: None,
        }
    }

    /// The JSON the store keeps.
    pub fn to_json(&self) -> Result<String, StateError> {
        Ok(serde_json::to_string(self)?)
    }

    /// Reads a state the store kept, refusing one written by a newer build rather than misreading it.
    pub fn from_json(json: &str) -> Result<IntakeState, StateError> {
        let state: IntakeState = serde_json::from_str(json)?;
        if state.version > STATE_VERSION {
            return Err(StateError::Newer { found: state.version });
        }
        Ok(IntakeState { version: STATE_VERSION, ..state })
    }

    /// The summary so far (for reminders and logs).
    pub fn summary(&self) -> Option<&str> {
        self.summary.as_deref()
    }

    /// The chosen category's key so far.
    pub fn category(&self) -> Option<&str> {
        self.category.as_deref()
    }

    /// The requester cancelled: nothing more will be asked.
    pub fn is_cancelled(&self) -> bool {
        self.at == StepId::Cancelled
    }

    /// At the review: everything is answered and Submit is possible.
    pub fn is_at_review(&self) -> bool {
        self.at == StepId::Review
    }

    /// Every step of this conversation in order, the review last. The category's questions appear
    /// only once a (known) category is chosen.
    fn sequence(&self, catalog: &Catalog) -> Vec<StepId> {
        let mut steps = vec![StepId::Summary, StepId::Category, StepId::Description];
        if let Some(category) = self.category.as_deref().and_then(|key| catalog.category(key)) {
            steps.extend(category.questions.iter().map(|q| StepId::Question { key: q.key.clone() }));
        }
        steps.extend([StepId::Impact, StepId::Urgency, StepId::Review]);
        steps
    }

    fn answer_to(&self, key: &str) -> Option<&Answer> {
        self.answers.iter().find(|a| a.key == key)
    }

    fn is_answered(&self, step: &StepId) -> bool {
        match step {
            StepId::Summary => self.summary.is_some(),
            StepId::Category => self.category.is_some(),
            StepId::Description => self.description.is_some(),
            StepId::Question { key } => self.answer_to(key).is_some(),
            StepId::Impact => self.impact.is_some(),
            StepId::Urgency => self.urgency.is_some(),
            StepId::Review | StepId::Cancelled => false,
        }
    }

    /// The first step without an answer, or the review when everything is answered.
    fn first_unanswered(&self, catalog: &Catalog) -> StepId {
        self.sequence(catalog)
            .into_iter()
            .find(|s| *s != StepId::Review && !self.is_answered(s))
            .unwrap_or(StepId::Review)
    }

    /// Where to go after an answer: the first step still without one, else the review. In a plain
    /// run that is the next question; after `back` or Edit it is where the requester was (or the
    /// review); after a modal it is the first question the modal could not ask.
    fn advance(&mut self, catalog: &Catalog) {
        self.at = self.first_unanswered(catalog);
    }

    /// Makes a stored state fit the catalog as it is now: a category that no longer exists is asked
    /// again, a question that was removed is passed over, and the review is reached only when
    /// everything is answered.
    fn normalise(mut self, catalog: &Catalog) -> IntakeState {
        if self.category.as_deref().is_some_and(|key| catalog.category(key).is_none()) {
            self.category = None;
            self.answers.clear();
        }
        let steps = self.sequence(catalog);
        let in_sequence = steps.contains(&self.at);
        if self.at != StepId::Cancelled
            && (!in_sequence || (self.at == StepId::Review && self.draft(catalog).is_err()))
        {
            self.at = self.first_unanswered(catalog);
        }
        self
    }

    fn set(&mut self, step: &StepId, value: Value, catalog: &Catalog) {
        match (step, value) {
            (StepId::Summary, Value::Text(text)) => self.summary = Some(text),
            (StepId::Description, Value::Text(text)) => self.description = Some(text),
            // The old category's answers do not belong to the new one's questions.
            (StepId::Category, Value::Category(key)) if self.category.as_deref() != Some(key.as_str()) => {
                self.answers.clear();
                self.category = Some(key);
            }
            (StepId::Question { key }, value) => {
                let value = match value {
                    Value::Text(text) => Some(text),
                    Value::Skipped => None,
                    _ => return,
                };
                let prompt = self
                    .category
                    .as_deref()
                    .and_then(|c| catalog.category(c))
                    .and_then(|c| c.questions.iter().find(|q| &q.key == key))
                    .map_or_else(|| key.clone(), |q| q.prompt.clone());
                self.answers.retain(|a| &a.key != key);
                self.answers.push(Answer { key: key.clone(), question: prompt, value });
            }
            (StepId::Impact, Value::Impact(impact)) => self.impact = Some(impact),
            (StepId::Urgency, Value::Urgency(urgency)) => self.urgency = Some(urgency),
            _ => {}
        }
    }

    /// Everything written so far, for classification.
    fn text_for_classification(&self) -> String {
        let mut parts: Vec<&str> = Vec::new();
        parts.extend(self.summary.as_deref());
        parts.extend(self.description.as_deref());
        parts.extend(self.answers.iter().filter_map(|a| a.value.as_deref()));
        parts.join("\n")
    }

    /// The ticket this conversation would open, or the first thing still missing.
    fn draft(&self, catalog: &Catalog) -> Result<TicketDraft, Problem> {
        let missing = |what: &str| Problem::Incomplete { missing: what.to_owned() };
        let summary = self.summary.clone().ok_or_else(|| missing("summary"))?;
        let category = self
            .category
            .as_deref()
            .and_then(|key| catalog.category(key))
            .ok_or_else(|| missing("category"))?;
        let description = self.description.clone().ok_or_else(|| missing("description"))?;
        let mut answers = Vec::with_capacity(category.questions.len());
        for question in &category.questions {
            let answer = self.answer_to(&question.key).ok_or_else(|| missing(&question.prompt))?;
            if question.required && answer.value.is_none() {
                return Err(missing(&question.prompt));
            }
            answers.push(answer.clone());
        }
        let impact = self.impact.ok_or_else(|| missing("impact"))?;
        let urgency = self.urgency.ok_or_else(|| missing("urgency"))?;
        Ok(TicketDraft {
            summary,
            description,
            category: category.key.clone(),
            impact,
            urgency,
            answers,
            level: category.level,
        })
    }
}

// ---------------------------------------------------------------------------------------------------
// What the engine tells the bot.
// ---------------------------------------------------------------------------------------------------

/// What to show the requester next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Ask a question.
    Ask(Prompt),
    /// Everything is answered: show it with Submit / Edit / Cancel.
    Review(Review),
    /// The requester cancelled; nothing more to ask.
    Cancelled,
}

/// How far along a conversation is: "question 4 of 9". `total` is unknown until a category is
/// chosen (categories ask different numbers of questions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub step: usize,
    pub total: Option<usize>,
}

impl fmt::Display for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.total {
            Some(total) => write!(f, "{} of {}", self.step, total),
            None => write!(f, "{}", self.step),
        }
    }
}

/// One question to ask, with everything the bot needs to render it (text, select menu or buttons).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    /// `summary`, `category`, `description`, `impact`, `urgency` or a question's key.
    pub key: String,
    /// A category question's prompt as configured; empty for the steps every intake asks, which the
    /// message catalogue words by `key`.
    pub text: String,
    /// `skip` is accepted when false.
    pub required: bool,
    /// The options to choose from; empty for free text. For `impact` and `urgency` their stored
    /// words (`individual`, `high`), which the message catalogue words.
    pub choices: Vec<String>,
    /// For free text: the longest answer accepted.
    pub max_chars: Option<usize>,
    pub hint: Option<String>,
    /// What the bot proposes: the current answer when the question is asked again (after `back` or
    /// Edit), else the classification's suggestion. For choices it is one of `choices`, and `ok`
    /// takes it.
    pub suggested: Option<String>,
    pub progress: Progress,
}

/// One line of the review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewItem {
    /// What `edit` takes to change it.
    pub key: String,
    pub label: String,
    /// `None` for a skipped optional question.
    pub value: Option<String>,
}

/// Everything to show before Submit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    /// The ticket Submit will open.
    pub draft: TicketDraft,
    /// The category's name.
    pub category_name: String,
    /// The priority the matrix gives.
    pub priority: Priority,
    /// In order; "edit 3" edits the third.
    pub items: Vec<ReviewItem>,
    /// An open major incident that looks like the same problem, offered so the requester can join
    /// it (set by the service, which can look it up).
    pub known: Option<KnownProblem>,
}

/// An open incident offered at the review: "This looks like a known problem".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownProblem {
    /// The incident's ticket id.
    pub ticket_id: i64,
    /// Its label, `#12`.
    pub label: String,
    pub summary: String,
}

/// What a requester's answer led to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Accepted (or `back`, `cancel`, edit): show `step`. `masked` lists the secrets hidden from
    /// the answer, so the bot can warn never to send them.
    Next { state: IntakeState, step: Step, masked: Vec<SecretKind> },
    /// Not accepted: say `problem` and ask again. `state` is unchanged except, for a modal, the
    /// answers that were valid.
    Invalid { state: IntakeState, problem: Problem, masked: Vec<SecretKind> },
    /// The requester typed `submit` at the review: open `draft`.
    Submitted { state: IntakeState, draft: TicketDraft },
}

/// A new conversation and its first question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Started {
    pub state: IntakeState,
    pub step: Step,
    /// Secrets hidden from the summary given with `/ticket`.
    pub masked: Vec<SecretKind>,
}

/// Why an answer was not accepted: the message catalogue words each variant in the requester's
/// language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Nothing was written.
    Empty,
    /// `skip` on a question that must be answered.
    Required,
    TooLong {
        max: usize,
        got: usize,
    },
    /// A summary must be one line.
    NotOneLine,
    /// The answer does not match the question's pattern.
    NoMatch {
        hint: Option<String>,
    },
    NotAChoice {
        choices: Vec<String>,
    },
    /// `back` at the first question.
    NothingBefore,
    /// At the review, something other than submit / edit / back / cancel.
    AtReview,
    /// `edit` named nothing that is in the review.
    UnknownItem {
        items: Vec<String>,
    },
    /// Submit while something is still unanswered.
    Incomplete {
        missing: String,
    },
    /// The conversation was cancelled.
    Cancelled,
    /// A modal answer that was not valid, with the question it answered.
    InAnswer {
        question: String,
        problem: Box<Problem>,
    },
}

/// The engine's own tests read problems in plain words; what requesters read is the message
/// catalogue's (`discord::catalogue::said::problem`).
#[cfg(test)]
fn numbered(items: &[String]) -> String {
    items.iter().enumerate().map(|(i, item)| format!("{}. {item}", i + 1)).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Empty => f.write_str("Please type an answer (or `cancel` to stop)."),
            Problem::Required => {
                f.write_str("This one cannot be skipped: please answer it (or type `cancel` to stop).")
            }
            Problem::TooLong { max, got } => {
                write!(f, "That is {got} characters; the limit is {max}. Please shorten it.")
            }
            Problem::NotOneLine => f.write_str("Please keep the summary to one line."),
            Problem::NoMatch { hint: Some(hint) } => write!(f, "That does not look right. {hint}"),
            Problem::NoMatch { hint: None } => f.write_str("That does not look right; please check it."),
            Problem::NotAChoice { choices } => {
                write!(f, "Please choose one of: {} (the text or its number).", numbered(choices))
            }
            Problem::NothingBefore => {
                f.write_str("This is the first question; there is nothing to go back to.")
            }
            Problem::AtReview => f.write_str(
                "Reply `submit` to open the ticket, `edit` and a number to change an answer, or `cancel`.",
            ),
            Problem::UnknownItem { items } => {
                write!(
                    f,
                    "Which answer do you want to change? Reply `edit` and its number: {}.",
                    numbered(items)
                )
            }
            Problem::Incomplete { missing } => {
                write!(f, "Not everything is answered yet: “{missing}” still needs an answer.")
            }
            Problem::Cancelled => {
                f.write_str("This request was cancelled; send a new message to start again.")
            }
            Problem::InAnswer { question, problem } => write!(f, "{question}: {problem}"),
        }
    }
}

/// Everything needed to open the ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketDraft {
    pub summary: String,
    pub description: String,
    /// The category key.
    pub category: String,
    pub impact: Impact,
    pub urgency: Urgency,
    /// The category's questions in order, skipped ones with `value: None`.
    pub answers: Vec<Answer>,
    /// The category's starting support level.
    pub level: Level,
}

impl TicketDraft {
    /// The matrix priority of impact × urgency.
    pub fn priority(&self) -> Priority {
        priority(self.impact, self.urgency)
    }

    /// The ticket in status `intake`, ready for `Action::Submit` (which opens it and starts the SLA
    /// clocks) and for the store (which gives it its id and number).
    pub fn into_ticket(self, guild_id: DiscordId, requester_id: DiscordId, now: DateTime<Utc>) -> Ticket {
        let priority = self.priority();
        Ticket {
            id: 0,
            guild_id,
            number: None,
            requester_id,
            summary: self.summary,
            description: self.description,
            category: self.category,
            impact: self.impact,
            urgency: self.urgency,
            priority,
            priority_overridden: false,
            level: self.level,
            status: Status::Intake,
            assignee_id: None,
            answers: self.answers,
            sla: SlaClock::default(),
            resolution_notes: None,
            resolution_code: None,
            satisfaction: None,
            created_at: now,
            updated_at: now,
            resolved_at: None,
            closed_at: None,
            triage_message_id: None,
            thread_id: None,
            parent_id: None,
            version: 0,
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// The engine.
// ---------------------------------------------------------------------------------------------------

/// An accepted answer, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Value {
    Skipped,
    Text(String),
    Category(String),
    Impact(Impact),
    Urgency(Urgency),
}

/// What a typed answer means before it is read as a value.
enum Command<'a> {
    Skip,
    Back,
    Cancel,
    Answer(&'a str),
}

fn command(input: &str) -> Command<'_> {
    let trimmed = input.trim();
    let lower = trimmed.to_lowercase();
    if is_skip(&lower) {
        Command::Skip
    } else if BACK_WORDS.contains(&lower.as_str()) {
        Command::Back
    } else if CANCEL_WORDS.contains(&lower.as_str()) {
        Command::Cancel
    } else {
        Command::Answer(trimmed)
    }
}

/// `skip`, in any of deskbot's languages.
fn is_skip(input: &str) -> bool {
    SKIP_WORDS.contains(&input.trim().to_lowercase().as_str())
}

/// How a free-text answer is checked.
struct TextRule<'a> {
    max_chars: usize,
    one_line: bool,
    pattern: Option<&'a Pattern>,
    hint: Option<&'a str>,
}

/// A free-text answer: trimmed, non-empty, within the limit, matching the pattern; then redacted.
fn read_text(
    input: &str,
    rule: &TextRule<'_>,
) -> Result<(String, Vec<SecretKind>), (Problem, Vec<SecretKind>)> {
    let text = input.trim();
    if text.is_empty() {
        return Err((Problem::Empty, Vec::new()));
    }
    let redacted = redact(text);
    let masked = redacted.masked;
    if rule.one_line && text.contains(['\n', '\r']) {
        return Err((Problem::NotOneLine, masked));
    }
    let got = char_count(text);
    if got > rule.max_chars {
        return Err((Problem::TooLong { max: rule.max_chars, got }, masked));
    }
    if let Some(pattern) = rule.pattern
        && !pattern.is_match(text)
    {
        return Err((Problem::NoMatch { hint: rule.hint.map(str::to_owned) }, masked));
    }
    // A mask may be longer than what it hides; the limit still holds for what is kept.
    Ok((fit_string(redacted.text, rule.max_chars), masked))
}

/// The index of the option `input` names: its text (ignoring case), its number, or `ok` for the
/// suggested one.
fn pick(options: &[String], input: &str, suggested: Option<&str>) -> Option<usize> {
    let input = input.trim();
    let lower = input.to_lowercase();
    if let Some(i) = options.iter().position(|o| o.to_lowercase() == lower) {
        return Some(i);
    }
    if let Ok(n) = input.trim_start_matches('#').parse::<usize>()
        && (1..=options.len()).contains(&n)
    {
        return Some(n - 1);
    }
    if YES_WORDS.contains(&lower.as_str()) {
        return suggested.and_then(|s| options.iter().position(|o| o == s));
    }
    // What people type: the start of an option or of one of its words ("wired" for "Wired (cable)",
    // "vpn" for "Network & VPN"), when exactly one option fits.
    if lower.chars().count() >= 2 {
        let fits = |o: &String| {
            let o = o.to_lowercase();
            o.starts_with(&lower)
                || o.split(|c: char| !c.is_alphanumeric())
                    .any(|word| !word.is_empty() && word.starts_with(&lower))
        };
        let mut matching = options.iter().enumerate().filter(|(_, o)| fits(o)).map(|(i, _)| i);
        if let (Some(i), None) = (matching.next(), matching.next()) {
            return Some(i);
        }
    }
    None
}

fn category_names(catalog: &Catalog) -> Vec<String> {
    catalog.categories.iter().map(|c| c.name.clone()).collect()
}

fn impact_choices() -> Vec<String> {
    Impact::ALL.iter().map(|i| i.as_str().to_owned()).collect()
}

fn urgency_choices() -> Vec<String> {
    Urgency::ALL.iter().map(|u| u.as_str().to_owned()).collect()
}

/// A word from [`IMPACT_WORDS`] or [`URGENCY_WORDS`]: the whole answer, or the one entry it starts
/// (`"solo"` for `"solo yo"`).
fn by_word<T: Copy>(words: &[(&str, T)], input: &str) -> Option<T> {
    let lower = input.trim().to_lowercase();
    if let Some((_, value)) = words.iter().find(|(w, _)| *w == lower) {
        return Some(*value);
    }
    if lower.chars().count() < 3 {
        return None;
    }
    let mut matching = words.iter().filter(|(w, _)| w.starts_with(&lower)).map(|(_, v)| *v);
    let first = matching.next()?;
    matching.all(|v| std::mem::discriminant(&v) == std::mem::discriminant(&first)).then_some(first)
}

fn current_question<'c>(state: &IntakeState, catalog: &'c Catalog, key: &str) -> Option<&'c Question> {
    state
        .category
        .as_deref()
        .and_then(|c| catalog.category(c))
        .and_then(|c| c.questions.iter().find(|q| q.key == key))
}

/// The suggested answer of a step (see [`Prompt::suggested`]).
fn suggestion(state: &IntakeState, step: &StepId, catalog: &Catalog, rules: &[Rule]) -> Option<String> {
    match step {
        StepId::Summary => state.summary.clone(),
        StepId::Description => state.description.clone(),
        StepId::Category => {
            let key = state
                .category
                .clone()
                .or_else(|| classify(rules, &state.text_for_classification()).category)?;
            catalog.category(&key).map(|c| c.name.clone())
        }
        StepId::Question { key } => state.answer_to(key).and_then(|a| a.value.clone()),
        StepId::Impact => state.impact.map(|i| i.as_str().to_owned()),
        StepId::Urgency => state
            .urgency
            .or_else(|| classify(rules, &state.text_for_classification()).urgency)
            .map(|u| u.as_str().to_owned()),
        StepId::Review | StepId::Cancelled => None,
    }
}

/// Reads `input` as the answer to `step` (commands such as `skip` are handled before).
fn read_value(
    state: &IntakeState,
    step: &StepId,
    input: &str,
    catalog: &Catalog,
    rules: &[Rule],
) -> Result<(Value, Vec<SecretKind>), (Problem, Vec<SecretKind>)> {
    let none = Vec::new;
    let suggested = suggestion(state, step, catalog, rules);
    let choose = |options: Vec<String>| -> Result<usize, (Problem, Vec<SecretKind>)> {
        pick(&options, input, suggested.as_deref())
            .ok_or_else(|| (Problem::NotAChoice { choices: options }, none()))
    };
    match step {
        StepId::Summary => read_text(
            input,
            &TextRule { max_chars: SUMMARY_MAX_CHARS, one_line: true, pattern: None, hint: None },
        )
        .map(|(t, m)| (Value::Text(t), m)),
        StepId::Description => read_text(
            input,
            &TextRule { max_chars: DESCRIPTION_MAX_CHARS, one_line: false, pattern: None, hint: None },
        )
        .map(|(t, m)| (Value::Text(t), m)),
        StepId::Category => {
            if let Some(category) = catalog.find(input) {
                return Ok((Value::Category(category.key.clone()), none()));
            }
            let i = choose(category_names(catalog))?;
            let key = catalog.categories.get(i).map(|c| c.key.clone()).unwrap_or_default();
            Ok((Value::Category(key), none()))
        }
        StepId::Impact => {
            let named = input.trim().parse::<Impact>().ok().or_else(|| by_word(IMPACT_WORDS, input));
            let impact = match named {
                Some(impact) => impact,
                None => Impact::ALL.get(choose(impact_choices())?).copied().unwrap_or(Impact::Individual),
            };
            Ok((Value::Impact(impact), none()))
        }
        StepId::Urgency => {
            let named = input.parse::<Urgency>().ok().or_else(|| by_word(URGENCY_WORDS, input));
            let urgency = match named {
                Some(urgency) => urgency,
                None => Urgency::ALL.get(choose(urgency_choices())?).copied().unwrap_or(Urgency::Medium),
            };
            Ok((Value::Urgency(urgency), none()))
        }
        StepId::Question { key } => {
            let Some(question) = current_question(state, catalog, key) else {
                return Err((Problem::Empty, none()));
            };
            match &question.kind {
                QuestionKind::Text { max_chars } => read_text(
                    input,
                    &TextRule {
                        max_chars: *max_chars,
                        one_line: false,
                        pattern: question.pattern.as_ref(),
                        hint: question.hint.as_deref(),
                    },
                )
                .map(|(t, m)| (Value::Text(t), m)),
                QuestionKind::Choice { options } => {
                    let i = choose(options.clone())?;
                    Ok((Value::Text(options.get(i).cloned().unwrap_or_default()), none()))
                }
            }
        }
        StepId::Review | StepId::Cancelled => Err((Problem::AtReview, none())),
    }
}

fn is_required(state: &IntakeState, step: &StepId, catalog: &Catalog) -> bool {
    match step {
        StepId::Question { key } => current_question(state, catalog, key).is_none_or(|q| q.required),
        _ => true,
    }
}

fn progress(state: &IntakeState, step: &StepId, catalog: &Catalog) -> Progress {
    let steps = state.sequence(catalog);
    let position = steps.iter().position(|s| s == step).map_or(1, |i| i + 1);
    let known = state.category.as_deref().is_some_and(|key| catalog.category(key).is_some());
    // The review is not a question.
    Progress { step: position, total: known.then(|| steps.len() - 1) }
}

fn prompt(state: &IntakeState, step: &StepId, catalog: &Catalog, rules: &[Rule]) -> Prompt {
    let suggested = suggestion(state, step, catalog, rules);
    let progress = progress(state, step, catalog);
    let base = |text: &str, choices: Vec<String>, max_chars: Option<usize>, hint: Option<&str>| Prompt {
        key: step.key().to_owned(),
        text: text.to_owned(),
        required: true,
        choices,
        max_chars,
        hint: hint.map(str::to_owned),
        suggested: suggested.clone(),
        progress,
    };
    match step {
        StepId::Summary => base("", Vec::new(), Some(SUMMARY_MAX_CHARS), None),
        StepId::Category => base("", category_names(catalog), None, None),
        StepId::Description => base("", Vec::new(), Some(DESCRIPTION_MAX_CHARS), None),
        StepId::Impact => base("", impact_choices(), None, None),
        StepId::Urgency => base("", urgency_choices(), None, None),
        StepId::Question { key } => match current_question(state, catalog, key) {
            Some(q) => {
                let (choices, max_chars) = match &q.kind {
                    QuestionKind::Text { max_chars } => (Vec::new(), Some(*max_chars)),
                    QuestionKind::Choice { options } => (options.clone(), None),
                };
                Prompt { required: q.required, ..base(&q.prompt, choices, max_chars, q.hint.as_deref()) }
            }
            None => base(key, Vec::new(), None, None),
        },
        // Not asked; `current` never builds a prompt for these.
        StepId::Review | StepId::Cancelled => base("", Vec::new(), None, None),
    }
}

fn review(state: &IntakeState, catalog: &Catalog) -> Result<Review, Problem> {
    let draft = state.draft(catalog)?;
    let category_name =
        catalog.category(&draft.category).map_or_else(|| draft.category.clone(), |c| c.name.clone());
    let item = |key: &str, label: &str, value: Option<String>| ReviewItem {
        key: key.to_owned(),
        label: label.to_owned(),
        value,
    };
    // The steps every intake asks are labelled by their key, which the message catalogue words;
    // impact and urgency carry their stored words.
    let mut items = vec![
        item("summary", "summary", Some(draft.summary.clone())),
        item("category", "category", Some(category_name.clone())),
        item("description", "description", Some(draft.description.clone())),
    ];
    items.extend(draft.answers.iter().map(|a| item(&a.key, &a.question, a.value.clone())));
    items.push(item("impact", "impact", Some(draft.impact.as_str().to_owned())));
    items.push(item("urgency", "urgency", Some(draft.urgency.as_str().to_owned())));
    Ok(Review { priority: draft.priority(), category_name, items, draft, known: None })
}

/// What to show for the state as it is: the question it stands at, the review, or nothing more.
/// After a restart or with a reminder, the bot asks this again.
pub fn current(state: &IntakeState, catalog: &Catalog, rules: &[Rule]) -> Step {
    let state = state.clone().normalise(catalog);
    step_of(&state, catalog, rules)
}

fn step_of(state: &IntakeState, catalog: &Catalog, rules: &[Rule]) -> Step {
    match &state.at {
        StepId::Cancelled => Step::Cancelled,
        StepId::Review => match review(state, catalog) {
            Ok(review) => Step::Review(review),
            // `normalise` reaches the review only when it is complete; ask what is missing.
            Err(_) => Step::Ask(prompt(state, &state.first_unanswered(catalog), catalog, rules)),
        },
        step => Step::Ask(prompt(state, step, catalog, rules)),
    }
}

fn next(state: IntakeState, catalog: &Catalog, rules: &[Rule], masked: Vec<SecretKind>) -> Outcome {
    let step = step_of(&state, catalog, rules);
    Outcome::Next { state, step, masked }
}

/// Starts a conversation. `summary` and `category` come from `/ticket` options when given; a
/// summary that is not valid (empty, too long) or a category that does not exist is simply asked.
pub fn start(catalog: &Catalog, rules: &[Rule], summary: Option<&str>, category: Option<&str>) -> Started {
    let mut state = IntakeState::new();
    let mut masked = Vec::new();
    if let Some(summary) = summary
        && let Ok((Value::Text(text), m)) = read_value(&state, &StepId::Summary, summary, catalog, rules)
    {
        state.summary = Some(text);
        masked = m;
    }
    if let Some(category) = category.and_then(|c| catalog.find(c)) {
        state.category = Some(category.key.clone());
    }
    state.at = state.first_unanswered(catalog);
    let step = step_of(&state, catalog, rules);
    Started { state, step, masked }
}

/// Reads one typed answer (a DM, a button, a select menu) to the current question.
pub fn answer(state: &IntakeState, input: &str, catalog: &Catalog, rules: &[Rule]) -> Outcome {
    let mut state = state.clone().normalise(catalog);
    let at = state.at.clone();
    let invalid = |state: IntakeState, problem: Problem, masked: Vec<SecretKind>| Outcome::Invalid {
        state,
        problem,
        masked,
    };
    if at == StepId::Cancelled {
        return invalid(state, Problem::Cancelled, Vec::new());
    }
    match command(input) {
        Command::Cancel => {
            state.at = StepId::Cancelled;
            next(state, catalog, rules, Vec::new())
        }
        Command::Back => {
            let steps = state.sequence(catalog);
            match steps
                .iter()
                .position(|s| *s == at)
                .and_then(|i| i.checked_sub(1))
                .and_then(|i| steps.get(i))
            {
                Some(previous) => {
                    state.at = previous.clone();
                    next(state, catalog, rules, Vec::new())
                }
                None => invalid(state, Problem::NothingBefore, Vec::new()),
            }
        }
        _ if at == StepId::Review => at_review(state, input, catalog, rules),
        Command::Skip => {
            if is_required(&state, &at, catalog) {
                invalid(state, Problem::Required, Vec::new())
            } else {
                state.set(&at, Value::Skipped, catalog);
                state.advance(catalog);
                next(state, catalog, rules, Vec::new())
            }
        }
        Command::Answer(text) => match read_value(&state, &at, text, catalog, rules) {
            Ok((value, masked)) => {
                state.set(&at, value, catalog);
                state.advance(catalog);
                next(state, catalog, rules, masked)
            }
            Err((problem, masked)) => invalid(state, problem, masked),
        },
    }
}

/// The review understands `submit`, `edit <number or key>`, `back` and `cancel` (the last two are
/// handled by [`answer`]).
fn at_review(state: IntakeState, input: &str, catalog: &Catalog, rules: &[Rule]) -> Outcome {
    let lower = input.trim().to_lowercase();
    let mut words = lower.split_whitespace();
    match (words.next(), words.next()) {
        (Some(word), None) if SUBMIT_WORDS.contains(&word) => match state.draft(catalog) {
            Ok(draft) => Outcome::Submitted { state, draft },
            Err(problem) => Outcome::Invalid { state, problem, masked: Vec::new() },
        },
        (Some(word), Some(_)) if EDIT_WORDS.contains(&word) => {
            let target = lower.split_once(char::is_whitespace).map_or("", |(_, rest)| rest.trim());
            edit(&state, target, catalog, rules)
        }
        (Some(word), None) if EDIT_WORDS.contains(&word) => {
            let items = review(&state, catalog).map(|r| r.items.into_iter().map(|i| i.label).collect());
            Outcome::Invalid {
                problem: Problem::UnknownItem { items: items.unwrap_or_default() },
                state,
                masked: Vec::new(),
            }
        }
        _ => Outcome::Invalid { state, problem: Problem::AtReview, masked: Vec::new() },
    }
}

/// Goes back from the review to one answer: `key` is a review item's key, its label, or its
/// 1-based number. After the new answer the conversation returns to the review (or, when the
/// category changed, asks the new category's questions first).
pub fn edit(state: &IntakeState, key: &str, catalog: &Catalog, rules: &[Rule]) -> Outcome {
    let mut state = state.clone().normalise(catalog);
    if state.at == StepId::Cancelled {
        return Outcome::Invalid { state, problem: Problem::Cancelled, masked: Vec::new() };
    }
    let items = review(&state, catalog).map(|r| r.items).unwrap_or_default();
    let key = key.trim();
    let by_number = key.parse::<usize>().ok().and_then(|n| n.checked_sub(1)).and_then(|i| items.get(i));
    let by_name = items.iter().find(|i| i.key.eq_ignore_ascii_case(key) || i.label.eq_ignore_ascii_case(key));
    let target = by_number.or(by_name).map(|i| i.key.clone());
    let step = target.and_then(|key| state.sequence(catalog).into_iter().find(|s| s.key() == key));
    match step {
        Some(step) if step != StepId::Review => {
            state.at = step;
            next(state, catalog, rules, Vec::new())
        }
        _ => Outcome::Invalid {
            problem: Problem::UnknownItem { items: items.into_iter().map(|i| i.label).collect() },
            state,
            masked: Vec::new(),
        },
    }
}

/// The questions the `/ticket` modal asks: the first unanswered free-text steps (the summary, the
/// description and the category's text questions), at most [`MODAL_QUESTIONS_MAX`]. Choices are
/// left for the DM, where a select menu shows them.
pub fn modal_questions(state: &IntakeState, catalog: &Catalog) -> Vec<Question> {
    let state = state.clone().normalise(catalog);
    state
        .sequence(catalog)
        .iter()
        .filter(|step| !state.is_answered(step))
        .filter_map(|step| match step {
            StepId::Summary => Some(builtin_text("summary", SUMMARY_MAX_CHARS)),
            StepId::Description => Some(builtin_text("description", DESCRIPTION_MAX_CHARS)),
            StepId::Question { key } => {
                current_question(&state, catalog, key).filter(|q| q.is_text()).cloned()
            }
            _ => None,
        })
        .take(MODAL_QUESTIONS_MAX)
        .collect()
}

/// A step every intake asks, as a modal question: its prompt, label and hint are the message
/// catalogue's, found by `key`, so they are left empty here.
fn builtin_text(key: &str, max_chars: usize) -> Question {
    Question {
        key: key.to_owned(),
        prompt: String::new(),
        label: None,
        required: true,
        kind: QuestionKind::Text { max_chars },
        pattern: None,
        hint: None,
    }
}

/// Reads the answers of a submitted modal (`(input key, value)` pairs). Every valid answer is kept;
/// an empty one skips an optional question; a key that names no step of this conversation (a modal
/// built before the category changed) is ignored. When one is not valid, the outcome is `Invalid` with
/// the conversation standing at that question, so the DM asks it again after the message.
pub fn answer_many(
    state: &IntakeState,
    answers: &[(&str, &str)],
    catalog: &Catalog,
    rules: &[Rule],
) -> Outcome {
    let mut state = state.clone().normalise(catalog);
    if state.at == StepId::Cancelled {
        return Outcome::Invalid { state, problem: Problem::Cancelled, masked: Vec::new() };
    }
    let mut masked: Vec<SecretKind> = Vec::new();
    let mut first_problem: Option<(StepId, Problem)> = None;
    for (key, value) in answers {
        let Some(step) = state.sequence(catalog).into_iter().find(|s| s.key() == *key) else {
            continue;
        };
        let result = if value.trim().is_empty() || is_skip(value) {
            if is_required(&state, &step, catalog) {
                Err((Problem::Required, Vec::new()))
            } else {
                Ok((Value::Skipped, Vec::new()))
            }
        } else {
            read_value(&state, &step, value, catalog, rules)
        };
        match result {
            Ok((value, m)) => {
                state.set(&step, value, catalog);
                merge(&mut masked, m);
            }
            Err((problem, m)) => {
                merge(&mut masked, m);
                if first_problem.is_none() {
                    let question = match &step {
                        StepId::Question { key } => current_question(&state, catalog, key)
                            .map_or_else(|| key.clone(), |q| q.prompt.clone()),
                        other => other.key().to_owned(),
                    };
                    first_problem = Some((step, Problem::InAnswer { question, problem: Box::new(problem) }));
                }
            }
        }
    }
    match first_problem {
        Some((step, problem)) => {
            state.at = step;
            Outcome::Invalid { state, problem, masked }
        }
        None => {
            state.advance(catalog);
            next(state, catalog, rules, masked)
        }
    }
}

/// Adds the kinds in `more` not yet in `masked`, keeping the order first met.
fn merge(masked: &mut Vec<SecretKind>, more: Vec<SecretKind>) {
    for kind in more {
        if !masked.contains(&kind) {
            masked.push(kind);
        }
    }
}

/// The ticket the conversation describes, when everything is answered (Submit on the review).
pub fn submit(state: &IntakeState, catalog: &Catalog) -> Result<TicketDraft, Problem> {
    let state = state.clone().normalise(catalog);
    if state.at == StepId::Cancelled {
        return Err(Problem::Cancelled);
    }
    state.draft(catalog)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn text_q(key: &str, prompt: &str, required: bool, max_chars: usize) -> Question {
        Question {
            key: key.into(),
            prompt: prompt.into(),
            label: None,
            required,
            kind: QuestionKind::Text { max_chars },
            pattern: None,
            hint: None,
        }
    }

    fn choice_q(key: &str, prompt: &str, options: &[&str]) -> Question {
        Question {
            key: key.into(),
            prompt: prompt.into(),
            label: None,
            required: true,
            kind: QuestionKind::Choice { options: options.iter().map(|o| o.to_string()).collect() },
            pattern: None,
            hint: None,
        }
    }

    const ASSET_HINT: &str = "Two capital letters, a dash and 4 to 6 digits, e.g. LT-12345.";

    fn catalog() -> Catalog {
        let asset_tag = Question {
            pattern: Some(Pattern::new(r"^[A-Z]{2}-\d{4,6}$").expect("pattern compiles")),
            hint: Some(ASSET_HINT.into()),
            label: Some("Asset tag".into()),
            ..text_q("asset_tag", "What is its asset tag?", false, 20)
        };
        Catalog {
            categories: vec![
                Category {
                    key: "hardware".into(),
                    name: "Hardware".into(),
                    description: "Devices".into(),
                    questions: vec![
                        choice_q("device", "Which device is it?", &["Laptop", "Desktop", "Monitor"]),
                        asset_tag,
                        text_q("symptom", "What happens?", true, 500),
                    ],
                    level: Level::ONE,
                },
                Category {
                    key: "network".into(),
                    name: "Network & VPN".into(),
                    description: "Connections".into(),
                    questions: vec![
                        choice_q("connection", "How are you connected?", &["Wired", "Wi-Fi", "VPN"]),
                        text_q("location", "Where are you?", true, 200),
                    ],
                    level: Level::TWO,
                },
                Category {
                    key: "other".into(),
                    name: "Other".into(),
                    description: "Anything else".into(),
                    questions: vec![],
                    level: Level::ONE,
                },
            ],
        }
    }

    fn rules() -> Vec<Rule> {
        vec![
            Rule::new(r"\bvpn\b", Some("network".into()), None).expect("rule compiles"),
            Rule::new(r"\boutage\b", None, Some(Urgency::High)).expect("rule compiles"),
        ]
    }

    /// What a step of a scripted conversation must lead to.
    #[derive(Debug)]
    enum Expect {
        /// The next question has this key.
        Ask(&'static str),
        /// Refused with a message containing this text; the same question is asked again.
        Invalid(&'static str),
        AtReview,
        Cancelled,
        Submitted,
    }

    /// Plays `script` from `state`, checking each outcome; returns the last state and outcome.
    fn play(mut state: IntakeState, script: &[(&str, Expect)]) -> (IntakeState, Outcome) {
        let (catalog, rules) = (catalog(), rules());
        let mut last = None;
        for (i, (input, expect)) in script.iter().enumerate() {
            let outcome = answer(&state, input, &catalog, &rules);
            let ok = match (&outcome, expect) {
                (Outcome::Next { step: Step::Ask(p), .. }, Expect::Ask(key)) => p.key == *key,
                (Outcome::Next { step: Step::Review(_), .. }, Expect::AtReview) => true,
                (Outcome::Next { step: Step::Cancelled, .. }, Expect::Cancelled) => true,
                (Outcome::Invalid { problem, state: after, .. }, Expect::Invalid(text)) => {
                    problem.to_string().contains(text) && after.at == state.at
                }
                (Outcome::Submitted { .. }, Expect::Submitted) => true,
                _ => false,
            };
            assert!(ok, "step {i}: {input:?} expected {expect:?}, got {outcome:#?}");
            state = match &outcome {
                Outcome::Next { state, .. }
                | Outcome::Invalid { state, .. }
                | Outcome::Submitted { state, .. } => state.clone(),
            };
            last = Some(outcome);
        }
        let last = last.expect("a script has at least one step");
        (state, last)
    }

    fn fresh() -> IntakeState {
        start(&catalog(), &rules(), None, None).state
    }

    fn draft_of(outcome: &Outcome) -> &TicketDraft {
        match outcome {
            Outcome::Submitted { draft, .. } => draft,
            other => panic!("expected a submitted draft, got {other:#?}"),
        }
    }

    fn review_of(outcome: &Outcome) -> &Review {
        match outcome {
            Outcome::Next { step: Step::Review(review), .. } => review,
            other => panic!("expected the review, got {other:#?}"),
        }
    }

    fn prompt_of(outcome: &Outcome) -> &Prompt {
        match outcome {
            Outcome::Next { step: Step::Ask(prompt), .. } => prompt,
            other => panic!("expected a question, got {other:#?}"),
        }
    }

    use Expect::*;

    /// The happy path up to the review, for tests that start there.
    const TO_REVIEW: &[(&str, Expect)] = &[
        ("Laptop will not start", Ask("category")),
        ("hardware", Ask("description")),
        ("Black screen since this morning.\nThe power light is on.", Ask("device")),
        ("laptop", Ask("asset_tag")),
        ("LT-12345", Ask("symptom")),
        ("It beeps three times", Ask("impact")),
        ("just me", Ask("urgency")),
        ("medium", AtReview),
    ];

    #[test]
    fn a_whole_conversation_opens_a_ticket_with_every_answer() {
        let mut script = TO_REVIEW.to_vec_script();
        script.push(("submit", Submitted));
        let (_, last) = play(fresh(), &script);
        let draft = draft_of(&last);
        assert_eq!(draft.summary, "Laptop will not start");
        assert_eq!(draft.category, "hardware");
        assert_eq!(draft.description, "Black screen since this morning.\nThe power light is on.");
        assert_eq!(
            (draft.impact, draft.urgency, draft.level),
            (Impact::Individual, Urgency::Medium, Level::ONE)
        );
        let answers: Vec<(&str, &str, Option<&str>)> =
            draft.answers.iter().map(|a| (a.key.as_str(), a.question.as_str(), a.value.as_deref())).collect();
        assert_eq!(
            answers,
            [
                ("device", "Which device is it?", Some("Laptop")),
                ("asset_tag", "What is its asset tag?", Some("LT-12345")),
                ("symptom", "What happens?", Some("It beeps three times")),
            ]
        );
        assert_eq!(draft.priority(), Priority::P3);
    }

    /// `Vec<(&str, Expect)>` from the shared constant (Expect is not Clone on purpose: scripts are
    /// read, not shared mutably).
    trait ToScript {
        fn to_vec_script(&self) -> Vec<(&'static str, Expect)>;
    }

    impl ToScript for [(&'static str, Expect)] {
        fn to_vec_script(&self) -> Vec<(&'static str, Expect)> {
            self.iter()
                .map(|(input, e)| {
                    let e = match e {
                        Ask(k) => Ask(k),
                        Invalid(t) => Invalid(t),
                        AtReview => AtReview,
                        Cancelled => Cancelled,
                        Submitted => Submitted,
                    };
                    (*input, e)
                })
                .collect()
        }
    }

    #[test]
    fn conversations_follow_the_rules_of_each_answer() {
        let table: &[(&str, &[(&str, Expect)])] = &[
            (
                "an optional question is skipped",
                &[
                    ("Laptop will not start", Ask("category")),
                    ("1", Ask("description")),
                    ("Black screen", Ask("device")),
                    ("2", Ask("asset_tag")),
                    ("SKIP", Ask("symptom")),
                ],
            ),
            (
                "a required question cannot be skipped",
                &[
                    ("Laptop will not start", Ask("category")),
                    ("skip", Invalid("cannot be skipped")),
                    ("Hardware", Ask("description")),
                    ("skip", Invalid("cannot be skipped")),
                    ("  ", Invalid("type an answer")),
                ],
            ),
            (
                "an answer that does not match the pattern is refused with the hint",
                &[
                    ("Laptop will not start", Ask("category")),
                    ("hardware", Ask("description")),
                    ("Black screen", Ask("device")),
                    ("Monitor", Ask("asset_tag")),
                    ("lt-12345", Invalid(ASSET_HINT)),
                    ("LT-123", Invalid(ASSET_HINT)),
                    ("LT-1234567", Invalid(ASSET_HINT)),
                    ("MO-0042", Ask("symptom")),
                ],
            ),
            (
                "a choice is taken by its text or its number, nothing else",
                &[
                    ("Laptop will not start", Ask("category")),
                    ("4", Invalid("1. Hardware, 2. Network & VPN, 3. Other")),
                    ("printers", Invalid("Please choose one of")),
                    ("NETWORK & vpn", Ask("description")),
                    ("No connection", Ask("connection")),
                    ("0", Invalid("1. Wired, 2. Wi-Fi, 3. VPN")),
                    ("#2", Ask("location")),
                ],
            ),
            (
                "back returns to the previous question and then to where the requester was",
                &[
                    ("back", Invalid("first question")),
                    ("Laptop will not start", Ask("category")),
                    ("hardware", Ask("description")),
                    ("Black screen", Ask("device")),
                    ("back", Ask("description")),
                    ("back", Ask("category")),
                    ("Other", Ask("impact")),
                    ("back", Ask("description")),
                    ("Black screen, really", Ask("impact")),
                ],
            ),
            (
                "cancel works at any point",
                &[
                    ("Laptop will not start", Ask("category")),
                    ("hardware", Ask("description")),
                    ("Cancel", Cancelled),
                ],
            ),
            (
                "the review takes submit, edit, back and cancel",
                &[
                    ("Laptop will not start", Ask("category")),
                    ("other", Ask("description")),
                    ("Strange noise", Ask("impact")),
                    ("my team", Ask("urgency")),
                    ("3", AtReview),
                    ("maybe", Invalid("Reply `submit`")),
                    ("edit", Invalid("1. summary, 2. category, 3. description, 4. impact, 5. urgency")),
                    ("edit 9", Invalid("Which answer")),
                    ("back", Ask("urgency")),
                    ("low", AtReview),
                    ("edit 4", Ask("impact")),
                    ("organisation", AtReview),
                    ("cancel", Cancelled),
                ],
            ),
        ];
        for (name, script) in table {
            let outcome = std::panic::catch_unwind(|| play(fresh(), script));
            assert!(outcome.is_ok(), "conversation {name:?} failed");
        }
    }

    #[test]
    fn a_skipped_optional_question_is_kept_as_no_answer() {
        let mut script = TO_REVIEW.to_vec_script();
        script[4] = ("skip", Ask("symptom"));
        script.push(("submit", Submitted));
        let (_, last) = play(fresh(), &script);
        let asset = draft_of(&last).answers.iter().find(|a| a.key == "asset_tag").expect("asked");
        assert_eq!(asset.value, None);
    }

    #[test]
    fn back_keeps_the_answers_and_offers_the_current_one() {
        let (state, _) = play(
            fresh(),
            &[
                ("Laptop will not start", Ask("category")),
                ("hardware", Ask("description")),
                ("Black screen", Ask("device")),
                ("back", Ask("description")),
            ],
        );
        let step = current(&state, &catalog(), &rules());
        let Step::Ask(prompt) = step else { panic!("expected a question") };
        assert_eq!(prompt.suggested.as_deref(), Some("Black screen"));
        assert_eq!(state.description.as_deref(), Some("Black screen"));
        assert_eq!(state.category.as_deref(), Some("hardware"));
    }

    #[test]
    fn after_cancel_nothing_more_is_accepted() {
        let (state, _) = play(fresh(), &[("Laptop will not start", Ask("category")), ("cancel", Cancelled)]);
        assert!(state.is_cancelled());
        let outcome = answer(&state, "hardware", &catalog(), &rules());
        assert!(matches!(outcome, Outcome::Invalid { problem: Problem::Cancelled, .. }), "{outcome:?}");
        assert_eq!(submit(&state, &catalog()), Err(Problem::Cancelled));
        assert_eq!(current(&state, &catalog(), &rules()), Step::Cancelled);
    }

    #[test]
    fn editing_one_answer_from_the_review_returns_to_the_review() {
        let (state, _) = play(fresh(), TO_REVIEW);
        let outcome = edit(&state, "summary", &catalog(), &rules());
        assert_eq!(prompt_of(&outcome).suggested.as_deref(), Some("Laptop will not start"));
        let (_, last) = play(
            match outcome {
                Outcome::Next { state, .. } => state,
                other => panic!("{other:?}"),
            },
            &[("Laptop does not start after the update", AtReview)],
        );
        let review = review_of(&last);
        assert_eq!(review.draft.summary, "Laptop does not start after the update");
        assert_eq!(review.items[0].value.as_deref(), Some("Laptop does not start after the update"));
        assert_eq!(review.draft.answers.len(), 3, "the other answers are kept");
    }

    #[test]
    fn editing_the_category_asks_the_new_categorys_questions_then_returns_to_the_review() {
        let (state, _) = play(fresh(), TO_REVIEW);
        let (_, last) = play(
            state,
            &[
                ("edit category", Ask("category")),
                ("Network & VPN", Ask("connection")),
                ("wi-fi", Ask("location")),
                ("Floor 2, room 4", AtReview),
            ],
        );
        let review = review_of(&last);
        assert_eq!(review.draft.category, "network");
        assert_eq!(review.draft.level, Level::TWO);
        let keys: Vec<&str> = review.draft.answers.iter().map(|a| a.key.as_str()).collect();
        assert_eq!(keys, ["connection", "location"], "the hardware answers are gone");
        assert_eq!(review.category_name, "Network & VPN");
    }

    #[test]
    fn edit_takes_a_number_a_key_or_a_label_and_refuses_anything_else() {
        let (state, _) = play(fresh(), TO_REVIEW);
        let (catalog, rules) = (catalog(), rules());
        for (key, expected) in
            [("3", "description"), ("asset_tag", "asset_tag"), ("What happens?", "symptom")]
        {
            assert_eq!(prompt_of(&edit(&state, key, &catalog, &rules)).key, expected, "{key}");
        }
        for key in ["0", "99", "colour"] {
            assert!(matches!(edit(&state, key, &catalog, &rules), Outcome::Invalid { .. }), "{key}");
        }
    }

    #[test]
    fn the_modal_asks_the_first_text_questions_and_the_dm_continues_with_the_rest() {
        let (catalog, rules) = (catalog(), rules());
        let started = start(&catalog, &rules, Some("Laptop will not start"), Some("Hardware"));
        assert_eq!(
            match &started.step {
                Step::Ask(p) => p.key.as_str(),
                _ => "",
            },
            "description"
        );
        let questions = modal_questions(&started.state, &catalog);
        let keys: Vec<&str> = questions.iter().map(|q| q.key.as_str()).collect();
        assert_eq!(keys, ["description", "asset_tag", "symptom"], "the device choice is left for the DM");
        assert_eq!(questions[1].modal_label(), "Asset tag");

        let outcome = answer_many(
            &started.state,
            &[("description", "Black screen"), ("asset_tag", ""), ("symptom", "Beeps")],
            &catalog,
            &rules,
        );
        let Outcome::Next { state, step: Step::Ask(prompt), .. } = outcome else { panic!("{outcome:?}") };
        assert_eq!(prompt.key, "device");
        let (_, last) = play(
            state,
            &[("Desktop", Ask("impact")), ("1", Ask("urgency")), ("1", AtReview), ("submit", Submitted)],
        );
        let draft = draft_of(&last);
        assert_eq!(draft.description, "Black screen");
        let values: Vec<Option<&str>> = draft.answers.iter().map(|a| a.value.as_deref()).collect();
        assert_eq!(values, [Some("Desktop"), None, Some("Beeps")]);
    }

    #[test]
    fn without_summary_or_category_the_modal_asks_summary_and_description() {
        let (catalog, rules) = (catalog(), rules());
        let started = start(&catalog, &rules, None, None);
        let keys: Vec<String> =
            modal_questions(&started.state, &catalog).into_iter().map(|q| q.key).collect();
        assert_eq!(keys, ["summary", "description"]);
        let outcome = answer_many(
            &started.state,
            &[("summary", "VPN drops"), ("description", "Every ten minutes")],
            &catalog,
            &rules,
        );
        let prompt = prompt_of(&outcome);
        assert_eq!(prompt.key, "category");
        assert_eq!(prompt.suggested.as_deref(), Some("Network & VPN"), "classified from the summary");
    }

    #[test]
    fn an_invalid_modal_answer_keeps_the_valid_ones_and_stands_at_the_invalid_question() {
        let (catalog, rules) = (catalog(), rules());
        let started = start(&catalog, &rules, Some("Laptop will not start"), Some("hardware"));
        let outcome = answer_many(
            &started.state,
            &[("description", "Black screen"), ("asset_tag", "twelve"), ("symptom", "Beeps")],
            &catalog,
            &rules,
        );
        let Outcome::Invalid { state, problem, .. } = outcome else { panic!("{outcome:?}") };
        assert_eq!(
            problem.to_string(),
            format!("What is its asset tag?: That does not look right. {ASSET_HINT}")
        );
        assert_eq!(state.description.as_deref(), Some("Black screen"));
        assert!(state.answer_to("symptom").is_some());
        let Step::Ask(prompt) = current(&state, &catalog, &rules) else { panic!("expected a question") };
        assert_eq!(prompt.key, "asset_tag");
        play(state, &[("LT-4242", Ask("device"))]);
    }

    #[test]
    fn the_modal_never_asks_more_than_five_questions() {
        let many: Vec<Question> = (0..8).map(|i| text_q(&format!("q{i}"), "Why?", true, 100)).collect();
        let catalog = Catalog {
            categories: vec![Category {
                key: "big".into(),
                name: "Big".into(),
                description: String::new(),
                questions: many,
                level: Level::ONE,
            }],
        };
        let started = start(&catalog, &[], None, Some("big"));
        let keys: Vec<String> =
            modal_questions(&started.state, &catalog).into_iter().map(|q| q.key).collect();
        assert_eq!(keys, ["summary", "description", "q0", "q1", "q2"]);
    }

    #[test]
    fn a_long_prompt_is_cut_for_the_modal_label_and_kept_whole_for_the_dm() {
        let q = text_q("why", "Please describe in as much detail as you can what you were doing", true, 100);
        let label = q.modal_label();
        assert_eq!(char_count(&label), TEXT_INPUT_LABEL_MAX);
        assert!(label.ends_with('…'));
        assert!(char_count(&q.prompt) > TEXT_INPUT_LABEL_MAX);
    }

    #[test]
    fn classification_suggests_category_and_urgency_and_ok_takes_them() {
        let (_, last) =
            play(fresh(), &[("VPN outage in building B", Ask("category")), ("ok", Ask("description"))]);
        let Outcome::Next { state, .. } = last else { panic!() };
        assert_eq!(state.category.as_deref(), Some("network"));
        let (_, last) = play(
            state,
            &[
                ("Nobody can connect", Ask("connection")),
                ("VPN", Ask("location")),
                ("Building B", Ask("impact")),
            ],
        );
        let Outcome::Next { state, .. } = last else { panic!() };
        let (_, last) = play(state, &[("3", Ask("urgency"))]);
        // The stored word; the message catalogue words it ("High") and the hint.
        assert_eq!(prompt_of(&last).suggested.as_deref(), Some("high"));
        assert_eq!(prompt_of(&last).choices, ["low", "medium", "high"]);
        let Outcome::Next { state, .. } = last else { panic!() };
        let (_, last) = play(state, &[("yes", AtReview)]);
        assert_eq!(review_of(&last).priority, Priority::P1);
    }

    #[test]
    fn ok_without_a_suggestion_is_not_a_choice() {
        play(fresh(), &[("Strange noise", Ask("category")), ("ok", Invalid("Please choose one of"))]);
    }

    #[test]
    fn a_summary_must_be_one_short_line() {
        let long = "x".repeat(SUMMARY_MAX_CHARS + 1);
        play(
            fresh(),
            &[
                ("", Invalid("type an answer")),
                ("first line\nsecond line", Invalid("one line")),
                (long.as_str(), Invalid("That is 201 characters; the limit is 200")),
                (&"é".repeat(SUMMARY_MAX_CHARS), Ask("category")),
            ],
        );
    }

    #[test]
    fn secrets_are_masked_before_they_are_kept_and_reported() {
        let (state, _) =
            play(fresh(), &[("Outlook asks again", Ask("category")), ("other", Ask("description"))]);
        let outcome = answer(&state, "It refuses password: hunter2 every time", &catalog(), &rules());
        let Outcome::Next { state, masked, .. } = outcome else { panic!("{outcome:?}") };
        assert_eq!(masked, [SecretKind::Password]);
        let description = state.description.clone().unwrap_or_default();
        assert!(!description.contains("hunter2"), "{description}");

        let started = start(&catalog(), &rules(), Some("pwd=hunter2 does not work"), None);
        assert_eq!(started.masked, [SecretKind::Password]);
        assert!(!started.state.summary.clone().unwrap_or_default().contains("hunter2"));
    }

    #[test]
    fn start_uses_valid_options_and_asks_for_invalid_ones() {
        let (catalog, rules) = (catalog(), rules());
        let s = start(&catalog, &rules, Some("  "), Some("no-such-category"));
        assert_eq!(s.state.at, StepId::Summary);
        let s = start(&catalog, &rules, Some("VPN drops"), None);
        assert_eq!(s.state.at, StepId::Category);
        let s = start(&catalog, &rules, None, Some("network"));
        assert_eq!(s.state.at, StepId::Summary);
        assert_eq!(s.state.category.as_deref(), Some("network"));
    }

    #[test]
    fn progress_counts_questions_once_the_category_is_known() {
        let (_, last) = play(fresh(), &[("Laptop will not start", Ask("category"))]);
        assert_eq!(prompt_of(&last).progress, Progress { step: 2, total: None });
        let (_, last) = play(fresh(), &TO_REVIEW[..4].to_vec_script());
        // summary, category, description, device, asset_tag, symptom, impact, urgency
        assert_eq!(prompt_of(&last).progress.to_string(), "5 of 8");
    }

    #[test]
    fn a_state_saved_mid_conversation_continues_after_a_restart() {
        let (state, _) = play(fresh(), &TO_REVIEW[..5].to_vec_script());
        let json = state.to_json().expect("serialises");
        assert!(json.contains("\"version\":1"), "{json}");
        let restored = IntakeState::from_json(&json).expect("reads back");
        assert_eq!(restored, state);
        let (catalog, rules) = (catalog(), rules());
        assert_eq!(current(&restored, &catalog, &rules), current(&state, &catalog, &rules));
        assert_eq!(
            answer(&restored, "It beeps", &catalog, &rules),
            answer(&state, "It beeps", &catalog, &rules)
        );
    }

    #[test]
    fn a_state_from_a_newer_deskbot_or_not_json_is_refused() {
        let json = fresh().to_json().expect("serialises").replace("\"version\":1", "\"version\":99");
        assert!(matches!(IntakeState::from_json(&json), Err(StateError::Newer { found: 99 })));
        assert!(matches!(IntakeState::from_json("{}"), Err(StateError::Json(_))));
    }

    #[test]
    fn a_category_removed_from_the_configuration_is_asked_again() {
        let (state, _) = play(fresh(), &TO_REVIEW[..4].to_vec_script());
        let mut smaller = catalog();
        smaller.categories.retain(|c| c.key != "hardware");
        let Step::Ask(prompt) = current(&state, &smaller, &rules()) else { panic!("expected a question") };
        assert_eq!(prompt.key, "category");
        let outcome = answer(&state, "other", &smaller, &rules());
        assert_eq!(prompt_of(&outcome).key, "impact");
    }

    #[test]
    fn submit_refuses_an_unfinished_conversation_and_names_what_is_missing() {
        let (state, _) = play(fresh(), &TO_REVIEW[..3].to_vec_script());
        let err = submit(&state, &catalog()).expect_err("unfinished");
        assert_eq!(
            err.to_string(),
            "Not everything is answered yet: “Which device is it?” still needs an answer."
        );
        let (state, _) = play(fresh(), TO_REVIEW);
        assert!(submit(&state, &catalog()).is_ok());
    }

    #[test]
    fn a_draft_becomes_an_intake_ticket_with_the_matrix_priority() {
        let (state, _) = play(fresh(), TO_REVIEW);
        let draft = submit(&state, &catalog()).expect("complete");
        let now = Utc.with_ymd_and_hms(2025, 3, 4, 9, 30, 0).single().expect("valid time");
        let ticket = draft.clone().into_ticket(10, 20, now);
        assert_eq!((ticket.guild_id, ticket.requester_id), (10, 20));
        assert_eq!(ticket.status, Status::Intake);
        assert_eq!(ticket.priority, priority(Impact::Individual, Urgency::Medium));
        assert_eq!(ticket.level, Level::ONE);
        assert_eq!(ticket.answers, draft.answers);
        assert_eq!((ticket.created_at, ticket.updated_at), (now, now));
        assert_eq!((ticket.id, ticket.number, ticket.assignee_id), (0, None, None));
    }

    #[test]
    fn patterns_serialise_as_their_text() {
        let q = catalog().categories[0].questions[1].clone();
        let json = serde_json::to_string(&q).expect("serialises");
        assert!(json.contains(r#""pattern":"^[A-Z]{2}-\\d{4,6}$""#), "{json}");
        let back: Question = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, q);
        assert!(serde_json::from_str::<Pattern>("\"(\"").is_err());
    }

    #[test]
    fn a_choice_is_understood_from_the_start_of_an_option_or_of_one_of_its_words() {
        let options: Vec<String> =
            ["Wired (cable)", "Wi-Fi", "VPN from home"].iter().map(|s| s.to_string()).collect();
        assert_eq!(pick(&options, "wired", None), Some(0));
        assert_eq!(pick(&options, "VPN", None), Some(2));
        assert_eq!(pick(&options, "home", None), Some(2));
        assert_eq!(pick(&options, "wi", None), None, "two options start so: ambiguous");
        assert_eq!(pick(&options, "w", None), None, "one letter is too little");
        assert_eq!(pick(&options, "fibre", None), None);
        assert_eq!(pick(&options, "2", None), Some(1));
    }
}
