/**
 * What changed between two catalog snapshots, object by object. Used to check
 * that a rollback restores the schema and to list what a migration did.
 */
import { DIFFERENCE_KINDS, type DifferenceKind, type Entry, entryKey, snapshotEntries } from './entries.js';
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
  const old = keyedEntries(before);
  const now = keyedEntries(after);
  const differences: SchemaDifference[] = [];
  for (const [key, entry] of now) {
    const previous = old.get(key);
    if (previous === undefined) {
      if (!coveredBy(entry, old)) differences.push(appeared('added', entry));
      continue;
    }
    // Made of the same object: a relation the later snapshot did not read again.
    if (previous === entry) continue;
    const changed = changes(previous, entry);
    if (changed !== undefined)
      differences.push({ change: 'changed', kind: entry.kind, object: entry.object, ...changed });
  }
  for (const [key, entry] of old) {
    if (!now.has(key) && !coveredBy(entry, now)) differences.push(appeared('removed', entry));
  }
  return differences.sort(compareDifferences);
}

const keyed = new WeakMap<CatalogSnapshot, Map<string, Entry>>();

/**
 * A snapshot's entries by key, made once per snapshot: the one before the
 * target is compared with the one after its down, and can be made while the
 * server works (see `prepareDiff`).
 */
function keyedEntries(snapshot: CatalogSnapshot): Map<string, Entry> {
  let entries = keyed.get(snapshot);
  if (!entries) {
    entries = new Map(snapshotEntries(snapshot).map((entry) => [entryKey(entry.kind, entry.object), entry]));
    keyed.set(snapshot, entries);
  }
  return entries;
}

/** Makes what a later diff with `snapshot` needs now (while the server works, say). */
export function prepareDiff(snapshot: CatalogSnapshot): void {
  keyedEntries(snapshot);
}

/** The entry belongs to a table missing on the other side: that table's difference says it all. */
function coveredBy(entry: Entry, otherSide: Map<string, Entry>): boolean {
  return entry.partOf !== undefined && !otherSide.has(entry.partOf);
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
