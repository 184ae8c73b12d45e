//! Where tickets, their audit trail, intake conversations, watchers and the outbox of notices live.
//!
//! One trait, [`TicketStore`], with two implementations chosen by the `DATABASE_URL` scheme:
//! [`sqlite::SqliteStore`] (the default, one file) and [`postgres::PgStore`]. Both share their SQL
//! text (see `sql.rs`); the invariants that matter under concurrency (one claimer wins, numbers are
//! never handed out twice) are enforced by the database, not by a check-then-write in Rust.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::digest::Digest;
use crate::domain::{
    DiscordId, EventKind, Lang, Level, NewEvent, Notice, Priority, Status, Ticket, TicketNumber,
};

pub use articles::{ArticleChange, ArticleEvent, ArticleStore};
pub use cause::Cause;

mod articles;

mod cause;
pub mod lock;
pub mod postgres;
mod sql;
pub mod sqlite;

/// What can go wrong in the store. `RowNotFound` is mapped to [`StoreError::NotFound`] in one place,
/// and every failure to reach the database to [`StoreError::Unavailable`] (see [`Cause`]).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// The ticket changed since it was read (optimistic concurrency): read it again and retry.
    #[error("the ticket was changed by someone else in the meantime")]
    Conflict,
    #[error("unsupported database URL {0:?}: expected sqlite://PATH or postgres://…")]
    UnsupportedUrl(String),
    #[error("a stored value is not valid: {0}")]
    Corrupt(String),
    #[error("database migration failed: {0}")]
    Migrate(sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Database(sqlx::Error),
    /// The event this write belongs to was already handled (see [`EventScope`]).
    #[error("this event was already handled")]
    Duplicate,
    /// The database cannot be reached now: an outage, not a fault of the request, so the same
    /// request succeeds once it is back (the connection pools reconnect by themselves). Users are
    /// told to try again in a minute.
    #[error("cannot reach the database: {cause}")]
    Unavailable {
        cause: Cause,
        #[source]
        source: Option<sqlx::Error>,
    },
    /// The database cannot be used as configured (a wrong password, a file that is not a
    /// database, a missing directory): waiting does not help.
    #[error("cannot open the database: {cause}")]
    CannotOpen {
        cause: Cause,
        #[source]
        source: Option<sqlx::Error>,
    },
    /// An export's rows could not be written where they go (a full disk, a closed pipe).
    #[error("writing the export failed: {0}")]
    Write(#[source] std::io::Error),
    /// Opening the database at start failed: names the database (password hidden) and why.
    #[error("database {url}: {error}")]
    Connect { url: String, error: Box<StoreError> },
}

impl StoreError {
    /// The database is out of reach for now (see [`StoreError::Unavailable`]).
    pub fn is_unavailable(&self) -> bool {
        match self {
            StoreError::Unavailable { .. } => true,
            StoreError::Connect { error, .. } => error.is_unavailable(),
            _ => false,
        }
    }

    /// Why the database could not be reached or opened, when that is what went wrong.
    pub fn cause(&self) -> Option<&Cause> {
        match self {
            StoreError::Unavailable { cause, .. } | StoreError::CannotOpen { cause, .. } => Some(cause),
            StoreError::Connect { error, .. } => error.cause(),
            _ => None,
        }
    }

    /// A failure with a known cause, sorted by whether waiting helps.
    pub(crate) fn from_cause(cause: Cause, source: Option<sqlx::Error>) -> StoreError {
        if cause.is_transient() {
            StoreError::Unavailable { cause, source }
        } else {
            StoreError::CannotOpen { cause, source }
        }
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            // A stored value that does not decode (a malformed time, a number out of range) is
            // corrupt data, not a failure of the database.
            sqlx::Error::ColumnDecode { index, source } => {
                StoreError::Corrupt(format!("column {index}: {source}"))
            }
            sqlx::Error::Decode(source) => StoreError::Corrupt(source.to_string()),
            other => match Cause::of(&other) {
                Some(cause) => StoreError::from_cause(cause, Some(other)),
                None => StoreError::Database(other),
            },
        }
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        use sqlx::migrate::MigrateError;
        match e {
            // The database went away while migrating: an outage like any other.
            MigrateError::Execute(inner) | MigrateError::ExecuteMigration(inner, _)
                if Cause::of(&inner).is_some() =>
            {
                StoreError::from(inner)
            }
            other => StoreError::Migrate(other),
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

tokio::task_local! {
    static EVENT: EventScope;
}

/// The Discord event (an interaction, a message) whose handling is running in this task. Every
/// write transaction of the store made while it runs records the event's key in the same
/// transaction as its effect; when another handler already recorded it (the same event delivered
/// twice, or to two processes), the write fails with [`StoreError::Duplicate`] and changes nothing.
/// The handler that owns the key may write several times (each transaction checks it owns the key).
#[derive(Debug, Clone)]
pub struct EventScope {
    key: String,
    owner: String,
}

impl EventScope {
    /// A scope for the event `key` (e.g. `i:<interaction id>`, `m:<message id>`), owned by a fresh
    /// handler.
    pub fn new(key: impl Into<String>) -> EventScope {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let owner = format!("{}-{}-{n}", std::process::id(), Utc::now().timestamp_micros());
        EventScope { key: key.into(), owner }
    }

    /// Runs `work` as the handling of this event.
    pub async fn run<F: std::future::Future>(self, work: F) -> F::Output {
        EVENT.scope(self, work).await
    }

    /// The scope of the running task, if it handles an event.
    pub(crate) fn current() -> Option<EventScope> {
        EVENT.try_with(Clone::clone).ok()
    }

    pub(crate) fn key(&self) -> &str {
        &self.key
    }

    pub(crate) fn owner(&self) -> &str {
        &self.owner
    }
}

/// One stored line of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventRecord {
    pub id: i64,
    pub ticket_id: i64,
    pub kind: EventKind,
    pub actor_id: Option<DiscordId>,
    pub at: DateTime<Utc>,
    pub from_status: Option<Status>,
    pub to_status: Option<Status>,
    pub note: Option<String>,
}

/// Which tickets the queue shows. With no status given, the active ones (open, in progress,
/// waiting on the requester).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueFilter {
    pub status: Option<Status>,
    pub level: Option<Level>,
    pub assignee: Option<DiscordId>,
    /// Only tickets nobody holds.
    pub unassigned: bool,
    pub category: Option<String>,
    pub requester: Option<DiscordId>,
}

/// A ticket's place in the queue's order: priority, then the next SLA due time (tickets with none
/// last), then number. Unique within an organisation, so a page can start just after (or end just
/// before) one and neither skip nor repeat a ticket that keeps its place while others change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct QueueKey {
    pub priority: Priority,
    pub due: Option<DateTime<Utc>>,
    pub number: TicketNumber,
}

impl QueueKey {
    /// The place of a stored ticket (`None` before it has a number).
    pub fn of(ticket: &Ticket) -> Option<QueueKey> {
        Some(QueueKey { priority: ticket.priority, due: ticket.sla.next_due(), number: ticket.number? })
    }
}

/// Where a page of the queue starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Seek {
    /// At the top.
    First,
    /// With the first ticket after this place (**Next**). Past the end (the last tickets were
    /// taken meanwhile), an empty page: nothing is shown twice.
    After(QueueKey),
    /// The page that ends with the last ticket before this place (**Prev**). Near the top, the
    /// first page instead, so a page is never short at the top.
    Before(QueueKey),
    /// The last page.
    Last,
}

/// A page of the queue: at most `limit` tickets from `seek`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub seek: Seek,
    pub limit: i64,
}

impl Page {
    /// The first `limit` tickets.
    pub fn first(limit: i64) -> Page {
        Page { seek: Seek::First, limit }
    }
}

/// Tickets of one page, how many match in all, and how many come before the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuePage {
    pub tickets: Vec<Ticket>,
    pub total: i64,
    /// Matching tickets sorted before the page's first one: where the page is ("page N of M").
    pub ahead: i64,
}

/// A requester's rating of a ticket, as exported: tied to the ticket and to the technician who
/// resolved it, with the requester's comment when they gave one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RatingRecord {
    pub ticket_number: i64,
    pub guild_id: DiscordId,
    pub category: String,
    /// The technician who resolved the ticket (its assignee).
    pub resolver_id: Option<DiscordId>,
    pub satisfaction: i16,
    pub closed_at: Option<DateTime<Utc>>,
    pub comment: Option<String>,
}

/// Which tables an export reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportTables {
    pub tickets: bool,
    pub events: bool,
}

/// Where an export's rows go, one at a time, as they are read: tickets first (by id), then events
/// (by ticket, then id). An error stops the export ([`StoreError::Write`]).
pub trait ExportSink: Send {
    fn ticket(&mut self, ticket: Ticket) -> std::io::Result<()>;

    /// An event of the ticket numbered `number`.
    fn event(&mut self, event: EventRecord, number: TicketNumber) -> std::io::Result<()>;
}

/// Collects an export in memory (for tests and small reads).
#[derive(Debug, Default)]
struct Collect {
    tickets: Vec<Ticket>,
    events: Vec<EventRecord>,
}

impl ExportSink for Collect {
    fn ticket(&mut self, ticket: Ticket) -> std::io::Result<()> {
        self.tickets.push(ticket);
        Ok(())
    }

    fn event(&mut self, event: EventRecord, _number: TicketNumber) -> std::io::Result<()> {
        self.events.push(event);
        Ok(())
    }
}

/// A message rendered when it was decided — an intake question, the answer to a requester's DM —
/// and delivered through the outbox like a notice, so a 429, a 5xx or a crash delays it but never
/// loses it. The store keeps `body` as it is; only the Discord layer reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectMessage {
    /// Who it is for.
    pub user_id: DiscordId,
    /// Their DM channel when known (the one they wrote from); otherwise it is opened at delivery.
    pub channel_id: Option<DiscordId>,
    /// The message as Discord's JSON body of a new message (content, embeds, components, allowed
    /// mentions), without a nonce: the deliverer adds one derived from the outbox row.
    pub body: serde_json::Value,
}

/// What an outbox row carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutboxPayload {
    /// Something that happened to a ticket, rendered at delivery from the ticket as it is then.
    Notice(Notice),
    /// A message rendered when it was decided.
    Direct(DirectMessage),
    /// The coordinators' daily digest, rendered at delivery.
    Digest(Digest),
}

impl OutboxPayload {
    /// The notice, when this is one.
    pub fn notice(&self) -> Option<&Notice> {
        match self {
            OutboxPayload::Notice(n) => Some(n),
            OutboxPayload::Direct(_) | OutboxPayload::Digest(_) => None,
        }
    }
}

/// A notice or a direct message waiting in the outbox, leased to one deliverer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxItem {
    pub id: i64,
    pub ticket_id: Option<i64>,
    pub payload: OutboxPayload,
    /// Delivery attempts made before this one.
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
}

/// An intake conversation in progress. `state` is the intake engine's state as JSON, so the store
/// does not depend on its shape and a restart mid-intake loses nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntakeRecord {
    /// 0 before it is first saved.
    pub id: i64,
    pub guild_id: DiscordId,
    pub user_id: DiscordId,
    pub state: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub reminded_at: Option<DateTime<Utc>>,
}

/// How an intake conversation ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntakeEnd {
    Submitted,
    Cancelled,
    Expired,
    /// A knowledge-base article solved it without a ticket (self-service): which one.
    SelfServed {
        article: Option<i64>,
    },
}

impl IntakeEnd {
    /// The article that solved a self-served intake.
    pub fn article(self) -> Option<i64> {
        match self {
            IntakeEnd::SelfServed { article } => article,
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            IntakeEnd::Submitted => "submitted",
            IntakeEnd::Cancelled => "cancelled",
            IntakeEnd::Expired => "expired",
            IntakeEnd::SelfServed { .. } => "self_served",
        }
    }
}

/// A triage channel's storm summary as recorded: the message (while a storm is shown) and the
/// tickets it lists, as Discord last accepted it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryRecord {
    pub channel_id: DiscordId,
    /// How many summaries the channel has had before this one (the nonce of the next message).
    pub generation: i64,
    pub message_id: Option<DiscordId>,
    /// Ticket ids, as shown.
    pub listed: Vec<i64>,
}

/// What the database says about the desk's load, read on every `/metrics` scrape with a few
/// cheap queries (counts over indexed columns, the oldest waiting outbox row).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeskGauges {
    /// Tickets by status and priority (only the pairs that have tickets).
    pub tickets: Vec<(Status, Priority, i64)>,
    /// Open tickets nobody holds, by support level: what each level's queue has waiting.
    pub queue_by_level: Vec<(Level, i64)>,
    /// Tickets whose SLA clock runs (open or in progress) and whose next due time has passed.
    pub sla_breached: i64,
    /// Notices and messages neither delivered nor given up.
    pub outbox_backlog: i64,
    /// When the oldest of them was written.
    pub outbox_oldest: Option<DateTime<Utc>>,
    /// Intake conversations in progress.
    pub intakes_open: i64,
}

/// What a technician changed at run time: skills and level by `/desk skills` (over the TOML's), and
/// their last `/duty` statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TechnicianRecord {
    pub user_id: DiscordId,
    /// Category keys; `None`: the TOML's.
    pub skills: Option<Vec<String>>,
    /// `None`: the TOML's.
    pub level: Option<Level>,
    /// The coordinator who last set the skills, and when.
    pub skills_set_by: Option<DiscordId>,
    pub skills_set_at: Option<DateTime<Utc>>,
    /// The last `/duty` statement (`None`: never said) and when it was made.
    pub on_duty: Option<bool>,
    pub duty_set_at: Option<DateTime<Utc>>,
}

/// Everything deskbot keeps. Every method that changes a ticket writes its events and its notices in
/// the same transaction as the change.
#[async_trait]
pub trait TicketStore: ArticleStore + Send + Sync + 'static {
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;

    /// Checks the connection (for `deskbot check`).
    async fn ping(&self) -> StoreResult<()>;

    /// Stores a new ticket, giving it the next number of its guild atomically, with its events and
    /// notices. Returns the ticket as stored (id, number, version 1).
    async fn create_ticket(
        &self,
        ticket: &Ticket,
        events: &[NewEvent],
        notices: &[Notice],
    ) -> StoreResult<Ticket>;

    async fn ticket(&self, id: i64) -> StoreResult<Ticket>;

    async fn ticket_by_number(&self, guild_id: DiscordId, number: TicketNumber) -> StoreResult<Ticket>;

    /// The ticket whose triage thread this is, if any.
    async fn ticket_by_thread(&self, thread_id: DiscordId) -> StoreResult<Option<Ticket>>;

    /// Writes `ticket` if its stored version is still `ticket.version`, with the events and notices of
    /// the change; returns it with the version incremented, or [`StoreError::Conflict`]
    /// ([`StoreError::NotFound`] when there is no such ticket). The ticket's identity (guild,
    /// number, requester, creation time) and its triage references are not written: a copy read
    /// before [`TicketStore::set_triage_refs`] cannot undo them.
    async fn commit(&self, ticket: &Ticket, events: &[NewEvent], notices: &[Notice]) -> StoreResult<Ticket>;

    /// Records events and notices that do not change the ticket itself (notes, replies, relays).
    /// The notices are dated by the latest event (or else the ticket's last change).
    async fn record(&self, ticket_id: i64, events: &[NewEvent], notices: &[Notice]) -> StoreResult<()>;

    /// Remembers where the ticket's triage message and thread are (not a change of the ticket's
    /// state, so the version is left alone).
    async fn set_triage_refs(
        &self,
        ticket_id: i64,
        message_id: DiscordId,
        thread_id: Option<DiscordId>,
    ) -> StoreResult<()>;

    /// The audit trail of a ticket, oldest first.
    async fn events(&self, ticket_id: i64) -> StoreResult<Vec<EventRecord>>;

    /// The queue: sorted by priority, then the next SLA due time (none last), then number; paged
    /// by the place of a ticket ([`Seek`]), not by an offset.
    async fn queue(&self, guild_id: DiscordId, filter: &QueueFilter, page: Page) -> StoreResult<QueuePage>;

    /// Every ticket changed at or after `since` (all when `None`) and their events, handed to `sink`
    /// as they are read, from one snapshot; reads only the tables asked for. Returns how many
    /// tickets and events were written.
    async fn export_to(
        &self,
        since: Option<DateTime<Utc>>,
        tables: ExportTables,
        sink: &mut dyn ExportSink,
    ) -> StoreResult<(u64, u64)>;

    /// [`TicketStore::export_to`] of both tables, collected in memory.
    async fn export(&self, since: Option<DateTime<Utc>>) -> StoreResult<(Vec<Ticket>, Vec<EventRecord>)> {
        let mut all = Collect::default();
        self.export_to(since, ExportTables { tickets: true, events: true }, &mut all).await?;
        Ok((all.tickets, all.events))
    }

    /// Starts watching; `false` when the user already watched the ticket.
    async fn add_watcher(&self, ticket_id: i64, user_id: DiscordId, at: DateTime<Utc>) -> StoreResult<bool>;

    async fn watchers(&self, ticket_id: i64) -> StoreResult<Vec<DiscordId>>;

    /// Leases up to `limit` notices due at `now` to `worker` until `lease_until`, oldest first. A notice
    /// leased to one worker is not handed to another until its lease runs out. A notice whose stored
    /// payload cannot be read is marked failed (and logged) instead, so it cannot block the outbox.
    async fn lease_notices(
        &self,
        worker: &str,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<OutboxItem>>;

    /// [`TicketStore::lease_notices`], of which at most `triage_limit` go to the triage channel
    /// (posts and edits of triage messages, which wait on that channel's buckets), so the others are
    /// not held up behind them. When the triage notices are held back, so is a thread post whose
    /// ticket has an earlier triage notice not leased: that notice opens the thread.
    async fn lease_notices_sharing(
        &self,
        worker: &str,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: i64,
        triage_limit: i64,
    ) -> StoreResult<Vec<OutboxItem>>;

    async fn notice_delivered(&self, id: i64, at: DateTime<Utc>) -> StoreResult<()>;

    /// Another attempt is due at `next_attempt_at`.
    async fn notice_retry(&self, id: i64, next_attempt_at: DateTime<Utc>, error: &str) -> StoreResult<()>;

    /// Given up: recorded, never retried.
    async fn notice_failed(&self, id: i64, at: DateTime<Utc>, error: &str) -> StoreResult<()>;

    /// Notices neither delivered nor given up (for `check` and tests).
    async fn pending_notices(&self) -> StoreResult<i64>;

    /// The desk's load at `now`, for `/metrics` (see [`DeskGauges`]).
    async fn gauges(&self, now: DateTime<Utc>) -> StoreResult<DeskGauges>;

    /// Queues a direct message for the deliverer; returns its outbox id.
    async fn enqueue(&self, message: &DirectMessage, at: DateTime<Utc>) -> StoreResult<i64>;

    /// Gives back, at once, every notice leased to `worker`: a restarted process takes back what it
    /// had leased before it died. Returns how many.
    async fn release_leases(&self, worker: &str) -> StoreResult<u64>;

    /// Takes or keeps the gateway lease of `shard` for `holder` until `until`: granted when nobody
    /// holds it, `holder` already does, or the holder's lease ran out before `now`. `false` when
    /// another process holds it.
    async fn lead_gateway(
        &self,
        shard: i32,
        holder: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> StoreResult<bool>;

    /// Who holds the gateway lease of `shard`, if anyone (whether or not it has run out), and when a
    /// standby last asked for it.
    async fn gateway_leader(&self, shard: i32) -> StoreResult<Option<(String, Option<DateTime<Utc>>)>>;

    /// A standby asked for the lease of `shard` at `now` and was refused.
    async fn standing_by(&self, shard: i32, now: DateTime<Utc>) -> StoreResult<()>;

    /// Gives the gateway lease of `shard` back, if `holder` has it, so a standby takes over at once.
    async fn resign_gateway(&self, shard: i32, holder: &str) -> StoreResult<()>;

    /// Extends the leases `worker` holds on undelivered notices to `until` (a slow delivery keeps
    /// its work).
    async fn renew_leases(&self, worker: &str, until: DateTime<Utc>) -> StoreResult<u64>;

    /// Forgets the keys of events handled before `before` (Discord does not deliver an event again
    /// after a day); returns how many.
    async fn forget_events(&self, before: DateTime<Utc>) -> StoreResult<u64>;

    /// The most recently closed tickets of a category that were fixed or worked around, newest
    /// first: the candidates for "known fixes" shown before a requester submits a new ticket.
    async fn closed_resolutions(
        &self,
        guild_id: DiscordId,
        category: &str,
        limit: i64,
    ) -> StoreResult<Vec<Ticket>>;

    /// The ratings of the tickets changed since `since` (all when `None`), by ticket, handed to
    /// `sink` as they are read; an error from `sink` stops the export ([`StoreError::Write`]).
    async fn export_ratings(
        &self,
        since: Option<DateTime<Utc>>,
        sink: &mut (dyn FnMut(RatingRecord) -> std::io::Result<()> + Send),
    ) -> StoreResult<u64>;

    /// Every ticket of the organisation that the figures of the period starting `since` may count
    /// (created, resolved or closed since then, or still active), handed to `sink` one at a time as
    /// they are read: memory stays flat however many tickets there are.
    async fn stats_scan(
        &self,
        guild_id: DiscordId,
        since: DateTime<Utc>,
        sink: &mut (dyn FnMut(Ticket) + Send),
    ) -> StoreResult<u64>;

    /// How many intakes ended in self-service ("This fixed it") from `since` to `until`.
    async fn self_served(
        &self,
        guild_id: DiscordId,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> StoreResult<u64>;

    /// Active tickets with an SLA threshold (a 75 % warning, a breach) due at `now` and not yet
    /// acted on, soonest first: the SLA sweeper's work.
    async fn sla_due(&self, now: DateTime<Utc>, limit: i64) -> StoreResult<Vec<Ticket>>;

    /// Tickets waiting on the requester that are due for their reminder (waiting since before
    /// `remind_before`, not reminded yet) or for resolution as "no response" (waiting since before
    /// `resolve_before` and reminded before `reminded_before`), longest waiting first.
    /// Tickets that are part of an incident are left out: they wait on the incident.
    async fn waiting_due(
        &self,
        remind_before: DateTime<Utc>,
        resolve_before: DateTime<Utc>,
        reminded_before: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<Ticket>>;

    /// Records that the daily digest of `day` (the help desk's local date, `YYYY-MM-DD`) is being
    /// sent, and queues `digest` for delivery, in one transaction. `false` (and nothing queued) when
    /// that day's digest was already recorded, by this process or another.
    async fn record_digest(&self, guild_id: DiscordId, digest: &Digest) -> StoreResult<bool>;

    /// The figures of the daily digest at `now` (`day` left empty for the caller to fill).
    async fn digest_figures(&self, guild_id: DiscordId, now: DateTime<Utc>) -> StoreResult<Digest>;

    /// Resolved tickets whose resolution was recorded before `before`, oldest first: the requester
    /// did not confirm within the confirmation window, so they are due to be closed.
    async fn resolved_before(&self, before: DateTime<Utc>, limit: i64) -> StoreResult<Vec<Ticket>>;

    /// The children of the incident `parent_id` (tickets linked to it), by id.
    async fn children(&self, parent_id: i64) -> StoreResult<Vec<Ticket>>;

    /// How many tickets are part of the incident `parent_id`.
    async fn child_count(&self, parent_id: i64) -> StoreResult<i64>;

    /// Active children whose incident is resolved, closed or cancelled, oldest first: due to be
    /// resolved with it (or detached from a cancelled one).
    async fn children_due(&self, limit: i64) -> StoreResult<Vec<Ticket>>;

    /// The user's active intake conversation, if any.
    async fn intake(&self, guild_id: DiscordId, user_id: DiscordId) -> StoreResult<Option<IntakeRecord>>;

    /// Creates (id 0) or updates the user's active intake; returns it as stored. A user has at most
    /// one active intake per guild: creating one while another is active (say, two processes
    /// racing) updates that one instead. Updating an intake that has ended is
    /// [`StoreError::NotFound`]. `reply`, when given, is queued in the same transaction: the
    /// conversation never moves on without its next question on the way.
    async fn save_intake(
        &self,
        intake: &IntakeRecord,
        reply: Option<&DirectMessage>,
    ) -> StoreResult<IntakeRecord>;

    /// Starts the user's intake (as [`TicketStore::save_intake`] with id 0) and queues the message
    /// `first_question` builds from the new intake's id (its controls carry the id) in the same
    /// transaction.
    async fn start_intake(
        &self,
        intake: &IntakeRecord,
        first_question: &(dyn Fn(i64) -> Option<DirectMessage> + Send + Sync),
    ) -> StoreResult<IntakeRecord>;

    /// Ends an active intake; [`StoreError::NotFound`] when it is not active (already ended).
    /// `reply`, when given, is queued in the same transaction.
    async fn end_intake(
        &self,
        id: i64,
        how: IntakeEnd,
        at: DateTime<Utc>,
        reply: Option<&DirectMessage>,
    ) -> StoreResult<()>;

    /// Active intakes last touched before `before`, oldest first (for reminders and expiry).
    async fn stale_intakes(&self, before: DateTime<Utc>, limit: i64) -> StoreResult<Vec<IntakeRecord>>;

    /// Active intakes last touched before `before` that were not reminded yet, oldest first.
    async fn unreminded_intakes(&self, before: DateTime<Utc>, limit: i64) -> StoreResult<Vec<IntakeRecord>>;

    /// Notes that the requester was reminded; leaves `updated_at` alone, so the intake stays stale.
    async fn mark_intake_reminded(&self, id: i64, at: DateTime<Utc>) -> StoreResult<()>;

    /// Every technician's run-time changes (see [`TechnicianRecord`]).
    async fn technicians(&self) -> StoreResult<Vec<TechnicianRecord>>;

    /// Sets a technician's skills (category keys) and, when given, their level; a level not given
    /// keeps the one stored (or the TOML's). Returns the row as stored.
    async fn set_skills(
        &self,
        user_id: DiscordId,
        skills: &[String],
        level: Option<Level>,
        by: DiscordId,
        at: DateTime<Utc>,
    ) -> StoreResult<TechnicianRecord>;

    /// Records a technician's `/duty on|off` at `at`.
    async fn set_duty(
        &self,
        user_id: DiscordId,
        on: bool,
        at: DateTime<Utc>,
    ) -> StoreResult<TechnicianRecord>;

    /// The active tickets (open, in progress, waiting on the requester) of each assignee in the
    /// guild, counted by priority: the technicians' load.
    async fn active_load(&self, guild_id: DiscordId) -> StoreResult<Vec<(DiscordId, Priority, i64)>>;

    /// Tickets waiting for their own triage message (active, not a child of an incident), most
    /// urgent first (priority, then number), at most `limit`.
    async fn unposted_tickets(&self, limit: i64) -> StoreResult<Vec<Ticket>>;

    /// Remembers the channel the ticket's triage message was posted in.
    async fn set_triage_channel(&self, ticket_id: i64, channel_id: DiscordId) -> StoreResult<()>;

    /// The channel the ticket's triage message was posted in; `None` for the default channel.
    async fn triage_channel(&self, ticket_id: i64) -> StoreResult<Option<DiscordId>>;

    /// Takes (or keeps) the lease of `channel_id`'s storm summary for `worker` until `until`, and
    /// returns the summary as recorded; `None` while another worker's lease runs.
    async fn lease_summary(
        &self,
        channel_id: DiscordId,
        worker: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> StoreResult<Option<SummaryRecord>>;

    /// Records what the summary shows after a successful request; `false` (nothing written) when
    /// `worker` no longer holds its lease.
    async fn save_summary(
        &self,
        summary: &SummaryRecord,
        worker: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;

    /// The channels whose storm summary is shown now.
    async fn live_summaries(&self) -> StoreResult<Vec<DiscordId>>;

    /// The DM channel already opened with a user, so a notice costs one request, not two.
    async fn dm_channel(&self, user_id: DiscordId) -> StoreResult<Option<DiscordId>>;

    async fn save_dm_channel(&self, user_id: DiscordId, channel_id: DiscordId) -> StoreResult<()>;

    /// The language a user is written to in, when one is known (see migration 0012).
    async fn user_lang(&self, user_id: DiscordId) -> StoreResult<Option<Lang>>;

    /// Records `lang` for a user: `chosen` with `/language`, else as seen on an interaction, which
    /// never replaces a choice.
    async fn save_user_lang(
        &self,
        user_id: DiscordId,
        lang: Lang,
        chosen: bool,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
}

/// Opens the store named by `url` (`sqlite://PATH`, `sqlite::memory:`, `postgres://…`), creating a
/// SQLite file if needed, and brings its schema up to date.
///
/// Gives up within a few seconds ([`postgres::CONNECT_TIMEOUT`], [`sqlite::CONNECT_TIMEOUT`]) and
/// its error names the database (password hidden) and the cause: connection refused, unknown
/// host, authentication failed, a missing directory, a file that is not a database.
pub async fn connect(url: &str) -> StoreResult<Arc<dyn TicketStore>> {
    let opened: StoreResult<Arc<dyn TicketStore>> = if url.starts_with("sqlite:") {
        sqlite::SqliteStore::connect(url).await.map(|s| Arc::new(s) as Arc<dyn TicketStore>)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        postgres::PgStore::connect(url).await.map(|s| Arc::new(s) as Arc<dyn TicketStore>)
    } else {
        return Err(StoreError::UnsupportedUrl(redact_url(url)));
    };
    opened.map_err(|error| StoreError::Connect { url: redact_url(url), error: Box::new(error) })
}

/// A database URL with its password hidden, for messages and logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.find(':') {
                Some(colon) => format!("{}{}:***{}", &url[..scheme_end + 3], &userinfo[..colon], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}
