-- The definitions indexes.sql leaves NULL, of the indexes $1: non-unique,
-- without a predicate, on a table of more than 32 columns. Most of them are
-- plain columns with their types' default operator classes, and their text is
-- written here, the same words in the same order as pg_get_indexdef's
-- (__tests__/catalog-indexes.test.ts compares the two on PostgreSQL 15 and
-- 17); any other index (expressions, other operator classes, domains,
-- per-column options) is left to pg_get_indexdef, which names all of a table's
-- columns first: on a wide table with hundreds of indexes, quadratic. Columns
-- are looked up by key, never by reading all of a table's columns for each index.
SELECT x.indexrelid AS index_oid,
  COALESCE(CASE
    -- Per-column operator class options (opclass (siglen = 32)) are left to pg_get_indexdef.
    WHEN NOT EXISTS (SELECT FROM pg_attribute ia WHERE ia.attrelid = x.indexrelid AND ia.attoptions IS NOT NULL)
    THEN (
      SELECT CASE WHEN bool_and(c.plain) THEN concat(
          'CREATE INDEX ', quote_ident(ic.relname), ' ON ', CASE WHEN ic.relkind = 'I' THEN 'ONLY ' END,
          quote_ident(tn.nspname), '.', quote_ident(tc.relname), ' USING ', quote_ident(am.amname),
          ' (', string_agg(c.text, ', ' ORDER BY c.i) FILTER (WHERE c.key), ')',
          ' INCLUDE (' || string_agg(c.text, ', ' ORDER BY c.i) FILTER (WHERE NOT c.key) || ')',
          ' WITH (' || (
            SELECT string_agg(r.name || '=' || CASE WHEN quote_ident(r.value) = r.value THEN r.value
                                                    ELSE quote_literal(r.value) END, ', ' ORDER BY r.i)
            FROM unnest(ic.reloptions) WITH ORDINALITY AS o(option, i)
            CROSS JOIN LATERAL (
              SELECT o.i, split_part(o.option, '=', 1) AS name,
                substr(o.option, length(split_part(o.option, '=', 1)) + 2) AS value
            ) r
          ) || ')') END
      FROM (
        SELECT c.i, c.key,
      c.attname IS NOT NULL AND CASE
            WHEN NOT c.key OR c.own_default THEN true
            -- Else whether the operator class is the one PostgreSQL picks for the type
            -- (GetDefaultOpClass): the one default it is binary-coercible to (of
            -- several, the one of its category's preferred type: varchar goes to text,
            -- not bpchar). A domain, or a choice PostgreSQL would refuse, leaves the
            -- text to pg_get_indexdef.
            ELSE COALESCE((
              SELECT CASE WHEN count(*) FILTER (WHERE d.preferred) > 0
                          THEN count(*) FILTER (WHERE d.preferred) = 1 AND bool_or(d.preferred AND d.used)
                          ELSE count(*) = 1 AND bool_or(d.used) END
              FROM pg_type t
              JOIN pg_opclass used ON used.oid = c.opclass
              JOIN pg_opclass o ON o.opcmethod = used.opcmethod AND o.opcdefault
              JOIN pg_type ot ON ot.oid = o.opcintype
              CROSS JOIN LATERAL (
                SELECT o.oid = used.oid AS used, ot.typispreferred AND ot.typcategory = t.typcategory AS preferred
              ) d
              WHERE t.oid = c.atttypid AND t.typtype <> 'd'
                AND NOT EXISTS (SELECT FROM pg_opclass e
                                WHERE e.opcmethod = used.opcmethod AND e.opcdefault AND e.opcintype = t.oid)
                AND ((ot.typnamespace = 'pg_catalog'::regnamespace AND (
                       ot.typname IN ('any', 'anyelement', 'anycompatible')
                    OR (ot.typname IN ('anyarray', 'anycompatiblearray') AND t.typcategory = 'A')
                    OR (ot.typname IN ('anynonarray', 'anycompatiblenonarray') AND t.typcategory <> 'A')
                    OR (ot.typname = 'anyenum' AND t.typtype = 'e')
                    OR (ot.typname IN ('anyrange', 'anycompatiblerange') AND t.typtype = 'r')
                    OR (ot.typname IN ('anymultirange', 'anycompatiblemultirange') AND t.typtype = 'm')
                    OR (ot.typname = 'record' AND t.typtype = 'c')))
                  OR EXISTS (SELECT FROM pg_cast pc
                             WHERE pc.castsource = t.oid AND pc.casttarget = o.opcintype AND pc.castmethod = 'b'))
            ), false) END AS plain,
          quote_ident(c.attname)
            || CASE WHEN c.key AND x.indcollation[c.i - 1] NOT IN (0, c.attcollation) THEN
                 ' COLLATE ' || (SELECT CASE WHEN co.collnamespace = 'pg_catalog'::regnamespace THEN ''
                                             ELSE quote_ident(cn.nspname) || '.' END || quote_ident(co.collname)
                                 FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace
                                 WHERE co.oid = x.indcollation[c.i - 1])
               ELSE '' END
            || CASE WHEN NOT c.key OR NOT pg_indexam_has_property(am.oid, 'can_order') THEN ''
                    WHEN x.indoption[c.i - 1] & 1 = 1 THEN
                      ' DESC' || CASE WHEN x.indoption[c.i - 1] & 2 = 0 THEN ' NULLS LAST' ELSE '' END
                    WHEN x.indoption[c.i - 1] & 2 = 2 THEN ' NULLS FIRST'
                    ELSE '' END AS text
        FROM (
          SELECT k.i, k.i <= x.indnkeyatts AS key, a.attname, a.atttypid, a.attcollation,
            u.oid AS opclass, u.opcdefault AND u.opcintype = a.atttypid AS own_default
          FROM generate_series(1, x.indnatts) AS k(i)
          -- LIMIT keeps the planner from hashing every column of the table for each index.
          LEFT JOIN LATERAL (
            SELECT a.attname, a.atttypid, a.attcollation FROM pg_attribute a
            WHERE a.attrelid = x.indrelid AND a.attnum = x.indkey[k.i - 1] AND x.indkey[k.i - 1] <> 0
            LIMIT 1
          ) a ON true
          LEFT JOIN pg_opclass u ON u.oid = x.indclass[k.i - 1] AND k.i <= x.indnkeyatts
        ) c
      ) c
    ) END, pg_get_indexdef(x.indexrelid)) AS definition
FROM pg_index x
JOIN pg_class ic ON ic.oid = x.indexrelid
JOIN pg_class tc ON tc.oid = x.indrelid
JOIN pg_namespace tn ON tn.oid = tc.relnamespace
JOIN pg_am am ON am.oid = ic.relam
WHERE x.indexrelid = ANY ($1::oid[])
