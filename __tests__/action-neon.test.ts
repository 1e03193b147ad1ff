import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateBinaries } from '../src/database/binaries.js';
import { startEmbedded } from '../src/database/embedded.js';
import type { Database } from '../src/database/provider.js';
import { Progress } from '../src/progress.js';
import { EXAMPLE } from './helpers/cli.js';
import { startFakeNeon, type FakeNeon } from './helpers/neon-server.js';
import { makeRunner, type Runner } from './helpers/runner.js';

/**
 * The bundled action on a Neon branch of "production" (a local Neon API that
 * hands out real databases), and its post step cleaning up after a main step
 * that died.
 */
describe('the bundled action with a Neon project', () => {
  let storage: Database;
  let neon: FakeNeon;
  let runner: Runner;

  beforeAll(async () => {
    storage = await startEmbedded(new Progress());
    const admin = new pg.Client(storage.connection);
    await admin.connect();
    await admin.query('CREATE DATABASE neondb');
    await admin.end();
    const prod = new pg.Client({ ...storage.connection, database: 'neondb' });
    await prod.connect();
    for (const file of ['database/baseline.sql', 'database/migrations/0023_sync_infrastructure.sql']) {
      await prod.query(readFileSync(path.join(EXAMPLE, file), 'utf8'));
    }
    await prod.end();
    neon = await startFakeNeon({
      admin: storage.connection,
      parentDatabase: 'neondb',
      // As on Neon, every branch's database is called neondb.
      databaseName: 'neondb',
      pollsToFinish: 1,
      pollsToActivate: 1,
    });
    runner = makeRunner(EXAMPLE, { MIGRATION_GATE_PG_BIN: locateBinaries().binDir, GITHUB_RUN_ID: '99' });
  }, 120_000);

  afterAll(async () => {
    runner?.cleanup();
    await neon?.close();
    await storage?.stop();
  });

  const inputs = (): Record<string, string> => ({
    config: 'migration-gate.yml',
    comment: 'false',
    'neon-api-key': neon.apiKey,
    'neon-project-id': neon.projectId,
    'neon-api-host': neon.apiHost,
  });

  it('blocks 0024 on a branch of production and deletes the branch', async () => {
    const result = await runner.run(inputs());
    expect(result.code).toBe(1);
    expect(result.outputs.verdict).toBe('BLOCKED');
    expect(result.stdout).toContain('line=123,col=44::relation "organization" does not exist');
    // The only place the key may appear is the runner's own mask registration.
    const printed = result.stdout.replace(/::add-mask::.*\n/g, '') + result.stderr;
    expect(result.stdout).toContain(`::add-mask::${neon.apiKey}`);
    expect(printed).not.toContain(neon.apiKey);
    const created = neon.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/branches'));
    expect(created).toHaveLength(1);
    expect(JSON.stringify(created[0]!.body)).toContain('migration-gate/push/run-99-1');
    expect(neon.requests.some((r) => r.method === 'DELETE')).toBe(true);
    expect([...neon.branches.values()].filter((b) => !b.default)).toEqual([]);
    expect(result.state).toContain('neon-branch');
  }, 120_000);

  it('keeps one branch per pull request when asked, resets it on the next run, and leaves it to the post step alone', async () => {
    const event = path.join(runner.workspace, '..', 'pr-event.json');
    writeFileSync(event, JSON.stringify({ number: 31, pull_request: { number: 31 } }));
    const prInputs = {
      ...inputs(),
      'neon-reuse-branch': 'true',
      'neon-branch-expires': '2h',
      'neon-database': 'neondb',
      'neon-role': 'postgres',
      target: '0024_sync_preview_progress_logs.sql',
    };
    const env = { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event };
    const first = await runner.run(prInputs, env);
    expect(first.outputs.verdict).toBe('BLOCKED');
    const kept = [...neon.branches.values()].filter((b) => b.name === 'migration-gate/pr-31');
    expect(kept).toHaveLength(1);
    const expires = Date.parse(kept[0]!.expires_at!);
    expect(expires).toBeGreaterThan(Date.now() + 1.9 * 3600_000);
    expect(expires).toBeLessThan(Date.now() + 2.1 * 3600_000);
    expect(first.state).not.toContain('neon-branch');

    const second = await runner.run(prInputs, env);
    expect(second.outputs.verdict).toBe('BLOCKED');
    expect(second.stdout).toContain(`reset Neon branch migration-gate/pr-31 (${kept[0]!.id})`);
    expect([...neon.branches.values()].filter((b) => b.name === 'migration-gate/pr-31')).toEqual(kept);
    const post = await runner.run(prInputs, {}, 'post.js');
    expect(post.code).toBe(0);
    expect(neon.branches.has(kept[0]!.id)).toBe(true);
  }, 180_000);

  it('post step: deletes a branch a killed main step left behind', async () => {
    const response = await fetch(`${neon.apiHost}/projects/${neon.projectId}/branches`, {
      method: 'POST',
      headers: { authorization: `Bearer ${neon.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        branch: { name: 'left-behind', parent_id: neon.mainBranchId },
        endpoints: [{ type: 'read_write' }],
      }),
    });
    const { branch } = (await response.json()) as { branch: { id: string } };
    expect(neon.branches.has(branch.id)).toBe(true);
    const state = JSON.stringify({ id: branch.id, project: neon.projectId });
    const result = await runner.run(inputs(), { 'STATE_neon-branch': state }, 'post.js');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`deleted Neon branch ${branch.id}`);
    expect(neon.branches.has(branch.id)).toBe(false);
  }, 60_000);

  it('post step: nothing to do without saved state', async () => {
    const result = await runner.run(inputs(), {}, 'post.js');
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('::warning');
  }, 30_000);
});
