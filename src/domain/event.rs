//! Who acts on a ticket, what they may ask for, and what a change leaves behind: the audit events and
//! the notices to deliver.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::sla::SlaKind;
use super::ticket::{DiscordId, Level, Priority, ResolutionCode, Status};

/// The permissions a member holds, derived from their Discord roles in the interaction at hand.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roles {
    /// The highest support level the member works at, if they are a technician or specialist.
    pub level: Option<Level>,
    pub coordinator: bool,
}

impl Roles {
    pub const REQUESTER: Roles = Roles { level: None, coordinator: false };

    pub fn technician(level: Level) -> Roles {
        Roles { level: Some(level), coordinator: false }
    }

    pub fn coordinator() -> Roles {
        Roles { level: None, coordinator: true }
    }

    /// Staff see the triage channel and the queue.
    pub fn is_staff(&self) -> bool {
        self.level.is_some() || self.coordinator
    }

    /// Works at `level` or above.
    pub fn works_at(&self, level: Level) -> bool {
        self.level.is_some_and(|l| l >= level)
    }
}

/// Who acts: a member with the roles they hold now, or deskbot itself (timers, the SLA sweeper).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Actor {
    Member { id: DiscordId, roles: Roles },
    System,
}

impl Actor {
    pub fn member(id: DiscordId, roles: Roles) -> Actor {
        Actor::Member { id, roles }
    }

    /// The Discord id, or `None` for deskbot itself.
    pub fn id(&self) -> Option<DiscordId> {
        match self {
            Actor::Member { id, .. } => Some(*id),
            Actor::System => None,
        }
    }

    pub fn roles(&self) -> Roles {
        match self {
            Actor::Member { roles, .. } => *roles,
            Actor::System => Roles { level: Some(Level::THREE), coordinator: true },
        }
    }
}

/// What someone asks to do to a ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// The requester submits a finished intake: `intake` → `open`.
    Submit,
    /// A technician takes an open ticket.
    Claim,
    /// A coordinator gives the ticket to a technician; `level` is the technician's support level.
    Assign { technician: DiscordId, level: Option<Level>, reason: Option<String> },
    /// Raise the support level (to the next one when `to` is `None`), with a reason.
    Escalate { to: Option<Level>, reason: String },
    /// The assignee waits for an answer from the requester; the SLA clock pauses.
    WaitOnRequester { note: Option<String> },
    /// The requester answered (or the assignee resumes): the clock runs again.
    Resume,
    /// Record the resolution; the requester is asked to confirm.
    Resolve { notes: String, code: ResolutionCode },
    /// The requester confirms the fix.
    Confirm,
    /// The requester says it is still broken.
    Reopen { note: Option<String> },
    /// The requester withdraws the ticket before it is claimed, or a coordinator cancels it.
    Cancel { reason: Option<String> },
    /// Close a resolved ticket (confirmation window expired, or a coordinator).
    Close,
    /// A coordinator overrides the matrix priority.
    OverridePriority { priority: Priority, reason: String },
    /// The requester rates a closed ticket, 1–5.
    Rate { score: i16 },
    /// The requester adds a comment to their rating.
    CommentRating { comment: String },
}

impl Action {
    /// A short name for logs and metrics.
    pub fn name(&self) -> &'static str {
        match self {
            Action::Submit => "submit",
            Action::Claim => "claim",
            Action::Assign { .. } => "assign",
            Action::Escalate { .. } => "escalate",
            Action::WaitOnRequester { .. } => "wait",
            Action::Resume => "resume",
            Action::Resolve { .. } => "resolve",
            Action::Confirm => "confirm",
            Action::Reopen { .. } => "reopen",
            Action::Cancel { .. } => "cancel",
            Action::Close => "close",
            Action::OverridePriority { .. } => "priority",
            Action::Rate { .. } => "rate",
            Action::CommentRating { .. } => "comment_rating",
        }
    }
}

/// The kind of an audit event. Stored as its snake_case word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Created,
    Claimed,
    Assigned,
    Escalated,
    Waiting,
    Resumed,
    Resolved,
    Confirmed,
    Reopened,
    Cancelled,
    Closed,
    PriorityChanged,
    Rated,
    /// Internal note from staff (thread message or `/desk note`); never shown to the requester.
    Note,
    /// A message from staff to the requester (`/reply`).
    Reply,
    /// A message from the requester relayed into the thread.
    RequesterMessage,
    /// A notice could not be delivered (e.g. the requester's DMs are closed).
    DeliveryFailed,
    WatchStarted,
    SlaWarning,
    SlaBreached,
    /// The requester was reminded of a question left unanswered.
    WaitingReminded,
    /// The requester's comment on their rating.
    RatingComment,
    /// The ticket became the child of a major incident (the note names it, and why).
    Linked,
    /// The ticket left its incident: a coordinator unlinked it, or its requester said "Still broken".
    Unlinked,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Created => "created",
            EventKind::Claimed => "claimed",
            EventKind::Assigned => "assigned",
            EventKind::Escalated => "escalated",
            EventKind::Waiting => "waiting",
            EventKind::Resumed => "resumed",
            EventKind::Resolved => "resolved",
            EventKind::Confirmed => "confirmed",
            EventKind::Reopened => "reopened",
            EventKind::Cancelled => "cancelled",
            EventKind::Closed => "closed",
            EventKind::PriorityChanged => "priority_changed",
            EventKind::Rated => "rated",
            EventKind::Note => "note",
            EventKind::Reply => "reply",
            EventKind::RequesterMessage => "requester_message",
            EventKind::DeliveryFailed => "delivery_failed",
            EventKind::WatchStarted => "watch_started",
            EventKind::SlaWarning => "sla_warning",
            EventKind::SlaBreached => "sla_breached",
            EventKind::WaitingReminded => "waiting_reminded",
            EventKind::RatingComment => "rating_comment",
            EventKind::Linked => "linked",
            EventKind::Unlinked => "unlinked",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(s.to_owned())).ok()
    }
}

/// One line of the audit trail, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewEvent {
    pub kind: EventKind,
    /// `None` when deskbot itself acted.
    pub actor_id: Option<DiscordId>,
    pub at: DateTime<Utc>,
    pub from_status: Option<Status>,
    pub to_status: Option<Status>,
    pub note: Option<String>,
}

/// Who a notice goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "to", rename_all = "snake_case")]
pub enum Recipient {
    /// A DM to this user (the requester, a watcher, an assignee).
    User { id: DiscordId },
    /// The ticket's message in the triage channel (posted on the first notice, edited after).
    Triage,
    /// The ticket's thread in the triage channel.
    Thread,
    /// The coordinators' channel.
    Coordinators,
}

/// What a notice says; rendered into words by the Discord side's message catalogue at delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NoticeKind {
    /// The ticket was opened (to the requester, when not answered in the interaction itself).
    Opened,
    Claimed {
        by: DiscordId,
    },
    /// `reason` goes to the technician only ("because …"); the requester hears who, not why.
    Assigned {
        to: DiscordId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// To the technician who held the ticket before a reassignment: it is `to`'s now.
    Reassigned {
        to: DiscordId,
    },
    Escalated {
        level: Level,
        reason: String,
    },
    Waiting {
        note: Option<String>,
    },
    Resumed,
    /// The one reminder of a question left unanswered: without an answer the ticket is resolved as
    /// "no response" `resolve_in_secs` after it.
    WaitingReminder {
        note: Option<String>,
        resolve_in_secs: i64,
    },
    /// Carries the notes; the requester's copy has Fixed / Still broken buttons.
    Resolved {
        notes: String,
        code: ResolutionCode,
    },
    Reopened,
    /// Carries a 1–5 rating select for the requester.
    Closed,
    Cancelled {
        reason: Option<String>,
    },
    PriorityChanged {
        priority: Priority,
        reason: String,
    },
    /// A rating of 1 or 2 (to the coordinators), with the requester's comment once they give one.
    LowRating {
        score: i16,
        comment: Option<String>,
    },
    /// A message from staff to the requester.
    Reply {
        from: DiscordId,
        text: String,
    },
    /// A requester's message relayed into the thread.
    RequesterMessage {
        text: String,
    },
    /// A ping of the role of `level` in the thread, after an escalation.
    LevelPing {
        level: Level,
    },
    /// A DM could not be delivered to `user`.
    DeliveryFailed {
        user: DiscordId,
        reason: String,
    },
    /// For the technicians, in a new ticket's thread: closed tickets that look like it, with their
    /// resolutions, and the knowledge-base articles that match it.
    Hint {
        tickets: Vec<HintTicket>,
        articles: Vec<HintArticle>,
    },
    /// In an incident's thread: `child` (its label) joined it, from `requester`.
    ChildJoined {
        child: String,
        requester: DiscordId,
    },
    /// In an incident's thread: `child` left it (unlinked, or still broken after the resolution).
    ChildLeft {
        child: String,
    },
    /// Post the triage message (and its thread) if there is none yet, else edit it in place so it
    /// shows the ticket as it is now.
    RefreshTriage,
    /// 75 % of an SLA window has passed (in the thread, mentioning the holder, or the level's role
    /// when nobody holds the ticket).
    SlaWarning {
        clock: SlaKind,
        due: DateTime<Utc>,
    },
    /// An SLA due time has passed, `late_secs` ago when the sweeper acted: the alert in the
    /// coordinators' channel, the warning to the holder in the thread, and the requester's notice
    /// that it was escalated. `holder` held the ticket at the breach; `level` is its level after.
    SlaBreached {
        clock: SlaKind,
        late_secs: i64,
        holder: Option<DiscordId>,
        level: Level,
    },
}

/// A closed ticket in a technicians' hint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HintTicket {
    /// Its label, `#12`.
    pub ticket: String,
    /// The resolution code's label, if any.
    pub code: Option<String>,
    /// The start of its resolution notes.
    pub notes: String,
}

/// A knowledge-base article in a technicians' hint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HintArticle {
    pub id: i64,
    pub title: String,
}

/// A notice to deliver after the change that causes it has been committed (the outbox).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub recipient: Recipient,
    pub kind: NoticeKind,
}

impl Notice {
    pub fn new(recipient: Recipient, kind: NoticeKind) -> Notice {
        Notice { recipient, kind }
    }
}
