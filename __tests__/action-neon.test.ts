import { readFileSync } from 'node:fs';
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
