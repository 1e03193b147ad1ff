-- Revert teamwork:touch_updated_at from pg

BEGIN;

DROP FUNCTION touch_updated_at();

COMMIT;
