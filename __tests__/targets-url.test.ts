import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/database/provider.js';
import type { GateReport } from '../src/types.js';
import { EXAMPLE, ROOT, SEED_REMEDIATION, runCli, type CliRun } from './helpers/cli.js';
import {
  missingObjectFindings,
  psqlFiles,
  sequenceMoves,
  snapshotDump,
  splitSequences,
  sql,
  startPg15,
  waitFor,
} from './helpers/real-postgres.js';
import { makeRepo } from './helpers/repo.js';

/**
 * `--database-url`: the seed story against a real "production" (a PostgreSQL
 * 15 server, another major version than the embedded 17) that already holds
 * the baseline and migration 0023. Nothing may change on it, whatever happens.
 */

/** Trust auth ignores it; it must still never be printed. */
const PASSWORD = 'Prod-Secret-7731';
const APP_PASSWORD = 'Right-Password-4417';
const WRONG_PASSWORD = 'Wrong-Password-9902';
const SECRETS = [PASSWORD, APP_PASSWORD, WRONG_PASSWORD];
const TARGET = 'database/migrations/0024_sync_preview_progress_logs.sql';
const APPROVED_ARGS = SEED_REMEDIATION;

let server: Database;
let embedded: GateReport;
let before: { schema: string; data: string };

const urlOf = (database: string, user = 'postgres', password = PASSWORD) =>
  `postgresql://${user}:${password}@127.0.0.1:${server.connection.port}/${database}`;

function expectNoSecrets(run: CliRun): void {
  for (const secret of SECRETS) {
    expect(run.stdout).not.toContain(secret);
    expect(run.stderr).not.toContain(secret);
  }
}

const statuses = (report: GateReport) => Object.fromEntries(report.tasks.map((t) => [t.id, t.status]));
const readinessChecks = (report: GateReport) =>
  Object.fromEntries(report.tasks.find((t) => t.id === 'readiness')!.checks!.map((c) => [c.name, c]));

beforeAll(async () => {
  server = await startPg15();
  await sql(server, 'CREATE DATABASE prod');
  await sql(server, 'CREATE DATABASE prod_without_0023');
  const baseline = path.join(EXAMPLE, 'database/baseline.sql');
  const m0023 = path.join(EXAMPLE, 'database/migrations/0023_sync_infrastructure.sql');
  const rows = `
    INSERT INTO suppliers (name, contact_email) VALUES ('Acme', 'sales@acme.example'), ('Globex', NULL);
    INSERT INTO products (sku, name, supplier_id, unit_price, stock_quantity)
      VALUES ('SKU-1', 'Widget', 1, 9.99, 5), ('SKU-2', 'Gadget', 2, 19.50, 0);
    INSERT INTO customers (email, first_name, last_name, segment)
      VALUES ('ada@example.com', 'Ada', 'Lovelace', 'vip'), ('alan@example.com', 'Alan', 'Turing', 'retail');`;
  await psqlFiles(server, 'prod', [baseline, m0023]);
  await sql(server, rows, 'prod');
  await psqlFiles(server, 'prod_without_0023', [baseline]);
  await sql(server, rows, 'prod_without_0023');
  // A disposable copy for --commit (copying needs a database nobody is connected to).
  await sql(server, 'CREATE DATABASE prod_copy TEMPLATE prod');
  // Password auth for `app`, TLS-only for `tls_user`; the superuser keeps trust for the test's own work.
  await sql(server, `CREATE ROLE app LOGIN PASSWORD '${APP_PASSWORD}'`);
  const [settings] = await sql<{ dir: string }>(server, "SELECT current_setting('data_directory') AS dir");
  writeFileSync(
    path.join(settings!.dir, 'pg_hba.conf'),
    [
      'local all all trust',
      'host all postgres 127.0.0.1/32 trust',
      'host all app 127.0.0.1/32 scram-sha-256',
      'hostssl all tls_user 127.0.0.1/32 trust',
      '',
    ].join('\n'),
  );
  await sql(server, 'SELECT pg_reload_conf()');
  before = await snapshotDump(server, 'prod');
  const story = await runCli(['check', '--format', 'json', '--quiet'], EXAMPLE);
  expect(story.code).toBe(1);
  embedded = JSON.parse(story.stdout) as GateReport;
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('the BLOCKED seed story through --database-url', () => {
  let run: CliRun;
  let report: GateReport;

  beforeAll(async () => {
    run = await runCli(['check', '--database-url', urlOf('prod'), '--format', 'json', '--quiet'], EXAMPLE);
    report = JSON.parse(run.stdout) as GateReport;
  });

  it('exits 1, BLOCKED, on the PostgreSQL 15 production, without printing the password', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(report.verdict).toBe('BLOCKED');
    expect(report.database?.kind).toBe('url');
    expect(report.database?.version).toMatch(/^PostgreSQL 15\./);
    expectNoSecrets(run);
  });

  it('reports organization, auth, auth.users_extended and auth.uid() as the seed did', () => {
    const finding = (object: string) => report.findings.find((f) => f.task === 'readiness' && f.object === object);
    expect(finding('organization')).toMatchObject({
      severity: 'critical',
      rule: 'missing-relation',
      file: TARGET,
      line: 123,
      column: 44,
      lines: [123, 139, 202],
    });
    expect(finding('auth')).toMatchObject({ rule: 'missing-schema', line: 144 });
    expect(finding('auth.users_extended')).toMatchObject({ rule: 'missing-relation', line: 144 });
    expect(finding('auth.users_extended')?.lines?.slice(0, 4)).toEqual([144, 204, 286, 311]);
    expect(finding('auth.uid()')).toMatchObject({ rule: 'missing-function', line: 312 });
  });

  it('has the same task statuses as the embedded run', () => {
    expect(statuses(report)).toEqual({
      schema: 'BLOCKED',
      rls: 'BLOCKED',
      indexes: 'BLOCKED',
      triggers: 'BLOCKED',
      enums: 'BLOCKED',
      integration: 'BLOCKED',
      readiness: 'FAIL',
      rollback: 'N/A',
    });
    expect(statuses(report)).toEqual(statuses(embedded));
  });

  it('finds exactly the missing objects the embedded run finds (rule, object, line, column, lines)', () => {
    const missing = missingObjectFindings(report);
    expect(missing.map((m) => m.object)).toEqual(['organization', 'auth', 'auth.users_extended', 'auth.uid()']);
    expect(missing).toEqual(missingObjectFindings(embedded));
  });

  it('compares instead of applying: 0023 is there, the history matches', () => {
    const checks = readinessChecks(report);
    expect(checks['Target matches migration history']?.status).toBe('PASS');
    expect(report.findings.some((f) => f.rule === 'drift-missing')).toBe(false);
  });

  it('leaves production byte for byte as it was (schema and data)', async () => {
    expect(await snapshotDump(server, 'prod')).toEqual(before);
  });
});

describe('an APPROVED run with prerequisites and fixtures, inside the rolled-back transaction', () => {
  it('exits 0 with every task PASS, and production is unchanged', async () => {
    const run = await runCli(
      ['check', '--database-url', urlOf('prod'), '--format', 'json', '--quiet', ...APPROVED_ARGS],
      EXAMPLE,
    );
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as GateReport;
    expect(
      report.findings.filter((f) => f.severity !== 'info'),
      'no warnings or errors',
    ).toEqual([]);
    expect(run.code).toBe(0);
    expect(report.verdict).toBe('APPROVED');
    expect(new Set(Object.values(statuses(report)))).toEqual(new Set(['PASS']));
    expect(readinessChecks(report)['Target matches migration history']?.status).toBe('PASS');
    expectNoSecrets(run);
    const after = await snapshotDump(server, 'prod');
    expect(after.schema).toBe(before.schema);
    // Every row as it was; the fixtures' INSERTs did draw identity values (nextval is
    // never rolled back in PostgreSQL): the only trace is a gap in these sequences.
    expect(splitSequences(after.data).rows).toBe(splitSequences(before.data).rows);
    expect(sequenceMoves(before.data, after.data)).toEqual({
      'public.customers_id_seq': 3,
      'public.products_id_seq': 4,
      'public.suppliers_id_seq': 3,
    });
    // …and the report says so, sequence by sequence.
    expect(report.findings.filter((f) => f.rule === 'sequence-advanced').map((f) => f.object)).toEqual([
      'public.customers_id_seq',
      'public.products_id_seq',
      'public.suppliers_id_seq',
    ]);
    const found = await sql(server, `SELECT to_regclass('organization') AS found`, 'prod');
    expect(found).toEqual([{ found: null }]);
  });
});

describe('a gate killed in the middle of the migration', () => {
  const repo = makeRepo({
    'migrations/0001_killed_midway.sql': [
      'BEGIN;',
      'CREATE TABLE killed_midway (id int);',
      "INSERT INTO customers (email, first_name) VALUES ('killed@example.com', 'Killed');",
      'SELECT pg_sleep(30);',
      'COMMIT;',
      '',
    ].join('\n'),
  });

  it('leaves production unchanged once its session is gone', async () => {
    const was = await snapshotDump(server, 'prod');
    const child = spawn(
      process.execPath,
      [
        path.join(ROOT, 'bin/migration-gate.js'),
        'check',
        '--database-url',
        urlOf('prod'),
        '--dir',
        'migrations',
        '--statement-timeout',
        '60s',
      ],
      { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = once(child, 'exit');
    try {
      const pid = await waitFor(
        'the gate to reach pg_sleep',
        async () => {
          if (child.exitCode !== null) throw new Error(`the gate exited early (${child.exitCode}):\n${output}`);
          // The statement travels in a message with the ones before it and the gate's looks: what it waits on says it is there.
          const rows = await sql<{ pid: number }>(
            server,
            `SELECT pid FROM pg_stat_activity WHERE datname = 'prod' AND wait_event = 'PgSleep' AND pid <> pg_backend_pid()`,
          );
          return rows[0]?.pid;
        },
        30_000,
      );
      // Mid-migration the uncommitted work is invisible to everyone else.
      expect(await sql(server, `SELECT to_regclass('killed_midway') AS found`, 'prod')).toEqual([{ found: null }]);
      child.kill('SIGKILL');
      await exited;
      const started = Date.now();
      await waitFor(
        'the killed gate session to end',
        async () =>
          (await sql(server, 'SELECT 1 FROM pg_stat_activity WHERE pid = $1', 'postgres', [pid])).length === 0,
        45_000,
        200,
      );
      const lingered = Date.now() - started;
      console.info(`the killed gate's session ended ${lingered} ms after the kill`);
      // PostgreSQL 14+ notices the vanished client (client_connection_check_interval, set by
      // the gate): the migration's locks are not held until pg_sleep ends 30 s later.
      expect(lingered, 'is dist/ built from the current src/?').toBeLessThan(10_000);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    expect(output).not.toContain(PASSWORD);
    const after = await snapshotDump(server, 'prod');
    expect(after.schema).toBe(was.schema);
    expect(after.schema).not.toContain('killed_midway');
    expect(splitSequences(after.data).rows).toBe(splitSequences(was.data).rows);
    expect(after.data).not.toContain('killed@example.com');
    // The one INSERT drew one identity value before the kill: a gap, nothing else.
    expect(sequenceMoves(was.data, after.data)).toEqual({ 'public.customers_id_seq': 1 });
  }, 120_000);
});

describe('drift: a production that never got migration 0023', () => {
  let report: GateReport;

  beforeAll(async () => {
    const was = await snapshotDump(server, 'prod_without_0023');
    const run = await runCli(
      ['check', '--database-url', urlOf('prod_without_0023'), '--format', 'json', '--quiet'],
      EXAMPLE,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    report = JSON.parse(run.stdout) as GateReport;
    expect(await snapshotDump(server, 'prod_without_0023')).toEqual(was);
  });

  it("names 0023's objects as created by the repository's migrations but missing", () => {
    const readiness = report.tasks.find((t) => t.id === 'readiness')!;
    expect(readiness.status).toBe('FAIL');
    const drift = readiness.findings.filter((f) => f.rule === 'drift-missing');
    const connector = drift.find((f) => f.object === 'public.sync_connector');
    expect(connector?.severity).toBe('error');
    expect(connector?.message).toMatch(/sync_connector.* is created by the repository's migrations but missing on /);
    expect(drift.map((f) => f.object)).toEqual(expect.arrayContaining(['public.sync_connector', 'public.sync_config']));
    expect(readinessChecks(report)['Target matches migration history']?.status).toBe('FAIL');
  });

  it('names migration 0023 as the one not applied, traced from the catalog, not guessed from its text', () => {
    const notApplied = report.findings.filter((f) => f.rule === 'earlier-migration-not-applied');
    expect(notApplied).toHaveLength(1);
    expect(notApplied[0]).toMatchObject({
      severity: 'error',
      file: 'database/migrations/0023_sync_infrastructure.sql',
    });
    expect(notApplied[0]!.message).toMatch(
      /^database\/migrations\/0023_sync_infrastructure\.sql is not applied on .*: \d+ object\(s\) it creates or changes are missing \(.*public\.sync_config/,
    );
    const drift = report.findings.filter((f) => f.rule === 'drift-missing');
    for (const finding of drift)
      expect(finding.message).toContain('(from database/migrations/0023_sync_infrastructure.sql)');
  });

  it('still reports the seed findings for 0024 itself', () => {
    expect(missingObjectFindings(report)).toEqual(missingObjectFindings(embedded));
  });
});

describe('drift in a history that renames and drops: production missed the middle migration', () => {
  const MIGRATIONS = {
    'migrations/0001_accounts.sql':
      'CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL, legacy_code text);\n' +
      'CREATE INDEX accounts_legacy_code_idx ON accounts (legacy_code);\n' +
      'CREATE TABLE scratch (id int PRIMARY KEY, note text);\nCREATE INDEX scratch_note_idx ON scratch (note);\n',
    'migrations/0002_rename.sql':
      'ALTER TABLE accounts RENAME TO users;\nALTER TABLE users DROP COLUMN legacy_code;\nDROP TABLE scratch;\n' +
      "DO $$ BEGIN CREATE TYPE user_role AS ENUM ('member', 'admin'); EXCEPTION WHEN duplicate_object THEN NULL; END $$;\n" +
      "ALTER TABLE users ADD COLUMN role user_role NOT NULL DEFAULT 'member';\n",
    'migrations/0003_teams.sql': 'CREATE TABLE teams (id bigint PRIMARY KEY, name text NOT NULL);\n',
    'migrations/0004_members.sql':
      'CREATE TABLE team_members (team_id bigint REFERENCES teams (id), account_id bigint, PRIMARY KEY (team_id, account_id));\n',
  };
  const repo = makeRepo(MIGRATIONS);
  let embeddedRun: CliRun;
  let report: GateReport;

  beforeAll(async () => {
    await sql(server, 'CREATE DATABASE prod_missing_0002');
    await psqlFiles(
      server,
      'prod_missing_0002',
      ['0001_accounts.sql', '0003_teams.sql'].map((f) => path.join(repo, 'migrations', f)),
    );
    embeddedRun = await runCli(['check', '--dir', 'migrations', '--format', 'json', '-q'], repo);
    const run = await runCli(
      ['check', '--dir', 'migrations', '--database-url', urlOf('prod_missing_0002'), '--format', 'json', '-q'],
      repo,
    );
    expect(run.stderr).toBe('');
    report = JSON.parse(run.stdout) as GateReport;
  }, 120_000);

  it('on the embedded server, which applied the history itself, the renames and drops are no finding: APPROVED', () => {
    const embeddedReport = JSON.parse(embeddedRun.stdout) as GateReport;
    expect(embeddedReport.findings.filter((f) => f.severity === 'error' || f.severity === 'critical')).toEqual([]);
    expect(embeddedReport.verdict).toBe('APPROVED');
    expect(embeddedRun.code).toBe(0);
  });

  it('on production it names 0002 as the migration not applied, and only 0002', () => {
    const notApplied = report.findings.filter((f) => f.rule === 'earlier-migration-not-applied');
    expect(notApplied.map((f) => f.file)).toEqual(['migrations/0002_rename.sql']);
    expect(notApplied[0]!.message).toContain('public.users');
    expect(report.verdict).toBe('BLOCKED');
    // What 0001 made and 0002 removed is on production but not in the history: extra, not missing.
    const extra = report.findings.find((f) => f.rule === 'drift-extra');
    expect(extra?.message).toContain('public.accounts');
  });
});

describe('CREATE INDEX CONCURRENTLY', () => {
  const INDEX = 'idx_customers_last_name';
  const repo = makeRepo({
    'migrations/0001_customers_last_name.sql': `CREATE INDEX CONCURRENTLY ${INDEX} ON customers (last_name);\n`,
  });
  const indexIn = async (database: string) =>
    (await sql(server, 'SELECT 1 FROM pg_indexes WHERE indexname = $1', database, [INDEX])).length > 0;

  it('on production: a warning that it was not run, and production unchanged', async () => {
    const was = await snapshotDump(server, 'prod');
    const run = await runCli(
      ['check', '--database-url', urlOf('prod'), '--dir', 'migrations', '--format', 'json', '--quiet'],
      repo,
    );
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as GateReport;
    expect(report.findings.filter((f) => f.rule === 'non-transactional-statement')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringMatching(/^CREATE INDEX CONCURRENTLY idx_customers_last_name .*not run here/),
        line: 1,
      }),
    ]);
    // Not run, so not looked for: the migration is not blocked by the gate's own restraint.
    expect(report.findings.filter((f) => f.severity === 'error' || f.severity === 'critical')).toEqual([]);
    expect(run.code).toBe(0);
    expect(report.verdict).toBe('APPROVED');
    expect(await indexIn('prod')).toBe(false);
    expect(await snapshotDump(server, 'prod')).toEqual(was);
  });

  it('with --commit on a disposable copy: it runs', async () => {
    const run = await runCli(
      ['check', '--database-url', urlOf('prod_copy'), '--commit', '--dir', 'migrations', '--format', 'json', '--quiet'],
      repo,
    );
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as GateReport;
    expect(report.findings.some((f) => /not run here/.test(f.message))).toBe(false);
    expect(report.tasks.find((t) => t.id === 'indexes')?.status).toBe('PASS');
    expect(run.code).toBe(0);
    expect(report.database?.kind).toBe('url');
    expect(await indexIn('prod_copy')).toBe(true);
    expect(await indexIn('prod')).toBe(false);
  });
});

describe('tracing on production, where reltuples is the real size', () => {
  it('a volatile default on a table of twelve million rows: BLOCKED, projected from the estimate; production unchanged', async () => {
    // What ANALYZE says of a big production table, without loading twelve million rows.
    const [before] = await sql(server, "SELECT reltuples FROM pg_class WHERE oid = 'customers'::regclass", 'prod');
    await sql(server, "UPDATE pg_class SET reltuples = 12000000 WHERE oid = 'customers'::regclass", 'prod');
    try {
      const was = await snapshotDump(server, 'prod');
      const repo = makeRepo({
        'migrations/0001_loyalty.sql': 'ALTER TABLE customers ADD COLUMN loyalty float DEFAULT random();\n',
      });
      const run = await runCli(
        ['check', '--database-url', urlOf('prod'), '--dir', 'migrations', '--format', 'json', '--quiet'],
        repo,
      );
      expect(run.stderr).toBe('');
      const report = JSON.parse(run.stdout) as GateReport;
      expect(report.findings.find((f) => f.rule === 'volatile-default')).toMatchObject({
        severity: 'error',
        line: 1,
        impact: 'rewrites customers (≈ 12 M rows) under ACCESS EXCLUSIVE: blocks reads and writes for minutes',
      });
      expect(report.trace).toEqual([
        expect.objectContaining({
          line: 1,
          rewritten: ['public.customers'],
          locks: [expect.objectContaining({ relation: 'public.customers', rows: 12_000_000, rowsFrom: 'estimate' })],
        }),
      ]);
      expect(run.code).toBe(1);
      expect(await snapshotDump(server, 'prod')).toEqual(was);
    } finally {
      const restore = "UPDATE pg_class SET reltuples = $1 WHERE oid = 'customers'::regclass";
      await sql(server, restore, 'prod', [before!.reltuples]);
    }
  });
});

describe('connection errors: exit 2, one line, no password', () => {
  let silent: net.Server;
  const held: net.Socket[] = [];

  beforeAll(async () => {
    // Accepts connections and never says a word.
    silent = net.createServer((socket) => held.push(socket)).listen(0, '127.0.0.1');
    await once(silent, 'listening');
  });

  afterAll(async () => {
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  async function failing(url: string): Promise<string> {
    const run = await runCli(['check', '--database-url', url, '--quiet'], EXAMPLE);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.endsWith('\n')).toBe(true);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expectNoSecrets(run);
    return run.stderr.trimEnd();
  }

  async function closedPort(): Promise<number> {
    const probe = net.createServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const { port } = probe.address() as net.AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    return port;
  }

  it('refused', async () => {
    const port = await closedPort();
    expect(await failing(`postgresql://postgres:${PASSWORD}@127.0.0.1:${port}/prod`)).toBe(
      `migration-gate: cannot connect to 127.0.0.1:${port}/prod: connection refused (is the server running and accepting TCP connections on that port?)`,
    );
  });

  it('a mistyped URL (one or three slashes) is refused, password masked, never a silent localhost', async () => {
    for (const url of [
      `postgresql:///postgres:${PASSWORD}@127.0.0.1:${server.connection.port}/prod`,
      `postgresql:/postgres:${PASSWORD}@127.0.0.1:${server.connection.port}/prod`,
    ]) {
      const line = await failing(url);
      expect(line).toContain('migration-gate: --database-url has no host: postgresql:');
      expect(line).toContain('***@127.0.0.1');
    }
  });

  it('bad password', async () => {
    expect(await failing(urlOf('prod', 'app', WRONG_PASSWORD))).toBe(
      `migration-gate: cannot connect to 127.0.0.1:${server.connection.port}/prod: password authentication failed for user app`,
    );
    // The right password does get in: the failure above was the password, nothing else.
    const run = await runCli(
      ['check', '--database-url', urlOf('prod', 'app', APP_PASSWORD), '--format', 'json'],
      EXAMPLE,
    );
    expectNoSecrets(run);
    expect(run.stderr).not.toContain('cannot connect');
    expect(run.stderr).toContain('snapshot before');
  });

  it('TLS required', async () => {
    expect(await failing(urlOf('prod', 'tls_user'))).toBe(
      `migration-gate: cannot connect to 127.0.0.1:${server.connection.port}/prod: the server requires TLS: add ?sslmode=require to the URL`,
    );
  });

  it('unknown host', async () => {
    expect(await failing(`postgresql://postgres:${PASSWORD}@nonexistent.invalid:5432/prod`)).toBe(
      'migration-gate: cannot connect to nonexistent.invalid:5432/prod: host nonexistent.invalid not found',
    );
  });

  it('timeout (MIGRATION_GATE_CONNECT_TIMEOUT_MS)', async () => {
    const { port } = silent.address() as net.AddressInfo;
    process.env.MIGRATION_GATE_CONNECT_TIMEOUT_MS = '1500';
    try {
      const started = Date.now();
      expect(await failing(`postgresql://postgres:${PASSWORD}@127.0.0.1:${port}/prod`)).toBe(
        `migration-gate: cannot connect to 127.0.0.1:${port}/prod: no answer within 1.5 s (connection timed out)`,
      );
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      delete process.env.MIGRATION_GATE_CONNECT_TIMEOUT_MS;
    }
  });
});

describe('sessions on production that could block the migration', () => {
  it('a session holding a lock is a readiness warning naming it', async () => {
    const pg = (await import('pg')).default;
    const holder = new pg.Client({ ...server.connection, database: 'prod' });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE ai_predictions IN SHARE MODE');
      const { rows } = await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const run = await runCli(
        ['check', '--database-url', urlOf('prod'), '--format', 'json', '--quiet', ...APPROVED_ARGS],
        EXAMPLE,
      );
      expect(run.stderr).toBe('');
      const report = JSON.parse(run.stdout) as GateReport;
      expect(readinessChecks(report)['No active locks']?.status).toBe('WARN');
      const warning = report.findings.find((f) => f.rule === 'blocking-session');
      expect(warning?.message).toContain(`session ${rows[0]!.pid}`);
      expect(warning?.severity).toBe('warning');
      // A warning does not block: the migration does not touch the locked table.
      expect(report.verdict).toBe('APPROVED');
      expect(run.code).toBe(0);
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
    }
  }, 60_000);
});
