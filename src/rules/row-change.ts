/**
 * How a table's rows changed between two readings: counted and hashed (a
 * database the gate may change), or worked out from the planner's estimate
 * and the transaction's row counters (one it must not change).
 */
import type { TableCount } from '../observe/table-data.js';

/** A table's rows before and after, read exactly or worked out from estimates and counters. */
export interface RowChange {
  before: number;
  after: number;
  approximate: boolean;
  /** Rows still there whose values changed. */
  changed: number;
}

/** Undefined where the readings say nothing (a table not read, or over the cap both times). */
export function rowChange(before: TableCount, after: TableCount, exact: boolean): RowChange | undefined {
  if (exact) {
    if (before.rows === undefined || after.rows === undefined || (before.capped && after.capped)) return undefined;
    const was = before.capped ? Math.max(before.estimate ?? 0, before.rows) : before.rows;
    const gone = comparable(before, after) ? rowsGone(before.hashes!, after.hashes!) : 0;
    const changed = Math.max(0, gone - Math.max(0, was - after.rows));
    return { before: was, after: after.rows, approximate: !!before.capped || !!after.capped, changed };
  }
  const delta = (k: keyof TableCount['counters']): number => after.counters[k] - before.counters[k];
  // A new file without deletes: TRUNCATE (the counters do not see it) or a rewrite; the count after says which.
  const replaced = after.filenode !== before.filenode && delta('deleted') === 0;
  const projected = before.estimate === undefined ? undefined : before.estimate + delta('inserted') - delta('deleted');
  if (after.rows === undefined || after.capped) {
    if (before.estimate === undefined || projected === undefined) return undefined;
    const rows = Math.max(after.rows ?? 0, projected);
    return { before: before.estimate, after: rows, approximate: true, changed: delta('updated') };
  }
  const was = replaced ? (before.estimate ?? after.rows) : after.rows - delta('inserted') + delta('deleted');
  return { before: was, after: after.rows, approximate: replaced, changed: delta('updated') };
}

/** Both readings hashed the same columns: their hashes can be compared. */
export function comparable(a: TableCount, b: TableCount): boolean {
  return a.hashes !== undefined && b.hashes !== undefined && a.columns.join('\0') === b.columns.join('\0');
}

/** Rows of `before` that `after` no longer holds (a multiset difference of the hashes). */
export function rowsGone(before: string[], after: string[]): number {
  const left = new Map<string, number>();
  for (const h of after) left.set(h, (left.get(h) ?? 0) + 1);
  let gone = 0;
  for (const h of before) {
    const n = left.get(h) ?? 0;
    if (n === 0) gone += 1;
    else left.set(h, n - 1);
  }
  return gone;
}
