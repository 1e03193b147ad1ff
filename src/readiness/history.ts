import type pg from 'pg';
import { applyFile, type ApplyOptions } from '../apply/apply.js';
import { ownWork } from '../apply/setup.js';
import { prepareRunnerRole } from '../database/session.js';
import type { SchemaDifference } from '../catalog/diff.js';
import type { CatalogSnapshot } from '../catalog/model.js';
import { takeSnapshot } from '../catalog/snapshot.js';
import { startEmbedded } from '../database/embedded.js';
import { withClient, withDatabase, type Database } from '../database/provider.js';
import type { GateInputs, SetupFile } from '../inputs.js';
import { inTurn } from '../in-turn.js';
import { Progress } from '../progress.js';
import { gateSql } from '../sql-files.js';
import type { StatementError } from '../apply/errors.js';
import { runRollback, type RollbackRun } from '../apply/rollback.js';
import { restoreLimits } from '../apply/send.js';
import { DataWatch } from '../observe/data-watch.js';
import type { DataMoments } from '../rules/data-loss.js';

/** The schema the repository builds, and which of its files made each object. */
export type HistoryBuild =
  | {
      status: 'built';
      snapshot: CatalogSnapshot;
      originOf: (difference: SchemaDifference) => string | undefined;
      /** The target's down round trip, done here rather than under production's locks; unset when the target fails here. */
      rollback?: RoundTrip;
    }
  | { status: 'failed'; file: string; error: StatementError };

/** The down round trip and, read around it, the rows of the tables that existed before the target. */
export interface RoundTrip {
  before: CatalogSnapshot;
  run: RollbackRun;
  data: DataMoments;
}

interface Boundary {
  file: string;
  /** The first transaction id the file's statements could have used. */
  fromXid: number;
}

/**
 * Builds what the target database should already hold (baseline,
 * prerequisites and earlier migrations) on a throw-away embedded server, file
 * by file, noting the transaction ids each file used: the catalog rows'
 * xmin then say which file created or last changed each object.
 */
export async function buildHistory(
  inputs: GateInputs,
  apply: ApplyOptions,
  session: (client: pg.Client) => Promise<void>,
  data: { generate: boolean; tenantColumn: string },
  startScratch: (progress: Progress) => Promise<Database> = startEmbedded,
): Promise<HistoryBuild> {
  return withDatabase(
    () => startScratch(new Progress()),
    (db) =>
      withClient(db, async (client) => {
        await session(client);
        if (apply.role !== undefined) await prepareRunnerRole(client, apply.role, true);
        const boundaries: Boundary[] = [];
        for await (const file of inTurn(inputs.setup.filter((f) => f.role !== 'fixture'))) {
          const { role, parsed } = file;
          boundaries.push({ file: parsed.file, fromXid: await nextXid(client) });
          // A throw-away server of its own, outside the target's rolled-back transaction: not nested.
          const result = await applyFile(client, file, {
            ...(role === 'earlier' ? apply : ownWork(apply)),
            nested: false,
          });
          if (result.status === 'failed') return { status: 'failed', file: parsed.file, error: result.error };
        }
        await restoreLimits(client, apply);
        const snapshot = await takeSnapshot(client);
        const origins = await objectOrigins(client, boundaries[0]?.fromXid ?? 0);
        const originOf = (d: SchemaDifference): string | undefined => fileOf(boundaries, originXid(origins, d));
        const rollback = await rollbackRoundTrip(client, inputs, { ...apply, nested: false }, snapshot, data, session);
        return { status: 'built', snapshot, originOf, ...(rollback ? { rollback } : {}) };
      }),
  );
}

/**
 * On a database the gate must not change, the migration's locks are held
 * only while it is applied and read: the down round trip (apply the down,
 * compare, apply again) happens here, on the same history, with the fixtures.
 */
async function rollbackRoundTrip(
  client: pg.Client,
  inputs: GateInputs,
  apply: ApplyOptions,
  history: CatalogSnapshot,
  data: { generate: boolean; tenantColumn: string },
  session: (client: pg.Client) => Promise<void>,
): Promise<RoundTrip | undefined> {
  const fixtures = inputs.setup.filter((file): file is SetupFile => file.role === 'fixture');
  for (const fixture of fixtures) {
    if ((await applyFile(client, fixture, ownWork(apply))).status === 'failed') return undefined;
  }
  if (fixtures.length > 0) await restoreLimits(client, apply);
  const before = fixtures.length > 0 ? await takeSnapshot(client) : history;
  if (inputs.target.syntaxError) return undefined;
  const watch = await DataWatch.start(client, before, { ...data, exact: true });
  const target = { parsed: inputs.target, run: inputs.targetRun };
  if ((await applyFile(client, target, apply)).status === 'failed') return undefined;
  await watch.afterTarget();
  const run = await runRollback(client, target, inputs.down, apply, session);
  await watch.afterRoundTrip(run);
  return { before, run, data: watch.moments };
}

async function nextXid(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ xid: string }>(gateSql('next-xid.sql'));
  return Number(rows[0]!.xid);
}

async function objectOrigins(client: pg.Client, from: number): Promise<Map<string, number>> {
  const { rows } = await client.query<{ kind: string; object: string; xid: string }>(gateSql('object-origins.sql'), [
    from,
  ]);
  return new Map(rows.map((row) => [`${row.kind}\0${row.object}`, Number(row.xid)]));
}

/** Functions are known by name only; a table's RLS setting lives in its own row. */
function originXid(origins: Map<string, number>, difference: SchemaDifference): number | undefined {
  const { kind, object } = difference;
  if (kind === 'function') return origins.get(`function\0${object.replace(/\(.*$/s, '')}`);
  if (kind === 'rls') return origins.get(`table\0${object}`);
  return origins.get(`${kind}\0${object}`);
}

function fileOf(boundaries: Boundary[], xid: number | undefined): string | undefined {
  if (xid === undefined) return undefined;
  let found: string | undefined;
  for (const boundary of boundaries) {
    if (boundary.fromXid > xid) break;
    found = boundary.file;
  }
  return found;
}
