/**
 * report.json / `--format json`: the GateReport, with keys in the order the contract
 * (DESIGN.md) documents them, whatever order the pipeline built the objects in, so
 * the file diffs cleanly between runs. Undefined fields disappear in JSON.stringify.
 */
import type { Check, Finding, GateReport, RequiredAction, StatementTrace, TaskResult } from '../types.js';

export function renderJson(report: GateReport): string {
  return JSON.stringify(orderReport(report), null, 2);
}

function orderReport(report: GateReport): GateReport {
  const { total_ms, ...steps } = report.timings;
  return {
    verdict: report.verdict,
    target: report.target,
    tasks: report.tasks.map(orderTask),
    findings: report.findings.map(orderFinding),
    requiredActions: report.requiredActions.map(orderAction),
    database: { kind: report.database.kind, version: report.database.version },
    data: report.data,
    probes: report.probes,
    timings: { total_ms, ...steps },
    trace: report.trace?.map(orderTrace),
  };
}

function orderTrace(entry: StatementTrace): StatementTrace {
  return {
    line: entry.line,
    statement: entry.statement,
    locks: entry.locks.map((l) => ({ relation: l.relation, modes: l.modes, rows: l.rows, rowsFrom: l.rowsFrom })),
    rewritten: entry.rewritten,
    scanned: entry.scanned.map((s) => ({ relation: s.relation, rowsRead: s.rowsRead })),
    strongestLock: entry.strongestLock && {
      relation: entry.strongestLock.relation,
      mode: entry.strongestLock.mode,
      heldMs: entry.strongestLock.heldMs,
    },
    impact: entry.impact,
    note: entry.note,
  };
}

function orderTask(task: TaskResult): TaskResult {
  return {
    id: task.id,
    title: task.title,
    status: task.status,
    summary: task.summary,
    findings: task.findings.map(orderFinding),
    checks: task.checks?.map(orderCheck),
  };
}

function orderFinding(finding: Finding): Finding {
  return {
    severity: finding.severity,
    rule: finding.rule,
    message: finding.message,
    object: finding.object,
    file: finding.file,
    line: finding.line,
    column: finding.column,
    endLine: finding.endLine,
    lines: finding.lines,
    task: finding.task,
    excerpt: finding.excerpt,
    impact: finding.impact,
    detail: finding.detail,
    hint: finding.hint,
    ignored: finding.ignored,
    reason: finding.reason,
  };
}

function orderCheck(check: Check): Check {
  return { name: check.name, status: check.status, finding: check.finding };
}

function orderAction(action: RequiredAction): RequiredAction {
  return {
    object: action.object,
    kind: action.kind,
    createdBy: action.createdBy,
    lines: action.lines,
    hint: action.hint,
  };
}
