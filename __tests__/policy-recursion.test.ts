import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GateReport } from '../src/types.js';
import { ROOT, runCli } from './helpers/cli.js';
import { copyRepo, makeRepo } from './helpers/repo.js';

/**
 * A policy that reads its own table again (Supabase's most asked-about RLS
 * error): the migration applies, and every query on the table, and on the
 * tables whose policies read it, fails with "infinite recursion detected in
 * policy". The commands the policies cover are EXPLAINed as their roles.
 */
const RECURSIVE = `create table public.clubs (
  id uuid primary key default gen_random_uuid(),
  name text not null
);

create table public.club_members (
  club_id uuid not null references public.clubs (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role text not null default 'member',
  primary key (club_id, user_id)
);

create table public.club_docs (
  id uuid primary key default gen_random_uuid(),
  club_id uuid not null references public.clubs (id) on delete cascade,
  title text not null
);

alter table public.clubs enable row level security;
alter table public.club_members enable row level security;
alter table public.club_docs enable row level security;

create policy "members see their orgs" on public.clubs for select to authenticated
  using (id in (select club_id from public.club_members where user_id = (select auth.uid())));

create policy "members see fellow members" on public.club_members for select to authenticated
  using (club_id in (select club_id from public.club_members where user_id = (select auth.uid())));

create policy "members read documents" on public.club_docs for select to authenticated
  using (club_id in (select club_id from public.club_members where user_id = (select auth.uid())));
`;

const SAFE = `create table public.clubs (
  id uuid primary key default gen_random_uuid(),
  name text not null
);

create table public.club_members (
  club_id uuid not null references public.clubs (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role text not null default 'member',
  primary key (club_id, user_id)
);

create table public.club_docs (
  id uuid primary key default gen_random_uuid(),
  club_id uuid not null references public.clubs (id) on delete cascade,
  title text not null
);

create function public.my_club_ids() returns setof uuid
language sql stable security definer set search_path = ''
as $$ select club_id from public.club_members where user_id = (select auth.uid()) $$;

alter table public.clubs enable row level security;
alter table public.club_members enable row level security;
alter table public.club_docs enable row level security;

create policy "members see their orgs" on public.clubs for select to authenticated
  using (id in (select public.my_club_ids()));

create policy "members see fellow members" on public.club_members for select to authenticated
  using (club_id in (select public.my_club_ids()));

create policy "members read documents" on public.club_docs for select to authenticated
  using (club_id in (select public.my_club_ids()));
`;

async function gate(repo: string, dir: string): Promise<GateReport> {
  const run = await runCli(['check', '--dir', dir, '--format', 'json', '--quiet'], repo);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as GateReport;
}

const supabase = (sql: string) =>
  copyRepo(path.join(ROOT, '__tests__/repos/supabase'), { 'supabase/migrations/20240401090000_clubs.sql': sql });

describe('a policy that reads its own table', () => {
  it('membership read from the membership table in its own policy: BLOCKED at that policy, naming what fails', async () => {
    const report = await gate(supabase(RECURSIVE), 'supabase/migrations');
    expect(report.verdict).toBe('BLOCKED');
    const found = report.findings.filter((f) => f.rule === 'policy-recursion');
    expect(found.map((f) => [f.line, f.severity, f.message])).toEqual([
      [
        26,
        'error',
        'policy "members see fellow members" on club_members reads club_members again: SELECT on club_docs, SELECT on club_members, SELECT on clubs as authenticated fail with "infinite recursion detected in policy for relation "club_members""',
      ],
    ]);
  });

  it('the same policies through a SECURITY DEFINER function: APPROVED', async () => {
    const report = await gate(supabase(SAFE), 'supabase/migrations');
    expect(report.findings.filter((f) => f.rule === 'policy-recursion')).toEqual([]);
    expect(report.verdict).toBe('APPROVED');
  });

  it('a policy FOR ALL to PUBLIC on a plain PostgreSQL: every command fails, as any role', async () => {
    const repo = makeRepo({
      'db/migrations/001_teams.sql': `CREATE TABLE team_members (team_id int NOT NULL, member text NOT NULL, PRIMARY KEY (team_id, member));
ALTER TABLE team_members ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_teams ON team_members FOR ALL
  USING (team_id IN (SELECT team_id FROM team_members WHERE member = current_user));
`,
    });
    const report = await gate(repo, 'db/migrations');
    expect(report.findings.filter((f) => f.rule === 'policy-recursion').map((f) => [f.line, f.message])).toEqual([
      [
        3,
        'policy "own_teams" on team_members reads team_members again: SELECT on team_members, INSERT on team_members, UPDATE on team_members, DELETE on team_members as any role fail with "infinite recursion detected in policy for relation "team_members""',
      ],
    ]);
  });
});
