import type pg from 'pg';
import { InfrastructureError } from '../errors.js';
import { gateSql } from '../sql-files.js';

export interface BlockingSession {
  pid: number;
  state: string | null;
  usename: string | null;
  applicationName: string | null;
  queryStart: string | null;
  xactSeconds: number | null;
  relationLocks: number;
  query: string | null;
}

/** Transactions older than this are reported: a migration's locks would queue behind them. */
export const LONG_TRANSACTION_SECONDS = 60;

/** Sessions on the target that hold locks or keep long transactions open. */
export async function blockingSessions(client: pg.Client): Promise<BlockingSession[]> {
  const { rows } = await client.query<{
    pid: number;
    state: string | null;
    usename: string | null;
    application_name: string | null;
    query_start: string | null;
    xact_seconds: number | null;
    relation_locks: number;
    query: string | null;
  }>(gateSql('activity.sql'), [LONG_TRANSACTION_SECONDS]);
  return rows.map((row) => ({
    pid: row.pid,
    state: row.state,
    usename: row.usename,
    applicationName: row.application_name,
    queryStart: row.query_start,
    xactSeconds: row.xact_seconds,
    relationLocks: row.relation_locks,
    query: row.query,
  }));
}

/** "session 7502 (postgres, psql, idle in transaction, query started 2026-11-30 20:01:02 UTC): LOCK TABLE …" */
export function describeSession(s: BlockingSession): string {
  const who = [s.usename ?? 'unknown user', s.applicationName, s.state ?? 'unknown state'].filter(Boolean).join(', ');
  const since = s.queryStart ? `, query started ${s.queryStart}` : '';
  const locks = s.relationLocks > 0 ? `, holds ${s.relationLocks} relation lock(s)` : '';
  const open = s.xactSeconds ? `, transaction open ${s.xactSeconds}s` : '';
  return `session ${s.pid} (${who}${since}${locks}${open})${s.query ? `: ${s.query.replace(/\s+/g, ' ').slice(0, 120)}` : ''}`;
}

/**
 * A catalog snapshot that waited past the lock timeout for a lock another
 * session holds (reading a table's defaults opens the table): not a verdict
 * on the migration, but the run cannot go on; the holders are named. Inside
 * the run's transaction a savepoint keeps the transaction usable for asking.
 */
export async function snapshotOrNameHolders<T>(
  client: pg.Client,
  inTransaction: boolean,
  take: () => Promise<T>,
): Promise<T> {
  if (inTransaction) await client.query('SAVEPOINT migration_gate_snapshot');
  try {
    const snapshot = await take();
    if (inTransaction) await client.query('RELEASE SAVEPOINT migration_gate_snapshot');
    return snapshot;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== LOCK_NOT_AVAILABLE && code !== QUERY_CANCELED) throw error;
    if (inTransaction) await client.query('ROLLBACK TO SAVEPOINT migration_gate_snapshot');
    const holders = await blockingSessions(client);
    const named =
      holders.length > 0 ? holders.map(describeSession).join('; ') : 'no session found holding one any more';
    throw new InfrastructureError(`reading the schema waited too long for a lock held by another session: ${named}`);
  }
}

const LOCK_NOT_AVAILABLE = '55P03';
const QUERY_CANCELED = '57014';
