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
 * run) as each role they name, in one message per role that is rolled back.
 */
import type pg from 'pg';
import type { Policy, Table } from '../catalog/model.js';
import { show } from '../migrations/names.js';
import { isDatabaseError } from '../apply/send.js';
import { attempt } from '../apply/attempt.js';
import { covers, record, type Command, type ProbeOutcome } from './model.js';
import { policyPosition, probeFinding, relationPosition } from './place.js';
import type { ProbeScope } from './scope.js';
import { id, relation, trialStatements, type TrialStatement } from './session.js';

/** PostgreSQL's infinite_recursion. */
const RECURSION = '42P17';
/** Who a policy for PUBLIC applies to: made in the probes' transaction, rolled back with it. */
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
  if (byRole.has(ANYONE)) {
    const made = await attempt(client, true, () => client.query(`CREATE ROLE ${ANYONE} NOLOGIN`));
    if (isDatabaseError(made)) byRole.delete(ANYONE);
  }
  const loops = new Map<string, { failing: Set<string>; roles: Set<string>; message: string }>();
  for (const [role, queries] of byRole) {
    const prelude = [`SET LOCAL ROLE ${id(client, role)}`];
    const together = await trialStatements(
      client,
      queries.map((q) => q.statement),
      prelude,
    );
    if (!isDatabaseError(together)) continue;
    // Which of them: each again on its own (a refusal stopped the message where it came).
    for (const query of queries) {
      const alone = await trialStatements(client, [query.statement], prelude);
      if (!isDatabaseError(alone) || alone.code !== RECURSION) continue;
      const looping = /relation "([^"]+)"/.exec(alone.message)?.[1] ?? show(query.table);
      const loop = loops.get(looping) ?? { failing: new Set(), roles: new Set(), message: alone.message };
      loop.failing.add(`${query.command} on ${show(query.table)}`);
      loop.roles.add(role === ANYONE ? 'any role' : role);
      loops.set(looping, loop);
    }
  }
  for (const [looping, loop] of loops) {
    const culprit = selfReading(scope, looping);
    const by = culprit
      ? `policy "${culprit.name}" on ${looping} reads ${looping} again`
      : `the policies of ${looping} read it again`;
    const message = `${by}: ${[...loop.failing].join(', ')} as ${[...loop.roles].join(', ')} fail with "${loop.message}"`;
    const table = scope.ctx.after.tables.find((t) => t.name === looping);
    const position = (culprit && policyPosition(ctx, culprit)) ?? (table && relationPosition(ctx, table));
    outcome.findings.push(probeFinding(ctx, 'rls', 'error', 'policy-recursion', message, looping, position));
    record(outcome, 'rls', 'policy-recursion', looping, 'fail', message);
  }
}

/** EXPLAIN of the command on the table: rewritten with the policies, planned, never run. */
function explained(client: pg.Client, table: Table, command: Command): string {
  const name = relation(client, table);
  const column = table.columns[0] ? id(client, table.columns[0].name) : undefined;
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
