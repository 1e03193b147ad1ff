/**
 * Tenant isolation, exercised: as the application's role with tenant A's
 * identity, each command on A's rows must work (when a policy allows it)
 * and on tenant B's rows must see and change nothing. A leak names the
 * policies that let B's rows through: each permissive policy's expression is
 * evaluated on B's rows with A's identity.
 */
import type pg from 'pg';
import type { Table } from '../catalog/model.js';
import { show } from '../migrations/names.js';
import { identityPlan, settingValue, type IdentityPlan } from './identity.js';
import { judgeOwnRows, tenantsOf } from './tenants.js';
import { record, type Command, type ProbeOutcome, type ProbeSettings } from './model.js';
import { probeFinding, relationPosition } from './place.js';
import type { ProbeRole } from './role.js';
import type { ProbeScope } from './scope.js';
import type { Session } from './session.js';
import { TableProbe } from './table-probe.js';

/** Tenant A's session on one table, and what it could see of A's own rows. */
export interface TenantSession {
  table: Table;
  session: Session;
  tenants: { a: string; b: string };
  plan: IdentityPlan;
  ownRows: number;
  ownSeen: number;
  /** Writes row level security refused for tenant A's own rows. */
  ownRefused: Command[];
}

/**
 * The migration created the table, or changed its row level security or
 * policies: a leak that was there before and that it did not touch is not
 * this migration's to answer for.
 */
function securityChanged(scope: ProbeScope, table: Table): boolean {
  const { before, after } = scope.ctx;
  const was = before.tables.find((t) => t.schema === table.schema && t.name === table.name);
  if (!was) return true;
  const policies = (s: typeof after) =>
    JSON.stringify(s.policies.filter((p) => p.schema === table.schema && p.table === table.name));
  return (
    was.rlsEnabled !== table.rlsEnabled || was.rlsForced !== table.rlsForced || policies(before) !== policies(after)
  );
}

export async function probeIsolation(
  client: pg.Client,
  scope: ProbeScope,
  role: ProbeRole,
  settings: ProbeSettings,
  outcome: ProbeOutcome,
): Promise<TenantSession[]> {
  const { ctx } = scope;
  const sessions: TenantSession[] = [];
  for (const table of scope.tables) {
    if (!table.rlsEnabled || !table.columns.some((c) => c.name === ctx.tenantColumn)) continue;
    if (!securityChanged(scope, table)) continue;
    const policies = ctx.after.policies.filter(
      (p) =>
        p.schema === table.schema &&
        p.table === table.name &&
        (p.roles.includes('public') || p.roles.includes(role.name)),
    );
    if (policies.length === 0) {
      record(outcome, 'rls', 'isolation', show(table), 'skipped', `no policy applies to ${role.name}: it sees no row`);
      continue;
    }
    const plan = identityPlan(ctx.after, policies, ctx.tenantColumn, role.name, settings.identity, table);
    if (plan.unknown) {
      const message = `tenant isolation of ${show(table)} not probed: ${plan.unknown}; set probes.identity to say which settings carry the tenant`;
      outcome.findings.push(
        probeFinding(ctx, 'rls', 'info', 'probe-identity-unknown', message, show(table), relationPosition(ctx, table)),
      );
      record(outcome, 'rls', 'isolation', show(table), 'info', message);
      continue;
    }
    const chosen = await tenantsOf(client, table, ctx.tenantColumn, plan);
    if (typeof chosen === 'string') {
      record(outcome, 'rls', 'isolation', show(table), 'info', `not probed: ${chosen}`);
      continue;
    }
    const session: Session = {
      role: role.name,
      settings: Object.fromEntries(plan.settings.map((s) => [s.name, settingValue(s, chosen.a, chosen.user)])),
    };
    const tenants = { a: chosen.a, b: chosen.b };
    const probe = new TableProbe(client, scope, table, session, tenants, policies, plan, outcome);
    const trials = await probe.trials();
    const seen = await probe.select(trials.select);
    if (seen === undefined) continue;
    const ownRefused = await probe.writes(trials.writes);
    sessions.push({ table, session, tenants, plan, ownRows: chosen.ownRows, ownSeen: seen, ownRefused });
  }
  judgeOwnRows(scope, sessions, outcome);
  return sessions;
}
