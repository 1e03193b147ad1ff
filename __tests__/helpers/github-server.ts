import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small GitHub REST API over real HTTP, with in-memory state: the issue
 * comment and pull-request file endpoints the action uses, with GitHub's
 * pagination (`page`/`per_page`, `Link` headers), authentication and error
 * shapes, so the real Octokit runs against it unmodified.
 */

export interface GitHubServerOptions {
  /** The token requests must carry (`Authorization: token X` or `Bearer X`). */
  token?: string;
  /** The one repository the token can see; any other answers 404, as GitHub does for private repositories. */
  owner?: string;
  repo?: string;
  /** Answer 403 "Resource not accessible by integration" to every write (a fork's read-only token). */
  forbidWrites?: boolean;
}

export interface CommentUser {
  login: string;
  id: number;
  node_id: string;
  type: 'Bot' | 'User';
}

export interface StoredComment {
  id: number;
  node_id: string;
  issue_number: number;
  body: string;
  user: CommentUser;
  created_at: string;
  updated_at: string;
  /** Set by GraphQL minimizeComment (its classifier), cleared by unminimizeComment. */
  minimized?: string;
}

/** The head of an open pull request, for `GET /repos/{owner}/{repo}/pulls?head=owner:branch`. */
export interface PullHead {
  sha: string;
  ref: string;
  /** The owner of the head repository (a fork's owner). */
  owner: string;
}

/** An artifact a workflow run uploaded: a zip archive, served like GitHub's, through a redirect to storage. */
export interface StoredArtifact {
  id: number;
  runId: number;
  name: string;
  zip: Buffer;
  expired?: boolean;
}

export interface PullFile {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  additions?: number;
  deletions?: number;
  previous_filename?: string;
}

export interface GitHubServerState {
  readonly owner: string;
  readonly repo: string;
  token: string;
  forbidWrites: boolean;
  /** All comments of the repository, oldest first (GitHub's order for issue comments). */
  comments: StoredComment[];
  /** Pull request number → its files, in GitHub's order. */
  pullFiles: Map<number, PullFile[]>;
  /** Open pull requests by number → their head. */
  pulls: Map<number, PullHead>;
  artifacts: StoredArtifact[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  body: unknown;
  status: number;
}

export interface GitHubServer {
  /** Base URL for Octokit, e.g. `http://127.0.0.1:40123`. */
  url: string;
  state: GitHubServerState;
  requests: RecordedRequest[];
  /** Adds `count` unrelated comments by human users to an issue; returns them. */
  seedComments(count: number, issueNumber?: number): StoredComment[];
  /** Comments on one issue, oldest first. */
  commentsOn(issueNumber: number): StoredComment[];
  close(): Promise<void>;
}

const GITHUB_ACTIONS_BOT: CommentUser = {
  login: 'github-actions[bot]',
  id: 41898282,
  node_id: 'MDM6Qm90NDE4OTgyODI=',
  type: 'Bot',
};
const DEFAULT_PER_PAGE = 30;
const MAX_PER_PAGE = 100;
/** GitHub lists at most this many files of a pull request. */
const MAX_PULL_FILES = 3000;
const MAX_BODY = 65_536;
const DOCS = 'https://docs.github.com/rest';
const WEB = 'https://github.com';

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly payload: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(payload.message));
  }
}

interface Route {
  method: string;
  pattern: RegExp;
  handle(ctx: RequestContext, params: string[]): Reply;
}

interface RequestContext {
  url: URL;
  body: unknown;
  /** Builds absolute links the way GitHub does (page links keep the other query parameters). */
  base: string;
}

interface Reply {
  status: number;
  data: unknown;
  headers?: Record<string, string>;
}

export async function startGitHubServer(options: GitHubServerOptions = {}): Promise<GitHubServer> {
  const state: GitHubServerState = {
    owner: options.owner ?? 'octo-org',
    repo: options.repo ?? 'octo-repo',
    token: options.token ?? 'test-token',
    forbidWrites: options.forbidWrites ?? false,
    comments: [],
    pullFiles: new Map(),
    pulls: new Map(),
    artifacts: [],
  };
  const requests: RecordedRequest[] = [];
  let nextId = 1_000_000;
  const newId = (): number => nextId++;

  const routes = makeRoutes(state, newId);
  const server = createServer((req, res) => {
    void handle(req, res, routes, state, requests, base);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    state,
    requests,
    seedComments(count, issueNumber = 1) {
      const seeded = Array.from({ length: count }, (_, i) => {
        const user = humanUser(i % 7);
        return storedComment(newId(), issueNumber, `Unrelated comment ${i + 1} by @${user.login}`, user);
      });
      state.comments.push(...seeded);
      return seeded;
    },
    commentsOn: (issueNumber) => state.comments.filter((c) => c.issue_number === issueNumber),
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Octokit's fetch keeps connections alive; without this close() waits for them to time out.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  routes: Route[],
  state: GitHubServerState,
  requests: RecordedRequest[],
  base: string,
): Promise<void> {
  const url = new URL(req.url ?? '/', base);
  const record: RecordedRequest = {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    authorization: req.headers.authorization,
    body: undefined,
    status: 0,
  };
  requests.push(record);
  // Artifact storage: reached through a signed redirect, without the API's token (as on GitHub).
  const stored = /^\/_storage\/artifact-(\d+)\.zip$/.exec(url.pathname);
  if (stored) {
    const artifact = state.artifacts.find((a) => a.id === Number(stored[1]));
    record.status = artifact && url.searchParams.get('sig') === 'ok' ? 200 : 403;
    res.writeHead(record.status, { 'content-type': 'application/zip' });
    res.end(record.status === 200 ? artifact!.zip : undefined);
    return;
  }
  let reply: Reply;
  try {
    record.body = await readJson(req);
    authenticate(req, state.token);
    reply = route(routes, record.method, { url, body: record.body, base });
  } catch (error) {
    // A bug in this fake must fail the test loudly, not hang the client.
    const failure = error instanceof HttpError ? error : new HttpError(500, { message: String(error) });
    reply = {
      status: failure.status,
      data: { ...failure.payload, status: String(failure.status) },
      headers: failure.headers,
    };
  }
  record.status = reply.status;
  send(res, reply);
}

function route(routes: Route[], method: string, ctx: RequestContext): Reply {
  for (const candidate of routes) {
    const match = candidate.pattern.exec(ctx.url.pathname);
    if (match && candidate.method === method) return candidate.handle(ctx, match.slice(1));
  }
  throw notFound();
}

function makeRoutes(state: GitHubServerState, newId: () => number): Route[] {
  const repoPath = '^/repos/([^/]+)/([^/]+)';
  const ownRepo = (owner: string | undefined, repo: string | undefined): void => {
    // GitHub hides repositories the token can't see behind a 404.
    if (owner !== state.owner || repo !== state.repo) throw notFound();
  };
  return [
    {
      method: 'GET',
      pattern: new RegExp(`${repoPath}/issues/(\\d+)/comments$`),
      handle({ url, base }, [owner, repo, n]) {
        ownRepo(owner, repo);
        const comments = state.comments.filter((c) => c.issue_number === Number(n));
        return paginate(comments, url, base, (c) => commentJson(c, state));
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`${repoPath}/issues/(\\d+)/comments$`),
      handle({ body }, [owner, repo, n]) {
        ownRepo(owner, repo);
        forbidIfReadOnly(state, 'create-an-issue-comment');
        const comment = storedComment(newId(), Number(n), validBody(body), GITHUB_ACTIONS_BOT);
        state.comments.push(comment);
        return { status: 201, data: commentJson(comment, state) };
      },
    },
    {
      method: 'PATCH',
      pattern: new RegExp(`${repoPath}/issues/comments/(\\d+)$`),
      handle({ body }, [owner, repo, id]) {
        ownRepo(owner, repo);
        const comment = state.comments.find((c) => c.id === Number(id));
        if (!comment) throw notFound();
        forbidIfReadOnly(state, 'update-an-issue-comment');
        comment.body = validBody(body);
        comment.updated_at = new Date().toISOString();
        return { status: 200, data: commentJson(comment, state) };
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`${repoPath}/pulls$`),
      handle({ url, base }, [owner, repo]) {
        ownRepo(owner, repo);
        const head = url.searchParams.get('head');
        const pulls = [...state.pulls.entries()].filter(([, h]) => !head || head === `${h.owner}:${h.ref}`);
        return paginate(pulls, url, base, ([number, h]) => pullJson(number, h, state));
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`${repoPath}/actions/runs/(\\d+)/artifacts$`),
      handle({ url, base }, [owner, repo, runId]) {
        ownRepo(owner, repo);
        const artifacts = state.artifacts.filter((a) => a.runId === Number(runId));
        const page = paginate(artifacts, url, base, (a) => artifactJson(a, state));
        return { ...page, data: { total_count: artifacts.length, artifacts: page.data } };
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`${repoPath}/actions/artifacts/(\\d+)/zip$`),
      handle({ base }, [owner, repo, id]) {
        ownRepo(owner, repo);
        const artifact = state.artifacts.find((a) => a.id === Number(id));
        if (!artifact) throw notFound();
        if (artifact.expired) throw new HttpError(410, { message: 'Artifact has expired', documentation_url: DOCS });
        return { status: 302, data: '', headers: { location: `${base}/_storage/artifact-${id}.zip?sig=ok` } };
      },
    },
    {
      method: 'POST',
      pattern: /^\/graphql$/,
      handle({ body }) {
        return graphql(state, body);
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`${repoPath}/pulls/(\\d+)/files$`),
      handle({ url, base }, [owner, repo, n]) {
        ownRepo(owner, repo);
        const files = state.pullFiles.get(Number(n));
        if (!files) throw notFound();
        return paginate(files.slice(0, MAX_PULL_FILES), url, base, (f) => pullFileJson(f, state));
      },
    },
  ];
}

/**
 * minimizeComment and unminimizeComment, the two mutations the action sends.
 * A read-only token gets GitHub's answer: HTTP 200 with a FORBIDDEN error.
 */
function graphql(state: GitHubServerState, body: unknown): Reply {
  const { query, variables } = (body ?? {}) as { query?: string; variables?: { id?: string } };
  const comment = state.comments.find((c) => c.node_id === variables?.id);
  const unminimize = /\bunminimizeComment\b/.test(query ?? '');
  const minimize = !unminimize && /\bminimizeComment\b/.test(query ?? '');
  if (!minimize && !unminimize) throw new HttpError(400, { message: 'unsupported query', documentation_url: DOCS });
  if (state.forbidWrites) {
    return {
      status: 200,
      data: { data: null, errors: [{ type: 'FORBIDDEN', message: 'Resource not accessible by integration' }] },
    };
  }
  if (!comment) {
    const message = `Could not resolve to a node with the global id of '${variables?.id ?? ''}'`;
    return { status: 200, data: { data: null, errors: [{ type: 'NOT_FOUND', message }] } };
  }
  if (minimize) {
    comment.minimized = /classifier:\s*(\w+)/.exec(query ?? '')?.[1] ?? 'OUTDATED';
    return { status: 200, data: { data: { minimizeComment: { minimizedComment: { isMinimized: true } } } } };
  }
  delete comment.minimized;
  return { status: 200, data: { data: { unminimizeComment: { unminimizedComment: { isMinimized: false } } } } };
}

function pullJson(number: number, head: PullHead, state: GitHubServerState): Record<string, unknown> {
  const forked = head.owner !== state.owner;
  return {
    number,
    state: 'open',
    html_url: `${WEB}/${state.owner}/${state.repo}/pull/${number}`,
    head: {
      sha: head.sha,
      ref: head.ref,
      label: `${head.owner}:${head.ref}`,
      repo: { full_name: `${head.owner}/${state.repo}`, fork: forked },
    },
    base: { ref: 'main', repo: { full_name: `${state.owner}/${state.repo}` } },
  };
}

function artifactJson(artifact: StoredArtifact, state: GitHubServerState): Record<string, unknown> {
  const api = `https://api.github.com/repos/${state.owner}/${state.repo}/actions/artifacts/${artifact.id}`;
  return {
    id: artifact.id,
    node_id: `MDg6QXJ0aWZhY3Q${artifact.id}`,
    name: artifact.name,
    size_in_bytes: artifact.zip.length,
    url: api,
    archive_download_url: `${api}/zip`,
    expired: artifact.expired ?? false,
    workflow_run: { id: artifact.runId },
  };
}

/** One page of `items`, with GitHub's `Link` header (prev, next, last, first) when there is more than one. */
function paginate<T>(items: T[], url: URL, base: string, toJson: (item: T) => unknown): Reply {
  const perPage = clamp(intParam(url, 'per_page') ?? DEFAULT_PER_PAGE, 1, MAX_PER_PAGE);
  const page = Math.max(intParam(url, 'page') ?? 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const data = items.slice((page - 1) * perPage, page * perPage).map(toJson);
  const links: string[] = [];
  const link = (p: number, rel: string): void => {
    const target = new URL(url.pathname + url.search, base);
    target.searchParams.set('page', String(p));
    links.push(`<${target.href}>; rel="${rel}"`);
  };
  if (page > 1) link(Math.min(page - 1, last), 'prev');
  if (page < last) link(page + 1, 'next');
  if (page < last) link(last, 'last');
  if (page > 1) link(1, 'first');
  return { status: 200, data, headers: links.length > 0 ? { link: links.join(', ') } : {} };
}

function authenticate(req: IncomingMessage, token: string): void {
  const match = /^(?:token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (match?.[1] !== token) throw new HttpError(401, { message: 'Bad credentials', documentation_url: DOCS });
}

function forbidIfReadOnly(state: GitHubServerState, doc: string): void {
  if (!state.forbidWrites) return;
  throw new HttpError(
    403,
    {
      message: 'Resource not accessible by integration',
      documentation_url: `${DOCS}/issues/comments#${doc}`,
    },
    { 'x-accepted-github-permissions': 'issues=write; pull_requests=write' },
  );
}

function validBody(payload: unknown): string {
  const body = typeof payload === 'object' && payload !== null && 'body' in payload ? payload.body : undefined;
  if (typeof body !== 'string') {
    throw new HttpError(422, { message: 'Invalid request.\n\n"body" wasn\'t supplied.', documentation_url: DOCS });
  }
  if (body.length > MAX_BODY) {
    throw new HttpError(422, {
      message: 'Validation Failed',
      errors: [
        {
          resource: 'IssueComment',
          code: 'custom',
          field: 'body',
          message: `body is too long (maximum is ${MAX_BODY} characters)`,
        },
      ],
      documentation_url: DOCS,
    });
  }
  return body;
}

function notFound(): HttpError {
  return new HttpError(404, { message: 'Not Found', documentation_url: DOCS });
}

function storedComment(id: number, issueNumber: number, body: string, user: CommentUser): StoredComment {
  const now = new Date().toISOString();
  return {
    id,
    node_id: `IC_kwDO${id.toString(36)}`,
    issue_number: issueNumber,
    body,
    user,
    created_at: now,
    updated_at: now,
  };
}

function humanUser(n: number): CommentUser {
  return { login: `reviewer-${n}`, id: 5000 + n, node_id: `U_kgDO${n}`, type: 'User' };
}

/** The REST shape of an issue comment (the fields Octokit users read, plus the usual URLs). */
function commentJson(comment: StoredComment, state: GitHubServerState): Record<string, unknown> {
  const repo = `${state.owner}/${state.repo}`;
  return {
    id: comment.id,
    node_id: comment.node_id,
    url: `https://api.github.com/repos/${repo}/issues/comments/${comment.id}`,
    html_url: `${WEB}/${repo}/pull/${comment.issue_number}#issuecomment-${comment.id}`,
    issue_url: `https://api.github.com/repos/${repo}/issues/${comment.issue_number}`,
    body: comment.body,
    user: {
      ...comment.user,
      avatar_url: `https://avatars.githubusercontent.com/u/${comment.user.id}?v=4`,
      html_url: `${WEB}/${comment.user.login}`,
      site_admin: false,
    },
    created_at: comment.created_at,
    updated_at: comment.updated_at,
    author_association: comment.user.type === 'Bot' ? 'NONE' : 'MEMBER',
    performed_via_github_app: null,
  };
}

function pullFileJson(file: PullFile, state: GitHubServerState): Record<string, unknown> {
  const additions = file.additions ?? (file.status === 'removed' ? 0 : 10);
  const deletions = file.deletions ?? (file.status === 'removed' ? 10 : 0);
  const sha = fakeSha(file.filename);
  const path = encodeURIComponent(file.filename).replace(/%2F/g, '/');
  return {
    sha,
    filename: file.filename,
    status: file.status,
    additions,
    deletions,
    changes: additions + deletions,
    blob_url: `${WEB}/${state.owner}/${state.repo}/blob/${sha}/${path}`,
    raw_url: `${WEB}/${state.owner}/${state.repo}/raw/${sha}/${path}`,
    contents_url: `https://api.github.com/repos/${state.owner}/${state.repo}/contents/${path}?ref=${sha}`,
    ...(file.previous_filename ? { previous_filename: file.previous_filename } : {}),
  };
}

/** A stable 40-hex "blob sha" per file name; the content doesn't matter here. */
function fakeSha(text: string): string {
  let hash = 2166136261;
  for (const ch of text) hash = Math.imul(hash ^ ch.codePointAt(0)!, 16777619) >>> 0;
  return hash.toString(16).padStart(8, '0').repeat(5);
}

function send(res: ServerResponse, reply: Reply): void {
  const payload = JSON.stringify(reply.data);
  res.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'x-github-media-type': 'github.v3; format=json',
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    ...reply.headers,
  });
  res.end(payload);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, { message: 'Problems parsing JSON', documentation_url: DOCS });
  }
}

function intParam(url: URL, name: string): number | undefined {
  const value = Number.parseInt(url.searchParams.get(name) ?? '', 10);
  return Number.isNaN(value) ? undefined : value;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
