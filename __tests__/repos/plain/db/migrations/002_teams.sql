BEGIN;

-- Safe to re-run: the type may already exist on databases set up by hand.
DO $$
BEGIN
    CREATE TYPE team_role AS ENUM ('owner', 'maintainer', 'member', 'guest');
EXCEPTION
    WHEN duplicate_object THEN NULL;
END
$$;

CREATE TABLE teams (
    id          serial PRIMARY KEY,
    name        text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE team_members (
    id        serial PRIMARY KEY,
    "teamId"  integer   NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    "userId"  integer   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role      team_role NOT NULL DEFAULT 'member',
    UNIQUE ("teamId", "userId")
);
CREATE INDEX team_members_user_id_idx ON team_members ("userId");

COMMIT;
