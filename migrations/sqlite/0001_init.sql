-- deskbot schema, SQLite. Kept in step with migrations/postgres/0001_init.sql.
--
-- Discord ids are INTEGER (i64). Times are TEXT in one fixed UTC format,
-- YYYY-MM-DDTHH:MM:SS.ffffffZ, written by the store only, so that text order is time order.
-- Enumerated words (status, impact, ...) are not CHECKed here: the store validates them on the way
-- in through the domain types and reports a bad stored word as corrupt data on the way out, and a
-- new status then needs no migration.

-- The last ticket number handed out per organisation (Discord guild).
CREATE TABLE ticket_counters (
    guild_id    INTEGER PRIMARY KEY,
    last_number INTEGER NOT NULL
);

CREATE TABLE tickets (
    id                  INTEGER PRIMARY KEY,
    guild_id            INTEGER NOT NULL,
    number              INTEGER NOT NULL,
    requester_id        INTEGER NOT NULL,
    summary             TEXT    NOT NULL,
    description         TEXT    NOT NULL,
    category            TEXT    NOT NULL,
    impact              TEXT    NOT NULL,
    urgency             TEXT    NOT NULL,
    -- 1 for P1 ... 4 for P4: the queue sorts on it.
    priority            INTEGER NOT NULL,
    priority_overridden BOOLEAN NOT NULL DEFAULT 0,
    level               INTEGER NOT NULL,
    status              TEXT    NOT NULL,
    assignee_id         INTEGER,
    -- JSON array of {key, question, value}.
    answers             TEXT    NOT NULL DEFAULT '[]',
    first_response_due  TEXT,
    resolution_due      TEXT,
    first_response_at   TEXT,
    paused_at           TEXT,
    -- The SLA deadline that matters next (first response, then resolution), kept on every write.
    next_due            TEXT,
    resolution_notes    TEXT,
    resolution_code     TEXT,
    satisfaction        INTEGER,
    created_at          TEXT    NOT NULL,
    updated_at          TEXT    NOT NULL,
    resolved_at         TEXT,
    closed_at           TEXT,
    triage_message_id   INTEGER,
    thread_id           INTEGER,
    -- Optimistic concurrency: every committed change increments it.
    version             INTEGER NOT NULL DEFAULT 1,
    UNIQUE (guild_id, number)
);

CREATE INDEX tickets_queue ON tickets (guild_id, status, priority, next_due, number);
CREATE INDEX tickets_requester ON tickets (guild_id, requester_id);
CREATE INDEX tickets_thread ON tickets (thread_id) WHERE thread_id IS NOT NULL;
CREATE INDEX tickets_updated ON tickets (updated_at);

-- The audit trail: one row per change, written in the same transaction as the change.
CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
    actor_id    INTEGER,
    at          TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    from_status TEXT,
    to_status   TEXT,
    note        TEXT
);

CREATE INDEX events_ticket ON events (ticket_id, id);
CREATE INDEX events_at ON events (at);

CREATE TABLE watchers (
    ticket_id INTEGER NOT NULL REFERENCES tickets (id),
    user_id   INTEGER NOT NULL,
    since     TEXT    NOT NULL,
    PRIMARY KEY (ticket_id, user_id)
);

-- Notices to deliver, written with the change that causes them and leased to one deliverer.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    ticket_id       INTEGER REFERENCES tickets (id),
    -- The serialized Notice (JSON).
    payload         TEXT    NOT NULL,
    created_at      TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT    NOT NULL,
    leased_by       TEXT,
    lease_until     TEXT,
    delivered_at    TEXT,
    failed_at       TEXT,
    last_error      TEXT
);

CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE delivered_at IS NULL AND failed_at IS NULL;

-- Intake conversations; `state` is the intake engine's state as JSON.
CREATE TABLE intakes (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    state       TEXT    NOT NULL,
    -- active, submitted, cancelled, expired, self_served
    status      TEXT    NOT NULL DEFAULT 'active',
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    reminded_at TEXT,
    ended_at    TEXT
);

-- One active conversation per user and organisation.
CREATE UNIQUE INDEX intakes_one_active ON intakes (guild_id, user_id) WHERE status = 'active';
CREATE INDEX intakes_stale ON intakes (updated_at) WHERE status = 'active';

-- The DM channel already opened with each user.
CREATE TABLE dm_channels (
    user_id    INTEGER PRIMARY KEY,
    channel_id INTEGER NOT NULL
);
