import type pg from 'pg';
import type { GateOptions } from '../gate.js';
import type { GateInputs } from '../setup.js';
import { TASK_TITLES, type TaskResult } from '../types.js';

/**
 * The seam for the validators of an applied migration: every task except
 * `readiness`, evaluated against catalog snapshots taken around the target.
 */
export async function validateApplied(
  _client: pg.Client,
  _inputs: GateInputs,
  _options: GateOptions,
): Promise<TaskResult[]> {
  return (['schema', 'rls', 'indexes', 'triggers', 'enums', 'integration', 'rollback'] as const).map((id) => ({
    id,
    title: TASK_TITLES[id],
    status: 'N/A',
    summary: 'not evaluated yet',
    findings: [],
  }));
}
