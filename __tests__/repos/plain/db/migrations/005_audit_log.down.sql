BEGIN;

ALTER TABLE projects ADD COLUMN is_archived boolean NOT NULL DEFAULT false;
CREATE INDEX projects_is_archived_idx ON projects (is_archived);

CREATE TABLE project_tags (
    project_id integer NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    tag        text    NOT NULL,
    PRIMARY KEY (project_id, tag)
);
CREATE INDEX project_tags_tag_idx ON project_tags (tag);

DROP TRIGGER projects_audit ON projects;
DROP FUNCTION audit_project_change();
DROP TABLE audit_log;

COMMIT;
