import { describe, expect, it } from 'vitest';
import type { GateReport } from '../src/types.js';
import { runCli } from './helpers/cli.js';
import { makeRepo } from './helpers/repo.js';
import { databasePerTest } from './helpers/real-postgres.js';
import { gateSql } from '../src/sql-files.js';

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

  it('with it, Storage, Realtime and Database Webhooks are there too, as Supabase’s starters and dashboard put them in migrations', async () => {
    const storage = makeRepo({
      'supabase/config.toml': 'project_id = "shop"\n',
      'supabase/migrations/20240101000000_profile.sql': SUPABASE_MIGRATION,
      'supabase/migrations/20240102000000_avatars.sql': `insert into storage.buckets (id, name, public) values ('avatars', 'avatars', true);
create policy "Avatars are public" on storage.objects for select using (bucket_id = 'avatars');
create policy "Own folder" on storage.objects for insert to authenticated
  with check (bucket_id = 'avatars' and (select auth.uid())::text = (storage.foldername(name))[1]);
alter publication supabase_realtime add table public.profile;
create trigger "profile_webhook" after insert on "public"."profile" for each row execute function "supabase_functions"."http_request"('https://example.test/on-profile', 'POST', '{"Content-type":"application/json"}', '{}', '5000');
`,
    });
    // The Supabase layout applies the pack by itself.
    const run = await runCli(['check', '--dir', 'supabase/migrations', '--format', 'json', '-q'], storage);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as GateReport;
    expect(report.findings.filter((f) => f.severity === 'critical' || f.severity === 'error')).toEqual([]);
    expect(run.code).toBe(0);
  });

  it('an unknown pack is a usage error naming the ones there are', async () => {
    const { run } = await check('--prerequisite', 'pack:firebase');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown prerequisite pack "firebase" (available: supabase-auth)');
  });
});

describe('the supabase-auth pack on a server', () => {
  const { database } = databasePerTest();

  it('splits a Storage path as Supabase does, and applies twice (every statement guarded)', async () => {
    const client = await database('pack_storage');
    await client.query(gateSql('packs/supabase-auth.sql'));
    await client.query(gateSql('packs/supabase-auth.sql'));
    const { rows } = await client.query<Record<string, unknown>>(
      `SELECT storage.foldername('a/b/c.png') AS folders, storage.filename('a/b/c.png') AS file,
              storage.extension('a/b/c.png') AS ext, storage.extension('README') AS none,
              storage.foldername('top.txt') AS root`,
    );
    expect(rows[0]).toEqual({ folders: ['a', 'b'], file: 'c.png', ext: 'png', none: '', root: [] });
    const publication = await client.query("SELECT 1 FROM pg_publication WHERE pubname = 'supabase_realtime'");
    expect(publication.rowCount).toBe(1);
  });

  it("runs a Database Webhook's trigger as Supabase's does, without sending anything: its arguments checked, the hook recorded", async () => {
    const client = await database('pack_webhooks');
    await client.query(gateSql('packs/supabase-auth.sql'));
    const hook = (name: string, args: string) =>
      `CREATE TRIGGER ${name} AFTER INSERT ON orders FOR EACH ROW EXECUTE FUNCTION supabase_functions.http_request(${args})`;
    await client.query('CREATE TABLE orders (id int PRIMARY KEY)');
    await client.query(
      hook('orders_hook', `'https://example.test/hook', 'POST', '{"Content-type":"application/json"}', '{}', '5000'`),
    );
    await client.query('INSERT INTO orders VALUES (1)');
    const { rows } = await client.query('SELECT hook_name, request_id FROM supabase_functions.hooks');
    expect(rows).toEqual([{ hook_name: 'orders_hook', request_id: null }]);

    await client.query('DROP TRIGGER orders_hook ON orders');
    await client.query(hook('orders_put', `'https://example.test/hook', 'PUT', '{}', '{}', '1000'`));
    await expect(client.query('INSERT INTO orders VALUES (2)')).rejects.toThrow('method argument PUT is invalid');
    await client.query('DROP TRIGGER orders_put ON orders');
    await client.query(hook('orders_bad_headers', `'https://example.test/hook', 'POST', '{not json', '{}', '1000'`));
    await expect(client.query('INSERT INTO orders VALUES (3)')).rejects.toThrow('invalid input syntax for type json');
  });
});
