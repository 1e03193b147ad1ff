/**
 * A statement that refuses a transaction block (CREATE INDEX CONCURRENTLY,
 * REINDEX … CONCURRENTLY, VACUUM FULL, …) commits on its own: the session
 * that runs it can look at nothing until it is over, and by then its locks
 * are gone. A second connection holds ROW EXCLUSIVE — what any writer holds —
 * on the tables that existed before the migration while the statement runs.
 * Concurrent builds wait for writers to finish, and a statement that wants a
 * stronger lock waits for it: while it waits, its locks are read, then the
 * second connection lets go and the statement carries on as it would have.
 * A statement that never waits (a plain VACUUM) takes nothing worth a look.
 * Only on a server the gate built: nobody else is connected.
 */
import pg from 'pg';
import type { ApplyOptions } from '../apply/apply.js';
import { runGuarded } from '../apply/send.js';
import type { Statement } from '../migrations/model.js';
import { gateSql } from '../sql-files.js';
import { RELATIONS_SQL, type Recorder, type RelationRow } from './recorder.js';

type Outcome = { error?: unknown; overran: boolean };

/** How often the second connection looks; a wait is found within a few milliseconds. */
const POLL_MS = 2;

/**
 * Runs a statement that refuses a transaction block; `connection` (a server
 * the gate built) lets a second connection watch its locks. Either way, what
 * it rewrote or read is read afterwards.
 */
export async function runOutside(
  client: pg.Client,
  recorder: Recorder,
  statement: Statement,
  options: ApplyOptions,
  connection: pg.ClientConfig | undefined,
): Promise<Outcome> {
  const run = (): Promise<Outcome> => runGuarded(client, statement.sql, options);
  const startedAt = Date.now();
  const { outcome, locks, waited } = connection
    ? await watched(connection, recorder, options, run)
    : { outcome: await run(), locks: [], waited: 0 };
  if (outcome.error === undefined) {
    const after = await client.query<RelationRow>(RELATIONS_SQL());
    recorder.recordAfter(statement, { startedAt, endedAt: Date.now() - waited }, locks, after.rows);
  }
  return outcome;
}

async function watched(
  connection: pg.ClientConfig,
  recorder: Recorder,
  options: ApplyOptions,
  run: () => Promise<Outcome>,
): Promise<{ outcome: Outcome; locks: [number, string][]; waited: number }> {
  const side = new pg.Client(connection);
  side.on('error', () => undefined);
  let seen: { rows: SeenLock[]; at: number } | undefined;
  let running: Promise<Outcome>;
  try {
    if (!(await holdWriterLocks(side, recorder.tableOids(), options)))
      return { outcome: await run(), locks: [], waited: 0 };
    let finished = false;
    running = run().finally(() => (finished = true));
    while (!finished && !seen) {
      const { rows } = await side.query<SeenLock>(gateSql('observe/waiting.sql'), [recorder.pid]);
      if (rows.some((r) => !r.granted)) seen = { rows, at: Date.now() };
      else await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    // Whatever happened here, the statement must not wait for this connection any longer.
    await side.end().catch(() => undefined);
  }
  // The time the statement spent waiting for this connection is the gate's, not the statement's.
  const waited = seen ? Date.now() - seen.at : 0;
  const locks = (seen?.rows ?? []).flatMap((r): [number, string][] =>
    r.oid === null ? [] : [[Number(r.oid), r.mode]],
  );
  return { outcome: await running, locks, waited };
}

/** ROW EXCLUSIVE on the tables that still exist, in a transaction left open; false when it could not be had. */
async function holdWriterLocks(side: pg.Client, oids: number[], options: ApplyOptions): Promise<boolean> {
  if (oids.length === 0) return false;
  try {
    await side.connect();
    await side.query(`SET lock_timeout = ${Math.trunc(options.lockTimeoutMs)}`);
    const { rows } = await side.query<{ name: string }>(gateSql('observe/lockable.sql'), [oids]);
    if (rows.length === 0) return false;
    await side.query(`BEGIN; LOCK TABLE ${rows.map((r) => `ONLY ${r.name}`).join(', ')} IN ROW EXCLUSIVE MODE`);
    return true;
  } catch {
    return false;
  }
}

interface SeenLock {
  oid: string | null;
  mode: string;
  granted: boolean;
}
