-- Revert teamwork:audit_log from pg

BEGIN;

ALTER TABLE projects ADD COLUMN priority smallint NOT NULL DEFAULT 3;
CREATE INDEX projects_priority_idx ON projects (priority);

CREATE TABLE project_attachments (
    id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id  integer NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    file_name   text    NOT NULL,
    byte_size   bigint  NOT NULL
);

CREATE INDEX project_attachments_project_id_idx ON project_attachments (project_id);
CREATE INDEX project_attachments_file_name_idx ON project_attachments (lower(file_name));

DROP TRIGGER projects_audit_delete ON projects;
DROP FUNCTION audit_project();
DROP TABLE audit_log;

COMMIT;
