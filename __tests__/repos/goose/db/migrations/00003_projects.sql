-- +goose Up
CREATE TABLE projects (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "teamId"   bigint      NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    name       text        NOT NULL,
    archived   boolean     NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX projects_team_id_idx ON projects ("teamId");
CREATE INDEX projects_archived_idx ON projects (archived) WHERE NOT archived;

CREATE TABLE project_labels (
    project_id bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    label      text   NOT NULL,
    color      text
);
CREATE UNIQUE INDEX project_labels_project_label_key ON project_labels (project_id, label);
CREATE INDEX project_labels_label_idx ON project_labels (label);

-- +goose Down
DROP TABLE project_labels;
DROP TABLE projects;
