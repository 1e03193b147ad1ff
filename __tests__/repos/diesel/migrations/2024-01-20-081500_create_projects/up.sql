CREATE TABLE projects (
    id SERIAL PRIMARY KEY,
    team_id INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    name VARCHAR NOT NULL,
    budget_cents BIGINT,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX projects_team_id_idx ON projects (team_id);
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
