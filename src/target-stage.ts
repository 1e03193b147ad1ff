/**
 * The target's stage of the pipeline, on a database that holds its history:
 * the snapshot before, pre-flight, the target applied (traced), then, when
 * it applied, the snapshot after, the behaviour probes and the down round
 * trip. What they say is worked out in src/target-judgement.ts, once the
 * database is no longer needed.
 */
import type pg from 'pg';
import { applyFile, type ApplyResult } from './apply/apply.js';
import { applyTraced } from './observe/index.js';
import { Recorder } from './observe/recorder.js';
import { restoreLimits } from './apply/send.js';
import { runRollback } from './apply/rollback.js';
import { keepAsBasis, takeFullSnapshot, takeSnapshot } from './catalog/snapshot.js';
import { besideSnapshot, doneReading } from './catalog/readers.js';
import { type GateInputs } from './inputs.js';
import { withOwnValues } from './migrations/light-statement.js';
import type { ParsedSql, Statement } from './migrations/model.js';
import { DEFAULT_PROBES } from './probes/model.js';
import { convertsColumns, retypedColumns } from './observe/converted-values.js';
import { runProbes } from './probes/index.js';
import { explainedMissing, runPreflight, type ReadinessFacts } from './readiness/index.js';
import { blockingSessions, snapshotOrNameHolders } from './readiness/activity.js';
import type { Check, Finding } from './types.js';
import type { CatalogSnapshot } from './catalog/model.js';
import type { ReadAhead } from './catalog/read-ahead.js';
import { assessSafety } from './rules/safety/index.js';
import { DataWatch } from './observe/data-watch.js';
import type { ValidationContext } from './validators/common.js';
import type { GateOptions } from './gate.js';
import { judgement, notApplied, type Applied, type TargetOutcome } from './target-judgement.js';

export type { TargetOutcome } from './target-judgement.js';

/** Failures that mean the statement waited on someone: the sessions holding locks then are named. */
const WAITS = new Set(['lock-timeout', 'gate-timeout', 'statement-timeout', 'deadlock']);

export type ScopedOptions = GateOptions & {
  applySettings: (client: pg.Client) => Promise<void>;
  watcher?: pg.ClientConfig;
  /** What was read of the catalog while the setup was applied. */
  readAhead?: ReadAhead;
};

/**
 * The target on a database that holds its history: pre-flight, apply, and
 * what needs the database of the validation. What is left of it (the
 * validators on the snapshots and counts read) comes back to be done while
 * the database stops (src/database/provider.ts `withDatabaseThen`).
 */
export async function gateTarget(
  client: pg.Client,
  inputs: GateInputs,
  options: ScopedOptions,
  /** Set for a database that already has its history: compared with what the repository builds. */
  existingDatabase: string | undefined,
): Promise<() => TargetOutcome> {
  const { progress } = options;
  const target = inputs.target;
  const nested = options.apply.nested ?? false;
  // Read in full once (in part while the setup was applied, when it was large): the snapshots after the
  // target and after its down read only what changed since.
  const readAhead = options.readAhead;
  const watching = {
    generate: options.generateFixtures ?? false,
    tenantColumn: options.tenantColumn,
    exact: !nested,
    progress,
  };
  // The tables' rows are read on this connection while the catalog is read on the others; then what the
  // trace compares against (sql/observe/relations.sql: 5 ms at 1,000 tables, 30 at 5,000), the same as
  // right before the target when those counts are kept: the snapshot and the pre-flight read only the catalog.
  const traceAhead = !existingDatabase && options.trace !== false && !target.syntaxError;
  const [before, ahead] = await besideSnapshot(
    client,
    () =>
      progress.step('snapshot before', () =>
        snapshotOrNameHolders(client, nested, () =>
          readAhead ? readAhead.snapshotBefore() : takeFullSnapshot(client),
        ),
      ),
    async () => {
      const counted = await DataWatch.countAhead(client, watching);
      return { counted, recorder: counted && traceAhead ? await Recorder.start(client, !existingDatabase) : undefined };
    },
  );
  // What the down migration leaves is read against this snapshot, where it differs least.
  keepAsBasis(client);
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
  const retyped = convertsColumns(target)
    ? retypedColumns(target, before, (await sessionFacts(client)).searchPath)
    : [];
  const data = await DataWatch.start(client, before, watching, ahead.counted, retyped);
  // The trace's readings from before the counts hold only while nothing read a table since (the converted columns do).
  const recorder = data.keptAhead && retyped.length === 0 ? ahead.recorder : undefined;
  const file = { parsed: target, run: inputs.targetRun };
  const traced = target.syntaxError
    ? undefined
    : await progress.step(`apply target ${target.file}`, async () =>
        options.trace === false
          ? { applied: await applyFile(client, file, options.apply), trace: undefined }
          : applyTraced(client, file, options.apply, {
              scratch: !existingDatabase,
              watcher: options.watcher,
              ...(recorder ? { recorder } : {}),
            }),
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
      tool: inputs.layout.tool,
      before,
      ...(after ? { after } : {}),
    });

  const stage: Applied = { client, inputs, options, existingDatabase, before, preflight, data, facts, applied, safety };
  return target.syntaxError || applied.status === 'failed' ? () => notApplied(stage) : validated(stage);
}

/** The target applied: the snapshot after, the probes, the down round trip; then the validators. */
async function validated(stage: Applied): Promise<() => TargetOutcome> {
  const { client, inputs, options, existingDatabase, before, preflight, data, applied } = stage;
  const { progress } = options;
  const target = inputs.target;
  const nested = options.apply.nested ?? false;
  const { searchPath, postgresMajor } = await sessionFacts(client);
  const [after] = await besideSnapshot(
    client,
    () => progress.step('snapshot after', () => snapshotOrNameHolders(client, nested, () => takeSnapshot(client))),
    () => data.afterTarget(),
  );
  // The run's last snapshot when there is no down migration, or when the round trip ran on a scratch server.
  if (!inputs.down || existingDatabase) doneReading(client);
  const context: ValidationContext = {
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
          runRollback(
            client,
            { parsed: target, run: inputs.targetRun },
            inputs.down,
            options.apply,
            options.applySettings,
          ),
        ),
      };
  if (!existingDatabase) await data.afterRoundTrip(rollback.run);
  return () => judgement(stage, { context, rollback, probes });
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

/**
 * Statements the gate did not run (CREATE INDEX CONCURRENTLY and the like on a
 * database it must not change; reported as warnings) promise nothing the
 * validators could find afterwards.
 */
function withoutSkipped(target: ParsedSql, skipped: Statement[]): ParsedSql {
  if (skipped.length === 0) return target;
  const notRun = new Set(skipped);
  return { ...target, statements: target.statements.map((s) => (notRun.has(s) ? creatingNothing(s) : s)) };
}

/** A copy of the statement that creates nothing (a light statement's values are getters: read into the copy). */
function creatingNothing(s: Statement): Statement {
  return { ...withOwnValues(s), creates: [] };
}
