-- Triage under a storm, and triage channels per level or category. Kept in step with
-- migrations/postgres.

-- The channel a ticket's triage message was posted in (NULL: the default triage channel, as every
-- message posted before channels per level or category). The message stays there for good.
ALTER TABLE tickets ADD COLUMN triage_channel_id INTEGER;

-- Tickets still waiting for their own triage message: read several times a second while a storm
-- summary is shown, and a ticket leaves it as soon as it is posted. The statement repeats this
-- exact condition.
CREATE INDEX tickets_unposted ON tickets (id) WHERE triage_message_id IS NULL AND parent_id IS NULL;

-- One storm summary per triage channel: the message that lists the tickets waiting for their own
-- post when they arrive faster than the channel takes messages. Leased to one process at a time;
-- `listed` is what the message shows (a JSON array of ticket ids) after its last successful
-- request, so a restart neither posts a second summary nor forgets whom it shows.
CREATE TABLE triage_summaries (
    channel_id  INTEGER PRIMARY KEY,
    -- Counts the summaries this channel has had: the next one's nonce differs from the last's.
    generation  INTEGER NOT NULL DEFAULT 0,
    -- NULL while no storm is shown.
    message_id  INTEGER,
    listed      TEXT    NOT NULL DEFAULT '[]',
    updated_at  TEXT,
    leased_by   TEXT,
    lease_until TEXT
);
