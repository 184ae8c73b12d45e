-- Major incidents: a ticket may be the child of a parent incident (one level deep). Children leave
-- the active queue, where the parent represents them, and are resolved with it. Kept in step with
-- migrations/sqlite.
ALTER TABLE tickets ADD COLUMN parent_id BIGINT REFERENCES tickets (id);

-- A parent's children ("+N affected", the list of an incident).
CREATE INDEX tickets_parent ON tickets (parent_id, status) WHERE parent_id IS NOT NULL;
-- The active children, in order: read once a minute to settle those of finished incidents. The
-- statement repeats this exact condition.
CREATE INDEX tickets_active_children ON tickets (id)
    WHERE parent_id IS NOT NULL AND status IN ('open', 'in_progress', 'waiting_on_requester');

-- One status, and one assignee: the child's parent is read from the index too, so that the counts
-- of the queue stay index-only.
DROP INDEX tickets_queue;
DROP INDEX tickets_assignee;
CREATE INDEX tickets_queue ON tickets (guild_id, status, priority, queue_due, number, parent_id);
CREATE INDEX tickets_assignee ON tickets (guild_id, assignee_id, status, priority, queue_due, number, parent_id);

-- The active queue shows no children: its partial indexes (migration 0008) state that too, and the
-- statements repeat the exact condition. The requester's own list still shows their child tickets.
-- `parent_id` (always empty in them) is read from the index, so that a count is index-only: SQLite
-- looks up a column of the condition even when the index's own condition implies it.
DROP INDEX tickets_active;
DROP INDEX tickets_active_unassigned;
DROP INDEX tickets_active_level;
DROP INDEX tickets_active_assignee;
DROP INDEX tickets_active_category;
CREATE INDEX tickets_active ON tickets
    (guild_id, priority, queue_due, number, status, level, assignee_id, category, next_due, parent_id)
    WHERE status IN ('open', 'in_progress', 'waiting_on_requester') AND parent_id IS NULL;
CREATE INDEX tickets_active_unassigned ON tickets
    (guild_id, priority, queue_due, number, status, level, category, next_due, parent_id)
    WHERE status IN ('open', 'in_progress', 'waiting_on_requester') AND parent_id IS NULL
        AND assignee_id IS NULL;
CREATE INDEX tickets_active_level ON tickets
    (guild_id, level, priority, queue_due, number, status, assignee_id, category, next_due, parent_id)
    WHERE status IN ('open', 'in_progress', 'waiting_on_requester') AND parent_id IS NULL;
CREATE INDEX tickets_active_assignee ON tickets
    (guild_id, assignee_id, priority, queue_due, number, status, level, category, next_due, parent_id)
    WHERE status IN ('open', 'in_progress', 'waiting_on_requester') AND parent_id IS NULL;
CREATE INDEX tickets_active_category ON tickets
    (guild_id, category, priority, queue_due, number, status, level, assignee_id, next_due, parent_id)
    WHERE status IN ('open', 'in_progress', 'waiting_on_requester') AND parent_id IS NULL;
