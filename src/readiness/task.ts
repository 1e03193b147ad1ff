import type { ApplyResult } from '../apply/apply.js';
import type { ParsedSql, Statement } from '../migrations/model.js';
import { linesOf } from '../migrations/text.js';
import type { Check, Finding, TaskResult } from '../types.js';
import { TASK_TITLES } from '../types.js';
import type { BlockingSession } from './activity.js';
import { impactText } from './impact.js';
import { metaCommandCheck, skippedStatements, transactionCheck } from './runner.js';
import type { RunSemantics } from '../inputs.js';
import type { ToolName } from '../layouts/index.js';
import type { MissingObject } from './prerequisites.js';

/** Everything the readiness task is made of, gathered while the run went on. */
export interface ReadinessFacts {
  target: ParsedSql;
  /** Missing prerequisites that explain the failure (none when the migration applied). */
  missing: MissingObject[];
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

const MESSAGES: Record<string, (name: string) => string> = {
  schema: (name) => `schema "${name}" does not exist`,
  function: (name) => `function ${name} does not exist`,
  type: (name) => `type "${name}" does not exist`,
};

/** Task `readiness`, assembled once: the seed's Check 1…7, each a PASS/FAIL with its finding. */
export function assessReadiness(input: ReadinessFacts): TaskResult {
  const { target, missing, sessions, applied } = input;
  const checks: Check[] = [];
  const findings: Finding[] = [];
  const add = (check: Check, ...found: Finding[]): void => {
    checks.push(check);
    findings.push(...found);
  };

  for (const entry of missing) {
    const kind = entry.object.kind === 'view' || entry.object.kind === 'sequence' ? 'relation' : entry.object.kind;
    const lines = [...new Set(entry.positions.map((p) => p.line))];
    const first = entry.positions[0]!;
    add(
      {
        name: `Prerequisite ${kind} ${entry.display} exists`,
        status: 'FAIL',
        finding: `${entry.display} missing (referenced on line${lines.length > 1 ? 's' : ''} ${lines.join(', ')})`,
      },
      {
        severity: 'critical',
        rule: `missing-${kind === 'table' ? 'relation' : kind}`,
        message: (MESSAGES[kind] ?? ((name: string) => `relation "${name}" does not exist`))(entry.display),
        object: entry.display,
        file: target.file,
        line: first.line,
        column: first.column,
        lines,
        task: 'readiness',
        excerpt: excerpt(target.text, entry.statements[0]!, first.line),
        impact: impactText(entry.blocks),
      },
    );
  }
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
      message: `session ${s.pid} (${s.usename ?? 'unknown user'}, ${s.state ?? 'unknown state'}) holds ${s.relationLocks} relation lock(s)${s.xactSeconds ? `, transaction open ${s.xactSeconds}s` : ''}`,
      task: 'readiness',
    })),
  );

  add(...transactionCheck(target, input.run, input.tool));
  findings.push(...skippedStatements(target, applied));
  const meta = metaCommandCheck(target, input.run);
  if (meta) add(...meta);

  add(...executionCheck(target, applied, missing));
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
    summary: summary(missing, applied),
    findings,
    checks,
  };
}

function executionCheck(target: ParsedSql, applied: ApplyResult, missing: MissingObject[]): [Check, ...Finding[]] {
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

function summary(missing: MissingObject[], applied: ApplyResult): string {
  if (missing.length > 0) return `Missing ${missing.map((m) => m.display).join(', ')}`;
  if (applied.status === 'failed') return `Fails at line ${applied.error.position.line}: ${applied.error.message}`;
  return 'Prerequisites present; migration applies';
}

/** Up to eight lines of the statement, centred on the line that matters. */
export function excerpt(text: string, statement: Statement, line: number): string {
  const from = Math.max(statement.start.line, line - 3);
  const to = Math.min(statement.end.line, from + 7);
  return linesOf(text, from, to);
}
