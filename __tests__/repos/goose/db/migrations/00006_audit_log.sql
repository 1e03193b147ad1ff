-- +goose Up
CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "userId"    bigint REFERENCES users (id) ON DELETE SET NULL,
    actor_role  member_role,
    action      text        NOT NULL,
    project_id  bigint,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_user_id_idx ON audit_log ("userId");

-- Labels moved to a JSON column; archived projects are deleted now.
ALTER TABLE projects ADD COLUMN labels jsonb NOT NULL DEFAULT '[]';
DROP TABLE project_labels;
ALTER TABLE projects DROP COLUMN archived;

-- +goose StatementBegin
CREATE FUNCTION log_project_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_log (action, project_id)
    VALUES (lower(TG_OP), coalesce(NEW.id, OLD.id));
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER projects_audit
    AFTER INSERT OR UPDATE OR DELETE ON projects
    FOR EACH ROW EXECUTE FUNCTION log_project_change();

-- +goose Down
DROP TRIGGER projects_audit ON projects;
DROP FUNCTION log_project_change();
ALTER TABLE projects ADD COLUMN archived boolean NOT NULL DEFAULT false;
CREATE INDEX projects_archived_idx ON projects (archived) WHERE NOT archived;
CREATE TABLE project_labels (
    project_id bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    label      text   NOT NULL,
    color      text
);
CREATE UNIQUE INDEX project_labels_project_label_key ON project_labels (project_id, label);
CREATE INDEX project_labels_label_idx ON project_labels (label);
ALTER TABLE projects DROP COLUMN labels;
DROP TABLE audit_log;
