import type pg from 'pg';
import type { Statement } from '../migrations/model.js';
import type { ApplyOptions } from './apply.js';

/** The gate's limits (integers: nothing to quote) and the runner's role, as statements. */
export function runnerSettings(options: ApplyOptions): string {
  const limits = `SET statement_timeout = ${Math.trunc(options.statementTimeoutMs)}; SET lock_timeout = ${Math.trunc(options.lockTimeoutMs)}`;
  return options.role === undefined ? limits : `${limits}; SET ROLE "${options.role.replaceAll('"', '""')}"`;
}

/**
 * Sends the statements as one simple-query message, which PostgreSQL runs as
 * one implicit transaction (`wrap` makes it an explicit BEGIN … COMMIT).
 * Round trips are most of the cost of a small migration. Returns the server's
 * error, after rolling back whatever the message left open.
 */
export async function sendWhole(
  client: pg.Client,
  statements: Statement[],
  options: ApplyOptions | undefined,
  wrap = false,
): Promise<pg.DatabaseError | undefined> {
  const parts = [
    ...(options ? [runnerSettings(options)] : []),
    ...(wrap ? ['BEGIN'] : []),
    ...statements.map((s) => s.sql),
    ...(wrap ? ['COMMIT'] : []),
  ];
  try {
    await client.query(parts.join(';\n'));
    return undefined;
  } catch (error) {
    if (!isDatabaseError(error)) throw error;
    // Outside a transaction block this is only a warning; inside one it ends the failed block.
    await client.query('ROLLBACK');
    return error;
  }
}

export function isDatabaseError(error: unknown): error is pg.DatabaseError {
  return error instanceof Error && 'severity' in error && 'code' in error;
}
