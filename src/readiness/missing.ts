/**
 * One check and one critical finding per missing prerequisite: what is
 * missing, every line that needs it, what it blocks, and what supplies it.
 */
import type { ApplyResult } from '../apply/apply.js';
import { joinHints, unavailableMessage } from '../hints/index.js';
import type { ParsedSql, Statement } from '../migrations/model.js';
import { linesOf } from '../migrations/text.js';
import type { Check, Finding, GateReport } from '../types.js';
import { impactText } from './impact.js';
import type { MissingObject } from './prerequisites.js';

/** Worded as PostgreSQL words it. */
function missingMessage(kind: string, name: string): string {
  if (kind === 'function') return `function ${name} does not exist`;
  return `${['table', 'relation', 'index'].includes(kind) ? 'relation' : kind} "${name}" does not exist`;
}

/** Per missing object its check and finding; an extension the server lacks holds what it would have created. */
export function missingChecks(
  target: ParsedSql,
  missing: MissingObject[],
  applied: ApplyResult,
  database: GateReport['database'],
): { check: Check; finding: Finding }[] {
  return missing.map((entry) => {
    const kind = entry.object.kind === 'view' || entry.object.kind === 'sequence' ? 'relation' : entry.object.kind;
    const lines = [...new Set(entry.positions.map((p) => p.line))];
    const first = entry.positions[0]!;
    const where = {
      file: target.file,
      line: first.line,
      column: first.column,
      lines,
      task: 'readiness',
      excerpt: excerpt(target.text, entry.statements[0]!, first.line),
    } as const;
    if (kind === 'extension') {
      const message = extensionMessage(entry, database);
      // The server's DETAIL names the control file it looked for; its HINT comes before the gate's.
      const error =
        applied.status === 'failed' && applied.statement === entry.statements[0] ? applied.error : undefined;
      const hint = joinHints(error?.hint, entry.hint);
      return {
        check: { name: `Extension ${entry.display} is available`, status: 'FAIL', finding: message },
        finding: {
          severity: 'critical',
          rule: 'extension-not-available',
          message,
          object: entry.display,
          ...where,
          ...(entry.blocks.direct.length > 0 ? { impact: impactText(entry.blocks) } : {}),
          ...(error?.detail ? { detail: error.detail } : {}),
          ...(hint ? { hint } : {}),
        },
      };
    }
    return {
      check: {
        name: `Prerequisite ${kind} ${entry.display} exists`,
        status: 'FAIL',
        finding: `${entry.display} missing (referenced on line${lines.length > 1 ? 's' : ''} ${lines.join(', ')})`,
      },
      finding: {
        severity: 'critical',
        rule: `missing-${kind === 'table' ? 'relation' : kind}`,
        message: missingMessage(kind, entry.display),
        object: entry.display,
        ...where,
        impact: impactText(entry.blocks),
        ...(entry.hint ? { hint: entry.hint } : {}),
      },
    };
  });
}

/** `extension "vector" is not available on the embedded PostgreSQL 17.10; missing with it: type vector`. */
function extensionMessage(entry: MissingObject, database: GateReport['database']): string {
  const message = unavailableMessage(entry.display, database);
  const provides = entry.provides ?? [];
  if (provides.length === 0) return message;
  return `${message}; missing with it: ${provides.map((p) => `${p.object.kind} ${p.display}`).join(', ')}`;
}

/** Up to eight lines of the statement, centred on the line that matters. */
export function excerpt(text: string, statement: Statement, line: number): string {
  const from = Math.max(statement.start.line, line - 3);
  const to = Math.min(statement.end.line, from + 7);
  return linesOf(text, from, to);
}
