import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyAsTool } from '../src/apply/apply.js';
import { sendParts } from '../src/apply/send.js';
import { startEmbedded } from '../src/database/embedded.js';
import type { Database } from '../src/database/provider.js';
import { parseSql } from '../src/migrations/parse.js';
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

describe('an autocommit file longer than one message', () => {
  // psql commits each statement: what ran before a failure stays, whichever message it travelled in.
  it('stops at the failing statement deep in it, with every statement before it applied', async () => {
    const lines = Array.from({ length: 2_500 }, (_, i) => `CREATE TABLE auto_${i} (n int);`);
    lines[1_700] = 'CREATE TABLE auto_1699 (n int);';
    const text = `${lines.join('\n')}\n`;
    const parsed = await parseSql(text, 'baseline.sql');
    const file = { parsed, run: { execution: 'autocommit' as const, psql: true } };
    const failure = await applyAsTool(client, file, parsed.statements, options);
    expect(failure).toMatchObject({ statements: 1_700, rolledBack: false, statement: { start: { line: 1_701 } } });
    expect(failure?.error.message).toMatch(/auto_1699.*already exists/);
    const { rows } = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_class WHERE relname ~ '^auto_'",
    );
    expect(rows[0]?.n).toBe(1_700);
  });

  it('a row that only a later row makes valid, under a deferred foreign key: it fails, as committed alone', async () => {
    await client.query(
      'CREATE TABLE deferred_row (id int PRIMARY KEY, parent int REFERENCES deferred_row DEFERRABLE INITIALLY DEFERRED)',
    );
    const lines = Array.from(
      { length: 1_200 },
      (_, i) => `INSERT INTO deferred_row VALUES (${i + 1}, ${i === 700 ? 800 : 'NULL'});`,
    );
    const parsed = await parseSql(`${lines.join('\n')}\n`, 'data.sql');
    const file = { parsed, run: { execution: 'autocommit' as const, psql: true } };
    const failure = await applyAsTool(client, file, parsed.statements, options);
    expect(failure).toMatchObject({ statements: 700, rolledBack: false, statement: { start: { line: 701 } } });
    expect(failure?.error.message).toContain('deferred_row_parent_fkey');
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM deferred_row');
    expect(rows[0]?.n).toBe(700);
  });

  it('a file that defers its constraints itself, outside a transaction (no effect under psql): the row still fails', async () => {
    await client.query(
      'CREATE TABLE self_deferred (id int PRIMARY KEY, parent int REFERENCES self_deferred DEFERRABLE INITIALLY IMMEDIATE)',
    );
    const rows = Array.from(
      { length: 600 },
      (_, i) => `INSERT INTO self_deferred VALUES (${i + 1}, ${i === 300 ? 400 : 'NULL'});`,
    );
    const parsed = await parseSql(`SET CONSTRAINTS ALL DEFERRED;\n${rows.join('\n')}\n`, 'data.sql');
    const file = { parsed, run: { execution: 'autocommit' as const, psql: true } };
    const failure = await applyAsTool(client, file, parsed.statements, options);
    expect(failure).toMatchObject({ statements: 301, rolledBack: false, statement: { start: { line: 302 } } });
    expect(failure?.error.message).toContain('self_deferred_parent_fkey');
  });

  it('applies every statement when none fails', async () => {
    const lines = Array.from({ length: 2_100 }, (_, i) => `CREATE TABLE whole_${i} (n int);`);
    const parsed = await parseSql(`${lines.join('\n')}\n`, 'baseline.sql');
    const file = { parsed, run: { execution: 'autocommit' as const, psql: true } };
    expect(await applyAsTool(client, file, parsed.statements, options)).toBeUndefined();
    const { rows } = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_class WHERE relname ~ '^whole_'",
    );
    expect(rows[0]?.n).toBe(2_100);
  });
});
