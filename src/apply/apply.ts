import type pg from 'pg';
import type { ParsedSql, Statement } from '../migrations/model.js';
import { mapStatementError, type StatementError } from './errors.js';

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
      /** The file's own transaction was open and has been rolled back. */
      rolledBack: boolean;
    };

const FILE_SAVEPOINT = 'migration_gate_file';
const OWN_SAVEPOINT = 'migration_gate_own_transaction';
const SETTINGS_SAVEPOINT = 'migration_gate_settings';

/**
 * Runs a parsed file statement by statement, the way a migration runner would,
 * honouring the file's own BEGIN/COMMIT: when it fails inside its transaction,
 * the transaction is rolled back and nothing of the file remains.
 */
export async function applyFile(
  client: pg.Client,
  parsed: ParsedSql,
  options: ApplyOptions,
  /** Statements to leave out (e.g. a baseline's unavailable extensions), reported by the caller. */
  omit: ReadonlySet<Statement> = new Set(),
): Promise<ApplyResult> {
  const started = performance.now();
  if (!options.nested && omit.size === 0 && (await appliedInOneRoundTrip(client, parsed, options))) {
    return {
      status: 'applied',
      file: parsed.file,
      statements: parsed.statements.length,
      ms: performance.now() - started,
      skipped: [],
    };
  }
  await setTimeouts(client, options);
  if (options.nested) await client.query(`SAVEPOINT ${FILE_SAVEPOINT}`);
  let inTransaction = false;
  let applied = 0;
  const skipped: Statement[] = [];
  for (const statement of parsed.statements) {
    if (omit.has(statement)) continue;
    if (options.nested && statement.nonTransactional) {
      skipped.push(statement);
      continue;
    }
    try {
      await client.query(options.nested ? nestedSql(statement) : statement.sql);
    } catch (error) {
      if (!isDatabaseError(error)) throw error;
      if (options.nested) await client.query(`ROLLBACK TO SAVEPOINT ${FILE_SAVEPOINT}`);
      else if (inTransaction) await client.query('ROLLBACK');
      return {
        status: 'failed',
        file: parsed.file,
        statements: applied,
        ms: performance.now() - started,
        skipped,
        statement,
        error: mapStatementError(error, statement, parsed.text),
        rolledBack: inTransaction,
      };
    }
    applied += 1;
    if (statement.transaction === 'begin') inTransaction = true;
    if (statement.transaction === 'commit' || statement.transaction === 'rollback') inTransaction = false;
  }
  // A file that opens a transaction and never closes it would otherwise leak
  // it into the next file; migration runners commit at the end of the file.
  if (inTransaction) await client.query(options.nested ? `RELEASE SAVEPOINT ${OWN_SAVEPOINT}` : 'COMMIT');
  if (options.nested) await client.query(`RELEASE SAVEPOINT ${FILE_SAVEPOINT}`);
  return { status: 'applied', file: parsed.file, statements: applied, ms: performance.now() - started, skipped };
}

/**
 * Sends the whole file at once, when doing so cannot change what happens:
 * PostgreSQL runs a multi-statement message as one implicit transaction, so a
 * file with no transaction control of its own, or one wrapped in a single
 * BEGIN … COMMIT, either applies exactly as statement by statement would, or
 * leaves nothing behind — and is then replayed statement by statement to find
 * the failing one. Round trips are most of the cost of a small migration.
 */
async function appliedInOneRoundTrip(client: pg.Client, parsed: ParsedSql, options: ApplyOptions): Promise<boolean> {
  const { statements } = parsed;
  const control = statements.filter((s) => s.transaction);
  const wrapped =
    control.length === 2 && statements[0]?.transaction === 'begin' && statements.at(-1)?.transaction === 'commit';
  if (statements.length < 2 || (control.length > 0 && !wrapped) || statements.some((s) => s.nonTransactional)) {
    return false;
  }
  try {
    // The timeouts travel in the same message (integers: nothing to quote).
    const timeouts = `SET statement_timeout = ${Math.trunc(options.statementTimeoutMs)}; SET lock_timeout = ${Math.trunc(options.lockTimeoutMs)}`;
    await client.query(`${timeouts};\n${statements.map((s) => s.sql).join(';\n')}`);
    return true;
  } catch (error) {
    if (!isDatabaseError(error)) throw error;
    if (wrapped) await client.query('ROLLBACK');
    return false;
  }
}

/** Inside the outer transaction, the file's own transaction control becomes a savepoint. */
function nestedSql(statement: Statement): string {
  switch (statement.transaction) {
    case 'begin':
      return `SAVEPOINT ${OWN_SAVEPOINT}`;
    case 'commit':
      return `RELEASE SAVEPOINT ${OWN_SAVEPOINT}`;
    case 'rollback':
      return `ROLLBACK TO SAVEPOINT ${OWN_SAVEPOINT}; RELEASE SAVEPOINT ${OWN_SAVEPOINT}`;
    default:
      return statement.sql;
  }
}

async function setTimeouts(client: pg.Client, options: ApplyOptions): Promise<void> {
  await client.query(`SELECT set_config('statement_timeout', $1, false), set_config('lock_timeout', $2, false)`, [
    `${options.statementTimeoutMs}ms`,
    `${options.lockTimeoutMs}ms`,
  ]);
  if (options.nested) await watchClient(client);
}

/**
 * On a real database, a gate killed mid-statement must not leave its
 * transaction (and the locks the migration took) open until the statement
 * ends: PostgreSQL 14+ then notices the vanished client within a second and
 * rolls back. Older servers (and platforms without the check) keep going as before.
 */
async function watchClient(client: pg.Client): Promise<void> {
  await client.query(`SAVEPOINT ${SETTINGS_SAVEPOINT}`);
  try {
    await client.query(
      `SELECT set_config('client_connection_check_interval', '1000', false)
        WHERE current_setting('client_connection_check_interval', true) IS NOT NULL`,
    );
  } catch (error) {
    if (!isDatabaseError(error)) throw error;
    await client.query(`ROLLBACK TO SAVEPOINT ${SETTINGS_SAVEPOINT}`);
  }
  await client.query(`RELEASE SAVEPOINT ${SETTINGS_SAVEPOINT}`);
}

function isDatabaseError(error: unknown): error is pg.DatabaseError {
  return error instanceof Error && 'severity' in error && 'code' in error;
}
