-- deskbot schema, PostgreSQL. Kept in step with migrations/sqlite/0001_init.sql.
--
-- Discord ids are BIGINT (i64); times are TIMESTAMPTZ (microseconds).
-- Enumerated words (status, impact, ...) are not CHECKed here: the store validates them on the way
-- in through the domain types and reports a bad stored word as corrupt data on the way out, and a
-- new status then needs no migration.

-- The last ticket number handed out per organisation (Discord guild).
CREATE TABLE ticket_counters (
    guild_id    BIGINT PRIMARY KEY,
    last_number BIGINT NOT NULL
);

CREATE TABLE tickets (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guild_id            BIGINT      NOT NULL,
    number              BIGINT      NOT NULL,
    requester_id        BIGINT      NOT NULL,
    summary             TEXT        NOT NULL,
    description         TEXT        NOT NULL,
    category            TEXT        NOT NULL,
    impact              TEXT        NOT NULL,
    urgency             TEXT        NOT NULL,
    -- 1 for P1 ... 4 for P4: the queue sorts on it.
    priority            SMALLINT    NOT NULL,
    priority_overridden BOOLEAN     NOT NULL DEFAULT FALSE,
    level               SMALLINT    NOT NULL,
    status              TEXT        NOT NULL,
    assignee_id         BIGINT,
    -- JSON array of {key, question, value}.
    answers             TEXT        NOT NULL DEFAULT '[]',
    first_response_due  TIMESTAMPTZ,
    resolution_due      TIMESTAMPTZ,
    first_response_at   TIMESTAMPTZ,
    paused_at           TIMESTAMPTZ,
    -- The SLA deadline that matters next (first response, then resolution), kept on every write.
    next_due            TIMESTAMPTZ,
    resolution_notes    TEXT,
    resolution_code     TEXT,
    satisfaction        SMALLINT,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    resolved_at         TIMESTAMPTZ,
    closed_at           TIMESTAMPTZ,
    triage_message_id   BIGINT,
    thread_id           BIGINT,
    -- Optimistic concurrency: every committed change increments it.
    version             BIGINT      NOT NULL DEFAULT 1,
    UNIQUE (guild_id, number)
);

CREATE INDEX tickets_queue ON tickets (guild_id, status, priority, next_due, number);
CREATE INDEX tickets_requester ON tickets (guild_id, requester_id);
CREATE INDEX tickets_thread ON tickets (thread_id) WHERE thread_id IS NOT NULL;
CREATE INDEX tickets_updated ON tickets (updated_at);

-- The audit trail: one row per change, written in the same transaction as the change.
CREATE TABLE events (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ticket_id   BIGINT      NOT NULL REFERENCES tickets (id),
    actor_id    BIGINT,
    at          TIMESTAMPTZ NOT NULL,
    kind        TEXT        NOT NULL,
    from_status TEXT,
    to_status   TEXT,
    note        TEXT
);

CREATE INDEX events_ticket ON events (ticket_id, id);
CREATE INDEX events_at ON events (at);

CREATE TABLE watchers (
    ticket_id BIGINT      NOT NULL REFERENCES tickets (id),
    user_id   BIGINT      NOT NULL,
    since     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (ticket_id, user_id)
);

-- Notices to deliver, written with the change that causes them and leased to one deliverer.
CREATE TABLE outbox (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ticket_id       BIGINT REFERENCES tickets (id),
    -- The serialized Notice (JSON text, decoded by the store).
    payload         TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    attempts        INTEGER     NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    leased_by       TEXT,
    lease_until     TIMESTAMPTZ,
    delivered_at    TIMESTAMPTZ,
    failed_at       TIMESTAMPTZ,
    last_error      TEXT
);

CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE delivered_at IS NULL AND failed_at IS NULL;

-- Intake conversations; `state` is the intake engine's state as JSON.
CREATE TABLE intakes (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guild_id    BIGINT      NOT NULL,
    user_id     BIGINT      NOT NULL,
    state       TEXT        NOT NULL,
    -- active, submitted, cancelled, expired, self_served
    status      TEXT        NOT NULL DEFAULT 'active',
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    reminded_at TIMESTAMPTZ,
    ended_at    TIMESTAMPTZ
);

-- One active conversation per user and organisation.
CREATE UNIQUE INDEX intakes_one_active ON intakes (guild_id, user_id) WHERE status = 'active';
CREATE INDEX intakes_stale ON intakes (updated_at) WHERE status = 'active';

-- The DM channel already opened with each user.
CREATE TABLE dm_channels (
    user_id    BIGINT PRIMARY KEY,
    channel_id BIGINT NOT NULL
);
