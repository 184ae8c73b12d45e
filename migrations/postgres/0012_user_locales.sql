-- The language each person is written to in: the last Discord locale seen on their interactions, or
-- their `/language` choice, which a later interaction's locale does not override. A DM carries no
-- locale, so this is how a DM is answered in the person's language. Kept in step with
-- migrations/sqlite.
CREATE TABLE user_locales (
    user_id    BIGINT PRIMARY KEY,
    -- en, es, it or de
    lang       TEXT NOT NULL,
    -- true when the person chose it with /language
    chosen     BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at TIMESTAMPTZ NOT NULL
);
