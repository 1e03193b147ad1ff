import type pg from 'pg';
import { gateSql } from '../sql-files.js';
import type { Finding } from '../types.js';

/** The value each sequence's next nextval() returns, by `schema.name`. */
export type SequencePositions = Map<string, bigint>;

export async function sequencePositions(client: pg.Client): Promise<SequencePositions> {
  const { rows: sequences } = await client.query<{ schema: string; name: string; increment: string }>(
    gateSql('sequence-positions.sql'),
  );
  if (sequences.length === 0) return new Map();
  // A sequence's own row holds last_value and is_called (pg_sequences hides last_value until the first nextval).
  const reads = sequences.map(
    (s, i) =>
      `SELECT ${i} AS i, last_value::text, is_called FROM ${client.escapeIdentifier(s.schema)}.${client.escapeIdentifier(s.name)}`,
  );
  const { rows } = await client.query<{ i: number; last_value: string; is_called: boolean }>(
    reads.join('\nUNION ALL\n'),
  );
  return new Map(
    rows.map((row) => {
      const s = sequences[row.i]!;
      return [`${s.schema}.${s.name}`, BigInt(row.last_value) + (row.is_called ? BigInt(s.increment) : 0n)];
    }),
  );
}

/**
 * The run itself is rolled back, but sequences are not: ids the migration or
 * fixtures drew stay drawn (a harmless gap), and a sequence set back would
 * hand out ids already used. The user was told "nothing changes", so each
 * move is said, with both values.
 */
export function movedSequences(before: SequencePositions, after: SequencePositions): Finding[] {
  const findings: Finding[] = [];
  for (const [name, next] of after) {
    const previous = before.get(name);
    if (previous === undefined || previous === next) continue;
    const back = next < previous;
    findings.push({
      severity: back ? 'error' : 'info',
      rule: back ? 'sequence-rewound' : 'sequence-advanced',
      message: back
        ? `sequence ${name} was set back: its next value went from ${previous} to ${next}, and a rollback does not undo that — the next INSERT may reuse an id`
        : `sequence ${name} advanced: its next value went from ${previous} to ${next} (nextval() is not rolled back: a gap in its values, nothing else changed)`,
      object: name,
      task: 'readiness',
    });
  }
  return findings;
}
