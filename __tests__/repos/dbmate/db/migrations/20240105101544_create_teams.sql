-- migrate:up
DO $$
BEGIN
  CREATE TYPE team_role AS ENUM ('owner', 'admin', 'member', 'viewer');
EXCEPTION
  WHEN duplicate_object THEN NULL;
END
$$;

CREATE TABLE teams (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE team_members (
  team_id bigint NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  "userId" bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role team_role NOT NULL DEFAULT 'member',
  PRIMARY KEY (team_id, "userId")
);

CREATE INDEX team_members_user_id_idx ON team_members ("userId");

-- migrate:down
DROP TABLE team_members;
DROP TABLE teams;
DROP TYPE IF EXISTS team_role;
