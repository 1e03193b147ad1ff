import type pg from 'pg';
import type { Statement } from '../migrations/model.js';
import type { ApplyOptions } from './apply.js';
import { guarded } from './deadline.js';

/** The gate's limits (integers: nothing to quote) and the runner's role, one statement each. */
export function runnerSettings(options: ApplyOptions): string[] {
  return [
    `SET statement_timeout = ${Math.trunc(options.statementTimeoutMs)}`,
    `SET lock_timeout = ${Math.trunc(options.lockTimeoutMs)}`,
    ...(options.role === undefined ? [] : [`SET ROLE "${options.role.replaceAll('"', '""')}"`]),
  ];
}

/** The gate's limits and the runner's role, as one message before statements sent alone. */
export async function setLimits(client: pg.Client, options: ApplyOptions): Promise<void> {
  await client.query(runnerSettings(options).join('; '));
}

/** The gate's statement and lock limits, as one message. */
export function gateLimits(options: ApplyOptions): string {
  return runnerSettings({ ...options, role: undefined }).join('; ');
}

/** Before the gate reads the catalog: a migration may have SET the limits off for its session. */
export async function restoreLimits(client: pg.Client, options: ApplyOptions): Promise<void> {
  await client.query(gateLimits(options));
}

/** Runs one statement under the gate's limits, enforced from outside the session too. */
export function runGuarded(client: pg.Client, sql: string, options: ApplyOptions) {
  return guarded(client, options.statementTimeoutMs, options.runDeadline, () => client.query(sql));
}

export interface WholeFailure {
  error: unknown;
  /** Index (in the statements sent) of the statement that failed, read from the server's replies. */
  failedAt: number;
  /** It ran past the gate's limit and was cancelled from outside. */
  overran: boolean;
}

/**
 * Sends the statements as one simple-query message, which PostgreSQL runs as
 * one implicit transaction (`wrap` makes it an explicit BEGIN … COMMIT, in
 * messages of IN_ONE_TRANSACTION statements).
 * Round trips are most of the cost of a small migration. The server answers
 * each statement as it completes, so when one fails its index is known
 * without running anything again — a statement that timed out is not made to
 * time out twice. Whatever the message left open is rolled back.
 */
export async function sendWhole(
  client: pg.Client,
  statements: Statement[],
  options: ApplyOptions,
  {
    settings = true,
    wrap = false,
    immediate = false,
  }: {
    settings?: boolean;
    wrap?: boolean;
    /** Statements that would each commit on their own: a deferred constraint is checked at each one's end. */
    immediate?: boolean;
  } = {},
): Promise<WholeFailure | undefined> {
  // An explicit transaction may span messages: BEGIN goes with the first, COMMIT with the last, and a failing
  // statement ends it (sendParts rolls it back), so the file leaves nothing, as in one message.
  const size = wrap ? IN_ONE_TRANSACTION : Math.max(statements.length, 1);
  const prefix = [
    ...(settings ? runnerSettings(options) : []),
    ...(wrap ? ['BEGIN'] : []),
    ...(immediate ? [EACH_ITS_OWN_COMMIT] : []),
  ];
  let at = 0;
  do {
    const batch = statements.slice(at, at + size).map((s) => s.sql);
    const first = at === 0 ? prefix : [];
    const last = wrap && at + batch.length >= statements.length ? ['COMMIT'] : [];
    const sent = await sendParts(client, [...first, ...batch, ...last], options);
    if (sent.failure) {
      const { error, failedAt, overran } = sent.failure;
      return { error, failedAt: at + Math.min(Math.max(0, failedAt - first.length), batch.length - 1), overran };
    }
    at += size;
  } while (at < statements.length);
  return undefined;
}

/**
 * Statements that would each commit on their own, sent in one message (one
 * implicit transaction): a deferred constraint would be checked once, at the
 * message's end, and a row that only the next row makes valid would pass
 * where the tool, committing the first alone, fails. Checked at the end of
 * each statement instead, it fails where the tool's commit would.
 */
export const EACH_ITS_OWN_COMMIT = 'SET CONSTRAINTS ALL IMMEDIATE';

/**
 * Statements per message of a file that is one transaction: the client keeps
 * a result for each statement until its message ends, and a 20 MB file of
 * 200,000 INSERTs sent as one message held 200,000 of them beside the
 * message's text and its encoding.
 */
export const IN_ONE_TRANSACTION = 1_000;

export type Sent =
  | { results: pg.QueryResult[]; failure?: undefined }
  | {
      results?: undefined;
      /** `ran`: some part completed; else nothing ran (the server parses a message whole before running it). */
      failure: { error: unknown; failedAt: number; overran: boolean; ran: boolean };
    };

/**
 * Sends `parts` as one simple-query message under the gate's limits; on
 * failure, `failedAt` is the index of the part that failed, read from the
 * server's replies, and a server error's position is made relative to that
 * part. A transaction the message left failed is rolled back.
 */
export async function sendParts(
  client: pg.Client,
  parts: string[],
  options: ApplyOptions,
  /** False inside a transaction that is not the message's own (a savepoint of the run's transaction). */
  { rollback = true }: { rollback?: boolean } = {},
): Promise<Sent> {
  let completed = 0;
  let lastProgress = Date.now();
  const onComplete = (): void => {
    completed += 1;
    lastProgress = Date.now();
  };
  client.connection.on('commandComplete', onComplete);
  let outcome;
  try {
    outcome = await guarded(
      client,
      options.statementTimeoutMs,
      options.runDeadline,
      // @types/pg types the answer to a message as one result; pg gives one per statement when there are several.
      () => client.query(parts.join(';\n')) as unknown as Promise<pg.QueryResult | pg.QueryResult[]>,
      () => lastProgress,
    );
  } finally {
    client.connection.off('commandComplete', onComplete);
  }
  if (outcome.error === undefined) {
    const value = outcome.value!;
    return { results: Array.isArray(value) ? value : [value] };
  }
  let failedAt = Math.min(completed, parts.length - 1);
  if (isDatabaseError(outcome.error)) {
    // Outside a transaction block this is only a warning; inside one it ends the failed block.
    if (rollback) await client.query('ROLLBACK');
    // The server counts the position in the whole message; the failing part's own text is what maps to the file.
    if (outcome.error.position) {
      const position = Number(outcome.error.position);
      // Where each part starts in the message (parts are joined by `;\n`).
      const offsets: number[] = [];
      for (let i = 0, at = 0; i < parts.length; at += parts[i]!.length + 2, i++) offsets.push(at);
      // Nothing ran: the server parses the whole message first, and a syntax error may be in any part.
      if (completed === 0) failedAt = Math.max(0, offsets.filter((offset) => offset < position).length - 1);
      outcome.error.position = String(position - offsets[failedAt]!);
    }
  }
  return { failure: { error: outcome.error, failedAt, overran: outcome.overran, ran: completed > 0 } };
}

/** The statements from `at` on, up to `most` of them, that neither control the transaction nor refuse a block. */
export function plainRun(statements: Statement[], at: number, most = statements.length): Statement[] {
  let end = at;
  while (
    end < statements.length &&
    end - at < most &&
    !statements[end]!.transaction &&
    !statements[end]!.nonTransactional
  )
    end += 1;
  return statements.slice(at, end);
}

export function isDatabaseError(error: unknown): error is pg.DatabaseError {
  return error instanceof Error && 'severity' in error && 'code' in error;
}
