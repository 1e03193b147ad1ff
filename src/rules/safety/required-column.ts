/**
 * ADD COLUMN … NOT NULL with nothing to fill it fails on a table that has a
 * single row: every existing row would hold a NULL. That is PostgreSQL's
 * rule, not a guess. The test run cannot show it when the table was empty
 * there — and since the statement ran, it was. Production's size says
 * whether the migration will fail (an error), or the gate cannot tell (a
 * warning, which does not block).
 */
import { formatRows } from '../../observe/projection.js';
import { shortName } from '../../observe/summary.js';
import type { Statement } from '../../migrations/model.js';
import type { Finding } from '../../types.js';
import { split } from '../data-loss.js';
import { finding, heldRelation, sameRelation, type SafetyContext } from './context.js';

/** Statements that may empty a table before the column is added: it then has no row to refuse. */
const EMPTYING = new Set(['TruncateStmt', 'DeleteStmt']);

export function requiredColumnFindings(context: SafetyContext): Finding[] {
  const ran = new Set(context.ran);
  const found: Finding[] = [];
  for (const traced of context.trace.statements) {
    const { statement } = traced;
    if (traced.unobserved || !ran.has(statement)) continue;
    for (const change of statement.changes ?? []) {
      if (change.kind !== 'add-column' || !change.required) continue;
      // Only a table that existed before holds a lock from before; one the migration created has no rows.
      const relation = heldRelation(traced, change.table);
      if (!relation || emptiedBefore(context, statement, relation)) continue;
      if (ofDomain(context, relation, change.column)) continue;
      const rows = context.trace.rows(relation);
      if (rows?.rows === 0) continue;
      const table = shortName(relation);
      const what = `ADD COLUMN ${change.column} is NOT NULL with nothing to fill it`;
      const message = rows
        ? `${what}: it fails on ${table}, which has ≈ ${formatRows(rows.rows)} rows in production (${rows.from === 'table_sizes' ? 'table_sizes' : 'estimate'}); the test data had none`
        : `${what}: it fails if ${table} has a single row (the test data had none, and its size in production is unknown)`;
      found.push(
        finding(context, 'required-column-without-default', statement, change.position, {
          severity: rows ? 'error' : 'warning',
          message,
          object: `${table}.${change.column}`,
        }),
      );
    }
  }
  return found;
}

function emptiedBefore(context: SafetyContext, statement: Statement, relation: string): boolean {
  return context.ran.some(
    (earlier) =>
      earlier.index < statement.index &&
      EMPTYING.has(earlier.kind) &&
      earlier.references.some((r) => r.object.kind === 'table' && sameRelation(relation, r.object)),
  );
}

/**
 * A domain may carry a DEFAULT that fills the column: the gate cannot tell
 * from the statement, and says nothing rather than block a migration that works.
 */
function ofDomain(context: SafetyContext, relation: string, column: string): boolean {
  const { schema, name } = split(relation);
  const type = context.after?.tables
    .find((t) => t.schema === schema && t.name === name)
    ?.columns.find((c) => c.name === column)?.type;
  if (type === undefined) return false;
  const bare = type
    .replace(/\(.*\)$/, '')
    .split('.')
    .pop()!
    .replaceAll('"', '');
  return (context.after?.types ?? []).some((t) => t.kind === 'domain' && t.name === bare);
}
