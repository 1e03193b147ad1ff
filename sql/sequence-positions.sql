-- Every sequence of the database the gate may read, with its increment: where
-- each stands is then read from the sequence itself, as nextval() and
-- setval() are never rolled back — the only trace a rolled-back run can leave.
SELECT n.nspname::text AS schema, c.relname::text AS name, s.seqincrement::text AS increment
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_sequence s ON s.seqrelid = c.oid
WHERE c.relkind = 'S'
  -- Evaluated only for sequences: has_sequence_privilege fails on any other relation.
  AND CASE WHEN c.relkind = 'S' THEN has_sequence_privilege(c.oid, 'SELECT') ELSE false END
ORDER BY 1, 2
