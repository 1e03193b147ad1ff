import type { RollbackRun } from '../apply/rollback.js';
import { describeDifference, diffSnapshots } from '../catalog/diff.js';
import type { CatalogSnapshot } from '../catalog/model.js';
import { serverNotes } from '../hints/index.js';
import { TASK_TITLES, type Finding, type TaskResult } from '../types.js';
import { downAdvice } from '../layouts/downs.js';
import type { ToolName } from '../layouts/model.js';

export interface RollbackInput {
  run: RollbackRun;
  before: CatalogSnapshot;
  required: boolean;
  /** The tool has down migrations (Prisma, Supabase, Flyway's free edition, graphile-migrate have none). */
  toolHasDowns: boolean;
  tool: ToolName;
  maxDurationMs?: number;
  targetFile: string;
}

/**
 * Task `rollback`: the down migration applies, leaves exactly the schema that
 * was there before, and the migration applies again afterwards.
 */
export function validateRollback(input: RollbackInput): TaskResult {
  const { run } = input;
  const result = (status: TaskResult['status'], summary: string, findings: Finding[] = []): TaskResult => ({
    id: 'rollback',
    title: TASK_TITLES.rollback,
    status,
    summary,
    findings,
  });
  if (run.status === 'not-tried') return result('N/A', run.reason);
  if (run.status === 'no-down' && !input.required && !input.toolHasDowns) {
    return result('N/A', `${input.tool} migrations have no down direction`);
  }
  if (run.status === 'no-down') {
    const message = `no down migration (${downAdvice(input.tool, input.targetFile)})`;
    const finding: Finding = {
      severity: input.required ? 'error' : 'warning',
      rule: 'no-down-migration',
      message,
      file: input.targetFile,
      task: 'rollback',
    };
    return result(input.required ? 'FAIL' : 'WARN', 'No down migration', [finding]);
  }
  if (run.status === 'down-failed') {
    const { error } = run.result;
    const finding: Finding = {
      severity: 'error',
      rule: error.rule,
      message: `down migration fails: ${error.message}`,
      file: run.down.file,
      line: error.position.line,
      column: error.position.column,
      task: 'rollback',
      ...serverNotes(error, installed(input.before)),
    };
    return result('FAIL', `Down migration fails at line ${error.position.line}: ${error.message}`, [finding]);
  }
  const findings: Finding[] = diffSnapshots(input.before, run.afterDown).map((difference) => ({
    // A down that re-adds a dropped column can only add it last: worth saying, not worth blocking.
    severity: difference.orderOnly ? 'warning' : 'error',
    rule: difference.orderOnly ? 'rollback-column-order' : 'rollback-incomplete',
    message: `after the down migration: ${describeDifference(difference)}`,
    object: difference.object,
    file: run.down.file,
    task: 'rollback',
  }));
  // A down of a few DROPs on an empty table takes well under a millisecond: "in 0 ms" reads as if it did not run.
  const ms = run.ms < 1 ? '< 1' : String(Math.round(run.ms));
  if (input.maxDurationMs !== undefined && run.ms > input.maxDurationMs) {
    findings.push({
      severity: 'error',
      rule: 'rollback-slow',
      message: `rollback took ${ms} ms, allowed ${input.maxDurationMs} ms`,
      file: run.down.file,
      task: 'rollback',
    });
  }
  if (run.reapply.status === 'failed') {
    const { error } = run.reapply;
    findings.push({
      severity: 'error',
      rule: 'reapply-failed',
      message: `the migration does not apply again after its rollback: ${error.message}`,
      file: input.targetFile,
      line: error.position.line,
      column: error.position.column,
      task: 'rollback',
      ...serverNotes(error, installed(input.before)),
    });
  }
  if (findings.length === 0)
    return result('PASS', `Down migration restores the schema exactly in ${ms} ms; re-apply succeeds`);
  const first = findings[0]!.message;
  const status = findings.some((f) => f.severity === 'error') ? 'FAIL' : 'WARN';
  return result(status, findings.length > 1 ? `${first} (+${findings.length - 1} more)` : first, findings);
}

/** A hint never suggests an extension the database already had. */
function installed(snapshot: CatalogSnapshot): ReadonlySet<string> {
  return new Set(snapshot.extensions.map((e) => e.name));
}
