-- What the SLA sweeper did, the next time it has something to do, and the figures reports read.
--
-- Each threshold (75 % warning, breach) of each clock (first response, resolution) is acted on at most
-- once per ticket: its time is written with the version check of the ticket's write, in the same
-- transaction as the events and notices of the action, so of several sweepers only one acts.
ALTER TABLE tickets ADD COLUMN first_response_warned_at TIMESTAMPTZ;
ALTER TABLE tickets ADD COLUMN first_response_breached_at TIMESTAMPTZ;
ALTER TABLE tickets ADD COLUMN resolution_warned_at TIMESTAMPTZ;
ALTER TABLE tickets ADD COLUMN resolution_breached_at TIMESTAMPTZ;
-- When 75 % of each window has passed, counted like the due time (in business hours when set); NULL
-- for tickets opened before this migration, whose warning comes at 75 % of the plain time.
ALTER TABLE tickets ADD COLUMN first_response_warn_at TIMESTAMPTZ;
ALTER TABLE tickets ADD COLUMN resolution_warn_at TIMESTAMPTZ;
-- The earliest threshold not yet acted on, while the clock runs; kept on every write like next_due.
ALTER TABLE tickets ADD COLUMN sla_check_at TIMESTAMPTZ;
-- Seconds from opening to the first response, and to the resolution; kept on every write.
ALTER TABLE tickets ADD COLUMN first_response_seconds BIGINT;
ALTER TABLE tickets ADD COLUMN resolution_seconds BIGINT;

-- Tickets opened before this migration are first looked at when their next deadline comes.
UPDATE tickets SET sla_check_at = next_due
    WHERE status IN ('open', 'in_progress') AND paused_at IS NULL;
UPDATE tickets SET
    first_response_seconds = round(EXTRACT(EPOCH FROM first_response_at - created_at))::BIGINT,
    resolution_seconds = round(EXTRACT(EPOCH FROM resolved_at - created_at))::BIGINT;

CREATE INDEX tickets_sla_check ON tickets (sla_check_at) WHERE status IN ('open', 'in_progress');
