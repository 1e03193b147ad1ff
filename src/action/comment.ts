import * as core from '@actions/core';
import { CommentPermissionError, commentMarker, upsertStickyComment } from '../github/comment.js';
import { createOctokit } from '../github/octokit.js';
import { renderMarkdown } from '../report/markdown.js';
import type { GateReport } from '../types.js';
import type { RunContext } from './event.js';
import type { ActionInputs } from './inputs.js';

/**
 * Creates or updates the pull request's sticky comment. A token that may not
 * comment (forks, missing permission) costs a warning, never the verdict.
 */
export async function postComment(
  inputs: ActionInputs,
  context: RunContext,
  reports: GateReport[],
  dir: string,
  limit: number,
): Promise<string | undefined> {
  const { owner, repo, pullNumber } = context;
  if (!owner || !repo || pullNumber === undefined) {
    core.info('not a pull request: no comment posted');
    return undefined;
  }
  if (!inputs.githubToken) {
    core.warning('no github-token: no comment posted');
    return undefined;
  }
  const marker = commentMarker(dir);
  const share = Math.floor((limit - marker.length - 200) / reports.length);
  const body = [
    marker,
    ...reports.map((report) => renderMarkdown(report, { collapseDetails: true, maxLength: share })),
  ].join('\n\n');
  try {
    const octokit = createOctokit(inputs.githubToken);
    const result = await upsertStickyComment(octokit, { owner, repo, issueNumber: pullNumber, marker, body });
    core.info(`${result.action} comment ${result.url}`);
    return result.url;
  } catch (error) {
    if (error instanceof CommentPermissionError) core.warning(error.message);
    else core.warning(`could not post the pull request comment: ${(error as Error).message}`);
    return undefined;
  }
}
