import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GateReport } from '../src/types.js';
import { ROOT, runCli } from './helpers/cli.js';
import { copyRepo } from './helpers/repo.js';

/**
 * pg_cron and pg_net on the embedded server (the gate's stand-ins), gated
 * end to end in a Supabase repository: the migrations every Supabase
 * project writes for scheduled jobs and webhooks apply as they do there,
 * and a job whose command cannot run is BLOCKED where it was scheduled.
 */
const SUPABASE = path.join(ROOT, '__tests__/repos/supabase');
const MIGRATIONS = 'supabase/migrations';

const CRON = `create extension if not exists pg_cron with schema pg_catalog;
create extension if not exists pg_net with schema extensions;

grant usage on schema cron to postgres;

create or replace function public.purge_old_audit()
returns void
language sql
security definer
set search_path = ''
as $$
  delete from public.audit_log where created_at < now() - interval '90 days';
$$;

select cron.schedule(
  'purge-audit-log',
  '15 3 * * *',
  $$ select public.purge_old_audit() $$
);

select cron.schedule(
  'ping-webhook',
  '*/5 * * * *',
  $$
  select net.http_post(
    url := 'https://example.com/hook',
    headers := '{"Content-Type": "application/json"}'::jsonb,
    body := jsonb_build_object('ts', now())
  ) as request_id;
  $$
);

select cron.schedule('vacuum-audit', '30 seconds', 'VACUUM public.audit_log');
`;

async function gate(files: Record<string, string>, target: string): Promise<GateReport> {
  const repo = copyRepo(SUPABASE, Object.fromEntries(Object.entries(files).map(([f, t]) => [`${MIGRATIONS}/${f}`, t])));
  const run = await runCli(['check', '--dir', MIGRATIONS, '--target', target, '--format', 'json', '--quiet'], repo);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as GateReport;
}

const cronFindings = (report: GateReport) =>
  report.findings
    .filter((f) => f.rule.startsWith('cron-'))
    .map((f) => ({ rule: f.rule, severity: f.severity, line: f.line, message: f.message }));

describe('pg_cron and pg_net on the embedded server', () => {
  it('scheduled jobs and a webhook call apply, and each job is planned', async () => {
    const report = await gate({ '20240401090000_cron.sql': CRON }, '20240401090000_cron.sql');
    expect(report.verdict).toBe('APPROVED');
    expect(cronFindings(report)).toEqual([]);
    const planned = report.probes!.filter((r) => r.kind === 'cron-job');
    expect(planned.map((r) => [r.object, r.outcome])).toEqual([
      ["cron job 'purge-audit-log'", 'pass'],
      ["cron job 'ping-webhook'", 'pass'],
      ["cron job 'vacuum-audit'", 'pass'],
    ]);
  });

  it('an Edge Function invoked every minute, its URL and key kept in Vault as Supabase documents it: planned', async () => {
    const invoke = `create extension if not exists pg_cron with schema pg_catalog;
create extension if not exists pg_net with schema extensions;

select vault.create_secret('https://project-ref.supabase.co', 'project_url');
select vault.create_secret('an-anon-key', 'anon_key');

select cron.schedule(
  'invoke-function-every-minute',
  '* * * * *',
  $$
  select net.http_post(
    url := (select decrypted_secret from vault.decrypted_secrets where name = 'project_url') || '/functions/v1/hello',
    headers := jsonb_build_object(
      'Content-type', 'application/json',
      'Authorization', 'Bearer ' || (select decrypted_secret from vault.decrypted_secrets where name = 'anon_key')
    ),
    body := concat('{"time": "', now(), '"}')::jsonb
  ) as request_id;
  $$
);
`;
    const report = await gate({ '20240401090000_invoke.sql': invoke }, '20240401090000_invoke.sql');
    expect(report.findings.filter((f) => f.severity === 'critical' || f.severity === 'error')).toEqual([]);
    expect(report.verdict).toBe('APPROVED');
    expect(report.probes!.filter((r) => r.kind === 'cron-job').map((r) => [r.object, r.outcome])).toEqual([
      ["cron job 'invoke-function-every-minute'", 'pass'],
    ]);
  });

  it('a job calling a function nobody created, or a column that is not there, is BLOCKED where it is scheduled', async () => {
    const broken = `${CRON}
select cron.schedule('refresh-stats', '0 * * * *', $$ select public.refresh_team_stats() $$);
select cron.schedule('trim', '0 0 * * *', $$ delete from public.audit_log where created < now() - interval '1 day' $$);
`;
    const report = await gate({ '20240401090000_cron.sql': broken }, '20240401090000_cron.sql');
    expect(report.verdict).toBe('BLOCKED');
    expect(cronFindings(report)).toEqual([
      {
        rule: 'cron-job-broken',
        severity: 'error',
        line: 35,
        message:
          "cron job 'refresh-stats', scheduled by this migration, fails at every run: function public.refresh_team_stats() does not exist",
      },
      {
        rule: 'cron-job-broken',
        severity: 'error',
        line: 36,
        message: `cron job 'trim', scheduled by this migration, fails at every run: column "created" does not exist`,
      },
    ]);
  });

  it('a schedule pg_cron refuses fails the migration, as it does on the server', async () => {
    const report = await gate(
      { '20240401090000_cron.sql': `${CRON}\nselect cron.schedule('weekly', '0 0 * *', 'select 1');\n` },
      '20240401090000_cron.sql',
    );
    expect(report.verdict).toBe('BLOCKED');
    // Only the schedule: cron.schedule() and its schema came with CREATE EXTENSION pg_cron at line 1.
    const failed = report.findings.filter((f) => f.severity === 'critical');
    expect(failed.map((f) => [f.line, f.message])).toEqual([[35, 'invalid schedule: 0 0 * *']]);
  });

  const TRIM = `${CRON}
select cron.schedule('trim-audit', '0 4 * * *', $$ delete from public.audit_log where created_at < now() - interval '1 year' $$);
`;
  const RENAME = `alter table public.audit_log rename column created_at to logged_at;\n`;

  it('a job from before whose column the migration renames is BLOCKED at the rename', async () => {
    const report = await gate(
      { '20240401090000_cron.sql': TRIM, '20240402090000_rename.sql': RENAME },
      '20240402090000_rename.sql',
    );
    expect(report.verdict).toBe('BLOCKED');
    expect(cronFindings(report)).toEqual([
      {
        rule: 'cron-job-broken',
        severity: 'error',
        line: 1,
        message: `cron job 'trim-audit', scheduled before, fails at every run after this migration: column "created_at" does not exist`,
      },
    ]);
  });

  it('the same rename with the job scheduled again under its name, and its function replaced, passes', async () => {
    const safe = `${RENAME}
create or replace function public.purge_old_audit()
returns void language sql security definer set search_path = ''
as $$ delete from public.audit_log where logged_at < now() - interval '90 days' $$;
select cron.schedule('trim-audit', '0 4 * * *', $$ delete from public.audit_log where logged_at < now() - interval '1 year' $$);
`;
    const report = await gate(
      { '20240401090000_cron.sql': TRIM, '20240402090000_rename.sql': safe },
      '20240402090000_rename.sql',
    );
    expect(cronFindings(report)).toEqual([]);
    expect(report.verdict).toBe('APPROVED');
  });

  it('unscheduling a job no migration scheduled is a warning; one an earlier migration scheduled is not', async () => {
    const report = await gate(
      {
        '20240401090000_cron.sql': TRIM,
        '20240402090000_unschedule.sql':
          "select cron.unschedule('trim-audit');\nselect cron.unschedule('nightly-report');\n",
      },
      '20240402090000_unschedule.sql',
    );
    expect(report.verdict).toBe('APPROVED');
    expect(cronFindings(report)).toEqual([
      {
        rule: 'cron-job-unknown',
        severity: 'warning',
        line: 2,
        message:
          "cron.unschedule('nightly-report'): no migration scheduled that job, and pg_cron raises an error where it does not exist (one scheduled from the dashboard exists only on its server)",
      },
    ]);
  });
});
