-- What technicians change at run time: skills and level (`/desk skills`, which take precedence over the
-- help desk TOML) and whether they are on duty (`/duty on|off`). One row per technician who used either.
CREATE TABLE technicians (
    user_id INTEGER PRIMARY KEY,
    -- Category keys, comma-separated; NULL: the skills of the TOML.
    skills TEXT,
    -- 1–3; NULL: the level of the TOML.
    level INTEGER CHECK (level BETWEEN 1 AND 3),
    skills_set_by INTEGER,
    skills_set_at TEXT,
    -- The last `/duty` statement; NULL: never said.
    on_duty INTEGER,
    duty_set_at TEXT
);
