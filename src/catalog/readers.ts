/**
 * Connections of the gate's own that read the catalog side by side. A
 * snapshot is a dozen independent queries; on one connection they run one
 * after the other while the server has cores to spare. Only for a database
 * the gate may change: there every file commits before a snapshot is taken,
 * so another connection sees what the migration's connection sees. A run
 * held in one rolled-back transaction (a database the gate must not change)
 * reads on its own connection.
 */
import pg from 'pg';
import { gateSql } from '../sql-files.js';
import { rows } from './query.js';

type Client = Pick<pg.Client, 'query'>;

/** Runs each read on the first free client; a client reads one thing at a time. */
export class Lanes {
  private readonly idle: Client[];
  private readonly queue: { read: (client: Client) => Promise<unknown>; done: (outcome: Promise<unknown>) => void }[] =
    [];

  constructor(clients: Client[]) {
    this.idle = [...clients];
  }

  run<T>(read: (client: Client) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve) => {
      this.queue.push({ read, done: (outcome) => resolve(outcome as Promise<T>) });
      this.pump();
    });
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const client = this.idle.shift()!;
      const { read, done } = this.queue.shift()!;
      const outcome = read(client);
      done(outcome);
      void outcome
        .catch(() => undefined)
        .finally(() => {
          this.idle.push(client);
          this.pump();
        });
    }
  }
}

interface ReaderOptions {
  count: number;
  limits: string;
  onUnavailable: (reason: string) => void;
}

/** The reading connections of one run, and every one it opened (all are closed at the end). */
class ReaderPool {
  private readonly opened: pg.Client[] = [];
  private closing: Promise<void> | undefined;
  current: Promise<Client[] | undefined>;

  constructor(
    private readonly connection: pg.ClientConfig,
    private readonly options: ReaderOptions,
  ) {
    this.current = this.open();
  }

  /** New connections, for those a migration ended (it may end every other session before a rename). */
  reopen(): Promise<Client[] | undefined> {
    this.current = this.open();
    return this.current;
  }

  get limits(): string {
    return this.options.limits;
  }

  /** Closes every connection opened; called again, waits for the same closing. */
  close(): Promise<void> {
    this.closing ??= this.current.then(async () => {
      await Promise.all(this.opened.map((reader) => reader.end().catch(() => undefined)));
    });
    return this.closing;
  }

  private open(): Promise<Client[] | undefined> {
    const { count, limits, onUnavailable } = this.options;
    return Promise.all(
      Array.from({ length: count }, async () => {
        const reader = new pg.Client(this.connection);
        reader.on('error', () => undefined);
        this.opened.push(reader);
        await reader.connect();
        // A reading connection runs each catalog query many times (the reads ahead, three snapshots): from
        // the sixth run PostgreSQL may plan a prepared query once for any parameter, and a generic plan of
        // `$1 IS NULL OR x = ANY ($1)` reads a whole catalog comparing each row with every OID given. At
        // 5,000 tables the indexes of a thousand of them took 55 ms, then 100; the snapshot before 409 → 321 ms.
        await reader.query(
          `${limits}; ${gateSql('catalog/pin-settings.sql')}; SET plan_cache_mode = force_custom_plan`,
        );
        // The first snapshot's first read goes to the first connection: planned here, beside the setup's
        // first file, while the database is still small (the seed's snapshot before: 31 → 27 ms).
        if (this.opened[0] === reader) await rows(reader, 'fingerprint.sql');
        return reader;
      }),
    ).catch((error: unknown) => {
      onUnavailable((error as Error).message);
      return undefined;
    });
  }
}

const pools = new WeakMap<object, ReaderPool>();

/**
 * Runs `fn` with `count` reading connections registered for `client`: its
 * snapshots are read on them, with the rendering settings pinned once (see
 * sql/catalog/pin-settings.sql) and the gate's limits (`limits`, SET
 * statements). They are opened while `fn` starts (the first snapshot waits
 * for them) and closed afterwards. A connection that cannot be opened leaves
 * the snapshots on `client`, as on a database held in one transaction.
 */
export async function withCatalogReaders<T>(
  client: pg.Client,
  connection: pg.ClientConfig,
  options: ReaderOptions,
  fn: () => Promise<T>,
): Promise<T> {
  const pool = new ReaderPool(connection, options);
  pools.set(client, pool);
  try {
    return await fn();
  } finally {
    pools.delete(client);
    await pool.close();
  }
}

/**
 * `client` reads no more snapshots in this run: its reading connections close
 * while it goes on (the rollback's re-apply, the probes) instead of at the
 * end, where closing them was on the way to the report (15 ms on the seed
 * example). A snapshot asked for after all the same reads on `client`.
 */
export function doneReading(client: object): void {
  const pool = pools.get(client);
  if (!pool) return;
  pools.delete(client);
  void pool.close();
}

/**
 * Below PostgreSQL's deadlock_timeout (1 s): a read that waits on a lock the
 * migration's connection holds gives up before either side checks for a
 * deadlock, so the server never ends the connection applying the files.
 */
const GIVING_WAY_LOCK_TIMEOUT_MS = 50;

/** Runs `read` on the readers with a lock timeout short enough to give way to `client`, then the gate's limits again. */
export async function givingWay<T>(client: object, readers: Client[], read: () => Promise<T>): Promise<T> {
  const limits = pools.get(client)?.limits;
  await Promise.all(readers.map((reader) => reader.query(`SET lock_timeout = ${GIVING_WAY_LOCK_TIMEOUT_MS}`)));
  try {
    return await read();
  } finally {
    if (limits) await Promise.all(readers.map((reader) => reader.query(limits).catch(() => undefined)));
  }
}

/** Waits for `client`'s reading connections to be open (or known unavailable). */
export function readersReady(client: object): Promise<Client[] | undefined> {
  return pools.get(client)?.current ?? Promise.resolve(undefined);
}

/** Opens `client`'s reading connections again, after the migration ended them. */
export function reopenReaders(client: object): Promise<Client[] | undefined> {
  return pools.get(client)?.reopen() ?? Promise.resolve(undefined);
}

/** The connection is gone (ended by the server or by another session), as opposed to a query that failed. */
export function connectionLost(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return error instanceof Error;
  return code.startsWith('08') || code === '57P01' || code === '57P02';
}

/**
 * Runs `other` on `client` while `snapshot` is read: side by side when the
 * snapshot reads on the client's reading connections, else one after the
 * other (both would pin and restore the client's settings, and interleaved
 * the session could be left pinned).
 */
export async function besideSnapshot<S, O>(
  client: object,
  snapshot: () => Promise<S>,
  other: () => Promise<O>,
): Promise<[S, O]> {
  if (await readersReady(client)) return Promise.all([snapshot(), other()]);
  const taken = await snapshot();
  return [taken, await other()];
}
