import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendParts } from '../src/apply/send.js';
import { startEmbedded } from '../src/database/embedded.js';
import type { Database } from '../src/database/provider.js';
import { Progress } from '../src/progress.js';

/** Several statements in one message: which one failed, and where in its own text. */

let db: Database;
let client: pg.Client;
const options = { statementTimeoutMs: 5_000, lockTimeoutMs: 1_000 };

beforeAll(async () => {
  db = await startEmbedded(new Progress());
  client = new pg.Client(db.connection);
  await client.connect();
});

afterAll(async () => {
  await client.end();
  await db.stop();
});

describe('sendParts', () => {
  it('an error while running: the part the server had reached, the position in that part', async () => {
    const sent = await sendParts(client, ['CREATE TEMP TABLE a (n int)', "INSERT INTO a VALUES ('x')"], options);
    expect(sent.failure).toMatchObject({ failedAt: 1, error: { code: '22P02', position: '23' } });
  });

  it('a syntax error, which stops the whole message before anything runs: the part it is in', async () => {
    const sent = await sendParts(client, ['CREATE TEMP TABLE b (n int)', 'SELECT 1', 'SELEC 2'], options);
    expect(sent.failure).toMatchObject({ failedAt: 2, error: { code: '42601', position: '1' } });
    const created = await client.query("SELECT count(*)::int AS n FROM pg_class WHERE relname = 'b'");
    expect(created.rows[0]).toEqual({ n: 0 });
  });
});
