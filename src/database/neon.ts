import type { Progress } from '../progress.js';
import { registerSecret } from '../secrets.js';
import {
  NeonApi,
  NeonApiError,
  type NeonBranch,
  type NeonCreatedBranch,
  type NeonEndpoint,
  type NeonOperation,
  type RetryPolicy,
} from './neon-api.js';
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
const FINISHED = new Set(['finished', 'skipped']);
const FAILED = new Set(['failed', 'error', 'cancelling', 'cancelled']);
// An idle (suspended) compute wakes up on the first connection, so it counts as usable.
const USABLE = new Set(['active', 'idle']);

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

/** `true` when deleted, `false` when it was already gone (deleting twice is fine). */
async function removeBranch(api: NeonApi, projectId: string, branchId: string, expiresAt?: string): Promise<boolean> {
  try {
    await api.delete(`${projectPath(projectId)}/branches/${encodeURIComponent(branchId)}`);
    return true;
  } catch (error) {
    if (error instanceof NeonApiError && error.status === 404) return false;
    const expiry = expiresAt ? `; Neon removes it by itself at ${expiresAt}` : '';
    const reason = error instanceof Error ? error.message : String(error);
    throw new InfrastructureError(
      `could not delete Neon branch ${branchId} of project ${projectId}, delete it by hand${expiry} (${reason})`,
    );
  }
}

async function createBranch(
  api: NeonApi,
  options: NeonOptions,
  parent: NeonBranch,
  expiresAt: string,
): Promise<NeonCreatedBranch> {
  return api.post<NeonCreatedBranch>(`${projectPath(options.projectId)}/branches`, {
    branch: {
      name: options.branchName,
      parent_id: parent.id,
      expires_at: expiresAt,
      ...(options.schemaOnly ? { init_source: 'schema-only' } : {}),
    },
    endpoints: [{ type: 'read_write' }],
  });
}

/** A kept branch forked from this parent, with its data, can be reset to the parent's head. */
function resettable(branch: NeonBranch, parent: NeonBranch, options: NeonOptions): boolean {
  const schemaOnly = branch.init_source === 'schema-only';
  return branch.parent_id === parent.id && schemaOnly === Boolean(options.schemaOnly) && !schemaOnly;
}

/** Neon's "reset from parent": the branch gets its parent's latest schema and data, keeping its id and compute. */
async function resetBranch(
  api: NeonApi,
  projectId: string,
  branch: NeonBranch,
  parent: NeonBranch,
): Promise<NeonCreatedBranch> {
  const path = `${projectPath(projectId)}/branches/${encodeURIComponent(branch.id)}`;
  const reset = await api.post<{ branch?: NeonBranch; operations?: NeonOperation[] }>(`${path}/restore`, {
    source_branch_id: parent.id,
  });
  const { databases } = await api.get<{ databases?: { name: string; owner_name?: string }[] }>(`${path}/databases`);
  return { branch: reset.branch ?? branch, operations: reset.operations ?? [], databases: databases ?? [] };
}

async function resolveParent(
  api: NeonApi,
  options: NeonOptions,
): Promise<{ parent: NeonBranch; branches: NeonBranch[] }> {
  const path = projectPath(options.projectId);
  let defaultBranchId: string | undefined;
  try {
    ({ default_branch_id: defaultBranchId } = (
      await api.get<{ project: { default_branch_id?: string } }>(path)
    ).project);
  } catch (error) {
    if (!(error instanceof NeonApiError) || error.status !== 404) throw error;
    throw new NeonApiError(
      `Neon project ${options.projectId} not found or not visible to this API key (${error.message})`,
      404,
    );
  }
  const branches = await listBranches(api, path);
  const wanted = options.parentBranch;
  const found = wanted
    ? (branches.find((branch) => branch.id === wanted) ?? branches.find((branch) => branch.name === wanted))
    : (branches.find((branch) => branch.id === defaultBranchId) ??
      branches.find((branch) => branch.default) ??
      branches.find((branch) => branch.primary));
  if (found) return { parent: found, branches };
  const known = branches.map((branch) => branch.name).join(', ') || 'none';
  const missing = wanted ? `no branch named or with id "${wanted}"` : 'no default branch';
  throw new InfrastructureError(`Neon project ${options.projectId} has ${missing} (branches: ${known})`);
}

/** Follows Neon's cursor pagination, bounded in case a cursor never ends. */
async function listBranches(api: NeonApi, project: string): Promise<NeonBranch[]> {
  const all: NeonBranch[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 50; page++) {
    const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
    const answer = await api.get<{ branches?: NeonBranch[]; pagination?: { next?: string } }>(
      `${project}/branches${query}`,
    );
    all.push(...(answer.branches ?? []));
    const next = answer.pagination?.next;
    if (!next || next === cursor || !answer.branches?.length) break;
    cursor = next;
  }
  return all;
}

async function waitUntilUsable(api: NeonApi, options: NeonOptions, created: NeonCreatedBranch, label: string) {
  const project = projectPath(options.projectId);
  const poll = poller(Date.now() + (options.readyTimeoutMs ?? 120_000), options.pollIntervalMs ?? 1_000, label);
  const pending = (created.operations ?? []).filter((operation) => !FINISHED.has(operation.status));
  await poll(async () => {
    for (const operation of [...pending]) {
      const current = (
        await api.get<{ operation: NeonOperation }>(`${project}/operations/${encodeURIComponent(operation.id)}`)
      ).operation;
      if (FAILED.has(current.status)) {
        const reason = current.error ? `: ${current.error.replace(/\s+/g, ' ')}` : '';
        throw new InfrastructureError(`${label}: operation ${current.action ?? current.id} ${current.status}${reason}`);
      }
      if (FINISHED.has(current.status)) pending.splice(pending.indexOf(operation), 1);
    }
    const first = pending[0];
    return first && `operation ${first.action ?? first.id} to finish`;
  });
  const branch = encodeURIComponent(created.branch.id);
  await poll(async () => {
    const { endpoints } = await api.get<{ endpoints: NeonEndpoint[] }>(`${project}/branches/${branch}/endpoints`);
    const endpoint = endpoints.find((candidate) => candidate.type === 'read_write') ?? endpoints[0];
    if (!endpoint) return 'a compute endpoint';
    return USABLE.has(endpoint.current_state) ? undefined : `endpoint ${endpoint.id} (${endpoint.current_state})`;
  });
}

/** `check` returns what it still waits for, or nothing once done. */
function poller(deadline: number, intervalMs: number, label: string) {
  return async (check: () => Promise<string | undefined>): Promise<void> => {
    for (;;) {
      const waitingFor = await check();
      if (!waitingFor) return;
      if (Date.now() + intervalMs > deadline) {
        throw new InfrastructureError(`${label} was not ready in time: still waiting for ${waitingFor}`);
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  };
}

/** The create answer usually carries the URI; otherwise Neon builds one for the first database and its owner. */
async function connectionUri(api: NeonApi, options: NeonOptions, created: NeonCreatedBranch): Promise<string> {
  const fits = (database?: string, role?: string) =>
    (!options.database || database === options.database) && (!options.role || role === options.role);
  const given = created.connection_uris?.find(({ connection_parameters: p }) => fits(p?.database, p?.role));
  if (given) return given.connection_uri;
  const database = options.database ?? created.databases?.[0]?.name;
  const role =
    options.role ?? created.databases?.find((db) => db.name === database)?.owner_name ?? created.roles?.[0]?.name;
  if (!database || !role) {
    throw new InfrastructureError(`Neon branch ${created.branch.id} has no database or role to connect with`);
  }
  const query = new URLSearchParams({
    branch_id: created.branch.id,
    database_name: database,
    role_name: role,
    pooled: 'false',
  });
  return (await api.get<{ uri: string }>(`${projectPath(options.projectId)}/connection_uri?${query}`)).uri;
}

function projectPath(projectId: string): string {
  return `/projects/${encodeURIComponent(projectId)}`;
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
