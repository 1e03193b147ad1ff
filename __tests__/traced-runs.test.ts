import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { applyTraced } from '../src/observe/index.js';
import { RUN_MESSAGE } from '../src/observe/runs.js';
import { parseSql } from '../src/migrations/parse.js';
import { databasePerTest } from './helpers/real-postgres.js';

/**
 * A run of INSERTs written alike in a file whose statements each commit on
 * their own (psql, a plain directory): its first and last rows are traced
 * alone, the rows between go in messages of RUN_MESSAGE with a look at each
 * end (src/observe/runs.ts). What one of them locked must reach the trace, and
 * a failure must leave what psql leaves: every row before it committed.
 */
const { database } = databasePerTest();
const options = { statementTimeoutMs: 10_000, lockTimeoutMs: 1_000 };
/** Three messages' worth: the middle takes two full ones and part of a third. */
const ROWS = 3 * RUN_MESSAGE;
/** In the middle's second message. */
const TRIGGERED = RUN_MESSAGE + 1_000;

/** `event`, whose trigger writes to `audit` on row TRIGGERED only. */
async function withSchema(name: string): Promise<pg.Client> {
  const client = await database(name);
  await client.query(`
    CREATE TABLE event (id int PRIMARY KEY);
    CREATE TABLE audit (id int);
    CREATE FUNCTION note_event() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF NEW.id = ${TRIGGERED} THEN INSERT INTO audit VALUES (NEW.id); END IF; RETURN NEW; END $$;
    CREATE TRIGGER event_note AFTER INSERT ON event FOR EACH ROW EXECUTE FUNCTION note_event();`);
  return client;
}

/** ROWS one-row INSERTs, row `bad` (1-based, on line `bad`) repeating row 1's key. */
async function rowsFile(bad?: number) {
  const lines = Array.from({ length: ROWS }, (_, i) => `INSERT INTO event (id) VALUES (${i + 1 === bad ? 1 : i + 1});`);
  const parsed = await parseSql(`${lines.join('\n')}\n`, 'm/0002_rows.sql');
  return { parsed, run: { execution: 'autocommit' as const, psql: true } };
}

async function applied(client: pg.Client, bad?: number) {
  const { applied, trace } = await applyTraced(client, await rowsFile(bad), options, { scratch: true });
  const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM event');
  const looks = trace.observations.map((o) => ({
    line: o.statement.start.line,
    locks: o.taken.map((t) => `${t.relation} ${t.modes.join(',')}`).sort(),
  }));
  return { applied, committed: rows[0]!.n, looks };
}

describe('a run of INSERTs where each commits on its own', () => {
  it('applies every row, traced at its first and last, with what the rows between them locked', async () => {
    const run = await applied(await withSchema('run_whole'));
    expect(run.applied.status).toBe('applied');
    expect(run.committed).toBe(ROWS);
    expect(run.looks).toEqual([
      { line: 1, locks: ['public.event ROW EXCLUSIVE'] },
      { line: ROWS, locks: ['public.audit ROW EXCLUSIVE', 'public.event ROW EXCLUSIVE'] },
    ]);
  });

  it.each([
    ['in the first message of the middle, at its first row', 2],
    ['in the first message of the middle', 300],
    ['in a later message, after the trigger wrote', 2 * RUN_MESSAGE + 200],
    ['at the run’s last row', ROWS],
  ])('a row failing %s: the rows before it stay, as psql leaves them', async (_, bad) => {
    const run = await applied(await withSchema(`run_fails_${bad}`), bad);
    expect(run.applied).toMatchObject({
      status: 'failed',
      statements: bad - 1,
      rolledBack: false,
      statement: { start: { line: bad } },
    });
    expect(run.applied.status === 'failed' && run.applied.error.message).toContain('event_pkey');
    expect(run.committed).toBe(bad - 1);
    // What the rows before it locked is kept, on the last of them that committed.
    const last = bad - 1;
    const trigger = last >= TRIGGERED ? ['public.audit ROW EXCLUSIVE'] : [];
    expect(run.looks).toEqual(
      last === 1
        ? [{ line: 1, locks: ['public.event ROW EXCLUSIVE'] }]
        : [
            { line: 1, locks: ['public.event ROW EXCLUSIVE'] },
            { line: last, locks: [...trigger, 'public.event ROW EXCLUSIVE'] },
          ],
    );
  });

  it('a row that only a later row makes valid, under a deferred foreign key: it fails, as committed alone', async () => {
    const client = await database('run_deferred');
    await client.query(
      'CREATE TABLE event (id int PRIMARY KEY, parent int REFERENCES event DEFERRABLE INITIALLY DEFERRED)',
    );
    const lines = Array.from({ length: ROWS }, (_, i) =>
      i + 1 === 1_200
        ? 'INSERT INTO event (id, parent) VALUES (1200, 1300);'
        : `INSERT INTO event (id, parent) VALUES (${i + 1}, NULL);`,
    );
    const parsed = await parseSql(`${lines.join('\n')}\n`, 'm/0002_rows.sql');
    const file = { parsed, run: { execution: 'autocommit' as const, psql: true } };
    const { applied } = await applyTraced(client, file, options, { scratch: true });
    expect(applied).toMatchObject({ status: 'failed', statements: 1_199, statement: { start: { line: 1_200 } } });
    expect(applied.status === 'failed' && applied.error.message).toContain('event_parent_fkey');
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM event');
    expect(rows[0]!.n).toBe(1_199);
  });
});

/**
 * A tool that sends a file as one message (golang-migrate, Prisma) and a file
 * that is one BEGIN … COMMIT of its own (Prisma's enum changes): the BEGIN
 * makes the message's transaction explicit, so a statement at a time with a
 * look after each runs the same. A statement outside that BEGIN … COMMIT
 * would share a transaction the looks would break up: such a file is applied
 * as one message, untraced.
 */
describe('a file sent as one message that is one BEGIN … COMMIT', () => {
  const oneMessage = { execution: 'single-message' as const };
  const ENUM_CHANGE = `BEGIN;
CREATE TYPE role_new AS ENUM ('admin', 'member');
ALTER TABLE membership ALTER COLUMN role TYPE role_new USING (role::text::role_new);
ALTER TYPE role RENAME TO role_old;
ALTER TYPE role_new RENAME TO role;
DROP TYPE role_old;
COMMIT;
`;
  async function withMembership(name: string): Promise<pg.Client> {
    const client = await database(name);
    await client.query(`
      CREATE TYPE role AS ENUM ('owner', 'admin', 'member');
      CREATE TABLE membership (id int PRIMARY KEY, role role NOT NULL);
      INSERT INTO membership VALUES (1, 'admin'), (2, 'member');`);
    return client;
  }
  const traced = async (client: pg.Client, sql: string) => {
    const parsed = await parseSql(sql, 'prisma/migrations/20240320090000_roles/migration.sql');
    return applyTraced(client, { parsed, run: oneMessage }, options, { scratch: true });
  };

  it('is traced a statement at a time: the type change’s rewrite under ACCESS EXCLUSIVE is seen', async () => {
    const client = await withMembership('one_message_traced');
    const { applied, trace } = await traced(client, ENUM_CHANGE);
    expect(applied.status).toBe('applied');
    const change = trace.observations.find((o) => o.statement.start.line === 3)!;
    expect(change.unobserved).toBeUndefined();
    expect(change.rewritten).toEqual(['public.membership']);
    expect(change.taken.find((t) => t.relation === 'public.membership')?.modes).toContain('ACCESS EXCLUSIVE');
    const { rows } = await client.query<{ role: string }>('SELECT role::text FROM membership ORDER BY id');
    expect(rows.map((r) => r.role)).toEqual(['admin', 'member']);
  });

  it('a statement failing inside: the file fails there and nothing of it stays, as in one message', async () => {
    const client = await withMembership('one_message_fails');
    await client.query("INSERT INTO membership VALUES (3, 'owner')");
    const { applied } = await traced(client, ENUM_CHANGE);
    expect(applied).toMatchObject({ status: 'failed', rolledBack: true, statement: { start: { line: 3 } } });
    const { rows } = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_type WHERE typname IN ('role_new', 'role_old')",
    );
    expect(rows[0]!.n).toBe(0);
  });

  it('a statement after its COMMIT: applied as one message, untraced, and said so', async () => {
    const client = await withMembership('one_message_after');
    const { applied, trace } = await traced(client, `${ENUM_CHANGE}ALTER TABLE membership ADD COLUMN note text;\n`);
    expect(applied.status).toBe('applied');
    const change = trace.observations.find((o) => o.statement.start.line === 3)!;
    expect(change.unobserved).toMatch(/one message/);
  });
});
