import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GateReport, TaskId } from '../src/types.js';
import { ROOT, runCli } from './helpers/cli.js';
import { makeRepo } from './helpers/repo.js';

const FIXTURES = path.join(ROOT, '__tests__/fixtures');

async function gate(fixture: string): Promise<{ code: number; report: GateReport; status: Record<TaskId, string> }> {
  const run = await runCli(['check', '--format', 'json', '--quiet'], path.join(FIXTURES, fixture));
  expect(run.stderr).toBe('');
  const report = JSON.parse(run.stdout) as GateReport;
  const status = Object.fromEntries(report.tasks.map((t) => [t.id, t.status])) as Record<TaskId, string>;
  return { code: run.code, report, status };
}

const findingsOf = (report: GateReport, task: TaskId) => report.findings.filter((f) => f.task === task);

describe('defects the validators catch', () => {
  it('policies created without enabling RLS: rls FAIL naming the table', async () => {
    const { code, report, status } = await gate('policies-without-rls');
    expect(code).toBe(1);
    expect(report.verdict).toBe('BLOCKED');
    expect(status.rls).toBe('FAIL');
    expect(findingsOf(report, 'rls')).toContainEqual(
      expect.objectContaining({
        rule: 'rls-disabled',
        object: 'project',
        file: 'migrations/0002_projects.sql',
        line: 2,
      }),
    );
    expect(status.schema).toBe('PASS');
  });

  it('a down migration that leaves an enum type behind: rollback FAIL naming the type', async () => {
    const { code, report, status } = await gate('down-leaves-enum');
    expect(code).toBe(1);
    expect(status.rollback).toBe('FAIL');
    const messages = findingsOf(report, 'rollback').map((f) => f.message);
    expect(messages).toEqual([
      'after the down migration: type public.ticket_status left behind (added)',
      // …and so the migration cannot be applied again after its own rollback.
      'the migration does not apply again after its rollback: type "ticket_status" already exists',
    ]);
  });

  it('a foreign key without a covering index: indexes WARN naming the columns, still APPROVED', async () => {
    const { code, report, status } = await gate('fk-without-index');
    expect(status.indexes).toBe('WARN');
    expect(findingsOf(report, 'indexes')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        rule: 'unindexed-foreign-key',
        object: 'orders.customer_id',
        line: 2,
      }),
    ]);
    expect(report.verdict).toBe('APPROVED');
    expect(code).toBe(0);
  });

  it('enum values that differ from the config: enums FAIL with both lists', async () => {
    const { code, report, status } = await gate('enum-values-differ');
    expect(code).toBe(1);
    expect(status.enums).toBe('FAIL');
    expect(findingsOf(report, 'enums')).toEqual([
      expect.objectContaining({
        object: 'job_status',
        message: 'enum type job_status has values [queued, done, running], expected [queued, running, done]',
        line: 1,
      }),
    ]);
  });

  it('a trigger attached to the wrong event: triggers FAIL', async () => {
    const { code, report, status } = await gate('trigger-wrong-event');
    expect(code).toBe(1);
    expect(status.triggers).toBe('FAIL');
    expect(findingsOf(report, 'triggers')).toContainEqual(
      expect.objectContaining({
        object: 'account_touch',
        message: 'trigger account_touch on account: fires on INSERT, expected UPDATE',
        line: 9,
      }),
    );
  });

  it('a table missing a declared column: schema FAIL naming the column', async () => {
    const { code, report, status } = await gate('missing-column');
    expect(code).toBe(1);
    expect(status.schema).toBe('FAIL');
    expect(findingsOf(report, 'schema')).toEqual([
      expect.objectContaining({ object: 'app_user', message: 'table app_user lacks column(s) email', line: 1 }),
    ]);
  });
});

describe('rollback requirements', () => {
  const files = { 'm/0001_t.sql': 'CREATE TABLE t (id int PRIMARY KEY);\n' };

  it('no down migration: WARN by default, and the verdict stays APPROVED', async () => {
    const run = await runCli(['check', '--dir', 'm', '--format', 'json', '-q'], makeRepo(files));
    const report = JSON.parse(run.stdout) as GateReport;
    const rollback = report.tasks.find((t) => t.id === 'rollback')!;
    expect(rollback).toMatchObject({ status: 'WARN', summary: 'No down migration' });
    expect(rollback.findings[0]!.message).toContain('m/0001_t.down.sql');
    expect(run.code).toBe(0);
  });

  it('no down migration when the config requires one: FAIL, BLOCKED', async () => {
    const repo = makeRepo({ ...files, 'migration-gate.yml': 'dir: m\nrollback:\n  required: true\n' });
    const run = await runCli(['check', '--format', 'json', '-q'], repo);
    const report = JSON.parse(run.stdout) as GateReport;
    expect(report.tasks.find((t) => t.id === 'rollback')!.status).toBe('FAIL');
    expect(run.code).toBe(1);
  });

  it('a dbmate-style down section is used, and a down that fails points at its line', async () => {
    const repo = makeRepo({
      'm/0001_t.sql': '-- migrate:up\nCREATE TABLE t (id int PRIMARY KEY);\n\n-- migrate:down\nDROP TABLE not_t;\n',
    });
    const run = await runCli(['check', '--dir', 'm', '--format', 'json', '-q'], repo);
    const report = JSON.parse(run.stdout) as GateReport;
    const rollback = report.tasks.find((t) => t.id === 'rollback')!;
    expect(rollback.status).toBe('FAIL');
    expect(rollback.findings[0]).toMatchObject({ file: 'm/0001_t.sql', line: 5, column: 12, rule: 'missing-relation' });
    expect(run.code).toBe(1);
  });
});

describe('row-level security rules', () => {
  const gateRepo = async (migration: string) => {
    const repo = makeRepo({
      'm/0001_org.sql': 'CREATE TABLE organization (id uuid PRIMARY KEY);\n',
      'm/0002_t.sql': migration,
      'm/0002_t.down.sql': 'DROP TABLE note;\n',
    });
    const run = await runCli(['check', '--dir', 'm', '--format', 'json', '-q'], repo);
    const report = JSON.parse(run.stdout) as GateReport;
    return { code: run.code, report, rls: report.tasks.find((t) => t.id === 'rls')! };
  };
  const table =
    'CREATE TABLE note (id int PRIMARY KEY, org_id uuid NOT NULL REFERENCES organization(id));\nCREATE INDEX ON note (org_id);\n';

  it('a tenant table (with org_id) without RLS: FAIL', async () => {
    const { code, rls } = await gateRepo(table);
    expect(rls.status).toBe('FAIL');
    expect(rls.findings).toEqual([
      expect.objectContaining({ rule: 'tenant-table-without-rls', object: 'note', line: 1 }),
    ]);
    expect(code).toBe(1);
  });

  it('RLS enabled without any policy: WARN', async () => {
    const { code, rls } = await gateRepo(`${table}ALTER TABLE note ENABLE ROW LEVEL SECURITY;\n`);
    expect(rls.status).toBe('WARN');
    expect(rls.findings).toEqual([expect.objectContaining({ rule: 'rls-without-policy', object: 'note' })]);
    expect(code).toBe(0);
  });

  it('a write policy that is always true on a tenant table: FAIL naming it', async () => {
    const { code, rls } = await gateRepo(
      `${table}ALTER TABLE note ENABLE ROW LEVEL SECURITY;\n` +
        `CREATE POLICY note_read ON note FOR SELECT USING (org_id = (select current_setting('app.org')::uuid));\n` +
        'CREATE POLICY note_write ON note FOR INSERT WITH CHECK (true);\n',
    );
    expect(rls.status).toBe('FAIL');
    expect(rls.findings).toEqual([
      expect.objectContaining({
        rule: 'permissive-write-policy',
        severity: 'error',
        object: 'note.note_write',
        line: 5,
      }),
    ]);
    expect(code).toBe(1);
  });
});

it('a directory where a migration file should be is a usage error naming what is there', async () => {
  const repo = makeRepo({ 'm/0001_a.sql/readme.txt': 'not a file' });
  const run = await runCli(['check', '--dir', 'm'], repo);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('no migrations recognised in m: found 1 sub-directory (0001_a.sql/)');
  expect(run.stderr).toContain('Known layouts: sqitch');
});

it('a foreign key added by ALTER TABLE is checked like one declared in CREATE TABLE', async () => {
  const repo = makeRepo({
    'm/0001_base.sql':
      'CREATE TABLE team (id int PRIMARY KEY);\nCREATE TABLE member (id int PRIMARY KEY, team_id int);\n',
    'm/0002_fk.sql':
      'CREATE INDEX member_team_id_idx ON member (team_id);\n' +
      'ALTER TABLE member ADD CONSTRAINT member_team_fk FOREIGN KEY (team_id) REFERENCES team (id) ON DELETE CASCADE;\n',
    'migration-gate.yml':
      'dir: m\nexpectations:\n  0002_fk.sql:\n    foreign_keys:\n      - { from: member.team_id, to: team.id, on_delete: restrict }\n',
  });
  const run = await runCli(['check', '--format', 'json', '-q'], repo);
  const report = JSON.parse(run.stdout) as GateReport;
  const integration = report.tasks.find((t) => t.id === 'integration')!;
  expect(integration.status).toBe('FAIL');
  expect(integration.findings).toEqual([
    expect.objectContaining({
      message: 'foreign key member.team_id → team.id is ON DELETE CASCADE, expected ON DELETE RESTRICT',
      line: 2,
    }),
  ]);
});

it('a foreign key on a quoted camelCase column is covered by an index on that column (names compare by catalog value)', async () => {
  const repo = makeRepo({
    'm/0001_user.sql': 'CREATE TABLE "User" (id serial PRIMARY KEY, "emailAddress" text NOT NULL);\n',
    'm/0002_post.sql':
      'CREATE TABLE "Post" (id serial PRIMARY KEY, "userId" integer NOT NULL, title text);\n' +
      'CREATE INDEX "Post_userId_idx" ON "Post"("userId");\n' +
      'ALTER TABLE "Post" ADD CONSTRAINT "Post_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"(id) ON DELETE RESTRICT;\n',
    'm/0002_post.down.sql': 'DROP TABLE "Post";\n',
  });
  const run = await runCli(['check', '--dir', 'm', '--format', 'json', '-q'], repo);
  const report = JSON.parse(run.stdout) as GateReport;
  expect(report.findings.filter((f) => f.rule === 'unindexed-foreign-key')).toEqual([]);
  expect(report.tasks.find((t) => t.id === 'indexes')!.status).toBe('PASS');
  expect(report.tasks.find((t) => t.id === 'integration')!.status).toBe('PASS');
  expect(run.code).toBe(0);
});

it('a tenant table that was already without RLS is not blocked when the migration only alters it', async () => {
  const repo = makeRepo({
    'm/0001_orders.sql': 'CREATE TABLE orders (id int PRIMARY KEY, org_id int NOT NULL);\n',
    'm/0002_note.sql': 'ALTER TABLE orders ADD COLUMN note text;\n',
    'm/0002_note.down.sql': 'ALTER TABLE orders DROP COLUMN note;\n',
    'm/0003_tenant.sql': 'CREATE TABLE invoices (id int PRIMARY KEY);\nALTER TABLE invoices ADD COLUMN org_id int;\n',
  });
  const altered = JSON.parse(
    (await runCli(['check', '--dir', 'm', '--target', '0002_note.sql', '--format', 'json', '-q'], repo)).stdout,
  ) as GateReport;
  expect(altered.findings.filter((f) => f.rule === 'tenant-table-without-rls')).toEqual([]);
  expect(altered.verdict).toBe('APPROVED');
  // Giving a table the tenant column is making it a tenant table: that one must enable RLS.
  const made = JSON.parse((await runCli(['check', '--dir', 'm', '--format', 'json', '-q'], repo)).stdout) as GateReport;
  expect(made.findings).toContainEqual(
    expect.objectContaining({ rule: 'tenant-table-without-rls', object: 'invoices' }),
  );
});
