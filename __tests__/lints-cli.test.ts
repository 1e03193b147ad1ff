import { describe, expect, it } from 'vitest';
import type { GateReport } from '../src/types.js';
import { runCli } from './helpers/cli.js';
import { makeRepo } from './helpers/repo.js';

/** Gates `migration` (after `earlier`, if any) on Supabase's auth schema, roles and grants. */
async function gate(
  migration: string,
  options: { earlier?: string; files?: Record<string, string>; pack?: boolean } = {},
) {
  const repo = makeRepo({
    ...(options.earlier ? { 'm/0001_earlier.sql': options.earlier } : {}),
    'm/0002_target.sql': migration,
    ...options.files,
  });
  const pack = options.pack === false ? [] : ['--prerequisite', 'pack:supabase-auth'];
  const run = await runCli(
    ['check', '--dir', 'm', '--target', '0002_target.sql', '--format', 'json', '-q', ...pack],
    repo,
  );
  expect(run.stderr).toBe('');
  const report = JSON.parse(run.stdout) as GateReport;
  return { code: run.code, report, of: (rule: string) => report.findings.filter((f) => f.rule === rule) };
}

const DOC = `CREATE TABLE public.doc (id bigint PRIMARY KEY, owner uuid NOT NULL, title text);
ALTER TABLE public.doc ENABLE ROW LEVEL SECURITY;
`;
const OWN_DOCS =
  'CREATE POLICY doc_own ON public.doc FOR SELECT TO authenticated USING (owner = (select auth.uid()));\n';

describe('catalog lints, end to end on Supabase (pack:supabase-auth)', () => {
  it("security-definer-search-path: a warning on the function; SET search_path = '' is quiet", async () => {
    const fn = (settings: string) =>
      `CREATE FUNCTION public.my_org() RETURNS uuid LANGUAGE sql STABLE SECURITY DEFINER ${settings}\n  AS $$ SELECT auth.uid() $$;\n`;
    const bad = await gate(fn(''));
    expect(bad.of('security-definer-search-path')).toEqual([
      expect.objectContaining({ severity: 'warning', task: 'triggers', object: 'my_org()', line: 1, column: 17 }),
    ]);
    expect(bad.report.tasks.find((t) => t.id === 'triggers')!.status).toBe('WARN');
    expect(bad.code).toBe(0);
    const safe = await gate(fn("SET search_path = ''"));
    expect(safe.of('security-definer-search-path')).toEqual([]);
    expect(safe.report.tasks.find((t) => t.id === 'triggers')!.status).toBe('PASS');
  });

  it('view-bypasses-rls: a view over an RLS table granted to the API roles; security_invoker is quiet', async () => {
    const bad = await gate(`${DOC}${OWN_DOCS}CREATE VIEW public.doc_titles AS SELECT id, title FROM public.doc;\n`);
    expect(bad.of('view-bypasses-rls')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        line: 4,
        message:
          'view doc_titles reads doc as its owner, past its row level security: anon and authenticated see every row through it',
      }),
    ]);
    const safe = await gate(
      `${DOC}${OWN_DOCS}CREATE VIEW public.doc_titles WITH (security_invoker = true) AS SELECT id, title FROM public.doc;\n`,
    );
    expect(safe.of('view-bypasses-rls')).toEqual([]);
    expect(safe.report.tasks.find((t) => t.id === 'rls')!.status).toBe('PASS');
  });

  it('a view meant to run as its owner is accepted with an inline ignore, and one without grants is quiet', async () => {
    const counts = 'CREATE VIEW public.doc_count AS SELECT count(*) AS docs FROM public.doc;\n';
    const ignored = await gate(`${DOC}${OWN_DOCS}-- migration-gate:ignore view-bypasses-rls only a count\n${counts}`);
    expect(ignored.of('view-bypasses-rls')).toEqual([
      expect.objectContaining({ ignored: true, reason: 'only a count' }),
    ]);
    expect(ignored.report.tasks.find((t) => t.id === 'rls')!.status).toBe('PASS');
    const revoked = await gate(`${DOC}${OWN_DOCS}${counts}REVOKE ALL ON public.doc_count FROM anon, authenticated;\n`);
    expect(revoked.of('view-bypasses-rls')).toEqual([]);
  });

  it('view-bypasses-rls: enabling RLS under an existing view is said at the ALTER TABLE', async () => {
    const earlier =
      'CREATE TABLE public.doc (id bigint PRIMARY KEY, owner uuid NOT NULL, title text);\nCREATE VIEW public.doc_titles AS SELECT id, title FROM public.doc;\n';
    const { of } = await gate(`ALTER TABLE public.doc ENABLE ROW LEVEL SECURITY;\n${OWN_DOCS}`, { earlier });
    expect(of('view-bypasses-rls')).toEqual([expect.objectContaining({ line: 1, object: 'doc_titles' })]);
  });

  it('policy-per-row-call: auth.uid() per row is a warning; (select auth.uid()) is quiet', async () => {
    const bad = await gate(
      `${DOC}CREATE POLICY doc_own ON public.doc FOR SELECT TO authenticated USING (owner = auth.uid());\n`,
    );
    expect(bad.of('policy-per-row-call')).toEqual([
      expect.objectContaining({ severity: 'warning', object: 'doc.doc_own', line: 3, column: 15 }),
    ]);
    expect(bad.code).toBe(0);
    const safe = await gate(`${DOC}${OWN_DOCS}`);
    expect(safe.of('policy-per-row-call')).toEqual([]);
    expect(safe.report.tasks.find((t) => t.id === 'rls')!.status).toBe('PASS');
  });

  it('multiple-permissive-policies: two SELECT policies for one role warn; one policy with OR is quiet', async () => {
    const shared =
      "CREATE POLICY doc_shared ON public.doc FOR SELECT TO authenticated USING (title LIKE 'shared:%');\n";
    const bad = await gate(`${DOC}${OWN_DOCS}${shared}`);
    expect(bad.of('multiple-permissive-policies')).toEqual([
      expect.objectContaining({ severity: 'warning', line: 4, object: 'doc.doc_own,doc_shared' }),
    ]);
    const combined =
      "CREATE POLICY doc_read ON public.doc FOR SELECT TO authenticated USING (owner = (select auth.uid()) OR title LIKE 'shared:%');\n";
    const safe = await gate(`${DOC}${combined}`);
    expect(safe.of('multiple-permissive-policies')).toEqual([]);
    expect(safe.report.tasks.find((t) => t.id === 'rls')!.status).toBe('PASS');
  });

  it('permissive-write-policy: WITH CHECK (true) on a tenant table is BLOCKED; checking the tenant is APPROVED', async () => {
    const note = `CREATE TABLE public.note (id bigint PRIMARY KEY, org_id uuid NOT NULL, body text);
ALTER TABLE public.note ENABLE ROW LEVEL SECURITY;
CREATE POLICY note_read ON public.note FOR SELECT TO authenticated USING (org_id = (select (auth.jwt() ->> 'org_id')::uuid));
`;
    const bad = await gate(
      `${note}CREATE POLICY note_write ON public.note FOR INSERT TO authenticated WITH CHECK (true);\n`,
    );
    expect(bad.of('permissive-write-policy')).toEqual([
      expect.objectContaining({ severity: 'error', object: 'note.note_write', line: 4 }),
    ]);
    expect(bad.code).toBe(1);
    const safe = await gate(
      `${note}CREATE POLICY note_write ON public.note FOR INSERT TO authenticated WITH CHECK (org_id = (select (auth.jwt() ->> 'org_id')::uuid));\n`,
    );
    expect(safe.of('permissive-write-policy')).toEqual([]);
    expect(safe.code).toBe(0);
  });

  it('exposed-table-without-rls: a public table without RLS is BLOCKED; with RLS and a policy it is APPROVED', async () => {
    const bad = await gate('CREATE TABLE public.doc (id bigint PRIMARY KEY, owner uuid NOT NULL, title text);\n');
    expect(bad.of('exposed-table-without-rls')).toEqual([
      expect.objectContaining({ severity: 'error', task: 'rls', object: 'doc', line: 1, column: 14 }),
    ]);
    expect(bad.code).toBe(1);
    const safe = await gate(`${DOC}${OWN_DOCS}`);
    expect(safe.of('exposed-table-without-rls')).toEqual([]);
    expect(safe.code).toBe(0);
  });
});

describe('exposed_schemas', () => {
  const table =
    'CREATE SCHEMA api;\nCREATE TABLE api.note (id bigint PRIMARY KEY, body text);\nGRANT SELECT ON api.note TO PUBLIC;\n';

  it('off for a plain database: nothing is exposed unless migration-gate.yml says so', async () => {
    const plain = await gate(table, { pack: false });
    expect(plain.of('exposed-table-without-rls')).toEqual([]);
    expect(plain.code).toBe(0);
    const configured = await gate(table, { pack: false, files: { 'migration-gate.yml': 'exposed_schemas: [api]\n' } });
    expect(configured.of('exposed-table-without-rls')).toEqual([
      expect.objectContaining({
        object: 'api.note',
        line: 2,
        message: expect.stringContaining('public may reach every row'),
      }),
    ]);
    expect(configured.code).toBe(1);
  });

  it('exposed_schemas: [] switches the lint off on Supabase too', async () => {
    const open = 'CREATE TABLE public.doc (id bigint PRIMARY KEY, title text);\n';
    const off = await gate(open, { files: { 'migration-gate.yml': 'exposed_schemas: []\n' } });
    expect(off.of('exposed-table-without-rls')).toEqual([]);
  });

  it('a Supabase project exposes what supabase/config.toml lists under [api] schemas', async () => {
    const repo = makeRepo({
      'supabase/config.toml': '[api]\nenabled = true\nschemas = ["api"]\n',
      'supabase/migrations/20240101000000_notes.sql': `${table}CREATE TABLE public.memo (id bigint PRIMARY KEY);\n`,
    });
    const run = await runCli(['check', '--dir', 'supabase/migrations', '--format', 'json', '-q'], repo);
    const report = JSON.parse(run.stdout) as GateReport;
    expect(report.findings.filter((f) => f.rule === 'exposed-table-without-rls').map((f) => f.object)).toEqual([
      'api.note',
    ]);
  });
});
