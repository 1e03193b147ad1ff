import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/database/provider.js';
import type { GateReport } from '../src/types.js';
import { runCli } from './helpers/cli.js';
import { snapshotDump, sql, startPg15 } from './helpers/real-postgres.js';
import { makeRepo } from './helpers/repo.js';

/**
 * The gate's limits hold whatever the migration says: a migration that turns
 * off statement_timeout or lock_timeout is cancelled from outside the session.
 */
async function gate(repo: string, ...args: string[]): Promise<{ code: number; report: GateReport }> {
  const run = await runCli(['check', '--dir', 'm', '--format', 'json', '-q', ...args], repo);
  expect(run.stderr).toBe('');
  return { code: run.code, report: JSON.parse(run.stdout) as GateReport };
}

describe('on the embedded server', () => {
  it('SET statement_timeout = 0 does not let a statement run on: the gate cancels it and says so', async () => {
    const repo = makeRepo({
      'm/0001_sleep.sql': 'CREATE TABLE t (id int);\nSET statement_timeout = 0;\nSELECT pg_sleep(600);\n',
    });
    const { code, report } = await gate(repo, '--statement-timeout', '1s');
    expect(code).toBe(1);
    expect(report.findings).toContainEqual(
      expect.objectContaining({ rule: 'gate-timeout', severity: 'critical', line: 3, file: 'm/0001_sleep.sql' }),
    );
    expect(report.findings.find((f) => f.rule === 'gate-timeout')!.message).toContain('turn off statement_timeout');
  }, 60_000);

  it('a statement that times out is reported once, at its line, and not run a second time', async () => {
    const repo = makeRepo({
      'm/0001_sleep.sql': 'CREATE TABLE t (id int);\nINSERT INTO t VALUES (1);\nSELECT pg_sleep(600);\nSELECT 1;\n',
    });
    const { code, report } = await gate(repo, '--statement-timeout', '3s');
    expect(code).toBe(1);
    const timeouts = report.findings.filter((f) => f.rule === 'statement-timeout');
    expect(timeouts).toEqual([expect.objectContaining({ line: 3, column: 1 })]);
    // Running it again to find it would take a second 3 s.
    const applyMs = Object.entries(report.timings).find(([step]) => step.startsWith('apply target'))![1];
    expect(applyMs).toBeLessThan(5_500);
  }, 60_000);

  it('timeouts.run bounds the whole run, even when each statement stays under its own limit', async () => {
    const sleeps = Array.from({ length: 8 }, () => 'SELECT pg_sleep(0.9);').join('\n');
    const repo = makeRepo({
      'migration-gate.yml': 'dir: m\ntimeouts: { statement: 5s, run: 3s }\n',
      'm/0001_slow.sql': `CREATE TABLE t (id int);\n${sleeps}\n`,
    });
    const run = await runCli(['check', '--format', 'json', '-q'], repo);
    const report = JSON.parse(run.stdout) as GateReport;
    expect(run.code).toBe(1);
    expect(report.findings.some((f) => f.rule === 'gate-timeout')).toBe(true);
  }, 60_000);
});

describe('on a database that must not change', () => {
  let server: Database;
  let holder: pg.Client;
  let before: { schema: string; data: string };

  beforeAll(async () => {
    server = await startPg15();
    await sql(server, 'CREATE DATABASE prod');
    await sql(server, 'CREATE TABLE accounts (id int PRIMARY KEY)', 'prod');
    // pg_dump would queue behind the lock the test holds: before it is taken.
    before = await snapshotDump(server, 'prod');
    holder = new pg.Client({ ...server.connection, database: 'prod' });
    await holder.connect();
    // SHARE: reads (the gate's catalog reads too) go on; ALTER TABLE waits.
    await holder.query('BEGIN; LOCK TABLE accounts IN SHARE MODE');
  }, 60_000);

  afterAll(async () => {
    await holder?.end().catch(() => undefined);
    await server?.stop();
  });

  it('lock_timeout = 0 and statement_timeout = 0 do not make it wait for ever behind another session', async () => {
    const repo = makeRepo({
      'm/0001_accounts.sql': 'CREATE TABLE accounts (id int PRIMARY KEY);\n',
      'm/0002_email.sql':
        'SET lock_timeout = 0;\nSET statement_timeout = 0;\nALTER TABLE accounts ADD COLUMN email text;\n',
    });
    const url = `postgresql://postgres@127.0.0.1:${server.connection.port}/prod`;
    const { code, report } = await gate(
      repo,
      '--database-url',
      url,
      '--statement-timeout',
      '1s',
      '--lock-timeout',
      '1s',
    );
    expect(code).toBe(1);
    expect(report.findings).toContainEqual(expect.objectContaining({ rule: 'gate-timeout', line: 3 }));
    const { rows } = await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    // The session it waited on is named, with what it is doing.
    const blocking = report.findings.filter((f) => f.rule === 'blocking-session').map((f) => f.message);
    expect(blocking.join('\n')).toContain(`session ${rows[0]!.pid} (postgres`);
  }, 60_000);

  it('a lock that stops even reading the schema: exit 2 naming the session that holds it', async () => {
    await holder.query('ROLLBACK; BEGIN; LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE');
    const { rows } = await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const repo = makeRepo({ 'm/0001_accounts.sql': 'CREATE TABLE accounts (id int PRIMARY KEY);\n' });
    const url = `postgresql://postgres@127.0.0.1:${server.connection.port}/prod`;
    const run = await runCli(['check', '--dir', 'm', '--database-url', url, '-q', '--lock-timeout', '1s'], repo);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('reading the schema waited too long for a lock held by another session');
    expect(run.stderr).toContain(`session ${rows[0]!.pid} (postgres`);
    await holder.query('ROLLBACK');
    expect(await snapshotDump(server, 'prod')).toEqual(before);
  }, 60_000);
});

describe('what a rollback does not undo is refused on a database that must not change', () => {
  let server: Database;

  beforeAll(async () => {
    server = await startPg15();
    await sql(server, 'CREATE DATABASE prod');
    await sql(
      server,
      "CREATE TABLE accounts (id bigserial PRIMARY KEY, email text); INSERT INTO accounts (email) VALUES ('a@x'), ('b@x')",
      'prod',
    );
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('setval, COPY … PROGRAM and dblink inside a DO block: BLOCKED, each at its line, nothing run', async () => {
    const repo = makeRepo({
      'm/0001_accounts.sql': 'CREATE TABLE accounts (id bigserial PRIMARY KEY, email text);\n',
      'm/0002_bad.sql': [
        'ALTER TABLE accounts ADD COLUMN name text;',
        "SELECT setval('accounts_id_seq', 1);",
        "COPY (SELECT 1) TO PROGRAM 'touch /tmp/migration-gate-was-here';",
        'DO $$ BEGIN',
        "  IF true THEN PERFORM dblink_exec('dbname=prod', 'DROP TABLE accounts'); END IF;",
        'END $$;',
        '',
      ].join('\n'),
    });
    const url = `postgresql://postgres@127.0.0.1:${server.connection.port}/prod`;
    const before = await snapshotDump(server, 'prod');
    const { code, report } = await gate(repo, '--database-url', url);
    expect(code).toBe(1);
    const refused = report.findings.filter((f) => f.rule === 'unsafe-on-target');
    expect(refused.map((f) => [f.line, f.message.split(' ')[0]])).toEqual([
      [2, 'setval()'],
      [3, 'COPY'],
      [5, 'dblink_exec()'],
    ]);
    expect(report.tasks.filter((t) => t.status === 'BLOCKED').map((t) => t.id)).toHaveLength(7);
    expect(await snapshotDump(server, 'prod')).toEqual(before);
    // Not even the harmless first statement ran: its column is not there, and no sequence moved.
    expect(report.findings.some((f) => f.rule.startsWith('sequence-'))).toBe(false);
  }, 60_000);

  it('the same on the embedded server is allowed: nothing there outlives the run', async () => {
    const repo = makeRepo({
      'm/0001_accounts.sql': 'CREATE TABLE accounts (id bigserial PRIMARY KEY, email text);\n',
      'm/0002_seq.sql': "SELECT setval('accounts_id_seq', 100);\n",
    });
    const { report } = await gate(repo);
    expect(report.findings.filter((f) => f.rule === 'unsafe-on-target')).toEqual([]);
    expect(report.verdict).toBe('APPROVED');
  }, 60_000);
});

describe('on production, the migration holds its locks only while it is applied and read', () => {
  let server: Database;
  let holder: pg.Client;

  beforeAll(async () => {
    server = await startPg15();
    await sql(server, 'CREATE DATABASE prod');
    await sql(server, 'CREATE TABLE accounts (id int PRIMARY KEY); CREATE TABLE audit (id int)', 'prod');
    holder = new pg.Client({ ...server.connection, database: 'prod' });
    await holder.connect();
    // Someone reads audit in a long transaction: an ALTER of audit on production would queue behind it.
    await holder.query('BEGIN; LOCK TABLE audit IN SHARE MODE');
  }, 60_000);

  afterAll(async () => {
    await holder?.query('ROLLBACK').catch(() => undefined);
    await holder?.end().catch(() => undefined);
    await server?.stop();
  });

  it('the down round trip runs on the scratch server: a down that would wait on production passes', async () => {
    const repo = makeRepo({
      'm/0001_base.sql': 'CREATE TABLE accounts (id int PRIMARY KEY);\nCREATE TABLE audit (id int);\n',
      'm/0002_email.sql': 'ALTER TABLE accounts ADD COLUMN email text;\n',
      'm/0002_email.down.sql':
        'ALTER TABLE accounts DROP COLUMN email;\nALTER TABLE audit ADD COLUMN tmp int;\nALTER TABLE audit DROP COLUMN tmp;\n',
    });
    const url = `postgresql://postgres@127.0.0.1:${server.connection.port}/prod`;
    const { code, report } = await gate(repo, '--database-url', url);
    expect(report.tasks.find((t) => t.id === 'rollback')!.status).toBe('PASS');
    expect(code).toBe(0);
  }, 60_000);

  it('a migration that waits for a lock gives up after 2 s by default there, naming who holds it', async () => {
    const repo = makeRepo({
      'm/0001_base.sql': 'CREATE TABLE accounts (id int PRIMARY KEY);\nCREATE TABLE audit (id int);\n',
      'm/0002_audit.sql': 'ALTER TABLE audit ADD COLUMN at timestamptz;\n',
    });
    const url = `postgresql://postgres@127.0.0.1:${server.connection.port}/prod`;
    const { code, report } = await gate(repo, '--database-url', url);
    expect(code).toBe(1);
    const failure = report.findings.find((f) => f.rule === 'lock-timeout');
    expect(failure).toMatchObject({ line: 1, file: 'm/0002_audit.sql' });
    const { rows } = await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    expect(
      report.findings
        .filter((f) => f.rule === 'blocking-session')
        .map((f) => f.message)
        .join('\n'),
    ).toContain(`session ${rows[0]!.pid}`);
  }, 60_000);
});
