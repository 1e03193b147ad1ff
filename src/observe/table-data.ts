/**
 * Rows of the tables that existed before the migration, at one moment. On a
 * database the gate may change, each table is counted (reading at most
 * MAX_ROWS + 1 rows) and, up to MAX_ROWS, every row's md5 is read: their sum
 * is a checksum that does not depend on the rows' physical order, and the
 * hashes say how many rows changed. On a database it must not change, no
 * table is read before the migration (that would hold its locks for the
 * whole run): the planner's estimates and the transaction's own row counters
 * say what the migration did, and only tables the migration already locked
 * are counted afterwards.
 */
import type pg from 'pg';
import type { Qualified } from '../migrations/names.js';
import { attempt, attemptStatement } from '../apply/attempt.js';
import { isDatabaseError } from '../apply/send.js';
import { gateSql } from '../sql-files.js';
import { withPinnedSettings } from '../catalog/snapshot.js';
import { quotedTable, type Parameter } from '../database/literals.js';

/** Tables over this many rows are counted up to it and not checksummed: test data is small, production is estimated. */
export const MAX_ROWS = 10_000;
/** All the hashes read at one moment, over every table: a bound on memory and time for a wide schema. */
const MAX_HASHED_ROWS = 200_000;
/** Tables per query: one round trip for many tables, without one statement the size of the schema. */
const CHUNK = 50;
/** Reading rows at one moment stops starting new queries after this long: a wide production copy is not test data. */
export const READ_BUDGET_MS = 10_000;

export interface TableCount {
  /** Exact row count, unless `capped`; unset when the table was not read. */
  rows?: number;
  /** The table has more than MAX_ROWS rows: `rows` is MAX_ROWS + 1. */
  capped?: boolean;
  /** pg_class.reltuples, when the table was ever analysed. */
  estimate?: number;
  filenode: string;
  /** The columns that existed before the migration and still exist: what the hashes cover. */
  columns: string[];
  /** The first 16 hex digits of each row's md5, sorted. */
  hashes?: string[];
  /** The transaction's own row counters (pg_stat_xact_user_tables). */
  counters: { inserted: number; updated: number; deleted: number };
  /** It was to be read but was not: the time budget ran out, or the server refused (a statement timeout). */
  unread?: 'budget' | 'error';
}

/** By `schema.name`; a table missing from the map no longer exists (dropped or renamed). */
export type TableCounts = Map<string, TableCount>;

export interface CountedTable extends Qualified {
  /** Its columns before the migration. */
  columns: string[];
}

/** Which tables a moment reads: every one, or those `read` picks from what is known of them without reading. */
export type ReadChoice = 'all' | ((table: CountedTable, facts: TableCount) => boolean);

/**
 * Catalog facts for every table (none is read for them); `read` picks the
 * tables to count and hash. `inTransaction`: each read runs in a savepoint,
 * so a read the server refuses does not abort the caller's transaction.
 */
export async function countTables(
  client: pg.Client,
  tables: CountedTable[],
  read: ReadChoice,
  inTransaction: boolean,
): Promise<TableCounts> {
  if (tables.length === 0) return new Map();
  // A row's text depends on TimeZone, DateStyle, float digits and search_path: pinned, a
  // migration's SET neither changes a checksum nor puts its own md5() in the gate's place.
  return withPinnedSettings(client, () => readTables(client, tables, read, inTransaction));
}

async function readTables(
  client: pg.Client,
  tables: CountedTable[],
  read: ReadChoice,
  inTransaction: boolean,
): Promise<TableCounts> {
  // A schema-only baseline leaves thousands of tables without a page: known empty, not read. Where
  // every table is to be read and the server's files may be, the facts say which at once.
  const files = read === 'all' && (await readsServerFiles(client));
  const { facts, empty: known } = await tableFacts(client, tables, files, inTransaction);
  const toRead = tables.filter((t) => {
    const found = facts.get(tableName(t));
    return found !== undefined && !known?.has(t) && (read === 'all' || read(t, found));
  });
  // Else asked of the tables to be read; if the server refuses the question, every table is simply read.
  const found =
    !known && toRead.length > 0
      ? await attempt(client, inTransaction, () => emptyTables(client, toRead, inTransaction))
      : [];
  const empty = new Set([...(known ?? []), ...(isDatabaseError(found) ? [] : found)]);
  for (const table of empty) Object.assign(facts.get(tableName(table))!, { rows: 0, hashes: [] });
  const reader = new Reader(client, facts, inTransaction);
  const nonEmpty = toRead.filter((t) => !empty.has(t));
  for (let i = 0; i < nonEmpty.length; i += CHUNK) await reader.run(nonEmpty.slice(i, i + CHUNK), countRows);
  let hashed = 0;
  const small = nonEmpty.filter((t) => {
    const rows = facts.get(tableName(t))!.rows;
    if (rows === undefined || rows > MAX_ROWS || hashed + rows > MAX_HASHED_ROWS) return false;
    hashed += rows;
    return true;
  });
  for (let i = 0; i < small.length; i += CHUNK) await reader.run(small.slice(i, i + CHUNK), hashRows);
  return facts;
}

/** Runs the reads of one moment within the time budget; a table whose read did not happen is marked unread. */
class Reader {
  private readonly started = performance.now();

  constructor(
    private readonly client: pg.Client,
    private readonly facts: TableCounts,
    private readonly inTransaction: boolean,
  ) {}

  async run(
    tables: CountedTable[],
    read: (client: pg.Client, tables: CountedTable[], facts: TableCounts) => Promise<void>,
  ): Promise<void> {
    const mark = (why: 'budget' | 'error'): void => tables.forEach((t) => (this.facts.get(tableName(t))!.unread = why));
    if (performance.now() - this.started > READ_BUDGET_MS) return mark('budget');
    const done = await attempt(this.client, this.inTransaction, () => read(this.client, tables, this.facts));
    if (isDatabaseError(done)) mark('error');
  }
}

export const tableName = (t: Qualified): string => `${t.schema}.${t.name}`;

/**
 * The facts of each table, and with `files` those known empty from their
 * files (they list no columns: their columns before stand in, no hash
 * covers any); `empty` is unset when that was not asked.
 */
async function tableFacts(
  client: pg.Client,
  tables: CountedTable[],
  files: boolean,
  inBlock: boolean,
): Promise<{ facts: TableCounts; empty?: Set<CountedTable> }> {
  const params = [tables.map((t) => t.schema), tables.map((t) => t.name)];
  const sql = gateSql('data/tables.sql');
  const answer = files ? await askingFiles<FactRow>(client, inBlock, sql, [...params, true]) : undefined;
  const { rows } = answer ?? (await client.query<FactRow>(sql, [...params, false]));
  const facts: TableCounts = new Map();
  const empty = answer ? new Set<CountedTable>() : undefined;
  for (const row of rows) {
    const table = tables[row.i - 1]!;
    if (row.empty) empty?.add(table);
    facts.set(tableName(table), {
      ...(row.estimate >= 0 ? { estimate: Math.round(row.estimate) } : {}),
      filenode: row.filenode,
      columns: row.columns ? table.columns.filter((c) => row.columns!.includes(c)) : table.columns,
      counters: { inserted: row.inserted, updated: row.updated, deleted: row.deleted },
    });
  }
  return { facts, ...(empty ? { empty } : {}) };
}

interface FactRow {
  i: number;
  estimate: number;
  filenode: string;
  columns: string[] | null;
  inserted: number;
  updated: number;
  deleted: number;
  empty: boolean;
}

/** Whether the session may read the server's files (pg_stat_file), asked once per connection. */
const readsFiles = new WeakMap<pg.Client, boolean>();

/** SQLSTATE insufficient_privilege. */
const NOT_PERMITTED = '42501';

async function readsServerFiles(client: pg.Client): Promise<boolean> {
  if (!readsFiles.has(client)) {
    const { rows } = await client.query<{ files: boolean }>(
      "SELECT has_function_privilege('pg_catalog.pg_stat_file(text, boolean)', 'EXECUTE') AS files",
    );
    readsFiles.set(client, rows[0]?.files === true);
  }
  return readsFiles.get(client)!;
}

/**
 * A question that reads the server's files; undefined when the session may
 * not: a migration's SET ROLE left it without the right, and it is asked
 * the other way from then on.
 */
async function askingFiles<R extends pg.QueryResultRow>(
  client: pg.Client,
  inBlock: boolean,
  sql: string,
  params: Parameter[],
): Promise<pg.QueryResult<R> | undefined> {
  const answer = await attemptStatement<R>(client, inBlock, sql, params);
  if (!isDatabaseError(answer)) return answer;
  if (answer.code !== NOT_PERMITTED) throw answer;
  readsFiles.set(client, false);
  return undefined;
}

async function emptyTables(client: pg.Client, tables: CountedTable[], inBlock: boolean): Promise<CountedTable[]> {
  const params = [tables.map((t) => t.schema), tables.map((t) => t.name)];
  if (await readsServerFiles(client)) {
    const answer = await askingFiles<{ i: number }>(client, inBlock, gateSql('data/empty-files.sql'), params);
    if (answer) return answer.rows.map((row) => tables[row.i - 1]!);
  }
  const { rows } = await client.query<{ i: number }>(gateSql('data/empty.sql'), params);
  return rows.map((row) => tables[row.i - 1]!);
}

async function countRows(client: pg.Client, tables: CountedTable[], facts: TableCounts): Promise<void> {
  const parts = tables.map(
    (t, i) =>
      `SELECT ${i} AS i, count(*)::int AS n FROM (SELECT FROM ${quotedTable(client, t)} LIMIT ${MAX_ROWS + 1}) s`,
  );
  const { rows } = await client.query<{ i: number; n: number }>(parts.join('\nUNION ALL\n'));
  for (const row of rows) {
    const found = facts.get(tableName(tables[row.i]!))!;
    found.rows = row.n;
    if (row.n > MAX_ROWS) found.capped = true;
  }
}

async function hashRows(client: pg.Client, tables: CountedTable[], facts: TableCounts): Promise<void> {
  const parts = tables.map((t, i) => {
    const columns = facts.get(tableName(t))!.columns.map((c) => client.escapeIdentifier(c));
    return `SELECT ${i} AS i, left(md5(ROW(${columns.join(', ')})::text), 16) AS h FROM ${quotedTable(client, t)}`;
  });
  const { rows } = await client.query<{ i: number; h: string }>(parts.join('\nUNION ALL\n'));
  const hashes = tables.map((): string[] => []);
  for (const row of rows) hashes[row.i]!.push(row.h);
  tables.forEach((t, i) => (facts.get(tableName(t))!.hashes = hashes[i]!.sort()));
}
