import { beforeAll, describe, expect, it } from 'vitest';
import { SAFETY_RULE_IDS, type RuleId } from '../src/rules/catalogue.js';
import type { Finding, GateReport, StatementTrace } from '../src/types.js';
import { runCli, type CliRun } from './helpers/cli.js';
import { makeRepo } from './helpers/repo.js';

/**
 * The safety rules through the CLI: a table `account` created by an earlier
 * migration holds a few rows from a fixture, and `table_sizes:` says it has
 * twenty million in production. Each rule has a migration that trips it and
 * one that does the same thing safely; the trace in report.json says what
 * the server did.
 */

const EARLIER = `CREATE SCHEMA archive;
CREATE TABLE archive.old_event (id int);
CREATE TABLE team (id int PRIMARY KEY);
CREATE TABLE account (
  id int PRIMARY KEY,
  team_id int,
  email text,
  name text,
  nickname varchar(50),
  score int,
  legacy text
);
CREATE TABLE old_log (id int);
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE person (id int PRIMARY KEY, mood mood);
`;

const FIXTURE = `INSERT INTO team VALUES (1), (2);
INSERT INTO account VALUES (1, 1, 'a@example.com', 'Ada', 'ada', 3, 'x'), (2, 2, 'b@example.com', 'Bo', 'bo', 5, 'y'),
  (3, 1, 'c@example.com', 'Cy', 'cy', 8, 'z');
INSERT INTO person VALUES (1, 'happy');
`;

const LONG_NAME = 'a_table_name_that_is_much_longer_than_the_sixty_three_bytes_postgresql_keeps';

const UNSAFE = `BEGIN;
CREATE INDEX account_email_idx ON account (email);
ALTER TABLE account ADD CONSTRAINT account_team_fk FOREIGN KEY (team_id) REFERENCES team (id);
ALTER TABLE account ADD COLUMN token float DEFAULT random();
CREATE INDEX account_email_again_idx ON account (email);
ALTER TABLE account ALTER COLUMN name SET NOT NULL;
ALTER TABLE account ALTER COLUMN score TYPE bigint;
ALTER TABLE account ADD COLUMN active boolean;
UPDATE account SET active = true;
CLUSTER account USING account_pkey;
ALTER TABLE account RENAME COLUMN nickname TO handle;
ALTER TABLE account DROP COLUMN legacy;
DROP TABLE old_log;
DROP SCHEMA archive CASCADE;
CREATE TABLE ${LONG_NAME} (id int);
COMMIT;
`;

/** The same intentions, done the way that keeps the tables usable. */
const SAFE = `SET lock_timeout = '2s';
ALTER TABLE account ADD CONSTRAINT account_team_fk FOREIGN KEY (team_id) REFERENCES team (id) NOT VALID;
ALTER TABLE account VALIDATE CONSTRAINT account_team_fk;
ALTER TABLE account ADD COLUMN token float DEFAULT 0;
CREATE INDEX CONCURRENTLY account_email_idx ON account (email);
ALTER TABLE account ADD CONSTRAINT account_name_present CHECK (name IS NOT NULL) NOT VALID;
ALTER TABLE account VALIDATE CONSTRAINT account_name_present;
ALTER TABLE account ALTER COLUMN name SET NOT NULL;
ALTER TABLE account ALTER COLUMN nickname TYPE varchar(100);
ALTER TABLE account ADD COLUMN active boolean;
UPDATE account SET active = true;
VACUUM account;
ALTER TABLE account ADD COLUMN handle varchar(50);
ALTER TABLE account RENAME COLUMN handle TO display_handle;
ALTER TABLE account DROP COLUMN display_handle;
CREATE TABLE scratch (id int, email text);
CREATE INDEX scratch_email_idx ON scratch (email);
DROP TABLE IF EXISTS never_created;
CREATE SCHEMA staging;
DROP SCHEMA staging;
CREATE TABLE a_table_with_a_reasonable_name (id int);
`;

async function gate(target: string, config = 'table_sizes:\n  account: 20000000\n', fixture = FIXTURE) {
  const repo = makeRepo({
    'migration-gate.yml': `dir: m\nfixtures: [rows.sql]\n${config}`,
    'rows.sql': fixture,
    'm/0001_base.sql': EARLIER,
    'm/0002_target.sql': target,
  });
  const run = await runCli(['check', '--format', 'json', '--quiet'], repo);
  return { run, report: JSON.parse(run.stdout) as GateReport };
}

const safetyFindings = (report: GateReport): Finding[] =>
  report.findings.filter((f) => SAFETY_RULE_IDS.includes(f.rule));
const at = (report: GateReport, rule: RuleId): [number | undefined, Finding['severity']][] =>
  report.findings.filter((f) => f.rule === rule).map((f) => [f.line, f.severity]);
const traceAt = (report: GateReport, line: number): StatementTrace =>
  report.trace!.find((entry) => entry.line === line)!;

/** One gate run shared by the tests of a describe block. */
function gatedOnce(target: string): { run: CliRun; report: GateReport } {
  const result = {} as { run: CliRun; report: GateReport };
  beforeAll(async () => {
    Object.assign(result, await gate(target));
  });
  return result;
}

describe('a migration that blocks a twenty-million-row table', () => {
  const gated = gatedOnce(UNSAFE);

  it('is BLOCKED by what the server did, each finding on its statement', () => {
    const { run, report } = gated;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(at(report, 'index-not-concurrent')).toEqual([
      [2, 'error'],
      [5, 'error'],
    ]);
    expect(at(report, 'constraint-validated-under-lock')).toEqual([[3, 'error']]);
    expect(at(report, 'volatile-default')).toEqual([[4, 'error']]);
    expect(at(report, 'set-not-null-scan')).toEqual([[6, 'error']]);
    expect(at(report, 'column-type-change')).toEqual([[7, 'error']]);
    expect(at(report, 'scan-under-access-exclusive')).toEqual([[9, 'error']]);
    expect(at(report, 'rewrite-under-access-exclusive')).toEqual([[10, 'error']]);
    expect(report.tasks.find((t) => t.id === 'readiness')!.status).toBe('FAIL');
  });

  it('says what it means at production size', () => {
    const { report } = gated;
    const rewrite = report.findings.find((f) => f.rule === 'volatile-default')!;
    expect(rewrite.impact).toBe(
      'rewrites account (≈ 20 M rows, table_sizes) under ACCESS EXCLUSIVE: blocks reads and writes for minutes',
    );
    expect(rewrite.hint).toMatch(/constant \(non-volatile\) default/);
  });

  it('warns of what breaks running code or drops data, and of the missing lock_timeout', () => {
    const { report } = gated;
    expect(at(report, 'rename-existing')).toEqual([[11, 'warning']]);
    expect(at(report, 'drop-existing-column')).toEqual([[12, 'warning']]);
    expect(at(report, 'drop-existing-table')).toEqual([[13, 'warning']]);
    expect(at(report, 'drop-existing-schema')).toEqual([[14, 'warning']]);
    expect(at(report, 'missing-lock-timeout')).toEqual([[2, 'warning']]);
  });

  it('finds the duplicate index in the catalog and the truncated name in the server notice', () => {
    const { report } = gated;
    expect(at(report, 'duplicate-index')).toEqual([[5, 'warning']]);
    expect(report.tasks.find((t) => t.id === 'indexes')!.findings.map((f) => f.rule)).toContain('duplicate-index');
    expect(report.findings.find((f) => f.rule === 'identifier-truncated')).toMatchObject({
      line: 15,
      column: 14,
      task: 'schema',
      object: LONG_NAME.slice(0, 63),
    });
  });

  it('traces ADD CONSTRAINT … FOREIGN KEY: SHARE ROW EXCLUSIVE on both tables, a scan of the one it checks', () => {
    const { report } = gated;
    const fk = traceAt(report, 3);
    expect(fk.statement).toBe('AlterTableStmt');
    expect(fk.locks).toContainEqual(
      expect.objectContaining({ relation: 'public.account', modes: expect.arrayContaining(['SHARE ROW EXCLUSIVE']) }),
    );
    expect(fk.locks).toContainEqual(
      expect.objectContaining({ relation: 'public.team', modes: expect.arrayContaining(['SHARE ROW EXCLUSIVE']) }),
    );
    expect(fk.scanned).toContainEqual({ relation: 'public.account', rowsRead: 3 });
    expect(fk.rewritten).toEqual([]);
  });

  it('traces ADD COLUMN with a volatile default as a rewrite under ACCESS EXCLUSIVE, CREATE INDEX as SHARE', () => {
    const { report } = gated;
    const volatile = traceAt(report, 4);
    expect(volatile.rewritten).toEqual(['public.account']);
    expect(volatile.locks).toContainEqual(
      expect.objectContaining({ relation: 'public.account', rows: 20_000_000, rowsFrom: 'table_sizes' }),
    );
    expect(volatile.strongestLock).toMatchObject({ relation: 'public.account', mode: 'ACCESS EXCLUSIVE' });
    const index = traceAt(report, 2);
    expect(index.statement).toBe('IndexStmt');
    expect(index.locks).toEqual([expect.objectContaining({ relation: 'public.account', modes: ['SHARE'] })]);
  });
});

describe('the same intentions done safely', () => {
  const gated = gatedOnce(SAFE);

  it('trips no safety rule and is APPROVED', () => {
    const { run, report } = gated;
    expect(run.stderr).toBe('');
    expect(safetyFindings(report)).toEqual([]);
    expect(run.code).toBe(0);
    expect(report.tasks.find((t) => t.id === 'readiness')!.checks).toContainEqual(
      expect.objectContaining({ name: 'Existing tables stay usable', status: 'PASS' }),
    );
  });

  it('traces CREATE INDEX CONCURRENTLY, run outside a transaction, as SHARE UPDATE EXCLUSIVE', () => {
    const { report } = gated;
    const concurrent = traceAt(report, 5);
    expect(concurrent.statement).toBe('IndexStmt');
    expect(concurrent.locks).toEqual([
      expect.objectContaining({ relation: 'public.account', modes: ['SHARE UPDATE EXCLUSIVE'] }),
    ]);
  });

  it('sees that a constant default, SET NOT NULL after a validated CHECK and a wider varchar rewrite and read nothing', () => {
    const { report } = gated;
    for (const line of [4, 8, 9]) {
      expect(traceAt(report, line).rewritten).toEqual([]);
      expect(traceAt(report, line).scanned).toEqual([]);
    }
    // The rows counted and hashed before the target (beside the snapshot before) are not the first statement's.
    expect(traceAt(report, 2).scanned).toEqual([]);
    // VALIDATE CONSTRAINT reads the table too, under a lock that lets reads and writes go on.
    expect(traceAt(report, 3).scanned).toContainEqual({ relation: 'public.account', rowsRead: 3 });
    expect(traceAt(report, 3).strongestLock?.mode).toBe('SHARE UPDATE EXCLUSIVE');
  });
});

describe('a table whose size is small or unknown is not blocked for a rewrite', () => {
  const target = 'ALTER TABLE account ADD COLUMN token float DEFAULT random();\n';

  it('small (table_sizes: 500 rows): info, APPROVED', async () => {
    const { run, report } = await gate(target, 'table_sizes:\n  public.account: 500\n');
    expect(at(report, 'volatile-default')).toEqual([[1, 'info']]);
    expect(run.code).toBe(0);
  });

  it('unknown (no table_sizes, a fresh server): a warning that says so, APPROVED', async () => {
    const { run, report } = await gate(target, '');
    expect(at(report, 'volatile-default')).toEqual([[1, 'warning']]);
    expect(report.findings.find((f) => f.rule === 'volatile-default')!.impact).toMatch(
      /^rewrites account \(size unknown\) under ACCESS EXCLUSIVE: blocks reads and writes while it runs$/,
    );
    expect(run.code).toBe(0);
  });

  it("the test data's own estimate (a fixture that runs ANALYZE) is no production size: a warning, APPROVED", async () => {
    const { run, report } = await gate(target, '', `${FIXTURE}ANALYZE account;\n`);
    expect(at(report, 'volatile-default')).toEqual([[1, 'warning']]);
    expect(report.trace![0]!.locks[0]).not.toHaveProperty('rows');
    expect(run.code).toBe(0);
  });

  it("production's statistics restored with the baseline count: BLOCKED at twelve million rows", async () => {
    // What pg_restore_relation_stats (a dump --with-statistics) leaves: more pages than the table has here.
    const restored = "UPDATE pg_class SET reltuples = 12000000, relpages = 150000 WHERE oid = 'account'::regclass;\n";
    const { run, report } = await gate(target, '', `${FIXTURE}${restored}`);
    expect(at(report, 'volatile-default')).toEqual([[1, 'error']]);
    expect(report.trace![0]!.locks[0]).toMatchObject({ rows: 12_000_000, rowsFrom: 'estimate' });
    expect(run.code).toBe(1);
  });
});

describe('an enum value added and used', () => {
  it('in the same transaction: the server refuses it, and the finding says why', async () => {
    const { run, report } = await gate(
      "BEGIN;\nALTER TYPE mood ADD VALUE 'meh';\nUPDATE person SET mood = 'meh';\nCOMMIT;\n",
    );
    expect(run.code).toBe(1);
    expect(report.findings.find((f) => f.rule === 'enum-value-used-in-transaction')).toMatchObject({
      severity: 'critical',
      line: 3,
    });
  });

  it('in two transactions (the tool commits each statement): APPROVED', async () => {
    const { run, report } = await gate("ALTER TYPE mood ADD VALUE 'meh';\nUPDATE person SET mood = 'meh';\n");
    expect(at(report, 'enum-value-used-in-transaction')).toEqual([]);
    expect(run.code).toBe(0);
  });
});

describe('tracing keeps what the tool would get', () => {
  it('a DO block that commits, which the gate may not wrap in a transaction of its own, runs as psql runs it', async () => {
    const { run, report } = await gate('ALTER TABLE account ADD COLUMN note text;\nDO $$ BEGIN COMMIT; END $$;\n');
    expect(report.findings.filter((f) => f.severity === 'critical')).toEqual([]);
    expect(run.code).toBe(0);
  });

  it("a deferred foreign key fails at its statement's own commit, the statements before it stay", async () => {
    const { run, report } = await gate(
      'ALTER TABLE account ADD CONSTRAINT account_team_fk FOREIGN KEY (team_id) REFERENCES team (id) DEFERRABLE INITIALLY DEFERRED NOT VALID;\nINSERT INTO account (id, team_id) VALUES (9, 99);\n',
    );
    expect(run.code).toBe(1);
    expect(report.findings.find((f) => f.severity === 'critical')).toMatchObject({
      rule: 'sql-error',
      line: 2,
      message: expect.stringContaining('violates foreign key constraint "account_team_fk"'),
      impact: 'The migration stops here; statements before it remain applied',
    });
  });

  it.each([
    [
      'is one BEGIN … COMMIT: traced a statement at a time',
      'BEGIN;\nALTER TABLE account ADD COLUMN note text;\nCOMMIT;\n',
      false,
    ],
    [
      'has a statement after its COMMIT: applied as one message, and said to be untraced',
      'BEGIN;\nALTER TABLE account ADD COLUMN note text;\nCOMMIT;\nSELECT 1;\n',
      true,
    ],
  ])('a file the tool sends as one message with its own transaction control %s', async (_, up, untraced) => {
    const repo = makeRepo({
      'm/1_base.up.sql': EARLIER,
      'm/1_base.down.sql': 'SELECT 1;\n',
      'm/2_target.up.sql': up,
      'm/2_target.down.sql': 'ALTER TABLE account DROP COLUMN note;\n',
    });
    const run = await runCli(['check', '--dir', 'm', '--format', 'json', '--quiet'], repo);
    const report = JSON.parse(run.stdout) as GateReport;
    expect(run.code).toBe(0);
    const alter = report.trace?.find((t) => t.line === 2);
    if (untraced) {
      expect(alter).toMatchObject({
        locks: [],
        note: expect.stringMatching(/^the tool sends this file as one message/),
      });
    } else {
      expect(alter?.note).toBeUndefined();
      expect(alter?.locks).toEqual([
        expect.objectContaining({ relation: 'public.account', modes: ['ACCESS EXCLUSIVE'] }),
      ]);
    }
  });
});
