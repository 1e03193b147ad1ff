import { describe, expect, it } from 'vitest';
import type { GateReport } from '../src/types.js';
import { runCli } from './helpers/cli.js';
import { makeRepo } from './helpers/repo.js';

/** A runner that connects with search_path = storage, public: unqualified names land in storage. */
function storageRepo(config = ''): string {
  return makeRepo({
    'migration-gate.yml': `dir: migrations\n${config}`,
    'migrations/0000_schema.sql': 'CREATE SCHEMA storage;\n',
    'migrations/0001_buckets.sql': 'CREATE TABLE buckets (id text PRIMARY KEY, name text NOT NULL);\n',
    'migrations/0001_buckets.down.sql': 'DROP TABLE buckets;\n',
    'migrations/0002_objects.sql':
      'CREATE TABLE objects (id bigint PRIMARY KEY, bucket_id text REFERENCES buckets (id));\n' +
      'CREATE INDEX objects_bucket_id_idx ON objects (bucket_id);\n',
    'migrations/0002_objects.down.sql': 'DROP TABLE objects;\n',
  });
}

async function gate(repo: string, ...args: string[]): Promise<{ code: number; report: GateReport; stderr: string }> {
  const run = await runCli(['check', '--format', 'json', '-q', ...args], repo);
  return {
    code: run.code,
    report: run.stdout ? (JSON.parse(run.stdout) as GateReport) : ({} as GateReport),
    stderr: run.stderr,
  };
}

describe('session settings', () => {
  it('session: search_path in migration-gate.yml: objects land in storage and the validators find them there', async () => {
    const { code, report } = await gate(storageRepo('session:\n  search_path: storage, public\n'));
    expect(report.verdict).toBe('APPROVED');
    expect(code).toBe(0);
    expect(report.tasks.find((t) => t.id === 'schema')!.summary).toMatch(/^1 table/);
    expect(report.tasks.find((t) => t.id === 'integration')!.status).toBe('PASS');
    expect(report.tasks.find((t) => t.id === 'rollback')!.status).toBe('PASS');
  });

  it('--set does the same from the command line, and overrides the file', async () => {
    const { code, report } = await gate(
      storageRepo('session:\n  search_path: nowhere\n'),
      '--set',
      'search_path=storage,public',
    );
    expect(report.verdict).toBe('APPROVED');
    expect(code).toBe(0);
  });

  it('without it, the same history puts the tables in public and still passes: nothing invented', async () => {
    const { code, report } = await gate(storageRepo());
    expect(report.verdict).toBe('APPROVED');
    expect(code).toBe(0);
  });

  it('role: migrations run as the runner role (created as the database owner here), the baseline as the superuser', async () => {
    const repo = makeRepo({
      'migration-gate.yml': 'dir: m\nbaseline: baseline.sql\nsession:\n  role: app_migrator\n',
      'baseline.sql': 'CREATE SCHEMA locked;\n',
      'm/0001_accounts.sql': 'CREATE TABLE accounts (id int PRIMARY KEY);\n',
      'm/0002_t.sql': 'CREATE TABLE locked.t (id int);\n',
    });
    const first = await gate(repo, '--target', '0001_accounts.sql');
    expect(first.report.verdict).toBe('APPROVED');
    // The superuser's schema is not the runner's: the same error production would give.
    const { code, report } = await gate(repo);
    expect(code).toBe(1);
    expect(report.findings).toContainEqual(
      expect.objectContaining({ message: 'permission denied for schema locked', line: 1, file: 'm/0002_t.sql' }),
    );
  });

  it('a setting PostgreSQL refuses is a configuration error naming it (exit 2)', async () => {
    const { code, stderr } = await gate(storageRepo(), '--set', 'statement_timeout=soon');
    expect(code).toBe(2);
    expect(stderr).toContain('statement_timeout = soon');
    expect(stderr).toContain('--set');
  });

  it('a malformed --set is a usage error', async () => {
    const { code, stderr } = await gate(storageRepo(), '--set', 'no-equals-sign');
    expect(code).toBe(2);
    expect(stderr).toContain('--set no-equals-sign: expected NAME=VALUE');
  });

  it('a bad key under session: names the key path', async () => {
    const { code, stderr } = await gate(storageRepo('session:\n  "bad name": x\n'));
    expect(code).toBe(2);
    expect(stderr).toContain('migration-gate.yml: session.bad name');
  });
});
