import type pg from 'pg';
import type { SqlFile } from '../inputs.js';
import type { ParsedSql, Statement } from '../migrations/model.js';
import { mapStatementError, type StatementError } from './errors.js';
import { applyNested } from './nested.js';
import { isDatabaseError, sendWhole, timeoutSettings } from './send.js';

export interface ApplyOptions {
  statementTimeoutMs: number;
  lockTimeoutMs: number;
  /**
   * The whole run happens inside one transaction that is rolled back at the
   * end (a real database that must not change): the file's own BEGIN/COMMIT
   * become savepoints, and statements that cannot run in a transaction block
   * are skipped and reported.
   */
  nested?: boolean;
}

/** How one file went; a failure is a value, never an exception. */
export type ApplyResult =
  | { status: 'applied'; file: string; statements: number; ms: number; skipped: Statement[] }
  | {
      status: 'failed';
      file: string;
      statements: number;
      ms: number;
      skipped: Statement[];
      statement: Statement;
      error: StatementError;
      /** Nothing of the file remains: its transaction (the tool's or its own) rolled back. */
      rolledBack: boolean;
    };

export type Failure = Extract<ApplyResult, { status: 'failed' }>;

/**
 * Runs a file the way its migration tool does (see RunSemantics): inside the
 * tool's transaction, as one message, or statement by statement. The fast
 * way — the whole file in one round trip — is taken where it cannot change
 * the outcome; when it fails, the file is replayed statement by statement
 * under the same transaction semantics, so the error reported is the one the
 * tool would have hit, on the statement that raised it.
 */
export async function applyFile(
  client: pg.Client,
  file: SqlFile,
  options: ApplyOptions,
  /** Statements to leave out (e.g. a baseline's unavailable extensions), reported by the caller. */
  omit: ReadonlySet<Statement> = new Set(),
): Promise<ApplyResult> {
  const started = performance.now();
  const { parsed, run } = file;
  const statements = parsed.statements.filter((s) => !omit.has(s));
  const done = (
    failure?: Omit<Failure, 'status' | 'file' | 'ms' | 'skipped'>,
    skipped: Statement[] = [],
  ): ApplyResult => {
    const ms = performance.now() - started;
    return failure
      ? { status: 'failed', file: parsed.file, ms, skipped, ...failure }
      : { status: 'applied', file: parsed.file, statements: statements.length, ms, skipped };
  };
  if (options.nested) {
    const outcome = await applyNested(client, parsed, statements, options);
    return done(outcome.failure, outcome.skipped);
  }
  const ownControl = statements.some((s) => s.transaction !== undefined);
  const refusesBlock = statements.some((s) => s.nonTransactional);
  switch (run.execution) {
    case 'single-message': {
      // What the tool does: one message. A single statement is sent alone, so that
      // CREATE INDEX CONCURRENTLY on its own stays outside any transaction block.
      if (statements.length === 1) await client.query(timeoutSettings(options));
      const error = await sendWhole(client, statements, statements.length > 1 ? options : undefined);
      return error ? done(await locate(client, parsed, statements, options, error)) : done();
    }
    case 'transaction': {
      if (!ownControl && !(refusesBlock && run.standaloneNonTransactional)) {
        if (!(await sendWhole(client, statements, options, true))) return done();
      }
      await client.query(timeoutSettings(options));
      // The Supabase CLI runs a file that says BEGIN/COMMIT itself as written, with no transaction of its own.
      const standalone = run.standaloneNonTransactional ?? false;
      const asWritten = standalone && ownControl;
      return done(await statementByStatement(client, parsed, statements, !asWritten, standalone && !asWritten));
    }
    case 'autocommit': {
      // One message is one implicit transaction: equivalent only when no statement behaves differently in one.
      if (!ownControl && !refusesBlock && !statements.some(needsBlock) && statements.length > 1) {
        if (!(await sendWhole(client, statements, options))) return done();
      }
      await client.query(timeoutSettings(options));
      return done(await statementByStatement(client, parsed, statements, false, false));
    }
  }
}

/** LOCK TABLE and cursors fail outside a transaction block, but not inside an implicit one. */
function needsBlock(statement: Statement): boolean {
  return statement.kind === 'LockStmt' || statement.kind === 'DeclareCursorStmt';
}

/**
 * Runs statements one by one, tracking the transaction state as the server
 * does: the tool's own BEGIN (`wrapped`), the file's BEGIN/COMMIT, and the
 * Supabase CLI's way of running a statement that refuses a transaction block
 * on its own between two batches.
 */
async function statementByStatement(
  client: pg.Client,
  parsed: ParsedSql,
  statements: Statement[],
  wrapped: boolean,
  standalone: boolean,
): Promise<Omit<Failure, 'status' | 'file' | 'ms' | 'skipped'> | undefined> {
  let inTransaction = wrapped;
  if (wrapped) await client.query('BEGIN');
  let applied = 0;
  for (const statement of statements) {
    const alone = standalone && statement.nonTransactional && inTransaction;
    if (alone) await client.query('COMMIT');
    try {
      await client.query(statement.sql);
    } catch (error) {
      if (!isDatabaseError(error)) throw error;
      const rolledBack = inTransaction && !alone;
      if (rolledBack) await client.query('ROLLBACK');
      return { statements: applied, statement, error: mapStatementError(error, statement, parsed.text), rolledBack };
    }
    if (alone) await client.query('BEGIN');
    applied += 1;
    if (statement.transaction === 'begin') inTransaction = true;
    if (statement.transaction === 'commit' || statement.transaction === 'rollback') inTransaction = false;
  }
  // A transaction left open would leak into the next file; migration runners commit at the end.
  if (inTransaction) await client.query('COMMIT');
  return undefined;
}

/**
 * The whole-message send failed and left nothing behind: replays the
 * statements in a transaction that is rolled back, to find the one that
 * fails (the file's own transaction control is left out of the replay, as it
 * would end the replay's transaction early).
 */
async function locate(
  client: pg.Client,
  parsed: ParsedSql,
  statements: Statement[],
  options: ApplyOptions,
  /** The error of the whole message. */
  whole: pg.DatabaseError,
): Promise<Omit<Failure, 'status' | 'file' | 'ms' | 'skipped'>> {
  await client.query(timeoutSettings(options));
  await client.query('BEGIN');
  try {
    let applied = 0;
    for (const statement of statements) {
      if (statement.transaction) continue;
      try {
        await client.query(statement.sql);
      } catch (error) {
        if (!isDatabaseError(error)) throw error;
        return {
          statements: applied,
          statement,
          error: mapStatementError(error, statement, parsed.text),
          rolledBack: true,
        };
      }
      applied += 1;
    }
  } finally {
    await client.query('ROLLBACK');
  }
  // Only the message as a whole fails (CREATE INDEX CONCURRENTLY beside other statements): its error, at its start.
  const statement = statements.find((s) => s.nonTransactional) ?? statements[0]!;
  return { statements: 0, statement, error: mapStatementError(whole, statement, parsed.text), rolledBack: true };
}
