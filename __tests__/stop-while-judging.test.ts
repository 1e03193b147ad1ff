import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { startEmbedded } from '../src/database/embedded.js';
import { withClient, withDatabaseThen, type Database } from '../src/database/provider.js';
import { Progress } from '../src/progress.js';

/** Whether the server still takes connections on its port. */
function accepting(db: Database): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: String(db.connection.host), port: Number(db.connection.port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function until(condition: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

/**
 * The validators and the report need the database no more: they are worked
 * out while it stops (src/database/provider.ts `withDatabaseThen`), and the
 * result comes once it is gone.
 */
describe('the database stops while what is left is worked out', () => {
  it('the server goes away while the rest runs, and is gone when the result comes', async () => {
    let server: Database | undefined;
    const result = await withDatabaseThen(
      () => startEmbedded(new Progress()),
      async (db) => {
        server = db;
        const n = await withClient(db, async (client) => (await client.query('SELECT 41 + 1 AS n')).rows[0].n);
        // Waited for from within the rest: were the stop only begun after it, this would never come true.
        return async () => ({ n, stoppedMeanwhile: await until(async () => !(await accepting(db)), 10_000) });
      },
    );
    expect(result).toEqual({ n: 42, stoppedMeanwhile: true });
    expect(await accepting(server!)).toBe(false);
  }, 60_000);

  it('a rest that fails still has the server stopped, and its error is the one that comes back', async () => {
    let server: Database | undefined;
    const run = withDatabaseThen(
      () => startEmbedded(new Progress()),
      async (db) => {
        server = db;
        return () => {
          throw new Error('validator exploded');
        };
      },
    );
    await expect(run).rejects.toThrow('validator exploded');
    expect(await accepting(server!)).toBe(false);
  }, 60_000);

  it('work that fails with the database stops it and never asks for the rest', async () => {
    let server: Database | undefined;
    let restAsked = false;
    const run = withDatabaseThen(
      () => startEmbedded(new Progress()),
      async (db): Promise<() => number> => {
        server = db;
        await withClient(db, (client) => client.query('SELECT * FROM no_such_table'));
        return () => {
          restAsked = true;
          return 1;
        };
      },
    );
    await expect(run).rejects.toThrow('no_such_table');
    expect(restAsked).toBe(false);
    expect(await accepting(server!)).toBe(false);
  }, 60_000);
});
