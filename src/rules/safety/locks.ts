/**
 * Statements that block traffic on tables that existed before: what the
 * statement says it does (the parse) is matched with what the server did to
 * the table (the trace) — a rewrite is a new file, a validation or a check is
 * a sequential scan, an index build is a SHARE lock. A table the migration
 * created itself holds no lock from before, so nothing it does there counts.
 */
import type { TableChange } from '../../migrations/changes.js';
import { atLeast } from '../../observe/locks.js';
import type { Work } from '../../observe/projection.js';
import { impactOf, shortName, strongestHeld, type TracedStatement } from '../../observe/summary.js';
import { statementLabel } from '../../migrations/labels.js';
import type { Finding } from '../../types.js';
import type { RuleId } from '../catalogue.js';
import { finding, heldRelation, severityFor, type SafetyContext } from './context.js';

interface Verdict {
  rule: RuleId;
  work: Work;
  message: string;
}

export function lockFindings(context: SafetyContext): Finding[] {
  return context.trace.statements.filter((t) => !t.unobserved).flatMap((traced) => statementFindings(context, traced));
}

function statementFindings(context: SafetyContext, traced: TracedStatement): Finding[] {
  const found: Finding[] = [];
  const explained = new Set<string>();
  const report = (relation: string, verdict: Verdict, position = traced.statement.start): void => {
    explained.add(relation);
    found.push(
      finding(context, verdict.rule, traced.statement, position, {
        severity: severityFor(verdict.rule, verdict.work, context.trace.rows(relation)),
        message: verdict.message,
        object: relation,
        ...optional('impact', impactOf(context.trace, traced, relation, verdict.work)),
      }),
    );
  };
  for (const change of traced.statement.changes ?? []) {
    const relation = heldRelation(traced, change.table);
    if (!relation || explained.has(relation)) continue;
    // Its scan is the NOT NULL check, which fails on any row: required-column.ts says so, and that is what matters.
    if (change.kind === 'add-column' && change.required) {
      explained.add(relation);
      continue;
    }
    const verdict = changeVerdict(change, traced, relation);
    if (verdict) report(relation, verdict, change.position);
  }
  const label = statementLabel(traced.statement.kind);
  for (const relation of traced.rewritten) {
    if (explained.has(relation) || strongestHeld(traced, relation) !== 'ACCESS EXCLUSIVE') continue;
    const message = `${label} rewrites ${shortName(relation)} under ACCESS EXCLUSIVE`;
    report(relation, { rule: 'rewrite-under-access-exclusive', work: 'rewrite', message });
  }
  for (const scan of traced.scanned) {
    const { relation } = scan;
    if (explained.has(relation) || traced.rewritten.includes(relation)) continue;
    if (strongestHeld(traced, relation) !== 'ACCESS EXCLUSIVE' || !readsAll(traced, scan)) continue;
    const message = `${label} reads all of ${shortName(relation)} while ACCESS EXCLUSIVE is held on it`;
    report(relation, { rule: 'scan-under-access-exclusive', work: 'scan', message });
  }
  return found;
}

function changeVerdict(change: TableChange, traced: TracedStatement, relation: string): Verdict | undefined {
  const rewritten = traced.rewritten.includes(relation);
  const scanned = traced.scanned.some((s) => s.relation === relation);
  const mode = strongestHeld(traced, relation) ?? 'ACCESS SHARE';
  const table = shortName(relation);
  switch (change.kind) {
    case 'add-column':
      if (!change.filled || !rewritten) return undefined;
      return {
        rule: 'volatile-default',
        work: 'rewrite',
        message: `ADD COLUMN ${change.column} computes a value for every existing row of ${table}: the table is rewritten under ${mode}`,
      };
    case 'alter-column-type':
      if (!rewritten && !scanned) return undefined;
      return {
        rule: 'column-type-change',
        work: rewritten ? 'rewrite' : 'scan',
        message: `changing the type of ${table}.${change.column} ${rewritten ? 'rewrites' : 're-checks every row of'} the table under ${mode}`,
      };
    case 'set-not-null':
      if (!scanned || rewritten) return undefined;
      return {
        rule: 'set-not-null-scan',
        work: 'scan',
        message: `SET NOT NULL on ${table}.${change.column} reads every row under ${mode}`,
      };
    case 'add-constraint':
      return constraintVerdict(change, { scanned, mode, table });
    case 'create-index':
      if (change.concurrent || !atLeast(mode, 'SHARE')) return undefined;
      return {
        rule: 'index-not-concurrent',
        work: 'index',
        message: `CREATE INDEX on ${table}, which existed before, blocks writes while the index builds (${mode})`,
      };
    default:
      return undefined;
  }
}

function constraintVerdict(
  change: Extract<TableChange, { kind: 'add-constraint' }>,
  { scanned, mode, table }: { scanned: boolean; mode: string; table: string },
): Verdict | undefined {
  const name = change.name ? ` ${change.name}` : '';
  if (change.constraint === 'foreign-key' || change.constraint === 'check') {
    if (!change.validated || !scanned) return undefined;
    const what = change.constraint === 'foreign-key' ? 'FOREIGN KEY' : 'CHECK';
    return {
      rule: 'constraint-validated-under-lock',
      work: change.constraint === 'foreign-key' ? 'validate' : 'scan',
      message: `${what}${name} is checked against every existing row of ${table} under ${mode}`,
    };
  }
  if (change.usingIndex || !scanned) return undefined;
  return {
    rule: 'index-not-concurrent',
    work: 'index',
    message: `ADD CONSTRAINT${name} builds its index on ${table}, which existed before, under ${mode}`,
  };
}

/** Plain data statements count as reading the whole table when they change at least half of what they read. */
const DATA_KINDS = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'SelectStmt', 'MergeStmt']);

/**
 * On a few rows of test data the planner scans where production would use an
 * index; a statement that changes most of what it reads (a backfill) reads it
 * all on any data.
 */
function readsAll(traced: TracedStatement, scan: TracedStatement['scanned'][number]): boolean {
  if (!DATA_KINDS.has(traced.statement.kind)) return true;
  return scan.rowsRead > 0 && scan.rowsChanged * 2 >= scan.rowsRead;
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
