/**
 * Statements and the looks after them travelling in one message
 * (sendLooked), within the tool's transaction on a server the gate built and
 * within the run's one transaction on a database the gate must not change
 * (nestedSender, for src/apply/nested.ts).
 */
import type pg from 'pg';
import type { ApplyOptions } from '../apply/apply.js';
import type { NestedSender } from '../apply/nested.js';
import { sendParts } from '../apply/send.js';
import { InfrastructureError } from '../errors.js';
import type { Statement } from '../migrations/model.js';
import type { LocksRow, Recorder } from './recorder.js';

/**
 * `statements` in one message, each as its `sql`, and after each that
 * `looked` picks a look at the session's locks; what the looks read is
 * recorded. A failure is the statement's whose part failed (a look's is the
 * gate's own).
 */
export async function sendLooked(
  client: pg.Client,
  recorder: Recorder,
  options: ApplyOptions,
  statements: { statement: Statement; sql: string }[],
  looked: (statement: Statement) => boolean,
): Promise<{ error: unknown; failedAt: number; overran: boolean; ran: boolean; statement: Statement } | undefined> {
  const parts = statements.flatMap(({ statement, sql }) => [
    { statement, sql, look: false },
    ...(looked(statement) ? [{ statement, sql: recorder.locksSql, look: true }] : []),
  ]);
  const sent = await sendParts(
    client,
    parts.map((part) => part.sql),
    options,
    { rollback: false },
  );
  if (sent.failure) {
    const failed = parts[sent.failure.failedAt]!;
    if (failed.look) throw lookFailed(failed.statement, sent.failure.error);
    return { ...sent.failure, statement: failed.statement };
  }
  // The server's statement clock is the message's: a statement began when the look before it ended.
  let previousLook: number | undefined;
  parts.forEach((part, k) => {
    if (!part.look) return;
    const row = sent.results[k]!.rows[0] as LocksRow;
    recorder.record(part.statement, previousLook === undefined ? row : { ...row, started: previousLook });
    previousLook = row.ended;
  });
  return undefined;
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
    const failed = await sendLooked(
      client,
      recorder,
      options,
      statements.map((statement, i) => ({ statement, sql: sql[i]! })),
      (statement) => !again && statement.transaction === undefined && look.has(statement),
    );
    return failed
      ? { ...failed, failedAt: statements.indexOf(failed.statement) }
      : { overran: false, failedAt: 0, ran: true };
  };
}

/** The gate's own look failed where the statement had not: no verdict can come of that run. */
export function lookFailed(statement: Statement, error: unknown): InfrastructureError {
  const why = error instanceof Error ? error.message : String(error);
  return new InfrastructureError(
    `could not read the locks after the statement at line ${statement.start.line}: ${why}`,
  );
}
