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

const readers = new WeakMap<object, Client[]>();
const pending = new WeakMap<object, Promise<unknown>>();

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
  options: { count: number; limits: string; onUnavailable: (reason: string) => void },
  fn: () => Promise<T>,
): Promise<T> {
  const opened: pg.Client[] = [];
  const ready = Promise.all(
    Array.from({ length: options.count }, async () => {
      const reader = new pg.Client(connection);
      reader.on('error', () => undefined);
      opened.push(reader);
      await reader.connect();
      await reader.query(`${options.limits}; ${gateSql('catalog/pin-settings.sql')}`);
      return reader;
    }),
  ).then(
    (clients) => readers.set(client, clients),
    (error: unknown) => options.onUnavailable((error as Error).message),
  );
  pending.set(client, ready);
  try {
    return await fn();
  } finally {
    pending.delete(client);
    readers.delete(client);
    await ready;
    await Promise.all(opened.map((reader) => reader.end().catch(() => undefined)));
  }
}

/** Waits for `client`'s reading connections to be open (or known unavailable). */
export async function readersReady(client: object): Promise<Client[] | undefined> {
  await pending.get(client);
  return readers.get(client);
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
