/**
 * A table or view dropped and made again under its name loses its grants:
 * `DROP VIEW active_users; CREATE VIEW active_users AS …` (a column changed,
 * which CREATE OR REPLACE refuses), or the expand step of a rename
 * (`ALTER TABLE teams RENAME TO workspaces; CREATE VIEW teams AS …`). The
 * application's role had SELECT on the old one; its queries now fail with
 * "permission denied". Where default privileges grant again (Supabase's
 * `public`), the catalog after the migration says so and nothing is said.
 */
import type { Table } from '../../catalog/model.js';
import type { ObjectName, Statement } from '../../migrations/model.js';
import type { Finding } from '../../types.js';
import { finding, sameRelation, type SafetyContext } from './context.js';

export function lostPrivilegeFindings(context: SafetyContext): Finding[] {
  const { after, before } = context;
  if (!after) return [];
  const found: Finding[] = [];
  for (const old of before.tables) {
    if (old.grantees.length === 0) continue;
    const now = after.tables.find((t) => t.schema === old.schema && t.name === old.name);
    if (!now) continue;
    const lost = old.grantees.filter((role) => !now.grantees.includes(role));
    const relation = `${old.schema}.${old.name}`;
    // A REVOKE on it in the migration takes them on purpose.
    if (lost.length === 0 || context.ran.some((s) => revokes(s, old))) continue;
    const statement = madeAgain(context.ran, relation);
    if (!statement) continue;
    const roles = lost.join(', ');
    found.push(
      finding(context, 'privileges-lost', statement, statement.start, {
        message: `${kindOf(now)} ${shown(old)} was made again without its grants: ${roles} could read or write ${kindOf(old) === kindOf(now) ? 'it' : `the ${kindOf(old)} of that name`} before and ${lost.length > 1 ? 'have' : 'has'} no privilege on it now: ${lost.length > 1 ? 'their' : 'its'} queries fail with "permission denied"`,
        object: relation,
      }),
    );
  }
  return found;
}

/** The statement that created the relation under its old name again (else the one that dropped or renamed it). */
function madeAgain(statements: Statement[], relation: string): Statement | undefined {
  const named = (o: ObjectName) => (o.kind === 'table' || o.kind === 'view') && sameRelation(relation, o);
  return (
    statements.find((s) => s.creates.some(named)) ??
    statements.find(
      (s) =>
        s.drops.some(named) ||
        (s.changes ?? []).some((c) => c.kind === 'rename-table' && sameRelation(relation, c.table)),
    )
  );
}

function revokes(statement: Statement, table: Table): boolean {
  return statement.kind === 'GrantStmt' && /^\s*REVOKE\b/i.test(statement.sql) && statement.sql.includes(table.name);
}

function kindOf(table: Table): string {
  return table.kind === 'view' ? 'view' : table.kind === 'matview' ? 'materialized view' : 'table';
}

function shown(table: Table): string {
  return table.schema === 'public' ? table.name : `${table.schema}.${table.name}`;
}
