/**
 * The safety rules over one traced run of the target. Their findings go to
 * the task that owns each rule in the catalogue: what blocks traffic, breaks
 * running code or drops data to readiness (as one check, "Existing tables
 * stay usable"), a duplicate index to indexes, a truncated name to schema.
 */
import type { ApplyResult } from '../../apply/apply.js';
import type { CatalogSnapshot } from '../../catalog/model.js';
import type { RunSemantics } from '../../inputs.js';
import type { ParsedSql } from '../../migrations/model.js';
import type { ToolName } from '../../layouts/model.js';
import type { Trace } from '../../observe/model.js';
import type { TableSizes } from '../../observe/projection.js';
import { reportEntry, viewTrace } from '../../observe/summary.js';
import { RULES } from '../catalogue.js';
import type { Check, Finding, StatementTrace, TaskResult } from '../../types.js';
import { duplicateIndexFindings, truncationFindings } from './catalog.js';
import { compatibilityFindings } from './compatibility.js';
import type { SafetyContext } from './context.js';
import { lockTimeoutFindings } from './lock-timeout.js';
import { lockFindings } from './locks.js';
import { requiredColumnFindings } from './required-column.js';
import { narrowSequenceFindings } from './sequences.js';
import { lostPrivilegeFindings } from './privileges.js';

export type { SafetyContext } from './context.js';

export function safetyFindings(context: SafetyContext): Finding[] {
  return [
    ...lockFindings(context),
    ...requiredColumnFindings(context),
    ...lockTimeoutFindings(context),
    ...compatibilityFindings(context),
    ...duplicateIndexFindings(context),
    ...truncationFindings(context),
    ...narrowSequenceFindings(context),
    ...lostPrivilegeFindings(context),
  ];
}

/** Readiness's check over its share of the findings. */
export function safetyCheck(
  findings: Finding[],
  seen: { existing: number; traced: number },
): { check: Check; findings: Finding[] } {
  const own = findings.filter((f) => f.task === 'readiness');
  const name = 'Existing tables stay usable';
  if (own.length === 0) {
    const finding =
      seen.existing === 0
        ? 'no table existed before the migration'
        : seen.traced === 0
          ? 'no statement touched a table that existed before'
          : `${seen.traced} statement(s) touched tables that existed before: none rewrites or reads one under a blocking lock, renames or drops what existed`;
    return { check: { name, status: 'PASS', finding }, findings: [] };
  }
  const blocking = own.some((f) => f.severity === 'critical' || f.severity === 'error');
  const warns = own.some((f) => f.severity === 'warning');
  const count = (severity: Finding['severity']): number => own.filter((f) => f.severity === severity).length;
  const parts = (['critical', 'error', 'warning', 'info'] as const)
    .filter((s) => count(s) > 0)
    .map((s) => `${count(s)} ${s}`);
  return {
    check: {
      name,
      status: blocking ? 'FAIL' : warns ? 'WARN' : 'INFO',
      finding: `${own.length} finding(s) on tables that existed before: ${parts.join(', ')}`,
    },
    findings: own,
  };
}

/** Adds the other tasks' share of the findings; a task that passed warns or fails with them. */
export function withSafetyFindings(tasks: TaskResult[], findings: Finding[]): TaskResult[] {
  return tasks.map((task) => {
    const own = findings.filter((f) => f.task === task.id && RULES[f.rule].task !== 'readiness');
    if (own.length === 0 || task.id === 'readiness') return task;
    const all = [...task.findings, ...own];
    const failing = own.some((f) => f.severity === 'critical' || f.severity === 'error');
    const warning = own.some((f) => f.severity === 'warning');
    const status =
      task.status === 'PASS' || task.status === 'WARN'
        ? failing
          ? 'FAIL'
          : warning
            ? 'WARN'
            : task.status
        : task.status;
    return { ...task, findings: all, status };
  });
}

export interface SafetyInput {
  trace: Trace;
  target: ParsedSql;
  run: RunSemantics;
  applied: ApplyResult;
  sizes: TableSizes;
  session: Record<string, string>;
  tool: ToolName;
  before: CatalogSnapshot;
  after?: CatalogSnapshot;
}

/** The safety rules' findings, their check in readiness, and the trace entries the reports show. */
export interface SafetyAssessment {
  findings: Finding[];
  check: { check: Check; findings: Finding[] };
  entries: StatementTrace[];
}

/** The trace judged: findings for the tasks, readiness's check, and the report's per-statement view. */
export function assessSafety(input: SafetyInput): SafetyAssessment {
  const view = viewTrace(input.trace, input.target.statements, input.run, input.sizes);
  const { applied } = input;
  const skipped = new Set(applied.skipped);
  const ran = input.target.statements.filter(
    (s) => !skipped.has(s) && (applied.status === 'applied' || s.index < applied.statement.index),
  );
  const findings = safetyFindings({
    target: input.target,
    ran,
    trace: view,
    existing: new Set(input.trace.relations.keys()),
    truncations: input.trace.truncations,
    before: input.before,
    ...(input.after ? { after: input.after } : {}),
    session: input.session,
    tool: input.tool,
  });
  return {
    findings,
    check: safetyCheck(findings, {
      existing: input.trace.relations.size,
      traced: view.statements.filter((t) => t.taken.length + t.rewritten.length + t.scanned.length > 0).length,
    }),
    entries: view.statements.map((traced) => reportEntry(view, traced)),
  };
}
