/**
 * The ways past a table's policies, exercised with tenant A's session of the
 * isolation probe: views that read the table (a view without
 * security_invoker reads as its owner), SECURITY DEFINER functions the
 * migration created (they read as their owner), and the owner itself when
 * the application connects as the owner and RLS is not forced.
 */
import type pg from 'pg';
import type { DbFunction, Table } from '../catalog/model.js';
import { isDatabaseError } from '../apply/send.js';
import { show } from '../migrations/names.js';
import { created, resolve } from '../validators/common.js';
import type { TenantSession } from './isolation.js';
import { record, type ProbeOutcome } from './model.js';
import { functionPosition, probeFinding, relationPosition } from './place.js';
import type { ProbeRole } from './role.js';
import type { ProbeScope } from './scope.js';
import { asSessionStatement, id, relation, trial, withSettings } from './session.js';

/** Views that read a probed table and expose the tenant column, seen by tenant A. */
export async function probeViews(
  client: pg.Client,
  scope: ProbeScope,
  role: ProbeRole,
  sessions: TenantSession[],
  outcome: ProbeOutcome,
): Promise<void> {
  const { ctx } = scope;
  for (const view of ctx.after.tables.filter((t) => t.kind === 'view')) {
    const session = sessions.find((s) =>
      view.reads.some((r) => r.schema === s.table.schema && r.name === s.table.name),
    );
    if (!session || !view.columns.some((c) => c.name === ctx.tenantColumn)) continue;
    // A view that was there, unchanged, over a table that was there: not this migration's doing.
    const was = ctx.before.tables.find((t) => t.schema === view.schema && t.name === view.name);
    const tableWas = ctx.before.tables.some((t) => t.schema === session.table.schema && t.name === session.table.name);
    if (was && tableWas && JSON.stringify(was) === JSON.stringify(view)) continue;
    // A role made by the gate was granted everything: a view nobody else may read exposes nothing.
    if (role.made && view.grantees.length === 0) continue;
    if (role.made) await client.query(`GRANT SELECT ON ${relation(client, view)} TO ${id(client, role.name)}`);
    const other = count(
      await asSessionStatement<{ n: number }>(client, session.session, {
        text: `SELECT count(*)::int AS n FROM ${relation(client, view)} WHERE ${id(client, ctx.tenantColumn)}::text <> $1`,
        values: [session.tenants.a],
      }),
    );
    const as = { role: role.name, settings: session.session.settings };
    if (isDatabaseError(other)) {
      record(outcome, 'rls', 'view', show(view), 'info', `SELECT failed: ${other.message}`, as);
    } else if (other > 0) {
      const message = `view ${show(view)} shows tenant A's session ${other} rows of other tenants from ${show(session.table)}: it reads as its owner, past row level security`;
      outcome.findings.push(
        probeFinding(ctx, 'rls', 'error', 'view-leaks-rows', message, show(view), relationPosition(ctx, view)),
      );
      outcome.proven.push({ rule: 'view-bypasses-rls', object: show(view) });
      record(outcome, 'rls', 'view', show(view), 'fail', message, as);
    } else {
      record(outcome, 'rls', 'view', show(view), 'pass', "shows none of tenant B's rows", as);
    }
  }
}

/**
 * SECURITY DEFINER functions the migration created that return rows with the
 * tenant column: called by tenant A with no arguments, or with tenant B's
 * value for a single argument of the tenant column's type.
 */
export async function probeDefinerFunctions(
  client: pg.Client,
  scope: ProbeScope,
  sessions: TenantSession[],
  outcome: ProbeOutcome,
): Promise<void> {
  const { ctx } = scope;
  const session = sessions[0];
  if (!session) return;
  const names = created(ctx, 'function').map((o) => resolve(ctx, o));
  const functions = ctx.after.functions.filter(
    (f) =>
      f.securityDefiner &&
      f.kind === 'f' &&
      names.some((n) => n.schema === f.schema && n.name === f.name) &&
      returnsRows(f),
  );
  const tenantType = session.table.columns.find((c) => c.name === ctx.tenantColumn)!.type;
  for (const fn of functions) {
    const name = `${show(fn)}(${fn.identityArgs})`;
    const args = argumentsFor(fn, tenantType);
    if (args === undefined) {
      record(outcome, 'rls', 'function', name, 'skipped', 'not called: it takes arguments the probe cannot choose');
      continue;
    }
    const call = `${id(client, fn.schema)}.${id(client, fn.name)}(${args.map((_, i) => `$${i + 2}`).join(', ')})`;
    const other = count(
      await asSessionStatement<{ n: number }>(client, session.session, {
        text: `SELECT count(*)::int AS n FROM ${call} AS r WHERE r.${id(client, ctx.tenantColumn)}::text <> $1`,
        values: [session.tenants.a, ...args.map(() => session.tenants.b)],
      }),
    );
    const as = { role: session.session.role, settings: session.session.settings };
    if (isDatabaseError(other)) {
      record(outcome, 'rls', 'function', name, 'info', `call failed: ${other.message}`, as);
    } else if (other > 0) {
      const message = `SECURITY DEFINER function ${name} returns tenant A's session ${other} rows of other tenants: it reads as its owner, past row level security`;
      outcome.findings.push(
        probeFinding(ctx, 'rls', 'error', 'definer-function-leaks-rows', message, name, functionPosition(ctx, fn)),
      );
      record(outcome, 'rls', 'function', name, 'fail', message, as);
    } else {
      record(outcome, 'rls', 'function', name, 'pass', "returns none of tenant B's rows", as);
    }
  }
}

/** The count a `SELECT count(*) AS n` gave, or the server's refusal. */
function count(result: pg.QueryResult<{ n: number }> | pg.DatabaseError): number | pg.DatabaseError {
  return isDatabaseError(result) ? result : result.rows[0]!.n;
}

function returnsRows(fn: DbFunction): boolean {
  return /^(SETOF |TABLE\()/.test(fn.resultType ?? '');
}

/** No arguments, or one of the tenant column's type (given tenant B's value). */
function argumentsFor(fn: DbFunction, tenantType: string): string[] | undefined {
  if (fn.identityArgs.trim() === '') return [];
  const args = fn.identityArgs.split(',').map((a) => a.trim());
  if (args.length !== 1 || !args[0]!.endsWith(tenantType)) return undefined;
  return [args[0]!];
}

/**
 * RLS enabled but not forced, when the application connects as the owner:
 * the owner bypasses every policy. Shown with the rows tenant A's session
 * sees as the owner where the owner is an ordinary role (a superuser
 * bypasses RLS even when it is forced).
 */
export async function probeForcedRls(
  client: pg.Client,
  scope: ProbeScope,
  sessions: TenantSession[],
  outcome: ProbeOutcome,
): Promise<void> {
  const { ctx } = scope;
  for (const table of scope.tables.filter((t) => t.rlsEnabled && !t.rlsForced)) {
    const session = sessions.find((s) => s.table === table);
    const seen = session ? await asOwner(client, table, session, ctx.tenantColumn) : undefined;
    const shown = seen !== undefined ? `: tenant A's session as the owner sees ${seen} rows of other tenants` : '';
    const message = `table ${show(table)} enables row level security without FORCE ROW LEVEL SECURITY, and the application connects as its owner, who bypasses the policies${shown}`;
    outcome.findings.push(
      probeFinding(ctx, 'rls', 'error', 'rls-not-forced', message, show(table), relationPosition(ctx, table)),
    );
    record(outcome, 'rls', 'force-rls', show(table), 'fail', message);
  }
}

async function asOwner(
  client: pg.Client,
  table: Table,
  session: TenantSession,
  tenantColumn: string,
): Promise<number | undefined> {
  const counted = await trial(client, async () => {
    const { rows: owner } = await client.query<{ owner: string; exempt: boolean }>(
      `SELECT r.rolname AS owner, r.rolsuper OR r.rolbypassrls AS exempt FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE c.oid = $1::regclass`,
      [relation(client, table)],
    );
    if (!owner[0] || owner[0].exempt) return undefined;
    await withSettings(client, session.session.settings);
    await client.query(`SET LOCAL ROLE ${id(client, owner[0].owner)}`);
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${relation(client, table)} WHERE ${id(client, tenantColumn)}::text <> $1`,
      [session.tenants.a],
    );
    return rows[0]!.n;
  });
  return typeof counted === 'number' ? counted : undefined;
}
