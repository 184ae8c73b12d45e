-- The language each person is written to in: the last Discord locale seen on their interactions, or
-- their `/language` choice, which a later interaction's locale does not override. A DM carries no
-- locale, so this is how a DM is answered in the person's language. Kept in step with
-- migrations/postgres.
CREATE TABLE user_locales (
    user_id    INTEGER PRIMARY KEY,
    -- en, es, it or de
    lang       TEXT NOT NULL,
    -- 1 when the person chose it with /language
    chosen     INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
);
