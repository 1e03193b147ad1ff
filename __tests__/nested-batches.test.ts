import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/database/provider.js';
import { parseSql } from '../src/migrations/parse.js';
import { applyTraced } from '../src/observe/index.js';
import { startPg15, startPg17 } from './helpers/real-postgres.js';

/**
 * On a database the gate must not change, the target runs inside the run's
 * own transaction, which is rolled back (src/apply/nested.ts). Its
 * statements go a thousand to a message: what the gate reports must be what
 * one at a time gave — the failing statement's own line, the statements
 * before it looked at, and nothing left on the database.
 */
const ROWS = 2_500;
const options = { statementTimeoutMs: 10_000, lockTimeoutMs: 1_000, nested: true };

async function rowsFile(bad?: number, badRow?: string) {
  const lines = Array.from({ length: ROWS }, (_, i) =>
    i + 1 === bad ? badRow! : `INSERT INTO event (id) VALUES (${i + 1});`,
  );
  const parsed = await parseSql(`${lines.join('\n')}\n`, 'm/0002_rows.sql');
  return { parsed, run: { execution: 'autocommit' as const, psql: true } };
}

/** Applies the file inside a transaction that is then rolled back, as the gate does on such a database. */
async function nested(db: Database, bad?: number, badRow?: string) {
  const client = new pg.Client(db.connection);
  await client.connect();
  try {
    await client.query('CREATE TABLE IF NOT EXISTS event (id int PRIMARY KEY CHECK (id > 0))');
    await client.query('BEGIN');
    const { applied, trace } = await applyTraced(client, await rowsFile(bad, badRow), options, { scratch: false });
    await client.query('ROLLBACK');
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM event');
    return { applied, left: rows[0]!.n, looked: trace.observations.map((o) => o.statement.start.line) };
  } finally {
    await client.end();
  }
}

describe.each([
  ['PostgreSQL 17', startPg17],
  ['PostgreSQL 15', startPg15],
])('a data migration on a database the gate must not change (%s)', (_, start) => {
  let db: Database;
  beforeAll(async () => {
    db = await start();
  });
  afterAll(async () => {
    await db.stop();
  });

  it('applies whole, looked at after its first and last rows, and leaves nothing', async () => {
    const run = await nested(db);
    expect(run.applied).toMatchObject({ status: 'applied', statements: ROWS });
    expect(run.looked).toEqual([1, ROWS]);
    expect(run.left).toBe(0);
  });

  it('a row failing in a later message: its own line, as one at a time', async () => {
    const run = await nested(db, 1_800, 'INSERT INTO event (id) VALUES (-1);');
    expect(run.applied).toMatchObject({ status: 'failed', statements: 1_799, statement: { start: { line: 1_800 } } });
    expect(run.applied.status === 'failed' && run.applied.error.message).toContain('event_id_check');
    expect(run.left).toBe(0);
  });
});

describe('a statement the server cannot parse, on an older server than the parser', () => {
  let db: Database;
  beforeAll(async () => {
    db = await startPg15();
  });
  afterAll(async () => {
    await db.stop();
  });

  // SQL/JSON constructors came with PostgreSQL 16: the gate's parser reads this, a 15 server does not.
  const newer = "INSERT INTO event (id) SELECT length(JSON_OBJECT('a' VALUE 1)::text);";

  it('fails at that statement, after every statement before it ran and was looked at', async () => {
    const run = await nested(db, 1_700, newer);
    expect(run.applied).toMatchObject({ status: 'failed', statements: 1_699, statement: { start: { line: 1_700 } } });
    expect(run.applied.status === 'failed' && run.applied.error.message).toContain('syntax error');
    // The rows before it are one run of INSERTs written alike: its first and its last were looked at.
    expect(run.looked).toEqual([1, 1_699]);
    expect(run.left).toBe(0);
  });
});

describe('a deferred constraint, on a database the gate must not change', () => {
  let db: Database;
  beforeAll(async () => {
    db = await startPg17();
  });
  afterAll(async () => {
    await db.stop();
  });

  /** `rows` applied nested, as a file its tool runs in one transaction; then what stays of it. */
  async function applyRows(rows: string[]) {
    const client = new pg.Client(db.connection);
    await client.connect();
    try {
      await client.query(
        'CREATE TABLE IF NOT EXISTS node (id int PRIMARY KEY, parent int REFERENCES node DEFERRABLE INITIALLY DEFERRED)',
      );
      await client.query('BEGIN');
      const parsed = await parseSql(`${rows.join('\n')}\n`, 'm/0002_nodes.sql');
      const file = { parsed, run: { execution: 'transaction' as const } };
      const { applied } = await applyTraced(client, file, options, { scratch: false });
      // What follows in the run's transaction sees the constraint deferred, as it was.
      const later = await client
        .query('INSERT INTO node VALUES (900, 901); INSERT INTO node VALUES (901, NULL)')
        .then(() => 'deferred')
        .catch((error: Error) => error.message);
      await client.query('ROLLBACK');
      return { applied, later };
    } finally {
      await client.end();
    }
  }

  it('violated by the file: its commit would fail, so it fails, at the last statement of the file', async () => {
    const run = await applyRows(['INSERT INTO node VALUES (1, NULL);', 'INSERT INTO node VALUES (2, 99);']);
    expect(run.applied).toMatchObject({ status: 'failed', rolledBack: true, statement: { start: { line: 2 } } });
    expect(run.applied.status === 'failed' && run.applied.error.message).toContain('node_parent_fkey');
  });

  it('kept by the end of the file: it applies, and the constraint stays deferred', async () => {
    const run = await applyRows(['INSERT INTO node VALUES (1, 2);', 'INSERT INTO node VALUES (2, NULL);']);
    expect(run.applied.status).toBe('applied');
    expect(run.later).toBe('deferred');
  });
});
