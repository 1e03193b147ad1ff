-- Functions, procedures, aggregates and window functions in user schemas,
-- except the ones an extension installed and the ones PostgreSQL generated
-- for another object (a range type's constructors depend on it internally).
SELECT n.nspname::text AS schema,
  p.proname::text AS name,
  pg_get_function_identity_arguments(p.oid) AS identity_args,
  pg_get_function_result(p.oid) AS result_type,
  l.lanname::text AS language,
  p.prosecdef AS security_definer,
  COALESCE(p.proconfig, '{}'::text[]) AS config,
  p.prokind::text AS kind,
  p.provolatile::text AS volatility,
  p.proisstrict AS strict,
  p.prosrc AS source
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_language l ON l.oid = p.prolang
WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend d
    WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype IN ('e', 'i'))
ORDER BY 1, 2, 3
