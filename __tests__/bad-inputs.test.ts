import { describe, expect, it } from 'vitest';
import type { GateReport } from '../src/types.js';
import { runCli, type CliRun } from './helpers/cli.js';
import { makeRepo } from './helpers/repo.js';

const ok = 'CREATE TABLE a (id int PRIMARY KEY);\n';

/** Exit 2 with exactly this one line on stderr. */
function expectError(run: CliRun, line: string): void {
  expect(run.stderr).toBe(`migration-gate: ${line}\n`);
  expect(run.code).toBe(2);
}

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
    expectError(
      run,
      'prerequisite p.sql:2:9: contains a NUL byte, which PostgreSQL does not accept in SQL text: remove it',
    );
  });

  it('in a baseline saved as UTF-16: says so', async () => {
    const repo = makeRepo({ 'm/0001_a.sql': ok, 'base.sql': Buffer.from('CREATE TABLE p (id int);\n', 'utf16le') });
    expectError(
      await runCli(['check', '--dir', 'm', '--baseline', 'base.sql', '-q'], repo),
      'baseline base.sql:1:2: contains NUL bytes, one every other character: the file looks like UTF-16; save it as UTF-8',
    );
  });
});

describe('paths that are not what they should be', () => {
  const gate = (...flags: string[]) =>
    runCli(['check', '-q', ...flags], makeRepo({ 'm/0001_a.sql': ok, 'notes.txt': '', 'cfg/x': '' }));

  it('a device as a SQL file is refused, not read forever', async () => {
    expectError(await gate('--dir', 'm', '--baseline', '/dev/zero'), '/dev/zero is a device or socket, not a SQL file');
  });

  it('a directory as the config file', async () => {
    expectError(await gate('--config', 'cfg'), 'cfg is a directory, not a config file');
  });

  it('a migrations directory that does not exist, or is a file', async () => {
    expectError(await gate('--dir', 'nope'), '--dir nope: no such directory');
    expectError(await gate('--dir', 'notes.txt'), '--dir notes.txt: not a directory');
    const configured = await runCli(['check', '-q'], makeRepo({ 'migration-gate.yml': 'dir: db/migrations\n' }));
    expectError(configured, 'migration-gate.yml: dir: db/migrations: no such directory');
  });
});

describe('timeouts always hold', () => {
  const gate = (...flags: string[]) =>
    runCli(
      ['check', '--dir', 'm', '-q', ...flags],
      makeRepo({ 'm/0001_a.sql': ok, 'm/0001_a.down.sql': 'DROP TABLE a;\n' }),
    );
  const configured = (timeouts: string) =>
    runCli(['check', '-q'], makeRepo({ 'm/0001_a.sql': ok, 'migration-gate.yml': `dir: m\ntimeouts: ${timeouts}\n` }));

  it('refuses 0, which PostgreSQL reads as "no timeout", on the command line', async () => {
    const zero = "at least 1ms: 0 turns PostgreSQL's timeout off, and the gate's limits must always hold";
    expectError(await gate('--statement-timeout', '0'), `--statement-timeout 0: ${zero}`);
    expectError(await gate('--lock-timeout', '0s'), `--lock-timeout 0s: ${zero}`);
  });

  it('refuses 0 in migration-gate.yml, naming the key', async () => {
    const run = await configured('{ statement: 0 }');
    expect(run.stderr).toContain('migration-gate.yml: timeouts.statement: at least 1ms');
    expect(run.code).toBe(2);
  });

  it('refuses values beyond a day (statement) or an hour (lock), which the server would refuse mid-run', async () => {
    expectError(
      await gate('--statement-timeout', '99999999999'),
      '--statement-timeout 99999999999: at most 24h (86400000 ms)',
    );
    expectError(await configured('{ lock: 2h }'), 'migration-gate.yml: timeouts.lock: at most 1h (3600000 ms)');
  });

  it('takes milliseconds, seconds, minutes and hours', async () => {
    const run = await gate('--statement-timeout', '2m', '--lock-timeout', '1h');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect((await gate('--statement-timeout', '5000', '--lock-timeout', '500ms')).code).toBe(0);
  });
});

describe('--report-dir that cannot take the reports: exit 2 at once, one line', () => {
  // No -q: a progress line would show the gate had started.
  const gate = (dir: string) =>
    runCli(['check', '--dir', 'm', '--report-dir', dir], makeRepo({ 'm/0001_a.sql': ok, 'notes.txt': '' }));

  it('a file', async () => {
    expectError(await gate('notes.txt'), '--report-dir notes.txt: notes.txt is a file, not a directory');
    expectError(
      await gate('notes.txt/reports'),
      '--report-dir notes.txt/reports: notes.txt is a file, not a directory',
    );
  });

  it('a directory that cannot be created (/proc/x, where Node’s recursive mkdir used to spin forever)', async () => {
    expectError(
      await gate('/proc/x'),
      '--report-dir /proc/x: cannot create a directory in /proc: no such file or directory (ENOENT)',
    );
  });

  it('a directory not even root may write to (/sys)', async () => {
    const run = await gate('/sys');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^migration-gate: --report-dir \/sys: cannot write files in \/sys: .+ \(E[A-Z]+\)\n$/);
  });

  it('a report file that cannot be written after the gate ran: the report is still printed, then exit 2', async () => {
    const repo = makeRepo({ 'm/0001_a.sql': ok, 'm/0001_a.down.sql': 'DROP TABLE a;\n', 'out/report.md/x': '' });
    const run = await runCli(['check', '--dir', 'm', '-q', '--format', 'json', '--report-dir', 'out'], repo);
    expect((JSON.parse(run.stdout) as GateReport).verdict).toBe('APPROVED');
    expectError(run, `cannot write ${repo}/out/report.md: illegal operation on a directory (EISDIR)`);
  });
});
