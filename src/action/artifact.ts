/**
 * The fork pattern. A pull request from a fork runs with a read-only token:
 * the gate runs there (mode: gate) and leaves `comment.json` beside its
 * reports, which the workflow uploads as an artifact; a second workflow, on
 * `workflow_run`, has write permission and posts the comment from it (mode:
 * comment-from-artifact). The artifact was made by code the pull request
 * could change, so it is checked like any input from outside: its shape is
 * validated, its reports are rendered here (escaped as usual), and the pull
 * request is the one GitHub says the run was for.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError, InfrastructureError } from '../errors.js';
import { createOctokit } from '../github/octokit.js';
import { pullRequestForHead, readArtifactFile } from '../github/workflow-run.js';
import { isRuleId } from '../rules/catalogue.js';
import { TASK_IDS } from '../types.js';
import { outcomeVerdict, postComments, type DirectoryOutcome } from './comment.js';
import type { RunContext } from './event.js';
import type { ActionHost } from './host.js';
import type { ActionInputs } from './inputs.js';

export const COMMENT_FILE = 'comment.json';
const FORMAT = 'migration-gate-comment/1';

/** Beside the reports: what the comment needs, for a later workflow that may write it. */
export function writeCommentData(dir: string, pullNumber: number | undefined, outcomes: DirectoryOutcome[]): string {
  const file = path.join(dir, COMMENT_FILE);
  const data = {
    format: FORMAT,
    ...(pullNumber !== undefined ? { pullNumber } : {}),
    directories: outcomes.map(({ dir, skipped, reports }) => ({ dir, skipped, reports })),
  };
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}

/** mode: comment-from-artifact — on workflow_run, after the read-only run of a pull request. */
export async function commentFromArtifact(host: ActionHost, inputs: ActionInputs, context: RunContext): Promise<void> {
  const run = context.workflowRun;
  if (context.eventName !== 'workflow_run' || !run) {
    throw new ConfigError(
      'input "mode": comment-from-artifact runs in a workflow triggered by workflow_run (see the fork pull requests section of the docs)',
    );
  }
  const { owner, repo } = context;
  if (!owner || !repo || !inputs.githubToken)
    throw new ConfigError('comment-from-artifact needs GITHUB_REPOSITORY and github-token');
  if (run.event !== 'pull_request') {
    host.info(`the triggering run was a ${run.event || 'non pull request'} event: no comment to post`);
    return;
  }
  const octokit = createOctokit(inputs.githubToken, context.apiUrl);
  const data = parseCommentData(
    await readArtifactFile(octokit, { owner, repo, runId: run.id }, inputs.artifactName, COMMENT_FILE).catch(
      (error: Error) => {
        throw new InfrastructureError(`cannot read the gate's artifact: ${error.message}`);
      },
    ),
  );
  const pullNumber =
    run.pullNumbers[0] ??
    (await pullRequestForHead(
      octokit,
      { owner, repo },
      {
        sha: run.headSha,
        ...(run.headBranch ? { branch: run.headBranch } : {}),
        ...(run.headOwner ? { owner: run.headOwner } : {}),
      },
    ));
  if (pullNumber === undefined) {
    host.info(`no open pull request has head ${run.headSha}: no comment to post`);
    return;
  }
  if (data.pullNumber !== undefined && data.pullNumber !== pullNumber) {
    throw new InfrastructureError(
      `the artifact speaks of pull request #${data.pullNumber}, but run ${run.id} was for #${pullNumber}: not posted`,
    );
  }
  const verdicts = data.directories.map(outcomeVerdict);
  host.setOutput(
    'verdict',
    verdicts.includes('BLOCKED') ? 'BLOCKED' : verdicts.includes('APPROVED') ? 'APPROVED' : 'SKIPPED',
  );
  const policy = { mode: inputs.comment, minimizeOnApprove: inputs.minimizeOnApprove };
  const url = await postComments(host, { octokit, owner, repo, pullNumber }, policy, data.directories);
  host.setOutput('comment-url', url ?? '');
}

const finding = z.looseObject({
  severity: z.enum(['critical', 'error', 'warning', 'info']),
  rule: z.string().refine(isRuleId, 'unknown rule'),
  message: z.string(),
  task: z.enum(TASK_IDS),
});

const report = z.looseObject({
  verdict: z.enum(['APPROVED', 'BLOCKED']),
  target: z.string(),
  tasks: z.array(
    z.looseObject({
      id: z.enum(TASK_IDS),
      title: z.string(),
      status: z.enum(['PASS', 'WARN', 'FAIL', 'BLOCKED', 'N/A']),
      summary: z.string(),
      findings: z.array(finding),
    }),
  ),
  findings: z.array(finding),
  requiredActions: z.array(z.looseObject({ object: z.string(), kind: z.string(), createdBy: z.array(z.string()) })),
  database: z.object({ kind: z.string(), version: z.string() }),
  timings: z.looseObject({ total_ms: z.number() }),
});

const commentData = z.object({
  format: z.literal(FORMAT),
  pullNumber: z.number().int().positive().optional(),
  directories: z
    .array(z.object({ dir: z.string().min(1).max(500), skipped: z.boolean(), reports: z.array(report).max(100) }))
    .min(1)
    .max(50),
});

function parseCommentData(content: Buffer): { pullNumber?: number; directories: DirectoryOutcome[] } {
  let json: unknown;
  try {
    json = JSON.parse(content.toString('utf8'));
  } catch {
    throw new InfrastructureError(`${COMMENT_FILE} in the artifact is not JSON`);
  }
  const parsed = commentData.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InfrastructureError(`${COMMENT_FILE} in the artifact: ${issue.path.join('.')}: ${issue.message}`);
  }
  // Validated above, field by field, for everything the renderer reads.
  return parsed.data as unknown as { pullNumber?: number; directories: DirectoryOutcome[] };
}
