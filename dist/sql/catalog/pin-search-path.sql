-- Pins search_path for the snapshot queries and returns the session's value so
-- it can be restored. With only pg_catalog visible, format_type, pg_get_expr
-- and the pg_get_*def functions qualify every user object, so two snapshots
-- compare equal whatever search_path the migration left behind. The OFFSET 0
-- subquery reads the old value before set_config changes it.
SELECT s.previous, set_config('search_path', 'pg_catalog, pg_temp', false) AS pinned
FROM (SELECT current_setting('search_path') AS previous OFFSET 0) s
