-- Deploy teamwork:projects to pg
-- requires: teams

BEGIN;

CREATE TABLE projects (
    id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id     integer     NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    name        text        NOT NULL,
    priority    smallint    NOT NULL DEFAULT 3,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX projects_team_id_idx ON projects (team_id);
CREATE INDEX projects_priority_idx ON projects (priority);

CREATE TABLE project_attachments (
    id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id  integer NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    file_name   text    NOT NULL,
    byte_size   bigint  NOT NULL
);

CREATE INDEX project_attachments_project_id_idx ON project_attachments (project_id);
CREATE INDEX project_attachments_file_name_idx ON project_attachments (lower(file_name));

COMMIT;
