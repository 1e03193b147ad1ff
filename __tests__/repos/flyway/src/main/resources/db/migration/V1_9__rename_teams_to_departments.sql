-- Flyway runs this migration in one transaction: the lock is held until the
-- renames commit.
LOCK TABLE teams, team_members IN ACCESS EXCLUSIVE MODE;

ALTER TABLE teams RENAME TO departments;
ALTER TABLE team_members RENAME COLUMN team_id TO department_id;
ALTER TABLE projects RENAME COLUMN team_id TO department_id;
