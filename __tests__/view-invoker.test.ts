import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GateReport } from '../src/types.js';
import { ROOT, runCli } from './helpers/cli.js';
import { copyRepo } from './helpers/repo.js';

/**
 * CREATE OR REPLACE VIEW resets the view's options: a view made with
 * `security_invoker = true` (Supabase's advice for views over tables with
 * row level security) and replaced to add a column without it reads as its
 * owner again, past every policy.
 */
const VIEW = `create view public.my_profiles with (security_invoker = true) as
  select id, username from public.profiles;
`;

async function gate(replacement: string) {
  const repo = copyRepo(path.join(ROOT, '__tests__/repos/supabase'), {
    'supabase/migrations/20240401090000_view.sql': VIEW,
    'supabase/migrations/20240402090000_view_avatar.sql': replacement,
  });
  const run = await runCli(['check', '--dir', 'supabase/migrations', '--format', 'json', '--quiet'], repo);
  const report = JSON.parse(run.stdout) as GateReport;
  const found = report.findings
    .filter((f) => f.rule === 'view-bypasses-rls')
    .map((f) => [f.severity, f.line, f.message]);
  return { verdict: report.verdict, found };
}

describe('a view replaced without the security_invoker it had', () => {
  it('is BLOCKED: it reads as its owner again, and the finding says what took the option away', async () => {
    expect(
      await gate(
        'create or replace view public.my_profiles as\n  select id, username, avatar_url from public.profiles;\n',
      ),
    ).toEqual({
      verdict: 'BLOCKED',
      found: [
        [
          'error',
          1,
          'view my_profiles reads profiles as its owner, past its row level security: anon and authenticated see every row through it (it ran with security_invoker before: CREATE OR REPLACE VIEW without WITH (security_invoker = true) took that away)',
        ],
      ],
    });
  });

  it('replaced with the option again: nothing said', async () => {
    const result = await gate(
      'create or replace view public.my_profiles with (security_invoker = true) as\n  select id, username, avatar_url from public.profiles;\n',
    );
    expect(result.found).toEqual([]);
    expect(result.verdict).toBe('APPROVED');
  });
});
