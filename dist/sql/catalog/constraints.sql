-- Table constraints (primary key, unique, check, foreign key, exclusion).
-- Constraints PostgreSQL cloned onto partitions (conparentid) or inherited
-- from a parent (not conislocal) are marked inherited.
-- $1: the OIDs of the owning relations to read, or NULL for all (rel_oid
-- groups the rows by that relation for incremental snapshots).
SELECT con.conrelid AS rel_oid,
  n.nspname::text AS schema,
  c.relname::text AS table,
  con.conname::text AS name,
  con.contype::text AS type,
  pg_get_constraintdef(con.oid, true) AS definition,
  ARRAY(SELECT a.attname::text
        FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, i)
        JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
        ORDER BY k.i) AS columns,
  rn.nspname::text AS ref_schema,
  rc.relname::text AS ref_table,
  ARRAY(SELECT a.attname::text
        FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, i)
        JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
        ORDER BY k.i) AS ref_columns,
  con.confdeltype::text AS on_delete,
  con.confupdtype::text AS on_update,
  con.convalidated AS validated,
  con.condeferrable AS deferrable,
  con.condeferred AS deferred,
  (con.conparentid <> 0 OR NOT con.conislocal) AS inherited
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class rc ON rc.oid = con.confrelid
LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
WHERE ($1::oid[] IS NULL OR con.conrelid = ANY ($1))
  AND con.contype IN ('p', 'u', 'c', 'f', 'x')
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend d
    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 2, 3, 4
