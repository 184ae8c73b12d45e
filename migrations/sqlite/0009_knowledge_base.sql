-- The knowledge base: articles written by technicians and coordinators (or promoted from a closed
-- ticket), shown to requesters at the intake review instead of other people's tickets.
CREATE TABLE articles (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    title       TEXT    NOT NULL,
    symptoms    TEXT    NOT NULL,
    steps       TEXT    NOT NULL,
    category    TEXT    NOT NULL,
    -- Lowercase, comma-separated.
    tags        TEXT    NOT NULL DEFAULT '',
    author_id   INTEGER NOT NULL,
    -- The closed ticket it was promoted from, if any.
    source_ticket_id INTEGER REFERENCES tickets (id),
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    updated_by  INTEGER NOT NULL,
    retired_at  TEXT,
    retired_by  INTEGER
);

CREATE INDEX articles_guild_category ON articles (guild_id, category) WHERE retired_at IS NULL;

-- Who created, edited and retired each article, and when.
CREATE TABLE article_events (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles (id),
    actor_id    INTEGER NOT NULL,
    at          TEXT    NOT NULL,
    -- created, edited, retired
    kind        TEXT    NOT NULL
);

CREATE INDEX article_events_article ON article_events (article_id, id);

-- The full-text index of the live articles (retired ones are removed from it), fed in the same
-- transaction as every change with text normalised by the application (lowercase, accents
-- folded), so both databases index the same words. The rowid is the article's id.
CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, symptoms, category, tags, steps,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- The article a self-served intake ended with ("This fixed it").
ALTER TABLE intakes ADD COLUMN article_id INTEGER REFERENCES articles (id);
