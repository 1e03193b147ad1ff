import type pg from 'pg';
import { applyFile, type ApplyOptions, type ApplyResult } from './apply/apply.js';
import type { Expectations } from './config/schema.js';
import { startEmbedded } from './database/embedded.js';
import { withClient, withDatabase, withoutTransaction, withRollback, type Database } from './database/provider.js';
import type { ParsedSql, Statement } from './migrations/model.js';
import { Progress } from './progress.js';
import { blockingSessions } from './readiness/activity.js';
import { requiredActions } from './readiness/creators.js';
import { missingDependencies, type MissingObject } from './readiness/prerequisites.js';
import { readinessTask } from './readiness/task.js';
import { verdictOf } from './report/verdict.js';
import { loadInputs, type GateInputs, type InputPaths } from './inputs.js';
import { TASK_IDS, TASK_TITLES, type Check, type Finding, type GateReport, type TaskResult } from './types.js';
import { applySetup, baselineCheck } from './apply/setup.js';
import { historySnapshot } from './readiness/history.js';
import { blockedTasks, brokenHistoryTasks } from './validators/blocked.js';
import { validateApplied } from './validators/index.js';
import { historyCheck } from './validators/history.js';
import { runRollback } from './apply/rollback.js';
import { takeSnapshot } from './catalog/snapshot.js';
import { isFresh, localStarter, type DatabaseStarter } from './database/select.js';
import { driftCheck } from './readiness/drift.js';
import { advancedSequences, sequencePositions } from './readiness/sequences.js';

export interface GateOptions extends InputPaths {
  /** Where to look for SQL files that create missing prerequisites. */
  root: string;
  apply: ApplyOptions;
  tenantColumn: string;
  rollbackRequired: boolean;
  /** Declared expectations by migration file name (migration-gate.yml `expectations`). */
  expectations: Record<string, Expectations>;
  progress: Progress;
  /** How to get a database; the embedded PostgreSQL 17 by default. */
  startDatabase?: DatabaseStarter;
  /** A throw-away embedded server for side work (drift); the action passes its downloaded binaries. */
  startScratchDatabase?: (progress: Progress) => Promise<Database>;
}

/**
 * The pipeline: inputs → database → setup → pre-flight → apply → validate →
 * verdict. Problems with the migration come back inside the report; only
 * usage and infrastructure errors are thrown.
 */
export async function runGate(options: GateOptions): Promise<GateReport> {
  const started = performance.now();
  const { progress } = options;
  const start = options.startDatabase ?? localStarter(startEmbedded);
  // A local server starts while the files are parsed; a remote one (a Neon
  // branch) only once they are known to be good.
  const early = start.local ? start(progress) : undefined;
  early?.catch(() => undefined);
  let inputs: GateInputs;
  try {
    inputs = await progress.step('parse', () => loadInputs(options));
  } catch (error) {
    await early?.then(
      (db) => db.stop(),
      () => undefined,
    );
    throw error;
  }
  progress.info(`target: ${inputs.target.file}`);
  const report = await withDatabase(
    () => early ?? start(progress),
    (db) =>
      withClient(db, async (client) => {
        client.on('notice', () => undefined);
        const version = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
        // A database that is not disposable sees the whole run in one transaction, rolled back.
        const scoped = { ...options, apply: { ...options.apply, nested: !db.disposable } };
        const fresh = isFresh(db);
        const sequencesBefore = db.disposable ? undefined : await sequencePositions(client);
        const gated = await (db.disposable ? withoutTransaction : withRollback)(client, async () => {
          const setup = await applySetup(client, inputs, scoped, fresh);
          if (setup.brokenHistory) return { tasks: brokenHistoryTasks(setup.brokenHistory), missing: [] };
          return gateTarget(client, inputs, scoped, fresh ? undefined : db.display, setup.findings);
        });
        if (sequencesBefore) {
          const readiness = gated.tasks.find((t) => t.id === 'readiness')!;
          readiness.findings.push(...advancedSequences(sequencesBefore, await sequencePositions(client)));
        }
        return { ...gated, database: { kind: db.kind, version: `PostgreSQL ${version}` } };
      }),
  );
  const actions = await requiredActions(report.missing, options.root, options.cwd, [inputs.target.file]);
  const { tasks } = report;
  return {
    verdict: verdictOf(tasks),
    target: inputs.targetName,
    tasks,
    findings: tasks.flatMap((t) => t.findings),
    requiredActions: actions,
    database: report.database,
    timings: { ...progress.timings, total_ms: Math.round(performance.now() - started) },
  };
}

async function gateTarget(
  client: pg.Client,
  inputs: GateInputs,
  options: GateOptions,
  /** Set for a database that already has its history: compared with what the repository builds. */
  existingDatabase: string | undefined,
  setupFindings: Finding[],
): Promise<{ tasks: TaskResult[]; missing: MissingObject[] }> {
  const { progress } = options;
  const target = inputs.target;
  const before = await progress.step('snapshot before', () => takeSnapshot(client));
  const extraChecks: { check: Check; findings: Finding[] }[] = [];
  const baseline = baselineCheck(setupFindings);
  if (baseline) extraChecks.push(baseline);
  if (existingDatabase) {
    const history = await progress.step('build migration history (drift)', () =>
      historySnapshot(inputs, options.apply, options.startScratchDatabase),
    );
    extraChecks.push(driftCheck(history, before, existingDatabase));
  }
  const missing = target.syntaxError
    ? []
    : await progress.step('pre-flight', () => missingDependencies(client, target));
  // Nobody else can be connected to a server the gate built a moment ago.
  const sessions = existingDatabase ? await blockingSessions(client) : [];
  const history = historyCheck(
    inputs.setup.filter((file) => file.role === 'earlier').map((file) => file.parsed),
    before,
  );
  const applied: ApplyResult = target.syntaxError
    ? { status: 'applied', file: target.file, statements: 0, ms: 0, skipped: [] }
    : await progress.step(`apply target ${target.file}`, () => applyFile(client, target, options.apply));
  const readiness = readinessTask({ target, missing, sessions, applied, extraChecks: [history, ...extraChecks] });

  let others: TaskResult[];
  if (target.syntaxError || applied.status === 'failed') {
    const notApplied = notAppliedStatements(target, applied);
    const where = target.syntaxError ?? (applied.status === 'failed' ? applied.error.position : undefined);
    const reason = `migration fails at line ${where?.line ?? '?'}`;
    const missingTargets = new Set(missing.map((m) => m.display));
    others = [
      ...blockedTasks(target, notApplied, reason, missingTargets),
      { id: 'rollback', title: TASK_TITLES.rollback, status: 'N/A', summary: 'Migration never applied', findings: [] },
    ];
  } else {
    const after = await progress.step('snapshot after', () => takeSnapshot(client));
    const rollback = await progress.step('rollback and re-apply', () =>
      runRollback(client, target, inputs.down, options.apply),
    );
    const context = {
      target: withoutSkipped(target, applied.skipped),
      before,
      after,
      expected: options.expectations[inputs.targetName] ?? {},
      tenantColumn: options.tenantColumn,
    };
    others = validateApplied(context, rollback, options.rollbackRequired);
  }
  const all = [...others, readiness];
  return { tasks: TASK_IDS.map((id) => all.find((t) => t.id === id)!), missing };
}

/** All of it when its transaction rolled back (or it never ran); else the failing statement and what follows. */
function notAppliedStatements(target: ParsedSql, applied: ApplyResult): Statement[] {
  if (applied.status !== 'failed' || applied.rolledBack) return target.statements;
  return target.statements.filter((s) => s.index >= applied.statement.index);
}

/**
 * Statements the gate did not run (CREATE INDEX CONCURRENTLY and the like on a
 * database it must not change; reported as warnings) promise nothing the
 * validators could find afterwards.
 */
function withoutSkipped(target: ParsedSql, skipped: Statement[]): ParsedSql {
  if (skipped.length === 0) return target;
  const notRun = new Set(skipped);
  return { ...target, statements: target.statements.map((s) => (notRun.has(s) ? { ...s, creates: [] } : s)) };
}
