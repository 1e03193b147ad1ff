DROP TRIGGER IF EXISTS accounts_bump_updated_at ON accounts;
DROP FUNCTION IF EXISTS bump_updated_at();
DROP TABLE IF EXISTS accounts;
