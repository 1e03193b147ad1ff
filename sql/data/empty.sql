-- Of the tables ($1 schemas, $2 names), those whose main fork has no page:
-- no row can be in them, so they need not be read. pg_relation_size locks
-- the table (ACCESS SHARE): it is asked only of tables about to be read.
-- Where the gate may read the server's files, empty-files.sql asks the same
-- of the table's file, which is cheaper.
SELECT t.i::int AS i
FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(schema, name, i)
JOIN pg_namespace n ON n.nspname = t.schema
JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = t.name AND c.relkind = 'r'
WHERE pg_relation_size(c.oid) = 0
