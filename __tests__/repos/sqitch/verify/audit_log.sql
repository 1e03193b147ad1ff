-- Verify teamwork:audit_log on pg

BEGIN;

SELECT id, "userId", action, project_id, created_at FROM audit_log WHERE false;

ROLLBACK;
