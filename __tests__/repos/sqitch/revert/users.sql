-- Revert teamwork:users from pg

BEGIN;

DROP TABLE users;

COMMIT;
