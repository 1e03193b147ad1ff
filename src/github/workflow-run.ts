import { readZipEntry } from './zip.js';
import type { Octokit } from './octokit.js';

export interface RunRef {
  owner: string;
  repo: string;
  runId: number;
}

/**
 * One file of an artifact another run uploaded (actions/upload-artifact),
 * through the REST API: the run's artifacts, then the archive, which GitHub
 * serves by a redirect to storage.
 */
export async function readArtifactFile(
  octokit: Octokit,
  run: RunRef,
  artifactName: string,
  file: string,
): Promise<Buffer> {
  const artifacts = await octokit.paginate(octokit.rest.actions.listWorkflowRunArtifacts, {
    owner: run.owner,
    repo: run.repo,
    run_id: run.runId,
    per_page: 100,
  });
  const artifact = artifacts.find((candidate) => candidate.name === artifactName && !candidate.expired);
  if (!artifact) {
    const names = artifacts.map((candidate) => candidate.name).join(', ') || 'none';
    throw new Error(`run ${run.runId} has no artifact "${artifactName}" (artifacts: ${names})`);
  }
  const { data } = await octokit.rest.actions.downloadArtifact({
    owner: run.owner,
    repo: run.repo,
    artifact_id: artifact.id,
    archive_format: 'zip',
  });
  const content = readZipEntry(Buffer.from(data as ArrayBuffer), file);
  if (!content) throw new Error(`artifact "${artifactName}" of run ${run.runId} holds no ${file}`);
  return content;
}

export interface PullRequestHead {
  sha: string;
  branch?: string;
  /** The owner of the repository the pull request comes from (a fork's owner). */
  owner?: string;
}

/**
 * The open pull request whose head is this commit. GitHub leaves
 * `workflow_run.pull_requests` empty for pull requests from forks, so the
 * pull request is looked up by its head branch (`owner:branch`) and commit.
 */
export async function pullRequestForHead(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  head: PullRequestHead,
): Promise<number | undefined> {
  const pulls = await octokit.paginate(octokit.rest.pulls.list, {
    owner: repo.owner,
    repo: repo.repo,
    state: 'open',
    per_page: 100,
    ...(head.owner && head.branch ? { head: `${head.owner}:${head.branch}` } : {}),
  });
  return pulls.find((pull) => pull.head.sha === head.sha)?.number;
}
