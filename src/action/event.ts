import { existsSync, readFileSync } from 'node:fs';

/** What the action needs from the workflow run's environment. */
export interface RunContext {
  workspace: string;
  owner?: string;
  repo?: string;
  /** The pull request number, for pull_request and pull_request_target events. */
  pullNumber?: number;
  runId?: string;
  runAttempt?: string;
}

/** Read from the environment GitHub sets, inside the function so tests can vary it. */
export function runContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const context: RunContext = { workspace: env.GITHUB_WORKSPACE || process.cwd() };
  if (owner && repo) Object.assign(context, { owner, repo });
  if (env.GITHUB_RUN_ID) context.runId = env.GITHUB_RUN_ID;
  if (env.GITHUB_RUN_ATTEMPT) context.runAttempt = env.GITHUB_RUN_ATTEMPT;
  const pullNumber = pullRequestNumber(env.GITHUB_EVENT_PATH);
  if (pullNumber !== undefined) context.pullNumber = pullNumber;
  return context;
}

function pullRequestNumber(eventPath: string | undefined): number | undefined {
  if (!eventPath || !existsSync(eventPath)) return undefined;
  try {
    const payload = JSON.parse(readFileSync(eventPath, 'utf8')) as { pull_request?: { number?: unknown } };
    const number = payload.pull_request?.number;
    return typeof number === 'number' ? number : undefined;
  } catch {
    return undefined;
  }
}
