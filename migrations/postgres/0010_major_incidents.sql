-- Major incidents: a ticket may be the child of a parent incident (one level deep). Children leave
-- the active queue, where the parent represents them, and are resolved with it. Kept in step with
-- migrations/sqlite.
ALTER TABLE tickets ADD COLUMN parent_id BIGINT REFERENCES tickets (id);

-- A parent's children (the cascade of a resolution, "+N affected").
CREATE INDEX tickets_parent ON tickets (parent_id, status) WHERE parent_id IS NOT NULL;

-- The active queue shows no children: its partial indexes (migration 0008) state that too, and the
-- statements repeat the exact condition. The requester's own list still shows their child tickets.
DROP INDEX tickets_active;
DROP INDEX tickets_active_unassigned;
DROP INDEX tickets_active_level;
DROP INDEX tickets_active_assignee;
DROP INDEX tickets_active_category;
CREATE INDEX tickets_active ON tickets
    (guild_id, priority, queue_due, number, status, level, assignee_id, category, next_due)
    WHERE status IN ('open', 'in_progress', 'waiting_on_requester') AND parent_id IS NULL;
CREATE INDEX tickets_active_unassigned ON tickets
    (guild_id, priority, queue_due, number, status, level, category, next_due)
    WHERE status IN ('open', 'in_progress', 'waiting_on_requester') AND parent_id IS NULL
        AND assignee_id IS NULL;
CREATE INDEX tickets_active_level ON tickets
    (guild_id, level, priority, queue_due, number, status, assignee_id, category, next_due)
    WHERE status IN ('open', 'in_progress', 'waiting_on_requester') AND parent_id IS NULL;
CREATE INDEX tickets_active_assignee ON tickets
    (guild_id, assignee_id, priority, queue_due, number, status, level, category, next_due)
    WHERE status IN ('open', 'in_progress', 'waiting_on_requester') AND parent_id IS NULL;
CREATE INDEX tickets_active_category ON tickets
    (guild_id, category, priority, queue_due, number, status, level, assignee_id, next_due)
    WHERE status IN ('open', 'in_progress', 'waiting_on_requester') AND parent_id IS NULL;
