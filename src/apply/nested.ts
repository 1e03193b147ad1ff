import type pg from 'pg';
import type { ParsedSql, Statement } from '../migrations/model.js';
import type { ApplyOptions } from './apply.js';
import { failureOf, type FileFailure } from './failure.js';
import { isDatabaseError, runGuarded, runnerSettings } from './send.js';

export type NestedSender = (statement: Statement, sql: string) => Promise<{ error?: unknown; overran: boolean }>;

const FILE_SAVEPOINT = 'migration_gate_file';
const OWN_SAVEPOINT = 'migration_gate_own_transaction';
const SETTINGS_SAVEPOINT = 'migration_gate_settings';

/**
 * Inside the run's one rolled-back transaction (a database the gate must not
 * change): the file gets a savepoint, its own BEGIN/COMMIT become savepoints,
 * and statements PostgreSQL refuses in a transaction block are skipped.
 */
export async function applyNested(
  client: pg.Client,
  parsed: ParsedSql,
  statements: Statement[],
  options: ApplyOptions,
  /** Sends one statement (as the savepoint-translated `sql`); tracing reads the locks in the same message. */
  send: NestedSender = (_statement, sql) => runGuarded(client, sql, options),
): Promise<{ failure?: FileFailure; skipped: Statement[] }> {
  await client.query(runnerSettings(options).join('; '));
  await watchClient(client);
  await client.query(`SAVEPOINT ${FILE_SAVEPOINT}`);
  let inTransaction = false;
  let applied = 0;
  const skipped: Statement[] = [];
  for (const statement of statements) {
    if (statement.nonTransactional) {
      skipped.push(statement);
      continue;
    }
    const outcome = await send(statement, nestedSql(statement));
    if (outcome.error !== undefined) {
      if (isDatabaseError(outcome.error)) await client.query(`ROLLBACK TO SAVEPOINT ${FILE_SAVEPOINT}`);
      const where = { statements: applied, rolledBack: inTransaction };
      return { failure: failureOf(outcome.error, outcome.overran, statement, parsed.text, where), skipped };
    }
    applied += 1;
    if (statement.transaction === 'begin') inTransaction = true;
    if (statement.transaction === 'commit' || statement.transaction === 'rollback') inTransaction = false;
  }
  if (inTransaction) await client.query(`RELEASE SAVEPOINT ${OWN_SAVEPOINT}`);
  await client.query(`RELEASE SAVEPOINT ${FILE_SAVEPOINT}`);
  return { skipped };
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
