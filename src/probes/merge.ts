/**
 * The probes' findings join the tasks they belong to. A probe that proved
 * what a structural lint predicted replaces it (a view shown to leak drops
 * its `view-bypasses-rls` warning), and a trigger function whose failure
 * was proven by running it keeps that finding only.
 */
import type { Finding, TaskResult } from '../types.js';
import { taskResult } from '../validators/common.js';
import type { ProbeOutcome } from './model.js';

export function mergeProbes(tasks: TaskResult[], outcome: ProbeOutcome): TaskResult[] {
  const failing = new Set(outcome.findings.filter((f) => f.rule === 'trigger-function-error').map((f) => f.object));
  const probeFindings = outcome.findings.filter((f) => !(f.rule === 'trigger-field-missing' && failing.has(f.object)));
  const replaced = (f: Finding): boolean => outcome.proven.some((p) => p.rule === f.rule && p.object === f.object);
  return tasks.map((task) => {
    const added = probeFindings.filter((f) => f.task === task.id);
    const dropped = task.findings.filter(replaced);
    if (added.length === 0 && dropped.length === 0) return task;
    const findings = [...task.findings.filter((f) => !replaced(f)), ...added];
    if (task.status === 'BLOCKED' || task.status === 'N/A') return { ...task, findings };
    const judged = taskResult(task.id, findings, task.status === 'PASS' ? task.summary : summaryOf(task, findings));
    return { ...judged, ...(task.checks ? { checks: task.checks } : {}) };
  });
}

/** A task that had findings and lost them all to the probes passes with what it verified. */
function summaryOf(task: TaskResult, findings: Finding[]): string {
  return findings.some((f) => f.severity !== 'info') ? task.summary : `${task.title}: as declared`;
}
