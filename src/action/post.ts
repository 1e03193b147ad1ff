import * as core from '@actions/core';
import { deleteNeonBranch } from '../database/neon.js';
import { NEON_BRANCH_STATE } from './database.js';

/**
 * The post step: the main step deletes what it created in `finally`, but a
 * main step that was killed (timeout, cancellation) leaves its Neon branch;
 * this removes it. Embedded servers have their own watchdog.
 */
export async function post(): Promise<void> {
  try {
    const saved = core.getState(NEON_BRANCH_STATE);
    if (!saved) return;
    const { id, project } = JSON.parse(saved) as { id: string; project: string };
    const apiKey = core.getInput('neon-api-key') || process.env.NEON_API_KEY;
    if (!apiKey) {
      core.warning(`Neon branch ${id} may be left behind: no API key in the post step`);
      return;
    }
    core.setSecret(apiKey);
    const apiHost = core.getInput('neon-api-host') || undefined;
    const deleted = await deleteNeonBranch({
      apiKey,
      projectId: project,
      branchId: id,
      ...(apiHost ? { apiHost } : {}),
    });
    core.info(deleted ? `deleted Neon branch ${id} left by the main step` : `Neon branch ${id} already deleted`);
  } catch (error) {
    core.warning(`post step: ${(error as Error).message}`);
  }
}
