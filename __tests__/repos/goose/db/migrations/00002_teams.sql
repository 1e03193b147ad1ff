-- +goose Up
-- +goose StatementBegin
DO $$ BEGIN
    CREATE TYPE member_role AS ENUM ('owner', 'admin', 'member');
EXCEPTION
    WHEN duplicate_object THEN NULL;
END $$;
-- +goose StatementEnd

CREATE TABLE teams (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug       text        NOT NULL UNIQUE,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE memberships (
    "teamId" bigint      NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    "userId" bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role     member_role NOT NULL DEFAULT 'member',
    PRIMARY KEY ("teamId", "userId")
);
CREATE INDEX memberships_user_id_idx ON memberships ("userId");

-- +goose Down
DROP TABLE memberships;
DROP TABLE teams;
DROP TYPE IF EXISTS member_role;
