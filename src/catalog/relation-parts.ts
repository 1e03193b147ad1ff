/**
 * A snapshot's relation families grouped by the relation they belong to, so
 * a later snapshot can read a few relations again and keep the others' entries.
 */
import type { RelationVersion } from './fingerprint.js';
import type { CatalogSnapshot, Constraint, Index, Policy, Sequence, Table, Trigger } from './model.js';

/** What one relation contributes to a snapshot: itself (a table or a sequence) and what hangs off it. */
export interface RelationParts {
  table?: Table;
  sequence?: Sequence;
  indexes: Index[];
  constraints: Constraint[];
  policies: Policy[];
  triggers: Trigger[];
}

export type RelationFamilies = Pick<
  CatalogSnapshot,
  'tables' | 'indexes' | 'constraints' | 'policies' | 'triggers' | 'sequences'
>;

/** Each family's entries in their query's order, with the OID of the relation each belongs to. */
export interface OwnedFamilies {
  tables: [number, Table][];
  sequences: [number, Sequence][];
  indexes: [number, Index][];
  constraints: [number, Constraint][];
  policies: [number, Policy][];
  triggers: [number, Trigger][];
}

const empty = (): RelationParts => ({ indexes: [], constraints: [], policies: [], triggers: [] });

/** Groups what was read by relation; every OID in `read` gets parts, if only empty ones (it lost them all). */
export function groupParts(read: Iterable<number>, families: OwnedFamilies): Map<number, RelationParts> {
  const parts = new Map<number, RelationParts>();
  for (const oid of read) parts.set(oid, empty());
  const of = (oid: number): RelationParts => {
    let found = parts.get(oid);
    if (!found) parts.set(oid, (found = empty()));
    return found;
  };
  for (const [oid, table] of families.tables) of(oid).table = table;
  for (const [oid, sequence] of families.sequences) of(oid).sequence = sequence;
  for (const [oid, index] of families.indexes) of(oid).indexes.push(index);
  for (const [oid, constraint] of families.constraints) of(oid).constraints.push(constraint);
  for (const [oid, policy] of families.policies) of(oid).policies.push(policy);
  for (const [oid, trigger] of families.triggers) of(oid).triggers.push(trigger);
  return parts;
}

/**
 * The relation families in snapshot order. Every family is sorted by schema,
 * then relation name, then its own name, and the relations come in (schema,
 * name) order as PostgreSQL sorts them: concatenating each relation's parts
 * in that order reproduces the order a full read returns.
 */
export function assemble(order: RelationVersion[], parts: Map<number, RelationParts>): RelationFamilies {
  const families: RelationFamilies = {
    tables: [],
    indexes: [],
    constraints: [],
    policies: [],
    triggers: [],
    sequences: [],
  };
  for (const { oid } of order) {
    const part = parts.get(oid);
    if (!part) continue;
    if (part.table) families.tables.push(part.table);
    if (part.sequence) families.sequences.push(part.sequence);
    families.indexes.push(...part.indexes);
    families.constraints.push(...part.constraints);
    families.policies.push(...part.policies);
    families.triggers.push(...part.triggers);
  }
  return families;
}
