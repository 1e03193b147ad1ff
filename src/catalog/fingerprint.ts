/**
 * Row versions of the catalog entries a snapshot reads (sql/catalog/fingerprint.sql),
 * and what differs between two of them: what a later snapshot must read again.
 */

/** A relation's OID with its relkind and the version of the rows that describe it. */
export interface RelationVersion {
  oid: number;
  relkind: string;
  /** Schema-qualified, quoted where needed. */
  qualified: string;
  version: string;
}

export interface Fingerprint {
  /** In (schema, name) order: the order every relation family of a snapshot is sorted in. */
  relations: RelationVersion[];
  /** Functions, types, schemas, extensions, languages and roles, by `kind:oid`. */
  others: Map<string, string>;
}

export interface FingerprintRow {
  kind: string;
  oid: number;
  relkind: string | null;
  qualified: string | null;
  version: string;
  /** This transaction wrote a row of it: its commands share an xmin, so it may have changed whatever the version. */
  current: boolean | null;
}

/** A version no other reading has: the object counts as changed every time. */
const CURRENT = 'written by this transaction';

export function toFingerprint(rows: FingerprintRow[]): Fingerprint {
  const relations: RelationVersion[] = [];
  const others = new Map<string, string>();
  for (const { kind, oid, relkind, qualified, version: read, current } of rows) {
    const version = current ? CURRENT : read;
    if (kind === 'r') relations.push({ oid, relkind: relkind ?? '', qualified: qualified ?? '', version });
    else others.set(`${kind}:${oid}`, version);
  }
  return { relations, others };
}

export interface Changes {
  /** A schema or a role changed: names and grants anywhere may print otherwise, read it all again. */
  everything: boolean;
  /** Schemas, functions, types or extensions must be read again. */
  others: boolean;
  /** Relations added or changed. */
  relations: number[];
  /**
   * Of those, the ones the last fingerprint had: only they can be referred to
   * by an entry read before (every reference to a relation made since is a
   * row of the referring relation, which then changed too).
   */
  altered: number[];
  /** Functions added or changed, and types changed: relations that refer to them are read again too. */
  functions: number[];
  types: number[];
}

/** Changes that invalidate whatever the snapshot referred to: the owner of a name everything prints. */
const EVERYWHERE = new Set(['n', 'a']);
/** A composite type is a relation (relkind c) that the types family reads. */
const COMPOSITE = 'c';

export function compareFingerprints(previous: Fingerprint, now: Fingerprint): Changes {
  const changes: Changes = { everything: false, others: false, relations: [], altered: [], functions: [], types: [] };
  for (const [key, version] of previous.others) {
    if (version !== CURRENT && now.others.get(key) === version) continue;
    const [kind, oid] = key.split(':') as [string, string];
    changes.others = true;
    if (EVERYWHERE.has(kind)) changes.everything = true;
    else if (kind === 'p') changes.functions.push(Number(oid));
    else if (kind === 't') changes.types.push(Number(oid));
  }
  for (const key of now.others.keys()) {
    if (previous.others.has(key)) continue;
    changes.others = true;
    // A role or a schema that is new is in nothing read before; a new overload can change how a call prints.
    if (key.startsWith('p:')) changes.functions.push(Number(key.slice(2)));
  }
  const before = new Map(previous.relations.map((r) => [r.oid, r]));
  for (const relation of now.relations) {
    const old = before.get(relation.oid);
    before.delete(relation.oid);
    if (relation.version !== CURRENT && old?.version === relation.version && old.relkind === relation.relkind) continue;
    changes.relations.push(relation.oid);
    if (old) changes.altered.push(relation.oid);
    // Renamed or moved, its row type prints otherwise in a function's arguments or a composite type.
    if (relation.relkind === COMPOSITE || old?.relkind === COMPOSITE || (old && old.qualified !== relation.qualified))
      changes.others = true;
  }
  // What is left was dropped: its entries go with it, its composite type with the types.
  for (const dropped of before.values()) if (dropped.relkind === COMPOSITE) changes.others = true;
  return changes;
}
