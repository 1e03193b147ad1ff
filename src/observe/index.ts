/**
 * Tracing of the target: applies it with a look at the session's locks and
 * statistics between statements (runner.ts) and gives back what was seen,
 * for the safety rules and the reports. Everything else about the run — its
 * transactions, its failures — is what the migration's tool would get.
 */
import type pg from 'pg';
import { applyFile, runAsTool, type ApplyOptions, type ApplyResult } from '../apply/apply.js';
import type { SqlFile } from '../inputs.js';
import type { Trace } from './model.js';
import { Recorder } from './recorder.js';
import { tracedRunner } from './runner.js';

export type { Trace } from './model.js';

export async function applyTraced(
  client: pg.Client,
  file: SqlFile,
  options: ApplyOptions,
  where: {
    /** A server the gate built, of test data: its planner estimates are not production's. */
    scratch: boolean;
    /** Where a second connection may watch statements that run outside a transaction (a server the gate built). */
    watcher?: pg.ClientConfig | undefined;
    /** Started on `client` already, with nothing since that scans a user table (see src/target-stage.ts). */
    recorder?: Recorder;
  },
): Promise<{ applied: ApplyResult; trace: Trace }> {
  const recorder = where.recorder ?? (await Recorder.start(client, where.scratch));
  // PostgreSQL cuts identifiers longer than 63 bytes and says so only in a NOTICE.
  const listener = (notice: { code?: string | undefined; message?: string | undefined }): void => {
    if (notice.code === '42622') recorder.truncated(notice.message ?? '');
  };
  client.on('notice', listener);
  try {
    // With no table from before, there are no locks worth a look: the tool's own way is the faster one.
    const run = recorder.empty ? runAsTool : tracedRunner(recorder, where.watcher);
    const applied = await applyFile(client, file, options, new Set(), run);
    return { applied, trace: recorder.trace() };
  } finally {
    client.off('notice', listener);
  }
}
