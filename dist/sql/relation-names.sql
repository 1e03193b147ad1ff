-- The tables, views and sequences a name may be mistyped for: $1 the schema
-- (NULL: the schemas on search_path, as an unqualified name resolves).
SELECT c.relname AS name
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
  AND (n.nspname = $1 OR ($1 IS NULL AND n.nspname = ANY (current_schemas(false))))
