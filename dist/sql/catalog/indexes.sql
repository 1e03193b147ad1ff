-- Indexes on user relations. An index that is a partition of a partitioned
-- table's index (relispartition) was created by PostgreSQL for the partition,
-- so it is marked inherited.
SELECT n.nspname::text AS schema,
  ic.relname::text AS name,
  tc.relname::text AS table,
  am.amname::text AS method,
  -- A plain column by its name, as constraints list theirs ("userId" unquoted),
  -- so the two compare; an expression as pg_get_indexdef shows it.
  ARRAY(SELECT coalesce(a.attname::text, pg_get_indexdef(x.indexrelid, k, true))
        FROM generate_series(1, x.indnkeyatts) AS k
        LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[k - 1] AND a.attnum > 0
        ORDER BY k) AS columns,
  ARRAY(SELECT pg_get_indexdef(x.indexrelid, k, true)
        FROM generate_series(x.indnkeyatts + 1, x.indnatts) AS k ORDER BY k) AS include,
  x.indisunique AS unique,
  x.indisprimary AS primary,
  x.indisvalid AS valid,
  x.indisready AS ready,
  pg_get_expr(x.indpred, x.indrelid, true) AS predicate,
  pg_get_indexdef(x.indexrelid) AS definition,
  con.conname::text AS constraint,
  ic.relispartition AS inherited
FROM pg_index x
JOIN pg_class ic ON ic.oid = x.indexrelid
JOIN pg_class tc ON tc.oid = x.indrelid
JOIN pg_namespace n ON n.oid = ic.relnamespace
JOIN pg_am am ON am.oid = ic.relam
-- conindid is also set on foreign keys (the referenced index): only the
-- constraint the index implements counts.
LEFT JOIN pg_constraint con
  ON con.conindid = x.indexrelid AND con.conrelid = x.indrelid AND con.contype IN ('p', 'u', 'x')
WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend d
    WHERE d.classid = 'pg_class'::regclass AND d.objid = tc.oid AND d.deptype = 'e')
ORDER BY 1, 3, 2
