-- Indexes on user relations. An index that is a partition of a partitioned
-- table's index (relispartition) was created by PostgreSQL for the partition,
-- so it is marked inherited.
-- $1: the OIDs of the owning relations to read, or NULL for all (rel_oid
-- groups the rows by that relation for incremental snapshots).
-- $2, $3: indexes a previous snapshot read (OIDs) and the versions of their
-- rows it read (`version`: the xmin of the index's pg_class and pg_index
-- rows; NULL when this transaction wrote one, since its commands share an
-- xmin). An index whose rows are the same versions is `known`: its definition
-- is not written again (NULL), the caller keeps the one it has after
-- comparing every other column, read afresh.
--
-- The definition is pg_get_indexdef's text. pg_get_indexdef takes time in
-- proportion to the table's columns (it names them all first), which makes a
-- table of hundreds of columns and indexes quadratic. On a table of more than
-- 32 columns, a non-unique index without a predicate has its definition left
-- NULL here: sql/catalog/indexes-wide.sql writes it, asked only when there is
-- such an index (planning that query costs more than reading a small schema's
-- indexes does).
SELECT x.indrelid AS rel_oid,
  n.nspname::text AS schema,
  ic.relname::text AS name,
  tc.relname::text AS table,
  am.amname::text AS method,
  -- A plain column by its catalog name ("userId" is userId, as in constraints);
  -- an expression as PostgreSQL prints it.
  ARRAY(SELECT COALESCE(
           (SELECT a.attname::text FROM pg_attribute a
            WHERE a.attrelid = x.indrelid AND a.attnum = x.indkey[k - 1] AND x.indkey[k - 1] <> 0),
           pg_get_indexdef(x.indexrelid, k, true))
        FROM generate_series(1, x.indnkeyatts) AS k ORDER BY k) AS columns,
  -- Most indexes have no INCLUDE columns: their subquery is not run.
  CASE WHEN x.indnatts > x.indnkeyatts THEN
    ARRAY(SELECT COALESCE(
             (SELECT a.attname::text FROM pg_attribute a
              WHERE a.attrelid = x.indrelid AND a.attnum = x.indkey[k - 1] AND x.indkey[k - 1] <> 0),
             pg_get_indexdef(x.indexrelid, k, true))
          FROM generate_series(x.indnkeyatts + 1, x.indnatts) AS k ORDER BY k)
  ELSE '{}'::text[] END AS include,
  x.indisunique AS unique,
  x.indisprimary AS primary,
  x.indisvalid AS valid,
  x.indisready AS ready,
  pg_get_expr(x.indpred, x.indrelid, true) AS predicate,
  -- Left to indexes-wide.sql (NULL here): see above.
  CASE WHEN v.version IS NOT NULL AND k.version = v.version THEN NULL
       WHEN tc.relnatts > 32 AND NOT x.indisunique AND x.indpred IS NULL THEN NULL
       ELSE pg_get_indexdef(x.indexrelid) END AS definition,
  con.conname::text AS constraint,
  ic.relispartition AS inherited,
  x.indexrelid AS index_oid,
  v.version,
  COALESCE(v.version IS NOT NULL AND k.version = v.version, false) AS known
FROM pg_index x
JOIN pg_class ic ON ic.oid = x.indexrelid
JOIN pg_class tc ON tc.oid = x.indrelid
JOIN pg_namespace n ON n.oid = ic.relnamespace
JOIN pg_namespace tn ON tn.oid = tc.relnamespace
JOIN pg_am am ON am.oid = ic.relam
-- conindid is also set on foreign keys (the referenced index): only the
-- constraint the index implements counts.
LEFT JOIN pg_constraint con
  ON con.conindid = x.indexrelid AND con.conrelid = x.indrelid AND con.contype IN ('p', 'u', 'x')
CROSS JOIN LATERAL (
  SELECT CASE WHEN age(ic.xmin) > 0 AND age(x.xmin) > 0 THEN concat(ic.xmin, '/', x.xmin) END AS version
) v
LEFT JOIN unnest($2::oid[], $3::text[]) AS k(oid, version) ON k.oid = x.indexrelid
WHERE ($1::oid[] IS NULL OR x.indrelid = ANY ($1))
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend d
    WHERE d.classid = 'pg_class'::regclass AND d.objid = tc.oid AND d.deptype = 'e')
ORDER BY 2, 4, 3
