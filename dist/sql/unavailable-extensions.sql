-- The extensions among $1 this server cannot install (it has no control file
-- for them), with its major version: an image that has them must match it.
SELECT n.name, current_setting('server_version_num')::int / 10000 AS major
FROM unnest($1::text[]) AS n(name)
WHERE NOT EXISTS (SELECT 1 FROM pg_available_extensions a WHERE a.name = n.name)
