/**
 * Terminal output of the CLI (`--format text`): the verdict, the Quick Status table
 * in aligned columns, critical issues with file:line:column, other findings and the
 * required actions. Text from migrations passes through `plainLine`, which strips
 * control characters: a migration must not be able to emit its own ANSI sequences.
 */
import type { Finding, GateReport, RequiredAction, TaskStatus, Verdict } from '../types.js';
import { probeLine, sessionLabel, sharedSession, taskProbes } from './behaviour.js';
import { plainLine } from './escape.js';
import { MAX_TRACE_ROWS, traceRows } from './trace.js';
import {
  COMPONENT_NAMES,
  allFindings,
  ignoredFindings,
  ignoredLine,
  criticalIssues,
  describeAction,
  describeDatabase,
  findingLines,
  formatLines,
  formatLocation,
  formatTimings,
  orderedTasks,
} from './summary.js';

export interface TextOptions {
  /** ANSI colours; the caller decides (TTY, NO_COLOR, FORCE_COLOR). */
  color: boolean;
}

const ANSI = {
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  red: '\u001b[31m',
  green: '\u001b[32m',
  yellow: '\u001b[33m',
} as const;
const RESET = '\u001b[0m';
type Style = keyof typeof ANSI;
type Paint = (style: Style, text: string) => string;

const STATUS_STYLES: Record<TaskStatus, Style> = {
  PASS: 'green',
  WARN: 'yellow',
  FAIL: 'red',
  BLOCKED: 'red',
  'N/A': 'dim',
};
const VERDICT_STYLES: Record<Verdict, Style> = { APPROVED: 'green', BLOCKED: 'red' };

export function renderText(report: GateReport, options: TextOptions): string {
  const paint: Paint = (style, text) => (options.color ? `${ANSI[style]}${text}${RESET}` : text);
  const sections = [
    header(report, paint),
    statusTable(report, paint),
    criticalSection(report, paint),
    otherFindings(report, paint),
    notesSection(report, paint),
    traceSection(report, paint),
    behaviourSection(report, paint),
    ignoredSection(report, paint),
    actionsSection(report.requiredActions, paint),
    footer(report, paint),
  ];
  return `${sections.filter((s) => s !== '').join('\n\n')}\n`;
}

function header(report: GateReport, paint: Paint): string {
  const verdict = paint(VERDICT_STYLES[report.verdict], report.verdict);
  return [
    `${paint('bold', `Migration ${plainLine(report.target)}`)} — ${verdict}`,
    paint('dim', `Database: ${plainLine(describeDatabase(report.database))}`),
  ].join('\n');
}

function statusTable(report: GateReport, paint: Paint): string {
  const rows = orderedTasks(report).map((task) => ({
    component: COMPONENT_NAMES[task.id] ?? plainLine(task.title),
    status: task.status,
    details: plainLine(task.summary),
  }));
  const componentWidth = Math.max('Component'.length, ...rows.map((r) => r.component.length));
  const statusWidth = Math.max('Status'.length, ...rows.map((r) => r.status.length));
  // Pad before painting: escape codes have no width but do have length.
  const line = (component: string, status: string, styled: string, details: string): string =>
    `${component.padEnd(componentWidth)}  ${styled}${' '.repeat(statusWidth - status.length)}  ${details}`.trimEnd();
  const head = paint('bold', line('Component', 'Status', 'Status', 'Details'));
  const body = rows.map((r) => line(r.component, r.status, paint(STATUS_STYLES[r.status], r.status), r.details));
  return [head, ...body].join('\n');
}

function criticalSection(report: GateReport, paint: Paint): string {
  const issues = criticalIssues(allFindings(report));
  if (issues.length === 0) return '';
  const items = issues.map((finding, i) => {
    const lines = [`  ${paint('red', `${i + 1}. CRITICAL`)} ${plainLine(finding.message)}`];
    const where = whereText(finding);
    if (where) lines.push(`     ${where}`);
    if (finding.impact) lines.push(`     Impact: ${plainLine(finding.impact)}`);
    lines.push(...notes(finding, '     '));
    return lines.join('\n');
  });
  return [paint('bold', 'Critical issues'), ...items].join('\n');
}

/** A terminal is no place for hundreds of lines: the first few, then a count. */
const MAX_OTHER_FINDINGS = 12;

function otherFindings(report: GateReport, paint: Paint): string {
  // Objects that were never created are already counted in the status table.
  const relevant = allFindings(report).filter(
    (f) => (f.severity === 'error' || f.severity === 'warning') && f.rule !== 'not-created',
  );
  if (relevant.length === 0) return '';
  const shown = relevant.slice(0, MAX_OTHER_FINDINGS);
  const items = shown.map((finding) =>
    findingItem(finding, paint(finding.severity === 'error' ? 'red' : 'yellow', finding.severity.padEnd(7)), paint),
  );
  if (relevant.length > shown.length) {
    items.push(
      paint('dim', `  … and ${relevant.length - shown.length} more (--format markdown or json lists them all)`),
    );
  }
  return [paint('bold', 'Other findings'), ...items].join('\n');
}

/** Few, but some qualify the verdict (`no-test-data`: an empty table could not show a data-dependent failure). */
const MAX_NOTES = 5;

function notesSection(report: GateReport, paint: Paint): string {
  const infos = allFindings(report).filter((f) => f.severity === 'info');
  if (infos.length === 0) return '';
  const items = infos.slice(0, MAX_NOTES).map((finding) => findingItem(finding, paint('dim', 'info'.padEnd(7)), paint));
  if (infos.length > MAX_NOTES) {
    items.push(paint('dim', `  … and ${infos.length - MAX_NOTES} more (--format markdown or json lists them all)`));
  }
  return [paint('bold', 'Notes'), ...items].join('\n');
}

function traceSection(report: GateReport, paint: Paint): string {
  const rows = traceRows(report);
  if (rows.length === 0) return '';
  const shown = rows.slice(0, MAX_TRACE_ROWS).map((row) => {
    const where = `line ${row.line}`.padEnd(10);
    return `  ${where}${plainLine(row.statement)} — ${plainLine(row.lock)}\n${' '.repeat(12)}${plainLine(row.impact)}`;
  });
  if (rows.length > shown.length) {
    shown.push(paint('dim', `  … and ${rows.length - shown.length} more (--format json lists every statement)`));
  }
  return [paint('bold', 'Existing tables'), ...shown].join('\n');
}

/** Probes per task; a terminal gets the first few of each task, and the count of the rest. */
const MAX_PROBES_PER_TASK = 8;

function behaviourSection(report: GateReport, paint: Paint): string {
  const blocks = orderedTasks(report).flatMap((task) => {
    const probes = taskProbes(report, task.id);
    if (probes.length === 0) return [];
    const shared = sharedSession(probes);
    const head = `  ${plainLine(task.title)}${shared ? paint('dim', ` — ${plainLine(sessionLabel(shared))}`) : ''}`;
    // Failures first: they are what a reader looks for.
    const ordered = [
      ...probes.filter((p) => p.outcome === 'fail' || p.outcome === 'warn'),
      ...probes.filter((p) => p.outcome !== 'fail' && p.outcome !== 'warn'),
    ];
    const shown = ordered.slice(0, MAX_PROBES_PER_TASK).map((p) => `    ${plainLine(probeLine(p, shared))}`);
    if (ordered.length > shown.length)
      shown.push(paint('dim', `    … and ${ordered.length - shown.length} more (report.json: probes)`));
    return [[head, ...shown].join('\n')];
  });
  return blocks.length === 0 ? '' : [paint('bold', 'Behaviour (probes)'), ...blocks].join('\n');
}

function ignoredSection(report: GateReport, paint: Paint): string {
  const ignored = ignoredFindings(report);
  if (ignored.length === 0) return '';
  return [paint('bold', 'Ignored'), ...ignored.map((f) => paint('dim', `  ${plainLine(ignoredLine(f))}`))].join('\n');
}

function whereText(finding: Finding): string {
  const location = formatLocation(finding);
  const lines = findingLines(finding);
  const parts: string[] = [];
  if (location) parts.push(`at ${plainLine(location)}`);
  if (lines.length > 1) parts.push(`lines ${formatLines(lines)}`);
  return parts.join(' · ');
}

/** PostgreSQL's DETAIL and the hint, indented under the finding. */
/** One finding in a list: its label, place, message and rule, then its detail and hint. */
function findingItem(finding: Finding, label: string, paint: Paint): string {
  const location = formatLocation(finding);
  const at = location ? `${plainLine(location)}  ` : '';
  const line = `  ${label}  ${at}${plainLine(finding.message)} ${paint('dim', `[${finding.rule}]`)}`;
  return [line, ...notes(finding, ' '.repeat(13))].join('\n');
}

function notes(finding: Finding, indent: string): string[] {
  const lines: string[] = [];
  if (finding.detail) lines.push(`${indent}Detail: ${plainLine(finding.detail)}`);
  if (finding.hint) lines.push(`${indent}Hint: ${plainLine(finding.hint)}`);
  return lines;
}

function actionsSection(actions: RequiredAction[], paint: Paint): string {
  if (actions.length === 0) return '';
  const items = actions.map((action, i) => `  ${i + 1}. ${describeAction(action, plainLine, plainLine)}`);
  return [paint('bold', 'Required actions'), ...items].join('\n');
}

function footer(report: GateReport, paint: Paint): string {
  const verdict = report.verdict === 'BLOCKED' ? 'BLOCKED — do not deploy' : 'APPROVED — safe to deploy';
  return `${paint(VERDICT_STYLES[report.verdict], verdict)}  ${paint('dim', formatTimings(report.timings))}`;
}
