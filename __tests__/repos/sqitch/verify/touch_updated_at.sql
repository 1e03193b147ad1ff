-- Verify teamwork:touch_updated_at on pg

BEGIN;

SELECT 1 / (position('IS DISTINCT FROM' in pg_get_functiondef('touch_updated_at()'::regprocedure)) > 0)::int;

ROLLBACK;
