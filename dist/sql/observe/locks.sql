-- What the gate's own session holds right after a statement of the migration,
-- inside the transaction that statement ran in: each granted lock on a
-- relation that existed before the migration (the gate writes an array
-- literal of their OIDs — numbers only — in place of the placeholder below; a
-- constant array is searched by hashing, and the locks on what the migration
-- creates, which grow with every statement, cost nothing more) with the relation's file node and
-- its statistics (sequential scans, rows they read, rows updated or
-- deleted), and the server's clock: when the message that carried the
-- statement arrived, and now.
-- Statistics are the flushed counters plus this backend's pending ones: a
-- backend flushes its pending counters now and then between transactions,
-- and the sum goes on growing across a flush.
-- Runs in the middle of the migration's session, so every name is qualified:
-- whatever the migration put on the search_path, these are the system's
-- functions and operators.
SELECT pg_catalog.date_part('epoch', pg_catalog.statement_timestamp()) AS started,
       pg_catalog.date_part('epoch', pg_catalog.clock_timestamp()) AS ended,
       pg_catalog.json_agg(pg_catalog.json_build_array(
         l.relation::pg_catalog.int8,
         l.mode,
         -- One lookup per lock: a join would read all of pg_class after every statement.
         (SELECT c.relfilenode::pg_catalog.int8 FROM pg_catalog.pg_class c WHERE c.oid OPERATOR(pg_catalog.=) l.relation),
         pg_catalog.pg_stat_get_numscans(l.relation)
           OPERATOR(pg_catalog.+) pg_catalog.pg_stat_get_xact_numscans(l.relation),
         pg_catalog.pg_stat_get_tuples_returned(l.relation)
           OPERATOR(pg_catalog.+) pg_catalog.pg_stat_get_xact_tuples_returned(l.relation),
         pg_catalog.pg_stat_get_tuples_updated(l.relation)
           OPERATOR(pg_catalog.+) pg_catalog.pg_stat_get_xact_tuples_updated(l.relation)
           OPERATOR(pg_catalog.+) pg_catalog.pg_stat_get_tuples_deleted(l.relation)
           OPERATOR(pg_catalog.+) pg_catalog.pg_stat_get_xact_tuples_deleted(l.relation)
       )) AS locks
FROM pg_catalog.pg_locks l
WHERE l.pid OPERATOR(pg_catalog.=) pg_catalog.pg_backend_pid()
  AND l.locktype OPERATOR(pg_catalog.=) 'relation'
  AND l.granted
  AND l.relation OPERATOR(pg_catalog.=) ANY (:relations::pg_catalog.oid[])
