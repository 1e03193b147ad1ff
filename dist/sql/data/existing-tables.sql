-- The tables data preservation counts on a database the gate may change, as
-- the catalog snapshot lists them (sql/catalog/tables.sql): tables and
-- partitioned tables in user schemas, not a partition (counted through its
-- parent) nor an extension's, with their live columns in order. Asked beside
-- the snapshot before, whose tables are then compared with these.
SELECT n.nspname::text AS schema,
  c.relname::text AS name,
  ARRAY(SELECT a.attname::text FROM pg_attribute a
        WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum) AS columns
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND NOT c.relispartition
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend d
    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1, 2
