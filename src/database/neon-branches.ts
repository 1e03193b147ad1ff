/**
 * The branches of a Neon project: the parent a run forks from, a branch made,
 * reset to its parent's head, or deleted.
 */
import { InfrastructureError } from '../errors.js';
import { NeonApiError, type NeonApi, type NeonBranch, type NeonCreatedBranch, type NeonOperation } from './neon-api.js';
import type { NeonOptions } from './neon.js';

/** `true` when deleted, `false` when it was already gone (deleting twice is fine). */
export async function removeBranch(
  api: NeonApi,
  projectId: string,
  branchId: string,
  expiresAt?: string,
): Promise<boolean> {
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

export async function createBranch(
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
export function resettable(branch: NeonBranch, parent: NeonBranch, options: NeonOptions): boolean {
  const schemaOnly = branch.init_source === 'schema-only';
  return branch.parent_id === parent.id && schemaOnly === Boolean(options.schemaOnly) && !schemaOnly;
}

/** Neon's "reset from parent": the branch gets its parent's latest schema and data, keeping its id and compute. */
export async function resetBranch(
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

export async function resolveParent(
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

export function projectPath(projectId: string): string {
  return `/projects/${encodeURIComponent(projectId)}`;
}
