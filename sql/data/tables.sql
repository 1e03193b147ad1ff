-- What can be known of the tables ($1 schemas, $2 names) without reading or
-- locking them: their live columns, the planner's row estimate (-1: never
-- analysed), the file node (TRUNCATE and table rewrites give a new one) and
-- the row counters of the current transaction (what pg_stat_xact_user_tables
-- shows, asked of our tables only).
-- $3: every table is about to be read, and the gate may read the server's
-- files: `empty` then says which tables have no page, as empty-files.sql
-- does, and a table known empty has no columns listed (no row to hash; at
-- 5,000 tables both questions in one query took 40–60 ms, asked apart 125).
SELECT t.i::int AS i,
  c.reltuples::float8 AS estimate,
  c.relfilenode::text AS filenode,
  CASE WHEN f.empty THEN NULL ELSE
    ARRAY(SELECT a.attname::text FROM pg_attribute a
          WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
          ORDER BY a.attnum)
  END AS columns,
  pg_stat_get_xact_tuples_inserted(c.oid)::float8 AS inserted,
  pg_stat_get_xact_tuples_updated(c.oid)::float8 AS updated,
  pg_stat_get_xact_tuples_deleted(c.oid)::float8 AS deleted,
  COALESCE(f.empty, false) AS empty
FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(schema, name, i)
JOIN pg_namespace n ON n.nspname = t.schema
JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = t.name AND c.relkind IN ('r', 'p')
CROSS JOIN LATERAL (
  SELECT CASE WHEN $3::bool AND c.relkind = 'r' THEN (pg_stat_file(pg_relation_filepath(c.oid), true)).size = 0 END AS empty
) f
ORDER BY t.i
