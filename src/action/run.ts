import { mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, InfrastructureError, setFace } from '../errors.js';
import { decidingReport, writeReports } from '../gate-targets.js';
import { createOctokit, type Octokit } from '../github/octokit.js';
import { changedFiles } from '../github/pull-files.js';
import { escapeHtml, inlineCode } from '../report/escape.js';
import type { ReportFiles } from '../report/files.js';
import { renderMarkdown } from '../report/markdown.js';
import { maskSecrets, registerEnvironmentSecrets, registerSecret } from '../secrets.js';
import type { GateReport } from '../types.js';
import { annotate } from './annotations.js';
import { commentFromArtifact, writeCommentData } from './artifact.js';
import { outcomeVerdict, postComments, type DirectoryOutcome } from './comment.js';
import { gateDirectories } from './directories.js';
import { runContext, type RunContext } from './event.js';
import { coreHost, type ActionHost } from './host.js';
import { readInputs, type ActionInputs } from './inputs.js';
import type { PullRequestFiles } from './targets.js';

/**
 * The action: the gate's thin GitHub face. Helpers throw; only this function
 * decides the step's outcome, and any thrown value fails it.
 */
export async function run(host: ActionHost = coreHost): Promise<void> {
  setFace('action');
  try {
    const inputs = readInputs(host);
    registerEnvironmentSecrets(host.env);
    for (const secret of [inputs.databaseUrl, inputs.neonApiKey, inputs.githubToken]) registerSecret(secret);
    const context = runContext(host.env);
    if (inputs.mode === 'comment-from-artifact') await commentFromArtifact(host, inputs, context);
    else await gate(host, inputs, context);
  } catch (error) {
    const message = failureMessage(error);
    host.setFailed(message);
    // The summary is written on every run, so a failed step explains itself on the run page too.
    await host.summary(`## migration-gate\n\n❌ ${escapeHtml(message)}\n`).catch(() => undefined);
  }
}

async function gate(host: ActionHost, inputs: ActionInputs, context: RunContext): Promise<void> {
  const github = gitHub(inputs, context);
  const outcomes = await gateDirectories(host, inputs, context, await pullRequestFiles(github, context));
  const reportDir = path.join(host.env.RUNNER_TEMP || os.tmpdir(), 'migration-gate');
  // The directory holds this run's reports only: it is what the fork pattern uploads.
  rmSync(reportDir, { recursive: true, force: true });
  mkdirSync(reportDir, { recursive: true });
  const files = writeOutcomeReports(reportDir, outcomes);
  writeCommentData(reportDir, context.pullNumber, outcomes);
  const reports = outcomes.flatMap((outcome) => outcome.reports);
  annotate(host, reports, context.workspace, context.workspace);
  await host.summary(summaryOf(outcomes));

  const verdicts = outcomes.map(outcomeVerdict);
  const verdict = verdicts.includes('BLOCKED') ? 'BLOCKED' : verdicts.includes('APPROVED') ? 'APPROVED' : 'SKIPPED';
  const deciding = reports.length > 0 ? decidingReport(reports) : undefined;
  const decidingFiles = deciding ? files.get(deciding) : undefined;
  host.setOutput('verdict', verdict);
  host.setOutput('report-json', decidingFiles?.json ?? '');
  host.setOutput('report-markdown', decidingFiles?.markdown ?? '');
  host.setOutput('sarif', decidingFiles?.sarif ?? '');
  host.setOutput('report-dir', reportDir);
  const policy = { mode: inputs.comment, minimizeOnApprove: inputs.minimizeOnApprove };
  const url =
    github && context.pullNumber !== undefined && inputs.comment !== 'off'
      ? await postComments(host, { ...github, pullNumber: context.pullNumber }, policy, outcomes)
      : undefined;
  if (!github && inputs.comment !== 'off') host.info('not a pull request, or no github-token: no comment posted');
  host.setOutput('comment-url', url ?? '');

  if (deciding?.verdict === 'BLOCKED') {
    const message = `migration-gate: ${deciding.target} is BLOCKED — ${blockingReason(deciding)}`;
    if (inputs.failOnBlocked) host.setFailed(message);
    else host.warning(`${message} (fail-on-blocked: false)`);
  } else if (deciding) {
    host.info(`migration-gate: ${reports.map((r) => r.target).join(', ')} APPROVED`);
  }
}

/** A client for the repository, when there is a repository and a token. */
function gitHub(
  inputs: ActionInputs,
  context: RunContext,
): { octokit: Octokit; owner: string; repo: string } | undefined {
  if (!context.owner || !context.repo || !inputs.githubToken) return undefined;
  return { octokit: createOctokit(inputs.githubToken, context.apiUrl), owner: context.owner, repo: context.repo };
}

async function pullRequestFiles(
  github: { octokit: Octokit; owner: string; repo: string } | undefined,
  context: RunContext,
): Promise<PullRequestFiles> {
  const { pullNumber } = context;
  if (pullNumber === undefined) return { unknown: 'not a pull request' };
  if (!github) return { unknown: `no github-token to list the files of pull request #${pullNumber}` };
  try {
    return { files: await changedFiles(github.octokit, { ...github, pullNumber }) };
  } catch (error) {
    return { unknown: `cannot list the files of pull request #${pullNumber} (${(error as Error).message})` };
  }
}

/** One directory: its files in `dir`; several: a sub-directory each, named after the directory. */
function writeOutcomeReports(dir: string, outcomes: DirectoryOutcome[]): Map<GateReport, ReportFiles> {
  const files = new Map<GateReport, ReportFiles>();
  for (const outcome of outcomes) {
    if (outcome.reports.length === 0) continue;
    const where = outcomes.length === 1 ? dir : path.join(dir, outcome.dir.replace(/[^\w.-]+/g, '_'));
    writeReports(where, outcome.reports).forEach((written, i) => files.set(outcome.reports[i]!, written));
  }
  return files;
}

function summaryOf(outcomes: DirectoryOutcome[]): string {
  return outcomes
    .map((outcome) =>
      outcome.skipped
        ? `## migration-gate\n\n⏭️ No migration in ${inlineCode(outcome.dir)} changed: nothing to gate.\n`
        : outcome.reports.map((report) => renderMarkdown(report)).join('\n\n---\n\n'),
    )
    .join('\n\n---\n\n');
}

function blockingReason(report: GateReport): string {
  const failing = report.tasks.filter((t) => t.status === 'FAIL' || t.status === 'BLOCKED');
  return failing
    .map((t) => `${t.title}: ${t.summary}`)
    .slice(0, 3)
    .join('; ');
}

function failureMessage(error: unknown): string {
  const message = maskSecrets(error instanceof Error ? error.message : String(error));
  if (error instanceof ConfigError) return `migration-gate configuration error: ${message}`;
  if (error instanceof InfrastructureError) return `migration-gate infrastructure error: ${message}`;
  return `migration-gate internal error: ${message}`;
}
