import { describe, expect, it } from 'vitest';
import type { GateReport } from '../src/types.js';
import { runCli } from './helpers/cli.js';
import { makeRepo } from './helpers/repo.js';

/**
 * Earlier migrations travel many to a message (src/apply/earlier.ts): what
 * the gate reports of a history must be what applying its files one at a
 * time reports — the first failing file, at its line and column.
 */
async function gate(files: Record<string, string>, ...flags: string[]): Promise<GateReport> {
  const dir = files['migration-gate.yml'] ? [] : ['--dir', 'm'];
  const run = await runCli(['check', ...dir, '--format', 'json', '--quiet', ...flags], makeRepo(files));
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as GateReport;
}

const name = (i: number, what: string): string => `m/${String(i).padStart(4, '0')}_${what}.sql`;

/** `count` one-table files, then `extra` after them, then the target. */
function history(count: number, extra: Record<string, string> = {}): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 1; i <= count; i++)
    files[name(i, `t${i}`)] = `CREATE TABLE t${i} (id int PRIMARY KEY, n int CHECK (n > 0));\n`;
  return { ...files, ...extra };
}

const TARGET = 'CREATE TABLE target (id int PRIMARY KEY);\n';

describe('earlier migrations sent many to a message', () => {
  it('a file deep in a long history that fails on what the files before it made is found at its line and column', async () => {
    // In the first message (100 files), whose answer is awaited only once the second is full: files 101–200
    // are read and gathered meanwhile, and none of them is applied.
    const files = history(250);
    files[name(60, 't60')] = 'INSERT INTO t58 (id, n) VALUES (1, 5);\nINSERT INTO t59 (id, n) VALUES (1, -1);\n';
    const report = await gate({ ...files, [name(251, 'target')]: TARGET });
    expect(report.verdict).toBe('BLOCKED');
    expect(report.findings).toEqual([
      expect.objectContaining({ rule: 'earlier-migration-fails', file: name(60, 't60'), line: 2, column: 1 }),
    ]);
    expect(report.findings[0]!.message).toContain('violates check constraint "t59_n_check"');
  });

  it('a file that fails before a later file that cannot be read: the failure is the finding, not the file', async () => {
    const files = history(150);
    files[name(60, 't60')] = 'INSERT INTO t59 (id, n) VALUES (1, 0);\n';
    const latin1 = Buffer.concat([Buffer.from('CREATE TABLE late (id int);\n-- caf'), Buffer.from([0xe9])]);
    const run = await runCli(
      ['check', '--dir', 'm', '--format', 'json', '--quiet'],
      makeRepo({ ...files, [name(140, 't140')]: latin1, [name(151, 'target')]: TARGET }),
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as GateReport).findings).toEqual([
      expect.objectContaining({ rule: 'earlier-migration-fails', file: name(60, 't60'), line: 1, column: 1 }),
    ]);
  });

  it('a failure in the last message of a history is found as well', async () => {
    const report = await gate({
      ...history(130, { [name(131, 'bad_row')]: 'INSERT INTO t130 (id, n) VALUES (1, 0);\n' }),
      [name(132, 'target')]: TARGET,
    });
    expect(report.findings).toEqual([
      expect.objectContaining({ rule: 'earlier-migration-fails', file: name(131, 'bad_row'), line: 1, column: 1 }),
    ]);
  });

  it('a file that fails to run is reported before a later file in the same message that does not parse', async () => {
    const report = await gate({
      ...history(3),
      [name(4, 'missing_parent')]: 'CREATE TABLE c (id int REFERENCES nowhere (id));\n',
      [name(5, 'typo')]: 'SELECT 1 +;\n',
      [name(6, 'target')]: TARGET,
    });
    expect(report.findings).toEqual([
      expect.objectContaining({
        rule: 'earlier-migration-fails',
        file: name(4, 'missing_parent'),
        line: 1,
        column: 35,
      }),
    ]);
    expect(report.findings[0]!.message).toContain('relation "nowhere" does not exist');
  });

  it('a file that does not parse, after files that run, is reported at its own position', async () => {
    const report = await gate({
      ...history(3),
      [name(4, 'typo')]: 'INSERT INTO t3 (id, n) VALUES (1, 1);\nSELECT 1 +;\n',
      [name(5, 'missing_parent')]: 'CREATE TABLE c (id int REFERENCES nowhere (id));\n',
      [name(6, 'target')]: TARGET,
    });
    expect(report.findings).toEqual([
      expect.objectContaining({ rule: 'earlier-migration-fails', file: name(4, 'typo'), line: 2, column: 11 }),
    ]);
    expect(report.findings[0]!.message).toContain('syntax error at end of input');
  });

  it("a file that switches the statement timeout off does not take the gate's limit from the files after it", async () => {
    const report = await gate(
      {
        [name(1, 'no_limit')]: 'SET statement_timeout = 0;\nCREATE TABLE a (id int);\n',
        [name(2, 'slow')]: 'CREATE TABLE b (id int);\nSELECT pg_sleep(30);\n',
        [name(3, 'target')]: TARGET,
      },
      '--statement-timeout',
      '1s',
    );
    expect(report.findings).toEqual([
      expect.objectContaining({ rule: 'earlier-migration-fails', file: name(2, 'slow'), line: 2, column: 1 }),
    ]);
    expect(report.findings[0]!.message).toContain('statement timeout');
    // Stopped by the server's own timeout once, not run again on its own to time out a second time.
    const applying = report.timings['apply earlier migrations']!;
    expect(applying).toBeGreaterThanOrEqual(1_000);
    expect(applying).toBeLessThan(1_900);
  });

  it("each file runs as the runner's role, whatever the file before it in the message did", async () => {
    const report = await gate({
      'migration-gate.yml': 'dir: m\nbaseline: baseline.sql\nsession:\n  role: app_migrator\n',
      'baseline.sql': 'CREATE SCHEMA locked;\n',
      [name(1, 'a')]: 'CREATE TABLE a (id int);\n',
      [name(2, 'reset')]: 'RESET ROLE;\n',
      // As the superuser (the role the file before left) it would pass.
      [name(3, 'locked')]: 'CREATE TABLE locked.t (id int);\n',
      [name(4, 'target')]: TARGET,
    });
    expect(report.findings).toEqual([
      expect.objectContaining({ rule: 'earlier-migration-fails', file: name(3, 'locked'), line: 1, column: 14 }),
    ]);
    expect(report.findings[0]!.message).toContain('permission denied for schema locked');
  });

  it('files that are a transaction of their own travel too: one failing inside is found at its line and column', async () => {
    const report = await gate({
      ...history(3),
      [name(4, 'own_a')]:
        'BEGIN;\nCREATE TABLE own_a (id int PRIMARY KEY);\nLOCK TABLE own_a IN ACCESS EXCLUSIVE MODE;\nCOMMIT;\n',
      [name(5, 'own_rows')]: 'BEGIN;\nINSERT INTO own_a VALUES (1);\nINSERT INTO own_a VALUES (1);\nCOMMIT;\n',
      [name(6, 'target')]: TARGET,
    });
    expect(report.findings).toEqual([
      expect.objectContaining({ rule: 'earlier-migration-fails', file: name(5, 'own_rows'), line: 3, column: 1 }),
    ]);
    expect(report.findings[0]!.message).toContain('duplicate key value violates unique constraint "own_a_pkey"');
  });

  it("a deferred check that fails at a file's own COMMIT is found at the COMMIT", async () => {
    const report = await gate({
      [name(1, 'tables')]:
        'CREATE TABLE parent (id int PRIMARY KEY);\nCREATE TABLE child (p int REFERENCES parent DEFERRABLE INITIALLY DEFERRED);\n',
      [name(2, 'orphan')]: 'BEGIN;\nINSERT INTO child VALUES (42);\nCOMMIT;\n',
      [name(3, 'target')]: TARGET,
    });
    expect(report.findings).toEqual([
      expect.objectContaining({ rule: 'earlier-migration-fails', file: name(2, 'orphan'), line: 3, column: 1 }),
    ]);
    expect(report.findings[0]!.message).toContain('violates foreign key constraint');
  });

  it("a file's own BEGIN keeps its options, whether its tool opened a transaction before it or not", async () => {
    const files: Record<string, string> = {
      'm/V1__a.sql': 'CREATE TABLE a (id int);\n',
      'm/V2__read_only.sql': 'BEGIN READ ONLY;\nCREATE TABLE b (id int);\nCOMMIT;\n',
      'm/V3__target.sql': TARGET,
    };
    // psql runs the file as written; Flyway wraps it in a transaction of its own, where the BEGIN warns and
    // still makes the transaction read-only.
    for (const tool of ['plain', 'flyway']) {
      const report = await gate(files, '--tool', tool);
      expect(report.findings).toEqual([
        expect.objectContaining({ rule: 'earlier-migration-fails', file: 'm/V2__read_only.sql', line: 2, column: 1 }),
      ]);
      expect(report.findings[0]!.message).toContain('cannot execute CREATE TABLE in a read-only transaction');
    }
  });

  it('files that cannot travel with others go alone, in their place in the order', async () => {
    const report = await gate({
      [name(1, 'a')]: 'CREATE TABLE a (id int PRIMARY KEY);\nINSERT INTO a VALUES (1), (2);\n',
      [name(2, 'a_index')]: 'CREATE INDEX CONCURRENTLY a_idx ON a (id);\n',
      [name(3, 'a_b')]: 'BEGIN;\nALTER TABLE a ADD COLUMN b int;\nCOMMIT;\n',
      [name(4, 'a_b_set')]: 'UPDATE a SET b = id * 10;\n',
      // Each statement needs the file before it to have run first.
      [name(5, 'target')]:
        'ALTER INDEX a_idx RENAME TO a_id_idx;\nCREATE TABLE copy AS SELECT b FROM a WHERE b = 20;\n',
    });
    expect(report.findings.filter((f) => f.severity === 'critical')).toEqual([]);
    expect(report.verdict).toBe('APPROVED');
  });
});
