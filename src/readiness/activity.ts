import type pg from 'pg';
import { gateSql } from '../sql-files.js';

export interface BlockingSession {
  pid: number;
  state: string | null;
  usename: string | null;
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
    xact_seconds: number | null;
    relation_locks: number;
    query: string | null;
  }>(gateSql('activity.sql'), [LONG_TRANSACTION_SECONDS]);
  return rows.map((row) => ({
    pid: row.pid,
    state: row.state,
    usename: row.usename,
    xactSeconds: row.xact_seconds,
    relationLocks: row.relation_locks,
    query: row.query,
  }));
}
