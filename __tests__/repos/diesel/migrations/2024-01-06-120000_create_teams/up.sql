DO $$ BEGIN
    CREATE TYPE member_role AS ENUM ('owner', 'admin', 'member');
EXCEPTION
    WHEN duplicate_object THEN NULL;
END $$;

CREATE TABLE teams (
    id SERIAL PRIMARY KEY,
    name VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

SELECT diesel_manage_updated_at('teams');

CREATE TABLE team_members (
    team_id INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    "userId" INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role member_role NOT NULL DEFAULT 'member',
    PRIMARY KEY (team_id, "userId")
);

CREATE INDEX team_members_user_id_idx ON team_members ("userId");
