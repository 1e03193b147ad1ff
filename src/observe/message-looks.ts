/**
 * Looks that travel in the statements' own messages: what each read, and
 * the sender that applies a file inside the run's one transaction on a
 * database the gate must not change (src/apply/nested.ts), with a look after
 * each statement that may lock a table from before.
 */
import type pg from 'pg';
import type { ApplyOptions } from '../apply/apply.js';
import type { NestedSender } from '../apply/nested.js';
import { sendParts } from '../apply/send.js';
import { InfrastructureError } from '../errors.js';
import type { Statement } from '../migrations/model.js';
import type { LocksRow, Recorder } from './recorder.js';

/** What the looks in a message read. The server's statement clock is the message's: a statement began when the look before it ended. */
export function recordLooks(
  recorder: Recorder,
  parts: { statement: Statement; look: boolean }[],
  results: pg.QueryResult[],
): void {
  let previousLook: number | undefined;
  parts.forEach((part, k) => {
    if (!part.look) return;
    const row = results[k]!.rows[0] as LocksRow;
    recorder.record(part.statement, previousLook === undefined ? row : { ...row, started: previousLook });
    previousLook = row.ended;
  });
}

/**
 * On a database the gate must not change: the run's transaction is already
 * open; the look follows each statement that may lock a table from before,
 * in the statements' message (src/apply/nested.ts).
 */
export async function nestedSender(
  client: pg.Client,
  recorder: Recorder,
  options: ApplyOptions,
  look: ReadonlySet<Statement>,
): Promise<NestedSender> {
  recorder.began((await client.query<LocksRow>(recorder.locksSql)).rows[0]);
  return async (statements, sql, again) => {
    const parts = statements.flatMap((statement, i) => [
      { statement, sql: sql[i]!, look: false },
      ...(!again && statement.transaction === undefined && look.has(statement)
        ? [{ statement, sql: '', look: true }]
        : []),
    ]);
    const sent = await sendParts(
      client,
      parts.map((part) => (part.look ? recorder.locksSql : part.sql)),
      options,
      { rollback: false },
    );
    if (sent.failure) {
      const failed = parts[sent.failure.failedAt]!;
      if (failed.look) throw lookFailed(failed.statement, sent.failure.error);
      return { ...sent.failure, failedAt: statements.indexOf(failed.statement) };
    }
    recordLooks(recorder, parts, sent.results);
    return { overran: false, failedAt: 0, ran: true };
  };
}

/** The gate's own look failed where the statement had not: no verdict can come of that run. */
export function lookFailed(statement: Statement, error: unknown): InfrastructureError {
  const why = error instanceof Error ? error.message : String(error);
  return new InfrastructureError(
    `could not read the locks after the statement at line ${statement.start.line}: ${why}`,
  );
}
