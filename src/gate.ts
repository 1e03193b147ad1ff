import type pg from 'pg';
import { applyFile, type ApplyOptions, type ApplyResult } from './apply/apply.js';
import { applyTraced } from './observe/index.js';
import { gateLimits, restoreLimits } from './apply/send.js';
import { runRollback } from './apply/rollback.js';
import { applySetup } from './apply/setup.js';
import { takeFullSnapshot, takeSnapshot } from './catalog/snapshot.js';
import type { Expectations } from './config/schema.js';
import { startEmbedded } from './database/embedded.js';
import { withClient, withDatabase, withRollback, type Database } from './database/provider.js';
import { besideSnapshot, withCatalogReaders } from './catalog/readers.js';
import { isFresh, localStarter, type DatabaseStarter } from './database/select.js';
import { applySession, prepareRunnerRole, type SessionSettings } from './database/session.js';
import { loadInputs, type GateInputs, type InputPaths } from './inputs.js';
import type { ParsedSql, Statement } from './migrations/model.js';
import { Progress } from './progress.js';
import { DEFAULT_PROBES, type ProbeSettings } from './probes/model.js';
import { mergeProbes, runProbes } from './probes/index.js';
import { requiredActions } from './readiness/creators.js';
import {
  assessReadiness,
  baselineCheck,
  brokenHistoryTasks,
  explainedMissing,
  refusedOnTarget,
  runPreflight,
  type MissingObject,
  type ReadinessFacts,
} from './readiness/index.js';
import { movedSequences, sequencePositions } from './readiness/sequences.js';
import { blockingSessions, snapshotOrNameHolders } from './readiness/activity.js';
import { verdictOf } from './report/verdict.js';
import { maskDeep } from './secrets.js';
import type { RuleId } from './rules/catalogue.js';
import { tuneTasks, type RuleSetting } from './rules/tune.js';
import {
  TASK_IDS,
  TASK_TITLES,
  type Check,
  type DataReport,
  type Finding,
  type GateReport,
  type StatementTrace,
  type ProbeRecord,
  type TaskResult,
} from './types.js';
import type { CatalogSnapshot } from './catalog/model.js';
import type { TableSizes } from './observe/projection.js';
import { assessSafety, withSafetyFindings } from './rules/safety/index.js';
import { blockedTasks } from './validators/blocked.js';
import { DataWatch } from './observe/data-watch.js';
import { withRollbackFindings } from './rules/data-preservation.js';
import { validateApplied } from './validators/index.js';

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
  // The tool's own settings first (Supabase's search_path); the user's win. The
  // role is the runner's: migrations run as it, the gate's own work does not.
  const { role, ...settings } = { ...inputs.session, ...options.session };
  // The gate's own queries (catalog snapshots) live under its limits too: a lock
  // held on production makes them fail with the holder's name, not wait for ever.
  const applySettings = async (client: pg.Client): Promise<void> => {
    await applySession(client, settings, options.sessionSource);
    await client.query(gateLimits(options.apply));
  };
  const report = await withDatabase(
    () => early ?? start(progress),
    (db) =>
      withClient(db, async (client) => {
        client.on('notice', () => undefined);
        await applySettings(client);
        const version = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
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
        if (refused)
          return { tasks: refused, missing: [], database: { kind: db.kind, version: `PostgreSQL ${version}` } };
        const run = async () => {
          const setup = await applySetup(client, inputs, scoped, isFresh(db));
          await restoreLimits(client, scoped.apply);
          if (setup.brokenHistory) return { broken: brokenHistoryTasks(setup.brokenHistory) };
          const outcome = await gateTarget(client, inputs, scoped, isFresh(db) ? undefined : db.display);
          const baseline = baselineCheck(setup.findings);
          if (baseline) outcome.facts.extraChecks.unshift(baseline);
          return outcome;
        };
        const gated = db.disposable
          ? await withCatalogReaders(client, db.connection, readerOptions(scoped.apply, progress), run)
          : await withRollback(client, run);
        const database = { kind: db.kind, version: `PostgreSQL ${version}` };
        if ('broken' in gated) return { tasks: gated.broken, missing: [], database };
        if (sequencesBefore) gated.facts.sequences = movedSequences(sequencesBefore, await sequencePositions(client));
        const all = [...gated.others, assessReadiness(gated.facts, database)];
        const tasks = TASK_IDS.map((id) => all.find((t) => t.id === id)!);
        return {
          tasks,
          missing: gated.facts.missing,
          database,
          ...(gated.data ? { data: gated.data } : {}),
          ...(gated.trace ? { trace: gated.trace } : {}),
          ...(gated.probes ? { probes: gated.probes } : {}),
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

/** Two connections read the catalog side by side: a snapshot's queries split about evenly over two. */
function readerOptions(apply: ApplyOptions, progress: Progress) {
  return {
    count: 2,
    limits: gateLimits(apply),
    onUnavailable: (reason: string) => progress.info(`catalog snapshots read on the main connection: ${reason}`),
  };
}

/** Failures that mean the statement waited on someone: the sessions holding locks then are named. */
const WAITS = new Set(['lock-timeout', 'gate-timeout', 'statement-timeout', 'deadlock']);

type ScopedOptions = GateOptions & {
  applySettings: (client: pg.Client) => Promise<void>;
  watcher?: pg.ClientConfig;
};

/** The target on a database that holds its history: pre-flight, apply, validate. */
async function gateTarget(
  client: pg.Client,
  inputs: GateInputs,
  options: ScopedOptions,
  /** Set for a database that already has its history: compared with what the repository builds. */
  existingDatabase: string | undefined,
): Promise<{
  others: TaskResult[];
  facts: ReadinessFacts;
  data?: DataReport;
  trace?: StatementTrace[];
  probes?: ProbeRecord[];
}> {
  const { progress } = options;
  const target = inputs.target;
  const nested = options.apply.nested ?? false;
  // Read in full once: the snapshots after the target and after its down read only what changed since.
  const before = await progress.step('snapshot before', () =>
    snapshotOrNameHolders(client, nested, () => takeFullSnapshot(client)),
  );
  const preflight = await runPreflight(
    client,
    inputs,
    before,
    {
      apply: options.apply,
      progress,
      session: options.applySettings,
      ...(options.startScratchDatabase ? { startScratchDatabase: options.startScratchDatabase } : {}),
      data: { generate: options.generateFixtures ?? false, tenantColumn: options.tenantColumn },
    },
    existingDatabase,
  );
  // Data preservation: rows generated where asked, then the existing tables read before and after the target.
  const data = await DataWatch.start(client, before, {
    generate: options.generateFixtures ?? false,
    tenantColumn: options.tenantColumn,
    exact: !nested,
    progress,
  });
  const file = { parsed: target, run: inputs.targetRun };
  const traced = target.syntaxError
    ? undefined
    : await progress.step(`apply target ${target.file}`, async () =>
        options.trace === false
          ? { applied: await applyFile(client, file, options.apply), trace: undefined }
          : applyTraced(client, file, options.apply, { scratch: !existingDatabase, watcher: options.watcher }),
      );
  const applied: ApplyResult = traced?.applied ?? {
    status: 'applied',
    file: target.file,
    statements: 0,
    ms: 0,
    skipped: [],
  };
  await restoreLimits(client, options.apply);
  const missing = explainedMissing(preflight.missing, applied);
  const sessions =
    existingDatabase && applied.status === 'failed' && WAITS.has(applied.error.rule)
      ? await blockingSessions(client)
      : preflight.sessions;
  const facts: ReadinessFacts = {
    target,
    missing,
    extensions: preflight.extensions,
    sessions,
    applied,
    extraChecks: [...(preflight.drift ? [preflight.drift] : []), ...opaqueCheck(inputs)],
    sequences: [],
    run: inputs.targetRun,
    tool: inputs.layout.tool,
  };

  const safety = (after?: CatalogSnapshot) =>
    traced?.trace &&
    assessSafety({
      trace: traced.trace,
      target,
      run: inputs.targetRun,
      applied,
      sizes: options.tableSizes ?? {},
      session: { ...inputs.session, ...options.session },
      before,
      ...(after ? { after } : {}),
    });

  if (target.syntaxError || applied.status === 'failed') {
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
  const { searchPath, postgresMajor } = await sessionFacts(client);
  const [after] = await besideSnapshot(
    client,
    () => progress.step('snapshot after', () => snapshotOrNameHolders(client, nested, () => takeSnapshot(client))),
    () => data.afterTarget(),
  );
  const safe = safety(after);
  if (safe) facts.extraChecks.push(safe.check);
  const context = {
    target: withoutSkipped(target, applied.skipped),
    before,
    after,
    expected: options.expectations[inputs.targetName] ?? {},
    tenantColumn: options.tenantColumn,
    searchPath,
    exposedSchemas: options.exposedSchemas ?? inputs.exposedSchemas,
    postgresMajor,
  };
  const probes =
    options.probes?.enabled === false
      ? undefined
      : await progress.step('probes', () =>
          runProbes(client, {
            ctx: context,
            settings: options.probes ?? DEFAULT_PROBES,
            disposable: !nested,
            nested,
            apply: options.apply,
          }),
        );
  await restoreLimits(client, options.apply);
  // On a database the gate must not change, its locks are held no longer than
  // this: the down round trip was done on the scratch server, on the same history.
  const rollback = existingDatabase
    ? (preflight.rollback ?? {
        before,
        run: {
          status: 'not-tried' as const,
          reason: 'Not tried: the history does not build on a scratch server (see readiness)',
        },
      })
    : {
        before,
        run: await progress.step('rollback and re-apply', () =>
          runRollback(client, { parsed: target, run: inputs.targetRun }, inputs.down, options.apply),
        ),
      };
  if (!existingDatabase) await data.afterRoundTrip(rollback.run);
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

/** Earlier migrations the gate could not run (goose `.go`, node-pg-migrate `.js`): said once, not guessed around. */
function opaqueCheck(inputs: GateInputs): { check: Check; findings: Finding[] }[] {
  if (inputs.notes.length === 0) return [];
  const files = inputs.notes.map((n) => n.file).join(', ');
  return [
    {
      check: { name: 'Earlier migrations are SQL', status: 'WARN', finding: `not run by the gate: ${files}` },
      findings: inputs.notes,
    },
  ];
}

/** The schemas unqualified names resolve to, as the migration left the session, and the server's major version. */
async function sessionFacts(client: pg.Client): Promise<{ searchPath: string[]; postgresMajor: number }> {
  const { rows } = await client.query<{ schemas: string[]; major: number }>(
    "SELECT current_schemas(false)::text[] AS schemas, current_setting('server_version_num')::int / 10000 AS major",
  );
  return { searchPath: rows[0]?.schemas ?? [], postgresMajor: rows[0]?.major ?? 0 };
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
