-- Verify teamwork:touch_updated_at on pg

BEGIN;

SELECT has_function_privilege('touch_updated_at()', 'execute');

ROLLBACK;
