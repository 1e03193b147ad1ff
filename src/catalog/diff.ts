/**
 * What changed between two catalog snapshots, object by object. Used to check
 * that a rollback restores the schema and to list what a migration did.
 */
import {
  DIFFERENCE_KINDS,
  type DifferenceKind,
  type Entry,
  entryKey,
  qualified,
  snapshotEntries,
  snapshotObjects,
} from './entries.js';
import type { CatalogSnapshot } from './model.js';

export { DIFFERENCE_KINDS, type DifferenceKind };

export interface SchemaDifference {
  change: 'added' | 'removed' | 'changed';
  kind: DifferenceKind;
  /**
   * Schema-qualified display name, stable across snapshots:
   * `public.sync_progress` (table, rls, index, enum, type, sequence),
   * `public.sync_progress.status` (column, constraint, policy, trigger),
   * `public.touch(integer, text)` (function), `pgcrypto` (schema, extension).
   */
  object: string;
  /**
   * For `changed`: what differs, e.g. `type integer → bigint`,
   * `values [a, b] → [a, b, c]`, `RLS enabled → disabled` (several joined by "; ").
   * For `added` / `removed`: what the object is when its kind does not say
   * (`view`, `partitioned table`, `procedure`, `domain`).
   */
  detail?: string;
  /** For `changed`: only the table's column order differs (PostgreSQL adds a column last, never in place). */
  orderOnly?: true;
}

/**
 * Differences from `before` to `after`, ordered by kind (DIFFERENCE_KINDS
 * order) then object. A column, a table's RLS setting or an owned sequence is
 * not reported on its own when its whole table was added or removed.
 */
export function diffSnapshots(before: CatalogSnapshot, after: CatalogSnapshot): SchemaDifference[] {
  const kept = keptObjects(before, after);
  const old = keyedEntries(before, kept);
  const now = keyedEntries(after, kept);
  const [tablesBefore, tablesAfter] = [tableKeys(before), tableKeys(after)];
  const differences: SchemaDifference[] = [];
  for (const [key, entry] of now) {
    const previous = old.get(key);
    if (previous === undefined) {
      if (!coveredBy(entry, tablesBefore)) differences.push(appeared('added', entry));
      continue;
    }
    const changed = changes(previous, entry);
    if (changed !== undefined)
      differences.push({ change: 'changed', kind: entry.kind, object: entry.object, ...changed });
  }
  for (const [key, entry] of old) {
    if (!now.has(key) && !coveredBy(entry, tablesAfter)) differences.push(appeared('removed', entry));
  }
  return differences.sort(compareDifferences);
}

/**
 * The objects both snapshots hold: a snapshot read after another keeps the
 * objects of every relation that did not change, and they are equal on both
 * sides. On a large schema that is nearly all of it: they are not flattened.
 */
function keptObjects(before: CatalogSnapshot, after: CatalogSnapshot): Set<object> {
  const earlier = new Set(snapshotObjects(before));
  return new Set(snapshotObjects(after).filter((item) => earlier.has(item)));
}

function keyedEntries(snapshot: CatalogSnapshot, skip: ReadonlySet<object>): Map<string, Entry> {
  return new Map(snapshotEntries(snapshot, skip).map((entry) => [entryKey(entry.kind, entry.object), entry]));
}

/** The entry keys of a snapshot's tables, kept or not: whether an entry's table is there. */
function tableKeys(snapshot: CatalogSnapshot): Set<string> {
  return new Set(snapshot.tables.map((table) => entryKey('table', qualified(table.schema, table.name))));
}

/** The entry belongs to a table missing on the other side: that table's difference says it all. */
function coveredBy(entry: Entry, otherTables: ReadonlySet<string>): boolean {
  return entry.partOf !== undefined && !otherTables.has(entry.partOf);
}

function appeared(change: 'added' | 'removed', entry: Entry): SchemaDifference {
  const difference: SchemaDifference = { change, kind: entry.kind, object: entry.object };
  // The kind already says "table" or "function"; only a more precise noun is worth a detail.
  if (entry.noun !== undefined && entry.noun !== KIND_NOUNS[entry.kind]) difference.detail = entry.noun;
  return difference;
}

/** "label before → after" for every field that differs; undefined when none does. */
function changes(before: Entry, after: Entry): { detail: string; orderOnly?: true } | undefined {
  const parts: string[] = [];
  after.fields.forEach((field, i) => {
    const old = before.fields[i];
    if (old === undefined || old.value === field.value) return;
    const prefix = field.label === '' ? '' : `${field.label} `;
    parts.push(field.opaque ? `${field.label} changed` : `${prefix}${old.value} → ${field.value}`);
  });
  const order = reordering(before.columnOrder, after.columnOrder);
  if (order !== undefined)
    return { detail: [...parts, order].join('; '), ...(parts.length === 0 ? { orderOnly: true } : {}) };
  return parts.length > 0 ? { detail: parts.join('; ') } : undefined;
}

/**
 * Same columns in another order (a column dropped and re-added, say): worth
 * reporting, as `SELECT *` and COPY see it. Added or removed columns are
 * reported as columns instead.
 */
function reordering(before: string[] | undefined, after: string[] | undefined): string | undefined {
  if (before === undefined || after === undefined) return undefined;
  const same = before.length === after.length && before.every((name, i) => name === after[i]);
  const sorted = (names: string[]): string => [...names].sort().join('\u0000');
  if (same || sorted(before) !== sorted(after)) return undefined;
  return `column order [${before.join(', ')}] → [${after.join(', ')}]`;
}

// Plain code-unit comparison: the order must not depend on the machine's locale.
function compareDifferences(a: SchemaDifference, b: SchemaDifference): number {
  const byKind = DIFFERENCE_KINDS.indexOf(a.kind) - DIFFERENCE_KINDS.indexOf(b.kind);
  if (byKind !== 0) return byKind;
  return a.object < b.object ? -1 : a.object > b.object ? 1 : 0;
}

const KIND_NOUNS: Record<DifferenceKind, string> = {
  schema: 'schema',
  table: 'table',
  column: 'column',
  index: 'index',
  constraint: 'constraint',
  policy: 'policy',
  function: 'function',
  trigger: 'trigger',
  // PostgreSQL calls enums types (CREATE TYPE … AS ENUM, DROP TYPE).
  enum: 'type',
  type: 'type',
  sequence: 'sequence',
  extension: 'extension',
  rls: 'table',
};

/**
 * One sentence about a difference. The default wording reads a diff as
 * "after a rollback, compared with before the migration":
 * `type public.sync_status left behind (added)`,
 * `table public.t missing (removed)`, `column public.t.c: type integer → bigint`.
 * With `'migration'` it reads as what a migration did: `type public.sync_status added`.
 */
export function describeDifference(
  difference: SchemaDifference,
  wording: 'rollback' | 'migration' = 'rollback',
): string {
  const noun = KIND_NOUNS[difference.kind];
  if (difference.change === 'changed') {
    return `${noun} ${difference.object}: ${difference.detail ?? 'changed'}`;
  }
  const what = `${difference.detail ?? noun} ${difference.object}`;
  if (wording === 'migration') return `${what} ${difference.change}`;
  return difference.change === 'added' ? `${what} left behind (added)` : `${what} missing (removed)`;
}
