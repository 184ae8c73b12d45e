-- Resolved tickets whose requester has not confirmed are closed when the confirmation window ends;
-- this index finds them without scanning every ticket.
CREATE INDEX tickets_resolved_at ON tickets (resolved_at) WHERE status = 'resolved';
