import { describe, expect, it } from 'vitest';
import type { RunSemantics } from '../src/inputs.js';
import type { Statement } from '../src/migrations/model.js';
import { parseSql } from '../src/migrations/parse.js';
import { blockedTraffic, lockModeOf, strongest, type LockMode } from '../src/observe/locks.js';
import { withCarried, type Observation, type Relation } from '../src/observe/model.js';
import { runMiddles, statementsToLook } from '../src/observe/look.js';
import { durationWords, formatRows, project, sizeWords } from '../src/observe/projection.js';
import { transactionsOf } from '../src/observe/transactions.js';

/** The pure parts of tracing: lock modes, projection, the tool's transactions, what the parser hands the rules. */

describe('lock modes', () => {
  it('reads pg_locks spelling and says what each mode blocks', () => {
    expect(lockModeOf('AccessExclusiveLock')).toBe('ACCESS EXCLUSIVE');
    expect(lockModeOf('ShareUpdateExclusiveLock')).toBe('SHARE UPDATE EXCLUSIVE');
    expect(lockModeOf('ExclusiveLock')).toBe('EXCLUSIVE');
    expect(lockModeOf('SIReadLock')).toBeUndefined();
    expect(strongest(['ROW SHARE', 'SHARE', 'ACCESS SHARE'])).toBe('SHARE');
    expect(blockedTraffic('ACCESS EXCLUSIVE')).toBe('blocks reads and writes');
    expect(blockedTraffic('SHARE ROW EXCLUSIVE')).toBe('blocks writes');
    expect(blockedTraffic('ROW EXCLUSIVE')).toBe('does not block reads or writes');
  });
});

describe('projection to production size', () => {
  const relation: Relation = { oid: 1, schema: 'public', name: 'sync_progress', kind: 'r', filenode: 1, reltuples: -1 };

  it('takes table_sizes (qualified or bare) before the estimate; no estimate before the first ANALYZE', () => {
    expect(project(relation, {})).toBeUndefined();
    expect(project({ ...relation, reltuples: 4_200 }, {})).toEqual({ rows: 4_200, from: 'estimate' });
    expect(project({ ...relation, reltuples: 4_200 }, { sync_progress: 12e6 })).toEqual({
      rows: 12e6,
      from: 'table_sizes',
    });
    expect(project(relation, { 'public.sync_progress': 7, sync_progress: 9 })).toEqual({
      rows: 7,
      from: 'table_sizes',
    });
  });

  it('says sizes and durations in round words', () => {
    expect(formatRows(12_000_000)).toBe('12 M');
    expect(formatRows(4_500)).toBe('4.5 k');
    expect(formatRows(999)).toBe('999');
    expect(sizeWords({ rows: 12_000_000, from: 'estimate' })).toBe('≈ 12 M rows');
    expect(sizeWords(undefined)).toBe('size unknown');
    expect([0.2, 5, 120, 7_200].map(durationWords)).toEqual(['under a second', 'seconds', 'minutes', 'hours']);
  });
});

describe("the tool's transactions", () => {
  const ids = async (sql: string, run: RunSemantics) => {
    const { statements } = await parseSql(sql, 'x.sql');
    const map = transactionsOf(statements, run);
    return statements.map((s) => map.get(s));
  };
  const three = 'CREATE TABLE a (id int);\nCREATE TABLE b (id int);\nCREATE TABLE c (id int);\n';

  it("autocommit commits each statement, except between the file's BEGIN and COMMIT", async () => {
    const each = await ids(three, { execution: 'autocommit' });
    expect(new Set(each).size).toBe(3);
    const [begin, a, b, commit, c] = await ids(
      `BEGIN;\n${three.replace('CREATE TABLE c', 'COMMIT;\nCREATE TABLE c')}`,
      {
        execution: 'autocommit',
      },
    );
    expect([a, b, commit]).toEqual([begin, begin, begin]);
    expect(c).not.toBe(begin);
  });

  it("a tool's transaction holds the whole file; a statement that refuses one runs alone (Supabase CLI)", async () => {
    expect(new Set(await ids(three, { execution: 'transaction' })).size).toBe(1);
    const standalone = await ids(
      'CREATE TABLE a (id int);\nCREATE INDEX CONCURRENTLY a_id ON a (id);\nCREATE TABLE b (id int);\n',
      { execution: 'transaction', standaloneNonTransactional: true },
    );
    expect(new Set(standalone).size).toBe(3);
  });
});

describe('which statements get a look after them', () => {
  it('every one that may lock a relation from before; not one that names only what the migration created', async () => {
    const { statements } = await parseSql(
      [
        "CREATE TYPE mood AS ENUM ('ok');",
        'CREATE TABLE note (id int PRIMARY KEY, account_id int REFERENCES account (id));',
        'CREATE INDEX note_account_idx ON note (account_id);',
        'CREATE POLICY note_own ON note USING (account_id IN (SELECT id FROM account));',
        'CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN (SELECT count(*) FROM account); END $$;',
        'CREATE FUNCTION g() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM account $$;',
        "COMMENT ON TABLE note IS 'notes';",
        'CREATE INDEX account_id_idx ON account (id);',
        'UPDATE note SET id = id;',
      ].join('\n'),
      'x.sql',
    );
    const looked = statementsToLook(statements, true);
    expect(statements.filter((s) => looked.has(s)).map((s) => s.start.line)).toEqual([2, 4, 6, 8, 9]);
  });

  it('in a run of INSERTs written alike in one transaction, the first and the last; any other statement', async () => {
    const { statements } = await parseSql(
      [
        'INSERT INTO event (id) VALUES (1);',
        'INSERT INTO event (id) VALUES (2);',
        'INSERT INTO event (id) VALUES (3);',
        'INSERT INTO event (id) VALUES (4);',
        'UPDATE event SET id = id;',
        'INSERT INTO event (id) VALUES (5);',
        'INSERT INTO event (id) SELECT id FROM other;',
        'INSERT INTO event (id) VALUES (6);',
        "INSERT INTO event (id) SELECT pg_notify('c', 'x')::int;",
        'INSERT INTO audit (id) VALUES (1);',
        'INSERT INTO audit (id) VALUES (2);',
        'INSERT INTO audit (id) VALUES (3);',
        'INSERT INTO public.audit (id) VALUES (4);',
      ].join('\n'),
      'x.sql',
    );
    const looked = statementsToLook(statements, true);
    expect(statements.filter((s) => looked.has(s)).map((s) => s.start.line)).toEqual([1, 4, 5, 6, 7, 8, 9, 10, 12, 13]);
    // Each in a transaction of its own, what one of them locks is let go before a later look: each keeps its
    // own, and the middles of the runs go together, with a look at the end of each message (runs.ts).
    expect(statementsToLook(statements, false).size).toBe(statements.length);
    const middles = [...runMiddles(statements)].map(([first, middle]) => [first.start.line, middle.length]);
    expect(middles).toEqual([
      [2, 2],
      [11, 1],
    ]);
  });
});

describe('what statements committed together carry to the next look', () => {
  const statement = { kind: 'InsertStmt' } as Statement;
  const look = (taken: [string, LockMode[]][], more: Partial<Observation> = {}): Observation => ({
    statement,
    startedAt: 10,
    endedAt: 20,
    taken: taken.map(([relation, modes]) => ({ relation, modes })),
    rewritten: [],
    scanned: [],
    ...more,
  });

  it('every mode, every table rewritten and every scan added up, at the time of its own statement', () => {
    const scan = (rowsRead: number) => ({ relation: 'public.audit', scans: 1, rowsRead, rowsChanged: 0 });
    const carried = [
      look([['public.event', ['ROW EXCLUSIVE']]], { scanned: [scan(10)], startedAt: 1 }),
      look([['public.audit', ['SHARE ROW EXCLUSIVE']]], { rewritten: ['public.audit'], scanned: [scan(5)] }),
    ];
    const own = look([['public.event', ['ROW EXCLUSIVE', 'SHARE']]], { startedAt: 30, endedAt: 31 });
    expect(withCarried(own, carried)).toEqual({
      statement,
      startedAt: 30,
      endedAt: 31,
      taken: [
        { relation: 'public.event', modes: ['ROW EXCLUSIVE', 'SHARE'] },
        { relation: 'public.audit', modes: ['SHARE ROW EXCLUSIVE'] },
      ],
      rewritten: ['public.audit'],
      scanned: [{ relation: 'public.audit', scans: 2, rowsRead: 15, rowsChanged: 0 }],
    });
  });
});

describe('what the parser hands the rules', () => {
  it('names each change to a table with its place', async () => {
    const { statements } = await parseSql(
      [
        'ALTER TABLE s.t ADD COLUMN c float DEFAULT random(), ADD COLUMN d int, ALTER COLUMN a TYPE bigint,',
        '  ALTER COLUMN a SET NOT NULL, ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES p (id) NOT VALID,',
        '  ADD CONSTRAINT u UNIQUE USING INDEX ui, DROP COLUMN z;',
        'CREATE INDEX CONCURRENTLY t_a ON t (a);',
        'ALTER TABLE t ADD COLUMN n bigserial, ADD COLUMN r text NOT NULL, ADD COLUMN k int PRIMARY KEY DEFAULT 1;',
      ].join('\n'),
      'x.sql',
    );
    const changes = statements.flatMap((s) => s.changes ?? []);
    expect(changes.map((c) => ({ ...c, position: c.position.line }))).toEqual([
      {
        kind: 'add-column',
        table: { schema: 's', name: 't' },
        column: 'c',
        filled: true,
        required: false,
        position: 1,
      },
      {
        kind: 'add-column',
        table: { schema: 's', name: 't' },
        column: 'd',
        filled: false,
        required: false,
        position: 1,
      },
      { kind: 'alter-column-type', table: { schema: 's', name: 't' }, column: 'a', using: false, position: 1 },
      { kind: 'set-not-null', table: { schema: 's', name: 't' }, column: 'a', position: 2 },
      {
        kind: 'add-constraint',
        table: { schema: 's', name: 't' },
        constraint: 'foreign-key',
        name: 'fk',
        validated: false,
        usingIndex: false,
        position: 2,
      },
      {
        kind: 'add-constraint',
        table: { schema: 's', name: 't' },
        constraint: 'unique',
        name: 'u',
        validated: true,
        usingIndex: true,
        position: 3,
      },
      { kind: 'drop-column', table: { schema: 's', name: 't' }, column: 'z', position: 3 },
      { kind: 'create-index', table: { name: 't' }, concurrent: true, position: 4 },
      { kind: 'add-column', table: { name: 't' }, column: 'n', filled: true, required: false, position: 5 },
      // NOT NULL with nothing to fill it; a default fills even a primary key.
      { kind: 'add-column', table: { name: 't' }, column: 'r', filled: false, required: true, position: 5 },
      { kind: 'add-column', table: { name: 't' }, column: 'k', filled: true, required: false, position: 5 },
    ]);
  });

  it('reads SET [LOCAL] lock_timeout, and 0 or RESET as no limit', async () => {
    const { statements } = await parseSql(
      "SET LOCAL lock_timeout = '5s';\nSET lock_timeout TO 0;\nRESET lock_timeout;\nSET lock_timeout = 3000;\nSET statement_timeout = 0;\n",
      'x.sql',
    );
    expect(statements.map((s) => s.lockTimeout)).toEqual([
      { local: true, off: false },
      { local: false, off: true },
      { local: false, off: true },
      { local: false, off: false },
      undefined,
    ]);
  });
});
