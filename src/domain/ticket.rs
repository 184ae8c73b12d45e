//! The ticket and the small value types it is made of.
//!
//! Every type here is parsed at the edge (a slash-command option, a database column, a TOML key) and
//! cannot hold an invalid value afterwards.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A Discord snowflake (user, role, channel, guild), stored as `i64` in the database.
pub type DiscordId = i64;

/// The human number of a ticket (`#42`), sequential per organisation (Discord guild).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TicketNumber(pub i64);

impl TicketNumber {
    /// Parses what a user types: `42` or `#42`.
    pub fn parse(text: &str) -> Option<Self> {
        let digits = text.trim().trim_start_matches('#');
        match digits.parse::<i64>() {
            Ok(n) if n > 0 => Some(Self(n)),
            _ => None,
        }
    }
}

impl fmt::Display for TicketNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// Declares a closed set of values stored and shown as lowercase words, with parsing that names
/// the accepted words when it fails.
macro_rules! word_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The word stored in the database and used in custom ids.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = ParseWordError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s.trim().to_ascii_lowercase().as_str() {
                    $($word => Ok($name::$variant),)+
                    _ => Err(ParseWordError {
                        what: stringify!($name),
                        got: s.to_owned(),
                        expected: &[$($word),+],
                    }),
                }
            }
        }
    };
}

/// A word that is not one of the accepted values of a closed set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} must be one of {}; got {got:?}", expected.join(", "))]
pub struct ParseWordError {
    pub what: &'static str,
    pub got: String,
    pub expected: &'static [&'static str],
}

word_enum! {
    /// Where a ticket is in its life (product.md, "The ticket's life").
    Status {
        Intake => "intake",
        Open => "open",
        InProgress => "in_progress",
        WaitingOnRequester => "waiting_on_requester",
        Resolved => "resolved",
        Closed => "closed",
        Cancelled => "cancelled",
    }
}

impl Status {
    /// Open work: what the queue shows and the SLA clocks run for.
    pub fn is_active(self) -> bool {
        matches!(self, Status::Open | Status::InProgress | Status::WaitingOnRequester)
    }

    /// No further change is possible except what the requester may still do (rate).
    pub fn is_final(self) -> bool {
        matches!(self, Status::Closed | Status::Cancelled)
    }

    /// How a person reads it.
    pub fn label(self) -> &'static str {
        match self {
            Status::Intake => "Intake",
            Status::Open => "Open",
            Status::InProgress => "In progress",
            Status::WaitingOnRequester => "Waiting on requester",
            Status::Resolved => "Resolved",
            Status::Closed => "Closed",
            Status::Cancelled => "Cancelled",
        }
    }
}

word_enum! {
    /// How many people the problem stops.
    Impact {
        Individual => "individual",
        Team => "team",
        Organisation => "organisation",
    }
}

impl Impact {
    pub fn label(self) -> &'static str {
        match self {
            Impact::Individual => "Just me",
            Impact::Team => "My team",
            Impact::Organisation => "The whole organisation",
        }
    }
}

word_enum! {
    /// How soon the work must be done.
    Urgency {
        Low => "low",
        Medium => "medium",
        High => "high",
    }
}

impl Urgency {
    pub fn label(self) -> &'static str {
        match self {
            Urgency::Low => "Low",
            Urgency::Medium => "Medium",
            Urgency::High => "High",
        }
    }
}

word_enum! {
    /// How a resolved ticket was resolved.
    ResolutionCode {
        Fixed => "fixed",
        Workaround => "workaround",
        Duplicate => "duplicate",
        NotReproducible => "not_reproducible",
        UserError => "user_error",
        NoResponse => "no_response",
    }
}

impl ResolutionCode {
    pub fn label(self) -> &'static str {
        match self {
            ResolutionCode::Fixed => "Fixed",
            ResolutionCode::Workaround => "Workaround",
            ResolutionCode::Duplicate => "Duplicate",
            ResolutionCode::NotReproducible => "Not reproducible",
            ResolutionCode::UserError => "User error",
            ResolutionCode::NoResponse => "No response",
        }
    }
}

/// ITIL priority, P1 (most urgent) to P4. Orders so that P1 < P4, the queue's sort order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Priority {
    P1,
    P2,
    P3,
    P4,
}

impl Priority {
    pub const ALL: &'static [Priority] = &[Priority::P1, Priority::P2, Priority::P3, Priority::P4];

    /// 1 for P1 … 4 for P4; the value stored in the database.
    pub fn rank(self) -> i16 {
        match self {
            Priority::P1 => 1,
            Priority::P2 => 2,
            Priority::P3 => 3,
            Priority::P4 => 4,
        }
    }

    pub fn from_rank(rank: i64) -> Option<Self> {
        match rank {
            1 => Some(Priority::P1),
            2 => Some(Priority::P2),
            3 => Some(Priority::P3),
            4 => Some(Priority::P4),
            _ => None,
        }
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "P{}", self.rank())
    }
}

impl FromStr for Priority {
    type Err = ParseWordError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_uppercase();
        let t = t.trim_start_matches('P');
        t.parse::<i64>().ok().and_then(Priority::from_rank).ok_or_else(|| ParseWordError {
            what: "Priority",
            got: s.to_owned(),
            expected: &["P1", "P2", "P3", "P4"],
        })
    }
}

/// Support level: 1 (help desk technicians), 2 and 3 (specialists).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Level(u8);

impl Level {
    pub const ONE: Level = Level(1);
    pub const TWO: Level = Level(2);
    pub const THREE: Level = Level(3);
    pub const ALL: &'static [Level] = &[Level::ONE, Level::TWO, Level::THREE];

    pub fn new(n: i64) -> Option<Self> {
        (1..=3).contains(&n).then_some(Level(n as u8))
    }

    pub fn get(self) -> u8 {
        self.0
    }

    /// The next level up, or `None` at level 3.
    pub fn next(self) -> Option<Level> {
        Level::new(i64::from(self.0) + 1)
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "L{}", self.0)
    }
}

/// What the requester answered to one intake question (already redacted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// The question's id in the category configuration.
    pub key: String,
    /// The question as it was asked, so the ticket still reads right after the configuration changes.
    pub question: String,
    /// `None` when the requester skipped an optional question.
    pub value: Option<String>,
}

/// When the SLA clocks of a ticket run out, and what has already happened against them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaClock {
    /// First response (claim or assignment) is due by then.
    pub first_response_due: Option<DateTime<Utc>>,
    /// Resolution is due by then (moved later while waiting on the requester).
    pub resolution_due: Option<DateTime<Utc>>,
    /// When the first response happened.
    pub first_response_at: Option<DateTime<Utc>>,
    /// Set while the clock is paused (waiting on the requester).
    pub paused_at: Option<DateTime<Utc>>,
    /// What the SLA sweeper has already done, each at most once per ticket (see
    /// [`super::sla::Threshold`]): when it warned and when it acted on a breach, of either clock.
    #[serde(default)]
    pub marks: SlaMarks,
    /// When 75 % of the first-response window has passed (the sweeper's warning), counted like the
    /// due time (in business hours when set).
    #[serde(default)]
    pub first_response_warn_at: Option<DateTime<Utc>>,
    /// The same for the resolution window; moved later with the due time by pauses.
    #[serde(default)]
    pub resolution_warn_at: Option<DateTime<Utc>>,
    /// While waiting on the requester: when they were reminded of the unanswered question (once per
    /// wait; cleared when the clock runs again).
    #[serde(default)]
    pub waiting_reminded_at: Option<DateTime<Utc>>,
}

/// When each SLA threshold of a ticket was acted on; `None` until it was. The database writes
/// them with the version check of every ticket write, so only one sweeper acts on each.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaMarks {
    pub first_response_warned_at: Option<DateTime<Utc>>,
    pub first_response_breached_at: Option<DateTime<Utc>>,
    pub resolution_warned_at: Option<DateTime<Utc>>,
    pub resolution_breached_at: Option<DateTime<Utc>>,
}

impl SlaClock {
    /// The next deadline that matters: first response until there was one, then resolution. The queue
    /// sorts by it and the SLA sweeper looks at it.
    pub fn next_due(&self) -> Option<DateTime<Utc>> {
        if self.first_response_at.is_none() { self.first_response_due } else { self.resolution_due }
    }
}

/// A ticket as the domain sees it. `id` and `number` are given by the store when it is created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    /// Database id; 0 until stored.
    pub id: i64,
    /// The organisation (Discord guild) the ticket belongs to.
    pub guild_id: DiscordId,
    /// Human number; `None` until stored.
    pub number: Option<TicketNumber>,
    pub requester_id: DiscordId,
    pub summary: String,
    pub description: String,
    /// The configured category's id (e.g. `network`).
    pub category: String,
    pub impact: Impact,
    pub urgency: Urgency,
    pub priority: Priority,
    /// Set when a coordinator overrode the matrix.
    pub priority_overridden: bool,
    pub level: Level,
    pub status: Status,
    pub assignee_id: Option<DiscordId>,
    pub answers: Vec<Answer>,
    pub sla: SlaClock,
    pub resolution_notes: Option<String>,
    pub resolution_code: Option<ResolutionCode>,
    /// 1–5, given by the requester after closing.
    pub satisfaction: Option<i16>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    /// The triage message and its thread, once posted.
    pub triage_message_id: Option<DiscordId>,
    pub thread_id: Option<DiscordId>,
    /// The major incident this ticket is part of (the parent ticket's id): a child leaves the active
    /// queue, where the parent represents it, and is resolved with it.
    pub parent_id: Option<i64>,
    /// Optimistic-concurrency version: every stored change increments it.
    pub version: i64,
}

impl Ticket {
    /// The display number, `#?` before the ticket is stored.
    pub fn label(&self) -> String {
        match self.number {
            Some(n) => n.to_string(),
            None => "#?".to_owned(),
        }
    }
}
