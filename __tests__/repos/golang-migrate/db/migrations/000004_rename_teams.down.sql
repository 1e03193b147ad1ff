BEGIN;

LOCK TABLE organizations IN ACCESS EXCLUSIVE MODE;

ALTER TABLE projects RENAME COLUMN organization_id TO team_id;
ALTER TABLE team_memberships RENAME COLUMN organization_id TO team_id;
ALTER TABLE organizations RENAME TO teams;

COMMIT;
