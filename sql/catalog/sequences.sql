-- Sequences with their settings (bigints as text: they may exceed 2^53) and
-- the column that owns them: deptype 'a' for serial / OWNED BY, 'i' for
-- identity columns. The owner is a lateral subquery so the planner searches
-- two small join trees instead of one wide one.
-- $1: the OIDs of the owning relations to read, or NULL for all (rel_oid
-- groups the rows by that relation for incremental snapshots).
SELECT s.seqrelid AS rel_oid,
  n.nspname::text AS schema,
  c.relname::text AS name,
  format_type(s.seqtypid, NULL) AS data_type,
  s.seqstart::text AS start,
  s.seqincrement::text AS increment,
  s.seqmin::text AS min_value,
  s.seqmax::text AS max_value,
  s.seqcycle AS cycle,
  own.schema AS owner_schema,
  own.table AS owner_table,
  own.column AS owner_column,
  COALESCE(own.identity, false) AS identity
FROM pg_sequence s
JOIN pg_class c ON c.oid = s.seqrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN LATERAL (
  SELECT own_n.nspname::text AS schema, own_c.relname::text AS table, own_a.attname::text AS column,
    d.deptype = 'i' AS identity
  FROM pg_depend d
  JOIN pg_class own_c ON own_c.oid = d.refobjid
  JOIN pg_namespace own_n ON own_n.oid = own_c.relnamespace
  JOIN pg_attribute own_a ON own_a.attrelid = d.refobjid AND own_a.attnum = d.refobjsubid
  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
    AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')
  LIMIT 1
) own ON true
WHERE ($1::oid[] IS NULL OR s.seqrelid = ANY ($1))
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend d
    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 2, 3
