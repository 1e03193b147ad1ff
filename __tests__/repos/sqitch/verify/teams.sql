-- Verify teamwork:teams on pg

BEGIN;

SELECT id, name, created_at FROM teams WHERE false;
SELECT team_id, "userId", role FROM team_members WHERE false;

ROLLBACK;
