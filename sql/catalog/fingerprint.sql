-- A cheap fingerprint of everything a snapshot reads, so that a later
-- snapshot reads again only what changed.
--
-- kind r: a relation (not an index or TOAST table), in (schema, name) order,
-- the order every relation family of a snapshot is sorted in, with the
-- versions of the catalog rows that describe it: its pg_class row and those
-- of its indexes, columns, defaults, constraints, triggers, policies, rewrite
-- rules, partition parent and key, sequence settings, owning column and extension.
-- kind p, t: a function; a type with its enum labels, domain constraints and
-- range. A row's version is its xmin, read through age() (as text it would
-- cost more than the rest of the query): the xmin sum, the newest xmin and
-- the row count, made independent of the current transaction by the age of
-- a fixed xid. Rows this transaction (or a concurrent later one) wrote have an
-- age of zero or less: `current` says so, and the caller treats the object as
-- changed, since one transaction's commands all share an xmin.
-- Frozen rows are "infinitely old" (age 2147483647) and counted apart.
-- In-place updates (ANALYZE's row estimates, relhasindex) keep the xmin and
-- change nothing a snapshot reads.
--
-- Schemas (n), extensions (e), languages (l) and roles (a) are few: their
-- version is what a snapshot prints of them.
WITH ref AS (SELECT age('3'::xid)::bigint + 3 AS now),
versions(owner, a) AS (
  SELECT oid, age(xmin) FROM pg_class
  UNION ALL SELECT i.indrelid, age(ic.xmin) FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
  UNION ALL SELECT indrelid, age(xmin) FROM pg_index
  -- System columns come and go with their relation: only the user's count.
  UNION ALL SELECT attrelid, age(xmin) FROM pg_attribute WHERE attnum > 0
  UNION ALL SELECT adrelid, age(xmin) FROM pg_attrdef
  UNION ALL SELECT conrelid, age(xmin) FROM pg_constraint WHERE conrelid <> 0
  UNION ALL SELECT tgrelid, age(xmin) FROM pg_trigger
  UNION ALL SELECT polrelid, age(xmin) FROM pg_policy
  UNION ALL SELECT ev_class, age(xmin) FROM pg_rewrite
  UNION ALL SELECT inhrelid, age(xmin) FROM pg_inherits
  UNION ALL SELECT partrelid, age(xmin) FROM pg_partitioned_table
  UNION ALL SELECT seqrelid, age(xmin) FROM pg_sequence
  -- Only what no other row of the relation shows: OWNED BY, identity and extension membership.
  UNION ALL SELECT objid, age(xmin) FROM pg_depend
    WHERE classid = 'pg_class'::regclass AND deptype IN ('a', 'i', 'e')
),
type_versions(owner, a) AS (
  SELECT oid, age(xmin) FROM pg_type
  UNION ALL SELECT enumtypid, age(xmin) FROM pg_enum
  UNION ALL SELECT contypid, age(xmin) FROM pg_constraint WHERE contypid <> 0
  UNION ALL SELECT rngtypid, age(xmin) FROM pg_range
),
relations AS (
  SELECT c.oid, c.relkind::text AS relkind, n.nspname::text AS schema, c.relname::text AS name
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S', 'c')
    AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
),
-- Grouped by OID alone (hashing names for every catalog row cost more than the rest), named after.
relation_versions AS (
  SELECT r.schema, r.name, r.oid, r.relkind, g.rows, g.frozen, g.ages, g.youngest
  FROM relations r
  JOIN (
    SELECT v.owner,
      count(*) AS rows,
      count(*) FILTER (WHERE v.a = 2147483647) AS frozen,
      sum(v.a) FILTER (WHERE v.a <> 2147483647) AS ages,
      min(v.a) FILTER (WHERE v.a <> 2147483647) AS youngest
    FROM versions v
    WHERE v.owner IN (SELECT oid FROM relations)
    GROUP BY v.owner
  ) g ON g.owner = r.oid
),
user_types AS (
  SELECT t.oid,
    count(*) AS rows,
    count(*) FILTER (WHERE v.a = 2147483647) AS frozen,
    sum(v.a) FILTER (WHERE v.a <> 2147483647) AS ages,
    min(v.a) FILTER (WHERE v.a <> 2147483647) AS youngest
  FROM pg_type t
  JOIN pg_namespace n ON n.oid = t.typnamespace
  JOIN type_versions v ON v.owner = t.oid
  -- The types the types family reads (sql/catalog/types.sql), no more: a table's row
  -- and array types are its relation's (they depend on it internally, as the row
  -- type of a view or a sequence does), and a new table would have every later
  -- snapshot read all types and functions again.
  WHERE t.typtype IN ('e', 'd', 'c', 'r', 'b')
    AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
    AND NOT EXISTS (
      SELECT 1 FROM pg_depend d
      WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype IN ('e', 'i'))
  GROUP BY t.oid
),
user_functions AS (
  SELECT p.oid, 1 AS rows, (age(p.xmin) = 2147483647)::int AS frozen,
    NULLIF(age(p.xmin), 2147483647)::bigint AS ages, NULLIF(age(p.xmin), 2147483647) AS youngest
  FROM pg_proc p
  JOIN pg_namespace n ON n.oid = p.pronamespace
  WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
)
-- A relation's name comes along: renamed, its row type prints otherwise wherever
-- it is used (a function's argument, a composite type), which no row of theirs shows.
SELECT kind, oid, relkind, CASE WHEN kind = 'r' THEN concat_ws('.', quote_ident(schema), quote_ident(name)) END AS qualified,
  version, current FROM (
  SELECT part, schema, name, kind, oid, relkind, version, youngest <= 0 AS current FROM (
    SELECT 1 AS part, schema, name, 'r' AS kind, oid, relkind, rows, frozen, ages, youngest FROM relation_versions
    UNION ALL SELECT 2, NULL, NULL, 't', oid, NULL, rows, frozen, ages, youngest FROM user_types
    UNION ALL SELECT 2, NULL, NULL, 'p', oid, NULL, rows, frozen, ages, youngest FROM user_functions
  ) objects
  CROSS JOIN LATERAL (
    SELECT concat_ws(':', rows, frozen, (rows - frozen) * ref.now - COALESCE(ages, 0), ref.now - youngest) AS version
    FROM ref
  ) v
  UNION ALL
  SELECT 2, NULL, NULL, 'n', oid, NULL, nspname::text, false FROM pg_namespace
  UNION ALL
  SELECT 2, NULL, NULL, 'e', e.oid, NULL, concat_ws(':', e.extname, e.extversion, e.extnamespace), false
  FROM pg_extension e
  UNION ALL
  SELECT 2, NULL, NULL, 'l', oid, NULL, lanname::text, false FROM pg_language
  UNION ALL
  SELECT 2, NULL, NULL, 'a', oid, NULL, concat_ws(':', rolname, rolsuper, rolbypassrls), false FROM pg_roles
) fingerprint
ORDER BY part, schema, name
