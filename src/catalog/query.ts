/** How the gate runs its sql/catalog queries. */
import type pg from 'pg';
import { gateSql } from '../sql-files.js';

type Client = Pick<pg.Client, 'query'>;

/** SQLSTATE invalid_sql_statement_name: the named prepared statement is gone. */
const PREPARED_STATEMENT_MISSING = '26000';

/**
 * Runs a sql/catalog query as a named prepared statement: a session takes
 * snapshots before and after each migration, and planning the catalog joins
 * again each time would cost more than running them.
 */
export async function rows<R extends pg.QueryResultRow>(
  client: Client,
  file: string,
  params: unknown[] = [],
): Promise<R[]> {
  const text = gateSql(`catalog/${file}`);
  try {
    return (await client.query<R>({ name: `migration-gate:catalog/${file}`, text, values: params })).rows;
  } catch (error) {
    // A migration's DISCARD ALL or DEALLOCATE ALL drops the statement behind pg's back.
    if ((error as { code?: unknown }).code !== PREPARED_STATEMENT_MISSING) throw error;
    return (await client.query<R>(text, params)).rows;
  }
}
