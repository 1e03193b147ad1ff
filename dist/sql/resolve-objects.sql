-- Which of the referenced objects exist. $1 kinds, $2 schemas (NULL: resolve
-- through search_path like the migration would), $3 names. Returns the
-- 1-based positions of the objects that exist.
SELECT r.i::int AS i
FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS r(kind, schema, name, i)
WHERE CASE r.kind
  WHEN 'schema' THEN EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = r.name)
  WHEN 'relation' THEN EXISTS (
    SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relname = r.name
      AND (n.nspname = r.schema OR (r.schema IS NULL AND n.nspname = ANY (current_schemas(true)))))
  WHEN 'function' THEN EXISTS (
    SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE p.proname = r.name
      AND (n.nspname = r.schema OR (r.schema IS NULL AND n.nspname = ANY (current_schemas(true)))))
  WHEN 'type' THEN r.name IN ('serial', 'bigserial', 'smallserial', 'serial4', 'serial8', 'serial2')
    OR to_regtype(CASE WHEN r.schema IS NULL THEN quote_ident(r.name)
                       ELSE quote_ident(r.schema) || '.' || quote_ident(r.name) END) IS NOT NULL
  WHEN 'trigger' THEN EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = r.name)
  WHEN 'policy' THEN EXISTS (SELECT 1 FROM pg_policy WHERE polname = r.name)
  WHEN 'extension' THEN EXISTS (SELECT 1 FROM pg_extension WHERE extname = r.name)
  WHEN 'role' THEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r.name)
  ELSE true
END
