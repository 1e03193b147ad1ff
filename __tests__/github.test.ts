import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CommentPermissionError,
  MAX_COMMENT_LENGTH,
  commentMarker,
  upsertStickyComment,
} from '../src/github/comment.js';
import { createOctokit, type Octokit } from '../src/github/octokit.js';
import { changedFiles, filesInside } from '../src/github/pull-files.js';
import { startGitHubServer, type GitHubServer, type PullFile } from './helpers/github-server.js';

const TOKEN = 'ghs_test-token';
const OWNER = 'octo-org';
const REPO = 'octo-repo';
const PR = 42;

let server: GitHubServer;
let octokit: Octokit;

beforeEach(async () => {
  server = await startGitHubServer({ token: TOKEN, owner: OWNER, repo: REPO });
  octokit = createOctokit(TOKEN, server.url);
});

afterEach(async () => {
  await server.close();
});

function sticky(dir: string, text: string) {
  const marker = commentMarker(dir);
  return { owner: OWNER, repo: REPO, issueNumber: PR, marker, body: `${marker}\n${text}` };
}

function listRequests() {
  return server.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/issues/${PR}/comments`));
}

describe('upsertStickyComment', () => {
  it('creates the comment once, then updates it in place across pages of unrelated comments', async () => {
    // 135 comments at per_page 100: the sticky comment ends up on page 2.
    const unrelated = server.seedComments(135, PR);
    const before = new Map(unrelated.map((c) => [c.id, c.body]));

    const first = await upsertStickyComment(octokit, sticky('db/migrations', 'verdict: BLOCKED'));
    expect(first.action).toBe('created');
    expect(first.url).toBe(`https://github.com/${OWNER}/${REPO}/pull/${PR}#issuecomment-${first.id}`);
    expect(server.commentsOn(PR)).toHaveLength(136);

    const second = await upsertStickyComment(octokit, sticky('db/migrations', 'verdict: APPROVED'));
    expect(second).toEqual({ action: 'updated', id: first.id, nodeId: first.nodeId, url: first.url });
    const comments = server.commentsOn(PR);
    expect(comments).toHaveLength(136);
    expect(comments.find((c) => c.id === first.id)?.body).toBe(`${commentMarker('db/migrations')}\nverdict: APPROVED`);
    expect(comments.find((c) => c.id === first.id)?.user.type).toBe('Bot');

    // Every page was read, at per_page 100, on both runs.
    const lists = listRequests();
    expect(lists.filter((r) => r.query.page === '2')).toHaveLength(2);
    expect(lists.every((r) => r.query.per_page === '100')).toBe(true);
    expect(lists.some((r) => r.query.page === '3')).toBe(false);

    // Unrelated comments untouched, and only the sticky one was ever written.
    for (const comment of comments.filter((c) => before.has(c.id))) {
      expect(comment.body).toBe(before.get(comment.id));
    }
    const writes = server.requests.filter((r) => r.method !== 'GET');
    expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /repos/${OWNER}/${REPO}/issues/${PR}/comments`,
      `PATCH /repos/${OWNER}/${REPO}/issues/comments/${first.id}`,
    ]);
  });

  it('keeps one comment per migrations directory', async () => {
    server.seedComments(3, PR);
    const api = await upsertStickyComment(octokit, sticky('services/api/migrations', 'api'));
    const billing = await upsertStickyComment(octokit, sticky('services/billing/migrations', 'billing'));
    expect(billing.action).toBe('created');
    expect(billing.id).not.toBe(api.id);

    const again = await upsertStickyComment(octokit, sticky('./services/api/migrations/', 'api v2'));
    expect(again).toMatchObject({ action: 'updated', id: api.id });
    const bodies = server.commentsOn(PR).map((c) => c.body);
    expect(bodies).toHaveLength(5);
    expect(bodies.filter((b) => b.endsWith('\napi v2'))).toHaveLength(1);
    expect(bodies.filter((b) => b.endsWith('\nbilling'))).toHaveLength(1);
  });

  it('prepends the marker when the body lacks it', async () => {
    const marker = commentMarker('db/migrations');
    await upsertStickyComment(octokit, { owner: OWNER, repo: REPO, issueNumber: PR, marker, body: 'no marker' });
    expect(server.commentsOn(PR).map((c) => c.body)).toEqual([`${marker}\nno marker`]);
  });

  it('rejects a body over 65,536 characters before calling GitHub', async () => {
    const params = sticky('db/migrations', 'x'.repeat(MAX_COMMENT_LENGTH));
    await expect(upsertStickyComment(octokit, params)).rejects.toThrow(/at most 65536.*maxLength/);
    expect(server.requests).toHaveLength(0);
  });

  it('turns a 403 on create into CommentPermissionError naming the permission', async () => {
    server.state.forbidWrites = true;
    const error = await upsertStickyComment(octokit, sticky('db/migrations', 'x')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommentPermissionError);
    expect(error).toMatchObject({ operation: 'create', status: 403 });
    expect((error as Error).message).toContain('permissions: pull-requests: write');
    expect((error as Error).message).toContain('HTTP 403');
    expect(server.commentsOn(PR)).toHaveLength(0);
  });

  it('turns a 403 on update into CommentPermissionError and leaves the comment as it was', async () => {
    const { id } = await upsertStickyComment(octokit, sticky('db/migrations', 'old'));
    server.state.forbidWrites = true;
    await expect(upsertStickyComment(octokit, sticky('db/migrations', 'new'))).rejects.toMatchObject({
      name: 'CommentPermissionError',
      operation: 'update',
      status: 403,
    });
    expect(server.commentsOn(PR).find((c) => c.id === id)?.body).toMatch(/\nold$/);
  });

  it('turns a 404 on list (a repository the token cannot see) into CommentPermissionError', async () => {
    const params = { ...sticky('db/migrations', 'x'), repo: 'private-elsewhere' };
    await expect(upsertStickyComment(octokit, params)).rejects.toMatchObject({
      name: 'CommentPermissionError',
      operation: 'list',
      status: 404,
    });
  });

  it('reports a bad token as a clear error, not a permission warning', async () => {
    const bad = createOctokit('ghs_wrong', server.url);
    const error = await upsertStickyComment(bad, sticky('db/migrations', 'x')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(CommentPermissionError);
    expect((error as Error).message).toMatch(/HTTP 401 Bad credentials.*github-token/);
    expect(server.requests.map((r) => r.status)).toEqual([401]);
  });

  it('talks to GITHUB_API_URL when no base URL is given', async () => {
    vi.stubEnv('GITHUB_API_URL', `${server.url}/`);
    try {
      await upsertStickyComment(createOctokit(TOKEN), sticky('db/migrations', 'x'));
    } finally {
      vi.unstubAllEnvs();
    }
    expect(server.commentsOn(PR)).toHaveLength(1);
  });

  it('sends the token as GitHub expects', async () => {
    await upsertStickyComment(octokit, sticky('db/migrations', 'x'));
    expect(new Set(server.requests.map((r) => r.authorization))).toEqual(new Set([`token ${TOKEN}`]));
  });
});

describe('commentMarker', () => {
  it('is a hidden HTML comment naming the normalised directory', () => {
    expect(commentMarker('db/migrations')).toBe('<!-- migration-gate:sticky dir=db/migrations -->');
    expect(commentMarker('./db/migrations/')).toBe(commentMarker('db/migrations'));
    expect(commentMarker('db\\migrations')).toBe(commentMarker('db/migrations'));
    expect(commentMarker('.')).toBe(commentMarker('./'));
    expect(commentMarker('db/migrations')).not.toBe(commentMarker('db/migrations-old'));
  });

  it('cannot be closed or confused by the directory name', () => {
    const marker = commentMarker('evil-->dir--x---y <b>%');
    const inner = marker.slice('<!--'.length, -'-->'.length);
    expect(inner).not.toContain('--');
    expect(marker).toMatch(/^<!-- migration-gate:sticky dir=\S+ -->$/);
    expect(inner).not.toMatch(/[<>]/);
    expect(marker).toBe('<!-- migration-gate:sticky dir=evil%2D-%3Edir%2D-x%2D%2D-y%20%3Cb%3E%25 -->');
    // The dir is one token before ` -->`, so no directory's marker hides inside another's,
    // and `%` is encoded too, so two names never share an encoding.
    expect(commentMarker('a b')).not.toContain(commentMarker('a'));
    expect(commentMarker('a -->')).not.toContain(commentMarker('a'));
    expect(commentMarker('a b')).not.toBe(commentMarker('a%20b'));
  });
});

describe('changedFiles and filesInside', () => {
  function filler(count: number): PullFile[] {
    return Array.from({ length: count }, (_, i) => ({ filename: `src/module-${i}.ts`, status: 'modified' as const }));
  }

  it('reads every page and keeps the files the pull request adds or changes inside the directory', async () => {
    const relevant: PullFile[] = [
      { filename: 'db/migrations/0010_orders.sql', status: 'modified' },
      { filename: 'db/migrations/0001_init.sql', status: 'removed' },
      { filename: 'db/migrations/0003_users.down.sql', status: 'added' },
      { filename: 'db/migrations/0003_users.sql', status: 'added' },
      { filename: 'db/migrations/README.md', status: 'added' },
      { filename: 'db/migrations/archive/0004_old.sql', status: 'added' },
      { filename: 'db/migrations-old/0005_x.sql', status: 'added' },
      { filename: 'other/migrations/0006_y.sql', status: 'added' },
      { filename: 'db/migrations/0002_accounts.sql', status: 'renamed', previous_filename: 'db/0002_accounts.sql' },
      { filename: 'db/migrations/0007_seed.SQL', status: 'copied' },
    ];
    // Spread over three pages of 100: indexes 0..9 interleaved every 25 files.
    const files = filler(240);
    relevant.forEach((file, i) => files.splice(i * 25, 0, file));
    expect(files).toHaveLength(250);
    server.state.pullFiles.set(PR, files);

    const changed = filesInside(
      await changedFiles(octokit, { owner: OWNER, repo: REPO, pullNumber: PR }),
      './db/migrations/',
    );
    // Which migrations they belong to is the layout's business (a down, a Prisma directory).
    expect([...changed].sort()).toEqual([
      'db/migrations/0002_accounts.sql',
      'db/migrations/0003_users.down.sql',
      'db/migrations/0003_users.sql',
      'db/migrations/0007_seed.SQL',
      'db/migrations/0010_orders.sql',
      'db/migrations/README.md',
      'db/migrations/archive/0004_old.sql',
    ]);

    const pages = server.requests.filter((r) => r.path === `/repos/${OWNER}/${REPO}/pulls/${PR}/files`);
    expect(pages.map((r) => r.query.page ?? '1')).toEqual(['1', '2', '3']);
    expect(pages.every((r) => r.query.per_page === '100')).toBe(true);
  });

  it('takes every file when the directory is the repository root', async () => {
    server.state.pullFiles.set(PR, [
      { filename: '2_b.sql', status: 'added' },
      { filename: 'sub/1_a.sql', status: 'added' },
      { filename: 'gone.sql', status: 'removed' },
    ]);
    const changed = filesInside(await changedFiles(octokit, { owner: OWNER, repo: REPO, pullNumber: PR }), '.');
    expect(changed).toEqual(['2_b.sql', 'sub/1_a.sql']);
  });
});

describe('the fake GitHub server', () => {
  it('emits Link headers like GitHub on a middle page', async () => {
    server.seedComments(75, PR);
    const url = `${server.url}/repos/${OWNER}/${REPO}/issues/${PR}/comments?per_page=25&page=2`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as unknown[]).length).toBe(25);
    const page = (n: number) => `<${server.url}/repos/${OWNER}/${REPO}/issues/${PR}/comments?per_page=25&page=${n}>`;
    expect(response.headers.get('link')).toBe(
      `${page(1)}; rel="prev", ${page(3)}; rel="next", ${page(3)}; rel="last", ${page(1)}; rel="first"`,
    );
  });

  it('pages at 30 by default', async () => {
    server.seedComments(35, PR);
    const all = await octokit.paginate(octokit.rest.issues.listComments, {
      owner: OWNER,
      repo: REPO,
      issue_number: PR,
    });
    expect(all).toHaveLength(35);
    expect(listRequests().map((r) => r.query.page ?? '1')).toEqual(['1', '2']);
  });
});
