import type { TaskResult, Verdict } from '../types.js';

/** APPROVED only when no task failed or could not be evaluated. */
export function verdictOf(tasks: Pick<TaskResult, 'status'>[]): Verdict {
  return tasks.some((t) => t.status === 'FAIL' || t.status === 'BLOCKED') ? 'BLOCKED' : 'APPROVED';
}
