/**
 * The Markdown report (PR comment, job summary, report.md), shaped like the seed's
 * executive summary: title, Quick Status table, critical issues, required actions,
 * detailed results per task, blocking gate. Every value taken from the report is
 * escaped (see escape.ts); only the renderer's own syntax is written raw.
 */
import { TASK_IDS } from '../types.js';
import type { Check, Finding, GateReport, RequiredAction, TaskResult } from '../types.js';
import { codeFence, escapeInline, escapeInlineWithCode, escapeTableCell, inlineCode } from './escape.js';
import { fitMarkdown, type Chunk } from './fit.js';
import { MAX_TRACE_ROWS, traceRows } from './trace.js';
import { probeLine, sessionLabel, sharedSession, taskProbes } from './behaviour.js';
import { VERSION } from '../version.js';

export { TRUNCATION_NOTE } from './fit.js';
import {
  CHECK_LABELS,
  COMPONENT_NAMES,
  SEVERITY_EMOJI,
  STATUS_EMOJI,
  allFindings,
  ignoredFindings,
  ignoredLine,
  criticalIssues,
  describeAction,
  describeDatabase,
  findingLines,
  formatLines,
  formatLocation,
  ordinal,
  provenance,
  stepTimings,
  orderedTasks,
  statusLabel,
  taskNumber,
} from './summary.js';

export interface MarkdownOptions {
  /** Upper bound on the length of the result (GitHub comments: 65536). */
  maxLength?: number;
  /** Fold everything below the Quick Status table into a `<details>` element. */
  collapseDetails?: boolean;
  /** Written as the first line, e.g. a hidden HTML comment that finds a sticky comment. */
  marker?: string;
}

export function renderMarkdown(report: GateReport, options: MarkdownOptions = {}): string {
  return fitMarkdown({
    head: renderHead(report, options.marker),
    chunks: [
      ...criticalSection(report),
      ...requiredActionsSection(report),
      ...detailsSection(report),
      ...traceSection(report),
      ...ignoredSection(report),
      ...blockingGateSection(report),
    ],
    footer: `\n\n---\n\n<sub>${escapeInline([provenance(report, VERSION), stepTimings(report.timings)].filter(Boolean).join(' — '))}</sub>\n`,
    collapse: options.collapseDetails ?? false,
    maxLength: options.maxLength ?? Number.POSITIVE_INFINITY,
  });
}

function renderHead(report: GateReport, marker: string | undefined): string {
  const blocked = report.verdict === 'BLOCKED';
  const lines = [
    ...(marker ? [marker] : []),
    `# Migration ${escapeInline(report.target)} — ${blocked ? '❌ BLOCKED' : '✅ APPROVED'}`,
    '',
    // A trailing backslash is a hard line break; plain newlines collapse outside comments.
    `**Database:** ${escapeInline(describeDatabase(report.database))}\\`,
    `**Overall Status:** ${blocked ? '❌ BLOCKED — NOT APPROVED FOR DEPLOYMENT' : '✅ APPROVED'}`,
    '',
    '## Quick Status',
    '',
    '| Component | Status | Details |',
    '|-----------|--------|---------|',
    ...orderedTasks(report).map(quickStatusRow),
    '',
    `**OVERALL:** ${blocked ? '❌ NOT APPROVED' : '✅ APPROVED'}`,
  ];
  return lines.join('\n');
}

function quickStatusRow(task: TaskResult): string {
  const component = escapeTableCell(COMPONENT_NAMES[task.id] ?? task.title);
  return `| ${component} | ${statusLabel(task.status)} | ${escapeTableCell(task.summary)} |`;
}

function section(title: string): Chunk {
  return { text: `\n\n---\n\n## ${title}` };
}

/** Grouped by file when they are in several (an earlier migration, a prerequisite, the target). */
function criticalSection(report: GateReport): Chunk[] {
  const found = criticalIssues(allFindings(report));
  if (found.length === 0) return [];
  const files = [...new Set(found.map((f) => f.file ?? ''))];
  const issues = files.flatMap((file) => found.filter((f) => (f.file ?? '') === file));
  const items = issues.map((f, i) => {
    const first = files.length > 1 && (i === 0 || (issues[i - 1]!.file ?? '') !== (f.file ?? ''));
    const heading = first ? `\n\n**In ${f.file ? inlineCode(f.file) : 'no file'}:**` : '';
    return { text: `${heading}\n\n${criticalIssue(f, i + 1)}`, group: 'critical' };
  });
  return [section('Critical Issues Found'), ...items];
}

function criticalIssue(finding: Finding, n: number): string {
  const facts: string[] = [];
  if (finding.impact) facts.push(`**Impact:** ${escapeInline(finding.impact)}`);
  const lines = findingLines(finding);
  if (lines.length > 0) facts.push(`**Lines:** ${formatLines(lines)}`);
  const location = formatLocation(finding);
  if (location) facts.push(`**File:** ${inlineCode(location)}`);
  facts.push(...notes(finding));
  const blocks = [`### ${n}. CRITICAL: ${escapeInline(finding.message)}`];
  if (facts.length > 0) blocks.push(facts.join('\\\n'));
  // The statement is there for whoever wants it; folded, it keeps the list of issues short.
  if (finding.excerpt)
    blocks.push(`<details><summary>SQL</summary>\n\n${codeFence(finding.excerpt, 'sql')}\n\n</details>`);
  return blocks.join('\n\n');
}

function requiredActionsSection(report: GateReport): Chunk[] {
  if (report.requiredActions.length === 0) return [];
  const items = report.requiredActions.map((action, i) => ({
    text: `${i === 0 ? '\n\n' : '\n'}${i + 1}. ${requiredAction(action)}`,
  }));
  return [section('Required Actions'), ...items];
}

function requiredAction(action: RequiredAction): string {
  return describeAction(action, (text) => inlineCode(text), escapeInlineWithCode);
}

/** PostgreSQL's DETAIL and the hint, when the finding has them. */
function notes(finding: Finding): string[] {
  const lines: string[] = [];
  if (finding.detail) lines.push(`**Detail:** ${escapeInline(finding.detail)}`);
  if (finding.hint) lines.push(`**Hint:** ${escapeInlineWithCode(finding.hint)}`);
  return lines;
}

function objectLabel(action: RequiredAction): string {
  return `${inlineCode(action.object)} (${escapeInline(action.kind)})`;
}

function detailsSection(report: GateReport): Chunk[] {
  const critical = new Set(criticalIssues(allFindings(report)).flatMap((f) => (f.object ? [f.object] : [])));
  return [
    section('Detailed Verification Results'),
    ...orderedTasks(report).flatMap((task) => [...taskChunks(task, critical), ...behaviourChunks(report, task)]),
  ];
}

/**
 * A foreign key that points at a missing table says again what the critical
 * issue about that table says: the missing object is listed once, up there.
 */
function missingElsewhere(finding: Finding, critical: ReadonlySet<string>): boolean {
  if (finding.rule !== 'foreign-key-target-missing') return false;
  const target = /→ (.+)\.[^.]+ \(MISSING TARGET\)$/.exec(finding.message)?.[1];
  return target !== undefined && critical.has(target);
}

/** The task's heading and status always survive truncation; checks and findings may not. */
function taskChunks(task: TaskResult, critical: ReadonlySet<string>): Chunk[] {
  const group = `task:${task.id}`;
  const title = `### Validation Task ${taskNumber(task.id)}: ${escapeInline(task.title)} ${STATUS_EMOJI[task.status]}`;
  const status = `**Status:** ${statusLabel(task.status)}\\\n**Finding:** ${escapeInline(task.summary)}`;
  const checks = (task.checks ?? []).map((check, i) => ({
    text: `\n\n${checkBlock(check, i + 1)}`,
    group,
  }));
  // The label keeps the findings list from merging into the last check's list.
  const findings = task.findings
    .filter((finding) => !finding.ignored && !missingElsewhere(finding, critical))
    .map((finding, i) => ({
      text: `${i === 0 ? '\n\n**Findings:**\n' : '\n'}${findingItem(finding)}`,
      group,
    }));
  return [{ text: `\n\n${title}\n\n${status}` }, ...checks, ...findings];
}

/** What the probes exercised for this task, as whom, and how it came out. */
function behaviourChunks(report: GateReport, task: TaskResult): Chunk[] {
  const probes = taskProbes(report, task.id);
  if (probes.length === 0) return [];
  const shared = sharedSession(probes);
  const who = shared ? ` ${escapeInline(sessionLabel(shared))}` : '';
  const group = `task:${task.id}`;
  return [
    { text: `\n\n**Behaviour**${who}:\n`, group },
    ...probes.map((probe) => ({ text: `\n- ${escapeInline(probeLine(probe, shared))}`, group })),
  ];
}

function checkBlock(check: Check, n: number): string {
  return [
    `**Check ${n}: ${escapeInline(check.name)}**`,
    `- Result: ${CHECK_LABELS[check.status]}`,
    `- Finding: ${escapeInline(check.finding)}`,
  ].join('\n');
}

/** Critical findings show their detail and hint under Critical Issues; the others show them here. */
function findingItem(finding: Finding): string {
  const object = finding.object ? `**${escapeInline(finding.object)}** — ` : '';
  const location = formatLocation(finding);
  const where = location ? ` (${inlineCode(location)})` : '';
  const item = `- ${SEVERITY_EMOJI[finding.severity]} ${object}${escapeInline(finding.message)}${where}`;
  const below = finding.severity === 'critical' ? [] : notes(finding).map((note) => `\n  - ${note}`);
  return `${item}${below.join('')}`;
}

/** One row per statement that did something to a table that existed before; the longest tables are cut. */
function traceSection(report: GateReport): Chunk[] {
  const rows = traceRows(report);
  if (rows.length === 0) return [];
  const head = [
    '\n\nWhat each statement did to tables that existed before the migration, as the server reported it;',
    'locks were held that long on the test data, sizes come from `table_sizes:` or the planner.',
    '\n| Line | Statement | Strongest lock | What it means at production size |\n|---:|---|---|---|',
  ].join('\n');
  const shown = rows.slice(0, MAX_TRACE_ROWS).map((row) => ({
    text: `\n| ${row.line} | ${escapeTableCell(row.statement)} | ${escapeTableCell(row.lock)} | ${escapeTableCell(row.impact)} |`,
    group: 'trace',
  }));
  const more = rows.length - shown.length;
  const rest = more > 0 ? [{ text: `\n\n_… and ${more} more statement(s): report.json lists every one._` }] : [];
  return [section('Existing Tables'), { text: head }, ...shown, ...rest];
}

function ignoredSection(report: GateReport): Chunk[] {
  const ignored = ignoredFindings(report);
  if (ignored.length === 0) return [];
  const items = ignored.map((f) => ({ text: `\n- ${escapeInline(ignoredLine(f))}`, group: 'ignored' }));
  return [section('Ignored Findings'), { text: '\n' }, ...items];
}

function blockingGateSection(report: GateReport): Chunk[] {
  if (report.verdict !== 'BLOCKED') return [];
  const steps = report.requiredActions.map(
    (action, i) =>
      `${objectLabel(action)} is ${action.kind === 'extension' ? 'available' : 'created'} ← MUST DO ${ordinal(i + 1)}`,
  );
  steps.push(`Migration ${escapeInline(report.target)} is successfully applied ← THEN THIS`);
  steps.push(`All ${TASK_IDS.length} validation tasks pass ← THEN VERIFY`);
  const list = steps.map((step, i) => `${i + 1}. ${step}`).join('\n');
  const text = ['**DO NOT PROCEED TO APPLICATION DEPLOYMENT**', '**This gate remains in place until:**', list].join(
    '\n\n',
  );
  return [section('Blocking Gate'), { text: `\n\n${text}` }];
}
