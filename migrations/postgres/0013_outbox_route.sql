-- Where each notice goes, so the deliverer can keep a share of the notices it holds for the ones
-- that do not wait on the triage channel's buckets. Kept in step with migrations/sqlite.

-- 'triage': the ticket's triage message (posted, then edited); 'thread': a post in its thread;
-- 'other': direct messages and the coordinators' channel.
ALTER TABLE outbox ADD COLUMN route TEXT NOT NULL DEFAULT 'other';

-- A notice's JSON starts with its recipient (`{"recipient":{"to":"triage"},...`); a payload that
-- is not a notice, or cannot be read, stays 'other'.
UPDATE outbox SET route = 'triage'
 WHERE delivered_at IS NULL AND failed_at IS NULL AND payload LIKE '{"recipient":{"to":"triage"}%';
UPDATE outbox SET route = 'thread'
 WHERE delivered_at IS NULL AND failed_at IS NULL AND payload LIKE '{"recipient":{"to":"thread"}%';

-- A thread post waits for an earlier triage notice of its ticket (which opens the thread).
CREATE INDEX outbox_pending_triage ON outbox (ticket_id, id)
 WHERE route = 'triage' AND delivered_at IS NULL AND failed_at IS NULL;
