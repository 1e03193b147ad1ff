DO $$ BEGIN
    CREATE TYPE membership_role AS ENUM ('owner', 'admin', 'member');
EXCEPTION
    WHEN duplicate_object THEN NULL;
END $$;

CREATE TABLE teams (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE team_memberships (
    team_id     uuid            NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    "userId"    uuid            NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role        membership_role NOT NULL DEFAULT 'member',
    joined_at   timestamptz     NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, "userId")
);

CREATE INDEX team_memberships_user_id_idx ON team_memberships ("userId");
