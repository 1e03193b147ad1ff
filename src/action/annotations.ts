import path from 'node:path';
import type { Finding, GateReport } from '../types.js';
import type { ActionHost, AnnotationProperties } from './host.js';

/** GitHub shows at most 10 error and 10 warning annotations per step; the rest go to the log. */
const LIMIT_PER_LEVEL = 10;

/**
 * One annotation per finding that has a file, on the offending token. Paths in
 * the report are relative to `cwd`; GitHub wants them relative to the
 * repository root, the workspace.
 */
export function annotate(host: ActionHost, reports: GateReport[], cwd: string, workspace: string): void {
  const counts = { error: 0, warning: 0, notice: 0 };
  const ordered = reports.flatMap((report) => report.findings).sort((a, b) => rank(a) - rank(b));
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
    const file = path.relative(workspace, path.resolve(cwd, finding.file)).split(path.sep).join('/');
    const properties: AnnotationProperties = {
      title: `migration-gate: ${finding.rule}${finding.object ? ` (${finding.object})` : ''}`,
      file,
      ...(finding.line ? { startLine: finding.line } : {}),
      ...(finding.column ? { startColumn: finding.column } : {}),
      ...(finding.endLine ? { endLine: finding.endLine } : {}),
    };
    const message =
      finding.lines && finding.lines.length > 1
        ? `${finding.message} (lines ${finding.lines.join(', ')})`
        : finding.message;
    host[level](finding.hint ? `${message}\n${finding.hint}` : message, properties);
  }
}

function rank(finding: Finding): number {
  return { critical: 0, error: 1, warning: 2, info: 3 }[finding.severity];
}
