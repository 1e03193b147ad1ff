/**
 * Reads a CatalogSnapshot: one query per object family, run one after the
 * other on the caller's client (a pg.Client runs one query at a time anyway).
 * The first snapshot on a client reads everything; a later one reads the
 * fingerprint of the catalog (sql/catalog/fingerprint.sql) and reads again only
 * the relations that changed and those that refer to what changed, keeping
 * the previous snapshot's entries for the rest.
 */
import type pg from 'pg';
import { gateSql } from '../sql-files.js';
import { compareFingerprints, toFingerprint, type Fingerprint, type FingerprintRow } from './fingerprint.js';
import type { CatalogSnapshot, Extension, Index } from './model.js';
import { assemble, groupParts, type OwnedFamilies, type RelationParts } from './relation-parts.js';
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

type OtherFamilies = Pick<CatalogSnapshot, 'schemas' | 'functions' | 'enums' | 'types' | 'extensions'>;

/** The last snapshot read on a client, as the next one starts from. */
interface Basis {
  fingerprint: Fingerprint;
  relations: Map<number, RelationParts>;
  others: OtherFamilies;
}

const bases = new WeakMap<Client, Basis>();

/**
 * The user objects of the client's current database. The settings that shape
 * how PostgreSQL renders names and constants (search_path, TimeZone, …) are
 * pinned for the duration and restored afterwards, so snapshots compare equal
 * whatever the session had set. No transaction is opened: the caller may be
 * inside one, and a COMMIT of ours would end it.
 */
export function takeSnapshot(client: pg.Client): Promise<CatalogSnapshot> {
  return withPinnedSettings(client, () => readSnapshot(client, bases.get(client)));
}

/** Reads everything, whatever the client read before: the basis of the snapshots that follow. */
export function takeFullSnapshot(client: pg.Client): Promise<CatalogSnapshot> {
  return withPinnedSettings(client, () => readSnapshot(client, undefined));
}

/**
 * Runs `read` with the rendering settings pinned (the catalog snapshot's, and
 * the row reads of data preservation): a migration's SET changes neither.
 */
export async function withPinnedSettings<T>(client: Client, read: () => Promise<T>): Promise<T> {
  const pins = await rows<{ name: string; previous: string }>(client, 'pin-settings.sql');
  const restore = (): Promise<unknown> =>
    rows(client, 'restore-settings.sql', [pins.map((row) => row.name), pins.map((row) => row.previous)]);
  let result: T;
  try {
    result = await read();
  } catch (error) {
    // In an aborted transaction the restore fails too; the rollback restores the settings then.
    await restore().catch(() => undefined);
    throw error;
  }
  await restore();
  return result;
}

/** Relation kinds that have entries of their own: tables, views, foreign tables, sequences. */
const WITH_ENTRIES = new Set(['r', 'p', 'v', 'm', 'f', 'S']);

async function readSnapshot(client: Client, previous: Basis | undefined): Promise<CatalogSnapshot> {
  const fingerprint = toFingerprint(await rows<FingerprintRow>(client, 'fingerprint.sql'));
  const changes = previous && compareFingerprints(previous.fingerprint, fingerprint);
  let relations: Map<number, RelationParts>;
  let others: OtherFamilies;
  if (!previous || !changes || changes.everything) {
    relations = groupParts([], await readRelations(client, null));
    others = await readOthers(client);
  } else {
    const reread = new Set(changes.relations);
    if (changes.relations.length + changes.functions.length + changes.types.length > 0) {
      const dependents = await rows<{ rel_oid: number }>(client, 'dependents.sql', [
        changes.relations,
        changes.functions,
        changes.types,
      ]);
      for (const { rel_oid } of dependents) reread.add(rel_oid);
    }
    const wanted = fingerprint.relations.filter((r) => reread.has(r.oid) && WITH_ENTRIES.has(r.relkind));
    const read = wanted.map((r) => r.oid);
    const fresh = read.length > 0 ? groupParts(read, await readRelations(client, read)) : new Map();
    relations = new Map();
    for (const { oid } of fingerprint.relations) {
      const parts = fresh.get(oid) ?? previous.relations.get(oid);
      if (parts) relations.set(oid, parts);
    }
    others = changes.others ? await readOthers(client) : previous.others;
  }
  bases.set(client, { fingerprint, relations, others });
  const families = assemble(fingerprint.relations, relations);
  const { schemas, functions, enums, types, extensions } = others;
  const { tables, indexes, constraints, policies, triggers, sequences } = families;
  return { schemas, tables, indexes, constraints, policies, functions, triggers, enums, types, sequences, extensions };
}

/** Each relation family, of the given relations (OIDs) or, with null, of all. */
async function readRelations(client: Client, oids: number[] | null): Promise<OwnedFamilies> {
  const owned = <R extends { rel_oid: number }, T>(list: R[], to: (row: Omit<R, 'rel_oid'>) => T): [number, T][] =>
    list.map(({ rel_oid, ...row }) => [rel_oid, to(row)]);
  const params = [oids];
  return {
    tables: owned(await rows<TableRow & { rel_oid: number }>(client, 'tables.sql', params), toTable),
    indexes: owned(await rows<Index & { rel_oid: number }>(client, 'indexes.sql', params), (row) => row),
    constraints: owned(
      await rows<ConstraintRow & { rel_oid: number }>(client, 'constraints.sql', params),
      toConstraint,
    ),
    policies: owned(await rows<PolicyRow & { rel_oid: number }>(client, 'policies.sql', params), toPolicy),
    triggers: owned(await rows<TriggerRow & { rel_oid: number }>(client, 'triggers.sql', params), toTrigger),
    sequences: owned(await rows<SequenceRow & { rel_oid: number }>(client, 'sequences.sql', params), toSequence),
  };
}

async function readOthers(client: Client): Promise<OtherFamilies> {
  const schemas = (await rows<{ name: string }>(client, 'schemas.sql')).map((row) => row.name);
  const functions = (await rows<FunctionRow>(client, 'functions.sql')).map(toFunction);
  const { enums, types } = splitTypes(await rows<TypeRow>(client, 'types.sql'));
  const extensions = await rows<Extension>(client, 'extensions.sql');
  return { schemas, functions, enums, types, extensions };
}
