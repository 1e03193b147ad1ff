-- The transaction that last wrote each user object's catalog row (xmin), named
-- the way catalog/entry.ts names comparable entries. On a scratch server that
-- applied a history file by file, it tells which file created or last changed
-- an object: a rename or ALTER rewrites the row, so the answer is runtime
-- truth, not a guess from the file's text. Functions are named without their
-- arguments (their identity text depends on the search_path).
SELECT kind, object, xid FROM (
  SELECT 'schema' AS kind, n.nspname::text AS object, n.xmin::text::bigint AS xid
  FROM pg_namespace n
  UNION ALL
  SELECT CASE WHEN c.relkind = 'i' OR c.relkind = 'I' THEN 'index'
              WHEN c.relkind = 'S' THEN 'sequence' ELSE 'table' END,
         n.nspname || '.' || c.relname, c.xmin::text::bigint
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'i', 'I', 'S')
  UNION ALL
  SELECT 'column', n.nspname || '.' || c.relname || '.' || a.attname, a.xmin::text::bigint
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  UNION ALL
  SELECT 'constraint', n.nspname || '.' || c.relname || '.' || k.conname, k.xmin::text::bigint
  FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  UNION ALL
  SELECT 'policy', n.nspname || '.' || c.relname || '.' || p.polname, p.xmin::text::bigint
  FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  UNION ALL
  SELECT 'trigger', n.nspname || '.' || c.relname || '.' || t.tgname, t.xmin::text::bigint
  FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE NOT t.tgisinternal
  UNION ALL
  SELECT 'function', n.nspname || '.' || p.proname, p.xmin::text::bigint
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
  UNION ALL
  -- An enum's values are rows of their own: ADD VALUE changes the type without touching pg_type.
  SELECT CASE WHEN t.typtype = 'e' THEN 'enum' ELSE 'type' END, n.nspname || '.' || t.typname,
         GREATEST(t.xmin::text::bigint, (SELECT max(e.xmin::text::bigint) FROM pg_enum e WHERE e.enumtypid = t.oid))
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
  WHERE t.typtype IN ('e', 'd', 'c', 'r', 'b')
  UNION ALL
  SELECT 'extension', x.extname::text, x.xmin::text::bigint
  FROM pg_extension x
) o
WHERE o.xid >= $1
