/**
 * Waiting for a Neon branch to be usable (its operations finished, its
 * compute up) and finding how to connect to it.
 */
import { InfrastructureError } from '../errors.js';
import type { NeonApi, NeonCreatedBranch, NeonEndpoint, NeonOperation } from './neon-api.js';
import type { NeonOptions } from './neon.js';
import { projectPath } from './neon-branches.js';

const FINISHED = new Set(['finished', 'skipped']);
const FAILED = new Set(['failed', 'error', 'cancelling', 'cancelled']);
// An idle (suspended) compute wakes up on the first connection, so it counts as usable.
const USABLE = new Set(['active', 'idle']);

export async function waitUntilUsable(api: NeonApi, options: NeonOptions, created: NeonCreatedBranch, label: string) {
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
export async function connectionUri(api: NeonApi, options: NeonOptions, created: NeonCreatedBranch): Promise<string> {
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
