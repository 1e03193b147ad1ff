-- What can be known of the tables ($1 schemas, $2 names) without reading or
-- locking them: their live columns, the planner's row estimate (-1: never
-- analysed), the file node (TRUNCATE and table rewrites give a new one) and
-- the row counters of the current transaction.
SELECT t.i::int AS i,
  c.reltuples::float8 AS estimate,
  c.relfilenode::text AS filenode,
  ARRAY(SELECT a.attname::text FROM pg_attribute a
        WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum) AS columns,
  COALESCE(s.n_tup_ins, 0)::float8 AS inserted,
  COALESCE(s.n_tup_upd, 0)::float8 AS updated,
  COALESCE(s.n_tup_del, 0)::float8 AS deleted
FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(schema, name, i)
JOIN pg_namespace n ON n.nspname = t.schema
JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = t.name AND c.relkind IN ('r', 'p')
LEFT JOIN pg_stat_xact_user_tables s ON s.relid = c.oid
ORDER BY t.i
