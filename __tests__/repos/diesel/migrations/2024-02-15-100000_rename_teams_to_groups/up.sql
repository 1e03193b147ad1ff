-- Diesel runs this in a transaction: the lock holds until both renames commit.
LOCK TABLE teams, team_members IN ACCESS EXCLUSIVE MODE;
ALTER TABLE teams RENAME TO groups;
ALTER TABLE team_members RENAME COLUMN team_id TO group_id;
ALTER TABLE projects RENAME COLUMN team_id TO group_id;
