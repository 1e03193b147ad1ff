-- Revert teamwork:teams from pg

BEGIN;

DROP TABLE team_members;
DROP TABLE teams;
DROP TYPE IF EXISTS member_role;

COMMIT;
