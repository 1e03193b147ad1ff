/**
 * How a probe touches the database: every trial runs in a savepoint that is
 * always rolled back (a probe never leaves a row behind for the next one),
 * and a session becomes the application's by SET LOCAL ROLE and the identity
 * settings, both undone with the savepoint.
 */
import type pg from 'pg';
import { inOneMessage, undoSavepoint, type LiteralStatement } from '../apply/attempt.js';
import { quotedTable, withLiterals } from '../database/literals.js';
import { isDatabaseError } from '../apply/send.js';

const TRIAL = 'migration_gate_probe_trial';
/** SQLSTATE query_canceled (statement timeout, cancel) and lock_not_available (lock timeout). */
const OUT_OF_TIME = new Set(['57014', '55P03']);

/**
 * Runs `work` and undoes it; a server error comes back as a value.
 * `prelude`: statements sent with the savepoint in one message (a probe runs
 * hundreds of them; round trips are most of their cost).
 */
export async function trial<T>(
  client: pg.Client,
  work: () => Promise<T>,
  prelude: string[] = [],
): Promise<T | pg.DatabaseError> {
  try {
    await client.query([`SAVEPOINT ${TRIAL}`, ...prelude].join('; '));
    return await work();
  } catch (error) {
    if (!isDatabaseError(error)) throw error;
    return error;
  } finally {
    await client.query(`ROLLBACK TO SAVEPOINT ${TRIAL}; RELEASE SAVEPOINT ${TRIAL}`);
  }
}

/** One statement of a trial, with its parameters. */
export type TrialStatement = LiteralStatement;

/**
 * `statements` run and undone in one message with the trial's savepoint and
 * `prelude` (see `inOneMessage`); their results come back in order.
 */
export function trialStatements<R extends pg.QueryResultRow = pg.QueryResultRow>(
  client: pg.Client,
  statements: TrialStatement[],
  prelude: string[] = [],
): Promise<pg.QueryResult<R>[] | pg.DatabaseError> {
  return inOneMessage<R>(client, TRIAL, statements, { keep: false, prelude });
}

/** One statement as a trial in one message (see trialStatements). */
export async function trialStatement<R extends pg.QueryResultRow = pg.QueryResultRow>(
  client: pg.Client,
  statement: TrialStatement,
  prelude: string[] = [],
): Promise<pg.QueryResult<R> | pg.DatabaseError> {
  const results = await trialStatements<R>(client, [statement], prelude);
  return isDatabaseError(results) ? results : results[0]!;
}

/** `statement` as `session.role` with its settings, in one message with its undoing (see trialStatement). */
export function asSessionStatement<R extends pg.QueryResultRow = pg.QueryResultRow>(
  client: pg.Client,
  session: Session,
  statement: TrialStatement,
): Promise<pg.QueryResult<R> | pg.DatabaseError> {
  return trialStatement<R>(client, statement, sessionPrelude(client, session));
}

/**
 * `statements` as `session`, each a trial of its own (its savepoint, the
 * session's role and settings, its undoing), all in one message. A refusal
 * stops a message there, and what the trials before it got is lost with it:
 * then they run again one by one. The results are the same either way, in
 * one round trip when nothing is refused; a message that ran out of time is
 * not run again, and each statement gets its error.
 */
export async function asSessionStatements<R extends pg.QueryResultRow = pg.QueryResultRow>(
  client: pg.Client,
  session: Session,
  statements: TrialStatement[],
): Promise<(pg.QueryResult<R> | pg.DatabaseError)[]> {
  const prelude = sessionPrelude(client, session);
  if (statements.length > 1) {
    const trials = statements.map((s) =>
      [
        `SAVEPOINT ${TRIAL}`,
        ...prelude,
        withLiterals(client, s.text, s.values ?? []),
        `ROLLBACK TO SAVEPOINT ${TRIAL}; RELEASE SAVEPOINT ${TRIAL}`,
      ].join('; '),
    );
    try {
      // One result per statement: the savepoint, the prelude's, the trial's, the rollback and the release.
      const results = (await client.query<R>(trials.join('; '))) as unknown as pg.QueryResult<R>[];
      const each = prelude.length + 4;
      return statements.map((_, i) => results[i * each + 1 + prelude.length]!);
    } catch (error) {
      if (!isDatabaseError(error)) throw error;
      await undoSavepoint(client, TRIAL, error);
      // Out of time (a timeout, the gate's own cancel): run again, each would take as long once more.
      if (OUT_OF_TIME.has(error.code ?? '')) return statements.map(() => error);
    }
  }
  const results: (pg.QueryResult<R> | pg.DatabaseError)[] = [];
  for (const statement of statements) results.push(await trialStatement<R>(client, statement, prelude));
  return results;
}

export interface Session {
  role: string;
  settings: Record<string, string>;
}

function sessionPrelude(client: pg.Client, session: Session): string[] {
  return [...settingStatements(client, session.settings), `SET LOCAL ROLE ${client.escapeIdentifier(session.role)}`];
}

/** The identity settings for the rest of the transaction (or savepoint). */
export async function withSettings(client: pg.Client, settings: Record<string, string>): Promise<void> {
  const statements = settingStatements(client, settings);
  if (statements.length > 0) await client.query(statements.join('; '));
}

export function settingStatements(client: pg.Client, settings: Record<string, string>): string[] {
  return Object.entries(settings).map(
    ([name, value]) => `SELECT set_config(${client.escapeLiteral(name)}, ${client.escapeLiteral(value)}, true)`,
  );
}

/** A row-level security refusal, as opposed to a missing grant (both are SQLSTATE 42501). */
export function isRlsRefusal(error: pg.DatabaseError): boolean {
  return error.code === '42501' && /row-level security/.test(error.message);
}

export const id = (client: pg.Client, name: string): string => client.escapeIdentifier(name);

export const relation = quotedTable;

/** One row of the table to act on, by its place (a partitioned table's ctid alone is not unique). */
export async function probeRow(
  client: pg.Client,
  table: { schema: string; name: string },
): Promise<{ tableoid: string; ctid: string } | undefined> {
  const { rows } = await client.query<{ tableoid: string; ctid: string }>(
    `SELECT tableoid::text AS tableoid, ctid::text AS ctid FROM ${relation(client, table)} LIMIT 1`,
  );
  return rows[0];
}
