-- The names (quoted by the server) of the tables among $1 that still exist,
-- for the second connection's LOCK TABLE while a statement that runs outside
-- a transaction is watched.
SELECT c.oid::pg_catalog.regclass::pg_catalog.text AS name
FROM pg_catalog.pg_class c
WHERE c.oid OPERATOR(pg_catalog.=) ANY ($1::pg_catalog.oid[])
  AND c.relkind OPERATOR(pg_catalog.=) ANY ('{r,p}'::pg_catalog."char"[])
