-- At most once per Discord event: the key of every interaction and message whose handling changed
-- something (`i:<interaction id>`, `m:<message id>`), written in the same transaction as the change.
-- A second delivery of the same event (a gateway replay, two processes) finds its key and does nothing.
-- `owner` is the handler that recorded it, so that handler may write more than once.
CREATE TABLE handled_events (
    key   TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    at    TEXT NOT NULL
);

CREATE INDEX handled_events_at ON handled_events (at);
