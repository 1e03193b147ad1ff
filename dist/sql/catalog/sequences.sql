-- Sequences with their settings (bigints as text: they may exceed 2^53) and
-- the column that owns them: deptype 'a' for serial / OWNED BY, 'i' for
-- identity columns.
SELECT n.nspname::text AS schema,
  c.relname::text AS name,
  format_type(s.seqtypid, NULL) AS data_type,
  s.seqstart::text AS start,
  s.seqincrement::text AS increment,
  s.seqmin::text AS min_value,
  s.seqmax::text AS max_value,
  s.seqcycle AS cycle,
  own_n.nspname::text AS owner_schema,
  own_c.relname::text AS owner_table,
  own_a.attname::text AS owner_column,
  COALESCE(own.deptype = 'i', false) AS identity
FROM pg_sequence s
JOIN pg_class c ON c.oid = s.seqrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_depend own
  ON own.classid = 'pg_class'::regclass AND own.objid = c.oid
  AND own.refclassid = 'pg_class'::regclass AND own.refobjsubid > 0 AND own.deptype IN ('a', 'i')
LEFT JOIN pg_class own_c ON own_c.oid = own.refobjid
LEFT JOIN pg_namespace own_n ON own_n.oid = own_c.relnamespace
LEFT JOIN pg_attribute own_a ON own_a.attrelid = own.refobjid AND own_a.attnum = own.refobjsubid
WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend d
    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1, 2
