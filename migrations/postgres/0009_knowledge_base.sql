-- The knowledge base: articles written by technicians and coordinators (or promoted from a closed
-- ticket), shown to requesters at the intake review instead of other people's tickets.
CREATE TABLE articles (
    id          BIGSERIAL PRIMARY KEY,
    guild_id    BIGINT NOT NULL,
    title       TEXT   NOT NULL,
    symptoms    TEXT   NOT NULL,
    steps       TEXT   NOT NULL,
    category    TEXT   NOT NULL,
    -- Lowercase, comma-separated.
    tags        TEXT   NOT NULL DEFAULT '',
    author_id   BIGINT NOT NULL,
    -- The closed ticket it was promoted from, if any.
    source_ticket_id BIGINT REFERENCES tickets (id),
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    updated_by  BIGINT NOT NULL,
    retired_at  TIMESTAMPTZ,
    retired_by  BIGINT,
    -- The full-text index: written in the same statement as every change, from text normalised by
    -- the application (lowercase, accents folded) with the language-neutral 'simple' configuration,
    -- so articles in English, Spanish, Italian and German are indexed alike. Weighted A title,
    -- B symptoms, C category and tags, D steps; NULL once retired.
    search      TSVECTOR
);

CREATE INDEX articles_guild_category ON articles (guild_id, category) WHERE retired_at IS NULL;
CREATE INDEX articles_search ON articles USING GIN (search);

-- Who created, edited and retired each article, and when.
CREATE TABLE article_events (
    id          BIGSERIAL PRIMARY KEY,
    article_id  BIGINT NOT NULL REFERENCES articles (id),
    actor_id    BIGINT NOT NULL,
    at          TIMESTAMPTZ NOT NULL,
    -- created, edited, retired
    kind        TEXT   NOT NULL
);

CREATE INDEX article_events_article ON article_events (article_id, id);

-- The article a self-served intake ended with ("This fixed it").
ALTER TABLE intakes ADD COLUMN article_id BIGINT REFERENCES articles (id);
