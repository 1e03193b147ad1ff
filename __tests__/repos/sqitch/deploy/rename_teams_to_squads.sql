-- Deploy teamwork:rename_teams_to_squads to pg
-- requires: teams
-- requires: projects

BEGIN;

-- LOCK TABLE only works inside a transaction block: sqitch adds none, this
-- script's BEGIN does.
LOCK TABLE teams, team_members, projects IN ACCESS EXCLUSIVE MODE;

ALTER TABLE teams RENAME TO squads;
ALTER TABLE team_members RENAME TO squad_members;
ALTER TABLE squad_members RENAME COLUMN team_id TO squad_id;
ALTER TABLE projects RENAME COLUMN team_id TO squad_id;

COMMIT;
