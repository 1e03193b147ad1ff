import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/database/provider.js';
import type { Finding, GateReport, TaskId } from '../src/types.js';
import { runCli } from './helpers/cli.js';
import { sql, startPg15 } from './helpers/real-postgres.js';
import { makeRepo } from './helpers/repo.js';

const SHOP = `CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL, tier text NOT NULL DEFAULT 'basic');
CREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL);
`;
const ROWS = `INSERT INTO customers (name) VALUES ('ada'), ('alan'), ('grace'), ('edsger');
INSERT INTO settings VALUES ('theme', 'dark'), ('lang', 'en'), ('tz', 'UTC');
`;

async function gate(files: Record<string, string>, ...args: string[]) {
  const run = await runCli(['check', '--format', 'json', '-q', ...args], makeRepo(files));
  expect(run.stderr).toBe('');
  const report = JSON.parse(run.stdout) as GateReport;
  const task = (id: TaskId) => report.tasks.find((t) => t.id === id)!;
  const rules = (...ids: Finding['rule'][]) => report.findings.filter((f) => ids.includes(f.rule));
  const check = task('readiness').checks!.find((c) => c.name === 'Existing data preserved');
  return { code: run.code, report, task, rules, check };
}

/** The shop with its rows, and `migration` as 0002. */
const shop = (migration: string, extra: Record<string, string> = {}) =>
  gate({
    'migration-gate.yml': 'dir: m\nfixtures: [rows.sql]\nrules: { not-transactional: off }\n',
    'm/0001_shop.sql': SHOP,
    'm/0002_change.sql': migration,
    'rows.sql': ROWS,
    ...extra,
  });

const DATA_RULES = ['mass-delete', 'mass-update', 'rollback-loses-data', 'no-test-data'] as const;

describe('data preservation: what the migration does to existing rows', () => {
  it('a DELETE without WHERE on an existing table with rows: BLOCKED, with the counts and the line', async () => {
    const { code, report, task, rules, check } = await shop('SELECT 1;\nDELETE FROM customers;\n');
    expect(code).toBe(1);
    expect(task('readiness').status).toBe('FAIL');
    expect(task('readiness').summary).toBe('Applies, but all 4 rows of customers deleted (4 → 0 rows)');
    expect(rules('mass-delete')).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: 'all 4 rows of customers deleted (4 → 0 rows)',
        file: 'm/0002_change.sql',
        line: 2,
        task: 'readiness',
      }),
    ]);
    expect(check).toEqual({
      name: 'Existing data preserved',
      status: 'FAIL',
      finding: '2 existing table(s), 7 row(s) before the migration: customers 4 → 0',
    });
    expect(report.data!.counting).toBe('exact');
    expect(report.data!.tables).toEqual([
      expect.objectContaining({ table: 'customers', before: 4, after: 0 }),
      expect.objectContaining({ table: 'settings', before: 3, after: 3 }),
    ]);
  });

  it('a DELETE with a WHERE that removes a few rows on purpose: APPROVED, the counts reported', async () => {
    const { code, rules, check, report } = await shop("DELETE FROM customers WHERE name = 'alan';\n");
    expect(code).toBe(0);
    expect(rules(...DATA_RULES)).toEqual([]);
    expect(check).toMatchObject({ status: 'PASS', finding: expect.stringMatching(/customers 4 → 3$/) });
    const customers = report.data!.tables.find((t) => t.table === 'customers')!;
    expect(customers.checksum!.before).not.toBe(customers.checksum!.after);
  });

  it('a migration that leaves the session in a role of its own: the rows are still counted, as that role can', async () => {
    const { report } = await shop(
      `CREATE ROLE shop_reader;
GRANT SELECT ON customers, settings TO shop_reader;
DELETE FROM customers WHERE name = 'alan';
SET ROLE shop_reader;
`,
    );
    expect(report.data!.tables).toEqual([
      expect.objectContaining({ table: 'customers', before: 4, after: 3 }),
      expect.objectContaining({ table: 'settings', before: 3, after: 3 }),
    ]);
  });

  it('a backfill of a column the migration adds, and a column computed from another: APPROVED, nothing said', async () => {
    const { code, rules, check } = await shop(
      `ALTER TABLE customers ADD COLUMN email text;
UPDATE customers SET email = name || '@example.com';
UPDATE customers SET name = initcap(name);
`,
    );
    expect(code).toBe(0);
    expect(rules(...DATA_RULES)).toEqual([]);
    expect(check!.finding).toBe('2 existing table(s), 7 row(s) before the migration: customers: 4 row(s) changed');
  });

  it('an UPDATE without WHERE that overwrites an existing column with a constant: a warning, still APPROVED', async () => {
    const { code, task, rules } = await shop("UPDATE customers SET tier = 'gold';\n");
    expect(code).toBe(0);
    expect(task('readiness').status).toBe('WARN');
    expect(rules('mass-update')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: 'UPDATE without WHERE overwrote tier in 4 of 4 rows of customers with a value that reads no column',
        line: 1,
      }),
    ]);
  });

  it('a down migration that drops and re-creates an existing table loses its rows on the round trip: rollback FAIL', async () => {
    const { code, task, rules, report } = await shop('ALTER TABLE settings ADD COLUMN note text;\n', {
      'm/0002_change.down.sql':
        'DROP TABLE settings;\nCREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL);\n',
    });
    expect(code).toBe(1);
    expect(task('rollback').status).toBe('FAIL');
    expect(rules('rollback-loses-data')).toEqual([
      expect.objectContaining({
        severity: 'error',
        message:
          'after the down migration and the migration again, settings has 0 of the 3 rows it had after the migration',
        file: 'm/0002_change.down.sql',
        line: 1,
        task: 'rollback',
      }),
    ]);
    expect(report.data!.tables.find((t) => t.table === 'settings')).toMatchObject({
      before: 3,
      after: 3,
      afterRoundTrip: 0,
    });
  });

  it("a migration's SET TIME ZONE changes how rows print, not their checksums", async () => {
    const { code, check, report } = await gate({
      'migration-gate.yml': 'dir: m\nfixtures: [rows.sql]\nrules: { not-transactional: off }\n',
      'm/0001_events.sql': 'CREATE TABLE events (id int PRIMARY KEY, at timestamptz NOT NULL);\n',
      'm/0002_note.sql': "SET TIME ZONE 'Pacific/Auckland';\nALTER TABLE events ADD COLUMN note text;\n",
      'rows.sql': "INSERT INTO events VALUES (1, '2025-03-01 12:00Z'), (2, '2025-06-01 08:30Z');\n",
    });
    expect(code).toBe(0);
    expect(check!.finding).toBe(
      '1 existing table(s), 2 row(s) before the migration: row counts and contents unchanged',
    );
    const { checksum } = report.data!.tables[0]!;
    expect(checksum!.after).toBe(checksum!.before);
  });

  it('a schema-only baseline without fixtures: APPROVED, and a note that data-dependent failures cannot show', async () => {
    const { code, rules, check } = await gate({
      'm/0001_shop.sql': SHOP,
      'm/0002_email.sql': 'ALTER TABLE customers ADD COLUMN email text NOT NULL;\n',
      'migration-gate.yml': 'dir: m\n',
    });
    expect(code).toBe(0);
    expect(rules('no-test-data')).toEqual([
      expect.objectContaining({
        severity: 'info',
        message: expect.stringMatching(
          /^no rows in customers before the migration: failures that depend on existing rows/,
        ),
        hint: 'add fixtures (fixtures: in migration-gate.yml, --fixture) or set fixtures: generate',
      }),
    ]);
    expect(check).toMatchObject({ status: 'INFO' });
  });
});

const TENANTS = `CREATE TYPE invoice_status AS ENUM ('draft', 'sent', 'paid');
CREATE TABLE organization (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name varchar(8) NOT NULL UNIQUE);
CREATE TABLE app_user (
  id serial PRIMARY KEY,
  org_id bigint NOT NULL REFERENCES organization (id),
  email varchar(40) NOT NULL UNIQUE CHECK (email LIKE '%@%'),
  manager_id int REFERENCES app_user (id)
);
CREATE TABLE invoice (
  id serial PRIMARY KEY,
  org_id bigint NOT NULL REFERENCES organization (id),
  owner_id int NOT NULL REFERENCES app_user (id),
  status invoice_status NOT NULL DEFAULT 'draft',
  amount int NOT NULL CHECK (amount BETWEEN 1 AND 1000)
);
ALTER TABLE invoice ENABLE ROW LEVEL SECURITY;
CREATE POLICY invoice_tenant ON invoice USING (org_id = current_setting('app.org_id')::bigint);
CREATE TABLE audit_rule (id int PRIMARY KEY, level int NOT NULL CHECK (level < 0 AND level > 0));
`;

describe('fixtures: generate', () => {
  const repo = (migration: string) => ({
    'migration-gate.yml': 'dir: m\nfixtures: generate\nrules: { not-transactional: off }\n',
    'm/0001_tenants.sql': TENANTS,
    'm/0002_change.sql': migration,
  });

  it('exercises the migration with generated rows: ADD COLUMN NOT NULL without a default fails as it would in production', async () => {
    const empty = await gate({
      ...repo('ALTER TABLE invoice ADD COLUMN due_on date NOT NULL;\n'),
      'migration-gate.yml': 'dir: m\n',
    });
    expect(empty.code).toBe(0);
    const { code, task, report } = await gate(repo('ALTER TABLE invoice ADD COLUMN due_on date NOT NULL;\n'));
    expect(code).toBe(1);
    expect(task('readiness').summary).toBe(
      'Fails at line 1: column "due_on" of relation "invoice" contains null values',
    );
    expect(report.data!.generated).toEqual([
      { table: 'organization', rows: 4 },
      { table: 'app_user', rows: 4 },
      { table: 'invoice', rows: 4 },
    ]);
  });

  it('rows for every table it can fill, untouched by a migration that is right; the one it cannot fill is said with its reason', async () => {
    const { code, rules, report, check } = await gate(
      repo("ALTER TABLE invoice ADD COLUMN due_on date NOT NULL DEFAULT '2025-01-01';\n"),
    );
    expect(code).toBe(0);
    expect(rules('fixture-not-generated')).toEqual([
      expect.objectContaining({
        severity: 'info',
        message:
          'fixtures: generate inserted no row into audit_rule: new row for relation "audit_rule" violates check constraint "audit_rule_level_check": CHECK (level < 0 AND level > 0)',
        object: 'audit_rule',
      }),
    ]);
    expect(report.data!.tables.map((t) => [t.table, t.before, t.after])).toEqual([
      ['app_user', 4, 4],
      ['audit_rule', 0, 0],
      ['invoice', 4, 4],
      ['organization', 4, 4],
    ]);
    expect(check).toMatchObject({
      status: 'INFO',
      finding: expect.stringMatching(/row counts and contents unchanged$/),
    });
  });
});

describe('fixtures and generated rows together', () => {
  it("generated rows come after the user's fixtures, only in the tables they left empty", async () => {
    const { code, report } = await gate({
      'migration-gate.yml': 'dir: m\nfixtures: [rows.sql, generate]\nrules: { not-transactional: off }\n',
      'm/0001_shop.sql': `${SHOP}CREATE TABLE orders (id serial PRIMARY KEY, customer_id int NOT NULL REFERENCES customers (id));\n`,
      'm/0002_change.sql': 'CREATE INDEX orders_customer_idx ON orders (customer_id);\n',
      'rows.sql': ROWS,
    });
    expect(code).toBe(0);
    expect(report.data!.generated).toEqual([{ table: 'orders', rows: 4 }]);
    expect(report.data!.tables.map((t) => [t.table, t.before])).toEqual([
      ['customers', 4],
      ['orders', 4],
      ['settings', 3],
    ]);
  });

  it('fixtures: anything but a list or generate is a configuration error naming the key', async () => {
    const run = await runCli(
      ['check', '-q'],
      makeRepo({ 'migration-gate.yml': 'dir: m\nfixtures: gen\n', 'm/0001_t.sql': 'CREATE TABLE t (id int);\n' }),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'migration-gate.yml: fixtures: expected a list of SQL files (the word generate may be one of them), or generate',
    );
  });
});

describe('data preservation on a database the gate must not change', () => {
  let server: Database;
  const url = () => `postgresql://postgres@127.0.0.1:${server.connection.port}/prod`;

  beforeAll(async () => {
    server = await startPg15();
    await sql(server, 'CREATE DATABASE prod');
    await sql(server, `${SHOP}${ROWS}ANALYZE;`, 'prod');
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('reads no table before the migration; the counts come from estimates and row counters; nothing changes', async () => {
    const { code, rules, report } = await gate(
      { 'm/0001_shop.sql': SHOP, 'm/0002_purge.sql': 'DELETE FROM customers;\n' },
      '--dir',
      'm',
      '--database-url',
      url(),
    );
    expect(code).toBe(1);
    expect(rules('mass-delete').map((f) => f.message)).toEqual(['all 4 rows of customers deleted (4 → 0 rows)']);
    expect(report.data!.counting).toBe('estimated');
    expect(report.data!.tables.find((t) => t.table === 'settings')).toMatchObject({ before: 3, after: 3 });
    expect(report.data!.notes[0]).toMatch(
      /^a database the gate must not change: no table was read before the migration/,
    );
    expect(await sql(server, 'SELECT count(*)::int AS n FROM customers', 'prod')).toEqual([{ n: 4 }]);
  });

  it('the round trip runs on the scratch server with the fixtures: a down that loses rows is found there', async () => {
    const { code, rules } = await gate(
      {
        'm/0001_shop.sql': SHOP,
        'm/0002_note.sql': 'ALTER TABLE settings ADD COLUMN note text;\n',
        'm/0002_note.down.sql':
          'DROP TABLE settings;\nCREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL);\n',
        'more.sql': "INSERT INTO settings VALUES ('currency', 'EUR');\n",
      },
      ...['--dir', 'm', '--fixture', 'more.sql', '--database-url', url()],
    );
    expect(code).toBe(1);
    expect(rules('rollback-loses-data').map((f) => f.message)).toEqual([
      'after the down migration and the migration again, settings has 0 of the 1 row it had after the migration',
    ]);
    expect(await sql(server, 'SELECT count(*)::int AS n FROM settings', 'prod')).toEqual([{ n: 3 }]);
  });
});

describe('a column converted to another type without USING: its values read back as the old type', () => {
  const PRICES = `CREATE TABLE products (id int PRIMARY KEY, price numeric(10,2) NOT NULL, sku varchar(20) NOT NULL, added timestamp NOT NULL, attrs json);
INSERT INTO products VALUES (1, 9.99, 'a-1', '2024-01-01 10:00', '{"size":"L",  "color":"red"}'), (2, 12.00, 'b-2', '2024-02-01 11:30', '{"b": 1, "a": 2}'), (3, 0.50, 'c-3', '2024-03-01 12:45', null);
`;
  const priced = (migration: string) =>
    gate({
      'migration-gate.yml': 'dir: m\nrules: { not-transactional: off }\n',
      'm/0001_products.sql': PRICES,
      'm/0002_change.sql': migration,
    });

  it('numeric → integer rounds: a warning naming the column, the type it had and how many values changed', async () => {
    const { code, rules } = await priced('ALTER TABLE products ALTER COLUMN price TYPE integer;\n');
    expect(rules('type-change-alters-values')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        line: 1,
        column: 35,
        object: 'products.price',
        message:
          'converting products.price from numeric(10,2) changed 2 of its 3 values: read back as numeric(10,2), they are not what they were (rounded or cut)',
      }),
    ]);
    expect(code).toBe(0);
  });

  it('conversions that keep every value say nothing: integer → bigint, varchar → text, timestamp → timestamptz, a wider numeric, json → jsonb', async () => {
    const { rules, report } = await priced(`ALTER TABLE products ALTER COLUMN id TYPE bigint;
ALTER TABLE products ALTER COLUMN sku TYPE text;
ALTER TABLE products ALTER COLUMN added TYPE timestamptz;
ALTER TABLE products ALTER COLUMN price TYPE numeric(12,2);
ALTER TABLE products ALTER COLUMN attrs TYPE jsonb;
`);
    expect(rules('type-change-alters-values')).toEqual([]);
    expect(report.verdict).toBe('APPROVED');
  });

  it('with USING the conversion is written out, and chosen: nothing said', async () => {
    const { rules } = await priced(
      'ALTER TABLE products ALTER COLUMN price TYPE integer USING round(price * 100)::integer;\n',
    );
    expect(rules('type-change-alters-values')).toEqual([]);
  });
});
