import type { ApplyResult } from '../apply/apply.js';
import type { ParsedSql } from '../migrations/model.js';
import { serverNotes, type Present } from '../hints/index.js';
import { linesOf } from '../migrations/text.js';
import type { Check, Finding, GateReport, TaskResult } from '../types.js';
import { TASK_TITLES } from '../types.js';
import { describeSession, type BlockingSession } from './activity.js';
import { excerpt, missingChecks } from './missing.js';
import { metaCommandCheck, skippedStatements, transactionCheck } from './runner.js';
import type { RunSemantics } from '../inputs.js';
import type { ToolName } from '../layouts/index.js';
import type { MissingObject } from './prerequisites.js';

/** Everything the readiness task is made of, gathered while the run went on. */
export interface ReadinessFacts {
  target: ParsedSql;
  /** Missing prerequisites that explain the failure (none when the migration applied). */
  missing: MissingObject[];
  /** Extensions installed before the target or created by it: no hint suggests creating them. */
  extensions: Present;
  sessions: BlockingSession[];
  applied: ApplyResult;
  /** Whole checks from other stages: the baseline's notes, drift against the history. */
  extraChecks: { check: Check; findings: Finding[] }[];
  /** Sequences the rolled-back run moved on a database that must not change. */
  sequences: Finding[];
  /** How the tool runs the target. */
  run: RunSemantics;
  tool: ToolName;
}

/** Task `readiness`, assembled once: the seed's Check 1…7, each a PASS/FAIL with its finding. */
export function assessReadiness(input: ReadinessFacts, database: GateReport['database']): TaskResult {
  const { target, missing, sessions, applied } = input;
  const checks: Check[] = [];
  const findings: Finding[] = [];
  const add = (check: Check, ...found: Finding[]): void => {
    checks.push(check);
    findings.push(...found);
  };

  for (const { check, finding } of missingChecks(target, missing, applied, database)) add(check, finding);
  if (missing.length === 0) {
    add({
      name: 'Referenced objects exist',
      status: 'PASS',
      finding: 'every object the migration references exists or is created by it first',
    });
  }

  add(
    sessions.length === 0
      ? { name: 'No active locks', status: 'PASS', finding: 'no other session holds locks or a long transaction' }
      : {
          name: 'No active locks',
          status: 'WARN',
          finding: `${sessions.length} session(s) hold locks or long transactions`,
        },
    ...sessions.map<Finding>((s) => ({
      severity: 'warning',
      rule: 'blocking-session',
      message: describeSession(s),
      task: 'readiness',
    })),
  );

  add(...transactionCheck(target, input.run, input.tool));
  findings.push(...skippedStatements(target, applied));
  const meta = metaCommandCheck(target, input.run);
  if (meta) add(...meta);

  add(...executionCheck(input));
  for (const extra of input.extraChecks) add(extra.check, ...extra.findings);
  findings.push(...input.sequences);

  const status = checks.some((c) => c.status === 'FAIL')
    ? 'FAIL'
    : checks.some((c) => c.status === 'WARN')
      ? 'WARN'
      : 'PASS';
  return {
    id: 'readiness',
    title: TASK_TITLES.readiness,
    status,
    summary: summary(target, missing, applied, status === 'FAIL' ? findings : []),
    findings,
    checks,
  };
}

function executionCheck({ target, applied, missing, extensions }: ReadinessFacts): [Check, ...Finding[]] {
  if (target.syntaxError) {
    const { line, column, message } = target.syntaxError;
    return [
      { name: 'Migration can execute', status: 'FAIL', finding: `syntax error at line ${line}:${column}: ${message}` },
      {
        severity: 'critical',
        rule: 'syntax-error',
        message,
        file: target.file,
        line,
        column,
        task: 'readiness',
        excerpt: linesOf(target.text, Math.max(1, line - 1), line + 1),
      },
    ];
  }
  if (applied.status === 'applied') {
    return [
      {
        name: 'Migration can execute',
        status: 'PASS',
        finding: `${applied.statements} statements applied in ${Math.round(applied.ms)} ms`,
      },
    ];
  }
  const { error, statement } = applied;
  const where = `line ${error.position.line}:${error.position.column}`;
  const check: Check = {
    name: 'Migration can execute',
    status: 'FAIL',
    finding: `fails at ${where}: ${error.message}${applied.rolledBack ? ' (rolled back: nothing of it remains)' : ''}`,
  };
  // A missing prerequisite is already a critical finding of its own.
  if (error.object && missing.some((m) => m.display.replace(/\(\)$/, '') === error.object)) return [check];
  return [
    check,
    {
      severity: 'critical',
      rule: error.rule,
      message: error.message,
      ...(error.object ? { object: error.object } : {}),
      ...serverNotes(error, extensions),
      file: target.file,
      line: error.position.line,
      column: error.position.column,
      endLine: statement.end.line,
      task: 'readiness',
      excerpt: excerpt(target.text, statement, error.position.line),
      impact: applied.rolledBack
        ? 'The migration cannot be applied; its transaction rolls back entirely'
        : 'The migration stops here; statements before it remain applied',
    },
  ];
}

function summary(target: ParsedSql, missing: MissingObject[], applied: ApplyResult, failing: Finding[]): string {
  const named = (m: MissingObject): string => (m.object.kind === 'extension' ? `extension ${m.display}` : m.display);
  if (missing.length > 0) return `Missing ${missing.map(named).join(', ')}`;
  // The gate does not send a file that does not parse: nothing of it was tried.
  if (target.syntaxError) return `Does not parse at line ${target.syntaxError.line}: ${target.syntaxError.message}`;
  if (applied.status === 'failed') return `Fails at line ${applied.error.position.line}: ${applied.error.message}`;
  // It applies, and yet a check failed (data deleted, drift): that is the news.
  const error = failing.find((f) => f.severity === 'critical' || f.severity === 'error');
  return error ? `Applies, but ${error.message}` : 'Prerequisites present; migration applies';
}
