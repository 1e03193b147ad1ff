-- Deploy teamwork:teams to pg
-- requires: users

BEGIN;

DO $$
BEGIN
    CREATE TYPE member_role AS ENUM ('lead', 'member', 'observer');
EXCEPTION
    WHEN duplicate_object THEN NULL;
END
$$;

CREATE TABLE teams (
    id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text        NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE team_members (
    team_id  integer     NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    "userId" integer     NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role     member_role NOT NULL DEFAULT 'member',
    PRIMARY KEY (team_id, "userId")
);

CREATE INDEX team_members_user_id_idx ON team_members ("userId");

COMMIT;
