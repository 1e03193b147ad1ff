import * as core from '@actions/core';
import type { Finding, GateReport } from '../types.js';

/** GitHub shows at most 10 error and 10 warning annotations per step; the rest go to the log. */
const LIMIT_PER_LEVEL = 10;

/**
 * One annotation per finding that has a file, on the offending token. Paths in
 * the report are relative to the working directory, which the action sets to
 * the workspace, as GitHub expects.
 */
export function annotate(report: GateReport): void {
  const counts = { error: 0, warning: 0, notice: 0 };
  const ordered = [...report.findings].sort((a, b) => rank(a) - rank(b));
  for (const finding of ordered) {
    if (!finding.file || finding.rule === 'not-created' || finding.ignored) continue;
    const level =
      finding.severity === 'critical' || finding.severity === 'error'
        ? 'error'
        : finding.severity === 'warning'
          ? 'warning'
          : 'notice';
    if (counts[level] >= LIMIT_PER_LEVEL) continue;
    counts[level] += 1;
    const properties: core.AnnotationProperties = {
      title: `migration-gate: ${finding.rule}${finding.object ? ` (${finding.object})` : ''}`,
      file: finding.file,
      ...(finding.line ? { startLine: finding.line } : {}),
      ...(finding.column ? { startColumn: finding.column } : {}),
      ...(finding.endLine ? { endLine: finding.endLine } : {}),
    };
    const message =
      finding.lines && finding.lines.length > 1
        ? `${finding.message} (lines ${finding.lines.join(', ')})`
        : finding.message;
    core[level](finding.hint ? `${message}\n${finding.hint}` : message, properties);
  }
}

function rank(finding: Finding): number {
  return { critical: 0, error: 1, warning: 2, info: 3 }[finding.severity];
}
