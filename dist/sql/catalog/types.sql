-- User-defined types: enums (with their labels in sort order), domains,
-- stand-alone composite types, ranges and base types. Types PostgreSQL made
-- on the side (array types, multiranges, the row types of tables, views and
-- the like) depend internally on their owner and are left out, as are
-- extension members; a stand-alone composite type is the other way round
-- (its pg_class entry depends on it).
SELECT n.nspname::text AS schema,
  t.typname::text AS name,
  t.typtype::text AS typtype,
  CASE WHEN t.typtype = 'e' THEN
    ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)
  END AS values,
  CASE t.typtype
    WHEN 'd' THEN concat_ws(' ',
      format_type(t.typbasetype, t.typtypmod),
      'DEFAULT ' || pg_get_expr(t.typdefaultbin, 0, true),
      CASE WHEN t.typnotnull THEN 'NOT NULL' END,
      -- PostgreSQL 17 also records NOT NULL as a constraint ('n'); typnotnull said it already.
      (SELECT string_agg('CONSTRAINT ' || quote_ident(dc.conname) || ' ' || pg_get_constraintdef(dc.oid, true),
                         ' ' ORDER BY dc.conname)
       FROM pg_constraint dc WHERE dc.contypid = t.oid AND dc.contype <> 'n'))
    WHEN 'c' THEN '(' || (
      SELECT string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum)
      FROM pg_attribute a
      WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) || ')'
    WHEN 'r' THEN (SELECT 'SUBTYPE = ' || format_type(r.rngsubtype, NULL) FROM pg_range r WHERE r.rngtypid = t.oid)
  END AS definition
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype IN ('e', 'd', 'c', 'r', 'b')
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend d
    WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype IN ('e', 'i'))
ORDER BY 1, 2
