import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { applyAsTool } from '../src/apply/apply.js';
import { applyEarlier } from '../src/apply/earlier.js';
import type { SetupFile } from '../src/inputs.js';
import { ReadAhead, readAheadThresholds } from '../src/catalog/read-ahead.js';
import { withCatalogReaders } from '../src/catalog/readers.js';
import { takeFullSnapshot } from '../src/catalog/snapshot.js';
import { parseSql } from '../src/migrations/parse.js';
import { databasePerTest } from './helpers/real-postgres.js';

// The catalog read while a large setup file is applied: the snapshot before must equal a full read
// afterwards, whatever the file did after a read (renamed, altered, dropped what was read), and the
// reads must never make the file fail (they give way to its locks).

const { database } = databasePerTest();

const options = { statementTimeoutMs: 30_000, lockTimeoutMs: 5_000 };

/** 1,800 tables with defaults and an index each, then changes to the first ones, the kind a dump's tail makes. */
function dump(): string {
  const lines: string[] = ['CREATE SCHEMA app;', "CREATE TYPE app.status AS ENUM ('new', 'done');"];
  for (let i = 0; i < 1_800; i++) {
    lines.push(`CREATE TABLE app.t${i} (id bigserial PRIMARY KEY, status app.status NOT NULL DEFAULT 'new', n int);`);
    lines.push(`CREATE INDEX t${i}_n_idx ON app.t${i} (n);`);
  }
  for (let i = 0; i < 300; i++) {
    lines.push(`ALTER TABLE app.t${i} ADD COLUMN note text DEFAULT 'x' || ${i};`);
    lines.push(`ALTER TABLE app.t${i} ADD CONSTRAINT t${i}_n_positive CHECK (n > 0);`);
  }
  lines.push('ALTER TABLE app.t1 RENAME TO renamed;', 'ALTER TABLE app.t2 RENAME COLUMN n TO m;', 'DROP TABLE app.t3;');
  lines.push("ALTER TYPE app.status ADD VALUE 'archived';", 'CREATE INDEX t4_n_note_idx ON app.t4 (n, note);');
  return `${lines.join('\n')}\n`;
}

describe('reading the catalog while a large file is applied', () => {
  it('the snapshot before equals a full read, and the file applies as without it', async () => {
    const client = await database('read_ahead');
    const connection: pg.ClientConfig = {
      host: client.host,
      port: client.port,
      user: client.user,
      database: client.database,
    };
    const parsed = await parseSql(dump(), 'baseline.sql');
    const readerOptions = { count: 2, limits: 'SET statement_timeout = 30000', onUnavailable: () => undefined };
    const { failure, before, full, reads } = await withCatalogReaders(client, connection, readerOptions, async () => {
      const ahead = new ReadAhead(client);
      const committed = (statements: number, remaining: number, total: number): void =>
        ahead.committed(statements, remaining, total);
      const file = { parsed, run: { execution: 'autocommit' as const, psql: true } };
      const failure = await applyAsTool(client, file, parsed.statements, { ...options, committed });
      const before = await ahead.snapshotBefore();
      return { failure, before, full: await takeFullSnapshot(client), reads: ahead.succeeded };
    });
    expect(failure).toBeUndefined();
    expect(reads).toBeGreaterThan(0);
    expect(before).toEqual(full);
    expect(before.tables.map((t) => t.name)).toContain('renamed');
    expect(before.tables.map((t) => t.name)).not.toContain('t3');
    expect(before.enums.find((e) => e.name === 'status')?.values).toEqual(['new', 'done', 'archived']);
  }, 120_000);
});

/**
 * 1,700 one-statement files: 1,400 tables made, then 300 files that rename,
 * index and drop tables of the first hundreds, which the read that starts at
 * the 500th file saw. Changes racing a read only make it give way, as they
 * should: on a loaded machine the first read was still going when they came
 * after 900 tables, and nothing was read ahead to check. A second read can
 * start at the 1,000th file.
 */
async function history(): Promise<SetupFile[]> {
  const texts: string[] = [];
  for (let i = 0; i < 1_400; i++) texts.push(`CREATE TABLE h${i} (id int PRIMARY KEY, n int DEFAULT ${i});`);
  for (let j = 0; j < 300; j++) {
    if (j % 3 === 0) texts.push(`ALTER TABLE h${j} RENAME TO h${j}_renamed;`);
    else if (j % 3 === 1) texts.push(`CREATE INDEX h${j + 3}_n_idx ON h${j + 3} (n);`);
    else texts.push(`DROP TABLE h${j + 3};`);
  }
  const run = { execution: 'transaction' as const };
  return Promise.all(
    texts.map(async (text, i) => ({ role: 'earlier' as const, parsed: await parseSql(text, `${i}.sql`), run })),
  );
}

async function* inOrder(files: SetupFile[]): AsyncIterable<SetupFile> {
  yield* files;
}

describe('reading the catalog while a long history is applied', () => {
  it('reads between its messages, and the snapshot before equals a full read', async () => {
    const client = await database('read_ahead_history');
    const connection: pg.ClientConfig = {
      host: client.host,
      port: client.port,
      user: client.user,
      database: client.database,
    };
    const files = await history();
    const readerOptions = { count: 2, limits: 'SET statement_timeout = 30000', onUnavailable: () => undefined };
    const { failed, before, full, reads } = await withCatalogReaders(client, connection, readerOptions, async () => {
      const ahead = new ReadAhead(client);
      let done = 0;
      const failed = await applyEarlier(client, inOrder(files), options, (count) => {
        done += count;
        ahead.committed(count, files.length - done, files.length);
      });
      const before = await ahead.snapshotBefore();
      return { failed, before, full: await takeFullSnapshot(client), reads: ahead.succeeded };
    });
    expect(failed).toBeUndefined();
    expect(reads).toBeGreaterThan(0);
    expect(before).toEqual(full);
    expect(before.tables.map((t) => t.name)).toContain('h0_renamed');
    expect(before.tables.map((t) => t.name)).not.toContain('h5');
    expect(before.indexes.map((i) => i.name)).toContain('h4_n_idx');
  }, 120_000);
});

describe('when a read ahead starts', () => {
  it('scales with the file: a tenth of it between reads and a fifth still to come, at least 500 each', () => {
    expect(readAheadThresholds(2_000)).toEqual({ statements: 500, remaining: 500 });
    expect(readAheadThresholds(10_000)).toEqual({ statements: 1_000, remaining: 2_000 });
    expect(readAheadThresholds(800)).toEqual({ statements: 500, remaining: 500 });
  });
});
