/**
 * The trace as the Markdown and text reports show it: only the statements
 * that did something to a table that existed before (a lock that blocks more
 * than ordinary queries, a rewrite, a full read), one line each. report.json
 * has every statement.
 */
import { statementLabel } from '../migrations/labels.js';
import { shortName } from '../observe/summary.js';
import type { GateReport, StatementTrace } from '../types.js';

/** Beyond this many, a line says how many more there are: a big migration must not drown the PR comment. */
export const MAX_TRACE_ROWS = 15;

export interface TraceRow {
  line: number;
  statement: string;
  /** `ACCESS EXCLUSIVE on sync_progress, held 12 ms`. */
  lock: string;
  impact: string;
}

export function traceRows(report: GateReport): TraceRow[] {
  return (report.trace ?? []).filter((entry) => entry.impact !== undefined).map(traceRow);
}

function traceRow(entry: StatementTrace): TraceRow {
  const strongest = entry.strongestLock;
  const lock = strongest
    ? `${strongest.mode} on ${shortName(strongest.relation)}, held ${strongest.heldMs} ms`
    : 'held from an earlier statement';
  return { line: entry.line, statement: statementLabel(entry.statement), lock, impact: entry.impact! };
}
