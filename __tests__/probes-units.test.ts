/** The probes' pure parts on hand-built snapshots: identity inference, foreign key names, merging findings. */
import { loadModule } from '@libpg-query/parser';
import { writtenColumns } from '../src/probes/written-columns.js';
import { describe, expect, it } from 'vitest';
import { identityPlan, settingValue } from '../src/probes/identity.js';
import { mergeProbes } from '../src/probes/merge.js';
import { emptyOutcome } from '../src/probes/model.js';
import type { Finding, TaskResult } from '../src/types.js';
import { misnamedForeignKeys } from '../src/validators/foreign-key-names.js';
import { context, fn, policy, snapshot, table } from './helpers/snapshot.js';

const notes = table('notes', ['id', 'org_id']);

describe('identityPlan: how the policies say whose session it is', () => {
  it('a tenant setting read directly gets the tenant', () => {
    const using = "(org_id = (current_setting('app.current_org'::text))::uuid)";
    const plan = identityPlan(
      snapshot({ tables: [notes] }),
      [policy('notes', 'p', { using })],
      'org_id',
      'r',
      undefined,
    );
    expect(plan).toMatchObject({
      known: true,
      configured: false,
      settings: [{ name: 'app.current_org', template: '{tenant}' }],
    });
  });

  it('a user read through a helper function needs a user of the tenant, from the table the policy reads', () => {
    const users = table('auth.users_extended', ['id', 'org_id']);
    const uid = fn('auth.uid', { source: "SELECT nullif(current_setting('request.jwt.claim.sub', true), '')::uuid" });
    const using = 'EXISTS (SELECT 1 FROM auth.users_extended u WHERE u.id = auth.uid() AND u.org_id = notes.org_id)';
    const plan = identityPlan(
      snapshot({ tables: [notes, users], functions: [uid] }),
      [policy('notes', 'p', { using })],
      'org_id',
      'r',
      undefined,
    );
    expect(plan.settings).toEqual([{ name: 'request.jwt.claim.sub', template: '{user}', json: false }]);
    expect(plan.users).toMatchObject({ table: { schema: 'auth', name: 'users_extended' }, column: 'id' });
    expect(plan.known).toBe(true);
  });

  it('JWT claims carry sub, role and the tenant column, JSON-escaped', () => {
    const jwt = fn('auth.jwt', { source: "SELECT nullif(current_setting('request.jwt.claims', true), '')::jsonb" });
    const members = table('memberships', ['user_id', 'org_id']);
    const using = "(org_id = ((auth.jwt() ->> 'org_id'::text))::uuid)";
    const plan = identityPlan(
      snapshot({ tables: [notes, members], functions: [jwt] }),
      [policy('notes', 'p', { using })],
      'org_id',
      'authenticated',
      undefined,
    );
    expect(plan.known).toBe(false); // the user table is a guess: not read by the policy
    const value = JSON.parse(settingValue(plan.settings[0]!, 'a"1', 'u1')) as Record<string, unknown>;
    expect(value).toMatchObject({ sub: 'u1', role: 'authenticated', org_id: 'a"1', app_metadata: { org_id: 'a"1' } });
  });

  it('no setting read: unknown, with the reason; configured settings are taken as given', () => {
    const none = identityPlan(
      snapshot({ tables: [notes] }),
      [policy('notes', 'p', { using: '(title = CURRENT_USER)' })],
      'org_id',
      'r',
      undefined,
    );
    expect(none.unknown).toMatch(/read no session setting/);
    const given = identityPlan(snapshot({ tables: [notes] }), [], 'org_id', 'r', { 'my.scope': '{tenant}' });
    expect(given).toMatchObject({
      known: true,
      configured: true,
      settings: [{ name: 'my.scope', template: '{tenant}' }],
    });
  });
});

describe('misnamedForeignKeys', () => {
  const tables = [
    table('customers', ['id']),
    table('invoices', ['id']),
    table('payments', ['id', 'invoice_id', 'customer_id', 'user_id']),
  ];
  it('names the column whose stem is another existing table; not a stem the referenced table contains, nor an unknown one', async () => {
    const sql = `CREATE TABLE payments (id int, invoice_id int REFERENCES customers(id), customer_id int REFERENCES customers(id),
  user_id int REFERENCES users_extended(id), owner_id int REFERENCES customers(id));\n`;
    const ctx = await context(
      sql,
      snapshot(),
      snapshot({ tables: [...tables, table('users_extended', ['id']), table('users', ['id'])] }),
    );
    expect(misnamedForeignKeys(ctx)).toEqual([
      expect.objectContaining({
        rule: 'foreign-key-name-mismatch',
        object: 'payments.invoice_id',
        line: 1,
        severity: 'warning',
      }),
    ]);
  });
});

describe('mergeProbes', () => {
  const task = (findings: Finding[]): TaskResult => ({
    id: 'rls',
    title: 'RLS Policy Validation',
    status: findings.length ? 'WARN' : 'PASS',
    summary: 'x',
    findings,
  });
  const lint: Finding = { severity: 'warning', rule: 'view-bypasses-rls', message: 'lint', object: 'v', task: 'rls' };
  const leak: Finding = { severity: 'error', rule: 'view-leaks-rows', message: 'leak', object: 'v', task: 'rls' };

  it("a proven leak replaces the lint's prediction and fails the task", () => {
    const outcome = {
      ...emptyOutcome(),
      findings: [leak],
      proven: [{ rule: 'view-bypasses-rls' as const, object: 'v' }],
    };
    const [merged] = mergeProbes([task([lint])], outcome);
    expect(merged!.findings).toEqual([leak]);
    expect(merged!.status).toBe('FAIL');
  });

  it('a trigger function shown to fail keeps that finding, not the static one', () => {
    const failing: Finding = {
      severity: 'error',
      rule: 'trigger-function-error',
      message: 'x',
      object: 'touch()',
      task: 'triggers',
    };
    const field: Finding = { ...failing, rule: 'trigger-field-missing' };
    const triggers: TaskResult = {
      id: 'triggers',
      title: 'Trigger Function Validation',
      status: 'PASS',
      summary: 'ok',
      findings: [],
    };
    const [merged] = mergeProbes([triggers], { ...emptyOutcome(), findings: [field, failing] });
    expect(merged!.findings.map((f) => f.rule)).toEqual(['trigger-function-error']);
  });
});

describe('writtenColumns', () => {
  it('the column lists of the INSERTs and the SET lists of the UPDATEs of a PL/pgSQL body, on every branch', async () => {
    await loadModule();
    const definition = `CREATE OR REPLACE FUNCTION public.audit() RETURNS trigger LANGUAGE plpgsql AS $function$
BEGIN
  IF NEW.email IS DISTINCT FROM OLD.email THEN
    INSERT INTO public.account_audit (account_id, old_email) VALUES (NEW.id, OLD.email);
  ELSE
    UPDATE stats SET n = n + 1, "Last" = now() WHERE k = 'x';
  END IF;
  PERFORM 1 FROM accounts WHERE email = NEW.email;
  RETURN NEW;
END $function$`;
    expect(writtenColumns(definition).map((w) => `${w.table.schema ?? ''}.${w.table.name}.${w.column}`)).toEqual([
      'public.account_audit.account_id',
      'public.account_audit.old_email',
      '.stats.n',
      '.stats.Last',
    ]);
    expect(writtenColumns('CREATE FUNCTION broken( AS')).toEqual([]);
  });
});
