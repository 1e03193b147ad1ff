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
 * one implicit transaction (`wrap` makes it an explicit BEGIN … COMMIT).
 * Round trips are most of the cost of a small migration. The server answers
 * each statement as it completes, so when one fails its index is known
 * without running anything again — a statement that timed out is not made to
 * time out twice. Whatever the message left open is rolled back.
 */
export async function sendWhole(
  client: pg.Client,
  statements: Statement[],
  options: ApplyOptions,
  { settings = true, wrap = false }: { settings?: boolean; wrap?: boolean } = {},
): Promise<WholeFailure | undefined> {
  const prefix = [...(settings ? runnerSettings(options) : []), ...(wrap ? ['BEGIN'] : [])];
  const parts = [...prefix, ...statements.map((s) => s.sql), ...(wrap ? ['COMMIT'] : [])];
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
      () => client.query(parts.join(';\n')),
      () => lastProgress,
    );
  } finally {
    client.connection.off('commandComplete', onComplete);
  }
  if (outcome.error === undefined) return undefined;
  // Outside a transaction block this is only a warning; inside one it ends the failed block.
  const failedAt = Math.min(Math.max(0, completed - prefix.length), statements.length - 1);
  if (isDatabaseError(outcome.error)) {
    await client.query('ROLLBACK');
    // The server counts the position in the whole message; the failing statement's own text is what maps to the file.
    if (outcome.error.position) {
      const offset = parts.slice(0, prefix.length + failedAt).reduce((sum, part) => sum + part.length + 2, 0);
      outcome.error.position = String(Number(outcome.error.position) - offset);
    }
  }
  return { error: outcome.error, failedAt, overran: outcome.overran };
}

export function isDatabaseError(error: unknown): error is pg.DatabaseError {
  return error instanceof Error && 'severity' in error && 'code' in error;
}
