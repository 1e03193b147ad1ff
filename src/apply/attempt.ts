import type pg from 'pg';
import { isDatabaseError } from './send.js';

/**
 * Runs `work`, and a server error comes back as a value instead of an
 * exception. In a transaction block the work runs in a savepoint, so a
 * failure undoes only the work and the caller's transaction goes on; in
 * autocommit a failed statement undoes itself. Other errors (a dead
 * connection) are thrown: they are infrastructure, not an answer.
 */
export async function attempt<T>(
  client: pg.Client,
  inBlock: boolean,
  work: () => Promise<T>,
): Promise<T | pg.DatabaseError> {
  if (inBlock) await client.query('SAVEPOINT migration_gate_attempt');
  try {
    const result = await work();
    if (inBlock) await client.query('RELEASE SAVEPOINT migration_gate_attempt');
    return result;
  } catch (error) {
    if (!isDatabaseError(error)) throw error;
    if (inBlock)
      await client.query('ROLLBACK TO SAVEPOINT migration_gate_attempt; RELEASE SAVEPOINT migration_gate_attempt');
    return error;
  }
}
