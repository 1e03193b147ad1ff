/**
 * The behaviour probes through the CLI, on the embedded PostgreSQL: each
 * defect the structure checks cannot see comes out BLOCKED (or WARN where
 * the issue says so) with the task and the line, and the well-behaved
 * version of the same schema passes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/database/provider.js';
import type { Finding, GateReport, TaskId } from '../src/types.js';
import { runCli } from './helpers/cli.js';
import { makeRepo } from './helpers/repo.js';
import { snapshotDump, sql, startPg15 } from './helpers/real-postgres.js';

const ORGS = 'CREATE TABLE orgs (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL);\n';

async function gate(migration: string, options: { config?: string; files?: Record<string, string> } = {}) {
  const config = `dir: m\nrules: { not-transactional: off }\n${options.config ?? ''}`;
  const repo = makeRepo({
    'migration-gate.yml': config,
    'm/0001_orgs.sql': ORGS,
    'm/0002_change.sql': migration,
    ...options.files,
  });
  const run = await runCli(['check', '--format', 'json', '-q'], repo);
  expect(run.stderr).toBe('');
  const report = JSON.parse(run.stdout) as GateReport;
  const task = (id: TaskId) => report.tasks.find((t) => t.id === id)!;
  const rules = (...ids: Finding['rule'][]) => report.findings.filter((f) => ids.includes(f.rule));
  return { code: run.code, report, task, rules };
}

const tenantTable = (name: string, extra = '') =>
  `CREATE TABLE ${name} (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), org_id uuid NOT NULL REFERENCES orgs(id), title text NOT NULL${extra});
ALTER TABLE ${name} ENABLE ROW LEVEL SECURITY;
`;
const byTenant = (table: string, name = `${table}_tenant`) =>
  `CREATE POLICY ${name} ON ${table} USING (org_id = current_setting('app.org_id')::uuid);\n`;

describe('probes: tenant isolation as the application role', () => {
  it('a policy that compares the wrong column: BLOCKED at the policy, the correct table passes', async () => {
    const { code, task, rules, report } = await gate(
      `${tenantTable('projects')}${byTenant('projects')}${tenantTable('tasks', ', project_id uuid NOT NULL REFERENCES projects(id)')}CREATE POLICY tasks_tenant ON tasks USING (project_id = current_setting('app.org_id')::uuid);\n`,
    );
    expect(code).toBe(1);
    expect(task('rls').status).toBe('FAIL');
    expect(rules('policy-rejects-own-rows')).toEqual([
      expect.objectContaining({ severity: 'error', task: 'rls', object: 'tasks', file: 'm/0002_change.sql', line: 6 }),
    ]);
    expect(rules('policy-rejects-own-rows')[0]!.message).toMatch(
      /SELECT on tasks sees none of tenant A's 2 rows: policy tasks_tenant/,
    );
    const projects = report.probes!.find((p) => p.object === 'projects SELECT')!;
    expect(projects).toMatchObject({ outcome: 'pass', as: { role: 'migration_gate_probe' } });
    expect(Object.keys(projects.as!.settings!)).toEqual(['app.org_id']);
  });

  it("a policy that lets every row through: BLOCKED naming it; the correct policy's table passes", async () => {
    const { code, rules, report } = await gate(
      `${tenantTable('notes')}CREATE POLICY notes_read ON notes FOR SELECT USING (true);\nCREATE POLICY notes_write ON notes FOR INSERT WITH CHECK (org_id = current_setting('app.org_id')::uuid);\n`,
    );
    expect(code).toBe(1);
    expect(rules('tenant-isolation-leak')).toEqual([
      expect.objectContaining({ task: 'rls', object: 'notes.notes_read', line: 3 }),
    ]);
    expect(rules('tenant-isolation-leak')[0]!.message).toBe(
      "as migration_gate_probe with tenant A's identity, SELECT on notes returns 2 rows of another tenant: policy notes_read lets them through",
    );
    expect(report.probes!.find((p) => p.object === 'notes INSERT')).toMatchObject({ outcome: 'pass' });
  });

  it('a view without security_invoker: BLOCKED at the view, and its structural warning is replaced', async () => {
    const { code, rules } = await gate(
      `${tenantTable('notes')}${byTenant('notes')}CREATE VIEW note_titles AS SELECT id, org_id, title FROM notes;\nGRANT SELECT ON note_titles TO app_user;\n`,
      { files: { 'm/0000_roles.sql': 'CREATE ROLE app_user NOLOGIN;\n' } },
    );
    expect(code).toBe(1);
    expect(rules('view-leaks-rows')).toEqual([
      expect.objectContaining({ severity: 'error', task: 'rls', object: 'note_titles', line: 4 }),
    ]);
    expect(rules('view-bypasses-rls')).toEqual([]);
  });

  it('the same view WITH (security_invoker = true) passes', async () => {
    const { code, report } = await gate(
      `${tenantTable('notes')}${byTenant('notes')}CREATE VIEW note_titles WITH (security_invoker = true) AS SELECT id, org_id, title FROM notes;\nGRANT SELECT ON note_titles TO app_user;\n`,
      { files: { 'm/0000_roles.sql': 'CREATE ROLE app_user NOLOGIN;\n' } },
    );
    expect(code).toBe(0);
    expect(report.probes!.find((p) => p.kind === 'view')).toMatchObject({ object: 'note_titles', outcome: 'pass' });
  });

  it("a SECURITY DEFINER function returning other tenants' rows: BLOCKED at the function", async () => {
    const { code, rules } = await gate(
      `${tenantTable('notes')}${byTenant('notes')}CREATE FUNCTION all_notes() RETURNS SETOF notes\n  LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$ SELECT * FROM notes $$;\n`,
    );
    expect(code).toBe(1);
    expect(rules('definer-function-leaks-rows')).toEqual([
      expect.objectContaining({ severity: 'error', task: 'rls', object: 'all_notes()', line: 4 }),
    ]);
  });

  it('the application connects as the owner and RLS is not forced: BLOCKED; forced, it passes', async () => {
    const config = 'probes: { connects_as_owner: true }\n';
    const open = await gate(`${tenantTable('notes')}${byTenant('notes')}`, { config });
    expect(open.code).toBe(1);
    expect(open.rules('rls-not-forced')).toEqual([expect.objectContaining({ task: 'rls', object: 'notes', line: 1 })]);
    const forced = await gate(
      `${tenantTable('notes')}ALTER TABLE notes FORCE ROW LEVEL SECURITY;\n${byTenant('notes')}`,
      { config },
    );
    expect(forced.rules('rls-not-forced')).toEqual([]);
    expect(forced.code).toBe(0);
  });

  it("a leak that was there before and that the migration does not touch is not this migration's", async () => {
    const leaky = `${tenantTable('notes')}CREATE POLICY notes_read ON notes FOR SELECT USING (true);\n${byTenant('notes', 'notes_write')}`;
    const { code, rules } = await gate('ALTER TABLE notes ADD COLUMN body text;\n', {
      files: { 'm/0001_orgs.sql': `${ORGS}${leaky}` },
    });
    expect(rules('tenant-isolation-leak')).toEqual([]);
    expect(code).toBe(0);
  });

  it('policies that read no setting the gate knows: said (info), never guessed into a leak', async () => {
    const { code, rules } = await gate(
      `${tenantTable('notes')}CREATE POLICY mine ON notes USING (title = current_user);\n`,
    );
    expect(code).toBe(0);
    expect(rules('probe-identity-unknown')).toEqual([expect.objectContaining({ severity: 'info', object: 'notes' })]);
  });
});

describe('probes: triggers', () => {
  const docs =
    'CREATE TABLE docs (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), title text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now());\n';
  const touch = `CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END $$;
`;

  it('an updated_at trigger on the wrong event: BLOCKED at the trigger', async () => {
    const { code, rules } = await gate(
      `${docs}${touch}CREATE TRIGGER docs_updated_at BEFORE INSERT ON docs FOR EACH ROW EXECUTE FUNCTION set_updated_at();\n`,
    );
    expect(code).toBe(1);
    expect(rules('timestamp-not-maintained')).toEqual([
      expect.objectContaining({ severity: 'error', task: 'triggers', object: 'docs_updated_at', line: 7 }),
    ]);
  });

  it('the same trigger BEFORE UPDATE passes, with the events that fire it', async () => {
    const { code, report } = await gate(
      `${docs}${touch}CREATE TRIGGER docs_updated_at BEFORE UPDATE ON docs FOR EACH ROW EXECUTE FUNCTION set_updated_at();\n`,
    );
    expect(code).toBe(0);
    expect(report.probes!.find((p) => p.object === 'docs_updated_at')).toMatchObject({
      outcome: 'pass',
      detail: 'declared UPDATE; fired by UPDATE',
    });
    expect(report.probes!.find((p) => p.kind === 'timestamp')).toMatchObject({ outcome: 'pass' });
  });

  it("a trigger that makes a profile for each new user: fired by a fresh user's INSERT, its rows said", async () => {
    // Supabase's starter: the key of a user has no default, and the profiles are the trigger's.
    const { code, report } = await gate(
      `CREATE TABLE app_user (id uuid PRIMARY KEY, email text);
CREATE TABLE profile (id uuid PRIMARY KEY REFERENCES app_user ON DELETE CASCADE, email text);
CREATE FUNCTION make_profile() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO profile (id, email) VALUES (NEW.id, NEW.email);
  RETURN NEW;
END $$;
CREATE TRIGGER app_user_profile AFTER INSERT ON app_user FOR EACH ROW EXECUTE FUNCTION make_profile();\n`,
    );
    expect(code).toBe(0);
    // Before, the INSERT probe copied the first generated user's key: refused as a duplicate, and the
    // trigger was said to pass though fired by none of its events.
    expect(report.probes!.find((p) => p.object === 'app_user_profile')).toMatchObject({
      outcome: 'pass',
      detail: 'declared INSERT; fired by INSERT',
    });
    expect(report.probes!.find((p) => p.kind === 'rows' && p.object === 'public.profile')).toMatchObject({
      outcome: 'pass',
      detail: '4 rows generated (inserted by a trigger of a table filled before it)',
    });
  });

  it('a declared event that could not be tried leaves the trigger open, not passed', async () => {
    const { code, report } = await gate(
      `CREATE FUNCTION ledger_closed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN RAISE EXCEPTION 'the ledger takes no new entries'; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER ledger_guard BEFORE INSERT OR UPDATE ON ledger FOR EACH ROW EXECUTE FUNCTION ledger_closed();\n`,
      {
        config: 'fixtures: [rows.sql]\n',
        files: {
          'm/0001_orgs.sql': `${ORGS}CREATE TABLE ledger (id int PRIMARY KEY, amount int);\n`,
          'rows.sql': 'INSERT INTO ledger VALUES (1, 10), (2, 20);\n',
        },
      },
    );
    expect(code).toBe(0);
    expect(report.probes!.find((p) => p.object === 'ledger_guard')).toMatchObject({
      outcome: 'info',
      detail: 'declared INSERT OR UPDATE; fired by UPDATE; INSERT could not be tried',
    });
  });

  it("a WHEN no probe row meets leaves the trigger open; a C function's calls, which the server does not count, pass as run", async () => {
    const { code, report } = await gate(
      `CREATE TABLE ledger (id int PRIMARY KEY, amount int NOT NULL DEFAULT 0, body text, tsv tsvector);
CREATE FUNCTION big_amount() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER ledger_big BEFORE INSERT ON ledger FOR EACH ROW WHEN (NEW.amount > 1000000) EXECUTE FUNCTION big_amount();
CREATE TRIGGER ledger_tsv BEFORE INSERT OR UPDATE ON ledger FOR EACH ROW
  EXECUTE FUNCTION tsvector_update_trigger(tsv, 'pg_catalog.english', body);\n`,
    );
    expect(code).toBe(0);
    expect(report.probes!.find((p) => p.object === 'ledger_big')).toMatchObject({
      outcome: 'info',
      detail:
        'declared INSERT; fired by none of INSERT, UPDATE, DELETE; INSERT did not call it (its WHEN condition held for no probe row)',
    });
    expect(report.probes!.find((p) => p.object === 'ledger_tsv')).toMatchObject({
      outcome: 'pass',
      detail: 'declared INSERT OR UPDATE; ran without error',
    });
  });

  it('a trigger body that writes a column that does not exist: BLOCKED at the line in the body', async () => {
    const { code, rules } = await gate(
      `${docs}CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.modified_at := now();
  RETURN NEW;
END $$;
CREATE TRIGGER docs_touch BEFORE UPDATE ON docs FOR EACH ROW EXECUTE FUNCTION touch();\n`,
    );
    expect(code).toBe(1);
    expect(rules('trigger-function-error', 'trigger-field-missing')).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'trigger-function-error',
        task: 'triggers',
        object: 'touch()',
        line: 4,
      }),
    ]);
    expect(rules('trigger-function-error')[0]!.message).toMatch(
      /touch\(\) fails on UPDATE: record "new" has no field "modified_at"/,
    );
  });

  it('a function naming a table that does not exist: a warning at the reference', async () => {
    const { rules } = await gate(`CREATE FUNCTION log_it() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_trail (note) VALUES ('x');
END $$;\n`);
    expect(rules('function-unresolved-reference')).toEqual([
      expect.objectContaining({ severity: 'warning', task: 'triggers', line: 3 }),
    ]);
  });

  it('the references of several functions, looked up together: each missing one at its own line, none that exists', async () => {
    const { rules, report } = await gate(`CREATE FUNCTION first_fn() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO orgs (name) VALUES ('x');
  PERFORM missing_helper();
END $$;
CREATE FUNCTION second_fn() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM gone_table;
  PERFORM first_fn();
  PERFORM public.lower('A');
END $$;\n`);
    expect(rules('function-unresolved-reference').map((f) => [f.object, f.line, f.message])).toEqual([
      ['first_fn()', 4, expect.stringContaining('function missing_helper()')],
      ['second_fn()', 8, expect.stringContaining('relation gone_table')],
      ['second_fn()', 10, expect.stringContaining('function lower()')],
    ]);
    expect(report.probes!.filter((p) => p.kind === 'function-references').map((p) => p.outcome)).toEqual([
      'warn',
      'warn',
    ]);
  });
});

describe('probes: triggers that existed before, which the migration may break', () => {
  // PostgreSQL follows a rename into views and constraints, never into a PL/pgSQL body.
  const ACCOUNTS = `CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL);
CREATE TABLE account_audit (account_id bigint, old_email text, new_email text, source text);
CREATE FUNCTION audit_email() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.email IS DISTINCT FROM OLD.email THEN
    INSERT INTO account_audit (account_id, old_email, new_email) VALUES (NEW.id, OLD.email, NEW.email);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER accounts_audit_email BEFORE UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION audit_email();
INSERT INTO accounts VALUES (1, 'a@example.com'), (2, 'b@example.com');
`;
  const existing = (migration: string) => gate(migration, { files: { 'm/0001_orgs.sql': `${ORGS}${ACCOUNTS}` } });

  it('a column renamed under a trigger that uses it: BLOCKED at the rename, every UPDATE fails in production', async () => {
    const { code, task, rules } = await existing('ALTER TABLE accounts RENAME COLUMN email TO primary_email;\n');
    expect(code).toBe(1);
    expect(task('triggers').status).toBe('FAIL');
    expect(rules('existing-trigger-broken')).toEqual([
      expect.objectContaining({
        severity: 'error',
        task: 'triggers',
        object: 'audit_email()',
        line: 1,
        column: 36,
        hint: expect.stringContaining('CREATE OR REPLACE FUNCTION with the new names'),
      }),
    ]);
    expect(rules('existing-trigger-broken')[0]!.message).toBe(
      'trigger accounts_audit_email on accounts, which existed before, fails on UPDATE after this migration: audit_email() still uses email: record "new" has no field "email"',
    );
  });

  it('a column dropped under it: BLOCKED the same way', async () => {
    const { code, rules } = await existing('ALTER TABLE accounts DROP COLUMN email;\n');
    expect(code).toBe(1);
    expect(rules('existing-trigger-broken').map((f) => f.severity)).toEqual(['error']);
  });

  it('the same rename with the function replaced in the migration passes, the trigger probed', async () => {
    const { code, rules, report } = await existing(`ALTER TABLE accounts RENAME COLUMN email TO primary_email;
CREATE OR REPLACE FUNCTION audit_email() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.primary_email IS DISTINCT FROM OLD.primary_email THEN
    INSERT INTO account_audit (account_id, old_email, new_email) VALUES (NEW.id, OLD.primary_email, NEW.primary_email);
  END IF;
  RETURN NEW;
END $$;
`);
    expect(rules('existing-trigger-broken')).toEqual([]);
    expect(report.probes!.find((p) => p.object === 'accounts_audit_email')).toMatchObject({ outcome: 'pass' });
    expect(code).toBe(0);
  });

  it('a column of another table the function INSERTs into, renamed: BLOCKED, though the probe row did not reach that branch', async () => {
    const { code, rules } = await existing('ALTER TABLE account_audit RENAME COLUMN old_email TO previous_email;\n');
    expect(rules('existing-trigger-broken')).toEqual([
      expect.objectContaining({
        severity: 'error',
        line: 1,
        message: expect.stringContaining(
          'audit_email() writes account_audit.old_email, which this migration renamed to previous_email',
        ),
      }),
    ]);
    expect(code).toBe(1);
  });

  it('a name the function only reads on that branch, renamed: a warning (another table may have a column of that name)', async () => {
    const { code, rules } = await existing('ALTER TABLE accounts RENAME COLUMN id TO account_no;\n');
    expect(rules('existing-trigger-broken')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringContaining('audit_email() names id, which this migration renamed to account_no'),
      }),
    ]);
    expect(code).toBe(0);
  });

  it("a column renamed under a C trigger function's arguments (tsvector_update_trigger): BLOCKED once, every write fails", async () => {
    const posts = `CREATE TABLE posts (id serial PRIMARY KEY, body text NOT NULL, tsv tsvector);
CREATE TRIGGER posts_tsv BEFORE INSERT OR UPDATE ON posts FOR EACH ROW EXECUTE FUNCTION tsvector_update_trigger(tsv, 'pg_catalog.english', body);
INSERT INTO posts (body) VALUES ('hello world'), ('second post');
`;
    const { code, rules, report } = await gate('ALTER TABLE posts RENAME COLUMN body TO content;\n', {
      files: { 'm/0001_orgs.sql': `${ORGS}${posts}` },
    });
    expect(code).toBe(1);
    expect(rules('existing-trigger-broken')).toEqual([
      expect.objectContaining({
        severity: 'error',
        line: 1,
        message: expect.stringContaining('tsvector_update_trigger() still uses body: column "body" does not exist'),
      }),
    ]);
    expect(report.probes!.filter((p) => p.object.startsWith('posts_tsv ')).map((p) => [p.object, p.outcome])).toEqual([
      ['posts_tsv INSERT', 'fail'],
      ['posts_tsv UPDATE', 'fail'],
    ]);
  });

  it('a column no trigger uses, renamed: nothing said of the trigger', async () => {
    const { rules } = await existing('ALTER TABLE account_audit RENAME COLUMN source TO origin;\n');
    expect(rules('existing-trigger-broken')).toEqual([]);
  });
});

describe('probes: functions that existed before, which the migration may break', () => {
  // A policy's helper written as a string: PostgreSQL does not track what its body names.
  const MEMBERS = `CREATE TABLE members (org_id uuid NOT NULL REFERENCES orgs(id), user_name text NOT NULL, PRIMARY KEY (org_id, user_name));
CREATE FUNCTION is_member(p_org uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT EXISTS (SELECT 1 FROM public.members m WHERE m.org_id = p_org AND m.user_name = current_user)
$$;
CREATE TABLE notes (id serial PRIMARY KEY, org_id uuid NOT NULL REFERENCES orgs(id), body text);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY notes_members ON notes USING (public.is_member(org_id));
CREATE FUNCTION member_count(p_org uuid) RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  RETURN (SELECT count(*) FROM members WHERE org_id = p_org AND user_name IS NOT NULL);
END $$;
CREATE FUNCTION add_member(p_org uuid, p_name text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO members (org_id, user_name) VALUES (p_org, p_name);
END $$;
`;
  const existing = (migration: string) => gate(migration, { files: { 'm/0001_orgs.sql': `${ORGS}${MEMBERS}` } });

  it("a column renamed under a policy's SQL helper: BLOCKED at the rename, naming the tables whose queries fail", async () => {
    const { code, rules } = await existing('ALTER TABLE members RENAME COLUMN user_name TO member_name;\n');
    expect(code).toBe(1);
    const sqlHelper = rules('existing-function-broken').find((f) => f.object === 'is_member(p_org uuid)');
    expect(sqlHelper).toMatchObject({ severity: 'error', task: 'triggers', line: 1, column: 35 });
    expect(sqlHelper!.message).toBe(
      'function is_member(p_org uuid), which existed before, no longer compiles after this migration: column m.user_name does not exist; the policies of notes call it: queries on them fail too',
    );
    // PL/pgSQL is planned when a statement first runs: a column its INSERT writes fails there for certain.
    expect(
      rules('existing-function-broken').find((f) => f.object === 'add_member(p_org uuid, p_name text)'),
    ).toMatchObject({
      severity: 'error',
      message: expect.stringContaining('writes members.user_name, which this migration renamed to member_name'),
    });
    // A mention elsewhere in its text may be another table's column: a warning.
    expect(rules('existing-function-broken').find((f) => f.object === 'member_count(p_org uuid)')).toMatchObject({
      severity: 'warning',
      message: expect.stringContaining('names user_name, which this migration renamed to member_name'),
    });
  });

  it('the same rename with the functions replaced passes', async () => {
    const { code, rules } = await existing(`ALTER TABLE members RENAME COLUMN user_name TO member_name;
CREATE OR REPLACE FUNCTION add_member(p_org uuid, p_name text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO members (org_id, member_name) VALUES (p_org, p_name);
END $$;
CREATE OR REPLACE FUNCTION is_member(p_org uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT EXISTS (SELECT 1 FROM public.members m WHERE m.org_id = p_org AND m.member_name = current_user)
$$;
CREATE OR REPLACE FUNCTION member_count(p_org uuid) RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  RETURN (SELECT count(*) FROM members WHERE org_id = p_org AND member_name IS NOT NULL);
END $$;
`);
    expect(rules('existing-function-broken')).toEqual([]);
    expect(code).toBe(0);
  });

  it('a function dropped under another that calls it: BLOCKED at the drop; dropped and made again, nothing said', async () => {
    const helpers = `CREATE FUNCTION normalise(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower(trim(t)) $$;
CREATE FUNCTION members_named(p text) RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM members WHERE user_name = normalise(p) $$;
`;
    const withHelpers = (migration: string) =>
      gate(migration, { files: { 'm/0001_orgs.sql': `${ORGS}${MEMBERS}${helpers}` } });
    const dropped = await withHelpers('DROP FUNCTION normalise(text);\n');
    expect(dropped.code).toBe(1);
    expect(dropped.rules('existing-function-broken')).toEqual([
      expect.objectContaining({
        severity: 'error',
        object: 'members_named(p text)',
        line: 1,
        message: expect.stringContaining(
          'no longer compiles after this migration: function normalise(text) does not exist',
        ),
      }),
    ]);
    const remade = await withHelpers(
      'DROP FUNCTION normalise(text);\nCREATE FUNCTION normalise(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT upper(trim(t)) $$;\n',
    );
    expect(remade.rules('existing-function-broken')).toEqual([]);
    expect(remade.code).toBe(0);
  });

  it('a column no function names, renamed: nothing said of the functions', async () => {
    const { rules, report } = await existing('ALTER TABLE notes RENAME COLUMN body TO text_body;\n');
    expect(rules('existing-function-broken')).toEqual([]);
    expect(report.probes!.filter((p) => p.kind === 'function-before')).toEqual([]);
  });
});

describe('probes: cascades and foreign keys', () => {
  it('a cascade that wipes tenant data: WARN with the numbers; declared in the expectations, PASS', async () => {
    const invoices =
      'CREATE TABLE invoices (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), org_id uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE, amount int NOT NULL);\n' +
      `ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;\n${byTenant('invoices')}CREATE INDEX ON invoices (org_id);\n`;
    const { code, task, rules } = await gate(invoices);
    expect(code).toBe(0);
    expect(task('integration').status).toBe('WARN');
    expect(rules('tenant-cascade')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        task: 'integration',
        line: 1,
        message:
          'ON DELETE CASCADE from orgs: deleting one of its rows deletes 2 rows of tenant data in 1 table (invoices 2)',
      }),
    ]);
    const declared = await gate(invoices, {
      config:
        'expectations:\n  0002_change.sql:\n    foreign_keys:\n      - { from: invoices.org_id, to: orgs.id, on_delete: cascade }\n',
    });
    expect(declared.task('integration').status).toBe('PASS');
    expect(declared.report.probes!.find((p) => p.kind === 'cascade')).toMatchObject({ outcome: 'pass' });
  });

  it('a foreign key whose name says another table: WARN at the reference', async () => {
    const { code, rules } =
      await gate(`CREATE TABLE customers (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL);
CREATE TABLE invoices (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), customer_id uuid REFERENCES customers(id));
CREATE TABLE payments (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  invoice_id uuid NOT NULL REFERENCES customers(id));\n`);
    expect(code).toBe(0);
    expect(rules('foreign-key-name-mismatch')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        task: 'integration',
        line: 4,
        message: 'foreign key payments.invoice_id references customers, but its name says invoices',
      }),
    ]);
  });
});

describe('probes: roles, identities and switching them off', () => {
  const members = `CREATE TABLE memberships (user_id uuid PRIMARY KEY, org_id uuid NOT NULL REFERENCES orgs(id));
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_membership ON memberships TO authenticated USING (user_id = auth.uid());
${tenantTable('projects')}`;
  const supabase = { config: 'prerequisites: [pack:supabase-auth]\n' };

  it('with the Supabase pack the probes act as authenticated, and auth.uid() / auth.jwt() answer from the identity', async () => {
    const { code, report } = await gate(
      `${members}CREATE POLICY by_membership ON projects TO authenticated USING (org_id IN (SELECT m.org_id FROM memberships m WHERE m.user_id = (select auth.uid())));
CREATE POLICY by_claim ON projects FOR INSERT TO authenticated WITH CHECK (org_id = ((select auth.jwt()) ->> 'org_id')::uuid);\n`,
      supabase,
    );
    expect(code).toBe(0);
    const select = report.probes!.find((p) => p.object === 'projects SELECT')!;
    expect(select).toMatchObject({ outcome: 'pass', as: { role: 'authenticated' } });
    expect(JSON.parse(select.as!.settings!['request.jwt.claims']!)).toMatchObject({ role: 'authenticated' });
    expect(report.probes!.find((p) => p.object === 'projects INSERT')).toMatchObject({ outcome: 'pass' });
  });

  it('a Supabase policy that only asks for a signed-in user leaks: BLOCKED', async () => {
    const { code, rules } = await gate(
      `${members}CREATE POLICY signed_in ON projects TO authenticated USING ((select auth.uid()) IS NOT NULL);\n`,
      supabase,
    );
    expect(code).toBe(1);
    expect(rules('tenant-isolation-leak')[0]).toMatchObject({ object: 'projects.signed_in', line: 6 });
  });

  it('a per-user policy that hides the rows other users of the tenant wrote is no defect', async () => {
    const { code, rules } = await gate(
      `${members}ALTER TABLE projects ADD COLUMN user_id uuid;\nCREATE POLICY mine ON projects TO authenticated USING (user_id = (select auth.uid()) AND org_id IN (SELECT m.org_id FROM memberships m WHERE m.user_id = (select auth.uid())));\n`,
      supabase,
    );
    expect(rules('policy-rejects-own-rows').map((f) => f.severity)).toEqual(['info']);
    expect(rules('tenant-isolation-leak')).toEqual([]);
    expect(code).toBe(0);
  });

  it('configured role and identity settings are used as given', async () => {
    const { report } = await gate(
      `${tenantTable('notes')}CREATE POLICY notes_tenant ON notes USING (org_id::text = current_setting('my.scope'));\nGRANT SELECT, INSERT, UPDATE, DELETE ON notes TO app_user;\n`,
      {
        config: "probes:\n  role: app_user\n  identity: { my.scope: '{tenant}' }\n",
        files: { 'm/0000_roles.sql': 'CREATE ROLE app_user NOLOGIN;\n' },
      },
    );
    expect(report.verdict).toBe('APPROVED');
    expect(report.probes!.find((p) => p.object === 'notes SELECT')).toMatchObject({
      outcome: 'pass',
      as: { role: 'app_user' },
    });
  });

  it('a role granted only SELECT: its refused writes are said for each command, the SELECT still judged', async () => {
    const { report, rules } = await gate(
      `${tenantTable('notes')}CREATE POLICY notes_tenant ON notes USING (org_id::text = current_setting('my.scope'));\nGRANT SELECT ON notes TO app_user;\n`,
      {
        config: "probes:\n  role: app_user\n  identity: { my.scope: '{tenant}' }\n",
        files: { 'm/0000_roles.sql': 'CREATE ROLE app_user NOLOGIN;\n' },
      },
    );
    const probe = (object: string) => report.probes!.find((p) => p.object === object);
    expect(probe('notes SELECT')).toMatchObject({
      outcome: 'pass',
      detail: 'sees 2 rows of tenant A, none of tenant B',
    });
    for (const command of ['UPDATE', 'DELETE']) {
      expect(probe(`notes ${command}`)).toMatchObject({
        outcome: 'info',
        detail:
          "tenant A's rows: failed (permission denied for table notes); tenant B's rows: failed (permission denied for table notes)",
      });
    }
    expect(rules('tenant-isolation-leak')).toEqual([]);
  });

  it('trials that run out of time are not run a second time', async () => {
    const slow =
      "CREATE FUNCTION slow_scope() RETURNS text LANGUAGE sql VOLATILE AS $$ SELECT current_setting('app.org_id') FROM pg_sleep(2) $$;\n";
    const { report } = await gate(
      `${tenantTable('notes')}${slow}CREATE POLICY notes_tenant ON notes USING (org_id::text = slow_scope());\n`,
      { config: 'timeouts: { statement: 1s }\n' },
    );
    expect(report.probes!.find((p) => p.object === 'notes')).toMatchObject({
      outcome: 'info',
      detail: expect.stringContaining('canceling statement due to statement timeout'),
    });
    // Once: the five trials again one by one would each wait for the timeout.
    expect(report.timings['probes']).toBeLessThan(3_500);
  }, 60_000);

  it('probes: off runs none of them', async () => {
    const { report, rules } = await gate(
      `${tenantTable('notes')}CREATE POLICY notes_read ON notes FOR SELECT USING (true);\n`,
      { config: 'probes: off\n' },
    );
    expect(report.probes).toBeUndefined();
    expect(rules('tenant-isolation-leak')).toEqual([]);
  });
});

describe('probes on a database the gate must not change (--database-url)', () => {
  let server: Database;
  beforeAll(async () => {
    server = await startPg15();
    await sql(server, 'CREATE DATABASE prod');
    await sql(server, `${ORGS}INSERT INTO orgs (name) VALUES ('acme'), ('bakery');`, 'prod');
  });
  afterAll(() => server?.stop());

  it('prove the leak inside the rolled-back transaction and leave nothing behind: no row, no table, no role', async () => {
    const before = await snapshotDump(server, 'prod');
    const url = `postgresql://postgres@127.0.0.1:${server.connection.port}/prod`;
    const repo = makeRepo({
      'migration-gate.yml': 'dir: m\nrules: { not-transactional: off }\n',
      'm/0001_orgs.sql': ORGS,
      'm/0002_change.sql': `${tenantTable('notes')}CREATE POLICY notes_read ON notes FOR SELECT USING (true);\n${byTenant('notes', 'notes_write')}`,
    });
    const run = await runCli(
      ['check', '--format', 'json', '-q', '--database-url', url, '--target', '0002_change.sql'],
      repo,
    );
    const report = JSON.parse(run.stdout) as GateReport;
    expect(report.findings.filter((f) => f.rule === 'tenant-isolation-leak')).toEqual([
      expect.objectContaining({ object: 'notes.notes_read', line: 3 }),
    ]);
    expect(await snapshotDump(server, 'prod')).toEqual(before);
    const roles = await sql<{ n: number }>(
      server,
      "SELECT count(*)::int AS n FROM pg_roles WHERE rolname = 'migration_gate_probe'",
    );
    expect(roles[0]!.n).toBe(0);
  });
});
