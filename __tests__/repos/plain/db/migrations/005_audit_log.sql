BEGIN;

CREATE TABLE audit_log (
    id          bigserial PRIMARY KEY,
    "userId"    integer REFERENCES users (id) ON DELETE SET NULL,
    actor_role  team_role,
    entity      text        NOT NULL,
    entity_id   integer     NOT NULL,
    action      text        NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_user_id_idx ON audit_log ("userId");

CREATE FUNCTION audit_project_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_log (entity, entity_id, action)
    VALUES ('project', coalesce(NEW.id, OLD.id), lower(TG_OP));
    RETURN NULL;
END;
$$;

CREATE TRIGGER projects_audit
    AFTER INSERT OR UPDATE OR DELETE ON projects
    FOR EACH ROW EXECUTE FUNCTION audit_project_change();

-- Tags were never used; archiving became deletion.
DROP TABLE project_tags;
ALTER TABLE projects DROP COLUMN is_archived;

COMMIT;
