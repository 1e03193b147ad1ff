LOCK TABLE groups, team_members IN ACCESS EXCLUSIVE MODE;
ALTER TABLE projects RENAME COLUMN group_id TO team_id;
ALTER TABLE team_members RENAME COLUMN group_id TO team_id;
ALTER TABLE groups RENAME TO teams;
