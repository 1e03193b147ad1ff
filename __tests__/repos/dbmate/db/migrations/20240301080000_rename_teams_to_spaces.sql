-- migrate:up
-- dbmate runs this section inside one transaction, so the lock is held until
-- the renames commit.
LOCK TABLE teams IN ACCESS EXCLUSIVE MODE;
ALTER TABLE teams RENAME TO spaces;
ALTER TABLE team_members RENAME TO space_members;
ALTER TABLE space_members RENAME COLUMN team_id TO space_id;
ALTER TABLE projects RENAME COLUMN team_id TO space_id;

-- migrate:down
LOCK TABLE spaces IN ACCESS EXCLUSIVE MODE;
ALTER TABLE projects RENAME COLUMN space_id TO team_id;
ALTER TABLE space_members RENAME COLUMN space_id TO team_id;
ALTER TABLE space_members RENAME TO team_members;
ALTER TABLE spaces RENAME TO teams;
