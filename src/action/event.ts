import { existsSync, readFileSync } from 'node:fs';

/** The run that triggered a `workflow_run` workflow (the fork pattern's second workflow). */
export interface TriggeringRun {
  id: number;
  /** `pull_request` when the read-only run gated a pull request. */
  event: string;
  headSha: string;
  headBranch?: string;
  /** The owner of the repository the pull request comes from (the fork). */
  headOwner?: string;
  /** Pull requests GitHub links to the run; empty for pull requests from forks. */
  pullNumbers: number[];
}

/** What the action needs from the workflow run's environment. */
export interface RunContext {
  workspace: string;
  eventName?: string;
  owner?: string;
  repo?: string;
  /** The pull request number, for pull_request and pull_request_target events. */
  pullNumber?: number;
  /** The triggering run, for workflow_run events. */
  workflowRun?: TriggeringRun;
  runId?: string;
  runAttempt?: string;
  /** GITHUB_API_URL: GitHub Enterprise Server has its own. */
  apiUrl?: string;
}

/** Read from the environment GitHub sets, inside the function so tests can vary it. */
export function runContext(env: NodeJS.ProcessEnv): RunContext {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const context: RunContext = { workspace: env.GITHUB_WORKSPACE || process.cwd() };
  if (env.GITHUB_EVENT_NAME) context.eventName = env.GITHUB_EVENT_NAME;
  if (owner && repo) Object.assign(context, { owner, repo });
  if (env.GITHUB_RUN_ID) context.runId = env.GITHUB_RUN_ID;
  if (env.GITHUB_RUN_ATTEMPT) context.runAttempt = env.GITHUB_RUN_ATTEMPT;
  if (env.GITHUB_API_URL) context.apiUrl = env.GITHUB_API_URL;
  const payload = readPayload(env.GITHUB_EVENT_PATH);
  const number = payload.pull_request?.number;
  if (typeof number === 'number') context.pullNumber = number;
  const run = triggeringRun(payload.workflow_run);
  if (run) context.workflowRun = run;
  return context;
}

interface Payload {
  pull_request?: { number?: unknown };
  workflow_run?: unknown;
}

function readPayload(eventPath: string | undefined): Payload {
  if (!eventPath || !existsSync(eventPath)) return {};
  try {
    const payload: unknown = JSON.parse(readFileSync(eventPath, 'utf8'));
    return typeof payload === 'object' && payload !== null ? (payload as Payload) : {};
  } catch {
    return {};
  }
}

/** The fields of GitHub's `workflow_run` payload the comment needs, checked one by one. */
function triggeringRun(value: unknown): TriggeringRun | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const run = value as {
    id?: unknown;
    event?: unknown;
    head_sha?: unknown;
    head_branch?: unknown;
    head_repository?: { owner?: { login?: unknown } } | null;
    pull_requests?: unknown;
  };
  if (typeof run.id !== 'number' || typeof run.head_sha !== 'string') return undefined;
  const pulls = Array.isArray(run.pull_requests) ? run.pull_requests : [];
  const login = run.head_repository?.owner?.login;
  return {
    id: run.id,
    event: typeof run.event === 'string' ? run.event : '',
    headSha: run.head_sha,
    ...(typeof run.head_branch === 'string' ? { headBranch: run.head_branch } : {}),
    ...(typeof login === 'string' ? { headOwner: login } : {}),
    pullNumbers: pulls
      .map((pull: unknown) => (pull as { number?: unknown } | null)?.number)
      .filter((n): n is number => typeof n === 'number'),
  };
}
