/**
 * Tenant A and tenant B of a probed table, and what it means when A's own
 * session reaches none of A's rows: a defect only when the identity is certain.
 */
import type pg from 'pg';
import type { Table } from '../catalog/model.js';
import { show } from '../migrations/names.js';
import type { IdentityPlan } from './identity.js';
import type { TenantSession } from './isolation.js';
import { covers, record, type Command, type ProbeOutcome } from './model.js';
import { policyPosition, probeFinding, relationPosition } from './place.js';
import type { ProbeScope } from './scope.js';
import { id, relation } from './session.js';

/** Two tenants with rows in the table; A has a user when the identity needs one. */
export async function tenantsOf(
  client: pg.Client,
  table: Table,
  tenantColumn: string,
  plan: IdentityPlan,
): Promise<{ a: string; b: string; user?: string; ownRows: number } | string> {
  const { rows } = await client.query<{ tenant: string; n: number }>(
    `SELECT ${id(client, tenantColumn)}::text AS tenant, count(*)::int AS n FROM ${relation(client, table)} WHERE ${id(client, tenantColumn)} IS NOT NULL GROUP BY 1 ORDER BY 1`,
  );
  if (rows.length < 2) return `its rows belong to ${rows.length === 0 ? 'no tenant' : 'one tenant only'}`;
  for (const row of rows) {
    const user = plan.users ? await userOf(client, plan.users, tenantColumn, row.tenant) : undefined;
    if (plan.users && user === undefined) continue;
    const b = rows.find((r) => r.tenant !== row.tenant)!.tenant;
    return { a: row.tenant, b, ...(user !== undefined ? { user } : {}), ownRows: row.n };
  }
  return `no user in ${show(plan.users!.table)} belongs to a tenant with rows`;
}

async function userOf(
  client: pg.Client,
  users: NonNullable<IdentityPlan['users']>,
  tenantColumn: string,
  tenant: string,
): Promise<string | undefined> {
  const { rows } = await client.query<{ user: string }>(
    `SELECT ${id(client, users.column)}::text AS user FROM ${relation(client, users.table)} WHERE ${id(client, tenantColumn)}::text = $1 ORDER BY 1 LIMIT 1`,
    [tenant],
  );
  return rows[0]?.user;
}

/**
 * Tenant A saw none of its own rows, or could not insert one: blocking only
 * when the identity is certain — configured, or the same settings showed A
 * its rows on another table — and names a tenant, not a user (a policy may
 * rightly show a user only the rows they wrote). Otherwise said, as information.
 */
export function judgeOwnRows(scope: ProbeScope, sessions: TenantSession[], outcome: ProbeOutcome): void {
  const settingsOf = (s: TenantSession): string => Object.keys(s.session.settings).sort().join(',');
  const working = new Set(sessions.filter((s) => s.ownSeen > 0).map(settingsOf));
  for (const s of sessions) {
    const blind = s.ownSeen === 0 && s.ownRows > 0;
    if (!blind && s.ownRefused.length === 0) continue;
    // A session that names a user may rightly see none of the rows other users wrote (user_id = auth.uid()).
    const perTenant = !s.plan.settings.some((setting) => setting.template.includes('{user}'));
    const certain = perTenant && s.plan.known && (s.plan.configured || working.has(settingsOf(s)));
    const commands: Command[] = [...(blind ? (['SELECT'] as const) : []), ...s.ownRefused];
    const policies = scope.ctx.after.policies.filter(
      (p) =>
        p.schema === s.table.schema && p.table === s.table.name && p.permissive && commands.some((c) => covers(p, c)),
    );
    const what = [
      ...(blind ? [`SELECT on ${show(s.table)} sees none of tenant A's ${s.ownRows} rows`] : []),
      ...(s.ownRefused.length > 0 ? [`${s.ownRefused.join(', ')} of tenant A's own row is refused`] : []),
    ].join(', and ');
    const names = policies.map((p) => p.name).join(', ') || '(none)';
    const message = `as ${s.session.role} with tenant A's identity, ${what}: policy ${names} compares the wrong column or setting?`;
    const position =
      policies.map((p) => policyPosition(scope.ctx, p)).find((p) => p !== undefined) ??
      relationPosition(scope.ctx, s.table);
    const said = certain ? message : `${message} (the gate is not sure of the identity it used)`;
    outcome.findings.push(
      probeFinding(
        scope.ctx,
        'rls',
        certain ? 'error' : 'info',
        'policy-rejects-own-rows',
        said,
        show(s.table),
        position,
      ),
    );
    const as = { role: s.session.role, settings: s.session.settings };
    record(outcome, 'rls', 'isolation', `${show(s.table)} ${commands.join(', ')}`, certain ? 'fail' : 'info', said, as);
  }
}
