import pg from 'pg';

/**
 * The gate's limits enforced from outside the session. A migration can say
 * `SET statement_timeout = 0` (or `lock_timeout = 0`) and so switch off the
 * server's own limits for what follows; a timer here then cancels its
 * statement through a second connection, as an operator would.
 */
const cancellers = new WeakMap<pg.Client, () => Promise<void>>();

/** Called once a client is connected: how to cancel what it runs. */
export async function armCanceller(client: pg.Client, connection: pg.ClientConfig): Promise<void> {
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const pid = rows[0]!.pid;
  cancellers.set(client, async () => {
    const other = new pg.Client(connection);
    other.on('error', () => undefined);
    try {
      await other.connect();
      await other.query('SELECT pg_cancel_backend($1)', [pid]);
    } finally {
      await other.end().catch(() => undefined);
    }
  });
}

/** Grace beyond the server's own timeout: the server cancels first when it still can. */
const GRACE_MS = 2_000;

export interface Guarded<T> {
  value?: T;
  error?: unknown;
  /** The gate cancelled it: it ran past the limit the server should have enforced. */
  overran: boolean;
}

/** How often a running query is looked at; cancelling a little late costs nothing. */
const POLL_MS = 200;

/**
 * Runs `query` and cancels it from outside when one statement of it has been
 * running longer than `limitMs` (plus a grace) — `lastProgress` says when the
 * current statement began — or when the run's deadline passes.
 */
export async function guarded<T>(
  client: pg.Client,
  limitMs: number,
  runDeadline: number | undefined,
  query: () => Promise<T>,
  lastProgress: () => number = (
    (started) => () =>
      started
  )(Date.now()),
): Promise<Guarded<T>> {
  const cancel = cancellers.get(client);
  let cancelling: Promise<void> | undefined;
  const timer =
    cancel &&
    setInterval(() => {
      const now = Date.now();
      if (cancelling === undefined && (now - lastProgress() > limitMs + GRACE_MS || (runDeadline ?? Infinity) < now)) {
        cancelling = cancel().catch(() => undefined);
      }
    }, POLL_MS);
  try {
    return { value: await query(), overran: false };
  } catch (error) {
    return { error, overran: cancelling !== undefined };
  } finally {
    if (timer) clearInterval(timer);
    // A cancel still on its way could hit the next statement: let it land while the session is idle (ignored then).
    await cancelling;
  }
}
