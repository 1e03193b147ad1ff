-- Pins the settings that change how PostgreSQL renders types, expressions and
-- constants, and returns the session's values so they can be restored.
-- search_path: with only pg_catalog visible, format_type, pg_get_expr and the
-- pg_get_*def functions qualify every user object. TimeZone, DateStyle,
-- IntervalStyle, extra_float_digits: constants in partition bounds, defaults
-- and checks (a timestamptz bound prints in the session's time zone). Two
-- snapshots then compare equal whatever the migration SET in between.
-- jit: a server built with LLVM compiles a query whose estimated cost passes
-- jit_above_cost, and the catalog queries' estimates do (set-returning
-- functions count as a thousand rows each): seconds of compiling for
-- milliseconds of reading.
-- The lateral subquery reads each old value before set_config changes it.
WITH pinned(name, value) AS (
  VALUES ('search_path', 'pg_catalog, pg_temp'),
         ('TimeZone', 'UTC'),
         ('DateStyle', 'ISO, YMD'),
         ('IntervalStyle', 'postgres'),
         ('extra_float_digits', '1'),
         ('jit', 'off')
)
SELECT p.name, old.value AS previous, set_config(p.name, p.value, false) AS pinned
FROM pinned p
CROSS JOIN LATERAL (SELECT current_setting(p.name) AS value OFFSET 0) old
