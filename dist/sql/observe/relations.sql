-- The relations that exist before the migration runs, with what tracing
-- compares against: the file node (a rewrite gives the table a new one), the
-- planner's row estimate (-1: never analysed) with the pages it was made on
-- and the pages the table has here (more pages in the estimate than on disk:
-- statistics restored from another server), and the statistics locks.sql
-- reads (see there). Tables, partitioned tables, materialized views, views
-- and foreign tables of every schema but the system's; `pid` is the session's
-- own backend, whose locks the trace reads.
SELECT c.oid::pg_catalog.int8 AS oid,
       n.nspname::pg_catalog.text AS schema,
       c.relname::pg_catalog.text AS name,
       c.relkind::pg_catalog.text AS kind,
       c.relfilenode::pg_catalog.int8 AS filenode,
       c.reltuples::pg_catalog.float8 AS reltuples,
       c.relpages::pg_catalog.int8 AS estimated_pages,
       CASE WHEN c.reltuples OPERATOR(pg_catalog.>=) 0 AND c.relkind OPERATOR(pg_catalog.=) ANY ('{r,m}'::pg_catalog."char"[])
            THEN pg_catalog.pg_relation_size(c.oid) OPERATOR(pg_catalog./) pg_catalog.current_setting('block_size')::pg_catalog.int8
       END AS pages,
       pg_catalog.pg_stat_get_numscans(c.oid)
         OPERATOR(pg_catalog.+) pg_catalog.pg_stat_get_xact_numscans(c.oid) AS scans,
       pg_catalog.pg_stat_get_tuples_returned(c.oid)
         OPERATOR(pg_catalog.+) pg_catalog.pg_stat_get_xact_tuples_returned(c.oid) AS rows_read,
       pg_catalog.pg_stat_get_tuples_updated(c.oid)
         OPERATOR(pg_catalog.+) pg_catalog.pg_stat_get_xact_tuples_updated(c.oid)
         OPERATOR(pg_catalog.+) pg_catalog.pg_stat_get_tuples_deleted(c.oid)
         OPERATOR(pg_catalog.+) pg_catalog.pg_stat_get_xact_tuples_deleted(c.oid) AS rows_changed,
       pg_catalog.pg_backend_pid() AS pid
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
WHERE c.relkind OPERATOR(pg_catalog.=) ANY ('{r,p,m,v,f}'::pg_catalog."char"[])
  AND n.nspname OPERATOR(pg_catalog.<>) ALL ('{pg_catalog,information_schema}'::pg_catalog.name[])
  AND NOT pg_catalog.starts_with(n.nspname::pg_catalog.text, 'pg_toast')
  AND NOT pg_catalog.starts_with(n.nspname::pg_catalog.text, 'pg_temp_')
