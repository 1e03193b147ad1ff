import { describe, expect, it } from 'vitest';
import { foreignKey, snapshot, table } from './helpers/snapshot.js';
import { dataStatements } from '../src/migrations/data-statements.js';
import { parseSql } from '../src/migrations/parse.js';
import type { TableCount, TableCounts } from '../src/observe/table-data.js';
import { lossFindings, roundTripFindings, type DataEvidence, type DataMoments } from '../src/rules/data-loss.js';
import { rowChange, rowsGone } from '../src/rules/row-change.js';
import { checksum, judgeData, LISTED_TABLES, withRollbackFindings } from '../src/rules/data-preservation.js';
import type { TaskResult } from '../src/types.js';

/** A table read exactly: `rows` hashes, one per row. */
function counted(hashes: string[], columns = ['id', 'name']): TableCount {
  return {
    rows: hashes.length,
    filenode: '1',
    columns,
    hashes: [...hashes].sort(),
    counters: { inserted: 0, updated: 0, deleted: 0 },
  };
}

const h = (n: number): string => n.toString(16).padStart(16, '0');
const rows = (...ns: number[]): string[] => ns.map(h);
const counts = (entries: Record<string, TableCount>): TableCounts => new Map(Object.entries(entries));
/** customers with these row hashes before and after the migration. */
const customers = (before: number[], after: number[]): DataMoments => ({
  before: counts({ 'public.customers': counted(rows(...before)) }),
  after: counts({ 'public.customers': counted(rows(...after)) }),
});

const SNAPSHOT = snapshot({
  tables: [table('customers', ['id', 'name']), table('orders', ['id', 'name'])],
  constraints: [
    foreignKey('orders', ['customer_id'], 'public.customers', ['id'], {
      name: 'orders_customer_fkey',
      definition: 'FOREIGN KEY (customer_id) REFERENCES public.customers(id) ON DELETE CASCADE',
      onDelete: 'CASCADE',
    }),
  ],
});

async function evidence(sql: string, here: DataMoments, down?: string): Promise<DataEvidence> {
  return {
    exact: true,
    target: await parseSql(sql, 'm/0002.sql'),
    ...(down ? { down: await parseSql(down, 'm/0002.down.sql') } : {}),
    beforeSnapshot: SNAPSHOT,
    searchPath: ['public'],
    here,
  };
}

describe('statements that remove or overwrite rows', () => {
  it('classifies DELETE, UPDATE and TRUNCATE, with or without WHERE, inside a WITH too', async () => {
    const parsed = await parseSql(
      `DELETE FROM customers WHERE id > 3;
UPDATE app.orders SET status = 'done', total = total * 2, note = DEFAULT;
TRUNCATE a, b;
WITH gone AS (DELETE FROM events RETURNING *) INSERT INTO archive SELECT * FROM gone;
INSERT INTO t VALUES (1);`,
      'f.sql',
    );
    const found = dataStatements(parsed).map((s) => ({
      kind: s.kind,
      tables: s.tables.map((t) => (t.schema ? `${t.schema}.${t.name}` : t.name)),
      filtered: s.filtered,
      overwrites: s.overwrites,
      line: s.statement.start.line,
    }));
    expect(found).toEqual([
      { kind: 'delete', tables: ['customers'], filtered: true, overwrites: [], line: 1 },
      { kind: 'update', tables: ['app.orders'], filtered: false, overwrites: ['status', 'note'], line: 2 },
      { kind: 'truncate', tables: ['a', 'b'], filtered: false, overwrites: [], line: 3 },
      { kind: 'delete', tables: ['events'], filtered: false, overwrites: [], line: 4 },
    ]);
  });
});

describe('mass-delete and mass-update, decided by the rows counted', () => {
  it('a DELETE without WHERE that empties a table is an error naming the counts and the line', async () => {
    const findings = lossFindings(await evidence('SELECT 1;\nDELETE FROM customers;', customers([1, 2, 3], [])));
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'mass-delete',
        message: 'all 3 rows of customers deleted (3 → 0 rows)',
        line: 2,
        task: 'readiness',
      }),
    ]);
  });

  it('a DELETE with WHERE that keeps rows is no finding; one that removes most without WHERE is', async () => {
    const before = counts({ 'public.customers': counted(rows(1, 2, 3, 4)) });
    const fewGone = { before, after: counts({ 'public.customers': counted(rows(1, 2, 3)) }) };
    expect(lossFindings(await evidence('DELETE FROM customers WHERE id = 4;', fewGone))).toEqual([]);
    const mostGone = { before, after: counts({ 'public.customers': counted(rows(1)) }) };
    expect(lossFindings(await evidence('DELETE FROM customers WHERE id > 1;', mostGone))).toEqual([]);
    // The same loss from a DELETE that chose nothing (rows were put back) is attributed and blocks.
    const blind = await evidence('DELETE FROM customers;\nINSERT INTO customers VALUES (1);', mostGone);
    expect(lossFindings(blind).map((f) => f.message)).toEqual(['3 of 4 rows of customers deleted (4 → 1 rows)']);
  });

  it('generated rows a DELETE with WHERE took all of prove nothing (their values are guesses); without WHERE they do', async () => {
    const here = customers([1, 2], []);
    const generated = new Set(['public.customers']);
    const chosen = await evidence("DELETE FROM customers WHERE created_at < now() - interval '90 days';", here);
    expect(lossFindings({ ...chosen, generated })).toEqual([]);
    expect(lossFindings(chosen).map((f) => f.rule)).toEqual(['mass-delete']);
    const blind = await evidence('DELETE FROM customers;', here);
    expect(lossFindings({ ...blind, generated }).map((f) => f.rule)).toEqual(['mass-delete']);
  });

  it('rows emptied through ON DELETE CASCADE name the parent and its statement', async () => {
    const here = {
      before: counts({ 'public.customers': counted(rows(1)), 'public.orders': counted(rows(5, 6)) }),
      after: counts({ 'public.customers': counted([]), 'public.orders': counted([]) }),
    };
    const messages = lossFindings(await evidence('DELETE FROM customers WHERE id = 1;', here)).map((f) => f.message);
    expect(messages).toEqual([
      'the 1 row of customers deleted (1 → 0 rows)',
      'all 2 rows of orders deleted through ON DELETE CASCADE from customers (2 → 0 rows)',
    ]);
  });

  it('an UPDATE without WHERE that overwrites an existing column with a constant is a warning; a backfill is not', async () => {
    const here = customers([1, 2, 3], [7, 8, 9]);
    const overwrite = lossFindings(await evidence("UPDATE customers SET name = 'x';", here));
    expect(overwrite).toEqual([
      expect.objectContaining({
        severity: 'warning',
        rule: 'mass-update',
        message: 'UPDATE without WHERE overwrote name in 3 of 3 rows of customers with a value that reads no column',
      }),
    ]);
    // A column the migration adds, or one computed from another: what migrations do.
    expect(lossFindings(await evidence("UPDATE customers SET email = 'x';", here))).toEqual([]);
    expect(lossFindings(await evidence('UPDATE customers SET name = upper(name);', here))).toEqual([]);
  });

  it('on an estimated database the counts come from the estimate and the transaction counters', () => {
    const before: TableCount = {
      estimate: 12_000,
      filenode: '7',
      columns: ['id'],
      counters: { inserted: 4, updated: 0, deleted: 0 },
    };
    const deleted = { ...before, rows: 0, counters: { inserted: 4, updated: 0, deleted: 12_000 } };
    expect(rowChange(before, deleted, false)).toEqual({ before: 12_000, after: 0, approximate: false, changed: 0 });
    const truncated = { ...before, filenode: '8', rows: 0 };
    expect(rowChange(before, truncated, false)).toEqual({ before: 12_000, after: 0, approximate: true, changed: 0 });
    const untouched = { ...before, counters: { inserted: 4, updated: 300, deleted: 0 } };
    expect(rowChange(before, untouched, false)).toEqual({
      before: 12_000,
      after: 12_000,
      approximate: true,
      changed: 300,
    });
    // Past the cap, the count after says only "more than 10 000": the estimate minus the deletes says how many.
    const trimmed = { ...before, rows: 10_001, capped: true, counters: { inserted: 4, updated: 0, deleted: 5_000 } };
    expect(rowChange(before, trimmed, false)).toEqual({ before: 12_000, after: 10_001, approximate: true, changed: 0 });
    const halved = { ...trimmed, counters: { inserted: 4, updated: 0, deleted: 1_000 } };
    expect(rowChange(before, halved, false)).toMatchObject({ after: 11_000 });
  });
});

describe('rollback-loses-data', () => {
  const before = counts({ 'public.customers': counted(rows(1, 2, 3)) });

  it('fewer rows after up → down → up than after up is an error on the down statement that did it', async () => {
    const trip = { before, after: before, afterRoundTrip: counts({ 'public.customers': counted([]) }) };
    const down = 'DROP TABLE customers;\nCREATE TABLE customers (id int, name text);';
    const findings = roundTripFindings({ ...(await evidence('SELECT 1;', trip, down)), roundTrip: trip });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'rollback-loses-data',
        message:
          'after the down migration and the migration again, customers has 0 of the 3 rows it had after the migration',
        file: 'm/0002.down.sql',
        line: 1,
        task: 'rollback',
      }),
    ]);
  });

  it('other values after the round trip warn only where the migration alone left the rows as they were', async () => {
    const changed = counts({ 'public.customers': counted(rows(1, 2, 9)) });
    const untouched = { before, after: before, afterRoundTrip: changed };
    const findings = roundTripFindings({ ...(await evidence('SELECT 1;', untouched)), roundTrip: untouched });
    expect(findings.map((f) => [f.severity, f.message])).toEqual([
      [
        'warning',
        'after the down migration and the migration again, 1 of the 3 rows of customers have other values (the migration alone left them unchanged)',
      ],
    ]);
    // A migration that rewrites values (now(), gen_random_uuid()) differs on each run: nothing to say.
    const volatile = { before, after: changed, afterRoundTrip: counts({ 'public.customers': counted(rows(1, 2, 8)) }) };
    expect(roundTripFindings({ ...(await evidence('SELECT 1;', volatile)), roundTrip: volatile })).toEqual([]);
  });

  it('joins the rollback task: an error fails a PASS, the summary says why', () => {
    const task: TaskResult = {
      id: 'rollback',
      title: 'Rollback Procedure',
      status: 'PASS',
      summary: 'ok',
      findings: [],
    };
    const finding = { severity: 'error', rule: 'rollback-loses-data', message: 'lost', task: 'rollback' } as const;
    expect(withRollbackFindings([task], [finding])[0]).toMatchObject({ status: 'FAIL', summary: 'lost' });
    const notRun: TaskResult = { ...task, status: 'N/A' };
    expect(withRollbackFindings([notRun], [finding])[0]).toBe(notRun);
  });
});

describe('the report of existing data', () => {
  it('empty tables the migration works on are said once, with what to do', async () => {
    const here = {
      before: counts({ 'public.customers': counted([]), 'public.orders': counted([]) }),
      after: counts({ 'public.customers': counted([]), 'public.orders': counted([]) }),
    };
    const judged = judgeData(await evidence('ALTER TABLE customers ADD COLUMN email text NOT NULL;', here), {
      generate: false,
      notes: [],
    });
    expect(judged.readiness!.findings).toEqual([
      expect.objectContaining({
        severity: 'info',
        rule: 'no-test-data',
        hint: 'add fixtures (fixtures: in migration-gate.yml, --fixture) or set fixtures: generate',
      }),
    ]);
    expect(judged.readiness!.findings[0]!.message).toMatch(/^no rows in customers before the migration: /);
    expect(judged.readiness!.check).toEqual({
      name: 'Existing data preserved',
      status: 'INFO',
      finding: '2 existing table(s), 0 row(s) before the migration: all empty: nothing to compare',
    });
  });

  it('counts and order-independent checksums per table; only changes in the check line', async () => {
    const here = {
      before: counts({ 'public.customers': counted(rows(1, 2, 3)), 'public.orders': counted(rows(4)) }),
      after: counts({ 'public.customers': counted(rows(3, 2)), 'public.orders': counted(rows(4)) }),
    };
    const judged = judgeData(await evidence('DELETE FROM customers WHERE id = 1;', here), {
      generate: false,
      notes: [],
    });
    expect(judged.report!.tables[0]).toEqual({
      table: 'customers',
      before: 3,
      after: 2,
      checksum: { before: h(6), after: h(5) },
    });
    expect(judged.readiness!.check.finding).toBe('2 existing table(s), 4 row(s) before the migration: customers 3 → 2');
    expect(checksum(counted(rows(3, 1, 2)))).toBe(checksum(counted(rows(1, 2, 3))));
    expect(rowsGone(rows(1, 1, 2), rows(1, 2, 2))).toBe(1);
  });

  it('past the listed tables, lists only those the migration works on or changed, and counts the rest', async () => {
    const others = Array.from({ length: LISTED_TABLES }, (_, i): [string, TableCount] => [
      `public.t${i}`,
      counted(rows(i)),
    ]);
    const here = {
      before: new Map([...others, ['public.customers', counted(rows(1, 2))], ['public.orders', counted(rows(3))]]),
      after: new Map([...others, ['public.customers', counted(rows(1, 2))], ['public.orders', counted([])]]),
    };
    const judged = judgeData(await evidence('ALTER TABLE customers ADD COLUMN email text; DELETE FROM orders;', here), {
      generate: false,
      notes: [],
    });
    expect(judged.report!.tables.map((t) => t.table)).toEqual(['customers', 'orders']);
    expect(judged.report!.unchanged).toEqual({ tables: LISTED_TABLES, rows: LISTED_TABLES });
    // The check line still counts every table.
    expect(judged.readiness!.check.finding).toMatch(
      /^102 existing table\(s\), 103 row\(s\) before the migration: orders 1 → 0/,
    );
  });
});
