-- The gateway leader of each shard: of several processes on one database, only the holder of a
-- shard's lease connects that shard to Discord's gateway; the others wait as standbys and take the
-- lease when it runs out (the leader died) or is given back (a graceful stop).
CREATE TABLE gateway_leases (
    shard       INTEGER NOT NULL PRIMARY KEY,
    holder      TEXT    NOT NULL,
    lease_until TIMESTAMPTZ NOT NULL,
    -- When a standby last asked for the lease: a leader stopping gracefully waits for a standby to
    -- take over only when one has been seen.
    standby_at  TIMESTAMPTZ
);
