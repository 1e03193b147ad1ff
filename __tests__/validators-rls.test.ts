import { describe, expect, it } from 'vitest';
import type { CatalogSnapshot } from '../src/catalog/model.js';
import type { ValidationContext } from '../src/validators/common.js';
import { validateRls } from '../src/validators/rls.js';
import { context, policy, snapshot, table } from './helpers/snapshot.js';

/** The rls task on hand-built snapshots: `after` is the schema the migration left; before it, nothing. */
async function rls(sql: string, after: CatalogSnapshot, extra: Partial<ValidationContext> = {}) {
  const task = validateRls(await context(sql, snapshot(), after, extra));
  return { status: task.status, rules: task.findings.map((f) => f.rule), findings: task.findings };
}

const CREATE_NOTE = 'CREATE TABLE note (id int, org_id int);\n';
const note = (rlsEnabled: boolean) => table('note', ['id', 'org_id'], { rlsEnabled });
const read = policy('note', 'note_read', { command: 'SELECT', using: '(org_id = 1)' });
const WITH_POLICY = `${CREATE_NOTE}ALTER TABLE note ENABLE ROW LEVEL SECURITY;\nCREATE POLICY note_read ON note FOR SELECT USING (org_id = 1);\n`;

describe('validateRls', () => {
  it('rls-disabled: policies on a table without RLS, placed on the CREATE TABLE; none once RLS is on', async () => {
    const off = await rls(WITH_POLICY, snapshot({ tables: [note(false)], policies: [read] }));
    expect(off.findings).toEqual([
      expect.objectContaining({ rule: 'rls-disabled', severity: 'error', object: 'note', line: 1, column: 14 }),
    ]);
    expect(off.status).toBe('FAIL');
    const on = await rls(WITH_POLICY, snapshot({ tables: [note(true)], policies: [read] }));
    expect(on).toMatchObject({ status: 'PASS', rules: [] });
  });

  it('tenant-table-without-rls: a table with the tenant column and no RLS; not for a partition or another column', async () => {
    const plain = await rls(CREATE_NOTE, snapshot({ tables: [note(false)] }));
    expect(plain).toMatchObject({ status: 'FAIL', rules: ['tenant-table-without-rls'] });
    const partition = table('note', ['id', 'org_id'], { partitionOf: { schema: 'public', name: 'notes' } });
    expect((await rls(CREATE_NOTE, snapshot({ tables: [partition] }))).rules).toEqual([]);
    const elsewhere = await rls(CREATE_NOTE, snapshot({ tables: [note(false)] }), { tenantColumn: 'tenant_id' });
    expect(elsewhere).toMatchObject({ status: 'PASS', rules: [] });
  });

  it('a tenant table the API serves without RLS is said once, as tenant-table-without-rls', async () => {
    const served = { ...note(false), grantees: ['anon'] };
    const exposed = await rls(CREATE_NOTE, snapshot({ tables: [served] }), { exposedSchemas: ['public'] });
    expect(exposed.rules).toEqual(['tenant-table-without-rls']);
    const memo = table('memo', ['id'], { grantees: ['anon'] });
    const other = await rls('CREATE TABLE memo (id int);\n', snapshot({ tables: [memo] }), {
      exposedSchemas: ['public'],
    });
    expect(other.rules).toEqual(['exposed-table-without-rls']);
  });

  it('rls-without-policy: RLS enabled and no policy is a warning; with one it passes', async () => {
    const sql = `${CREATE_NOTE}ALTER TABLE note ENABLE ROW LEVEL SECURITY;\n`;
    expect(await rls(sql, snapshot({ tables: [note(true)] }))).toMatchObject({
      status: 'WARN',
      rules: ['rls-without-policy'],
    });
    expect((await rls(sql, snapshot({ tables: [note(true)], policies: [read] }))).rules).toEqual([]);
  });

  it('policy-missing: a policy the migration creates that is not there afterwards', async () => {
    const missing = await rls(WITH_POLICY, snapshot({ tables: [note(true)] }));
    expect(missing.findings).toContainEqual(
      expect.objectContaining({ rule: 'policy-missing', object: 'note_read', line: 3, column: 15 }),
    );
  });

  it('policy-command: a policy for another command than the migration declares', async () => {
    const all = await rls(WITH_POLICY, snapshot({ tables: [note(true)], policies: [{ ...read, command: 'ALL' }] }));
    expect(all.findings).toEqual([
      expect.objectContaining({ rule: 'policy-command', message: 'policy note_read is FOR ALL, declared FOR SELECT' }),
    ]);
  });

  it('rls-expected: RLS differs from the configuration; as configured, it passes', async () => {
    const expected = { tables: { note: { rls: false } } };
    const on = await rls(WITH_POLICY, snapshot({ tables: [note(true)], policies: [read] }), { expected });
    expect(on.findings).toEqual([
      expect.objectContaining({ rule: 'rls-expected', message: 'table note has RLS enabled, expected disabled' }),
    ]);
    const matching = { tables: { note: { rls: true } } };
    expect(
      (await rls(WITH_POLICY, snapshot({ tables: [note(true)], policies: [read] }), { expected: matching })).rules,
    ).toEqual([]);
  });

  it('policy-count: per table, per command and in total', async () => {
    const after = snapshot({ tables: [note(true)], policies: [read] });
    const count = async (expected: ValidationContext['expected']) =>
      (await rls(WITH_POLICY, after, { expected })).rules;
    expect(await count({ tables: { note: { policies: 2 } } })).toEqual(['policy-count']);
    expect(await count({ tables: { note: { policies: { select: 1, insert: 1 } } } })).toEqual(['policy-count']);
    expect(await count({ policies: { min: 2 } })).toEqual(['policy-count']);
    expect(await count({ tables: { note: { policies: { select: 1 } } }, policies: 1 })).toEqual([]);
  });

  it('permissive-write-policy: blocks on a tenant table, warns on another, says nothing of a real check', async () => {
    const sql = `${WITH_POLICY}CREATE POLICY note_write ON note FOR INSERT WITH CHECK (true);\n`;
    const write = policy('note', 'note_write', { command: 'INSERT', withCheck: 'true' });
    const tenant = await rls(sql, snapshot({ tables: [note(true)], policies: [read, write] }));
    expect(tenant.findings).toEqual([
      expect.objectContaining({
        rule: 'permissive-write-policy',
        severity: 'error',
        object: 'note.note_write',
        line: 4,
      }),
    ]);
    expect(tenant.status).toBe('FAIL');
    const guestbook = table('note', ['id', 'body'], { rlsEnabled: true });
    const open = await rls(sql, snapshot({ tables: [guestbook], policies: [read, write] }));
    expect(open).toMatchObject({ status: 'WARN', rules: ['permissive-write-policy'] });
    const checked = { ...write, withCheck: '(org_id = 1)' };
    expect((await rls(sql, snapshot({ tables: [note(true)], policies: [read, checked] }))).status).toBe('PASS');
  });
});
