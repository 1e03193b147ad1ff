-- Revert teamwork:rename_teams_to_squads from pg

BEGIN;

LOCK TABLE squads, squad_members, projects IN ACCESS EXCLUSIVE MODE;

ALTER TABLE projects RENAME COLUMN squad_id TO team_id;
ALTER TABLE squad_members RENAME COLUMN squad_id TO team_id;
ALTER TABLE squad_members RENAME TO team_members;
ALTER TABLE squads RENAME TO teams;

COMMIT;
