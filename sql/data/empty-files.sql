-- empty.sql, where the gate may read the server's files (pg_stat_file: the
-- embedded server, a superuser's database). pg_relation_size opens each
-- table, building its relation cache entry: at 5,000 tables on a fresh
-- connection 240 ms, where the size of the table's first file segment is
-- 110 ms. PostgreSQL writes each page it adds to a table to its file at once,
-- so a table without a page has an empty file. Where the file is not there (a
-- server that keeps relations elsewhere, as Neon does) the table counts as
-- not empty, and is read.
SELECT t.i::int AS i
FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(schema, name, i)
JOIN pg_namespace n ON n.nspname = t.schema
JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = t.name AND c.relkind = 'r'
WHERE (pg_stat_file(pg_relation_filepath(c.oid), true)).size = 0
