import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../src/action/run.js';
import { commentMarker } from '../src/github/comment.js';
import { recordingHost, type RecordingHost } from './helpers/action-host.js';
import { startGitHubServer, type GitHubServer, type PullFile } from './helpers/github-server.js';
import { makeRepo } from './helpers/repo.js';
import { zipFiles } from './helpers/zip.js';

const TOKEN = 'ghs_in-process';
const PR = 21;

/** Two services in one repository; `orders` needs `customers`, which a prerequisite supplies. */
const MONOREPO = {
  'services/shop/migration-gate.yml': 'dir: db/migrations\n',
  'services/shop/db/migrations/001_customers_seen.sql': 'CREATE TABLE visits (id bigint PRIMARY KEY);\n',
  'services/shop/db/migrations/002_orders.sql':
    'CREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  customer_id bigint NOT NULL REFERENCES customers (id)\n);\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);\n',
  'services/shop/db/prerequisites/customers.sql': 'CREATE TABLE customers (id bigint PRIMARY KEY);\n',
  'services/billing/db/001_invoices.sql': 'CREATE TABLE invoices (id bigint PRIMARY KEY, total numeric NOT NULL);\n',
  'README.md': '# shop\n',
};

const ORDERS = 'services/shop/db/migrations/002_orders.sql';
const SHOP_DIR = 'services/shop/db/migrations';

/**
 * The action's run() in-process, through a recording host, against the local
 * GitHub REST and GraphQL server over real HTTP, on a monorepo with two
 * migrations directories.
 */
describe('the action, in-process', () => {
  let github: GitHubServer;
  let workspace: string;
  let scratch: string;
  let eventPath: string;

  beforeAll(async () => {
    github = await startGitHubServer({ token: TOKEN });
    workspace = makeRepo(MONOREPO);
    scratch = mkdtempSync(path.join(os.tmpdir(), 'mg-action-run-'));
    eventPath = path.join(scratch, 'event.json');
    writeFileSync(eventPath, JSON.stringify({ number: PR, pull_request: { number: PR } }));
  });

  afterAll(async () => {
    await github?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  beforeEach(() => {
    github.state.comments = [];
    github.state.forbidWrites = false;
  });

  const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: `${github.state.owner}/${github.state.repo}`,
    GITHUB_API_URL: github.url,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_RUN_ID: '77',
    RUNNER_TEMP: scratch,
    RUNNER_TOOL_CACHE: path.join(scratch, 'tool-cache'),
    ...extra,
  });
  const shop = { 'working-directory': 'services/shop', 'github-token': TOKEN };
  const approve = { prerequisites: 'db/prerequisites/customers.sql' };
  const changes = (...files: PullFile[]) => github.state.pullFiles.set(PR, files);
  const sticky = (dir = SHOP_DIR) => github.commentsOn(PR).filter((c) => c.body.includes(commentMarker(dir)));

  async function gate(inputs: Record<string, string>, extraEnv: Record<string, string> = {}): Promise<RecordingHost> {
    const host = recordingHost(inputs, env(extraEnv));
    await run(host);
    return host;
  }

  it('skips a pull request that changes no migration: success, SKIPPED, one line, no comment', async () => {
    changes({ filename: 'README.md', status: 'modified' });
    const host = await gate(shop);
    expect(host.failed).toEqual([]);
    expect(host.outputs.verdict).toBe('SKIPPED');
    expect(host.outputs['report-json']).toBe('');
    expect(host.summaryText.trim()).toBe(
      `## migration-gate\n\n⏭️ No migration in \`${SHOP_DIR}\` changed: nothing to gate.`,
    );
    expect(github.commentsOn(PR)).toEqual([]);
    expect(host.log.some((line) => line.startsWith('group:'))).toBe(false);
  });

  it('gates only the migration the pull request changes; relative to working-directory; annotated from the repository root', async () => {
    changes({ filename: ORDERS, status: 'added' });
    const host = await gate(shop);
    expect(host.outputs.verdict).toBe('BLOCKED');
    expect(host.failed).toEqual([expect.stringMatching(/^migration-gate: 002_orders.sql is BLOCKED/)]);
    expect(host.log).toContain('group: migration-gate: ' + path.join(workspace, ORDERS));
    expect(host.annotations).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'relation "customers" does not exist',
        properties: expect.objectContaining({ file: ORDERS, startLine: 3 }),
      }),
    );
    const report = JSON.parse(readFileSync(host.outputs['report-json']!, 'utf8')) as { target: string };
    expect(report.target).toBe('002_orders.sql');
    expect(sticky()).toHaveLength(1);
    expect(host.outputs['comment-url']).toContain(`#issuecomment-${sticky()[0]!.id}`);
  });

  it('a Drizzle migration the journal does not list: a warning on the file, since drizzle never runs it', async () => {
    const journal = {
      version: '7',
      dialect: 'postgresql',
      entries: [{ idx: 0, version: '7', when: 1, tag: '0000_init', breakpoints: true }],
    };
    const drizzle = makeRepo({
      'drizzle/meta/_journal.json': JSON.stringify(journal),
      'drizzle/0000_init.sql': 'CREATE TABLE posts (id int PRIMARY KEY);\n',
      'drizzle/0001_forgotten.sql': 'ALTER TABLE posts ADD COLUMN title text;\n',
    });
    changes({ filename: 'drizzle/0001_forgotten.sql', status: 'added' });
    const host = await gate({ dir: 'drizzle', 'github-token': TOKEN }, { GITHUB_WORKSPACE: drizzle });
    expect(host.annotations).toContainEqual({
      level: 'warning',
      message: "drizzle/0001_forgotten.sql is not in meta/_journal.json: drizzle's migrator never runs it",
      properties: { file: 'drizzle/0001_forgotten.sql' },
    });
    expect(host.outputs.verdict).toBe('SKIPPED');
  });

  it('updates the sticky comment of a later run that changes no migration, and posts no new one', async () => {
    changes({ filename: ORDERS, status: 'added' });
    await gate(shop);
    const { id } = sticky()[0]!;
    changes({ filename: 'README.md', status: 'modified' });
    const host = await gate(shop);
    expect(host.outputs.verdict).toBe('SKIPPED');
    expect(sticky()).toHaveLength(1);
    expect(sticky()[0]!.id).toBe(id);
    expect(sticky()[0]!.body).toContain(`This pull request changes no migration in \`${SHOP_DIR}\`: nothing to gate.`);
  });

  it('still gates an explicit target on a pull request that changes no migration', async () => {
    changes({ filename: 'README.md', status: 'modified' });
    const host = await gate({ ...shop, ...approve, target: '001_customers_seen.sql' });
    expect(host.outputs.verdict).toBe('APPROVED');
    expect(host.failed).toEqual([]);
  });

  it('comment: blocked-only posts nothing for APPROVED, then comments once BLOCKED', async () => {
    changes({ filename: ORDERS, status: 'modified' });
    await gate({ ...shop, ...approve, comment: 'blocked-only' });
    expect(github.commentsOn(PR)).toEqual([]);
    await gate({ ...shop, comment: 'blocked-only' });
    expect(sticky()).toHaveLength(1);
    expect(sticky()[0]!.body).toContain('❌ BLOCKED');
    // Once there is a comment it is kept up to date, APPROVED too.
    await gate({ ...shop, ...approve, comment: 'blocked-only' });
    expect(sticky()[0]!.body).toContain('✅ APPROVED');
  });

  it('comment: on-change leaves the comment alone while the result is the same', async () => {
    changes({ filename: ORDERS, status: 'modified' });
    await gate({ ...shop, comment: 'on-change' });
    const writes = () => github.requests.filter((r) => r.method === 'PATCH' || r.method === 'POST').length;
    const before = writes();
    const host = await gate({ ...shop, comment: 'on-change' });
    expect(writes()).toBe(before);
    expect(host.log).toContain(`info: ${SHOP_DIR}: the result is unchanged: comment left as it is`);
    expect(host.outputs['comment-url']).toContain(`#issuecomment-${sticky()[0]!.id}`);
    await gate({ ...shop, ...approve, comment: 'on-change' });
    expect(writes()).toBe(before + 1);
    expect(sticky()[0]!.body).toContain('✅ APPROVED');
  });

  it('comment: false is off; true is always', async () => {
    changes({ filename: ORDERS, status: 'modified' });
    await gate({ ...shop, comment: 'false' });
    expect(github.commentsOn(PR)).toEqual([]);
    await gate({ ...shop, comment: 'true' });
    expect(sticky()).toHaveLength(1);
    const bad = await gate({ ...shop, comment: 'sometimes' });
    expect(bad.failed).toEqual([
      'migration-gate configuration error: input "comment": expected always, on-change, blocked-only, off, got "sometimes"',
    ]);
  });

  it('minimize-on-approve: BLOCKED, then APPROVED collapses the comment (GraphQL), BLOCKED again shows it', async () => {
    changes({ filename: ORDERS, status: 'modified' });
    const inputs = { ...shop, 'minimize-on-approve': 'true' };
    await gate(inputs);
    expect(sticky()[0]!.minimized).toBeUndefined();
    await gate({ ...inputs, ...approve });
    expect(sticky()[0]!.minimized).toBe('RESOLVED');
    expect(sticky()[0]!.body).toContain('✅ APPROVED');
    await gate(inputs);
    expect(sticky()[0]!.minimized).toBeUndefined();
    const mutations = github.requests.filter((r) => r.path === '/graphql');
    expect(mutations.map((r) => (r.body as { query: string }).query.match(/\w*minimizeComment/)?.[0])).toEqual([
      'minimizeComment',
      'unminimizeComment',
    ]);
  });

  it('gates several directories, one sticky comment each; a directory the pull request leaves alone is skipped', async () => {
    changes(
      { filename: ORDERS, status: 'modified' },
      { filename: 'services/billing/db/001_invoices.sql', status: 'added' },
    );
    const services = {
      'working-directory': 'services',
      'github-token': TOKEN,
      dir: 'shop/db/migrations\nbilling/db\n# a comment line',
      prerequisites: 'shop/db/prerequisites/customers.sql',
    };
    const host = await gate(services);
    expect(host.outputs.verdict).toBe('APPROVED');
    expect(sticky(SHOP_DIR)).toHaveLength(1);
    expect(sticky('services/billing/db')).toHaveLength(1);
    expect(sticky('services/billing/db')[0]!.body).toContain('001_invoices.sql');
    expect(existsSync(path.join(scratch, 'migration-gate', 'services_billing_db', 'report.json'))).toBe(true);

    changes({ filename: ORDERS, status: 'modified' });
    const again = await gate(services);
    expect(again.outputs.verdict).toBe('APPROVED');
    expect(sticky('services/billing/db')[0]!.body).toContain('changes no migration');
  });

  it('reads the tool input', async () => {
    changes({ filename: ORDERS, status: 'modified' });
    const host = await gate({ ...shop, ...approve, tool: 'plain', comment: 'off' });
    expect(host.outputs.verdict).toBe('APPROVED');
    const unknown = await gate({ ...shop, tool: 'flywheel', comment: 'off' });
    expect(unknown.failed[0]).toMatch(/^migration-gate configuration error: input "tool": unknown tool "flywheel"/);
  });

  describe('pull requests from forks: pull_request, then workflow_run', () => {
    const FORK_SHA = 'f0e1d2c3b4a5968778695a4b3c2d1e0f01234567';
    const READ_ONLY_RUN = 9001;

    /** The read-only run: the comment is refused (403), the reports and comment.json stay for the artifact. */
    async function readOnlyRun(): Promise<Buffer> {
      changes({ filename: ORDERS, status: 'added' });
      github.state.forbidWrites = true;
      const host = await gate(shop);
      github.state.forbidWrites = false;
      expect(host.outputs.verdict).toBe('BLOCKED');
      expect(
        host.log.some((line) => /^warning: cannot (list|create) pull request comments \(HTTP 403\)/.test(line)),
      ).toBe(true);
      const dir = host.outputs['report-dir']!;
      expect(JSON.parse(readFileSync(path.join(dir, 'comment.json'), 'utf8'))).toMatchObject({
        format: 'migration-gate-comment/1',
        pullNumber: PR,
        directories: [{ dir: SHOP_DIR, skipped: false }],
      });
      const files = Object.fromEntries(
        ['comment.json', 'report.json', 'report.md', 'report.sarif'].map((name) => [
          name,
          readFileSync(path.join(dir, name)),
        ]),
      );
      return zipFiles(files);
    }

    function workflowRunEvent(): string {
      const file = path.join(scratch, 'workflow-run.json');
      writeFileSync(
        file,
        JSON.stringify({
          action: 'completed',
          workflow_run: {
            id: READ_ONLY_RUN,
            event: 'pull_request',
            head_sha: FORK_SHA,
            head_branch: 'add-orders',
            head_repository: { owner: { login: 'a-contributor' } },
            // GitHub leaves this empty for pull requests from forks.
            pull_requests: [],
          },
        }),
      );
      return file;
    }

    const commenter = { mode: 'comment-from-artifact', 'github-token': TOKEN };
    const commenterEnv = () => ({ GITHUB_EVENT_NAME: 'workflow_run', GITHUB_EVENT_PATH: workflowRunEvent() });

    beforeAll(() => {
      github.state.pulls.set(PR, { sha: FORK_SHA, ref: 'add-orders', owner: 'a-contributor' });
      github.state.pulls.set(PR + 1, { sha: 'a'.repeat(40), ref: 'other', owner: github.state.owner });
    });

    it('posts the read-only run’s report as the sticky comment of the fork’s pull request', async () => {
      github.state.artifacts = [{ id: 5, runId: READ_ONLY_RUN, name: 'migration-gate', zip: await readOnlyRun() }];
      const host = await gate(commenter, commenterEnv());
      expect(host.failed).toEqual([]);
      expect(host.outputs.verdict).toBe('BLOCKED');
      expect(sticky()).toHaveLength(1);
      expect(sticky()[0]!.body).toContain('# Migration 002_orders.sql — ❌ BLOCKED');
      expect(host.outputs['comment-url']).toContain(`/pull/${PR}#issuecomment-${sticky()[0]!.id}`);
      const lookup = github.requests.find((r) => r.path.endsWith('/pulls') && r.method === 'GET');
      expect(lookup?.query.head).toBe('a-contributor:add-orders');
    });

    it('refuses an artifact that names another pull request, and one whose reports are not reports', async () => {
      await readOnlyRun();
      const forged = (edit: (data: Record<string, unknown>) => void) => {
        const dir = path.join(scratch, 'forged');
        rmSync(dir, { recursive: true, force: true });
        cpSync(path.join(scratch, 'migration-gate'), dir, { recursive: true });
        const data = JSON.parse(readFileSync(path.join(dir, 'comment.json'), 'utf8')) as Record<string, unknown>;
        edit(data);
        return zipFiles({ 'comment.json': JSON.stringify(data) });
      };
      github.state.artifacts = [
        { id: 6, runId: READ_ONLY_RUN, name: 'migration-gate', zip: forged((d) => (d.pullNumber = PR + 1)) },
      ];
      const other = await gate(commenter, commenterEnv());
      expect(other.failed).toEqual([
        `migration-gate infrastructure error: the artifact speaks of pull request #${PR + 1}, but run ${READ_ONLY_RUN} was for #${PR}: not posted`,
      ]);
      github.state.artifacts = [
        {
          id: 7,
          runId: READ_ONLY_RUN,
          name: 'migration-gate',
          zip: forged(
            (d) => ((d.directories as { reports: { verdict: string }[] }[])[0]!.reports[0]!.verdict = 'FINE'),
          ),
        },
      ];
      const shape = await gate(commenter, commenterEnv());
      expect(shape.failed[0]).toMatch(
        /^migration-gate infrastructure error: comment\.json in the artifact: directories\.0\.reports\.0\.verdict:/,
      );
      expect(github.commentsOn(PR)).toEqual([]);
    });

    it('says which artifacts the run has when the named one is missing; refuses to run on another event', async () => {
      github.state.artifacts = [{ id: 8, runId: READ_ONLY_RUN, name: 'something-else', zip: zipFiles({}) }];
      const missing = await gate(commenter, commenterEnv());
      expect(missing.failed).toEqual([
        `migration-gate infrastructure error: cannot read the gate's artifact: run ${READ_ONLY_RUN} has no artifact "migration-gate" (artifacts: something-else)`,
      ]);
      const wrongEvent = await gate(commenter);
      expect(wrongEvent.failed[0]).toMatch(
        /^migration-gate configuration error: input "mode": comment-from-artifact runs in a workflow triggered by workflow_run/,
      );
    });
  });
});
