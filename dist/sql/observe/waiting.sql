-- Read from a second connection while a statement that runs outside a
-- transaction waits: the migration session's locks on relations, and any
-- lock it is waiting for (a concurrent index build waits on transactions).
-- $1 the migration session's backend.
SELECT l.relation::pg_catalog.int8 AS oid, l.mode, l.granted
FROM pg_catalog.pg_locks l
WHERE l.pid OPERATOR(pg_catalog.=) $1
  AND (l.locktype OPERATOR(pg_catalog.=) 'relation' OR NOT l.granted)
