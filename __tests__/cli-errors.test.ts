import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GateReport } from '../src/types.js';
import { runCli } from './helpers/cli.js';
import { makeRepo } from './helpers/repo.js';

const ok = 'CREATE TABLE a (id int PRIMARY KEY);\n';

/**
 * Runs `fn` with a private TMPDIR, so that what the embedded server leaves
 * there (only the template cache may stay) can be told apart from the servers
 * other test files run at the same time.
 */
async function inPrivateTmp<T>(fn: () => Promise<T>): Promise<{ result: T; left: string[]; processes: string }> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'mg-private-tmp-'));
  chmodSync(tmp, 0o755);
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
  try {
    const result = await fn();
    const left = readdirSync(tmp).filter(
      (name) => name.startsWith('migration-gate-') && !name.startsWith('migration-gate-cache-'),
    );
    const processes = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes(tmp))
      .join('\n');
    return { result, left, processes };
  } finally {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(tmp, { recursive: true, force: true });
  }
}

describe('usage and configuration errors exit 2 with a precise message', () => {
  it('requires a migrations directory', async () => {
    const repo = makeRepo({ 'x.txt': '' });
    const run = await runCli(['check'], repo);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--dir is required');
  });

  it('rejects an unknown flag', async () => {
    const run = await runCli(['check', '--frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--frobnicate'");
  });

  it('names the target it could not find and the ones it could', async () => {
    const repo = makeRepo({ 'm/0001_a.sql': ok });
    const run = await runCli(['check', '--dir', 'm', '--target', '0009_nope.sql'], repo);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('target not found: 0009_nope.sql (migrations in m: 0001_a.sql)');
  });

  it('refuses a file that is not UTF-8, naming its line', async () => {
    const latin1 = Buffer.concat([
      Buffer.from('CREATE TABLE a (id int);\n-- caf'),
      Buffer.from([0xe9]),
      Buffer.from('\n'),
    ]);
    const repo = makeRepo({ 'm/0001_a.sql': latin1 });
    const run = await runCli(['check', '--dir', 'm'], repo);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('m/0001_a.sql:2: not valid UTF-8');
  });

  it('an earlier migration that is not UTF-8 is refused when its turn comes, and nothing is left behind', async () => {
    // Earlier migrations are read while the ones before them are applied: the server is up by then.
    const latin1 = Buffer.concat([
      Buffer.from('CREATE TABLE b (id int);\n-- caf'),
      Buffer.from([0xe9]),
      Buffer.from('\n'),
    ]);
    const repo = makeRepo({ 'm/0001_a.sql': ok, 'm/0002_b.sql': latin1, 'm/0003_c.sql': ok.replace(' a ', ' c ') });
    const { result: run, left, processes } = await inPrivateTmp(() => runCli(['check', '--dir', 'm'], repo));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('m/0002_b.sql:2: not valid UTF-8');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(left).toEqual([]);
    expect(processes).toBe('');
  });

  it('refuses a missing baseline file', async () => {
    const repo = makeRepo({ 'm/0001_a.sql': ok });
    const run = await runCli(['check', '--dir', 'm', '--baseline', 'nope.sql'], repo);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('file not found: nope.sql');
  });

  it('says an empty migration has nothing to check', async () => {
    const repo = makeRepo({ 'm/0001_a.sql': '-- nothing yet\n' });
    const run = await runCli(['check', '--dir', 'm'], repo);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('m/0001_a.sql contains no SQL statements');
  });

  it('names the config key of the wrong type', async () => {
    const repo = makeRepo({ 'm/0001_a.sql': ok, 'migration-gate.yml': 'dir: m\ntimeouts:\n  statement: true\n' });
    const run = await runCli(['check'], repo);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/migration-gate\.yml: timeouts\.statement: /);
  });

  it('names an unknown config key with its path', async () => {
    const repo = makeRepo({
      'm/0001_a.sql': ok,
      'migration-gate.yml': 'dir: m\nexpectations:\n  0001_a.sql:\n    tabels: {}\n',
    });
    const run = await runCli(['check'], repo);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('migration-gate.yml: unknown key "expectations.0001_a.sql.tabels"');
  });

  it('rejects a bad duration flag', async () => {
    const repo = makeRepo({ 'm/0001_a.sql': ok });
    const run = await runCli(['check', '--dir', 'm', '--statement-timeout', 'soon'], repo);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--statement-timeout');
  });
});

describe('problems in the migration are findings with exact positions', () => {
  const check = async (sql: string, ...flags: string[]): Promise<{ code: number; report: GateReport }> => {
    const repo = makeRepo({ 'm/0001_base.sql': ok, 'm/0002_target.sql': sql });
    const run = await runCli(['check', '--dir', 'm', '--format', 'json', '--quiet', ...flags], repo);
    expect(run.stderr).toBe('');
    return { code: run.code, report: JSON.parse(run.stdout) as GateReport };
  };

  it('a syntax error is BLOCKED at the token line and column', async () => {
    const { code, report } = await check('-- café — ünïcode\nCREATE TABLE b (\n  id int,\n  name textt text\n);\n');
    expect(code).toBe(1);
    const finding = report.findings.find((f) => f.rule === 'syntax-error');
    expect(finding).toMatchObject({ file: 'm/0002_target.sql', line: 4, column: 14, severity: 'critical' });
    // The file was never sent: the summary must not say it applies.
    const readiness = report.tasks.find((t) => t.id === 'readiness');
    expect(readiness?.summary).toBe('Does not parse at line 4: syntax error at or near "text"');
  });

  it("beside a real failure, a table's row type made earlier in the migration is not said missing", async () => {
    const { code, report } = await check(
      'SELECT * FROM nowhere;\nCREATE TABLE ev (id int);\nCREATE VIEW ev_ids AS SELECT id FROM ev;\n' +
        "CREATE FUNCTION all_ev() RETURNS SETOF ev LANGUAGE sql AS 'SELECT * FROM ev';\n" +
        "CREATE FUNCTION all_ids() RETURNS SETOF ev_ids LANGUAGE sql AS 'SELECT * FROM ev_ids';\n" +
        'CREATE FUNCTION odd() RETURNS SETOF no_such_type LANGUAGE sql AS $$ SELECT NULL $$;\n',
    );
    expect(code).toBe(1);
    expect(report.findings.filter((f) => f.rule.startsWith('missing-')).map((f) => [f.rule, f.object, f.line])).toEqual(
      [
        ['missing-relation', 'nowhere', 1],
        ['missing-type', 'no_such_type', 6],
      ],
    );
  });

  it('beside a real failure, a table renamed or moved earlier in the migration is found under its new name', async () => {
    const { code, report } = await check(
      'SELECT * FROM nowhere;\nCREATE SCHEMA billing;\nALTER TABLE a SET SCHEMA billing;\n' +
        'CREATE VIEW a_ids AS SELECT id FROM billing.a;\nALTER TABLE billing.a RENAME TO ledger;\n' +
        'CREATE VIEW ledger_ids AS SELECT id FROM billing.ledger;\n',
    );
    expect(code).toBe(1);
    expect(report.findings.filter((f) => f.rule.startsWith('missing-')).map((f) => [f.rule, f.object, f.line])).toEqual(
      [['missing-relation', 'nowhere', 1]],
    );
  });

  it('a statement that sleeps past the timeout ends as a finding, and nothing is left running', async () => {
    const sql = 'BEGIN;\nCREATE TABLE b (id int);\nSELECT pg_sleep(30);\nCOMMIT;\n';
    const { result, left, processes } = await inPrivateTmp(() => check(sql, '--statement-timeout', '300ms'));
    const { code, report } = result;
    expect(code).toBe(1);
    const finding = report.findings.find((f) => f.rule === 'statement-timeout');
    expect(finding).toMatchObject({ file: 'm/0002_target.sql', line: 3 });
    expect(finding?.message).toContain('statement timeout');
    expect(left).toEqual([]);
    expect(processes).toBe('');
  });

  it('a down migration failing inside its own BEGIN … COMMIT: found at its line and column', async () => {
    const repo = makeRepo({
      'm/0001_base.sql': ok,
      'm/0002_target.up.sql': 'CREATE TABLE b (id int);\nCREATE TABLE c (id int);\n',
      // The statements before the failing one travel in one message with it: the failure is still its own.
      'm/0002_target.down.sql': 'BEGIN;\nDROP TABLE c;\nDROP TABLE b;\nDROP TABLE missing;\nDROP TABLE a;\nCOMMIT;\n',
    });
    const run = await runCli(['check', '--dir', 'm', '--format', 'json', '--quiet'], repo);
    const report = JSON.parse(run.stdout) as GateReport;
    const rollback = report.tasks.find((t) => t.id === 'rollback')!;
    expect(rollback.status).toBe('FAIL');
    const failed = rollback.findings.find((f) => f.file === 'm/0002_target.down.sql');
    expect(failed).toMatchObject({ line: 4, column: 12 });
    expect(failed?.message).toContain('"missing" does not exist');
  });

  it('psql meta-commands are findings, not crashes', async () => {
    const { code, report } = await check('\\set ON_ERROR_STOP on\nCREATE TABLE b (id int);\n\\i other.sql\n');
    expect(code).toBe(1);
    const lines = report.findings.filter((f) => f.rule === 'psql-meta-command').map((f) => f.line);
    expect(lines).toEqual([1, 3]);
    const readiness = report.tasks.find((t) => t.id === 'readiness')!;
    expect(readiness.status).toBe('FAIL');
  });

  it('a failure outside a transaction reports the objects that remain', async () => {
    const { report } = await check('CREATE TABLE b (id int);\nCREATE TABLE c (id int REFERENCES nope(id));\n');
    const finding = report.findings.find((f) => f.object === 'nope');
    expect(finding).toMatchObject({ rule: 'missing-relation', line: 2, column: 35 });
  });
});

describe('several targets', () => {
  it('gates each one and exits 1 when any is BLOCKED', async () => {
    const repo = makeRepo({
      'm/0001_a.sql': 'CREATE TABLE a (id int PRIMARY KEY);\n',
      'm/0002_b.sql': 'CREATE TABLE b (id int REFERENCES missing_table(id));\n',
      'm/0003_c.sql': 'CREATE TABLE c (id int PRIMARY KEY);\n',
    });
    const run = await runCli(
      ['check', '--dir', 'm', '--target', '0002_b.sql', '--target', '0003_c.sql', '--format', 'json', '-q'],
      repo,
    );
    expect(run.stderr).toBe('');
    const reports = JSON.parse(run.stdout) as GateReport[];
    expect(reports.map((r) => [r.target, r.verdict])).toEqual([
      ['0002_b.sql', 'BLOCKED'],
      ['0003_c.sql', 'BLOCKED'],
    ]);
    // 0003 builds on 0002, which cannot apply: a finding on 0002's line, not a usage error.
    expect(reports[1]!.findings).toEqual([
      expect.objectContaining({ rule: 'earlier-migration-fails', file: 'm/0002_b.sql', line: 1, column: 35 }),
    ]);
    expect(run.code).toBe(1);
  });
});
