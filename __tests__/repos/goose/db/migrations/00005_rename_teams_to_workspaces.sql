-- +goose Up
-- Teams are called workspaces in the product now.
LOCK TABLE teams, memberships, projects IN SHARE ROW EXCLUSIVE MODE;
ALTER TABLE teams RENAME TO workspaces;
ALTER TABLE users RENAME COLUMN name TO full_name;

-- +goose Down
LOCK TABLE workspaces, memberships, projects IN SHARE ROW EXCLUSIVE MODE;
ALTER TABLE users RENAME COLUMN full_name TO name;
ALTER TABLE workspaces RENAME TO teams;
