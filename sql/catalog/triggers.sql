-- User triggers (not the internal ones behind foreign keys). A trigger
-- PostgreSQL cloned onto a partition has tgparentid set: marked inherited.
SELECT n.nspname::text AS schema,
  c.relname::text AS table,
  t.tgname::text AS name,
  fn.nspname::text AS function_schema,
  f.proname::text AS function_name,
  t.tgtype::int AS type_bits,
  t.tgenabled::text AS enabled,
  pg_get_triggerdef(t.oid, true) AS definition,
  t.tgparentid <> 0 AS inherited
FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_proc f ON f.oid = t.tgfoid
JOIN pg_namespace fn ON fn.oid = f.pronamespace
WHERE NOT t.tgisinternal
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend d
    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1, 2, 3
