import type pg from 'pg';
import type { ParsedSql, Statement } from '../migrations/model.js';
import type { ApplyOptions } from './apply.js';
import { failureOf, type FileFailure } from './failure.js';
import { IN_ONE_TRANSACTION, isDatabaseError, plainRun, runnerSettings, sendParts } from './send.js';

/** What became of a message of statements: which one failed, when one did, and whether any of them ran. */
export interface NestedOutcome {
  error?: unknown;
  overran: boolean;
  failedAt: number;
  ran: boolean;
}

/**
 * Sends statements in one message, each as its savepoint-translated `sql`.
 * `again`: they ran before, and are sent again after a message the server
 * could not parse rolled the file back (tracing does not look at them twice).
 */
export type NestedSender = (statements: Statement[], sql: string[], again: boolean) => Promise<NestedOutcome>;

const FILE_SAVEPOINT = 'migration_gate_file';
const OWN_SAVEPOINT = 'migration_gate_own_transaction';
const SETTINGS_SAVEPOINT = 'migration_gate_settings';
const DEFERRED_SAVEPOINT = 'migration_gate_deferred';

/**
 * Statements per message. One at a time, a data migration of 200,000 rows
 * was a round trip each to a database that may be across a network (20,000
 * on a local server: 4 s). Before PostgreSQL 13 the statement timeout
 * covers a whole message, so there they still go one at a time.
 */
const PER_MESSAGE = IN_ONE_TRANSACTION;

/**
 * Inside the run's one rolled-back transaction (a database the gate must not
 * change): the file gets a savepoint, its own BEGIN/COMMIT become savepoints,
 * and statements PostgreSQL refuses in a transaction block are skipped.
 * Statements up to the next transaction control go in messages of
 * PER_MESSAGE: a failure rolls the file back to its savepoint either way.
 */
export async function applyNested(
  client: pg.Client,
  parsed: ParsedSql,
  statements: Statement[],
  options: ApplyOptions,
  /** Tracing reads the locks in the same messages. */
  send: NestedSender = plainSender(client, options),
): Promise<{ failure?: FileFailure; skipped: Statement[] }> {
  const settings = await client.query(`${runnerSettings(options).join('; ')}; SHOW server_version_num`);
  const version = Number((settings as unknown as pg.QueryResult[]).at(-1)?.rows[0]?.server_version_num ?? 0);
  await watchClient(client);
  await client.query(`SAVEPOINT ${FILE_SAVEPOINT}`);
  const runs = new NestedRuns(client, send, version >= 130_000 ? PER_MESSAGE : 1);
  const ended = await runs.through(statements, false);
  if ('failure' in ended) {
    const { outcome, statement, applied, inTransaction } = ended.failure;
    const where = { statements: applied, rolledBack: inTransaction };
    const skipped = statements.filter((s) => s.nonTransactional && s.index < statement.index);
    return { failure: failureOf(outcome.error, outcome.overran, statement, parsed.text, where), skipped };
  }
  if (ended.inTransaction) await client.query(`RELEASE SAVEPOINT ${OWN_SAVEPOINT}`);
  const skipped = statements.filter((s) => s.nonTransactional);
  const unchecked = await deferredChecks(client);
  if (unchecked && statements.length > 0) {
    await client.query(`ROLLBACK TO SAVEPOINT ${FILE_SAVEPOINT}`);
    const last = statements.at(-1)!;
    const where = { statements: statements.length - 1, rolledBack: true };
    return { failure: failureOf(unchecked, false, last, parsed.text, where), skipped };
  }
  await client.query(`RELEASE SAVEPOINT ${FILE_SAVEPOINT}`);
  return { skipped };
}

/**
 * The run's transaction is never committed: a deferred constraint the file
 * violates would never be checked, where the tool's commit fails. Made
 * immediate in a savepoint of its own, the checks still outstanding run
 * now; rolling the savepoint back restores both the constraints' modes and
 * those checks, so what follows runs as it would. The tool then reports the
 * file's last statement.
 */
async function deferredChecks(client: pg.Client): Promise<pg.DatabaseError | undefined> {
  try {
    await client.query(`SAVEPOINT ${DEFERRED_SAVEPOINT}; SET CONSTRAINTS ALL IMMEDIATE`);
    return undefined;
  } catch (error) {
    if (!isDatabaseError(error)) throw error;
    return error;
  } finally {
    await client.query(`ROLLBACK TO SAVEPOINT ${DEFERRED_SAVEPOINT}; RELEASE SAVEPOINT ${DEFERRED_SAVEPOINT}`);
  }
}

type Through =
  | { inTransaction: boolean }
  | { failure: { outcome: NestedOutcome; statement: Statement; applied: number; inTransaction: boolean } };

class NestedRuns {
  constructor(
    private readonly client: pg.Client,
    private readonly send: NestedSender,
    private perMessage: number,
  ) {}

  /** Sends `statements` in order, from the file's savepoint; `again`: they ran before. */
  async through(statements: Statement[], again: boolean): Promise<Through> {
    let inTransaction = false;
    let applied = 0;
    for (let at = 0; at < statements.length;) {
      const statement = statements[at]!;
      if (statement.nonTransactional) {
        at += 1;
        continue;
      }
      const batch = statement.transaction === undefined ? plainRun(statements, at, this.perMessage) : [statement];
      const outcome = await this.send(batch, batch.map(nestedSql), again);
      if (outcome.error === undefined) {
        applied += batch.length;
        at += batch.length;
        if (statement.transaction === 'begin') inTransaction = true;
        if (statement.transaction === 'commit' || statement.transaction === 'rollback') inTransaction = false;
        continue;
      }
      if (isDatabaseError(outcome.error)) await this.client.query(`ROLLBACK TO SAVEPOINT ${FILE_SAVEPOINT}`);
      if (outcome.ran || outcome.failedAt === 0 || again) {
        return {
          failure: { outcome, statement: batch[outcome.failedAt]!, applied: applied + outcome.failedAt, inTransaction },
        };
      }
      // The server parses a message whole: one it cannot parse (syntax newer than the server) stopped the
      // statements before it too, and the file went back to its savepoint. What ran goes again, then the
      // rest of the file one statement at a time, so that it fails where it would and after what it would.
      const before = await this.through(statements.slice(0, at), true);
      if ('failure' in before) return before;
      this.perMessage = 1;
    }
    return { inTransaction };
  }
}

function plainSender(client: pg.Client, options: ApplyOptions): NestedSender {
  return async (_statements, sql) => {
    const sent = await sendParts(client, sql, options, { rollback: false });
    return sent.failure ?? { overran: false, failedAt: 0, ran: true };
  };
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
