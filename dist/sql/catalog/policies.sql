-- Row-level security policies. Role OID 0 in polroles stands for PUBLIC.
-- $1: the OIDs of the owning relations to read, or NULL for all (rel_oid
-- groups the rows by that relation for incremental snapshots).
SELECT p.polrelid AS rel_oid,
  n.nspname::text AS schema,
  c.relname::text AS table,
  p.polname::text AS name,
  p.polcmd::text AS command,
  p.polpermissive AS permissive,
  ARRAY(SELECT CASE WHEN r.oid = 0 THEN 'public' ELSE pg_get_userbyid(r.oid)::text END
        FROM unnest(p.polroles) AS r(oid) ORDER BY 1) AS roles,
  pg_get_expr(p.polqual, p.polrelid, true) AS using,
  pg_get_expr(p.polwithcheck, p.polrelid, true) AS with_check,
  -- Roles the policy names that row level security never applies to.
  ARRAY(SELECT pg_get_userbyid(r.oid)::text FROM unnest(p.polroles) AS r(oid)
        WHERE r.oid = ANY (exempt.roles) ORDER BY 1) AS exempt_roles
FROM pg_policy p
-- Looked up once, not for every policy.
CROSS JOIN (SELECT ARRAY(SELECT oid FROM pg_roles WHERE rolsuper OR rolbypassrls) AS roles) exempt
JOIN pg_class c ON c.oid = p.polrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE ($1::oid[] IS NULL OR p.polrelid = ANY ($1))
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend d
    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 2, 3, 4
