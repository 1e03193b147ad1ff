/**
 * The readiness task in one room. The pipeline asks two things of it: the
 * pre-flight (before the target runs: what is missing, who holds locks, does
 * the database match the history) and, once everything is known, the task.
 */
import type pg from 'pg';
import type { ApplyOptions, ApplyResult } from '../apply/apply.js';
import type { CatalogSnapshot } from '../catalog/model.js';
import type { Database } from '../database/provider.js';
import type { GateInputs, SetupFile } from '../inputs.js';
import type { Present } from '../hints/index.js';
import type { Progress } from '../progress.js';
import { TASK_IDS, TASK_TITLES, type Check, type Finding, type TaskResult } from '../types.js';
import type { Statement } from '../migrations/model.js';
import { option } from '../errors.js';
import { blockingSessions, type BlockingSession } from './activity.js';
import { driftCheck } from './drift.js';
import { withUnavailableExtensions } from './extensions.js';
import { buildHistory, type RoundTrip } from './history.js';
import { missingDependencies, type MissingObject } from './prerequisites.js';
import type { ReadinessFacts } from './task.js';

export { assessReadiness } from './task.js';
export type { ReadinessFacts };
export type { MissingObject };

export interface Preflight {
  missing: MissingObject[];
  /** Extensions installed before the target or created by it: no hint suggests creating them. */
  extensions: Present;
  sessions: BlockingSession[];
  /** Set on a database the gate did not build. */
  drift?: { check: Check; findings: Finding[] };
  /** The down round trip done on the scratch server (a database the gate did not build), and its row counts. */
  rollback?: RoundTrip;
}

export interface PreflightOptions {
  apply: ApplyOptions;
  progress: Progress;
  /** Applies the run's session settings to a fresh connection (the scratch server's too). */
  session: (client: pg.Client) => Promise<void>;
  startScratchDatabase?: (progress: Progress) => Promise<Database>;
  /** `fixtures: generate` and the tenant column, for the rows of the scratch server's round trip. */
  data: { generate: boolean; tenantColumn: string };
}

/**
 * What must hold before the target runs. `existingDatabase` names a database
 * that already has its history (a URL, a Neon branch): it is compared with
 * the history the repository builds, catalog against catalog. A server the
 * gate built a moment ago has nobody else connected and exactly the history
 * it was given, so neither question is asked there.
 */
export async function runPreflight(
  client: pg.Client,
  inputs: GateInputs,
  before: CatalogSnapshot,
  options: PreflightOptions,
  existingDatabase: string | undefined,
): Promise<Preflight> {
  const { progress } = options;
  const { target } = inputs;
  const extensions = new Set([
    ...before.extensions.map((e) => e.name),
    ...target.statements.flatMap((s) => s.creates.filter((o) => o.kind === 'extension').map((o) => o.name)),
  ]);
  const missing = target.syntaxError
    ? []
    : await progress.step('pre-flight', async () =>
        withUnavailableExtensions(client, target.statements, await missingDependencies(client, target, extensions)),
      );
  if (!existingDatabase) return { missing, extensions, sessions: [] };
  const history = await progress.step('build migration history (drift)', () =>
    buildHistory(inputs, options.apply, options.session, options.data, options.startScratchDatabase),
  );
  return {
    missing,
    extensions,
    sessions: await blockingSessions(client),
    drift: driftCheck(history, before, existingDatabase),
    ...(history.status === 'built' && history.rollback ? { rollback: history.rollback } : {}),
  };
}

/**
 * The pre-flight explains failures; it never invents them. When the migration
 * applied, every object it referenced was there (or made first): nothing is
 * missing. When it failed, a statement that ran before the failure proved its
 * references present too.
 */
export function explainedMissing(missing: MissingObject[], applied: ApplyResult): MissingObject[] {
  if (applied.status === 'applied') return [];
  const failedAt = applied.statement.index;
  // A statement that ran before the failure found what it needed: something the pre-flight cannot see
  // made it (an extension's objects, say), unless the statement may have passed over it.
  const ran = (s: Statement) => s.index < failedAt && !applied.skipped.includes(s) && !conditional(s);
  const found = (m: MissingObject) => m.statements.some(ran);
  return missing.filter((m) => m.statements.some((s) => s.index >= failedAt) && !found(m));
}

/** A statement that runs whether or not what it names exists: a DO block's branches, IF EXISTS. */
function conditional(statement: Statement): boolean {
  return statement.kind === 'DoStmt' || /\bIF\s+(NOT\s+)?EXISTS\b/i.test(statement.sql);
}

/** The baseline's notes (roles created, extensions skipped) as a readiness check. */
export function baselineCheck(findings: Finding[]): { check: Check; findings: Finding[] } | undefined {
  if (findings.length === 0) return undefined;
  const warn = findings.some((f) => f.severity === 'warning');
  const check: Check = {
    name: 'Baseline loads',
    status: warn ? 'WARN' : 'INFO',
    finding: findings.map((f) => f.message).join('; '),
  };
  return { check, findings };
}

/** Nothing of the target can be evaluated when the history before it does not apply. */
export function brokenHistoryTasks(finding: Finding): TaskResult[] {
  const reason = `${finding.file} fails at line ${finding.line}`;
  return TASK_IDS.map((id) =>
    id === 'readiness'
      ? {
          id,
          title: TASK_TITLES[id],
          status: 'FAIL',
          summary: `Earlier migration fails: ${reason}`,
          findings: [finding],
          checks: [{ name: 'Earlier migrations apply', status: 'FAIL', finding: finding.message }],
        }
      : {
          id,
          title: TASK_TITLES[id],
          status: 'BLOCKED',
          summary: `Not evaluated: earlier migration ${reason}`,
          findings: [],
        },
  );
}

/**
 * On a database the gate must not change, files whose effects a rollback
 * does not undo are refused before anything runs: every such statement is a
 * finding, and no task is evaluated. The embedded server, a container, a Neon
 * branch or a disposable database (--commit) can run them.
 */
export function refusedOnTarget(inputs: GateInputs, targetName: string): TaskResult[] | undefined {
  const files = [
    ...inputs.setup
      .filter((f): f is SetupFile => f.role === 'prerequisite' || f.role === 'fixture')
      .map((f) => f.parsed),
    inputs.target,
    ...(inputs.down ? [inputs.down.parsed] : []),
  ];
  const findings = files.flatMap((parsed) =>
    parsed.statements.flatMap((statement) =>
      (statement.sideEffects ?? []).map<Finding>((effect) => ({
        severity: 'critical',
        rule: 'unsafe-on-target',
        message: `${effect.what} ${effect.why}: refused on ${targetName}, which the gate must leave unchanged (nothing was run)`,
        file: parsed.file,
        line: effect.position.line,
        column: effect.position.column,
        task: 'readiness',
        hint: `gate it on the embedded server, a Neon branch, or a disposable copy with ${option('commit')}`,
      })),
    ),
  );
  if (findings.length === 0) return undefined;
  const summary = `Refused: ${findings.length} statement(s) with effects a rollback does not undo`;
  return TASK_IDS.map((id) =>
    id === 'readiness'
      ? {
          id,
          title: TASK_TITLES[id],
          status: 'FAIL',
          summary,
          findings,
          checks: [{ name: 'Nothing outlives the rolled-back run', status: 'FAIL', finding: summary }],
        }
      : { id, title: TASK_TITLES[id], status: 'BLOCKED', summary: 'Not run: refused on this database', findings: [] },
  );
}
