-- Where every sequence stands. nextval() is never rolled back, so these are
-- the only trace a rolled-back run can leave on a database.
SELECT schemaname::text AS schema, sequencename::text AS name, last_value::text AS last_value
FROM pg_sequences
ORDER BY 1, 2
