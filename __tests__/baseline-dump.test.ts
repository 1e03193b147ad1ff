import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/database/provider.js';
import type { GateReport } from '../src/types.js';
import { runCli, type CliRun } from './helpers/cli.js';
import { pgDump, sql, startPg15, startPg17 } from './helpers/real-postgres.js';
import { makeRepo } from './helpers/repo.js';

/**
 * `--baseline` with a real `pg_dump --schema-only` of a PostgreSQL 15
 * production (SET lines, `\restrict`, OWNER TO roles, GRANTs, comments,
 * extensions), loaded by the gate on the embedded PostgreSQL 17, which has
 * none of production's roles.
 */

const EXTENSIONS = ['citext', 'pgcrypto'];

const PRODUCTION = `
  CREATE ROLE app_owner;
  CREATE ROLE reporting_ro;
  CREATE EXTENSION IF NOT EXISTS citext;
  CREATE EXTENSION IF NOT EXISTS pgcrypto;
  CREATE SCHEMA billing AUTHORIZATION app_owner;
  CREATE TYPE invoice_status AS ENUM ('draft', 'sent', 'paid');
  CREATE TABLE accounts (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email      citext NOT NULL UNIQUE,
    api_token  text NOT NULL DEFAULT encode(gen_random_bytes(16), 'hex'),
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE billing.invoices (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    status     invoice_status NOT NULL DEFAULT 'draft',
    amount     numeric(12,2) NOT NULL
  );
  CREATE INDEX invoices_account_id_idx ON billing.invoices (account_id);
  CREATE VIEW account_emails AS SELECT id, email FROM accounts;
  CREATE FUNCTION account_count() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM accounts $$;
  ALTER TABLE accounts OWNER TO app_owner;
  ALTER TABLE billing.invoices OWNER TO app_owner;
  ALTER VIEW account_emails OWNER TO app_owner;
  ALTER TYPE invoice_status OWNER TO app_owner;
  ALTER FUNCTION account_count() OWNER TO app_owner;
  GRANT USAGE ON SCHEMA billing TO reporting_ro;
  GRANT SELECT ON accounts, billing.invoices, account_emails TO reporting_ro;
  COMMENT ON TABLE accounts IS 'One row per login — the tenant root';
  COMMENT ON COLUMN billing.invoices.amount IS 'In the account''s currency';
`;

/** Unqualified names only: works only if the dump's empty search_path did not leak into the migration. */
const TARGET = `BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE accounts ADD COLUMN display_name text;

CREATE TABLE account_notes (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id  bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    body        citext NOT NULL,
    status      invoice_status NOT NULL DEFAULT 'draft',
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX account_notes_account_id_idx ON account_notes (account_id);

INSERT INTO accounts (email) VALUES ('Ada@Example.com');
INSERT INTO account_notes (account_id, body)
    SELECT id, 'first note: ' || account_count() FROM account_emails WHERE email = 'ada@example.com';

COMMIT;
`;

const DOWN = `BEGIN;
DROP TABLE account_notes;
ALTER TABLE accounts DROP COLUMN display_name;
DELETE FROM accounts;
COMMIT;
`;

let production: Database;
let dump: string;

beforeAll(async () => {
  production = await startPg15();
  await sql(production, 'CREATE DATABASE prod');
  await sql(production, PRODUCTION, 'prod');
  // What pg_dump 15.18 really writes, \restrict lines included.
  dump = await pgDump(production, 'prod', ['--schema-only'], true);
}, 120_000);

afterAll(async () => {
  await production?.stop();
});

const files = { 'migrations/0042_account_notes.sql': TARGET, 'migrations/0042_account_notes.down.sql': DOWN };
const asDumped = makeRepo(files);
const withUnavailableExtension = makeRepo(files);

async function gate(repo: string, baseline: string): Promise<{ run: CliRun; report: GateReport }> {
  mkdirSync(path.join(repo, 'db'), { recursive: true });
  writeFileSync(path.join(repo, 'db/prod-schema.sql'), baseline);
  const run = await runCli(
    ['check', '--baseline', 'db/prod-schema.sql', '--dir', 'migrations', '--format', 'json', '--quiet'],
    repo,
  );
  expect(run.stderr).toBe('');
  return { run, report: JSON.parse(run.stdout) as GateReport };
}

const readiness = (report: GateReport) => report.tasks.find((t) => t.id === 'readiness')!;
const check = (report: GateReport, name: string) => readiness(report).checks?.find((c) => c.name === name);

describe('a real pg_dump --schema-only as --baseline', () => {
  it('is what pg_dump really writes', () => {
    expect(dump).toMatch(/^\\restrict \S+$/m);
    expect(dump).toMatch(/^\\unrestrict \S+$/m);
    expect(dump).toContain("SELECT pg_catalog.set_config('search_path', '', false);");
    expect(dump).toContain('SET check_function_bodies = false;');
    expect(dump).toContain('ALTER TABLE public.accounts OWNER TO app_owner;');
    expect(dump).toContain('GRANT SELECT ON TABLE public.accounts TO reporting_ro;');
    expect(dump).toContain("COMMENT ON TABLE public.accounts IS 'One row per login — the tenant root';");
    for (const name of EXTENSIONS) expect(dump).toContain(`CREATE EXTENSION IF NOT EXISTS ${name} WITH SCHEMA public;`);
    expect(dump).not.toContain('CREATE ROLE');
  });

  it('needs extensions both servers have, and roles only production has', async () => {
    const server = await startPg17();
    try {
      const available = await sql<{ name: string }>(
        server,
        'SELECT name FROM pg_available_extensions WHERE name = ANY($1) ORDER BY 1',
        'postgres',
        [EXTENSIONS],
      );
      expect(available.map((row) => row.name)).toEqual(EXTENSIONS);
      expect(await sql(server, `SELECT 1 FROM pg_roles WHERE rolname IN ('app_owner', 'reporting_ro')`)).toEqual([]);
    } finally {
      await server.stop();
    }
  });

  describe('loaded by the gate on the embedded PostgreSQL 17', () => {
    let run: CliRun;
    let report: GateReport;

    beforeAll(async () => {
      ({ run, report } = await gate(asDumped, dump));
    });

    it('is APPROVED, every task PASS', () => {
      expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
      expect(run.code).toBe(0);
      expect(report.verdict).toBe('APPROVED');
      expect(new Set(report.tasks.map((t) => t.status))).toEqual(new Set(['PASS']));
    });

    it('creates the roles the server lacks, each with an info finding; check "Baseline loads" is INFO', () => {
      const created = report.findings.filter((f) => f.rule === 'baseline-role-created');
      expect(created.map((f) => f.object).sort()).toEqual(['app_owner', 'reporting_ro']);
      for (const finding of created) {
        expect(finding).toMatchObject({ severity: 'info', task: 'readiness', file: 'db/prod-schema.sql' });
        expect(finding.message).toMatch(/^role \w+ does not exist on this server: created it \(NOLOGIN\)/);
        expect(finding.line).toBeGreaterThan(1);
      }
      expect(report.findings.some((f) => f.rule === 'baseline-extension-missing')).toBe(false);
      expect(check(report, 'Baseline loads')).toMatchObject({ status: 'INFO' });
      expect(check(report, 'Baseline loads')?.finding).toContain('role app_owner does not exist');
    });

    it("does not leak the dump's empty search_path into the migration: unqualified names apply", () => {
      expect(check(report, 'Migration can execute')?.status).toBe('PASS');
      expect(check(report, 'Referenced objects exist')?.status).toBe('PASS');
      expect(report.findings.filter((f) => f.rule.startsWith('missing-'))).toEqual([]);
      expect(report.tasks.find((t) => t.id === 'schema')?.summary).toMatch(/^1 table/);
      expect(report.tasks.find((t) => t.id === 'rollback')?.status).toBe('PASS');
    });
  });

  it('skips an extension the server lacks with a warning, and still completes', async () => {
    const withGraphql = dump.replace(
      /^(CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;)$/m,
      [
        '$1',
        '',
        'CREATE EXTENSION IF NOT EXISTS pg_graphql WITH SCHEMA public;',
        '',
        "COMMENT ON EXTENSION pg_graphql IS 'pg_graphql: GraphQL support';",
      ].join('\n'),
    );
    expect(withGraphql).toContain('CREATE EXTENSION IF NOT EXISTS pg_graphql');
    const { run, report } = await gate(withUnavailableExtension, withGraphql);
    const missing = report.findings.filter((f) => f.rule === 'baseline-extension-missing');
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ severity: 'warning', object: 'pg_graphql', file: 'db/prod-schema.sql' });
    expect(missing[0]!.message).toContain('extension pg_graphql is not available on this server');
    expect(missing[0]!.hint).toContain('Run the gate on a server that has it: `--image` with an image that has it');
    expect(missing[0]!.line).toBe(
      withGraphql.split('\n').indexOf('CREATE EXTENSION IF NOT EXISTS pg_graphql WITH SCHEMA public;') + 1,
    );
    expect(check(report, 'Baseline loads')?.status).toBe('WARN');
    expect(check(report, 'Baseline loads')?.finding).toContain('pg_graphql');
    // Nothing else needed it: the migration is judged as before.
    expect(readiness(report).status).toBe('WARN');
    expect(report.tasks.filter((t) => t.id !== 'readiness').map((t) => t.status)).toEqual(Array(7).fill('PASS'));
    expect(run.code).toBe(0);
    expect(report.verdict).toBe('APPROVED');
  });
});

describe('a large schema created in one transaction', () => {
  it("loads: the embedded server's lock table holds every table and index it creates", async () => {
    // 2,500 tables with a key, a sequence, a TOAST table and an index each: about 15,000 locks held
    // at COMMIT, twice what PostgreSQL's default lock table holds (64 × its 122 slots).
    const tables = Array.from(
      { length: 2_500 },
      (_, i) =>
        `CREATE TABLE t${i} (id bigserial PRIMARY KEY, note text);\nCREATE INDEX t${i}_note_idx ON t${i} (note);`,
    );
    const repo = makeRepo({
      'migrations/0001_note.sql': 'ALTER TABLE t0 ADD COLUMN extra text;\n',
      'migrations/0001_note.down.sql': 'ALTER TABLE t0 DROP COLUMN extra;\n',
    });
    const { run, report } = await gate(repo, `BEGIN;\n${tables.join('\n')}\nCOMMIT;\n`);
    expect(report.verdict, run.stdout).toBe('APPROVED');
  }, 120_000);
});
