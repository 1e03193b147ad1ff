import type pg from 'pg';
import type { CatalogSnapshot } from '../catalog/model.js';
import { doneReading } from '../catalog/readers.js';
import { takeSnapshot } from '../catalog/snapshot.js';
import type { SqlFile } from '../inputs.js';
import type { ParsedSql } from '../migrations/model.js';
import { applyFile, type ApplyOptions, type ApplyResult } from './apply.js';
import { restoreLimits } from './send.js';

/** What happened when the gate rolled the migration back and forward again. */
export type RollbackRun =
  | { status: 'no-down' }
  /** The round trip could not be tried where it runs (the scratch server could not build the history). */
  | { status: 'not-tried'; reason: string }
  | { status: 'down-failed'; down: ParsedSql; result: Extract<ApplyResult, { status: 'failed' }> }
  | { status: 'done'; down: ParsedSql; ms: number; afterDown: CatalogSnapshot; reapply: ApplyResult };

/**
 * Applies the down migration, snapshots the schema it leaves (the run's last
 * snapshot), then applies the target again: a migration that cannot be
 * re-applied after its own rollback cannot be retried in production either.
 */
export async function runRollback(
  client: pg.Client,
  target: SqlFile,
  down: SqlFile | undefined,
  options: ApplyOptions,
  /** The run's session settings and the gate's limits, as every connection of the run gets them. */
  session: (client: pg.Client) => Promise<void>,
): Promise<RollbackRun> {
  if (!down) return { status: 'no-down' };
  // The tool rolls back, and applies again, in a session of its own: what the migration SET for its
  // session (pg_dump's `set_config('search_path', '', false)`) and its temporary tables are gone.
  const freshSession = async (): Promise<void> => {
    await client.query('RESET ALL; DISCARD TEMP');
    await session(client);
  };
  await freshSession();
  const result = await applyFile(client, down, options);
  if (result.status === 'failed') return { status: 'down-failed', down: down.parsed, result };
  await restoreLimits(client, options);
  const afterDown = await takeSnapshot(client);
  doneReading(client);
  await freshSession();
  const reapply = await applyFile(client, target, options);
  return { status: 'done', down: down.parsed, ms: result.ms, afterDown, reapply };
}
