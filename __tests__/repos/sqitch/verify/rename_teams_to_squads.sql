-- Verify teamwork:rename_teams_to_squads on pg

BEGIN;

SELECT id, name FROM squads WHERE false;
SELECT squad_id, "userId" FROM squad_members WHERE false;
SELECT squad_id FROM projects WHERE false;

ROLLBACK;
