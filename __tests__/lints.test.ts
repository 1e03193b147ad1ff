import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CatalogSnapshot, Policy } from '../src/catalog/model.js';
import { apiSchemas } from '../src/layouts/supabase.js';
import { functionLints, rlsLints } from '../src/rules/lints/index.js';
import type { ValidationContext } from '../src/validators/common.js';
import { context, fn, policy, snapshot, table, view } from './helpers/snapshot.js';

/** The lints' findings for a migration from `before` to `after`, as [rule, severity, line]. */
async function lint(
  sql: string,
  before: CatalogSnapshot,
  after: CatalogSnapshot,
  extra: Partial<ValidationContext> = {},
): Promise<[string, string, number | undefined][]> {
  const ctx = await context(sql, before, after, extra);
  return [...rlsLints(ctx), ...functionLints(ctx)].map((f) => [f.rule, f.severity, f.line]);
}

/** `after` is `before` plus what the migration made. */
const added = (before: CatalogSnapshot, parts: Partial<CatalogSnapshot>): CatalogSnapshot =>
  snapshot({
    tables: [...before.tables, ...(parts.tables ?? [])],
    policies: [...before.policies, ...(parts.policies ?? [])],
    functions: [...before.functions, ...(parts.functions ?? [])],
  });

describe('security-definer-search-path', () => {
  const sql = 'CREATE OR REPLACE FUNCTION whoami() RETURNS text LANGUAGE sql SECURITY DEFINER AS $$ SELECT 1 $$;\n';
  const definer = fn('whoami', { securityDefiner: true, language: 'sql', source: ' SELECT 1 ' });

  it('a SECURITY DEFINER function the migration creates without search_path: a warning at its CREATE', async () => {
    expect(await lint(sql, snapshot(), snapshot({ functions: [definer] }))).toEqual([
      ['security-definer-search-path', 'warning', 1],
    ]);
  });

  it('nothing with SET search_path, for SECURITY INVOKER, or for an unchanged function from before', async () => {
    const fixed = { ...definer, config: ['search_path=""'] };
    expect(await lint(sql, snapshot(), snapshot({ functions: [fixed] }))).toEqual([]);
    expect(await lint(sql, snapshot(), snapshot({ functions: [{ ...definer, securityDefiner: false }] }))).toEqual([]);
    const existing = snapshot({ functions: [definer] });
    expect(await lint('CREATE TABLE t (id int);\n', existing, existing)).toEqual([]);
  });

  it('a function the migration replaces is its to fix', async () => {
    const before = snapshot({ functions: [{ ...definer, source: ' SELECT 0 ' }] });
    expect(await lint(sql, before, snapshot({ functions: [definer] }))).toEqual([
      ['security-definer-search-path', 'warning', 1],
    ]);
  });
});

describe('view-bypasses-rls', () => {
  const doc = table('doc', ['id', 'owner'], { rlsEnabled: true, grantees: ['authenticated'] });
  const sql = 'CREATE VIEW doc_titles AS SELECT id FROM doc;\n';
  const titles = view('doc_titles', ['doc'], { grantees: ['anon', 'authenticated'] });
  const base = snapshot({ tables: [doc] });

  it('a view over an RLS table that other roles may read: a warning at the CREATE VIEW', async () => {
    expect(await lint(sql, base, added(base, { tables: [titles] }))).toEqual([['view-bypasses-rls', 'warning', 1]]);
  });

  it('through another view too; with security_invoker, without grantees, or before PostgreSQL 15: nothing', async () => {
    const inner = view('doc_inner', ['doc'], { options: ['security_invoker=on'] });
    const outer = view('doc_titles', ['doc_inner'], { grantees: ['anon'] });
    expect(await lint(sql, base, added(base, { tables: [inner, outer] }))).toEqual([
      ['view-bypasses-rls', 'warning', 1],
    ]);
    const invoker = { ...titles, options: ['security_invoker=true'] };
    expect(await lint(sql, base, added(base, { tables: [invoker] }))).toEqual([]);
    expect(await lint(sql, base, added(base, { tables: [{ ...titles, grantees: [] }] }))).toEqual([]);
    expect(await lint(sql, base, added(base, { tables: [titles] }), { postgresMajor: 14 })).toEqual([]);
  });

  it('a table the migration puts under RLS makes its existing views leak: said at the ALTER TABLE', async () => {
    const open = snapshot({ tables: [{ ...doc, rlsEnabled: false }, titles] });
    const closed = snapshot({ tables: [doc, titles] });
    const enable = 'ALTER TABLE doc ENABLE ROW LEVEL SECURITY;\n';
    expect(await lint(enable, open, closed)).toEqual([['view-bypasses-rls', 'warning', 1]]);
    expect(await lint('SELECT 1;\n', closed, closed)).toEqual([]);
  });
});

describe('policy-per-row-call', () => {
  const doc = table('doc', ['id', 'owner'], { rlsEnabled: true });
  const base = snapshot({ tables: [doc] });
  const sql = 'CREATE POLICY doc_own ON doc FOR SELECT USING (owner = auth.uid());\n';
  const own = (using: string): Policy => policy('doc', 'doc_own', { command: 'SELECT', using });

  it('auth.uid() or current_setting() called at the top of a policy: a warning at the CREATE POLICY', async () => {
    expect(await lint(sql, base, added(base, { policies: [own('(owner = auth.uid())')] }))).toEqual([
      ['policy-per-row-call', 'warning', 1],
    ]);
    const setting = own("(owner = (current_setting('app.user'::text))::uuid)");
    expect(await lint(sql, base, added(base, { policies: [setting] }))).toEqual([
      ['policy-per-row-call', 'warning', 1],
    ]);
  });

  it('nothing for (select auth.uid()), a call inside a sub-select, or a table without RLS', async () => {
    const once = own('(owner = ( SELECT auth.uid() AS uid))');
    const inside = own('(EXISTS ( SELECT 1 FROM members m WHERE m.user_id = auth.uid() AND m.doc = doc.id))');
    for (const quick of [once, inside]) expect(await lint(sql, base, added(base, { policies: [quick] }))).toEqual([]);
    const unprotected = snapshot({ tables: [{ ...doc, rlsEnabled: false }] });
    expect(await lint(sql, unprotected, added(unprotected, { policies: [own('(owner = auth.uid())')] }))).toEqual([]);
  });
});

describe('multiple-permissive-policies', () => {
  const doc = table('doc', ['id', 'owner'], { rlsEnabled: true });
  const base = snapshot({ tables: [doc] });
  const sql =
    'CREATE POLICY doc_own ON doc FOR SELECT TO authenticated USING (true);\n' +
    'CREATE POLICY doc_shared ON doc FOR SELECT TO authenticated USING (true);\n';
  const own = policy('doc', 'doc_own', { command: 'SELECT', roles: ['authenticated'], using: '(owner = 1)' });
  const shared = policy('doc', 'doc_shared', { command: 'SELECT', roles: ['authenticated'], using: '(id < 10)' });

  it('two permissive policies for the same role and command: one warning, at the later one', async () => {
    expect(await lint(sql, base, added(base, { policies: [own, shared] }))).toEqual([
      ['multiple-permissive-policies', 'warning', 2],
    ]);
    const forAll = { ...shared, command: 'ALL' as const, roles: ['public'] };
    expect(await lint(sql, base, added(base, { policies: [own, forAll] }))).toEqual([
      ['multiple-permissive-policies', 'warning', 2],
    ]);
  });

  it('nothing when one is restrictive, they are for other roles or commands, or one is for a role RLS spares', async () => {
    const restrictive = { ...shared, permissive: false };
    const anon = { ...shared, roles: ['anon'] };
    const insert = { ...shared, command: 'INSERT' as const, using: null, withCheck: '(id < 10)' };
    const service = { ...shared, roles: ['service_role'], exemptRoles: ['service_role'] };
    for (const other of [restrictive, anon, insert, service]) {
      expect(await lint(sql, base, added(base, { policies: [own, other] }))).toEqual([]);
    }
  });
});

describe('permissive-write-policy', () => {
  const note = table('note', ['id', 'org_id'], { rlsEnabled: true });
  const base = snapshot({ tables: [note] });
  const sql = 'CREATE POLICY note_write ON note FOR INSERT TO authenticated WITH CHECK (true);\n';
  const write = policy('note', 'note_write', { command: 'INSERT', roles: ['authenticated'], withCheck: 'true' });

  it('an always-true write check blocks on a tenant table, warns elsewhere; 1 = 1 is always true too', async () => {
    expect(await lint(sql, base, added(base, { policies: [write] }))).toEqual([
      ['permissive-write-policy', 'error', 1],
    ]);
    const guestbook = snapshot({ tables: [table('note', ['id', 'body'], { rlsEnabled: true })] });
    expect(await lint(sql, guestbook, added(guestbook, { policies: [write] }))).toEqual([
      ['permissive-write-policy', 'warning', 1],
    ]);
    const tautology = { ...write, withCheck: '(1 = 1)' };
    expect(await lint(sql, base, added(base, { policies: [tautology] }))).toEqual([
      ['permissive-write-policy', 'error', 1],
    ]);
  });

  it('nothing when a restrictive policy narrows the write, or the policy is only for a role RLS spares', async () => {
    const tenant = policy('note', 'note_tenant', {
      command: 'ALL',
      permissive: false,
      roles: ['authenticated'],
      using: '(org_id = ( SELECT 1))',
    });
    expect(await lint(sql, base, added(base, { policies: [write, tenant] }))).toEqual([]);
    const service = { ...write, roles: ['service_role'], exemptRoles: ['service_role'] };
    expect(await lint(sql, base, added(base, { policies: [service] }))).toEqual([]);
  });

  it('an existing policy is not the migration’s problem, until the migration makes its table a tenant table', async () => {
    const guestbook = table('note', ['id', 'body'], { rlsEnabled: true });
    const before = snapshot({ tables: [guestbook], policies: [write] });
    const withBody = snapshot({
      tables: [{ ...guestbook, columns: [...guestbook.columns, ...note.columns.slice(1)] }],
      policies: [write],
    });
    expect(await lint('ALTER TABLE note ADD COLUMN extra text;\n', before, before)).toEqual([]);
    expect(await lint('ALTER TABLE note ADD COLUMN org_id int;\n', before, withBody)).toEqual([
      ['permissive-write-policy', 'error', 1],
    ]);
  });
});

describe('exposed-table-without-rls', () => {
  const sql = 'CREATE TABLE note (id int);\nGRANT SELECT ON note TO anon;\n';
  const note = table('note', ['id'], { grantees: ['anon'] });
  const exposed = { exposedSchemas: ['public'] };

  it('a table the API serves to its roles without RLS: an error at its CREATE TABLE', async () => {
    expect(await lint(sql, snapshot(), snapshot({ tables: [note] }), exposed)).toEqual([
      ['exposed-table-without-rls', 'error', 1],
    ]);
  });

  it('nothing with RLS, without grantees, outside the exposed schemas, or with no exposed schema at all', async () => {
    expect(await lint(sql, snapshot(), snapshot({ tables: [{ ...note, rlsEnabled: true }] }), exposed)).toEqual([]);
    expect(await lint(sql, snapshot(), snapshot({ tables: [{ ...note, grantees: [] }] }), exposed)).toEqual([]);
    expect(await lint(sql, snapshot(), snapshot({ tables: [note] }), { exposedSchemas: ['api'] })).toEqual([]);
    expect(await lint(sql, snapshot(), snapshot({ tables: [note] }))).toEqual([]);
  });

  it('an exposed table from before is not the migration’s problem; a grant that exposes it is, at the GRANT', async () => {
    const before = snapshot({ tables: [note] });
    const later = snapshot({
      tables: [{ ...note, columns: [...note.columns, { ...note.columns[0]!, name: 'body' }] }],
    });
    expect(await lint('ALTER TABLE note ADD COLUMN body text;\n', before, later, exposed)).toEqual([]);
    const hidden = snapshot({ tables: [{ ...note, grantees: [] }] });
    expect(await lint('SELECT 1;\nGRANT SELECT ON note TO anon;\n', hidden, before, exposed)).toEqual([
      ['exposed-table-without-rls', 'error', 2],
    ]);
  });
});

describe('the schemas a Supabase project exposes (config.toml)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mg-supabase-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const schemasOf = (toml: string) => {
    writeFileSync(path.join(dir, 'config.toml'), toml);
    return apiSchemas(dir);
  };

  it('reads [api] schemas, across lines and around comments; none when the API is off', () => {
    expect(schemasOf('[api]\nenabled = true\nschemas = ["public", "graphql_public"]\n[db]\nport = 1\n')).toEqual([
      'public',
      'graphql_public',
    ]);
    expect(
      schemasOf('[api]\nschemas = [\n  "public", # the default\n  "api",\n]\n[api.tls]\nenabled = false\n'),
    ).toEqual(['public', 'api']);
    expect(schemasOf('[api]\nenabled = false\nschemas = ["public"]\n')).toEqual([]);
  });

  it('says nothing when the file does not: the default applies', () => {
    expect(schemasOf('[db]\nport = 54322\n')).toBeUndefined();
    expect(apiSchemas(path.join(dir, 'missing'))).toBeUndefined();
  });
});
