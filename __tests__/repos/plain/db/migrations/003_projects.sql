BEGIN;

CREATE TABLE projects (
    id          serial PRIMARY KEY,
    team_id     integer     NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    title       text        NOT NULL,
    is_archived boolean     NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX projects_team_id_idx ON projects (team_id);
CREATE INDEX projects_is_archived_idx ON projects (is_archived);

CREATE TABLE project_tags (
    project_id integer NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    tag        text    NOT NULL,
    PRIMARY KEY (project_id, tag)
);
CREATE INDEX project_tags_tag_idx ON project_tags (tag);

COMMIT;
