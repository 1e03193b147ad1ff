/**
 * A file statement by statement, as its tool runs it, and how a file whose
 * one message failed is left: what the tool would have kept, put back.
 */
import type pg from 'pg';
import type { SqlFile } from '../inputs.js';
import type { ParsedSql, Statement } from '../migrations/model.js';
import type { ApplyOptions } from './apply.js';
import { failureOf, type FileFailure } from './failure.js';
import { ownTransaction } from './file-shape.js';
import { plainRun, runGuarded, sendParts, setLimits, type WholeFailure } from './send.js';

/**
 * The file's statements sent as one message failed at `failed.failedAt`:
 * how its tool leaves it. Statement by statement (autocommit), those before
 * the failing one stay: they are put back. Otherwise — or when the file is
 * one transaction of its own — the whole file rolled back.
 */
export async function oneMessageFailure(
  client: pg.Client,
  { parsed, run }: SqlFile,
  statements: Statement[],
  failed: WholeFailure,
  options: ApplyOptions,
): Promise<FileFailure> {
  if (run.execution !== 'autocommit' || ownTransaction(statements)) {
    return wholeFailure(parsed, statements, failed, true);
  }
  await setLimits(client, options);
  const before = await statementByStatement(client, parsed, statements.slice(0, failed.failedAt), options);
  return before ?? wholeFailure(parsed, statements, failed, false);
}

/**
 * Runs statements as the tool does, one after the other, tracking the
 * transaction state as the server does: the tool's own BEGIN (`wrapped`), the
 * file's BEGIN/COMMIT, and the Supabase CLI's way of running a statement that
 * refuses a transaction block on its own between two batches. Where a
 * transaction is open, the statements up to its next control statement travel
 * in one message (see plainRun); outside one, each commits on its own and is
 * sent alone.
 */
export async function statementByStatement(
  client: pg.Client,
  parsed: ParsedSql,
  statements: Statement[],
  options: ApplyOptions,
  wrapped = false,
  standalone = false,
): Promise<FileFailure | undefined> {
  let inTransaction = wrapped;
  if (wrapped) await client.query('BEGIN');
  let applied = 0;
  for (let at = 0; at < statements.length;) {
    const statement = statements[at]!;
    const alone = standalone && statement.nonTransactional && inTransaction;
    // Inside a transaction, plain statements up to the next transaction control or statement that refuses
    // a block go in one message: the same transaction, stopped at the same failing statement, one round trip.
    const run = inTransaction && !alone ? plainRun(statements, at) : [];
    const batch = run.length > 1 ? run : [statement];
    if (alone) await client.query('COMMIT');
    const outcome = await sendBatch(client, batch, options);
    if (outcome.error !== undefined) {
      const rolledBack = inTransaction && !alone;
      if (rolledBack) await client.query('ROLLBACK').catch(() => undefined);
      const where = { statements: applied + outcome.failedAt, rolledBack };
      return failureOf(outcome.error, outcome.overran, batch[outcome.failedAt]!, parsed.text, where);
    }
    if (alone) await client.query('BEGIN');
    applied += batch.length;
    at += batch.length;
    if (statement.transaction === 'begin') inTransaction = true;
    if (statement.transaction === 'commit' || statement.transaction === 'rollback') inTransaction = false;
  }
  // A transaction left open would leak into the next file; migration runners commit at the end.
  if (inTransaction) await client.query('COMMIT');
  return undefined;
}

export function wholeFailure(
  parsed: ParsedSql,
  statements: Statement[],
  failed: WholeFailure,
  rolledBack: boolean,
): FileFailure {
  const statement = statements[failed.failedAt]!;
  return failureOf(failed.error, failed.overran, statement, parsed.text, {
    statements: failed.failedAt,
    rolledBack,
  });
}

/** One statement under the gate's limits, or several in one message; which one failed, when one did. */
async function sendBatch(
  client: pg.Client,
  batch: Statement[],
  options: ApplyOptions,
): Promise<{ error?: unknown; overran: boolean; failedAt: number }> {
  if (batch.length === 1) return { ...(await runGuarded(client, batch[0]!.sql, options)), failedAt: 0 };
  const sent = await sendParts(
    client,
    batch.map((s) => s.sql),
    options,
    { rollback: false },
  );
  return sent.failure ?? { overran: false, failedAt: 0 };
}
