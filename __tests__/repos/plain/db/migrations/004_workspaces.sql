-- Teams are called workspaces in the product now. The lock keeps writers out
-- while both renames land, so no query sees one without the other.
BEGIN;
LOCK TABLE teams, users IN ACCESS EXCLUSIVE MODE;
ALTER TABLE teams RENAME TO workspaces;
ALTER TABLE users RENAME COLUMN name TO display_name;
COMMIT;
