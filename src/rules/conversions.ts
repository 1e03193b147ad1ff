import { columnKey } from '../observe/converted-values.js';
import { show } from '../migrations/names.js';
import type { Finding } from '../types.js';
import { split, type DataEvidence } from './data-loss.js';
import { rowsGone } from './row-change.js';

/**
 * `type-change-alters-values`: a column converted by its type's own
 * conversion (no USING) whose values, read back as the old type, are not
 * what they were: it rounded or cut them, as numeric → integer does.
 */
export function conversionFindings(evidence: DataEvidence): Finding[] {
  const conversions = evidence.here.conversions;
  if (!conversions?.after) return [];
  return conversions.retyped.flatMap((r): Finding[] => {
    const before = conversions.before.get(columnKey(r));
    const after = conversions.after?.get(columnKey(r));
    const table = `${r.schema}.${r.table}`;
    if (!before || !after || evidence.generated?.has(table)) return [];
    // Rows the migration deleted are not values it changed.
    const changed = rowsGone(before, after) - Math.max(0, before.length - after.length);
    if (changed <= 0) return [];
    return [
      {
        file: evidence.target.file,
        line: r.position.line,
        column: r.position.column,
        task: 'readiness',
        severity: 'warning',
        rule: 'type-change-alters-values',
        message: `converting ${show(split(table))}.${r.column} from ${r.type} changed ${changed} of its ${before.length} values: read back as ${r.type}, they are not what they were (rounded or cut)`,
        object: `${show(split(table))}.${r.column}`,
        impact:
          'The old values are gone in production as soon as the migration commits; its down cannot bring them back',
        hint: 'Say how each value converts with USING (round(), a scale that keeps the digits), or keep a type that holds them',
      },
    ];
  });
}
