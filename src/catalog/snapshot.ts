/**
 * Reads a CatalogSnapshot: one query per object family, run one after the
 * other on the caller's client (a pg.Client runs one query at a time anyway).
 */
import type pg from 'pg';
import { gateSql } from '../sql-files.js';
import type { CatalogSnapshot, Extension, Index } from './model.js';
import {
  type ConstraintRow,
  type FunctionRow,
  type PolicyRow,
  type SequenceRow,
  type TableRow,
  type TriggerRow,
  type TypeRow,
  splitTypes,
  toConstraint,
  toFunction,
  toPolicy,
  toSequence,
  toTable,
  toTrigger,
} from './rows.js';

type Client = Pick<pg.Client, 'query'>;

/** SQLSTATE invalid_sql_statement_name: the named prepared statement is gone. */
const PREPARED_STATEMENT_MISSING = '26000';

/**
 * Runs a sql/catalog query as a named prepared statement: a session takes
 * snapshots before and after each migration, and planning the catalog joins
 * again each time would cost more than running them.
 */
async function rows<R extends pg.QueryResultRow>(client: Client, file: string, params: unknown[] = []): Promise<R[]> {
  const text = gateSql(`catalog/${file}`);
  try {
    return (await client.query<R>({ name: `migration-gate:catalog/${file}`, text, values: params })).rows;
  } catch (error) {
    // A migration's DISCARD ALL or DEALLOCATE ALL drops the statement behind pg's back.
    if ((error as { code?: unknown }).code !== PREPARED_STATEMENT_MISSING) throw error;
    return (await client.query<R>(text, params)).rows;
  }
}

/**
 * The user objects of the client's current database. The settings that shape
 * how PostgreSQL renders names and constants (search_path, TimeZone, …) are
 * pinned for the duration and restored afterwards, so snapshots compare equal
 * whatever the session had set. No transaction is opened: the caller may be
 * inside one, and a COMMIT of ours would end it.
 */
export async function takeSnapshot(client: pg.Client): Promise<CatalogSnapshot> {
  const pinned = await rows<{ name: string; previous: string }>(client, 'pin-settings.sql');
  const restore = (): Promise<unknown> =>
    rows(client, 'restore-settings.sql', [pinned.map((row) => row.name), pinned.map((row) => row.previous)]);
  let snapshot: CatalogSnapshot;
  try {
    snapshot = await readFamilies(client);
  } catch (error) {
    // In an aborted transaction the restore fails too; the rollback restores the settings then.
    await restore().catch(() => undefined);
    throw error;
  }
  await restore();
  return snapshot;
}

async function readFamilies(client: Client): Promise<CatalogSnapshot> {
  const schemas = (await rows<{ name: string }>(client, 'schemas.sql')).map((row) => row.name);
  const tables = (await rows<TableRow>(client, 'tables.sql')).map(toTable);
  const indexes = await rows<Index>(client, 'indexes.sql');
  const constraints = (await rows<ConstraintRow>(client, 'constraints.sql')).map(toConstraint);
  const policies = (await rows<PolicyRow>(client, 'policies.sql')).map(toPolicy);
  const functions = (await rows<FunctionRow>(client, 'functions.sql')).map(toFunction);
  const triggers = (await rows<TriggerRow>(client, 'triggers.sql')).map(toTrigger);
  const { enums, types } = splitTypes(await rows<TypeRow>(client, 'types.sql'));
  const sequences = (await rows<SequenceRow>(client, 'sequences.sql')).map(toSequence);
  const extensions = await rows<Extension>(client, 'extensions.sql');
  return { schemas, tables, indexes, constraints, policies, functions, triggers, enums, types, sequences, extensions };
}
