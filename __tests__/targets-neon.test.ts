import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../src/database/provider.js';
import type { GateReport } from '../src/types.js';
import { EXAMPLE, SEED_REMEDIATION, runCli, type CliRun } from './helpers/cli.js';
import { startFakeNeon, type FakeNeon } from './helpers/neon-server.js';
import { missingObjectFindings, psqlFiles, sql, startPg17 } from './helpers/real-postgres.js';

/**
 * `--neon-project-id`: the seed story on a Neon branch of production, served by
 * a local Neon API whose branches are real databases copied from the parent
 * (production: baseline + 0023, no organization, no auth schema).
 */

const PARENT = 'neondb';

let postgres: Database;
let neon: FakeNeon;
let embedded: GateReport;

const neonArgs = (key = neon.apiKey) => [
  'check',
  '--neon-project-id',
  neon.projectId,
  '--neon-api-key',
  key,
  '--neon-api-host',
  neon.apiHost,
];

function expectNoKey(run: CliRun, key = neon.apiKey): void {
  expect(run.stdout).not.toContain(key);
  expect(run.stderr).not.toContain(key);
  for (const branch of neon.branches.values()) {
    expect(run.stdout).not.toContain(branch.password);
    expect(run.stderr).not.toContain(branch.password);
  }
}

const requests = (method: string, pattern: RegExp) =>
  neon.requests.filter((request) => request.method === method && pattern.test(request.path));

async function databases(): Promise<string[]> {
  const rows = await sql<{ name: string }>(postgres, 'SELECT datname AS name FROM pg_database ORDER BY 1');
  return rows.map((row) => row.name);
}

/** The branch a run created, and proof it is gone again (from the API and from storage). */
async function expectBranchCreatedAndDeleted(): Promise<string> {
  const created = requests('POST', /^\/projects\/[^/]+\/branches$/);
  expect(created).toHaveLength(1);
  const body = created[0]!.body as { branch: { name: string; parent_id: string } };
  expect(body.branch.name).toMatch(/^migration-gate\/cli-/);
  expect(body.branch.parent_id).toBe(neon.mainBranchId);
  const deleted = requests('DELETE', /^\/projects\/[^/]+\/branches\/br-/);
  expect(deleted).toHaveLength(1);
  const branchId = deleted[0]!.path.split('/').pop()!;
  expect([...neon.branches.keys()]).toEqual([neon.mainBranchId]);
  expect((await databases()).filter((name) => name.startsWith('neon_br_'))).toEqual([]);
  expect(neon.requests.every((request) => request.authorized)).toBe(true);
  return branchId;
}

beforeAll(async () => {
  postgres = await startPg17();
  await sql(postgres, `CREATE DATABASE ${PARENT}`);
  await psqlFiles(postgres, PARENT, [
    path.join(EXAMPLE, 'database/baseline.sql'),
    path.join(EXAMPLE, 'database/migrations/0023_sync_infrastructure.sql'),
  ]);
  await sql(postgres, `INSERT INTO customers (email, first_name) VALUES ('ada@example.com', 'Ada')`, PARENT);
  // No polling pauses: every operation is finished and every endpoint active on the first look.
  neon = await startFakeNeon({
    admin: postgres.connection,
    parentDatabase: PARENT,
    pollsToFinish: 1,
    pollsToActivate: 1,
  });
  const story = await runCli(['check', '--format', 'json', '--quiet'], EXAMPLE);
  expect(story.code).toBe(1);
  embedded = JSON.parse(story.stdout) as GateReport;
}, 120_000);

afterAll(async () => {
  await neon?.close();
  await postgres?.stop();
});

beforeEach(() => {
  neon.requests.length = 0;
  neon.failNext.length = 0;
});

describe('the BLOCKED seed story on a Neon branch', () => {
  it('exits 1 with the findings of the embedded run; the branch is created, used and deleted', async () => {
    const run = await runCli([...neonArgs(), '--format', 'json', '--quiet'], EXAMPLE);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as GateReport;
    expect(report.verdict).toBe('BLOCKED');
    expect(report.database).toEqual({ kind: 'neon', version: expect.stringMatching(/^PostgreSQL 17\./) });
    expect(Object.fromEntries(report.tasks.map((t) => [t.id, t.status]))).toEqual(
      Object.fromEntries(embedded.tasks.map((t) => [t.id, t.status])),
    );
    const missing = missingObjectFindings(report);
    expect(missing.map((m) => m.object)).toEqual(['organization', 'auth', 'auth.users_extended', 'auth.uid()']);
    expect(missing.find((m) => m.object === 'organization')).toEqual({
      rule: 'missing-relation',
      object: 'organization',
      line: 123,
      column: 44,
      lines: [123, 139, 202],
    });
    expect(missing).toEqual(missingObjectFindings(embedded));
    const branchId = await expectBranchCreatedAndDeleted();
    // The branch (not production, not an embedded server) is what was compared with the history.
    const checks = Object.fromEntries(report.tasks.find((t) => t.id === 'readiness')!.checks!.map((c) => [c.name, c]));
    expect(checks['Target matches migration history']).toMatchObject({ status: 'PASS' });
    expect(checks['Target matches migration history']?.finding).toContain(`(${branchId})`);
    expectNoKey(run);
  });
});

describe('an APPROVED run on a Neon branch', () => {
  it('exits 0 with prerequisites and fixtures; the branch is deleted and the parent untouched', async () => {
    const run = await runCli([...neonArgs(), '--format', 'json', ...SEED_REMEDIATION], EXAMPLE);
    const report = JSON.parse(run.stdout) as GateReport;
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(run.code).toBe(0);
    expect(report.verdict).toBe('APPROVED');
    expect(new Set(report.tasks.map((t) => t.status))).toEqual(new Set(['PASS']));
    // Progress lines (not --quiet) name the branch, never the key or the branch password.
    expect(run.stderr).toMatch(/created Neon branch migration-gate\/cli-\S+ \(br-[0-9a-f]+\)/);
    expect(run.stderr).toContain('delete Neon branch');
    expectNoKey(run);
    await expectBranchCreatedAndDeleted();
    // What the run committed on its branch never reached the parent.
    const parent = await sql(
      postgres,
      `SELECT to_regclass('organization') AS org, to_regclass('sync_progress') AS progress,
              (SELECT count(*)::int FROM customers) AS customers`,
      PARENT,
    );
    expect(parent).toEqual([{ org: null, progress: null, customers: 1 }]);
  });
});

describe('a Neon API failure', () => {
  it('401: exit 2, one clear line, no key, no branch', async () => {
    const wrongKey = 'napi_wrong_key_0123456789abcdef';
    const run = await runCli([...neonArgs(wrongKey), '--format', 'json', '--quiet'], EXAMPLE);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(
      /^migration-gate: Neon API GET \/projects\/[\w-]+: 401 Unauthorized: authentication failed \(check neon-api-key \/ NEON_API_KEY\)\n$/,
    );
    expectNoKey(run, wrongKey);
    expectNoKey(run);
    expect(requests('POST', /branches$/)).toHaveLength(0);
    expect([...neon.branches.keys()]).toEqual([neon.mainBranchId]);
  });
});
