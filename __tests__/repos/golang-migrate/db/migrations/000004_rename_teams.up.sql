BEGIN;

-- Hold off writers until both renames are in: the app is deployed right after.
LOCK TABLE teams IN ACCESS EXCLUSIVE MODE;
LOCK TABLE accounts IN SHARE ROW EXCLUSIVE MODE;

ALTER TABLE teams RENAME TO organizations;
ALTER TABLE team_memberships RENAME COLUMN team_id TO organization_id;
ALTER TABLE projects RENAME COLUMN team_id TO organization_id;

COMMIT;
