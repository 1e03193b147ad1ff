CREATE TABLE audit_entries (
    id BIGSERIAL PRIMARY KEY,
    "userId" INTEGER REFERENCES users (id) ON DELETE SET NULL,
    actor_role member_role,
    action VARCHAR NOT NULL,
    entity VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX audit_entries_user_id_idx ON audit_entries ("userId");

CREATE FUNCTION audit_project_write() RETURNS trigger AS $$
BEGIN
    INSERT INTO audit_entries (action, entity) VALUES (lower(TG_OP), 'projects/' || NEW.id);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER projects_audit_write AFTER INSERT OR UPDATE ON projects
    FOR EACH ROW EXECUTE PROCEDURE audit_project_write();

-- Notes moved to the documents service; budgets to billing.
DROP TABLE project_notes;
ALTER TABLE projects DROP COLUMN budget_cents;
