import { describe, expect, it } from 'vitest';
import type { GateReport } from '../src/types.js';
import { runCli } from './helpers/cli.js';
import { makeRepo } from './helpers/repo.js';

const ok = 'CREATE TABLE a (id int PRIMARY KEY);\n';

describe('a NUL byte in a SQL file', () => {
  it('in the migration under review: a critical finding at its line and column, BLOCKED', async () => {
    // Before, the parser stopped at the NUL: the DROP of a missing table went unseen and the gate approved.
    const repo = makeRepo({
      'm/0001_a.sql': ok,
      'm/0002_b.sql': 'CREATE TABLE b (id int);\n-- x\0y\nDROP TABLE nope;\n',
    });
    const run = await runCli(['check', '--dir', 'm', '--format', 'json', '-q'], repo);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as GateReport;
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        severity: 'critical',
        rule: 'syntax-error',
        file: 'm/0002_b.sql',
        line: 2,
        column: 5,
        message: expect.stringContaining('contains a NUL byte'),
      }),
    );
  });

  it('in a prerequisite: exit 2 naming file, line and column', async () => {
    const repo = makeRepo({ 'm/0001_a.sql': ok, 'p.sql': 'CREATE TABLE p (id int);\nSELECT 1\0;\n' });
    const run = await runCli(['check', '--dir', 'm', '--prerequisite', 'p.sql', '-q'], repo);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'migration-gate: prerequisite p.sql:2:9: contains a NUL byte, which PostgreSQL does not accept in SQL text: remove it\n',
    );
  });

  it('in a baseline saved as UTF-16: says so', async () => {
    const repo = makeRepo({ 'm/0001_a.sql': ok, 'base.sql': Buffer.from('CREATE TABLE p (id int);\n', 'utf16le') });
    const run = await runCli(['check', '--dir', 'm', '--baseline', 'base.sql'], repo);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('baseline base.sql:1:2: contains NUL bytes');
    expect(run.stderr).toContain('save it as UTF-8');
  });
});
