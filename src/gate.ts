import type pg from 'pg';
import { type ApplyOptions } from './apply/apply.js';
import { gateLimits, restoreLimits } from './apply/send.js';
import { applySetup } from './apply/setup.js';
import type { Expectations } from './config/schema.js';
import { withClient, withDatabaseThen, withRollback, type Database } from './database/provider.js';
import { ReadAhead } from './catalog/read-ahead.js';
import { withCatalogReaders } from './catalog/readers.js';
import { databaseStarter, isFresh, type DatabaseStarter } from './database/select.js';
import { applySession, prepareRunnerRole, type SessionSettings } from './database/session.js';
import { loadInputs, type GateInputs, type InputPaths } from './inputs.js';
import { Progress } from './progress.js';
import { collectBetweenSteps } from './launch/heap.js';
import { type ProbeSettings } from './probes/model.js';
import { requiredActions } from './readiness/creators.js';
import {
  assessReadiness,
  baselineCheck,
  brokenHistoryTasks,
  refusedOnTarget,
  type MissingObject,
} from './readiness/index.js';
import { movedSequences, sequencePositions } from './readiness/sequences.js';
import { verdictOf } from './report/verdict.js';
import { maskDeep } from './secrets.js';
import type { RuleId } from './rules/catalogue.js';
import { tuneTasks, type RuleSetting } from './rules/tune.js';
import { TASK_IDS, type Finding, type GateReport, type TaskResult } from './types.js';
import type { TableSizes } from './observe/projection.js';
import { gateTarget, type TargetOutcome } from './target-stage.js';

export interface GateOptions extends InputPaths {
  /**
   * The directory of migration-gate.yml, when one was read: the repository files that may create a missing
   * prerequisite are looked for below it (else in the migrations directory's repository).
   */
  root?: string;
  apply: ApplyOptions;
  tenantColumn: string;
  /** `exposed_schemas:` in migration-gate.yml; unset, the layout decides (Supabase: its API's schemas). */
  exposedSchemas?: string[];
  /** `fixtures: generate`: rows in the existing tables the fixtures leave empty, before the target. */
  generateFixtures?: boolean;
  rollbackRequired: boolean;
  /** `rules:` in migration-gate.yml: a rule switched off or given another severity. */
  rules: Partial<Record<RuleId, RuleSetting>>;
  /** `table_sizes:` in migration-gate.yml: production rows per table, for the trace's projections. */
  tableSizes?: TableSizes;
  /** False: apply the target without tracing it, and without the safety rules (the bench measures what tracing costs). */
  trace?: boolean;
  /** `probes:` in migration-gate.yml: behaviour probes after the target applied (on unless switched off). */
  probes?: ProbeSettings;
  /** Declared expectations by migration file name (migration-gate.yml `expectations`). */
  expectations: Record<string, Expectations>;
  progress: Progress;
  /** Settings every session gets (search_path, role, …), and where they were given, for error messages. */
  session: SessionSettings;
  sessionSource: string;
  /** The lock timeout was set by the user; otherwise a database the gate must not change gets a short one. */
  lockTimeoutGiven?: boolean;
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
  progress.betweenSteps(collectBetweenSteps);
  const start = options.startDatabase ?? databaseStarter({});
  // A local server starts while the files are parsed; a remote one (a Neon
  // branch) only once they are known to be good. Parsing holds this thread: it
  // begins once the start waits on a process of its own (the cluster's copy),
  // which it would otherwise only launch once the parse was done.
  let waiting = (): void => undefined;
  const handedOver = new Promise<void>((resolve) => (waiting = resolve));
  const early = start.local ? start(progress, waiting) : undefined;
  early?.catch(() => undefined);
  let inputs: GateInputs;
  try {
    if (early) await Promise.race([handedOver, early.then(noop, noop)]);
    inputs = await progress.step('parse', () => loadInputs(options));
  } catch (error) {
    await early?.then(
      (db) => db.stop(),
      () => undefined,
    );
    throw error;
  }
  progress.info(`target: ${inputs.target.file}`);
  // The tool's own settings first (Supabase's search_path); the user's win. The
  // role is the runner's: migrations run as it, the gate's own work does not.
  const { role, ...settings } = { ...inputs.session, ...options.session };
  // The gate's own queries (catalog snapshots) live under its limits too: a lock
  // held on production makes them fail with the holder's name, not wait for ever.
  const applySettings = async (client: pg.Client): Promise<void> => {
    await applySession(client, settings, options.sessionSource);
    await client.query(gateLimits(options.apply));
  };
  // What needs the database is done in it; the validators and the report's tasks while it stops.
  const report = await withDatabaseThen(
    () => early ?? start(progress),
    (db) =>
      withClient(db, async (client): Promise<() => GatedReport> => {
        client.on('notice', () => undefined);
        await applySettings(client);
        const version = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
        const database = { kind: db.kind, version: `PostgreSQL ${version}` };
        // A database that is not disposable sees the whole run in one transaction, rolled back.
        const scoped = {
          ...options,
          apply: {
            ...options.apply,
            // On production a migration queued behind a lock makes everyone else queue behind it: give up early.
            ...(!db.disposable && !options.lockTimeoutGiven ? { lockTimeoutMs: PRODUCTION_LOCK_TIMEOUT_MS } : {}),
            nested: !db.disposable,
            ...(role !== undefined ? { role } : {}),
            ...(options.apply.runTimeoutMs !== undefined
              ? { runDeadline: Date.now() + options.apply.runTimeoutMs }
              : {}),
          },
          applySettings,
          // A second connection may watch statements that run outside a transaction where nobody else is connected.
          ...(isFresh(db) ? { watcher: db.connection } : {}),
        };
        if (role !== undefined) await prepareRunnerRole(client, role, isFresh(db));
        const sequencesBefore = db.disposable ? undefined : await sequencePositions(client);
        const refused = db.disposable ? undefined : refusedOnTarget(inputs, db.display);
        if (refused) {
          const tasks = refused;
          return () => ({ tasks, missing: [], database });
        }
        const run = async (): Promise<Gated> => {
          // Only where snapshots are read on connections of their own (a database the gate may change).
          const readAhead = new ReadAhead(client);
          const setup = await applySetup(client, inputs, { ...scoped, readAhead }, isFresh(db));
          await restoreLimits(client, scoped.apply);
          if (setup.brokenHistory) return { broken: brokenHistoryTasks(setup.brokenHistory) };
          const judge = await gateTarget(
            client,
            inputs,
            { ...scoped, readAhead },
            isFresh(db) ? undefined : db.display,
          );
          return { judge, setupFindings: setup.findings };
        };
        const gated = db.disposable
          ? await withCatalogReaders(client, db.connection, readerOptions(scoped.apply, progress), run)
          : await withRollback(client, run);
        if ('broken' in gated) return () => ({ tasks: gated.broken, missing: [], database });
        const sequencesAfter = sequencesBefore && (await sequencePositions(client));
        return () => {
          const outcome = gated.judge();
          const baseline = baselineCheck(gated.setupFindings);
          if (baseline) outcome.facts.extraChecks.unshift(baseline);
          if (sequencesBefore && sequencesAfter)
            outcome.facts.sequences = movedSequences(sequencesBefore, sequencesAfter);
          const all = [...outcome.others, assessReadiness(outcome.facts, database)];
          const tasks = TASK_IDS.map((id) => all.find((t) => t.id === id)!);
          return {
            tasks,
            missing: outcome.facts.missing,
            database,
            ...(outcome.data ? { data: outcome.data } : {}),
            ...(outcome.trace ? { trace: outcome.trace } : {}),
            ...(outcome.probes ? { probes: outcome.probes } : {}),
          };
        };
      }),
  );
  const scope = { dir: options.dir, ...(options.root ? { root: options.root } : {}) };
  const actions = await requiredActions(report.missing, scope, options.cwd, [inputs.target.file]);
  const tasks = tuneTasks(report.tasks, inputs.target, options.rules);
  // The one place every string of the report passes: whatever the migration put into a message is masked.
  return maskDeep({
    verdict: verdictOf(tasks),
    target: inputs.targetName,
    tasks,
    findings: tasks.flatMap((t) => t.findings),
    requiredActions: actions,
    database: report.database,
    ...('data' in report ? { data: report.data } : {}),
    ...('probes' in report ? { probes: report.probes } : {}),
    timings: { ...progress.timings, total_ms: Math.round(performance.now() - started) },
    ...('trace' in report && report.trace ? { trace: report.trace } : {}),
  });
}

const PRODUCTION_LOCK_TIMEOUT_MS = 2_000;

/** A history that breaks before the target, or the target's judgement to come with the setup's findings. */
type Gated = { broken: TaskResult[] } | { judge: () => TargetOutcome; setupFindings: Finding[] };

/** What the run found, before the rules' tuning and the verdict. */
type GatedReport = Pick<GateReport, 'tasks' | 'database' | 'data' | 'trace' | 'probes'> & { missing: MissingObject[] };

const noop = (): void => undefined;

/** Two connections read the catalog side by side: a snapshot's queries split about evenly over two. */
function readerOptions(apply: ApplyOptions, progress: Progress) {
  return {
    count: 2,
    limits: gateLimits(apply),
    onUnavailable: (reason: string) => progress.info(`catalog snapshots read on the main connection: ${reason}`),
  };
}
