import { deleteNeonBranch } from '../database/neon.js';
import { NEON_BRANCH_STATE } from './database.js';
import { coreHost, type ActionHost } from './host.js';

/**
 * The post step: the main step deletes what it created in `finally`, but a
 * main step that was killed (timeout, cancellation) leaves its Neon branch;
 * this removes it. Embedded servers have their own watchdog.
 */
export async function post(host: ActionHost = coreHost): Promise<void> {
  try {
    const saved = host.getState(NEON_BRANCH_STATE);
    if (!saved) return;
    const { id, project } = JSON.parse(saved) as { id: string; project: string };
    const apiKey = host.input('neon-api-key') || host.env.NEON_API_KEY;
    if (!apiKey) {
      host.warning(`Neon branch ${id} may be left behind: no API key in the post step`);
      return;
    }
    host.setSecret(apiKey);
    const apiHost = host.input('neon-api-host') || undefined;
    const deleted = await deleteNeonBranch({
      apiKey,
      projectId: project,
      branchId: id,
      ...(apiHost ? { apiHost } : {}),
    });
    host.info(deleted ? `deleted Neon branch ${id} left by the main step` : `Neon branch ${id} already deleted`);
  } catch (error) {
    host.warning(`post step: ${(error as Error).message}`);
  }
}
