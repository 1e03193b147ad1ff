import type { RollbackRun } from '../apply/rollback.js';
import type { CatalogSnapshot } from '../catalog/model.js';
import type { TaskResult } from '../types.js';
import type { ToolName } from '../layouts/model.js';
import type { ValidationContext } from './common.js';
import { validateEnums } from './enums.js';
import { validateIndexes } from './indexes.js';
import { validateIntegration } from './integration.js';
import { validateRls } from './rls.js';
import { validateRollback } from './rollback.js';
import { validateSchema } from './schema.js';
import { validateTriggers } from './triggers.js';

/** Every task except `readiness`, for a migration that applied. */
export function validateApplied(
  ctx: ValidationContext,
  rollback: RollbackRun,
  /** The schema the down must restore: where the round trip ran. */
  rollbackBefore: CatalogSnapshot,
  rollbackRequired: boolean,
  tool: { name: ToolName; downs: boolean },
): TaskResult[] {
  const maxDurationMs = ctx.expected.rollback?.max_duration;
  return [
    validateSchema(ctx),
    validateRls(ctx),
    validateIndexes(ctx),
    validateTriggers(ctx),
    validateEnums(ctx),
    validateIntegration(ctx),
    validateRollback({
      run: rollback,
      before: rollbackBefore,
      required: ctx.expected.rollback?.required ?? rollbackRequired,
      toolHasDowns: tool.downs,
      tool: tool.name,
      ...(maxDurationMs !== undefined ? { maxDurationMs } : {}),
      targetFile: ctx.target.file,
    }),
  ];
}
