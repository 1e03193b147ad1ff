-- migrate:up
CREATE TABLE audit_trail (
  id bigserial PRIMARY KEY,
  "userId" bigint REFERENCES users (id) ON DELETE SET NULL,
  actor_role team_role,
  table_name text NOT NULL,
  row_id bigint NOT NULL,
  operation text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX audit_trail_user_id_idx ON audit_trail ("userId");

CREATE FUNCTION record_audit_trail() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  INSERT INTO audit_trail (table_name, row_id, operation)
  VALUES (TG_TABLE_NAME, coalesce(NEW.id, OLD.id), TG_OP);
  RETURN coalesce(NEW, OLD);
END
$$;

CREATE TRIGGER projects_audit_trail AFTER INSERT OR UPDATE OR DELETE ON projects
  FOR EACH ROW EXECUTE FUNCTION record_audit_trail();

-- Invites go through the identity provider now; a project's status lives in
-- the tracker, not here.
DROP TABLE project_invites;
ALTER TABLE projects DROP COLUMN status;

-- migrate:down
ALTER TABLE projects ADD COLUMN status text NOT NULL DEFAULT 'active';
CREATE INDEX projects_status_idx ON projects (status);

CREATE TABLE project_invites (
  id bigserial PRIMARY KEY,
  project_id bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  email text NOT NULL,
  token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX project_invites_token_idx ON project_invites (token);
CREATE INDEX project_invites_project_id_idx ON project_invites (project_id);

DROP TRIGGER projects_audit_trail ON projects;
DROP FUNCTION record_audit_trail();
DROP TABLE audit_trail;
