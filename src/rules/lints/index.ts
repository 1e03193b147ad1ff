/**
 * The catalog lints, by the task that reports them: RLS for policies, views
 * and exposed tables (all are about who sees which rows), triggers for
 * functions (the task that checks the functions a migration creates).
 */
import type { Finding } from '../../types.js';
import type { ValidationContext } from '../../validators/common.js';
import { definerWithoutSearchPath } from './functions.js';
import { alwaysTrueWrites, multiplePermissive, perRowCalls } from './policies.js';
import { runLints } from './problem.js';
import { exposedWithoutRls, securityInvoker, viewsBypassingRls } from './relations.js';
import { show } from '../../migrations/names.js';

export function rlsLints(ctx: ValidationContext): Finding[] {
  return runLints(ctx, [alwaysTrueWrites, perRowCalls, multiplePermissive, viewsBypassingRls, exposedWithoutRls]).map(
    (f) => (f.rule === 'view-bypasses-rls' ? invokerLost(ctx, f) : f),
  );
}

/**
 * A view that ran as its caller before and no longer does: CREATE OR REPLACE
 * VIEW without `WITH (security_invoker = true)` resets the view's options, and
 * the rows its callers' policies kept from them are theirs to read now. Unless
 * the migration names the option itself, that is a leak it did not mean.
 */
function invokerLost(ctx: ValidationContext, found: Finding): Finding {
  const view = ctx.before.tables.find((t) => t.kind === 'view' && show(t) === found.object && securityInvoker(t));
  if (!view || ctx.target.statements.some((s) => /security_invoker/i.test(s.sql) && s.sql.includes(view.name)))
    return found;
  return {
    ...found,
    severity: 'error',
    message: `${found.message} (it ran with security_invoker before: CREATE OR REPLACE VIEW without WITH (security_invoker = true) took that away)`,
  };
}

export function functionLints(ctx: ValidationContext): Finding[] {
  return runLints(ctx, [definerWithoutSearchPath]);
}
