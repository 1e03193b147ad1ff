/**
 * Shared vocabulary of the renderers: the seed's component names and status labels,
 * task ordering, and the view of findings that the Markdown and text reports share.
 * Everything here returns raw text; escaping is the renderer's job.
 */
import { TASK_IDS } from '../types.js';
import type { Check, Finding, GateReport, RequiredAction, TaskId, TaskResult, TaskStatus } from '../types.js';

/** The seed's "Quick Status" names, shorter than the task titles. */
export const COMPONENT_NAMES: Record<TaskId, string> = {
  schema: 'Schema Validation',
  rls: 'RLS Policies',
  indexes: 'Indexes',
  triggers: 'Triggers',
  enums: 'Enums',
  integration: 'Integration Points',
  readiness: 'Production Readiness',
  rollback: 'Rollback Procedure',
};

export const STATUS_EMOJI: Record<TaskStatus, string> = {
  PASS: '✅',
  WARN: '⚠️',
  FAIL: '❌',
  BLOCKED: '⛔',
  'N/A': '➖',
};

export function statusLabel(status: TaskStatus): string {
  return status === 'N/A' ? 'N/A' : `${STATUS_EMOJI[status]} ${status}`;
}

export const CHECK_LABELS: Record<Check['status'], string> = {
  PASS: '✓ PASS',
  FAIL: '❌ FAIL',
  WARN: '⚠️ WARN',
  INFO: 'ℹ️ INFO',
};

export const SEVERITY_EMOJI: Record<Finding['severity'], string> = {
  critical: '❌',
  error: '❌',
  warning: '⚠️',
  info: 'ℹ️',
};

/** Tasks in contract order, whatever order the pipeline produced them in. */
export function orderedTasks(report: GateReport): TaskResult[] {
  return [...report.tasks].sort((a, b) => TASK_IDS.indexOf(a.id) - TASK_IDS.indexOf(b.id));
}

/** The 1-based number the seed gives a task ("Validation Task 7"). */
export function taskNumber(id: TaskId): number {
  return TASK_IDS.indexOf(id) + 1;
}

/**
 * Every finding of the report. The top-level list holds every task's findings by
 * contract; a partial report (built by hand, or by a failing pipeline) may only have
 * them on the tasks.
 */
/** Every finding that counts: ignored ones are listed on their own (ignoredFindings). */
export function allFindings(report: GateReport): Finding[] {
  const all = report.findings.length > 0 ? report.findings : report.tasks.flatMap((t) => t.findings);
  return all.filter((f) => !f.ignored);
}

/** Findings suppressed by `rules:` or a `migration-gate:ignore` comment. */
export function ignoredFindings(report: GateReport): Finding[] {
  return report.findings.filter((f) => f.ignored);
}

/** "rls-disabled at m/0002_x.sql:4 — reason", for the ignored list of every format. */
export function ignoredLine(finding: Finding): string {
  const location = finding.file ? ` at ${finding.file}${finding.line ? `:${finding.line}` : ''}` : '';
  return `${finding.rule}${location}: ${finding.message} — ignored: ${finding.reason ?? 'no reason given'}`;
}

/** Every line a finding points at: `lines` when present, else `line`. */
export function findingLines(finding: Finding): number[] {
  if (finding.lines && finding.lines.length > 0) return finding.lines;
  return finding.line === undefined ? [] : [finding.line];
}

/** Past this many, lines are shown as their span and count; the JSON report keeps each. */
const LISTED_LINES = 8;

/** "123, 139, 202", or for a long list "311–375, 18 places". */
export function formatLines(lines: readonly number[]): string {
  if (lines.length <= LISTED_LINES) return lines.join(', ');
  return `${Math.min(...lines)}–${Math.max(...lines)}, ${lines.length} places`;
}

/** "line 309" / "lines 123, 160, 210" / "lines 311–375, 18 places". */
export function linesPhrase(lines: readonly number[]): string {
  return `${lines.length === 1 ? 'line' : 'lines'} ${formatLines(lines)}`;
}

/**
 * "Create `organization` (table) — created by `001.sql`: supply it with
 * `--prerequisite 001.sql` (or `prerequisites:` in migration-gate.yml); needed
 * on line 3", or with the gate's hint when no file of the repository creates
 * it. `code` renders names, paths and flags, `text` the rest (each renderer
 * escapes in its own way).
 */
export function describeAction(
  action: RequiredAction,
  code: (text: string) => string,
  text: (text: string) => string,
): string {
  // No migration creates an extension the server lacks: it has to be there.
  const verb = action.kind === 'extension' ? 'Install' : 'Create';
  const needed = action.lines.length > 0 ? `needed on ${linesPhrase(action.lines)}` : '';
  const label = `${verb} ${code(action.object)} (${text(action.kind)}) — `;
  const [first] = action.createdBy;
  if (first !== undefined) {
    const supply = text(`: supply it with \`--prerequisite ${first}\` (or \`prerequisites:\` in migration-gate.yml)`);
    return `${label}created by ${action.createdBy.map(code).join(', ')}${supply}${needed && `; ${needed}`}`;
  }
  if (action.hint) return `${label}${needed && `${needed}. `}${text(action.hint)}`;
  // Roles live in the cluster, not in a schema dump: pg_dump --schema-only has none.
  if (action.kind === 'role') {
    const create = text(
      `: production's roles are made outside migrations: add \`CREATE ROLE ${roleName(action.object)} NOLOGIN;\` to a file listed under \`prerequisites:\` in migration-gate.yml (or \`pg_dumpall --roles-only\` of production)`,
    );
    return `${label}no file in the repository creates it${create}${needed && `; ${needed}`}`;
  }
  const supply = text(
    ': add a file that does with `--prerequisite FILE`, or a schema dump of production with `--baseline FILE`',
  );
  return `${label}no file in the repository creates it${supply}${needed && `; ${needed}`}`;
}

/** `file:line:column`, as far as the finding knows it; undefined without a file. */
export function formatLocation(finding: Finding): string | undefined {
  if (!finding.file) return undefined;
  const parts: Array<string | number> = [finding.file];
  if (finding.line !== undefined) {
    parts.push(finding.line);
    if (finding.column !== undefined) parts.push(finding.column);
  }
  return parts.join(':');
}

/**
 * The critical findings, one per object. The same missing object is usually reported
 * by several tasks (readiness, integration, rls …); people need to act on it once,
 * with every line it is referenced on.
 */
export function criticalIssues(findings: readonly Finding[]): Finding[] {
  const byKey = new Map<string, Finding>();
  for (const finding of findings) {
    if (finding.severity !== 'critical') continue;
    const key = finding.object ?? `message:${finding.message}`;
    const seen = byKey.get(key);
    byKey.set(key, seen ? mergeFinding(seen, finding) : finding);
  }
  return [...byKey.values()];
}

/** Keeps the more informative finding as the face of the issue, with every line of both. */
function mergeFinding(seen: Finding, other: Finding): Finding {
  const [main, rest] = richness(other) > richness(seen) ? [other, seen] : [seen, other];
  const lines = [...new Set([...findingLines(main), ...findingLines(rest)])].sort((a, b) => a - b);
  return {
    ...main,
    lines: lines.length > 0 ? lines : undefined,
    impact: main.impact ?? rest.impact,
    excerpt: main.excerpt ?? rest.excerpt,
    ...(main.file === undefined ? { file: rest.file, line: rest.line, column: rest.column } : {}),
  };
}

// The root-cause finding (readiness) carries impact and excerpt; echoes from other
// tasks usually do not.
function richness(finding: Finding): number {
  return (finding.impact ? 2 : 0) + (finding.excerpt ? 1 : 0);
}

const ORDINALS = ['FIRST', 'SECOND', 'THIRD', 'FOURTH', 'FIFTH', 'SIXTH', 'SEVENTH', 'EIGHTH'];

/** "FIRST", "SECOND" … as in the seed's blocking gate; numeric past the eighth. */
export function ordinal(n: number): string {
  return ORDINALS[n - 1] ?? `#${n}`;
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** `parse 394 ms · apply 310 ms · …`, the steps in the order recorded. */
export function stepTimings(timings: GateReport['timings']): string {
  return Object.entries(timings)
    .filter(([name]) => name !== 'total_ms')
    .map(([name, ms]) => `${name} ${formatDuration(ms)}`)
    .join(' · ');
}

/** `total 1.23 s · apply 310 ms · …`, total first, steps in the order recorded. */
export function formatTimings(timings: GateReport['timings']): string {
  const steps = Object.entries(timings).filter(([name]) => name !== 'total_ms');
  const parts = [`total ${formatDuration(timings.total_ms)}`];
  for (const [name, ms] of steps) parts.push(`${name} ${formatDuration(ms)}`);
  return parts.join(' · ');
}

/** "migration-gate 0.1.0 · PostgreSQL 17.10 (embedded) · 2.20 s": what made the report, and how long it took. */
export function provenance(report: GateReport, version: string): string {
  return `migration-gate ${version} · ${describeDatabase(report.database)} · ${formatDuration(report.timings.total_ms)}`;
}

/** "PostgreSQL 17.5 (embedded)"; the pipeline may give a bare version number. */
export function describeDatabase(database: GateReport['database']): string {
  // `SELECT version()` is a long build string; its first words say all we need.
  const short = /PostgreSQL\s+[\w.]+/i.exec(database.version)?.[0];
  const version = short ?? `PostgreSQL ${database.version}`;
  return database.kind ? `${version} (${database.kind})` : version;
}

/** A role's name as CREATE ROLE takes it: quoted unless it is a plain lower-case word. */
function roleName(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}
