import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/database/provider.js';
import { takeFullSnapshot } from '../src/catalog/snapshot.js';
import { gateSql } from '../src/sql-files.js';
import { startPg15, startPg17 } from './helpers/real-postgres.js';

// On wide tables sql/catalog/indexes-wide.sql writes the definition of most
// indexes itself instead of asking pg_get_indexdef (which is quadratic there):
// its text must be pg_get_indexdef's, word for word, and the indexes it cannot
// write must be left to pg_get_indexdef. sql/catalog/indexes.sql leaves to it
// the non-unique indexes without a predicate of tables over 32 columns.

/** Columns enough to make a table wide (more than 32), where the query writes definitions. */
const FILLER = Array.from({ length: 40 }, (_, i) => `filler_${i} int`).join(', ');

const INDEXES = `
  CREATE SCHEMA "Odd Schema";
  CREATE TYPE mood AS ENUM ('sad', 'happy');
  CREATE DOMAIN short_text AS text CHECK (length(VALUE) < 100);
  CREATE TABLE items (
    id bigint PRIMARY KEY, "camelCase" text, name varchar(40), code char(3), tags int[], mood mood,
    during tstzrange, body jsonb, title text COLLATE "C", label short_text, price numeric, at timestamptz,
    UNIQUE (code, name), ${FILLER}
  );
  CREATE TABLE "Odd Schema"."Weird Table" ("Weird Column" int, other int, ${FILLER});
  CREATE TABLE narrow (id int, name text);
  CREATE TABLE events (id bigint, at date NOT NULL, kind text, ${FILLER}) PARTITION BY RANGE (at);
  CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
  -- Written by the query: plain columns, default operator classes.
  CREATE INDEX items_camel_idx ON items ("camelCase");
  CREATE INDEX items_varchar_idx ON items (name);
  CREATE INDEX items_desc_idx ON items (price DESC, at ASC NULLS FIRST, id DESC NULLS LAST);
  CREATE INDEX items_include_idx ON items (id) INCLUDE (name, price);
  CREATE INDEX items_collate_idx ON items (name COLLATE "C", title COLLATE "POSIX");
  CREATE INDEX items_tags_idx ON items USING gin (tags);
  CREATE INDEX items_mood_idx ON items (mood);
  CREATE INDEX items_during_idx ON items USING gist (during);
  CREATE INDEX items_body_idx ON items USING gin (body);
  CREATE INDEX items_hash_idx ON items USING hash (code);
  CREATE INDEX items_brin_idx ON items USING brin (at) WITH (pages_per_range = 16);
  CREATE INDEX items_fill_idx ON items (price) WITH (fillfactor = 70, deduplicate_items = off);
  CREATE INDEX "Weird Index" ON "Odd Schema"."Weird Table" ("Weird Column", other);
  CREATE INDEX events_kind_idx ON events (kind);
  -- Left to pg_get_indexdef: on narrow tables (cheap there), unique ones (NULLS NOT DISTINCT is a column of PostgreSQL 15 and later),
  -- expressions, predicates, other operator classes, domains.
  CREATE UNIQUE INDEX items_unique_idx ON items (id) INCLUDE (name);
  CREATE INDEX items_lower_idx ON items (lower(name));
  CREATE INDEX items_partial_idx ON items (price) WHERE price > 0;
  CREATE INDEX items_pattern_idx ON items (name varchar_pattern_ops);
  CREATE INDEX items_path_idx ON items USING gin (body jsonb_path_ops);
  CREATE INDEX items_domain_idx ON items (label);
  CREATE INDEX narrow_name_idx ON narrow (name);
`;

/** What the wide-table query writes itself: its text with pg_get_indexdef's answer taken out. */
const ASSEMBLED_ONLY = (() => {
  const text = gateSql('catalog/indexes-wide.sql');
  const fallback = 'END, pg_get_indexdef(x.indexrelid)) AS definition';
  if (!text.includes(fallback))
    throw new Error('sql/catalog/indexes-wide.sql no longer falls back as this test expects');
  return text.replace(fallback, 'END, NULL) AS definition');
})();

const WRITTEN = [
  'items_include_idx',
  'items_camel_idx',
  'items_varchar_idx',
  'items_desc_idx',
  'items_collate_idx',
  'items_tags_idx',
  'items_mood_idx',
  'items_during_idx',
  'items_body_idx',
  'items_hash_idx',
  'items_brin_idx',
  'items_fill_idx',
  'Weird Index',
  'events_kind_idx',
  'events_2024_kind_idx',
];

for (const [version, start] of [
  ['17', startPg17],
  ['15', startPg15],
] as const) {
  describe(`index definitions on PostgreSQL ${version}`, () => {
    let db: Database;
    let client: pg.Client;
    beforeAll(async () => {
      db = await start();
      client = new pg.Client(db.connection);
      await client.connect();
      await client.query(INDEXES);
      await client.query('SET search_path = pg_catalog, pg_temp');
    });
    afterAll(async () => {
      await client?.end();
      await db?.stop();
    });

    it("are pg_get_indexdef's text, written by the query for plain indexes", async () => {
      const { rows: left } = await client.query<{ index_oid: number; definition: string | null }>(
        gateSql('catalog/indexes.sql'),
        [null, null, null],
      );
      const { rows } = await client.query<{ name: string; definition: string | null; expected: string }>(
        `SELECT c.relname AS name, i.definition, pg_get_indexdef(i.index_oid) AS expected
         FROM (${ASSEMBLED_ONLY}) i JOIN pg_class c ON c.oid = i.index_oid`,
        [left.filter((r) => r.definition === null).map((r) => r.index_oid)],
      );
      const written = rows.filter((r) => r.definition !== null);
      expect(written.map((r) => r.name).sort()).toEqual([...WRITTEN].sort());
      for (const row of written) expect(row.definition, row.name).toBe(row.expected);
    });

    it('and every other one as pg_get_indexdef says it, in the snapshot', async () => {
      const { indexes } = await takeFullSnapshot(client);
      const { rows } = await client.query<{ expected: string }>(
        `SELECT pg_get_indexdef(to_regclass(quote_ident(s) || '.' || quote_ident(n))) AS expected
         FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS i(s, n, k) ORDER BY k`,
        [indexes.map((i) => i.schema), indexes.map((i) => i.name)],
      );
      expect(indexes.length).toBeGreaterThan(WRITTEN.length);
      indexes.forEach((index, k) => expect(index.definition, index.name).toBe(rows[k]!.expected));
    });
  });
}
