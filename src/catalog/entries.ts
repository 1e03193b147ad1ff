/**
 * A snapshot flattened into comparable entries, one per object, keyed by kind
 * and a schema-qualified display name. Nothing here depends on OIDs or on
 * catalog row order.
 */
import { type Entry, entryKey, field, list, qualified } from './entry.js';
import type { CatalogSnapshot, DbFunction, OtherType, Sequence } from './model.js';
import { constraintEntry, indexEntry, policyEntry, tableEntries, triggerEntry } from './relation-entries.js';

export { DIFFERENCE_KINDS, type DifferenceKind, type Entry, entryKey, qualified } from './entry.js';

/** Every object of a snapshot that has entries, family by family. */
export function snapshotObjects(snapshot: CatalogSnapshot): object[] {
  const { tables, indexes, constraints, policies, functions, triggers, enums, types, sequences, extensions } = snapshot;
  return [tables, indexes, constraints, policies, functions, triggers, enums, types, sequences, extensions].flat();
}

const TYPE_NOUNS: Record<OtherType['kind'], string> = {
  domain: 'domain',
  composite: 'composite type',
  range: 'range type',
  base: 'base type',
};

const FUNCTION_NOUNS: Record<DbFunction['kind'], string> = {
  f: 'function',
  p: 'procedure',
  a: 'aggregate',
  w: 'window function',
};

function functionEntry(fn: DbFunction): Entry {
  return {
    kind: 'function',
    object: `${qualified(fn.schema, fn.name)}(${fn.identityArgs})`,
    noun: FUNCTION_NOUNS[fn.kind],
    fields: [
      field('kind', FUNCTION_NOUNS[fn.kind]),
      field('returns', fn.resultType),
      field('language', fn.language),
      field('', fn.securityDefiner ? 'SECURITY DEFINER' : 'SECURITY INVOKER'),
      field('config', list(fn.config)),
      field('', fn.volatility),
      field('', fn.strict ? 'STRICT' : 'CALLED ON NULL INPUT'),
      field('body', fn.source, true),
    ],
  };
}

function sequenceEntry(sequence: Sequence): Entry {
  const owner = sequence.ownedBy;
  const ownerTable = owner ? qualified(owner.schema, owner.table) : null;
  return {
    kind: 'sequence',
    object: qualified(sequence.schema, sequence.name),
    // A serial or identity sequence comes and goes with its table.
    ...(ownerTable !== null ? { partOf: entryKey('table', ownerTable) } : {}),
    fields: [
      field('type', sequence.dataType),
      field('start', sequence.start),
      field('increment', sequence.increment),
      field('min', sequence.minValue),
      field('max', sequence.maxValue),
      field('', sequence.cycle ? 'CYCLE' : 'NO CYCLE'),
      field('owned by', owner ? `${ownerTable}.${owner.column}` : null),
    ],
  };
}

/** Entries already made, by the object they were made of: an object compared twice is flattened once. */
const made = new WeakMap<object, Entry[]>();

function madeOnce<T extends object>(items: T[], make: (item: T) => Entry | Entry[]): Entry[] {
  return items.flatMap((item) => {
    let entries = made.get(item);
    if (!entries) {
      const result = make(item);
      made.set(item, (entries = Array.isArray(result) ? result : [result]));
    }
    return entries;
  });
}

/**
 * Every comparable entry of a snapshot, but those of the objects in `skip`.
 * Objects PostgreSQL derived for partitions (inherited indexes, cloned
 * constraints and triggers) are left out: they follow the parent's, which is
 * compared instead.
 */
export function snapshotEntries(snapshot: CatalogSnapshot, skip: ReadonlySet<object> = new Set()): Entry[] {
  const own = <T extends { inherited: boolean }>(items: T[]): T[] => items.filter((item) => !item.inherited);
  const entriesOf = <T extends object>(items: T[], make: (item: T) => Entry | Entry[]): Entry[] =>
    madeOnce(
      items.filter((item) => !skip.has(item)),
      make,
    );
  return [
    ...snapshot.schemas.map((name): Entry => ({ kind: 'schema', object: name, fields: [] })),
    ...entriesOf(snapshot.tables, tableEntries),
    ...entriesOf(own(snapshot.indexes), indexEntry),
    ...entriesOf(own(snapshot.constraints), constraintEntry),
    ...entriesOf(snapshot.policies, policyEntry),
    ...entriesOf(snapshot.functions, functionEntry),
    ...entriesOf(own(snapshot.triggers), triggerEntry),
    ...entriesOf(snapshot.enums, (type): Entry => ({
      kind: 'enum',
      object: qualified(type.schema, type.name),
      fields: [field('values', list(type.values))],
    })),
    ...entriesOf(snapshot.types, (type): Entry => ({
      kind: 'type',
      object: qualified(type.schema, type.name),
      noun: TYPE_NOUNS[type.kind],
      fields: [field('kind', type.kind), field('definition', type.definition)],
    })),
    ...entriesOf(snapshot.sequences, sequenceEntry),
    ...entriesOf(snapshot.extensions, (extension): Entry => ({
      kind: 'extension',
      object: extension.name,
      fields: [field('version', extension.version), field('schema', extension.schema)],
    })),
  ];
}
