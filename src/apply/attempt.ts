import type pg from 'pg';
import { withLiterals, type Parameter } from '../database/literals.js';
import { isDatabaseError } from './send.js';

const SAVEPOINT = 'migration_gate_attempt';

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
  if (inBlock) await client.query(`SAVEPOINT ${SAVEPOINT}`);
  try {
    const result = await work();
    if (inBlock) await client.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
    return result;
  } catch (error) {
    if (!isDatabaseError(error)) throw error;
    if (inBlock) await undoSavepoint(client, SAVEPOINT, error);
    return error;
  }
}

/**
 * One statement as an attempt: in a transaction block its savepoint and the
 * release travel in one message with it (see `inOneMessage`).
 */
export async function attemptStatement<R extends pg.QueryResultRow = pg.QueryResultRow>(
  client: pg.Client,
  inBlock: boolean,
  text: string,
  values: Parameter[],
): Promise<pg.QueryResult<R> | pg.DatabaseError> {
  if (inBlock) {
    const results = await inOneMessage<R>(client, SAVEPOINT, [{ text, values }], { keep: true });
    return isDatabaseError(results) ? results : results[0]!;
  }
  try {
    return await client.query<R>(text, values as unknown[]);
  } catch (error) {
    if (!isDatabaseError(error)) throw error;
    return error;
  }
}

/** A statement of the gate's own, with its parameters. */
export interface LiteralStatement {
  text: string;
  values?: Parameter[];
  /** Rows as arrays (for every statement of the message: pg reads a message's rows one way). */
  rowMode?: 'array';
}

/**
 * `statements` in one message after `SAVEPOINT savepoint` and `prelude`,
 * their parameters as literals (a message of several statements takes
 * none), then the savepoint released (`keep`) or rolled back to; their
 * results come back in order. A refused statement stops the message there
 * and costs a second one, to undo it; the error comes back as a value.
 */
export async function inOneMessage<R extends pg.QueryResultRow = pg.QueryResultRow>(
  client: pg.Client,
  savepoint: string,
  statements: LiteralStatement[],
  options: { keep: boolean; prelude?: string[] },
): Promise<pg.QueryResult<R>[] | pg.DatabaseError> {
  const prelude = options.prelude ?? [];
  const work = statements.map((s) => withLiterals(client, s.text, s.values ?? []));
  const end = options.keep ? [] : [`ROLLBACK TO SAVEPOINT ${savepoint}`];
  const text = [`SAVEPOINT ${savepoint}`, ...prelude, ...work, ...end, `RELEASE SAVEPOINT ${savepoint}`].join('; ');
  const rowMode = statements.some((s) => s.rowMode === 'array') ? { rowMode: 'array' } : {};
  try {
    // Several statements in one message: pg gives one result per statement.
    const results = (await client.query<R>({ text, ...rowMode })) as unknown as pg.QueryResult<R>[];
    return results.slice(1 + prelude.length, 1 + prelude.length + statements.length);
  } catch (error) {
    if (!isDatabaseError(error)) throw error;
    await undoSavepoint(client, savepoint, error);
    return error;
  }
}

const INVALID_SAVEPOINT = '3B001';

/**
 * Rolls back to `savepoint` after `error`. Sent in the same message as the
 * work, the savepoint does not exist when the message failed as a whole (its
 * text did not parse): nothing ran, the transaction failed with it, and the
 * work's own error is what to say.
 */
export async function undoSavepoint(client: pg.Client, savepoint: string, error: pg.DatabaseError): Promise<void> {
  await client.query(`ROLLBACK TO SAVEPOINT ${savepoint}; RELEASE SAVEPOINT ${savepoint}`).catch((undoing: unknown) => {
    throw isDatabaseError(undoing) && undoing.code === INVALID_SAVEPOINT ? error : undoing;
  });
}
