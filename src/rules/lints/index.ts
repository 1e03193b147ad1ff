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
import { exposedWithoutRls, viewsBypassingRls } from './relations.js';

export function rlsLints(ctx: ValidationContext): Finding[] {
  return runLints(ctx, [alwaysTrueWrites, perRowCalls, multiplePermissive, viewsBypassingRls, exposedWithoutRls]);
}

export function functionLints(ctx: ValidationContext): Finding[] {
  return runLints(ctx, [definerWithoutSearchPath]);
}
