import { describe, expect, it } from 'vitest';
import type { GateReport } from '../src/types.js';
import { runCli } from './helpers/cli.js';
import { makeRepo } from './helpers/repo.js';

/** A typical Supabase application migration: it needs Supabase's auth schema, roles and functions. */
const SUPABASE_MIGRATION = `BEGIN;
SET LOCAL lock_timeout = '2s';
CREATE TABLE public.profile (
  id uuid PRIMARY KEY REFERENCES auth.users(id) ON DELETE CASCADE,
  display_name text
);
ALTER TABLE public.profile ENABLE ROW LEVEL SECURITY;
CREATE POLICY profile_own ON public.profile FOR ALL TO authenticated
  USING (id = (select auth.uid())) WITH CHECK (id = (select auth.uid()));
COMMIT;
`;

describe('prerequisite packs', () => {
  const repo = makeRepo({
    'supabase/migrations/20240101000000_profile.sql': SUPABASE_MIGRATION,
    'supabase/migrations/20240101000000_profile.down.sql': 'DROP TABLE public.profile;\n',
  });
  const check = async (...flags: string[]) => {
    const run = await runCli(['check', '--dir', 'supabase/migrations', '--format', 'json', '-q', ...flags], repo);
    return { run, report: run.stdout ? (JSON.parse(run.stdout) as GateReport) : undefined };
  };

  it('without the pack, a Supabase migration is BLOCKED on auth.users, auth.uid() and the authenticated role', async () => {
    const { run, report } = await check();
    expect(run.code).toBe(1);
    const missing = report!.findings
      .filter((f) => f.task === 'readiness' && f.rule.startsWith('missing-'))
      .map((f) => f.object);
    expect(missing).toEqual(expect.arrayContaining(['auth', 'auth.users', 'auth.uid()', 'authenticated']));
  });

  it('with --prerequisite pack:supabase-auth it is APPROVED', async () => {
    const { run, report } = await check('--prerequisite', 'pack:supabase-auth');
    expect(run.stderr).toBe('');
    expect(report!.tasks.map((t) => [t.id, t.status]).filter(([, s]) => s !== 'PASS')).toEqual([]);
    expect(run.code).toBe(0);
    // Named as it was given, not by where the gate is installed.
    expect(Object.keys(report!.timings)).toContain('apply prerequisite pack:supabase-auth');
  });

  it('an unknown pack is a usage error naming the ones there are', async () => {
    const { run } = await check('--prerequisite', 'pack:firebase');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown prerequisite pack "firebase" (available: supabase-auth)');
  });
});
