/**
 * The middle of a run of INSERTs written alike (src/observe/look.ts
 * `runMiddles`) in a file whose statements each commit on their own. A look
 * after each was a round trip and a trace entry per row: a 20 MB file of
 * 200,000 took 164 s and 622 MB. They go as the untraced apply sends such a
 * file (src/apply/apply.ts), many to a message (RUN_MESSAGE), which the
 * server runs as one implicit transaction; here with a look at its end.
 * Whatever one of them locked (a trigger's lock on another table at the
 * thousandth row) is still held there, and goes to the run's last statement
 * (Recorder.carry). Together they commit what they would have one by one,
 * with deferred constraints checked at each one's end (EACH_ITS_OWN_COMMIT).
 * Where one fails, the message rolled back: those before it are sent again,
 * and its failure is the file's, as in the untraced apply.
 */
import type pg from 'pg';
import type { ApplyOptions } from '../apply/apply.js';
import { EACH_ITS_OWN_COMMIT, sendParts } from '../apply/send.js';
import type { Statement } from '../migrations/model.js';
import { lookFailed } from './message-looks.js';
import type { LocksRow, Recorder } from './recorder.js';

export interface RunFailure {
  error: unknown;
  overran: boolean;
  statement: Statement;
  /** Statements of the run committed before the failing one. */
  applied: number;
}

/**
 * Statements of a run's middle to a message. A look reads the server's lock
 * table: ~0.45 ms of its time each, beside the rows' own work. On the 20 MB
 * file of 200,000 INSERTs, each committing, alternating runs of the traced
 * apply took 2.9–4.5 s in messages of 500 (as the untraced apply sends them,
 * AUTOCOMMIT_MESSAGE), 2.6–2.8 s in messages of 5,000, with a peak of 179–185
 * MB against 197–199. A failing row sends the rows before it in its message
 * again: at most this many, once.
 */
export const RUN_MESSAGE = 5_000;

export async function runTogether(
  client: pg.Client,
  recorder: Recorder,
  options: ApplyOptions,
  statements: Statement[],
): Promise<RunFailure | undefined> {
  for (let at = 0; at < statements.length; at += RUN_MESSAGE) {
    const batch = statements.slice(at, at + RUN_MESSAGE);
    const failed = await committedTogether(client, recorder, options, batch);
    if (failed) return { ...failed, applied: at + failed.applied };
  }
  return undefined;
}

async function committedTogether(
  client: pg.Client,
  recorder: Recorder,
  options: ApplyOptions,
  batch: Statement[],
): Promise<RunFailure | undefined> {
  const parts = [EACH_ITS_OWN_COMMIT, ...batch.map((s) => s.sql), recorder.locksSql];
  const sent = await sendParts(client, parts, options);
  if (!sent.failure) {
    recorder.carry(batch.at(-1)!, sent.results.at(-1)!.rows[0] as LocksRow);
    return undefined;
  }
  const { error, overran } = sent.failure;
  const failedAt = Math.max(0, sent.failure.failedAt - 1);
  if (failedAt === batch.length) throw lookFailed(batch.at(-1)!, error);
  const before =
    failedAt > 0 ? await committedTogether(client, recorder, options, batch.slice(0, failedAt)) : undefined;
  return before ?? { error, overran, statement: batch[failedAt]!, applied: failedAt };
}
