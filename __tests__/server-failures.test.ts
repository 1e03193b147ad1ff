import { rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/database/provider.js';
import type { GateReport } from '../src/types.js';
import { runCli, type CliRun } from './helpers/cli.js';
import { sql, startPg17 } from './helpers/real-postgres.js';
import { makeRepo } from './helpers/repo.js';

/**
 * The server or the session failing under the migration is exit 2 saying what
 * happened, never a verdict or an "internal error"; the same SQLSTATE raised
 * by the migration itself stays a finding.
 */

const ok = 'CREATE TABLE a (id int PRIMARY KEY);\n';

function gate(target: string, ...flags: string[]): Promise<CliRun> {
  const repo = makeRepo({ 'm/0001_a.sql': ok, 'm/0002_b.sql': target });
  return runCli(['check', '--dir', 'm', '--format', 'json', '-q', ...flags], repo);
}

function expectOneLine(run: CliRun, start: string): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.startsWith(`migration-gate: ${start}`)).toBe(true);
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
}

describe('the session ends under the migration', () => {
  it('a migration that terminates its own session: exit 2 with the server’s words', async () => {
    for (const target of [
      'CREATE TABLE b (id int);\nSELECT pg_terminate_backend(pg_backend_pid());\n',
      'BEGIN;\nCREATE TABLE b (id int);\nSELECT pg_terminate_backend(pg_backend_pid());\nCOMMIT;\n',
    ]) {
      const run = await gate(target);
      expectOneLine(
        run,
        'the server ended the session: terminating connection due to administrator command (SQLSTATE 57P01)',
      );
    }
  });

  it('a migration that ends every other session (before a rename) still gets its verdict', async () => {
    // The gate's own other connections (the catalog readers among them) go too: it opens new ones.
    const run = await gate(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND backend_type = 'client backend';\n" +
        'ALTER TABLE a RENAME TO renamed;\n',
    );
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as GateReport;
    expect(report.verdict).toBe('APPROVED');
    expect(report.findings.map((f) => f.rule)).toContain('rename-existing');
  });

  it('the same SQLSTATE raised by the migration is its own failure: a finding, BLOCKED', async () => {
    const run = await gate("DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = 'admin_shutdown'; END $$;\n");
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as GateReport;
    expect(report.findings).toContainEqual(expect.objectContaining({ severity: 'critical', line: 1 }));
  });
});

describe('the disk fills up under the migration', () => {
  let server: Database;

  beforeAll(async () => {
    server = await startPg17();
    // A table whose file is /dev/full: the first row written to it fails as a full disk does (ENOSPC).
    await sql(server, 'CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE filler (id int)');
    const [row] = await sql<{ file: string; dir: string }>(
      server,
      "SELECT pg_relation_filepath('filler') AS file, current_setting('data_directory') AS dir",
    );
    const file = path.join(row!.dir, row!.file);
    rmSync(file);
    symlinkSync('/dev/full', file);
  });

  afterAll(() => server?.stop());

  it('a server out of disk space: exit 2 saying so', async () => {
    const url = `postgresql://postgres@127.0.0.1:${server.connection.port}/postgres`;
    const run = await gate('INSERT INTO filler VALUES (1);\n', '--database-url', url);
    expectOneLine(run, 'the database server ran out of disk space: could not extend file');
    expect(run.stderr).toContain('No space left on device (SQLSTATE 53100)');
  });

  it('disk_full raised by the migration itself: a finding, BLOCKED', async () => {
    const run = await gate("DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = 'disk_full'; END $$;\n");
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as GateReport;
    expect(report.findings).toContainEqual(expect.objectContaining({ severity: 'critical', message: 'disk_full' }));
  });
});
