-- migrate:up
CREATE TABLE projects (
  id bigserial PRIMARY KEY,
  team_id bigint NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  name text NOT NULL,
  status text NOT NULL DEFAULT 'active',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX projects_team_id_idx ON projects (team_id);
CREATE INDEX projects_status_idx ON projects (status);

CREATE TABLE project_invites (
  id bigserial PRIMARY KEY,
  project_id bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  email text NOT NULL,
  token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX project_invites_token_idx ON project_invites (token);
CREATE INDEX project_invites_project_id_idx ON project_invites (project_id);

-- migrate:down
DROP TABLE project_invites;
DROP TABLE projects;
