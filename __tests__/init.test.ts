import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { loadConfig } from '../src/config/load.js';
import { runCli } from './helpers/cli.js';
import { EXAMPLE_REPOS, exampleRepo } from './helpers/example-repos.js';
import { copyRepo, makeRepo } from './helpers/repo.js';

interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: { gate: { steps: { uses?: string; with?: Record<string, string | boolean> }[] } };
}

const WORKFLOW = '.github/workflows/migration-gate.yml';

function written(repo: string) {
  const config = loadConfig(undefined, repo);
  const workflow = YAML.parse(readFileSync(path.join(repo, WORKFLOW), 'utf8')) as Workflow;
  const gate = workflow.jobs.gate.steps.find((step) => step.uses?.startsWith('migration-gate/migration-gate@'));
  return { config: config.config, workflow, gate };
}

describe('migration-gate init', () => {
  it.each(EXAMPLE_REPOS.map((repo) => [repo.tool, repo.dir]))(
    'finds the %s migrations in %s and writes a config and a workflow for them',
    async (tool, dir) => {
      const repo = copyRepo(exampleRepo(tool).root);
      const run = await runCli(['init'], repo);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const { config, workflow, gate } = written(repo);
      expect(config).toMatchObject({ dir, tool, postgres_version: '17' });
      expect(workflow.on).toHaveProperty('pull_request');
      expect(workflow.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
      expect(gate).toEqual({ uses: 'migration-gate/migration-gate@v1', with: { config: 'migration-gate.yml' } });
      expect(run.stdout).toContain(`Found ${exampleRepo(tool).migrations.length} ${tool} migrations in ${dir}`);
      expect(run.stdout).toContain('Next:\n  1. Run the gate here on the newest migration:  npx migration-gate check');
    },
  );

  it('writes a config the gate runs with', async () => {
    const repo = copyRepo(exampleRepo('plain').root);
    expect((await runCli(['init', '--postgres-version', '16'], repo)).code).toBe(0);
    expect(written(repo).config.postgres_version).toBe('16');
    const check = await runCli(['check', '--quiet', '--postgres-version', '17'], repo);
    expect(check.stderr).toBe('');
    expect([0, 1]).toContain(check.code);
    expect(check.stdout).toContain('Migration 006_audit_log_created_at.sql');
  });

  it('never overwrites without --force, and then writes nothing at all', async () => {
    const repo = copyRepo(exampleRepo('dbmate').root);
    writeFileSync(path.join(repo, 'migration-gate.yml'), 'dir: mine\n');
    const refused = await runCli(['init'], repo);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      'migration-gate init: migration-gate.yml already exists: nothing written (--force overwrites)\n',
    );
    expect(readFileSync(path.join(repo, 'migration-gate.yml'), 'utf8')).toBe('dir: mine\n');
    expect(() => readFileSync(path.join(repo, WORKFLOW))).toThrow();
    const forced = await runCli(['init', '--force'], repo);
    expect(forced.code).toBe(0);
    expect(written(repo).config.dir).toBe('db/migrations');
  });

  it('prefers the migrations directory over numbered prerequisites and fixtures, and names the others', async () => {
    const repo = makeRepo({
      'database/prerequisites/001_organization.sql': 'CREATE TABLE organization (id int);\n',
      'database/fixtures/001_data.sql': 'SELECT 1;\n',
      'database/migrations/0001_a.sql': 'CREATE TABLE a (id int);\n',
      'database/migrations/0002_b.sql': 'CREATE TABLE b (id int);\n',
      'node_modules/some-package/migrations/001_x.sql': 'SELECT 1;\n',
    });
    const run = await runCli(['init'], repo);
    expect(run.code).toBe(0);
    expect(written(repo).config).toMatchObject({ dir: 'database/migrations', tool: 'plain' });
    expect(run.stdout).toContain('Also found: database/fixtures (plain), database/prerequisites (plain).');
    expect(run.stdout).not.toContain('node_modules');
  });

  it('writes the Neon variant when the repository uses Neon, the Supabase one for a Supabase project', async () => {
    const neon = copyRepo(exampleRepo('prisma').root, {
      'package.json': JSON.stringify({ dependencies: { '@neondatabase/serverless': '^1.0.0' } }),
    });
    const run = await runCli(['init'], neon);
    expect(run.stdout).toContain('Add the repository secret NEON_API_KEY and the variable NEON_PROJECT_ID');
    expect(written(neon).gate?.with).toMatchObject({
      'neon-project-id': "${{ !github.event.pull_request.head.repo.fork && vars.NEON_PROJECT_ID || '' }}",
      'neon-api-key': '${{ secrets.NEON_API_KEY }}',
      'neon-reuse-branch': true,
    });
    const supabase = copyRepo(exampleRepo('supabase').root);
    expect((await runCli(['init'], supabase)).code).toBe(0);
    expect(readFileSync(path.join(supabase, WORKFLOW), 'utf8')).toContain('# postgres-image: supabase/postgres:');
    expect(readFileSync(path.join(supabase, 'migration-gate.yml'), 'utf8')).toContain('supabase-auth pack');
  });

  it('in a sub-directory of a repository: the config there, the workflow at the root, pointing at it', async () => {
    const repo = makeRepo({ 'services/shop/db/migrations/001_a.sql': 'CREATE TABLE a (id int);\n' });
    mkdirSync(path.join(repo, '.git'));
    const run = await runCli(['init'], path.join(repo, 'services/shop'));
    expect(run.code).toBe(0);
    expect(loadConfig(undefined, path.join(repo, 'services/shop')).config.dir).toBe('db/migrations');
    const workflow = YAML.parse(readFileSync(path.join(repo, WORKFLOW), 'utf8')) as Workflow;
    expect(workflow.jobs.gate.steps[1]!.with).toEqual({ config: 'services/shop/migration-gate.yml' });
  });

  it('says what to do when it finds no migrations, or is told a tool it does not know', async () => {
    const empty = makeRepo({ 'README.md': '# nothing here\n' });
    const run = await runCli(['init'], empty);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^migration-gate init: no migrations found below .*: name the directory with --dir/);
    const tool = await runCli(['init', '--tool', 'flyaway'], empty);
    expect(tool.stderr).toMatch(/^migration-gate init: --tool: unknown tool "flyaway"/);
    // Before init, check points at it.
    const check = await runCli(['check'], empty);
    expect(check.stderr).toBe(
      'migration-gate: --dir is required (or set "dir" in migration-gate.yml; `migration-gate init` writes one)\n',
    );
  });

  it('without a directory, check names where the migrations seem to be, and runs nothing', async () => {
    const repo = makeRepo({
      'supabase/config.toml': 'project_id = "shop"\n',
      'supabase/migrations/20240105093000_profiles.sql': 'CREATE TABLE profiles (id uuid PRIMARY KEY);\n',
      'supabase/migrations/20240106120000_teams.sql': 'CREATE TABLE teams (id uuid PRIMARY KEY);\n',
    });
    const check = await runCli(['check'], repo);
    expect(check.code).toBe(2);
    expect(check.stderr).toBe(
      'migration-gate: --dir is required (or set "dir" in migration-gate.yml; `migration-gate init` writes one); ' +
        'migrations found in supabase/migrations (supabase, 2 migrations): try --dir supabase/migrations\n',
    );
  });
});
