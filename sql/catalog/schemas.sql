-- User schemas. The prefix pg_ is reserved for system schemas, which covers
-- pg_catalog, pg_toast and every pg_temp_N / pg_toast_temp_N; schemas an
-- extension created belong to the extension, not to the migrations.
SELECT n.nspname::text AS name
FROM pg_namespace n
WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend d
    WHERE d.classid = 'pg_namespace'::regclass AND d.objid = n.oid AND d.deptype = 'e')
ORDER BY 1
