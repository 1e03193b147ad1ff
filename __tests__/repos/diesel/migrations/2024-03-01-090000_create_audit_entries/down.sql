ALTER TABLE projects ADD COLUMN budget_cents BIGINT;
CREATE INDEX projects_budget_cents_idx ON projects (budget_cents) WHERE budget_cents IS NOT NULL;

CREATE TABLE project_notes (
    id SERIAL PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX project_notes_project_id_idx ON project_notes (project_id);
CREATE INDEX project_notes_author_id_idx ON project_notes (author_id);

DROP TRIGGER projects_audit_write ON projects;
DROP FUNCTION audit_project_write();
DROP TABLE audit_entries;
