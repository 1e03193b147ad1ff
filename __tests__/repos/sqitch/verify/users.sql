-- Verify teamwork:users on pg

BEGIN;

SELECT id, email, nickname, created_at, updated_at FROM users WHERE false;

ROLLBACK;
