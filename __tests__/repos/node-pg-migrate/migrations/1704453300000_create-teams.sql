-- Up Migration
DO $$ BEGIN
  CREATE TYPE team_role AS ENUM ('owner', 'editor', 'viewer');
EXCEPTION
  WHEN duplicate_object THEN NULL;
END $$;

CREATE TABLE teams (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT current_timestamp
);

CREATE TABLE team_users (
  team_id integer NOT NULL REFERENCES teams ON DELETE CASCADE,
  "userId" integer NOT NULL REFERENCES users ON DELETE CASCADE,
  role team_role NOT NULL DEFAULT 'viewer',
  PRIMARY KEY (team_id, "userId")
);
CREATE INDEX team_users_user_id_index ON team_users ("userId");

-- Down Migration
DROP TABLE team_users;
DROP TABLE teams;
DROP TYPE IF EXISTS team_role;
