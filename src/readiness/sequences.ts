import type pg from 'pg';
import { gateSql } from '../sql-files.js';
import type { Finding } from '../types.js';

export type SequencePositions = Map<string, string | null>;

export async function sequencePositions(client: pg.Client): Promise<SequencePositions> {
  const { rows } = await client.query<{ schema: string; name: string; last_value: string | null }>(
    gateSql('sequence-positions.sql'),
  );
  return new Map(rows.map((row) => [`${row.schema}.${row.name}`, row.last_value]));
}

/**
 * The run itself is rolled back, but sequences do not roll back: ids the
 * migration or fixtures drew stay drawn. Harmless gaps, but the user was told
 * "nothing changes", so each one is said.
 */
export function advancedSequences(before: SequencePositions, after: SequencePositions): Finding[] {
  const findings: Finding[] = [];
  for (const [name, value] of after) {
    const previous = before.get(name);
    if (!before.has(name) || previous === value) continue;
    findings.push({
      severity: 'info',
      rule: 'sequence-advanced',
      message: `sequence ${name} advanced from ${previous ?? '(unused)'} to ${value}: nextval() cannot be rolled back, so the run left a gap in its values (nothing else changed)`,
      object: name,
      task: 'readiness',
    });
  }
  return findings;
}
