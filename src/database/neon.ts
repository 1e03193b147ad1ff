import type { Progress } from '../progress.js';
import { registerSecret } from '../secrets.js';
import { NeonApi, type RetryPolicy } from './neon-api.js';
import { createBranch, removeBranch, resetBranch, resettable, resolveParent } from './neon-branches.js';
import { connectionUri, waitUntilUsable } from './neon-ready.js';
import { InfrastructureError } from '../errors.js';
import type { Database } from './provider.js';
import { neonClientConfig } from './neon-uri.js';

export { neonClientConfig } from './neon-uri.js';

export interface NeonOptions {
  apiKey: string;
  projectId: string;
  /** Name or id; default: the project's default branch. */
  parentBranch?: string;
  apiHost?: string;
  /** e.g. `migration-gate/pr-12/run-345-1`. */
  branchName: string;
  /** Default 3600: Neon removes the branch by itself should every deletion fail. */
  expiresInSeconds?: number;
  database?: string;
  role?: string;
  /** Copy the parent's schema without its data (Neon's `init_source: schema-only`). */
  schemaOnly?: boolean;
  /**
   * Keep the branch after the run, and on the next run with the same name
   * reset it to its parent's head instead of forking anew (one branch per
   * pull request, left to look at; Neon removes it when it expires).
   */
  reuse?: boolean;
  fetchImpl?: typeof fetch;
  retry?: RetryPolicy;
  /** How long the branch may take to become usable (default 120 s). */
  readyTimeoutMs?: number;
  /** Pause between status polls (default 1 s). */
  pollIntervalMs?: number;
  /** Per API request (default 30 s). */
  requestTimeoutMs?: number;
}

export type NeonDatabase = Database & { branchId: string; expiresAt: string };

export type NeonDeleteOptions = Pick<NeonOptions, 'apiKey' | 'projectId' | 'apiHost' | 'fetchImpl' | 'retry'> & {
  branchId: string;
};

const REQUIRED = {
  apiKey: 'the Neon API key (neon-api-key or NEON_API_KEY)',
  projectId: 'the Neon project id (neon-project-id)',
  branchName: 'a name for the Neon branch',
};
/**
 * Forks a branch of a Neon project (copy-on-write: production's schema and
 * data, isolated from production), with its own compute and an expiry as the
 * safety net. Whatever fails after the branch exists deletes it again.
 */
export async function startNeonBranch(options: NeonOptions, progress: Progress): Promise<NeonDatabase> {
  for (const [key, what] of Object.entries(REQUIRED) as [keyof typeof REQUIRED, string][]) {
    if (!options[key]) throw new InfrastructureError(`${what} is missing`);
  }
  registerSecret(options.apiKey);
  const api = new NeonApi({ ...options, onRetry: (line) => progress.info(line) });
  const { parent, branches } = await progress.step('resolve Neon parent branch', () => resolveParent(api, options));
  const existing = options.reuse ? branches.find((branch) => branch.name === options.branchName) : undefined;
  const reset = existing !== undefined && resettable(existing, parent, options);
  const expiresAt =
    reset && existing.expires_at
      ? existing.expires_at
      : new Date(Date.now() + (options.expiresInSeconds ?? 3600) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const created = reset
    ? await progress.step('reset Neon branch', () => resetBranch(api, options.projectId, existing, parent))
    : await progress.step('create Neon branch', async () => {
        // A kept branch that cannot be reset (schema-only, another parent) is made anew.
        if (existing) await removeBranch(api, options.projectId, existing.id);
        return createBranch(api, options, parent, expiresAt);
      });
  const branchId = created.branch?.id;
  if (!branchId) throw new InfrastructureError(`Neon created branch ${options.branchName} but sent no id`);
  const label = `Neon branch ${options.branchName} (${branchId}) of project ${options.projectId}`;
  progress.info(`${reset ? 'reset' : 'created'} ${label} from ${parent.name} (${parent.id}), expires ${expiresAt}`);
  // A kept branch stays for the next run of the pull request; Neon removes it when it expires.
  const stop = options.reuse
    ? async () => progress.info(`kept ${label} for the next run`)
    : once(() => progress.step('delete Neon branch', () => removeBranch(api, options.projectId, branchId, expiresAt)));
  try {
    await progress.step('wait for Neon branch', () => waitUntilUsable(api, options, created, label));
    const connection = neonClientConfig(await connectionUri(api, options, created));
    registerSecret(connection.password);
    // A fork nobody else uses: the migration may commit, the branch is deleted afterwards.
    return { kind: 'neon', connection, display: label, disposable: true, stop, branchId, expiresAt };
  } catch (error) {
    await stop().catch((cleanup: Error) => progress.info(cleanup.message));
    throw error;
  }
}

/** For the action's post step: removes a branch a crashed main step left behind. */
export async function deleteNeonBranch(options: NeonDeleteOptions): Promise<boolean> {
  registerSecret(options.apiKey);
  return removeBranch(new NeonApi(options), options.projectId, options.branchId);
}

/** Concurrent and repeated calls share one run; a failed run may be retried. */
function once(fn: () => Promise<unknown>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () =>
    (running ??= fn().then(
      () => undefined,
      (error: unknown) => {
        running = undefined;
        throw error;
      },
    ));
}
