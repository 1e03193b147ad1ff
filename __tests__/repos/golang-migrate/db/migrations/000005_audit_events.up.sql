CREATE TABLE audit_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "userId"    uuid REFERENCES accounts (id) ON DELETE SET NULL,
    actor_role  membership_role,
    kind        text        NOT NULL,
    details     jsonb       NOT NULL DEFAULT '{}',
    occurred_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX audit_events_user_id_idx ON audit_events ("userId");

-- Watchers were replaced by notifications settings; archiving by deletion.
DROP TABLE project_watchers;
ALTER TABLE projects DROP COLUMN archived_at;
