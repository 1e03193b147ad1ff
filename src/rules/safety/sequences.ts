/**
 * A serial column widened to bigint keeps its sequence: `serial` made it
 * `AS integer`, and ALTER COLUMN … TYPE bigint changes the column only (an
 * identity column's sequence follows it; a serial's does not). The migration
 * written to get past 2,147,483,647 ids stops there all the same, with
 * "nextval: reached maximum value of sequence".
 */
import type { Sequence } from '../../catalog/model.js';
import type { Finding } from '../../types.js';
import { finding, sameRelation, type SafetyContext } from './context.js';

/** The largest value of each integer type a column may widen to. */
const TYPE_MAX: Record<string, bigint> = {
  smallint: 32_767n,
  integer: 2_147_483_647n,
  bigint: 9_223_372_036_854_775_807n,
};

export function narrowSequenceFindings(context: SafetyContext): Finding[] {
  const { after } = context;
  if (!after) return [];
  const found: Finding[] = [];
  for (const statement of context.ran) {
    for (const change of statement.changes ?? []) {
      if (change.kind !== 'alter-column-type') continue;
      const sequence = after.sequences.find(
        (s) =>
          s.ownedBy !== null &&
          s.ownedBy.column === change.column &&
          sameRelation(`${s.ownedBy.schema}.${s.ownedBy.table}`, change.table),
      );
      const table =
        sequence &&
        after.tables.find((t) => t.schema === sequence.ownedBy!.schema && t.name === sequence.ownedBy!.table);
      const type = table?.columns.find((c) => c.name === change.column)?.type;
      const columnMax = type === undefined ? undefined : TYPE_MAX[type];
      if (!sequence || columnMax === undefined || BigInt(sequence.maxValue) >= columnMax) continue;
      found.push(
        finding(context, 'sequence-narrower-than-column', statement, change.position, {
          message: `${change.table.name}.${change.column} is now ${type}, but its sequence ${shown(sequence)} is still AS ${sequence.dataType}: new values stop at ${Number(sequence.maxValue).toLocaleString('en-US')}`,
          object: `${sequence.schema}.${sequence.name}`,
        }),
      );
    }
  }
  return found;
}

function shown(sequence: Sequence): string {
  return sequence.schema === 'public' ? sequence.name : `${sequence.schema}.${sequence.name}`;
}
