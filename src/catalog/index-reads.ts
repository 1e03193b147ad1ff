/**
 * The indexes of a snapshot. An index whose catalog rows are the versions a
 * previous snapshot read keeps that snapshot's definition: on a wide table,
 * pg_get_indexdef is the dearest thing a snapshot reads.
 */
import { rows } from './query.js';
import type { Lanes } from './readers.js';
import type { Index } from './model.js';

type IndexRow = Omit<Index, 'definition'> & {
  rel_oid: number;
  index_oid: number;
  definition: string | null;
  version: string | null;
  known: boolean;
};

/**
 * The OID of each index a snapshot read and the version of its rows, for the
 * next snapshot: an index whose rows did not change keeps its definition (on a
 * wide table, the dearest thing a snapshot reads) when everything else read
 * of it is the same, and the very object, which the rollback's comparison skips.
 */
const indexVersions = new WeakMap<Index, { oid: number; version: string }>();

/**
 * Indexes with their definitions. Those of non-unique indexes on tables of
 * more than 32 columns come from a query of their own (sql/catalog/indexes-wide.sql),
 * asked only when there is such an index: planning it costs more than reading
 * a small schema's indexes. `previous`: the indexes the last snapshot read of
 * these relations.
 */
export async function readIndexes(
  lanes: Lanes,
  oids: number[] | null,
  previous: Index[] = [],
): Promise<[number, Index][]> {
  const before = new Map<number, Index>();
  for (const index of previous) {
    const key = indexVersions.get(index);
    if (key) before.set(key.oid, index);
  }
  const read = (known: Index[]): Promise<IndexRow[]> => {
    const keys = known.map((index) => indexVersions.get(index)!);
    const params = [oids, keys.map((k) => k.oid), keys.map((k) => k.version)];
    return lanes.run((c) => rows<IndexRow>(c, 'indexes.sql', params));
  };
  let list = await read([...before.values()]);
  // An unchanged index on a renamed column (or whose expression calls a renamed function) prints
  // otherwise: read again with the definitions of those that differ written afresh.
  const differing = list.filter((row) => row.known && !sameIndex(before.get(row.index_oid)!, row));
  if (differing.length > 0) {
    for (const row of differing) before.delete(row.index_oid);
    list = await read([...before.values()]);
  }
  const unwritten = list.filter((row) => row.definition === null && !row.known).map((row) => row.index_oid);
  const written = new Map<number, string>();
  if (unwritten.length > 0) {
    const wide = await lanes.run((c) =>
      rows<{ index_oid: number; definition: string }>(c, 'indexes-wide.sql', [unwritten]),
    );
    for (const row of wide) written.set(row.index_oid, row.definition);
  }
  return list.map(({ rel_oid, index_oid, version, known, ...row }) => {
    const kept = known ? before.get(index_oid) : undefined;
    if (kept) return [rel_oid, kept];
    const definition = row.definition ?? written.get(index_oid);
    // Both queries read the same committed catalog: a definition missing is a bug, said rather than left empty.
    if (definition === undefined) throw new Error(`index ${row.schema}.${row.name} has no definition`);
    const index: Index = { ...row, definition };
    if (version !== null) indexVersions.set(index, { oid: index_oid, version });
    return [rel_oid, index];
  });
}

/** Whether an index read again is the one read before, its definition aside (not read again). */
function sameIndex(before: Index, now: IndexRow): boolean {
  return (Object.keys(before) as (keyof Index)[]).every(
    (key) =>
      key === 'definition' ||
      (Array.isArray(before[key])
        ? JSON.stringify(before[key]) === JSON.stringify(now[key])
        : before[key] === now[key]),
  );
}
