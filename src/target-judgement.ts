/**
 * What the target stage's readings say, once the database is no longer
 * needed: the validators, the safety, data and rollback rules, and the
 * tasks of a target that did not apply. Pure: src/gate.ts works it out while
 * the database stops.
 */
import type pg from 'pg';
import type { ApplyResult } from './apply/apply.js';
import type { RollbackRun } from './apply/rollback.js';
import type { CatalogSnapshot } from './catalog/model.js';
import type { GateInputs } from './inputs.js';
import type { ParsedSql, Statement } from './migrations/model.js';
import type { DataWatch } from './observe/data-watch.js';
import { mergeProbes } from './probes/index.js';
import type { ProbeOutcome } from './probes/model.js';
import type { MissingObject, Preflight, ReadinessFacts } from './readiness/index.js';
import { withRollbackFindings } from './rules/data-preservation.js';
import { withSafetyFindings, type SafetyAssessment } from './rules/safety/index.js';
import type { ScopedOptions } from './target-stage.js';
import { TASK_TITLES, type DataReport, type ProbeRecord, type StatementTrace, type TaskResult } from './types.js';
import { blockedTasks } from './validators/blocked.js';
import type { ValidationContext } from './validators/common.js';
import { validateApplied } from './validators/index.js';

export interface TargetOutcome {
  others: TaskResult[];
  facts: ReadinessFacts;
  data?: DataReport;
  trace?: StatementTrace[];
  probes?: ProbeRecord[];
}

/** What the stage knows once the target was applied (or failed), for what follows. */
export interface Applied {
  client: pg.Client;
  inputs: GateInputs;
  options: ScopedOptions;
  existingDatabase: string | undefined;
  before: CatalogSnapshot;
  preflight: Preflight;
  data: DataWatch;
  facts: ReadinessFacts;
  applied: ApplyResult;
  /** The safety rules on the trace, once the snapshot after is known (undefined: not traced). */
  safety: (after?: CatalogSnapshot) => SafetyAssessment | undefined;
}

/** The target failed (or did not parse): what it would have made is unverified, its rollback moot. */
export function notApplied({ inputs, before, data, facts, applied, safety }: Applied): TargetOutcome {
  const target = inputs.target;
  const missing = facts.missing;
  const safe = safety();
  if (safe) facts.extraChecks.push(safe.check);
  const notApplied = notAppliedStatements(target, applied);
  const where = target.syntaxError ?? (applied.status === 'failed' ? applied.error.position : undefined);
  const reason = `migration fails at line ${where?.line ?? '?'}`;
  const missingTargets = new Set(missing.map((m: MissingObject) => m.display));
  const others = [
    ...blockedTasks(target, notApplied, reason, missingTargets),
    { id: 'rollback', title: TASK_TITLES.rollback, status: 'N/A', summary: 'Migration never applied', findings: [] },
  ] satisfies TaskResult[];
  const judged = data.judge({ target, before, searchPath: [] });
  if (judged.readiness) facts.extraChecks.push(judged.readiness);
  return {
    others,
    facts,
    ...(judged.report ? { data: judged.report } : {}),
    ...(safe ? { trace: safe.entries } : {}),
  };
}

/** What the validators judge, read while the database was there. */
export interface Validation {
  context: ValidationContext;
  /** The down round trip, and the schema it must restore (where it ran). */
  rollback: { before: CatalogSnapshot; run: RollbackRun };
  probes: ProbeOutcome | undefined;
}

/** The validators and rules on what the target stage read: no database needed. */
export function judgement(
  { inputs, options, existingDatabase, before, preflight, data, facts, safety }: Applied,
  { context, rollback, probes }: Validation,
): TargetOutcome {
  const target = inputs.target;
  const { searchPath } = context;
  const safe = safety(context.after);
  if (safe) facts.extraChecks.push(safe.check);
  const judged = data.judge(
    { target, ...(inputs.down ? { down: inputs.down.parsed } : {}), before, searchPath },
    existingDatabase ? preflight.rollback?.data : undefined,
  );
  if (judged.readiness) facts.extraChecks.push(judged.readiness);
  const validated = validateApplied(context, rollback.run, rollback.before, options.rollbackRequired, {
    name: inputs.layout.tool,
    downs: inputs.layout.downs,
  });
  const tasks = withRollbackFindings(safe ? withSafetyFindings(validated, safe.findings) : validated, judged.rollback);
  return {
    others: probes ? mergeProbes(tasks, probes) : tasks,
    facts,
    ...(judged.report ? { data: judged.report } : {}),
    ...(safe ? { trace: safe.entries } : {}),
    ...(probes ? { probes: probes.records } : {}),
  };
}

/** All of it when its transaction rolled back (or it never ran); else the failing statement and what follows. */
function notAppliedStatements(target: ParsedSql, applied: ApplyResult): Statement[] {
  if (applied.status !== 'failed' || applied.rolledBack) return target.statements;
  return target.statements.filter((s) => s.index >= applied.statement.index);
}
