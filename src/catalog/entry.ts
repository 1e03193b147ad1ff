/**
 * The comparable form of a catalog object: a kind, a schema-qualified display
 * name and labelled text properties. Nothing here is an OID.
 */
export const DIFFERENCE_KINDS = [
  'schema',
  'table',
  'column',
  'index',
  'constraint',
  'policy',
  'function',
  'trigger',
  'enum',
  'type',
  'sequence',
  'extension',
  'rls',
] as const;
export type DifferenceKind = (typeof DIFFERENCE_KINDS)[number];

export interface Field {
  /** Empty when the values say it all ("NOT NULL → nullable"). */
  label: string;
  value: string;
  /** Too long to print (bodies, view queries): a change is reported as "<label> changed". */
  opaque?: boolean;
}

export interface Entry {
  kind: DifferenceKind;
  object: string;
  /** Same labels in the same order for every entry of a kind, so they compare pairwise. */
  fields: Field[];
  /** Key of the table this entry is part of: its creation or removal covers this entry. */
  partOf?: string;
  /** A table's column names in order, to notice reordering. */
  columnOrder?: string[];
  /** What to call the object when it is added or removed ("view", "partitioned table"). */
  noun?: string;
}

export function entryKey(kind: DifferenceKind, object: string): string {
  return `${kind}\u0000${object}`;
}

const NONE = 'none';
export const list = (values: readonly string[]): string => `[${values.join(', ')}]`;
export const qualified = (schema: string, name: string): string => `${schema}.${name}`;
export const field = (label: string, value: string | null, opaque = false): Field =>
  opaque ? { label, value: value ?? NONE, opaque } : { label, value: value ?? NONE };
