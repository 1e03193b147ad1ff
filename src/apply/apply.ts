import type pg from 'pg';
import type { ParsedSql, Statement } from '../migrations/model.js';
import { mapStatementError, type StatementError } from './errors.js';

export interface ApplyOptions {
  statementTimeoutMs: number;
  lockTimeoutMs: number;
}

/** How one file went; a failure is a value, never an exception. */
export type ApplyResult =
  | { status: 'applied'; file: string; statements: number; ms: number }
  | {
      status: 'failed';
      file: string;
      statements: number;
      ms: number;
      statement: Statement;
      error: StatementError;
      /** The file's own transaction was open and has been rolled back. */
      rolledBack: boolean;
    };

/**
 * Runs a parsed file statement by statement, the way a migration runner would,
 * honouring the file's own BEGIN/COMMIT: when it fails inside its transaction,
 * the transaction is rolled back and nothing of the file remains.
 */
export async function applyFile(client: pg.Client, parsed: ParsedSql, options: ApplyOptions): Promise<ApplyResult> {
  const started = performance.now();
  await setTimeouts(client, options);
  let inTransaction = false;
  let applied = 0;
  for (const statement of parsed.statements) {
    try {
      await client.query(statement.sql);
    } catch (error) {
      if (!isDatabaseError(error)) throw error;
      if (inTransaction) await client.query('ROLLBACK');
      return {
        status: 'failed',
        file: parsed.file,
        statements: applied,
        ms: performance.now() - started,
        statement,
        error: mapStatementError(error, statement, parsed.text),
        rolledBack: inTransaction,
      };
    }
    applied += 1;
    if (statement.transaction === 'begin') inTransaction = true;
    if (statement.transaction === 'commit' || statement.transaction === 'rollback') {
      inTransaction = false;
    }
  }
  // A file that opens a transaction and never closes it would otherwise leak
  // it into the next file; migration runners commit at the end of the file.
  if (inTransaction) await client.query('COMMIT');
  return {
    status: 'applied',
    file: parsed.file,
    statements: applied,
    ms: performance.now() - started,
  };
}

async function setTimeouts(client: pg.Client, options: ApplyOptions): Promise<void> {
  await client.query(`SELECT set_config('statement_timeout', $1, false), set_config('lock_timeout', $2, false)`, [
    `${options.statementTimeoutMs}ms`,
    `${options.lockTimeoutMs}ms`,
  ]);
}

function isDatabaseError(error: unknown): error is pg.DatabaseError {
  return error instanceof Error && 'severity' in error && 'code' in error;
}
