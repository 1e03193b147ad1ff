ALTER TABLE projects ADD COLUMN archived_at timestamptz;
CREATE INDEX projects_archived_at_idx ON projects (archived_at);

CREATE TABLE project_watchers (
    project_id  uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    PRIMARY KEY (project_id, account_id)
);

CREATE INDEX project_watchers_account_id_idx ON project_watchers (account_id);

DROP TABLE IF EXISTS audit_events;
