-- Tables, partitioned tables, views, materialized views and foreign tables in
-- user schemas, with their live columns in attnum order as a JSON array (one
-- round trip for every relation instead of one per table), their options, the
-- relations a view reads, and the roles its rows are granted to.
-- $1: the OIDs of the owning relations to read, or NULL for all (rel_oid
-- groups the rows by that relation for incremental snapshots).
SELECT c.oid AS rel_oid,
  n.nspname::text AS schema,
  c.relname::text AS name,
  c.relkind::text AS relkind,
  c.relpersistence = 'u' AS unlogged,
  c.relrowsecurity AS rls_enabled,
  c.relforcerowsecurity AS rls_forced,
  CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key,
  pn.nspname::text AS parent_schema,
  pc.relname::text AS parent_name,
  CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid, true) END AS partition_bound,
  CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END AS definition,
  COALESCE(cols.columns, '[]'::json) AS columns,
  COALESCE(c.reloptions, '{}'::text[]) AS options,
  -- The relations a view's query reads: what its rewrite rule depends on.
  COALESCE(CASE WHEN c.relkind IN ('v', 'm') THEN (
    SELECT json_agg(json_build_object('schema', rn.nspname, 'name', rc.relname) ORDER BY rn.nspname, rc.relname)
    FROM (
      SELECT DISTINCT d.refobjid
      FROM pg_rewrite rw
      JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = rw.oid
        AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> c.oid
      WHERE rw.ev_class = c.oid
    ) dep
    JOIN pg_class rc ON rc.oid = dep.refobjid
    JOIN pg_namespace rn ON rn.oid = rc.relnamespace
  ) END, '[]'::json) AS reads,
  -- Roles row level security applies to (not the owner, superusers or
  -- BYPASSRLS roles) that may read or write the rows.
  COALESCE(CASE WHEN c.relacl IS NOT NULL THEN ARRAY(
    SELECT DISTINCT CASE WHEN acl.grantee = 0 THEN 'public' ELSE pg_get_userbyid(acl.grantee)::text END
    FROM aclexplode(c.relacl) acl
    WHERE acl.grantee <> c.relowner
      AND acl.privilege_type IN ('SELECT', 'INSERT', 'UPDATE', 'DELETE')
      AND acl.grantee <> ALL (exempt.roles)
    ORDER BY 1) END, '{}'::text[]) AS grantees
FROM pg_class c
-- Looked up once, not for every grant.
CROSS JOIN (SELECT ARRAY(SELECT oid FROM pg_roles WHERE rolsuper OR rolbypassrls) AS roles) exempt
JOIN pg_namespace n ON n.oid = c.relnamespace
-- Only a partition's single parent; plain inheritance (INHERITS) is not a partition.
LEFT JOIN pg_inherits i ON c.relispartition AND i.inhrelid = c.oid
LEFT JOIN pg_class pc ON pc.oid = i.inhparent
LEFT JOIN pg_namespace pn ON pn.oid = pc.relnamespace
LEFT JOIN LATERAL (
  SELECT json_agg(json_build_object(
      'name', a.attname,
      'type', format_type(a.atttypid, a.atttypmod),
      'notNull', a.attnotnull,
      'default', CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, ad.adrelid, true) END,
      'identity', CASE a.attidentity WHEN 'a' THEN 'ALWAYS' WHEN 'd' THEN 'BY DEFAULT' END,
      'generated', CASE WHEN a.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid, true) END
    ) ORDER BY a.attnum) AS columns
  FROM pg_attribute a
  LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
) cols ON true
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND ($1::oid[] IS NULL OR c.oid = ANY ($1))
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend d
    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 2, 3
