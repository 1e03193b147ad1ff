import { describe, expect, it } from 'vitest';
import type { GateReport } from '../src/types.js';
import { runCli } from './helpers/cli.js';
import { makeRepo } from './helpers/repo.js';

/**
 * A tool rolls a migration back, and applies it again, in a session of its
 * own. The gate ran all three on one connection, so what the migration left
 * in its session (a temporary table, an empty search_path) reached its down
 * and its re-apply: BLOCKED for failures production never sees.
 */
describe('the round trip runs the down and the re-apply each in a session of its own', () => {
  async function gate(files: Record<string, string>) {
    const repo = makeRepo({ 'migration-gate.yml': 'dir: m\n', ...files });
    const run = await runCli(['check', '--format', 'json', '--quiet'], repo);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as GateReport;
    return { report, status: Object.fromEntries(report.tasks.map((t) => [t.id, t.status])) };
  }

  it('a temporary table is not expected afterwards, and is not there when the migration applies again', async () => {
    const { report, status } = await gate({
      'm/0001_base.sql':
        "CREATE TABLE customers (id int PRIMARY KEY, email text);\nINSERT INTO customers VALUES (1, 'a'), (2, 'a'), (3, 'b');\n",
      'm/0002_dedupe.sql': [
        'BEGIN;',
        'CREATE TEMP TABLE dupes AS SELECT email, min(id) AS keep FROM customers GROUP BY email HAVING count(*) > 1;',
        'CREATE INDEX ON dupes (email);',
        'DELETE FROM customers c USING dupes d WHERE c.email = d.email AND c.id <> d.keep;',
        'ALTER TABLE customers ADD CONSTRAINT customers_email_key UNIQUE (email);',
        'COMMIT;',
      ].join('\n'),
      'm/0002_dedupe.down.sql': 'ALTER TABLE customers DROP CONSTRAINT customers_email_key;\n',
    });
    expect(status).toMatchObject({ schema: 'PASS', indexes: 'PASS', rollback: 'PASS' });
    expect(report.findings.filter((f) => f.severity === 'error' || f.severity === 'critical')).toEqual([]);
  });

  it("what the migration SET for its session (pg_dump's empty search_path) does not reach its down", async () => {
    const { report, status } = await gate({
      'm/0001_base.sql': 'CREATE TABLE customers (id int PRIMARY KEY);\n',
      'm/0002_invoices.sql': [
        "SELECT pg_catalog.set_config('search_path', '', false);",
        'CREATE TABLE public.invoices (id integer NOT NULL, customer_id integer);',
        'ALTER TABLE ONLY public.invoices ADD CONSTRAINT invoices_pkey PRIMARY KEY (id);',
      ].join('\n'),
      'm/0002_invoices.down.sql': 'DROP TABLE invoices;\n',
    });
    expect(status).toMatchObject({ schema: 'PASS', rollback: 'PASS' });
    expect(report.verdict).toBe('APPROVED');
  });
});
