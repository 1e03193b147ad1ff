-- Other sessions that could block or be blocked by the migration: lock holders
-- on the database's relations and transactions open for longer than $1 seconds.
SELECT a.pid,
       a.state,
       a.usename::text AS usename,
       nullif(a.application_name, '') AS application_name,
       to_char(a.query_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS "UTC"') AS query_start,
       extract(epoch FROM now() - a.xact_start)::int AS xact_seconds,
       (SELECT count(*)::int FROM pg_locks l
         WHERE l.pid = a.pid AND l.locktype = 'relation' AND l.granted) AS relation_locks,
       left(a.query, 200) AS query
FROM pg_stat_activity a
WHERE a.pid <> pg_backend_pid()
  AND a.datname = current_database()
  AND a.backend_type = 'client backend'
  AND (a.xact_start < now() - make_interval(secs => $1)
       OR EXISTS (SELECT 1 FROM pg_locks l
                   WHERE l.pid = a.pid AND l.locktype = 'relation' AND l.granted
                     AND l.mode IN ('AccessExclusiveLock', 'ExclusiveLock', 'ShareRowExclusiveLock', 'ShareLock', 'RowExclusiveLock')))
ORDER BY a.xact_start NULLS LAST
