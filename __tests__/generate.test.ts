import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { takeSnapshot } from '../src/catalog/snapshot.js';
import { generateRows, type Generation } from '../src/fixtures/generate.js';
import { simpleType, type ColumnType } from '../src/fixtures/column-type.js';
import { candidates, literals } from '../src/fixtures/values.js';
import { databasePerTest } from './helpers/real-postgres.js';

const { database } = databasePerTest();

/** A database of its own with `schema`, and the generator run over every table in it. */
async function generated(
  name: string,
  schema: string,
  setup = '',
  inTransaction = false,
): Promise<{ client: pg.Client; generation: Generation }> {
  const client = await database(name);
  await client.query(schema);
  await client.query(setup);
  const snapshot = await takeSnapshot(client);
  const tables = snapshot.tables.filter((t) => !t.partitionOf).map((t) => ({ schema: t.schema, name: t.name }));
  const generation = await generateRows(client, snapshot, tables, { tenantColumn: 'org_id', inTransaction });
  return { client, generation };
}

const SCHEMA = `
  CREATE TYPE invoice_status AS ENUM ('draft', 'sent', 'paid', 'void');
  CREATE DOMAIN positive_amount AS numeric(10, 2) CHECK (VALUE > 0);
  CREATE TABLE organization (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name varchar(5) NOT NULL UNIQUE,
    slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z]+$')
  );
  CREATE TABLE app_user (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id uuid NOT NULL REFERENCES organization (id),
    email text NOT NULL UNIQUE CHECK (position('@' IN email) > 1),
    manager_id bigint REFERENCES app_user (id),
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE category (id serial PRIMARY KEY, parent_id int NOT NULL REFERENCES category (id), label text NOT NULL);
  CREATE TABLE invoice (
    id serial PRIMARY KEY,
    org_id uuid NOT NULL REFERENCES organization (id),
    owner_id bigint NOT NULL REFERENCES app_user (id),
    status invoice_status NOT NULL,
    amount positive_amount NOT NULL,
    kind text NOT NULL CHECK (kind IN ('one-off', 'recurring')),
    code char(3) NOT NULL,
    tags text[] NOT NULL DEFAULT '{}',
    meta jsonb,
    starts_on date NOT NULL,
    ends_on date NOT NULL,
    total numeric GENERATED ALWAYS AS (amount * 2) STORED,
    CHECK (starts_on < ends_on),
    UNIQUE (org_id, code)
  );
  CREATE TABLE event (id bigint NOT NULL, at timestamptz NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
  CREATE TABLE event_2031 PARTITION OF event FOR VALUES FROM ('2031-01-01') TO ('2032-01-01');
  -- A cycle with a nullable key, and one whose only way out is a deferrable key.
  CREATE TABLE team (id int PRIMARY KEY, lead_id int);
  CREATE TABLE member (id int PRIMARY KEY, team_id int NOT NULL REFERENCES team (id));
  ALTER TABLE team ADD FOREIGN KEY (lead_id) REFERENCES member (id);
  CREATE TABLE shelf (id int PRIMARY KEY, first_book int NOT NULL);
  CREATE TABLE book (id int PRIMARY KEY, shelf_id int NOT NULL REFERENCES shelf (id));
  ALTER TABLE shelf ADD FOREIGN KEY (first_book) REFERENCES book (id) DEFERRABLE;
`;

describe('fixtures: generate, the row generator', () => {
  it('fills every table, respecting types, CHECKs, enums, domains, lengths, unique and foreign keys', async () => {
    const { client, generation } = await generated('gen_all', SCHEMA);
    expect(generation.unfilled).toEqual([]);
    expect(generation.filled.map((f) => [f.table, f.rows]).sort()).toEqual(
      ['app_user', 'book', 'category', 'event', 'invoice', 'member', 'organization', 'shelf', 'team']
        .map((t) => [`public.${t}`, 4])
        .sort(),
    );
    const { rows: invoices } = await client.query<{ status: string; kind: string; code: string; tags: string[] }>(
      'SELECT status, kind, code, tags FROM invoice ORDER BY id',
    );
    expect(invoices.map((i) => i.status)).toEqual(['draft', 'sent', 'paid', 'void']);
    expect(new Set(invoices.map((i) => i.kind))).toEqual(new Set(['one-off', 'recurring']));
    expect(invoices.every((i) => i.code.length === 3)).toBe(true);
    // Defaults are used: the tags default stands, the identity and serial columns drew from their sequences.
    expect(invoices.every((i) => i.tags.length === 0)).toBe(true);
    const { rows: names } = await client.query<{ name: string }>('SELECT name FROM organization');
    expect(names.every((n) => n.name.length <= 5)).toBe(true);
  });

  it('spreads the rows of tables with the tenant column over two tenants, each row with parents of its own tenant', async () => {
    const { client, generation } = await generated('gen_tenants', SCHEMA);
    const { rows } = await client.query<{ org_id: string; owner_org: string }>(
      'SELECT i.org_id, u.org_id AS owner_org FROM invoice i JOIN app_user u ON u.id = i.owner_id',
    );
    expect(new Set(rows.map((r) => r.org_id)).size).toBe(2);
    expect(rows.every((r) => r.org_id === r.owner_org)).toBe(true);
    expect(generation.tenants).toHaveLength(2);
    expect(new Set(rows.map((r) => r.org_id))).toEqual(new Set(generation.tenants));
  });

  it('handles self-references (nullable and NOT NULL) and cycles (a nullable key, a deferrable one)', async () => {
    const { client } = await generated('gen_cycles', SCHEMA);
    const count = async (sql: string): Promise<number> => Number((await client.query<{ n: string }>(sql)).rows[0]!.n);
    expect(await count('SELECT count(*) AS n FROM app_user WHERE manager_id IS NOT NULL')).toBe(3);
    expect(await count('SELECT count(*) AS n FROM category c JOIN category p ON p.id = c.parent_id')).toBe(4);
    // The cut keys were pointed at their parents once those had rows.
    expect(await count('SELECT count(*) AS n FROM team t JOIN member m ON m.id = t.lead_id')).toBe(4);
    expect(await count('SELECT count(*) AS n FROM shelf s JOIN book b ON b.id = s.first_book')).toBe(4);
    // Rows of a partitioned table land in a partition that exists.
    expect(await count('SELECT count(*) AS n FROM event_2031')).toBe(4);
  });

  it('says which table it cannot fill and why, and fills the rest', async () => {
    const { generation } = await generated(
      'gen_unfilled',
      `CREATE TABLE odd (id int PRIMARY KEY, v int NOT NULL CHECK (v > 10 AND v < 5));
       CREATE TABLE odd_child (id int PRIMARY KEY, odd_id int NOT NULL REFERENCES odd (id));
       CREATE TABLE chicken (id int PRIMARY KEY, egg_id int NOT NULL);
       CREATE TABLE egg (id int PRIMARY KEY, chicken_id int NOT NULL REFERENCES chicken (id));
       ALTER TABLE chicken ADD FOREIGN KEY (egg_id) REFERENCES egg (id);
       CREATE TABLE fine (id int PRIMARY KEY);
       CREATE TABLE guarded (id int PRIMARY KEY);
       CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE 'inserts go through the API'; END $$;
       CREATE TRIGGER guarded_refuse BEFORE INSERT ON guarded FOR EACH ROW EXECUTE FUNCTION refuse();`,
    );
    expect(generation.filled).toEqual([{ table: 'public.fine', rows: 4 }]);
    // The server's refusal rides along for the probes (a trigger's error is theirs to judge).
    expect(generation.unfilled.find((u) => u.table === 'public.guarded')?.error?.where).toMatch(/refuse\(\)/);
    expect(generation.unfilled.map(({ table, reason }) => ({ table, reason }))).toEqual([
      {
        table: 'public.chicken',
        reason: expect.stringContaining('foreign keys that are NOT NULL and not deferrable form a cycle'),
      },
      { table: 'public.egg', reason: expect.stringContaining('form a cycle') },
      { table: 'public.guarded', reason: 'inserts go through the API' },
      {
        table: 'public.odd',
        reason: 'new row for relation "odd" violates check constraint "odd_v_check": CHECK (v > 10 AND v < 5)',
      },
      { table: 'public.odd_child', reason: 'references public.odd, which has no rows to point at' },
    ]);
  });

  it("inserts a table's rows in one statement, and one at a time where the server refuses them together", async () => {
    const { client, generation } = await generated(
      'gen_together',
      `CREATE TABLE statements (at text NOT NULL, rows int NOT NULL);
       CREATE FUNCTION log_statement() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         INSERT INTO statements SELECT TG_TABLE_NAME, count(*) FROM added;
         IF TG_TABLE_NAME = 'single' AND (SELECT count(*) FROM added) > 1 THEN RAISE 'one row at a time'; END IF;
         RETURN NULL;
       END $$;
       CREATE TABLE together (id serial PRIMARY KEY, label text NOT NULL, n int NOT NULL);
       CREATE TRIGGER together_log AFTER INSERT ON together REFERENCING NEW TABLE AS added
         FOR EACH STATEMENT EXECUTE FUNCTION log_statement();
       CREATE TABLE single (id serial PRIMARY KEY, label text NOT NULL);
       CREATE TRIGGER single_log AFTER INSERT ON single REFERENCING NEW TABLE AS added
         FOR EACH STATEMENT EXECUTE FUNCTION log_statement();`,
    );
    expect(generation.unfilled).toEqual([]);
    expect(generation.filled.filter((f) => f.table !== 'public.statements')).toEqual([
      { table: 'public.single', rows: 4 },
      { table: 'public.together', rows: 4 },
    ]);
    const { rows } = await client.query<{ at: string; rows: number }>(
      "SELECT at, rows FROM statements WHERE at IN ('together', 'single') ORDER BY at, rows",
    );
    // The refused statement's log row went with it: what is left is the rows that went in.
    expect(rows).toEqual([
      { at: 'single', rows: 1 },
      { at: 'single', rows: 1 },
      { at: 'single', rows: 1 },
      { at: 'single', rows: 1 },
      { at: 'together', rows: 4 },
    ]);
    const labels = await client.query<{ label: string }>('SELECT label FROM together ORDER BY id');
    expect(new Set(labels.rows.map((r) => r.label)).size).toBe(4);
  });

  it("fills only tables the user's fixtures left empty, pointing at the fixture rows", async () => {
    const { client, generation } = await generated(
      'gen_after_fixtures',
      `CREATE TABLE organization (id int PRIMARY KEY, name text NOT NULL);
       CREATE TABLE project (id int PRIMARY KEY, org_id int NOT NULL REFERENCES organization (id));`,
      "INSERT INTO organization VALUES (41, 'acme'), (42, 'globex');",
    );
    expect(generation.filled).toEqual([{ table: 'public.project', rows: 4 }]);
    const { rows } = await client.query<{ org_id: number; n: string }>(
      'SELECT org_id, count(*) AS n FROM project GROUP BY org_id ORDER BY org_id',
    );
    expect(rows).toEqual([
      { org_id: 41, n: '2' },
      { org_id: 42, n: '2' },
    ]);
  });

  it('counts as empty a table whose rows were all deleted, not a partitioned one whose partition has rows', async () => {
    const { generation } = await generated(
      'gen_empty_kinds',
      `CREATE TABLE "Emptied" (id int PRIMARY KEY);
       CREATE TABLE kept (id int PRIMARY KEY);
       CREATE TABLE never (id int PRIMARY KEY);
       CREATE TABLE log (id int NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
       CREATE TABLE log_2031 PARTITION OF log FOR VALUES FROM ('2031-01-01') TO ('2032-01-01');`,
      `INSERT INTO "Emptied" VALUES (1), (2); DELETE FROM "Emptied";
       INSERT INTO kept VALUES (7); INSERT INTO log VALUES (1, '2031-05-01');`,
    );
    expect(generation.filled.map((f) => f.table).sort()).toEqual(['public.Emptied', 'public.never']);
  });

  it('fills a column of a composite type, NOT NULL or not, with a value of all NULL fields', async () => {
    const { client, generation } = await generated(
      'gen_composite',
      `CREATE TYPE address AS (street text, city text, zip text);
       CREATE TABLE shop (id int PRIMARY KEY, addr address NOT NULL, backup address);`,
    );
    expect(generation.filled).toEqual([{ table: 'public.shop', rows: 4 }]);
    const { rows } = await client.query<{ addr: string }>('SELECT addr::text FROM shop LIMIT 1');
    expect(rows[0]!.addr).toBe('(,,)');
  });

  it("inside the caller's transaction it uses savepoints: the caller's rollback takes every row back", async () => {
    const client = await database('gen_nested');
    await client.query('CREATE TABLE t (id int PRIMARY KEY, v int NOT NULL CHECK (v > 100))');
    const snapshot = await takeSnapshot(client);
    await client.query('BEGIN');
    const generation = await generateRows(client, snapshot, [{ schema: 'public', name: 't' }], {
      tenantColumn: 'org_id',
      inTransaction: true,
    });
    expect(generation.filled).toEqual([{ table: 'public.t', rows: 4 }]);
    // The rejected attempts did not abort the caller's transaction.
    expect((await client.query('SELECT count(*)::int AS n FROM t')).rows[0]).toEqual({ n: 4 });
    await client.query('ROLLBACK');
    expect((await client.query('SELECT count(*)::int AS n FROM t')).rows[0]).toEqual({ n: 0 });
  });
});

describe('candidate values', () => {
  const text: ColumnType = { ...simpleType('varchar', 'S'), typmod: 4 + 6 };
  const context = { seed: 'public.t.email', column: 'email', type: text, position: 0, hints: [], nullable: true };

  it('fit the column: varchar(6) values are cut keeping the row number, null comes last when allowed', () => {
    const values = candidates(context, 11);
    expect(values.every((v) => v === null || v.length <= 6)).toBe(true);
    expect(values[0]).toBe('user12');
    expect(values.at(-1)).toBeNull();
    expect(candidates({ ...context, nullable: false }, 11)).not.toContain(null);
  });

  it('take the literals of the CHECK constraints that name the column, a different one first on each row', () => {
    const hints = ["CHECK ((kind = ANY (ARRAY['one-off'::text, 'recurring'::text])))"];
    const kind = { ...context, column: 'kind', type: { ...text, typmod: -1 }, hints };
    expect(candidates(kind, 0).slice(1, 3)).toEqual(['one-off', 'recurring']);
    expect(candidates(kind, 1).slice(1, 3)).toEqual(['recurring', 'one-off']);
    expect(literals(["CHECK ((v >= 0) AND (v <= 100) AND (note <> 'it''s'))"])).toEqual({
      strings: ["it's"],
      numbers: [0, 100],
    });
  });
});
