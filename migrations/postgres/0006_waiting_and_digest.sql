-- Waiting on the requester: when the one reminder of an unanswered question went out (cleared when
-- the ticket moves again). Written with the version check of the ticket's write, so of several
-- sweepers only one reminds.
ALTER TABLE tickets ADD COLUMN waiting_reminded_at TIMESTAMPTZ;
CREATE INDEX tickets_waiting ON tickets (paused_at) WHERE status = 'waiting_on_requester';

-- The coordinators' daily digest: one row per organisation and local day, inserted in the same
-- transaction as the digest's outbox row, so each day's digest is sent once whichever process
-- gets there first.
CREATE TABLE daily_digests (
    guild_id BIGINT NOT NULL,
    day      TEXT   NOT NULL,
    sent_at  TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (guild_id, day)
);
