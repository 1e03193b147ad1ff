CREATE TABLE projects (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    team_id     uuid        NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    name        text        NOT NULL,
    archived_at timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX projects_team_id_idx ON projects (team_id);
CREATE INDEX projects_archived_at_idx ON projects (archived_at);

CREATE TABLE project_watchers (
    project_id  uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    PRIMARY KEY (project_id, account_id)
);

CREATE INDEX project_watchers_account_id_idx ON project_watchers (account_id);
