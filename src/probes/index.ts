/**
 * The probe stage: after the target applied and its after-snapshot was
 * taken, before the rollback round trip, the schema is exercised as the
 * application would use it — rows for two tenants, tenant isolation as the
 * application's role (tables, views, SECURITY DEFINER functions, the owner),
 * triggers, PL/pgSQL references and cascades. Everything runs in one
 * transaction (or, inside the run's own transaction, one savepoint) that is
 * rolled back, under the gate's limits, enforced from outside too.
 */
import type pg from 'pg';
import type { ApplyOptions } from '../apply/apply.js';
import { attempt } from '../apply/attempt.js';
import { guarded } from '../apply/deadline.js';
import { isDatabaseError } from '../apply/send.js';
import { UTF8_FOR_THE_TRANSACTION } from '../database/literals.js';
import type { ValidationContext } from '../validators/common.js';
import { checkFunctionReferences } from './function-references.js';
import { identityPlan } from './identity.js';
import { probeCascades } from './cascades.js';
import { probeDefinerFunctions, probeForcedRls, probeViews } from './exposure.js';
import { probeIsolation } from './isolation.js';
import { emptyOutcome, record, type ProbeOutcome, type ProbeSettings } from './model.js';
import { probeRole } from './role.js';
import { probeRows, probeScope, type ProbeScope } from './scope.js';
import { probeTriggers } from './triggers.js';
import { probeFunctionsBefore } from './functions-before.js';
import { probeCronJobs } from './cron-jobs.js';
import { probePolicyRecursion } from './policy-recursion.js';

export { mergeProbes } from './merge.js';

export interface ProbeInput {
  ctx: ValidationContext;
  settings: ProbeSettings;
  /** The gate may write to this database (inside the probe's transaction): tables that existed are probed too. */
  disposable: boolean;
  /** The client is inside the run's one transaction. */
  nested: boolean;
  apply: ApplyOptions;
}

const SAVEPOINT = 'migration_gate_probes';

export async function runProbes(client: pg.Client, input: ProbeInput): Promise<ProbeOutcome> {
  const outcome = emptyOutcome();
  const scope = probeScope(input.ctx, input.disposable);
  await client.query(`${input.nested ? `SAVEPOINT ${SAVEPOINT}` : 'BEGIN'}; ${UTF8_FOR_THE_TRANSACTION}`);
  try {
    const run = await guarded(client, input.apply.statementTimeoutMs, input.apply.runDeadline, () =>
      stages(client, scope, input, outcome),
    );
    if (run.error !== undefined) {
      if (!isDatabaseError(run.error)) throw run.error;
      const why = run.overran ? "ran past the gate's limits and were cancelled" : `stopped: ${run.error.message}`;
      record(outcome, 'readiness', 'probes', 'probes', 'info', `the probes ${why}; what ran is listed`);
    }
  } finally {
    await client.query(
      input.nested ? `ROLLBACK TO SAVEPOINT ${SAVEPOINT}; RELEASE SAVEPOINT ${SAVEPOINT}` : 'ROLLBACK',
    );
  }
  return outcome;
}

async function stages(client: pg.Client, scope: ProbeScope, input: ProbeInput, outcome: ProbeOutcome): Promise<void> {
  const { ctx, settings } = input;
  await checkFunctionReferences(client, scope, outcome);
  await probePolicyRecursion(client, scope, outcome);
  const protectedTables = scope.tables.filter((t) => t.rlsEnabled);
  const policies = ctx.after.policies.filter((p) =>
    protectedTables.some((t) => t.schema === p.schema && t.name === p.table),
  );
  const users = identityPlan(ctx.after, policies, ctx.tenantColumn, '', settings.identity).users?.table;
  const refusals = await probeRows(client, scope, [...(users ? [users] : []), ...scope.triggerTables], outcome);
  if (protectedTables.length > 0) {
    const grants = { all: scope.disposable, tables: [...protectedTables, ...(users ? [users] : [])] };
    const role = await attempt(client, true, () => probeRole(client, settings.role, grants));
    if (isDatabaseError(role) || typeof role === 'string') {
      const why = typeof role === 'string' ? role : `no role to probe as: ${role.message}`;
      record(outcome, 'rls', 'isolation', 'role', 'info', `tenant isolation not probed: ${why}`);
    } else {
      const sessions = await probeIsolation(client, scope, role, settings, outcome);
      await probeViews(client, scope, role, sessions, outcome);
      await probeDefinerFunctions(client, scope, sessions, outcome);
      if (settings.connectsAsOwner) await probeForcedRls(client, scope, sessions, outcome);
    }
  }
  await probeTriggers(client, scope, refusals, outcome);
  await probeFunctionsBefore(client, scope, outcome);
  await probeCascades(client, scope, outcome);
  await probeCronJobs(client, scope, outcome);
}
