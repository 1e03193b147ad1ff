-- User triggers (not the internal ones behind foreign keys). A trigger
-- PostgreSQL cloned onto a partition has tgparentid set: marked inherited.
-- $1: the OIDs of the owning relations to read, or NULL for all (rel_oid
-- groups the rows by that relation for incremental snapshots).
SELECT t.tgrelid AS rel_oid,
  n.nspname::text AS schema,
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
WHERE ($1::oid[] IS NULL OR t.tgrelid = ANY ($1))
  AND NOT t.tgisinternal
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend d
    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 2, 3, 4
