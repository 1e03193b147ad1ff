import { createHash } from 'node:crypto';
import {
  CommentPermissionError,
  MAX_COMMENT_LENGTH,
  commentMarker,
  findStickyComment,
  setCommentMinimized,
  upsertStickyComment,
  type StickyComment,
} from '../github/comment.js';
import type { Octokit } from '../github/octokit.js';
import { inlineCode } from '../report/escape.js';
import { renderMarkdown } from '../report/markdown.js';
import type { GateReport } from '../types.js';
import type { ActionHost } from './host.js';
import type { CommentMode } from './inputs.js';

/** What one migrations directory came to: its reports, or skipped because the pull request changes none of it. */
export interface DirectoryOutcome {
  /** Relative to the repository root: keys the sticky comment. */
  dir: string;
  skipped: boolean;
  reports: GateReport[];
}

export type OutcomeVerdict = 'APPROVED' | 'BLOCKED' | 'SKIPPED';

export function outcomeVerdict(outcome: DirectoryOutcome): OutcomeVerdict {
  if (outcome.skipped || outcome.reports.length === 0) return 'SKIPPED';
  return outcome.reports.some((r) => r.verdict === 'BLOCKED') ? 'BLOCKED' : 'APPROVED';
}

/** The pull request the comments go to, and a client allowed to write them. */
export interface CommentTarget {
  octokit: Octokit;
  owner: string;
  repo: string;
  pullNumber: number;
}

export interface CommentPolicy {
  mode: CommentMode;
  minimizeOnApprove: boolean;
}

const STATE_PREFIX = '<!-- migration-gate:state ';

/**
 * Writes each directory's sticky comment as the policy says and returns the
 * first comment's URL. A token that may not comment (forks, missing
 * permission) costs a warning, never the verdict.
 */
export async function postComments(
  host: ActionHost,
  target: CommentTarget,
  policy: CommentPolicy,
  outcomes: DirectoryOutcome[],
): Promise<string | undefined> {
  let first: string | undefined;
  for (const outcome of outcomes) {
    try {
      const url = await stickyComment(host, target, policy, outcome);
      first ??= url;
    } catch (error) {
      if (error instanceof CommentPermissionError) host.warning(error.message);
      else host.warning(`could not post the pull request comment: ${(error as Error).message}`);
    }
  }
  return first;
}

async function stickyComment(
  host: ActionHost,
  target: CommentTarget,
  policy: CommentPolicy,
  outcome: DirectoryOutcome,
): Promise<string | undefined> {
  const { octokit, owner, repo, pullNumber } = target;
  const marker = commentMarker(outcome.dir);
  const existing = await findStickyComment(octokit, { owner, repo, issueNumber: pullNumber, marker });
  const verdict = outcomeVerdict(outcome);
  const previous = existing ? commentState(existing.body) : undefined;
  const skip = reasonToLeave(policy.mode, verdict, existing, previous?.digest === digest(outcome));
  if (skip) {
    host.info(`${outcome.dir}: ${skip}`);
    return existing?.url;
  }
  const body = commentBody(outcome, MAX_COMMENT_LENGTH);
  const result = await upsertStickyComment(octokit, { owner, repo, issueNumber: pullNumber, marker, body }, existing);
  host.info(`${outcome.dir}: ${result.action} comment ${result.url}`);
  if (policy.minimizeOnApprove && verdict !== 'SKIPPED') {
    // Collapsed once approved; shown again should a later run block.
    const minimize = verdict === 'APPROVED';
    if (minimize || previous?.verdict === 'APPROVED') {
      await setCommentMinimized(octokit, result.nodeId, minimize).catch((error: Error) =>
        host.warning(`could not ${minimize ? 'minimize' : 'unminimize'} the comment: ${error.message}`),
      );
    }
  }
  return result.url;
}

/** Why the comment is left as it is, or undefined when it is to be written. */
function reasonToLeave(
  mode: CommentMode,
  verdict: OutcomeVerdict,
  existing: StickyComment | null,
  unchanged: boolean,
): string | undefined {
  if (mode === 'off') return 'comment: off';
  // A pull request that changes no migration gets no new comment; one made earlier is told.
  if (verdict === 'SKIPPED' && !existing) return 'no migration changed: no comment';
  if (mode === 'blocked-only' && verdict === 'APPROVED' && !existing) return 'APPROVED: no comment (blocked-only)';
  if (mode === 'on-change' && existing && unchanged) return `the result is unchanged: comment left as it is`;
  return undefined;
}

/** The sticky comment: its marker, its state (for the next run), then the report of every target. */
export function commentBody(outcome: DirectoryOutcome, limit: number): string {
  const marker = commentMarker(outcome.dir);
  const state = `${STATE_PREFIX}verdict=${outcomeVerdict(outcome)} digest=${digest(outcome)} -->`;
  if (outcome.skipped) {
    const text = `## migration-gate\n\n⏭️ This pull request changes no migration in ${inlineCode(outcome.dir)}: nothing to gate.`;
    return [marker, state, text].join('\n');
  }
  const share = Math.floor((limit - marker.length - state.length - 200) / outcome.reports.length);
  const reports = outcome.reports.map((report) => renderMarkdown(report, { collapseDetails: true, maxLength: share }));
  return [marker, state, reports.join('\n\n')].join('\n');
}

/** What a comment said last time: its verdict and the digest of its findings. */
function commentState(body: string): { verdict: string; digest: string } | undefined {
  const match = /<!-- migration-gate:state verdict=(\w+) digest=(\w+) -->/.exec(body);
  return match ? { verdict: match[1]!, digest: match[2]! } : undefined;
}

/** The result without its timings: equal digests, the same comment. */
function digest(outcome: DirectoryOutcome): string {
  const essence = outcome.skipped
    ? 'skipped'
    : outcome.reports.map((report) => ({
        verdict: report.verdict,
        target: report.target,
        tasks: report.tasks.map((task) => [task.id, task.status, task.summary]),
        findings: report.findings.map((f) => [f.rule, f.severity, f.object, f.file, f.line, f.message, f.ignored]),
      }));
  return createHash('sha256').update(JSON.stringify(essence)).digest('hex').slice(0, 16);
}
