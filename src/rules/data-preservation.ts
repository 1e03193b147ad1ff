/**
 * Data preservation as the reports show it: the findings of data-loss.ts,
 * the note that empty tables hide data-dependent failures, the tables the
 * row generator could not fill, a readiness check with one short line, and
 * the report's `data` section with the counts per table.
 */
import type { Generation } from '../fixtures/generate.js';
import type { ObjectName } from '../migrations/model.js';
import { show } from '../migrations/names.js';
import { MAX_ROWS, READ_BUDGET_MS, type TableCount } from '../observe/table-data.js';
import type { Check, DataReport, DataTable, Finding, TaskResult } from '../types.js';
import { conversionFindings } from './conversions.js';
import { lossFindings, resolveTable, roundTripFindings, split, type DataEvidence } from './data-loss.js';
import { rowChange } from './row-change.js';

export interface DataJudgement {
  /** The readiness check and its findings; unset when no table existed before the migration. */
  readiness?: { check: Check; findings: Finding[] };
  rollback: Finding[];
  report?: DataReport;
}

export interface DataContext {
  generation?: Generation;
  /** `fixtures: generate` was asked for. */
  generate: boolean;
  /** What the caller knows could not be done (generation refused, the round trip elsewhere). */
  notes: string[];
}

/** Statements that read or change the rows of an existing table (not those that merely point a new key at it). */
const WORKS_ON = new Set(['alter', 'from', 'index-table']);

export function judgeData(evidence: DataEvidence, context: DataContext): DataJudgement {
  const rollback = roundTripFindings(evidence);
  if (evidence.here.before.size === 0) return { rollback };
  const findings = [
    ...lossFindings(evidence),
    ...conversionFindings(evidence),
    ...(context.generation?.unfilled ?? []).map<Finding>((u) => ({
      severity: 'info',
      rule: 'fixture-not-generated',
      message: `fixtures: generate inserted no row into ${show(split(u.table))}: ${u.reason}`,
      object: show(split(u.table)),
      task: 'readiness',
    })),
  ];
  const empty = noTestData(evidence, context);
  if (empty) findings.push(empty);
  const report = dataReport(evidence, context);
  const check = dataCheck(findings, report);
  return { readiness: { check, findings }, rollback, report: summarised(report, workedOn(evidence)) };
}

/** The existing tables whose rows the target reads or changes. */
function workedOn(evidence: DataEvidence): Set<string> {
  const worked = new Set<string>();
  // The rows of a data file share their table's name (src/migrations/light-statement.ts): it is resolved once.
  const seen = new Set<ObjectName>();
  for (const s of evidence.target.statements) {
    for (const { object, role } of s.references) {
      if (object.kind !== 'table' || !WORKS_ON.has(role) || seen.has(object)) continue;
      seen.add(object);
      worked.add(resolveTable(evidence, object));
    }
  }
  return worked;
}

function noTestData(evidence: DataEvidence, context: DataContext): Finding | undefined {
  if (!evidence.exact) return undefined;
  const empty = [...workedOn(evidence)].filter((name) => evidence.here.before.get(name)?.rows === 0);
  if (empty.length === 0) return undefined;
  return {
    severity: 'info',
    rule: 'no-test-data',
    message: `no rows in ${empty.map((n) => show(split(n))).join(', ')} before the migration: failures that depend on existing rows (SET NOT NULL or a CHECK over them, a unique index over duplicates, a type change that cannot cast, a DELETE or UPDATE that takes too much) cannot show here`,
    file: evidence.target.file,
    task: 'readiness',
    hint: context.generate
      ? 'fixtures: generate could not fill them (see fixture-not-generated): give them rows in a fixture file'
      : 'add fixtures (fixtures: in migration-gate.yml, --fixture) or set fixtures: generate',
  };
}

/**
 * Past this many existing tables (a long history), the report lists only the
 * tables the target works on and those whose rows or checksums moved; the
 * others are summed up in `unchanged`, so the report stays small.
 */
export const LISTED_TABLES = 100;

function dataReport(evidence: DataEvidence, context: DataContext): DataReport {
  const { here, exact } = evidence;
  const trip = evidence.roundTrip;
  const tables = [...here.before].map(([name, before]): DataTable => {
    const after = here.after?.get(name);
    const again = trip?.afterRoundTrip?.get(name);
    const change = after && rowChange(before, after, exact);
    const sums = exact
      ? { before: checksum(before), after: checksum(after), afterRoundTrip: checksum(again) }
      : { before: undefined, after: undefined, afterRoundTrip: undefined };
    return {
      table: show(split(name)),
      before: change?.before ?? before.rows ?? before.estimate,
      after: change?.after,
      afterRoundTrip: again?.rows,
      approximate: !exact || change?.approximate || before.capped || undefined,
      checksum: sums.before || sums.after || sums.afterRoundTrip ? sums : undefined,
      changed: change?.changed || undefined,
      gone: here.after && !after ? true : undefined,
    };
  });
  const notes = [
    ...(exact
      ? []
      : [
          'a database the gate must not change: no table was read before the migration (its lock would be held for the whole run); counts are the planner’s estimates and the transaction’s own row counters, without checksums',
        ]),
    ...context.notes,
  ];
  const capped = [...here.before].filter(([, c]) => c.capped).map(([n]) => show(split(n)));
  if (capped.length > 0) {
    notes.push(`over ${MAX_ROWS} rows, counted up to ${MAX_ROWS + 1} and not checksummed: ${capped.join(', ')}`);
  }
  const moments = [here.before, here.after, trip?.afterRoundTrip].flatMap((m) => (m ? [...m] : []));
  const unread = [...new Set(moments.filter(([, c]) => c.unread).map(([n]) => show(split(n))))];
  if (unread.length > 0) {
    notes.push(
      `not read (the ${READ_BUDGET_MS / 1000} s budget for reading rows ran out, or the server refused the read): ${unread.join(', ')}`,
    );
  }
  const generated = context.generation?.filled.map((f) => ({ table: show(split(f.table)), rows: f.rows }));
  return { counting: exact ? 'exact' : 'estimated', tables, ...(generated?.length ? { generated } : {}), notes };
}

function summarised(report: DataReport, worked: Set<string>): DataReport {
  if (report.tables.length <= LISTED_TABLES) return report;
  const listed = new Set([...worked].map((name) => show(split(name))));
  const tables: DataTable[] = [];
  const unchanged = { tables: 0, rows: 0 };
  for (const table of report.tables) {
    if (listed.has(table.table) || moved(table)) tables.push(table);
    else {
      unchanged.tables++;
      unchanged.rows += table.before ?? 0;
    }
  }
  const { counting, generated, notes } = report;
  return { counting, tables, unchanged, ...(generated ? { generated } : {}), notes };
}

/** Rows or checksums that differ between the moments read, or a table the migration dropped or renamed. */
function moved(table: DataTable): boolean {
  const { before, after, afterRoundTrip, checksum: sums } = table;
  const counts = [after, afterRoundTrip].some((n) => n !== undefined && n !== before);
  const sumsMoved = [sums?.after, sums?.afterRoundTrip].some((s) => s !== undefined && s !== sums?.before);
  return counts || sumsMoved || table.changed !== undefined || table.gone === true;
}

/** One line for the readiness task: the tables whose rows changed, or that nothing did. */
function dataCheck(findings: Finding[], report: DataReport): Check {
  const live = findings.filter((f) => f.rule === 'mass-delete' || f.rule === 'mass-update');
  const compared = report.tables.some((t) => t.after !== undefined);
  const status = live.some((f) => f.severity === 'error')
    ? 'FAIL'
    : live.length > 0
      ? 'WARN'
      : findings.length > 0 || !compared
        ? 'INFO'
        : 'PASS';
  const total = report.tables.reduce((sum, t) => sum + (t.before ?? 0), 0);
  const approx = report.counting === 'estimated' ? '≈ ' : '';
  const head = `${report.tables.length} existing table(s), ${approx}${total} row(s) before the migration`;
  const moved = report.tables.flatMap((t) => {
    if (t.gone) return [];
    const counts = t.after !== undefined && t.after !== t.before ? [`${t.table} ${t.before} → ${t.after}`] : [];
    const values = t.changed ? [`${t.table}: ${t.changed} row(s) changed`] : [];
    const trip =
      t.afterRoundTrip !== undefined && t.afterRoundTrip !== t.after
        ? [`${t.table} ${t.afterRoundTrip} after down and up again`]
        : [];
    return [...counts, ...values, ...trip];
  });
  const tail = !compared
    ? 'not compared: the migration did not apply'
    : moved.length > 0
      ? moved.slice(0, 5).join('; ') + (moved.length > 5 ? ` (+${moved.length - 5} more)` : '')
      : total === 0
        ? 'all empty: nothing to compare'
        : 'row counts and contents unchanged';
  return { name: 'Existing data preserved', status, finding: `${head}: ${tail}` };
}

/** The order-independent checksum of a table's rows: the sum of their hashes, modulo 2⁶⁴. */
export function checksum(count: TableCount | undefined): string | undefined {
  if (!count?.hashes) return undefined;
  let sum = 0n;
  for (const h of count.hashes) sum = (sum + BigInt(`0x${h}`)) & 0xffff_ffff_ffff_ffffn;
  return sum.toString(16).padStart(16, '0');
}

/** The round trip's data findings join the rollback task: an error fails it, a warning makes a PASS a WARN. */
export function withRollbackFindings(tasks: TaskResult[], findings: Finding[]): TaskResult[] {
  if (findings.length === 0) return tasks;
  return tasks.map((task) => {
    if (task.id !== 'rollback' || task.status === 'N/A' || task.status === 'BLOCKED') return task;
    const failing = findings.some((f) => f.severity === 'error' || f.severity === 'critical');
    const status = failing ? 'FAIL' : task.status === 'PASS' ? 'WARN' : task.status;
    const summary = task.status === 'PASS' ? findings[0]!.message : task.summary;
    return { ...task, status, summary, findings: [...task.findings, ...findings] };
  });
}
