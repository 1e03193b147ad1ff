/**
 * What the safety rules see — the target as parsed, the trace of what the
 * server did while it applied, the catalog before and after — and the
 * helpers they share: finding a table the parser names among the relations
 * the server locked, the severity that follows production size, and the
 * finding itself, placed by the parser.
 */
import type { CatalogSnapshot } from '../../catalog/model.js';
import type { QualifiedName } from '../../migrations/ast.js';
import type { ParsedSql, Statement } from '../../migrations/model.js';
import type { Truncation } from '../../observe/model.js';
import { seconds, type Projection, type Work } from '../../observe/projection.js';
import type { TracedStatement, TraceView } from '../../observe/summary.js';
import type { Finding, Severity, SourcePosition, TaskId } from '../../types.js';
import { RULES, type RuleId } from '../catalogue.js';
import { excerpt } from '../../readiness/missing.js';
import { concurrentIndexAdvice } from '../../layouts/concurrently.js';
import type { ToolName } from '../../layouts/model.js';

export interface SafetyContext {
  target: ParsedSql;
  /** The statements that ran to completion (all of them when the migration applied). */
  ran: Statement[];
  trace: TraceView;
  /** The relations (`schema.name`) that existed before the migration. */
  existing: ReadonlySet<string>;
  truncations: Truncation[];
  before: CatalogSnapshot;
  /** Absent when the migration failed. */
  after?: CatalogSnapshot;
  /** Settings the tool's runner has in production (`session:`), e.g. a lock_timeout. */
  session: Record<string, string>;
  /** The migration tool: a hint says how to do it safely in its terms. */
  tool: ToolName;
}

/** The relation a name written in the migration refers to, among those the statement held locks on. */
export function heldRelation(traced: TracedStatement, name: QualifiedName): string | undefined {
  return [...traced.held.keys()].find((relation) => sameRelation(relation, name));
}

export function sameRelation(relation: string, name: QualifiedName): boolean {
  const dot = relation.indexOf('.');
  const [schema, table] = [relation.slice(0, dot), relation.slice(dot + 1)];
  return table === name.name && (name.schema === undefined || name.schema === schema);
}

/**
 * The catalogue's severity is for traffic blocked ten seconds or more at
 * production size. Shorter blocks warn, those under a second inform; an
 * unknown size warns (the gate cannot tell, so it must not block).
 */
export function severityFor(rule: RuleId, work: Work, rows: Projection | undefined): Severity {
  if (!rows) return 'warning';
  const blocked = seconds(work, rows.rows);
  if (blocked >= 10) return RULES[rule].severity;
  return blocked >= 1 ? 'warning' : 'info';
}

export function finding(
  context: SafetyContext,
  rule: RuleId,
  statement: Statement,
  position: SourcePosition,
  fields: { severity?: Severity; message: string; object?: string; impact?: string },
): Finding {
  const entry = RULES[rule];
  return {
    severity: fields.severity ?? entry.severity,
    rule,
    message: fields.message,
    ...(fields.object !== undefined ? { object: fields.object } : {}),
    file: context.target.file,
    line: position.line,
    column: position.column,
    endLine: statement.end.line,
    task: entry.task as TaskId,
    excerpt: excerpt(context.target.text, statement, position.line),
    ...(fields.impact ? { impact: fields.impact } : {}),
    // How to do it safely, where the reader of the finding is, in the terms of the team's tool.
    ...(rule === 'index-not-concurrent'
      ? { hint: concurrentIndexAdvice(context.tool) }
      : entry.safely
        ? { hint: entry.safely }
        : {}),
  };
}
