import { describe, expect, it } from 'vitest';
import type { GateReport } from '../src/types.js';
import { runCli } from './helpers/cli.js';
import { makeRepo } from './helpers/repo.js';
import { parseSql } from '../src/migrations/parse.js';
import { survivingCreates } from '../src/migrations/survivors.js';
import { validateIndexes } from '../src/validators/indexes.js';
import { validateIntegration } from '../src/validators/integration.js';
import { validateSchema } from '../src/validators/schema.js';
import { validateTriggers } from '../src/validators/triggers.js';
import { context, foreignKey, index, snapshot, table } from './helpers/snapshot.js';

/**
 * What a migration leaves is not the list of its CREATE statements: what it
 * drops again is not expected afterwards, and what it renames is expected
 * under its new name. The canonical safe patterns (a unique constraint on an
 * index built concurrently, a table swapped in under the old name, a staging
 * table) were BLOCKED for objects "missing" that PostgreSQL had renamed or
 * the migration had dropped on purpose.
 */
async function survivors(sql: string) {
  const { objects, foreignKeys } = survivingCreates((await parseSql(sql, 'm.sql')).statements, 'public');
  return {
    objects: objects.map(
      (o) => `${o.kind} ${o.table ? `${o.table.name}.` : ''}${o.schema ? `${o.schema}.` : ''}${o.name}`,
    ),
    columns: Object.fromEntries(
      objects.flatMap((o) =>
        o.details?.kind === 'table' || o.details?.kind === 'index' ? [[o.name, o.details.columns]] : [],
      ),
    ),
    foreignKeys: foreignKeys.map(
      ({ table: t, foreignKey: k }) => `${t.name}(${k.columns.join()}) → ${k.refTable.name}(${k.refColumns.join()})`,
    ),
    lines: objects.map((o) => o.position.line),
  };
}

describe('survivingCreates', () => {
  it('drops what the migration drops again, with what goes with a table or a schema', async () => {
    const found = await survivors(
      [
        'CREATE TABLE staging (id int);',
        'CREATE INDEX staging_id_idx ON staging (id);',
        'CREATE FUNCTION helper() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;',
        "CREATE TYPE tmp_state AS ENUM ('a');",
        'CREATE SCHEMA scratch;',
        'CREATE TABLE scratch.t (id int);',
        'CREATE TABLE kept (id int);',
        'DROP TABLE staging;',
        'DROP FUNCTION helper();',
        'DROP TYPE tmp_state;',
        'DROP SCHEMA scratch CASCADE;',
      ].join('\n'),
    );
    expect(found.objects).toEqual(['table kept']);
  });

  it('an object dropped and created again is expected; one in another schema of the same name is kept', async () => {
    const found = await survivors(
      'CREATE TABLE a (id int);\nCREATE TABLE audit.a (id int);\nDROP TABLE a;\nCREATE TABLE a (id int, v text);\n',
    );
    expect(found.objects).toEqual(['table audit.a', 'table a']);
    expect(found.lines).toEqual([2, 4]);
  });

  it('ADD CONSTRAINT … USING INDEX: the index is there under the constraint’s name', async () => {
    const found = await survivors(
      'CREATE UNIQUE INDEX CONCURRENTLY users_email_idx ON users (email);\nALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;\n',
    );
    expect(found.objects).toEqual(['index users.users_email_key']);
    expect(found.lines).toEqual([1]);
  });

  it('a table swapped in: renamed with its indexes, foreign keys and columns, the old one dropped', async () => {
    const found = await survivors(
      [
        'CREATE TABLE items_new (id int PRIMARY KEY, label text, tmp int, owner_id int REFERENCES owners (id));',
        'CREATE INDEX items_new_label_idx ON items_new (label);',
        'CREATE INDEX items_new_tmp_idx ON items_new (tmp);',
        'CREATE TABLE tags (item_id int REFERENCES items_new (id));',
        'ALTER TABLE items_new RENAME COLUMN label TO title;',
        'ALTER TABLE items_new DROP COLUMN tmp;',
        'DROP TABLE items;',
        'ALTER TABLE items_new RENAME TO items;',
        'ALTER INDEX items_new_label_idx RENAME TO items_title_idx;',
        'ALTER TABLE tags SET SCHEMA catalog;',
      ].join('\n'),
    );
    expect(found.objects).toEqual(['table items', 'index items.items_title_idx', 'table catalog.tags']);
    expect(found.columns).toEqual({
      items: ['id', 'title', 'owner_id'],
      items_title_idx: ['title'],
      tags: ['item_id'],
    });
    expect(found.foreignKeys).toEqual(['items(owner_id) → owners(id)', 'tags(item_id) → items(id)']);
  });

  it('triggers, policies, types, functions and schemas renamed', async () => {
    const found = await survivors(
      [
        'CREATE SCHEMA app_tmp;',
        'CREATE TABLE app_tmp.doc (id int);',
        'ALTER SCHEMA app_tmp RENAME TO app;',
        'CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;',
        'CREATE TRIGGER t1 BEFORE UPDATE ON app.doc FOR EACH ROW EXECUTE FUNCTION touch();',
        'ALTER TRIGGER t1 ON app.doc RENAME TO doc_touch;',
        'ALTER FUNCTION touch() RENAME TO doc_touch_fn;',
        'CREATE POLICY p ON app.doc USING (true);',
        'ALTER POLICY p ON app.doc RENAME TO doc_read;',
        "CREATE TYPE mood AS ENUM ('ok');",
        'ALTER TYPE mood SET SCHEMA app;',
      ].join('\n'),
    );
    expect(found.objects).toEqual([
      'schema app',
      'table app.doc',
      'function doc_touch_fn',
      'trigger doc.doc_touch',
      'policy doc.doc_read',
      'type app.mood',
    ]);
  });

  it('a rename inside a DO block (an idempotent migration guards it) counts as one at top level', async () => {
    const found = await survivors(
      [
        'CREATE TABLE accounts_new (id int, email text);',
        'DO $$',
        'BEGIN',
        "  IF to_regclass('accounts') IS NULL THEN",
        '    ALTER TABLE accounts_new RENAME TO accounts;',
        '    ALTER TABLE accounts RENAME COLUMN email TO primary_email;',
        '  END IF;',
        'END $$;',
      ].join('\n'),
    );
    expect(found.objects).toEqual(['table accounts']);
    expect(found.columns).toEqual({ accounts: ['id', 'primary_email'] });
    const [, block] = (
      await parseSql('CREATE TABLE t (a int);\nDO $$ BEGIN\n  ALTER TABLE t RENAME COLUMN a TO b;\nEND $$;', 'm.sql')
    ).statements;
    expect(block!.changes).toEqual([
      expect.objectContaining({
        kind: 'rename-column',
        column: 'a',
        to: 'b',
        position: expect.objectContaining({ line: 3 }),
      }),
    ]);
  });

  it('a foreign key goes with a dropped column or table on either side', async () => {
    const found = await survivors(
      [
        'CREATE TABLE a (id int PRIMARY KEY, b_id int REFERENCES b (id), c_id int REFERENCES c (id));',
        'ALTER TABLE a DROP COLUMN b_id;',
        'DROP TABLE c CASCADE;',
      ].join('\n'),
    );
    expect(found.foreignKeys).toEqual([]);
    expect(found.columns).toEqual({ a: ['id', 'c_id'] });
  });
  it('a temporary table is gone with the session, with what is on it', async () => {
    const found = await survivors(
      'CREATE TEMP TABLE dupes AS SELECT 1 AS id;\nCREATE INDEX dupes_idx ON dupes (id);\nCREATE TABLE pg_temp.scratch (id int);\nCREATE TABLE kept (id int);\n',
    );
    expect(found.objects).toEqual(['table kept']);
  });
});

describe('validators judge what the migration left', () => {
  it('a staging table and its index, created and dropped: nothing expected of them', async () => {
    const sql = 'CREATE TABLE staging (id int);\nCREATE INDEX staging_idx ON staging (id);\nDROP TABLE staging;\n';
    const ctx = await context(sql, snapshot());
    expect(validateSchema(ctx).findings).toEqual([]);
    expect(validateIndexes(ctx).findings).toEqual([]);
  });

  it('an index renamed by ADD CONSTRAINT … USING INDEX passes under its new name, and is missing if it is not there', async () => {
    const sql =
      'CREATE UNIQUE INDEX CONCURRENTLY users_email_idx ON users (email);\nALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;\n';
    const users = table('users', ['id', 'email']);
    const renamed = index('users', 'users_email_key', ['email'], { unique: true });
    expect(
      validateIndexes(
        await context(sql, snapshot({ tables: [users] }), snapshot({ tables: [users], indexes: [renamed] })),
      ).findings,
    ).toEqual([]);
    const missing = validateIndexes(await context(sql, snapshot({ tables: [users] }))).findings;
    expect(missing).toEqual([
      expect.objectContaining({
        rule: 'index-missing',
        message: 'index users_email_key does not exist',
        line: 1,
      }),
    ]);
  });

  it('a table swapped in: its columns and foreign key are checked under the new names', async () => {
    const sql = [
      'CREATE TABLE orders_new (id int PRIMARY KEY, amount int, customer int REFERENCES customers (id));',
      'ALTER TABLE orders_new RENAME COLUMN amount TO total;',
      'DROP TABLE orders;',
      'ALTER TABLE orders_new RENAME TO orders;',
    ].join('\n');
    const orders = table('orders', ['id', 'total', 'customer']);
    const fk = foreignKey('orders', ['customer'], 'public.customers', ['id']);
    const after = snapshot({ tables: [orders, table('customers')], constraints: [fk] });
    const ctx = await context(sql, snapshot(), after);
    expect(validateSchema(ctx).findings).toEqual([]);
    expect(validateIntegration(ctx).findings).toEqual([]);
    const withoutKey = await context(sql, snapshot(), snapshot({ tables: [orders, table('customers')] }));
    expect(validateIntegration(withoutKey).findings.map((f) => f.message)).toEqual([
      'foreign key orders.customer → customers.id does not exist',
    ]);
  });

  it('a helper function created and dropped is not expected; a trigger function kept still is', async () => {
    const sql = [
      'CREATE FUNCTION backfill() RETURNS void LANGUAGE sql AS $$ SELECT 1 $$;',
      'SELECT backfill();',
      'DROP FUNCTION backfill();',
      'CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;',
    ].join('\n');
    const findings = validateTriggers(await context(sql, snapshot())).findings;
    expect(findings.map((f) => [f.rule, f.line])).toEqual([['function-missing', 4]]);
  });
});

describe('end to end: the safe patterns a goose repository uses are APPROVED', () => {
  const USERS = `-- +goose Up
CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id), amount int, note text);
INSERT INTO users (email) SELECT 'u' || g || '@example.com' FROM generate_series(1, 20) g;
INSERT INTO orders SELECT g, (g % 20) + 1, g * 10, 'n' FROM generate_series(1, 40) g;

-- +goose Down
DROP TABLE orders;
DROP TABLE users;
`;
  const UNIQUE_EMAIL = `-- +goose NO TRANSACTION
-- +goose Up
SET lock_timeout = '2s';
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;

-- +goose Down
ALTER TABLE users DROP CONSTRAINT users_email_key;
`;
  const SWAP = `-- +goose Up
SET LOCAL lock_timeout = '2s';
CREATE TABLE orders_new (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id), amount_cents bigint NOT NULL, note text);
CREATE INDEX orders_new_user_id_idx ON orders_new (user_id);
CREATE FUNCTION to_cents(int) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT $1::bigint * 100 $$;
INSERT INTO orders_new SELECT id, user_id, to_cents(amount), note FROM orders;
DROP FUNCTION to_cents(int);
ALTER TABLE orders_new DROP COLUMN note;
DROP TABLE orders;
ALTER TABLE orders_new RENAME TO orders;
ALTER INDEX orders_new_user_id_idx RENAME TO orders_user_id_idx;

-- +goose Down
CREATE TABLE orders_old (
  id bigint CONSTRAINT orders_pkey PRIMARY KEY,
  user_id bigint CONSTRAINT orders_user_id_fkey REFERENCES users (id),
  amount int,
  note text
);
INSERT INTO orders_old SELECT id, user_id, amount_cents / 100 FROM orders;
DROP TABLE orders;
ALTER TABLE orders_old RENAME TO orders;
`;
  const repo = () =>
    makeRepo({
      'db/migrations/00001_users.sql': USERS,
      'db/migrations/00002_unique_email.sql': UNIQUE_EMAIL,
      'db/migrations/00003_orders_in_cents.sql': SWAP,
    });
  const OBJECT_RULES = ['index-missing', 'schema-mismatch', 'foreign-key-missing', 'function-missing'];

  it.each(['00002_unique_email.sql', '00003_orders_in_cents.sql'])('%s', async (target) => {
    const run = await runCli(
      ['check', '--dir', 'db/migrations', '--target', target, '--format', 'json', '--quiet'],
      repo(),
    );
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as GateReport;
    expect(report.findings.filter((f) => OBJECT_RULES.includes(f.rule))).toEqual([]);
    const status = Object.fromEntries(report.tasks.map((t) => [t.id, t.status]));
    expect(status).toMatchObject({ schema: 'PASS', indexes: 'PASS', integration: 'PASS', triggers: 'PASS' });
    expect({ verdict: report.verdict, code: run.code }).toEqual({ verdict: 'APPROVED', code: 0 });
  });
});

describe('end to end: a rename inside a DO block under a trigger from before', () => {
  const USERS = `-- +goose Up
CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL, search text);
CREATE FUNCTION users_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search := lower(NEW.name);
  RETURN NEW;
END $$;
CREATE TRIGGER users_search BEFORE INSERT OR UPDATE ON users FOR EACH ROW EXECUTE FUNCTION users_search();
INSERT INTO users (name) VALUES ('Ada'), ('Grace');

-- +goose Down
DROP TABLE users;
DROP FUNCTION users_search();
`;
  const RENAME = `-- +goose Up
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'name') THEN
    ALTER TABLE users RENAME COLUMN name TO full_name;
  END IF;
END $$;

-- +goose Down
ALTER TABLE users RENAME COLUMN full_name TO name;
`;

  it('is BLOCKED: the trigger still reads NEW.name, as it would be for the rename written at top level', async () => {
    const repo = makeRepo({ 'db/migrations/00001_users.sql': USERS, 'db/migrations/00002_rename.sql': RENAME });
    const run = await runCli(['check', '--dir', 'db/migrations', '--format', 'json', '--quiet'], repo);
    const report = JSON.parse(run.stdout) as GateReport;
    expect({ verdict: report.verdict, code: run.code }).toEqual({ verdict: 'BLOCKED', code: 1 });
    const found = report.findings
      .filter((f) => f.rule === 'existing-trigger-broken' || f.rule === 'rename-existing')
      .map((f) => [f.rule, f.line]);
    expect(found).toEqual([
      ['existing-trigger-broken', 5],
      ['rename-existing', 5],
    ]);
  });
});
