//! Custom ids of buttons, select menus and modals: stateless and versioned.
//!
//! Every id reads `deskbot:v1:<action>[:<arg>…]`, e.g. `deskbot:v1:claim:42` (42 is the ticket's
//! database id, not its `#number`, so that ids from DMs, which carry no guild, still name one ticket).
//! The id carries everything the handler needs to find its target in the database, which is the
//! truth: a button clicked weeks later, after restarts, still works, and a stale one is answered from
//! the ticket's current state. The version lets a later format coexist with buttons already posted:
//! an id of an unknown version parses to `None` and is answered as expired.
//!
//! Every encoding is at most [`CUSTOM_ID_MAX`] characters, by construction: numbers are bounded and
//! the only free text, a category, is a [`Slug`] of at most [`Slug::MAX`] characters. The `/queue`
//! paging buttons carry a ticket's place in the queue's order (see [`store::Seek`]) in base 36.
//!
//! Every number is bounds-checked when an id is parsed, since a client can send any text: ticket,
//! intake and user ids are not negative, steps are at most [`STEP_MAX`], ratings 1–5; a number out
//! of range, negative or too large for its type makes the id unknown, and the click is answered as
//! expired without touching anything. A `/queue` button whose place cannot be read (from an older
//! deskbot, or tampered with) keeps its filter and shows the first page, with a note.

use std::fmt;
use std::str::FromStr;

use crate::domain::text::CUSTOM_ID_MAX;
use crate::domain::{DiscordId, Level, Priority, Status, TicketNumber};
use crate::store::{self, QueueKey, Seek};

/// The first two parts of every id: who made it and in which format.
pub const PREFIX: &str = "deskbot:v1:";

/// A ticket's database id (`Ticket::id`).
pub type TicketId = i64;
/// A knowledge-base article's database id.
pub type ArticleId = i64;
/// An intake conversation's database id (`IntakeRecord::id`).
pub type IntakeId = i64;

/// Database ids and Discord ids are never negative (0 is a row not stored yet, matching nothing).
const IDS: std::ops::RangeInclusive<i64> = 0..=i64::MAX;

/// The highest intake step an id may name: far more questions than any conversation asks.
pub const STEP_MAX: u32 = 1_000;

/// The highest ticket number a `/queue` button can carry (seven base-36 digits): far more tickets
/// than any help desk opens. Past it, **Next** goes to the last page and **Prev** to the first.
pub const QUEUE_NUMBER_MAX: i64 = 36_i64.pow(7) - 1;

/// The latest due time, in microseconds since 1970, a `/queue` button can carry (twelve base-36
/// digits, past the year 9999).
pub const QUEUE_DUE_MAX: i64 = 36_i64.pow(12) - 1;

/// Custom id of the reason input of the escalate modal.
pub const INPUT_REASON: &str = "reason";
/// Custom id of the notes input of the resolve modal.
pub const INPUT_NOTES: &str = "notes";
/// Custom id of the resolution code input of the resolve modal.
pub const INPUT_CODE: &str = "code";
/// Custom id of the "what is still wrong" input of the reopen modal.
pub const INPUT_NOTE: &str = "note";
/// The inputs of the article modal (`/kb new|edit|promote`).
pub const INPUT_KB_TITLE: &str = "kb-title";
pub const INPUT_KB_SYMPTOMS: &str = "kb-symptoms";
pub const INPUT_KB_STEPS: &str = "kb-steps";
pub const INPUT_KB_CATEGORY: &str = "kb-category";
pub const INPUT_KB_TAGS: &str = "kb-tags";

/// The custom id of the text input for the intake question at `index` in the `/ticket` modal.
pub fn intake_input(index: usize) -> String {
    format!("q{index}")
}

/// The question index back from an intake modal input's custom id (`q0` → 0).
pub fn parse_intake_input(custom_id: &str) -> Option<usize> {
    custom_id.strip_prefix('q').and_then(parse_canonical).filter(|n: &usize| *n <= STEP_MAX as usize)
}

/// The values of the rating select's options, best last.
pub const RATINGS: std::ops::RangeInclusive<i16> = 1..=5;

/// The score from a rating select's value (`"1"`…`"5"`).
pub fn parse_rating(value: &str) -> Option<i16> {
    parse_canonical::<i16>(value).filter(|n| RATINGS.contains(n))
}

/// A short identifier from the configuration (a category id such as `network`) that can travel in a
/// custom id: 1–32 characters of `A–Z a–z 0–9 _ -`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Slug(String);

impl Slug {
    /// The longest slug, so that a queue id with every filter stays within 100 characters.
    pub const MAX: usize = 32;

    /// `None` when `text` is empty, too long, or has other characters.
    pub fn new(text: &str) -> Option<Slug> {
        let valid = !text.is_empty()
            && text.len() <= Slug::MAX
            && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        valid.then(|| Slug(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whose tickets the queue shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AssigneeFilter {
    /// Held by this member.
    User(DiscordId),
    /// Held by nobody.
    Nobody,
}

/// The `/queue` filters, in the form that travels in the paging buttons' ids.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct QueueFilter {
    pub status: Option<Status>,
    pub level: Option<Level>,
    pub assignee: Option<AssigneeFilter>,
    pub category: Option<Slug>,
}

impl QueueFilter {
    /// No filter: the active tickets.
    pub fn is_empty(&self) -> bool {
        *self == QueueFilter::default()
    }

    /// The store's query for this filter.
    pub fn to_store(&self) -> store::QueueFilter {
        store::QueueFilter {
            status: self.status,
            level: self.level,
            assignee: match self.assignee {
                Some(AssigneeFilter::User(id)) => Some(id),
                _ => None,
            },
            unassigned: self.assignee == Some(AssigneeFilter::Nobody),
            category: self.category.as_ref().map(|c| c.as_str().to_owned()),
            requester: None,
        }
    }

    /// The filter for a store query, or `None` when it cannot travel in a custom id (a requester
    /// filter, or a category that is not a [`Slug`]).
    pub fn from_store(filter: &store::QueueFilter) -> Option<QueueFilter> {
        if filter.requester.is_some() {
            return None;
        }
        let category = match &filter.category {
            Some(c) => Some(Slug::new(c)?),
            None => None,
        };
        let assignee = match (filter.assignee, filter.unassigned) {
            (Some(id), _) => Some(AssigneeFilter::User(id)),
            (None, true) => Some(AssigneeFilter::Nobody),
            (None, false) => None,
        };
        Some(QueueFilter { status: filter.status, level: filter.level, assignee, category })
    }

    /// `-` for no filter, else `key value` pairs joined by `.`: `so.l2.a123.cnetwork`, with one
    /// letter per status, `n` for nobody.
    fn encode(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(status) = self.status {
            parts.push(format!("s{}", status_code(status)));
        }
        if let Some(level) = self.level {
            parts.push(format!("l{}", level.get()));
        }
        match self.assignee {
            Some(AssigneeFilter::User(id)) => parts.push(format!("a{id}")),
            Some(AssigneeFilter::Nobody) => parts.push("n".to_owned()),
            None => {}
        }
        if let Some(category) = &self.category {
            parts.push(format!("c{category}"));
        }
        if parts.is_empty() { "-".to_owned() } else { parts.join(".") }
    }

    fn parse(text: &str) -> Option<QueueFilter> {
        let mut filter = QueueFilter::default();
        if text == "-" {
            return Some(filter);
        }
        // Keys in the order `encode` writes them, each at most once, so one filter has one id.
        let mut last_rank = 0;
        for part in text.split('.') {
            let mut chars = part.chars();
            let key = chars.next()?;
            let value = chars.as_str();
            let rank = match key {
                's' => 1,
                'l' => 2,
                'a' | 'n' => 3,
                'c' => 4,
                _ => return None,
            };
            if rank <= last_rank {
                return None;
            }
            last_rank = rank;
            match key {
                's' if filter.status.is_none() => {
                    let mut code = value.chars();
                    let (Some(c), None) = (code.next(), code.next()) else { return None };
                    filter.status = Some(status_from_code(c)?);
                }
                'l' if filter.level.is_none() => {
                    filter.level = Some(Level::new(parse_canonical(value)?)?);
                }
                'a' if filter.assignee.is_none() => {
                    filter.assignee = Some(AssigneeFilter::User(parse_id(value)?));
                }
                'n' if filter.assignee.is_none() && value.is_empty() => {
                    filter.assignee = Some(AssigneeFilter::Nobody);
                }
                'c' if filter.category.is_none() => filter.category = Some(Slug::new(value)?),
                _ => return None,
            }
        }
        Some(filter)
    }
}

/// Where a `/queue` paging button goes: `t` the first page, `e` the last, `a<key>` the page after a
/// ticket's place, `b<key>` the one before it, where `<key>` is the priority's rank, the due time in
/// microseconds (`-` for none) and `.` the ticket number, both in base 36: `a2lx3k2p9s0.7ps`.
fn encode_seek(seek: &Seek) -> String {
    let key = |side: char, key: &QueueKey| -> Option<String> {
        let due = match key.due {
            None => "-".to_owned(),
            Some(due) => {
                Some(due.timestamp_micros()).filter(|m| (0..=QUEUE_DUE_MAX).contains(m)).map(base36)?
            }
        };
        let number = Some(key.number.0).filter(|n| (1..=QUEUE_NUMBER_MAX).contains(n)).map(base36)?;
        Some(format!("{side}{}{due}.{number}", key.priority.rank()))
    };
    match seek {
        Seek::First => "t".to_owned(),
        Seek::Last => "e".to_owned(),
        // A place too far out to travel: the nearest end instead.
        Seek::After(k) => key('a', k).unwrap_or_else(|| "e".to_owned()),
        Seek::Before(k) => key('b', k).unwrap_or_else(|| "t".to_owned()),
    }
}

fn parse_seek(text: &str) -> Option<Seek> {
    match text {
        "t" => return Some(Seek::First),
        "e" => return Some(Seek::Last),
        _ => {}
    }
    let mut chars = text.chars();
    let side = chars.next()?;
    let priority = Priority::from_rank(i64::from(chars.next()?.to_digit(10)?))?;
    let (due, number) = chars.as_str().split_once('.')?;
    let due = match due {
        "-" => None,
        micros => Some(
            parse_base36(micros)
                .filter(|m| *m <= QUEUE_DUE_MAX)
                .and_then(chrono::DateTime::from_timestamp_micros)?,
        ),
    };
    let number = TicketNumber(parse_base36(number).filter(|n| (1..=QUEUE_NUMBER_MAX).contains(n))?);
    let key = QueueKey { priority, due, number };
    match side {
        'a' => Some(Seek::After(key)),
        'b' => Some(Seek::Before(key)),
        _ => None,
    }
}

const BASE36: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// A number that is not negative, in base 36 (lower case).
fn base36(mut n: i64) -> String {
    let mut digits = Vec::new();
    loop {
        digits.push(BASE36[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    digits.iter().rev().map(|&d| char::from(d)).collect()
}

/// Base 36 as [`base36`] writes it (lower case, no leading zeros), at most twelve digits.
fn parse_base36(text: &str) -> Option<i64> {
    if text.is_empty() || text.len() > 12 || (text.len() > 1 && text.starts_with('0')) {
        return None;
    }
    text.bytes().try_fold(0_i64, |n, b| {
        let digit = BASE36.iter().position(|&d| d == b)?;
        Some(n * 36 + digit as i64)
    })
}

fn status_code(status: Status) -> char {
    match status {
        Status::Intake => 'i',
        Status::Open => 'o',
        Status::InProgress => 'p',
        Status::WaitingOnRequester => 'w',
        Status::Resolved => 'r',
        Status::Closed => 'c',
        Status::Cancelled => 'x',
    }
}

fn status_from_code(code: char) -> Option<Status> {
    Status::ALL.iter().copied().find(|s| status_code(*s) == code)
}

/// What a button, select menu or modal of deskbot's stands for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ComponentId {
    /// **Claim** on the triage message.
    Claim { ticket: TicketId },
    /// **Escalate** on the triage message (opens the escalate modal).
    Escalate { ticket: TicketId },
    /// **Resolve** on the triage message (opens the resolve modal).
    Resolve { ticket: TicketId },
    /// **Ask requester** on the triage message (opens the question modal).
    Ask { ticket: TicketId },
    /// **Fixed** on the requester's "resolved" DM.
    Fixed { ticket: TicketId },
    /// **Still broken** on the requester's "resolved" DM.
    StillBroken { ticket: TicketId },
    /// The 1–5 satisfaction select on the "closed" DM; the score is the selected value.
    Rate { ticket: TicketId },
    /// **Add a comment** under the thanks for a rating (opens the comment modal).
    RateComment { ticket: TicketId },
    /// **Cancel** next to an unclaimed ticket in `/mytickets`.
    Cancel { ticket: TicketId },
    /// **Prev** / **Next** of a `/queue` page: the filter it was asked with and where the page to
    /// show starts; `None` when that cannot be read (a button of an older deskbot, or a tampered
    /// one), which shows the first page with a note.
    Queue { filter: QueueFilter, seek: Option<Seek> },
    /// The category select of an intake.
    IntakeCategory { intake: IntakeId },
    /// The select of choices for the intake question at `step`; a click on an old question's select
    /// is recognised by its step.
    IntakeChoice { intake: IntakeId, step: u32 },
    /// **Skip** on the optional intake question at `step`.
    IntakeSkip { intake: IntakeId, step: u32 },
    /// **Answer** on the free-text intake question at `step`: opens the modal that asks it (with
    /// the free-text questions after it, while they are unanswered).
    IntakeAnswer { intake: IntakeId, step: u32 },
    /// **Submit** on the intake review.
    IntakeSubmit { intake: IntakeId },
    /// **Edit** on the intake review.
    IntakeEdit { intake: IntakeId },
    /// The select of the review's answers that **Edit** shows; the value is the answer's key.
    IntakeEditItem { intake: IntakeId },
    /// **Cancel** on the intake review.
    IntakeCancel { intake: IntakeId },
    /// **This fixed it** under an article offered at the review: `article` solved it without a ticket.
    IntakeSolved { intake: IntakeId, article: ArticleId },
    /// **Not this** under the articles offered at the review: go on to Submit without them.
    IntakeNotThis { intake: IntakeId },
    /// **Add me to it** under the known problem offered at the review: join incident `parent`.
    IntakeJoin { intake: IntakeId, parent: TicketId },
    /// **Not this** under the known problem offered at the review.
    IntakeNotKnown { intake: IntakeId },
    /// The `/kb new` (and `/kb promote`, from the closed ticket `source`) article modal.
    KbNewModal { source: Option<TicketId> },
    /// The `/kb edit` modal of `article`.
    KbEditModal { article: ArticleId },
    /// The escalate modal (reason).
    EscalateModal { ticket: TicketId },
    /// The resolve modal (notes and resolution code).
    ResolveModal { ticket: TicketId },
    /// The "still broken" modal (what is still wrong).
    ReopenModal { ticket: TicketId },
    /// The **Ask requester** modal (the question).
    AskModal { ticket: TicketId },
    /// The rating's comment modal.
    RateCommentModal { ticket: TicketId },
    /// The `/ticket` modal with the first questions of `category` (or the general ones).
    TicketModal { category: Option<Slug> },
    /// The modal asking the answered free-text question at `step` again (after **Edit**), with the
    /// answer so far filled in.
    AnswerModal { intake: IntakeId, step: u32 },
    /// **Confirm** under an assignment suggestion: give the ticket to `technician`, if the ticket is
    /// still at `version` (a confirm clicked after the ticket changed is refused as stale).
    AssignConfirm { ticket: TicketId, technician: DiscordId, version: i64 },
    /// The select of a storm summary in a triage channel; the value is the picked ticket's id.
    StormPick,
}

impl ComponentId {
    /// The custom id; at most 100 characters.
    pub fn encode(&self) -> String {
        use ComponentId::*;
        let (action, args): (&str, Vec<String>) = match self {
            Claim { ticket } => ("claim", vec![ticket.to_string()]),
            Escalate { ticket } => ("escalate", vec![ticket.to_string()]),
            Resolve { ticket } => ("resolve", vec![ticket.to_string()]),
            Ask { ticket } => ("ask", vec![ticket.to_string()]),
            Fixed { ticket } => ("fixed", vec![ticket.to_string()]),
            StillBroken { ticket } => ("broken", vec![ticket.to_string()]),
            Rate { ticket } => ("rate", vec![ticket.to_string()]),
            RateComment { ticket } => ("rate-note", vec![ticket.to_string()]),
            Cancel { ticket } => ("cancel", vec![ticket.to_string()]),
            Queue { filter, seek } => {
                ("queue", vec![filter.encode(), seek.as_ref().map_or_else(|| "x".to_owned(), encode_seek)])
            }
            IntakeCategory { intake } => ("in-cat", vec![intake.to_string()]),
            IntakeChoice { intake, step } => ("in-choice", vec![intake.to_string(), step.to_string()]),
            IntakeSkip { intake, step } => ("in-skip", vec![intake.to_string(), step.to_string()]),
            IntakeAnswer { intake, step } => ("in-answer", vec![intake.to_string(), step.to_string()]),
            IntakeSubmit { intake } => ("in-submit", vec![intake.to_string()]),
            IntakeEdit { intake } => ("in-edit", vec![intake.to_string()]),
            IntakeEditItem { intake } => ("in-edit-item", vec![intake.to_string()]),
            IntakeCancel { intake } => ("in-cancel", vec![intake.to_string()]),
            IntakeSolved { intake, article } => {
                ("in-kb-solved", vec![intake.to_string(), article.to_string()])
            }
            IntakeNotThis { intake } => ("in-kb-not", vec![intake.to_string()]),
            IntakeJoin { intake, parent } => ("in-join", vec![intake.to_string(), parent.to_string()]),
            IntakeNotKnown { intake } => ("in-join-not", vec![intake.to_string()]),
            KbNewModal { source: None } => ("m-kb-new", vec![]),
            KbNewModal { source: Some(t) } => ("m-kb-new", vec![t.to_string()]),
            KbEditModal { article } => ("m-kb-edit", vec![article.to_string()]),
            EscalateModal { ticket } => ("m-escalate", vec![ticket.to_string()]),
            ResolveModal { ticket } => ("m-resolve", vec![ticket.to_string()]),
            ReopenModal { ticket } => ("m-reopen", vec![ticket.to_string()]),
            AskModal { ticket } => ("m-ask", vec![ticket.to_string()]),
            RateCommentModal { ticket } => ("m-rate-note", vec![ticket.to_string()]),
            TicketModal { category: None } => ("m-ticket", vec![]),
            TicketModal { category: Some(c) } => ("m-ticket", vec![c.to_string()]),
            AnswerModal { intake, step } => ("m-answer", vec![intake.to_string(), step.to_string()]),
            AssignConfirm { ticket, technician, version } => {
                ("assign-ok", vec![ticket.to_string(), technician.to_string(), version.to_string()])
            }
            StormPick => ("pick", vec![]),
        };
        let mut id = String::with_capacity(CUSTOM_ID_MAX);
        id.push_str(PREFIX);
        id.push_str(action);
        for arg in args {
            id.push(':');
            id.push_str(&arg);
        }
        id
    }

    /// The component an id stands for; `None` for an id of another version, another bot, or garbage.
    pub fn parse(custom_id: &str) -> Option<ComponentId> {
        use ComponentId::*;
        if custom_id.chars().count() > CUSTOM_ID_MAX {
            return None;
        }
        let rest = custom_id.strip_prefix(PREFIX)?;
        let parts: Vec<&str> = rest.split(':').collect();
        let id = match parts.as_slice() {
            ["claim", t] => Claim { ticket: parse_id(t)? },
            ["escalate", t] => Escalate { ticket: parse_id(t)? },
            ["resolve", t] => Resolve { ticket: parse_id(t)? },
            ["ask", t] => Ask { ticket: parse_id(t)? },
            ["fixed", t] => Fixed { ticket: parse_id(t)? },
            ["broken", t] => StillBroken { ticket: parse_id(t)? },
            ["rate", t] => Rate { ticket: parse_id(t)? },
            ["rate-note", t] => RateComment { ticket: parse_id(t)? },
            ["cancel", t] => Cancel { ticket: parse_id(t)? },
            // Before keyset paging, the page number came first: such a button shows the first page.
            ["queue", page, filter] if page.bytes().all(|b| b.is_ascii_digit()) => {
                Queue { filter: QueueFilter::parse(filter)?, seek: None }
            }
            ["queue", filter, seek] => Queue { filter: QueueFilter::parse(filter)?, seek: parse_seek(seek) },
            ["in-cat", i] => IntakeCategory { intake: parse_id(i)? },
            ["in-choice", i, s] => IntakeChoice { intake: parse_id(i)?, step: parse_step(s)? },
            ["in-skip", i, s] => IntakeSkip { intake: parse_id(i)?, step: parse_step(s)? },
            ["in-answer", i, s] => IntakeAnswer { intake: parse_id(i)?, step: parse_step(s)? },
            ["in-submit", i] => IntakeSubmit { intake: parse_id(i)? },
            ["in-edit", i] => IntakeEdit { intake: parse_id(i)? },
            ["in-edit-item", i] => IntakeEditItem { intake: parse_id(i)? },
            ["in-cancel", i] => IntakeCancel { intake: parse_id(i)? },
            ["in-kb-solved", i, a] => IntakeSolved { intake: parse_id(i)?, article: parse_id(a)? },
            ["in-kb-not", i] => IntakeNotThis { intake: parse_id(i)? },
            ["in-join", i, p] => IntakeJoin { intake: parse_id(i)?, parent: parse_id(p)? },
            ["in-join-not", i] => IntakeNotKnown { intake: parse_id(i)? },
            ["m-kb-new"] => KbNewModal { source: None },
            ["m-kb-new", t] => KbNewModal { source: Some(parse_id(t)?) },
            ["m-kb-edit", a] => KbEditModal { article: parse_id(a)? },
            ["m-escalate", t] => EscalateModal { ticket: parse_id(t)? },
            ["m-resolve", t] => ResolveModal { ticket: parse_id(t)? },
            ["m-reopen", t] => ReopenModal { ticket: parse_id(t)? },
            ["m-ask", t] => AskModal { ticket: parse_id(t)? },
            ["m-rate-note", t] => RateCommentModal { ticket: parse_id(t)? },
            ["m-ticket"] => TicketModal { category: None },
            ["m-ticket", c] => TicketModal { category: Some(Slug::new(c)?) },
            ["m-answer", i, s] => AnswerModal { intake: parse_id(i)?, step: parse_step(s)? },
            ["assign-ok", t, u, v] => {
                AssignConfirm { ticket: parse_id(t)?, technician: parse_id(u)?, version: parse_id(v)? }
            }
            ["pick"] => StormPick,
            _ => return None,
        };
        Some(id)
    }

    /// The ticket the component acts on, for loading it and for logs.
    pub fn ticket(&self) -> Option<TicketId> {
        use ComponentId::*;
        match self {
            Claim { ticket }
            | Escalate { ticket }
            | Resolve { ticket }
            | Ask { ticket }
            | Fixed { ticket }
            | StillBroken { ticket }
            | Rate { ticket }
            | RateComment { ticket }
            | RateCommentModal { ticket }
            | Cancel { ticket }
            | EscalateModal { ticket }
            | ResolveModal { ticket }
            | ReopenModal { ticket }
            | AskModal { ticket }
            | AssignConfirm { ticket, .. } => Some(*ticket),
            _ => None,
        }
    }

    /// The intake conversation the component belongs to.
    pub fn intake(&self) -> Option<IntakeId> {
        use ComponentId::*;
        match self {
            IntakeCategory { intake }
            | IntakeChoice { intake, .. }
            | IntakeSkip { intake, .. }
            | IntakeAnswer { intake, .. }
            | AnswerModal { intake, .. }
            | IntakeSubmit { intake }
            | IntakeEdit { intake }
            | IntakeEditItem { intake }
            | IntakeCancel { intake }
            | IntakeSolved { intake, .. }
            | IntakeNotThis { intake }
            | IntakeJoin { intake, .. }
            | IntakeNotKnown { intake } => Some(*intake),
            _ => None,
        }
    }

    /// Modal ids arrive in modal-submit interactions, the others in component interactions.
    pub fn is_modal(&self) -> bool {
        matches!(
            self,
            ComponentId::EscalateModal { .. }
                | ComponentId::ResolveModal { .. }
                | ComponentId::ReopenModal { .. }
                | ComponentId::AskModal { .. }
                | ComponentId::RateCommentModal { .. }
                | ComponentId::TicketModal { .. }
                | ComponentId::AnswerModal { .. }
                | ComponentId::KbNewModal { .. }
                | ComponentId::KbEditModal { .. }
        )
    }
}

impl fmt::Display for ComponentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.encode())
    }
}

/// A number written exactly as `to_string` writes it (no `+`, no leading zeros, no spaces), so that
/// one component has one id. A number too large for `T` is `None`.
fn parse_canonical<T: FromStr + ToString>(text: &str) -> Option<T> {
    let n = text.parse::<T>().ok()?;
    (n.to_string() == text).then_some(n)
}

/// A ticket, intake or user id: not negative.
fn parse_id(text: &str) -> Option<i64> {
    parse_canonical::<i64>(text).filter(|n| IDS.contains(n))
}

/// An intake step: at most [`STEP_MAX`].
fn parse_step(text: &str) -> Option<u32> {
    parse_canonical::<u32>(text).filter(|n| *n <= STEP_MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn slug() -> impl Strategy<Value = Slug> {
        "[A-Za-z0-9_-]{1,32}".prop_filter_map("slug", |s| Slug::new(&s))
    }

    fn filter() -> impl Strategy<Value = QueueFilter> {
        let status = proptest::option::of(proptest::sample::select(Status::ALL.to_vec()));
        let level = proptest::option::of((1i64..=3).prop_filter_map("level", Level::new));
        let assignee = proptest::option::of(prop_oneof![
            (0..=i64::MAX).prop_map(AssigneeFilter::User),
            Just(AssigneeFilter::Nobody)
        ]);
        (status, level, assignee, proptest::option::of(slug()))
            .prop_map(|(status, level, assignee, category)| QueueFilter { status, level, assignee, category })
    }

    fn seek() -> impl Strategy<Value = Seek> {
        let key = (
            proptest::sample::select(Priority::ALL.to_vec()),
            proptest::option::of(
                (0..=QUEUE_DUE_MAX).prop_filter_map("time", chrono::DateTime::from_timestamp_micros),
            ),
            (1..=QUEUE_NUMBER_MAX).prop_map(TicketNumber),
        )
            .prop_map(|(priority, due, number)| QueueKey { priority, due, number });
        prop_oneof![
            Just(Seek::First),
            Just(Seek::Last),
            key.clone().prop_map(Seek::After),
            key.prop_map(Seek::Before),
        ]
    }

    fn component_id() -> impl Strategy<Value = ComponentId> {
        use ComponentId::*;
        let id = || 0..=i64::MAX;
        let step = || 0..=STEP_MAX;
        prop_oneof![
            id().prop_map(|ticket| Claim { ticket }),
            id().prop_map(|ticket| Escalate { ticket }),
            id().prop_map(|ticket| Resolve { ticket }),
            id().prop_map(|ticket| Ask { ticket }),
            id().prop_map(|ticket| Fixed { ticket }),
            id().prop_map(|ticket| StillBroken { ticket }),
            id().prop_map(|ticket| Rate { ticket }),
            id().prop_map(|ticket| RateComment { ticket }),
            id().prop_map(|ticket| RateCommentModal { ticket }),
            id().prop_map(|ticket| Cancel { ticket }),
            (filter(), proptest::option::of(seek())).prop_map(|(filter, seek)| Queue { filter, seek }),
            id().prop_map(|intake| IntakeCategory { intake }),
            (id(), step()).prop_map(|(intake, step)| IntakeChoice { intake, step }),
            (id(), step()).prop_map(|(intake, step)| IntakeSkip { intake, step }),
            (id(), step()).prop_map(|(intake, step)| IntakeAnswer { intake, step }),
            (id(), step()).prop_map(|(intake, step)| AnswerModal { intake, step }),
            id().prop_map(|intake| IntakeSubmit { intake }),
            id().prop_map(|intake| IntakeEdit { intake }),
            id().prop_map(|intake| IntakeEditItem { intake }),
            id().prop_map(|intake| IntakeCancel { intake }),
            (id(), id()).prop_map(|(intake, article)| IntakeSolved { intake, article }),
            id().prop_map(|intake| IntakeNotThis { intake }),
            (id(), id()).prop_map(|(intake, parent)| IntakeJoin { intake, parent }),
            id().prop_map(|intake| IntakeNotKnown { intake }),
            proptest::option::of(id()).prop_map(|source| KbNewModal { source }),
            id().prop_map(|article| KbEditModal { article }),
            id().prop_map(|ticket| EscalateModal { ticket }),
            id().prop_map(|ticket| ResolveModal { ticket }),
            id().prop_map(|ticket| ReopenModal { ticket }),
            id().prop_map(|ticket| AskModal { ticket }),
            proptest::option::of(slug()).prop_map(|category| TicketModal { category }),
            (id(), id(), id()).prop_map(|(ticket, technician, version)| AssignConfirm {
                ticket,
                technician,
                version
            }),
            Just(StormPick),
        ]
    }

    #[test]
    fn claim_reads_as_documented() {
        assert_eq!(ComponentId::Claim { ticket: 42 }.encode(), "deskbot:v1:claim:42");
        assert_eq!(ComponentId::parse("deskbot:v1:claim:42"), Some(ComponentId::Claim { ticket: 42 }));
    }

    #[test]
    fn the_longest_assign_confirm_id_fits() {
        let id = ComponentId::AssignConfirm { ticket: i64::MAX, technician: i64::MAX, version: i64::MAX };
        let encoded = id.encode();
        assert!(encoded.len() <= CUSTOM_ID_MAX, "{} chars: {encoded}", encoded.len());
        assert_eq!(ComponentId::parse(&encoded), Some(id));
        assert_eq!(
            ComponentId::AssignConfirm { ticket: 7, technician: 55, version: 3 }.encode(),
            "deskbot:v1:assign-ok:7:55:3"
        );
    }

    #[test]
    fn the_longest_queue_id_fits() {
        let far = QueueKey {
            priority: Priority::P4,
            due: chrono::DateTime::from_timestamp_micros(QUEUE_DUE_MAX),
            number: TicketNumber(QUEUE_NUMBER_MAX),
        };
        for seek in [Seek::After(far), Seek::Before(far)] {
            let id = ComponentId::Queue {
                filter: QueueFilter {
                    status: Some(Status::WaitingOnRequester),
                    level: Some(Level::THREE),
                    assignee: Some(AssigneeFilter::User(i64::MAX)),
                    category: Slug::new(&"x".repeat(Slug::MAX)),
                },
                seek: Some(seek),
            };
            let encoded = id.encode();
            assert!(encoded.len() <= CUSTOM_ID_MAX, "{} chars: {encoded}", encoded.len());
            assert_eq!(ComponentId::parse(&encoded), Some(id));
        }
    }

    #[test]
    fn queue_ids_are_compact() {
        let key = QueueKey {
            priority: Priority::P2,
            due: chrono::DateTime::from_timestamp_micros(1_767_225_600_000_000),
            number: TicketNumber(1000),
        };
        let id = ComponentId::Queue {
            filter: QueueFilter {
                status: Some(Status::Open),
                level: Some(Level::TWO),
                assignee: Some(AssigneeFilter::Nobody),
                category: Slug::new("network"),
            },
            seek: Some(Seek::After(key)),
        };
        assert_eq!(id.encode(), "deskbot:v1:queue:so.l2.n.cnetwork:a2hefg8dts00.rs");
        let none = QueueKey { due: None, ..key };
        let prev = ComponentId::Queue { filter: QueueFilter::default(), seek: Some(Seek::Before(none)) };
        assert_eq!(prev.encode(), "deskbot:v1:queue:-:b2-.rs");
        assert_eq!(
            ComponentId::Queue { filter: QueueFilter::default(), seek: Some(Seek::First) }.encode(),
            "deskbot:v1:queue:-:t"
        );
    }

    #[test]
    fn a_place_too_far_out_to_travel_pages_to_the_nearest_end() {
        let key = QueueKey { priority: Priority::P1, due: None, number: TicketNumber(QUEUE_NUMBER_MAX + 1) };
        let next = ComponentId::Queue { filter: QueueFilter::default(), seek: Some(Seek::After(key)) };
        assert_eq!(next.encode(), "deskbot:v1:queue:-:e");
        let early = QueueKey { due: chrono::DateTime::from_timestamp_micros(-1), ..key };
        let prev = ComponentId::Queue { filter: QueueFilter::default(), seek: Some(Seek::Before(early)) };
        assert_eq!(prev.encode(), "deskbot:v1:queue:-:t");
    }

    #[test]
    fn an_old_or_tampered_queue_button_keeps_its_filter_without_a_place() {
        let open = QueueFilter { status: Some(Status::Open), ..QueueFilter::default() };
        for stale in [
            "deskbot:v1:queue:3:so",
            "deskbot:v1:queue:100001:so",
            "deskbot:v1:queue:so:x",
            "deskbot:v1:queue:so:a5-.1",
            "deskbot:v1:queue:so:a2-.0",
            "deskbot:v1:queue:so:a2-.01",
            "deskbot:v1:queue:so:c2-.1",
            "deskbot:v1:queue:so:a2zzzzzzzzzzzzz.1",
            "deskbot:v1:queue:so:a2-.zzzzzzzz",
            "deskbot:v1:queue:so:a2A.1",
            "deskbot:v1:queue:so:",
        ] {
            assert_eq!(
                ComponentId::parse(stale),
                Some(ComponentId::Queue { filter: open.clone(), seek: None }),
                "{stale:?}"
            );
        }
    }

    #[test]
    fn other_versions_other_bots_and_garbage_are_refused() {
        for bad in [
            "",
            "deskbot",
            "deskbot:v1:",
            "deskbot:v2:claim:42",
            "ticketbot:v1:claim:42",
            "deskbot:v1:claim",
            "deskbot:v1:claim:",
            "deskbot:v1:claim:+42",
            "deskbot:v1:claim:042",
            "deskbot:v1:claim:4 2",
            "deskbot:v1:claim:42:7",
            "deskbot:v1:claim:99999999999999999999",
            "deskbot:v1:queue:1",
            "deskbot:v1:queue:1:sz",
            "deskbot:v1:queue:1:l4",
            "deskbot:v1:queue:1:so.so",
            "deskbot:v1:queue:1:l2.so",
            "deskbot:v1:queue:1:a5.n",
            "deskbot:v1:queue:1:",
            "deskbot:v1:queue:1:cnet.work!",
            "deskbot:v1:m-ticket:bad:slug",
            "deskbot:v1:m-ticket:",
            "deskbot:v1:launch:42",
        ] {
            assert_eq!(ComponentId::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn numbers_out_of_range_make_an_id_unknown() {
        for bad in [
            "deskbot:v1:claim:-1",
            "deskbot:v1:claim:-0",
            "deskbot:v1:resolve:-9223372036854775808",
            "deskbot:v1:escalate:9223372036854775808",
            "deskbot:v1:rate:-5",
            "deskbot:v1:in-choice:3:-1",
            "deskbot:v1:in-choice:3:1001",
            "deskbot:v1:in-skip:3:4294967296",
            "deskbot:v1:in-solved:3:-2",
            "deskbot:v1:queue:-1:-",
            "deskbot:v1:queue:0:a-5",
            "deskbot:v1:queue:0:a-0",
            "deskbot:v1:queue:a-5:t",
        ] {
            assert_eq!(ComponentId::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn ratings_are_one_to_five() {
        assert_eq!(parse_rating("1"), Some(1));
        assert_eq!(parse_rating("5"), Some(5));
        assert_eq!(parse_rating("0"), None);
        assert_eq!(parse_rating("6"), None);
        assert_eq!(parse_rating("05"), None);
    }

    #[test]
    fn intake_inputs_round_trip() {
        assert_eq!(parse_intake_input(&intake_input(4)), Some(4));
        assert_eq!(parse_intake_input("reason"), None);
    }

    #[test]
    fn store_filters_convert_both_ways() {
        let store_filter = store::QueueFilter {
            status: Some(Status::Open),
            unassigned: true,
            category: Some("network".to_owned()),
            ..Default::default()
        };
        let filter = QueueFilter::from_store(&store_filter);
        assert_eq!(filter.as_ref().map(QueueFilter::to_store), Some(store_filter));
        let unencodable = store::QueueFilter { category: Some("net work".to_owned()), ..Default::default() };
        assert_eq!(QueueFilter::from_store(&unencodable), None);
    }

    proptest! {
        #[test]
        fn every_id_parses_back_and_fits(id in component_id()) {
            let encoded = id.encode();
            prop_assert!(encoded.chars().count() <= CUSTOM_ID_MAX, "{}", encoded);
            prop_assert_eq!(ComponentId::parse(&encoded), Some(id));
        }

        #[test]
        fn parse_never_panics(text in any::<String>()) {
            let _ = ComponentId::parse(&text);
        }

        #[test]
        fn parse_never_panics_on_near_misses(rest in "[a-z0-9:.\\-]{0,60}") {
            // Queue buttons whose place cannot be read are the exception: they show the first page.
            let parsed = ComponentId::parse(&format!("{PREFIX}{rest}"));
            if let Some(id) = parsed.filter(|id| !matches!(id, ComponentId::Queue { seek: None, .. })) {
                prop_assert_eq!(id.encode(), format!("{PREFIX}{rest}"));
            }
        }
    }
}
