import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.js';
import { resolveOptions } from '../src/config/options.js';
import { startEmbedded } from '../src/database/embedded.js';
import { localStarter } from '../src/database/select.js';
import { runGate } from '../src/gate.js';
import { Progress } from '../src/progress.js';
import { ROOT } from './helpers/cli.js';

/**
 * The inputs are parsed on the gate's one thread while the server starts:
 * begun before the cluster's copy was launched, the parse held that launch
 * back until it was done (docs/performance.md, "2 December, evening").
 */
describe('the server start hands over to the parse', () => {
  it('says it waits on another process while the cluster is still being copied', async () => {
    const progress = new Progress();
    let stepsDone: string[] | undefined;
    const db = await startEmbedded(progress, undefined, () => (stepsDone ??= Object.keys(progress.timings)));
    try {
      expect(stepsDone).toBeDefined();
      // The copy had been launched, not finished, and the server not started.
      expect(stepsDone).not.toContain('copy cluster');
      expect(stepsDone).not.toContain('start PostgreSQL');
      expect(Object.keys(progress.timings)).toEqual(expect.arrayContaining(['copy cluster', 'start PostgreSQL']));
    } finally {
      await db.stop();
    }
  });

  it('parses once a local start that never says so is done', async () => {
    const example = path.join(ROOT, 'examples/sync-0024');
    const db = (file: string): string => path.join(example, 'database', file);
    const flags = {
      prerequisite: [db('prerequisites/001_organization.sql'), db('prerequisites/002_auth.sql')],
      fixture: [db('fixtures/001_test_data.sql')],
    };
    const options = resolveOptions(flags, loadConfig('migration-gate.yml', example), example);
    const progress = new Progress();
    const report = await runGate({
      ...options,
      target: undefined,
      progress,
      startDatabase: localStarter((p) => startEmbedded(p)),
    });
    expect(report.verdict).toBe('APPROVED');
    const steps = Object.keys(report.timings);
    expect(steps.indexOf('parse')).toBeGreaterThan(steps.indexOf('start PostgreSQL'));
  }, 60_000);
});
