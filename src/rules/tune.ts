/**
 * The user's say over the catalogue: `rules: { RULE_ID: off | warning |
 * error }` in migration-gate.yml, and `-- migration-gate:ignore RULE_ID
 * reason` in the migration, on the statement or on the line before it (before
 * the first statement: the whole file). A suppressed finding stays in the
 * report, marked ignored with its reason; an ignore that suppresses nothing is
 * itself a warning.
 */
import type { ParsedSql } from '../migrations/model.js';
import type { Finding, TaskResult } from '../types.js';
import { didYouMean } from '../suggest.js';
import { isRuleId, RULE_IDS, type RuleId } from './catalogue.js';

export type RuleSetting = 'off' | 'warning' | 'error';

interface Ignore {
  rule: string;
  reason: string;
  line: number;
  /** Lines of the statement it covers; the whole file when before the first statement. */
  from: number;
  to: number;
  used: boolean;
}

const IGNORE = /--\s*migration-gate:ignore\s+(\S+)\s*(.*)$/;

export function tuneTasks(
  tasks: TaskResult[],
  target: ParsedSql,
  settings: Partial<Record<RuleId, RuleSetting>>,
): TaskResult[] {
  const ignores = ignoresIn(target);
  const tuned = tasks.map((task) => {
    let changed = false;
    const findings = task.findings.map((finding) => {
      const result = tune(finding, target.file, ignores, settings);
      if (result !== finding) changed = true;
      return result;
    });
    return changed ? { ...task, findings, status: statusOf(task, findings) } : task;
  });
  const unused = ignores.filter((i) => !i.used).map((i) => unusedIgnore(i, target.file));
  if (unused.length === 0) return tuned;
  return tuned.map((task) =>
    task.id === 'readiness'
      ? { ...task, findings: [...task.findings, ...unused], status: task.status === 'PASS' ? 'WARN' : task.status }
      : task,
  );
}

function tune(
  finding: Finding,
  file: string,
  ignores: Ignore[],
  settings: Partial<Record<RuleId, RuleSetting>>,
): Finding {
  const ignore =
    finding.file === file
      ? ignores.find(
          (i) =>
            i.rule === finding.rule &&
            (finding.line === undefined ? i.to === Infinity : finding.line >= i.from && finding.line <= i.to),
        )
      : undefined;
  if (ignore) {
    ignore.used = true;
    return { ...finding, ignored: true, reason: ignore.reason || 'ignored in the migration' };
  }
  const setting = settings[finding.rule];
  if (setting === 'off') return { ...finding, ignored: true, reason: 'rules: off in migration-gate.yml' };
  if (setting && setting !== finding.severity && !(setting === 'error' && finding.severity === 'critical')) {
    return { ...finding, severity: setting };
  }
  return finding;
}

function ignoresIn(target: ParsedSql): Ignore[] {
  const found: Ignore[] = [];
  const firstStatement = target.statements[0]?.start.line ?? Infinity;
  target.text.split('\n').forEach((text, i) => {
    const match = IGNORE.exec(text);
    if (!match) return;
    const line = i + 1;
    const statement = target.statements.find((s) => line >= s.start.line - 1 && line <= s.end.line);
    const whole = line < firstStatement && statement?.start.line !== line + 1;
    found.push({
      rule: match[1]!,
      reason: match[2]!.trim(),
      line,
      from: whole || !statement ? 1 : Math.min(line, statement.start.line),
      to: whole || !statement ? Infinity : statement.end.line,
      used: false,
    });
  });
  return found;
}

function unusedIgnore(ignore: Ignore, file: string): Finding {
  const known = isRuleId(ignore.rule);
  const meant = known ? undefined : didYouMean(ignore.rule, RULE_IDS);
  return {
    severity: 'warning',
    rule: 'unused-ignore',
    message: known
      ? `migration-gate:ignore ${ignore.rule} suppresses nothing here`
      : `migration-gate:ignore names an unknown rule "${ignore.rule}"${meant ? ` (did you mean "${meant}"?)` : ''}`,
    file,
    line: ignore.line,
    column: 1,
    task: 'readiness',
  };
}

/** A task whose findings were tuned: its status from what is left; checks that failed on their own keep it failing. */
function statusOf(task: TaskResult, findings: Finding[]): TaskResult['status'] {
  if (task.status === 'BLOCKED' || task.status === 'N/A') return task.status;
  const live = findings.filter((f) => !f.ignored);
  if (live.some((f) => f.severity === 'critical' || f.severity === 'error')) return 'FAIL';
  if (live.some((f) => f.severity === 'warning')) return 'WARN';
  return 'PASS';
}
