BEGIN;
DROP TRIGGER users_touch_updated_at ON users;
DROP FUNCTION touch_updated_at();
DROP TABLE users;
COMMIT;
