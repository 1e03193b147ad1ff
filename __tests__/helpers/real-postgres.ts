import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { binariesIn } from '../../src/database/binaries.js';
import { startEmbedded } from '../../src/database/embedded.js';
import type { Database } from '../../src/database/provider.js';
import { Progress } from '../../src/progress.js';
import type { Finding, GateReport } from '../../src/types.js';

const run = promisify(execFile);

/** Debian's PostgreSQL 15 server: a "production" of another major version than the embedded 17. */
export const PG15_BIN = '/usr/lib/postgresql/15/bin';

export function startPg15(): Promise<Database> {
  return startEmbedded(new Progress(), binariesIn(PG15_BIN));
}

export function startPg17(): Promise<Database> {
  return startEmbedded(new Progress());
}

/** Runs `text` (one or more statements) on `database` of `db`, returning the last result's rows. */
export async function sql<T extends pg.QueryResultRow = pg.QueryResultRow>(
  db: Database,
  text: string,
  database = 'postgres',
  values?: unknown[],
): Promise<T[]> {
  const client = new pg.Client({ ...db.connection, database });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const result = await client.query<T>(text, values);
    return (Array.isArray(result) ? (result.at(-1) as pg.QueryResult<T>) : result).rows;
  } finally {
    await client.end();
  }
}

/** libpq environment for psql / pg_dump (15.x on PATH) talking to `db`. */
export function libpqEnv(db: Database, database: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PGHOST: String(db.connection.host),
    PGPORT: String(db.connection.port),
    PGUSER: String(db.connection.user),
    PGDATABASE: database,
    PGCONNECT_TIMEOUT: '10',
  };
}

/** Loads SQL files with psql, stopping at the first error. */
export async function psqlFiles(db: Database, database: string, files: string[]): Promise<void> {
  for (const file of files) {
    await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', file], { env: libpqEnv(db, database) });
  }
}

/**
 * `pg_dump` output, by default without the random `\restrict` / `\unrestrict`
 * keys pg_dump 15.18 emits (which differ on every call); `raw` keeps them.
 */
export async function pgDump(db: Database, database: string, args: string[], raw = false): Promise<string> {
  const { stdout } = await run('pg_dump', [...args, database], {
    env: libpqEnv(db, database),
    maxBuffer: 64 * 1024 * 1024,
  });
  return raw ? stdout : stripRestrict(stdout);
}

export function stripRestrict(dump: string): string {
  return dump
    .split('\n')
    .filter((line) => !/^\\(un)?restrict\b/.test(line))
    .join('\n');
}

/** Schema and data of a database, for byte-for-byte comparisons. */
export async function snapshotDump(db: Database, database: string): Promise<{ schema: string; data: string }> {
  const [schema, data] = await Promise.all([
    pgDump(db, database, ['--schema-only']),
    pgDump(db, database, ['--data-only', '--inserts']),
  ]);
  return { schema, data };
}

/** The readiness findings about objects missing before the migration runs, as a user compares them. */
export function missingObjectFindings(report: GateReport) {
  return report.findings
    .filter((f: Finding) => f.task === 'readiness' && /^missing-/.test(f.rule))
    .map(({ rule, object, line, column, lines }) => ({ rule, object, line, column, lines }));
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs: number,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

const SETVAL = /^SELECT pg_catalog\.setval\('([^']+)', (\d+), (true|false)\);$/;

/**
 * A data dump split into its rows and its sequence positions: nextval() is
 * never rolled back in PostgreSQL, so a rolled-back INSERT still moves a
 * sequence on (a gap, as any failed transaction of the application leaves).
 */
export function splitSequences(data: string): { rows: string; sequences: Record<string, number> } {
  const sequences: Record<string, number> = {};
  const rows = data
    .split('\n')
    .filter((line) => {
      const match = SETVAL.exec(line);
      if (match) sequences[match[1]!] = Number(match[2]) - (match[3] === 'true' ? 0 : 1);
      return !match;
    })
    .join('\n');
  return { rows, sequences };
}

/** How far each sequence moved between two data dumps (only those that moved). */
export function sequenceMoves(before: string, after: string): Record<string, number> {
  const was = splitSequences(before).sequences;
  const now = splitSequences(after).sequences;
  const moves: Record<string, number> = {};
  for (const [name, value] of Object.entries(now)) {
    if (value !== was[name]) moves[name] = value - (was[name] ?? 0);
  }
  return moves;
}

/**
 * An embedded PostgreSQL 17 for the test file (started before its tests,
 * stopped after), and `database(name)`: a new database of its own on it, with
 * a connected client that is closed at the end.
 */
export function databasePerTest(): { database: (name: string) => Promise<pg.Client> } {
  let db: Database | undefined;
  let admin: pg.Client | undefined;
  const clients: pg.Client[] = [];
  beforeAll(async () => {
    db = await startPg17();
    admin = new pg.Client({ ...db.connection, database: 'postgres' });
    await admin.connect();
  });
  afterAll(async () => {
    await Promise.all([admin, ...clients].map((client) => client?.end().catch(() => undefined)));
    await db?.stop();
  });
  return {
    async database(name) {
      await admin!.query(`CREATE DATABASE ${name}`);
      const client = new pg.Client({ ...db!.connection, database: name });
      await client.connect();
      client.on('notice', () => undefined);
      clients.push(client);
      return client;
    },
  };
}
