//! The SQL and row types shared by both backends, and the one implementation of [`TicketStore`]
//! that [`SqliteStore`](super::sqlite::SqliteStore) and [`PgStore`](super::postgres::PgStore)
//! instantiate with [`impl_ticket_store!`].
//!
//! SQLite understands `$1` placeholders, `RETURNING`, `ON CONFLICT` and partial indexes, so every
//! statement is written once. What differs between the backends is passed to the macro: how a
//! write transaction starts (`BEGIN IMMEDIATE` on SQLite, so concurrent writers wait on the busy
//! timeout instead of failing), how a consistent read starts, and the lease statement
//! (`FOR UPDATE SKIP LOCKED` on PostgreSQL).
//!
//! Times are bound through [`DbTime`]: a `TIMESTAMPTZ` in PostgreSQL and, in SQLite, text in one
//! fixed format ([`SQLITE_TIME_FORMAT`]) so that `ORDER BY` and comparisons on the text are right.
//! Both are truncated to microseconds. Reading a value that does not parse (a bad status word, a
//! priority rank out of range, a malformed time) gives [`StoreError::Corrupt`], never a panic.
//!
//! [`TicketStore`]: super::TicketStore

use chrono::{DateTime, SubsecRound, Utc};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::{Database, Encode, Postgres, Sqlite, Type};

use super::{
    Digest, DirectMessage, EventRecord, IntakeRecord, OutboxItem, OutboxPayload, QueueFilter, QueueKey,
    StoreError, StoreResult, TechnicianRecord,
};
use crate::domain::{
    Answer, EventKind, Impact, Level, NewEvent, Notice, Priority, Recipient, ResolutionCode, SlaClock,
    SlaMarks, Status, Ticket, TicketNumber, Urgency,
};

/// How every time is written to SQLite: UTC, microseconds, fixed width, so text order is time order.
pub(crate) const SQLITE_TIME_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.6fZ";

/// A time as bound to a statement: `TIMESTAMPTZ` in PostgreSQL, [`SQLITE_TIME_FORMAT`] text in
/// SQLite; truncated to microseconds in both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DbTime(DateTime<Utc>);

impl DbTime {
    pub(crate) fn new(at: DateTime<Utc>) -> Self {
        DbTime(at.trunc_subsecs(6))
    }

    pub(crate) fn opt(at: Option<DateTime<Utc>>) -> Option<Self> {
        at.map(DbTime::new)
    }

    fn sqlite_text(&self) -> String {
        self.0.format(SQLITE_TIME_FORMAT).to_string()
    }
}

impl Type<Sqlite> for DbTime {
    fn type_info() -> <Sqlite as Database>::TypeInfo {
        <String as Type<Sqlite>>::type_info()
    }
}

impl Encode<'_, Sqlite> for DbTime {
    fn encode_by_ref(&self, buf: &mut <Sqlite as Database>::ArgumentBuffer) -> Result<IsNull, BoxDynError> {
        <String as Encode<'_, Sqlite>>::encode(self.sqlite_text(), buf)
    }
}

impl Type<Postgres> for DbTime {
    fn type_info() -> <Postgres as Database>::TypeInfo {
        <DateTime<Utc> as Type<Postgres>>::type_info()
    }
}

impl Encode<'_, Postgres> for DbTime {
    fn encode_by_ref(&self, buf: &mut <Postgres as Database>::ArgumentBuffer) -> Result<IsNull, BoxDynError> {
        <DateTime<Utc> as Encode<'_, Postgres>>::encode_by_ref(&self.0, buf)
    }
}

// ---------------------------------------------------------------------------------------------
// SQL text. Fragments are macros so that `concat!` can assemble `&'static str` statements.

/// The ticket columns, in [`TicketRow`]'s order (`next_due` is derived, so not read back).
macro_rules! ticket_columns {
    () => {
        "id, guild_id, number, requester_id, summary, description, category, impact, urgency, priority, \
         priority_overridden, level, status, assignee_id, answers, first_response_due, resolution_due, \
         first_response_at, paused_at, resolution_notes, resolution_code, satisfaction, created_at, \
         updated_at, resolved_at, closed_at, triage_message_id, thread_id, version, \
         first_response_warned_at, first_response_breached_at, resolution_warned_at, resolution_breached_at, \
         first_response_warn_at, resolution_warn_at, waiting_reminded_at, parent_id"
    };
}

macro_rules! event_columns {
    () => {
        "id, ticket_id, actor_id, at, kind, from_status, to_status, note"
    };
}

macro_rules! intake_columns {
    () => {
        "id, guild_id, user_id, state, created_at, updated_at, reminded_at"
    };
}

/// Tickets changed at or after `$1` (all when `NULL`): updated, or given an event (a note, a reply).
macro_rules! export_where {
    () => {
        " WHERE ($1 IS NULL OR t.updated_at >= $1 \
            OR EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = t.id AND e.at >= $1))"
    };
}

/// The outbox lease; `$for_update` is `FOR UPDATE SKIP LOCKED` on PostgreSQL, empty on SQLite (where
/// the write lock taken by `BEGIN IMMEDIATE` already serialises leasers); `$only` narrows the notices
/// leased (see [`LEASE_TRIAGE_SQLITE`] and [`LEASE_OTHERS_SQLITE`]).
macro_rules! lease_sql {
    ($for_update:literal) => {
        lease_sql!($for_update, "")
    };
    ($for_update:literal, $($only:tt)+) => {
        concat!(
            "UPDATE outbox SET leased_by = $1, lease_until = $3 WHERE id IN (",
            "SELECT o.id FROM outbox o WHERE o.delivered_at IS NULL AND o.failed_at IS NULL ",
            "AND o.next_attempt_at <= $2 AND (o.lease_until IS NULL OR o.lease_until < $2) ",
            $($only)+,
            "ORDER BY o.id LIMIT $4 ",
            $for_update,
            ") RETURNING id, ticket_id, payload, attempts, created_at"
        )
    };
}

/// Only the notices of the triage channel (posts and edits of triage messages).
macro_rules! only_triage {
    () => {
        "AND o.route = 'triage' "
    };
}

/// Every other notice, except a thread post whose ticket has an earlier triage notice not leased
/// yet: that notice opens the thread, and is delivered first.
macro_rules! only_others {
    () => {
        "AND o.route <> 'triage' AND NOT (o.route = 'thread' AND EXISTS (\
         SELECT 1 FROM outbox t WHERE t.ticket_id = o.ticket_id AND t.route = 'triage' AND t.id < o.id \
         AND t.delivered_at IS NULL AND t.failed_at IS NULL AND (t.lease_until IS NULL OR t.lease_until < $2))) "
    };
}

pub(crate) const LEASE_SQLITE: &str = lease_sql!("");
pub(crate) const LEASE_POSTGRES: &str = lease_sql!("FOR UPDATE SKIP LOCKED");
/// The lease narrowed to triage notices.
pub(crate) const LEASE_TRIAGE_SQLITE: &str = lease_sql!("", only_triage!());
pub(crate) const LEASE_TRIAGE_POSTGRES: &str = lease_sql!("FOR UPDATE SKIP LOCKED", only_triage!());
/// The lease narrowed to the notices that do not go to the triage channel.
pub(crate) const LEASE_OTHERS_SQLITE: &str = lease_sql!("", only_others!());
pub(crate) const LEASE_OTHERS_POSTGRES: &str = lease_sql!("FOR UPDATE SKIP LOCKED", only_others!());

pub(crate) const SELECT_TICKET_BY_ID: &str =
    concat!("SELECT ", ticket_columns!(), " FROM tickets WHERE id = $1");
pub(crate) const SELECT_TICKET_BY_NUMBER: &str =
    concat!("SELECT ", ticket_columns!(), " FROM tickets WHERE guild_id = $1 AND number = $2");
pub(crate) const SELECT_TICKET_BY_THREAD: &str =
    concat!("SELECT ", ticket_columns!(), " FROM tickets WHERE thread_id = $1 ORDER BY id LIMIT 1");

pub(crate) const SELECT_RESOLVED_BEFORE: &str = concat!(
    "SELECT ",
    ticket_columns!(),
    " FROM tickets WHERE status = 'resolved' AND resolved_at < $1 ORDER BY resolved_at, id LIMIT $2"
);

/// Tickets with an SLA threshold due at `$1`, soonest first (see `domain::sla::next_check`). The
/// children of an incident are left out: their incident carries the SLA for them.
pub(crate) const SELECT_SLA_DUE: &str = concat!(
    "SELECT ",
    ticket_columns!(),
    " FROM tickets WHERE status IN ('open', 'in_progress') AND sla_check_at <= $1 AND parent_id IS NULL ",
    "ORDER BY sla_check_at, id LIMIT $2"
);

/// Tickets waiting on the requester due for a reminder or a "no response" resolution (see
/// `Store::waiting_due`). A ticket that is part of an incident waits on the incident instead.
pub(crate) const SELECT_WAITING_DUE: &str = concat!(
    "SELECT ",
    ticket_columns!(),
    " FROM tickets WHERE status = 'waiting_on_requester' AND paused_at IS NOT NULL AND parent_id IS NULL AND ",
    "((waiting_reminded_at IS NULL AND paused_at <= $1) OR ",
    "(waiting_reminded_at IS NOT NULL AND paused_at <= $2 AND waiting_reminded_at <= $3)) ",
    "ORDER BY paused_at, id LIMIT $4"
);

/// The children of an incident, in the order they joined it (by id).
pub(crate) const SELECT_CHILDREN: &str =
    concat!("SELECT ", ticket_columns!(), " FROM tickets WHERE parent_id = $1 ORDER BY id");

/// How many tickets are part of an incident (served by the `tickets_parent` index alone).
pub(crate) const COUNT_CHILDREN: &str = "SELECT COUNT(*) FROM tickets WHERE parent_id = $1";

/// Active children whose incident is no longer active: resolved or closed (they are resolved with
/// it), or cancelled (they are detached). The resolution of an incident goes through them one by one,
/// so a restart part-way continues with the ones left.
pub(crate) const SELECT_CHILDREN_DUE: &str = concat!(
    "SELECT ",
    ticket_columns!(),
    " FROM tickets WHERE parent_id IS NOT NULL AND status IN ('open', 'in_progress', 'waiting_on_requester') ",
    "AND EXISTS (SELECT 1 FROM tickets p WHERE p.id = tickets.parent_id ",
    "AND p.status IN ('resolved', 'closed', 'cancelled')) ORDER BY id LIMIT $1"
);

pub(crate) const SELECT_CLOSED_RESOLUTIONS: &str = concat!(
    "SELECT ",
    ticket_columns!(),
    " FROM tickets WHERE guild_id = $1 AND status = 'closed' AND category = $2 ",
    "AND resolution_code IN ('fixed', 'workaround') AND resolution_notes IS NOT NULL ",
    "ORDER BY closed_at DESC, id DESC LIMIT $3"
);

pub(crate) const NEXT_NUMBER: &str = "INSERT INTO ticket_counters (guild_id, last_number) VALUES ($1, 1) \
     ON CONFLICT (guild_id) DO UPDATE SET last_number = ticket_counters.last_number + 1 \
     RETURNING last_number";

pub(crate) const INSERT_TICKET: &str = concat!(
    "INSERT INTO tickets (guild_id, number, requester_id, created_at, summary, description, category, impact, \
     urgency, priority, priority_overridden, level, status, assignee_id, answers, first_response_due, \
     resolution_due, first_response_at, paused_at, next_due, resolution_notes, resolution_code, satisfaction, \
     updated_at, resolved_at, closed_at, triage_message_id, thread_id, version, first_response_warned_at, \
     first_response_breached_at, resolution_warned_at, resolution_breached_at, sla_check_at, \
     first_response_seconds, resolution_seconds, first_response_warn_at, resolution_warn_at, \
     waiting_reminded_at, parent_id) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, \
     $21, $22, $23, $24, $25, $26, $27, $28, 1, $29, $30, $31, $32, $33, $34, $35, $36, $37, $38, $39) \
     RETURNING ",
    ticket_columns!()
);

/// Binds a ticket's changeable state, in the order both [`INSERT_TICKET`] (from `$5`) and
/// [`UPDATE_TICKET`] (from `$3`) list it: summary … satisfaction, updated_at, resolved_at, closed_at.
macro_rules! bind_ticket_state {
    ($query:expr, $ticket:expr, $b:expr) => {
        $query
            .bind($ticket.summary.as_str())
            .bind($ticket.description.as_str())
            .bind($ticket.category.as_str())
            .bind($b.impact)
            .bind($b.urgency)
            .bind($b.priority)
            .bind($ticket.priority_overridden)
            .bind($b.level)
            .bind($b.status)
            .bind($ticket.assignee_id)
            .bind($b.answers.as_str())
            .bind($b.first_response_due)
            .bind($b.resolution_due)
            .bind($b.first_response_at)
            .bind($b.paused_at)
            .bind($b.next_due)
            .bind($ticket.resolution_notes.as_deref())
            .bind($b.resolution_code)
            .bind($ticket.satisfaction)
            .bind($b.updated_at)
            .bind($b.resolved_at)
            .bind($b.closed_at)
    };
}

/// Binds what the SLA sweeper did and the derived SLA columns, in the order [`INSERT_TICKET`] (from
/// `$29`) and [`UPDATE_TICKET`] (from `$25`) list them.
macro_rules! bind_ticket_sla {
    ($query:expr, $b:expr) => {
        $query
            .bind($b.first_response_warned_at)
            .bind($b.first_response_breached_at)
            .bind($b.resolution_warned_at)
            .bind($b.resolution_breached_at)
            .bind($b.sla_check_at)
            .bind($b.first_response_seconds)
            .bind($b.resolution_seconds)
            .bind($b.first_response_warn_at)
            .bind($b.resolution_warn_at)
            .bind($b.waiting_reminded_at)
            .bind($b.parent_id)
    };
}
pub(crate) use bind_ticket_sla;

/// The optimistic-concurrency write. Identity (guild, number, requester, creation) and the triage
/// references (see `set_triage_refs`) are not written here, so a stale copy cannot undo them.
pub(crate) const UPDATE_TICKET: &str = concat!(
    "UPDATE tickets SET summary = $3, description = $4, category = $5, impact = $6, urgency = $7, \
     priority = $8, priority_overridden = $9, level = $10, status = $11, assignee_id = $12, answers = $13, \
     first_response_due = $14, resolution_due = $15, first_response_at = $16, paused_at = $17, \
     next_due = $18, resolution_notes = $19, resolution_code = $20, satisfaction = $21, updated_at = $22, \
     resolved_at = $23, closed_at = $24, version = version + 1, first_response_warned_at = $25, \
     first_response_breached_at = $26, resolution_warned_at = $27, resolution_breached_at = $28, \
     sla_check_at = $29, first_response_seconds = $30, resolution_seconds = $31, \
     first_response_warn_at = $32, resolution_warn_at = $33, waiting_reminded_at = $34, parent_id = $35 \
     WHERE id = $1 AND version = $2 RETURNING ",
    ticket_columns!()
);

pub(crate) const TICKET_EXISTS: &str = "SELECT COUNT(*) FROM tickets WHERE id = $1";
pub(crate) const TICKET_UPDATED_AT: &str = "SELECT updated_at FROM tickets WHERE id = $1";

pub(crate) const SET_TRIAGE_REFS: &str =
    "UPDATE tickets SET triage_message_id = $2, thread_id = $3 WHERE id = $1";

pub(crate) const INSERT_EVENT: &str = "INSERT INTO events \
     (ticket_id, actor_id, at, kind, from_status, to_status, note) \
     VALUES ($1, $2, $3, $4, $5, $6, $7)";

pub(crate) const INSERT_NOTICE: &str = "INSERT INTO outbox \
     (ticket_id, payload, created_at, attempts, next_attempt_at, route) \
     VALUES ($1, $2, $3, 0, $3, $4)";

pub(crate) const INSERT_DIRECT: &str = "INSERT INTO outbox \
     (ticket_id, payload, created_at, attempts, next_attempt_at) \
     VALUES (NULL, $1, $2, 0, $2) RETURNING id";

pub(crate) const INSERT_DIGEST_DAY: &str = "INSERT INTO daily_digests (guild_id, day, sent_at) \
     VALUES ($1, $2, $3) ON CONFLICT (guild_id, day) DO NOTHING";

/// The active tickets by priority and level: how many, held by nobody, breached (past a due time
/// now, or marked breached by the sweeper).
pub(crate) const DIGEST_CELLS: &str = "SELECT priority, level, COUNT(*) AS open, \
     COALESCE(SUM(CASE WHEN assignee_id IS NULL THEN 1 ELSE 0 END), 0) AS unassigned, \
     COALESCE(SUM(CASE WHEN first_response_breached_at IS NOT NULL OR resolution_breached_at IS NOT NULL \
       OR (status IN ('open', 'in_progress') AND next_due <= $2) THEN 1 ELSE 0 END), 0) AS breached \
     FROM tickets WHERE guild_id = $1 AND status IN ('open', 'in_progress', 'waiting_on_requester') \
     GROUP BY priority, level ORDER BY priority, level";

pub(crate) const DIGEST_OLDEST: &str = concat!(
    "SELECT ",
    ticket_columns!(),
    " FROM tickets WHERE guild_id = $1 AND status IN ('open', 'in_progress', 'waiting_on_requester') ",
    "ORDER BY created_at, id LIMIT $2"
);

/// Tickets opened, and resolved, since `$2`.
/// The tickets the figures of a period starting `$2` may count (see `TicketStore::stats_scan`).
pub(crate) const STATS_TICKETS: &str = concat!(
    "SELECT ",
    ticket_columns!(),
    " FROM tickets WHERE guild_id = $1 AND status <> 'intake' AND (created_at >= $2 OR resolved_at >= $2 \
     OR closed_at >= $2 OR status IN ('open', 'in_progress', 'waiting_on_requester'))"
);

/// Intakes ended in self-service between `$2` and `$3`.
pub(crate) const SELF_SERVED: &str = "SELECT COUNT(*) FROM intakes \
     WHERE guild_id = $1 AND status = 'self_served' AND ended_at >= $2 AND ended_at <= $3";

pub(crate) const DIGEST_FLOW: &str = "SELECT \
     COALESCE(SUM(CASE WHEN created_at >= $2 AND status <> 'intake' THEN 1 ELSE 0 END), 0), \
     COALESCE(SUM(CASE WHEN resolved_at >= $2 THEN 1 ELSE 0 END), 0) \
     FROM tickets WHERE guild_id = $1 AND (created_at >= $2 OR resolved_at >= $2)";

/// Takes or renews a gateway lease (`$1` shard, `$2` holder, `$3` until, `$4` now): one row written
/// when granted, none when another holder's lease still runs.
pub(crate) const LEAD_GATEWAY: &str = "INSERT INTO gateway_leases (shard, holder, lease_until) \
     VALUES ($1, $2, $3) ON CONFLICT (shard) DO UPDATE SET holder = excluded.holder, \
     lease_until = excluded.lease_until \
     WHERE gateway_leases.holder = excluded.holder OR gateway_leases.lease_until < $4";

pub(crate) const GATEWAY_LEADER: &str = "SELECT holder, standby_at FROM gateway_leases WHERE shard = $1";

pub(crate) const STANDING_BY: &str = "UPDATE gateway_leases SET standby_at = $2 WHERE shard = $1";

pub(crate) const RESIGN_GATEWAY: &str = "DELETE FROM gateway_leases WHERE shard = $1 AND holder = $2";

pub(crate) const RELEASE_LEASES: &str = "UPDATE outbox SET leased_by = NULL, lease_until = NULL \
     WHERE leased_by = $1 AND delivered_at IS NULL AND failed_at IS NULL";

pub(crate) const RENEW_LEASES: &str = "UPDATE outbox SET lease_until = $2 \
     WHERE leased_by = $1 AND lease_until IS NOT NULL AND delivered_at IS NULL AND failed_at IS NULL";

/// Tickets waiting for their own triage message (served by the `tickets_unposted` index), most
/// urgent first: what a storm summary lists.
pub(crate) const SELECT_UNPOSTED: &str = concat!(
    "SELECT ",
    ticket_columns!(),
    " FROM tickets WHERE triage_message_id IS NULL AND parent_id IS NULL ",
    "AND status IN ('open', 'in_progress', 'waiting_on_requester') ORDER BY priority, number LIMIT $1"
);

pub(crate) const SET_TRIAGE_CHANNEL: &str = "UPDATE tickets SET triage_channel_id = $2 WHERE id = $1";

pub(crate) const TRIAGE_CHANNEL: &str = "SELECT triage_channel_id FROM tickets WHERE id = $1";

/// Takes or keeps the lease of a channel's storm summary (`$1` channel, `$2` worker, `$3` until,
/// `$4` now): the row comes back when granted, none when another worker's lease still runs.
pub(crate) const LEASE_SUMMARY: &str = "INSERT INTO triage_summaries (channel_id, leased_by, lease_until) \
     VALUES ($1, $2, $3) ON CONFLICT (channel_id) DO UPDATE SET leased_by = excluded.leased_by, \
     lease_until = excluded.lease_until \
     WHERE triage_summaries.leased_by = excluded.leased_by OR triage_summaries.lease_until IS NULL \
     OR triage_summaries.lease_until < $4 \
     RETURNING channel_id, generation, message_id, listed";

/// Records what a summary shows after a successful request, if `$2` still holds its lease.
pub(crate) const SAVE_SUMMARY: &str = "UPDATE triage_summaries SET message_id = $3, listed = $4, \
     generation = $5, updated_at = $6 WHERE channel_id = $1 AND leased_by = $2";

/// The channels whose storm summary is shown.
pub(crate) const LIVE_SUMMARIES: &str =
    "SELECT channel_id FROM triage_summaries WHERE message_id IS NOT NULL ORDER BY channel_id";

pub(crate) const CLAIM_EVENT: &str =
    "INSERT INTO handled_events (key, owner, at) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING";

pub(crate) const EVENT_OWNER: &str = "SELECT owner FROM handled_events WHERE key = $1";

pub(crate) const FORGET_EVENTS: &str = "DELETE FROM handled_events WHERE at < $1";

pub(crate) const SELECT_EVENTS: &str =
    concat!("SELECT ", event_columns!(), " FROM events WHERE ticket_id = $1 ORDER BY id");

pub(crate) const EXPORT_TICKETS: &str =
    concat!("SELECT ", ticket_columns!(), " FROM tickets t", export_where!(), " ORDER BY t.id");

/// The ratings of the exported tickets, each with the requester's latest comment.
pub(crate) const EXPORT_RATINGS: &str = concat!(
    "SELECT t.number, t.guild_id, t.category, t.assignee_id, t.satisfaction, t.closed_at, \
     (SELECT e.note FROM events e WHERE e.ticket_id = t.id AND e.kind = 'rating_comment' \
      ORDER BY e.at DESC, e.id DESC LIMIT 1) AS comment FROM tickets t",
    export_where!(),
    " AND t.satisfaction IS NOT NULL ORDER BY t.id"
);

/// The events of the exported tickets, each with its ticket's number.
pub(crate) const EXPORT_EVENTS: &str = concat!(
    "SELECT e.id, e.ticket_id, e.actor_id, e.at, e.kind, e.from_status, e.to_status, e.note, \
     t.number AS ticket_number FROM events e JOIN tickets t ON t.id = e.ticket_id",
    export_where!(),
    " ORDER BY e.ticket_id, e.id"
);

// ---------------------------------------------------------------------------------------------
// The queue. Its statements are assembled from the filters that are set, so that each filter
// meets the index made for it (migration 0008): a condition such as `($5 IS NULL OR level = $5)`
// would keep both databases from using any index for it. Pages are found from a ticket's place in
// the order (keyset paging), never by skipping rows.

/// The active tickets, written exactly as the partial indexes of migration 0008 state it: both
/// databases use such an index only when the statement's condition implies the index's.
const ACTIVE: &str = "status IN ('open', 'in_progress', 'waiting_on_requester')";

/// The active queue without the children of incidents (their parent represents them), written
/// exactly as the partial indexes of migration 0010 state it.
const ACTIVE_TOP: &str = "status IN ('open', 'in_progress', 'waiting_on_requester') AND parent_id IS NULL";

/// The queue's order, as columns (`queue_due` is `next_due` with "none" as the latest time).
const QUEUE_ORDER: &str = "priority, queue_due, number";

/// What `queue_due` holds for a ticket with no due time (see migration 0008).
fn no_due() -> DateTime<Utc> {
    DateTime::from_timestamp_micros(253_402_300_799_999_999).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// A value bound to a queue statement.
#[derive(Debug, Clone, Copy)]
pub(crate) enum QueueBind<'a> {
    Int(i64),
    Small(i16),
    Text(&'a str),
    Time(DbTime),
}

/// Which side of a ticket's place a page is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// After it, in the queue's order.
    After,
    /// Before it, nearest first (the rows come in reverse order).
    Before,
}

/// A queue statement: its text, with `$n` placeholders, and the values to bind, in order.
#[derive(Debug)]
pub(crate) struct QueueSql<'a> {
    pub(crate) text: String,
    pub(crate) binds: Vec<QueueBind<'a>>,
}

impl<'a> QueueSql<'a> {
    /// `SELECT <what> FROM tickets WHERE` the guild and the filter.
    fn filtered(what: &str, guild_id: i64, filter: &'a QueueFilter) -> Self {
        let mut sql =
            QueueSql { text: format!("SELECT {what} FROM tickets WHERE guild_id = "), binds: vec![] };
        sql.push_bind(QueueBind::Int(guild_id));
        match filter.status {
            Some(status) => {
                sql.text.push_str(" AND status = ");
                sql.push_bind(QueueBind::Text(status.as_str()));
            }
            None => {
                // A requester's own list shows their tickets, children of an incident included.
                sql.text.push_str(" AND ");
                sql.text.push_str(if filter.requester.is_some() { ACTIVE } else { ACTIVE_TOP });
            }
        }
        if let Some(level) = filter.level {
            sql.text.push_str(" AND level = ");
            sql.push_bind(QueueBind::Small(i16::from(level.get())));
        }
        if let Some(assignee) = filter.assignee {
            sql.text.push_str(" AND assignee_id = ");
            sql.push_bind(QueueBind::Int(assignee));
        }
        if filter.unassigned {
            sql.text.push_str(" AND assignee_id IS NULL");
        }
        if let Some(category) = &filter.category {
            sql.text.push_str(" AND category = ");
            sql.push_bind(QueueBind::Text(category));
        }
        if let Some(requester) = filter.requester {
            sql.text.push_str(" AND requester_id = ");
            sql.push_bind(QueueBind::Int(requester));
        }
        sql
    }

    fn push_bind(&mut self, value: QueueBind<'a>) {
        self.binds.push(value);
        self.text.push_str(&format!("${}", self.binds.len()));
    }

    /// Only the tickets on `side` of `key`: one row-value comparison, which both databases read as
    /// a range of the index.
    fn beside(mut self, side: Side, key: &QueueKey) -> Self {
        self.text.push_str(&format!(" AND ({QUEUE_ORDER}) "));
        self.text.push_str(if side == Side::After { "> (" } else { "< (" });
        self.push_bind(QueueBind::Small(key.priority.rank()));
        self.text.push_str(", ");
        self.push_bind(QueueBind::Time(DbTime::new(key.due.unwrap_or_else(no_due))));
        self.text.push_str(", ");
        self.push_bind(QueueBind::Int(key.number.0));
        self.text.push(')');
        self
    }
}

/// At most `limit` tickets of the queue on `side` of `key`, nearest first; with no key, from the
/// top (`After`) or from the bottom (`Before`).
pub(crate) fn queue_rows<'a>(
    guild_id: i64,
    filter: &'a QueueFilter,
    side: Side,
    key: Option<&QueueKey>,
    limit: i64,
) -> QueueSql<'a> {
    let mut sql = QueueSql::filtered(ticket_columns!(), guild_id, filter);
    if let Some(key) = key {
        sql = sql.beside(side, key);
    }
    sql.text.push_str(match side {
        Side::After => " ORDER BY priority, queue_due, number LIMIT ",
        Side::Before => " ORDER BY priority DESC, queue_due DESC, number DESC LIMIT ",
    });
    sql.push_bind(QueueBind::Int(limit));
    sql
}

/// How many tickets match the filter (all of them, or those sorted before `before`).
pub(crate) fn queue_count<'a>(
    guild_id: i64,
    filter: &'a QueueFilter,
    before: Option<&QueueKey>,
) -> QueueSql<'a> {
    let sql = QueueSql::filtered("COUNT(*)", guild_id, filter);
    match before {
        Some(key) => sql.beside(Side::Before, key),
        None => sql,
    }
}

pub(crate) const INSERT_WATCHER: &str = "INSERT INTO watchers \
     (ticket_id, user_id, since) VALUES ($1, $2, $3) \
     ON CONFLICT (ticket_id, user_id) DO NOTHING";

pub(crate) const SELECT_WATCHERS: &str =
    "SELECT user_id FROM watchers WHERE ticket_id = $1 ORDER BY since, user_id";

pub(crate) const NOTICE_DELIVERED: &str =
    "UPDATE outbox SET delivered_at = $2, leased_by = NULL, lease_until = NULL WHERE id = $1";

pub(crate) const NOTICE_RETRY: &str = "UPDATE outbox SET \
     attempts = attempts + 1, next_attempt_at = $2, last_error = $3, \
     leased_by = NULL, lease_until = NULL WHERE id = $1";

pub(crate) const NOTICE_FAILED: &str = "UPDATE outbox SET \
     attempts = attempts + 1, failed_at = $2, last_error = $3, \
     leased_by = NULL, lease_until = NULL WHERE id = $1";

pub(crate) const PENDING_NOTICES: &str =
    "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL";

/// Tickets by status and priority, for `/metrics`.
pub(crate) const GAUGE_TICKETS: &str =
    "SELECT status, priority, COUNT(*) FROM tickets GROUP BY status, priority";

/// Open tickets nobody holds, by level.
pub(crate) const GAUGE_QUEUE: &str =
    "SELECT level, COUNT(*) FROM tickets WHERE status = 'open' GROUP BY level";

/// Tickets whose SLA clock runs and whose next due time (`$1` = now) has passed.
pub(crate) const GAUGE_SLA_BREACHED: &str = "SELECT COUNT(*) FROM tickets \
     WHERE status IN ('open', 'in_progress') AND next_due IS NOT NULL AND next_due < $1";

/// When the oldest undelivered outbox row was written (the subquery walks the pending rows' index).
pub(crate) const GAUGE_OUTBOX_OLDEST: &str = "SELECT created_at FROM outbox WHERE id = \
     (SELECT MIN(id) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL)";

pub(crate) const GAUGE_INTAKES_OPEN: &str = "SELECT COUNT(*) FROM intakes WHERE status = 'active'";

/// Reads the rows of [`GAUGE_TICKETS`] into domain values; an unknown word is corrupt data.
pub(crate) fn ticket_counts(rows: Vec<(String, i16, i64)>) -> StoreResult<Vec<(Status, Priority, i64)>> {
    rows.into_iter()
        .map(|(status, priority, n)| {
            let s =
                status.parse::<Status>().map_err(|_| StoreError::Corrupt(format!("status {status:?}")))?;
            let p = Priority::from_rank(i64::from(priority))
                .ok_or_else(|| StoreError::Corrupt(format!("priority {priority}")))?;
            Ok((s, p, n))
        })
        .collect()
}

/// Reads the rows of [`GAUGE_QUEUE`] into domain values.
pub(crate) fn level_counts(rows: Vec<(i16, i64)>) -> StoreResult<Vec<(Level, i64)>> {
    rows.into_iter()
        .map(|(level, n)| {
            Level::new(i64::from(level))
                .map(|l| (l, n))
                .ok_or_else(|| StoreError::Corrupt(format!("level {level}")))
        })
        .collect()
}

pub(crate) const SELECT_ACTIVE_INTAKE: &str = concat!(
    "SELECT ",
    intake_columns!(),
    " FROM intakes WHERE guild_id = $1 AND user_id = $2 AND status = 'active'"
);

/// Creating an intake while the user already has an active one updates that one: the partial
/// unique index keeps one active conversation per user, even when two processes race.
pub(crate) const UPSERT_INTAKE: &str = concat!(
    "INSERT INTO intakes (guild_id, user_id, state, status, created_at, updated_at, reminded_at) \
     VALUES ($1, $2, $3, 'active', $4, $5, $6) \
     ON CONFLICT (guild_id, user_id) WHERE status = 'active' \
     DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at, \
     reminded_at = excluded.reminded_at \
     RETURNING ",
    intake_columns!()
);

pub(crate) const UPDATE_INTAKE: &str = concat!(
    "UPDATE intakes SET state = $2, updated_at = $3, reminded_at = $4 WHERE id = $1 AND status = 'active' \
     RETURNING ",
    intake_columns!()
);

pub(crate) const END_INTAKE: &str = "UPDATE intakes SET status = $2, ended_at = $3, updated_at = $3, article_id = $4 \
     WHERE id = $1 AND status = 'active'";

pub(crate) const STALE_INTAKES: &str = concat!(
    "SELECT ",
    intake_columns!(),
    " FROM intakes WHERE status = 'active' AND updated_at < $1 ORDER BY updated_at, id LIMIT $2"
);

pub(crate) const UNREMINDED_INTAKES: &str = concat!(
    "SELECT ",
    intake_columns!(),
    " FROM intakes WHERE status = 'active' AND reminded_at IS NULL AND updated_at < $1 ",
    "ORDER BY updated_at, id LIMIT $2"
);

pub(crate) const MARK_INTAKE_REMINDED: &str =
    "UPDATE intakes SET reminded_at = $2 WHERE id = $1 AND status = 'active' AND reminded_at IS NULL";

pub(crate) const SELECT_DM_CHANNEL: &str = "SELECT channel_id FROM dm_channels WHERE user_id = $1";

pub(crate) const UPSERT_DM_CHANNEL: &str = "INSERT INTO dm_channels (user_id, channel_id) VALUES ($1, $2) \
     ON CONFLICT (user_id) DO UPDATE SET channel_id = excluded.channel_id";

pub(crate) const SELECT_USER_LANG: &str = "SELECT lang FROM user_locales WHERE user_id = $1";

/// A locale seen on an interaction replaces what was seen before, never a `/language` choice; a
/// choice replaces anything. Nothing is written when nothing changes.
pub(crate) const UPSERT_USER_LANG: &str = "INSERT INTO user_locales (user_id, lang, chosen, updated_at) \
     VALUES ($1, $2, $3, $4) \
     ON CONFLICT (user_id) DO UPDATE SET lang = excluded.lang, chosen = excluded.chosen, updated_at = excluded.updated_at \
     WHERE (excluded.chosen OR NOT user_locales.chosen) \
     AND (user_locales.lang <> excluded.lang OR user_locales.chosen <> excluded.chosen)";

macro_rules! technician_columns {
    () => {
        "user_id, skills, level, skills_set_by, skills_set_at, on_duty, duty_set_at"
    };
}

pub(crate) const SELECT_TECHNICIANS: &str =
    concat!("SELECT ", technician_columns!(), " FROM technicians ORDER BY user_id");

/// `/desk skills`: the skills, and the level when one is given (`NULL` keeps the stored one).
pub(crate) const UPSERT_TECHNICIAN_SKILLS: &str = concat!(
    "INSERT INTO technicians (user_id, skills, level, skills_set_by, skills_set_at) \
     VALUES ($1, $2, $3, $4, $5) \
     ON CONFLICT (user_id) DO UPDATE SET skills = excluded.skills, \
     level = COALESCE(excluded.level, technicians.level), \
     skills_set_by = excluded.skills_set_by, skills_set_at = excluded.skills_set_at \
     RETURNING ",
    technician_columns!()
);

/// `/duty on|off`.
pub(crate) const UPSERT_TECHNICIAN_DUTY: &str = concat!(
    "INSERT INTO technicians (user_id, on_duty, duty_set_at) VALUES ($1, $2, $3) \
     ON CONFLICT (user_id) DO UPDATE SET on_duty = excluded.on_duty, duty_set_at = excluded.duty_set_at \
     RETURNING ",
    technician_columns!()
);

/// Active tickets (open, in progress, waiting on the requester) by assignee and priority.
pub(crate) const SELECT_ACTIVE_LOAD: &str = "SELECT assignee_id, priority, COUNT(*) FROM tickets \
     WHERE guild_id = $1 AND assignee_id IS NOT NULL \
     AND status IN ('open', 'in_progress', 'waiting_on_requester') \
     GROUP BY assignee_id, priority ORDER BY assignee_id, priority";

/// Reads the rows of [`SELECT_ACTIVE_LOAD`] into domain values.
pub(crate) fn load_counts(rows: Vec<(i64, i16, i64)>) -> StoreResult<Vec<(i64, Priority, i64)>> {
    rows.into_iter()
        .map(|(user, priority, n)| {
            Priority::from_rank(i64::from(priority))
                .map(|p| (user, p, n))
                .ok_or_else(|| StoreError::Corrupt(format!("priority {priority}")))
        })
        .collect()
}

/// A `technicians` row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct TechnicianRow {
    user_id: i64,
    skills: Option<String>,
    level: Option<i16>,
    skills_set_by: Option<i64>,
    skills_set_at: Option<DateTime<Utc>>,
    on_duty: Option<bool>,
    duty_set_at: Option<DateTime<Utc>>,
}

/// Skills as stored: category keys joined by commas.
pub(crate) fn join_skills(skills: &[String]) -> String {
    skills.join(",")
}

impl TryFrom<TechnicianRow> for TechnicianRecord {
    type Error = StoreError;

    fn try_from(r: TechnicianRow) -> StoreResult<TechnicianRecord> {
        let level = match r.level {
            Some(n) => {
                Some(Level::new(i64::from(n)).ok_or_else(|| corrupt("technicians", r.user_id, "level", n))?)
            }
            None => None,
        };
        let skills = r.skills.map(|s| {
            s.split(',').map(str::trim).filter(|k| !k.is_empty()).map(str::to_owned).collect::<Vec<_>>()
        });
        Ok(TechnicianRecord {
            user_id: r.user_id,
            skills,
            level,
            skills_set_by: r.skills_set_by,
            skills_set_at: r.skills_set_at,
            on_duty: r.on_duty,
            duty_set_at: r.duty_set_at,
        })
    }
}

pub(crate) const MARK_NOTICE_CORRUPT: &str = "UPDATE outbox SET \
     failed_at = $2, last_error = $3, leased_by = NULL, \
     lease_until = NULL WHERE id = $1";

// ---------------------------------------------------------------------------------------------
// Rows and their conversion to domain types.

/// A `tickets` row as read back.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct TicketRow {
    id: i64,
    guild_id: i64,
    number: i64,
    requester_id: i64,
    summary: String,
    description: String,
    category: String,
    impact: String,
    urgency: String,
    priority: i16,
    priority_overridden: bool,
    level: i16,
    status: String,
    assignee_id: Option<i64>,
    answers: String,
    first_response_due: Option<DateTime<Utc>>,
    resolution_due: Option<DateTime<Utc>>,
    first_response_at: Option<DateTime<Utc>>,
    paused_at: Option<DateTime<Utc>>,
    resolution_notes: Option<String>,
    resolution_code: Option<String>,
    satisfaction: Option<i16>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    resolved_at: Option<DateTime<Utc>>,
    closed_at: Option<DateTime<Utc>>,
    triage_message_id: Option<i64>,
    thread_id: Option<i64>,
    version: i64,
    first_response_warned_at: Option<DateTime<Utc>>,
    first_response_breached_at: Option<DateTime<Utc>>,
    resolution_warned_at: Option<DateTime<Utc>>,
    resolution_breached_at: Option<DateTime<Utc>>,
    first_response_warn_at: Option<DateTime<Utc>>,
    resolution_warn_at: Option<DateTime<Utc>>,
    waiting_reminded_at: Option<DateTime<Utc>>,
    parent_id: Option<i64>,
}

fn corrupt(table: &str, id: i64, column: &str, why: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{table} {id}: {column}: {why}"))
}

impl TryFrom<TicketRow> for Ticket {
    type Error = StoreError;

    fn try_from(r: TicketRow) -> StoreResult<Ticket> {
        let id = r.id;
        let bad = |column: &str, why: &dyn std::fmt::Display| corrupt("ticket", id, column, why);
        let number =
            if r.number > 0 { TicketNumber(r.number) } else { return Err(bad("number", &r.number)) };
        let answers: Vec<Answer> = serde_json::from_str(&r.answers).map_err(|e| bad("answers", &e))?;
        let resolution_code = match r.resolution_code.as_deref() {
            None => None,
            Some(word) => Some(word.parse::<ResolutionCode>().map_err(|e| bad("resolution_code", &e))?),
        };
        Ok(Ticket {
            id,
            guild_id: r.guild_id,
            number: Some(number),
            requester_id: r.requester_id,
            summary: r.summary,
            description: r.description,
            category: r.category,
            impact: r.impact.parse::<Impact>().map_err(|e| bad("impact", &e))?,
            urgency: r.urgency.parse::<Urgency>().map_err(|e| bad("urgency", &e))?,
            priority: Priority::from_rank(i64::from(r.priority))
                .ok_or_else(|| bad("priority", &r.priority))?,
            priority_overridden: r.priority_overridden,
            level: Level::new(i64::from(r.level)).ok_or_else(|| bad("level", &r.level))?,
            status: r.status.parse::<Status>().map_err(|e| bad("status", &e))?,
            assignee_id: r.assignee_id,
            answers,
            sla: SlaClock {
                first_response_due: r.first_response_due,
                resolution_due: r.resolution_due,
                first_response_at: r.first_response_at,
                paused_at: r.paused_at,
                marks: SlaMarks {
                    first_response_warned_at: r.first_response_warned_at,
                    first_response_breached_at: r.first_response_breached_at,
                    resolution_warned_at: r.resolution_warned_at,
                    resolution_breached_at: r.resolution_breached_at,
                },
                first_response_warn_at: r.first_response_warn_at,
                resolution_warn_at: r.resolution_warn_at,
                waiting_reminded_at: r.waiting_reminded_at,
            },
            resolution_notes: r.resolution_notes,
            resolution_code,
            satisfaction: r.satisfaction,
            created_at: r.created_at,
            updated_at: r.updated_at,
            resolved_at: r.resolved_at,
            closed_at: r.closed_at,
            triage_message_id: r.triage_message_id,
            thread_id: r.thread_id,
            parent_id: r.parent_id,
            version: r.version,
        })
    }
}

/// The values of a ticket as bound to `INSERT_TICKET` / `UPDATE_TICKET`.
pub(crate) struct TicketBinds {
    pub impact: &'static str,
    pub urgency: &'static str,
    pub priority: i16,
    pub level: i16,
    pub status: &'static str,
    pub answers: String,
    pub first_response_due: Option<DbTime>,
    pub resolution_due: Option<DbTime>,
    pub first_response_at: Option<DbTime>,
    pub paused_at: Option<DbTime>,
    pub next_due: Option<DbTime>,
    pub resolution_code: Option<&'static str>,
    pub created_at: DbTime,
    pub updated_at: DbTime,
    pub resolved_at: Option<DbTime>,
    pub closed_at: Option<DbTime>,
    pub first_response_warned_at: Option<DbTime>,
    pub first_response_breached_at: Option<DbTime>,
    pub resolution_warned_at: Option<DbTime>,
    pub resolution_breached_at: Option<DbTime>,
    pub sla_check_at: Option<DbTime>,
    pub first_response_seconds: Option<i64>,
    pub resolution_seconds: Option<i64>,
    pub first_response_warn_at: Option<DbTime>,
    pub resolution_warn_at: Option<DbTime>,
    pub waiting_reminded_at: Option<DbTime>,
    pub parent_id: Option<i64>,
}

impl TicketBinds {
    pub(crate) fn new(t: &Ticket) -> StoreResult<Self> {
        let answers = serde_json::to_string(&t.answers).map_err(|e| {
            StoreError::Corrupt(format!("the answers of {} cannot be encoded: {e}", t.label()))
        })?;
        Ok(TicketBinds {
            impact: t.impact.as_str(),
            urgency: t.urgency.as_str(),
            priority: t.priority.rank(),
            level: i16::from(t.level.get()),
            status: t.status.as_str(),
            answers,
            first_response_due: DbTime::opt(t.sla.first_response_due),
            resolution_due: DbTime::opt(t.sla.resolution_due),
            first_response_at: DbTime::opt(t.sla.first_response_at),
            paused_at: DbTime::opt(t.sla.paused_at),
            next_due: DbTime::opt(t.sla.next_due()),
            resolution_code: t.resolution_code.map(ResolutionCode::as_str),
            created_at: DbTime::new(t.created_at),
            updated_at: DbTime::new(t.updated_at),
            resolved_at: DbTime::opt(t.resolved_at),
            closed_at: DbTime::opt(t.closed_at),
            first_response_warned_at: DbTime::opt(t.sla.marks.first_response_warned_at),
            first_response_breached_at: DbTime::opt(t.sla.marks.first_response_breached_at),
            resolution_warned_at: DbTime::opt(t.sla.marks.resolution_warned_at),
            resolution_breached_at: DbTime::opt(t.sla.marks.resolution_breached_at),
            sla_check_at: DbTime::opt(crate::domain::sla::next_check(t)),
            first_response_seconds: t.sla.first_response_at.map(|at| (at - t.created_at).num_seconds()),
            resolution_seconds: t.resolved_at.map(|at| (at - t.created_at).num_seconds()),
            first_response_warn_at: DbTime::opt(t.sla.first_response_warn_at),
            resolution_warn_at: DbTime::opt(t.sla.resolution_warn_at),
            waiting_reminded_at: DbTime::opt(t.sla.waiting_reminded_at),
            parent_id: t.parent_id,
        })
    }
}

/// An `events` row as read back.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct EventRow {
    id: i64,
    ticket_id: i64,
    actor_id: Option<i64>,
    at: DateTime<Utc>,
    kind: String,
    from_status: Option<String>,
    to_status: Option<String>,
    note: Option<String>,
}

/// An event as the export reads it, with its ticket's number.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct ExportEventRow {
    #[sqlx(flatten)]
    event: EventRow,
    ticket_number: i64,
}

impl TryFrom<ExportEventRow> for (EventRecord, TicketNumber) {
    type Error = StoreError;

    fn try_from(r: ExportEventRow) -> StoreResult<(EventRecord, TicketNumber)> {
        Ok((EventRecord::try_from(r.event)?, TicketNumber(r.ticket_number)))
    }
}

fn status_column(id: i64, column: &str, word: Option<String>) -> StoreResult<Option<Status>> {
    match word {
        None => Ok(None),
        Some(w) => w.parse::<Status>().map(Some).map_err(|e| corrupt("event", id, column, e)),
    }
}

impl TryFrom<EventRow> for EventRecord {
    type Error = StoreError;

    fn try_from(r: EventRow) -> StoreResult<EventRecord> {
        let kind = EventKind::parse(&r.kind)
            .ok_or_else(|| corrupt("event", r.id, "kind", format!("{:?}", r.kind)))?;
        Ok(EventRecord {
            id: r.id,
            ticket_id: r.ticket_id,
            kind,
            actor_id: r.actor_id,
            at: r.at,
            from_status: status_column(r.id, "from_status", r.from_status)?,
            to_status: status_column(r.id, "to_status", r.to_status)?,
            note: r.note,
        })
    }
}

/// The values of an event as bound to `INSERT_EVENT` (after the ticket id).
pub(crate) struct EventBinds<'a> {
    pub actor_id: Option<i64>,
    pub at: DbTime,
    pub kind: &'static str,
    pub from_status: Option<&'static str>,
    pub to_status: Option<&'static str>,
    pub note: Option<&'a str>,
}

impl<'a> EventBinds<'a> {
    pub(crate) fn new(e: &'a NewEvent) -> Self {
        EventBinds {
            actor_id: e.actor_id,
            at: DbTime::new(e.at),
            kind: e.kind.as_str(),
            from_status: e.from_status.map(Status::as_str),
            to_status: e.to_status.map(Status::as_str),
            note: e.note.as_deref(),
        }
    }
}

/// A notice's `route` in the outbox: `triage` for the ticket's triage message, `thread` for its
/// thread, `other` for the rest (direct messages and digests are `other` too).
pub(crate) fn route(notice: &Notice) -> &'static str {
    match notice.recipient {
        Recipient::Triage => "triage",
        Recipient::Thread => "thread",
        Recipient::User { .. } | Recipient::Coordinators => "other",
    }
}

/// A notice as stored in the outbox's `payload` column.
pub(crate) fn encode_notice(notice: &Notice) -> StoreResult<String> {
    serde_json::to_string(notice).map_err(|e| StoreError::Corrupt(format!("a notice cannot be encoded: {e}")))
}

/// A direct message as stored in the outbox's `payload` column: `{"direct": …}`, which no notice
/// (tagged by `recipient` and `kind`) can be mistaken for.
pub(crate) fn encode_direct(message: &DirectMessage) -> StoreResult<String> {
    serde_json::to_string(&serde_json::json!({ "direct": message }))
        .map_err(|e| StoreError::Corrupt(format!("a direct message cannot be encoded: {e}")))
}

/// A daily digest as stored in the outbox's `payload` column: `{"digest": …}`.
pub(crate) fn encode_digest(digest: &Digest) -> StoreResult<String> {
    serde_json::to_string(&serde_json::json!({ "digest": digest }))
        .map_err(|e| StoreError::Corrupt(format!("a digest cannot be encoded: {e}")))
}

fn decode_payload(id: i64, payload: &str) -> StoreResult<OutboxPayload> {
    let value: serde_json::Value =
        serde_json::from_str(payload).map_err(|e| corrupt("notice", id, "payload", e))?;
    match value {
        serde_json::Value::Object(mut map) if map.contains_key("direct") => {
            let direct = map.remove("direct").unwrap_or_default();
            serde_json::from_value(direct)
                .map(OutboxPayload::Direct)
                .map_err(|e| corrupt("direct message", id, "payload", e))
        }
        serde_json::Value::Object(mut map) if map.contains_key("digest") => {
            let digest = map.remove("digest").unwrap_or_default();
            serde_json::from_value(digest)
                .map(OutboxPayload::Digest)
                .map_err(|e| corrupt("digest", id, "payload", e))
        }
        other => serde_json::from_value(other)
            .map(OutboxPayload::Notice)
            .map_err(|e| corrupt("notice", id, "payload", e)),
    }
}

/// An `outbox` row as returned by the lease.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct OutboxRow {
    pub id: i64,
    ticket_id: Option<i64>,
    payload: String,
    attempts: i32,
    created_at: DateTime<Utc>,
}

impl TryFrom<OutboxRow> for OutboxItem {
    type Error = StoreError;

    fn try_from(r: OutboxRow) -> StoreResult<OutboxItem> {
        let payload = decode_payload(r.id, &r.payload)?;
        Ok(OutboxItem {
            id: r.id,
            ticket_id: r.ticket_id,
            payload,
            attempts: r.attempts,
            created_at: r.created_at,
        })
    }
}

/// An `intakes` row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct IntakeRow {
    id: i64,
    guild_id: i64,
    user_id: i64,
    state: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    reminded_at: Option<DateTime<Utc>>,
}

impl From<IntakeRow> for IntakeRecord {
    fn from(r: IntakeRow) -> IntakeRecord {
        IntakeRecord {
            id: r.id,
            guild_id: r.guild_id,
            user_id: r.user_id,
            state: r.state,
            created_at: r.created_at,
            updated_at: r.updated_at,
            reminded_at: r.reminded_at,
        }
    }
}

/// The `created_at` of the outbox rows written by `record`: the time of its latest event, or else
/// the ticket's last change; never a clock read here (the clock belongs to the caller).
pub(crate) fn record_time(events: &[NewEvent], ticket_updated_at: DateTime<Utc>) -> DbTime {
    DbTime::new(events.iter().map(|e| e.at).max().unwrap_or(ticket_updated_at))
}

/// Implements [`TicketStore`](crate::store::TicketStore) for `$store`, a struct with a
/// `pool: sqlx::Pool<$db>` field and two inherent methods returning a
/// `StoreResult<sqlx::Transaction<'static, $db>>`: `write_tx` (a transaction that writes) and
/// `read_tx` (a consistent snapshot for multi-statement reads).
macro_rules! impl_ticket_store {
    (
        $store:ty,
        $db:ty,
        backend = $backend:literal,
        lease = $lease:expr,
        lease_triage = $lease_triage:expr,
        lease_others = $lease_others:expr
    ) => {
        type Conn = <$db as ::sqlx::Database>::Connection;

        async fn insert_events(
            conn: &mut Conn,
            ticket_id: i64,
            events: &[$crate::domain::NewEvent],
        ) -> $crate::store::StoreResult<()> {
            use $crate::store::sql::{EventBinds, INSERT_EVENT};
            for event in events {
                let b = EventBinds::new(event);
                ::sqlx::query(INSERT_EVENT)
                    .bind(ticket_id)
                    .bind(b.actor_id)
                    .bind(b.at)
                    .bind(b.kind)
                    .bind(b.from_status)
                    .bind(b.to_status)
                    .bind(b.note)
                    .execute(&mut *conn)
                    .await?;
            }
            Ok(())
        }

        async fn insert_notices(
            conn: &mut Conn,
            ticket_id: i64,
            created_at: $crate::store::sql::DbTime,
            notices: &[$crate::domain::Notice],
        ) -> $crate::store::StoreResult<()> {
            use $crate::store::sql::{encode_notice, route, INSERT_NOTICE};
            for notice in notices {
                ::sqlx::query(INSERT_NOTICE)
                    .bind(ticket_id)
                    .bind(encode_notice(notice)?)
                    .bind(created_at)
                    .bind(route(notice))
                    .execute(&mut *conn)
                    .await?;
            }
            Ok(())
        }

        /// Records the key of the event being handled in this task (see
        /// [`EventScope`](crate::store::EventScope)) in the transaction of its effect; fails with
        /// `Duplicate` when another handler recorded it first.
        async fn claim_event(conn: &mut Conn) -> $crate::store::StoreResult<()> {
            use $crate::store::sql::{DbTime, CLAIM_EVENT, EVENT_OWNER};
            let Some(scope) = $crate::store::EventScope::current() else { return Ok(()) };
            ::sqlx::query(CLAIM_EVENT)
                .bind(scope.key())
                .bind(scope.owner())
                .bind(DbTime::new(::chrono::Utc::now()))
                .execute(&mut *conn)
                .await?;
            let owner: String = ::sqlx::query_scalar(EVENT_OWNER).bind(scope.key()).fetch_one(&mut *conn).await?;
            if owner == scope.owner() { Ok(()) } else { Err($crate::store::StoreError::Duplicate) }
        }

        async fn insert_direct(
            conn: &mut Conn,
            message: &$crate::store::DirectMessage,
            at: $crate::store::sql::DbTime,
        ) -> $crate::store::StoreResult<i64> {
            use $crate::store::sql::{encode_direct, INSERT_DIRECT};
            Ok(::sqlx::query_scalar(INSERT_DIRECT)
                .bind(encode_direct(message)?)
                .bind(at)
                .fetch_one(&mut *conn)
                .await?)
        }

        // Queue statements are assembled at run time from this module's fixed fragments and `$n`
        // placeholders only; every value, user text included, is bound.

        /// Runs a queue count.
        async fn queue_count(
            conn: &mut Conn,
            sql: $crate::store::sql::QueueSql<'_>,
        ) -> $crate::store::StoreResult<i64> {
            let (n,): (i64,) = bind_queue(::sqlx::query_as(::sqlx::AssertSqlSafe(sql.text)), &sql.binds).fetch_one(&mut *conn).await?;
            Ok(n)
        }

        /// Runs a queue read.
        async fn queue_rows(
            conn: &mut Conn,
            sql: $crate::store::sql::QueueSql<'_>,
        ) -> $crate::store::StoreResult<Vec<$crate::domain::Ticket>> {
            let rows = bind_queue(::sqlx::query_as(::sqlx::AssertSqlSafe(sql.text)), &sql.binds).fetch_all(&mut *conn).await?;
            tickets_from_rows(rows)
        }

        fn bind_queue<'q, O>(
            q: ::sqlx::query::QueryAs<'q, $db, O, <$db as ::sqlx::Database>::Arguments>,
            binds: &[$crate::store::sql::QueueBind<'q>],
        ) -> ::sqlx::query::QueryAs<'q, $db, O, <$db as ::sqlx::Database>::Arguments> {
            use $crate::store::sql::QueueBind;
            binds.iter().fold(q, |q, value| match *value {
                QueueBind::Int(v) => q.bind(v),
                QueueBind::Small(v) => q.bind(v),
                QueueBind::Text(v) => q.bind(v),
                QueueBind::Time(v) => q.bind(v),
            })
        }

        fn tickets_from_rows(
            rows: Vec<$crate::store::sql::TicketRow>,
        ) -> $crate::store::StoreResult<Vec<$crate::domain::Ticket>> {
            rows.into_iter().map($crate::domain::Ticket::try_from).collect()
        }

        fn events_from_rows(
            rows: Vec<$crate::store::sql::EventRow>,
        ) -> $crate::store::StoreResult<Vec<$crate::store::EventRecord>> {
            rows.into_iter().map($crate::store::EventRecord::try_from).collect()
        }

        /// Fails with `NotFound` when the statement touched no row.
        fn one_row(result: <$db as ::sqlx::Database>::QueryResult) -> $crate::store::StoreResult<()> {
            if result.rows_affected() == 0 { Err($crate::store::StoreError::NotFound) } else { Ok(()) }
        }

        /// Leases with `sql` (one of the `LEASE_*` statements) in `tx`. A row whose payload cannot be
        /// read is marked failed instead: nobody could deliver it, and it would block the outbox.
        async fn lease_rows(
            conn: &mut Conn,
            sql: &'static str,
            worker: &str,
            now: $crate::store::sql::DbTime,
            until: $crate::store::sql::DbTime,
            limit: i64,
        ) -> $crate::store::StoreResult<Vec<$crate::store::OutboxItem>> {
            use $crate::store::sql::{OutboxRow, MARK_NOTICE_CORRUPT};
            use $crate::store::OutboxItem;
            let rows: Vec<OutboxRow> = ::sqlx::query_as(sql)
                .bind(worker)
                .bind(now)
                .bind(until)
                .bind(limit)
                .fetch_all(&mut *conn)
                .await?;
            let mut items = Vec::with_capacity(rows.len());
            for row in rows {
                let id = row.id;
                match OutboxItem::try_from(row) {
                    Ok(item) => items.push(item),
                    Err(e) => {
                        ::tracing::warn!(notice_id = id, error = %e, "outbox notice cannot be decoded; giving up");
                        ::sqlx::query(MARK_NOTICE_CORRUPT)
                            .bind(id)
                            .bind(now)
                            .bind(e.to_string())
                            .execute(&mut *conn)
                            .await?;
                    }
                }
            }
            Ok(items)
        }

        #[::async_trait::async_trait]
        impl $crate::store::TicketStore for $store {
            fn backend(&self) -> &'static str {
                $backend
            }

            async fn ping(&self) -> $crate::store::StoreResult<()> {
                ::sqlx::query_scalar::<_, i32>("SELECT 1").fetch_one(&self.pool).await?;
                Ok(())
            }

            async fn create_ticket(
                &self,
                ticket: &$crate::domain::Ticket,
                events: &[$crate::domain::NewEvent],
                notices: &[$crate::domain::Notice],
            ) -> $crate::store::StoreResult<$crate::domain::Ticket> {
                use $crate::store::sql::{TicketBinds, TicketRow, INSERT_TICKET, NEXT_NUMBER};
                let b = TicketBinds::new(ticket)?;
                let mut tx = self.write_tx().await?;
                claim_event(&mut tx).await?;
                let number: i64 =
                    ::sqlx::query_scalar(NEXT_NUMBER).bind(ticket.guild_id).fetch_one(&mut *tx).await?;
                let insert = ::sqlx::query_as(INSERT_TICKET)
                    .bind(ticket.guild_id)
                    .bind(number)
                    .bind(ticket.requester_id)
                    .bind(b.created_at);
                let insert = $crate::store::sql::bind_ticket_state!(insert, ticket, b)
                    .bind(ticket.triage_message_id)
                    .bind(ticket.thread_id);
                let row: TicketRow = $crate::store::sql::bind_ticket_sla!(insert, b)
                    .fetch_one(&mut *tx)
                    .await?;
                let stored = $crate::domain::Ticket::try_from(row)?;
                insert_events(&mut tx, stored.id, events).await?;
                insert_notices(&mut tx, stored.id, b.updated_at, notices).await?;
                tx.commit().await?;
                Ok(stored)
            }

            async fn ticket(&self, id: i64) -> $crate::store::StoreResult<$crate::domain::Ticket> {
                use $crate::store::sql::{TicketRow, SELECT_TICKET_BY_ID};
                let row: TicketRow =
                    ::sqlx::query_as(SELECT_TICKET_BY_ID).bind(id).fetch_one(&self.pool).await?;
                row.try_into()
            }

            async fn ticket_by_number(
                &self,
                guild_id: $crate::domain::DiscordId,
                number: $crate::domain::TicketNumber,
            ) -> $crate::store::StoreResult<$crate::domain::Ticket> {
                use $crate::store::sql::{TicketRow, SELECT_TICKET_BY_NUMBER};
                let row: TicketRow = ::sqlx::query_as(SELECT_TICKET_BY_NUMBER)
                    .bind(guild_id)
                    .bind(number.0)
                    .fetch_one(&self.pool)
                    .await?;
                row.try_into()
            }

            async fn ticket_by_thread(
                &self,
                thread_id: $crate::domain::DiscordId,
            ) -> $crate::store::StoreResult<Option<$crate::domain::Ticket>> {
                use $crate::store::sql::{TicketRow, SELECT_TICKET_BY_THREAD};
                let row: Option<TicketRow> = ::sqlx::query_as(SELECT_TICKET_BY_THREAD)
                    .bind(thread_id)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map($crate::domain::Ticket::try_from).transpose()
            }

            async fn commit(
                &self,
                ticket: &$crate::domain::Ticket,
                events: &[$crate::domain::NewEvent],
                notices: &[$crate::domain::Notice],
            ) -> $crate::store::StoreResult<$crate::domain::Ticket> {
                use $crate::store::sql::{TicketBinds, TicketRow, TICKET_EXISTS, UPDATE_TICKET};
                use $crate::store::StoreError;
                let b = TicketBinds::new(ticket)?;
                let mut tx = self.write_tx().await?;
                claim_event(&mut tx).await?;
                let update = ::sqlx::query_as(UPDATE_TICKET).bind(ticket.id).bind(ticket.version);
                let update = $crate::store::sql::bind_ticket_state!(update, ticket, b);
                let row: Option<TicketRow> = $crate::store::sql::bind_ticket_sla!(update, b)
                    .fetch_optional(&mut *tx)
                    .await?;
                let Some(row) = row else {
                    let exists: i64 =
                        ::sqlx::query_scalar(TICKET_EXISTS).bind(ticket.id).fetch_one(&mut *tx).await?;
                    tx.rollback().await?;
                    return Err(if exists == 0 { StoreError::NotFound } else { StoreError::Conflict });
                };
                let stored = $crate::domain::Ticket::try_from(row)?;
                insert_events(&mut tx, stored.id, events).await?;
                insert_notices(&mut tx, stored.id, b.updated_at, notices).await?;
                tx.commit().await?;
                Ok(stored)
            }

            async fn record(
                &self,
                ticket_id: i64,
                events: &[$crate::domain::NewEvent],
                notices: &[$crate::domain::Notice],
            ) -> $crate::store::StoreResult<()> {
                use $crate::store::sql::{record_time, TICKET_UPDATED_AT};
                let mut tx = self.write_tx().await?;
                claim_event(&mut tx).await?;
                let updated_at: ::chrono::DateTime<::chrono::Utc> =
                    ::sqlx::query_scalar(TICKET_UPDATED_AT).bind(ticket_id).fetch_one(&mut *tx).await?;
                insert_events(&mut tx, ticket_id, events).await?;
                insert_notices(&mut tx, ticket_id, record_time(events, updated_at), notices).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn set_triage_refs(
                &self,
                ticket_id: i64,
                message_id: $crate::domain::DiscordId,
                thread_id: Option<$crate::domain::DiscordId>,
            ) -> $crate::store::StoreResult<()> {
                let result = ::sqlx::query($crate::store::sql::SET_TRIAGE_REFS)
                    .bind(ticket_id)
                    .bind(message_id)
                    .bind(thread_id)
                    .execute(&self.pool)
                    .await?;
                one_row(result)
            }

            async fn events(
                &self,
                ticket_id: i64,
            ) -> $crate::store::StoreResult<Vec<$crate::store::EventRecord>> {
                let rows = ::sqlx::query_as($crate::store::sql::SELECT_EVENTS)
                    .bind(ticket_id)
                    .fetch_all(&self.pool)
                    .await?;
                events_from_rows(rows)
            }

            async fn queue(
                &self,
                guild_id: $crate::domain::DiscordId,
                filter: &$crate::store::QueueFilter,
                page: $crate::store::Page,
            ) -> $crate::store::StoreResult<$crate::store::QueuePage> {
                use $crate::store::sql::{queue_count as count, queue_rows as rows, Side};
                use $crate::store::{QueueKey, Seek};
                let limit = page.limit.max(0);
                let mut tx = self.read_tx().await?;
                let total = queue_count(&mut tx, count(guild_id, filter, None)).await?;
                let (side, key) = match page.seek {
                    Seek::First => (Side::After, None),
                    Seek::After(key) => (Side::After, Some(key)),
                    Seek::Before(key) => (Side::Before, Some(key)),
                    Seek::Last => (Side::Before, None),
                };
                let mut tickets = queue_rows(&mut tx, rows(guild_id, filter, side, key.as_ref(), limit)).await?;
                let mut at_top = page.seek == Seek::First;
                if side == Side::Before {
                    tickets.reverse();
                    // Near the top, a short page would leave the top out: the first page instead.
                    if (tickets.len() as i64) < limit {
                        tickets = queue_rows(&mut tx, rows(guild_id, filter, Side::After, None, limit)).await?;
                        at_top = true;
                    }
                }
                let ahead = match tickets.first().and_then(QueueKey::of) {
                    _ if at_top => 0,
                    Some(first) => queue_count(&mut tx, count(guild_id, filter, Some(&first))).await?,
                    // Past the end (the last tickets were taken meanwhile): every ticket is ahead.
                    None => total,
                };
                tx.commit().await?;
                Ok($crate::store::QueuePage { tickets, total, ahead })
            }

            async fn export_to(
                &self,
                since: Option<::chrono::DateTime<::chrono::Utc>>,
                tables: $crate::store::ExportTables,
                sink: &mut dyn $crate::store::ExportSink,
            ) -> $crate::store::StoreResult<(u64, u64)> {
                use ::futures_util::TryStreamExt;
                use $crate::store::sql::{DbTime, ExportEventRow, TicketRow, EXPORT_EVENTS, EXPORT_TICKETS};
                let since = DbTime::opt(since);
                let (mut tickets, mut events) = (0, 0);
                let mut tx = self.read_tx().await?;
                if tables.tickets {
                    let mut rows = ::sqlx::query_as::<_, TicketRow>(EXPORT_TICKETS).bind(since).fetch(&mut *tx);
                    while let Some(row) = rows.try_next().await? {
                        sink.ticket($crate::domain::Ticket::try_from(row)?).map_err($crate::store::StoreError::Write)?;
                        tickets += 1;
                    }
                }
                if tables.events {
                    let mut rows = ::sqlx::query_as::<_, ExportEventRow>(EXPORT_EVENTS).bind(since).fetch(&mut *tx);
                    while let Some(row) = rows.try_next().await? {
                        let (event, number) = row.try_into()?;
                        sink.event(event, number).map_err($crate::store::StoreError::Write)?;
                        events += 1;
                    }
                }
                tx.commit().await?;
                Ok((tickets, events))
            }

            async fn add_watcher(
                &self,
                ticket_id: i64,
                user_id: $crate::domain::DiscordId,
                at: ::chrono::DateTime<::chrono::Utc>,
            ) -> $crate::store::StoreResult<bool> {
                let result = ::sqlx::query($crate::store::sql::INSERT_WATCHER)
                    .bind(ticket_id)
                    .bind(user_id)
                    .bind($crate::store::sql::DbTime::new(at))
                    .execute(&self.pool)
                    .await?;
                Ok(result.rows_affected() > 0)
            }

            async fn watchers(
                &self,
                ticket_id: i64,
            ) -> $crate::store::StoreResult<Vec<$crate::domain::DiscordId>> {
                Ok(::sqlx::query_scalar($crate::store::sql::SELECT_WATCHERS)
                    .bind(ticket_id)
                    .fetch_all(&self.pool)
                    .await?)
            }

            async fn lease_notices(
                &self,
                worker: &str,
                now: ::chrono::DateTime<::chrono::Utc>,
                lease_until: ::chrono::DateTime<::chrono::Utc>,
                limit: i64,
            ) -> $crate::store::StoreResult<Vec<$crate::store::OutboxItem>> {
                self.lease_notices_sharing(worker, now, lease_until, limit, limit).await
            }

            async fn lease_notices_sharing(
                &self,
                worker: &str,
                now: ::chrono::DateTime<::chrono::Utc>,
                lease_until: ::chrono::DateTime<::chrono::Utc>,
                limit: i64,
                triage_limit: i64,
            ) -> $crate::store::StoreResult<Vec<$crate::store::OutboxItem>> {
                use $crate::store::sql::DbTime;
                let (now, until) = (DbTime::new(now), DbTime::new(lease_until));
                let limit = limit.max(0);
                let mut tx = self.write_tx().await?;
                let mut items = if triage_limit >= limit {
                    lease_rows(&mut tx, $lease, worker, now, until, limit).await?
                } else {
                    // The triage notices first, so that a thread post whose triage post is leased
                    // here (and so delivered before it, in its lane) is not left out below.
                    let triage_limit = triage_limit.max(0);
                    let mut items = if triage_limit > 0 {
                        lease_rows(&mut tx, $lease_triage, worker, now, until, triage_limit).await?
                    } else {
                        Vec::new()
                    };
                    let rest = limit - items.len() as i64;
                    if rest > 0 {
                        items.extend(lease_rows(&mut tx, $lease_others, worker, now, until, rest).await?);
                    }
                    items
                };
                tx.commit().await?;
                items.sort_by_key(|item| item.id);
                Ok(items)
            }

            async fn notice_delivered(
                &self,
                id: i64,
                at: ::chrono::DateTime<::chrono::Utc>,
            ) -> $crate::store::StoreResult<()> {
                let result = ::sqlx::query($crate::store::sql::NOTICE_DELIVERED)
                    .bind(id)
                    .bind($crate::store::sql::DbTime::new(at))
                    .execute(&self.pool)
                    .await?;
                one_row(result)
            }

            async fn notice_retry(
                &self,
                id: i64,
                next_attempt_at: ::chrono::DateTime<::chrono::Utc>,
                error: &str,
            ) -> $crate::store::StoreResult<()> {
                let result = ::sqlx::query($crate::store::sql::NOTICE_RETRY)
                    .bind(id)
                    .bind($crate::store::sql::DbTime::new(next_attempt_at))
                    .bind(error)
                    .execute(&self.pool)
                    .await?;
                one_row(result)
            }

            async fn notice_failed(
                &self,
                id: i64,
                at: ::chrono::DateTime<::chrono::Utc>,
                error: &str,
            ) -> $crate::store::StoreResult<()> {
                let result = ::sqlx::query($crate::store::sql::NOTICE_FAILED)
                    .bind(id)
                    .bind($crate::store::sql::DbTime::new(at))
                    .bind(error)
                    .execute(&self.pool)
                    .await?;
                one_row(result)
            }

            async fn pending_notices(&self) -> $crate::store::StoreResult<i64> {
                Ok(::sqlx::query_scalar($crate::store::sql::PENDING_NOTICES).fetch_one(&self.pool).await?)
            }

            async fn gauges(
                &self,
                now: ::chrono::DateTime<::chrono::Utc>,
            ) -> $crate::store::StoreResult<$crate::store::DeskGauges> {
                use $crate::store::sql::{
                    level_counts, ticket_counts, DbTime, GAUGE_INTAKES_OPEN, GAUGE_OUTBOX_OLDEST, GAUGE_QUEUE, GAUGE_SLA_BREACHED,
                    GAUGE_TICKETS, PENDING_NOTICES,
                };
                let tickets: Vec<(String, i16, i64)> = ::sqlx::query_as(GAUGE_TICKETS).fetch_all(&self.pool).await?;
                let queue: Vec<(i16, i64)> = ::sqlx::query_as(GAUGE_QUEUE).fetch_all(&self.pool).await?;
                let (tickets, queue_by_level) = (ticket_counts(tickets)?, level_counts(queue)?);
                let sla_breached: i64 =
                    ::sqlx::query_scalar(GAUGE_SLA_BREACHED).bind(DbTime::new(now)).fetch_one(&self.pool).await?;
                let outbox_backlog: i64 = ::sqlx::query_scalar(PENDING_NOTICES).fetch_one(&self.pool).await?;
                let outbox_oldest: Option<::chrono::DateTime<::chrono::Utc>> =
                    ::sqlx::query_scalar(GAUGE_OUTBOX_OLDEST).fetch_optional(&self.pool).await?;
                let intakes_open: i64 = ::sqlx::query_scalar(GAUGE_INTAKES_OPEN).fetch_one(&self.pool).await?;
                Ok($crate::store::DeskGauges {
                    tickets,
                    queue_by_level,
                    sla_breached,
                    outbox_backlog,
                    outbox_oldest,
                    intakes_open,
                })
            }

            async fn enqueue(
                &self,
                message: &$crate::store::DirectMessage,
                at: ::chrono::DateTime<::chrono::Utc>,
            ) -> $crate::store::StoreResult<i64> {
                let mut tx = self.write_tx().await?;
                claim_event(&mut tx).await?;
                let id = insert_direct(&mut tx, message, $crate::store::sql::DbTime::new(at)).await?;
                tx.commit().await?;
                Ok(id)
            }

            async fn lead_gateway(
                &self,
                shard: i32,
                holder: &str,
                now: ::chrono::DateTime<::chrono::Utc>,
                until: ::chrono::DateTime<::chrono::Utc>,
            ) -> $crate::store::StoreResult<bool> {
                let result = ::sqlx::query($crate::store::sql::LEAD_GATEWAY)
                    .bind(shard)
                    .bind(holder)
                    .bind($crate::store::sql::DbTime::new(until))
                    .bind($crate::store::sql::DbTime::new(now))
                    .execute(&self.pool)
                    .await?;
                Ok(result.rows_affected() == 1)
            }

            async fn gateway_leader(
                &self,
                shard: i32,
            ) -> $crate::store::StoreResult<Option<(String, Option<::chrono::DateTime<::chrono::Utc>>)>> {
                Ok(::sqlx::query_as($crate::store::sql::GATEWAY_LEADER)
                    .bind(shard)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn standing_by(
                &self,
                shard: i32,
                now: ::chrono::DateTime<::chrono::Utc>,
            ) -> $crate::store::StoreResult<()> {
                ::sqlx::query($crate::store::sql::STANDING_BY)
                    .bind(shard)
                    .bind($crate::store::sql::DbTime::new(now))
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn resign_gateway(&self, shard: i32, holder: &str) -> $crate::store::StoreResult<()> {
                ::sqlx::query($crate::store::sql::RESIGN_GATEWAY)
                    .bind(shard)
                    .bind(holder)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn release_leases(&self, worker: &str) -> $crate::store::StoreResult<u64> {
                let result =
                    ::sqlx::query($crate::store::sql::RELEASE_LEASES).bind(worker).execute(&self.pool).await?;
                Ok(result.rows_affected())
            }

            async fn renew_leases(
                &self,
                worker: &str,
                until: ::chrono::DateTime<::chrono::Utc>,
            ) -> $crate::store::StoreResult<u64> {
                let result = ::sqlx::query($crate::store::sql::RENEW_LEASES)
                    .bind(worker)
                    .bind($crate::store::sql::DbTime::new(until))
                    .execute(&self.pool)
                    .await?;
                Ok(result.rows_affected())
            }

            async fn forget_events(
                &self,
                before: ::chrono::DateTime<::chrono::Utc>,
            ) -> $crate::store::StoreResult<u64> {
                let result = ::sqlx::query($crate::store::sql::FORGET_EVENTS)
                    .bind($crate::store::sql::DbTime::new(before))
                    .execute(&self.pool)
                    .await?;
                Ok(result.rows_affected())
            }

            async fn intake(
                &self,
                guild_id: $crate::domain::DiscordId,
                user_id: $crate::domain::DiscordId,
            ) -> $crate::store::StoreResult<Option<$crate::store::IntakeRecord>> {
                let row: Option<$crate::store::sql::IntakeRow> =
                    ::sqlx::query_as($crate::store::sql::SELECT_ACTIVE_INTAKE)
                        .bind(guild_id)
                        .bind(user_id)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(row.map(Into::into))
            }

            async fn save_intake(
                &self,
                intake: &$crate::store::IntakeRecord,
                reply: Option<&$crate::store::DirectMessage>,
            ) -> $crate::store::StoreResult<$crate::store::IntakeRecord> {
                use $crate::store::sql::{DbTime, IntakeRow, UPDATE_INTAKE, UPSERT_INTAKE};
                let mut tx = self.write_tx().await?;
                claim_event(&mut tx).await?;
                let row: IntakeRow = if intake.id == 0 {
                    ::sqlx::query_as(UPSERT_INTAKE)
                        .bind(intake.guild_id)
                        .bind(intake.user_id)
                        .bind(intake.state.as_str())
                        .bind(DbTime::new(intake.created_at))
                        .bind(DbTime::new(intake.updated_at))
                        .bind(DbTime::opt(intake.reminded_at))
                        .fetch_one(&mut *tx)
                        .await?
                } else {
                    ::sqlx::query_as(UPDATE_INTAKE)
                        .bind(intake.id)
                        .bind(intake.state.as_str())
                        .bind(DbTime::new(intake.updated_at))
                        .bind(DbTime::opt(intake.reminded_at))
                        .fetch_one(&mut *tx)
                        .await?
                };
                if let Some(reply) = reply {
                    insert_direct(&mut tx, reply, DbTime::new(intake.updated_at)).await?;
                }
                tx.commit().await?;
                Ok(row.into())
            }

            async fn start_intake(
                &self,
                intake: &$crate::store::IntakeRecord,
                first_question: &(dyn Fn(i64) -> Option<$crate::store::DirectMessage> + Send + Sync),
            ) -> $crate::store::StoreResult<$crate::store::IntakeRecord> {
                use $crate::store::sql::{DbTime, IntakeRow, UPSERT_INTAKE};
                let mut tx = self.write_tx().await?;
                claim_event(&mut tx).await?;
                let row: IntakeRow = ::sqlx::query_as(UPSERT_INTAKE)
                    .bind(intake.guild_id)
                    .bind(intake.user_id)
                    .bind(intake.state.as_str())
                    .bind(DbTime::new(intake.created_at))
                    .bind(DbTime::new(intake.updated_at))
                    .bind(DbTime::opt(intake.reminded_at))
                    .fetch_one(&mut *tx)
                    .await?;
                let started: $crate::store::IntakeRecord = row.into();
                if let Some(question) = first_question(started.id) {
                    insert_direct(&mut tx, &question, DbTime::new(intake.updated_at)).await?;
                }
                tx.commit().await?;
                Ok(started)
            }

            async fn end_intake(
                &self,
                id: i64,
                how: $crate::store::IntakeEnd,
                at: ::chrono::DateTime<::chrono::Utc>,
                reply: Option<&$crate::store::DirectMessage>,
            ) -> $crate::store::StoreResult<()> {
                use $crate::store::sql::DbTime;
                let mut tx = self.write_tx().await?;
                claim_event(&mut tx).await?;
                let result = ::sqlx::query($crate::store::sql::END_INTAKE)
                    .bind(id)
                    .bind(how.as_str())
                    .bind(DbTime::new(at))
                    .bind(how.article())
                    .execute(&mut *tx)
                    .await?;
                one_row(result)?;
                if let Some(reply) = reply {
                    insert_direct(&mut tx, reply, DbTime::new(at)).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn closed_resolutions(
                &self,
                guild_id: $crate::domain::DiscordId,
                category: &str,
                limit: i64,
            ) -> $crate::store::StoreResult<Vec<$crate::domain::Ticket>> {
                let rows: Vec<$crate::store::sql::TicketRow> =
                    ::sqlx::query_as($crate::store::sql::SELECT_CLOSED_RESOLUTIONS)
                        .bind(guild_id)
                        .bind(category)
                        .bind(limit.max(0))
                        .fetch_all(&self.pool)
                        .await?;
                rows.into_iter().map($crate::domain::Ticket::try_from).collect()
            }

            async fn export_ratings(
                &self,
                since: Option<::chrono::DateTime<::chrono::Utc>>,
                sink: &mut (dyn FnMut($crate::store::RatingRecord) -> ::std::io::Result<()> + Send),
            ) -> $crate::store::StoreResult<u64> {
                use ::futures_util::TryStreamExt;
                use $crate::store::sql::{DbTime, EXPORT_RATINGS};
                type Row = (i64, i64, String, Option<i64>, i16, Option<::chrono::DateTime<::chrono::Utc>>, Option<String>);
                let mut n = 0;
                let mut tx = self.read_tx().await?;
                {
                    let mut rows = ::sqlx::query_as::<_, Row>(EXPORT_RATINGS).bind(DbTime::opt(since)).fetch(&mut *tx);
                    while let Some((ticket_number, guild_id, category, resolver_id, satisfaction, closed_at, comment)) =
                        rows.try_next().await?
                    {
                        let record = $crate::store::RatingRecord {
                            ticket_number,
                            guild_id,
                            category,
                            resolver_id,
                            satisfaction,
                            closed_at,
                            comment,
                        };
                        sink(record).map_err($crate::store::StoreError::Write)?;
                        n += 1;
                    }
                }
                tx.commit().await?;
                Ok(n)
            }

            async fn stats_scan(
                &self,
                guild_id: $crate::domain::DiscordId,
                since: ::chrono::DateTime<::chrono::Utc>,
                sink: &mut (dyn FnMut($crate::domain::Ticket) + Send),
            ) -> $crate::store::StoreResult<u64> {
                use ::futures_util::TryStreamExt;
                use $crate::store::sql::{DbTime, TicketRow, STATS_TICKETS};
                let mut n = 0;
                let mut tx = self.read_tx().await?;
                {
                    let mut rows = ::sqlx::query_as::<_, TicketRow>(STATS_TICKETS)
                        .bind(guild_id)
                        .bind(DbTime::new(since))
                        .fetch(&mut *tx);
                    while let Some(row) = rows.try_next().await? {
                        sink($crate::domain::Ticket::try_from(row)?);
                        n += 1;
                    }
                }
                tx.commit().await?;
                Ok(n)
            }

            async fn self_served(
                &self,
                guild_id: $crate::domain::DiscordId,
                since: ::chrono::DateTime<::chrono::Utc>,
                until: ::chrono::DateTime<::chrono::Utc>,
            ) -> $crate::store::StoreResult<u64> {
                use $crate::store::sql::DbTime;
                let (n,): (i64,) = ::sqlx::query_as($crate::store::sql::SELF_SERVED)
                    .bind(guild_id)
                    .bind(DbTime::new(since))
                    .bind(DbTime::new(until))
                    .fetch_one(&self.pool)
                    .await?;
                Ok(u64::try_from(n).unwrap_or(0))
            }

            async fn sla_due(
                &self,
                now: ::chrono::DateTime<::chrono::Utc>,
                limit: i64,
            ) -> $crate::store::StoreResult<Vec<$crate::domain::Ticket>> {
                let rows: Vec<$crate::store::sql::TicketRow> =
                    ::sqlx::query_as($crate::store::sql::SELECT_SLA_DUE)
                        .bind($crate::store::sql::DbTime::new(now))
                        .bind(limit.max(0))
                        .fetch_all(&self.pool)
                        .await?;
                rows.into_iter().map($crate::domain::Ticket::try_from).collect()
            }

            async fn waiting_due(
                &self,
                remind_before: ::chrono::DateTime<::chrono::Utc>,
                resolve_before: ::chrono::DateTime<::chrono::Utc>,
                reminded_before: ::chrono::DateTime<::chrono::Utc>,
                limit: i64,
            ) -> $crate::store::StoreResult<Vec<$crate::domain::Ticket>> {
                let rows: Vec<$crate::store::sql::TicketRow> =
                    ::sqlx::query_as($crate::store::sql::SELECT_WAITING_DUE)
                        .bind($crate::store::sql::DbTime::new(remind_before))
                        .bind($crate::store::sql::DbTime::new(resolve_before))
                        .bind($crate::store::sql::DbTime::new(reminded_before))
                        .bind(limit.max(0))
                        .fetch_all(&self.pool)
                        .await?;
                rows.into_iter().map($crate::domain::Ticket::try_from).collect()
            }

            async fn record_digest(
                &self,
                guild_id: $crate::domain::DiscordId,
                digest: &$crate::domain::digest::Digest,
            ) -> $crate::store::StoreResult<bool> {
                use $crate::store::sql::{encode_digest, DbTime, INSERT_DIGEST_DAY, INSERT_DIRECT};
                let mut tx = self.write_tx().await?;
                let inserted = ::sqlx::query(INSERT_DIGEST_DAY)
                    .bind(guild_id)
                    .bind(digest.day.as_str())
                    .bind(DbTime::new(digest.at))
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if inserted == 0 {
                    return Ok(false);
                }
                let _id: i64 = ::sqlx::query_scalar(INSERT_DIRECT)
                    .bind(encode_digest(digest)?)
                    .bind(DbTime::new(digest.at))
                    .fetch_one(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn digest_figures(
                &self,
                guild_id: $crate::domain::DiscordId,
                now: ::chrono::DateTime<::chrono::Utc>,
            ) -> $crate::store::StoreResult<$crate::domain::digest::Digest> {
                use $crate::domain::digest::{Digest, DigestCell, DigestTicket};
                use $crate::domain::{Level, Priority};
                use $crate::store::sql::{DbTime, DIGEST_CELLS, DIGEST_FLOW, DIGEST_OLDEST};
                let rows: Vec<(i16, i16, i64, i64, i64)> = ::sqlx::query_as(DIGEST_CELLS)
                    .bind(guild_id)
                    .bind(DbTime::new(now))
                    .fetch_all(&self.pool)
                    .await?;
                let mut cells = Vec::with_capacity(rows.len());
                for (priority, level, open, unassigned, breached) in rows {
                    let bad = |what: &str, v: i16| $crate::store::StoreError::Corrupt(format!("tickets: {what} {v}"));
                    cells.push(DigestCell {
                        priority: Priority::from_rank(i64::from(priority)).ok_or_else(|| bad("priority", priority))?,
                        level: Level::new(i64::from(level)).ok_or_else(|| bad("level", level))?,
                        open,
                        unassigned,
                        breached,
                    });
                }
                let oldest: Vec<$crate::store::sql::TicketRow> = ::sqlx::query_as(DIGEST_OLDEST)
                    .bind(guild_id)
                    .bind(5_i64)
                    .fetch_all(&self.pool)
                    .await?;
                let mut old = Vec::with_capacity(oldest.len());
                for row in oldest {
                    let t = $crate::domain::Ticket::try_from(row)?;
                    let Some(number) = t.number else { continue };
                    old.push(DigestTicket {
                        number,
                        summary: t.summary,
                        priority: t.priority,
                        status: t.status,
                        assignee_id: t.assignee_id,
                        created_at: t.created_at,
                    });
                }
                let (opened, resolved): (i64, i64) = ::sqlx::query_as(DIGEST_FLOW)
                    .bind(guild_id)
                    .bind(DbTime::new(now - ::chrono::Duration::days(1)))
                    .fetch_one(&self.pool)
                    .await?;
                Ok(Digest {
                    day: String::new(),
                    at: now,
                    cells,
                    oldest: old,
                    opened_last_day: opened,
                    resolved_last_day: resolved,
                })
            }

            async fn resolved_before(
                &self,
                before: ::chrono::DateTime<::chrono::Utc>,
                limit: i64,
            ) -> $crate::store::StoreResult<Vec<$crate::domain::Ticket>> {
                let rows: Vec<$crate::store::sql::TicketRow> =
                    ::sqlx::query_as($crate::store::sql::SELECT_RESOLVED_BEFORE)
                        .bind($crate::store::sql::DbTime::new(before))
                        .bind(limit.max(0))
                        .fetch_all(&self.pool)
                        .await?;
                rows.into_iter().map($crate::domain::Ticket::try_from).collect()
            }

            async fn children(
                &self,
                parent_id: i64,
            ) -> $crate::store::StoreResult<Vec<$crate::domain::Ticket>> {
                let rows: Vec<$crate::store::sql::TicketRow> =
                    ::sqlx::query_as($crate::store::sql::SELECT_CHILDREN)
                        .bind(parent_id)
                        .fetch_all(&self.pool)
                        .await?;
                rows.into_iter().map($crate::domain::Ticket::try_from).collect()
            }

            async fn child_count(&self, parent_id: i64) -> $crate::store::StoreResult<i64> {
                Ok(::sqlx::query_scalar($crate::store::sql::COUNT_CHILDREN)
                    .bind(parent_id)
                    .fetch_one(&self.pool)
                    .await?)
            }

            async fn children_due(
                &self,
                limit: i64,
            ) -> $crate::store::StoreResult<Vec<$crate::domain::Ticket>> {
                let rows: Vec<$crate::store::sql::TicketRow> =
                    ::sqlx::query_as($crate::store::sql::SELECT_CHILDREN_DUE)
                        .bind(limit.max(0))
                        .fetch_all(&self.pool)
                        .await?;
                rows.into_iter().map($crate::domain::Ticket::try_from).collect()
            }

            async fn stale_intakes(
                &self,
                before: ::chrono::DateTime<::chrono::Utc>,
                limit: i64,
            ) -> $crate::store::StoreResult<Vec<$crate::store::IntakeRecord>> {
                let rows: Vec<$crate::store::sql::IntakeRow> =
                    ::sqlx::query_as($crate::store::sql::STALE_INTAKES)
                        .bind($crate::store::sql::DbTime::new(before))
                        .bind(limit.max(0))
                        .fetch_all(&self.pool)
                        .await?;
                Ok(rows.into_iter().map(Into::into).collect())
            }

            async fn unreminded_intakes(
                &self,
                before: ::chrono::DateTime<::chrono::Utc>,
                limit: i64,
            ) -> $crate::store::StoreResult<Vec<$crate::store::IntakeRecord>> {
                let rows: Vec<$crate::store::sql::IntakeRow> =
                    ::sqlx::query_as($crate::store::sql::UNREMINDED_INTAKES)
                        .bind($crate::store::sql::DbTime::new(before))
                        .bind(limit.max(0))
                        .fetch_all(&self.pool)
                        .await?;
                Ok(rows.into_iter().map(Into::into).collect())
            }

            async fn mark_intake_reminded(
                &self,
                id: i64,
                at: ::chrono::DateTime<::chrono::Utc>,
            ) -> $crate::store::StoreResult<()> {
                let result = ::sqlx::query($crate::store::sql::MARK_INTAKE_REMINDED)
                    .bind(id)
                    .bind($crate::store::sql::DbTime::new(at))
                    .execute(&self.pool)
                    .await?;
                one_row(result)
            }

            async fn technicians(&self) -> $crate::store::StoreResult<Vec<$crate::store::TechnicianRecord>> {
                let rows: Vec<$crate::store::sql::TechnicianRow> =
                    ::sqlx::query_as($crate::store::sql::SELECT_TECHNICIANS).fetch_all(&self.pool).await?;
                rows.into_iter().map($crate::store::TechnicianRecord::try_from).collect()
            }

            async fn set_skills(
                &self,
                user_id: $crate::domain::DiscordId,
                skills: &[String],
                level: Option<$crate::domain::Level>,
                by: $crate::domain::DiscordId,
                at: ::chrono::DateTime<::chrono::Utc>,
            ) -> $crate::store::StoreResult<$crate::store::TechnicianRecord> {
                use $crate::store::sql::{join_skills, DbTime, TechnicianRow, UPSERT_TECHNICIAN_SKILLS};
                let mut tx = self.write_tx().await?;
                claim_event(&mut tx).await?;
                let row: TechnicianRow = ::sqlx::query_as(UPSERT_TECHNICIAN_SKILLS)
                    .bind(user_id)
                    .bind(join_skills(skills))
                    .bind(level.map(|l| i16::from(l.get())))
                    .bind(by)
                    .bind(DbTime::new(at))
                    .fetch_one(&mut *tx)
                    .await?;
                tx.commit().await?;
                row.try_into()
            }

            async fn set_duty(
                &self,
                user_id: $crate::domain::DiscordId,
                on: bool,
                at: ::chrono::DateTime<::chrono::Utc>,
            ) -> $crate::store::StoreResult<$crate::store::TechnicianRecord> {
                use $crate::store::sql::{DbTime, TechnicianRow, UPSERT_TECHNICIAN_DUTY};
                let mut tx = self.write_tx().await?;
                claim_event(&mut tx).await?;
                let row: TechnicianRow = ::sqlx::query_as(UPSERT_TECHNICIAN_DUTY)
                    .bind(user_id)
                    .bind(on)
                    .bind(DbTime::new(at))
                    .fetch_one(&mut *tx)
                    .await?;
                tx.commit().await?;
                row.try_into()
            }

            async fn active_load(
                &self,
                guild_id: $crate::domain::DiscordId,
            ) -> $crate::store::StoreResult<Vec<($crate::domain::DiscordId, $crate::domain::Priority, i64)>> {
                let rows: Vec<(i64, i16, i64)> = ::sqlx::query_as($crate::store::sql::SELECT_ACTIVE_LOAD)
                    .bind(guild_id)
                    .fetch_all(&self.pool)
                    .await?;
                $crate::store::sql::load_counts(rows)
            }

            async fn unposted_tickets(
                &self,
                limit: i64,
            ) -> $crate::store::StoreResult<Vec<$crate::domain::Ticket>> {
                let rows: Vec<$crate::store::sql::TicketRow> =
                    ::sqlx::query_as($crate::store::sql::SELECT_UNPOSTED)
                        .bind(limit.max(0))
                        .fetch_all(&self.pool)
                        .await?;
                rows.into_iter().map($crate::domain::Ticket::try_from).collect()
            }

            async fn set_triage_channel(
                &self,
                ticket_id: i64,
                channel_id: $crate::domain::DiscordId,
            ) -> $crate::store::StoreResult<()> {
                let result = ::sqlx::query($crate::store::sql::SET_TRIAGE_CHANNEL)
                    .bind(ticket_id)
                    .bind(channel_id)
                    .execute(&self.pool)
                    .await?;
                one_row(result)
            }

            async fn triage_channel(
                &self,
                ticket_id: i64,
            ) -> $crate::store::StoreResult<Option<$crate::domain::DiscordId>> {
                Ok(::sqlx::query_scalar($crate::store::sql::TRIAGE_CHANNEL)
                    .bind(ticket_id)
                    .fetch_one(&self.pool)
                    .await?)
            }

            async fn lease_summary(
                &self,
                channel_id: $crate::domain::DiscordId,
                worker: &str,
                now: ::chrono::DateTime<::chrono::Utc>,
                until: ::chrono::DateTime<::chrono::Utc>,
            ) -> $crate::store::StoreResult<Option<$crate::store::SummaryRecord>> {
                let row: Option<(i64, i64, Option<i64>, String)> =
                    ::sqlx::query_as($crate::store::sql::LEASE_SUMMARY)
                        .bind(channel_id)
                        .bind(worker)
                        .bind($crate::store::sql::DbTime::new(until))
                        .bind($crate::store::sql::DbTime::new(now))
                        .fetch_optional(&self.pool)
                        .await?;
                row.map(|(channel_id, generation, message_id, listed)| {
                    let listed: Vec<i64> = ::serde_json::from_str(&listed).map_err(|e| {
                        $crate::store::StoreError::Corrupt(format!(
                            "triage_summaries {channel_id}: listed: {e}"
                        ))
                    })?;
                    Ok($crate::store::SummaryRecord { channel_id, generation, message_id, listed })
                })
                .transpose()
            }

            async fn save_summary(
                &self,
                summary: &$crate::store::SummaryRecord,
                worker: &str,
                at: ::chrono::DateTime<::chrono::Utc>,
            ) -> $crate::store::StoreResult<bool> {
                let listed = ::serde_json::to_string(&summary.listed)
                    .map_err(|e| $crate::store::StoreError::Corrupt(e.to_string()))?;
                let result = ::sqlx::query($crate::store::sql::SAVE_SUMMARY)
                    .bind(summary.channel_id)
                    .bind(worker)
                    .bind(summary.message_id)
                    .bind(listed)
                    .bind(summary.generation)
                    .bind($crate::store::sql::DbTime::new(at))
                    .execute(&self.pool)
                    .await?;
                Ok(result.rows_affected() == 1)
            }

            async fn live_summaries(&self) -> $crate::store::StoreResult<Vec<$crate::domain::DiscordId>> {
                Ok(::sqlx::query_scalar($crate::store::sql::LIVE_SUMMARIES).fetch_all(&self.pool).await?)
            }

            async fn dm_channel(
                &self,
                user_id: $crate::domain::DiscordId,
            ) -> $crate::store::StoreResult<Option<$crate::domain::DiscordId>> {
                Ok(::sqlx::query_scalar($crate::store::sql::SELECT_DM_CHANNEL)
                    .bind(user_id)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn save_dm_channel(
                &self,
                user_id: $crate::domain::DiscordId,
                channel_id: $crate::domain::DiscordId,
            ) -> $crate::store::StoreResult<()> {
                ::sqlx::query($crate::store::sql::UPSERT_DM_CHANNEL)
                    .bind(user_id)
                    .bind(channel_id)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn user_lang(
                &self,
                user_id: $crate::domain::DiscordId,
            ) -> $crate::store::StoreResult<Option<$crate::domain::Lang>> {
                let code: Option<String> = ::sqlx::query_scalar($crate::store::sql::SELECT_USER_LANG)
                    .bind(user_id)
                    .fetch_optional(&self.pool)
                    .await?;
                // A code this build does not know (written by a newer one) reads as no preference.
                Ok(code.and_then(|c| c.parse().ok()))
            }

            async fn save_user_lang(
                &self,
                user_id: $crate::domain::DiscordId,
                lang: $crate::domain::Lang,
                chosen: bool,
                at: ::chrono::DateTime<::chrono::Utc>,
            ) -> $crate::store::StoreResult<()> {
                ::sqlx::query($crate::store::sql::UPSERT_USER_LANG)
                    .bind(user_id)
                    .bind(lang.code())
                    .bind(chosen)
                    .bind($crate::store::sql::DbTime::new(at))
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }
        }
    };
}

pub(crate) use bind_ticket_state;
pub(crate) use impl_ticket_store;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::NoticeKind;

    /// Migration 0013 gave the notices waiting then their route by the start of their JSON.
    #[test]
    fn a_notice_is_stored_starting_with_its_recipient_as_migration_0013_reads_it() {
        let encoded = |recipient| encode_notice(&Notice::new(recipient, NoticeKind::RefreshTriage)).unwrap();
        assert!(encoded(Recipient::Triage).starts_with(r#"{"recipient":{"to":"triage"}"#));
        assert!(encoded(Recipient::Thread).starts_with(r#"{"recipient":{"to":"thread"}"#));
        assert_eq!(route(&Notice::new(Recipient::Triage, NoticeKind::RefreshTriage)), "triage");
        assert_eq!(route(&Notice::new(Recipient::User { id: 7 }, NoticeKind::Opened)), "other");
    }
}
