-- Installed extensions, wherever they live (plpgsql sits in pg_catalog):
-- an extension is a database-wide object, not a member of a user schema.
SELECT e.extname::text AS name, e.extversion AS version, n.nspname::text AS schema
FROM pg_extension e
JOIN pg_namespace n ON n.oid = e.extnamespace
ORDER BY 1
