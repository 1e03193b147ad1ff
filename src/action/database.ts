import os from 'node:os';
import type { DatabaseRequest } from '../gate-targets.js';
import type { RunContext } from './event.js';
import type { ActionHost } from './host.js';
import type { ActionInputs } from './inputs.js';

/** Saved for the post step, which deletes the branch should the main step die. */
export const NEON_BRANCH_STATE = 'neon-branch';

/** Where the action keeps downloaded PostgreSQL binaries: the runner's tool cache. */
export function binaryCache(host: ActionHost): string {
  return host.env.RUNNER_TOOL_CACHE || os.tmpdir();
}

/**
 * Where the action's targets run. The embedded server's binaries are
 * downloaded into the tool cache (the action runs from dist/ without
 * node_modules); a Neon branch is named after the pull request.
 */
export function actionDatabase(inputs: ActionInputs, context: RunContext, host: ActionHost): DatabaseRequest {
  // One kept branch per pull request: a push has no pull request to keep it for.
  const reuse = inputs.neonReuseBranch && context.pullNumber !== undefined;
  return {
    databaseUrl: inputs.databaseUrl,
    image: inputs.postgresImage,
    neon: {
      projectId: inputs.neonProjectId,
      apiKey: inputs.neonApiKey,
      parentBranch: inputs.neonParentBranch,
      apiHost: inputs.neonApiHost,
      branchName: branchName(context, reuse),
      reuse,
      schemaOnly: inputs.neonSchemaOnly,
      ...(inputs.neonDatabase ? { database: inputs.neonDatabase } : {}),
      ...(inputs.neonRole ? { role: inputs.neonRole } : {}),
      ...(inputs.neonBranchExpires ? { expiresInSeconds: inputs.neonBranchExpires } : {}),
    },
    // A kept branch is meant to outlive the run: only a throw-away one is the post step's to delete.
    ...(reuse
      ? {}
      : {
          onNeonBranch: (branch) =>
            host.saveState(NEON_BRANCH_STATE, JSON.stringify({ id: branch.branchId, project: inputs.neonProjectId })),
        }),
  };
}

/**
 * `migration-gate/pr-12/run-345-1`: findable by a human, unique per run
 * attempt; `migration-gate/pr-12` when the branch is kept for the pull
 * request's next runs.
 */
function branchName(context: RunContext, reuse: boolean): string {
  const pr = context.pullNumber !== undefined ? `pr-${context.pullNumber}` : 'push';
  if (reuse) return `migration-gate/${pr}`;
  return `migration-gate/${pr}/run-${context.runId ?? Date.now()}-${context.runAttempt ?? 1}`;
}
