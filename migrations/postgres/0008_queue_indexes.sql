-- The queue at scale: an index for each of its filters that also gives its order, so a page is a
-- short range read (keyset paging, from the last row's place in the order) and the total an
-- index-only count, with no sort of every active ticket.
--
-- The order is priority, then the next SLA due time with tickets that have none last, then number.
-- SQLite's indexes keep NULLs first, so the due time is sorted through `queue_due`: `next_due`, or the
-- latest time the store writes when there is none. Kept in step with migrations/sqlite.
ALTER TABLE tickets ADD COLUMN queue_due TIMESTAMPTZ
    GENERATED ALWAYS AS (COALESCE(next_due, TIMESTAMPTZ '9999-12-31 23:59:59.999999+00')) STORED;

DROP INDEX tickets_queue;
DROP INDEX tickets_requester;
-- One status (`/queue status:`); with a requester (`/mytickets`' finished tickets) or an assignee.
CREATE INDEX tickets_queue ON tickets (guild_id, status, priority, queue_due, number);
CREATE INDEX tickets_requester ON tickets (guild_id, requester_id, status, priority, queue_due, number);
CREATE INDEX tickets_assignee ON tickets (guild_id, assignee_id, status, priority, queue_due, number);

-- The active tickets (open, in progress, waiting on the requester): the queue without a status. The
-- statements repeat this exact condition, so that both databases see that these indexes apply. The
-- columns after the order are there only to be read from the index: the other filters' columns, so
-- that a combination of filters and the counts need no lookup of each ticket.
CREATE INDEX tickets_active ON tickets
    (guild_id, priority, queue_due, number, status, level, assignee_id, category, next_due)
    WHERE status IN ('open', 'in_progress', 'waiting_on_requester');
CREATE INDEX tickets_active_unassigned ON tickets
    (guild_id, priority, queue_due, number, status, level, category, next_due)
    WHERE status IN ('open', 'in_progress', 'waiting_on_requester') AND assignee_id IS NULL;
CREATE INDEX tickets_active_level ON tickets
    (guild_id, level, priority, queue_due, number, status, assignee_id, category, next_due)
    WHERE status IN ('open', 'in_progress', 'waiting_on_requester');
CREATE INDEX tickets_active_assignee ON tickets
    (guild_id, assignee_id, priority, queue_due, number, status, level, category, next_due)
    WHERE status IN ('open', 'in_progress', 'waiting_on_requester');
CREATE INDEX tickets_active_category ON tickets
    (guild_id, category, priority, queue_due, number, status, level, assignee_id, next_due)
    WHERE status IN ('open', 'in_progress', 'waiting_on_requester');
CREATE INDEX tickets_active_requester ON tickets
    (guild_id, requester_id, priority, queue_due, number, status, next_due)
    WHERE status IN ('open', 'in_progress', 'waiting_on_requester');
