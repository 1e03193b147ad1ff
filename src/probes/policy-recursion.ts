/**
 * Policies that read their own table again. A policy on `members` that asks
 * `org_id IN (SELECT org_id FROM members WHERE user_id = auth.uid())` makes
 * PostgreSQL apply the same policy to that subquery, and so on: every query
 * on `members` — and on every table whose policies read `members` — fails
 * with "infinite recursion detected in policy". The migration applies; the
 * application's first query fails.
 *
 * PostgreSQL finds the loop when it rewrites a query, before it plans or
 * checks a privilege: each command the policies cover is EXPLAINed (never
 * run) as each role they name, in one round trip per role that is rolled back.
 */
import type pg from 'pg';
import type { Policy, Table } from '../catalog/model.js';
import { show } from '../migrations/names.js';
import { isDatabaseError } from '../apply/send.js';
import { covers, record, type Command, type ProbeOutcome } from './model.js';
import { policyPosition, probeFinding, relationPosition } from './place.js';
import type { ProbeScope } from './scope.js';
import { id, relation, trialStatements, type TrialStatement } from './session.js';

/** Who a policy for PUBLIC applies to: made in the trial's savepoint, rolled back with it. */
const ANYONE = 'migration_gate_policy_probe';

interface Query {
  table: Table;
  command: Command;
  statement: TrialStatement;
}

export async function probePolicyRecursion(client: pg.Client, scope: ProbeScope, outcome: ProbeOutcome): Promise<void> {
  const { ctx } = scope;
  const byRole = new Map<string, Query[]>();
  for (const table of scope.tables.filter((t) => t.rlsEnabled)) {
    const policies = ctx.after.policies.filter((p) => p.schema === table.schema && p.table === table.name);
    for (const command of ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const) {
      const applying = policies.filter((p) => covers(p, command));
      for (const role of new Set(applying.flatMap((p) => p.roles.filter((r) => !p.exemptRoles.includes(r))))) {
        const as = role === 'public' ? ANYONE : role;
        const queries = byRole.get(as) ?? [];
        queries.push({ table, command, statement: { text: explained(client, table, command) } });
        byRole.set(as, queries);
      }
    }
  }
  if (byRole.size === 0) return;
  const loops = new Map<string, { failing: Set<string>; roles: Set<string>; message: string }>();
  for (const [role, queries] of byRole) {
    const looped = await looping(client, role, queries);
    if (typeof looped === 'string') {
      record(outcome, 'rls', 'policy-recursion', role, 'info', `not checked as ${role}: ${looped}`);
      continue;
    }
    for (const { query, message } of looped) {
      const relationName = /relation "([^"]+)"/.exec(message)?.[1] ?? show(query.table);
      const loop = loops.get(relationName) ?? { failing: new Set(), roles: new Set(), message };
      loop.failing.add(`${query.command} on ${show(query.table)}`);
      loop.roles.add(role === ANYONE ? 'any role' : role);
      loops.set(relationName, loop);
    }
  }
  for (const [relationName, loop] of loops) {
    const culprit = selfReading(scope, relationName);
    const by = culprit
      ? `policy "${culprit.name}" on ${relationName} reads ${relationName} again`
      : `the policies of ${relationName} read it again`;
    const message = `${by}: ${[...loop.failing].join(', ')} as ${[...loop.roles].join(', ')} fail with "${loop.message}"`;
    const table = scope.ctx.after.tables.find((t) => t.name === relationName);
    const position = (culprit && policyPosition(ctx, culprit)) ?? (table && relationPosition(ctx, table));
    outcome.findings.push(probeFinding(ctx, 'rls', 'error', 'policy-recursion', message, relationName, position));
    record(outcome, 'rls', 'policy-recursion', relationName, 'fail', message);
  }
}

const LOOPS = 'migration_gate.policy_loops';

/**
 * The queries that looped, as `role`: all of them in one DO block, each in a
 * subtransaction whose error is caught, so that a refusal that is not a loop
 * (a privilege the role lacks, checked after the rewrite) stops nothing. The
 * block hands the loops back through a setting of the savepoint, undone with
 * it. The server's refusal, when the gate cannot act as the role.
 */
async function looping(
  client: pg.Client,
  role: string,
  queries: Query[],
): Promise<{ query: Query; message: string }[] | string> {
  const texts = queries.map((q) => client.escapeLiteral(q.statement.text)).join(', ');
  const block = `DO $migration_gate$
DECLARE q text; loops text[] := '{}';
BEGIN
  FOREACH q IN ARRAY ARRAY[${texts}]::text[] LOOP
    BEGIN
      EXECUTE q;
    EXCEPTION
      -- 42P17 is invalid_object_definition, which the rewriter raises for a loop in the policies.
      WHEN invalid_object_definition THEN
        IF SQLERRM LIKE 'infinite recursion detected%' THEN loops := loops || (q || chr(10) || SQLERRM); END IF;
      WHEN OTHERS THEN NULL;
    END;
  END LOOP;
  PERFORM set_config('${LOOPS}', array_to_string(loops, chr(31)), true);
END
$migration_gate$`;
  const result = await trialStatements<{ loops: string | null }>(
    client,
    [{ text: `SELECT current_setting('${LOOPS}', true) AS loops` }],
    // The role for PUBLIC is made in the same savepoint: undone with it.
    [...(role === ANYONE ? [`CREATE ROLE ${ANYONE} NOLOGIN`] : []), `SET LOCAL ROLE ${id(client, role)}`, block],
  );
  // The gate may not act as the role (a database URL whose user is not a member of it): said, not guessed.
  if (isDatabaseError(result)) return result.message;
  const found = result[0]?.rows[0]?.loops;
  if (!found) return [];
  return found.split('\u001f').flatMap((entry) => {
    const at = entry.indexOf('\n');
    const query = queries.find((q) => q.statement.text === entry.slice(0, at));
    return query ? [{ query, message: entry.slice(at + 1) }] : [];
  });
}

/** EXPLAIN of the command on the table: rewritten with the policies, planned, never run. */
function explained(client: pg.Client, table: Table, command: Command): string {
  const name = relation(client, table);
  // A column an UPDATE may set: an identity ALWAYS or generated one is refused before the policies are applied.
  const plain = table.columns.find((c) => c.identity === null && c.generated === null);
  const column = plain ? id(client, plain.name) : undefined;
  switch (command) {
    case 'SELECT':
      return `EXPLAIN (COSTS OFF) SELECT FROM ${name}`;
    case 'INSERT':
      return `EXPLAIN (COSTS OFF) INSERT INTO ${name} DEFAULT VALUES`;
    case 'UPDATE':
      return column
        ? `EXPLAIN (COSTS OFF) UPDATE ${name} SET ${column} = ${column}`
        : `EXPLAIN (COSTS OFF) SELECT FROM ${name}`;
    case 'DELETE':
      return `EXPLAIN (COSTS OFF) DELETE FROM ${name}`;
  }
}

/** The policy of the looping table whose expression names that table: the one to change. */
function selfReading(scope: ProbeScope, looping: string): Policy | undefined {
  const named = new RegExp(`(^|[^\\w$"])"?${looping.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?($|[^\\w$"])`);
  return scope.ctx.after.policies.find(
    (p) => p.table === looping && (named.test(p.using ?? '') || named.test(p.withCheck ?? '')),
  );
}
