/**
 * Reads a CatalogSnapshot: one query per object family, run one after the
 * other on the caller's client (a pg.Client runs one query at a time anyway).
 * The first snapshot on a client reads everything; a later one reads the
 * fingerprint of the catalog (sql/catalog/fingerprint.sql) and reads again only
 * the relations that changed and those that refer to what changed, keeping
 * the previous snapshot's entries for the rest.
 */
import type pg from 'pg';
import { rows } from './query.js';
import { connectionLost, givingWay, Lanes, readersReady, reopenReaders } from './readers.js';
import {
  compareFingerprints,
  toFingerprint,
  type Changes,
  type Fingerprint,
  type FingerprintRow,
} from './fingerprint.js';
import type { CatalogSnapshot, Extension } from './model.js';
import { readIndexes } from './index-reads.js';
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

type OtherFamilies = Pick<CatalogSnapshot, 'schemas' | 'functions' | 'enums' | 'types' | 'extensions'>;

/** The last snapshot read on a client, as the next one starts from. */
interface Basis {
  fingerprint: Fingerprint;
  relations: Map<number, RelationParts>;
  others: OtherFamilies;
}

const bases = new WeakMap<Client, Basis>();
/** A snapshot kept as a basis beside the last one (`keepAsBasis`). */
const kept = new WeakMap<Client, Basis>();

/**
 * Keeps the client's last snapshot as a basis for every later one, beside
 * whatever was read last: the snapshot before the target, for the one after
 * its down migration. That one differs from the snapshot before only where
 * the down did not put things back as they were (the seed example: nothing),
 * and from the snapshot after in every relation the target touched.
 */
export function keepAsBasis(client: pg.Client): void {
  const basis = bases.get(client);
  if (basis) kept.set(client, basis);
}

/**
 * The user objects of the client's current database. The settings that shape
 * how PostgreSQL renders names and constants (search_path, TimeZone, …) are
 * pinned for the duration and restored afterwards, so snapshots compare equal
 * whatever the session had set. No transaction is opened: the caller may be
 * inside one, and a COMMIT of ours would end it.
 */
export function takeSnapshot(client: pg.Client): Promise<CatalogSnapshot> {
  return onLanes(client, (lanes) => readSnapshot(client, lanes, bases.get(client)));
}

/** Reads everything, whatever the client read before: the basis of the snapshots that follow. */
export function takeFullSnapshot(client: pg.Client): Promise<CatalogSnapshot> {
  return onLanes(client, (lanes) => readSnapshot(client, lanes, undefined));
}

/** The client's reading connections side by side (pinned when opened), else the client itself, pinned for the read. */
async function onLanes<T>(client: pg.Client, read: (lanes: Lanes) => Promise<T>): Promise<T> {
  const readers = await readersReady(client);
  if (!readers) return withPinnedSettings(client, () => read(new Lanes([client])));
  try {
    return await read(new Lanes(readers));
  } catch (error) {
    // A migration may end every other session (pg_terminate_backend before a rename): read again on new ones.
    if (!connectionLost(error)) throw error;
    const fresh = await reopenReaders(client);
    if (!fresh) throw error;
    return read(new Lanes(fresh));
  }
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

/**
 * Reads a snapshot on the client's reading connections while the client
 * itself goes on applying the setup's files (`readAhead` in src/apply/setup.ts),
 * so that the snapshot before the target has less left to read. Only where
 * there are reading connections. The reads give way to the files: under a
 * short lock timeout (a file's ALTER TABLE waits for a read's lock no longer
 * than that, and a read never holds one long enough for the server's deadlock
 * check to pick a side); a read that fails is dropped and the basis stays as
 * it was. The fingerprint is read first: whatever commits after it shows as
 * changed in the next one, since row versions only grow.
 */
export async function readAhead(client: pg.Client): Promise<CatalogSnapshot | undefined> {
  const readers = await readersReady(client);
  if (!readers) return undefined;
  // One connection: the files being applied keep one core busy, and the machine may have two.
  const reader = readers.slice(0, 1);
  return givingWay(client, reader, () =>
    readSnapshot(client, new Lanes(reader), bases.get(client), { fingerprintFirst: true }),
  );
}

async function readSnapshot(
  client: Client,
  lanes: Lanes,
  previous: Basis | undefined,
  { fingerprintFirst = false } = {},
): Promise<CatalogSnapshot> {
  if (!previous) {
    // Nothing to compare with: the fingerprint is read beside everything else, for the next snapshot.
    const fingerprintRead = lanes.run((c) => rows<FingerprintRow>(c, 'fingerprint.sql')).then(toFingerprint);
    if (fingerprintFirst) await fingerprintRead;
    const [fingerprint, parts, others] = await Promise.all([
      fingerprintRead,
      readRelations(lanes, null),
      readOthers(lanes),
    ]);
    return remember(client, { fingerprint, relations: groupParts([], parts), others });
  }
  const fingerprint = toFingerprint(await lanes.run((c) => rows<FingerprintRow>(c, 'fingerprint.sql')));
  let changes = compareFingerprints(previous.fingerprint, fingerprint);
  const other = kept.get(client);
  if (other && other !== previous) {
    const since = compareFingerprints(other.fingerprint, fingerprint);
    if (readCost(since, fingerprint) < readCost(changes, fingerprint)) [previous, changes] = [other, since];
  }
  let relations: Map<number, RelationParts>;
  let others: OtherFamilies;
  if (!changes || changes.everything) {
    [relations, others] = await Promise.all([
      readRelations(lanes, null).then((p) => groupParts([], p)),
      readOthers(lanes),
    ]);
  } else {
    const reread = new Set(changes.relations);
    // A relation new since the last snapshot has no dependents that were read before it: at 1,000 tables, the
    // snapshot before asked for those of the 250 tables made since the last read ahead, 28 of its 98 ms.
    if (changes.altered.length + changes.functions.length + changes.types.length > 0) {
      const dependents = await lanes.run((c) =>
        rows<{ rel_oid: number }>(c, 'dependents.sql', [changes.altered, changes.functions, changes.types]),
      );
      for (const { rel_oid } of dependents) reread.add(rel_oid);
    }
    const wanted = fingerprint.relations.filter((r) => reread.has(r.oid) && WITH_ENTRIES.has(r.relkind));
    const read = wanted.map((r) => r.oid);
    const [fresh, othersNow] = await Promise.all([
      read.length > 0
        ? readRelations(lanes, read, previous.relations).then((p) => groupParts(read, p))
        : new Map<number, RelationParts>(),
      changes.others ? readOthers(lanes) : previous.others,
    ]);
    relations = new Map();
    for (const { oid } of fingerprint.relations) {
      const parts = fresh.get(oid) ?? previous.relations.get(oid);
      if (parts) relations.set(oid, parts);
    }
    others = othersNow;
  }
  return remember(client, { fingerprint, relations, others });
}

/** About how many queries reading `changes` takes: the relations to read again, the dependents, the rest. */
function readCost(changes: Changes, now: Fingerprint): number {
  if (changes.everything) return Infinity;
  const relations = new Set(changes.relations);
  const read = now.relations.filter((r) => relations.has(r.oid) && WITH_ENTRIES.has(r.relkind)).length;
  const dependents = changes.altered.length + changes.functions.length + changes.types.length > 0 ? 1 : 0;
  return read + dependents + (changes.others ? OTHER_FAMILIES : 0);
}

/** Types, functions, schemas and extensions: read again together. */
const OTHER_FAMILIES = 4;

/** Keeps what was read as the basis of the client's next snapshot, and assembles the snapshot. */
function remember(client: Client, basis: Basis): CatalogSnapshot {
  bases.set(client, basis);
  const { fingerprint, relations, others } = basis;
  const families = assemble(fingerprint.relations, relations);
  const { schemas, functions, enums, types, extensions } = others;
  const { tables, indexes, constraints, policies, triggers, sequences } = families;
  return { schemas, tables, indexes, constraints, policies, functions, triggers, enums, types, sequences, extensions };
}

/**
 * Each relation family, of the given relations (OIDs) or, with null, of all;
 * the costliest queued first. `previous`: what the last snapshot read of them.
 */
async function readRelations(
  lanes: Lanes,
  oids: number[] | null,
  previous?: Map<number, RelationParts>,
): Promise<OwnedFamilies> {
  const owned = <R extends { rel_oid: number }, T>(
    file: string,
    to: (row: Omit<R, 'rel_oid'>) => T,
  ): Promise<[number, T][]> =>
    lanes
      .run((c) => rows<R>(c, file, [oids]))
      .then((list) => list.map(({ rel_oid, ...row }): [number, T] => [rel_oid, to(row)]));
  const [indexes, tables, constraints, sequences, triggers, policies] = await Promise.all([
    readIndexes(lanes, oids, previous && oids?.flatMap((oid) => previous.get(oid)?.indexes ?? [])),
    owned<TableRow & { rel_oid: number }, ReturnType<typeof toTable>>('tables.sql', toTable),
    owned<ConstraintRow & { rel_oid: number }, ReturnType<typeof toConstraint>>('constraints.sql', toConstraint),
    owned<SequenceRow & { rel_oid: number }, ReturnType<typeof toSequence>>('sequences.sql', toSequence),
    owned<TriggerRow & { rel_oid: number }, ReturnType<typeof toTrigger>>('triggers.sql', toTrigger),
    owned<PolicyRow & { rel_oid: number }, ReturnType<typeof toPolicy>>('policies.sql', toPolicy),
  ]);
  return { tables, indexes, constraints, policies, triggers, sequences };
}

async function readOthers(lanes: Lanes): Promise<OtherFamilies> {
  const [types, functions, schemas, extensions] = await Promise.all([
    lanes.run((c) => rows<TypeRow>(c, 'types.sql')),
    lanes.run((c) => rows<FunctionRow>(c, 'functions.sql')),
    lanes.run((c) => rows<{ name: string }>(c, 'schemas.sql')),
    lanes.run((c) => rows<Extension>(c, 'extensions.sql')),
  ]);
  return {
    schemas: schemas.map((row) => row.name),
    functions: functions.map(toFunction),
    ...splitTypes(types),
    extensions,
  };
}
