import path from 'node:path';
import type { Octokit } from './octokit.js';

/** GitHub rejects issue-comment bodies longer than this (HTTP 422). */
export const MAX_COMMENT_LENGTH = 65_536;

const MARKER_PREFIX = '<!-- migration-gate:sticky dir=';
const MARKER_SUFFIX = ' -->';

export interface StickyCommentParams {
  owner: string;
  repo: string;
  issueNumber: number;
  /** From {@link commentMarker}; identifies the comment among all others on the pull request. */
  marker: string;
  /** Markdown; should start with `marker` (it is prepended when missing). */
  body: string;
}

export interface StickyCommentResult {
  url: string;
  id: number;
  /** The GraphQL id, for minimizing the comment. */
  nodeId: string;
  action: 'created' | 'updated';
}

/** A sticky comment as found on the pull request. */
export interface StickyComment {
  id: number;
  nodeId: string;
  body: string;
  url: string;
}

type CommentOperation = 'list' | 'create' | 'update' | 'minimize';

/**
 * The token may not read or write the pull request's comments: GitHub answered
 * 403 or 404. Typical for pull requests from forks (their GITHUB_TOKEN is
 * read-only) and for workflows without `pull-requests: write`. The caller logs
 * it as a warning; the verdict still decides the job.
 */
export class CommentPermissionError extends Error {
  override name = 'CommentPermissionError';

  constructor(
    readonly operation: CommentOperation,
    readonly status: number,
    options?: ErrorOptions,
  ) {
    super(
      `cannot ${operation} pull request comments (HTTP ${status}): the token needs ` +
        '`permissions: pull-requests: write` (or `issues: write`); ' +
        'pull requests from forks only get a read-only token',
      options,
    );
  }
}

/**
 * The hidden HTML marker of the sticky comment for one migrations directory,
 * so two gates on one pull request (e.g. two services) keep separate comments.
 */
export function commentMarker(dir: string): string {
  return `${MARKER_PREFIX}${escapeForHtmlComment(normaliseDir(dir))}${MARKER_SUFFIX}`;
}

/**
 * Creates the sticky comment, or updates it in place when one with `marker`
 * already exists. Every page of comments is read: on a busy pull request the
 * marker may be far past the first 100. Other comments are never touched.
 */
export async function upsertStickyComment(
  octokit: Octokit,
  params: StickyCommentParams,
  /** The comment, when the caller already looked for it (undefined: look now). */
  found?: StickyComment | null,
): Promise<StickyCommentResult> {
  const { owner, repo, issueNumber, marker } = params;
  const body = withMarker(params.body, marker);
  const existing = found === undefined ? await findStickyComment(octokit, params) : found;
  if (existing) {
    const { data } = await call('update', () =>
      octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body }),
    );
    return { url: data.html_url, id: data.id, nodeId: data.node_id, action: 'updated' };
  }
  const { data } = await call('create', () =>
    octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body }),
  );
  return { url: data.html_url, id: data.id, nodeId: data.node_id, action: 'created' };
}

/** The first comment carrying the marker, or null when there is none. */
export async function findStickyComment(
  octokit: Octokit,
  params: Omit<StickyCommentParams, 'body'>,
): Promise<StickyComment | null> {
  const comments = await call('list', () =>
    octokit.paginate(octokit.rest.issues.listComments, {
      owner: params.owner,
      repo: params.repo,
      issue_number: params.issueNumber,
      per_page: 100,
    }),
  );
  const found = comments.find((comment) => comment.body?.includes(params.marker));
  return found ? { id: found.id, nodeId: found.node_id, body: found.body ?? '', url: found.html_url } : null;
}

/**
 * Collapses the comment in the conversation ("marked as resolved"), or shows
 * it again. Only GraphQL can: minimizeComment / unminimizeComment.
 */
export async function setCommentMinimized(octokit: Octokit, nodeId: string, minimized: boolean): Promise<void> {
  const mutation = minimized
    ? 'mutation($id: ID!) { minimizeComment(input: { subjectId: $id, classifier: RESOLVED }) { minimizedComment { isMinimized } } }'
    : 'mutation($id: ID!) { unminimizeComment(input: { subjectId: $id }) { unminimizedComment { isMinimized } } }';
  await call('minimize', () => octokit.graphql(mutation, { id: nodeId }));
}

/** The body to send: marker first (added when missing), within GitHub's size limit. */
function withMarker(body: string, marker: string): string {
  if (!marker.startsWith(MARKER_PREFIX)) throw new Error(`not a sticky comment marker: ${marker}`);
  const full = body.includes(marker) ? body : `${marker}\n${body}`;
  if (full.length > MAX_COMMENT_LENGTH) {
    // Truncating here could cut a table or a code fence in half; the report
    // renderer (maxLength) knows where it may cut.
    throw new Error(
      `sticky comment body is ${full.length} characters; GitHub accepts at most ${MAX_COMMENT_LENGTH} ` +
        '(render the report with a maxLength)',
    );
  }
  return full;
}

/** Runs one API call, turning "not allowed" answers into CommentPermissionError and naming the rest. */
async function call<T>(operation: CommentOperation, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    const status = httpStatus(error);
    if (status === undefined) throw error;
    if ((status === 403 || status === 404) && !isRateLimited(error)) {
      throw new CommentPermissionError(operation, status, { cause: error });
    }
    const detail = error instanceof Error ? error.message : String(error);
    const hint = status === 401 ? ' (the token is invalid or expired: check the github-token input)' : '';
    throw new Error(`GitHub API: cannot ${operation} pull request comments: HTTP ${status} ${detail}${hint}`, {
      cause: error,
    });
  }
}

/**
 * The HTTP status of an Octokit RequestError. Duck-typed so this module does
 * not depend on `@octokit/request-error`, which is only a transitive dependency.
 */
function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  const { status } = error;
  return typeof status === 'number' && status >= 400 ? status : undefined;
}

/** GitHub also answers 403 when the rate limit is spent; that is not a permission problem. */
function isRateLimited(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('response' in error)) return false;
  const { response } = error;
  if (typeof response !== 'object' || response === null || !('headers' in response)) return false;
  const { headers } = response;
  if (typeof headers !== 'object' || headers === null) return false;
  return (headers as Record<string, unknown>)['x-ratelimit-remaining'] === '0';
}

/**
 * The directory as the repository names it: forward slashes, no `./`, no
 * trailing slash. An absolute path is made relative to the working directory
 * (the workspace on a runner) so the marker doesn't depend on where the
 * runner checked the repository out.
 */
function normaliseDir(dir: string): string {
  const relative = path.isAbsolute(dir) ? path.relative(process.cwd(), dir) : dir;
  const posix = path.posix.normalize(relative.replace(/\\/g, '/'));
  return posix.replace(/^(\.\/)+/, '').replace(/\/+$/, '') || '.';
}

/**
 * Percent-encodes what could end or confuse the HTML comment or the marker:
 * `--` (encoded as `%2D-`), `<`, `>`, `%` (so the encoding is unambiguous)
 * and whitespace (so the marker is exactly one token before ` -->`).
 */
function escapeForHtmlComment(text: string): string {
  return text.replace(/-(?=-)|[%<>\s]/g, (ch) => (ch === '-' ? '%2D' : encodeURIComponent(ch)));
}
