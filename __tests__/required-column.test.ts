import { describe, expect, it } from 'vitest';
import type { GateReport } from '../src/types.js';
import { runCli } from './helpers/cli.js';
import { makeRepo } from './helpers/repo.js';

/**
 * A NOT NULL column added with nothing to fill it fails in production on a
 * table with rows, and applies on the empty table of a schema-only test run.
 * The gate says so from production's size, and from the test data when it
 * has rows, where the server itself refuses.
 */
const BASE = 'CREATE TABLE subscription (id int PRIMARY KEY, started date);\n';

async function gate(target: string, extra: { config?: string; fixture?: string; base?: string } = {}) {
  const repo = makeRepo({
    'migration-gate.yml': `dir: m\n${extra.fixture ? 'fixtures: [rows.sql]\n' : ''}${extra.config ?? ''}`,
    ...(extra.fixture ? { 'rows.sql': extra.fixture } : {}),
    'm/0001_base.sql': extra.base ?? BASE,
    'm/0002_plan.sql': target,
  });
  const run = await runCli(['check', '--format', 'json', '--quiet'], repo);
  expect(run.stderr).toBe('');
  return { code: run.code, report: JSON.parse(run.stdout) as GateReport };
}

const ruleFindings = (report: GateReport) =>
  report.findings
    .filter((f) => f.rule === 'required-column-without-default')
    .map((f) => [f.severity, f.line, f.column, f.object]);

describe('ADD COLUMN … NOT NULL with nothing to fill it, on a table that existed before', () => {
  const UNSAFE = 'ALTER TABLE subscription ADD COLUMN plan text NOT NULL;\n';

  it('is BLOCKED where table_sizes says the table has rows, though the empty test table took it', async () => {
    const { code, report } = await gate(UNSAFE, { config: 'table_sizes:\n  subscription: 50000\n' });
    expect(code).toBe(1);
    expect(ruleFindings(report)).toEqual([['error', 1, 37, 'subscription.plan']]);
    expect(report.tasks.find((t) => t.id === 'readiness')!.status).toBe('FAIL');
  });

  it('warns, without blocking, where production’s size is unknown', async () => {
    const { code, report } = await gate(UNSAFE);
    expect(code).toBe(0);
    expect(ruleFindings(report)).toEqual([['warning', 1, 37, 'subscription.plan']]);
  });

  it('with rows in the test data, the server refuses it: BLOCKED on its own error, no second finding', async () => {
    const { code, report } = await gate(UNSAFE, { fixture: "INSERT INTO subscription VALUES (1, '2024-01-01');\n" });
    expect(code).toBe(1);
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        severity: 'critical',
        line: 1,
        message: expect.stringContaining('contains null values'),
      }),
    );
    expect(ruleFindings(report)).toEqual([]);
  });

  it('of a domain, which may fill it with its own default, nothing is said', async () => {
    const base = `${BASE}CREATE DOMAIN tier AS text DEFAULT 'free' NOT NULL;\n`;
    const target = 'ALTER TABLE subscription ADD COLUMN plan tier NOT NULL;\n';
    const { code, report } = await gate(target, { base, config: 'table_sizes:\n  subscription: 50000\n' });
    expect(ruleFindings(report)).toEqual([]);
    expect(code).toBe(0);
    // And rightly so: with a row in the test data, the domain's default fills it.
    const withRow = await gate(target, { base, fixture: "INSERT INTO subscription VALUES (1, '2024-01-01');\n" });
    expect(withRow.code).toBe(0);
  });

  it('done safely (a constant default, or nullable), nothing is said', async () => {
    const config = { config: 'table_sizes:\n  subscription: 50000\n' };
    for (const target of [
      "ALTER TABLE subscription ADD COLUMN plan text NOT NULL DEFAULT 'free';\n",
      'ALTER TABLE subscription ADD COLUMN plan text;\n',
    ]) {
      const { code, report } = await gate(target, config);
      expect(ruleFindings(report)).toEqual([]);
      expect(code).toBe(0);
    }
  });
});
